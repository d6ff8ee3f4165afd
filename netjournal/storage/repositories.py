"""Repositories: domain objects in, domain objects out.

Nothing outside :mod:`netjournal.storage` sees a TinyDB document. Every
mutating method opens a store transaction itself (re-entrant), so a single
call is always locked and atomic per file; the facade wraps multi-step
use-cases in one outer transaction.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Protocol, Self, TypeVar

from netjournal.domain.checked import obj, texts
from netjournal.domain.models import Activity, Contact, Conversation, Target
from netjournal.errors import CorruptStoreError, NotFoundError
from netjournal.storage.derived import DerivedCache
from netjournal.storage.engine import Store, UuidTable

if TYPE_CHECKING:
    from netjournal.domain.channels import CustomChannel
    from netjournal.domain.revalidation import Feedback, ReflectiveDiscussion
    from netjournal.domain.timer import RunningTimer

_MONTH_FILE = re.compile(r"^(\d{4})-(\d{2})\.json$")


class Record(Protocol):
    @property
    def id(self) -> str: ...

    def to_dict(self) -> dict[str, Any]: ...


R = TypeVar("R", bound=Record)
T = TypeVar("T")
X = TypeVar("X")


def _decode(factory: Callable[[dict[str, Any]], X], doc: dict[str, Any], where: str) -> X:
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
        return [_decode(self.factory, doc, where) for doc in self._table.raw_docs()]

    def ids(self) -> list[str]:
        return self._table.ids()

    def get(self, record_id: str) -> R:
        doc = self._table.fetch(record_id)
        if doc is None:
            raise NotFoundError(f"no {self.kind.rstrip('s')} with id {record_id!r}")
        return _decode(self.factory, doc, self._where())

    def find(self, id_or_prefix: str) -> R:
        return self.get(resolve_prefix(self.ids(), id_or_prefix, self.kind.rstrip("s")))

    def search(self, predicate: Callable[[dict[str, Any]], bool]) -> list[R]:
        """Records whose stored document satisfies ``predicate`` (a TinyDB test)."""
        where = self._where()
        return [_decode(self.factory, d, where) for d in self._table.raw_docs() if predicate(d)]

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
            return combine([_decode(project, doc, where) for doc in self._table.raw_docs()])

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


#: The keys of a month's derived entry (``derived_by_month``).
_MONTH_KEYS = frozenset(("ids", "value"))


class ActivityRepo:
    """Activities, one file per month: a write touches only that month's file.

    If a crash interrupted a move between months (an edit that changed the
    date), the same id can appear in two files; readers keep the copy with
    the newest ``updated`` and ``netjournal doctor --fix`` removes the other.
    """

    DIR = "activities"

    def __init__(self, store: Store, cache: DerivedCache | None = None) -> None:
        self.store = store
        self.cache = cache or DerivedCache(None)

    def _relpath(self, month: str) -> str:
        return f"{self.DIR}/{month}.json"

    def _table(self, month: str) -> UuidTable:
        return self.store.table(self._relpath(month), self.DIR, self.DIR)

    def months(self) -> list[str]:
        """``YYYY-MM`` of every partition on disk, oldest first."""
        folder = self.store.root / self.DIR
        # A commit a crash interrupted may create a month file: finish it before
        # listing, or a new month's first activity is missed until a file is opened.
        self.store.recover_once()
        found: set[str] = set()
        # A month first written by the open transaction is not on disk yet.
        for path in self.store.staged_files():
            m = _MONTH_FILE.match(path.name)
            if m and path.parent == folder:
                found.add(f"{m.group(1)}-{m.group(2)}")
        if folder.is_dir():
            for path in folder.iterdir():
                m = _MONTH_FILE.match(path.name)
                if m:
                    found.add(f"{m.group(1)}-{m.group(2)}")
        return sorted(found)

    @staticmethod
    def month_of(day: date) -> str:
        return f"{day.year:04d}-{day.month:02d}"

    def _decode_month(self, month: str, docs: Iterable[dict[str, Any]]) -> Iterator[Activity]:
        where = str(self.store.root / self._relpath(month))
        for doc in docs:
            yield _decode(Activity.from_dict, doc, where)

    @staticmethod
    def _dedupe(items: Iterable[Activity]) -> list[Activity]:
        best: dict[str, Activity] = {}
        for a in items:
            seen = best.get(a.id)
            if seen is None or a.updated > seen.updated:
                best[a.id] = a
        return list(best.values())

    def between(
        self,
        start: date | None,
        end: date | None,
        where: Callable[[dict[str, Any]], bool] | None = None,
    ) -> list[Activity]:
        """Activities dated ``start``..``end`` inclusive, reading only the months needed.

        ``where`` filters the *stored* documents before they are decoded, so a
        use-case that needs a few records out of ten years (CPD ones, those
        with one contact) does not pay for decoding them all.
        """
        lo = self.month_of(start) if start else ""
        hi = self.month_of(end) if end else "9999-99"
        s = start.isoformat() if start else ""
        e = end.isoformat() if end else "9999-99-99"
        found: list[Activity] = []
        for month in self.months():
            if not lo <= month <= hi:
                continue
            docs: Iterable[dict[str, Any]] = self._table(month).raw_docs()
            if month in (lo, hi):
                docs = [d for d in docs if s <= d.get("date", "") <= e]
            if where is not None:
                docs = [d for d in docs if where(d)]
            found.extend(self._decode_month(month, docs))
        return self._dedupe(found)

    def derived_by_month(
        self,
        start: date,
        end: date,
        name: str,
        version: int,
        compute: Callable[[list[Activity]], Any],
        decode: Callable[[Any], T],
    ) -> list[T] | None:
        """``decode(compute(a month's activities))`` for every month file ``start``..``end`` touches.

        Each month's value is cached until that month's file changes (see
        :mod:`netjournal.storage.derived`), so a review of a year reads twelve
        small entries instead of decoding thousands of activities. Whole
        months are given: the caller ignores what lies outside its range.
        Returns ``None`` when an activity is stored in two of the months (left
        by an interrupted move): only :meth:`between` can tell which copy
        counts, so the caller falls back to it.
        """
        lo, hi = self.month_of(start), self.month_of(end)
        values: list[T] = []
        seen: set[str] = set()
        duplicated = False

        def compute_month(month: str) -> dict[str, Any]:
            docs = self._table(month).raw_docs()
            return {
                "ids": [str(d.get("id")) for d in docs],
                "value": compute(list(self._decode_month(month, docs))),
            }

        def decode_month(entry: Any) -> tuple[list[str], T]:
            obj(entry, _MONTH_KEYS)
            return texts(entry["ids"]), decode(entry["value"])

        for month in self.months():
            if not lo <= month <= hi:
                continue
            source = self.store.root / self._relpath(month)
            found: tuple[list[str], T] | None
            if self.store.is_staged(source):  # not on disk yet: worked out, not cached
                found = decode_month(compute_month(month))
            else:
                found = self.cache.value(
                    source,
                    f"{name}/{month}",
                    version,
                    functools.partial(compute_month, month),
                    decode_month,
                )
            if found is None:  # the file went away since it was listed
                continue
            ids, value = found
            if not duplicated and not seen.isdisjoint(ids):
                duplicated = True
            seen.update(ids)
            values.append(value)
        return None if duplicated else values

    def all(self) -> list[Activity]:
        return self.between(None, None)

    def count(self) -> int:
        return sum(len(self._table(m)) for m in self.months())

    def _locate(self, activity_id: str) -> str | None:
        for month in reversed(self.months()):
            if self._table(month).has(activity_id):
                return month
        return None

    def all_ids(self) -> list[str]:
        ids: list[str] = []
        for month in self.months():
            ids.extend(self._table(month).ids())
        return ids

    def get(self, activity_id: str) -> Activity:
        month = self._locate(activity_id)
        if month is None:
            raise NotFoundError(f"no activity with id {activity_id!r}")
        doc = self._table(month).fetch(activity_id)
        if doc is None:
            raise NotFoundError(f"no activity with id {activity_id!r}")
        return next(self._decode_month(month, [doc]))

    def find(self, id_or_prefix: str) -> Activity:
        """By full id (searching months newest first, stopping at the match), unique prefix,
        or ``last`` / ``last~N`` (the newest activity by creation time, the N-th before it).

        Every command that takes an activity id comes here, so ``last`` works in all of them.
        """
        wanted = id_or_prefix.strip().lower()
        if len(wanted) == 32:
            return self.get(wanted)
        if wanted.startswith("last"):
            # Imported here: ``log`` never resolves an id.
            from netjournal.domain.history import last_offset

            offset = last_offset(wanted)
            if offset is not None:
                return self.get(self._newest(offset, id_or_prefix.strip()))
        return self.get(resolve_prefix(self.all_ids(), wanted, "activity"))

    def _newest(self, offset: int, typed: str) -> str:
        """The id of the activity created ``offset`` places before the newest one."""
        # Creation times are to the second: within one second, the activity stored later
        # in its month file (files keep insertion order) counts as the newer one.
        stamped = sorted(
            (
                (str(d.get("created", "")), month, n, str(d.get("id", "")))
                for month in self.months()
                for n, d in enumerate(self._table(month).raw_docs())
            ),
            reverse=True,
        )
        # An activity stored twice (an interrupted move) counts once.
        ids = list(dict.fromkeys(i for *_, i in stamped))
        if offset >= len(ids):
            why = "there are not that many activities" if ids else "the journal is empty"
            raise NotFoundError(f"no activity {typed!r}: {why}")
        return ids[offset]

    def add(self, activity: Activity) -> Activity:
        with self.store.transaction():
            self._table(self.month_of(activity.date)).insert_doc(activity.id, activity.to_dict())
        return activity

    def add_many(self, activities: Iterable[Activity]) -> int:
        by_month: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        for a in activities:
            by_month.setdefault(self.month_of(a.date), []).append((a.id, a.to_dict()))
        with self.store.transaction():
            for month, docs in sorted(by_month.items()):
                self._table(month).insert_docs(docs)
        return sum(len(d) for d in by_month.values())

    def update(self, activity: Activity) -> Activity:
        """Replace an activity; if its month changed, write the new file first.

        Writing the destination before removing the source means a crash in
        between leaves a duplicate (resolved on read), never a loss.
        """
        with self.store.transaction():
            old_month = self._locate(activity.id)
            if old_month is None:
                raise NotFoundError(f"no activity with id {activity.id!r}")
            new_month = self.month_of(activity.date)
            if new_month == old_month:
                self._table(new_month).replace_doc(activity.id, activity.to_dict())
            else:
                self._table(new_month).insert_doc(activity.id, activity.to_dict())
                self._table(old_month).remove_ids([activity.id])
        return activity

    def replace_many(self, activities: Iterable[Activity]) -> int:
        """Replace stored activities whose date (so month file) is unchanged, one write a month.

        For imports refreshing what they read from their day's file a moment
        ago; unlike :meth:`upsert_many` it reads no other month.
        """
        by_month: dict[str, dict[str, dict[str, Any]]] = {}
        for a in activities:
            by_month.setdefault(self.month_of(a.date), {})[a.id] = a.to_dict()
        with self.store.transaction():
            for month, docs in sorted(by_month.items()):
                self._table(month).replace_docs(docs)
        return sum(len(d) for d in by_month.values())

    def upsert_many(self, activities: Iterable[Activity]) -> int:
        """Insert or replace by id with one write per month file touched (merge, restore).

        As in :meth:`update`, an activity whose month changed is written to
        its new file before it is removed from the old one.
        """
        items = list({a.id: a for a in activities}.values())  # the last version of an id wins
        if not items:
            return 0
        with self.store.transaction():
            located: dict[str, str] = {}
            for month in reversed(self.months()):  # newest first, as _locate searches
                for doc_id in self._table(month).ids():
                    located.setdefault(doc_id, month)
            inserts: dict[str, list[tuple[str, dict[str, Any]]]] = {}
            replaces: dict[str, dict[str, dict[str, Any]]] = {}
            moved_out: dict[str, list[str]] = {}
            for a in items:
                month, old = self.month_of(a.date), located.get(a.id)
                if old == month:
                    replaces.setdefault(month, {})[a.id] = a.to_dict()
                else:
                    inserts.setdefault(month, []).append((a.id, a.to_dict()))
                    if old is not None:
                        moved_out.setdefault(old, []).append(a.id)
            for month in sorted(set(inserts) | set(replaces)):
                table = self._table(month)
                if month in replaces:
                    table.replace_docs(replaces[month])
                if month in inserts:
                    table.insert_docs(inserts[month])
            for month, ids in moved_out.items():
                self._table(month).remove_ids(ids)
        return len(items)

    def remove(self, activity_id: str) -> Activity:
        with self.store.transaction():
            activity = self.get(activity_id)
            for month in self.months():
                table = self._table(month)
                if table.has(activity_id):
                    table.remove_ids([activity_id])
        return activity

    def source_ids(self) -> set[str]:
        ids: set[str] = set()
        for month in self.months():
            for doc in self._table(month).raw_docs():
                sid = doc.get("source_id")
                if sid:
                    ids.add(sid)
        return ids

    def duplicates(self) -> dict[str, list[str]]:
        """Ids stored in more than one month file (left by an interrupted move)."""
        where: dict[str, list[str]] = {}
        for month in self.months():
            for doc_id in self._table(month).ids():
                where.setdefault(doc_id, []).append(month)
        return {k: v for k, v in where.items() if len(v) > 1}

    def drop_copy(self, activity_id: str, month: str) -> None:
        with self.store.transaction():
            self._table(month).remove_ids([activity_id])


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


class Repositories:
    """Every repository of one store, built once per facade."""

    def __init__(self, store: Store, cache: DerivedCache) -> None:
        self.store = store
        self.cache = cache
        self.activities = ActivityRepo(store, cache)
        self.contacts: DocumentRepo[Contact] = DocumentRepo(
            store, "contacts.json", "contacts", Contact.from_dict, cache
        )
        self.conversations: DocumentRepo[Conversation] = DocumentRepo(
            store, "conversations.json", "conversations", Conversation.from_dict, cache
        )
        self.targets: DocumentRepo[Target] = DocumentRepo(
            store, "targets.json", "targets", Target.from_dict
        )
        self.trash: DocumentRepo[TrashEntry] = TrashRepo(
            store, "trash.json", "trash", TrashEntry.from_dict
        )
        self.timer: DocumentRepo[RunningTimer] = DocumentRepo(
            store, "timer.json", "timer", _timer_from_dict
        )
        self.channels: DocumentRepo[CustomChannel] = DocumentRepo(
            store, "channels.json", "channels", _channel_from_dict
        )
        self.feedback: DocumentRepo[Feedback] = DocumentRepo(
            store, "feedback.json", "feedback", _feedback_from_dict
        )
        self.discussions: DocumentRepo[ReflectiveDiscussion] = DocumentRepo(
            store, "discussions.json", "discussions", _discussion_from_dict
        )


def _feedback_from_dict(data: dict[str, Any]) -> Feedback:
    # Loaded only by the revalidation commands, as for the timer below.
    from netjournal.domain.revalidation import Feedback

    return Feedback.from_dict(data)


def _discussion_from_dict(data: dict[str, Any]) -> ReflectiveDiscussion:
    from netjournal.domain.revalidation import ReflectiveDiscussion

    return ReflectiveDiscussion.from_dict(data)


def _timer_from_dict(data: dict[str, Any]) -> RunningTimer:
    # The timer's module loads only when a timer is read: `log` never needs it.
    from netjournal.domain.timer import RunningTimer

    return RunningTimer.from_dict(data)


def _channel_from_dict(data: dict[str, Any]) -> CustomChannel:
    # Read only when a channel outside the built-in list is given.
    from netjournal.domain.channels import CustomChannel

    return CustomChannel.from_dict(data)


def open_store(
    root: Path,
    backup_dir: Path,
    *,
    backups_keep: int,
    today: Callable[[], date],
    cache_dir: Path | Callable[[], Path] | None = None,
) -> Repositories:
    """Open (lazily) the store under ``root``; nothing is read or created yet.

    ``cache_dir`` holds figures derived from the store, or is a function
    that returns it on first need (default: no cache, every figure is
    computed); see :mod:`netjournal.storage.derived`. It is never inside the
    data folder (:attr:`netjournal.paths.Paths.cache_dir` says why).
    """
    store = Store(root, backup_dir, backups_keep=backups_keep, today=today)
    return Repositories(store, DerivedCache(cache_dir))
