"""Activities, one store file per month: a write touches only that month's file.

Apart from :mod:`netjournal.storage.document_repo` because the month files
make this repository different in kind: every read picks the months it
needs, an edit that changes the date moves the activity between files, and
figures derived from activities are cached per month.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any, TypeVar

from netjournal.domain.checked import obj, texts
from netjournal.domain.models import Activity
from netjournal.errors import NotFoundError
from netjournal.storage.derived import DerivedCache
from netjournal.storage.document_repo import decode_stored, resolve_prefix
from netjournal.storage.engine import Store
from netjournal.storage.tables import UuidTable

T = TypeVar("T")

_MONTH_FILE = re.compile(r"^(\d{4})-(\d{2})\.json$")

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
            yield decode_stored(Activity.from_dict, doc, where)

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
