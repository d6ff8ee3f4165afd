"""When each contact became part of the user's network.

A contact met in the period is a *new connection* if they became known in it,
and an existing relationship *maintained* otherwise
(:mod:`netjournal.domain.reciprocity`); the keep-in-touch facts
(:mod:`netjournal.domain.keep_in_touch`) store the same day per contact.
One rule for both: :func:`first_known`. The store caches the day of every
contact (``known-since.json``): :func:`known_since_from_json` reads it back,
and :func:`known_in` and :func:`known_between` count the new connections of
a period from it. Stdlib only.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from netjournal.domain.checked import iso_day, obj, text

if TYPE_CHECKING:
    from netjournal.domain.contact_record import Contact
    from netjournal.domain.conversation_record import Conversation
    from netjournal.domain.models import Activity


def known_since(
    contacts: Iterable[Contact],
    activities: Iterable[Activity],
    conversations: Iterable[Conversation],
) -> dict[str, date]:
    """For each contact id, the first day they were part of the user's network.

    The earliest of: ``connected_on``, the date of the first activity with
    them, the start of the first conversation with them. A contact with none
    of these falls back to the day its record was created.

    ``Contact.first_contact`` records the earliest activity or conversation
    as they are stored, so passing no activities and conversations gives the
    same answer without reading the whole history (the facade does that).
    """
    first: dict[str, date] = {}

    def see(contact_id: str, day: date) -> None:
        if contact_id not in first or day < first[contact_id]:
            first[contact_id] = day

    for activity in activities:
        for cid in activity.contact_ids:
            see(cid, activity.date)
    for conversation in conversations:
        for cid in conversation.contact_ids:
            see(cid, conversation.started)
    out: dict[str, date] = {}
    for contact in contacts:
        out[contact.id] = first_known(
            contact.created.date(),
            contact.connected_on,
            contact.first_contact,
            first.get(contact.id),
        )
    return out


def first_known(created: date, *seen: date | None) -> date:
    """The first day someone was part of the network: the earliest of the days
    given (connected, first activity or conversation), else the day the record
    was created. One rule for :func:`known_since` and the facade's fast path."""
    days = [d for d in seen if d is not None]
    return min(days) if days else created


def known_since_from_json(value: Any) -> dict[str, date]:
    """``{id: known since}`` from the cached ``{id: "YYYY-MM-DD"}`` map, checked.

    Raises ``TypeError``/``ValueError`` for anything else (the cache then
    works the map out again from the contact facts).
    """
    return {text(cid): date.fromisoformat(iso_day(day)) for cid, day in obj(value).items()}


def known_in(sorted_known: list[str], start: date, end: date) -> list[date]:
    """The days of ``sorted_known`` (ISO text, sorted) in ``start``..``end``: two binary searches."""
    lo = bisect.bisect_left(sorted_known, start.isoformat())
    hi = bisect.bisect_right(sorted_known, end.isoformat())
    return [date.fromisoformat(day) for day in sorted_known[lo:hi]]


def known_between(since: Mapping[str, date], start: date, end: date) -> list[date]:
    """The *known since* days of ``since`` that fall in ``start``..``end`` (new connections)."""
    return [day for day in since.values() if start <= day <= end]
