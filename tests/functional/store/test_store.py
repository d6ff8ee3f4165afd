"""The store never loses or mangles what a user wrote."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import orjson
import pytest

from netjournal.atomic import atomic_write_bytes
from netjournal.domain.contact_record import Contact
from netjournal.domain.models import Activity, Mode
from netjournal.errors import CorruptStoreError, LockedError, StoreError
from netjournal.journal import ActivityInput, Journal
from netjournal.storage import engine, file_format, migrations
from netjournal.storage.engine import Store


def make_journal(home: Path) -> Journal:
    return Journal.open(home)


def log(j: Journal, note: str, day: str = "today", minutes: str = "30m") -> Activity:
    return j.activities.log(
        ActivityInput(mode="online", duration=minutes, note=note, date=day, channel="x")
    ).activity


def month_file(home: Path, month: str = "2026-11") -> Path:
    return home / "store" / "activities" / f"{month}.json"


def test_files_are_user_only(netjournal_home: Path) -> None:
    j = make_journal(netjournal_home)
    log(j, "first")
    j.maintenance.backup()
    for path in [
        netjournal_home,
        netjournal_home / "store",
        netjournal_home / "store" / "activities",
        netjournal_home / "backups",
    ]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o700, path
    for path in (netjournal_home / "store").rglob("*.json"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    for path in (netjournal_home / "backups").glob("*.zip"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_failed_replace_leaves_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "f.json"
    atomic_write_bytes(target, b"old")

    def boom(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(engine.os, "replace", boom)
    with pytest.raises(StoreError, match="No space left on device; nothing was changed"):
        atomic_write_bytes(target, b"new contents")
    assert target.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [target]


def test_second_process_writes_are_not_lost(netjournal_home: Path) -> None:
    """The TUI (a long-lived facade) and a CLI command write to the same month file."""
    tui = make_journal(netjournal_home)
    log(tui, "from the app")
    assert len(tui.activities.list_activities()) == 1  # the app has read (and cached) the file
    subprocess.run(
        [sys.executable, "-m", "netjournal", "log", "offline", "1h", "from the cli"],
        check=True,
        capture_output=True,
        env={**os.environ},
    )
    log(tui, "from the app again")
    notes = sorted(a.note for a in make_journal(netjournal_home).activities.list_activities())
    assert notes == ["from the app", "from the app again", "from the cli"]


def test_lock_held_by_another_process_blocks_writes(
    netjournal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    j = make_journal(netjournal_home)
    log(j, "seed")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom netjournal.journal import Journal\n"
            "j = Journal.open()\n"
            "with j.transaction():\n    print('held', flush=True)\n    time.sleep(30)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        monkeypatch.setattr(j.repos.store._lock, "timeout", 0.3)
        with pytest.raises(LockedError, match="locked by another netjournal process"):
            log(j, "blocked")
    finally:
        holder.kill()
        holder.wait()
    # A killed holder leaves no stale lock: the next write goes through.
    log(j, "after the kill")
    assert {a.note for a in j.activities.list_activities()} == {"seed", "after the kill"}


def test_corrupt_file_is_reported_and_never_overwritten(netjournal_home: Path) -> None:
    j = make_journal(netjournal_home)
    log(j, "precious")
    j.maintenance.backup()
    path = month_file(netjournal_home)
    damaged = path.read_bytes()[:-40]
    path.write_bytes(damaged)
    result = subprocess.run(
        [sys.executable, "-m", "netjournal", "log", "online", "10m", "more"],
        capture_output=True,
        text=True,
        env={**os.environ},
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and "doctor" in lines[0]
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == damaged
    doctor = subprocess.run(
        [sys.executable, "-m", "netjournal", "doctor"],
        capture_output=True,
        text=True,
        env={**os.environ},
    )
    assert doctor.returncode == 1
    assert "netjournal backup restore" in doctor.stdout


def test_newer_schema_is_refused_not_rewritten(netjournal_home: Path) -> None:
    j = make_journal(netjournal_home)
    log(j, "x")
    path = month_file(netjournal_home)
    doc = orjson.loads(path.read_bytes())
    doc["netjournal"]["schema"] = migrations.SCHEMA_VERSION + 1
    path.write_bytes(orjson.dumps(doc))
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer netjournal"):
        log(make_journal(netjournal_home), "y")
    assert path.read_bytes() == before


def test_unknown_fields_survive_an_edit(netjournal_home: Path) -> None:
    """A field written by a newer netjournal (same schema) is kept by this one."""
    j = make_journal(netjournal_home)
    a = log(j, "original")
    path = month_file(netjournal_home)
    doc = orjson.loads(path.read_bytes())
    doc["activities"][a.id]["mood"] = "energised"
    doc["activities"][a.id]["cpd_extra"] = {"x": 1}
    path.write_bytes(orjson.dumps(doc))
    fresh = make_journal(netjournal_home)
    fresh.activities.edit(a.id[:8], ActivityInput(note="changed"))
    stored = orjson.loads(path.read_bytes())["activities"][a.id]
    assert stored["note"] == "changed"
    assert stored["mood"] == "energised" and stored["cpd_extra"] == {"x": 1}


def test_migration_runs_on_read_and_keeps_unknown_fields(
    netjournal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    j = make_journal(netjournal_home)
    a = log(j, "old note")
    path = month_file(netjournal_home)
    doc = orjson.loads(path.read_bytes())
    doc["activities"][a.id]["legacy_field"] = "keep me"
    path.write_bytes(orjson.dumps(doc))

    def v1_to_v2(tables: dict, kind: str) -> dict:
        for record in tables.get("activities", {}).values():
            record["note"] = record["note"].upper()
        return tables

    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(file_format, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(migrations.MIGRATIONS, 1, v1_to_v2)
    upgraded = make_journal(netjournal_home)
    assert [x.note for x in upgraded.activities.list_activities()] == ["OLD NOTE"]
    log(upgraded, "new")
    stored = orjson.loads(path.read_bytes())
    assert stored["netjournal"]["schema"] == 2
    assert stored["activities"][a.id]["legacy_field"] == "keep me"


def test_missing_migration_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CorruptStoreError, match="no upgrade path from store schema 0"):
        migrations.migrate({}, "activities", 0)


def test_daily_backup_before_first_write_and_rotation(tmp_path: Path) -> None:
    days = iter([date(2026, 11, d) for d in range(1, 30)])
    current = {"day": date(2026, 10, 31)}
    store = Store(
        tmp_path / "store", tmp_path / "backups", backups_keep=3, today=lambda: current["day"]
    )
    from netjournal.storage.activity_repo import ActivityRepo

    repo = ActivityRepo(store)
    repo.add(Activity(date=date(2026, 10, 31), mode=Mode.ONLINE, minutes=5))
    assert not (tmp_path / "backups").exists() or not list((tmp_path / "backups").glob("*.zip"))
    for _ in range(5):
        current["day"] = next(days)
        repo.add(Activity(date=current["day"], mode=Mode.ONLINE, minutes=5))
        repo.add(Activity(date=current["day"], mode=Mode.OFFLINE, minutes=5))
    autos = sorted(p.name for p in (tmp_path / "backups").glob("auto-*.zip"))
    assert autos == ["auto-2026-11-03.zip", "auto-2026-11-04.zip", "auto-2026-11-05.zip"]
    with zipfile.ZipFile(tmp_path / "backups" / "auto-2026-11-05.zip") as zf:
        # Taken before the first write of 5 Nov: 1 + 2*4 activities.
        total = sum(
            len(orjson.loads(zf.read(n))["activities"])
            for n in zf.namelist()
            if n.startswith("activities/")
        )
    assert total == 9


def test_backup_restore_round_trip(netjournal_home: Path) -> None:
    j = make_journal(netjournal_home)
    log(j, "kept")
    snapshot = j.maintenance.backup(netjournal_home.parent / "manual.zip")
    log(j, "added after the backup")
    safety = j.maintenance.restore_backup(snapshot)
    assert [a.note for a in make_journal(netjournal_home).activities.list_activities()] == ["kept"]
    assert safety.exists()
    j.maintenance.restore_backup(safety)
    assert len(make_journal(netjournal_home).activities.list_activities()) == 2


def test_damaged_backup_restores_nothing(netjournal_home: Path) -> None:
    j = make_journal(netjournal_home)
    log(j, "kept")
    bad = netjournal_home.parent / "bad.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("activities/2026-11.json", b"{not json")
    before = month_file(netjournal_home).read_bytes()
    with pytest.raises(CorruptStoreError):
        j.maintenance.restore_backup(bad)
    assert month_file(netjournal_home).read_bytes() == before


def test_delete_undo_and_restore(netjournal_home: Path) -> None:
    j = make_journal(netjournal_home)
    a = log(j, "one")
    b = log(j, "two")
    j.activities.remove_activity(a.id[:6])
    j.activities.remove_activity(b.id)
    assert j.activities.list_activities() == []
    assert [t.id for t in j.activities.trash()] == [b.id, a.id]
    assert j.history.undo().changes[0].id == b.id
    assert [x.note for x in j.activities.list_activities()] == ["two"]
    j.activities.restore(a.id[:8])
    assert sorted(x.note for x in j.activities.list_activities()) == ["one", "two"]
    assert j.activities.trash() == []


def test_edit_that_moves_month_keeps_one_copy(netjournal_home: Path) -> None:
    j = make_journal(netjournal_home)
    a = log(j, "moved", day="2026-11-02")
    j.activities.edit(a.id, ActivityInput(date="2026-10-30"))
    assert j.repos.activities.duplicates() == {}
    assert [x.date for x in j.activities.list_activities()] == [date(2026, 10, 30)]


def test_interrupted_move_duplicate_is_read_once_and_doctor_fixes_it(netjournal_home: Path) -> None:
    j = make_journal(netjournal_home)
    a = log(j, "moved", day="2026-11-02")
    moved = a.touched(date=date(2026, 10, 30))
    with j.transaction():  # simulate a crash between the two writes of a move
        j.repos.activities._table("2026-10").insert_doc(moved.id, moved.to_dict())
    assert len(j.activities.list_activities()) == 1 and j.activities.list_activities()[
        0
    ].date == date(2026, 10, 30)
    findings = j.maintenance.doctor(fix=True)
    assert any("stored twice" in f.message and f.fixed for f in findings)
    assert j.repos.activities.duplicates() == {}


def test_contact_clock_is_reset_by_logging(netjournal_home: Path) -> None:
    j = make_journal(netjournal_home)
    j.repos.contacts.add(Contact(name="Teresa Chinn", handles={"x": "AgencyNurse"}))
    j.activities.log(
        ActivityInput(mode="online", duration="30m", date="2026-11-20", contacts=("@agencynurse",))
    )
    j.activities.log(
        ActivityInput(mode="online", duration="30m", date="2026-11-10", contacts=("teresa chinn",))
    )
    (teresa,) = j.repos.contacts.all()
    assert teresa.last_contact == date(2026, 11, 20)


def test_upsert_many_replaces_moves_and_adds_with_one_copy_each(netjournal_home: Path) -> None:
    j = make_journal(netjournal_home)
    same = log(j, "same month", day="2026-11-02")
    moving = log(j, "moves to October", day="2026-11-03")
    fresh = Activity(date=date(2026, 9, 1), mode=Mode.OFFLINE, minutes=20, note="new")
    j.repos.activities.upsert_many(
        [same.touched(note="edited"), moving.touched(date=date(2026, 10, 30)), fresh]
    )
    assert j.repos.activities.duplicates() == {}
    stored = {
        a.id: (a.date, a.note) for a in make_journal(netjournal_home).activities.list_activities()
    }
    assert stored == {
        same.id: (date(2026, 11, 2), "edited"),
        moving.id: (date(2026, 10, 30), "moves to October"),
        fresh.id: (date(2026, 9, 1), "new"),
    }


def test_data_version_changes_with_every_store_file_and_nothing_else(
    netjournal_home: Path,
) -> None:
    """The app's refresh token: any store write, from any process, changes it."""
    j = make_journal(netjournal_home)
    log(j, "first")
    before = j.maintenance.data_version()
    assert j.maintenance.data_version() == before  # nothing changed
    assert [name for name, _sig in before] == sorted(name for name, _sig in before)
    assert "activities/2026-11.json" in dict(before)
    # Not store files: a sync tool's conflict copy, a temp file, junk.
    store = netjournal_home / "store"
    (store / "activities" / "2026-11.sync-conflict-20261125-120000-ABC.json").write_text("{}")
    (store / ".contacts.json.123.tmp").write_text("{}")
    (store / "notes.txt").write_text("x")
    assert j.maintenance.data_version() == before
    log(j, "second")  # this process
    after_log = j.maintenance.data_version()
    assert after_log != before
    other = make_journal(netjournal_home)  # another process, an older month
    log(other, "third", day="2026-10-02")
    after_other = j.maintenance.data_version()
    assert after_other != after_log
    assert "activities/2026-10.json" in dict(after_other)
    month = month_file(netjournal_home)
    raw = month.read_bytes()
    month.write_bytes(raw + b" ")  # edited in place (same inode), one byte longer
    assert j.maintenance.data_version() != after_other
    month.unlink()
    assert "activities/2026-11.json" not in dict(j.maintenance.data_version())
