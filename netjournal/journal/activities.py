"""Activities: capture, edit, list, delete and undo, and the contact look-ups logging needs.

On the path of ``netjournal log`` and ``list``: it imports only the models,
the vocabulary and the validation rules, and decodes only the contacts an
activity names.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import date
from typing import Any, NamedTuple

from netjournal.domain.models import (
    Activity,
    Contact,
    Conversation,
    CpdDetails,
    Mode,
    Purpose,
)
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
from netjournal.journal.core import Core, Service
from netjournal.storage.clocks import refresh_clocks
from netjournal.storage.repositories import TrashEntry


# The records below are NamedTuples, not dataclasses: this module loads on every
# command, and creating a frozen dataclass costs about a millisecond at import.
class ActivityInput(NamedTuple):
    """An activity as a person typed it; ``None`` means "not given".

    The same text forms are accepted by the CLI flags and the TUI form
    (``yesterday``, ``1h30``, ``maintain``), so both are parsed here.
    """

    mode: str | None = None
    duration: str | None = None
    note: str | None = None
    date: str | None = None
    at: str | None = None
    channel: str | None = None
    purpose: str | None = None
    style: str | None = None
    contacts: tuple[str, ...] | None = None
    tags: tuple[str, ...] | None = None
    cpd: bool | None = None
    topic: str | None = None
    participatory: bool | None = None


class LogResult(NamedTuple):
    """What ``log`` did, so the edge can say it (new contacts are worth a mention)."""

    activity: Activity
    new_contacts: tuple[str, ...] = ()


class ActivitiesService(Service):
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
        self, activity: Activity, names: tuple[str, ...] | None, *, allow_future: bool
    ) -> tuple[Activity, list[str]]:
        validate_activity(activity, today=self.today(), allow_future=allow_future)
        created: list[str] = []
        if names is not None:
            ids, created = self.resolve_contacts(names, create=True)
            activity = replace(activity, contact_ids=tuple(ids))
        same_day = self.repos.activities.between(activity.date, activity.date)
        check_day_total(activity, same_day)
        return activity, created

    def log(self, inp: ActivityInput, *, allow_future: bool = False) -> LogResult:
        """Record a new activity (the quick-capture use-case)."""
        activity = self.build_activity(inp)
        validate_activity(activity, today=self.today(), allow_future=allow_future)
        with self.transaction():
            activity, created = self._check_and_link(
                activity, inp.contacts, allow_future=allow_future
            )
            self.repos.activities.add(activity)
            self.touch_contacts(activity.contact_ids, activity.date)
        return LogResult(activity, tuple(created))

    def edit(
        self, id_or_prefix: str, inp: ActivityInput, *, allow_future: bool = False
    ) -> LogResult:
        """Change the fields given in ``inp``; the rest stay as they were."""
        with self.transaction():
            base = self.repos.activities.find(id_or_prefix)
            activity = self.build_activity(inp, base)
            activity, created = self._check_and_link(
                activity, inp.contacts, allow_future=allow_future
            )
            self.repos.activities.update(activity)
            # An edit can narrow a clock (an earlier date, someone unlinked): work it out again.
            refresh_clocks(self.repos, {*base.contact_ids, *activity.contact_ids})
        return LogResult(activity, tuple(created))

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
            self.repos.trash.add(TrashEntry.of("activity", activity))
            self.repos.activities.remove(activity.id)
            refresh_clocks(self.repos, activity.contact_ids)
        return activity

    def trash(self) -> list[TrashEntry]:
        """Deleted records, most recently deleted first."""
        return sorted(self.repos.trash.all(), key=lambda t: t.deleted_at, reverse=True)

    def undo(self) -> TrashEntry:
        """Bring back the most recently deleted record."""
        with self.transaction():
            entries = self.trash()
            if not entries:
                raise NotFoundError("nothing to undo: the trash is empty")
            return self._restore_entry(entries[0])

    def restore(self, id_or_prefix: str) -> TrashEntry:
        """Bring back one deleted record by id (or id prefix)."""
        with self.transaction():
            entry = self.repos.trash.find(id_or_prefix)
            return self._restore_entry(entry)

    def _restore_entry(self, entry: TrashEntry) -> TrashEntry:
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

    # --- contacts (core: what logging needs) -------------------------------

    def contacts_by_id(self, ids: Iterable[str] | None = None) -> dict[str, Contact]:
        """Contacts by id: all of them, or only ``ids`` (the unknown ones left out).

        Listing a week names a few dozen people; decoding only those instead
        of every contact keeps ``list`` fast on a journal with thousands.
        """
        if ids is None:
            return {c.id: c for c in self.repos.contacts.all()}
        found: dict[str, Contact] = {}
        for cid in dict.fromkeys(ids):
            with contextlib.suppress(NotFoundError):
                found[cid] = self.repos.contacts.get(cid)
        return found

    @staticmethod
    def _match_contact(key: str, contacts: Iterable[Contact]) -> Contact | None:
        wanted = key.strip().casefold()
        bare = wanted.lstrip("@")
        pool = list(contacts)
        for c in pool:
            if c.name.casefold() == wanted:
                return c
        for c in pool:
            if any(h.casefold().lstrip("@") == bare for h in c.handles.values() if h):
                return c
        if re.fullmatch(r"[0-9a-f]{6,32}", wanted):
            ids = [c for c in pool if c.id.startswith(wanted)]
            if len(ids) == 1:
                return ids[0]
        return None

    def resolve_contacts(
        self, names: Iterable[str], *, create: bool
    ) -> tuple[list[str], list[str]]:
        """Ids for the given names; unknown names become new contacts if ``create``."""
        wanted = [" ".join(raw.split()) for raw in names]
        pool = self._contact_candidates(wanted)
        ids: list[str] = []
        created: list[str] = []
        for name in wanted:
            if not name:
                raise InputError("a contact name cannot be empty", field="contacts")
            found = self._match_contact(name, pool)
            if found is None:
                if not create:
                    raise NotFoundError(f"no contact called {name!r}")
                handles = {"x": name[1:]} if name.startswith("@") else {}
                found = Contact(name=name, handles=handles)
                self.repos.contacts.add(found)
                pool.append(found)
                created.append(found.name)
            if found.id not in ids:
                ids.append(found.id)
        return ids, created

    def _contact_candidates(self, keys: Iterable[str]) -> list[Contact]:
        """The contacts that :meth:`_match_contact` could pick for any of ``keys``.

        Filters the stored documents before decoding them, so logging an
        activity "with" someone decodes a handful of contacts, not thousands.
        Keeps every name, handle and id-prefix match, so matching on the
        result gives the same answer as matching on all contacts.
        """
        names = {k.strip().casefold() for k in keys}
        bares = {n.lstrip("@") for n in names}
        prefixes = tuple(n for n in names if re.fullmatch(r"[0-9a-f]{6,32}", n))

        def could_match(doc: dict[str, Any]) -> bool:
            if str(doc.get("name") or "").casefold() in names:
                return True
            handles = doc.get("handles") or {}
            if isinstance(handles, dict) and any(
                str(h).casefold().lstrip("@") in bares for h in handles.values() if h
            ):
                return True
            return bool(prefixes) and str(doc.get("id") or "").startswith(prefixes)

        return self.repos.contacts.search(could_match)

    def touch_contacts(self, contact_ids: Iterable[str], day: date) -> None:
        """Reset the keep-in-touch clock of everyone involved on ``day``.

        One write for all of them: ``contacts.json`` holds every contact, so
        logging "with" two people must not rewrite it twice.
        """
        changed = []
        for cid in dict.fromkeys(contact_ids):
            with contextlib.suppress(NotFoundError):
                contact = self.repos.contacts.get(cid)
                seen = contact.seen_on(day)
                if seen is not contact:
                    changed.append(seen)
        self.repos.contacts.upsert_many(changed)

    def contact_names(
        self, contact_ids: Iterable[str], by_id: Mapping[str, Contact | str] | None = None
    ) -> list[str]:
        """Names for ``contact_ids``, in order; ``by_id`` saves lookups when listing many.

        ``by_id`` maps ids to contacts or straight to names
        (:meth:`contact_name_map`). Without it only the contacts asked for
        are decoded (one dict lookup each), not all of them: ``netjournal
        log`` on a store with thousands of contacts must not pay for
        decoding every one.
        """
        ids = list(contact_ids)
        if by_id is None:
            by_id = self.contacts_by_id(ids)
        names = []
        for cid in ids:
            found = by_id.get(cid)
            if found is None:
                names.append(f"(unknown {cid[:8]})")
            else:
                names.append(found if isinstance(found, str) else found.name)
        return names

    def contact_name_map(self, contact_ids: Iterable[str]) -> dict[str, str]:
        """``{id: name}`` for ``contact_ids`` (unknown ids left out), from the derived cache.

        ``list`` names a week's people: reading a small id→name entry costs
        a fraction of parsing every contact record, and the entry is worked
        out again only after the contacts file changed.
        """
        wanted = set(contact_ids)
        if not wanted:
            return {}

        def pick(names: Any) -> dict[str, str]:
            if type(names) is not dict:
                raise TypeError("contact names: not an object")
            found = {cid: names[cid] for cid in wanted if cid in names}
            if not all(isinstance(n, str) for n in found.values()):
                raise TypeError("contact names: a name is not text")
            return found

        return self.repos.contacts.derived(
            "contact-names",
            1,
            lambda doc: (str(doc["id"]), str(doc.get("name") or "")),
            dict,
            pick,
        )

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
