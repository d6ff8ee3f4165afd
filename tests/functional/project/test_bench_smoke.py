"""The benchmark harness runs end to end (bench/ is not otherwise part of the suite).

Generates a one-year journal, runs every case once in ``--quick`` mode and
checks the report names each case with a figure. No timing is asserted: the
figures of a smoke run on a busy machine mean nothing; the point is that
``python bench/run.py`` still works after the code it measures has changed.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *argv], cwd=REPO, capture_output=True, text=True, timeout=300, check=False
    )


def test_generate_and_quick_bench_run_write_a_report_with_every_case(tmp_path: Path) -> None:
    data = tmp_path / "bench-data"
    gen = _run(
        "bench/generate.py",
        "--data-dir",
        str(data),
        "--years",
        "1",
        "--seed",
        "1",
        "--today",
        "2026-11-25",
    )
    assert gen.returncode == 0, gen.stderr
    info = json.loads((data / "bench-generated.json").read_text())
    assert info["activities"] == len(list(_activity_ids(data)))
    assert 3_000 < info["activities"] < 5_000  # one year at the 10-year benchmark's density

    again = _run("bench/generate.py", "--data-dir", str(data), "--years", "1")
    assert again.returncode == 2 and "already holds a store" in again.stderr

    results = tmp_path / "RESULTS.md"
    run = _run(
        "bench/run.py",
        "--data-dir",
        str(data),
        "--runs",
        "1",
        "--quick",
        "--results",
        str(results),
        "--work-dir",
        str(tmp_path / "work"),
    )
    assert run.returncode == 0, run.stdout + run.stderr
    report = results.read_text()
    assert "Smoke run" in report
    assert f"{info['activities']:,} activities" in report
    cases = ("log_empty", "log_big", "log_big_with", "open_big", "list_week_json")
    for case in (*cases, "timer_start", "timer_stop", "timer_status"):
        assert re.search(rf"^\| `{case}` \| .* \| [\d,]+ ms \|", report, re.M), case
    assert "| log: benchmark store vs empty store |" in report


def test_generate_is_deterministic_for_a_seed(tmp_path: Path) -> None:
    stores = []
    for name in ("a", "b"):
        data = tmp_path / name
        gen = _run(
            "bench/generate.py",
            "--data-dir",
            str(data),
            "--years",
            "0.1",
            "--seed",
            "7",
            "--today",
            "2026-11-25",
        )
        assert gen.returncode == 0, gen.stderr
        stores.append(
            {
                p.relative_to(data).as_posix(): p.read_bytes()
                for p in sorted((data / "store").rglob("*.json"))
            }
        )
    assert stores[0] == stores[1]
    assert any(k.startswith("store/activities/") for k in stores[0])


def _activity_ids(data: Path) -> list[str]:
    ids: list[str] = []
    for path in (data / "store" / "activities").glob("*.json"):
        doc = json.loads(path.read_text())
        ids.extend(doc["activities"])
    return ids


def test_a_target_is_judged_by_the_median_of_per_round_ratios() -> None:
    """Each round's runs are paired: a slow minute then meets a slow minute."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_run", REPO / "bench" / "run.py")
    assert spec and spec.loader
    run = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = run  # its dataclasses look their module up there
    spec.loader.exec_module(run)
    from timing import Case, Sample  # bench/run.py put bench/ on the path

    def case(key: str, *seconds: float, failed: int | None = None) -> Case:
        c = Case(key, key, argv=["true"])
        c.samples = [Sample(s, 0, 1 if i == failed else 0) for i, s in enumerate(seconds)]
        return c

    # The host runs at half speed in rounds 2-3 and slows down again during round 4: the
    # medians pair trends' slow runs with log's fast ones (3x); the median round says 1.5x.
    trends = case("trends", 0.15, 0.30, 0.30, 0.30, 0.15)
    log = case("log", 0.10, 0.20, 0.20, 0.10, 0.10)
    assert run._per_round(trends, log, False) == pytest.approx(1.5)
    # A failed run leaves its round out; a case with fewer runs is paired by round.
    assert run._per_round(case("a", 1.0, 9.0, 3.0, failed=1), case("b", 1.0, 1.0), False) == 1.0
    tui = Case("tui", "tui", argv=["true"])
    tui.samples = [Sample(0.5, 0, 0, first_frame=0.3), Sample(0.5, 0, 0, first_frame=0.3)]
    minimal = Case("min", "min", argv=["true"])
    minimal.samples = [Sample(0.5, 0, 0, first_frame=0.2), Sample(0.5, 0, 0, first_frame=0.2)]
    assert run._per_round(tui, minimal, True) == pytest.approx(1.5)
