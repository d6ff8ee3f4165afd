"""The application facade: the use-cases the CLI and the TUI offer, by area.

:class:`Journal` opens one journal (its folder, settings and store) and hands
out the area services; every use-case is a method of one of them::

    journal = Journal.open()
    journal.activities.log(ActivityInput(mode="online", duration="20m"))
    journal.review.balance("week")

======================  ==============================================================
``activities``          capture, edit, list, delete, undo; contact names for listings
``review``              balance of a period, trends, targets, sociability figures
``relationships``       contacts and their notes
``keep_in_touch``       who is due a catch-up, from the contacts' cached facts
``conversations``       conversations: who started them, replies
``cpd``                 CPD details and records, NMC figures, CPD and activity exports
``imports``             adding a parsed LinkedIn / X / vCard / calendar batch
``maintenance``         settings, backups, ``doctor``, conflict copies, demo data
``sync``                ``merge`` of another copy of the journal
``history``             ``undo``, ``redo`` and the list of recent operations
======================  ==============================================================

Each service module imports its domain modules at the top; a service is
imported and built the first time its property is read, so ``netjournal log``
loads the activities service only. Nothing here prints; problems are raised
as typed errors for the edge to word. Store access is not thread-safe (TinyDB
is not): the TUI calls the facade from one place only.
"""

from __future__ import annotations

import os
from functools import cached_property
from typing import TYPE_CHECKING

from netjournal.config import Config, load_config
from netjournal.journal.core import Core, Service
from netjournal.paths import Paths
from netjournal.presentation import conflict_notice
from netjournal.storage.repositories import Repositories, open_store
from netjournal.storage.store_names import conflict_copies

if TYPE_CHECKING:
    from netjournal.domain.contact_record import Contact
    from netjournal.journal.activities import ActivitiesService
    from netjournal.journal.capture_records import ActivityInput, LogResult
    from netjournal.journal.conversations import ConversationsService
    from netjournal.journal.cpd import CpdService
    from netjournal.journal.history import HistoryService
    from netjournal.journal.imports import ImportsService
    from netjournal.journal.keep_in_touch import KeepInTouchService
    from netjournal.journal.maintenance import MaintenanceService
    from netjournal.journal.relationships import RelationshipsService
    from netjournal.journal.revalidation import RevalidationService
    from netjournal.journal.review import ReviewService
    from netjournal.journal.search import SearchService
    from netjournal.journal.sync import SyncService
    from netjournal.journal.timer import TimerService

__all__ = ["ActivityInput", "Journal", "LogResult"]


def __getattr__(name: str) -> object:
    """``ActivityInput`` and ``LogResult`` for callers of the facade, loaded on first use.

    Commands that never capture an activity (``trends``, ``week``) do not pay
    for the activities service's module and its records.
    """
    if name in ("ActivityInput", "LogResult"):
        from netjournal.journal import capture_records

        return getattr(capture_records, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Journal(Service):
    """One user's journal: its folder, settings and store, and the services over them.

    It reaches ``paths``, ``config`` (the settings in force: ``maintenance.set_setting``
    changes them for every service), ``repos``, ``today()``, ``parse_date()`` and
    ``transaction()`` (one locked unit of work over several repositories) as every service does.
    """

    def __init__(self, paths: Paths, config: Config, repos: Repositories) -> None:
        super().__init__(Core(paths, config, repos))

    @classmethod
    def open(
        cls, data_dir: str | os.PathLike[str] | None = None, *, paths: Paths | None = None
    ) -> Journal:
        """Open the journal in ``data_dir`` / ``NETJOURNAL_HOME`` / the user dirs.

        Opening reads only the config file; store files are read on demand.
        """
        paths = paths or Paths.resolve(data_dir)
        config = load_config(paths.config_file)
        repos = open_store(
            paths.store_dir,
            paths.backup_dir,
            backups_keep=config.backups_keep,
            today=Core.today,
            cache_dir=lambda: paths.cache_dir,  # found on first need: `log` never pays
        )
        return cls(paths, config, repos)

    def conflict_notice(self) -> str | None:
        """One line for the CLI and the app when sync conflict copies wait to be merged.

        A copy holds another device's changes, unseen until merged. Read before
        every command, so here on the facade: no service is loaded for it.
        """
        copies = conflict_copies(self.paths.store_dir)
        if not copies:
            return None
        first = copies[0].relative_to(self.paths.store_dir).as_posix()
        return conflict_notice(first, len(copies) - 1)

    # The services. Each is imported and built once, on first use.

    @cached_property
    def activities(self) -> ActivitiesService:
        from netjournal.journal.activities import ActivitiesService

        return ActivitiesService(self.core, find_contact=self._find_contact)

    @cached_property
    def keep_in_touch(self) -> KeepInTouchService:
        from netjournal.journal.keep_in_touch import KeepInTouchService

        return KeepInTouchService(self.core)

    @cached_property
    def relationships(self) -> RelationshipsService:
        from netjournal.journal.relationships import RelationshipsService

        return RelationshipsService(self.core, self.activities, self.keep_in_touch)

    @cached_property
    def conversations(self) -> ConversationsService:
        from netjournal.journal.conversations import ConversationsService

        return ConversationsService(self.core, self.activities, find_contact=self._find_contact)

    @cached_property
    def review(self) -> ReviewService:
        from netjournal.journal.review import ReviewService

        return ReviewService(self.core, lambda: self.keep_in_touch)

    @cached_property
    def cpd(self) -> CpdService:
        from netjournal.journal.cpd import CpdService

        return CpdService(self.core, self.activities)

    @cached_property
    def revalidation(self) -> RevalidationService:
        from netjournal.journal.revalidation import RevalidationService

        return RevalidationService(self.core, self.activities, self.cpd)

    @cached_property
    def timer(self) -> TimerService:
        from netjournal.journal.timer import TimerService

        return TimerService(self.core, self.activities)

    @cached_property
    def imports(self) -> ImportsService:
        from netjournal.journal.imports import ImportsService

        return ImportsService(self.core)

    @cached_property
    def maintenance(self) -> MaintenanceService:
        from netjournal.journal.maintenance import MaintenanceService

        return MaintenanceService(self.core)

    @cached_property
    def search(self) -> SearchService:
        from netjournal.journal.search import SearchService

        return SearchService(self.core)

    @cached_property
    def sync(self) -> SyncService:
        from netjournal.journal.sync import SyncService

        return SyncService(self.core)

    @cached_property
    def history(self) -> HistoryService:
        from netjournal.journal.history import HistoryService

        return HistoryService(self.core)

    def _find_contact(self, key: str) -> Contact:
        return self.relationships.get_contact(key)
