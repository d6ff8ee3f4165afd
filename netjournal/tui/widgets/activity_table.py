"""A DataTable of activities, one row per activity, keyed by activity id.

Shared by the Today and Journal screens. It is only ever given one week (or a
capped search result), never the whole store: a DataTable with 40k rows takes
seconds to build, one week takes milliseconds.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual._types import SegmentLines
from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.render import measure
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets._data_table import default_cell_formatter
from textual.widgets.data_table import ColumnKey, RowDoesNotExist, RowKey

from netjournal.domain.models import Activity, Contact, Purpose
from netjournal.domain.timeparse import format_duration
from netjournal.tui.widgets.cells import as_text

#: One word per purpose, for narrow columns (the form accepts the same words).
PURPOSE_SHORT: dict[Purpose, str] = {
    Purpose.SOURCE_INFORMATION: "source",
    Purpose.MAKE_CONNECTIONS: "new",
    Purpose.MAINTAIN_CONNECTIONS: "maintain",
    Purpose.SHARE_WORK: "share",
    Purpose.FIND_SIMILAR: "similar",
    Purpose.CHALLENGE_ASSUMPTIONS: "challenge",
    Purpose.VALIDATE_VIEWS: "validate",
    Purpose.BROADCAST: "broadcast",
    Purpose.OTHER: "other",
}

#: Every column the table can show, with its heading.
COLUMNS: dict[str, str] = {
    "day": "Day",
    "time": "At",
    "mode": "Mode",
    "mode_short": "Mode",
    "minutes": "Length",
    "channel": "Channel",
    "purpose": "Purpose",
    "style": "Style",
    "with": "With",
    "note": "Note",
    "tags": "Tags",
    "cpd": "CPD",
}

WIDE = (
    "day",
    "time",
    "mode",
    "minutes",
    "channel",
    "purpose",
    "style",
    "with",
    "note",
    "tags",
    "cpd",
)
NARROW = ("day", "mode_short", "minutes", "channel", "note")


def day_label(day: date, *, long: bool, date_order: str = "dmy") -> str:
    """``Wed 25`` within a week; ``25 Nov 2026`` (or ``Nov 25 2026``) across weeks."""
    if not long:
        return f"{day:%a} {day.day}"
    if date_order == "mdy":
        return f"{day:%b} {day.day} {day.year}"
    return f"{day.day} {day:%b %Y}"


class ActivityTable(DataTable[str | Text]):
    """Activities as rows; the row key is the activity id."""

    def __init__(
        self,
        *,
        columns: Sequence[str] = WIDE,
        note_width: int = 48,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes, cursor_type="row", zebra_stripes=True)
        self.column_names = tuple(columns)
        self.note_width = note_width
        self._row_styles: dict[tuple[object, ...], Style] = {}

    def on_mount(self) -> None:
        for name in self.column_names:
            # A Text heading, not a str: DataTable reads a str label as markup
            # with emoji codes, whose table (rich._emoji_codes) costs ~5 ms to
            # import on the first screen. The heading looks the same.
            self.add_column(Text(COLUMNS[name]), key=name)

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """Widen the columns for ``new_rows`` by their cells' width, then let DataTable size the table.

        DataTable measures every new row through Rich (``measure``: a
        formatted renderable and a fresh ``ConsoleOptions`` per cell); for the
        one-line ``Text`` cells this table holds, that width is the widest
        line's cell length, which is what ``Text.__rich_measure__`` returns as
        its maximum. Measured here directly, the week's 250-odd rows cost a
        fraction of it at start. A row with a label or an automatic height
        is left to DataTable's own pass, which also sizes those; any other
        kind of cell is measured as DataTable does.
        """
        columns = self.ordered_columns
        data = self._data
        console = self.app.console
        left: list[RowKey] = []
        for row_key in new_rows:
            cells = data.get(row_key)
            row = self.rows.get(row_key)
            if cells is None or row is None:  # removed before DataTable got to it
                continue
            if row.label is not None or row.auto_height:
                left.append(row_key)
                continue
            for column in columns:
                cell = cells.get(column.key)
                if cell is None:
                    continue
                if isinstance(cell, Text):
                    lines = cell.plain.splitlines()
                    width = max(map(cell_len, lines)) if lines else 0
                else:
                    width = measure(console, default_cell_formatter(cell, wrap=False, height=1), 1)
                if width > column.content_width:
                    column.content_width = width
        super()._update_dimensions(left)

    def show(
        self,
        activities: Sequence[Activity],
        contacts: Mapping[str, Contact],
        *,
        long_dates: bool = False,
        date_order: str = "dmy",
        today: date | None = None,
    ) -> None:
        """Replace the rows with ``activities``, keeping the cursor on the same id if it is still there."""
        keep = self.selected_id
        self.clear()
        for activity in activities:
            cells = self._cells(activity, contacts, long_dates, date_order, today, self.note_width)
            self.add_row(*(as_text(cells[name]) for name in self.column_names), key=activity.id)
        if keep is not None:
            # The row may be gone (deleted elsewhere): then stay where we are.
            with contextlib.suppress(KeyError, RowDoesNotExist):
                self.move_cursor(row=self.get_row_index(keep))

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        """One body cell's line, built directly when it is one line of plain Text that fits.

        DataTable renders every cell through Rich (``Styled(Padding(cell))``
        and two ``render_lines``), ~0.2 ms a cell, which is most of drawing the
        week's list on the first frame. For the cells this table holds (a
        one-line ``Text`` without styles or tabs, left- or right-justified,
        narrower than its column) the result is known: the padding, the text,
        the spaces that fill the column, each styled as ``Styled`` styles
        them. These are the same segments, in the same cache; a test compares
        them with DataTable's own for every cell of a week. Anything else
        (headings, wider or styled text) goes through DataTable.
        """
        found = self._plain_cell(row_index, column_index)
        if found is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        cell, row_key, column_key = found
        cache_key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cache = self._cell_render_cache
        if cache_key in cache:
            return cache[cache_key]
        pad = self.cell_padding
        inner = width - 2 * pad
        text = cell.plain
        if cell.justify == "right":
            text = text.rstrip()
            lead = inner - cell_len(text)
            pieces: list[tuple[str, Style | None]] = [(" " * lead + text, None)]
        elif cell.justify == "left":
            pieces = [(text + " " * (inner - cell_len(text)), None)]
        else:
            pieces = [(text, None)]
            fill = inner - cell_len(text)
            if fill:
                pieces.append((" " * fill, None))
        if pad:
            null = Style.null()
            pieces = [(" " * pad, null), *pieces, (" " * pad, null)]
        component_style, post_style = self._get_styles_to_render_cell(
            False,
            False,
            row_index < self.fixed_rows or column_index < self.fixed_columns,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        pre_style = base_style + Style.from_meta({"row": row_index, "column": column_index})
        pre_style += component_style
        line: list[Segment] = []
        for piece, style in pieces:
            if pre_style:
                style = pre_style + style
            if post_style:
                style = style + post_style if style else post_style
            line.append(Segment(piece, style))
        lines = [line]
        cache[cache_key] = lines
        return lines

    def render_lines(self, crop: Region) -> list[Strip]:
        self._row_styles.clear()  # worked out again for every frame
        return super().render_lines(crop)

    def _render_line_in_row(
        self,
        row_key: RowKey,
        line_no: int,
        base_style: Style,
        cursor_location: Coordinate,
        hover_location: Coordinate,
    ) -> tuple[SegmentLines, SegmentLines]:
        """One line of a row, assembled as DataTable assembles it, without its per-line waste.

        For every line DataTable works out the header's style (used only for
        row labels and fixed columns, which this table never has), the
        widget's background colours (used only without a row cursor) and
        the zebra row's style: three walks up the DOM per line, a third of
        drawing the week's list. Here the row style is worked out once per
        frame for each kind of row and the unused ones not at all; the cells
        and the filler after them are DataTable's, in its cache. A test
        compares every line with DataTable's own in both themes, with the
        cursor and the mouse on different rows. A table with labels, fixed
        columns or another cursor type is drawn by DataTable.
        """
        if (
            (self._labelled_row_exists and self.show_row_labels)
            or self.fixed_columns
            or self.cursor_type != "row"
        ):
            return super()._render_line_in_row(
                row_key, line_no, base_style, cursor_location, hover_location
            )
        cursor_type = self.cursor_type
        cache_key = (
            row_key,
            line_no,
            base_style,
            cursor_location,
            hover_location,
            cursor_type,
            self.show_cursor,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cache = self._row_render_cache
        if cache_key in cache:
            return cache[cache_key]
        found_index = self._row_locations.get(row_key)
        row_index = -1 if found_index is None else found_index
        row_style = self._row_style(row_index, base_style)
        should_highlight = self._should_highlight
        render_cell = self._render_cell
        scrollable_row: list[list[Segment]] = []
        table_width = self._row_label_column_width
        for column_index, column in enumerate(self.ordered_columns):
            width = column.get_render_width(self)
            table_width += width
            cell_location = Coordinate(row_index, column_index)
            scrollable_row.append(
                render_cell(
                    row_index,
                    column_index,
                    row_style,
                    width,
                    cursor=should_highlight(cursor_location, cell_location, cursor_type),
                    hover=should_highlight(hover_location, cell_location, cursor_type),
                )[line_no]
            )
        remaining_space = max(0, self.size.width - table_width)
        extend_style, _ = self._get_styles_to_render_cell(
            row_index == -1,
            False,
            False,
            should_highlight(hover_location, Coordinate(row_index or 0, 0), cursor_type),
            row_index == cursor_location.row,
            self.show_cursor,
            self._show_hover_cursor,
            False,
            False,
        )
        extend_style = row_style + extend_style
        extend_style += Style.from_meta({"row": row_index, "column": 0, "out_of_bounds": True})
        scrollable_row.append([Segment(" " * remaining_space, extend_style)])
        pair: tuple[SegmentLines, SegmentLines] = ([], scrollable_row)
        cache[cache_key] = pair
        return pair

    def _row_style(self, row_index: int, base_style: Style) -> Style:
        """:meth:`DataTable._get_row_style`, once per frame for each kind of row."""
        if row_index == -1 or row_index < self.fixed_rows:
            kind: object = row_index
        else:
            kind = "zebra-odd" if self.zebra_stripes and row_index % 2 else "zebra-even"
        key = (kind, self.zebra_stripes, base_style)
        styles = self._row_styles
        found = styles.get(key)
        if found is None:
            found = styles[key] = self._get_row_style(row_index, base_style)
        return found

    def _plain_cell(
        self, row_index: int, column_index: int
    ) -> tuple[Text, RowKey, ColumnKey] | None:
        """The cell at this place (and its keys) if :meth:`_render_cell` can draw it directly."""
        if row_index < 0 or column_index < 0:
            return None
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None:
            return None
        row = self.rows.get(row_key)
        column = self.columns.get(column_key)
        if row is None or row.height != 1 or column is None:
            return None
        cell = self._data[row_key].get(column_key)
        if (
            not isinstance(cell, Text)
            or cell.spans
            or cell.style
            or cell.justify not in (None, "default", "left", "right")
            or cell.overflow not in (None, "fold")
            or "\n" in cell.plain
            or "\t" in cell.plain
            or cell_len(cell.plain) > column.get_render_width(self) - 2 * self.cell_padding
        ):
            return None
        return cell, row_key, column_key

    @property
    def selected_id(self) -> str | None:
        """The id of the activity under the cursor, or ``None`` for an empty table."""
        if not self.row_count:
            return None
        try:
            key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        except Exception:
            return None
        return key.value

    @staticmethod
    def _cells(
        a: Activity,
        contacts: Mapping[str, Contact],
        long_dates: bool,
        date_order: str,
        today: date | None,
        note_width: int,
    ) -> dict[str, str | Text]:
        names = [contacts[c].name if c in contacts else "(unknown)" for c in a.contact_ids]
        day = day_label(a.date, long=long_dates, date_order=date_order)
        return {
            "day": f"{day} •" if a.date == today else day,
            "time": a.time.strftime("%H:%M") if a.time else "",
            "mode": a.mode.value,
            "mode_short": "on" if a.mode.value == "online" else "off",
            "minutes": Text(format_duration(a.minutes), justify="right"),
            "channel": a.channel,
            "purpose": PURPOSE_SHORT.get(a.purpose, a.purpose.value),
            "style": a.style.value,
            "with": ", ".join(names),
            "note": _clip(a.note, note_width),
            "tags": " ".join(f"#{t}" for t in a.tags),
            "cpd": "✓" if a.is_cpd else "",
        }


def _clip(text: str, width: int) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"
