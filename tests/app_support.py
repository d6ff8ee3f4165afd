"""What the app tests and the snapshot tests share: one way to make the app and to type into it.

Every app under test has the cursor blink off and no store poll, so two runs of
a test draw the same frames; a test about polling passes ``poll_seconds``.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Label

from netjournal.journal import Journal
from netjournal.journal.timer import TimerInput
from netjournal.tui import make_app
from netjournal.tui.app import NetJournalApp
from netjournal.tui.widgets.activity_table import ActivityTable

SIZE = (100, 30)
#: No poll unless a test is about polling: a reload mid-test would make runs differ.
NO_POLL = 3600.0


def app_over(journal: Journal, poll_seconds: float = NO_POLL) -> NetJournalApp:
    """The real app over ``journal``, as ``netjournal`` makes it, without a blinking cursor."""
    return make_app(journal, poll_seconds=poll_seconds, cursor_blink=False)


async def type_into(pilot: Pilot[Any], selector: str, text: str) -> None:
    """Focus the input ``selector``, empty it and paste ``text`` into it.

    A terminal delivers a paste as one bracketed ``Paste`` event, and the app
    forwards it to the focused field exactly as it forwards keys, so the form
    sees the same ``Changed`` messages a person's typing makes. One event
    instead of one key press per character matters: Pilot waits for the app to
    go idle after every key, which made typed text most of the app tests' time.
    Tests about keys (tests/functional/app/test_focus_safety.py) press them one by one.
    """
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    await pilot.pause()
    field.value = ""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


def label_text(pilot: Pilot[Any], selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Label).render())


def table_ids(pilot: Pilot[Any]) -> list[str]:
    table = pilot.app.screen.query_one(ActivityTable)
    return table.row_keys


def column_texts(table: ActivityTable, key: str) -> list[str]:
    """What column ``key`` of ``table`` shows, top to bottom."""
    at = [column.key for column in table.columns].index(key)
    return [table.row_cells(row)[at] for row in range(table.row_count)]


async def open_journal(pilot: Pilot[Any]) -> None:
    await pilot.press("2")
    await pilot.pause()


async def settle(pilot: Pilot[Any]) -> None:
    """Let pending callbacks, workers (the export's) and dialogs finish."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_screen(pilot: Pilot[Any], key: str) -> None:
    await pilot.press(key)
    await settle(pilot)


def at(monkeypatch: pytest.MonkeyPatch, moment: str) -> None:
    """Freeze "now" for the app and the CLI (netjournal.clock reads ``NETJOURNAL_NOW``)."""
    monkeypatch.setenv("NETJOURNAL_NOW", moment)


def running_call(journal: Journal, monkeypatch: pytest.MonkeyPatch) -> None:
    """A webinar timer started at 10:00 on the frozen today."""
    at(monkeypatch, "2026-11-25T10:00:00+00:00")
    journal.timer.start(
        TimerInput(mode="online", note="Webinar on safe staffing", channel="webinar")
    )
