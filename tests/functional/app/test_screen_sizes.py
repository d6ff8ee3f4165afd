"""Readable at 80x24 and wide at 120x40 (issue 14, point 3), checked on the widgets.

The snapshots (test_snapshots.py) pin the pictures; these tests name what
each picture must show, so a regenerated snapshot cannot quietly lose it.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from netjournal.journal import Journal
from netjournal.tui.widgets.activity_table import ActivityTable
from netjournal.tui.widgets.key_bar import KeyBar
from netjournal.tui.widgets.row_table import RowTable
from tests.app_support import app_over

SMALL = (80, 24)
WIDE = (120, 40)


async def show(pilot: Pilot[Any], *keys: str) -> None:
    await pilot.pause()
    for key in keys:
        await pilot.press(key)
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def column_keys(table: DataTable[Any] | RowTable) -> list[str]:
    if isinstance(table, RowTable):
        return [column.key for column in table.columns]
    return [str(column.key.value) for column in table.columns.values()]


def render_widths(table: DataTable[Any] | RowTable) -> list[tuple[str, int]]:
    """Each column's key and the cells it takes, padding included, left to right."""
    if isinstance(table, RowTable):
        return [(c.key, c.width + 2 * table.CELL_PADDING) for c in table.columns]
    return [(str(c.key.value), c.get_render_width(table)) for c in table.columns.values()]


def visible_width(table: DataTable[Any] | RowTable, key: str) -> int:
    """How many cells of column ``key`` are on screen (the table does not scroll)."""
    padding = table.CELL_PADDING if isinstance(table, RowTable) else table.cell_padding
    start = 0
    for name, width in render_widths(table):
        if name == key:
            return max(0, min(width, table.size.width - start) - 2 * padding)
        start += width
    return 0


async def test_contacts_at_80_show_last_contact_and_due_before_organisation(
    demo: Journal,
) -> None:
    async with app_over(demo).run_test(size=SMALL) as pilot:
        await show(pilot, "3")
        table = pilot.app.screen.query_one("#contacts-table", DataTable)
        assert column_keys(table)[:3] == ["name", "last", "due"]
        assert visible_width(table, "due") >= len("● 12d")


async def test_journal_at_80_keeps_the_note_and_drops_purpose_style_and_at(
    demo: Journal,
) -> None:
    async with app_over(demo).run_test(size=SMALL) as pilot:
        await show(pilot, "2")
        table = pilot.app.screen.query_one(ActivityTable)
        keys = column_keys(table)
        assert "note" in keys
        assert not {"purpose", "style", "time"} & set(keys)
        assert visible_width(table, "note") >= 20


async def test_journal_at_120_gives_the_note_the_free_width(demo: Journal) -> None:
    async with app_over(demo).run_test(size=WIDE) as pilot:
        await show(pilot, "2")
        table = pilot.app.screen.query_one(ActivityTable)
        used = table.table_width
        assert visible_width(table, "note") > 24
        # No wide empty margin beside a cut note.
        assert table.size.width - used <= 4


async def test_today_at_120_shows_notes_whole(demo: Journal) -> None:
    async with app_over(demo).run_test(size=WIDE) as pilot:
        await show(pilot)
        table = pilot.app.screen.query_one(ActivityTable)
        notes = [table.row_cells(row)[-1] for row in range(table.row_count)]
        assert "Call with a social worker about discharge planning" in notes


async def test_conversations_at_80_show_20_characters_of_the_summary(demo: Journal) -> None:
    async with app_over(demo).run_test(size=SMALL) as pilot:
        await show(pilot, "4", "o")
        table = pilot.app.screen.query_one("#conversations-table", DataTable)
        assert "summary" in column_keys(table)
        assert visible_width(table, "summary") >= 20


