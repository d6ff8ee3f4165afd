"""Whole-process timing: interleaved rounds, medians, and each child's peak memory.

Why whole processes: a user waits for ``netjournal log`` from the moment the
shell starts Python until the prompt comes back, so interpreter start-up,
imports, reading, writing and exit all count. Why interleaved rounds: the
benchmark machine has two cores shared with other work; running case A five
times and then case B five times would let a burst of background load land on
one case only. Round-robin (A B C, A B C, …) runs every case once per round,
within seconds, so a ratio taken within a round compares two runs that met the
same speed of the machine even when absolute times drift (``run.py`` judges
targets by the median of those per-round ratios).

Peak memory is each command's own maximum RSS. ``RUSAGE_CHILDREN`` would mix
cases, and even a single child's ``wait4`` figure starts at the runner's own
size (Linux copies the high-water mark across fork/exec), so the command runs
under GNU ``time -f %M`` when it is installed; ``wait4`` is the fallback.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: GNU time, used only to read each command's own peak RSS (``-f %M``).
GNU_TIME = shutil.which("time", path="/usr/bin:/bin") if os.name == "posix" else None


@dataclass(frozen=True, slots=True)
class Sample:
    """One run of one case."""

    seconds: float
    peak_kib: int
    returncode: int
    first_frame: float | None = None  # TUI probes report process start → first frame


@dataclass(slots=True)
class Case:
    """A command to time, with an optional per-run preparation step (not timed).

    ``prepare`` returns the argv to run (so it can point at a fresh copy of a
    store, for commands that write). ``cwd``/``env`` are passed to the child.
    """

    key: str
    label: str
    argv: Sequence[str] | None = None
    prepare: Callable[[int], Sequence[str]] | None = None
    env: dict[str, str] | None = None
    cwd: Path | None = None
    runs: int | None = None  # fewer runs for very slow cases (never below 5 in a full run)
    solo: bool = False  # too slow to repeat: one run after the interleaved rounds
    samples: list[Sample] = field(default_factory=list)
    command_shown: str = ""

    def argv_for(self, round_no: int) -> Sequence[str]:
        if self.prepare is not None:
            return self.prepare(round_no)
        assert self.argv is not None
        return self.argv

    @property
    def ok_samples(self) -> list[Sample]:
        return [s for s in self.samples if s.returncode == 0]

    @property
    def median(self) -> float | None:
        ok = self.ok_samples
        return statistics.median(s.seconds for s in ok) if ok else None

    @property
    def median_first_frame(self) -> float | None:
        frames = [s.first_frame for s in self.ok_samples if s.first_frame is not None]
        return statistics.median(frames) if frames else None

    @property
    def peak_mib(self) -> float | None:
        ok = self.ok_samples
        return max(s.peak_kib for s in ok) / 1024 if ok else None

    @property
    def failures(self) -> int:
        return len(self.samples) - len(self.ok_samples)


def run_once(
    argv: Sequence[str], *, env: dict[str, str] | None, cwd: Path | None, log: Path | None = None
) -> Sample:
    """Start ``argv``, wait for it, and return wall time and its own peak RSS.

    Output goes to ``log`` (appended) or is discarded, so terminal speed
    never enters the figure. A probe may print ``FIRST_FRAME <seconds>`` on
    stdout; that is picked up when ``log`` is given.
    """
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - closed below
    mark = log.stat().st_size if log and log.exists() else 0
    child_env = dict(os.environ if env is None else env)
    rss_file = None
    if GNU_TIME is not None:
        # Linux hands a child its parent's RSS high-water mark at fork/exec, so
        # wait4's ru_maxrss can never be below the runner's own size. GNU time
        # is a tiny parent: the rusage it reports is the command's own.
        fd, rss_name = tempfile.mkstemp(prefix="nj-rss-", suffix=".txt")
        os.close(fd)
        rss_file = Path(rss_name)
        argv = [GNU_TIME, "-f", "%M", "-o", str(rss_file), *argv]
    try:
        child_env["NJ_BENCH_T0"] = repr(time.time())  # probes measure "start → first frame"
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(argv),
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=child_env,
            cwd=cwd,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if log:
            out.close()  # type: ignore[union-attr]
    peak_kib = int(usage.ru_maxrss)
    if rss_file is not None:
        try:
            lines = rss_file.read_text().split()
            peak_kib = int(lines[-1]) if lines else peak_kib
        except (OSError, ValueError):
            pass
        rss_file.unlink(missing_ok=True)
    first_frame = None
    if log:
        with open(log, "rb") as fh:
            fh.seek(mark)
            for line in fh.read().decode("utf-8", "replace").splitlines():
                if line.startswith("FIRST_FRAME "):
                    first_frame = float(line.split()[1])
    return Sample(elapsed, peak_kib, proc.returncode, first_frame)


def run_interleaved(
    cases: Sequence[Case],
    runs: int,
    *,
    warmup: bool,
    log: Path,
    progress: Callable[[str], None] = print,
) -> None:
    """Run every case ``runs`` times, round-robin; a warm-up round is not recorded.

    The warm-up round fills the OS page cache and the bytecode cache, which a
    user's machine has warm too after the first use of the day.
    """
    total_rounds = runs + (1 if warmup else 0)
    for round_no in range(total_rounds):
        recording = round_no >= (1 if warmup else 0)
        for case in cases:
            wanted = case.runs if case.runs is not None else runs
            if recording and len(case.samples) >= wanted:
                continue
            argv = case.argv_for(round_no)
            if not case.command_shown:
                case.command_shown = " ".join(_quote(a) for a in argv)
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(f"\n### round {round_no} {case.key}: {case.command_shown}\n")
            sample = run_once(argv, env=case.env, cwd=case.cwd, log=log)
            if recording:
                case.samples.append(sample)
            status = "" if sample.returncode == 0 else f"  FAILED (exit {sample.returncode})"
            progress(
                f"  {'round ' + str(round_no) if recording else 'warm-up'}: "
                f"{case.key:<28} {sample.seconds * 1000:8.0f} ms{status}"
            )


def _quote(arg: str) -> str:
    import shlex

    return shlex.quote(arg)
