"""Activities: capture, edit, list, delete and undo, and the channels they use.

On the path of ``netjournal log`` and ``list``: it imports only the models,
the vocabulary and the validation rules; the records of a capture
(:mod:`~netjournal.journal.capture_records`) load when something is logged. The contact look-ups logging needs
(``--with`` names, contact names in listings) are the base it is built on,
:class:`~netjournal.journal.contact_links.ContactLinking`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from netjournal.domain.models import KNOWN_CHANNELS, Activity, CpdDetails, Mode, Purpose
from netjournal.domain.timeparse import parse_duration, parse_time
from netjournal.domain.validation import check_day_total, validate_activity
from netjournal.domain.vocabulary import (
    default_mode_for_channel,
    infer_style,
    normalize_channel,
    normalize_tag,
    parse_mode,
    parse_purpose,
    parse_style,
)
from netjournal.errors import InputError, NotFoundError, StoreError
from netjournal.journal.contact_links import ContactLinking
from netjournal.journal.core import Core
from netjournal.storage.clocks import refresh_clocks
from netjournal.storage.trash import TrashEntry

if TYPE_CHECKING:
    from netjournal.domain.contact_record import Contact
    from netjournal.domain.conversation_record import Conversation
    from netjournal.journal.capture_records import ActivityInput, ContactLinks, LogResult


def _short(activity: Activity) -> str:
    """``1a2b3c4d online 30m``: how the history names an activity."""
    return f"{activity.id[:8]} {activity.mode.value} {activity.minutes}m"


class ActivitiesService(ContactLinking):
    """``journal.activities``: the activities of the journal and the people they name."""

    def __init__(self, core: Core, find_contact: Callable[[str], Contact]) -> None:
        super().__init__(core)
        # Resolving a contact by name words needs the relationships service: given
        # as a callable so that service loads only when a filter names someone.
        self._find_contact = find_contact

    # --- activities (core) -------------------------------------------------

    def build_activity(self, inp: ActivityInput, base: Activity | None = None) -> Activity:
        """Parse ``inp`` into an activity (``base`` supplies the fields not given).

        Contacts are not resolved here (that needs the store); the returned
        activity keeps ``base``'s contact ids.
        """
        channel = (
            normalize_channel(inp.channel) if inp.channel else (base.channel if base else None)
        )
        if inp.channel and channel and not (base and base.channel == channel):
            self.check_channel(channel, new=inp.new_channel)
        if inp.mode:
            mode = parse_mode(inp.mode)
        elif base:
            mode = base.mode
        else:
            implied = default_mode_for_channel(channel) if channel else None
            if implied is None:
                raise InputError("mode is required: online or offline", field="mode")
            mode = implied
        if channel is None:
            channel = "in-person" if mode is Mode.OFFLINE else "other"
        if inp.duration is not None:
            minutes = parse_duration(inp.duration)
        elif base:
            minutes = base.minutes
        else:
            raise InputError("duration is required", field="duration", hint="e.g. 30m, 1h30, 90")
        day = self.parse_date(inp.date) if inp.date else (base.date if base else self.today())
        at = (
            (parse_time(inp.at) if inp.at.strip() else None)
            if inp.at is not None
            else (base.time if base else None)
        )
        purpose = (
            parse_purpose(inp.purpose) if inp.purpose else (base.purpose if base else Purpose.OTHER)
        )
        if inp.style:
            style = parse_style(inp.style)
        elif base:
            style = base.style
        else:
            style = infer_style(channel, purpose, bool(inp.contacts))
        note = inp.note if inp.note is not None else (base.note if base else "")
        tags = (
            tuple(dict.fromkeys(normalize_tag(t) for t in inp.tags))
            if inp.tags is not None
            else (base.tags if base else ())
        )
        cpd = base.cpd if base else None
        if inp.cpd is False:
            cpd = None
        elif inp.cpd or inp.topic is not None or inp.participatory is not None:
            cpd = cpd or CpdDetails()
            if inp.topic is not None:
                cpd = replace(cpd, topic=inp.topic.strip())
            if inp.participatory is not None:
                cpd = replace(cpd, participatory=inp.participatory)
        values: dict[str, Any] = dict(
            date=day,
            time=at,
            mode=mode,
            minutes=minutes,
            channel=channel,
            purpose=purpose,
            style=style,
            note=note.strip(),
            tags=tags,
            cpd=cpd,
        )
        if base:
            return base.touched(**values)
        return Activity(**values)

    def _check_and_link(
        self,
        activity: Activity,
        names: tuple[str, ...] | None,
        *,
        allow_future: bool,
        new_contacts: bool = False,
    ) -> tuple[Activity, ContactLinks]:
        validate_activity(activity, today=self.today(), allow_future=allow_future)
        from netjournal.journal.capture_records import ContactLinks

        links = ContactLinks([], [], [])
        if names is not None:
            links = self.link_contacts(names, new=new_contacts)
            activity = replace(activity, contact_ids=tuple(links.ids))
        same_day = self.repos.activities.between(activity.date, activity.date)
        check_day_total(activity, same_day)
        return activity, links

    def log(self, inp: ActivityInput, *, allow_future: bool = False) -> LogResult:
        """Record a new activity (the quick-capture use-case)."""
        activity = self.build_activity(inp)
        validate_activity(activity, today=self.today(), allow_future=allow_future)
        with self.transaction():
            activity, links = self._check_and_link(
                activity, inp.contacts, allow_future=allow_future, new_contacts=inp.new_contacts
            )
            if inp.new_channel:
                self.remember_channel(activity.channel)
            self.repos.activities.add(activity)
            self.touch_contacts(activity.contact_ids, activity.date)
            self.describe(f"log {_short(activity)}")
        from netjournal.journal.capture_records import LogResult

        return LogResult(activity, tuple(links.created), tuple(links.matched))

    def edit(
        self, id_or_prefix: str, inp: ActivityInput, *, allow_future: bool = False
    ) -> LogResult:
        """Change the fields given in ``inp``; the rest stay as they were."""
        with self.transaction():
            base = self.repos.activities.find(id_or_prefix)
            activity = self.build_activity(inp, base)
            activity, links = self._check_and_link(
                activity, inp.contacts, allow_future=allow_future, new_contacts=inp.new_contacts
            )
            if inp.new_channel:
                self.remember_channel(activity.channel)
            self.repos.activities.update(activity)
            # An edit can narrow a clock (an earlier date, someone unlinked): work it out again.
            refresh_clocks(self.repos, {*base.contact_ids, *activity.contact_ids})
            self.describe(f"edit {_short(activity)}")
        from netjournal.journal.capture_records import LogResult

        return LogResult(activity, tuple(links.created), tuple(links.matched))

    def get_activity(self, id_or_prefix: str) -> Activity:
        return self.repos.activities.find(id_or_prefix)

    def list_activities(
        self,
        start: date | None = None,
        end: date | None = None,
        *,
        mode: str | None = None,
        channel: str | None = None,
        purpose: str | None = None,
        tag: str | None = None,
        contact: str | None = None,
        text: str | None = None,
    ) -> list[Activity]:
        """Activities in ``start``..``end`` (inclusive) matching every filter given.

        Sorted by date, then time (untimed first), then creation, so lists
        read like a diary. Only the month files in range are read. ``text``
        keeps activities holding every one of its words, in any case or accent,
        in the note, tags, channel, people or CPD text (:mod:`netjournal.domain.search`),
        tested on the stored documents before they are decoded.
        """
        where = None
        if text:
            from netjournal.domain.search import activity_text, matches, search_terms

            terms = search_terms(text)
            names = {
                str(d["id"]): str(d.get("name") or "")
                for d in self.repos.contacts.fields(("id", "name"))
            }

            def where(doc: dict[str, Any]) -> bool:
                return matches(terms, *activity_text(doc, names))

        found = self.repos.activities.between(start, end, where=where)
        if mode:
            wanted_mode = parse_mode(mode)
            found = [a for a in found if a.mode is wanted_mode]
        if channel:
            wanted_channel = normalize_channel(channel)
            found = [a for a in found if a.channel == wanted_channel]
        if purpose:
            wanted_purpose = parse_purpose(purpose)
            found = [a for a in found if a.purpose is wanted_purpose]
        if tag:
            wanted_tag = normalize_tag(tag)
            found = [a for a in found if wanted_tag in a.tags]
        if contact:
            contact_id = self._find_contact(contact).id
            found = [a for a in found if contact_id in a.contact_ids]
        found.sort(key=lambda a: (a.date, a.time is not None, a.time or 0, a.created))
        return found

    def count_activities(self) -> int:
        return self.repos.activities.count()

    # --- deletes, trash and undo ------------------------------------------

    def remove_activity(self, id_or_prefix: str) -> Activity:
        """Move an activity to the trash (``undo`` or ``restore`` brings it back).

        The trash entry is written before the activity is removed, so a crash
        in between leaves it in both places, never in neither.
        """
        with self.transaction():
            activity = self.repos.activities.find(id_or_prefix)
            self.trash_record("activity", activity, self.repos.activities.remove)
            self.describe(f"rm {_short(activity)}")
        return activity

    def trash_record(
        self, kind: str, record: Activity | Conversation, remove: Callable[[str], object]
    ) -> None:
        """Move ``record`` to the trash; its contacts' last and first contact are counted again.

        Inside the caller's transaction. ``restore`` counts them again too.
        """
        self.repos.trash.take(kind, record, remove)
        refresh_clocks(self.repos, record.contact_ids)

    def remove_activities(self, ids_or_prefixes: Iterable[str]) -> list[Activity]:
        """Move several activities to the trash: all of them, or none.

        Every id is resolved before anything is deleted, so an unknown one
        refuses the whole command; one operation in the history, so one
        ``undo`` brings them all back.
        """
        with self.transaction():
            found = [self.repos.activities.find(key) for key in ids_or_prefixes]
            unique = list({a.id: a for a in found}.values())
            for activity in unique:
                self.remove_activity(activity.id)
            if len(unique) > 1:
                self.describe("rm " + ", ".join(_short(a) for a in unique))
        return unique

    def trash(self) -> list[TrashEntry]:
        """Deleted records, most recently deleted first."""
        return sorted(self.repos.trash.all(), key=lambda t: t.deleted_at, reverse=True)

    def restore(self, id_or_prefix: str) -> TrashEntry:
        """Bring back one deleted record by id (or id prefix)."""
        with self.transaction():
            entry = self.repos.trash.find(id_or_prefix)
            return self._restore_entry(entry)

    def _restore_entry(self, entry: TrashEntry) -> TrashEntry:
        from netjournal.domain.contact_record import Contact
        from netjournal.domain.conversation_record import Conversation

        repo_for_kind: dict[str, Any] = {
            "activity": (self.repos.activities, Activity),
            "contact": (self.repos.contacts, Contact),
            "conversation": (self.repos.conversations, Conversation),
        }
        if entry.kind == "contact-note":
            return self._restore_contact_note(entry)
        if entry.kind not in repo_for_kind:
            raise StoreError(f"cannot restore a {entry.kind!r} record")
        repo, cls = repo_for_kind[entry.kind]
        # Bringing a record back is an edit: a later ``updated`` tells a
        # merge with another device that it came back after the deletion.
        record = cls.from_dict(entry.record).touched()
        repo.upsert_many([record])
        self.repos.trash.remove(entry.id)
        refresh_clocks(self.repos, getattr(record, "contact_ids", ()))
        self.describe(f"restore {entry.kind} {entry.id[:8]}")
        return entry

    def _restore_contact_note(self, entry: TrashEntry) -> TrashEntry:
        from netjournal.domain.contact_notes import restored

        contact_id = str(entry.record.get("contact_id", ""))
        found = self.contacts_by_id([contact_id])
        if contact_id not in found:
            raise NotFoundError(
                "the contact of that note is gone: restore the contact first (`netjournal trash`)"
            )
        self.repos.contacts.update(restored(found[contact_id], entry.record))
        self.repos.trash.remove(entry.id)
        return entry

    # --- channels ------------------------------------------------------------

    def known_channels(self) -> list[str]:
        """The built-in channels and the ones added with ``--new-channel``, sorted."""
        return sorted({*KNOWN_CHANNELS, *self.repos.channels.ids()})

    def check_channel(self, channel: str, *, new: bool = False) -> None:
        """Refuse a channel the journal does not know (with a did-you-mean), unless ``new``."""
        if new or channel in KNOWN_CHANNELS:
            return
        known = self.known_channels()
        if channel not in known:
            from netjournal.domain.channels import unknown_channel_error

            raise unknown_channel_error(channel, known)

    def remember_channel(self, channel: str) -> None:
        """Keep a new channel in the store (inside the caller's transaction), once."""
        if channel in KNOWN_CHANNELS or channel in self.repos.channels.ids():
            return
        from netjournal.domain.channels import CustomChannel

        self.repos.channels.add(CustomChannel(channel, self.today().isoformat()))

    def activity_json(
        self, activity: Activity, by_id: Mapping[str, Contact | str] | None = None
    ) -> dict[str, Any]:
        """The documented JSON form of an activity (docs/reference.md)."""
        data = activity.to_dict()
        return {
            "id": activity.id,
            "date": data["date"],
            "time": data["time"],
            "mode": data["mode"],
            "minutes": activity.minutes,
            "channel": activity.channel,
            "purpose": data["purpose"],
            "style": data["style"],
            "contacts": self.contact_names(activity.contact_ids, by_id),
            "contact_ids": list(activity.contact_ids),
            "note": activity.note,
            "tags": list(activity.tags),
            "cpd": data["cpd"],
            "created": data["created"],
            "updated": data["updated"],
        }
