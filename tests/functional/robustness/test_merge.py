"""Two devices, one journal: merging diverged copies keeps every change and every deletion.

The laptop (A) and the work PC (B) start from the same store, then both
change it while apart. A sync tool leaves B's versions as conflict copies
in A's store (Syncthing, Dropbox and Nextcloud names), or the user points
``netjournal merge`` at B's whole folder. Timestamps are set explicitly so
"which edit is later" is part of the scenario, not of the clock.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from netjournal.domain.contact_record import Contact
from netjournal.domain.models import Activity, Mode
from netjournal.journal import Journal
from netjournal.journal.sync import SyncService
from netjournal.storage.trash import TrashEntry
from tests.conftest import run_cli

T0 = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def activity(note: str, day: int = 20, month: int = 11, minutes: int = 30) -> Activity:
    return Activity(
        date=date(2026, month, day),
        mode=Mode.ONLINE,
        minutes=minutes,
        channel="x",
        note=note,
        created=T0,
        updated=T0,
    )


def edit(journal: Journal, a: Activity, note: str, when: datetime) -> None:
    journal.repos.activities.update(replace(a, note=note, updated=when))


def delete(journal: Journal, a: Activity, when: datetime) -> None:
    with journal.transaction():
        journal.repos.trash.add(TrashEntry("activity", a.to_dict(), when.isoformat(), a.id))
        journal.repos.activities.remove(a.id)


@dataclass
class TwoDevices:
    a_home: Path
    b_home: Path
    base: dict[str, Activity]
    a_new: Activity
    b_new: Activity
    b_october: Activity


@pytest.fixture
def devices(netjournal_home: Path, tmp_path: Path) -> TwoDevices:
    """Build the shared start, copy it to B, then diverge both (see the module docstring)."""
    a = Journal.open(netjournal_home)
    base = {n: activity(n, day=10 + i) for i, n in enumerate(["a1", "a2", "a3", "a4", "a5"])}
    a.repos.activities.add_many(base.values())
    a.repos.contacts.add(Contact(name="Teresa Chinn", created=T0, updated=T0))
    b_home = tmp_path / "work-pc"
    shutil.copytree(netjournal_home, b_home)
    b = Journal.open(b_home)

    edit(a, base["a1"], "a1 edited on the laptop (later)", at(10))
    edit(b, base["a1"], "a1 edited on the work PC (earlier)", at(5))
    delete(a, base["a2"], at(10))
    edit(b, base["a2"], "a2 edited on the work PC after the laptop deleted it", at(20))
    edit(b, base["a3"], "a3 edited on the work PC", at(5))
    delete(b, base["a4"], at(5))
    delete(a, base["a5"], at(20))
    edit(b, base["a5"], "a5 edited on the work PC before the laptop deleted it", at(10))

    a_new, b_new = activity("new on the laptop", 21), activity("new on the work PC", 22)
    b_october = activity("October, on the work PC", 15, month=10)
    a.repos.activities.add(a_new)
    b.repos.activities.add_many([b_new, b_october])
    a.repos.contacts.add(Contact(name="Ana Lopez", created=at(1), updated=at(1)))
    b.repos.contacts.add(Contact(name="Ana Lopez", created=at(2), updated=at(2)))
    b.repos.contacts.add(Contact(name="Sam Okafor", created=at(2), updated=at(2)))
    return TwoDevices(netjournal_home, b_home, base, a_new, b_new, b_october)


def leave_conflict_copies(d: TwoDevices) -> list[Path]:
    """What the sync tools leave in A's store when both devices changed each file."""
    a_store, b_store = d.a_home / "store", d.b_home / "store"
    copies = [
        (
            b_store / "activities" / "2026-11.json",
            a_store / "activities" / "2026-11.sync-conflict-20261125-101010-ABCDEFG.json",
        ),
        (b_store / "trash.json", a_store / "trash (Work PC's conflicted copy 2026-11-25).json"),
        (b_store / "contacts.json", a_store / "contacts_conflict-20261125-101010.json"),
    ]
    for src, dst in copies:
        shutil.copy2(src, dst)
    # a file only B has is simply synced over: no conflict
    shutil.copy2(b_store / "activities" / "2026-10.json", a_store / "activities" / "2026-10.json")
    return [dst for _, dst in copies]


def live_notes(home: Path) -> dict[str, str]:
    return {a.id: a.note for a in Journal.open(home).activities.list_activities()}


