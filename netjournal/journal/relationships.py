"""Relationships: contacts and their notes.

The rules live in :mod:`netjournal.domain.contacts` and
:mod:`netjournal.domain.contact_notes`; this service parses what was typed,
applies them and stores the results. Who is due a catch-up, and the cached
contact facts behind it, are :mod:`netjournal.journal.keep_in_touch`'s, so
the weekly review reads them without loading the editing rules.
docs/relationships.md is the user-facing definition of every figure.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from netjournal.domain.contact_notes import (
    ContactNote,
    check_snooze_date,
    find_note,
    new_note,
    notes_of,
    parse_snooze,
    trash_record,
    with_note,
    without_note,
)
from netjournal.domain.contact_record import Contact
from netjournal.domain.contacts import (
    HANDLE_PLATFORMS,
    DuplicateCandidate,
    MergeResult,
    duplicates_of,
    find_duplicates,
    merge_contacts,
    parse_cadence,
    repoint_ids,
    resolve_contact,
    search_contacts,
    validate_handle,
    validate_name,
)
from netjournal.domain.conversation_record import Conversation
from netjournal.domain.models import Activity
from netjournal.domain.names import name_key
from netjournal.domain.vocabulary import normalize_tag
from netjournal.errors import InputError
from netjournal.journal.activities import ActivitiesService
from netjournal.journal.core import Core, Service
from netjournal.journal.keep_in_touch import KeepInTouchService
from netjournal.storage.trash import TrashEntry


class RelationshipsService(Service):
    """``journal.relationships``: the people in the journal and the conversations with them."""

    def __init__(
        self, core: Core, activities: ActivitiesService, keep_in_touch: KeepInTouchService
    ) -> None:
        super().__init__(core)
        self._activities = activities
        self._keep_in_touch = keep_in_touch

    def _contact_fields(
        self,
        *,
        name: str | None,
        organisation: str | None,
        role: str | None,
        handles: dict[str, str | None] | None,
        tags: Iterable[str] | None,
        met: str | None,
        notes: str | None,
        cadence: str | int | None,
        connected: str | None,
        base: Contact | None,
    ) -> dict[str, Any]:
        """Parsed, validated contact fields; ``None`` means "leave as it is"."""
        values: dict[str, Any] = {}
        if name is not None:
            values["name"] = validate_name(name)
        if organisation is not None:
            values["organisation"] = " ".join(organisation.split())
        if role is not None:
            values["role"] = " ".join(role.split())
        if handles:
            merged = dict(base.handles) if base else {}
            for platform, value in handles.items():
                if platform not in HANDLE_PLATFORMS:
                    raise InputError(
                        f"unknown platform {platform!r}: use {', '.join(HANDLE_PLATFORMS)}",
                        field="handles",
                    )
                if value is None or not value.strip():
                    merged.pop(platform, None)
                else:
                    merged[platform] = validate_handle(platform, value)
            values["handles"] = merged
        if tags is not None:
            values["tags"] = tuple(dict.fromkeys(normalize_tag(t) for t in tags))
        if met is not None:
            values["met"] = met.strip()
        if notes is not None:
            if len(notes) > 20_000:
                raise InputError("notes are longer than 20,000 characters", field="notes")
            values["notes"] = notes.strip()
        if cadence is not None:
            values["cadence_days"] = (
                parse_cadence(str(cadence)) if not isinstance(cadence, int) or cadence else None
            )
        if connected is not None:
            if connected.strip():
                day = self.parse_date(connected)
                if day > self.today():
                    raise InputError(
                        f"connected date {day.isoformat()} is in the future", field="connected"
                    )
                values["connected_on"] = day
            else:
                values["connected_on"] = None
        return values

    def add_contact(
        self,
        name: str,
        *,
        organisation: str = "",
        role: str = "",
        handles: dict[str, str | None] | None = None,
        tags: Iterable[str] = (),
        met: str = "",
        notes: str = "",
        cadence: str | int | None = None,
        connected: str | None = None,
        force: bool = False,
    ) -> tuple[Contact, list[DuplicateCandidate]]:
        """Add a contact; also return the existing contacts it looks like.

        A contact with exactly this name (case, accents, spacing and titles
        aside) is refused unless ``force``: it is far more often the same
        person typed twice than a namesake, and a second one would make the
        name ambiguous for ``--with``. A mere look-alike is only reported
        (``contact add`` warns), never merged. Without ``connected`` the
        contact is taken to have joined the network today (docs/relationships.md).
        """

        values = self._contact_fields(
            name=name,
            organisation=organisation,
            role=role,
            handles=handles,
            tags=tags,
            met=met,
            notes=notes,
            cadence=cadence,
            connected=connected,
            base=None,
        )
        values.setdefault("connected_on", self.today())
        if values.get("cadence_days") is None and self.config.default_cadence_days > 0:
            values["cadence_days"] = self.config.default_cadence_days
        contact = Contact(**values)
        with self.transaction():
            existing = self.repos.contacts.all()
            if not force:
                key = name_key(contact.name)
                same = [c for c in existing if name_key(c.name) == key]
                if same:
                    raise InputError(
                        f'a contact called "{same[0].name}" already exists ({same[0].id[:8]})',
                        field="name",
                        hint="use --force to add a second person with this name",
                    )
            look_alikes = duplicates_of(contact, existing)
            self.repos.contacts.add(contact)
            self.describe(f"contact add {contact.id[:8]} {contact.name}")
        return contact, look_alikes

    def edit_contact(
        self,
        key: str,
        *,
        name: str | None = None,
        organisation: str | None = None,
        role: str | None = None,
        handles: dict[str, str | None] | None = None,
        add_tags: Iterable[str] = (),
        remove_tags: Iterable[str] = (),
        clear_tags: bool = False,
        met: str | None = None,
        notes: str | None = None,
        cadence: str | int | None = None,
        connected: str | None = None,
    ) -> Contact:
        """Change the fields given; a handle set to ``""``/``None`` is removed, cadence ``none`` clears."""
        with self.transaction():
            base = self.get_contact(key)
            drop = {normalize_tag(t) for t in remove_tags}
            kept = () if clear_tags else base.tags
            new_tags = [t for t in (*kept, *add_tags) if normalize_tag(t) not in drop]
            tags_changed = clear_tags or bool(drop) or bool(tuple(add_tags))
            values = self._contact_fields(
                name=name,
                organisation=organisation,
                role=role,
                handles=handles,
                tags=new_tags if tags_changed else None,
                met=met,
                notes=notes,
                cadence=cadence,
                connected=connected,
                base=base,
            )
            contact = base.touched(**values)
            self.repos.contacts.update(contact)
            self.describe(f"contact edit {contact.id[:8]} {contact.name}")
        return contact

    def get_contact(self, key: str) -> Contact:
        """A contact by id, id prefix (4+ characters), name, name words or handle.

        Ambiguous and unknown keys raise :class:`NotFoundError` listing the
        candidates, so the CLI can say which id prefix to use.
        """

        return resolve_contact(self.repos.contacts.all(), key)

    def list_contacts(self, search: str | None = None, due: bool = False) -> list[Contact]:
        """Contacts by name; with ``due``, only those whose cadence has lapsed, most overdue first."""
        if due:
            by_id = self._activities.contacts_by_id(
                d.id for d in self._keep_in_touch.contacts_due()
            )
            found = list(by_id.values())
        else:
            found = sorted(self.repos.contacts.all(), key=lambda c: (name_key(c.name), c.id))
        if search:
            found = search_contacts(found, search)
        return found

    def contact_history(self, key: str) -> tuple[Contact, list[Activity], list[Conversation]]:
        """A contact with every activity and conversation they were part of, oldest first."""
        contact = self.get_contact(key)
        acts = self.repos.activities.between(
            None, None, where=lambda d: contact.id in (d.get("contact_ids") or ())
        )
        acts.sort(key=lambda a: (a.date, a.time is not None, a.time or 0, a.created))
        convs = [c for c in self.repos.conversations.all() if contact.id in c.contact_ids]
        convs.sort(key=lambda c: (c.started, c.created))
        return contact, acts, convs

    def merge_preview(self, keep: str, other: str) -> tuple[MergeResult, Contact, int, int]:
        """What merging ``other`` into ``keep`` would do, without doing it.

        Returns the merge result, the contact that would disappear, and how
        many activities and conversations would be re-pointed.
        """

        first = self.get_contact(keep)
        second = self.get_contact(other)
        result = merge_contacts(first, second)
        n_acts = sum(1 for a in self.repos.activities.all() if second.id in a.contact_ids)
        n_convs = sum(1 for c in self.repos.conversations.all() if second.id in c.contact_ids)
        return result, second, n_acts, n_convs

    def merge_contacts(self, keep: str, other: str) -> MergeResult:
        """Fold ``other`` into ``keep`` and re-point everything that named ``other``.

        One transaction: activities and conversations are re-pointed, the
        merged contact is saved and ``other`` goes to the trash (so nothing
        it held is ever lost; ``undo`` brings the record back, but the
        re-pointed links stay with the merged contact).
        """

        with self.transaction():
            first = self.get_contact(keep)
            second = self.get_contact(other)
            result = merge_contacts(first, second)
            acts = [
                a.touched(contact_ids=repoint_ids(a.contact_ids, result.id_map))
                for a in self.repos.activities.all()
                if second.id in a.contact_ids
            ]
            convs = [
                c.touched(contact_ids=repoint_ids(c.contact_ids, result.id_map))
                for c in self.repos.conversations.all()
                if second.id in c.contact_ids
            ]
            if acts:
                self.repos.activities.upsert_many(acts)
            if convs:
                self.repos.conversations.upsert_many(convs)
            self.repos.contacts.update(result.contact)
            self.repos.trash.take("contact", second, self.repos.contacts.remove)
            self.describe(f"contact merge {second.name} into {first.name}")
        return result

    def remove_contact(self, key: str) -> Contact:
        """Move a contact to the trash (``undo``/``restore`` bring it back).

        Activities and conversations keep the contact's id, so a restore
        brings the links back too; meanwhile they show it as unknown.
        """
        with self.transaction():
            contact = self.get_contact(key)
            self.repos.trash.take("contact", contact, self.repos.contacts.remove)
            self.describe(f"contact rm {contact.id[:8]} {contact.name}")
        return contact

    # --- people's stories: dated notes, and the keep-in-touch snooze ---

    def add_contact_note(
        self, key: str, text: str, when: str | None = None
    ) -> tuple[Contact, ContactNote]:
        """Add a dated note (``when`` as typed, default today; never in the future) to a contact."""
        day = self.parse_date(when) if when else self.today()
        if day > self.today():
            raise InputError(f"note date {day.isoformat()} is in the future", field="date")
        note = new_note(text, day)
        with self.transaction():
            contact = with_note(self.get_contact(key), note)
            self.repos.contacts.update(contact)
        return contact, note

    def contact_notes(self, key: str) -> tuple[Contact, list[ContactNote]]:
        """A contact and every note about them, newest first (the old ``notes`` field included)."""
        contact = self.get_contact(key)
        return contact, notes_of(contact)

    def remove_contact_note(self, note_key: str) -> tuple[Contact, ContactNote]:
        """Move one note (id or 4+ character prefix) to the trash; ``undo`` brings it back."""
        with self.transaction():
            contact, note = find_note(self.repos.contacts.all(), note_key)
            entry = TrashEntry(
                "contact-note",
                trash_record(contact, note),
                datetime.now(UTC).isoformat(),
                note.id,
            )
            self.repos.trash.add(entry)
            contact = without_note(contact, note)
            self.repos.contacts.update(contact)
        return contact, note

    def snooze_contact(
        self, key: str, *, duration: str | None = None, until: str | None = None, off: bool = False
    ) -> Contact:
        """Leave a contact off the due list until a day (``14d``, ``2w``, ``1m`` or a date); ``off`` clears."""
        if sum((duration is not None, until is not None, off)) != 1:
            raise InputError(
                "give one of: a duration (14d, 2w, 1m), --until DATE or --off", field="snooze"
            )
        today = self.today()
        end: date | None = None
        if duration is not None:
            end = parse_snooze(duration, today)
        elif until is not None:
            end = check_snooze_date(self.parse_date(until), today)
        with self.transaction():
            contact = self.get_contact(key).touched(snoozed_until=end)
            self.repos.contacts.update(contact)
        return contact

    def contact_note_json(self, note: ContactNote) -> dict[str, Any]:
        """The documented JSON form of a contact note (docs/relationships.md)."""
        return {**note.to_dict(), "legacy": note.legacy}

    def duplicate_candidates(self) -> list[DuplicateCandidate]:
        """Pairs of contacts that look like one person (older record first), to offer as merges."""
        # stable sort: records created in the same second keep their stored (insertion) order
        return find_duplicates(sorted(self.repos.contacts.all(), key=lambda c: c.created))

    def contact_json(self, contact: Contact) -> dict[str, Any]:
        """The documented JSON form of a contact (docs/relationships.md)."""
        data = contact.to_dict()
        return {
            key: data[key]
            for key in (
                "id",
                "name",
                "organisation",
                "role",
                "handles",
                "tags",
                "met",
                "notes",
                "cadence_days",
                "connected_on",
                "last_contact",
                "source_ids",
                "created",
                "updated",
            )
        } | {"snoozed_until": data.get("snoozed_until")}
