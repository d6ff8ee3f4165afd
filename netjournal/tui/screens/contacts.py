"""Screen 3, Contacts: who you know, when you last spoke, and who is due.

The list shows each contact's last contact date, keep-in-touch cadence and a
"due" marker (the facade's ``contacts_due`` decides, with the rule in
docs/relationships.md). Beside it, the history of the contact under the
cursor: the activities of the last twelve months that involved them (a
bounded read, however long the journal) and every conversation with them.
``a`` adds, ``e`` edits, ``m`` merges a duplicate into the highlighted
contact, ``d`` deletes (``u`` undoes), ``f`` shows only those due.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import DataTable, Input, Label, Static

from netjournal.domain.contact_notes import notes_of
from netjournal.domain.contact_record import Contact
from netjournal.domain.contacts import search_contacts
from netjournal.domain.keep_in_touch import DueContact
from netjournal.domain.models import Initiator
from netjournal.domain.timeparse import format_duration
from netjournal.errors import InputError, NetjournalError
from netjournal.presentation import plural, printable, split_tags
from netjournal.tui.dialogs.ask import AskDialog
from netjournal.tui.dialogs.confirm import ConfirmDialog
from netjournal.tui.dialogs.edit_contact import HANDLE_FIELDS, ContactDialog, contact_values
from netjournal.tui.screens.list_screen import ListScreen
from netjournal.tui.widgets.cells import plain_cells

#: Contact notes the card lists (newest first; `contact note --list` shows them all).
CARD_NOTES = 5
#: How far back the history panel reads activities (conversations: all).
HISTORY_DAYS = 365
#: Rows of each kind the history panel lists (newest first).
HISTORY_ROWS = 12


def short_date(day: date | None) -> str:
    """``12 Nov 2026``, or ``—`` when there is no date."""
    return f"{day.day} {day:%b %Y}" if day is not None else "—"


class ContactsScreen(ListScreen):
    """The contact list with search, due markers and per-contact history."""

    SUB_TITLE = "3 Contacts"
    MAIN: ClassVar[str] = "#contacts-table"
    SEARCH: ClassVar[str] = "#contacts-search"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search contacts", show=False),
        Binding("enter,h", "history", "Their activities and conversations", show=False),
        Binding("f", "toggle_due", "Only those due / everyone", show=False),
        Binding("a", "add_contact", "Add a contact", show=False),
        Binding("e", "edit_contact", "Edit the contact", show=False),
        Binding("m", "merge", "Merge another contact into this one", show=False),
        Binding("d,delete", "delete_contact", "Delete the contact", show=False),
        Binding("u", "undo", "Undo the last change", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.due_only = False
        self._cache: tuple[Any, list[Contact], list[DueContact]] | None = None
        self.by_id: dict[str, Contact] = {}
        self.history_for: str | None = None

    def compose_body(self) -> ComposeResult:
        yield Label("", id="contacts-heading", classes="screen-heading", markup=False)
        yield Input(
            placeholder="/ search names, organisations, handles, tags, notes",
            id="contacts-search",
            compact=True,
        )
        with Horizontal(id="contacts-main"):
            table: DataTable[str] = DataTable(
                id="contacts-table", cursor_type="row", zebra_stripes=True
            )
            yield table
            with VerticalScroll(id="contact-detail"):
                yield Static("", id="contact-card", markup=False)
                yield Static("", id="contact-history", markup=False)
        yield Label(
            "enter history · / search · f due only · a add · e edit · m merge · d delete · u undo",
            classes="hint",
            markup=False,
        )

    def on_mount(self) -> None:
        table = self.query_one("#contacts-table", DataTable)
        # What the list is for (who is due) before the organisation, which
        # is the first thing cut off on a narrow terminal.
        table.add_column("Name", key="name")
        table.add_column("Last contact", key="last")
        table.add_column("Due", key="due")
        table.add_column("Every", key="cadence")
        table.add_column("Organisation", key="org")

    # -- data --------------------------------------------------------------------

    def load(self) -> None:
        journal = self.journal
        if self._cache is None or self._cache[0] != self.loaded_version:
            # One read of the contacts per store version; searching and the due
            # filter then work on this list as you type.
            everyone = journal.relationships.list_contacts()
            due = journal.keep_in_touch.contacts_due()
            self._cache = (self.loaded_version, everyone, due)
        _, everyone, due = self._cache
        overdue = {d.id: d.overdue_days for d in due}
        by_id = {c.id: c for c in everyone}
        contacts = [by_id[d.id] for d in due if d.id in by_id] if self.due_only else everyone
        if self.search_text:
            contacts = search_contacts(contacts, self.search_text)
        self.by_id = by_id
        table = self.query_one("#contacts-table", DataTable)
        keep = self.selected_id()
        table.clear()
        for c in contacts:
            table.add_row(
                *plain_cells(
                    c.name,
                    short_date(c.last_contact),
                    f"● {overdue[c.id]}d" if c.id in overdue else "",
                    f"{c.cadence_days}d" if c.cadence_days else "",
                    c.organisation[:28],
                ),
                key=c.id,
            )
        if keep is not None and keep in {c.id for c in contacts}:
            table.move_cursor(row=table.get_row_index(keep))
        scope = "due a catch-up" if self.due_only else "contacts"
        heading = f"{len(contacts)} {scope} · {len(overdue)} due"
        if self.search_text:
            heading += f" · matching “{self.search_text}”"
        self.query_one("#contacts-heading", Label).update(printable(heading))
        self.history_for = None
        self.show_card(self.selected_id())

    @on(DataTable.RowHighlighted, "#contacts-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_card(event.row_key.value)

    @on(DataTable.RowSelected, "#contacts-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.show_history(event.row_key.value)

    def action_history(self) -> None:
        self.show_history(self.selected_id())

    def show_card(self, contact_id: str | None) -> None:
        """The highlighted contact's details (from the list already read: no store call)."""
        card = self.query_one("#contact-card", Static)
        history = self.query_one("#contact-history", Static)
        contact = self.by_id.get(contact_id) if contact_id else None
        if contact is None:
            card.update("No contact selected." if not self.search_text else "Nobody matches.")
            history.update("")
            return
        card.update(self._card(contact))
        if contact_id != self.history_for:
            history.update("enter: their activities of the last 12 months and conversations")

    def show_history(self, contact_id: str | None) -> None:
        """Read and show the contact's recent activities and every conversation with them.

        On request (``enter``), not on every cursor move: it reads twelve
        months of activities and all conversations, which on a ten-year
        journal is worth a keypress, not a scroll.
        """
        if contact_id is None:
            return
        history = self.query_one("#contact-history", Static)
        journal = self.journal
        try:
            today = journal.today()
            acts = journal.activities.list_activities(
                today - timedelta(days=HISTORY_DAYS), today, contact=contact_id
            )
            convs = journal.conversations.list_conversations(with_name=contact_id)
        except NetjournalError as exc:
            history.update(exc.one_line())
            return
        self.history_for = contact_id
        lines = [f"Last 12 months: {plural(len(acts), 'activity', 'activities')}"]
        for a in reversed(acts[-HISTORY_ROWS:]):
            lines.append(
                f"  {short_date(a.date)} · {a.mode.value} {format_duration(a.minutes)} · {a.channel}"
            )
        lines.append(f"Conversations: {len(convs)}")
        for c in reversed(convs[-HISTORY_ROWS:]):
            who = "I started" if c.initiated_by is Initiator.ME else "they started"
            answered = "answered" if c.replied else "open"
            lines.append(f"  {short_date(c.started)} · {c.channel} · {who} · {answered}")
        history.update("\n".join(map(printable, lines)))

    @staticmethod
    def _card(c: Contact) -> str:
        lines = [c.name]
        if c.role or c.organisation:
            lines.append(", ".join(x for x in (c.role, c.organisation) if x))
        for platform, handle in c.handles.items():
            lines.append(f"{platform}: {handle}")
        if c.tags:
            lines.append(" ".join(f"#{t}" for t in c.tags))
        if c.met:
            lines.append(f"met: {c.met}")
        if c.snoozed_until:
            lines.append(f"snoozed until {short_date(c.snoozed_until)}")
        notes = notes_of(c)
        if notes:
            lines.append(f"Notes ({len(notes)}), newest first:")
            lines.extend(f"  {short_date(n.date)} · {n.text}" for n in notes[:CARD_NOTES])
        return "\n".join(map(printable, lines))

    # -- scope (the search line: ListScreen) -------------------------------------

    def action_toggle_due(self) -> None:
        self.due_only = not self.due_only
        self.reload()

    # -- add, edit, merge, delete ----------------------------------------------------

    def action_add_contact(self) -> None:
        def save(fields: dict[str, str]) -> object:
            if not fields.get("name"):
                raise InputError("a contact needs a name", field="name")
            contact, look_alikes = self.journal.relationships.add_contact(
                fields["name"],
                organisation=fields.get("organisation", ""),
                role=fields.get("role", ""),
                handles={p: fields[p] for p in HANDLE_FIELDS if fields.get(p)} or None,
                tags=split_tags(fields.get("tags", "")),
                met=fields.get("met", ""),
                notes=fields.get("notes", ""),
                cadence=fields.get("cadence") or None,
                connected=fields.get("connected") or None,
            )
            if look_alikes:
                self.notify(
                    f"{contact.name} looks like an existing contact: press m to merge if so",
                    severity="warning",
                )
            return contact

        self.app.push_screen(ContactDialog("Add a contact", save), self._saved("Contact added"))

    def action_edit_contact(self) -> None:
        contact_id = self.selected_id()
        if contact_id is None:
            return
        try:
            contact = self.journal.relationships.get_contact(contact_id)
        except NetjournalError as exc:
            self.notify(exc.one_line(), severity="error")
            return
        # From the record, not the (printable) field text, so an edit removes
        # exactly the tags that are stored.
        old_tags = {f"#{t}" for t in contact.tags}

        def save(fields: dict[str, str]) -> object:
            new_tags = set(split_tags(fields["tags"])) if "tags" in fields else old_tags
            handles = {p: (fields[p] or None) for p in HANDLE_FIELDS if p in fields}
            return self.journal.relationships.edit_contact(
                contact_id,
                name=fields.get("name"),
                organisation=fields.get("organisation"),
                role=fields.get("role"),
                handles=handles or None,
                add_tags=sorted(new_tags - old_tags),
                remove_tags=sorted(old_tags - new_tags),
                met=fields.get("met"),
                notes=fields.get("notes"),
                cadence=(fields["cadence"] or "none") if "cadence" in fields else None,
                connected=fields.get("connected"),
            )

        self.app.push_screen(
            ContactDialog(f"Edit {contact.name}", save, values=contact_values(contact)),
            self._saved("Contact saved"),
        )

    def _saved(self, summary: str) -> Callable[[bool | None], None]:
        def done(saved: bool | None) -> None:
            if saved:
                self.history_for = None
                self.wrote(summary)

        return done

    def action_merge(self) -> None:
        keep_id = self.selected_id()
        if keep_id is None:
            return
        journal = self.journal
        keep = journal.relationships.get_contact(keep_id)
        names = [c.name for c in journal.relationships.list_contacts() if c.id != keep_id]

        def pick(text: str) -> Contact:
            other = journal.relationships.get_contact(text)
            if other.id == keep_id:
                raise InputError("pick another contact to merge into this one", field="contact")
            return other

        def chosen(other: Contact | None) -> None:
            if other is None:
                return
            result, gone, n_acts, n_convs = journal.relationships.merge_preview(keep_id, other.id)
            merged = result.contact
            question = (
                f"Merge {gone.name} into {keep.name}?\n\n"
                f"{plural(n_acts, 'activity', 'activities')} and {plural(n_convs, 'conversation')} "
                f"will name {merged.name}; "
                f"handles: {', '.join(f'{k} {v}' for k, v in merged.handles.items()) or 'none'}; "
                f"tags: {' '.join(merged.tags) or 'none'}. "
                f"{gone.name} goes to the trash."
            )

            def confirmed(yes: bool | None) -> None:
                if yes and self.attempt(
                    lambda: journal.relationships.merge_contacts(keep_id, other.id)
                ):
                    self.wrote(f"Merged {gone.name} into {keep.name}")

            self.app.push_screen(ConfirmDialog(question, yes="Merge", no="Cancel"), confirmed)

        self.app.push_screen(
            AskDialog[Contact](
                f"Merge which contact into {keep.name}?",
                pick,
                placeholder="name, handle or id",
                suggester=SuggestFromList(names, case_sensitive=False),
            ),
            chosen,
        )

    def action_delete_contact(self) -> None:
        contact_id = self.selected_id()
        if contact_id is None:
            return
        contact = self.journal.relationships.get_contact(contact_id)

        def answered(yes: bool | None) -> None:
            if yes and self.attempt(lambda: self.journal.relationships.remove_contact(contact_id)):
                self.wrote(f"Deleted {contact.name}. Press u to undo.")

        self.app.push_screen(
            ConfirmDialog(f"Delete the contact {contact.name}?", yes="Delete", no="Keep"),
            answered,
        )

    def action_undo(self) -> None:
        self.undo_last(self.select_in(self.query_one("#contacts-table", DataTable)))
