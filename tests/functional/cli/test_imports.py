"""``netjournal import``: idempotent re-import, dry runs that write nothing, all-or-nothing.

Most tests call :func:`netjournal.cli.main` in-process (fast); the ones about
exit codes, stderr and what a process loads go through ``python -m netjournal``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, REPO, run_cli

LINKEDIN = FIXTURES / "linkedin" / "export"
X_ARCHIVE = FIXTURES / "x" / "archive"
VCARDS = FIXTURES / "vcard"
OUTLOOK = FIXTURES / "ics" / "outlook_export.ics"


def snapshot(home: Path) -> dict[str, bytes]:
    """Every file under the netjournal home, with its bytes."""
    if not home.exists():
        return {}
    return {
        str(p.relative_to(home)): p.read_bytes() for p in sorted(home.rglob("*")) if p.is_file()
    }


def counts(report: dict[str, Any]) -> dict[str, tuple[int, int, int]]:
    return {
        kind: (report[kind]["added"], report[kind]["updated"], report[kind]["unchanged"])
        for kind in ("contacts", "conversations", "activities")
    }


def test_linkedin_import_reports_what_it_added(nj: Any) -> None:
    report = nj("import", "linkedin", str(LINKEDIN), "--json").json()
    assert report["source"] == "linkedin"
    assert report["dry_run"] is False
    assert len(report["files"]) == 3
    assert counts(report) == {
        "contacts": (9, 0, 0),
        "conversations": (8, 0, 0),
        "activities": (0, 0, 0),
    }
    assert "Jane Smith (Leeds Teaching Hospitals NHS Trust)" in report["samples"]["contacts"]


def test_importing_the_same_export_twice_adds_nothing_the_second_time(nj: Any) -> None:
    nj("import", "linkedin", str(LINKEDIN), "--json").json()
    again = nj("import", "linkedin", str(LINKEDIN), "--json").json()
    assert counts(again) == {
        "contacts": (0, 0, 9),
        "conversations": (0, 0, 8),
        "activities": (0, 0, 0),
    }
    people = nj("contact", "list", "--json").json()
    assert len(people) == 9
    assert len({p["name"] for p in people}) == 9
    assert len(nj("conversation", "list", "--json").json()) == 8


@pytest.mark.parametrize(
    ("source", "path"),
    [("x", X_ARCHIVE), ("vcard", VCARDS), ("ics", OUTLOOK)],
)
def test_every_source_is_idempotent(nj: Any, source: str, path: Path) -> None:
    first = nj("import", source, str(path), "--json").json()
    second = nj("import", source, str(path), "--json").json()
    for kind in ("contacts", "conversations", "activities"):
        assert second[kind]["added"] == 0
        assert second[kind]["updated"] == 0
        assert second[kind]["unchanged"] == first[kind]["added"]
    assert len(nj("list", "--all", "--json").json()) == first["activities"]["added"]


def test_the_text_report_says_when_nothing_is_new(nj: Any) -> None:
    nj("import", "vcard", str(VCARDS))
    run = nj("import", "vcard", str(VCARDS))
    assert run.code == 0
    assert "contacts" in run.out and "0 added" in run.out
    assert "Nothing new" in run.out


def test_a_dry_run_on_an_empty_journal_creates_no_files(nj: Any, netjournal_home: Path) -> None:
    run = nj("import", "ics", str(OUTLOOK), "--dry-run")
    assert run.code == 0, run.err
    assert run.out.startswith("Dry run, nothing written.")
    assert "New activities (first few):" in run.out
    assert snapshot(netjournal_home) == {}


def test_a_dry_run_leaves_every_byte_of_an_existing_journal_alone(
    nj: Any, netjournal_home: Path
) -> None:
    nj("import", "linkedin", str(LINKEDIN))
    before = snapshot(netjournal_home)
    report = nj("import", "x", str(X_ARCHIVE), "--dry-run", "--json").json()
    assert report["dry_run"] is True
    assert report["activities"]["added"] == 7
    assert snapshot(netjournal_home) == before
    # and the dry run predicted exactly what the import then does
    real = nj("import", "x", str(X_ARCHIVE), "--json").json()
    assert counts(real) == counts(report)


def test_a_later_export_refreshes_known_conversations(nj: Any, tmp_path: Path) -> None:
    export = tmp_path / "export"
    shutil.copytree(LINKEDIN, export)
    messages = export / "messages.csv"
    original = messages.read_text(encoding="utf-8")  # Tom has not answered yet
    nj("import", "linkedin", str(export), "--me", "Alex Morgan")
    reply = (
        "2-MWQ1ZDQ3OTItYmQ3Mi00MjUzLWIxYjQtYjM2ZjJiNTFiN2Y0XzAxMA==,,Tom Hughes,"
        "https://www.linkedin.com/in/ACoAAEf1sWqB3nNz2Zk5c0hH8lL2fVv6rSu,Alex Morgan,"
        "https://www.linkedin.com/in/ACoAAAm9yPQB1nNw2Xk3a8hH7cL4dVv5qRs,"
        "2025-01-09 18:00:00 UTC,,Yes! See you there.,INBOX\n"
    )
    messages.write_text(original + reply, encoding="utf-8")  # a later export: he has
    report = nj("import", "linkedin", str(export), "--me", "Alex Morgan", "--json").json()
    assert counts(report)["conversations"] == (0, 1, 7)
    (tom,) = [
        c
        for c in nj("conversation", "list", "--json").json()
        if c["contacts"] == ["Tom Hughes"] and c["source_id"].startswith("linkedin:msg:")
    ]
    assert tom["replied"] is True
    assert tom["replied_on"] == "2025-01-09"
    assert (tom["messages_out"], tom["messages_in"]) == (1, 1)


def test_contacts_from_different_sources_meet_on_a_shared_handle(nj: Any) -> None:
    nj("import", "linkedin", str(LINKEDIN))
    report = nj("import", "vcard", str(VCARDS / "contacts_v3.vcf"), "--json").json()
    # Dr Jane Smith's card carries her LinkedIn URL: she is enriched, not duplicated
    assert report["contacts"]["updated"] >= 1
    contact = nj("contact", "show", "Jane Smith", "--json").json()
    assert contact["handles"]["email"] == "jane.smith@example.nhs.uk"
    assert contact["handles"]["linkedin"] == "https://www.linkedin.com/in/janesmith-rn"
    assert contact["name"] == "Jane Smith"  # what the journal had is kept
    names = [c["name"] for c in nj("contact", "list", "--json").json()]
    assert "Dr Jane Smith" not in names


def test_imported_activities_reset_the_keep_in_touch_clock(nj: Any) -> None:
    nj("import", "ics", str(OUTLOOK))
    people = {c["name"]: c for c in nj("contact", "list", "--json").json()}
    assert people["Jane Smith"]["last_contact"] == "2026-11-23"
    assert people["Tom Hughes"]["last_contact"] == "2026-11-12"


def test_formula_cells_are_stored_as_text_and_exported_neutralised(nj: Any, tmp_path: Path) -> None:
    nj("import", "linkedin", str(LINKEDIN))
    contact = nj("contact", "show", "Mark Evans", "--json").json()
    assert contact["organisation"] == '=HYPERLINK("http://example.com/x","Click me")'
    assert contact["role"] == "+44 Social Worker"

    calendar = tmp_path / "formula.ics"
    calendar.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:f1\r\n"
        "SUMMARY:=cmd|' /C calc'!A0\r\nDTSTART:20261120T100000Z\r\nDTEND:20261120T110000Z\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    nj("import", "ics", str(calendar))
    (stored,) = nj("list", "--all", "--json").json()
    assert stored["note"] == "=cmd|' /C calc'!A0"
    exported = nj("export", "activities", "--format", "csv", "-o", "-")
    assert exported.code == 0, exported.err
    rows = list(csv.DictReader(io.StringIO(exported.out.lstrip("\ufeff"))))
    note_cells = [v for row in rows for v in row.values() if v and "calc" in v]
    assert note_cells and all(not v.startswith("=") for v in note_cells)


def test_x_minutes_per_post_flag_changes_the_estimate(nj: Any) -> None:
    nj("import", "x", str(X_ARCHIVE), "--minutes-per-post", "3")
    posts = [a for a in nj("list", "--all", "--json").json() if a["date"] == "2024-03-15"]
    assert sorted(a["minutes"] for a in posts) == [6, 6]


def test_a_bad_minutes_flag_is_a_usage_error(nj: Any) -> None:
    with pytest.raises(SystemExit) as exit_info:
        nj("import", "x", str(X_ARCHIVE), "--minutes-per-post", "0")
    assert exit_info.value.code == 2


def test_source_aliases_are_accepted(nj: Any) -> None:
    assert nj("import", "twitter", str(X_ARCHIVE), "--dry-run", "--json").json()["source"] == "x"


# --- through the real entry point --------------------------------------------------------


def test_an_unknown_source_is_one_line_and_exit_2() -> None:
    result = run_cli("import", "facebook", str(LINKEDIN))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "netjournal: unknown import source 'facebook': use one of linkedin, x, vcard, ics, "
        "mastodon, bluesky, activitywatch"
    ]


def test_a_missing_path_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = run_cli("import", "vcard", str(tmp_path / "nope.vcf"))
    assert result.returncode == 2
    assert "nope.vcf: no such file or folder" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_malformed_file_fails_whole_naming_file_and_line_and_writes_nothing(
    tmp_path: Path, netjournal_home: Path
) -> None:
    assert run_cli("import", "linkedin", str(LINKEDIN)).returncode == 0
    before = snapshot(netjournal_home)
    broken = tmp_path / "export"
    shutil.copytree(LINKEDIN, broken)
    # Connections.csv is fine and would add a contact; messages.csv is cut short
    connections = broken / "Connections.csv"
    connections.write_text(
        connections.read_text(encoding="utf-8")
        + "Nadia,Rahman,https://www.linkedin.com/in/nadia-rahman,,NHS England,Analyst,01 Nov 2026\n",
        encoding="utf-8",
    )
    messages = broken / "messages.csv"
    text = messages.read_text(encoding="utf-8")
    messages.write_text(text[: text.index("Speak then!")], encoding="utf-8")
    result = run_cli("import", "linkedin", str(broken))
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"netjournal: {messages}, line ")
    assert "broken CSV" in line
    assert snapshot(netjournal_home) == before
    names = [c["name"] for c in json.loads(run_cli("contact", "list", "--json").stdout)]
    assert "Nadia Rahman" not in names


def test_progress_is_not_drawn_when_stderr_is_not_a_terminal() -> None:
    result = run_cli("import", "x", str(X_ARCHIVE))
    assert result.returncode == 0, result.stderr
    assert "reading:" not in result.stderr
    assert result.stderr == ""


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_progress_is_drawn_on_a_terminal(tmp_path: Path) -> None:
    primary, secondary = os.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "netjournal", "import", "x", str(X_ARCHIVE)],
            stdout=subprocess.PIPE,
            stderr=secondary,
            env=os.environ.copy(),
            timeout=120,
            check=False,
        )
        os.close(secondary)
        drawn = b""
        while True:
            try:
                chunk = os.read(primary, 4096)
            except OSError:
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        os.close(primary)
    assert proc.returncode == 0
    assert b"reading: 10/10 (100%)" in drawn


def test_progress_redraws_at_most_once_per_percent() -> None:
    from netjournal.cli.commands.imports import _throttled

    calls: list[tuple[int, int]] = []
    progress = _throttled(lambda done, total: calls.append((done, total)))
    for done in range(1, 10_001):
        progress(done, 10_000)
    assert len(calls) == 101  # 0 % … 100 %
    assert calls[-1] == (10_000, 10_000)


def test_netjournal_log_never_loads_the_importers(tmp_path: Path) -> None:
    script = (
        "import json, sys\n"
        "from netjournal.cli import main\n"
        "assert main(['log', 'online', '10m', 'check', '--channel', 'x']) == 0\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "NETJOURNAL_HOME": str(tmp_path / "home")},
        cwd=REPO,
    ).stdout
    loaded = set(json.loads(out.strip().splitlines()[-1]))
    assert not {m for m in loaded if m.startswith("netjournal.importers")}
    assert not {m for m in loaded if m.split(".")[0] in {"icalendar", "recurring_ical_events"}}
