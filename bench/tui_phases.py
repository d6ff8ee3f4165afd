"""Where the app's first frame goes: start-up, imports, store calls, Textual's own work.

    python bench/tui_phases.py DIR [--repeat 3]

Runs ``bench/probe.py``'s measurement (app over the journal in DIR, headless,
until the first frame) in fresh processes, with every public ``Journal``
method wrapped in a timer, and prints the medians per phase. Used to explain
a missed "first frame within 1.5x of a minimal app" target (issue 4): the
part that grows with the journal is the store calls; the rest is fixed cost.
"""

from __future__ import annotations

import functools
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def measure(data_dir: str) -> dict[str, float]:
    """One process's phases, in seconds (run in a fresh interpreter)."""
    t0 = float(os.environ["NJ_BENCH_T0"])
    phases: dict[str, float] = {"interpreter start-up": time.time() - t0}
    sys.path.insert(0, str(REPO))

    def timed(label: str, fn: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        result = fn()
        phases[label] = phases.get(label, 0.0) + time.perf_counter() - start
        return result

    timed("import textual.app", lambda: __import__("textual.app"))
    timed("import netjournal.journal (+ tinydb, domain)", lambda: __import__("netjournal.journal"))
    timed("import netjournal.tui.app (+ widgets)", lambda: __import__("netjournal.tui.app"))
    from netjournal.journal import Journal
    from netjournal.tui import make_app

    depth = [0]

    def wrap(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if depth[0]:
                return fn(*args, **kwargs)
            depth[0] += 1
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                depth[0] -= 1
                key = f"Journal.{name}"
                phases[key] = phases.get(key, 0.0) + time.perf_counter() - start

        return wrapper

    for name, attr in list(vars(Journal).items()):
        if (
            name.startswith("_")
            or not callable(attr)
            or isinstance(attr, staticmethod | classmethod)
        ):
            continue
        setattr(Journal, name, wrap(name, attr))

    journal = timed("Journal.open", lambda: Journal.open(data_dir))
    app = timed("make_app", lambda: make_app(journal))

    async def first_frame(pilot: Any) -> None:
        await pilot.pause()
        phases["first frame (total since start)"] = time.time() - t0
        pilot.app.exit()

    app.run(headless=True, size=(100, 30), auto_pilot=first_frame)
    return phases


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--child":
        print("PHASES " + json.dumps(measure(argv[1])), flush=True)
        return 0
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 3
    runs: list[dict[str, float]] = []
    for _ in range(repeat):
        env = {**os.environ, "NJ_BENCH_T0": repr(time.time())}
        out = subprocess.run(
            [sys.executable, __file__, "--child", argv[0]],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        ).stdout
        runs.append(json.loads(next(x for x in out.splitlines() if x.startswith("PHASES "))[7:]))
    keys = list(runs[0])
    total = statistics.median(r["first frame (total since start)"] for r in runs)
    accounted = 0.0
    print(f"{'phase':<52} {'median ms':>10}")
    for key in keys:
        value = statistics.median(r.get(key, 0.0) for r in runs)
        if key != "first frame (total since start)":
            accounted += value
        print(f"{key:<52} {value * 1000:>10.0f}")
    print(
        f"{'Textual: compose, CSS, layout, render (the rest)':<52} {(total - accounted) * 1000:>10.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
