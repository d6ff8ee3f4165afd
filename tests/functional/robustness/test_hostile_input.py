"""Hostile input is refused quickly, with one line, a non-zero exit and the store unchanged.

Zip bombs given to ``merge``, ``backup restore`` and ``import``; a runaway
repeating calendar event; JSON nested thousands deep; dates outside the
supported range (docs/input.md). Resource guards are tested with modest
inputs (a 20 MiB bomb, not 2 GiB); their figures on the real thing are in
docs/robustness.md, "Hostile input". No test asserts a time.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import orjson
import pytest

from tests.conftest import run_cli
from tests.functional.robustness.test_bad_input import assert_cli_failed_cleanly, store_bytes


def _bomb(path: Path, member: str) -> Path:
    """A 20 KiB zip whose one member inflates to 20 MiB (a ratio over 1,000)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(member, b"0" * (20 * 1024 * 1024))
    return path


@pytest.mark.parametrize(
    ("argv", "member"),
    [
        (("merge",), "activities/2026-11.json"),
        (("backup", "restore"), "contacts.json"),
        (("import", "linkedin"), "Connections.csv"),
        (("import", "x"), "data/tweets.js"),
        (("import", "vcard"), "contacts.vcf"),
        (("import", "ics"), "calendar.ics"),
    ],
)
def test_a_zip_bomb_is_refused_before_it_is_inflated(
    netjournal_home: Path, tmp_path: Path, argv: tuple[str, ...], member: str
) -> None:
    assert run_cli("log", "online", "5m", "keep me").returncode == 0
    before = store_bytes(netjournal_home)
    bomb = _bomb(tmp_path / "bomb.zip", member)
    result = run_cli(*argv, str(bomb))
    assert_cli_failed_cleanly(result, 2)
    assert f"'{member}' would inflate" in result.stderr and "refused" in result.stderr
    assert store_bytes(netjournal_home) == before


# --- a runaway repeating calendar event ------------------------------------------------


def _calendar(path: Path, dtstart: str, rrule: str | None) -> Path:
    rule = f"RRULE:{rrule}\r\n" if rrule else ""
    path.write_bytes(
        (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
            f"UID:runaway-1\r\nDTSTART:{dtstart}\r\nDURATION:PT30M\r\n{rule}"
            "SUMMARY:Ward huddle\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        ).encode()
    )
    return path


@pytest.mark.parametrize(
    ("dtstart", "rrule", "says"),
    [
        # each of these ran for minutes and gigabytes before
        ("00010101T000000Z", "FREQ=SECONDLY", "starts on 0001-01-01, outside the dates"),
        ("20260101T090000Z", "FREQ=SECONDLY", "repeats secondly; refused"),
        ("20260101T090000Z", "FREQ=MINUTELY;INTERVAL=5", "repeats minutely; refused"),
        ("19000101T090000Z", "FREQ=DAILY", "repeats more than 10,000 times up to today"),
        ("19900101T090000Z", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "a day that does not exist"),
        ("99991231T090000Z", None, "starts on 9999-12-31, outside the dates"),
    ],
)
def test_a_runaway_calendar_event_is_refused_by_name_before_expansion(
    netjournal_home: Path, tmp_path: Path, dtstart: str, rrule: str | None, says: str
) -> None:
    assert run_cli("log", "online", "5m", "keep me").returncode == 0
    before = store_bytes(netjournal_home)
    calendar = _calendar(tmp_path / "runaway.ics", dtstart, rrule)
    result = run_cli("import", "ics", str(calendar))
    assert_cli_failed_cleanly(result, 2)
    assert says in result.stderr and "'Ward huddle'" in result.stderr
    assert store_bytes(netjournal_home) == before


# --- deeply nested JSON and TOML -------------------------------------------------------

DEEP = 100_000


def test_an_x_archive_nested_100k_deep_is_one_line(netjournal_home: Path, tmp_path: Path) -> None:
    assert run_cli("log", "online", "5m", "keep me").returncode == 0
    before = store_bytes(netjournal_home)
    tweets = tmp_path / "tweets.js"
    tweets.write_text("window.YTD.tweets.part0 = " + "[" * DEEP + "]" * DEEP)
    result = run_cli("import", "x", str(tweets))
    assert_cli_failed_cleanly(result, 2)
    assert "nested too deeply" in result.stderr
    assert store_bytes(netjournal_home) == before


def test_a_store_file_or_conflict_copy_nested_100k_deep_is_one_line(
    netjournal_home: Path, tmp_path: Path
) -> None:
    assert run_cli("log", "online", "5m", "keep me").returncode == 0
    before = store_bytes(netjournal_home)
    header = '{"netjournal": {"kind": "contacts", "schema": 1}, "contacts": '
    deep = tmp_path / "contacts (conflicted copy 2026-11-20).json"
    deep.write_text(header + "[" * DEEP + "]" * DEEP + "}")
    result = run_cli("merge", str(deep))
    assert_cli_failed_cleanly(result, 1)
    assert "depth limit exceeded" in result.stderr
    assert store_bytes(netjournal_home) == before


def test_a_config_file_nested_100k_deep_is_one_line(netjournal_home: Path) -> None:
    assert run_cli("log", "online", "5m", "keep me").returncode == 0
    before = store_bytes(netjournal_home)
    (netjournal_home / "config.toml").write_text("x = " + "[" * DEEP + "]" * DEEP + "\n")
    result = run_cli("log", "online", "5m", "not saved")
    assert_cli_failed_cleanly(result, 1)
    assert "nested too deeply" in result.stderr
    assert store_bytes(netjournal_home) == before


# --- extreme dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ("log", "online", "5m", "x", "--date", "0001-01-01"),
        ("log", "online", "5m", "x", "--date", "9999-12-31", "--future"),
        ("list", "--from", "0001-01-01"),
        ("month", "0001-01"),
        ("quarter", "0001-Q1"),
        ("week", "9999-12-31"),
        ("cpd", "check", "--to", "0001-01-01"),
        ("contact", "add", "Old Friend", "--connected", "1899-12-31"),
    ],
)
def test_a_date_outside_the_supported_years_is_one_line(
    netjournal_home: Path, argv: tuple[str, ...]
) -> None:
    assert run_cli("log", "online", "5m", "keep me").returncode == 0
    before = store_bytes(netjournal_home)
    result = run_cli(*argv)
    assert_cli_failed_cleanly(result, 2)
    assert "outside the dates netjournal supports (1900-2199)" in result.stderr
    assert store_bytes(netjournal_home) == before


