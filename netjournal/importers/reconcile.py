"""Deciding what an import changes, before anything is written.

:func:`plan_import` compares a parsed :class:`ImportBatch` with what the store
already holds and returns the exact records to write plus the report the user
sees. It is pure (no store access), so ``--dry-run`` and the real import run
the same code, and a dry run can promise exactly what the import will do.

The rules (docs/imports.md, "Importing twice"):

* a record whose ``source_id`` is already stored is never added again;
* an imported activity already stored is left alone (you may have edited it);
* an imported conversation already stored gets its counts and dates refreshed
  from the newer export (``updated``), keeping your summary and contacts;
* a contact is the same person as a stored one when they share a source id,
  a handle (same normalised X handle, LinkedIn URL, e-mail …) or exactly the
  same name; the stored contact keeps everything it has and only gains
  handles, source ids and empty fields (``updated``);
* anyone involved gets their keep-in-touch clock (``last_contact``) moved
  forward to the latest imported activity or conversation with them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from netjournal.domain.contact_record import Contact
from netjournal.domain.contacts import identity_keys
from netjournal.domain.conversation_record import Conversation
from netjournal.domain.models import MAX_MINUTES_PER_ACTIVITY, Activity
from netjournal.domain.timeparse import MAX_DATE, MIN_DATE
from netjournal.errors import ImportFormatError
from netjournal.importers.base import ImportBatch, ImportReport, KindCounts, Settle
from netjournal.importers.people import IDENTIFYING_PLATFORMS, merge_into, name_key
from netjournal.presentation import plural

#: How many new records of each kind a report lists by name.
SAMPLE_SIZE = 5


@dataclass(slots=True)
class ImportPlan:
    """The records to write, and the report describing them."""

    contacts: list[Contact] = field(default_factory=list)
    conversations: list[Conversation] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    #: Stored activities a measuring source (``ImportBatch.settle``) refreshed.
    updated_activities: list[Activity] = field(default_factory=list)
    report: ImportReport | None = None


class _StoredContacts:
    """Stored contacts indexed by source id, handle and exact name."""

    def __init__(self, contacts: Iterable[Contact]) -> None:
        self.by_id: dict[str, Contact] = {}
        self.by_sid: dict[str, str] = {}
        self.by_handle: dict[tuple[str, str], str] = {}
        self.by_name: dict[str, set[str]] = defaultdict(set)
        for contact in contacts:
            self.index(contact)

    def index(self, contact: Contact) -> None:
        self.by_id[contact.id] = contact
        for sid in contact.source_ids:
            self.by_sid.setdefault(sid, contact.id)
        for key in _identifying(contact):
            self.by_handle.setdefault(key, contact.id)
        if contact.name.strip():
            self.by_name[name_key(contact.name)].add(contact.id)

    def match(self, contact: Contact) -> Contact | None:
        for sid in contact.source_ids:
            if sid in self.by_sid:
                return self.by_id[self.by_sid[sid]]
        for key in sorted(_identifying(contact)):
            if key in self.by_handle:
                return self.by_id[self.by_handle[key]]
        same_name = self.by_name.get(name_key(contact.name), set())
        if len(same_name) == 1:  # two stored people with this name: do not guess
            return self.by_id[next(iter(same_name))]
        return None


def plan_import(
    batch: ImportBatch,
    *,
    contacts: Iterable[Contact],
    conversations: Iterable[Conversation],
    activity_source_ids: set[str],
    day_minutes: dict[date, int],
    today: date,
    dry_run: bool,
    day_activities: Mapping[date, list[Activity]] | None = None,
) -> ImportPlan:
    """What importing ``batch`` into a store holding the given records would write.

    ``day_minutes`` holds the minutes already stored per day for the days the
    batch touches, so no day is pushed past 24 hours; ``day_activities`` the
    stored activities of those days, which ``batch.settle`` weighs.
    """
    _check_dates(batch)
    warnings = list(batch.warnings)
    stored = _StoredContacts(contacts)
    original = dict(stored.by_id)
    id_map, added_contacts = _match_contacts(batch.contacts, stored)
    acts = _ActivitySteps(activity_source_ids, day_minutes, today, warnings)
    for activity in batch.activities:
        if batch.settle is not None:
            same_day = list((day_activities or {}).get(activity.date, ()))
            acts.settle(activity, batch.settle, same_day)
        else:
            acts.add(replace(activity, contact_ids=_remap(activity.contact_ids, id_map)))
    acts.warn_of_future()
    convs = _ConversationSteps(conversations)
    for conv in batch.conversations:
        convs.add(replace(conv, contact_ids=_remap(conv.contact_ids, id_map)))
    latest, earliest = _contact_clocks(acts.new, [*convs.new, *convs.updated], today)
    added = set(added_contacts)
    to_write, updated_contacts = _contacts_to_write(stored, original, added, latest, earliest)
    unchanged_contacts = len(set(id_map.values()) - added) - updated_contacts
    report = ImportReport(
        source=batch.source,
        files=tuple(batch.files),
        dry_run=dry_run,
        contacts=KindCounts(len(added_contacts), updated_contacts, max(0, unchanged_contacts)),
        conversations=KindCounts(len(convs.new), len(convs.updated), convs.unchanged),
        activities=KindCounts(len(acts.new), len(acts.refreshed), acts.unchanged),
        samples=_samples(stored.by_id, added_contacts, convs.new, acts.new),
        warnings=tuple(warnings),
    )
    return ImportPlan(
        contacts=to_write,
        conversations=[*convs.new, *convs.updated],
        activities=acts.new,
        updated_activities=acts.refreshed,
        report=report,
    )


def _match_contacts(
    incoming: Iterable[Contact], stored: _StoredContacts
) -> tuple[dict[str, str], list[str]]:
    """Merge each imported contact into the stored one it matches, or index it as new.

    Returns the map from imported to stored contact ids, and the ids of the new contacts.
    """
    id_map: dict[str, str] = {}
    added: list[str] = []
    for contact in incoming:
        found = stored.match(contact)
        if found is None:
            stored.index(contact)
            id_map[contact.id] = contact.id
            added.append(contact.id)
        else:
            stored.index(merge_into(found, contact))
            id_map[contact.id] = found.id
    return id_map, added


class _ActivitySteps:
    """The imported activities to write: new source ids only, within today and 24 hours a day."""

    def __init__(
        self, source_ids: set[str], day_minutes: dict[date, int], today: date, warnings: list[str]
    ) -> None:
        self.new: list[Activity] = []
        self.refreshed: list[Activity] = []
        self.unchanged = 0
        self.future = 0
        self._seen = set(source_ids)
        self._totals = dict(day_minutes)
        self._today = today
        self._warnings = warnings

    def _fits_the_day(self, activity: Activity, more_minutes: int) -> bool:
        """Count ``more_minutes`` into the activity's day, unless that passes 24 hours."""
        total = self._totals.get(activity.date, 0) + more_minutes
        if total > MAX_MINUTES_PER_ACTIVITY:
            self._warnings.append(
                f"{activity.date.isoformat()}: {activity.note!r} would make the day hold more "
                "than 24 hours of networking; skipped"
            )
            return False
        self._totals[activity.date] = total
        return True

    def settle(self, activity: Activity, settle: Settle, same_day: list[Activity]) -> None:
        """A measured activity: the source weighs it against the day's stored ones."""
        if activity.date > self._today:
            self.future += 1
            return
        stored_one = next(
            (a for a in same_day if activity.source_id and a.source_id == activity.source_id),
            None,
        )
        settled, note = settle(activity, stored_one, same_day)
        if note:
            self._warnings.append(note)
        if settled is None or settled is stored_one:
            self.unchanged += stored_one is not None
            return
        stored_minutes = stored_one.minutes if stored_one is not None else 0
        if self._fits_the_day(activity, settled.minutes - stored_minutes):
            (self.new if stored_one is None else self.refreshed).append(settled)

    def add(self, activity: Activity) -> None:
        """An activity added unless its source id is stored (or it is in the future)."""
        if activity.source_id and activity.source_id in self._seen:
            self.unchanged += 1
            return
        if activity.date > self._today:
            self.future += 1
            return
        if not self._fits_the_day(activity, activity.minutes):
            return
        if activity.source_id:
            self._seen.add(activity.source_id)
        self.new.append(activity)

    def warn_of_future(self) -> None:
        if self.future:
            self._warnings.append(
                f"{plural(self.future, 'activity', 'activities')} dated after today "
                f"{'was' if self.future == 1 else 'were'} not imported"
            )


