"""Long text in $EDITOR: ``log --edit``, ``edit --edit`` and ``cpd reflect`` (issue 16, part 2).

The editor is a small script (tests/fixtures/editor/fake_editor.py) told
what to do through the environment, so the tests are exact and need no
terminal.
"""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

import pytest

from netjournal.cli import main
from netjournal.cli.editor import editor_command
from netjournal.domain.reflection import (
    ReflectionText,
    parse_reflection,
    reflection_template,
)
from netjournal.errors import InputError
from tests.conftest import FIXTURES

FAKE = FIXTURES / "editor" / "fake_editor.py"


@pytest.fixture
def editor(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """$EDITOR is the fake; returns the file where it logs what it was given."""
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{shlex.quote(sys.executable)} {shlex.quote(str(FAKE))}")
    log = tmp_path / "editor.log"
    monkeypatch.setenv("FAKE_EDITOR_LOG", str(log))
    return log


def test_log_edit_takes_the_note_from_the_editor_privately_and_cleans_up(
    editor: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FAKE_EDITOR", "write:Ward huddle\\n\\nTwo new starters joined.\\n")
    assert main(["log", "offline", "30m", "Ward", "--edit", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["note"] == "Ward huddle\n\nTwo new starters joined."
    path, mode, given = editor.read_text().split("\n", 2)
    assert mode == "600" and given == "Ward\n"
    assert not Path(path).exists()


def test_edit_edit_starts_from_the_current_note(
    editor: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["log", "online", "20m", "First draft", "--json"]) == 0
    activity = json.loads(capsys.readouterr().out)["id"]
    monkeypatch.setenv("FAKE_EDITOR", "write:Second draft")
    assert main(["edit", activity, "--edit", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["note"] == "Second draft"
    assert editor.read_text().split("\n", 2)[2] == "First draft\n"


@pytest.mark.parametrize(
    ("action", "why"),
    [("keep", "unchanged"), ("empty", "empty"), ("fail", "exited with status 3")],
)
def test_an_empty_unchanged_or_failed_edit_cancels_and_changes_nothing(
    editor: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    action: str,
    why: str,
) -> None:
    monkeypatch.setenv("FAKE_EDITOR", action)
    assert main(["log", "online", "20m", "note", "--edit"]) == 1
    assert why in capsys.readouterr().err
    assert not Path(editor.read_text().split("\n", 1)[0]).exists()
    assert main(["list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_cpd_reflect_writes_the_four_answers_and_themes(
    editor: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["log", "offline", "1h", "Peer supervision", "--cpd", "--json"]) == 0
    activity = json.loads(capsys.readouterr().out)["id"]
    monkeypatch.setenv("FAKE_EDITOR", "reflect")
    assert main(["cpd", "reflect", activity[:8]]) == 0
    assert "reflective account saved" in capsys.readouterr().out
    template = editor.read_text().split("\n", 2)[2]
    for question in ("nature of the CPD activity", "What did you learn", "change or improve"):
        assert question in template
    assert "- [ ] Prioritise people" in template
    assert main(["show", activity, "--json"]) == 0
    cpd = json.loads(capsys.readouterr().out)["cpd"]
    assert cpd["nature"] == "A peer supervision session."
    assert cpd["learning"] == "How to run a debrief.\n\nAnd why it matters."
    assert cpd["practice_change"] == "I now debrief after every shift."
    assert sorted(cpd["standards"]) == ["practise", "preserve"]
    assert cpd["reflect"] is True
    # A second run starts from these answers.
    monkeypatch.setenv("FAKE_EDITOR", "keep")
    assert main(["cpd", "reflect", activity]) == 1
    again = editor.read_text()
    assert "How to run a debrief." in again and "- [x] Preserve safety" in again


def test_a_broken_template_is_refused_and_the_file_removed(
    editor: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["log", "offline", "1h", "Supervision", "--cpd", "--json"]) == 0
    activity = json.loads(capsys.readouterr().out)["id"]
    monkeypatch.setenv("FAKE_EDITOR", "rename")
    assert main(["cpd", "reflect", activity]) == 2
    assert "unknown heading 'Learning'" in capsys.readouterr().err
    assert not Path(editor.read_text().split("\n", 1)[0]).exists()
    assert main(["show", activity, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["cpd"]["reflect"] is False


def test_the_template_round_trips() -> None:
    answers = ReflectionText("Nature.", "Line one.\n\nLine two.", "Changed.", ("promote",))
    assert parse_reflection(reflection_template("about", answers)) == answers
    with pytest.raises(InputError):
        parse_reflection("## What did you learn from it?\n\nonly this")


def test_editor_choice_visual_then_editor_then_a_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VISUAL", "code --wait")
    monkeypatch.setenv("EDITOR", "vim")
    assert editor_command() == ["code", "--wait"]
    monkeypatch.delenv("VISUAL")
    assert editor_command() == ["vim"]
    monkeypatch.delenv("EDITOR")
    monkeypatch.setenv("PATH", "")
    with pytest.raises(InputError, match="no text editor found"):
        editor_command()