def expected_notes(d: TwoDevices) -> dict[str, str]:
    base = d.base
    return {
        base["a1"].id: "a1 edited on the laptop (later)",
        base["a2"].id: "a2 edited on the work PC after the laptop deleted it",
        base["a3"].id: "a3 edited on the work PC",
        d.a_new.id: "new on the laptop",
        d.b_new.id: "new on the work PC",
        d.b_october.id: "October, on the work PC",
    }


def store_bytes(home: Path) -> dict[str, bytes]:
    return {str(p.relative_to(home)): p.read_bytes() for p in (home / "store").rglob("*.json")}


def test_conflict_copies_are_not_read_as_store_data(devices: TwoDevices) -> None:
    leave_conflict_copies(devices)
    listed = run_cli("list", "--all", "--json")
    assert listed.returncode == 0, listed.stderr
    ids = [a["id"] for a in json.loads(listed.stdout)]
    assert len(ids) == len(set(ids))
    assert devices.b_new.id not in ids  # only in the conflict copy until merged
    assert set(ids) == set(live_notes(devices.a_home))


def test_the_start_notice_is_one_line_on_stderr_and_absent_with_json(devices: TwoDevices) -> None:
    leave_conflict_copies(devices)
    text = run_cli("list")
    notices = [line for line in text.stderr.splitlines() if "sync conflict copy" in line]
    assert len(notices) == 1 and "netjournal merge" in notices[0]
    assert run_cli("list", "--json").stderr == ""


def test_merging_every_conflict_copy_keeps_both_sides_changes_and_deletions(
    devices: TwoDevices,
) -> None:
    copies = leave_conflict_copies(devices)
    done = run_cli("merge", "--json")
    assert done.returncode == 0, done.stderr
    reports = json.loads(done.stdout)
    assert {Path(r["source"]).name for r in reports} == {c.name for c in copies}
    assert {r["tool"] for r in reports} == {"Syncthing", "Dropbox/Nextcloud", "Nextcloud/ownCloud"}

    assert live_notes(devices.a_home) == expected_notes(devices)
    journal = Journal.open(devices.a_home)
    trashed = {t.id for t in journal.activities.trash()}
    assert {devices.base["a4"].id, devices.base["a5"].id} <= trashed
    assert devices.base["a2"].id not in trashed  # it came back: its old tombstone went
    names = sorted(c.name for c in journal.repos.contacts.all())
    assert names == ["Ana Lopez", "Ana Lopez", "Sam Okafor", "Teresa Chinn"]
    contacts_report = next(r for r in reports if "contacts" in r["kinds"])
    assert contacts_report["duplicate_contacts"] == ["Ana Lopez"]

    for copy in copies:  # moved out of the store into backups, never deleted
        assert not copy.exists()
        assert any(
            copy.name in p.name for p in (devices.a_home / "backups" / "conflicts").iterdir()
        )
    doctor = run_cli("doctor", "--json")
    assert doctor.returncode == 0
    assert not [f for f in json.loads(doctor.stdout) if "sync conflict copy" in f["message"]]
    assert "sync conflict copy" not in run_cli("list").stderr


def test_merging_the_other_devices_folder_gives_the_same_result_and_is_idempotent(
    devices: TwoDevices,
) -> None:
    first = run_cli("merge", str(devices.b_home), "--json")
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert report["kinds"]["activities"] == {
        "added": 3,  # new there (November, October) + a2, edited there after our deletion
        "updated": 1,  # a3, edited there
        "deleted": 1,  # a4 deleted there
        "kept": 2,  # a1 (ours later) and a5 (still deleted here)
        "unchanged": 0,
    }
    assert live_notes(devices.a_home) == expected_notes(devices)
    assert (devices.b_home / "store" / "contacts.json").exists()  # a folder is left alone

    again = run_cli("merge", str(devices.b_home), "--json")
    assert json.loads(again.stdout)["changes"] == 0


def test_both_devices_converge_when_each_merges_the_other(devices: TwoDevices) -> None:
    b_before = devices.b_home / "before"
    shutil.copytree(devices.b_home / "store", b_before)  # B's state before it sees A's changes
    assert run_cli("merge", str(b_before)).returncode == 0
    merged_b = run_cli("--data-dir", str(devices.b_home), "merge", str(devices.a_home))
    assert merged_b.returncode == 0, merged_b.stderr
    assert live_notes(devices.a_home) == live_notes(devices.b_home) == expected_notes(devices)


