"""The history file: one entry per committed change, written in the same commit.

``<store>/history.json`` holds two tables of operations keyed by their
number: ``done`` (what ``undo`` can take back, newest = highest number) and
``undone`` (what ``redo`` can apply again). :class:`~netjournal.storage.engine.Store`
builds the new file at the end of every transaction that changed records and
commits it *with* the changed files (``storage/commit.py``), so a crash never
leaves a change without its entry, nor an entry without its change.

Entries stay plain dicts here: this runs at the end of every ``log``, which
must not pay for decoding them (``netjournal/domain/history.py`` reads them
for ``undo`` and ``undo --list``).

Bounds: the newest :data:`MAX_OPERATIONS` operations, and older ones only
while all kept operations together touch at most :data:`MAX_CHANGES`
records, because the file is rewritten by every change. The newest
operation is always kept, so a large import can be undone right after it.
"""

from __future__ import annotations

from typing import Any, Literal

HISTORY_FILE = "history.json"
HISTORY_KIND = "history"
DONE, UNDONE = "done", "undone"
MAX_OPERATIONS = 100
MAX_CHANGES = 2000

Mode = Literal["record", "undo", "redo"]
Tables = dict[str, dict[str, Any]]


def _size(entry: Any) -> int:
    changes = entry.get("changes") if isinstance(entry, dict) else None
    return len(changes) if isinstance(changes, list) else 0


def _number(key: str) -> int:
    return int(key) if key.isdigit() else 0


def newest_first(table: dict[str, Any]) -> list[str]:
    """The keys of a table of operations, highest number first."""
    return sorted(table, key=_number, reverse=True)


def kept(table: dict[str, Any]) -> dict[str, Any]:
    """``table`` within the bounds: the newest operations, by count and by records touched."""
    keep: dict[str, Any] = {}
    total = 0
    for key in newest_first(table):
        total += _size(table[key])
        if keep and (len(keep) >= MAX_OPERATIONS or total > MAX_CHANGES):
            break
        keep[key] = table[key]
    return keep


def next_number(tables: Tables) -> int:
    return 1 + max((_number(k) for t in tables.values() for k in t), default=0)


def updated(
    tables: Tables,
    mode: Mode,
    *,
    summary: str,
    at: str,
    changes: list[dict[str, Any]],
    number: int | None = None,
) -> Tables:
    """The history after one commit.

    ``record``: a new operation on top of ``done``; the redo list is cleared,
    as in an editor. ``undo``/``redo``: operation ``number`` moves from
    ``done`` to ``undone`` or back (its stored images are kept as they were).
    """
    done = dict(tables.get(DONE, {}))
    undone = dict(tables.get(UNDONE, {}))
    if mode == "record":
        n = next_number({DONE: done, UNDONE: undone})
        key = str(n)
        done[key] = {"id": key, "n": n, "at": at, "summary": summary, "changes": changes}
        undone = {}
    elif mode == "undo":
        key = str(number)
        undone[key] = done.pop(key)
    else:
        key = str(number)
        done[key] = undone.pop(key)
    return {DONE: kept(done), UNDONE: kept(undone)}
