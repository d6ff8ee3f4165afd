"""Screen 4, Conversations: threads, who started them, and whether they were answered.

One month at a time (``[`` ``]``, ``t`` this month): the conversations that
started or were last active in it. ``o`` switches to the threads still
awaiting a reply, from any month (newest :data:`MAX_ROWS`). ``r`` records a
reply from the other side today, ``R`` asks for the date. Replies are
recorded through the facade's ``mark_replied``, which also resets the
contact's keep-in-touch clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Input, Label

from netjournal.domain.contact_record import Contact
from netjournal.domain.conversation_record import Conversation
from netjournal.domain.models import Initiator
from netjournal.domain.periods import Period, month_of
from netjournal.presentation import plural, printable
from netjournal.tui.dialogs.ask import AskDialog
from netjournal.tui.dialogs.confirm import ConfirmDialog
from netjournal.tui.screens.list_screen import ListScreen
from netjournal.tui.widgets.cells import plain_cells
from netjournal.tui.widgets.columns import clip, content_widths, fit_columns

#: Most rows shown at once (open threads of every month can run into thousands).
MAX_ROWS = 500


def in_month(conv: Conversation, month: Period) -> bool:
    """Started in ``month``, or still going in it (last message inside)."""
    return month.contains(conv.started) or (
        conv.last_date is not None and month.contains(conv.last_date)
    )


#: The columns, in order, with their headings.
COLUMNS: dict[str, str] = {
    "started": "Started",
    "with": "With",
    "channel": "Channel",
    "by": "Opened by",
    "answered": "Answered",
    "last": "Last",
    "messages": "Out/in",
    "summary": "Summary",
}
#: Given up, in this order, when the summary would be narrower than MIN_SUMMARY.
DROP_FIRST = ("messages", "by", "last", "channel")
MIN_SUMMARY = 24


def answered_text(conv: Conversation) -> str:
    if conv.replied:
        return f"✓ {conv.replied_on:%d %b}" if conv.replied_on else "✓"
    return "awaiting"


class ConversationsScreen(ListScreen):
    """Conversations by month or open ones, with mark-as-replied."""

    SUB_TITLE = "4 Conversations"
    MAIN: ClassVar[str] = "#conversations-table"
    SEARCH: ClassVar[str] = "#conversations-search"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "reply", "Mark as replied (today)", show=False),
        Binding("R", "reply_on", "Mark as replied on a date…", show=False),
        Binding("o", "toggle_open", "Only open threads / by month", show=False),
        Binding("left_square_bracket", "prev_month", "Previous month", show=False),
        Binding("right_square_bracket", "next_month", "Next month", show=False),
        Binding("t", "this_month", "Back to this month", show=False),
        Binding("slash", "search", "Search by contact or summary", show=False),
        Binding("d,delete", "delete", "Delete the conversation", show=False),
        Binding("u", "undo", "Undo the last change", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.month: Period | None = None
        self.open_only = False
        self._cache: tuple[Any, list[Conversation], dict[str, Contact]] | None = None
        self._shown: tuple[Sequence[Conversation], dict[str, Contact]] | None = None
        self._columns: tuple[str, ...] = ()
        self._fitted_width = 0

    def compose_body(self) -> ComposeResult:
        yield Label("", id="conversations-heading", classes="screen-heading", markup=False)
        yield Input(
            placeholder="/ search by contact, channel or summary",
            id="conversations-search",
            compact=True,
        )
        yield DataTable(id="conversations-table", cursor_type="row", zebra_stripes=True)
        yield Label(
            "r replied · R replied on… · o open only · [ ] month · t this month · / search · "
            "d delete · u undo",
            classes="hint",
            markup=False,
        )

    def on_resize(self, event: events.Resize) -> None:
        # The table's own width is known once the new layout is done.
        self.call_after_refresh(self._refit)

    def _refit(self) -> None:
        table = self.query_one("#conversations-table", DataTable)
        if self._shown is not None and table.outer_size.width != self._fitted_width:
            self._fill(*self._shown)

    def current_month(self) -> Period:
        if self.month is None:
            self.month = month_of(self.journal.today())
        return self.month

    # -- data ------------------------------------------------------------------

    def load(self) -> None:
        journal = self.journal
        month = self.current_month()
        if self._cache is None or self._cache[0] != self.loaded_version:
            # One read per store version: stepping through months and typing a
            # search then filter this list without touching the store.
            self._cache = (
                self.loaded_version,
                journal.conversations.list_conversations(),
                journal.activities.contacts_by_id(),
            )
        _, everything, by_id = self._cache
        if self.open_only:
            found = [c for c in everything if not c.replied]
        else:
            found = [c for c in everything if in_month(c, month)]
        if self.search_text:
            found = [c for c in found if self._matches(c, by_id)]
        total = len(found)
        shown = found[-MAX_ROWS:]
        self._fill(shown, by_id)
        answered = sum(1 for c in found if c.replied)
        mine = sum(1 for c in found if c.initiated_by is Initiator.ME)
        where = "Open threads, all months" if self.open_only else f"{month.start:%B %Y}"
        heading = (
            f"{where} · {plural(total, 'conversation')} · {answered} answered · I opened {mine}"
        )
        if self.search_text:
            heading += f" · matching “{self.search_text}”"
        if len(shown) < total:
            heading += f" · newest {len(shown)} shown"
        self.query_one("#conversations-heading", Label).update(printable(heading))

    def _matches(self, conv: Conversation, by_id: dict[str, Contact]) -> bool:
        needle = self.search_text.casefold()
        names = " ".join(by_id[c].name for c in conv.contact_ids if c in by_id)
        return needle in f"{names} {conv.channel} {conv.summary}".casefold()

    def _fill(self, convs: Sequence[Conversation], by_id: dict[str, Contact]) -> None:
        self._shown = (convs, by_id)
        table = self.query_one("#conversations-table", DataTable)
        keep = self.selected_id()
        rows = [(c.id, self._cells(c, by_id)) for c in convs]
        self._fitted_width = table.outer_size.width
        names, summary_width = fit_columns(
            tuple(COLUMNS),
            content_widths(COLUMNS, (cells for _, cells in rows)),
            flex="summary",
            available=self._fitted_width or self.app.size.width - 2,
            drop_first=DROP_FIRST,
            min_flex=MIN_SUMMARY,
            padding=2 * table.cell_padding,
        )
        if names != self._columns:
            table.clear(columns=True)
            for name in names:
                table.add_column(COLUMNS[name], key=name)
            self._columns = names
        else:
            table.clear()
        for conv_id, cells in rows:
            cells["summary"] = clip(cells["summary"], summary_width)
            table.add_row(*plain_cells(*(cells[name] for name in names)), key=conv_id)
        if keep is not None and keep in {c.id for c in convs}:
            table.move_cursor(row=table.get_row_index(keep))

    @staticmethod
    def _cells(c: Conversation, by_id: dict[str, Contact]) -> dict[str, str]:
        names = ", ".join(by_id[i].name if i in by_id else "(unknown)" for i in c.contact_ids)
        return {
            "started": f"{c.started:%a %d %b}",
            "with": names,
            "channel": c.channel,
            "by": "me" if c.initiated_by is Initiator.ME else "them",
            "answered": answered_text(c),
            "last": f"{c.last_date:%d %b}" if c.last_date else "",
            "messages": f"{c.messages_out}/{c.messages_in}",
            "summary": c.summary[:50],
        }

    # -- replies -----------------------------------------------------------------

    def action_reply(self, on: str | None = None) -> None:
        conv_id = self.selected_id()
        if conv_id is None:
            self.notify("no conversation here", severity="warning")
            return
        conv = self.journal.conversations.get_conversation(conv_id)
        if conv.replied and on is None:
            self.notify("Already answered; a further reply is counted as a message")
        if self.attempt(lambda: self.journal.conversations.mark_replied(conv_id, on=on)):
            self.wrote("Marked as replied")

    def action_reply_on(self) -> None:
        if self.selected_id() is None:
            return

        def check(text: str) -> str:
            self.journal.parse_date(text)  # refuse what cannot be read before closing
            return text

        def chosen(text: str | None) -> None:
            if text:
                self.action_reply(on=text)

        self.app.push_screen(
            AskDialog[str](
                "They replied on which date?", check, placeholder="today, yesterday, 20/11"
            ),
            chosen,
        )

    # -- scope -------------------------------------------------------------------

    def action_toggle_open(self) -> None:
        self.open_only = not self.open_only
        self.reload()

    def _show_month_of(self, day: date) -> None:
        self.month = month_of(day)
        self.open_only = False
        self.reload()

    def action_prev_month(self) -> None:
        self._show_month_of(self.current_month().start - timedelta(days=1))

    def action_next_month(self) -> None:
        self._show_month_of(self.current_month().end + timedelta(days=1))

    def action_this_month(self) -> None:
        self._show_month_of(self.journal.today())

    def action_delete(self) -> None:
        conv_id = self.selected_id()
        if conv_id is None:
            return

        def answered(yes: bool | None) -> None:
            if yes and self.attempt(
                lambda: self.journal.conversations.remove_conversation(conv_id)
            ):
                self.wrote("Conversation deleted. Press u to undo.")

        self.app.push_screen(
            ConfirmDialog("Delete this conversation?", yes="Delete", no="Keep"), answered
        )

    def action_undo(self) -> None:
        self.undo_last(self.select_in(self.query_one("#conversations-table", DataTable)))
