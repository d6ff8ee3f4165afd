"""The app's ``u`` takes back the last change of any kind, as ``netjournal undo`` does.

It used to restore the newest trash entry: after a log it brought back an
unrelated deleted activity. After the undo the cursor is on the affected row.
"""

from __future__ import annotations

from netjournal.journal import ActivityInput, Journal
from netjournal.tui.widgets.activity_table import ActivityTable
from tests.functional.app.test_app import SIZE, app_over, open_journal, table_ids


async def test_u_undoes_the_last_change_and_keeps_the_cursor_on_its_row(demo: Journal) -> None:
    week = [a.id for a in demo.activities.list_activities(None, None)]
    deleted_long_ago = week[0]
    demo.activities.remove_activity(deleted_long_ago)
    logged = demo.activities.log(ActivityInput(mode="online", duration="15m", note="just now"))
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await open_journal(pilot)
        assert logged.activity.id in table_ids(pilot)
        await pilot.press("u")  # takes back the log, not the old deletion
        await pilot.pause()
        stored = {a.id for a in Journal.open().activities.list_activities(None, None)}
        assert logged.activity.id not in stored and deleted_long_ago not in stored
        assert logged.activity.id not in table_ids(pilot)

        table = pilot.app.screen.query_one(ActivityTable)
        table.focus()
        await pilot.press("down", "down")
        await pilot.pause()
        target = table.selected_id
        assert target is not None
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert target not in table_ids(pilot)
        await pilot.press("home")
        await pilot.pause()
        assert table.selected_id != target
        await pilot.press("u")
        await pilot.pause()
        assert target in table_ids(pilot)
        assert table.selected_id == target  # the cursor follows the undone change
