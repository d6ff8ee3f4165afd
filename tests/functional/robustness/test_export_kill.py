"""A killed export or backup leaves no temp file beside its target; ``--to DIR/`` is a folder."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from netjournal.atomic import atomic_write_bytes
from netjournal.journal import ActivityInput, Journal
from tests.functional.robustness.harness import cli_argv, driver_argv, run, spawn


def _some_activities(home: Path) -> None:
    journal = Journal.open(home)
    for i in range(5):
        journal.activities.log(
            ActivityInput(mode="online", duration="5m", note=f"n{i}", date="2026-11-02")
        )


def _stop_inside_the_write(argv: list[str], sig: signal.Signals) -> int:
    """Run the CLI through the driver, stopped after the export's temp is written; signal it."""
    proc = spawn(driver_argv("killpoint", "before-fsync", "0", "--", *argv))
    assert proc.stderr is not None
    for line in proc.stderr:
        if line.startswith("KILLPOINT"):
            proc.send_signal(sig)
            break
    else:
        pytest.fail(f"never reached the write: exit {proc.wait()}")
    proc.communicate(timeout=60)
    return proc.returncode


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "kill"])
def test_a_killed_export_leaves_no_temp_file(
    netjournal_home: Path, tmp_path: Path, sig: signal.Signals
) -> None:
    _some_activities(netjournal_home)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "all.csv"
    code = _stop_inside_the_write(["export", "activities", "-o", str(target)], sig)
    assert code != 0
    assert sorted(os.listdir(out)) == []


def test_a_killed_backup_leaves_no_temp_file(netjournal_home: Path, tmp_path: Path) -> None:
    _some_activities(netjournal_home)
    folder = tmp_path / "saved"
    folder.mkdir()
    code = _stop_inside_the_write(["backup", "--to", f"{folder}/"], signal.SIGTERM)
    assert code != 0
    assert sorted(os.listdir(folder)) == []


def test_a_dead_writers_temp_is_removed_by_the_next_write(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    proc = spawn(["true"])
    proc.wait()  # a process id that no longer runs
    leftover = tmp_path / f".report.md.{proc.pid}-abcdef.tmp"
    leftover.write_bytes(b"half")
    live = tmp_path / f".report.md.{os.getppid()}-abcdef.tmp"  # a running process's
    live.write_bytes(b"busy")
    atomic_write_bytes(target, b"done")
    assert sorted(os.listdir(tmp_path)) == sorted([target.name, live.name])


def test_backup_to_a_folder_with_a_trailing_slash_writes_into_it(
    netjournal_home: Path, tmp_path: Path
) -> None:
    _some_activities(netjournal_home)
    folder = tmp_path / "not-yet"
    done = run(cli_argv("backup", "--to", f"{folder}/", "--json"))
    assert done.returncode == 0, done.stderr
    assert folder.is_dir()
    (made,) = list(folder.iterdir())
    assert made.name.startswith("netjournal-") and made.suffix == ".zip"
