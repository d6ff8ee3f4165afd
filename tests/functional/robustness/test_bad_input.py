"""Bad input never crashes netjournal, never writes half a store, always says what to do.

Fuzzing (hypothesis): the date, duration and time parsers, the target
parsers, every importer (arbitrary bytes and mutated real exports) and
backup restore. Hand-edited store files (invalid JSON, a newer schema, a
record missing a field), a read-only directory and a full disk: each gives
one clear line and a non-zero exit, the files are byte-for-byte as they
were, and ``netjournal doctor`` says how to recover.
"""

from __future__ import annotations

import errno
import io
import json
import os
import random
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netjournal.domain import targets, timeparse
from netjournal.errors import InputError, NetjournalError, StoreError
from netjournal.journal import ActivityInput, Journal
from tests.conftest import run_cli
from tests.functional.robustness.harness import REPO, SOAK

TODAY = date(2026, 11, 25)
FIXTURES = REPO / "tests" / "fixtures"
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_one_clear_line(exc: NetjournalError) -> None:
    line = exc.one_line()
    assert line and "\n" not in line and "Traceback" not in line


def assert_cli_failed_cleanly(result: subprocess.CompletedProcess[str], code: int) -> None:
    assert result.returncode == code, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("netjournal: "), result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


# --- parsers -----------------------------------------------------------------

_typed = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="0123456789 :/.-hHmM%–abcdefghijklmnopqrstuvwxyz", max_size=20),
    st.from_regex(r"\A[0-9]{1,6}([:./ -][0-9]{1,6}){0,3}\Z"),
)


@FUZZ
@given(_typed, st.sampled_from(["dmy", "mdy"]), st.integers(0, 6))
def test_any_date_text_gives_a_date_or_one_clear_error(text: str, order: str, start: int) -> None:
    try:
        parsed = timeparse.parse_date(text, today=TODAY, date_order=order, week_start=start)
    except InputError as exc:
        assert_one_clear_line(exc)
    else:
        assert isinstance(parsed, date)


@FUZZ
@given(_typed)
def test_any_duration_text_gives_sane_minutes_or_one_clear_error(text: str) -> None:
    try:
        minutes = timeparse.parse_duration(text)
    except InputError as exc:
        assert_one_clear_line(exc)
    else:
        assert 0 < minutes <= 24 * 60


@FUZZ
@given(_typed)
def test_any_time_text_gives_a_time_or_one_clear_error(text: str) -> None:
    try:
        timeparse.parse_time(text)
    except InputError as exc:
        assert_one_clear_line(exc)


@FUZZ
@given(_typed, st.sampled_from([targets.parse_online_band, targets.parse_ratio_band]))
def test_any_target_text_gives_a_band_within_0_and_100_percent_or_one_clear_error(
    text: str, parse: object
) -> None:
    assert callable(parse)
    try:
        low, high = parse(text)
    except InputError as exc:
        assert_one_clear_line(exc)
    else:
        assert 0.0 <= low <= high <= 1.0


# --- importers ------------------------------------------------------------------

#: (source, file name the importer looks for, a real export to mutate)
IMPORT_CASES = [
    ("linkedin", "Connections.csv", FIXTURES / "linkedin" / "export" / "Connections.csv"),
    ("linkedin", "messages.csv", FIXTURES / "linkedin" / "export" / "messages.csv"),
    ("x", "tweets.js", FIXTURES / "x" / "archive" / "data" / "tweets.js"),
    ("vcard", "contacts.vcf", FIXTURES / "vcard" / "contacts_v3.vcf"),
    ("ics", "calendar.ics", FIXTURES / "ics" / "google_calendar.ics"),
]


def _parse_bytes(source: str, name: str, data: bytes) -> None:
    """Run one importer on ``data``: success or one clear InputError, nothing else."""
    from netjournal.importers import parser_for
    from netjournal.importers.base import ImportOptions

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            parser_for(source)(path, ImportOptions(today=TODAY))
        except InputError as exc:  # ImportFormatError is one
            assert_one_clear_line(exc)


def _mutations(real: bytes) -> st.SearchStrategy[bytes]:
    """A real export with a slice cut out and junk spliced in (reaches deep parser code)."""
    n = len(real)
    return st.builds(
        lambda i, j, junk: real[: min(i, j)] + junk + real[max(i, j) :],
        st.integers(0, n),
        st.integers(0, n),
        st.binary(max_size=40) | st.sampled_from([b"\x00", b"\xff\xfe", b'"', b"\n", b",,,"]),
    )


