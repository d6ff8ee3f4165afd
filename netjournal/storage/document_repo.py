"""Records of one kind kept in one store file: domain objects in, domain objects out.

:class:`DocumentRepo` serves contacts, conversations, targets, the trash and
the small files (timer, channels, revalidation records); activities, split
by month, have their own repository (:mod:`netjournal.storage.activity_repo`),
which shares the decoding and id look-up helpers here.

Nothing outside :mod:`netjournal.storage` sees a TinyDB document. Every
mutating method opens a store transaction itself (re-entrant), so a single
call is always locked and atomic per file; the facade wraps multi-step
use-cases in one outer transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Generic, Protocol, TypeVar

from netjournal.errors import CorruptStoreError, NotFoundError
from netjournal.storage.derived import DerivedCache
from netjournal.storage.engine import Store
from netjournal.storage.tables import UuidTable


class Record(Protocol):
    @property
    def id(self) -> str: ...

    def to_dict(self) -> dict[str, Any]: ...


R = TypeVar("R", bound=Record)
T = TypeVar("T")
X = TypeVar("X")


def decode_stored(factory: Callable[[dict[str, Any]], X], doc: dict[str, Any], where: str) -> X:
    try:
        return factory(doc)
    except (KeyError, ValueError, TypeError) as exc:
        raise CorruptStoreError(
            f"store file {where}: record {doc.get('id', '?')!r} is damaged ({exc!r}); left untouched",
            hint="run `netjournal doctor`",
        ) from exc


def resolve_prefix(ids: Iterable[str], wanted: str, what: str) -> str:
    """The one id that equals or starts with ``wanted`` (git-style short ids)."""
    wanted = wanted.strip().lower()
    if len(wanted) < 4:
        raise NotFoundError(f"{what} id {wanted!r} is too short: give at least 4 characters")
    matches = [i for i in ids if i.startswith(wanted)]
    if not matches:
        raise NotFoundError(f"no {what} with id {wanted!r}")
    if len(matches) > 1:
        raise NotFoundError(f"{what} id {wanted!r} is ambiguous: it matches {len(matches)} records")
    return matches[0]


class DocumentRepo(Generic[R]):
    """Records of one kind kept in one store file (contacts, conversations …)."""

    def __init__(
        self,
        store: Store,
        relpath: str,
        table_name: str,
        factory: Callable[[dict[str, Any]], R],
        cache: DerivedCache | None = None,
    ) -> None:
        self.store = store
        self.cache = cache or DerivedCache(None)
        self.relpath = relpath
        self.table_name = table_name
        self.factory = factory
        self.kind = relpath.removesuffix(".json")

    @property
    def _table(self) -> UuidTable:
        return self.store.table(self.relpath, self.kind, self.table_name)

    def _where(self) -> str:
        return str(self.store.root / self.relpath)

    def all(self) -> list[R]:
        where = self._where()
        return [decode_stored(self.factory, doc, where) for doc in self._table.raw_docs()]

    def ids(self) -> list[str]:
        return self._table.ids()

    def get(self, record_id: str) -> R:
        doc = self._table.fetch(record_id)
        if doc is None:
            raise NotFoundError(f"no {self.kind.rstrip('s')} with id {record_id!r}")
        return decode_stored(self.factory, doc, self._where())

    def find(self, id_or_prefix: str) -> R:
        return self.get(resolve_prefix(self.ids(), id_or_prefix, self.kind.rstrip("s")))

    def search(self, predicate: Callable[[dict[str, Any]], bool]) -> list[R]:
        """Records whose stored document satisfies ``predicate`` (a TinyDB test)."""
        where = self._where()
        return [
            decode_stored(self.factory, d, where) for d in self._table.raw_docs() if predicate(d)
        ]

    def fields(
        self, keys: tuple[str, ...], predicate: Callable[[dict[str, Any]], bool] | None = None
    ) -> list[dict[str, Any]]:
        """Only ``keys`` of the stored documents (matching ``predicate``), undecoded.

        For a use-case that needs two dates of every contact, decoding 2,000
        full records would cost more than the rest of the command.
        """
        return [
            {k: d.get(k) for k in keys}
            for d in self._table.raw_docs()
            if predicate is None or predicate(d)
        ]

    def derived(
        self,
        name: str,
        version: int,
        project: Callable[[dict[str, Any]], X],
        combine: Callable[[list[X]], Any],
        decode: Callable[[Any], T],
    ) -> T:
        """``decode(combine([project(doc) for every stored doc]))``, cached until the file changes.

        ``project`` reads the few fields it needs straight from each stored
        document (a stored record it cannot read raises the usual
        :class:`CorruptStoreError`); on a hit nothing of the store file is
        parsed (see :mod:`netjournal.storage.derived`).
        """
        source = self.store.root / self.relpath
        if self.store.is_staged(source):  # not on disk yet: nothing to key a cache entry by
            return decode(self._projected(project, combine)())
        found = self.cache.value(source, name, version, self._projected(project, combine), decode)
        return found if found is not None else decode(combine([]))

    def derived_value(
        self, name: str, version: int, compute: Callable[[], Any], decode: Callable[[Any], T]
    ) -> T:
        """``decode(compute())``, cached until the file changes; ``compute`` reads what it likes.

        For figures worked out from another derived entry of the same file
        (so a miss costs that entry, not a pass over the stored documents).
        """
        source = self.store.root / self.relpath
        if self.store.is_staged(source):
            return decode(compute())
        found = self.cache.value(source, name, version, compute, decode)
        return found if found is not None else decode(compute())

    def derived_parts(
        self,
        name: str,
        version: int,
        wanted: list[str],
        project: Callable[[dict[str, Any]], X],
        combine: Callable[[list[X]], Mapping[str, Any]],
        decode: Callable[[Any], T],
    ) -> dict[str, T]:
        """Like :meth:`derived` for a value kept in parts (e.g. one per year); wanted parts only."""
        source = self.store.root / self.relpath
        compute = self._projected(project, combine)
        if self.store.is_staged(source):
            values = compute()
            return {p: decode(values[p]) for p in wanted if p in values}
        return self.cache.parts(source, name, version, wanted, compute, decode)

    def _projected(
        self, project: Callable[[dict[str, Any]], X], combine: Callable[[list[X]], Any]
    ) -> Callable[[], Any]:
        """The miss path: project every stored document, then combine the results."""

        def compute() -> Any:
            where = self._where()
            return combine([decode_stored(project, doc, where) for doc in self._table.raw_docs()])

        return compute

    def add(self, record: R) -> R:
        with self.store.transaction():
            self._table.insert_doc(record.id, record.to_dict())
        return record

    def add_many(self, records: Iterable[R]) -> int:
        docs = [(r.id, r.to_dict()) for r in records]
        if docs:
            with self.store.transaction():
                self._table.insert_docs(docs)
        return len(docs)

    def update(self, record: R) -> R:
        with self.store.transaction():
            if not self._table.has(record.id):
                raise NotFoundError(f"no {self.kind.rstrip('s')} with id {record.id!r}")
            self._table.replace_doc(record.id, record.to_dict())
        return record

    def upsert_many(self, records: Iterable[R]) -> int:
        """Insert or replace by id, in one write (merge and restore use it)."""
        items = list(records)
        if not items:
            return 0
        with self.store.transaction():
            table = self._table
            existing = set(self.ids())
            new_docs = [(r.id, r.to_dict()) for r in items if r.id not in existing]
            table.replace_docs({r.id: r.to_dict() for r in items if r.id in existing})
            if new_docs:
                table.insert_docs(new_docs)
        return len(items)

    def remove(self, record_id: str) -> R:
        with self.store.transaction():
            record = self.get(record_id)
            self._table.remove_ids([record_id])
        return record

    def __len__(self) -> int:
        return len(self._table)
