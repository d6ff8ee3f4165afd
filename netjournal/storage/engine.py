"""Crash-safe files under TinyDB: atomic replace, a cross-process lock, backups.

Design (figures and reasoning in docs/architecture.md):

* Each store file is a small JSON document ``{"netjournal": {header}, "<table>": {...}}``.
  Activities are partitioned by month (``activities/2026-11.json``), so adding
  one activity rewrites ~300 documents, not ten years of them.
* :class:`AtomicJSONStorage` is a TinyDB ``Storage``: every write goes to a temp
  file in the same directory, is flushed and fsync'd, then ``os.replace``'d
  over the old file and the directory fsync'd. A crash or ``kill -9`` at any
  instant leaves the old file or the new one, never a truncated one.
* Reads are cached by the file's (inode, size, mtime) signature: a file that
  another process replaced is re-read; an unchanged one is not parsed twice
  (TinyDB's ``insert`` would otherwise parse the whole file twice).
* Writes are only allowed inside :meth:`Store.transaction`, which holds a
  :class:`StoreLock` (``flock``: a killed holder leaves no stale lock).
  Because every read checks the signature, a write always re-reads under the
  lock if the file changed since it was last read, so the TUI and a CLI
  command never lose each other's writes.
* A corrupt file is never overwritten: reading it raises
  :class:`~netjournal.errors.CorruptStoreError` before any write can happen.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, cast

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from netjournal.atomic import atomic_file
from netjournal.domain.models import new_id
from netjournal.errors import CorruptStoreError, LockedError, StoreError
from netjournal.paths import ensure_private_dir
from netjournal.storage.commit import commit_files, pending_commit, roll_forward
from netjournal.storage.history import HISTORY_FILE, HISTORY_KIND
from netjournal.storage.history import Mode as HistoryMode
from netjournal.storage.history import updated as history_updated
from netjournal.storage.migrations import SCHEMA_VERSION, migrate
from netjournal.storage.store_names import is_store_path

HEADER_KEY = "netjournal"


def zip_errors() -> tuple[type[BaseException], ...]:
    """Everything reading a damaged or hostile zip can raise (zipfile is imported only for backups)."""
    import zipfile
    import zlib

    return (
        OSError,
        EOFError,
        ValueError,
        RuntimeError,
        NotImplementedError,
        zipfile.BadZipFile,
        zlib.error,
    )


LOCK_TIMEOUT_SECONDS = 20.0
LOCK_POLL_SECONDS = 0.05
AUTO_BACKUP_PREFIX = "auto-"

Signature = tuple[int, int, int]


def file_signature(path: Path) -> Signature | None:
    """(inode, size, mtime_ns) of ``path``, or ``None`` if it does not exist."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def encode_file(kind: str, tables: dict[str, Any]) -> bytes:
    """The on-disk form: a header naming kind and schema, then the tables."""
    header = {"kind": kind, "schema": SCHEMA_VERSION}
    return orjson.dumps({HEADER_KEY: header, **tables}, option=orjson.OPT_INDENT_2)


def decode_file(path: Path, kind: str, raw: bytes) -> dict[str, dict[str, Any]]:
    """Parse, check and migrate one store file; raise with the file named on any problem."""
    try:
        doc = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise CorruptStoreError(
            f"store file {path} is not valid JSON ({exc}); it was left untouched",
            hint="run `netjournal doctor` to see which backup to restore",
        ) from exc
    if not isinstance(doc, dict):
        raise CorruptStoreError(f"store file {path} does not hold a JSON object; left untouched")
    header = doc.pop(HEADER_KEY, None)
    if not isinstance(header, dict) or not isinstance(header.get("schema"), int):
        raise CorruptStoreError(
            f"store file {path} has no netjournal header; left untouched",
            hint="run `netjournal doctor`",
        )
    schema = header["schema"]
    if schema > SCHEMA_VERSION:
        raise StoreError(
            f"store file {path} was written by a newer netjournal (schema {schema}, "
            f"this version understands {SCHEMA_VERSION}); upgrade netjournal to open it"
        )
    if schema < SCHEMA_VERSION:
        doc = migrate(doc, kind, schema)
    for name, table in doc.items():
        if not isinstance(table, dict) or not all(isinstance(v, dict) for v in table.values()):
            raise CorruptStoreError(
                f"store file {path}: table {name!r} is not a mapping of documents; left untouched"
            )
    tables: dict[str, dict[str, Any]] = doc
    return tables


class LockTimeout(Exception):
    """The store lock was not free within the timeout."""


