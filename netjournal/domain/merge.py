"""Merging two copies of one journal: the rules, without any file handling.

People keep their journal on a laptop and a work PC and let a sync tool
(Syncthing, Nextcloud, Dropbox, a git repository) carry the data folder
between them. When both devices changed the same store file while apart,
the sync tool keeps one version and saves the other as a *conflict copy*
next to it. Nothing is lost yet, but the journal only sees one side until
the two are merged. This module decides what a merge does; the facade
reads the files and writes the result.

The rules (docs/robustness.md explains them with examples):

* Records are matched by their stable id, never by content.
* A record only one side has is kept (a new activity from either device).
* A record both sides have: the version with the later ``updated`` wins;
  on a tie ours stays (re-running a merge changes nothing).
* Deletions travel as tombstones (the trash keeps each deleted record with
  ``deleted_at``). A record is deleted by the merge when a tombstone from
  either side is *later* than the record's newest edit; an edit made after
  the deletion brings the record back. A tie keeps the record: when in
  doubt, netjournal keeps data rather than drops it.

Stdlib only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, Protocol, TypeVar

from netjournal.domain.conflicts import conflict_parts, is_conflict_copy

__all__ = ["ConflictName", "conflict_name", "is_conflict_copy"]


@dataclass(frozen=True, slots=True)
class ConflictName:
    """What a conflict copy's file name tells: the tool and the original name."""

    tool: str
    original: str


def conflict_name(filename: str) -> ConflictName | None:
    """Recognise a sync tool's conflict copy by its name; ``None`` if it is not one.

    >>> conflict_name("2026-11.sync-conflict-20261120-101010-ABCDEFG.json")
    ConflictName(tool='Syncthing', original='2026-11.json')
    """
    parts = conflict_parts(filename)
    return None if parts is None else ConflictName(*parts)


# --- merging records -------------------------------------------------------


class Versioned(Protocol):
    """What the merge needs of a record: a stable id and the time of its last edit."""

    @property
    def id(self) -> str: ...

    @property
    def updated(self) -> datetime: ...


V = TypeVar("V", bound=Versioned)


@dataclass(frozen=True, slots=True)
class RecordMerge(Generic[V]):
    """What merging one kind of record (activities, contacts …) will do here.

    ``added`` and ``updated`` are the records to write; ``deleted`` are our
    records to move to the trash (``deleted_at`` says when, per id);
    ``kept`` counts records where the other copy differs (or deleted them
    earlier) and our version stays; ``unchanged`` counts identical records.
    """

    added: tuple[V, ...]
    updated: tuple[V, ...]
    deleted: tuple[V, ...]
    deleted_at: Mapping[str, datetime]
    kept: int
    unchanged: int

    @property
    def changes(self) -> int:
        return len(self.added) + len(self.updated) + len(self.deleted)

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "deleted": len(self.deleted),
            "kept": self.kept,
            "unchanged": self.unchanged,
        }


def latest_deletions(*sides: Mapping[str, datetime]) -> dict[str, datetime]:
    """For each id, the latest deletion time any side recorded."""
    merged: dict[str, datetime] = {}
    for side in sides:
        for record_id, when in side.items():
            seen = merged.get(record_id)
            if seen is None or when > seen:
                merged[record_id] = when
    return merged


