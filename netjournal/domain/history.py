"""The history of operations behind ``undo``, ``redo`` and ``undo --list``: the pure parts.

An *operation* is one committed change of the store (a ``log``, an
``edit``, an ``rm`` of several ids, an import, a merge …): its number, when
it happened, a one-line summary, and for every record it touched the record
as it was *before* and as it is *after* (``None`` where the record did not
exist). Undo writes the before images back, redo the after images; either is
refused when a touched record no longer looks as the operation left it (it
was changed since, here or on another device), naming that record.

The history file is in the synced data folder, so it is read back through the
strict checks of :mod:`netjournal.domain.checked`: a damaged entry is refused
with its number, never acted on. Stdlib only; loaded by ``undo``, ``redo`` and
``undo --list``, never by ``log`` (the commit path keeps entries as plain
dicts, see ``netjournal/storage/history.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from netjournal.domain import checked

Side = Literal["before", "after"]

#: What each store table holds, for the one-line names of records.
_KIND_OF_TABLE = {
    "activities": "activity",
    "contacts": "contact",
    "conversations": "conversation",
    "targets": "target",
    "trash": "trash entry",
    "timer": "timer",
}


@dataclass(frozen=True, slots=True)
class Change:
    """One record an operation touched: where it lives and its two images."""

    file: str
    table: str
    id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def image(self, side: Side) -> dict[str, Any] | None:
        return self.before if side == "before" else self.after

    def label(self) -> str:
        """``activity 1a2b3c4d`` or ``contact 9f8e7d6c Jane Smith``: how messages name it."""
        kind = _KIND_OF_TABLE.get(self.table, self.table)
        record = self.after or self.before or {}
        name = record.get("name")
        suffix = f" {name}" if isinstance(name, str) and name else ""
        return f"{kind} {self.id[:8]}{suffix}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "table": self.table,
            "id": self.id,
            "before": self.before,
            "after": self.after,
        }


@dataclass(frozen=True, slots=True)
class Operation:
    """One entry of the history: number, time (ISO, with offset), summary, changes."""

    number: int
    at: str
    summary: str
    changes: tuple[Change, ...]

    def when(self) -> str:
        """``06 Dec 10:02``: the time as ``undo --list`` shows it (local to the writer)."""
        try:
            moment = datetime.fromisoformat(self.at)
        except ValueError:
            return self.at
        return moment.strftime("%d %b %H:%M")

    def line(self) -> str:
        """``3  06 Dec 10:02  log 1a2b3c4d online 30m``."""
        return f"{self.number}  {self.when()}  {self.summary}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "at": self.at,
            "summary": self.summary,
            "changes": [c.to_dict() for c in self.changes],
        }


def _image(value: Any) -> dict[str, Any] | None:
    return None if value is None else checked.obj(value)


def operation_from_dict(doc: Mapping[str, Any]) -> Operation:
    """An operation as the history file stores it; ``TypeError``/``ValueError`` if damaged."""
    changes = []
    for item in checked.array(doc.get("changes")):
        entry = checked.obj(item)
        changes.append(
            Change(
                file=checked.text(entry.get("file")),
                table=checked.text(entry.get("table")),
                id=checked.text(entry.get("id")),
                before=_image(entry.get("before")),
                after=_image(entry.get("after")),
            )
        )
    return Operation(
        number=checked.whole(doc.get("n"), 1),
        at=checked.text(doc.get("at")),
        summary=checked.text(doc.get("summary")),
        changes=tuple(changes),
    )


def changed_since(
    operation: Operation, side: Side, current: Callable[[Change], dict[str, Any] | None]
) -> list[Change]:
    """The touched records that no longer hold the operation's ``side`` image.

    Undo checks the *after* images (the records must still be as the
    operation left them), redo the *before* images.
    """
    return [c for c in operation.changes if current(c) != c.image(side)]


def refusal(operation: Operation, verb: str, stale: list[Change]) -> str:
    """The one-line reason an undo or redo is refused."""
    named = ", ".join(c.label() for c in stale[:3])
    more = f" and {len(stale) - 3} more" if len(stale) > 3 else ""
    return (
        f"cannot {verb} {operation.number} ({operation.summary}): {named}{more} changed since; "
        "nothing was changed"
    )


_LAST = re.compile(r"^last(?:~(\d{1,4}))?$")


def last_offset(text: str) -> int | None:
    """``last`` → 0, ``last~2`` → 2; ``None`` when ``text`` is not such a reference."""
    found = _LAST.match(text.strip().lower())
    if found is None:
        return None
    return int(found.group(1) or 0)
