"""A table of activities, one row per activity, keyed by activity id.

Shared by the Today and Journal screens. It is given one week (or a capped
search result), never the whole store; every cell is made printable here
(an escape sequence in a note must not reach the terminal) and the note is
cut to the width the other columns leave.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from textual import events

from netjournal.domain.models import Activity, Purpose
from netjournal.domain.timeparse import format_duration
from netjournal.presentation import printable
from netjournal.tui.widgets.columns import clip, content_widths, fit_columns
from netjournal.tui.widgets.row_table import Column, RowTable

if TYPE_CHECKING:
    # Names only: the lists show names from contacts the caller passes in.
    from netjournal.domain.contact_record import Contact

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


class ActivityTable(RowTable):
    """Activities as rows; the row key is the activity id.

    The note column takes the width the other columns leave (at least
    ``MIN_NOTE`` cells); when that is too little, the columns in
    ``DROP_FIRST`` are given up in that order. The columns are fitted to the
    table's width when rows are shown and again when the table is resized.
    ``note_width`` is the note's width before the table has been laid out.
    """

    #: Given up, in this order, when the note would be narrower than MIN_NOTE.
    DROP_FIRST: ClassVar[tuple[str, ...]] = (
        "tags",
        "style",
        "purpose",
        "time",
        "with",
        "channel",
    )
    MIN_NOTE: ClassVar[int] = 20
    #: Columns whose cells are right-aligned.
    RIGHT: ClassVar[frozenset[str]] = frozenset({"minutes"})

    def __init__(
        self,
        *,
        columns: Sequence[str] = WIDE,
        note_width: int = 48,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.column_names = tuple(columns)
        self.note_width = note_width
        self._rows: list[tuple[str, dict[str, str]]] = []
        self._fitted: tuple[tuple[str, ...], int] | None = None

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
        keep, keep_row = self.selected_id, self.cursor_row
        self._rows = [
            (a.id, self._cells(a, contacts, long_dates, date_order, today)) for a in activities
        ]
        self._fitted = None
        self._draw()
        if keep is not None and not self.select_id(keep) and self.row_count:
            # The row is gone (deleted): stay at its place, on the row that
            # followed it, rather than jumping back to the first row.
            self.move_cursor(row=min(keep_row, self.row_count - 1))

    def fitted_columns(self) -> tuple[tuple[str, ...], int]:
        """The columns that fit the table's width now, and the note's width."""
        width = self.outer_size.width
        if not width:
            return self.column_names, self.note_width
        widths = content_widths(
            {name: COLUMNS[name] for name in self.column_names},
            (cells for _, cells in self._rows),
        )
        return fit_columns(
            self.column_names,
            widths,
            flex="note",
            available=width,
            drop_first=self.DROP_FIRST,
            min_flex=self.MIN_NOTE,
            padding=2 * self.CELL_PADDING,
        )

    def _draw(self) -> None:
        fitted = self.fitted_columns()
        if fitted == self._fitted:
            return
        self._fitted = fitted
        names, note_width = fitted
        shown = [{**cells, "note": clip(cells["note"], note_width)} for _, cells in self._rows]
        widths = content_widths({name: COLUMNS[name] for name in names}, shown)
        self.set_rows(
            [Column(name, COLUMNS[name], widths[name], name in self.RIGHT) for name in names],
            [
                (key, [cells[name] for name in names])
                for (key, _), cells in zip(self._rows, shown, strict=True)
            ],
        )

    def on_resize(self, event: events.Resize) -> None:
        self._draw()
        super().on_resize(event)

    def select_id(self, activity_id: str) -> bool:
        """Put the cursor on the activity ``activity_id``; ``False`` if it is not shown."""
        try:
            self.move_cursor(row=self.get_row_index(activity_id))
        except KeyError:
            return False
        return True

    @property
    def selected_id(self) -> str | None:
        """The id of the activity under the cursor, or ``None`` for an empty table."""
        return self.cursor_key

    @staticmethod
    def _cells(
        a: Activity,
        contacts: Mapping[str, Contact],
        long_dates: bool,
        date_order: str,
        today: date | None,
    ) -> dict[str, str]:
        names = [contacts[c].name if c in contacts else "(unknown)" for c in a.contact_ids]
        day = day_label(a.date, long=long_dates, date_order=date_order)
        cells = {
            "day": f"{day} •" if a.date == today else day,
            "time": a.time.strftime("%H:%M") if a.time else "",
            "mode": a.mode.value,
            "mode_short": "on" if a.mode.value == "online" else "off",
            "minutes": format_duration(a.minutes),
            "channel": a.channel,
            "purpose": PURPOSE_SHORT.get(a.purpose, a.purpose.value),
            "style": a.style.value,
            "with": ", ".join(names),
            "note": a.note,
            "tags": " ".join(f"#{t}" for t in a.tags),
            "cpd": "✓" if a.is_cpd else "",
        }
        return {name: printable(text) for name, text in cells.items()}