class StoreLock:
    """A cross-process lock on one file, taken with ``flock``; waits up to ``timeout``.

    ``flock`` locks belong to the open file and die with the process, so a
    holder killed with ``kill -9`` leaves no stale lock. This is what the
    ``filelock`` package does on Unix, written out here because importing
    ``filelock`` 4.x (logging, secrets, hashlib, …) took 30–60 ms on the
    benchmark machine: more than all the store work of ``netjournal log``
    (see bench/RESULTS.md). Where ``fcntl`` does not exist (Windows) the
    ``filelock`` package is used, imported only there.
    """

    def __init__(self, path: Path, timeout: float) -> None:
        self.path = path
        self.timeout = timeout
        self._fd: int | None = None
        self._fallback: Any = None

    def acquire(self) -> None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            self._acquire_with_filelock()
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise LockTimeout(str(self.path)) from None
                time.sleep(LOCK_POLL_SECONDS)
            except BaseException:
                os.close(fd)
                raise
            else:
                self._fd = fd
                return

    def release(self) -> None:
        if self._fallback is not None:  # pragma: no cover - Windows
            self._fallback.release()
            self._fallback = None
            return
        if self._fd is None:
            return
        import fcntl

        fd, self._fd = self._fd, None
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def _acquire_with_filelock(self) -> None:  # pragma: no cover - Windows
        from filelock import FileLock, Timeout

        lock = FileLock(str(self.path), timeout=self.timeout, mode=0o600)
        try:
            lock.acquire()
        except Timeout as exc:
            raise LockTimeout(str(self.path)) from exc
        self._fallback = lock


