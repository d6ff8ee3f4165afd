"""The running timer and ``$EDITOR`` in the app: ``s`` starts and stops, the header ticks, ctrl+e.

The clock is moved with ``NETJOURNAL_NOW`` and the display is advanced by
calling the app's ``tick_timer`` (what its one-second interval calls), so no
test waits for time to pass. The editor is tests/fixtures/editor/fake_editor.py
through ``$VISUAL``; under ``run_test`` there is no terminal to hand over, so
the tests replace ``suspend_for_editor`` (by default ``App.suspend``).
"""

from __future__ import annotations

import contextlib
import shlex
import sys
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label, TextArea

from netjournal.journal import ActivityInput, Journal
from netjournal.journal.timer import TimerInput
from netjournal.tui.app import NetJournalApp
from netjournal.tui.dialogs.confirm import ConfirmDialog
from netjournal.tui.dialogs.edit_cpd import CpdDialog
from netjournal.tui.dialogs.timer import TimerDialog
from netjournal.tui.widgets.activity_form import ActivityForm
from tests.app_support import SIZE, app_over, at, running_call, type_into
from tests.conftest import FIXTURES

FAKE_EDITOR = FIXTURES / "editor" / "fake_editor.py"


def timer_line(pilot: Pilot[Any]) -> str:
    return str(pilot.app.screen.query_one("#today-timer", Label).render())


pytestmark = pytest.mark.usefixtures("utc_clock")


# --- the timer on screen ------------------------------------------------------------


