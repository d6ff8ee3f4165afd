"""A read-only table of one-line rows, drawn on Textual's Line API.

Why not ``DataTable``: the Today screen's first frame is the app's start-up
time, and ``DataTable`` renders every cell through Rich's console (padding,
measuring, wrapping) and sizes itself on the idle after its rows arrive, so a
week that outgrows the list cost one more screen update before the app was
usable. This table knows every row is one line of plain text: it sets its
virtual size once per :meth:`RowTable.set_rows` and draws only the lines on
screen, each as one segment (``bench/FINDINGS.md``, "A table on the Line
API"). It keeps ``DataTable``'s look (a bold header row that stays put, zebra
stripes, a row cursor) and its keys, on public Textual API only.

Cells are shown as given: the caller makes them printable and cuts the
flexible column to fit (:mod:`netjournal.tui.widgets.columns`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBarRender
from textual.strip import Strip


@dataclass(frozen=True, slots=True)
class Column:
    """A column as drawn: its key, heading, content width and alignment."""

    key: str
    heading: str
    width: int
    right: bool = False


class RowTable(ScrollView, can_focus=True):
    """Rows of text cells keyed by an id, with a header row and a row cursor.

    Row 0 of the widget is the header and does not scroll; the rows below it
    scroll under it. ``cursor_row`` is the highlighted row (0 for the first
    row after the header).
    """

    DEFAULT_CSS = """
    RowTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        overflow-y: hidden;
        &:focus {
            background-tint: $foreground 5%;
            & > .row-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .row-table--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark > .row-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .row-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .row-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .row-table--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .row-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "row-table--header",
        "row-table--even-row",
        "row-table--cursor",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,ctrl+home", "first_row", "First row", show=False),
        Binding("end,ctrl+end", "last_row", "Last row", show=False),
        Binding("left", "scroll_left", "Scroll left", show=False),
        Binding("right", "scroll_right", "Scroll right", show=False),
    ]

    #: Blank cells on either side of every cell, as ``DataTable`` draws them.
    CELL_PADDING: ClassVar[int] = 1
    #: Rows one step of the mouse wheel scrolls.
    WHEEL_ROWS: ClassVar[int] = 3

    cursor_row: reactive[int] = reactive(0, always_update=True, init=False)

    class Chosen(Message):
        """A click on the highlighted row: the row was chosen (as ``enter``)."""

        def __init__(self, table: RowTable, key: str) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> RowTable:
            return self.table

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._columns: tuple[Column, ...] = ()
        self._keys: list[str] = []
        self._texts: list[tuple[str, ...]] = []
        self._index: dict[str, int] = {}
        self._dragging = False

    # -- content ---------------------------------------------------------------

    def set_rows(
        self, columns: Sequence[Column], rows: Sequence[tuple[str, Sequence[str]]]
    ) -> None:
        """Show ``rows`` (key, one text per column) under ``columns``; the cursor stays put."""
        self._columns = tuple(columns)
        self._keys = [key for key, _ in rows]
        self._texts = [tuple(cells) for _, cells in rows]
        self._index = {key: n for n, key in enumerate(self._keys)}
        # One more column than the cells take, for the drawn scrollbar.
        self.virtual_size = Size(self.table_width + 1, len(self._keys) + 1)
        self.cursor_row = self._clamped(self.cursor_row)
        self.refresh()

    @property
    def columns(self) -> tuple[Column, ...]:
        """The columns shown, left to right."""
        return self._columns

    @property
    def table_width(self) -> int:
        """Cells the columns take, padding included (the widget may be wider)."""
        return sum(c.width + 2 * self.CELL_PADDING for c in self._columns)

    @property
    def row_count(self) -> int:
        return len(self._keys)

    @property
    def row_keys(self) -> list[str]:
        """Every row's key, top to bottom."""
        return list(self._keys)

    def row_cells(self, index: int) -> tuple[str, ...]:
        """The texts of row ``index``, one per column (``IndexError`` past the end)."""
        return self._texts[index]

    def get_row_index(self, key: str) -> int:
        """The index of the row keyed ``key`` (``KeyError`` if it is not shown)."""
        return self._index[key]

    @property
    def cursor_key(self) -> str | None:
        """The key of the highlighted row, or ``None`` for an empty table."""
        if not self._keys:
            return None
        return self._keys[self._clamped(self.cursor_row)]

    # -- the cursor ------------------------------------------------------------

    def move_cursor(self, *, row: int) -> None:
        """Highlight row ``row`` (clamped to the rows there are) and bring it into view."""
        self.cursor_row = self._clamped(row)

    def _clamped(self, row: int) -> int:
        return max(0, min(row, len(self._keys) - 1))

    def watch_cursor_row(self, old: int, new: int) -> None:
        self.refresh()
        self._bring_into_view(new)

    def _bring_into_view(self, row: int) -> None:
        visible = self.scrollable_content_region.height - 1  # less the header
        if visible <= 0:
            return
        top = round(self.scroll_y)
        if row < top:
            self._scroll_rows_to(row)
        elif row >= top + visible:
            self._scroll_rows_to(row - visible + 1)

    def _scroll_rows_to(self, top: int) -> None:
        # ``force``: the table draws its own scrollbar, so Textual's overflow
        # is hidden and would otherwise refuse to scroll.
        self.scroll_to(y=top, animate=False, force=True)

    def on_resize(self, event: events.Resize) -> None:
        self._bring_into_view(self.cursor_row)

    def action_cursor_up(self) -> None:
        self.move_cursor(row=self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(row=self.cursor_row + 1)

    def action_page_up(self) -> None:
        self.move_cursor(row=self.cursor_row - max(1, self.scrollable_content_region.height - 1))

    def action_page_down(self) -> None:
        self.move_cursor(row=self.cursor_row + max(1, self.scrollable_content_region.height - 1))

    def action_first_row(self) -> None:
        self.move_cursor(row=0)

    def action_last_row(self) -> None:
        self.move_cursor(row=len(self._keys) - 1)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self._scroll_rows_to(round(self.scroll_y) + self.WHEEL_ROWS)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self._scroll_rows_to(round(self.scroll_y) - self.WHEEL_ROWS)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """A press on the scrollbar shows that part of the list and grabs the bar.

        While the button is held the pointer drags the list (the mouse is
        captured, so it may leave the bar or the table); the thumb follows
        the pointer's place along the bar, as a click there would put it.
        """
        offset = event.get_content_offset(self)
        if offset is None or not self._on_scrollbar(offset.x):
            return
        event.stop()
        self._dragging = True
        self.capture_mouse()
        self._scroll_to_bar(offset.y)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._dragging:
            event.stop()
            self._scroll_to_bar(event.get_content_offset_capture(self).y)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._dragging:
            event.stop()
            self._dragging = False
            self.release_mouse()

    def on_mouse_release(self, event: events.MouseRelease) -> None:
        # Also when the capture is taken away (another widget, the app losing focus).
        self._dragging = False

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0 or self._on_scrollbar(offset.x):
            return  # the header; the bar was handled when it was pressed
        row = offset.y - 1 + round(self.scroll_y)
        if not 0 <= row < len(self._keys):
            return
        if row == self.cursor_row:
            self.post_message(self.Chosen(self, self._keys[row]))
        else:
            self.move_cursor(row=row)

    def _on_scrollbar(self, x: int) -> bool:
        region = self.scrollable_content_region
        return self._overflows(region.height) and x == region.width - 1

    def _scroll_to_bar(self, y: int) -> None:
        """Show the part of the list at line ``y`` of the bar (top to bottom)."""
        height = self.scrollable_content_region.height
        y = max(0, min(y, height - 1))  # a drag may go past either end
        self._scroll_rows_to(round(y / max(1, height - 1) * self.max_scroll_y))

    # -- drawing ---------------------------------------------------------------

    def _overflows(self, height: int) -> bool:
        return len(self._keys) + 1 > height

    def render_line(self, y: int) -> Strip:
        width, height = self.scrollable_content_region.size
        bar = self._scrollbar_cell(y, height)
        if bar is not None:
            width -= 1
        row = y - 1 + round(self.scroll_y)
        if y == 0:
            style = self.get_component_rich_style("row-table--header")
            texts = [c.heading for c in self._columns]
        elif row < len(self._texts):
            style = self._row_style(row)
            texts = list(self._texts[row])
        else:
            style, texts = self.rich_style, ["" for _ in self._columns]
        pad = " " * self.CELL_PADDING
        line = "".join(
            pad + _fitted(text, column.width, column.right) + pad
            for column, text in zip(self._columns, texts, strict=True)
        )
        if y and row >= len(self._texts):
            line = ""
        scroll_x = round(self.scroll_x)
        full = max(width + scroll_x, cell_len(line))
        strip = Strip([Segment(set_cell_size(line, full), style)], full)
        strip = strip.crop(scroll_x, scroll_x + width)
        return strip if bar is None else Strip([*strip, bar], width + 1)

    def _scrollbar_cell(self, y: int, height: int) -> Segment | None:
        """Line ``y`` of the vertical scrollbar, or ``None`` when every row fits.

        Drawn here, in the table's last column, rather than by Textual's
        scrollbar widget: that widget is started when the first layout finds
        the rows overflowing, and its start and styling cost the first
        frame one more screen update (``bench/FINDINGS.md``). The glyphs and
        colours are Textual's own (``ScrollBarRender``, the ``scrollbar-*``
        styles).
        """
        if not self._overflows(height):
            return None
        styles = self.styles
        background = styles.scrollbar_background
        if background.a < 1:
            background = self.background_colors[0] + background
        color = background + styles.scrollbar_color
        bar = ScrollBarRender.render_bar(
            size=height,
            virtual_size=len(self._keys) + 1,
            window_size=height,
            position=self.scroll_y,
            thickness=1,
            vertical=True,
            back_color=background.rich_color,
            bar_color=color.rich_color,
        ).segments[y]
        # The glyphs carry Textual's scrollbar actions, which this widget has not.
        return Segment(bar.text, bar.style.clear_meta_and_links() if bar.style else None)

    def _row_style(self, row: int) -> Style:
        # Odd rows have the table's own colours; even rows the stripe.
        style = (
            self.get_component_rich_style("row-table--even-row")
            if row % 2 == 0
            else self.rich_style
        )
        if row == self.cursor_row:
            style += self.get_component_rich_style("row-table--cursor")
        return style


def _fitted(text: str, width: int, right: bool) -> str:
    """``text`` in exactly ``width`` cells: padded (left when ``right``) or cut."""
    length = cell_len(text)
    if length >= width:
        return set_cell_size(text, width)
    return " " * (width - length) + text if right else text + " " * (width - length)
