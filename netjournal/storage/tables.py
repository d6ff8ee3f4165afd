"""TinyDB on our terms: a storage that stages its writes, tables keyed by UUID.

:class:`AtomicJSONStorage` is the TinyDB ``Storage`` of one store file. Reads
are cached by the file's (inode, size, mtime) signature: a file that another
process replaced is re-read; an unchanged one is not parsed twice (TinyDB's
``insert`` would otherwise parse the whole file twice). Writes are only
staged: they reach the disk when the store's transaction commits
(:mod:`netjournal.storage.commit`). :class:`UuidTable` is the one place that
bridges TinyDB's integer ids and our UUID hex ids, and the one place every
write passes, so the history of operations learns what each write replaced.

The store itself (:class:`~netjournal.storage.engine.Store`) is seen here only
through :class:`Stage`, so this module does not import the engine back.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol, cast

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from netjournal.domain.models import new_id
from netjournal.errors import StoreError
from netjournal.storage.file_format import Signature, decode_file, encode_file, file_signature


class Stage(Protocol):
    """What a storage asks of its store: an open transaction to stage its writes in."""

    @property
    def in_transaction(self) -> bool: ...

    def stage(self, storage: AtomicJSONStorage) -> None: ...

    def note_before(
        self, path: Path, table: str, befores: dict[str, dict[str, Any] | None]
    ) -> None: ...


class AtomicJSONStorage(Storage):
    """TinyDB storage with atomic writes and signature-checked read caching."""

    def __init__(self, path: str, kind: str, store: Stage) -> None:
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
