"""Keep in touch: who is due a catch-up, from the contacts' cached facts.

The rules are :mod:`netjournal.domain.keep_in_touch`'s. This service owns the
two derived-cache entries behind them, the contact facts and the day's due
list, which the weekly review, ``contact due`` and the app all read. It is
its own service, not part of ``relationships``, so a review loads only what
it reads, not the rules for adding, editing and merging people.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from netjournal.domain.keep_in_touch import (
    ContactFacts,
    DueContact,
    check_fact_rows,
    day_of_contacts_from_json,
    day_of_contacts_json,
    due_status,
    known_since_json,
    snoozed_of_rows,
)
from netjournal.journal.core import Service

if TYPE_CHECKING:
    from netjournal.domain.contact_record import Contact

_T = TypeVar("_T")


class KeepInTouchService(Service):
    """``journal.keep_in_touch``: the keep-in-touch clock over every contact."""

    def contacts_due(self) -> list[DueContact]:
        """Contacts whose keep-in-touch cadence has lapsed today, most overdue first.

        The same list (and the same cached entry) as the weekly review's.
        """
        return self.day_of_contacts(self.today(), self.config.default_cadence_days)[1]

    def due_status(self, contact: Contact) -> DueContact | None:
        """Whether one contact is due today, and by how much (``contact show``)."""
        return due_status(contact, self.today(), self.config.default_cadence_days)

    def snoozed_count(self) -> int:
        """How many contacts are snoozed today (from the cached contact facts)."""
        today = self.today()
        return self.contact_fact_rows(lambda rows: snoozed_of_rows(rows, today))

    def known_since_days(self) -> dict[str, str]:
        """``{contact id: known since as ISO text}`` from the cached contact facts.

        What the review's ``known-since`` entry is made from when it is missing
        or stale; the review reads that entry without loading this service.
        """
        return self.contact_fact_rows(known_since_json)

    def contact_fact_rows(self, decode: Callable[[list[Any]], _T]) -> _T:
        """The one derived-cache entry of contact facts, decoded as the caller needs."""
        return self.repos.contacts.derived(
            "contact-facts",
            2,
            ContactFacts.from_stored,
            lambda facts: [f.to_json() for f in facts],
            lambda rows: decode(check_fact_rows(rows)),
        )

    def day_of_contacts(
        self, today: date, default_cadence_days: int
    ) -> tuple[list[str], list[DueContact]]:
        """Who is due ``today`` and every known-since day, from a derived entry kept for the day.

        Worked out from the contact facts (themselves cached) on the first
        review of a day, after any change to the contacts file, or under a
        new default cadence; every other review of the current period (each
        start of the app, ``week``) reads only the due list and the sorted
        days, not two thousand contact rows.
        """

        return self.repos.contacts.derived_value(
            "contacts-today",
            2,
            lambda: self.contact_fact_rows(
                lambda rows: day_of_contacts_json(rows, today, default_cadence_days)
            ),
            lambda value: day_of_contacts_from_json(value, today, default_cadence_days),
        )