class _ConversationSteps:
    """The imported conversations to write: new ones added, known ones refreshed."""

    def __init__(self, stored: Iterable[Conversation]) -> None:
        self.new: list[Conversation] = []
        self.updated: list[Conversation] = []
        self.unchanged = 0
        self._by_source = {c.source_id: c for c in stored if c.source_id}

    def add(self, conv: Conversation) -> None:
        existing = self._by_source.get(conv.source_id) if conv.source_id else None
        if existing is None:
            self.new.append(conv)
            if conv.source_id:
                self._by_source[conv.source_id] = conv
            return
        refreshed = replace(
            existing,
            started=conv.started,
            initiated_by=conv.initiated_by,
            replied=conv.replied,
            replied_on=conv.replied_on,
            last_date=conv.last_date,
            messages_out=conv.messages_out,
            messages_in=conv.messages_in,
        )
        if refreshed == existing:
            self.unchanged += 1
        else:
            self.updated.append(refreshed.touched())
            self._by_source[conv.source_id or ""] = refreshed


def _contact_clocks(
    activities: Iterable[Activity], conversations: Iterable[Conversation], today: date
) -> tuple[dict[str, date], dict[str, date]]:
    """The latest (up to today) and earliest day each contact appears in what is imported."""
    convs = list(conversations)
    latest: dict[str, date] = {}
    earliest: dict[str, date] = {}
    for item_contacts, day in [
        *((a.contact_ids, a.date) for a in activities),
        *((c.contact_ids, c.started) for c in convs),
        *((c.contact_ids, c.last_date or c.started) for c in convs),
    ]:
        for cid in item_contacts:
            if day <= today and (cid not in latest or latest[cid] < day):
                latest[cid] = day
            if cid not in earliest or day < earliest[cid]:
                earliest[cid] = day
    return latest, earliest


