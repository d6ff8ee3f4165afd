"""Sync: merging another copy of this journal (a conflict copy, a folder, a backup) into it.

The rules are pure (:mod:`netjournal.domain.merge`); this service reads the
other copy, plans the merge per record kind and writes it in one locked
transaction.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from netjournal.domain.contact_record import Contact
from netjournal.domain.conversation_record import Conversation
from netjournal.domain.merge import (
    MergeReport,
    RecordMerge,
    merge_records,
    merge_tombstones,
    same_name_groups,
)
from netjournal.domain.models import Activity
from netjournal.domain.target_record import Target
from netjournal.errors import CorruptStoreError, StoreError
from netjournal.journal.core import Service
from netjournal.paths import ensure_private_dir
from netjournal.storage.clocks import refresh_clocks
from netjournal.storage.foreign import OtherCopy, read_conflict_copies, read_other_copy
from netjournal.storage.store_names import conflict_copies
from netjournal.storage.trash import TrashEntry


class SyncService(Service):
    """``journal.sync``: ``netjournal merge``."""

    def merge(self, source: Path, *, dry_run: bool = False) -> MergeReport:
        """Merge another copy of this journal into it, by id, ``updated`` and tombstones.

        ``source`` is a sync tool's conflict copy of one store file, the
        other device's data (or store) folder, or a backup zip. The rules are
        in :mod:`netjournal.domain.merge`. Everything is written in one
        locked transaction; a conflict copy inside the store is then moved
        to ``backups/conflicts/`` (never deleted), so it stops being reported.
        """
        other = read_other_copy(source, self.paths.store_dir)
        if dry_run:
            return self._merge_other(other, dry_run=True)
        with self.transaction():
            report = self._merge_other(other, dry_run=False)
            self.describe(f"merge {source.name}")
        if other.is_conflict_copy and source.resolve().is_relative_to(
            self.paths.store_dir.resolve()
        ):
            report = replace(report, moved_to=str(self._file_away(source)))
        return report

    def merge_conflict_copies(self, *, dry_run: bool = False) -> list[MergeReport]:
        """Merge every conflict copy in the store: all the readable ones, or none.

        Every copy is read and checked first; a damaged one is set aside in
        ``backups/conflicts/damaged-…`` (its report says why) and the rest
        are merged in one transaction, each on top of the one before.
        """
        good, damaged = read_conflict_copies(
            conflict_copies(self.paths.store_dir), self.paths.store_dir
        )
        if dry_run:
            reports = [self._merge_other(other, dry_run=True) for other in good]
        else:
            with self.transaction():
                reports = [self._merge_other(other, dry_run=False) for other in good]
                self.describe("merge of the sync conflict copies")
            reports = [
                self._filed(r, other.source, "merged")
                for r, other in zip(reports, good, strict=True)
            ]
        for path, why in damaged:
            report = MergeReport(str(path), dry_run, {}, {}, damaged=why)
            reports.append(report if dry_run else self._filed(report, path, "damaged"))
        return reports

    def _filed(self, report: MergeReport, copy: Path, prefix: str) -> MergeReport:
        """``report`` after moving ``copy`` away; a failed move is reported, not raised."""
        try:
            return replace(report, moved_to=str(self._file_away(copy, prefix)))
        except StoreError as exc:
            return replace(report, skipped=(*report.skipped, exc.one_line()))

    def _file_away(self, copy: Path, prefix: str = "merged") -> Path:
        """Move a conflict copy into ``backups/conflicts/`` (kept, out of the way)."""
        rel = copy.resolve().relative_to(self.paths.store_dir.resolve()).as_posix()
        folder = ensure_private_dir(self.paths.backup_dir / "conflicts")
        target = folder / f"{prefix}-{datetime.now():%Y%m%d-%H%M%S}-{rel.replace('/', '__')}"
        try:
            shutil.move(str(copy), str(target))
        except OSError as exc:
            raise StoreError(
                f"merged {copy}, but could not move it to {folder}: {exc.strerror or exc}; "
                "merging it again changes nothing, so it is safe to move it by hand"
            ) from exc
        return target

    def _merge_other(self, other: OtherCopy, *, dry_run: bool) -> MergeReport:
        def when(text: str, where: str) -> datetime:
            try:
                moment = datetime.fromisoformat(text)
            except ValueError as exc:
                raise CorruptStoreError(
                    f"{where}: deletion time {text!r} is not a date-time; nothing was merged"
                ) from exc
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

        def decode(factory: Any, doc: dict[str, Any], record_id: str) -> Any:
            try:
                return factory(doc)
            except (KeyError, ValueError, TypeError, AttributeError) as exc:
                where = other.labels.get(record_id, str(other.source))
                raise CorruptStoreError(
                    f"{where}: record {record_id!r} is damaged ({exc!r}); nothing was merged"
                ) from exc

        kinds: dict[str, tuple[Any, Any, str]] = {
            "activities": (self.repos.activities, Activity, "activity"),
            "contacts": (self.repos.contacts, Contact, "contact"),
            "conversations": (self.repos.conversations, Conversation, "conversation"),
            "targets": (self.repos.targets, Target, "target"),
        }
        their_trash: dict[str, TrashEntry] = {
            i: decode(TrashEntry.from_dict, doc, i)
            for i, doc in other.docs.get("trash", {}).items()
        }
        our_trash = {t.id: t for t in self.repos.trash.all()}
        their_deleted = {i: when(t.deleted_at, str(other.source)) for i, t in their_trash.items()}
        our_deleted = {i: when(t.deleted_at, "trash.json") for i, t in our_trash.items()}

        plans: dict[str, RecordMerge[Any]] = {}
        ours_of: dict[str, list[Any]] = {}
        alive: dict[str, datetime] = {}
        for kind, (repo, factory, trash_kind) in kinds.items():
            their_docs = other.docs.get(kind, {})
            theirs_gone = {
                i: d for i, d in their_deleted.items() if their_trash[i].kind == trash_kind
            }
            if not their_docs and not theirs_gone:
                continue
            ours_gone = {i: d for i, d in our_deleted.items() if our_trash[i].kind == trash_kind}
            theirs = [decode(factory.from_dict, doc, i) for i, doc in their_docs.items()]
            ours = repo.all()
            plan = merge_records(ours, theirs, ours_gone, theirs_gone)
            plans[kind], ours_of[kind] = plan, ours
            removed = {r.id for r in plan.deleted}
            alive.update((r.id, r.updated) for r in ours if r.id not in removed)
            alive.update((r.id, r.updated) for r in (*plan.added, *plan.updated))
        tombs = merge_tombstones(our_deleted, their_deleted, alive)
        new_tombs = [their_trash[i] for i in tombs.copy_from_theirs]
        covered = set(our_trash) | set(tombs.copy_from_theirs)
        for kind, plan in plans.items():
            new_tombs.extend(
                TrashEntry(kinds[kind][2], r.to_dict(), plan.deleted_at[r.id].isoformat(), r.id)
                for r in plan.deleted
                if r.id not in covered
            )

        if not dry_run:
            self._write_merge(plans, new_tombs, tombs.drop_ours)
            # Merged activities and contacts move clocks either way: work them out again.
            refresh_clocks(self.repos, _merged_contact_ids(plans, ours_of))
        duplicates = (
            _new_duplicate_names(ours_of["contacts"], plans["contacts"])
            if "contacts" in plans
            else []
        )
        return MergeReport(
            source=str(other.source),
            dry_run=dry_run,
            kinds={kind: plan.counts() for kind, plan in plans.items()},
            trash={"added": len(new_tombs), "dropped": len(tombs.drop_ours)},
            tool=other.conflict.tool if other.conflict else None,
            skipped=tuple(other.skipped),
            duplicate_contacts=tuple(duplicates),
        )

    def _write_merge(
        self,
        plans: dict[str, RecordMerge[Any]],
        new_tombs: list[TrashEntry],
        drop_ours: Iterable[str],
    ) -> None:
        """Write a planned merge (inside the caller's transaction)."""
        # Tombstones first: a crash part-way leaves a record and its newer
        # tombstone, and merging again finishes the job; nothing is lost.
        if new_tombs:
            self.repos.trash.upsert_many(new_tombs)
        for kind, plan in plans.items():
            # The plan's kinds are the repositories' names (activities, contacts, ...).
            repo: Any = getattr(self.repos, kind)
            if kind == "activities":
                if plan.added:
                    repo.add_many(plan.added)
                for record in plan.updated:
                    repo.update(record)
            elif plan.added or plan.updated:
                repo.upsert_many([*plan.added, *plan.updated])
            for record in plan.deleted:
                repo.remove(record.id)
        for record_id in drop_ours:
            self.repos.trash.remove(record_id)


def _merged_contact_ids(
    plans: Mapping[str, RecordMerge[Any]], ours_of: Mapping[str, list[Any]]
) -> set[str]:
    """Contacts whose first/last contact a merge may have moved (before and after versions)."""
    ids: set[str] = set()
    for kind, plan in plans.items():
        changed = [*plan.added, *plan.updated, *plan.deleted]
        if kind == "contacts":
            ids.update(r.id for r in changed)
            continue
        touched = {r.id for r in changed}
        for record in (*changed, *(r for r in ours_of.get(kind, ()) if r.id in touched)):
            ids.update(getattr(record, "contact_ids", ()))
    return ids


def _new_duplicate_names(ours: list[Contact], plan: RecordMerge[Contact]) -> list[str]:
    """Names that the merge's new contacts share with another contact (to offer a merge)."""
    final = {c.id: c for c in ours}
    for c in plan.deleted:
        final.pop(c.id, None)
    final.update((c.id, c) for c in (*plan.added, *plan.updated))
    new_names = {" ".join(c.name.split()).casefold() for c in plan.added}
    return [
        name
        for name in same_name_groups((c.id, c.name) for c in final.values())
        if " ".join(name.split()).casefold() in new_names
    ]
