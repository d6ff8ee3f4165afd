"""The trash: deleted records, kept so a delete can be undone and merged as a deletion.

Its own module because the facade's delete use-cases, ``doctor`` and the
merge of another copy all need :class:`TrashEntry`, and none of them needs
the other repositories.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Self

from netjournal.storage.document_repo import DocumentRepo, Record


class TrashEntry:
    """A deleted record kept so the delete can be undone (and merged as a deletion)."""

    __slots__ = ("deleted_at", "id", "kind", "record")

    def __init__(self, kind: str, record: dict[str, Any], deleted_at: str, id: str) -> None:
        self.kind = kind
        self.record = record
        self.deleted_at = deleted_at
        self.id = id

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "record": self.record,
            "deleted_at": self.deleted_at,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        return cls(
            kind=str(data["kind"]),
            record=dict(data["record"]),
            deleted_at=str(data["deleted_at"]),
            id=str(data["id"]),
        )

    @classmethod
    def of(cls, kind: str, record: Record) -> TrashEntry:
        # Microseconds, so "undo" knows which of two deletes in one second came last.
        deleted_at = datetime.now(UTC).isoformat()
        return cls(kind=kind, record=record.to_dict(), deleted_at=deleted_at, id=record.id)


class TrashRepo(DocumentRepo[TrashEntry]):
    """The trash: adding a record that is already there replaces its entry.

    The same id can be deleted twice (deleted, restored by ``undo`` on a
    crash-interrupted run or by a merge, deleted again): the newest
    deletion is the one to keep, and a plain insert would fail.
    """

    def add(self, record: TrashEntry) -> TrashEntry:
        self.upsert_many([record])
        return record

    def take(self, kind: str, record: Record, remove: Callable[[str], object]) -> None:
        """Move ``record`` here: keep a ``kind`` entry for it, then ``remove`` it by id.

        Every delete of the facade goes through this. The entry is written
        first, so a crash in between leaves the record in both places, never
        in neither.
        """
        self.add(TrashEntry.of(kind, record))
        remove(record.id)
