"""Keep in touch: whose cadence has lapsed ("who is due"), and when each contact became known.

The one place these rules live. ``netjournal week``, ``contact due``, the app's
reminders and the Contacts screen all get their :class:`DueContact` records from
here. Those figures need four dates and a cadence per contact, so the store
keeps them as :class:`ContactFacts` rows (its derived cache) and the functions
below read the rows as :class:`FactsRow` without decoding a contact record.
Stdlib only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from netjournal.domain.checked import INT_MAX, INT_MIN, array, iso_day, obj, text, whole
from netjournal.domain.known_since import first_known
from netjournal.domain.models import stored_date, utcnow
from netjournal.domain.names import name_key

if TYPE_CHECKING:
    # Names only: the due list is worked out from cached facts rows as often as from
    # contacts, so the record's dataclass loads with the code that decodes one.
    from netjournal.domain.contact_record import Contact

#: Which date a keep-in-touch clock runs from (:func:`clock_start`).
SINCE_KINDS = frozenset(("last_contact", "connected_on", "created"))


def is_snoozed(until: date | str | None, today: date) -> bool:
    """Whether a contact snoozed ``until`` (a date or its ISO text) is left off the due list today.

    The one rule of the snooze (``contact snooze``): hidden on every day
    *before* ``until``; from that day on the contact is back (if still due).
    """
    if until is None:
        return False
    if isinstance(until, str):
        return until > today.isoformat()
    return until > today


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


@dataclass(frozen=True, slots=True)
class ContactFacts:
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
    snoozed_until: date | None = None

    @classmethod
    def of(cls, contact: Contact) -> ContactFacts:
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
            contact.snoozed_until,
        )

    @classmethod
    def from_stored(cls, doc: Mapping[str, Any]) -> ContactFacts:
        """The facts of a stored contact, read as :meth:`Contact.from_dict` reads it.

        Only the dates, cadence and name are parsed: a change to one contact
        (every ``log --with``) should not cost a full decode of all of them.
        Property-tested to equal ``ContactFacts.of(Contact.from_dict(doc))``.
        """
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
            stored_date(doc.get("snoozed_until")),
        )

    def to_json(self) -> list[object]:
        """The cached row, read back as a :class:`FactsRow` (dates left as text)."""
        return [
            self.id,
            self.name,
            self.sort_key,
            self.cadence_days,
            self.since.isoformat(),
            self.since_kind,
            self.known_since.isoformat(),
            self.snoozed_until.isoformat() if self.snoozed_until else None,
        ]


def check_fact_rows(rows: Any) -> list[list[Any]]:
    """``rows`` if every one is a :meth:`ContactFacts.to_json` row; else ``TypeError``/``ValueError``.

    The readers below take the cached rows by position (no object per
    contact), so the whole entry is checked once, before any of them runs.
    """
    checked = array(rows)
    for row in checked:
        cid, name, key, cadence, since, kind, known, snoozed = array(row, 8)
        for field in (cid, name, key):
            text(field)
        iso_day(since)
        iso_day(known)
        if snoozed is not None:
            iso_day(snoozed)
        if cadence is not None:
            whole(cadence)
        if text(kind) not in SINCE_KINDS:
            raise ValueError(f"contact facts: unknown clock start {kind!r}")
    return checked


@dataclass(frozen=True, slots=True)
class FactsRow:
    """A cached :meth:`ContactFacts.to_json` row as stored: the dates still ISO text.

    Read by name, never by position; its dates are parsed only where a rule
    needs them (two thousand rows per review).
    """

    id: str
    name: str
    sort_key: str
    cadence_days: int | None
    since: str
    since_kind: str
    known_since: str
    snoozed_until: str | None


def facts_rows(rows: Iterable[Any]) -> list[FactsRow]:
    """The cached rows, checked for shape; a damaged entry raises ``TypeError`` (a miss)."""
    found = []
    for raw in rows:
        row = raw if type(raw) is FactsRow else FactsRow(*raw)
        if not (isinstance(row.id, str) and isinstance(row.known_since, str)):
            raise TypeError("contact facts: id and known-since must be text")
        found.append(row)
    return found


@dataclass(frozen=True, slots=True)
class DueContact:
    """A contact whose cadence has lapsed, with the arithmetic shown."""

    id: str
    name: str
    cadence_days: int
    since: date
    since_kind: str
    days_since: int
    overdue_days: int

    def to_json(self) -> dict[str, object]:
        """The one JSON shape of a due contact (``contact due --json``, ``week --json``)."""
        return {
            "id": self.id,
            "name": self.name,
            "cadence_days": self.cadence_days,
            "since": self.since.isoformat(),
            "since_kind": self.since_kind,
            "days_since": self.days_since,
            "overdue_days": self.overdue_days,
        }

    @classmethod
    def from_json(cls, value: Any) -> DueContact:
        """Back from :meth:`to_json` (the derived cache): exactly its shape, else a miss.

        A value with other keys, a field of the wrong JSON type (see
        :mod:`netjournal.domain.checked`), a day not in ``YYYY-MM-DD`` or an
        unknown clock start raises ``TypeError``/``ValueError``. The checks
        are made in one pass, inline: the app's first screen reads every due
        contact of the day (often a thousand) this way.
        """
        obj(value, _DUE_KEYS)
        cid, name, kind = value["id"], value["name"], value["since_kind"]
        if type(cid) is not str or type(name) is not str or type(kind) is not str:
            raise TypeError("due contact: id, name and clock start must be text")
        if kind not in SINCE_KINDS:
            raise ValueError(f"due contact: unknown clock start {kind!r}")
        counts = (value["cadence_days"], value["days_since"], value["overdue_days"])
        for n in counts:
            if type(n) is not int:
                raise TypeError("due contact: the day counts must be whole numbers")
            if not INT_MIN <= n <= INT_MAX:
                raise ValueError(f"due contact: {n} is outside {INT_MIN}..{INT_MAX}")
        day = value["since"]
        if type(day) is not str:
            raise TypeError("due contact: since must be text")
        since = date.fromisoformat(day)
        if since.isoformat() != day:
            raise ValueError(f"due contact: {day!r} is not a YYYY-MM-DD date")
        return cls(cid, name, counts[0], since, kind, counts[1], counts[2])


def due_status(contact: Contact, today: date, default_cadence_days: int = 0) -> DueContact | None:
    """One contact's due record, or ``None`` when it has no cadence, is not due (:func:`lapse`)
    or is snoozed (:func:`is_snoozed`)."""
    if is_snoozed(contact.snoozed_until, today):
        return None
    since, kind = clock_start(contact)
    lapsed = lapse(contact.cadence_days, since, today, default_cadence_days)
    if lapsed is None:
        return None
    cadence, days_since, overdue = lapsed
    return DueContact(contact.id, contact.name, cadence, since, kind, days_since, overdue)


def known_since_json(rows: Iterable[Any]) -> dict[str, str]:
    """``{id: known since as ISO text}`` of cached :meth:`ContactFacts.to_json` rows.

    Trends and the sociability figures need only this of each contact, so
    it is cached on its own (read by
    :func:`netjournal.domain.known_since.known_since_from_json`): one small map
    to check instead of two thousand eight-field rows.
    """
    return {row.id: row.known_since for row in facts_rows(rows)}


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


def due_of_rows(
    rows: Iterable[Any], today: date, default_cadence_days: int = 0
) -> list[DueContact]:
    """Who is due on ``today``, most overdue first (then by name, for stability).

    Straight from cached :meth:`ContactFacts.to_json` rows: only a contact
    with a cadence has its date read, only a due one becomes a record. A row
    it cannot read raises ``TypeError``/``ValueError`` (a damaged entry: a miss).
    """
    due: list[tuple[int, str, str, DueContact]] = []
    for row in facts_rows(rows):
        cadence = row.cadence_days
        if cadence is not None and type(cadence) is not int:
            raise TypeError("contact facts: cadence must be a whole number")
        if not (cadence or default_cadence_days > 0) or is_snoozed(row.snoozed_until, today):
            continue
        since = date.fromisoformat(row.since)
        lapsed = lapse(cadence, since, today, default_cadence_days)
        if lapsed is not None:
            if not (isinstance(row.name, str) and isinstance(row.sort_key, str)):
                raise TypeError("contact facts: name and sort key must be text")
            cadence_days, days_since, overdue = lapsed
            entry = DueContact(
                row.id, row.name, cadence_days, since, str(row.since_kind), days_since, overdue
            )
            due.append((-overdue, row.sort_key, row.id, entry))
    due.sort(key=lambda d: d[:3])
    return [d[3] for d in due]


def day_of_contacts_json(
    rows: Iterable[Any], today: date, default_cadence_days: int = 0
) -> dict[str, object]:
    """What a review on ``today`` needs of the contacts, as one small JSON value.

    Who is due (:func:`due_of_rows`) and every contact's *known since* day,
    sorted as ISO text. The weekly review of the current week, which the app
    shows on every start, reads this instead of two thousand contact rows;
    it holds for one day and one default cadence
    (:func:`day_of_contacts_from_json` refuses it on any other).
    """
    checked = facts_rows(rows)
    return {
        "today": today.isoformat(),
        "default_cadence_days": default_cadence_days,
        "due": [d.to_json() for d in due_of_rows(checked, today, default_cadence_days)],
        "known": sorted(row.known_since for row in checked),
    }


def day_of_contacts_from_json(
    value: Any, today: date, default_cadence_days: int = 0
) -> tuple[list[str], list[DueContact]]:
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
    return known, [DueContact.from_json(d) for d in due]


_DAY_OF_CONTACTS_KEYS = frozenset(("today", "default_cadence_days", "due", "known"))
_DUE_KEYS = frozenset(
    ("id", "name", "cadence_days", "since", "since_kind", "days_since", "overdue_days")
)


def snoozed_of_rows(rows: Iterable[Any], today: date) -> int:
    """How many contacts of the cached rows are snoozed on ``today`` (the due list says so)."""
    return sum(1 for row in facts_rows(rows) if is_snoozed(row.snoozed_until, today))
