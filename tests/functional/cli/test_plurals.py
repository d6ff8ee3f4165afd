"""Counts read as English: "1 activity", "2 activities" (issue 14, point 1)."""

from __future__ import annotations

import pytest

from netjournal.cli import main


def test_list_counts_one_activity_in_the_singular(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["log", "offline", "45m", "ward huddle"]) == 0
    capsys.readouterr()
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "1 activity (" in out and "activities" not in out
    assert main(["log", "online", "20m", "a reply on X"]) == 0
    capsys.readouterr()
    assert main(["list"]) == 0
    assert "2 activities (" in capsys.readouterr().out


def test_a_week_with_one_conversation_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["log", "offline", "30m", "coffee", "--style", "conversation"]) == 0
    capsys.readouterr()
    assert main(["week"]) == 0
    out = capsys.readouterr().out
    assert "1 conversation, 0 broadcasts" in out
