"""Derived data: figures worked out from a store file, kept until that file changes.

A weekly review needs a few numbers per day and a few facts per contact and
conversation, not ten years of decoded records. Those figures are computed
from a store file on first need and written to the user's cache directory
(:attr:`netjournal.paths.Paths.cache_dir`: never inside the data folder);
every later read checks that the store file is still the one they were
computed from and, if not, computes them again.

Why this is safe to keep beside a journal that must never lose an entry:

* The cache is never a source of truth. The store files are; nothing is ever
  written back from the cache, and deleting it at any time only makes the
  next review slower. Backups, merges and ``doctor`` ignore it.
* Nothing read from it is trusted. The data folder is meant to be synced
  (Syncthing, Dropbox), so anyone who can write there could plant files; the
  cache therefore lives outside it, and even there an entry is only data:
  JSON (never pickle or any loader that builds objects), refused unread when
  it is larger than its store file could justify (:func:`entry_limit`), and
  checked field by field by the caller's ``decode``
  (:mod:`netjournal.domain.checked`). An entry that fails any check is a
  miss and is worked out again. Each entry names the store file it came
  from by path, so entries of another data folder (two journals sharing one
  ``NETJOURNAL_CACHE_DIR``) are misses too.
* An entry names the file it came from by its identity: inode, size,
  modification and change time. Every store write replaces the file (a new
  inode, a new change time, which no tool can set), so a changed file does
  not match. The one gap is the file system's clock: on a file system with
  coarse timestamps, two writes within one tick can leave the same times,
  and a reused inode number with the same size would then look unchanged.
  That is git's "racy clean" problem, solved the same way: an entry made
  less than :data:`RACY_SECONDS` after its file last changed also records a
  checksum of the content, and is trusted only while the content matches;
  once the file is older than that, the entry is rewritten without it.
* Entries are written to a temporary name and renamed, without ``fsync``:
  after a power cut an entry may be missing or unreadable, which is a miss.
  A damaged, foreign or undecodable entry is a miss too, never an error, and
  so is a cache directory that cannot be created or written: caching is
  then off.
* The cache is written by readers, without the store lock: two processes
  computing the same entry write equivalent values, and an entry computed
  while its store file changed is not written (the identity is checked
  before and after).
"""

from __future__ import annotations

import functools
import os
import stat
import time
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import orjson

from netjournal.paths import ensure_cache_dir, replace_private_file

#: Bumped when the layout of any entry changes: older entries become misses.
#: (3: the stamp names the store file's path.)
CACHE_FORMAT = 3
#: An entry may be this much larger than twice its store file before it is
#: refused unread (see :func:`entry_limit`).
ENTRY_SLACK_BYTES = 4 * 1024 * 1024
#: An entry made within this many seconds of its file's last change is
#: checked against the file's content too (see the module docstring).
RACY_SECONDS = 3

Identity = list[int]
T = TypeVar("T")
#: What decoding a damaged or hand-edited entry raises: such an entry is a miss.
_DAMAGED = (ValueError, KeyError, TypeError, IndexError, AttributeError, ArithmeticError)
#: Entries are opened without following a symbolic link and without waiting
#: on a FIFO; only regular files are read.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
_ENTRY_KEYS = frozenset(("stamp", "check", "value"))
_INDEX_KEYS = frozenset(("stamp", "check", "parts"))
_PART_KEYS = frozenset(("stamp", "value"))


