"""Imports: adding a parsed batch (LinkedIn, X, vCard, calendar, ActivityWatch) to the store.

Parsers (:mod:`netjournal.importers`) are pure, and so is the plan of what to
write (:mod:`netjournal.importers.reconcile`), so a dry run runs the same
code as an import.
"""

from __future__ import annotations

import contextlib
from datetime import date

from netjournal.config import read_table
from netjournal.domain.models import Activity
from netjournal.domain.online_time import TrackerSettings, settings_from_table
from netjournal.importers.base import ImportBatch, ImportReport
from netjournal.importers.reconcile import plan_import
from netjournal.journal.core import Service


class ImportsService(Service):
    """``journal.imports``: ``netjournal import``."""

    def activitywatch_settings(self) -> TrackerSettings:
        """The ``[activitywatch]`` rules of ``config.toml``, checked (defaults when absent)."""
        path = self.paths.config_file
        return settings_from_table(read_table(path, "activitywatch"), str(path))

    def import_batch(self, batch: ImportBatch, *, dry_run: bool = False) -> ImportReport:
        """Add what ``batch`` holds that the store does not; with ``dry_run`` write nothing.

        The batch was parsed completely before this is called, so a malformed
        file never gets here. The writes happen in one store transaction
        (under the lock); a dry run takes no lock and makes no backup, so it
        cannot change a single byte on disk.
        """

        with contextlib.nullcontext() if dry_run else self.transaction():
            days = {a.date for a in batch.activities}
            day_minutes: dict[date, int] = {}
            day_activities: dict[date, list[Activity]] = {}
            if days:
                for stored in self.repos.activities.between(min(days), max(days)):
                    if stored.date in days:
                        day_minutes[stored.date] = day_minutes.get(stored.date, 0) + stored.minutes
                        day_activities.setdefault(stored.date, []).append(stored)
            plan = plan_import(
                batch,
                contacts=self.repos.contacts.all(),
                conversations=self.repos.conversations.all(),
                activity_source_ids=self.repos.activities.source_ids() if days else set(),
                day_minutes=day_minutes,
                today=self.today(),
                dry_run=dry_run,
                day_activities=day_activities,
            )
            if not dry_run:
                if plan.contacts:
                    self.repos.contacts.upsert_many(plan.contacts)
                if plan.conversations:
                    self.repos.conversations.upsert_many(plan.conversations)
                if plan.activities:
                    self.repos.activities.add_many(plan.activities)
                if plan.updated_activities:
                    self.repos.activities.replace_many(plan.updated_activities)
                self.describe(f"import {batch.source}")
        assert plan.report is not None
        return plan.report
