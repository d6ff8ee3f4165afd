"""What every area service of the facade shares: paths, settings, the store, the clock.

:class:`Core` is created once by :class:`netjournal.journal.Journal` and handed
to each service; the settings live on it (not on the services), so a
setting changed through one service is seen by all of them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date

from netjournal import clock
from netjournal.config import Config
from netjournal.paths import Paths
from netjournal.storage.repositories import Repositories


class Core:
    """One journal's folder, configuration and repositories."""

    def __init__(self, paths: Paths, config: Config, repos: Repositories) -> None:
        self.paths = paths
        self.config = config
        self.repos = repos

    @staticmethod
    def today() -> date:
        return clock.today()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One locked unit of work over several repositories."""
        with self.repos.store.transaction():
            yield

    def describe(self, summary: str) -> None:
        """Name the open transaction's operation in the history (``undo --list``)."""
        self.repos.store.describe(summary)

    def parse_date(self, text: str) -> date:
        """A date as the user typed it, read with the configured date order."""
        # Imported here: the module's patterns are worth loading only when a date is typed.
        from netjournal.domain.timeparse import parse_date

        return parse_date(
            text,
            today=self.today(),
            date_order=self.config.date_order,
            week_start=self.config.week_start_index,
        )


class Service:
    """Base of the area services: reach the shared :class:`Core` by short names."""

    def __init__(self, core: Core) -> None:
        self.core = core

    @property
    def paths(self) -> Paths:
        return self.core.paths

    @property
    def config(self) -> Config:
        return self.core.config

    @property
    def repos(self) -> Repositories:
        return self.core.repos

    def today(self) -> date:
        return self.core.today()

    def transaction(self) -> contextlib.AbstractContextManager[None]:
        return self.core.transaction()

    def parse_date(self, text: str) -> date:
        return self.core.parse_date(text)

    def describe(self, summary: str) -> None:
        self.core.describe(summary)