def test_dry_run_reports_and_changes_nothing(devices: TwoDevices) -> None:
    copies = leave_conflict_copies(devices)
    before = store_bytes(devices.a_home)
    done = run_cli("merge", "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "would merge" in done.stdout and "dry run" in done.stdout
    assert store_bytes(devices.a_home) == before
    assert all(c.exists() for c in copies)


def test_a_damaged_conflict_copy_is_refused_in_one_line_and_nothing_changes(
    devices: TwoDevices,
) -> None:
    copy = devices.a_home / "store" / "contacts (conflicted copy 2026-11-25).json"
    copy.write_bytes((devices.b_home / "store" / "contacts.json").read_bytes()[:70])
    before = store_bytes(devices.a_home)
    done = run_cli("merge", str(copy))
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1 and "not valid JSON" in done.stderr
    assert "Traceback" not in done.stderr
    assert store_bytes(devices.a_home) == before


def test_merging_the_journals_own_store_is_refused(devices: TwoDevices) -> None:
    done = run_cli("merge", str(devices.a_home))
    assert done.returncode == 2 and "own store" in done.stderr
    own_file = devices.a_home / "store" / "contacts.json"
    done = run_cli("merge", str(own_file))
    assert done.returncode == 2 and "own store files" in done.stderr


def test_a_backup_zip_from_the_other_device_merges_too(devices: TwoDevices) -> None:
    zipped = run_cli("--data-dir", str(devices.b_home), "backup", "--json")
    assert zipped.returncode == 0, zipped.stderr
    done = run_cli("merge", json.loads(zipped.stdout)["backup"])
    assert done.returncode == 0, done.stderr
    assert live_notes(devices.a_home) == expected_notes(devices)


def test_restoring_a_backup_keeps_conflict_copies(devices: TwoDevices) -> None:
    copies = leave_conflict_copies(devices)
    backup = json.loads(run_cli("backup", "--json").stdout)["backup"]
    restored = run_cli("backup", "restore", backup)
    assert restored.returncode == 0, restored.stderr
    assert all(c.exists() for c in copies)


def test_a_damaged_copy_among_several_is_set_aside_and_the_rest_merged(
    devices: TwoDevices,
) -> None:
    copies = leave_conflict_copies(devices)
    store = devices.a_home / "store"
    broken = store / "contacts (conflicted copy 2026-11-26).json"
    broken.write_bytes((devices.b_home / "store" / "contacts.json").read_bytes()[:70])
    # readable JSON, but one record lost its date: found before anything is written
    bad_record = store / "activities" / "2026-11 (conflict 1).json"
    doc = json.loads((devices.b_home / "store" / "activities" / "2026-11.json").read_bytes())
    first = next(iter(doc["activities"].values()))
    del first["date"]
    bad_record.write_text(json.dumps(doc))

    done = run_cli("merge")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    for damaged in (broken, bad_record):
        assert f"set aside {damaged}" in done.stdout
        assert not damaged.exists()
    aside = [p.name for p in (devices.a_home / "backups" / "conflicts").iterdir()]
    assert sum(n.startswith("damaged-") for n in aside) == 2
    assert sum(n.startswith("merged-") for n in aside) == len(copies)
    assert live_notes(devices.a_home) == expected_notes(devices)

    again = run_cli("merge")  # nothing left to fail on
    assert again.returncode == 0 and "no sync conflict copies" in again.stdout


def test_merging_several_copies_is_all_or_nothing(
    devices: TwoDevices, monkeypatch: pytest.MonkeyPatch
) -> None:
    copies = leave_conflict_copies(devices)
    before = store_bytes(devices.a_home)
    journal = Journal.open(devices.a_home)
    real = SyncService._merge_other
    calls = {"n": 0}

    def fail_on_the_second(self: SyncService, other: object, *, dry_run: bool) -> object:
        calls["n"] += 1
        if calls["n"] == 2 and not dry_run:
            raise OSError(28, "No space left on device")
        return real(self, other, dry_run=dry_run)  # type: ignore[arg-type]

    monkeypatch.setattr(SyncService, "_merge_other", fail_on_the_second)
    with pytest.raises(OSError):
        journal.sync.merge_conflict_copies()
    assert calls["n"] == 2
    assert store_bytes(devices.a_home) == before
    assert all(c.exists() for c in copies)
