"""How contacts, conversations and contact notes read on the terminal: one line each.

Shared by ``contact …`` (:mod:`netjournal.cli.commands.contacts` and
:mod:`netjournal.cli.contact_stories`) and ``conversation …``
(:mod:`netjournal.cli.commands.conversations`). Every row goes through
:func:`~netjournal.presentation.printable`, so a name or note is one line.
Light imports only: the command modules import this while building the parser.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from netjournal.presentation import printable

if TYPE_CHECKING:
    from netjournal.domain.contact_notes import ContactNote
    from netjournal.domain.contact_record import Contact
    from netjournal.domain.contacts import DuplicateCandidate
    from netjournal.domain.conversation_record import Conversation
    from netjournal.domain.keep_in_touch import DueContact
    from netjournal.journal import Journal


def day(journal: Journal, value: Any) -> str:
    """A date in the user's date order, or ``never``."""
    from netjournal.domain.timeparse import format_date

    return format_date(value, journal.config.date_order) if value else "never"


def cadence_text(days: int | None) -> str:
    """``every 4w``, ``every 30d`` or ``no cadence``."""
    if not days:
        return "no cadence"
    if days % 7 == 0 and days < 365:
        return f"every {days // 7}w"
    return f"every {days}d"


def contact_line(journal: Journal, contact: Contact) -> str:
    """``a1b2c3d4  Jane Smith  (Ward sister, NHS Trust)  every 4w  last 12 Nov 2026``."""
    parts = [contact.id[:8], contact.name]
    work = ", ".join(x for x in (contact.role, contact.organisation) if x)
    if work:
        parts.append(f"({work})")
    if contact.cadence_days:
        parts.append(cadence_text(contact.cadence_days))
    parts.append(f"last {day(journal, contact.last_contact)}")
    if contact.tags:
        parts.append(" ".join(f"#{t}" for t in contact.tags))
    return printable("  ".join(parts))


def due_line(journal: Journal, due: DueContact) -> str:
    """``a1b2c3d4  Jane Smith  5 days overdue  (every 4w; last contact …, 33 days ago)``."""
    kind = {"last_contact": "last contact", "connected_on": "connected", "created": "added"}
    return printable(
        f"{due.id[:8]}  {due.name}  {due.overdue_days} days overdue  "
        f"({cadence_text(due.cadence_days)}; {kind[due.since_kind]} {day(journal, due.since)}, "
        f"{due.days_since} days ago)"
    )


def conversation_line(
    journal: Journal, conv: Conversation, by_id: dict[str, Contact] | None = None
) -> str:
    """``c0ffee12  Mon 23 Nov 2026  x  with Jane Smith  started by me  replied Tue 24 Nov 2026``."""
    names = ", ".join(journal.activities.contact_names(conv.contact_ids, by_id))
    state = f"replied {day(journal, conv.replied_on)}" if conv.replied else "awaiting reply"
    if conv.replied and conv.replied_on is None:
        state = "replied"
    line = (
        f"{conv.id[:8]}  {day(journal, conv.started)}  {conv.channel}  with {names}  "
        f"started by {conv.initiated_by.value}  {state}  "
        f"({conv.messages_out} out, {conv.messages_in} in)"
    )
    if conv.summary:
        line += f"  — {conv.summary}"
    return printable(line)


def note_line(journal: Journal, note: ContactNote) -> str:
    """``1a2b3c4d  Tue 3 Nov 2026  Moved to ICU`` (the text on one line)."""
    return printable(f"{note.short_id}  {day(journal, note.date)}  {note.text}")


def dupe_json(candidate: DuplicateCandidate) -> dict[str, Any]:
    """A possible duplicate as JSON, with the ``merge`` command that would join the two."""
    data = candidate.to_dict()
    data["merge"] = f"netjournal contact merge {candidate.first.id[:8]} {candidate.second.id[:8]}"
    return data


def dupe_line(candidate: DuplicateCandidate) -> str:
    """``Jane Smith (…) and Jane Smyth (…): <reason>; merge with `netjournal contact merge …```."""
    a, b = candidate.first, candidate.second
    return printable(
        f"{a.name} ({a.id[:8]}) and {b.name} ({b.id[:8]}): {candidate.reason}; "
        f"merge with `netjournal contact merge {a.id[:8]} {b.id[:8]}`"
    )
