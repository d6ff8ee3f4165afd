"""Child processes for the robustness tests (run as a script, not collected by pytest).

Modes:

``killpoint PHASE SKIP -- CLI ARGS``
    Run the real CLI, but stop forever at a chosen point of a store write:
    ``before-fsync`` (temp file written, not yet synced), ``before-replace``
    (synced, not yet renamed over the old file) or ``after-replace``
    (renamed, directory not yet synced). ``SKIP`` writes pass first. The
    driver prints ``KILLPOINT`` on stderr when it stops, so the test can
    SIGKILL it at exactly that instant.
``cli-loop N PREFIX DAYS``
    Call the CLI entry point N times in this process (``netjournal log ...``),
    printing each new id: the CLI's write path without N interpreter starts.
``facade-loop N PREFIX DAYS``
    The TUI's write path: ``Journal.log`` N times on one long-lived
    ``Journal`` (the TUI keeps one open, with warm caches).
``reader STOPFILE``
    Read every activity again and again through a long-lived ``Journal``
    and a fresh one until STOPFILE exists; print how many reads and every
    error (never stopping on one).
``hold-lock``
    Take the store lock, print ``LOCKED``, and sleep (to be killed).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import Any


def _stop_at(phase: str, skip: int) -> None:
    """Patch ``os.fsync``/``os.replace`` so the chosen write pauses until killed."""
    seen = {"n": 0}

    def pause_here() -> bool:
        if seen["n"] < skip:
            seen["n"] += 1
            return False
        sys.stderr.write(f"KILLPOINT {phase}\n")
        sys.stderr.flush()
        time.sleep(3600)
        return True

    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        # only the temp file's fsync (a regular file), not the directory's
        if phase == "before-fsync" and not os.path.isdir(f"/proc/self/fd/{fd}"):
            pause_here()
        real_fsync(fd)

    def replace(src: Any, dst: Any, **kw: Any) -> None:
        if phase == "before-replace":
            pause_here()
        real_replace(src, dst, **kw)
        if phase == "after-replace":
            pause_here()

    os.fsync = fsync  # type: ignore[assignment]
    os.replace = replace  # type: ignore[assignment]


def _log_args(i: int, prefix: str, days: int) -> list[str]:
    day = 1 + i % days
    args = ["log", "online", "1m", f"{prefix}-{i}", "--date", f"2026-11-{day:02d}", "--json"]
    if i % 5 == 0:
        args += ["--with", "Teresa Chinn"]
    return args


def cli_loop(n: int, prefix: str, days: int) -> None:
    import io
    from contextlib import redirect_stdout

    import orjson

    from netjournal.cli import main

    for i in range(n):
        buf = io.StringIO()
        with redirect_stdout(buf):
            code = main(_log_args(i, prefix, days))
        if code != 0:
            print(f"FAILED {i} exit {code}", flush=True)
            continue
        print(orjson.loads(buf.getvalue())["id"], flush=True)


def facade_loop(n: int, prefix: str, days: int) -> None:
    from netjournal.journal import ActivityInput, Journal

    journal = Journal.open()
    for i in range(n):
        contacts = ("Teresa Chinn",) if i % 5 == 0 else None
        inp = ActivityInput(
            mode="offline",
            duration="1m",
            note=f"{prefix}-{i}",
            date=f"2026-11-{1 + i % days:02d}",
            contacts=contacts,
            tags=(),
        )
        print(journal.activities.log(inp).activity.id, flush=True)
        journal.activities.list_activities()  # the TUI refreshes its list after each save


def reader(stop_file: str) -> None:
    from netjournal.journal import Journal

    warm = Journal.open()
    reads = errors = 0
    while not os.path.exists(stop_file) or reads == 0:
        for journal in (warm, Journal.open()):
            try:
                journal.activities.list_activities()
                journal.activities.contacts_by_id()
                reads += 1
            except Exception as exc:  # report every failure; the test asserts none
                errors += 1
                print(f"ERROR {type(exc).__name__}: {exc}", flush=True)
    print(f"READS {reads} ERRORS {errors}", flush=True)


def hold_lock() -> None:
    from netjournal.journal import Journal

    journal = Journal.open()
    with journal.transaction():
        print("LOCKED", flush=True)
        time.sleep(3600)


def main(argv: list[str]) -> int:
    mode, rest = argv[0], argv[1:]
    if mode == "killpoint":
        phase, skip = rest[0], int(rest[1])
        cli_args = rest[rest.index("--") + 1 :]
        _stop_at(phase, skip)
        from netjournal.cli import main as cli_main

        return cli_main(cli_args)
    loops: dict[str, Callable[[int, str, int], None]] = {
        "cli-loop": cli_loop,
        "facade-loop": facade_loop,
    }
    if mode in loops:
        loops[mode](int(rest[0]), rest[1], int(rest[2]))
        return 0
    if mode == "reader":
        reader(rest[0])
        return 0
    if mode == "hold-lock":
        hold_lock()
        return 0
    print(f"unknown mode {mode}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
