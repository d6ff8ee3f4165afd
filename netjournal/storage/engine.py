"""The store: every file of one data folder, its transactions and its history of operations.

Design (reasoning in docs/architecture.md, figures in bench/FINDINGS.md):

* Each store file is a small JSON document (:mod:`netjournal.storage.file_format`).
  Activities are partitioned by month (``activities/2026-11.json``), so adding
  one activity rewrites ~300 documents, not ten years of them.
* Each file is a TinyDB database over an
  :class:`~netjournal.storage.tables.AtomicJSONStorage`, whose reads are
  cached by the file's signature and whose writes are staged until the
  transaction commits. The commit (:mod:`netjournal.storage.commit`) writes
  every temp file, fsyncs it and ``os.replace``'s it over the old one: a crash
  or ``kill -9`` at any instant leaves the old files or the new ones, never a
  truncated one.
* Writes are only allowed inside :meth:`Store.transaction`, which holds a
  :class:`~netjournal.storage.store_lock.StoreLock` (``flock``: a killed holder
  leaves no stale lock). Because every read checks the signature, a write
  always re-reads under the lock if the file changed since it was last read,
  so the TUI and a CLI command never lose each other's writes.
* The transaction also records what it changed in the history of operations
  (:mod:`netjournal.storage.history`), committed with the changed files, and
  makes the day's first backup (:mod:`netjournal.storage.backups`).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from netjournal.errors import LockedError, StoreError
from netjournal.paths import ensure_private_dir
from netjournal.storage.backups import Backups
from netjournal.storage.commit import commit_files, pending_commit, roll_forward
from netjournal.storage.file_format import (
    Signature,
    decode_file,
    encode_file,
    file_signature,
    kind_for,
)
from netjournal.storage.history import HISTORY_FILE, HISTORY_KIND
from netjournal.storage.history import Mode as HistoryMode
from netjournal.storage.history import updated as history_updated
from netjournal.storage.store_lock import LOCK_TIMEOUT_SECONDS, LockTimeout, StoreLock
from netjournal.storage.store_names import is_store_path
from netjournal.storage.tables import AtomicJSONStorage, NetjournalDB, UuidTable


class Store:
    """All store files of one data directory, their lock and their backups."""

    def __init__(
        self,
        root: Path,
        backup_dir: Path,
        *,
        backups_keep: int = 14,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.root = root
        self.backups = Backups(self, backup_dir, keep=backups_keep, today=today)
        self._dbs: dict[Path, tuple[NetjournalDB, AtomicJSONStorage]] = {}
        self._lock = StoreLock(root.parent / f".{root.name}.lock", timeout=LOCK_TIMEOUT_SECONDS)
        self._depth = 0
        # What the open transaction will commit: a storage's staged tables,
        # raw bytes (restore) or None (delete); see netjournal.storage.commit.
        self._pending: dict[Path, AtomicJSONStorage | bytes | None] = {}
        self._recovery_checked = False
        # What the open transaction touched, for the history of operations
        # (netjournal/storage/history.py): each record's image before its
        # first write, keyed by (file, table, id); a summary; and whether this
        # transaction records a new operation or undoes/redoes one.
        self._touched: dict[tuple[Path, str, str], dict[str, Any] | None] = {}
        self._summary: str | None = None
        self._replay: tuple[HistoryMode, int] | None = None
        self._unrecorded = False
        self._history_cache: tuple[Signature, dict[str, dict[str, Any]]] | None = None

    @property
    def lock_path(self) -> Path:
        return self._lock.path

    # -- files ---------------------------------------------------------------

    def table(self, relpath: str, kind: str, table_name: str) -> UuidTable:
        """The TinyDB table ``table_name`` in the file ``relpath`` under the store root."""
        path = self.root / relpath
        entry = self._dbs.get(path)
        if entry is None:
            self.recover_once()
            holder: dict[str, AtomicJSONStorage] = {}

            def make_storage(p: str) -> AtomicJSONStorage:
                holder["s"] = AtomicJSONStorage(p, kind, self)
                return holder["s"]

            db = NetjournalDB(str(path), storage=make_storage)
            entry = (db, holder["s"])
            self._dbs[path] = entry
        table = entry[0].table(table_name, cache_size=0)
        assert isinstance(table, UuidTable)
        return table

    def files(self) -> list[Path]:
        """Every store file below the root, sorted: only names the store itself writes.

        Sync-tool conflict copies, a sync tool's version folders
        (``.stversions``) and stray files are not store data: reading them
        as partitions would double activities, and a backup's restore would
        delete them (see :func:`is_store_path`).
        """
        return sorted(Path(full) for _rel, full in self._store_names())

    def has_files(self) -> bool:
        """Whether any store file exists (stops at the first one found)."""
        return next(self._store_names(), None) is not None

    def unreadable_files(self) -> list[Path]:
        """Store files that do not decode (invalid JSON, no header, newer schema)."""
        bad = []
        for path in self.files():
            rel = path.relative_to(self.root).as_posix()
            try:
                decode_file(path, kind_for(rel), path.read_bytes())
            except (StoreError, OSError):
                bad.append(path)
        return bad

    def _store_names(self) -> Iterator[tuple[str, str]]:
        """``(relative name with /, full path)`` of every store file, unsorted."""
        # os.walk (scandir) rather than Path.rglob: the TUI polls this, and the
        # daily-backup and version checks run on every command.
        root = str(self.root)
        for folder, _dirs, names in os.walk(root):
            rel_dir = os.path.relpath(folder, root).replace(os.sep, "/")
            for name in names:
                if not name.endswith(".json"):
                    continue
                rel = name if rel_dir == "." else f"{rel_dir}/{name}"
                if is_store_path(rel):
                    yield rel, os.path.join(folder, name)

    def version(self) -> tuple[tuple[str, Signature | None], ...]:
        """A token that changes whenever any store file changes (the TUI polls it).

        Plain ``os.stat`` on the walked names, with no ``Path`` per file: the
        app asks on start and every two seconds, over every month file of the
        journal, so the per-file cost is what counts.
        """
        found: list[tuple[str, Signature | None]] = []
        for rel, full in self._store_names():
            try:
                st = os.stat(full)
            except FileNotFoundError:
                found.append((rel, None))
            else:
                found.append((rel, (st.st_ino, st.st_size, st.st_mtime_ns)))
        found.sort()
        return tuple(found)

    # -- writing -------------------------------------------------------------

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    def forget_cached(self) -> None:
        """Drop every file's cached tables: the next read comes from disk."""
        for _, storage in self._dbs.values():
            storage.forget()

    def stage(self, storage: AtomicJSONStorage) -> None:
        self._pending[storage.path] = storage

    def stage_bytes(self, path: Path, raw: bytes | None) -> None:
        """Replace (or with ``None`` delete) ``path`` when the transaction commits."""
        if not self.in_transaction:
            raise StoreError("internal: a store write outside a transaction was refused")
        self._pending[path] = raw

    def is_staged(self, path: Path) -> bool:
        """Whether ``path`` has writes not yet committed (derived figures must not be cached)."""
        return path in self._pending

    def staged_files(self) -> list[Path]:
        """Files the open transaction will create or replace (not yet on disk)."""
        return [p for p, v in self._pending.items() if v is not None]

    # -- the history of operations -------------------------------------------

    def note_before(
        self, path: Path, table: str, befores: dict[str, dict[str, Any] | None]
    ) -> None:
        """Keep each record's image from before its first write in this transaction."""
        if not self.in_transaction:
            return  # the write itself is refused
        for doc_id, before in befores.items():
            self._touched.setdefault((path, table, doc_id), before)

    def describe(self, summary: str) -> None:
        """The one-line summary of the open transaction's operation (the last call wins).

        An outer use-case that calls inner ones (``timer stop`` logs, ``rm``
        of several ids) describes itself after them, so its words are kept.
        """
        if self.in_transaction:
            self._summary = summary

    def leave_out_of_history(self) -> None:
        """Record no operation for the open transaction (bulk demo and benchmark data).

        A generated journal of ten years would put 40,000 records in the
        history file, to be read by the next change only to be dropped.
        """
        if self.in_transaction:
            self._unrecorded = True

    def replaying(self, mode: HistoryMode, number: int) -> None:
        """Make the open transaction an undo or redo of operation ``number``, not a new one."""
        self._replay = (mode, number)

    def history(self) -> dict[str, dict[str, Any]]:
        """The history tables (``done``, ``undone``) as stored; empty when there is none.

        A history that does not decode (damaged, or from a newer netjournal)
        is read as empty and replaced by the next change: it only serves undo,
        and refusing every write because of it would cost the journal itself.
        """
        path = self.root / HISTORY_FILE
        signature = file_signature(path)
        if signature is None:
            return {}
        if self._history_cache is not None and self._history_cache[0] == signature:
            return self._history_cache[1]
        try:
            tables = decode_file(path, HISTORY_KIND, path.read_bytes())
        except (StoreError, OSError):
            tables = {}
        self._history_cache = (signature, tables)
        return tables

    def document(self, relpath: str, table: str, doc_id: str) -> dict[str, Any] | None:
        """One record as the store holds it now (staged writes included)."""
        return self.table(relpath, kind_for(relpath), table).fetch(doc_id)

    def put_document(
        self, relpath: str, table: str, doc_id: str, image: dict[str, Any] | None
    ) -> None:
        """Make a record hold ``image`` (``None``: remove it); undo and redo write with this."""
        target = self.table(relpath, kind_for(relpath), table)
        present = target.has(doc_id)
        if image is None:
            if present:
                target.remove_ids([doc_id])
        elif present:
            target.replace_doc(doc_id, image)
        else:
            target.insert_doc(doc_id, image)

    def _history_bytes(self) -> bytes | None:
        """The new history file for the transaction being committed, or ``None`` if unchanged."""
        changes: list[dict[str, Any]] = []
        for (path, table, doc_id), before in self._touched.items():
            entry = self._dbs.get(path)
            tables = entry[1].read() if entry is not None else None
            now = (tables or {}).get(table, {}).get(doc_id)
            after = dict(now) if now is not None else None
            if after != before:
                changes.append(
                    {
                        "file": path.relative_to(self.root).as_posix(),
                        "table": table,
                        "id": doc_id,
                        "before": before,
                        "after": after,
                    }
                )
        if not changes:
            return None
        mode: HistoryMode = "record"
        number: int | None = None
        if self._replay is not None:
            mode, number = self._replay
        summary = self._summary or _default_summary(changes)
        at = datetime.now().astimezone().isoformat(timespec="seconds")
        tables = history_updated(
            self.history(), mode, summary=summary, at=at, changes=changes, number=number
        )
        return encode_file(HISTORY_KIND, tables)

    def _reset_operation(self) -> None:
        self._touched, self._summary, self._replay = {}, None, None
        self._unrecorded = False

    def recover_once(self) -> None:
        """On first use in this process, finish a commit a crashed process left behind.

        One ``lstat`` when there is nothing to do. With a record present the
        lock is taken (waiting for a writer still committing); a store that
        cannot be locked (read-only folder) is read as it is, and ``doctor``
        reports the record.
        """
        if self._recovery_checked:
            return
        self._recovery_checked = True
        if self._depth or not pending_commit(self.root):
            return
        try:
            self._lock.acquire()
        except (LockTimeout, OSError):
            return
        try:
            with contextlib.suppress(OSError):
                roll_forward(self.root)
        finally:
            self._lock.release()

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the lock (a commit left by a crash finished first), without backup or commit.

        For ``doctor --fix``: removing temp files must not race a writer
        that is still staging them.
        """
        try:
            self._acquire()
        except OSError as exc:
            raise StoreError(f"cannot lock {self._lock.path}: {exc.strerror or exc}") from exc
        try:
            self._recover()
            yield
        finally:
            self._lock.release()

    def _acquire(self) -> None:
        """Take the store lock; one held elsewhere past the timeout is a :class:`LockedError`."""
        try:
            self._lock.acquire()
        except LockTimeout as exc:
            raise LockedError(
                f"the store {self.root} is locked by another netjournal process",
                hint="try again in a moment",
            ) from exc

    def _recover(self) -> None:
        self._recovery_checked = True
        try:
            recovered = roll_forward(self.root)
        except OSError as exc:
            raise StoreError(
                f"cannot finish an interrupted write in {self.root}: {exc.strerror or exc}",
                hint="`netjournal doctor` checks the folder",
            ) from exc
        if recovered:
            self.forget_cached()

    def _commit(self) -> None:
        """Write every staged file together (see :mod:`netjournal.storage.commit`)."""
        history = self._history_bytes() if self._touched and not self._unrecorded else None
        pending, self._pending = self._pending, {}
        self._reset_operation()
        if history is not None:
            pending[self.root / HISTORY_FILE] = history
        if not pending:
            return
        writes = {
            path: value.encoded() if isinstance(value, AtomicJSONStorage) else value
            for path, value in pending.items()
        }
        commit_files(self.root, writes)
        for value in pending.values():
            if isinstance(value, AtomicJSONStorage):
                value.committed()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Hold the store lock; make the day's first backup before the first write.

        Re-entrant within one process. If the body fails, every cached file
        is forgotten so the next read comes from disk, not from a
        half-modified cache.
        """
        if self._depth == 0:
            try:
                ensure_private_dir(self.root)
                self._acquire()
            except OSError as exc:  # read-only or full disk, no permission
                raise StoreError(
                    f"cannot write in {self.root.parent}: {exc.strerror or exc}; "
                    "nothing was changed",
                    hint="is the disk full, read-only or someone else's? `netjournal doctor` checks",
                ) from exc
            # Re-read everything under the lock. The (inode, size, mtime)
            # signature can repeat when another process replaced a file twice
            # within one timestamp tick and the inode was reused; a write
            # based on such a stale cache would drop the other process's change.
            self.forget_cached()
            self._pending = {}
            self._reset_operation()
        self._depth += 1
        try:
            if self._depth == 1:
                self._recover()
                self.backups.before_first_write()
            yield
            if self._depth == 1:
                self._commit()
        except BaseException:
            if self._depth == 1:
                self._pending = {}
                self._reset_operation()
                self.forget_cached()
            raise
        finally:
            self._depth -= 1
            if self._depth == 0:
                self._lock.release()


def _default_summary(changes: list[dict[str, Any]]) -> str:
    """``change activities 1, contacts 2``: for a write no use-case described."""
    counts: dict[str, int] = {}
    for change in changes:
        counts[change["table"]] = counts.get(change["table"], 0) + 1
    return "change " + ", ".join(f"{table} {n}" for table, n in sorted(counts.items()))