@pytest.mark.parametrize(("source", "name", "real"), IMPORT_CASES, ids=lambda v: str(v)[-24:])
def test_importers_survive_arbitrary_and_mutated_files(source: str, name: str, real: Path) -> None:
    if not real.exists():
        pytest.skip(f"fixture {real} not there")

    examples = 25 if source == "ics" else 60  # icalendar parsing is slow
    if SOAK:
        examples *= 10

    @settings(max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.binary(max_size=600) | _mutations(real.read_bytes()))
    def fuzz(data: bytes) -> None:
        _parse_bytes(source, name, data)

    fuzz()


@pytest.mark.parametrize(
    ("source", "name", "data"),
    [
        ("ics", "calendar.ics", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:2026\xff\r\n"),
        # found by the fuzzer: a damaged CALSCALE made the expansion library raise
        (
            "ics",
            "calendar.ics",
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nCALSCALE:GREGORIA\x00N\r\nBEGIN:VEVENT\r\n"
            b"UID:1\r\nDTSTART:20261120T100000Z\r\nDTEND:20261120T110000Z\r\n"
            b"SUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        ),
        ("vcard", "contacts.vcf", b"BEGIN:VCARD\nFN:\x00\x00\nEND"),
        ("x", "tweets.js", b'window.YTD.tweets.part0 = [{"tweet": {'),
        ("linkedin", "Connections.csv", b'\xef\xbb\xbfFirst Name,Last Name\n"unterminated'),
    ],
)
def test_import_of_a_broken_file_through_the_cli_is_one_line_and_writes_nothing(
    netjournal_home: Path, tmp_path: Path, source: str, name: str, data: bytes
) -> None:
    run_cli("log", "online", "5m", "already here")
    before = store_bytes(netjournal_home)
    path = tmp_path / name
    path.write_bytes(data)
    result = run_cli("import", source, str(path))
    if result.returncode == 0:  # the importer found nothing usable: fine, but said so
        assert "Traceback" not in result.stderr
    else:
        assert_cli_failed_cleanly(result, 2)
        assert store_bytes(netjournal_home) == before


# --- backup restore -------------------------------------------------------------------


def store_bytes(home: Path) -> dict[str, bytes]:
    store = home / "store"
    return {str(p.relative_to(store)): p.read_bytes() for p in store.rglob("*") if p.is_file()}


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members:
            zf.writestr(name, data)
    return buf.getvalue()


_member_names = st.sampled_from(
    [
        "activities/2026-11.json",
        "contacts.json",
        "trash.json",
        "BACKUP-INFO.json",
        "store/contacts.json",
        "../escape.json",
        "/abs.json",
        "notes.txt",
        "activities/2026-11.sync-conflict-20261120-101010-ABCDEFG.json",
    ]
)
_member_data = st.one_of(
    st.binary(max_size=80),
    st.just(b'{"netjournal": {"kind": "contacts", "schema": 99}, "contacts": {}}'),
    st.just(b'{"netjournal": {"kind": "activities", "schema": 1}, "activities": []}'),
    st.just(b'{"netjournal": {"kind": "contacts", "schema": 1}, "contacts": {"x": 1}}'),
    st.just(b"[]"),
)
_backups = st.one_of(
    st.binary(max_size=300),
    st.lists(st.tuples(_member_names, _member_data), max_size=4).map(_zip),
)


@pytest.mark.filterwarnings("ignore:Duplicate name")
@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(_backups)
def test_restoring_arbitrary_bytes_or_junk_zips_changes_nothing(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "home"
        journal = Journal.open(home)
        journal.activities.log(ActivityInput(mode="online", duration="5m", note="keep me"))
        before = store_bytes(home)
        backup = Path(folder) / "backup.zip"
        backup.write_bytes(data)
        try:
            journal.maintenance.restore_backup(backup)
        except (StoreError, InputError) as exc:
            assert_one_clear_line(exc)
            assert store_bytes(home) == before
        else:  # only a real (if empty) backup may be restored
            with zipfile.ZipFile(backup) as zf:
                assert "BACKUP-INFO.json" in zf.namelist()


@pytest.mark.parametrize(
    ("label", "data", "says"),
    [
        ("random bytes", random.Random(262).randbytes(512), "cannot read backup"),
        ("junk JSON", _zip([("activities/2026-11.json", b"{not json")]), "not valid JSON"),
        ("not a backup", _zip([("notes.txt", b"hello")]), "not a netjournal backup"),
        ("foreign layout", _zip([("store/contacts.json", b"{}")]), "not a netjournal store"),
    ],
    # Named ids: the zips carry the time they were made, and parallel workers
    # must collect the same test names.
    ids=["random bytes", "junk JSON", "not a backup", "foreign layout"],
)
def test_cli_restore_of_a_bad_backup_is_one_line_and_changes_nothing(
    netjournal_home: Path, tmp_path: Path, label: str, data: bytes, says: str
) -> None:
    run_cli("log", "online", "5m", "keep me")
    before = store_bytes(netjournal_home)
    bad = tmp_path / "bad.zip"
    bad.write_bytes(data)
    result = run_cli("backup", "restore", str(bad))
    assert_cli_failed_cleanly(result, 1)
    assert says in result.stderr
    assert store_bytes(netjournal_home) == before


# --- hand-edited store files -------------------------------------------------------


def month_file(home: Path) -> Path:
    return home / "store" / "activities" / "2026-11.json"


@pytest.fixture
def logged_and_backed_up(netjournal_home: Path) -> Path:
    """A store with one activity and a backup of it; returns the backup's path."""
    assert run_cli("log", "online", "30m", "precious", "--date", "2026-11-20").returncode == 0
    made = run_cli("backup", "--json")
    return Path(json.loads(made.stdout)["backup"])


def _edit_month(home: Path, change: object) -> bytes:
    path = month_file(home)
    doc = orjson.loads(path.read_bytes())
    assert callable(change)
    change(doc)
    path.write_bytes(orjson.dumps(doc))
    return path.read_bytes()


def _assert_refused_and_untouched(home: Path, says: str) -> None:
    before = store_bytes(home)
    for args in (["log", "online", "5m", "new one", "--date", "2026-11-21"], ["list", "--all"]):
        result = run_cli(*args)
        assert_cli_failed_cleanly(result, 1)
        assert says in result.stderr and "2026-11.json" in result.stderr
    assert store_bytes(home) == before


def test_a_store_file_edited_into_invalid_json_is_refused_and_doctor_restores_it(
    netjournal_home: Path, logged_and_backed_up: Path
) -> None:
    month_file(netjournal_home).write_bytes(b'{"netjournal": {"kind": "activities", "sch')
    _assert_refused_and_untouched(netjournal_home, "not valid JSON")

    doctor = run_cli("doctor")
    assert doctor.returncode == 1
    advice = f"netjournal backup restore {logged_and_backed_up}"
    assert advice in doctor.stdout
    restored = run_cli("backup", "restore", str(logged_and_backed_up))
    assert restored.returncode == 0, restored.stderr
    listed = json.loads(run_cli("list", "--all", "--json").stdout)
    assert [a["note"] for a in listed] == ["precious"]


def test_a_store_file_from_a_newer_version_is_refused_untouched(
    netjournal_home: Path, logged_and_backed_up: Path
) -> None:
    _edit_month(netjournal_home, lambda doc: doc["netjournal"].update(schema=99))
    _assert_refused_and_untouched(netjournal_home, "newer netjournal")
    assert run_cli("doctor").returncode == 1


def test_a_record_missing_a_field_is_reported_and_kept_verbatim(
    netjournal_home: Path, logged_and_backed_up: Path
) -> None:
    """Decision (docs/robustness.md): the file is valid, so other records can still be
    added to it; the damaged record is carried along unchanged, never dropped or "fixed",
    and every command that needs it says which file and record are damaged."""

    def drop_mode(doc: dict[str, dict[str, dict[str, object]]]) -> None:
        for record in doc["activities"].values():
            del record["mode"]

    _edit_month(netjournal_home, drop_mode)
    damaged = orjson.loads(month_file(netjournal_home).read_bytes())["activities"]
    listed = run_cli("list", "--all")
    assert_cli_failed_cleanly(listed, 1)
    assert "damaged" in listed.stderr and "2026-11.json" in listed.stderr

    logged = run_cli("log", "online", "5m", "another day", "--date", "2026-11-21")
    assert logged.returncode == 0, logged.stderr
    after = orjson.loads(month_file(netjournal_home).read_bytes())["activities"]
    assert all(after[i] == record for i, record in damaged.items())

    doctor = run_cli("doctor")
    assert doctor.returncode == 1
    assert "is damaged" in doctor.stdout
    assert f"netjournal backup restore {logged_and_backed_up}" in doctor.stdout


def test_old_backups_are_not_rotated_away_while_a_store_file_is_damaged(
    netjournal_home: Path,
) -> None:
    run_cli("config", "set", "backups_keep", "2")
    for day in ("2026-11-20", "2026-11-21"):
        run_cli("log", "online", "5m", f"on {day}", "--with", "Ana", env={"NETJOURNAL_TODAY": day})
    contacts = netjournal_home / "store" / "contacts.json"
    contacts.write_bytes(b"{ broken by a text editor")
    for day in ("2026-11-22", "2026-11-23", "2026-11-24"):
        result = run_cli("log", "online", "5m", f"on {day}", env={"NETJOURNAL_TODAY": day})
        assert result.returncode == 0, result.stderr  # logging without contacts still works
    autos = sorted(p.name for p in (netjournal_home / "backups").glob("auto-*.zip"))
    assert "auto-2026-11-21.zip" in autos  # the last backup with a good contacts.json
    doctor = run_cli("doctor")
    assert "auto-2026-11-21.zip" in doctor.stdout and "intact contacts.json" in doctor.stdout


# --- read-only directory, full disk --------------------------------------------------


@pytest.fixture
def tiny_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 256 KiB tmpfs (needs root); skipped where mounting is not allowed."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root to mount a tmpfs")
    mnt = tmp_path / "tmpfs"
    mnt.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", str(mnt)],
        capture_output=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr!r}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def _fill(mnt: Path) -> None:
    with (mnt / "filler").open("wb") as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC


def test_a_full_disk_gives_one_line_and_the_store_is_untouched(tiny_tmpfs: Path) -> None:
    home = str(tiny_tmpfs / "home")
    assert run_cli("log", "online", "5m", "before", env={"NETJOURNAL_HOME": home}).returncode == 0
    assert run_cli("backup", env={"NETJOURNAL_HOME": home}).returncode == 0
    before = store_bytes(Path(home))
    _fill(tiny_tmpfs)
    result = run_cli("log", "online", "5m", "no room", env={"NETJOURNAL_HOME": home})
    assert_cli_failed_cleanly(result, 1)
    assert "No space left" in result.stderr and "nothing was changed" in result.stderr
    assert store_bytes(Path(home)) == before
    doctor = run_cli("doctor", env={"NETJOURNAL_HOME": home})
    assert doctor.returncode == 1 and "free some disk space" in doctor.stdout


def test_a_read_only_directory_gives_one_line_and_the_store_is_untouched(
    tiny_tmpfs: Path,
) -> None:
    home = str(tiny_tmpfs / "home")
    assert run_cli("log", "online", "5m", "before", env={"NETJOURNAL_HOME": home}).returncode == 0
    before = store_bytes(Path(home))
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_tmpfs)], check=True)
    result = run_cli("log", "online", "5m", "cannot land", env={"NETJOURNAL_HOME": home})
    assert_cli_failed_cleanly(result, 1)
    assert "Read-only" in result.stderr and "nothing was changed" in result.stderr
    assert store_bytes(Path(home)) == before
    listed = run_cli("list", "--all", "--json", env={"NETJOURNAL_HOME": home})
    assert [a["note"] for a in json.loads(listed.stdout)] == ["before"]  # reading still works
    doctor = run_cli("doctor", env={"NETJOURNAL_HOME": home})
    assert doctor.returncode == 1 and "make the folder writable" in doctor.stdout


def test_disk_full_during_the_write_itself_keeps_the_old_file_and_no_temp(
    netjournal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same as the tmpfs test, in-process, so it runs without root too."""
    journal = Journal.open(netjournal_home)
    journal.activities.log(ActivityInput(mode="online", duration="5m", note="before"))
    journal.maintenance.backup()
    before = store_bytes(netjournal_home)

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(StoreError) as caught:
        journal.activities.log(ActivityInput(mode="online", duration="5m", note="no room"))
    monkeypatch.undo()
    assert "No space left" in caught.value.one_line()
    assert store_bytes(netjournal_home) == before
    assert not list(netjournal_home.rglob(".*.tmp"))
    assert [a.note for a in Journal.open(netjournal_home).activities.list_activities()] == [
        "before"
    ]
