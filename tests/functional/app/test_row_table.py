"""The Line-API table under the activity lists: keys, mouse, its own scrollbar, its cells.

A small app holds one :class:`RowTable` of numbered rows, so every figure
here (which row is under the cursor, how far the list scrolled, what a line
draws) follows from the row count and the table's height alone.
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from textual import events
from textual.app import App, ComposeResult
from textual.pilot import Pilot

from netjournal.tui.widgets.row_table import Column, RowTable

#: The table's height at this size: 10 lines, a header and 9 rows.
SIZE = (40, 10)
COLUMNS = (Column("n", "No", 3, right=True), Column("word", "Word", 6))


class TableApp(App[None]):
    def __init__(self, rows: int) -> None:
        super().__init__()
        self.rows = rows
        self.chosen: list[str] = []

    def compose(self) -> ComposeResult:
        yield RowTable()

    def on_mount(self) -> None:
        table = self.query_one(RowTable)
        table.styles.height = "1fr"
        table.set_rows(COLUMNS, [(f"k{n}", (str(n), f"w{n}")) for n in range(self.rows)])
        table.focus()

    def on_row_table_chosen(self, message: RowTable.Chosen) -> None:
        self.chosen.append(message.key)


def _reversed(segment: Segment) -> bool:
    return bool(segment.style and segment.style.reverse)


def chosen(pilot: Pilot[Any]) -> list[str]:
    app = pilot.app
    assert isinstance(app, TableApp)
    return app.chosen


def table(pilot: Pilot[Any]) -> RowTable:
    return pilot.app.query_one(RowTable)


def line(pilot: Pilot[Any], y: int) -> str:
    return table(pilot).render_line(y).text


async def test_keys_move_the_cursor_and_keep_it_in_view() -> None:
    async with TableApp(30).run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = table(pilot)
        assert shown.cursor_key == "k0"
        await pilot.press("down", "down")
        assert shown.cursor_row == 2 and shown.scroll_y == 0
        await pilot.press("pagedown")
        assert shown.cursor_row == 11
        assert shown.scroll_y == 11 - 9 + 1  # the cursor's row is the last one shown
        await pilot.press("end")
        assert shown.cursor_key == "k29"
        assert shown.scroll_y == shown.max_scroll_y == 31 - 10
        await pilot.press("up")
        assert shown.cursor_row == 28
        await pilot.press("home")
        assert (shown.cursor_row, shown.scroll_y) == (0, 0)
        await pilot.press("up", "pageup")
        assert shown.cursor_row == 0  # no row before the first


async def test_the_header_stays_and_rows_scroll_under_it() -> None:
    async with TableApp(30).run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("end")
        await pilot.pause()
        assert line(pilot, 0).startswith("  No  Word   ")
        assert line(pilot, 1).startswith("  21  w21    ")  # right-aligned number, padded word
        assert line(pilot, 9).startswith("  29  w29    ")


async def test_a_list_that_overflows_draws_its_own_scrollbar() -> None:
    async with TableApp(30).run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = table(pilot)
        # Textual's scrollbar widget is never started: the table draws one.
        assert not shown.show_vertical_scrollbar
        strips = [shown.render_line(y) for y in range(10)]
        assert all(strip.cell_length == 40 for strip in strips)
        thumb = [y for y, strip in enumerate(strips) if _reversed(list(strip)[-1])]
        assert thumb and thumb[0] == 0  # the thumb is at the top of the track
        await pilot.press("end")
        await pilot.pause()
        strips = [shown.render_line(y) for y in range(10)]
        thumb = [y for y, strip in enumerate(strips) if _reversed(list(strip)[-1])]
        assert thumb and thumb[-1] == 9  # and at the bottom after the last row


async def test_a_list_that_fits_has_no_scrollbar() -> None:
    async with TableApp(5).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert line(pilot, 1).rstrip() == "   0  w0"
        assert line(pilot, 8).strip() == ""  # below the last row: blank, no track
        assert not any(_reversed(seg) for seg in table(pilot).render_line(3))


def wheel(shown: RowTable, event: type[events.MouseScrollDown | events.MouseScrollUp]) -> None:
    """One step of the mouse wheel over the table, as the terminal driver sends it."""
    shown.post_message(event(shown, 5, 5, 0, 1, 0, False, False, False))


async def test_the_wheel_scrolls_the_list_and_leaves_the_cursor() -> None:
    async with TableApp(30).run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = table(pilot)
        wheel(shown, events.MouseScrollDown)
        await pilot.pause()
        assert shown.scroll_y == RowTable.WHEEL_ROWS
        assert shown.cursor_row == 0
        wheel(shown, events.MouseScrollUp)
        await pilot.pause()
        assert shown.scroll_y == 0


async def test_a_click_highlights_a_row_and_a_second_click_chooses_it() -> None:
    async with TableApp(30).run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.click(RowTable, offset=(5, 4))  # line 4: the fourth row
        await pilot.pause()
        assert table(pilot).cursor_key == "k3"
        assert chosen(pilot) == []
        await pilot.click(RowTable, offset=(5, 4))
        await pilot.pause()
        assert chosen(pilot) == ["k3"]
        await pilot.click(RowTable, offset=(5, 0))  # the header: nothing happens
        await pilot.pause()
        assert table(pilot).cursor_key == "k3" and chosen(pilot) == ["k3"]


async def test_a_click_on_the_scrollbar_shows_that_part_of_the_list() -> None:
    async with TableApp(30).run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.click(RowTable, offset=(39, 9))
        await pilot.pause()
        shown = table(pilot)
        assert shown.scroll_y == shown.max_scroll_y
        assert shown.cursor_row == 0  # scrolled, not moved


async def test_dragging_the_scrollbar_scrolls_the_list_until_the_button_is_let_go() -> None:
    async with TableApp(30).run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = table(pilot)
        await pilot.mouse_down(RowTable, offset=(39, 0))
        await pilot.hover(RowTable, offset=(39, 5))  # half-way down the bar
        await pilot.pause()
        assert shown.scroll_y == round(5 / 9 * shown.max_scroll_y)
        await pilot.hover(RowTable, offset=(10, 9))  # off the bar, still held: follows
        await pilot.pause()
        assert shown.scroll_y == shown.max_scroll_y
        await pilot.mouse_up(RowTable, offset=(10, 9))
        await pilot.hover(RowTable, offset=(39, 0))  # let go: the pointer no longer drags
        await pilot.pause()
        assert shown.scroll_y == shown.max_scroll_y
        assert shown.cursor_row == 0 and chosen(pilot) == []


async def test_pressing_a_row_does_not_grab_the_scrollbar() -> None:
    async with TableApp(30).run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = table(pilot)
        await pilot.mouse_down(RowTable, offset=(5, 4))
        await pilot.hover(RowTable, offset=(39, 9))
        await pilot.pause()
        assert shown.scroll_y == 0
        await pilot.mouse_up(RowTable, offset=(39, 9))


async def test_new_rows_keep_the_cursor_where_it_can_stay() -> None:
    async with TableApp(30).run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = table(pilot)
        shown.move_cursor(row=20)
        shown.set_rows(COLUMNS, [(f"k{n}", (str(n), "")) for n in range(4)])
        await pilot.pause()
        assert shown.cursor_key == "k3"  # clamped to the last row
        assert shown.get_row_index("k2") == 2
        assert shown.row_keys == ["k0", "k1", "k2", "k3"]
        shown.set_rows(COLUMNS, [])
        assert shown.row_count == 0
        assert shown.cursor_key is None


async def test_a_wide_character_is_cut_on_a_cell_boundary() -> None:
    async with TableApp(1).run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = table(pilot)
        shown.set_rows(COLUMNS, [("k", ("1", "日本語テキスト"))])
        await pilot.pause()
        assert shown.render_line(1).text.startswith("   1  日本語  ")