def _contacts_to_write(
    stored: _StoredContacts,
    original: dict[str, Contact],
    added: set[str],
    latest: dict[str, date],
    earliest: dict[str, date],
) -> tuple[list[Contact], int]:
    """The new and changed contacts, keep-in-touch clocks moved; and how many were changed.

    ``added`` is a set, not a list: this visits every stored contact, so a list lookup
    made an import quadratic in the number of contacts.
    """
    to_write: list[Contact] = []
    updated = 0
    for cid, contact in stored.by_id.items():
        seen_on = latest.get(cid)
        if seen_on and (contact.last_contact is None or contact.last_contact < seen_on):
            contact = replace(contact, last_contact=seen_on)
        first_seen = earliest.get(cid)
        if first_seen and (contact.first_contact is None or first_seen < contact.first_contact):
            contact = replace(contact, first_contact=first_seen)
        before = original.get(cid)
        if before is None:
            if cid in added:
                to_write.append(contact)
        elif contact != before:
            to_write.append(contact.touched())
            updated += 1
    return to_write, updated


def _check_dates(batch: ImportBatch) -> None:
    """Refuse the whole batch if a record is dated outside the supported years (docs/input.md).

    Checked here, once for every source, before anything is planned: a file
    dated year 1 or 9999 is damaged or hostile, and such dates would overflow
    week and CPD arithmetic later.
    """
    found: list[tuple[date | None, str]] = []
    found += [(a.date, f"activity {a.note[:40]!r}") for a in batch.activities]
    for conv in batch.conversations:
        what = f"conversation {conv.source_id or conv.id}"
        found += [(conv.started, what), (conv.last_date, what), (conv.replied_on, what)]
    for contact in batch.contacts:
        what = f"contact {contact.name[:40]!r}"
        found += [(contact.connected_on, what), (contact.last_contact, what)]
        found.append((contact.first_contact, what))
    for day, what in found:
        if day is not None and not MIN_DATE <= day <= MAX_DATE:
            raise ImportFormatError(
                f"{batch.source}: {what} is dated {day.isoformat()}, outside the dates "
                f"netjournal supports ({MIN_DATE.year}-{MAX_DATE.year}); nothing was imported"
            )


def _identifying(contact: Contact) -> set[tuple[str, str]]:
    """The contact's handles that name one person (not a shared phone or web site)."""
    return {key for key in identity_keys(contact) if key[0] in IDENTIFYING_PLATFORMS}


def _remap(ids: tuple[str, ...], id_map: dict[str, str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(id_map.get(i, i) for i in ids))


def _samples(
    contacts: Mapping[str, Contact],
    added_contacts: list[str],
    conversations: list[Conversation],
    activities: list[Activity],
) -> dict[str, tuple[str, ...]]:
    """The first few new records of each kind, described for the report."""
    names = {c.id: c.name for c in contacts.values()}
    return {
        "contacts": tuple(_describe_contact(contacts[c]) for c in added_contacts[:SAMPLE_SIZE]),
        "conversations": tuple(
            _describe_conversation(c, names) for c in conversations[:SAMPLE_SIZE]
        ),
        "activities": tuple(_describe_activity(a, names) for a in activities[:SAMPLE_SIZE]),
    }


def _describe_contact(contact: Contact) -> str:
    where = f" ({contact.organisation})" if contact.organisation else ""
    return f"{contact.name}{where}"


def _describe_conversation(conv: Conversation, names: dict[str, str]) -> str:
    who = ", ".join(names.get(c, "?") for c in conv.contact_ids)
    started = "started by me" if conv.initiated_by.value == "me" else "started by them"
    replied = "replied" if conv.replied else "no reply"
    return f"{conv.started.isoformat()} {conv.channel} with {who}: {started}, {replied}"


def _describe_activity(activity: Activity, names: dict[str, str]) -> str:
    who = ", ".join(names.get(c, "?") for c in activity.contact_ids)
    people = f" with {who}" if who else ""
    return (
        f"{activity.date.isoformat()} {activity.mode.value} {activity.minutes}m "
        f"{activity.channel} {activity.style.value}{people}: {activity.note}"
    )
