"""The keep-in-touch clock and "known since" day of a contact, in their cached form.

``netjournal week`` lists who is due and counts new connections over every
contact. Those figures need four dates and a cadence per contact, so the
store keeps them as :class:`ContactFacts` (its derived cache) and this small
module applies the rules to them without decoding a contact record — or
importing the fuzzy matching and merging code of :mod:`netjournal.domain.contacts`,
which builds :class:`ContactFacts` and the full :class:`DueContact` on the
same rules (:func:`clock_start`, :func:`lapse`, :func:`due_json`).
Stdlib only.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from itertools import pairwise
from typing import Any, NamedTuple

from netjournal.domain.checked import array, iso_day, obj, text, whole
from netjournal.domain.models import Contact, stored_date, utcnow

#: Which date a keep-in-touch clock runs from (:func:`clock_start`).
SINCE_KINDS = frozenset(("last_contact", "connected_on", "created"))


def clock_start(contact: Contact) -> tuple[date, str]:
    """The date a contact's keep-in-touch clock runs from, and which date it was.

    The last contact if there ever was one; otherwise when we connected;
    otherwise the day the record was created — a brand-new contact should
    not be overdue the moment it is added.
    """
    return _clock(contact.last_contact, contact.connected_on, contact.created.date())


def _clock(last: date | None, connected: date | None, created: date) -> tuple[date, str]:
    if last is not None:
        return last, "last_contact"
    if connected is not None:
        return connected, "connected_on"
    return created, "created"


class ContactFacts(NamedTuple):
    """What the weekly review needs of a contact: its clock and when it became known.

    The store keeps these for every contact (its derived cache), so ``week``
    reads two thousand short rows instead of decoding two thousand records.
    ``id``, ``name`` and ``cadence_days`` mean what they mean on
    :class:`Contact`, so the due rules take either; ``sort_key`` is
    :func:`name_key` of the name, worked out once because sorting a thousand
    due contacts by it was the slow part of a review.
    """

    id: str
    name: str
    sort_key: str
    cadence_days: int | None
    since: date
    since_kind: str
    known_since: date

    @classmethod
    def of(cls, contact: Contact) -> ContactFacts:
        # Imported here: only a cache miss builds facts, and `week` need not load these.
        from netjournal.domain.contacts import name_key
        from netjournal.domain.reciprocity import first_known

        since, kind = clock_start(contact)
        known = first_known(contact.created.date(), contact.connected_on, contact.first_contact)
        return cls(
            contact.id,
            contact.name,
            name_key(contact.name),
            contact.cadence_days,
            since,
            kind,
            known,
        )

    @classmethod
    def from_stored(cls, doc: Mapping[str, Any]) -> ContactFacts:
        """The facts of a stored contact, read as :meth:`Contact.from_dict` reads it.

        Only the dates, cadence and name are parsed: a change to one contact
        (every ``log --with``) should not cost a full decode of all of them.
        Property-tested to equal ``ContactFacts.of(Contact.from_dict(doc))``.
        """
        from netjournal.domain.contacts import name_key
        from netjournal.domain.reciprocity import first_known

        cadence = doc.get("cadence_days")
        connected = stored_date(doc.get("connected_on"))
        created_at = doc.get("created")
        created = datetime.fromisoformat(str(created_at)).date() if created_at else utcnow().date()
        since, kind = _clock(stored_date(doc.get("last_contact")), connected, created)
        name = str(doc.get("name") or "")
        return cls(
            str(doc["id"]),
            name,
            name_key(name),
            int(cadence) if cadence is not None else None,
            since,
            kind,
            first_known(created, connected, stored_date(doc.get("first_contact"))),
        )

    def to_json(self) -> list[object]:
        """The cached row, read straight (no object per contact) by :func:`due_rows_json`,
        :func:`known_between` and :func:`known_since_of_rows`."""
        return [
            self.id,
            self.name,
            self.sort_key,
            self.cadence_days,
            self.since.isoformat(),
            self.since_kind,
            self.known_since.isoformat(),
        ]


def check_fact_rows(rows: Any) -> list[list[Any]]:
    """``rows`` if every one is a :meth:`ContactFacts.to_json` row; else ``TypeError``/``ValueError``.

    The readers below take the cached rows by position (no object per
    contact), so the whole entry is checked once, before any of them runs.
    """
    checked = array(rows)
    for row in checked:
        cid, name, key, cadence, since, kind, known = array(row, 7)
        for field in (cid, name, key):
            text(field)
        iso_day(since)
        iso_day(known)
        if cadence is not None:
            whole(cadence)
        if text(kind) not in SINCE_KINDS:
            raise ValueError(f"contact facts: unknown clock start {kind!r}")
    return checked


def known_since_of_rows(rows: list[Any]) -> dict[str, date]:
    """``{id: known since}`` straight from cached :meth:`ContactFacts.to_json` rows.

    Trends need only this of each contact; building two thousand
    :class:`ContactFacts` first would cost more than the rest of the figures.
    """
    since: dict[str, date] = {}
    for row in rows:
        cid = row[0]
        if not isinstance(cid, str):
            raise TypeError("contact facts: id must be text")
        since[cid] = date.fromisoformat(row[6])
    return since


def due_json(
    cid: str, name: str, cadence: int, since: date, kind: str, days_since: int, overdue: int
) -> dict[str, object]:
    """The one JSON shape of a due contact (``contact due --json`` and ``week --json``)."""
    return {
        "id": cid,
        "name": name,
        "cadence_days": cadence,
        "since": since.isoformat(),
        "since_kind": kind,
        "days_since": days_since,
        "overdue_days": overdue,
    }


def lapse(
    cadence_days: int | None, since: date, today: date, default_cadence_days: int
) -> tuple[int, int, int] | None:
    """``(cadence, days since, days overdue)`` when the cadence has lapsed, else ``None``.

    Due means ``today - since > cadence`` (strictly): with a 30-day cadence
    a contact last seen 30 days ago is due *tomorrow*, so a monthly coffee on
    the same date each month never shows as overdue. ``default_cadence_days``
    (from the config; 0 = off) applies to contacts without their own cadence.
    """
    cadence = cadence_days or (default_cadence_days if default_cadence_days > 0 else None)
    if not cadence:
        return None
    days_since = (today - since).days
    overdue = days_since - cadence
    return (cadence, days_since, overdue) if overdue > 0 else None


def due_rows_json(
    rows: Iterable[list[Any]], today: date, default_cadence_days: int = 0
) -> list[dict[str, object]]:
    """:func:`~netjournal.domain.contacts.due_contacts`, in its order and JSON shape,
    straight from cached :meth:`ContactFacts.to_json` rows.

    The weekly review (and the app's reminders) list who is due from the
    cache without building an object per contact: only a contact with a
    cadence has its date read, only a due one becomes a dict. A row it
    cannot read raises ``TypeError``/``ValueError`` (a damaged entry: a miss).
    """
    due: list[tuple[int, str, str, dict[str, object]]] = []
    for row in rows:
        cid, name, key, cadence, since_iso, kind, _known = row
        if cadence is not None and type(cadence) is not int:
            raise TypeError("contact facts: cadence must be a whole number")
        if not (cadence or default_cadence_days > 0):
            continue
        since = date.fromisoformat(since_iso)
        lapsed = lapse(cadence, since, today, default_cadence_days)
        if lapsed is not None:
            if not (isinstance(cid, str) and isinstance(name, str) and isinstance(key, str)):
                raise TypeError("contact facts: id, name and sort key must be text")
            cadence_days, days_since, overdue = lapsed
            entry = due_json(cid, name, cadence_days, since, str(kind), days_since, overdue)
            due.append((-overdue, key, cid, entry))
    due.sort(key=lambda d: d[:3])
    return [d[3] for d in due]


def day_of_contacts_json(
    rows: Iterable[list[Any]], today: date, default_cadence_days: int = 0
) -> dict[str, object]:
    """What a review on ``today`` needs of the contacts, as one small JSON value.

    Who is due (:func:`due_rows_json`) and every contact's *known since* day,
    sorted as ISO text. The weekly review of the current week, which the app
    shows on every start, reads this instead of two thousand contact rows;
    it holds for one day and one default cadence
    (:func:`day_of_contacts_from_json` refuses it on any other).
    """
    rows = list(rows)
    for row in rows:
        if not isinstance(row[6], str):
            raise TypeError("contact facts: known-since must be an ISO date")
    return {
        "today": today.isoformat(),
        "default_cadence_days": default_cadence_days,
        "due": due_rows_json(rows, today, default_cadence_days),
        "known": sorted(row[6] for row in rows),
    }


def day_of_contacts_from_json(
    value: Any, today: date, default_cadence_days: int = 0
) -> tuple[list[str], list[dict[str, object]]]:
    """``(known-since days as sorted ISO text, due contacts)`` from :func:`day_of_contacts_json`.

    Raises ``ValueError`` for a value made on another day or under another
    default cadence, and ``TypeError``/``KeyError`` for a damaged one: a miss.
    """
    obj(value, _DAY_OF_CONTACTS_KEYS)
    made_on, made_for = iso_day(value["today"]), whole(value["default_cadence_days"])
    if made_on != today.isoformat() or made_for != default_cadence_days:
        raise ValueError("contacts: worked out for another day or cadence")
    known, due = array(value["known"]), array(value["due"])
    for day in known:
        iso_day(day)
    if any(a > b for a, b in pairwise(known)):
        raise ValueError("contacts: known-since days must be sorted")  # they are bisected
    for entry in due:
        obj(entry, _DUE_KEYS)
        for key in ("id", "name"):
            text(entry[key])
        for key in ("cadence_days", "days_since", "overdue_days"):
            whole(entry[key])
        iso_day(entry["since"])
        if text(entry["since_kind"]) not in SINCE_KINDS:
            raise ValueError("contacts: unknown clock start")
    return known, due


_DAY_OF_CONTACTS_KEYS = frozenset(("today", "default_cadence_days", "due", "known"))
_DUE_KEYS = frozenset(
    ("id", "name", "cadence_days", "since", "since_kind", "days_since", "overdue_days")
)


def known_in(sorted_known: list[str], start: date, end: date) -> list[date]:
    """The days of ``sorted_known`` (ISO text, sorted) in ``start``..``end``: two binary searches."""
    lo = bisect.bisect_left(sorted_known, start.isoformat())
    hi = bisect.bisect_right(sorted_known, end.isoformat())
    return [date.fromisoformat(day) for day in sorted_known[lo:hi]]


def known_between(rows: Iterable[list[Any]], start: date, end: date) -> list[date]:
    """The *known since* days of cached contact-fact rows that fall in ``start``..``end``.

    Compared on the ISO text first (written by :meth:`ContactFacts.to_json`),
    so only the few in range are parsed.
    """
    lo, hi = start.isoformat(), end.isoformat()
    found = []
    for row in rows:
        known = row[6]
        if not isinstance(known, str):
            raise TypeError("contact facts: known-since must be an ISO date")
        if lo <= known <= hi:
            found.append(date.fromisoformat(known))
    return found
