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

from netjournal.domain.contacts import identity_keys
from netjournal.domain.models import MAX_MINUTES_PER_ACTIVITY, Activity, Contact, Conversation
from netjournal.domain.timeparse import MAX_DATE, MIN_DATE
from netjournal.errors import ImportFormatError
from netjournal.importers.base import ImportBatch, ImportReport, KindCounts
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
    id_map: dict[str, str] = {}
    added_contacts: list[str] = []
    for incoming in batch.contacts:
        found = stored.match(incoming)
        if found is None:
            stored.index(incoming)
            id_map[incoming.id] = incoming.id
            added_contacts.append(incoming.id)
        else:
            merged = merge_into(found, incoming)
            stored.index(merged)
            id_map[incoming.id] = found.id

    # --- activities: new source ids only, within today and 24 hours a day ---
    new_activities: list[Activity] = []
    refreshed_activities: list[Activity] = []
    future = unchanged_activities = 0
    seen = set(activity_source_ids)
    totals = dict(day_minutes)
    for activity in batch.activities:
        if batch.settle is not None:
            if activity.date > today:
                future += 1
                continue
            same_day = list((day_activities or {}).get(activity.date, ()))
            stored_one = next(
                (a for a in same_day if activity.source_id and a.source_id == activity.source_id),
                None,
            )
            settled, note = batch.settle(activity, stored_one, same_day)
            if note:
                warnings.append(note)
            if settled is None or settled is stored_one:
                unchanged_activities += stored_one is not None
                continue
            stored_minutes = stored_one.minutes if stored_one is not None else 0
            total = totals.get(activity.date, 0) - stored_minutes + settled.minutes
            if total > MAX_MINUTES_PER_ACTIVITY:
                warnings.append(
                    f"{activity.date.isoformat()}: {activity.note!r} would make the day hold "
                    "more than 24 hours of networking; skipped"
                )
                continue
            totals[activity.date] = total
            if stored_one is None:
                new_activities.append(settled)
            else:
                refreshed_activities.append(settled)
            continue
        if activity.source_id and activity.source_id in seen:
            unchanged_activities += 1
            continue
        if activity.date > today:
            future += 1
            continue
        total = totals.get(activity.date, 0) + activity.minutes
        if total > MAX_MINUTES_PER_ACTIVITY:
            warnings.append(
                f"{activity.date.isoformat()}: {activity.note!r} would make the day hold more "
                "than 24 hours of networking; skipped"
            )
            continue
        totals[activity.date] = total
        if activity.source_id:
            seen.add(activity.source_id)
        new_activities.append(replace(activity, contact_ids=_remap(activity.contact_ids, id_map)))
    if future:
        warnings.append(
            f"{plural(future, 'activity', 'activities')} dated after today "
            f"{'was' if future == 1 else 'were'} not imported"
        )

    # --- conversations: new ones added, known ones refreshed ---
    stored_convs = {c.source_id: c for c in conversations if c.source_id}
    new_convs: list[Conversation] = []
    updated_convs: list[Conversation] = []
    unchanged_convs = 0
    for conv in batch.conversations:
        conv = replace(conv, contact_ids=_remap(conv.contact_ids, id_map))
        existing = stored_convs.get(conv.source_id) if conv.source_id else None
        if existing is None:
            new_convs.append(conv)
            if conv.source_id:
                stored_convs[conv.source_id] = conv
            continue
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
            unchanged_convs += 1
        else:
            updated_convs.append(refreshed.touched())
            stored_convs[conv.source_id or ""] = refreshed

    # --- keep-in-touch clocks of everyone involved (first and last contact) ---
    latest: dict[str, date] = {}
    earliest: dict[str, date] = {}
    for item_contacts, day in [
        *((a.contact_ids, a.date) for a in new_activities),
        *((c.contact_ids, c.started) for c in (*new_convs, *updated_convs)),
        *((c.contact_ids, c.last_date or c.started) for c in (*new_convs, *updated_convs)),
    ]:
        for cid in item_contacts:
            if day <= today and (cid not in latest or latest[cid] < day):
                latest[cid] = day
            if cid not in earliest or day < earliest[cid]:
                earliest[cid] = day
    to_write: list[Contact] = []
    updated_contacts = 0
    # A set, not the list: this loop visits every stored contact, so a list lookup here
    # made an import quadratic in the number of contacts.
    added = set(added_contacts)
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
            updated_contacts += 1
    unchanged_contacts = len(set(id_map.values()) - added) - updated_contacts

    names = {c.id: c.name for c in stored.by_id.values()}
    report = ImportReport(
        source=batch.source,
        files=tuple(batch.files),
        dry_run=dry_run,
        contacts=KindCounts(len(added_contacts), updated_contacts, max(0, unchanged_contacts)),
        conversations=KindCounts(len(new_convs), len(updated_convs), unchanged_convs),
        activities=KindCounts(len(new_activities), len(refreshed_activities), unchanged_activities),
        samples={
            "contacts": tuple(
                _describe_contact(stored.by_id[c]) for c in added_contacts[:SAMPLE_SIZE]
            ),
            "conversations": tuple(
                _describe_conversation(c, names) for c in new_convs[:SAMPLE_SIZE]
            ),
            "activities": tuple(_describe_activity(a, names) for a in new_activities[:SAMPLE_SIZE]),
        },
        warnings=tuple(warnings),
    )
    return ImportPlan(
        contacts=to_write,
        conversations=[*new_convs, *updated_convs],
        activities=new_activities,
        updated_activities=refreshed_activities,
        report=report,
    )


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