def file_identity(path: Path) -> Identity | None:
    """Who ``path`` is right now (inode, size, mtime, ctime), or ``None`` if missing."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return [st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def entry_limit(identity: Identity) -> int:
    """The largest entry file read for a store file of this identity, in bytes.

    Every entry is a projection of its store file (a few fields per record,
    a few numbers per day), so it is smaller than the file; twice the file
    plus :data:`ENTRY_SLACK_BYTES` leaves room for any real entry while a
    planted multi-gigabyte file is refused before a byte of it is parsed.
    """
    return 2 * identity[1] + ENTRY_SLACK_BYTES


def _racy(identity: Identity) -> bool:
    """Changed so recently that a later change could still leave the same identity."""
    return time.time_ns() - identity[3] < RACY_SECONDS * 1_000_000_000


def _checksum(path: Path) -> int | None:
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    return zlib.crc32(raw) ^ (zlib.adler32(raw) << 32)


class DerivedCache:
    """Entries in one directory, each computed from one store file.

    :meth:`value` keeps one JSON value per entry; :meth:`parts` keeps a
    named group of parts (e.g. the conversation facts of each month), so a
    reader loads only the parts it needs, all from one computation.

    ``root`` is the directory, or a function that returns it (called on the
    first entry, so a command that reads no derived figure does not pay
    for finding the user's cache directory), or ``None``: no cache, every
    figure is computed.
    """

    def __init__(self, root: Path | Callable[[], Path] | None) -> None:
        self._where = root

    @functools.cached_property
    def root(self) -> Path | None:
        """The cache directory; ``None`` when there is none (caching off)."""
        where = self._where
        if where is None or isinstance(where, Path):
            return where
        try:
            return where()
        except (OSError, RuntimeError, ValueError):  # no home, a symlink loop …
            return None

    def value(
        self,
        source: Path,
        name: str,
        version: int,
        compute: Callable[[], Any],
        decode: Callable[[Any], T],
    ) -> T | None:
        """Entry ``name`` for ``source``, decoded; ``None`` if ``source`` is missing.

        ``compute`` builds the JSON value from the store file (called only on
        a miss); ``decode`` turns it into what the caller works with, and an
        entry it cannot decode (``ValueError``, ``KeyError``, ``TypeError``,
        ``IndexError``) is a miss. ``version`` names the layout of the value,
        so a change of layout is a miss too.
        """
        identity = file_identity(source)
        if identity is None:
            return None
        root = self.root
        if root is None:
            return decode(compute())
        stamp = [CACHE_FORMAT, version, str(source), identity]
        path = root / f"{name}.json"
        entry = self._load(path, _ENTRY_KEYS, entry_limit(identity))
        if entry is not None and self._current(entry, stamp, source):
            try:
                found = decode(entry["value"])
            except _DAMAGED:
                pass
            else:
                if entry["check"] is not None and not _racy(identity):
                    self._write_entries(root, path.parent, [(path, {**entry, "check": None})])
                return found
        check = _checksum(source) if _racy(identity) else None
        value = compute()
        if file_identity(source) == identity:
            entry = {"stamp": stamp, "check": check, "value": value}
            self._write_entries(root, path.parent, [(path, entry)])
        return decode(value)

    def parts(
        self,
        source: Path,
        name: str,
        version: int,
        wanted: list[str],
        compute: Callable[[], Mapping[str, Any]],
        decode: Callable[[Any], T],
    ) -> dict[str, T]:
        """The ``wanted`` parts of entry ``name`` for ``source``, decoded (missing: absent).

        ``compute`` builds every part from the store file (called only on a
        miss) and returns ``{part: JSON value}``. All parts come from one
        computation: if any wanted part is stale, damaged or undecodable,
        the whole entry is computed again. The group's index holds the
        stamp (and the racy check); each part repeats the stamp, so a part
        left by another computation is never mixed in.
        """
        identity = file_identity(source)
        if identity is None:
            return {}
        root = self.root
        if root is None:
            values = dict(compute())
            return {p: decode(values[p]) for p in wanted if p in values}
        stamp = [CACHE_FORMAT, version, str(source), identity]
        folder = root / name
        limit = entry_limit(identity)
        index = self._load(folder / "_index.json", _INDEX_KEYS, limit)
        if index is not None and self._current(index, stamp, source):
            listed = index["parts"]
            if type(listed) is list:
                found = self._read_parts(
                    folder, stamp, [p for p in wanted if p in listed], decode, limit
                )
                if found is not None:
                    if index["check"] is not None and not _racy(identity):
                        self._write_entries(
                            root, folder, [(folder / "_index.json", {**index, "check": None})]
                        )
                    return found
        check = _checksum(source) if _racy(identity) else None
        values = dict(compute())
        if file_identity(source) == identity:
            entries = [
                (folder / f"{part}.json", {"stamp": stamp, "value": value})
                for part, value in values.items()
            ]
            index = {"stamp": stamp, "check": check, "parts": sorted(values)}
            entries.append((folder / "_index.json", index))  # last: it vouches for the parts
            self._write_entries(root, folder, entries, keep={f"{p}.json" for p in values})
        return {p: decode(values[p]) for p in wanted if p in values}

    @staticmethod
    def _load(path: Path, keys: frozenset[str], limit: int) -> dict[str, Any] | None:
        """The entry at ``path`` if it is a regular file of at most ``limit`` bytes
        holding a JSON object with exactly ``keys``; otherwise ``None`` (a miss).

        The size is checked before reading (and the read stops one byte past
        it, in case the file grows meanwhile), so a planted huge file costs
        nothing. orjson refuses NaN, infinities and nesting deeper than 1024
        levels; what the caller's ``decode`` expects is checked there.
        """
        try:
            fd = os.open(path, _OPEN_FLAGS)
        except OSError:
            return None
        try:
            with open(fd, "rb") as fh:
                info = os.fstat(fh.fileno())
                if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
                    return None
                raw = fh.read(limit + 1)
        except OSError:
            return None
        if len(raw) > limit:
            return None
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError:
            return None
        if type(data) is not dict or data.keys() != keys:
            return None
        check = data.get("check")
        if check is not None and type(check) is not int:
            return None
        return data

    @staticmethod
    def _current(entry: dict[str, Any], stamp: list[Any], source: Path) -> bool:
        """Does ``entry`` describe ``source`` as it is now? (racy entries: by content too)"""
        if entry["stamp"] != stamp:
            return False
        check = entry.get("check")
        return check is None or check == _checksum(source)

    def _read_parts(
        self,
        folder: Path,
        stamp: list[Any],
        wanted: list[str],
        decode: Callable[[Any], T],
        limit: int,
    ) -> dict[str, T] | None:
        found: dict[str, T] = {}
        for part in wanted:
            entry = self._load(folder / f"{part}.json", _PART_KEYS, limit)
            if entry is None or entry["stamp"] != stamp:
                return None  # replaced by a newer computation, damaged or gone: a miss
            try:
                found[part] = decode(entry["value"])
            except _DAMAGED:
                return None
        return found

    @staticmethod
    def _write_entries(
        root: Path,
        folder: Path,
        entries: list[tuple[Path, dict[str, Any]]],
        keep: set[str] | None = None,
    ) -> None:
        """Write ``entries`` in order; with ``keep``, remove other parts in ``folder``.

        Gives up quietly on any OS error: a read-only or full disk, or a
        cache directory that cannot be created, makes the cache useless, not
        the command.
        """
        try:
            ensure_cache_dir(root, folder)
            for path, data in entries:
                replace_private_file(path, orjson.dumps(data))
            if keep is not None:
                for old in folder.glob("*.json"):  # parts the store no longer has
                    if old.name != "_index.json" and old.name not in keep:
                        old.unlink(missing_ok=True)
        except OSError:
            return
