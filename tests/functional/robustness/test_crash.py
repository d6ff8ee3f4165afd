"""kill -9 at any moment never loses a reported activity, duplicates one or breaks a file.

Each round starts the real ``netjournal log`` (or ``import``) in a
subprocess and SIGKILLs it: either after a random delay within a normal
run's duration, or exactly inside a store write (the driver stops before
the temp file's fsync, before the rename, or after it). After every kill a
fresh process's view of the store is checked; at the end ``doctor`` and
``list --json`` are run through the CLI.

Default: 20 kills of ``log`` and 4 of ``import``. ``NETJOURNAL_SOAK=1``:
200 and 40 (docs/robustness.md).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import time
from pathlib import Path

import pytest

from tests.functional.robustness.harness import (
    REPO,
    assert_no_duplicates,
    cli_argv,
    driver_argv,
    read_store,
    run,
    scaled,
    spawn,
)

PHASES = ("before-fsync", "before-replace", "after-replace")
SEED = int(os.environ.get("NETJOURNAL_SOAK_SEED", "20261125"))


def _log_args(n: int) -> list[str]:
    args = ["log", "online", "1m", f"crash-{n}", "--date", f"2026-{10 + n % 2}-{1 + n % 25:02d}"]
    if n % 4 == 0:
        args += ["--with", "Teresa Chinn"]
    return [*args, "--json"]


def _typical_seconds(argv_for: list[list[str]]) -> float:
    """How long an uninterrupted run takes here (to spread the kill delays over it)."""
    took = []
    for argv in argv_for:
        start = time.monotonic()
        done = run(argv)
        took.append(time.monotonic() - start)
        assert done.returncode == 0, done.stderr
    return statistics.median(took)


def _kill_at_random_delay(proc: subprocess.Popen[str], rng: random.Random, typical: float) -> bool:
    time.sleep(rng.uniform(0.0, 1.2 * typical))
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
        return True
    return False


def _kill_at_killpoint(proc: subprocess.Popen[str]) -> bool:
    """Wait for the driver to stop inside a write, then SIGKILL it there."""
    assert proc.stderr is not None
    seen = []
    for line in proc.stderr:
        if line.startswith("KILLPOINT"):
            proc.send_signal(signal.SIGKILL)
            return True
        seen.append(line)
    # it finished without reaching the chosen write: that must be a success
    assert proc.wait(timeout=120) == 0, "".join(seen)
    return False


def _finish(proc: subprocess.Popen[str], killed: bool) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=120)
    if not killed:
        assert proc.returncode == 0, f"exit {proc.returncode}: {err}"
    return proc.returncode, out, err


def test_sigkill_during_log_never_loses_a_reported_activity(netjournal_home: Path) -> None:
    kills_wanted = scaled(20, 200)
    rng = random.Random(SEED)
    typical = _typical_seconds([cli_argv(*_log_args(n)) for n in (-1, -2)])
    reported: dict[str, str] = {}
    baseline = read_store(netjournal_home)
    reported.update(baseline.notes)  # the two timing runs reported success too
    kills = rounds = 0
    while kills < kills_wanted:
        rounds += 1
        assert rounds <= 4 * kills_wanted, "processes keep finishing before the kill"
        args = _log_args(rounds)
        if rounds % 3 == 0:
            phase, skip = rng.choice(PHASES), rng.randrange(0, 4)
            proc = spawn(driver_argv("killpoint", phase, str(skip), "--", *args))
            killed = _kill_at_killpoint(proc)
        else:
            proc = spawn(cli_argv(*args))
            killed = _kill_at_random_delay(proc, rng, typical)
        code, out, _ = _finish(proc, killed)
        kills += killed
        if code == 0:
            reported[json.loads(out)["id"]] = f"crash-{rounds}"

        state = read_store(netjournal_home)
        missing = set(reported) - state.ids
        assert not missing, f"round {rounds}: reported activities lost: {missing}"
        assert all(state.notes[i] == note for i, note in reported.items())
        assert_no_duplicates(state)
        assert all(n.startswith("crash-") for n in state.notes.values())

    print(f"\nlog: {rounds} runs, {kills} SIGKILLs, {len(reported)} reported saved, all present")
    doctor = run(cli_argv("doctor", "--json"))
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert not [f for f in json.loads(doctor.stdout) if f["level"] == "error"]
    listed = run(cli_argv("list", "--all", "--json"))
    assert listed.returncode == 0, listed.stderr
    ids = [a["id"] for a in json.loads(listed.stdout)]
    assert len(ids) == len(set(ids))
    assert set(reported) <= set(ids)


ICS = REPO / "tests" / "fixtures" / "ics" / "google_calendar.ics"


def _import_argv() -> list[str]:
    return ["import", "ics", str(ICS), "--json"]


def _counts(home: Path) -> tuple[int, int, set[str]]:
    from netjournal.journal import Journal

    journal = Journal.open(home)
    activities = journal.repos.activities.all()
    sources = [a.source_id for a in activities if a.source_id]
    assert len(sources) == len(set(sources)), "an imported activity is stored twice"
    return len(activities), len(journal.repos.contacts.all()), set(sources)


@pytest.mark.skipif(not ICS.exists(), reason="the calendar fixture is not there yet")
def test_sigkill_during_import_then_rerun_gives_exactly_a_clean_import(
    netjournal_home: Path, tmp_path: Path
) -> None:
    clean_home = tmp_path / "clean"
    start = time.monotonic()
    done = run(cli_argv(*_import_argv()), NETJOURNAL_HOME=str(clean_home))
    typical = time.monotonic() - start
    assert done.returncode == 0, done.stderr
    expected = _counts(clean_home)

    rng = random.Random(SEED + 1)
    kills = rounds = 0
    kills_wanted = scaled(4, 40)
    while kills < kills_wanted:
        rounds += 1
        assert rounds <= 4 * kills_wanted, "imports keep finishing before the kill"
        if rounds % 2:
            proc = spawn(cli_argv(*_import_argv()))
            killed = _kill_at_random_delay(proc, rng, typical)
        else:
            phase, skip = rng.choice(PHASES), rng.randrange(0, 4)
            proc = spawn(driver_argv("killpoint", phase, str(skip), "--", *_import_argv()))
            killed = _kill_at_killpoint(proc)
        _finish(proc, killed)
        kills += killed
        read_store(netjournal_home)  # every file decodes
        _counts(netjournal_home)  # nothing imported twice
        if not killed or rng.random() < 0.5:
            # finish the interrupted import (or check the one that completed), then
            # start the next round from an empty store so it has writes to interrupt;
            # otherwise the next kill lands on top of this partial import
            again = run(cli_argv(*_import_argv(), "--json"))
            assert again.returncode == 0, again.stderr
            assert _counts(netjournal_home) == expected
            shutil.rmtree(netjournal_home)

    run(cli_argv(*_import_argv()))
    assert _counts(netjournal_home) == expected
    print(f"\nimport: {rounds} runs, {kills} SIGKILLs, every re-run equal to a clean import")
    once_more = json.loads(run(cli_argv(*_import_argv())).stdout)
    for kind in ("contacts", "conversations", "activities"):
        assert once_more[kind]["added"] == once_more[kind]["updated"] == 0
