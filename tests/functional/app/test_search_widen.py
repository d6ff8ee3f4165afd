"""The Journal screen's ``/`` filter widens to all weeks with one more ``/``; the contact card tells stories."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Label, Static

from netjournal.journal import Journal
from netjournal.tui.widgets.activity_table import ActivityTable
from tests.app_support import SIZE, app_over

THIS_WEEK = (date(2026, 11, 23), date(2026, 11, 29))


def _ids(pilot: Pilot[Any]) -> set[str]:
    return set(pilot.app.screen.query_one(ActivityTable).row_keys)


def _label(pilot: Pilot[Any], selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Label).render())


async def test_a_second_slash_applies_the_filter_to_all_weeks(demo: Journal) -> None:
    everywhere = {a.id for a in demo.activities.list_activities(None, None, text="restraint")}
    this_week = demo.activities.list_activities(*THIS_WEEK, text="restraint")
    assert len(everywhere) > len(this_week)
    app = app_over(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        assert "/ again: all weeks" in _label(pilot, "#journal-hint")
        await pilot.press(*"restraint")
        await pilot.press("slash")
        await pilot.pause()
        assert _ids(pilot) == everywhere
        assert _label(pilot, "#journal-heading").startswith("All weeks")
        assert isinstance(pilot.app.focused, ActivityTable)
        assert "/ again" not in _label(pilot, "#journal-hint")
        assert pilot.app.screen.query_one("#journal-filter", Input).value == "restraint"


async def test_the_contact_card_lists_dated_notes_newest_first(demo: Journal) -> None:
    first = demo.relationships.list_contacts()[0]
    demo.relationships.add_contact_note(first.id, "Moved to ICU", "3/11/2026")
    demo.relationships.add_contact_note(first.id, "Asked about the sepsis audit", "20/11/2026")
    app = app_over(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        card = str(pilot.app.screen.query_one("#contact-card", Static).render())
        assert first.name in card and "Notes (2)" in card
        assert card.index("sepsis audit") < card.index("Moved to ICU")
