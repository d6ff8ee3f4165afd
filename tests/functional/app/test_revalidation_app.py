"""The NMC revalidation picture in the app, opened from the command palette."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from netjournal.journal import Journal
from netjournal.tui.dialogs.revalidation import RevalidationDialog
from tests.app_support import SIZE, app_over


def journal_with_revalidation(demo: Journal) -> Journal:
    demo.maintenance.set_setting("revalidation-date", "2027-03-31")
    demo.revalidation.add_feedback("Clear handover", "ward manager", "2026-11-02")
    demo.revalidation.record_discussion("2026-11-10", "Sam Okafor", "12A3456E")
    return demo


async def open_from_palette(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*"Revalidation")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def test_the_palette_opens_the_revalidation_picture(demo: Journal) -> None:
    journal = journal_with_revalidation(demo)
    app = app_over(journal)
    async with app.run_test(size=SIZE) as pilot:
        await open_from_palette(pilot)
        assert isinstance(app.screen, RevalidationDialog)
        text = str(app.screen.query_one("#revalidation-text", Static).render())
        assert "Renewal 2027-03-31 (126 days left)" in text
        assert "practice feedback     1 of 5" in text
        assert "reflective discussion 2026-11-10" in text
        assert "Sam Okafor" not in text and "12A3456E" not in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, RevalidationDialog)
