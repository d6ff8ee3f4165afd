"""The app never acts on a record the user did not point at (issue 14, point 2).

Driven with Pilot through the real ``make_app`` over the demo journal: the
quick-entry form's focus order, letters typed on its checkbox and button, and
where the cursor rests after an edit, a delete and an undo.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Checkbox

from netjournal.journal import Journal
from netjournal.tui.dialogs.confirm import ConfirmDialog
from netjournal.tui.dialogs.edit_activity import EditActivityDialog
from netjournal.tui.screens.today import TodayScreen
from netjournal.tui.widgets.activity_table import ActivityTable
from tests.app_support import SIZE, app_over, table_ids, type_into

#: The quick-entry form's fields as they read, left to right and top to bottom.
READING_ORDER = [
    "af-mode",
    "af-duration",
    "af-date",
    "af-at",
    "af-channel",
    "af-purpose",
    "af-style",
    "af-contacts",
    "af-tags",
    "af-note",
    "af-cpd",
    "af-submit",
]


def table(pilot: Pilot[Any]) -> ActivityTable:
    return pilot.app.screen.query_one(ActivityTable)


async def open_form(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.press("n")
    await pilot.pause()


async def test_tab_walks_the_quick_entry_form_in_reading_order(demo: Journal) -> None:
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await open_form(pilot)
        seen = [pilot.app.focused.id if pilot.app.focused else None]
        for _ in READING_ORDER[1:]:
            await pilot.press("tab")
            seen.append(pilot.app.focused.id if pilot.app.focused else None)
    assert seen == READING_ORDER


async def test_letters_on_the_cpd_box_never_edit_delete_or_quit(demo: Journal) -> None:
    """The reported sequence: tab from tags, then ``e``, ``enter``, ``d``, ``u``, ``q``."""
    before = demo.activities.list_activities()
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await open_form(pilot)
        await type_into(pilot, "#af-tags", "#nhs")
        await pilot.press("tab", "tab")
        assert pilot.app.focused is not None and pilot.app.focused.id == "af-cpd"
        for key in ("e", "enter", "d", "delete", "u", "c", "2", "q"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(pilot.app.screen, TodayScreen), key
            assert pilot.app.is_running, key
            assert pilot.app.current_mode == "today", key
    assert Journal.open().activities.list_activities() == before


async def test_space_still_ticks_the_cpd_box(demo: Journal) -> None:
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await open_form(pilot)
        box = pilot.app.screen.query_one("#af-cpd", Checkbox)
        box.focus()
        await pilot.press("space")
        await pilot.pause()
        assert box.value is True


async def test_letters_on_the_log_button_never_reach_the_screen(demo: Journal) -> None:
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await open_form(pilot)
        pilot.app.screen.query_one("#af-submit").focus()
        for key in ("e", "d", "c", "q", "question_mark"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(pilot.app.screen, TodayScreen), key
            assert pilot.app.is_running, key


async def test_row_keys_act_only_when_the_table_has_focus(demo: Journal) -> None:
    """With focus outside the table (no form control eating keys), ``e`` and ``d`` do nothing."""
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await open_form(pilot)
        screen = pilot.app.screen
        assert screen.check_action("edit", ()) is False
        assert screen.check_action("delete", ()) is False
        assert screen.check_action("cpd", ()) is False
        table(pilot).focus()
        await pilot.pause()
        assert screen.check_action("edit", ()) is True
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(pilot.app.screen, EditActivityDialog)


async def test_enter_or_a_click_on_the_highlighted_row_edits_that_activity(
    demo: Journal,
) -> None:
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("down")
        second = table(pilot).row_keys[1]
        await pilot.press("enter")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, EditActivityDialog)
        assert dialog.heading.endswith(second[:8])  # "Edit activity of … · <id>"
        await pilot.press("escape")
        await pilot.pause()
        third = table(pilot).row_keys[2]
        await pilot.click(ActivityTable, offset=(5, 3))  # the third row: highlighted only
        await pilot.pause()
        assert not isinstance(pilot.app.screen, EditActivityDialog)
        assert table(pilot).selected_id == third
        await pilot.click(ActivityTable, offset=(5, 3))  # again: chosen
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, EditActivityDialog)
        assert dialog.heading.endswith(third[:8])


async def test_cursor_stays_on_the_edited_row(demo: Journal) -> None:
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("down", "down")
        target = table(pilot).selected_id
        await pilot.press("e")
        await pilot.pause()
        # A new date moves the row to another place in the week's order.
        await type_into(pilot, "#af-date", "2026-11-23")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, EditActivityDialog)
        assert table(pilot).selected_id == target
        assert pilot.app.focused is table(pilot)


async def test_cursor_moves_to_the_next_row_after_a_delete(demo: Journal) -> None:
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("down", "down", "down")
        ids = table_ids(pilot)
        target = table(pilot).selected_id
        index = ids.index(str(target))
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert table(pilot).cursor_row == index
        assert table(pilot).selected_id == ids[index + 1]


async def test_cursor_returns_to_the_row_undo_brings_back(demo: Journal) -> None:
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("down", "down", "down")
        target = table(pilot).selected_id
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("up", "up")
        await pilot.press("u")
        await pilot.pause()
        assert table(pilot).selected_id == target
