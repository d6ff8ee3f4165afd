"""When each contact became part of the user's network.

A contact met in the period is a *new connection* if they became known in it,
and an existing relationship *maintained* otherwise
(:mod:`netjournal.domain.reciprocity`); the keep-in-touch facts
(:mod:`netjournal.domain.keep_in_touch`) store the same day per contact.
One rule for both: :func:`first_known`. Stdlib only.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from netjournal.domain.models import Activity, Contact, Conversation


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
