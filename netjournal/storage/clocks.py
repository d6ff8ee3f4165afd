"""Each contact's first and last contact, worked out from the activities and conversations that exist.

``Contact.last_contact`` and ``first_contact`` are kept on the contact record
so that "who is due" never needs ten years of activities. They are a cache,
not a fact of their own: the truth is the earliest and latest day of an
activity or conversation with that person. Logging widens them (exact for an
addition, and the activity and the contact commit together); every change
that can *narrow* them — an edit that moves or unlinks an activity, a
delete, an undo, a merge from another device — calls :func:`refresh_clocks`
for the people involved, and ``doctor`` compares every contact with
:func:`true_clocks` (``doctor --fix`` rewrites the ones that differ).

The activity side comes from a per-month derived figure (who appears in the
month, first and last day), cached until that month's file changes, so a
refresh reads ~120 small entries instead of decoding ten years; the month a
command just changed is worked out again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from netjournal.domain.models import Activity
from netjournal.errors import NotFoundError
from netjournal.presentation import plural
from netjournal.storage.repositories import Repositories

if TYPE_CHECKING:
    from netjournal.domain.contact_record import Contact

Span = tuple[date, date]


def _month_spans(activities: list[Activity]) -> dict[str, list[str]]:
    spans: dict[str, list[str]] = {}
    for a in activities:
        day = a.date.isoformat()
        for cid in a.contact_ids:
            seen = spans.get(cid)
            if seen is None:
                spans[cid] = [day, day]
            else:
                seen[0], seen[1] = min(seen[0], day), max(seen[1], day)
    return spans


def _decode_spans(value: Any) -> dict[str, list[str]]:
    if not isinstance(value, dict):
        raise TypeError("contact spans: not an object")
    for cid, span in value.items():
        if not (isinstance(cid, str) and isinstance(span, list) and len(span) == 2):
            raise TypeError("contact spans: a span is not [first, last]")
        date.fromisoformat(span[0])
        date.fromisoformat(span[1])
    return value


def _widen(found: dict[str, Span], cid: str, first: date, last: date) -> None:
    seen = found.get(cid)
    found[cid] = (first, last) if seen is None else (min(seen[0], first), max(seen[1], last))


def true_clocks(repos: Repositories, wanted: Iterable[str] | None = None) -> dict[str, Span]:
    """``{contact id: (first day, last day)}`` over every activity and conversation.

    Only ``wanted`` ids (all when ``None``); a contact nobody met is absent.
    """
    keep = None if wanted is None else set(wanted)
    found: dict[str, Span] = {}
    acts = repos.activities
    months = acts.months()
    per_month = None
    if months:
        lo = date.fromisoformat(f"{months[0]}-01")
        hi = date.fromisoformat(f"{months[-1]}-28")
        per_month = acts.derived_by_month(lo, hi, "contact-spans", 1, _month_spans, _decode_spans)
    if per_month is None:  # no months, or an activity stored twice: read them (rare)
        per_month = [_month_spans(acts.all())] if months else []
    for spans in per_month:
        for cid, (first, last) in spans.items():
            if keep is None or cid in keep:
                _widen(found, cid, date.fromisoformat(first), date.fromisoformat(last))
    fields = ("contact_ids", "started", "last_date", "replied_on")
    for doc in repos.conversations.fields(fields):
        days = [date.fromisoformat(str(d)) for d in (doc[k] for k in fields[1:]) if d]
        if not days:
            continue
        for cid in doc.get("contact_ids") or ():
            if keep is None or cid in keep:
                _widen(found, str(cid), min(days), max(days))
    return found


def stale_contacts(
    contacts: Iterable[Contact], truth: dict[str, Span]
) -> list[tuple[Contact, Contact]]:
    """``(stored, corrected)`` for every contact whose stored clocks differ from ``truth``."""
    stale = []
    for contact in contacts:
        first, last = truth.get(contact.id, (None, None))
        if contact.first_contact != first or contact.last_contact != last:
            stale.append((contact, contact.touched(first_contact=first, last_contact=last)))
    return stale


def refresh_clocks(repos: Repositories, contact_ids: Iterable[str]) -> int:
    """Work out the clocks of ``contact_ids`` again and store the ones that changed (one write).

    Call inside the transaction that changed their activities or
    conversations, so the correction commits with the change.
    """
    ids = set(contact_ids)
    if not ids:
        return 0
    truth = true_clocks(repos, ids)
    stored = []
    for cid in sorted(ids):
        with contextlib.suppress(NotFoundError):  # a contact deleted since: nothing to keep
            stored.append(repos.contacts.get(cid))
    corrected = [fixed for _, fixed in stale_contacts(stored, truth)]
    repos.contacts.upsert_many(corrected)
    return len(corrected)


def check_clocks(repos: Repositories, *, fix: bool) -> list[tuple[str, str, bool]]:
    """``doctor``: contacts whose stored first/last contact is not what their activities say."""
    stale = stale_contacts(repos.contacts.all(), true_clocks(repos))
    if not stale:
        return []
    if fix:
        with repos.store.transaction():
            repos.contacts.upsert_many([fixed for _, fixed in stale])
    stored, fixed = stale[0]
    example = (
        f"e.g. {stored.name}: stored {_day(stored.last_contact)}, "
        f"the activities and conversations say {_day(fixed.last_contact)}"
    )
    return [
        (
            "warning",
            f"{plural(len(stale), 'contact')} {'has' if len(stale) == 1 else 'have'} a first or "
            "last contact date that their "
            f"activities do not show ({example}); `netjournal doctor --fix` recomputes them",
            fix,
        )
    ]


def _day(day: date | None) -> str:
    return day.isoformat() if day else "never"
