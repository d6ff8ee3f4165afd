"""The Conversations screen's search line narrows the threads as it is typed, as Contacts' does."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable

from netjournal.journal import Journal
from netjournal.tui.screens.conversations import ConversationsScreen
from tests.app_support import SIZE, app_over, label_text


def conversation_ids(pilot: Pilot[Any]) -> list[str]:
    table = pilot.app.screen.query_one("#conversations-table", DataTable)
    return [str(key.value) for key in table.rows]


async def test_typing_narrows_the_threads_and_enter_goes_back_to_the_table(demo: Journal) -> None:
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("o")  # open threads of every month: enough rows to narrow
        await pilot.pause()
        everyone = conversation_ids(pilot)
        await pilot.press("slash")
        await pilot.press(*"linkedin")
        await pilot.pause()
        narrowed = conversation_ids(pilot)
        assert 0 < len(narrowed) < len(everyone)
        assert set(narrowed) <= set(everyone)
        assert "matching “linkedin”" in label_text(pilot, "#conversations-heading")
        await pilot.press("enter")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ConversationsScreen)
        assert pilot.app.focused is screen.query_one("#conversations-table")
        assert screen.selected_id() == narrowed[0]
