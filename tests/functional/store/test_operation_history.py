"""The history of operations is committed with the change it describes, or not at all.

A change and its history entry are files of one commit (``storage/commit.py``):
a crash before the commit record leaves neither, a crash after it is rolled
forward to both. Undo is itself one transaction that changes nothing when it
is refused.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from netjournal.errors import StoreError
from netjournal.journal import ActivityInput, Journal
from netjournal.storage import commit
from netjournal.storage.commit import commit_record_path
from netjournal.storage.history import MAX_CHANGES, MAX_OPERATIONS


class Crash(BaseException):
    """Stands for a kill: nothing after it runs, no cleanup."""


def _snapshot(home: Path) -> dict[str, bytes]:
    store = home / "store"
    return {
        p.relative_to(store).as_posix(): p.read_bytes() for p in store.rglob("*") if p.is_file()
    }


def _hidden(relpath: str) -> bool:
    return relpath.rsplit("/", 1)[-1].startswith(".")


def _log(journal: Journal, note: str) -> str:
    return journal.activities.log(
        ActivityInput(mode="online", duration="5m", note=note)
    ).activity.id


def test_a_log_and_its_history_entry_are_one_commit(netjournal_home: Path) -> None:
    journal = Journal.open(netjournal_home)
    first = _log(journal, "first")
    done = journal.history.operations()
    assert [o.summary for o in done] == [f"log {first[:8]} online 5m"]
    (change,) = done[0].changes
    assert (change.table, change.id, change.before) == ("activities", first, None)
    assert change.after is not None and change.after["note"] == "first"


def test_a_crash_before_the_commit_record_leaves_neither_change_nor_entry(
    netjournal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = Journal.open(netjournal_home)
    _log(journal, "first")
    before = _snapshot(netjournal_home)
    real = commit.atomic_write_bytes

    def crash(path: Path, *args: object, **kwargs: object) -> None:
        raise Crash  # the temps are written, the commit record is not

    monkeypatch.setattr(commit, "atomic_write_bytes", crash)
    with pytest.raises(Crash):
        _log(journal, "lost")
    monkeypatch.setattr(commit, "atomic_write_bytes", real)
    # Only hidden temp files were added (the store never reads them; `doctor --fix` removes them).
    after = {k: v for k, v in _snapshot(netjournal_home).items() if not _hidden(k)}
    assert after == before
    fresh = Journal.open(netjournal_home)
    assert [a.note for a in fresh.activities.list_activities()] == ["first"]
    assert len(fresh.history.operations()) == 1


def test_a_crash_after_the_commit_record_rolls_both_forward(
    netjournal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = Journal.open(netjournal_home)
    _log(journal, "first")
    real = os.replace
    renamed: list[str] = []

    def crash_after_first_rename(src: str, dst: str) -> None:
        real(src, dst)
        if str(dst).endswith(".json"):
            renamed.append(str(dst))
            raise Crash

    monkeypatch.setattr(commit.os, "replace", crash_after_first_rename)
    with pytest.raises(Crash):
        _log(journal, "rolled")
    monkeypatch.setattr(commit.os, "replace", real)
    assert len(renamed) == 1 and commit_record_path(netjournal_home / "store").exists()
    fresh = Journal.open(netjournal_home)
    assert sorted(a.note for a in fresh.activities.list_activities()) == ["first", "rolled"]
    assert len(fresh.history.operations()) == 2


def test_a_failed_undo_changes_nothing(netjournal_home: Path) -> None:
    journal = Journal.open(netjournal_home)
    activity_id = _log(journal, "first")
    # Changed without the history seeing it, as another program would.
    path = next((netjournal_home / "store" / "activities").glob("*.json"))
    path.write_bytes(path.read_bytes().replace(b'"first"', b'"by hand"'))
    before = _snapshot(netjournal_home)
    with pytest.raises(StoreError, match=f"activity {activity_id[:8]} changed since"):
        Journal.open(netjournal_home).history.undo()
    assert _snapshot(netjournal_home) == before


def test_the_history_is_bounded(netjournal_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from netjournal.storage import history

    monkeypatch.setattr(history, "MAX_OPERATIONS", 3)
    journal = Journal.open(netjournal_home)
    for n in range(5):
        _log(journal, f"n{n}")
    assert [o.number for o in journal.history.operations()] == [5, 4, 3]
    assert MAX_OPERATIONS == 100 and MAX_CHANGES == 2000


def test_a_damaged_history_file_never_blocks_a_change(netjournal_home: Path) -> None:
    journal = Journal.open(netjournal_home)
    _log(journal, "first")
    (netjournal_home / "store" / "history.json").write_bytes(b"{not json")
    _log(journal, "second")
    assert [o.number for o in Journal.open(netjournal_home).history.operations()] == [1]


def test_demo_data_is_not_an_operation(netjournal_home: Path) -> None:
    from netjournal.sample_data import demo_journal
    from tests.conftest import FROZEN_TODAY

    journal = Journal.open(netjournal_home)
    journal.maintenance.load_sample(demo_journal(FROZEN_TODAY))
    assert journal.history.operations() == []
    assert not (netjournal_home / "store" / "history.json").exists()
