"""``netjournal cpd …`` and ``netjournal export …`` through the real entry point."""

from __future__ import annotations

import csv
import io
import json
import stat
from pathlib import Path

import pytest

from netjournal.journal import Journal
from tests.conftest import run_cli
from tests.cpd_fixture import load_journal


@pytest.fixture
def seeded(netjournal_home: Path) -> Path:
    """The hand-checked CPD journal written into this test's store."""
    activities, contacts = load_journal()
    journal = Journal.open()
    with journal.transaction():
        journal.repos.contacts.add_many(list(contacts.values()))
        journal.repos.activities.add_many(activities)
    return netjournal_home


def _json(*args: str) -> object:
    result = run_cli(*args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_cpd_set_marks_an_activity_and_records_every_field(seeded: Path) -> None:
    result = run_cli(
        "cpd",
        "set",
        "act09",
        "--topic",
        "NMC guidance",
        "--method",
        "reading",
        "--learning",
        "What changed",
        "--practice-change",
        "New handover",
        "--standard",
        "practise",
        "--standard",
        "Preserve safety",
        "--participatory",
        "--evidence",
        "https://example.org/a",
        "--evidence",
        "notes/b.md",
        "--hcpc-type",
        "self-directed",
        "--reflect",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["topic"] == "NMC guidance" and record["method"] == "reading"
    assert record["standards"] == ["practise", "preserve"]
    assert record["standard_labels"] == ["Practise effectively", "Preserve safety"]
    assert record["participatory"] is True and record["participatory_is_default"] is False
    assert record["evidence"] == ["https://example.org/a", "notes/b.md"]
    assert record["hcpc_type"] == "self-directed" and record["reflect"] is True
    stored = Journal.open().activities.get_activity("act09").cpd
    assert stored is not None and stored.learning == "What changed"


def test_cpd_set_changes_only_the_options_given(seeded: Path) -> None:
    run_cli("cpd", "set", "act01", "--not-participatory", check=True)
    record = _json("cpd", "set", "act01")
    assert record["participatory"] is False  # type: ignore[index]
    assert record["topic"] == "#WeNurses chat on delirium screening"  # type: ignore[index]
    back = _json("cpd", "set", "act01", "--participatory-default")
    assert back["participatory"] is True and back["participatory_is_default"] is True  # type: ignore[index]


def test_cpd_set_rejects_an_ambiguous_theme_with_exit_2(seeded: Path) -> None:
    result = run_cli("cpd", "set", "act01", "--standard", "pr")
    assert result.returncode == 2
    assert "ambiguous standard" in result.stderr and len(result.stderr.splitlines()) == 1


def test_cpd_set_on_unknown_id_is_exit_2(seeded: Path) -> None:
    assert run_cli("cpd", "set", "zzzz", "--reflect").returncode == 2


def test_cpd_unset_stops_counting_an_activity(seeded: Path) -> None:
    run_cli("cpd", "unset", "act02", check=True)
    data = _json("cpd", "list", "--from", "1/1/2026", "--to", "25/11/2026")
    ids = [r["activity_id"] for r in data["records"]]  # type: ignore[index]
    assert "act02" not in ids and len(ids) == 7


def test_cpd_list_totals_match_the_hand_count(seeded: Path) -> None:
    data = _json("cpd", "list", "--from", "2026-01-01", "--to", "2026-11-25")
    totals = data["totals"]  # type: ignore[index]
    assert totals["minutes"] == 630 and totals["hours"] == "10.5"
    assert totals["participatory_minutes"] == 545 and totals["participatory_hours"] == "9.1"


def test_cpd_list_text_marks_defaults(seeded: Path) -> None:
    result = run_cli("cpd", "list", check=True)
    assert "participatory*" in result.stdout
    assert "* a default from the activity" in result.stdout


def test_cpd_summary_covers_three_years_to_today(seeded: Path) -> None:
    data = _json("cpd", "summary")
    assert data["start"] == "2023-11-26" and data["end"] == "2026-11-25"  # type: ignore[index]
    assert data["minutes"] == 690  # type: ignore[index]  # the fixture's 630 plus 60 in Dec 2025
    text = run_cli("cpd", "summary", check=True).stdout
    assert "11.5 of 35.0 h" in text and "(23.5 h to go)" in text


def test_cpd_check_lists_each_finding_with_its_activity(seeded: Path) -> None:
    data = _json("cpd", "check", "--from", "2026-01-01")
    found = [(f["activity_id"], f["kind"]) for f in data["findings"]]  # type: ignore[index]
    assert ("act05", "nhs-number") in found and ("act02", "email") in found
    assert len(found) == 9
    text = run_cli("cpd", "check", check=True).stdout
    assert "act05" in text and "NHS number: '943 476 5919'" in text


def test_cpd_check_generic_scans_every_activity(seeded: Path) -> None:
    data = _json("cpd", "check", "--template", "generic")
    assert data["activities_scanned"] == 11  # type: ignore[index]
    assert any(f["activity_id"] == "act10" for f in data["findings"])  # type: ignore[index]


def test_export_cpd_writes_a_private_file_in_the_exports_folder(seeded: Path) -> None:
    result = run_cli("export", "cpd", "--format", "csv", "--from", "2026-01-01", check=True)
    path = seeded / "exports" / "cpd-nmc-2026-01-01-to-2026-11-25.csv"
    assert str(path) in result.stdout
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    assert rows[0][:2] == ["Date", "Method"]
    assert "9 identifiers replaced" in result.stdout


@pytest.mark.parametrize("fmt", ["csv", "md", "html", "json", "pdf"])
@pytest.mark.parametrize("template", ["nmc", "hcpc", "generic"])
def test_export_cpd_every_template_and_format_to_a_named_file(
    seeded: Path, tmp_path: Path, template: str, fmt: str
) -> None:
    out = tmp_path / f"record.{fmt}"
    result = run_cli("export", "cpd", "--template", template, "--format", fmt, "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_export_to_stdout_keeps_stdout_clean_and_findings_on_stderr(seeded: Path) -> None:
    result = run_cli("export", "cpd", "--format", "json", "-o", "-", "--from", "2026-01-01")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == "netjournal.cpd-export"
    assert "identifiers replaced" in result.stderr


def test_export_pdf_to_stdout_is_refused(seeded: Path) -> None:
    result = run_cli("export", "cpd", "--format", "pdf", "-o", "-")
    assert result.returncode == 2 and "give a file name" in result.stderr


def test_export_of_an_empty_period_says_nothing_to_report(seeded: Path, tmp_path: Path) -> None:
    out = tmp_path / "empty.md"
    result = run_cli("export", "cpd", "--from", "2020-01-01", "--to", "2020-12-31", "-o", str(out))
    assert result.returncode == 0
    assert "nothing to report" in result.stdout
    assert "Nothing to report" in out.read_text(encoding="utf-8")


def test_export_include_names_keeps_names_and_says_so(seeded: Path) -> None:
    result = run_cli(
        "export", "cpd", "--template", "generic", "--format", "md", "-o", "-", "--include-names"
    )
    assert "Ade Okafor" in result.stdout
    assert "kept (--include-names)" in result.stderr


def test_export_json_reports_path_and_findings(seeded: Path) -> None:
    data = _json("export", "cpd", "--template", "hcpc", "--format", "html")
    assert data["path"].endswith(".html") and data["template"] == "hcpc"  # type: ignore[index]
    assert len(data["findings"]) == 9  # type: ignore[index]


def test_export_reversed_period_is_exit_2(seeded: Path) -> None:
    result = run_cli("export", "cpd", "--from", "2026-02-01", "--to", "2026-01-01")
    assert result.returncode == 2


def test_export_activities_json_round_trips_to_the_same_activities(seeded: Path) -> None:
    from netjournal.exporters.activities import read_activities_json

    result = run_cli("export", "activities", "--format", "json", "-o", "-")
    assert result.returncode == 0, result.stderr
    activities, contacts = read_activities_json(result.stdout)
    expected, people = load_journal()
    assert sorted(a.id for a in activities) == sorted(a.id for a in expected)
    assert {c.id for c in contacts} == set(people)


def test_export_activities_csv_goes_to_the_exports_folder(seeded: Path) -> None:
    result = run_cli("export", "activities", check=True)
    path = seeded / "exports" / "activities-2026-11-25.csv"
    assert str(path) in result.stdout and path.exists()


def test_cpd_help_names_every_action() -> None:
    result = run_cli("cpd", "--help", check=True)
    for action in ("set", "unset", "list", "check", "summary"):
        assert action in result.stdout


def test_log_does_not_import_the_exporters() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from netjournal.cli import main; "
        "main(['log', 'online', '10m', 'x']); "
        "print(sorted(m for m in sys.modules if m.startswith(('netjournal.exporters', 'fpdf', "
        "'netjournal.domain.cpd', 'netjournal.domain.privacy'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("fmt", ["md", "pdf"])
def test_export_progress_runs_through_building_and_rendering_to_the_end(
    seeded: Path, tmp_path: Path, fmt: str
) -> None:
    seen: list[tuple[int, int]] = []
    Journal.open().cpd.export_cpd(
        template="generic",
        fmt=fmt,
        path=tmp_path / f"out.{fmt}",
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen[-1][0] == seen[-1][1] == 22  # 11 activities read, then 11 rendered
    assert all(done <= total for done, total in seen)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
