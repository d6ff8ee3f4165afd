"""The pure parts of the history of operations: entries, bounds, checks and ``last~N``."""

from __future__ import annotations

from typing import Any

import pytest

from netjournal.domain.history import (
    Change,
    Operation,
    changed_since,
    last_offset,
    operation_from_dict,
    refusal,
)
from netjournal.storage import history


def _entry(n: int, records: int = 1) -> dict[str, Any]:
    changes = [
        {
            "file": "contacts.json",
            "table": "contacts",
            "id": f"{i:032x}",
            "before": None,
            "after": {},
        }
        for i in range(records)
    ]
    return {"id": str(n), "n": n, "at": "2026-12-06T10:02:00+00:00", "summary": f"op {n}",
            "changes": changes}  # fmt: skip


@pytest.mark.parametrize(
    ("text", "offset"),
    [("last", 0), ("LAST", 0), (" last~2 ", 2), ("last~0", 0), ("lastx", None), ("last~", None),
     ("last~-1", None), ("1a2b3c", None)],
)  # fmt: skip
def test_last_offset(text: str, offset: int | None) -> None:
    assert last_offset(text) == offset


def test_an_operation_reads_back_and_shows_as_one_line() -> None:
    op = operation_from_dict(_entry(3))
    assert op.number == 3 and op.line() == "3  06 Dec 10:02  op 3"
    assert op.to_dict()["changes"][0]["table"] == "contacts"


@pytest.mark.parametrize(
    "damage",
    [{"n": "3"}, {"n": True}, {"n": 0}, {"summary": 3}, {"changes": {}},
     {"changes": [{"file": "x", "table": "t", "id": "i", "before": [], "after": None}]}],
)  # fmt: skip
def test_a_damaged_entry_is_refused(damage: dict[str, Any]) -> None:
    with pytest.raises((TypeError, ValueError)):
        operation_from_dict({**_entry(3), **damage})


def test_changed_since_compares_the_side_asked_for() -> None:
    change = Change("activities/2026-12.json", "activities", "a" * 32, None, {"note": "x"})
    op = Operation(1, "2026-12-06T10:02:00+00:00", "log", (change,))
    assert changed_since(op, "after", lambda c: {"note": "x"}) == []
    assert changed_since(op, "after", lambda c: {"note": "y"}) == [change]
    assert changed_since(op, "before", lambda c: None) == []
    reason = refusal(op, "undo", [change])
    assert reason == "cannot undo 1 (log): activity aaaaaaaa changed since; nothing was changed"


def test_a_contact_is_named_in_refusals() -> None:
    change = Change("contacts.json", "contacts", "b" * 32, {"name": "Jane Smith"}, None)
    assert change.label() == "contact bbbbbbbb Jane Smith"


def test_record_adds_on_top_and_clears_redo() -> None:
    tables = {history.DONE: {"1": _entry(1)}, history.UNDONE: {"2": _entry(2)}}
    new = history.updated(tables, "record", summary="log", at="t", changes=[])
    assert list(new[history.DONE]) == ["3", "1"] and new[history.UNDONE] == {}
    assert new[history.DONE]["3"]["id"] == "3"  # the key is the record's id, as doctor checks


def test_undo_and_redo_move_one_operation() -> None:
    tables = {history.DONE: {"1": _entry(1), "2": _entry(2)}}
    undone = history.updated(tables, "undo", summary="", at="", changes=[], number=2)
    assert list(undone[history.DONE]) == ["1"] and list(undone[history.UNDONE]) == ["2"]
    redone = history.updated(undone, "redo", summary="", at="", changes=[], number=2)
    assert sorted(redone[history.DONE]) == ["1", "2"] and redone[history.UNDONE] == {}


def test_bounds_keep_the_newest_and_always_the_newest_one() -> None:
    many = {str(n): _entry(n) for n in range(1, history.MAX_OPERATIONS + 11)}
    kept = history.kept(many)
    assert len(kept) == history.MAX_OPERATIONS and min(map(int, kept)) == 11
    big = {"1": _entry(1, 5), "2": _entry(2, history.MAX_CHANGES + 1)}
    assert list(history.kept(big)) == ["2"]  # larger than the bound, still undoable once
    fits = {"1": _entry(1, 5), "2": _entry(2, history.MAX_CHANGES - 5)}
    assert list(history.kept(fits)) == ["2", "1"]
