"""``journal.history``: undo, redo and the list of recent operations.

Every committed change of the store leaves an operation in the history file
(``netjournal/storage/history.py``, written in the same commit as the
change). Undo writes the operation's *before* images back in one new
transaction, redo its *after* images; both refuse, changing nothing, when a
touched record no longer holds what the operation left there.
"""

from __future__ import annotations

from netjournal.domain.history import (
    Change,
    Operation,
    Side,
    changed_since,
    operation_from_dict,
    refusal,
)
from netjournal.errors import InputError, StoreError
from netjournal.journal.core import Service
from netjournal.storage.history import DONE, UNDONE, newest_first


class HistoryService(Service):
    """The per-journal history of operations."""

    def _operations(self, table: str) -> list[Operation]:
        stored = self.repos.store.history().get(table, {})
        found = []
        for key in newest_first(stored):
            try:
                found.append(operation_from_dict(stored[key]))
            except (TypeError, ValueError) as exc:
                raise StoreError(
                    f"history entry {key} in {self.repos.store.root / 'history.json'} is "
                    f"damaged ({exc}); nothing was changed",
                    hint="`netjournal undo --list` shows the rest; delete the file to start afresh",
                ) from exc
        return found

    def operations(self) -> list[Operation]:
        """What ``undo`` can take back, newest first."""
        return self._operations(DONE)

    def undone(self) -> list[Operation]:
        """What ``redo`` can apply again, the next one first."""
        return self._operations(UNDONE)

    def undo(self) -> Operation:
        """Take back the newest operation."""
        return self._replay(DONE, "undo", write="before", check="after")

    def redo(self) -> Operation:
        """Apply again the operation undone last."""
        return self._replay(UNDONE, "redo", write="after", check="before")

    def _replay(self, table: str, verb: str, *, write: Side, check: Side) -> Operation:
        store = self.repos.store
        with self.transaction():
            stored = store.history().get(table, {})
            if not stored:
                what = "no change has been recorded" if verb == "undo" else "nothing was undone"
                raise InputError(f"nothing to {verb}: {what}")
            operation = self._operations(table)[0]

            def current(change: Change) -> dict[str, object] | None:
                return store.document(change.file, change.table, change.id)

            stale = changed_since(operation, check, current)
            if stale:
                raise StoreError(refusal(operation, verb, stale))
            for change in operation.changes:
                store.put_document(change.file, change.table, change.id, change.image(write))
            store.replaying("undo" if verb == "undo" else "redo", operation.number)
        return operation
