"""``start`` over a running timer, ``stop`` past midnight: ask, or end with the refusal."""

from __future__ import annotations

import argparse
import io

import pytest

from netjournal.cli.context import Context
from netjournal.errors import InputError


def _context(monkeypatch: pytest.MonkeyPatch, *, tty: bool, answer: str = "") -> Context:
    monkeypatch.setattr("sys.stdin.isatty", lambda: tty)
    monkeypatch.setattr("builtins.input", lambda prompt: answer)
    return Context(argparse.Namespace(json=False), out=io.StringIO())


def test_without_a_terminal_the_refusal_ends_the_command(monkeypatch: pytest.MonkeyPatch) -> None:
    refusal = InputError("a timer is already running")
    with pytest.raises(InputError) as raised:
        _context(monkeypatch, tty=False).overrule(refusal, "Stop it first?", "nothing changed")
    assert raised.value is refusal


def test_a_yes_lets_the_change_go_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = _context(monkeypatch, tty=True, answer="y")
    assert ctx.overrule(InputError("refused"), "Go ahead?", "nothing changed")
    assert isinstance(ctx.out, io.StringIO) and ctx.out.getvalue() == ""


def test_a_no_says_what_was_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = _context(monkeypatch, tty=True, answer="n")
    assert not ctx.overrule(InputError("refused"), "Go ahead?", "the timer is still running")
    assert isinstance(ctx.out, io.StringIO)
    assert ctx.out.getvalue() == "the timer is still running\n"
