"""Write the synthetic benchmark journal into a real netjournal store.

    python bench/generate.py --data-dir /tmp/nj-bench [--years 10] [--seed 1] [--today 2026-11-25]

Ten years is ≈40,000 activities, 2,000 contacts and 8,000 conversations
(:func:`netjournal.sample_data.benchmark_journal`). The data goes through the
facade (``Journal.load_sample``), so the result is exactly the store a user
with that history would have: month-partitioned activity files, contacts,
conversations, a target and a config file.

Deterministic: the same ``--seed`` and ``--today`` give byte-identical store
files. ``--today`` defaults to ``NETJOURNAL_TODAY`` or the system date; the
benchmark runner pins it so every run measures the same data.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import replace
from datetime import UTC, date, datetime, time
from pathlib import Path
from time import perf_counter
from typing import TYPE_CHECKING

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run from a checkout without installing the package
    sys.path.insert(0, str(REPO))

INFO_FILE = "bench-generated.json"

if TYPE_CHECKING:
    from netjournal.sample_data import SampleJournal


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", required=True, type=Path, help="netjournal home to create")
    parser.add_argument(
        "--years",
        type=float,
        default=10,
        help="years of history (default 10; fractions allowed, e.g. 0.25 ≈ 1,000 activities)",
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        default=None,
        help="last day of the history, YYYY-MM-DD (default NETJOURNAL_TODAY or today)",
    )
    parser.add_argument(
        "--force", action="store_true", help="write even if DIR already holds a store"
    )
    args = parser.parse_args(argv)
    if not 0 < args.years <= 50:
        parser.error("--years must be more than 0 and at most 50")
    return args


def days_for(years: float) -> int:
    """Days in ``years`` years, counting leap days as ``benchmark_journal`` does."""
    whole = int(years)
    if whole == years:
        return 365 * whole + whole // 4
    return max(1, round(365.25 * years))


def build_sample(years: float, seed: int, today: date) -> SampleJournal:
    """The synthetic journal: the 10-year benchmark's density over ``years`` years.

    ``benchmark_journal`` always spreads 40,000 activities over the period;
    here the *rate* is kept (≈4,000 activities, 200 contacts and 800
    conversations a year), so ``--years 1`` is a one-year journal of the same
    person, and ``--years 10`` is exactly ``benchmark_journal(today, 10, seed)``.
    """
    from netjournal.sample_data import generate

    ten_year_days = days_for(10)
    sample = generate(
        end=today,
        days=days_for(years),
        activities_per_week=40_000 / (ten_year_days / 7),
        contacts=max(24, round(2_000 * years / 10)),
        conversations_per_week=8_000 / (ten_year_days / 7),
        seed=seed,
    )
    # sample_data gives targets a random id and "now" as timestamps; pin them
    # so the same seed and day give byte-identical store files.
    stamp = datetime.combine(today, time(12, 0), tzinfo=UTC)
    sample.targets = [
        replace(
            t,
            id=f"{random.Random(f'{seed}-target-{i}').getrandbits(128):032x}",
            created=stamp,
            updated=stamp,
        )
        for i, t in enumerate(sample.targets)
    ]
    return sample


def write_sample(data_dir: Path, sample: SampleJournal) -> dict[str, int]:
    """Write ``sample`` through the facade, as one locked bulk transaction."""
    from netjournal.journal import Journal
    from netjournal.paths import ensure_private_dir

    journal = Journal.open(data_dir)
    ensure_private_dir(journal.paths.data_dir)
    return journal.maintenance.load_sample(sample)


def generate(data_dir: Path, *, years: float, seed: int, today: date) -> dict[str, int]:
    """Generate and write the journal; returns how many records of each kind."""
    return write_sample(data_dir, build_sample(years, seed, today))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from netjournal.clock import today as clock_today

    today = args.today or clock_today()
    store = args.data_dir / "store"
    if store.exists() and any(store.rglob("*.json")) and not args.force:
        print(
            f"generate: {store} already holds a store; choose an empty --data-dir or pass --force",
            file=sys.stderr,
        )
        return 2
    started = perf_counter()
    counts = generate(args.data_dir, years=args.years, seed=args.seed, today=today)
    elapsed = perf_counter() - started
    # How this store was made, so bench/run.py can report it (outside store/).
    info = {"years": args.years, "seed": args.seed, "today": today.isoformat(), **counts}
    (args.data_dir / INFO_FILE).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    print(
        f"generated {summary} ending {today.isoformat()} (seed {args.seed}) "
        f"in {args.data_dir} in {elapsed:.1f}s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