async def test_today_shows_the_running_timer_ticking_and_every_header_shows_it(
    demo: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    running_call(demo, monkeypatch)
    at(monkeypatch, "2026-11-25T10:42:10+00:00")
    app = app_over(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        line = timer_line(pilot)
        assert "● online 0:42" in line
        assert "webinar" in line and "Webinar on safe staffing" in line
        assert "since 10:00" in line
        assert app.title == "netjournal  ● online 0:42"
        at(monkeypatch, "2026-11-25T11:05:00+00:00")
        app.tick_timer()
        assert "● online 1:05" in timer_line(pilot)
        await pilot.press("2")
        await pilot.pause()
        assert app.current_mode == "journal"
        assert app.title == "netjournal  ● online 1:05"


async def test_no_timer_no_line_and_the_plain_title(demo: Journal) -> None:
    app = app_over(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.running_timer is None
        assert not pilot.app.screen.query("#today-timer")  # nothing more is built
        assert app.title == "netjournal"


async def test_a_timer_started_by_the_cli_appears_when_the_store_changes(
    demo: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_over(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.check_for_changes()  # learns the version
        running_call(Journal.open(), monkeypatch)  # another process, in effect
        app.check_for_changes()
        await pilot.pause()
        assert app.running_timer is not None
        assert "● online 0:00" in timer_line(pilot)


# --- s starts and stops ---------------------------------------------------------------


async def test_s_starts_a_timer_in_a_dialog_and_s_stops_and_logs_it(
    demo: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-11-25T14:05:00+00:00")
    app = app_over(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, TimerDialog)
        await type_into(pilot, "#timer-mode", "offline")
        await type_into(pilot, "#timer-channel", "phone")
        await type_into(pilot, "#timer-note", "Call with the practice educator")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, TimerDialog)
        timer = Journal.open().timer.running()
        assert timer is not None
        assert (timer.mode.value, timer.channel, timer.note) == (
            "offline",
            "phone",
            "Call with the practice educator",
        )
        assert "● offline 0:00" in timer_line(pilot)
        at(monkeypatch, "2026-11-25T14:35:00+00:00")
        await pilot.press("s")
        await pilot.pause()
        assert app.title == "netjournal"
        assert not pilot.app.screen.query_one("#today-timer", Label).display
    journal = Journal.open()
    assert journal.timer.running() is None
    logged = [
        a
        for a in journal.activities.list_activities()
        if a.note == "Call with the practice educator" and str(a.date) == "2026-11-25"
    ]
    assert [(a.minutes, a.mode.value, a.channel, f"{a.time:%H:%M}") for a in logged] == [
        (30, "offline", "phone", "14:05")
    ]


async def test_s_starts_from_the_quick_entry_form_when_it_has_a_mode(
    demo: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-11-25T09:00:00+00:00")
    app = app_over(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await type_into(pilot, "#af-mode", "online")
        await type_into(pilot, "#af-channel", "linkedin")
        await type_into(pilot, "#af-note", "Replying to comments")
        await pilot.press("escape")  # leave the field: single keys work again
        await pilot.press("s")
        await pilot.pause()
        assert not isinstance(app.screen, TimerDialog)
        assert app.screen.query_one(ActivityForm).value_of("note") == ""
    timer = Journal.open().timer.running()
    assert timer is not None
    assert (timer.mode.value, timer.channel, timer.note) == (
        "online",
        "linkedin",
        "Replying to comments",
    )


async def test_an_unknown_mode_marks_the_field_and_starts_nothing(demo: Journal) -> None:
    app = app_over(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        await type_into(pilot, "#timer-mode", "sideways")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, TimerDialog)
        assert app.screen.query_one("#timer-mode", Input).has_class("-invalid")
        await pilot.press("escape")
    assert Journal.open().timer.running() is None


async def test_a_timer_left_over_midnight_asks_before_it_is_logged(
    demo: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-11-24T23:30:00+00:00")
    demo.timer.start(TimerInput(mode="online", note="Late #WeNurses chat", channel="x"))
    at(monkeypatch, "2026-11-25T00:10:00+00:00")
    app = app_over(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "before midnight" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert Journal.open().timer.running() is not None
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
    journal = Journal.open()
    assert journal.timer.running() is None
    logged = [a for a in journal.activities.list_activities() if a.note == "Late #WeNurses chat"]
    assert [(a.minutes, str(a.date)) for a in logged] == [(40, "2026-11-24")]


async def test_a_timer_over_a_day_is_refused_and_keeps_running(
    demo: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-11-23T09:00:00+00:00")
    demo.timer.start(TimerInput(mode="offline", channel="meeting"))
    at(monkeypatch, "2026-11-25T09:00:00+00:00")
    app = app_over(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDialog)
    assert Journal.open().timer.running() is not None


# --- ctrl+e: the user's editor ----------------------------------------------------------


@pytest.fixture
def fake_editor(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """``$VISUAL`` is the fake editor; returns the file where it logs what it was given."""
    log = tmp_path / "editor.log"
    monkeypatch.setenv("VISUAL", f"{shlex.quote(sys.executable)} {shlex.quote(str(FAKE_EDITOR))}")
    monkeypatch.setenv("FAKE_EDITOR_LOG", str(log))
    return log


def no_terminal(app: NetJournalApp) -> NetJournalApp:
    app.suspend_for_editor = contextlib.nullcontext
    return app


def test_the_app_hands_the_terminal_over_with_textual_suspend(demo: Journal) -> None:
    app = app_over(demo)
    assert app.suspend_for_editor == app.suspend


async def test_ctrl_e_in_the_note_writes_it_in_the_editor(
    demo: Journal, fake_editor: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_EDITOR", "write:A long note\\nwritten in my editor\\n")
    app = no_terminal(app_over(demo))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await type_into(pilot, "#af-note", "draft")
        await pilot.press("ctrl+e")
        await pilot.pause()
        note = app.screen.query_one("#af-note", Input)
        assert note.value == "A long note\nwritten in my editor"
        assert app.focused is note
    path, mode, given = fake_editor.read_text().split("\n", 2)
    assert mode == "600"
    assert given == "draft\n"
    assert not Path(path).exists()


async def test_ctrl_e_elsewhere_still_moves_to_the_end_and_an_empty_save_changes_nothing(
    demo: Journal, fake_editor: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_EDITOR", "empty")
    app = no_terminal(app_over(demo))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await type_into(pilot, "#af-mode", "online")
        mode = app.screen.query_one("#af-mode", Input)
        mode.cursor_position = 0
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert mode.cursor_position == len("online")
        assert not fake_editor.exists()
        await type_into(pilot, "#af-note", "keep me")
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert app.screen.query_one("#af-note", Input).value == "keep me"
    assert fake_editor.exists()


async def test_ctrl_e_in_the_cpd_dialog_writes_what_i_learnt_in_the_editor(
    netjournal_home: Path, fake_editor: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = Journal.open()
    activity = journal.activities.log(
        ActivityInput(mode="online", duration="45m", note="#WeNurses chat", channel="x")
    ).activity
    monkeypatch.setenv("FAKE_EDITOR", "write:How to run a debrief.\\n")
    app = no_terminal(app_over(journal))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CpdDialog)
        learnt = app.screen.query_one("#cpd-learning", TextArea)  # several lines
        learnt.focus()
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert learnt.text == "How to run a debrief."
        monkeypatch.setenv("FAKE_EDITOR", "write:I now debrief after every shift.\\n")
        await type_into(pilot, "#cpd-practice_change", "")
        await pilot.press("ctrl+e")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, CpdDialog)
    cpd = Journal.open().activities.get_activity(activity.id).cpd
    assert cpd is not None
    assert (cpd.learning, cpd.practice_change) == (
        "How to run a debrief.",
        "I now debrief after every shift.",
    )
