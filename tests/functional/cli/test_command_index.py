"""Start-up of short commands: one command module, one parser, no final collection.

``netjournal.cli.COMMANDS`` says which module registers each command word, so
``netjournal log`` imports and builds only what ``log`` needs. These tests
keep the index exact, prove the one-command parser is the same parser, and
that help and errors still come from the full parser.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import netjournal.cli as cli
from netjournal.cli import COMMANDS, build_parser, main
from tests.conftest import REPO, run_cli

ROOT = REPO


class _Recorder:
    """A subparsers stand-in that notes every command word (and alias) registered."""

    def __init__(self) -> None:
        self.words: list[str] = []

    def add_parser(self, name: str, **kwargs: Any) -> Any:
        self.words += [name, *kwargs.get("aliases", ())]
        return cli._Ignored()


def _registered() -> dict[str, tuple[str, ...]]:
    found = {}
    for module in cli._command_modules():
        recorder = _Recorder()
        module.register(recorder)
        found[module.__name__.rsplit(".", 1)[1]] = tuple(recorder.words)
    return found


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("no subcommands")


def _full_command_list() -> list[str]:
    return list(_subparsers(build_parser()))


def test_the_index_names_exactly_the_words_each_command_module_registers() -> None:
    registered = _registered()
    assert registered == COMMANDS, (
        "netjournal.cli.COMMANDS is out of date; set it to:\n"
        + "\n".join(f"    {name!r}: {words!r}," for name, words in registered.items())
    )


@pytest.mark.parametrize("word", [w for words in COMMANDS.values() for w in words])
def test_one_command_parser_is_the_same_as_in_the_full_parser(word: str) -> None:
    only = _subparsers(build_parser(word))
    assert len({id(parser) for parser in only.values()}) == 1  # one command (and its aliases)
    assert only[word].format_help() == _subparsers(build_parser())[word].format_help()


@pytest.mark.parametrize("module", sorted(COMMANDS))
def test_running_a_command_imports_only_its_own_command_module(module: str) -> None:
    word = COMMANDS[module][0]
    code = (
        "import json, sys\n"
        "from netjournal.cli import build_parser\n"
        f"build_parser({word!r})\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('netjournal.cli.commands.'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    assert json.loads(out) == [f"netjournal.cli.commands.{module}"]


def test_a_word_missing_from_the_index_still_runs_through_the_full_parser(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delitem(cli._MODULE_OF, "log")
    assert main(["log", "online", "20m", "not indexed", "--channel", "x"]) == 0
    assert "logged" in capsys.readouterr().out


def test_help_is_the_full_parsers_help(monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_cli("--help", check=True)  # its stdout is a pipe: 80 columns
    monkeypatch.setenv("COLUMNS", "80")
    assert result.stdout == build_parser().format_help()


def test_an_unknown_command_names_every_command_in_order() -> None:
    result = run_cli("bogus")
    assert result.returncode == 2
    choices = ", ".join(repr(w) for w in _full_command_list())
    assert f"invalid choice: 'bogus' (choose from {choices})" in result.stderr


@pytest.mark.parametrize("columns", ["45", "100", "", "junk"])
def test_help_is_laid_out_exactly_as_argparse_would(
    columns: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The width comes from ``COLUMNS`` (else the terminal, else 80) without shutil."""
    monkeypatch.setenv("COLUMNS", columns)
    for parser in (build_parser(), _subparsers(build_parser("log"))["log"]):
        ours = parser.format_help()
        parser.formatter_class = argparse.HelpFormatter
        assert ours == parser.format_help()


def test_the_program_spares_the_final_garbage_collection(tmp_path: Path) -> None:
    """``main()`` as the program freezes what it loaded; the command's work is all done."""
    code = (
        "import gc, sys\n"
        "from netjournal.cli import main\n"
        f"sys.argv = ['netjournal', '--data-dir', {str(tmp_path)!r}, 'log', 'online', '20m', 'x']\n"
        "assert gc.get_freeze_count() == 0\n"
        "assert main() == 0\n"
        "print(gc.get_freeze_count())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    assert int(out.splitlines()[-1]) > 0
    listed = run_cli("--data-dir", str(tmp_path), "list", "--json", check=True)
    assert [a["note"] for a in json.loads(listed.stdout)] == ["x"]


def test_main_with_arguments_leaves_the_collector_alone(capsys: pytest.CaptureFixture[str]) -> None:
    before = gc.get_freeze_count()
    assert main(["log", "online", "20m", "in a test process"]) == 0
    assert gc.get_freeze_count() <= before  # no freeze (a frozen object freed may lower it)
