"""Activities: capture, edit, list, delete and undo, and the contact look-ups logging needs.

On the path of ``netjournal log`` and ``list``: it imports only the models,
the vocabulary and the validation rules, and decodes only the contacts an
activity names.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from netjournal.domain.models import (
    KNOWN_CHANNELS,
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
from netjournal.storage.trash import TrashEntry


def _short(activity: Activity) -> str:
    """``1a2b3c4d online 30m``: how the history names an activity."""
    return f"{activity.id[:8]} {activity.mode.value} {activity.minutes}m"


@dataclass(frozen=True, slots=True)
class ActivityInput:
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
    #: ``--new``: every name in ``contacts`` is a new person, however close to a known one.
    new_contacts: bool = False
    #: ``--new-channel``: ``channel`` may be one the journal does not know yet.
    new_channel: bool = False


@dataclass(frozen=True, slots=True)
class LogResult:
    """What ``log`` did, so the edge can say it (new contacts are worth a mention).

    ``matched`` pairs a contact id with the words typed for it, when the
    words were not the contact's exact name (``--with Teresa``).
    """

    activity: Activity
    new_contacts: tuple[str, ...] = ()
    matched: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class ContactLinks:
    """The contacts some typed names stand for: ids in order, who is new, who was guessed."""

    ids: list[str]
    created: list[str]
    matched: list[tuple[str, str]]


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
            self.repos.trash.add(TrashEntry.of("activity", activity))
            self.repos.activities.remove(activity.id)
            refresh_clocks(self.repos, activity.contact_ids)
            self.describe(f"rm {_short(activity)}")
        return activity

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
                found = self._new_contact(name)
                pool.append(found)
                created.append(found.name)
            if found.id not in ids:
                ids.append(found.id)
        return ids, created

    def _new_contact(self, name: str) -> Contact:
        handles = {"x": name[1:]} if name.startswith("@") else {}
        contact = Contact(name=name, handles=handles)
        self.repos.contacts.add(contact)
        return contact

    def link_contacts(
        self, names: Iterable[str], *, new: bool = False, create: bool = True
    ) -> ContactLinks:
        """The contacts ``names`` stand for, as ``--with`` reads them (call inside a transaction).

        An exact name (case, accents and spacing aside), a handle or an id
        prefix is that contact. Otherwise the words are matched against every
        name (:func:`~netjournal.domain.name_match.match_name`): one close
        contact is linked and reported in ``matched``; two or more refuse with
        an :class:`InputError` listing them; nothing close makes a new contact.
        ``new`` makes every name a new contact (``--new``); without ``create``
        nothing is written and the names that would be new are left out.
        """
        wanted = [" ".join(raw.split()) for raw in names]
        if any(not name for name in wanted):
            raise InputError("a contact name cannot be empty", field="with")
        links = ContactLinks([], [], [])
        people: list[Any] | None = None
        pool = [] if new else self._contact_candidates(wanted)
        for name in wanted:
            contact_id: str | None = None
            if not new:
                same = [c for c in pool if c.name.casefold() == name.casefold()]
                if len(same) == 1:
                    contact_id = same[0].id
                elif not same:
                    found = self._match_contact(name, pool)
                    contact_id = found.id if found else None
                if contact_id is None:
                    if people is None:
                        people = self._known_names()
                    contact_id = self._match_words(name, people, links)
            if contact_id is None:
                if not create:
                    continue
                created = self._new_contact(name)
                links.created.append(created.name)
                if people is not None:
                    from netjournal.domain.name_match import KnownName

                    people.append(KnownName(created.id, created.name))
                pool.append(created)
                contact_id = created.id
            if contact_id not in links.ids:
                links.ids.append(contact_id)
        return links

    def _known_names(self) -> list[Any]:
        """Every contact's id and name, read from the stored documents without decoding them.

        The contacts file is parsed already (the exact look-up above read it),
        so this is one pass over dicts, not thousands of records decoded.
        """
        from netjournal.domain.name_match import KnownName

        return [
            KnownName(str(doc["id"]), str(doc.get("name") or ""))
            for doc in self.repos.contacts.fields(("id", "name"))
        ]

    @staticmethod
    def _match_words(name: str, people: list[Any], links: ContactLinks) -> str | None:
        """The id of the one contact ``name`` picks out, ``None`` for nobody; refuses several."""
        from netjournal.domain.name_match import MatchKind, describe_candidates, match_name

        match = match_name(name, people)
        if match.kind is MatchKind.AMBIGUOUS:
            raise InputError(
                f'"{name}" could be {len(match.candidates)} contacts: {describe_candidates(match)}',
                field="with",
                hint="give the full name or an id prefix, or --new for a new contact",
            )
        person = match.person
        if person is None:
            return None
        if match.kind is MatchKind.NEAR:
            links.matched.append((person.id, name))
        return person.id

    def check_contacts(self, names: Iterable[str]) -> None:
        """Refuse names that would be ambiguous, without changing anything (``start``)."""
        self.link_contacts(names, create=False)

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
