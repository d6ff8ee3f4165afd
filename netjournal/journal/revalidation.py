"""The NMC revalidation picture, practice-related feedback and the reflective discussion.

A service of the facade (``journal.revalidation``): feedback and discussions
are two small store files (``feedback.json``, ``discussions.json``); the hours
and reflective accounts come from the CPD service. The rules are in
:mod:`netjournal.domain.revalidation`.
"""

from __future__ import annotations

from netjournal.domain.models import new_id
from netjournal.domain.revalidation import (
    Feedback,
    ReflectiveDiscussion,
    RevalidationPicture,
    revalidation_picture,
)
from netjournal.errors import InputError, NotFoundError
from netjournal.journal.activities import ActivitiesService
from netjournal.journal.core import Core, Service
from netjournal.journal.cpd import CpdService


class RevalidationService(Service):
    """``journal.revalidation``: what the NMC asks for, what is done, what is missing."""

    def __init__(self, core: Core, activities: ActivitiesService, cpd: CpdService) -> None:
        super().__init__(core)
        self._activities = activities
        self._cpd = cpd

    # -- the picture ---------------------------------------------------------------

    def picture(self) -> RevalidationPicture:
        """The three years ending on the renewal date (``config set revalidation-date``)."""
        today = self.today()
        renewal = self.config.renewal_date
        end = renewal or today
        start, end = self._cpd.cpd_period(None, end)
        records = self._cpd.cpd_records(start, end)
        # The "nature" answer is not part of a CPD record: read it from the few
        # activities marked for a reflective account, filtered before decoding.
        marked = self.repos.activities.between(
            start, end, where=lambda d: bool((d.get("cpd") or {}).get("reflect"))
        )
        natures = {a.id: a.cpd.nature for a in marked if a.cpd is not None}
        return revalidation_picture(
            records,
            natures,
            self.repos.feedback.all(),
            self.repos.discussions.all(),
            today=today,
            renewal=renewal,
        )

    # -- feedback --------------------------------------------------------------------

    def add_feedback(
        self, summary: str, source: str, when: str | None = None, activity: str | None = None
    ) -> Feedback:
        """Record a piece of feedback; ``activity`` (an id or its prefix) must exist."""
        day = self.parse_date(when) if when else self.today()
        if day > self.today():
            raise InputError(f"{when!r} is in the future", field="date")
        activity_id = self._activities.get_activity(activity).id if activity else None
        record = Feedback.new(new_id(), day, source, summary, activity_id)
        with self.transaction():
            self.repos.feedback.add(record)
        return record

    def feedback(self) -> list[Feedback]:
        """Every feedback record, oldest first."""
        return sorted(self.repos.feedback.all(), key=lambda f: (f.date, f.id))

    def remove_feedback(self, id_or_prefix: str) -> Feedback:
        with self.transaction():
            record = self.repos.feedback.find(id_or_prefix)
            self.repos.feedback.remove(record.id)
        return record

    # -- the reflective discussion -------------------------------------------------

    def record_discussion(self, when: str, with_name: str, pin: str) -> ReflectiveDiscussion:
        """Record the reflective discussion (the newest in the cycle is the one shown)."""
        day = self.parse_date(when)
        if day > self.today():
            raise InputError(f"{when!r} is in the future", field="date")
        record = ReflectiveDiscussion.new(new_id(), day, with_name, pin)
        with self.transaction():
            self.repos.discussions.add(record)
        return record

    def discussions(self) -> list[ReflectiveDiscussion]:
        return sorted(self.repos.discussions.all(), key=lambda d: (d.date, d.id))

    def remove_discussion(self, id_or_prefix: str) -> ReflectiveDiscussion:
        with self.transaction():
            try:
                record = self.repos.discussions.find(id_or_prefix)
            except NotFoundError:
                raise NotFoundError(f"no reflective discussion with id {id_or_prefix!r}") from None
            self.repos.discussions.remove(record.id)
        return record