@pytest.mark.parametrize("day", ["01 Jan 0001", "31 Dec 9999"])
def test_an_import_dated_outside_the_supported_years_writes_nothing(
    netjournal_home: Path, tmp_path: Path, day: str
) -> None:
    assert run_cli("log", "online", "5m", "keep me").returncode == 0
    before = store_bytes(netjournal_home)
    csv = tmp_path / "Connections.csv"
    csv.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        f"Jane,Smith,https://www.linkedin.com/in/js,,Trust,Nurse,{day}\n"
    )
    result = run_cli("import", "linkedin", str(csv))
    assert_cli_failed_cleanly(result, 2)
    assert "'Jane Smith' is dated" in result.stderr and "1900-2199" in result.stderr
    assert store_bytes(netjournal_home) == before


def test_a_stored_or_merged_record_dated_year_1_is_refused_as_damaged(
    netjournal_home: Path, tmp_path: Path
) -> None:
    assert run_cli("log", "online", "5m", "keep me").returncode == 0
    store = netjournal_home / "store" / "activities"
    month = next(store.glob("*.json"))
    doc = orjson.loads(month.read_bytes())
    (record,) = doc["activities"].values()
    copy = tmp_path / f"{month.stem}.sync-conflict-20261120-101010-ABCDEFG.json"
    doc["activities"] = {"f" * 32: {**record, "id": "f" * 32, "date": "0001-01-01"}}
    copy.write_bytes(orjson.dumps(doc))
    before = store_bytes(netjournal_home)
    merged = run_cli("merge", str(copy))
    assert_cli_failed_cleanly(merged, 1)
    assert "outside the dates netjournal supports" in merged.stderr
    assert store_bytes(netjournal_home) == before

    month.write_bytes(copy.read_bytes())  # a hand edit of the live store
    listed = run_cli("list", "--all")
    assert_cli_failed_cleanly(listed, 1)
    assert "is damaged" in listed.stderr and "outside the dates" in listed.stderr
