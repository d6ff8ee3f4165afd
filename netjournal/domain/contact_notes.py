"""People's stories: a contact's dated notes, and the keep-in-touch snooze.

A contact keeps a history of dated notes (``note_history`` in the stored
contact), listed newest first. Contacts written before the history existed
have one free ``notes`` string; it is read as the *first* dated note, dated
the day the contact was created, and is never rewritten on disk (an older
netjournal, or a sync with one, keeps reading it as before). The two are read
side by side, so nothing is migrated and nothing is lost (docs/data-format.md).

Contact notes are identifying: a CPD export never contains them, and the
activities export carries them only with ``--include-names``. Stdlib only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import uuid4

# Re-exported: the callers of this module read a note's parts from here.
from netjournal.domain.contact_note import LEGACY_SUFFIX as LEGACY_SUFFIX
from netjournal.domain.contact_note import ContactNote as ContactNote
from netjournal.domain.contact_note import notes_from_stored as notes_from_stored
from netjournal.domain.contact_record import Contact
from netjournal.errors import InputError, NotFoundError

#: The longest note (as for an activity's note or a contact's notes).
MAX_NOTE_CHARS = 20_000
#: The longest snooze: a year; longer is not "later", it is "no cadence".
MAX_SNOOZE_DAYS = 366


def new_note(text: str, day: date, now: datetime | None = None) -> ContactNote:
    """A new note dated ``day``; its text stripped, refused when empty or too long."""
    cleaned = text.strip()
    if not cleaned:
        raise InputError("a contact note needs some text", field="text", hint='e.g. "Moved to ICU"')
    if len(cleaned) > MAX_NOTE_CHARS:
        raise InputError("the note is longer than 20,000 characters", field="text")
    return ContactNote(uuid4().hex, day, cleaned, now or datetime.now(UTC))


def legacy_note(contact: Contact) -> ContactNote | None:
    """The contact's old single ``notes`` string as its first dated note, if it has one."""
    if not contact.notes.strip():
        return None
    return ContactNote(
        f"{contact.id[:8]}{LEGACY_SUFFIX}",
        contact.created.date(),
        contact.notes.strip(),
        contact.created,
    )


def notes_of(contact: Contact) -> list[ContactNote]:
    """Every note about ``contact``, newest first (the legacy note dated when it was created)."""
    found = list(contact.note_history)
    old = legacy_note(contact)
    if old is not None:
        found.append(old)
    # Stable: the legacy note sorts after history notes of the same day.
    found.sort(key=lambda n: (n.date, not n.legacy, n.created), reverse=True)
    return found


def with_note(contact: Contact, note: ContactNote) -> Contact:
    """``contact`` with ``note`` added to its history."""
    return contact.touched(note_history=(*contact.note_history, note))


def without_note(contact: Contact, note: ContactNote) -> Contact:
    """``contact`` without ``note``: the legacy note empties ``notes``, others leave the history."""
    if note.legacy:
        return contact.touched(notes="")
    return contact.touched(note_history=tuple(n for n in contact.note_history if n.id != note.id))


def find_note(contacts: Iterable[Contact], key: str) -> tuple[Contact, ContactNote]:
    """The contact and note whose id is or starts with ``key`` (4+ characters), across contacts."""
    wanted = key.strip().casefold()
    if len(wanted) < 4:
        raise InputError("give at least 4 characters of the note id", field="note")
    hits = [
        (contact, note)
        for contact in contacts
        for note in notes_of(contact)
        if note.id.casefold().startswith(wanted)
    ]
    exact = [(c, n) for c, n in hits if n.id.casefold() == wanted]
    if exact:
        return exact[0]
    if not hits:
        raise NotFoundError(
            f"no contact note with id {key!r} (see `netjournal contact note --list NAME`)"
        )
    if len(hits) > 1:
        raise InputError(
            f"note id {key!r} is ambiguous: "
            + ", ".join(f"{n.short_id} ({c.name})" for c, n in hits[:5]),
            field="note",
        )
    return hits[0]


def trash_record(contact: Contact, note: ContactNote) -> dict[str, Any]:
    """A removed note as kept in the trash, so ``undo``/``restore`` can bring it back."""
    return {**note.to_dict(), "contact_id": contact.id, "name": contact.name}


def restored(contact: Contact, record: Mapping[str, Any]) -> Contact:
    """``contact`` with a note from :func:`trash_record` back in place.

    The legacy note goes back to ``notes`` if that is still empty; otherwise
    (the notes were set again meanwhile) it joins the history as a dated note,
    so neither text is lost.
    """
    note = ContactNote.from_dict(record)
    if note.legacy:
        if not contact.notes.strip():
            return contact.touched(notes=note.text)
        note = ContactNote(uuid4().hex, note.date, note.text, note.created)
    if any(n.id == note.id for n in contact.note_history):
        return contact
    return with_note(contact, note)


# --- snooze -----------------------------------------------------------------------------


def snooze_until(days: int, today: date) -> date:
    """The day a snooze of ``days`` from ``today`` ends; refused beyond a year."""
    if not 0 < days <= MAX_SNOOZE_DAYS:
        raise InputError(
            f"a snooze lasts 1 to {MAX_SNOOZE_DAYS} days", field="snooze", hint="e.g. 14d, 2w, 1m"
        )
    return today + timedelta(days=days)


def check_snooze_date(until: date, today: date) -> date:
    """``until`` if it is after today and within a year (``contact snooze --until``)."""
    if until <= today:
        raise InputError(
            f"--until {until.isoformat()} is not after today ({today.isoformat()})", field="snooze"
        )
    return snooze_until((until - today).days, today)


_SNOOZE_UNITS = {"d": 1, "w": 7, "m": 30}


def parse_snooze(text: str, today: date) -> date:
    """The end of a snooze typed as ``14d``, ``2w``, ``1m`` (30 days) or a bare number of days."""
    word = "".join(text.split()).lower()
    number = word.rstrip("abcdefghijklmnopqrstuvwxyz")
    unit = word[len(number) :] or "d"
    unit = {"day": "d", "days": "d", "week": "w", "weeks": "w", "month": "m", "months": "m"}.get(
        unit, unit
    )
    if not number.isdigit() or unit not in _SNOOZE_UNITS:
        raise InputError(
            f"bad snooze {text!r}: use e.g. 14d, 2w or 1m", field="snooze", hint="or --until DATE"
        )
    return snooze_until(int(number) * _SNOOZE_UNITS[unit], today)
