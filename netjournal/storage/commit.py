"""Committing the files of one command together: all of them, or none.

A command can change several store files (``log --with`` a new person writes
``contacts.json`` and a month file; a merge writes many). Replacing each file
atomically is not enough: a full disk on the second file would leave the
first one changed, and a message saying "nothing was changed" would lie.

So a transaction only *stages* its writes (in memory) and commits them at
the end in three steps:

1. **Temps.** Every new file is written to a temp file beside its target
   (``.<name>.<random>.tmp``, 0600), flushed and fsync'd. Any failure here
   (disk full, ``ulimit -f``, read-only folder) removes the temps and
   raises: no store file was touched, so "nothing was changed" is true.
2. **Commit record.** A small JSON file ``<data>/.store.commit`` lists every
   temp → target rename and every file to delete. It is written atomically
   (temp, fsync, rename, directory fsync): once it exists the commit has
   happened, whatever follows.
3. **Renames.** Each temp is renamed over its target, the folders fsync'd,
   and the commit record removed.

A crash (``kill -9``, power cut) before step 2 leaves only temp files, which
the store never reads (``doctor --fix`` removes them). A crash during step 3
leaves the commit record: the next process that opens the store takes the
lock and *rolls it forward* (:func:`roll_forward`) — a temp still present is
renamed, one already gone was renamed before the crash — so every file of
the command ends up new. A record that does not parse or names paths outside
the store is not ours: it is removed without acting on it.

A commit of a single file needs no record: one rename is already atomic.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import orjson

from netjournal.atomic import atomic_write_bytes, fsync_dir, private_temp
from netjournal.errors import StoreError
from netjournal.paths import ensure_private_dir

COMMIT_KIND = "commit"


def commit_record_path(root: Path) -> Path:
    """Where the commit record of the store under ``root`` lives (beside its lock)."""
    return root.parent / f".{root.name}.commit"


def _cannot(path: Path, exc: OSError) -> StoreError:
    return StoreError(
        f"cannot write {path}: {exc.strerror or exc}; nothing was changed",
        hint="is the disk full, read-only or someone else's? `netjournal doctor` checks",
    )


def commit_files(root: Path, writes: dict[Path, bytes | None]) -> None:
    """Replace (``bytes``) or delete (``None``) every path of ``writes`` together.

    Raises :class:`StoreError` with every file as before when a temp file or
    the commit record cannot be written.
    """
    if not writes:
        return
    deletes = [path for path, payload in writes.items() if payload is None]
    # A `kill` while staging leaves temps the store never reads; `doctor --fix`
    # removes them (handling SIGTERM here would cost `log` the `signal` import).
    temps = _stage(root, writes, deletes)
    # The commit has happened: from here on a crash is rolled forward.
    try:
        _apply(root, temps, deletes)
    except OSError as exc:
        raise StoreError(
            f"cannot finish writing in {root}: {exc.strerror or exc}; the change is kept "
            "and completed the next time netjournal opens the journal",
            hint="`netjournal doctor` checks the folder",
        ) from exc


def _stage(
    root: Path, writes: dict[Path, bytes | None], deletes: list[Path]
) -> list[tuple[Path, Path]]:
    """Steps 1 and 2: every temp written and synced, then the commit record; or nothing."""
    temps: list[tuple[Path, Path]] = []
    try:
        for path, payload in writes.items():
            if payload is None:
                continue
            try:
                ensure_private_dir(path.parent)
                fd, name = private_temp(path.parent, path.name)
            except OSError as exc:
                raise _cannot(path, exc) from exc
            temps.append((Path(name), path))
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(payload)
                    fh.flush()
                    os.fsync(fh.fileno())
            except OSError as exc:
                raise _cannot(path, exc) from exc
        if len(temps) + len(deletes) > 1:
            record = {
                "netjournal": {"kind": COMMIT_KIND, "schema": 1},
                "replace": [[_rel(root, t), _rel(root, p)] for t, p in temps],
                "delete": [_rel(root, p) for p in deletes],
            }
            atomic_write_bytes(commit_record_path(root), orjson.dumps(record), clean_exit=False)
    except BaseException:
        for tmp, _ in temps:
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise
    return temps


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _apply(root: Path, temps: list[tuple[Path, Path]], deletes: list[Path]) -> None:
    folders: set[Path] = set()
    for tmp, target in temps:
        if tmp.exists():
            os.replace(tmp, target)
        folders.add(target.parent)
    for path in deletes:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        folders.add(path.parent)
    for folder in sorted(folders):
        fsync_dir(folder)
    record = commit_record_path(root)
    if record.exists():
        record.unlink()
        fsync_dir(record.parent)


def pending_commit(root: Path) -> bool:
    """Is a commit record waiting (a commit in progress, or one a crash interrupted)?"""
    return os.path.lexists(commit_record_path(root))


def _inside(root: Path, rel: object) -> Path | None:
    """``root / rel`` if ``rel`` is a plain relative path inside the store, else ``None``."""
    if not isinstance(rel, str) or not rel or rel.startswith("/"):
        return None
    parts = rel.split("/")
    if any(p in ("", ".", "..") for p in parts):
        return None
    return root.joinpath(*parts)


def read_commit_record(root: Path) -> tuple[list[tuple[Path, Path]], list[Path]] | None:
    """The renames and deletes of a leftover commit record; ``None`` if it is not one of ours."""
    from netjournal.storage.store_names import is_store_path

    try:
        doc = orjson.loads(commit_record_path(root).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    if not isinstance(doc, dict) or doc.get("netjournal", {}).get("kind") != COMMIT_KIND:
        return None
    renames, deletes = doc.get("replace"), doc.get("delete")
    if not isinstance(renames, list) or not isinstance(deletes, list):
        return None
    temps: list[tuple[Path, Path]] = []
    for pair in renames:
        if not (isinstance(pair, list) and len(pair) == 2):
            return None
        tmp, target = _inside(root, pair[0]), _inside(root, pair[1])
        if tmp is None or target is None or not is_store_path(str(pair[1])):
            return None
        # A temp of ours sits beside its target and is named after it.
        if tmp.parent != target.parent or not (
            tmp.name.startswith(f".{target.name}.") and tmp.name.endswith(".tmp")
        ):
            return None
        temps.append((tmp, target))
    gone: list[Path] = []
    for rel in deletes:
        path = _inside(root, rel)
        if path is None or not is_store_path(str(rel)):
            return None
        gone.append(path)
    return temps, gone


def roll_forward(root: Path) -> bool:
    """Finish a commit a crash interrupted (call with the store lock held).

    Returns whether a record was found. A record that is not ours is removed
    without acting on it (the temps it may name are ``doctor --fix``'s).
    """
    if not pending_commit(root):
        return False
    found = read_commit_record(root)
    if found is None:
        with contextlib.suppress(OSError):
            commit_record_path(root).unlink()
        return True
    _apply(root, *found)
    return True