class AtomicJSONStorage(Storage):
    """TinyDB storage with atomic writes and signature-checked read caching."""

    def __init__(self, path: str, kind: str, store: Store) -> None:
        self.path = Path(path)
        self.kind = kind
        self._store = store
        self._cache: dict[str, dict[str, Any]] | None = None
        self._signature: Signature | None = None
        self.staged = False

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self.staged:
            return self._cache
        signature = file_signature(self.path)
        if signature is None:
            self._cache, self._signature = None, None
            return None
        if self._cache is not None and signature == self._signature:
            return self._cache
        try:
            raw = self.path.read_bytes()
        except OSError as exc:
            raise StoreError(f"cannot read {self.path}: {exc.strerror or exc}") from exc
        self._cache = decode_file(self.path, self.kind, raw)
        self._signature = signature
        return self._cache

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Stage ``data``: it reaches the disk when the outermost transaction commits.

        Until then every read in this process sees the staged tables (see
        :mod:`netjournal.storage.commit` for why the files of one command are
        committed together).
        """
        if not self._store.in_transaction:
            raise StoreError("internal: a store write outside a transaction was refused")
        self._cache, self._signature, self.staged = data, None, True
        self._store.stage(self)

    def encoded(self) -> bytes:
        """The staged tables as file bytes (called by the commit)."""
        assert self._cache is not None
        return encode_file(self.kind, self._cache)

    def committed(self) -> None:
        """The staged tables are on disk now: keep them as the cached copy of the new file."""
        self.staged = False
        self._signature = file_signature(self.path)

    def note_before(self, table: str, befores: dict[str, dict[str, Any] | None]) -> None:
        """Tell the store what records of ``table`` held before a write (for the history)."""
        self._store.note_before(self.path, table, befores)

    def forget(self) -> None:
        """Drop the cache (after a failed transaction the cached dict may be half-changed)."""
        self._cache, self._signature, self.staged = None, None, False

    def close(self) -> None:
        """Nothing to release: files are opened only while being read or written."""


class UuidTable(Table):
    """A TinyDB table keyed by our stable UUID hex ids instead of integers.

    Using the domain id as TinyDB's doc_id makes ``get(doc_id=...)`` a dict
    lookup and keeps ids stable across devices, merges and re-imports.
    TinyDB's annotations assume integer ids, so the typed helpers below are
    the one place that bridges the two; repositories use only them.
    """

    document_id_class = str  # type: ignore[assignment]

    def _get_next_id(self) -> str:
        return new_id()

    @property
    def _any(self) -> Any:
        return self

    def docs(self) -> list[dict[str, Any]]:
        """Every document as a plain dict (the id is also inside as ``id``)."""
        return [dict(d) for d in self.all()]

    def ids(self) -> list[str]:
        return [str(k) for k in self._read_table()]

    def raw_docs(self) -> list[dict[str, Any]]:
        """The stored documents themselves, not copied: for decoding only, never mutate.

        ``all()`` wraps every document in a new ``Document``; decoding ten
        years of activities does not need that copy.
        """
        return cast("list[dict[str, Any]]", list(self._read_table().values()))

    def has(self, doc_id: str) -> bool:
        return bool(self._any.contains(doc_id=doc_id))

    def fetch(self, doc_id: str) -> dict[str, Any] | None:
        doc = self._any.get(doc_id=doc_id)
        return dict(doc) if doc is not None else None

    def _note(self, doc_ids: Iterable[str]) -> None:
        """Give the store each record's image before this write (undo writes it back).

        Every write of the repositories goes through the helpers below, so this is
        the one place the history learns what a transaction touched. The copy is
        shallow: the helpers replace documents wholesale and never change a value
        inside one in place.
        """
        storage = self.storage
        if isinstance(storage, AtomicJSONStorage):
            storage.note_before(self.name, {i: self.fetch(i) for i in doc_ids})

    def insert_doc(self, doc_id: str, data: dict[str, Any]) -> None:
        self._note([doc_id])
        self._any.insert(Document(data, doc_id=cast(Any, doc_id)))

    def insert_docs(self, items: list[tuple[str, dict[str, Any]]]) -> None:
        self._note(doc_id for doc_id, _ in items)
        self._any.insert_multiple(
            [Document(data, doc_id=cast(Any, doc_id)) for doc_id, data in items]
        )

    def replace_doc(self, doc_id: str, data: dict[str, Any]) -> None:
        """Replace one document wholesale, in one write."""

        def transform(doc: Any) -> None:
            doc.clear()
            doc.update(data)

        self._note([doc_id])
        self._any.update(transform, doc_ids=[doc_id])

    def replace_docs(self, docs: dict[str, dict[str, Any]]) -> None:
        """Replace several documents wholesale, in one write (ids are the keys)."""
        # TinyDB applies the transform to the given ids in order, skipping
        # missing ones; asking only for present ids keeps the two aligned.
        order = [doc_id for doc_id in docs if self._any.contains(doc_id=doc_id)]
        if not order:
            return
        queue = list(order)
        self._note(order)

        def transform(doc: Any) -> None:
            data = docs[queue.pop(0)]
            doc.clear()
            doc.update(data)

        self._any.update(transform, doc_ids=order)

    def remove_ids(self, doc_ids: list[str]) -> None:
        self._note(doc_ids)
        self._any.remove(doc_ids=doc_ids)


class NetjournalDB(TinyDB):
    table_class = UuidTable


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
        self.backup_dir = backup_dir
        self.backups_keep = backups_keep
        self._today = today
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
        as partitions would double activities, and ``restore_backup`` would
        delete them (see :func:`is_store_path`).
        """
        return sorted(Path(full) for _rel, full in self._store_names())

    def has_files(self) -> bool:
        """Whether any store file exists (stops at the first one found)."""
        return next(self._store_names(), None) is not None

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
        app asks on start and every two seconds (a tenth of the cost on ten
        years of month files).
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
            self._lock.acquire()
        except LockTimeout as exc:
            raise LockedError(
                f"the store {self.root} is locked by another netjournal process",
                hint="try again in a moment",
            ) from exc
        except OSError as exc:
            raise StoreError(f"cannot lock {self._lock.path}: {exc.strerror or exc}") from exc
        try:
            self._recover()
            yield
        finally:
            self._lock.release()

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
            for _, storage in self._dbs.values():
                storage.forget()

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
                self._lock.acquire()
            except LockTimeout as exc:
                raise LockedError(
                    f"the store {self.root} is locked by another netjournal process",
                    hint="try again in a moment",
                ) from exc
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
            for _, storage in self._dbs.values():
                storage.forget()
            self._pending = {}
            self._reset_operation()
        self._depth += 1
        try:
            if self._depth == 1:
                self._recover()
                self._auto_backup()
            yield
            if self._depth == 1:
                self._commit()
        except BaseException:
            if self._depth == 1:
                self._pending = {}
                self._reset_operation()
                for _, storage in self._dbs.values():
                    storage.forget()
            raise
        finally:
            self._depth -= 1
            if self._depth == 0:
                self._lock.release()

    # -- backups -------------------------------------------------------------

    def _auto_backup(self) -> None:
        """Before the first write of each day, zip the store; keep the newest N."""
        stamp = self._today().isoformat()
        target = self.backup_dir / f"{AUTO_BACKUP_PREFIX}{stamp}.zip"
        # One stat answers for every write after the day's first; listing the
        # store's files (125 in ten years) is left for the day's first write.
        if target.exists() or not self.files():
            return
        self.write_backup(target)
        if self.unreadable_files():
            # A damaged file is in today's backup: keep every older backup,
            # one of them holds the last good copy (never rotate it away).
            return
        autos = sorted(self.backup_dir.glob(f"{AUTO_BACKUP_PREFIX}*.zip"))
        for old in autos[: max(0, len(autos) - self.backups_keep)]:
            with contextlib.suppress(OSError):
                old.unlink()

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

    def newest_intact_backup(self, relpath: str) -> Path | None:
        """The newest backup holding a copy of ``relpath`` that decodes (for doctor's advice)."""
        from netjournal.errors import InputError
        from netjournal.safezip import SafeZip

        skip: tuple[type[BaseException], ...] = (KeyError, StoreError, InputError, *zip_errors())
        for backup in self.backups():
            try:
                with SafeZip(backup) as zf:
                    raw = zf.read(relpath)
                decode_file(backup / relpath, kind_for(relpath), raw)
            except skip:
                continue
            return backup
        return None

    def write_backup(self, target: Path) -> Path:
        """Zip every store file into ``target`` (0600), atomically."""
        import zipfile

        try:
            ensure_private_dir(target.parent)
            with (
                atomic_file(target) as fh,
                zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf,
            ):
                for path in self.files():
                    zf.write(path, arcname=str(path.relative_to(self.root)))
                zf.writestr(
                    "BACKUP-INFO.json",
                    orjson.dumps(
                        {
                            "made": datetime.now().astimezone().isoformat(timespec="seconds"),
                            "schema": SCHEMA_VERSION,
                        }
                    ),
                )
        except OSError as exc:
            raise StoreError(
                f"cannot write backup {target}: {exc.strerror or exc}; nothing was changed"
            ) from exc
        return target

    def backups(self) -> list[Path]:
        """Backups in the backup directory, newest first."""
        if not self.backup_dir.is_dir():
            return []
        return sorted(self.backup_dir.glob("*.zip"), key=lambda p: p.stat().st_mtime, reverse=True)

    def restore_backup(self, source: Path) -> Path:
        """Replace the store with a backup's contents; returns the safety backup made first.

        Every file in the backup is parsed before anything is replaced, so a
        damaged backup changes nothing.
        """
        from netjournal.safezip import SafeZip

        try:
            # Sizes and ratios are checked before any member is inflated (a zip bomb is
            # refused with one line); see netjournal/safezip.py.
            with SafeZip(source) as zf:
                names = zf.names()
                members = {
                    name: zf.read(name)
                    for name in names
                    if name.endswith(".json") and name != "BACKUP-INFO.json"
                }
        except zip_errors() as exc:
            raise StoreError(
                f"cannot read backup {source}: {exc}; nothing was changed",
                hint="give a .zip made by `netjournal backup` (see `netjournal backup list`)",
            ) from exc
        for name, raw in members.items():
            if name.startswith("/") or ".." in Path(name).parts:
                raise StoreError(f"backup {source} holds an unsafe path {name!r}; not restored")
            if not is_store_path(name):
                raise StoreError(
                    f"backup {source} holds {name!r}, which is not a netjournal store file; "
                    "nothing was changed"
                )
            try:
                decode_file(source / name, kind_for(name), raw)
            except StoreError as exc:
                raise type(exc)(
                    f"backup {source} is damaged: {exc.message}; nothing was changed"
                ) from exc
        if not members and "BACKUP-INFO.json" not in names:
            # Restoring it would empty the store: refuse anything that is not ours.
            raise StoreError(
                f"{source} is not a netjournal backup (no store files in it); nothing was changed"
            )
        with self.transaction():
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            safety = self.write_backup(self.backup_dir / f"before-restore-{stamp}.zip")
            keep = {self.root / name for name in members}
            for name, raw in members.items():
                self.stage_bytes(self.root / name, raw)
            for path in self.files():
                if path not in keep:
                    self.stage_bytes(path, None)
        for _, storage in self._dbs.values():
            storage.forget()
        return safety


def _default_summary(changes: list[dict[str, Any]]) -> str:
    """``change activities 1, contacts 2``: for a write no use-case described."""
    counts: dict[str, int] = {}
    for change in changes:
        counts[change["table"]] = counts.get(change["table"], 0) + 1
    return "change " + ", ".join(f"{table} {n}" for table, n in sorted(counts.items()))


def kind_for(relpath: str) -> str:
    """The kind of document a store file holds, from its path."""
    first = Path(relpath).parts[0]
    return first.removesuffix(".json")
