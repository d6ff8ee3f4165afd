"""Schema upgrades for store files.

Each file carries ``{"netjournal": {"kind": ..., "schema": N}}``. When a file
with an older schema is read, the steps from its version up to
:data:`SCHEMA_VERSION` run in order on the raw documents, *in memory*; the
upgraded form reaches disk only with the next write, atomically.

Rules for every step: change only what the step is about and keep every key
it does not know, so fields written by a newer netjournal (or by hand)
survive. A file with a *newer* schema than this version is refused by the
engine rather than rewritten, so it can never be stripped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from netjournal.errors import CorruptStoreError

#: The schema this version of netjournal writes.
SCHEMA_VERSION = 1

Tables = dict[str, Any]
#: ``MIGRATIONS[n]`` upgrades a file from schema ``n`` to ``n + 1``.
MIGRATIONS: dict[int, Callable[[Tables, str], Tables]] = {}


def migrate(tables: Tables, kind: str, from_version: int) -> Tables:
    """Run every step from ``from_version`` up to :data:`SCHEMA_VERSION`."""
    version = from_version
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise CorruptStoreError(
                f"no upgrade path from store schema {version} for {kind!r} files"
            )
        tables = step(tables, kind)
        version += 1
    return tables
