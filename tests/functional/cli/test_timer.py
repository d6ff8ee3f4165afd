"""The running timer through the real entry point: start, status, stop, cancel.

The clock is moved with ``NETJOURNAL_NOW`` (an instant with its offset), so
nothing here depends on when or how fast the tests run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC
from pathlib import Path

import pytest

from netjournal.cli import main
from netjournal.domain.models import Mode
from netjournal.domain.timer import RunningTimer, elapsed_minutes, plan_stop
from netjournal.errors import InputError


def at(monkeypatch: pytest.MonkeyPatch, moment: str) -> None:
    monkeypatch.setenv("NETJOURNAL_NOW", moment)


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main([*args, "--json"]) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def test_start_status_stop_logs_an_ordinary_activity(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-11-25T14:05:00+00:00")
    started = run_json(
        capsys,
        "start",
        "offline",
        "Call",
        "with",
        "educator",
        "--channel",
        "phone",
        "--with",
        "Sam Okafor",
    )
    assert started["running"]["note"] == "Call with educator"
    at(monkeypatch, "2026-11-25T14:35:40+00:00")
    status = run_json(capsys, "status")["running"]
    assert status["minutes"] == 30 and status["contacts"] == ["Sam Okafor"]
    at(monkeypatch, "2026-11-25T15:20:00+00:00")
    logged = run_json(capsys, "stop", "good", "chat")
    assert (logged["minutes"], logged["time"], logged["date"]) == (75, "14:05", "2026-11-25")
    assert logged["note"] == "Call with educator good chat"
    assert logged["contacts"] == ["Sam Okafor"] and logged["channel"] == "phone"
    assert run_json(capsys, "status") == {"running": None}


def test_start_at_an_earlier_time_and_stop_at_a_given_time(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-11-25T10:00:00+00:00")
    run_json(capsys, "start", "online", "--at", "9:15", "Webinar", "--channel", "webinar")
    logged = run_json(capsys, "stop", "--at", "09:45")
    assert (logged["minutes"], logged["time"], logged["style"]) == (30, "09:15", "listening")


def test_a_time_in_the_future_is_refused(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-11-25T10:00:00+00:00")
    assert main(["start", "online", "--at", "11:00"]) == 2
    assert "later than now" in capsys.readouterr().err


def test_one_timer_at_a_time(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-11-25T10:00:00+00:00")
    run_json(capsys, "start", "online", "first")
    at(monkeypatch, "2026-11-25T10:20:00+00:00")
    assert main(["start", "offline", "second"]) == 2
    assert "already running" in capsys.readouterr().err
    run_json(capsys, "start", "offline", "second", "--stop-running")
    listed = run_json(capsys, "list")
    assert [(a["note"], a["minutes"]) for a in listed] == [("first", 20)]
    assert run_json(capsys, "status")["running"]["note"] == "second"


def test_cancel_drops_the_timer_and_logs_nothing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-11-25T10:00:00+00:00")
    run_json(capsys, "start", "online", "oops")
    assert run_json(capsys, "cancel")["cancelled"]["note"] == "oops"
    assert run_json(capsys, "list") == []
    assert main(["cancel"]) == 2
    assert main(["stop"]) == 2
    assert "no timer is running" in capsys.readouterr().err


def test_a_bad_option_is_refused_at_start_not_at_stop(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-11-25T10:00:00+00:00")
    assert main(["start", "online", "--purpose", "nonsense"]) == 2
    assert run_json(capsys, "status") == {"running": None}


def test_the_timer_survives_the_process_that_started_it(tmp_path: Path) -> None:
    """A crash or a reboot while running: the timer is on disk, not in a process."""
    env = {**os.environ, "NETJOURNAL_NOW": "2026-11-25T08:00:00+00:00"}
    run = [sys.executable, "-m", "netjournal"]
    proc = subprocess.Popen([*run, "start", "offline", "Ward round"], env=env)
    assert proc.wait(timeout=60) == 0
    later = {**env, "NETJOURNAL_NOW": "2026-11-25T09:10:00+00:00"}
    out = subprocess.run(
        [*run, "stop", "--json"], env=later, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["minutes"] == 70


def test_past_midnight_asks_for_confirmation_and_keeps_running_without_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-11-24T23:30:00+00:00")
    run_json(capsys, "start", "online", "late chat")
    at(monkeypatch, "2026-11-25T00:40:00+00:00")
    assert main(["stop"]) == 2
    err = capsys.readouterr().err
    assert "before midnight" in err and "--yes" in err
    assert run_json(capsys, "status")["running"]["note"] == "late chat"
    logged = run_json(capsys, "stop", "--yes")
    assert (logged["date"], logged["minutes"]) == ("2026-11-24", 70)


def test_over_twelve_hours_asks_and_over_a_day_is_never_written(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-11-23T07:00:00+00:00")
    run_json(capsys, "start", "offline", "forgot")
    at(monkeypatch, "2026-11-23T20:00:00+00:00")
    assert main(["stop"]) == 2
    assert "it has run 13h00m" in capsys.readouterr().err
    at(monkeypatch, "2026-11-25T09:00:00+00:00")
    assert main(["stop", "--yes"]) == 2
    assert "more than a day" in capsys.readouterr().err
    assert run_json(capsys, "list", "--all") == []
    logged = run_json(capsys, "stop", "--at", "08:30")
    assert (logged["date"], logged["minutes"]) == ("2026-11-23", 90)


def test_a_clock_change_during_the_timer_counts_real_minutes() -> None:
    """BST ends at 02:00 on 25 Oct 2026: 23:30 BST to 01:30 GMT is three hours."""
    env = {**os.environ, "TZ": "Europe/London"}
    run = [sys.executable, "-m", "netjournal"]

    def cli(now: str, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*run, *args],
            env={**env, "NETJOURNAL_NOW": now},
            capture_output=True,
            text=True,
            timeout=60,
        )

    assert cli("2026-10-24T23:30:00+01:00", "start", "online", "DST").returncode == 0
    stopped = cli("2026-10-25T01:30:00+00:00", "stop", "--yes", "--json")
    assert stopped.returncode == 0, stopped.stderr
    data = json.loads(stopped.stdout)
    assert (data["date"], data["time"], data["minutes"]) == ("2026-10-24", "23:30", 180)


def test_plan_stop_rules() -> None:
    from datetime import datetime, timedelta

    start = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    timer = RunningTimer(mode=Mode.ONLINE, started=start)
    assert elapsed_minutes(start, start + timedelta(seconds=20)) == 1
    assert plan_stop(timer, start + timedelta(minutes=45)).minutes == 45
    with pytest.raises(InputError):
        plan_stop(timer, start - timedelta(minutes=1))
    with pytest.raises(InputError):
        plan_stop(timer, start + timedelta(hours=24, minutes=1))
    assert plan_stop(timer, start + timedelta(hours=24)).minutes == 24 * 60


def test_a_damaged_timer_record_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, netjournal_home: Path
) -> None:
    at(monkeypatch, "2026-11-25T10:00:00+00:00")
    run_json(capsys, "start", "online", "x")
    path = netjournal_home / "store" / "timer.json"
    data = json.loads(path.read_text())
    data["timer"]["running"]["started"] = "2026-11-25T10:00:00"  # no offset
    path.write_text(json.dumps(data))
    assert main(["status"]) == 1
    err = capsys.readouterr().err
    assert "damaged" in err and "Traceback" not in err
