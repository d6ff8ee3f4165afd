"""The files of one command are committed together, or not at all.

A full disk (here a real ``ulimit -f``: ``RLIMIT_FSIZE`` in the child) on the
second file of ``log --with`` a new person used to leave the new contact
written and the activity not, under a message saying nothing was changed.
A crash between the renames of a commit is rolled forward by the next
process (docs/robustness.md, "Committing several files").
"""

from __future__ import annotations

import os
import resource
import subprocess
from pathlib import Path

import pytest

from netjournal.journal import ActivityInput, Journal
from netjournal.storage import commit
from netjournal.storage.commit import commit_record_path
from tests.functional.robustness.harness import REPO, child_env, cli_argv, leftover_temp_files


def _snapshot(home: Path) -> dict[str, bytes]:
    store = home / "store"
    return {
        p.relative_to(store).as_posix(): p.read_bytes() for p in store.rglob("*") if p.is_file()
    }


def _fill_month(home: Path) -> Journal:
    """A month file of ~100 KiB and a small contacts file; today's backup already made."""
    journal = Journal.open(home)
    for i in range(150):
        journal.activities.log(
            ActivityInput(mode="online", duration="1m", note=f"{i} " + "x" * 500, date="2026-11-02")
        )
    journal.activities.log(ActivityInput(mode="online", duration="1m", contacts=("Teresa Chinn",)))
    return journal


def _limited(limit: int) -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_a_full_disk_on_the_second_file_changes_no_file(netjournal_home: Path) -> None:
    _fill_month(netjournal_home)
    month = netjournal_home / "store" / "activities" / "2026-11.json"
    before = _snapshot(netjournal_home)
    # contacts.json (a few hundred bytes) fits; the rewritten month file does not.
    limit = month.stat().st_size - 1024
    assert (netjournal_home / "store" / "contacts.json").stat().st_size < limit
    done = subprocess.run(
        cli_argv("log", "online", "10m", "met someone", "--with", "Brand New Person"),
        cwd=REPO,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=lambda: _limited(limit),
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "nothing was changed" in done.stderr
    assert "Traceback" not in done.stderr
    assert _snapshot(netjournal_home) == before
    assert not leftover_temp_files(netjournal_home)
    names = [c.name for c in Journal.open(netjournal_home).repos.contacts.all()]
    assert names == ["Teresa Chinn"]


def test_a_failing_nth_temp_write_leaves_every_file_as_before(
    netjournal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = _fill_month(netjournal_home)
    before = _snapshot(netjournal_home)
    real = commit.private_temp
    made: list[str] = []

    def full_on_second(folder: Path, name: str) -> tuple[int, str]:
        made.append(name)
        if len(made) == 2:
            raise OSError(28, "No space left on device")
        return real(folder, name)

    monkeypatch.setattr(commit, "private_temp", full_on_second)
    from netjournal.errors import StoreError

    with pytest.raises(StoreError, match="nothing was changed"):
        journal.activities.log(
            ActivityInput(mode="online", duration="5m", contacts=("Someone Else",))
        )
    assert len(made) == 2
    assert _snapshot(netjournal_home) == before
    assert not leftover_temp_files(netjournal_home)
    # the facade's caches were dropped too: it sees what is on disk
    assert [c.name for c in journal.repos.contacts.all()] == ["Teresa Chinn"]


class Crash(BaseException):
    """Stands for a kill: nothing after it runs, no cleanup."""


def test_a_crash_between_renames_is_rolled_forward_on_next_open(
    netjournal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = _fill_month(netjournal_home)
    real = os.replace
    renames: list[str] = []

    def crash_after_first_rename(src: str, dst: str) -> None:
        real(src, dst)
        if str(dst).endswith(".json") and not str(dst).endswith(".commit"):
            renames.append(str(dst))
            raise Crash

    monkeypatch.setattr(commit.os, "replace", crash_after_first_rename)
    with pytest.raises(Crash):
        journal.activities.log(
            ActivityInput(mode="online", duration="5m", note="rolled", contacts=("New Friend",))
        )
    monkeypatch.setattr(commit.os, "replace", real)
    assert len(renames) == 1  # one file new, the other still old: the record says what is left
    assert commit_record_path(netjournal_home / "store").exists()

    fresh = Journal.open(netjournal_home)  # a reader: it finishes the commit first
    notes = [a.note for a in fresh.activities.list_activities(None, None) if a.note == "rolled"]
    names = sorted(c.name for c in fresh.repos.contacts.all())
    assert notes == ["rolled"]
    assert names == ["New Friend", "Teresa Chinn"]
    assert not commit_record_path(netjournal_home / "store").exists()
    assert not leftover_temp_files(netjournal_home)


def test_a_commit_record_that_is_not_ours_is_dropped_unread(netjournal_home: Path) -> None:
    journal = _fill_month(netjournal_home)
    before = _snapshot(netjournal_home)
    record = commit_record_path(netjournal_home / "store")
    record.write_bytes(
        b'{"netjournal": {"kind": "commit"}, "replace": [["../../etc/x", "contacts.json"]],'
        b' "delete": []}'
    )
    journal.activities.log(ActivityInput(mode="online", duration="5m", note="after"))
    assert not record.exists()
    after = _snapshot(netjournal_home)
    assert after["contacts.json"] == before["contacts.json"]