#: What each number key opens, and the title the screen gives itself.
SCREENS = [
    ("1", "TodayScreen", "1 Today"),
    ("2", "JournalScreen", "2 Journal"),
    ("3", "ContactsScreen", "3 Contacts"),
    ("4", "ConversationsScreen", "4 Conversations"),
    ("5", "TrendsScreen", "5 Trends"),
    ("6", "TargetsScreen", "6 Targets"),
    ("7", "ExportScreen", "7 Export"),
]


async def test_number_keys_open_every_screen_named_in_the_title_with_help_in_the_key_bar(
    demo: Journal,
) -> None:
    """One walk through the seven screens at 80x24 (a walk is what costs; the checks are cheap)."""
    async with app_over(demo).run_test(size=SMALL) as pilot:
        for key, screen, title in [*SCREENS, SCREENS[0]]:
            await show(pilot, key)
            assert type(pilot.app.screen).__name__ == screen, key
            assert pilot.app.screen.sub_title == title
            # The header is not covered by anything the screen docks on top.
            header = pilot.app.screen.query_one("Header")
            assert header.region.y == 0 and header.display
            text = str(pilot.app.screen.query_one(KeyBar).render())
            assert text.rstrip().endswith("? Help"), (key, text)
            assert len(text.rstrip()) <= SMALL[0], (key, text)


async def test_a_target_set_on_targets_shows_on_trends_at_once(demo: Journal) -> None:
    async with app_over(demo).run_test(size=WIDE) as pilot:
        await show(pilot, "5")
        summary = pilot.app.screen.query_one("#trends-summary", Static)
        assert "30%–50% online" in str(summary.render())
        await show(pilot, "6")
        pilot.app.screen.query_one("#target-band", Input).value = "40-60%"
        await pilot.press("ctrl+s")
        await show(pilot, "5")
        summary = pilot.app.screen.query_one("#trends-summary", Static)
        assert "40%–60% online" in str(summary.render())


async def test_the_export_preview_shows_the_cpd_table_as_a_table(demo: Journal) -> None:
    async with app_over(demo).run_test(size=WIDE) as pilot:
        await show(pilot, "7")
        tables = pilot.app.screen.query(".export-preview-table").results(DataTable)
        table = next(iter(tables))
        headings = [str(column.label) for column in table.columns.values()]
        assert headings[:2] == ["Date", "Method"]
        assert "Evidence" in headings
        # Each column is as wide as its text: nothing squeezed to "Meth…".
        method = next(c for c in table.columns.values() if str(c.label) == "Method")
        assert method.get_render_width(table) >= len("online discussion")


def test_markdown_blocks_split_prose_from_tables() -> None:
    from netjournal.tui.screens.export import markdown_blocks

    text = "# Title\n\nIntro\n\n| A | B \\| C |\n|---|---:|\n| 1 | 2 |\n\nAfter"
    assert markdown_blocks(text) == [
        ("markdown", "# Title\n\nIntro\n"),
        ("table", [["A", "B | C"], ["1", "2"]]),
        ("markdown", "\nAfter"),
    ]


async def test_what_i_learnt_takes_paragraphs(netjournal_home: object) -> None:
    from textual.widgets import TextArea

    from netjournal.journal import ActivityInput
    from netjournal.tui.dialogs.edit_cpd import CpdDialog

    journal = Journal.open()
    logged = journal.activities.log(
        ActivityInput(mode="online", duration="45m", note="#WeNurses chat", channel="x")
    )
    async with app_over(journal).run_test(size=SMALL) as pilot:
        await show(pilot, "c")
        dialog = pilot.app.screen
        assert isinstance(dialog, CpdDialog)
        area = dialog.query_one("#cpd-learning", TextArea)
        assert area.size.height >= 3
        area.focus()
        await pilot.press(*"Staffing ratios", "enter", *"Escalation")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, CpdDialog)
    cpd = Journal.open().activities.get_activity(logged.activity.id).cpd
    assert cpd is not None
    assert cpd.learning == "Staffing ratios\nEscalation"
