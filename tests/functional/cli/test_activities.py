"""Quick capture through the real entry point: happy paths and every bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netjournal.cli import main
from tests.conftest import run_cli


def log_json(*args: str) -> dict:
    result = run_cli("log", *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_log_prints_one_line_confirmation_and_stores_it() -> None:
    result = run_cli(
        "log",
        "online",
        "30m",
        "Replied to the #WeNurses chat",
        "--channel",
        "x",
        "--purpose",
        "maintain",
        "--with",
        "Teresa Chinn",
        "--date",
        "yesterday",
    )
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert (
        first.startswith("logged ") and "Tue 24 Nov 2026" in first and "with Teresa Chinn" in first
    )
    assert "new contact: Teresa Chinn" in result.stdout
    listed = json.loads(run_cli("list", "--json").stdout)
    assert [(a["date"], a["minutes"], a["contacts"], a["purpose"]) for a in listed] == [
        ("2026-11-24", 30, ["Teresa Chinn"], "maintain-connections")
    ]


def test_log_json_has_the_documented_keys() -> None:
    data = log_json(
        "offline",
        "1h30",
        "Peer supervision",
        "--channel",
        "meeting",
        "--at",
        "14:30",
        "--tag",
        "#Supervision",
        "--cpd",
        "--topic",
        "Reflective practice",
    )
    for key in [
        "id",
        "date",
        "time",
        "mode",
        "minutes",
        "channel",
        "purpose",
        "style",
        "contacts",
        "note",
        "tags",
        "cpd",
        "created",
        "updated",
    ]:
        assert key in data
    assert data["time"] == "14:30" and data["minutes"] == 90 and data["tags"] == ["supervision"]
    assert data["cpd"]["topic"] == "Reflective practice"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["sideways", "10m"], "unknown mode 'sideways'"),
        (["online", "0m"], "duration"),
        (["online", "-5"], "duration"),
        (["online", "25h"], "longer than a day"),
        (["online", "ten"], "cannot read duration"),
        (["online", "10m", "--date", "tomorrow"], "in the future"),
        (["online", "10m", "--date", "31/02/2026"], "31/02/2026"),
        (["online", "10m", "--date", "11/20/2026"], "day-first"),
        (["online", "10m", "--purpose", "gossip"], "unknown purpose"),
        (["online", "10m", "--style", "shouting"], "unknown style"),
        (["online", "10m", "--channel", "!!"], "bad channel"),
        (["online", "10m", "--at", "25:99"], "time"),
        (["online"], "required"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_stores_nothing(
    args: list[str], needle: str, netjournal_home: Path
) -> None:
    result = run_cli("log", *args)
    assert result.returncode == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert (
        not list((netjournal_home / "store").rglob("*.json"))
        if (netjournal_home / "store").exists()
        else True
    )


def test_future_date_allowed_with_flag() -> None:
    assert (
        log_json("offline", "6h", "Conference", "--date", "2026-12-02", "--future")["date"]
        == "2026-12-02"
    )


def test_day_cannot_hold_more_than_24_hours() -> None:
    log_json("offline", "20h", "Long conference day")
    result = run_cli("log", "online", "5h", "one more")
    assert result.returncode == 2 and "more than the 24 hours" in result.stderr


def test_list_filters_and_week_selection() -> None:
    log_json("online", "30m", "chat", "--channel", "x", "--tag", "qi")
    log_json("offline", "1h", "ward visit", "--channel", "meeting")
    log_json("online", "15m", "old post", "--date", "2026-11-16")
    week = json.loads(run_cli("list", "--json").stdout)
    assert sorted(a["note"] for a in week) == ["chat", "ward visit"]
    last = json.loads(run_cli("list", "--week", "last", "--json").stdout)
    assert [a["note"] for a in last] == ["old post"]
    online = json.loads(run_cli("list", "--all", "--mode", "online", "--json").stdout)
    assert sorted(a["note"] for a in online) == ["chat", "old post"]
    tagged = json.loads(run_cli("list", "--tag", "qi", "--json").stdout)
    assert [a["note"] for a in tagged] == ["chat"]
    found = json.loads(run_cli("list", "--all", "--search", "WARD", "--json").stdout)
    assert [a["note"] for a in found] == ["ward visit"]
    ranged = json.loads(
        run_cli("list", "--from", "16/11/2026", "--to", "2026-11-22", "--json").stdout
    )
    assert [a["note"] for a in ranged] == ["old post"]


def test_list_empty_state_is_friendly() -> None:
    result = run_cli("list")
    assert (
        result.returncode == 0
        and "no activities" in result.stdout
        and "netjournal log" in result.stdout
    )


def test_edit_changes_only_given_fields() -> None:
    a = log_json("online", "30m", "draft note", "--channel", "linkedin", "--tag", "qi")
    edited = json.loads(
        run_cli("edit", a["id"][:8], "--duration", "45m", "--note", "final note", "--json").stdout
    )
    assert edited["minutes"] == 45 and edited["note"] == "final note"
    assert (
        edited["channel"] == "linkedin"
        and edited["tags"] == ["qi"]
        and edited["created"] == a["created"]
    )


def test_rm_then_undo_and_restore() -> None:
    a = log_json("online", "30m", "oops")
    result = run_cli("rm", a["id"][:8])
    assert result.returncode == 0 and "netjournal undo" in result.stdout
    assert json.loads(run_cli("list", "--json").stdout) == []
    assert run_cli("undo").returncode == 0
    assert [x["id"] for x in json.loads(run_cli("list", "--json").stdout)] == [a["id"]]
    run_cli("rm", a["id"])
    trash = json.loads(run_cli("trash", "--json").stdout)
    assert [t["id"] for t in trash] == [a["id"]]
    assert run_cli("restore", a["id"][:10]).returncode == 0
    # undo takes back the last change, here the restore (the trash is not what it reads)
    assert "restore activity" in run_cli("undo").stdout
    assert json.loads(run_cli("list", "--json").stdout) == []


def test_unknown_id_is_one_line_error() -> None:
    result = run_cli("rm", "deadbeef")
    assert (
        result.returncode == 2 and result.stderr.count("\n") == 1 and "no activity" in result.stderr
    )


def test_usage_error_is_one_line() -> None:
    result = run_cli("list", "--bogus")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_data_dir_flag_overrides_home(tmp_path: Path, netjournal_home: Path) -> None:
    other = tmp_path / "elsewhere"
    assert run_cli("--data-dir", str(other), "log", "online", "5m", "x").returncode == 0
    assert list((other / "store").rglob("*.json"))
    assert not (netjournal_home / "store").exists()


def test_config_set_switches_to_month_first_dates() -> None:
    assert run_cli("config", "set", "date_order", "mdy").returncode == 0
    a = log_json("online", "5m", "us style", "--date", "11/20/2026")
    assert a["date"] == "2026-11-20"
    bad = run_cli("config", "set", "week_start", "someday")
    assert bad.returncode == 2 and "week_start" in bad.stderr


def test_backup_and_doctor(netjournal_home: Path) -> None:
    log_json("online", "5m", "x")
    out = run_cli("backup", "--json")
    path = Path(json.loads(out.stdout)["backup"])
    assert path.exists()
    doctor = run_cli("doctor", "--json")
    assert doctor.returncode == 0
    assert any("opens cleanly" in f["message"] for f in json.loads(doctor.stdout))


def test_main_accepts_argv_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["log", "offline", "45m", "in process", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["minutes"] == 45


def test_demo_uses_a_separate_home(netjournal_home: Path) -> None:
    result = run_cli("demo", "--no-open", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["activities"] > 40 and Path(data["data_dir"]) == netjournal_home / "demo"
    assert not (netjournal_home / "store").exists()
