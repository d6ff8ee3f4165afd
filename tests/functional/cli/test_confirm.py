"""A yes/no question at the terminal (``contact merge``, ``start``, ``stop``): only yes is yes."""

from __future__ import annotations

import argparse

import pytest

from netjournal.cli.context import Context


def _asked(monkeypatch: pytest.MonkeyPatch, answer: str | None) -> tuple[bool, list[str]]:
    prompts: list[str] = []

    def fake_input(prompt: str) -> str:
        prompts.append(prompt)
        if answer is None:
            raise EOFError
        return answer

    monkeypatch.setattr("builtins.input", fake_input)
    return Context(argparse.Namespace()).confirm("Merge?"), prompts


@pytest.mark.parametrize("answer", ["y", "yes", " Y ", "YES\n"])
def test_y_or_yes_in_any_case_is_a_yes(monkeypatch: pytest.MonkeyPatch, answer: str) -> None:
    assert _asked(monkeypatch, answer) == (True, ["Merge? [y/N] "])


@pytest.mark.parametrize("answer", ["", "n", "no", "yep", "ok"])
def test_anything_else_is_a_no(monkeypatch: pytest.MonkeyPatch, answer: str) -> None:
    assert _asked(monkeypatch, answer)[0] is False


def test_end_of_input_is_a_no(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _asked(monkeypatch, None)[0] is False


def test_nobody_is_asked_under_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    assert Context(argparse.Namespace(json=False)).can_ask
    assert not Context(argparse.Namespace(json=True)).can_ask
