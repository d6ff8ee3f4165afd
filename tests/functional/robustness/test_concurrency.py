"""Several processes writing at once lose nothing; a killed lock holder blocks nobody.

Writers: the CLI's write path (``netjournal log`` called in a loop inside
one process, plus separate ``python -m netjournal log`` processes) and the
TUI's write path (``Journal.log`` on one long-lived ``Journal``), all on
one store at the same time, while readers keep reading it. Default: 2
writers x 60 activities; ``NETJOURNAL_SOAK=1``: 4 x 250.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.functional.robustness.harness import (
    assert_no_duplicates,
    cli_argv,
    driver_argv,
    read_store,
    run,
    scaled,
    spawn,
)


def _ids_from(proc: subprocess.Popen[str], label: str) -> list[str]:
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, f"{label} failed: {err}"
    lines = out.split()
    assert not [line for line in lines if line.startswith("FAILED")], out
    return lines


def test_parallel_writers_and_readers_lose_nothing(netjournal_home: Path, tmp_path: Path) -> None:
    per_writer = scaled(60, 250)
    loops = [("cli-loop", "cli-a"), ("facade-loop", "tui-a")]
    if scaled(0, 1):
        loops += [("cli-loop", "cli-b"), ("facade-loop", "tui-b")]
    separate = scaled(4, 20)
    stop = tmp_path / "stop-reading"

    reader = spawn(driver_argv("reader", str(stop)))
    writers = [
        (spawn(driver_argv(mode, str(per_writer), prefix, "25")), prefix) for mode, prefix in loops
    ]
    singles = [
        spawn(cli_argv("log", "offline", "1m", f"single-{i}", "--date", "2026-11-02", "--json"))
        for i in range(separate)
    ]
    listed = [run(cli_argv("list", "--all", "--json")) for _ in range(scaled(2, 10))]

    written: dict[str, str] = {}
    for proc, prefix in writers:
        for i, activity_id in enumerate(_ids_from(proc, prefix)):
            written[activity_id] = f"{prefix}-{i}"
    for i, proc in enumerate(singles):
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        written[json.loads(out)["id"]] = f"single-{i}"
    stop.touch()
    reads_out, reads_err = reader.communicate(timeout=300)

    for result in listed:  # a reader never sees a broken file
        assert result.returncode == 0, result.stderr
        json.loads(result.stdout)
    summary = reads_out.strip().splitlines()[-1].split()
    assert summary[0] == "READS" and int(summary[1]) > 0, reads_out + reads_err
    assert summary[2:] == ["ERRORS", "0"], reads_out

    assert len(written) == len(loops) * per_writer + separate
    state = read_store(netjournal_home)
    assert_no_duplicates(state)
    assert state.notes == written
    assert state.contact_names.count("Teresa Chinn") == 1


def test_a_writer_killed_while_holding_the_lock_blocks_nobody(netjournal_home: Path) -> None:
    run(cli_argv("log", "online", "5m", "before"))
    holder = spawn(driver_argv("hold-lock"))
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "LOCKED"
    waiting = spawn(cli_argv("log", "online", "5m", "queued behind the lock", "--json"))
    holder.kill()
    holder.communicate(timeout=60)

    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    after = run(cli_argv("log", "online", "5m", "after", "--json"))
    assert after.returncode == 0, after.stderr
    notes = sorted(read_store(netjournal_home).notes.values())
    assert notes == ["after", "before", "queued behind the lock"]
    assert json.loads(out)["note"] == "queued behind the lock"
