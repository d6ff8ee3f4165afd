"""Journals for the TUI tests, in the temp NETJOURNAL_HOME of tests/conftest.py.

``demo`` holds the deterministic 12-week demo (ids and timestamps come from
the seed, "today" is frozen at 2026-11-25), so screens and snapshots show the
same rows on every run.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from netjournal.journal import Journal
from netjournal.sample_data import demo_journal
from tests.conftest import FROZEN_TODAY


@pytest.fixture
def empty(netjournal_home: Path) -> Journal:
    """A journal that has never been written to (the first-run welcome shows)."""
    return Journal.open()


@pytest.fixture
def demo(netjournal_home: Path) -> Journal:
    """The demo journal's twelve weeks, ending on the frozen today."""
    journal = Journal.open()
    journal.maintenance.load_sample(demo_journal(FROZEN_TODAY))
    return journal


async def type_into(pilot: Pilot[object], selector: str, text: str) -> None:
    """Focus the input ``selector``, empty it and paste ``text`` into it.

    A terminal delivers a paste as one bracketed ``Paste`` event, and the app
    forwards it to the focused field exactly as it forwards keys, so the form
    sees the same ``Changed`` messages a person's typing makes. One event
    instead of one key press per character matters: Pilot waits for the app to
    go idle after every key, which made typed text most of the app tests' time.
    ``test_typing_key_by_key_fills_the_form`` keeps one key-by-key path.
    """
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    await pilot.pause()
    field.value = ""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()
