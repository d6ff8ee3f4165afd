"""The app's first frame against a one-``Static`` app, interleaved: only the TUI case of run.py.

    python bench/first_frame.py DIR [--rounds 15] [--tree PATH ...]

Runs ``bench/probe.py tui-minimal`` and ``bench/probe.py tui`` (on a copy of
the journal in DIR, made once per tree under the work dir) in turn, one
unrecorded warm-up round and then ``--rounds`` recorded ones, with the same
environment ``run.py`` gives its children (``NJ_BENCH_T0`` set just before the
spawn, byte-code cached, ``NETJOURNAL_TODAY`` from the generated journal).
Each ``--tree`` is another checkout of netjournal (say, the commit before a
change), measured in the same rounds, so a before/after comparison meets the
same background load. Prints medians, ratios to the minimal app and the
median of the per-round ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", type=Path, help="the benchmark journal (bench/generate.py)")
    parser.add_argument("--rounds", type=int, default=15, help="recorded rounds (default 15)")
    parser.add_argument("--tree", type=Path, action="append", default=[], help="another checkout")
    parser.add_argument("--work-dir", type=Path, default=None, help="scratch dir (default: temp)")
    args = parser.parse_args(argv)
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="nj-first-frame-"))
    work.mkdir(parents=True, exist_ok=True)
    meta = args.data_dir / "bench-generated.json"
    today = json.loads(meta.read_text())["today"] if meta.exists() else None
    trees = [REPO, *(t.resolve() for t in args.tree)]
    variants: dict[str, tuple[Path, list[str]]] = {"minimal": (REPO, ["tui-minimal"])}
    for n, tree in enumerate(trees):
        store = work / f"store-{n}"
        if not store.exists():
            shutil.copytree(args.data_dir, store)
        variants["app" if n == 0 else f"tree{n}:{tree.name}"] = (tree, ["tui", str(store)])
    env = {k: v for k, v in os.environ.items() if k not in ("NETJOURNAL_HOME", "COLUMNS")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(NO_COLOR="1", HOME=str(work / "home"))
    if today:
        env["NETJOURNAL_TODAY"] = today
    times: dict[str, list[float]] = {name: [] for name in variants}
    for round_no in range(args.rounds + 1):
        for name, (tree, probe_args) in variants.items():
            child = dict(env, PYTHONPATH=str(tree), PYTHONPYCACHEPREFIX=str(work / f"pyc-{name}"))
            child["NJ_BENCH_T0"] = repr(time.time())
            out = subprocess.run(
                [sys.executable, str(tree / "bench" / "probe.py"), *probe_args],
                env=child,
                capture_output=True,
                text=True,
                check=False,
            )
            marks = [line for line in out.stdout.splitlines() if line.startswith("FIRST_FRAME")]
            if not marks:
                print(f"{name}: no FIRST_FRAME\n{out.stderr[-2000:]}", file=sys.stderr)
                return 1
            if round_no:  # round 0 warms the page and byte-code caches
                times[name].append(float(marks[0].split()[1]))
    minimal = statistics.median(times["minimal"])
    print(f"{args.rounds} interleaved rounds, load average {os.getloadavg()[0]:.2f}")
    for name, values in times.items():
        median = statistics.median(values)
        per_round = statistics.median(a / b for a, b in zip(values, times["minimal"], strict=True))
        print(
            f"  {name:24s} {median * 1000:5.0f} ms  {median / minimal:.2f}x"
            f"  (per round {per_round:.2f}x; fastest {min(values) * 1000:.0f} ms)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
