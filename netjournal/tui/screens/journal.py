"""Screen 2, Journal: every activity, one week at a time.

``[`` and ``]`` step through the weeks, ``t`` comes back to this week, ``g``
jumps to the week of any date (``3/4``, ``last tue``). ``/`` opens the filter
line (words searched in notes and tags, plus ``mode:`` ``channel:``
``purpose:`` ``#tag`` ``with:``); ``/`` again, while typing the filter, applies
it to all weeks (the hint line says so while the filter has focus), and ``a``
toggles a filter between the week shown and all weeks. Only the week shown is read from the store, and an all-weeks
search shows at most :data:`MAX_ROWS` rows, so the screen stays instant on a
ten-year journal.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Label

from netjournal.domain.models import Activity, Mode
from netjournal.domain.periods import Period, week_of
from netjournal.domain.timeparse import format_duration
from netjournal.errors import InputError
from netjournal.presentation import plural
from netjournal.tui.dialogs.ask import AskDialog
from netjournal.tui.filter_query import ActivityFilter, parse_filter
from netjournal.tui.screens import LIST_CSS
from netjournal.tui.screens.activity_list import ActivityListScreen
from netjournal.tui.widgets.activity_table import WIDE, ActivityTable

#: Most rows an all-weeks search shows (the newest): a search is read to find, not to scroll
#: through ten years, and every row shown is read and turned into cells first.
MAX_ROWS = 500

HINT = (
    "[ ] week · t this week · g go to date · / filter · a all weeks · x clear · "
    "e edit · d delete · u undo"
)
#: The hint while the filter line has focus: how to widen it with one key.
FILTERING_HINT = "enter: this week · / again: all weeks · esc: back to the list"

FILTER_PLACEHOLDER = "/ filter: words  mode:online  channel:x  purpose:maintain  #tag  with:Name"


def week_span(week: Period) -> str:
    """``Mon 23 – Sun 29 Nov 2026`` (the month and year once when they agree)."""
    start, end = week.start, week.end
    if start.year != end.year:
        return f"{start:%a} {start.day} {start:%b %Y} – {end:%a} {end.day} {end:%b %Y}"
    if start.month != end.month:
        return f"{start:%a} {start.day} {start:%b} – {end:%a} {end.day} {end:%b %Y}"
    return f"{start:%a} {start.day} – {end:%a} {end.day} {end:%b %Y}"


class JournalScreen(ActivityListScreen):
    """All activities by week, with filter, search, edit, delete and undo."""

    CSS_PATH = LIST_CSS

    SUB_TITLE = "2 Journal"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket", "prev_week", "Previous week", show=False),
        Binding("right_square_bracket", "next_week", "Next week", show=False),
        Binding("t", "this_week", "Back to this week", show=False),
        Binding("g", "jump", "Go to the week of a date", show=False),
        # A priority binding, so a second ``/`` reaches the screen while the filter
        # line has focus (an Input keeps printable keys): there it means "all weeks".
        Binding("slash", "search", "Filter; again: all weeks", show=False, priority=True),
        Binding("a", "toggle_scope", "Filter this week / all weeks", show=False),
        Binding("x", "clear_filter", "Clear the filter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.week: Period | None = None
        self.filter = ActivityFilter()
        self.all_weeks = False
        self.shown_ids: list[str] = []

    def compose_body(self) -> ComposeResult:
        yield Label("", id="journal-heading", classes="screen-heading", markup=False)
        yield Input(placeholder=FILTER_PLACEHOLDER, id="journal-filter", compact=True)
        yield ActivityTable(columns=WIDE, id="journal-table")
        yield Label(HINT, id="journal-hint", classes="hint", markup=False)

    # -- data ------------------------------------------------------------------

    def current_week(self) -> Period:
        if self.week is None:
            self.week = week_of(self.journal.today(), self.journal.config.week_start_index)
        return self.week

    def load(self) -> None:
        journal = self.journal
        week = self.current_week()
        searching_all = self.all_weeks and not self.filter.is_empty
        filter_input = self.query_one("#journal-filter", Input)
        try:
            if searching_all:
                found = journal.activities.list_activities(
                    None, None, **self.filter.facade_filters()
                )
            else:
                found = journal.activities.list_activities(
                    week.start, week.end, **self.filter.facade_filters()
                )
        except InputError as exc:
            filter_input.add_class("-invalid")
            filter_input.tooltip = exc.one_line()
            self.query_one("#journal-heading", Label).update(
                f"Filter not applied: {exc.one_line()}"
            )
            return
        filter_input.remove_class("-invalid")
        filter_input.tooltip = None
        total = len(found)
        shown = found[-MAX_ROWS:] if searching_all else found
        self.shown_ids = [a.id for a in shown]
        self.query_one(ActivityTable).show(
            shown,
            journal.activities.contacts_by_id(),
            long_dates=searching_all,
            date_order=journal.config.date_order,
            today=journal.today(),
        )
        self.query_one("#journal-heading", Label).update(
            self._heading(week, found, total, len(shown), searching_all)
        )

    def _heading(
        self, week: Period, found: list[Activity], total: int, shown: int, searching_all: bool
    ) -> str:
        online = sum(a.minutes for a in found if a.mode is Mode.ONLINE)
        offline = sum(a.minutes for a in found if a.mode is Mode.OFFLINE)
        where = "All weeks" if searching_all else f"{week.label} · {week_span(week)}"
        text = (
            f"{where} · {plural(total, 'activity', 'activities')} · "
            f"online {format_duration(online)} · offline {format_duration(offline)}"
        )
        if not self.filter.is_empty:
            text += f" · filter: {self.filter.describe()}"
        if shown < total:
            text += f" · newest {shown} shown"
        return text

    # -- weeks -------------------------------------------------------------------

    def show_week_of(self, day: date) -> None:
        self.week = week_of(day, self.journal.config.week_start_index)
        self.all_weeks = False
        self.reload()

    def action_prev_week(self) -> None:
        self.show_week_of(self.current_week().start - timedelta(days=1))

    def action_next_week(self) -> None:
        self.show_week_of(self.current_week().end + timedelta(days=1))

    def action_this_week(self) -> None:
        self.show_week_of(self.journal.today())

    def action_jump(self) -> None:
        def chosen(day: date | None) -> None:
            if day is not None:
                self.show_week_of(day)

        self.app.push_screen(
            AskDialog[date](
                "Show the week of which date?",
                self.journal.parse_date,
                placeholder="e.g. 3/4, 2026-04-03, last tue, 3 weeks ago",
            ),
            chosen,
        )

    # -- filter ------------------------------------------------------------------

    def action_search(self) -> None:
        filter_input = self.query_one("#journal-filter", Input)
        if not filter_input.has_focus:
            filter_input.focus()
            return
        # Second ``/``: apply what is typed to every week.
        self.filter = parse_filter(filter_input.value)
        self.all_weeks = True
        self.reload()
        if not filter_input.has_class("-invalid"):
            self.focus_main()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if event.widget.id == "journal-filter":
            self.query_one("#journal-hint", Label).update(FILTERING_HINT)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if event.widget.id == "journal-filter":
            self.query_one("#journal-hint", Label).update(HINT)

    def action_toggle_scope(self) -> None:
        self.all_weeks = not self.all_weeks
        if self.filter.is_empty:
            self.notify("Type a filter first (/): all weeks are searched, not listed")
        self.reload()

    def action_clear_filter(self) -> None:
        self.query_one("#journal-filter", Input).value = ""
        self.filter = ActivityFilter()
        self.all_weeks = False
        self.reload()

    @on(Input.Submitted, "#journal-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.filter = parse_filter(event.value)
        self.reload()
        if not event.input.has_class("-invalid"):
            self.focus_main()

    @on(Input.Changed, "#journal-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.input.remove_class("-invalid")
