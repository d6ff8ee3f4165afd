"""``netjournal revalidation``, ``feedback`` and ``config get/set`` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netjournal.cli import main
from netjournal.journal import Journal


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    code, out, err = run(capsys, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_the_renewal_date_is_set_once_and_validated(
    netjournal_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "config", "set", "revalidation-date", "2027-03-31")[0] == 0
    assert run(capsys, "config", "get", "revalidation-date")[1].strip() == "2027-03-31"
    assert run_json(capsys, "config", "get", "revalidation_date") == {
        "revalidation_date": "2027-03-31"
    }
    code, _, err = run(capsys, "config", "set", "revalidation-date", "31st of March")
    assert code == 2 and "YYYY-MM-DD" in err
    assert Journal.open().config.revalidation_date == "2027-03-31"  # unchanged
    code, _, err = run(capsys, "config", "get", "renewal")
    assert code == 2 and "unknown setting" in err
    assert "revalidation_date" in run_json(capsys, "config", "list")


def test_feedback_add_list_rm(netjournal_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    logged = run_json(capsys, "log", "offline", "1h", "Ward round teaching", "--date", "2026-11-20")
    added = run_json(
        capsys,
        "feedback",
        "add",
        "Clear",
        "teaching",
        "on",
        "sepsis",
        "--source",
        "student nurse",
        "--date",
        "2026-11-20",
        "--activity",
        logged["id"][:8],
    )["feedback"]
    assert (added["summary"], added["source"], added["activity_id"]) == (
        "Clear teaching on sepsis",
        "student nurse",
        logged["id"],
    )
    listed = run_json(capsys, "feedback", "list")["feedback"]
    assert [f["id"] for f in listed] == [added["id"]]
    assert run(capsys, "feedback", "rm", added["id"][:8])[0] == 0
    assert run_json(capsys, "feedback", "list") == {"feedback": []}


def test_bad_feedback_changes_nothing(
    netjournal_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "feedback", "add", "text", "--source", "x", "--activity", "nope")
    assert code != 0 and err
    code, _, err = run(capsys, "feedback", "add", "text", "--source", "x", "--date", "2099-01-01")
    assert code == 2
    assert run_json(capsys, "feedback", "list") == {"feedback": []}


def test_the_revalidation_picture_counts_to_the_renewal_date(
    netjournal_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "config", "set", "revalidation-date", "2027-03-31")
    run(
        capsys,
        "log",
        "online",
        "2h",
        "#WeNurses chat",
        "--date",
        "2026-11-20",
        "--cpd",
        "--topic",
        "Safe staffing",
        "--style",
        "conversation",
    )
    run(
        capsys,
        "feedback",
        "add",
        "Thank you",
        "--source",
        "a patient's relative",
        "--date",
        "2026-10-01",
    )
    assert (
        run(
            capsys,
            "revalidation",
            "discussion",
            "--date",
            "2026-11-01",
            "--with-name",
            "Sam Okafor",
            "--pin",
            "12A3456E",
        )[0]
        == 0
    )
    picture = run_json(capsys, "revalidation")
    assert picture["renewal_date"] == "2027-03-31"
    assert picture["days_left"] == 126  # from the frozen today, 2026-11-25
    assert picture["hours"] == {
        "hours": 2.0,
        "needed_hours": 35.0,
        "missing_hours": 33.0,
        "met": False,
    }
    assert picture["participatory_hours"]["hours"] == 2.0
    assert picture["feedback"]["done"] == 1 and picture["feedback"]["needed"] == 5
    assert picture["reflective_discussion"]["met"] is True
    assert picture["reflective_discussion"]["discussion"]["with_name"] is None
    assert picture["reflective_discussion"]["discussion"]["pin"] is None
    assert "4 more pieces of practice-related feedback" in picture["missing"]
    named = run_json(capsys, "revalidation", "--include-names")
    assert named["reflective_discussion"]["discussion"]["pin"] == "12A3456E"
    code, text, _ = run(capsys, "revalidation")
    assert code == 0
    assert "Renewal 2027-03-31 (126 days left)" in text
    assert "2.0 of 35.0" in text and "Sam Okafor" not in text and "12A3456E" not in text


def test_a_bad_pin_records_no_discussion(
    netjournal_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys,
        "revalidation",
        "discussion",
        "--date",
        "2026-11-01",
        "--with-name",
        "Sam Okafor",
        "--pin",
        "1234",
    )
    assert code == 2 and "NMC PIN" in err
    assert run_json(capsys, "revalidation")["reflective_discussion"]["discussion"] is None
