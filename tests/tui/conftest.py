"""Journals for the TUI tests, in the temp NETJOURNAL_HOME of tests/conftest.py.

``demo`` holds the deterministic 12-week demo (ids and timestamps come from
the seed, "today" is frozen at 2026-11-25), so screens and snapshots show the
same rows on every run.
"""

from __future__ import annotations

import collections
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import textual.css.stylesheet as textual_stylesheet
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


@pytest.fixture
def css_parses(monkeypatch: pytest.MonkeyPatch) -> Iterator[collections.Counter[str]]:
    """How many times each CSS source (file name or ``Class.DEFAULT_CSS``) is parsed from text."""
    counts: collections.Counter[str] = collections.Counter()
    real_parse = textual_stylesheet.parse  # type: ignore[attr-defined]

    def counting_parse(scope: str, css: str, read_from: Any, **kwargs: Any) -> Any:
        path, class_var = read_from
        counts[class_var or str(path).rsplit("/", 1)[-1]] += 1
        return real_parse(scope, css, read_from, **kwargs)

    monkeypatch.setattr(textual_stylesheet, "parse", counting_parse)
    yield counts


async def type_into(pilot: Pilot[object], selector: str, text: str) -> None:
    """Focus the input ``selector`` and type ``text`` key by key, as a person would."""
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    await pilot.pause()
    field.value = ""
    await pilot.press(*text)
    await pilot.pause()
