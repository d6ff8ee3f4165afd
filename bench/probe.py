"""Small programs the benchmark times as whole processes (one per sub-command).

    python bench/probe.py open DIR            open the journal, read every activity file
    python bench/probe.py insert DIR N        N inserts through the facade, timed in-process
    python bench/probe.py tinydb-make FILE N  a single-file TinyDB (default JSONStorage) of N docs
    python bench/probe.py tinydb-insert FILE  one insert into it (the design we avoided)
    python bench/probe.py tui DIR             netjournal's app, headless, until its first frame
    python bench/probe.py tui-minimal         a minimal Textual app (one Static), same way

The TUI probes print ``FIRST_FRAME <seconds>``: wall time from the moment the
runner started the process (``NJ_BENCH_T0``, set just before the spawn) to the
first screen being mounted and laid out, i.e. what a person waits for before
the app is usable. Both probes measure it identically, so the ratio is fair.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def _t0() -> float:
    return float(os.environ.get("NJ_BENCH_T0") or time.time())


def cmd_open(data_dir: str) -> int:
    """Opening the store as a process: config, then every activity partition parsed once."""
    from netjournal.journal import Journal

    journal = Journal.open(data_dir)
    print(journal.activities.count_activities())
    return 0


def cmd_insert(data_dir: str, count: int) -> int:
    """In-process cost of one insert: the first (reads the month file) and later ones."""
    from netjournal.journal import ActivityInput, Journal

    journal = Journal.open(data_dir)
    timings: list[float] = []
    for i in range(count):
        inp = ActivityInput(mode="online", duration="1m", note=f"bench insert {i}", channel="x")
        start = time.perf_counter()
        journal.activities.log(inp)
        timings.append(time.perf_counter() - start)
    result: dict[str, Any] = {
        "first_ms": timings[0] * 1000,
        "later_median_ms": statistics.median(timings[1:]) * 1000 if count > 1 else None,
        "activities": journal.activities.count_activities(),
    }
    print("INSERT " + json.dumps(result))
    return 0


def cmd_tinydb_make(path: str, count: int) -> int:
    """A store as TinyDB would keep it by default: one JSON file, every document in it."""
    from tinydb import TinyDB

    from netjournal.sample_data import benchmark_journal

    docs = [a.to_dict() for a in benchmark_journal(_today(), years=10, seed=1).activities[:count]]
    Path(path).unlink(missing_ok=True)
    with TinyDB(path) as db:
        db.table("activities").insert_multiple(docs)
    print(len(docs))
    return 0


def cmd_tinydb_insert(path: str) -> int:
    """One insert into the single-file default store, as a whole process."""
    from tinydb import TinyDB

    with TinyDB(path) as db:
        db.table("activities").insert({"note": "bench", "minutes": 30, "mode": "online"})
    return 0


def _today() -> Any:
    from netjournal.clock import today

    return today()


def _run_headless(app: Any) -> int:
    t0 = _t0()

    async def first_frame(pilot: Any) -> None:
        await pilot.pause()
        print(f"FIRST_FRAME {time.time() - t0:.4f}", flush=True)
        pilot.app.exit()

    app.run(headless=True, size=(100, 30), auto_pilot=first_frame)
    return 0


def cmd_tui(data_dir: str) -> int:
    from netjournal.journal import Journal
    from netjournal.tui import make_app

    return _run_headless(make_app(Journal.open(data_dir)))


def cmd_tui_minimal() -> int:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Minimal(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("netjournal")

    return _run_headless(Minimal())


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    cmd, rest = argv[0], argv[1:]
    if cmd == "open":
        return cmd_open(rest[0])
    if cmd == "insert":
        return cmd_insert(rest[0], int(rest[1]))
    if cmd == "tinydb-make":
        return cmd_tinydb_make(rest[0], int(rest[1]))
    if cmd == "tinydb-insert":
        return cmd_tinydb_insert(rest[0])
    if cmd == "tui":
        return cmd_tui(rest[0])
    if cmd == "tui-minimal":
        return cmd_tui_minimal()
    print(f"probe: unknown command {cmd!r}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