def merge_records(
    ours: Iterable[V],
    theirs: Iterable[V],
    our_deletions: Mapping[str, datetime],
    their_deletions: Mapping[str, datetime],
) -> RecordMerge[V]:
    """Decide, record by record, what a merge of ``theirs`` into ``ours`` does.

    Records only we have are left alone unless a tombstone (ours or theirs)
    is later than their last edit: absence on the other side is never read
    as a deletion, because a conflict copy holds only part of a store.
    """
    mine = {r.id: r for r in ours}
    other = {r.id: r for r in theirs}
    deletions = latest_deletions(our_deletions, their_deletions)
    added: list[V] = []
    updated: list[V] = []
    deleted: list[V] = []
    deleted_at: dict[str, datetime] = {}
    kept = unchanged = 0
    for record_id in sorted(mine.keys() | other.keys()):
        here, there = mine.get(record_id), other.get(record_id)
        if here is not None and (there is None or here.updated >= there.updated):
            winner: V = here
        else:
            assert there is not None  # one of the two always exists
            winner = there
        gone = deletions.get(record_id)
        if gone is not None and gone > winner.updated:
            if here is not None:
                deleted.append(here)
                deleted_at[record_id] = gone
            elif there is not None:
                kept += 1  # deleted here already; the other side's older copy stays deleted
            continue
        if here is None:
            added.append(winner)  # new on the other side, or edited there after our deletion
        elif winner is not here:
            updated.append(winner)
        elif there is not None:
            if here == there:
                unchanged += 1
            else:
                kept += 1
        elif record_id in their_deletions:
            kept += 1  # they deleted it, but our edit is newer: it stays
    return RecordMerge(
        added=tuple(added),
        updated=tuple(updated),
        deleted=tuple(deleted),
        deleted_at=deleted_at,
        kept=kept,
        unchanged=unchanged,
    )


@dataclass(frozen=True, slots=True)
class TombstoneMerge:
    """How the trash changes: tombstones to copy from the other side, ours to drop.

    A tombstone is dropped when the record it deleted is alive after the
    merge with a later edit: otherwise ``undo`` would bring back the old
    version over the newer one.
    """

    copy_from_theirs: tuple[str, ...]
    drop_ours: tuple[str, ...]


def merge_tombstones(
    ours: Mapping[str, datetime],
    theirs: Mapping[str, datetime],
    alive: Mapping[str, datetime],
) -> TombstoneMerge:
    """Which tombstones to copy and drop, given ``alive``: id -> ``updated`` after the merge."""
    copy = [
        record_id
        for record_id, when in sorted(theirs.items())
        if (record_id not in ours or when > ours[record_id])
        and not (record_id in alive and alive[record_id] >= when)
    ]
    drop = [
        record_id
        for record_id, when in sorted(ours.items())
        if record_id in alive and alive[record_id] >= when
    ]
    return TombstoneMerge(copy_from_theirs=tuple(copy), drop_ours=tuple(drop))


@dataclass(frozen=True, slots=True)
class MergeReport:
    """What a merge did (or, with ``dry_run``, would do), for the CLI, the TUI and JSON.

    ``kinds`` maps ``activities``/``contacts``/… to the counts of
    :meth:`RecordMerge.counts`; ``trash`` counts tombstones copied from the
    other side and ours dropped because the record came back later.
    """

    source: str
    dry_run: bool
    kinds: Mapping[str, Mapping[str, int]]
    trash: Mapping[str, int]
    tool: str | None = None
    skipped: tuple[str, ...] = ()
    moved_to: str | None = None
    duplicate_contacts: tuple[str, ...] = ()
    #: Why this conflict copy was set aside unmerged (it could not be read).
    damaged: str | None = None

    @property
    def changes(self) -> int:
        """How many records were (or would be) written or deleted here."""
        records = sum(c["added"] + c["updated"] + c["deleted"] for c in self.kinds.values())
        return records + sum(self.trash.values())

    def to_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "tool": self.tool,
            "dry_run": self.dry_run,
            "kinds": {k: dict(v) for k, v in self.kinds.items()},
            "trash": dict(self.trash),
            "changes": self.changes,
            "skipped": list(self.skipped),
            "moved_to": self.moved_to,
            "duplicate_contacts": list(self.duplicate_contacts),
            "damaged": self.damaged,
        }


def same_name_groups(names: Iterable[tuple[str, str]]) -> list[str]:
    """Names (of ``(id, name)`` pairs) that more than one record carries, case-insensitively.

    Two devices that each met "Teresa Chinn" create two contacts with
    different ids; a merge keeps both (ids decide) and points at them.
    """
    seen: dict[str, set[str]] = {}
    shown: dict[str, str] = {}
    for record_id, name in names:
        key = " ".join(name.split()).casefold()
        if key:
            seen.setdefault(key, set()).add(record_id)
            shown.setdefault(key, name)
    return sorted(shown[k] for k, ids in seen.items() if len(ids) > 1)
