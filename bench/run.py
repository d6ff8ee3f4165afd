"""Benchmark netjournal as a user meets it: whole processes, medians, ratios.

    python bench/run.py --data-dir /tmp/nj-bench [--runs 7] [--quick] [--no-compare]

If DIR holds no store yet, the 10-year synthetic journal is generated first
(``bench/generate.py``). DIR itself is never written: commands that write run
on a fresh copy of it for every run, so every run of ``log`` meets the same
40k store (and the same day's total). Results go to ``bench/RESULTS.md``
(``--results`` to change); every child's output is kept in ``<work>/bench.log``.

What is measured and why each figure matters is in ``bench/README.md``.
``--quick`` (used by the smoke test) skips the warm-up round, the jrnl/Watson
comparison and the storage baselines; its numbers prove the harness runs,
nothing more.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
for p in (REPO, BENCH):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from timing import Case, Sample, run_interleaved  # noqa: E402

DEFAULT_TODAY = "2026-11-25"
LOG_ARGS = ["log", "online", "20m", "Replied to the #WeNurses chat", "--channel", "x"]
LOG_ARGS += ["--purpose", "maintain"]
JRNL_ADD_TEXT = "Replied to the WeNurses chat. online 20m on x, maintain-connections."


@dataclass(frozen=True, slots=True)
class Ratio:
    """A target stated by an issue: ``numerator / denominator`` within ``limit``."""

    label: str
    numerator: str
    denominator: str
    limit: float
    kind: str  # "at most" (ratio ≤ limit) or "faster" (denominator/numerator ≥ limit)
    source: str


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", required=True, type=Path, help="the benchmark journal")
    parser.add_argument("--runs", type=int, default=7, help="recorded runs per case (default 7)")
    parser.add_argument("--quick", action="store_true", help="smoke mode: no warm-up, no extras")
    parser.add_argument("--no-compare", action="store_true", help="skip jrnl and Watson")
    parser.add_argument("--years", type=float, default=10, help="years to generate if DIR is empty")
    parser.add_argument("--seed", type=int, default=1, help="seed to generate with (default 1)")
    parser.add_argument(
        "--today",
        default=None,
        help=f"pinned 'today' (default: the store's generation date, else {DEFAULT_TODAY})",
    )
    parser.add_argument("--results", type=Path, default=BENCH / "RESULTS.md")
    parser.add_argument("--work-dir", type=Path, default=None, help="scratch dir (default: temp)")
    parser.add_argument(
        "--bench-venv",
        type=Path,
        default=Path(os.environ.get("NJ_BENCH_VENV", "/work/bench-venv")),
        help="virtualenv holding jrnl 4.6 and td-watson (see bench/README.md)",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.today is not None:
        date.fromisoformat(args.today)
    return args


class Bench:
    """Builds the cases, runs them, and writes RESULTS.md."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.data_dir: Path = args.data_dir.resolve()
        made = self.generated_with()
        if args.today is None:
            args.today = str(made["today"]) if made else DEFAULT_TODAY
        self.today = date.fromisoformat(args.today)
        self.years = float(made["years"]) if made else args.years
        self.seed = int(made["seed"]) if made else args.seed
        self.work = (args.work_dir or Path(tempfile.mkdtemp(prefix="nj-bench-work-"))).resolve()
        self.work.mkdir(parents=True, exist_ok=True)
        self.log = self.work / "bench.log"
        self.log.write_text("", encoding="utf-8")
        self.py = sys.executable
        self.env = self._child_env()
        self.cases: list[Case] = []
        self.notes: list[str] = []
        self.versions: dict[str, str] = {}
        self._cache_dirs: dict[Path, Path] = {}

    # -- environment -------------------------------------------------------

    def _child_env(self) -> dict[str, str]:
        """The same environment for every netjournal child process.

        Byte-code is cached under the work dir (``PYTHONPYCACHEPREFIX``) even
        when the shell sets ``PYTHONDONTWRITEBYTECODE``: an installed package
        has compiled ``.pyc`` files, and recompiling every module on every run
        would measure the compiler, not netjournal. The checkout stays clean.
        """
        # Each copy keeps its derived cache where a user's journal would: in the
        # user cache dir (under the work dir's HOME), one folder per data folder.
        dropped = ("NETJOURNAL_HOME", "NETJOURNAL_CACHE_DIR", "COLUMNS")
        env = {k: v for k, v in os.environ.items() if k not in dropped}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.update(
            NETJOURNAL_TODAY=self.args.today,
            PYTHONPATH=os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
            PYTHONPYCACHEPREFIX=str(self.work / "pycache"),
            NO_COLOR="1",
            HOME=str(self.work / "home"),
            XDG_CONFIG_HOME=str(self.work / "home" / ".config"),
            XDG_DATA_HOME=str(self.work / "home" / ".local" / "share"),
            XDG_CACHE_HOME=str(self.work / "home" / ".cache"),
        )
        (self.work / "home").mkdir(exist_ok=True)
        return env

    def say(self, text: str) -> None:
        print(text, flush=True)

    def nj(self, data_dir: Path, *argv: str) -> list[str]:
        return [self.py, "-m", "netjournal", "--data-dir", str(data_dir), *argv]

    def call(self, argv: Sequence[str], env: dict[str, str] | None = None) -> str:
        """Run a set-up step (untimed); stop the benchmark with its output if it fails."""
        proc = subprocess.run(
            list(argv), env=env or self.env, capture_output=True, text=True, check=False
        )
        if proc.returncode != 0:
            raise SystemExit(
                f"bench: set-up step failed ({' '.join(argv)}):\n{proc.stdout}{proc.stderr}"
            )
        return proc.stdout

    def fresh_copy(self, src: Path | None, name: str) -> Path:
        """A private copy of ``src`` (or a new empty dir) for one run of a writing command."""
        dest = self.work / "runs" / name
        if dest.exists():
            shutil.rmtree(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        if src is None:
            dest.mkdir()
        elif src.is_dir():
            shutil.copytree(src, dest)
        else:
            dest.mkdir()
            shutil.copy2(src, dest / src.name)
        return dest

    # -- data --------------------------------------------------------------

    def ensure_store(self) -> None:
        store = self.data_dir / "store"
        if store.is_dir() and any(store.rglob("*.json")):
            return
        self.say(f"generating {self.args.years:g} years into {self.data_dir} …")
        out = self.call(
            [
                self.py,
                str(BENCH / "generate.py"),
                "--data-dir",
                str(self.data_dir),
                "--years",
                f"{self.args.years:g}",
                "--seed",
                str(self.args.seed),
                "--today",
                self.args.today,
            ]
        )
        self.say(out.strip())

    def prime(self, data_dir: Path) -> None:
        """Make the day's automatic backup, so timed writes are not the day's first."""
        code = (
            "import sys; from netjournal.journal import Journal\n"
            "j = Journal.open(sys.argv[1])\n"
            "with j.transaction(): pass\n"
        )
        self.call([self.py, "-c", code, str(data_dir)])

    def templates(self) -> None:
        """The stores the cases start from, all derived from ``--data-dir``."""
        self.say("preparing stores …")
        self.big_unprimed = self.work / "big-unprimed"
        if self.big_unprimed.exists():
            shutil.rmtree(self.big_unprimed)
        shutil.copytree(self.data_dir, self.big_unprimed, ignore=shutil.ignore_patterns("backups"))
        self.big = self.work / "big"
        if self.big.exists():
            shutil.rmtree(self.big)
        shutil.copytree(self.big_unprimed, self.big)
        self.prime(self.big)
        count = self.call([self.py, str(BENCH / "probe.py"), "open", str(self.big)]).strip()
        self.activities = int(count)
        from netjournal.journal import Journal

        journal = Journal.open(self.big)
        contacts = sorted(journal.repos.contacts.all(), key=lambda c: c.name)
        self.contact_names = [c.name for c in contacts[:2]]
        self.store_mib = sum(p.stat().st_size for p in (self.big / "store").rglob("*.json")) / 2**20
        self.store_files = len(list((self.big / "store").rglob("*.json")))

    # -- cases -------------------------------------------------------------

    def add(self, case: Case) -> Case:
        case.env = case.env or self.env
        self.cases.append(case)
        return case

    def writer_case(self, key: str, label: str, src: Path | None, argv_tail: Sequence[str]) -> Case:
        def prepare(_round: int) -> list[str]:
            return self.nj(self.fresh_copy(src, key), *argv_tail)

        case = Case(key, label, prepare=prepare)
        case.command_shown = "netjournal --data-dir <fresh copy> " + " ".join(
            _shell(a) for a in argv_tail
        )
        return self.add(case)

    def reader_case(
        self,
        key: str,
        label: str,
        argv_tail: Sequence[str],
        runs: int | None = None,
        *,
        solo: bool = False,
    ) -> Case:
        case = Case(key, label, argv=self.nj(self.big, *argv_tail), runs=runs, solo=solo)
        case.command_shown = "netjournal --data-dir <benchmark store> " + " ".join(
            _shell(a) for a in argv_tail
        )
        return self.add(case)

    def review_after_case(
        self, key: str, label: str, first: Sequence[str] | None, review: Sequence[str] = ()
    ) -> Case:
        """``week --json`` on a fresh copy whose cache was warm, after running ``first``.

        The copy's cache is warmed by an untimed ``week`` (copying gives the
        files new identities); ``first`` (a ``log``) then changes the store as
        a user would just before looking at the week. With ``first=None`` the
        cache is deleted instead: the cost of the first review after an
        install, a restore or deleting the cache.
        """
        tail = list(review) or ["week", "--json"]

        def prepare(_round: int) -> list[str]:
            run_dir = self.fresh_copy(self.big, key)
            if first is None:
                shutil.rmtree(self.cache_dir_of(run_dir), ignore_errors=True)
            else:
                self.call(self.nj(run_dir, *tail))
                self.call(self.nj(run_dir, *first))
            return self.nj(run_dir, *tail)

        case = Case(key, label, prepare=prepare)
        setup = (
            "cache deleted"
            if first is None
            else "week --json; netjournal " + " ".join(_shell(a) for a in first)
        )
        case.command_shown = f"netjournal --data-dir <fresh copy; {setup}> " + " ".join(tail)
        return self.add(case)

    def cache_dir_of(self, data_dir: Path) -> Path:
        """Where netjournal keeps ``data_dir``'s derived cache, asked of netjournal itself
        in the children's environment (caches live outside the data folder)."""
        found = self._cache_dirs.get(data_dir)
        if found is None:
            code = "import sys; from netjournal.paths import Paths; "
            code += "print(Paths.resolve(sys.argv[1]).cache_dir)"
            found = Path(self.call([self.py, "-c", code, str(data_dir)]).strip())
            self._cache_dirs[data_dir] = found
        return found

    def has_command(self, *words: str) -> bool:
        proc = subprocess.run(
            [*self.nj(self.big, *words), "--help"], env=self.env, capture_output=True, check=False
        )
        if proc.returncode != 0:
            self.notes.append(f"`netjournal {' '.join(words)}` is not available yet: not measured.")
        return proc.returncode == 0

    def netjournal_cases(self) -> None:
        quick = self.args.quick
        runs = self.args.runs
        slow_runs = min(runs, 5) if runs >= 5 else runs
        self.writer_case("log_empty", "`log` on an empty store", None, LOG_ARGS)
        self.writer_case("log_big", "`log` on the benchmark store", self.big, LOG_ARGS)
        with_args = [*LOG_ARGS, "--with", self.contact_names[0]]
        self.writer_case(
            "log_big_with", "`log --with` a known contact, benchmark store", self.big, with_args
        )
        if not quick:
            self.writer_case(
                "log_big_first_of_day",
                "`log`, first write of the day (zips the daily backup)",
                self.big_unprimed,
                LOG_ARGS,
            )
        open_case = Case(
            "open_big",
            "open the store and read every activity file",
            argv=[self.py, str(BENCH / "probe.py"), "open", str(self.big)],
        )
        open_case.command_shown = "python bench/probe.py open <benchmark store>"
        self.add(open_case)
        self.reader_case("list_week_json", "`list --json` (this week)", ["list", "--json"])
        if self.has_command("search"):
            self.reader_case(
                "search",
                "`search` two words in all history (activities, conversations, contact notes)",
                ["search", "tissue", "viability", "--limit", "20"],
            )
        if self.has_command("week"):
            self.reader_case("week_json", "`week --json`", ["week", "--json"])
            self.review_after_case(
                "week_after_log",
                "`week --json` right after a `log` (that month's day totals worked out again)",
                LOG_ARGS,
            )
            self.review_after_case(
                "week_after_log_with",
                "`week --json` right after a `log --with` (contact facts worked out again too)",
                with_args,
            )
            self.review_after_case(
                "week_cold",
                "`week --json` with no derived cache (first run, or cache deleted)",
                None,
            )
        if self.has_command("trends"):
            self.reader_case(
                "trends_52", "`trends --weeks 52 --json`", ["trends", "--weeks", "52", "--json"]
            )
        if self.has_command("export", "cpd"):
            start = (self.today - timedelta(days=365 * 10 + 2)).isoformat()
            for fmt in ("csv",) if quick else ("csv", "md", "pdf"):
                out = self.work / f"cpd-10y.{fmt}"
                self.reader_case(
                    f"export_cpd_{fmt}",
                    f"`export cpd` of 10 years ({fmt})"
                    + (", one run after the others (too slow to repeat)" if fmt == "pdf" else ""),
                    [
                        "export",
                        "cpd",
                        "--from",
                        start,
                        "--to",
                        self.args.today,
                        "--format",
                        fmt,
                        "-o",
                        str(out),
                    ],
                    runs=slow_runs,
                    solo=fmt == "pdf",
                )
        if self.has_command("start"):
            self.timer_cases()
        if (REPO / "netjournal" / "tui" / "app.py").exists():
            probe = [self.py, str(BENCH / "probe.py")]
            tui = self.add(
                Case(
                    "tui_big",
                    "TUI first frame, benchmark store",
                    argv=[*probe, "tui", str(self.big)],
                )
            )
            tui.command_shown = "python bench/probe.py tui <benchmark store>"
            minimal = self.add(
                Case(
                    "tui_minimal",
                    "minimal Textual app (one Static) first frame",
                    argv=[*probe, "tui-minimal"],
                )
            )
            minimal.command_shown = "python bench/probe.py tui-minimal"
        else:
            self.notes.append(
                "the TUI (`netjournal/tui/app.py`) does not exist yet: first frame not measured."
            )

    def timer_cases(self) -> None:
        """``start``, ``status`` and ``stop`` of the running timer on the benchmark store.

        The clock is pinned with ``NETJOURNAL_NOW`` on the benchmark's day:
        the timer starts at noon and stops half an hour later.
        """
        start_env = {**self.env, "NETJOURNAL_NOW": f"{self.args.today}T12:00:00+00:00"}
        stop_env = {**self.env, "NETJOURNAL_NOW": f"{self.args.today}T12:30:00+00:00"}
        start_args = ["start", "online", "Webinar on safe staffing", "--channel", "webinar"]
        self.big_timer = self.work / "big-timer"
        if self.big_timer.exists():
            shutil.rmtree(self.big_timer)
        shutil.copytree(self.big, self.big_timer)
        self.call(self.nj(self.big_timer, *start_args), env=start_env)
        for key, label, src, tail, env in (
            ("timer_start", "`start` a timer, benchmark store", self.big, start_args, start_env),
            (
                "timer_stop",
                "`stop` the timer (logs it), benchmark store",
                self.big_timer,
                ["stop"],
                stop_env,
            ),
        ):
            case = self.writer_case(key, label, src, tail)
            case.env = env
        status = self.reader_case(
            "timer_status", "`status --json`, benchmark store", ["status", "--json"]
        )
        status.argv = self.nj(self.big_timer, "status", "--json")
        status.env = stop_env

    def baseline_cases(self) -> None:
        """Whole-process inserts: netjournal at 1k vs the big store, TinyDB's default at both."""
        small_dir = self.work / "small-1k"
        if not (small_dir / "store").exists():
            self.call(
                [
                    self.py,
                    str(BENCH / "generate.py"),
                    "--data-dir",
                    str(small_dir),
                    "--years",
                    "0.25",
                    "--seed",
                    str(self.args.seed),
                    "--today",
                    self.args.today,
                    "--force",
                ]
            )
            self.prime(small_dir)
        self.small = small_dir
        self.writer_case("log_1k", "`log` on a 1k-activity store", small_dir, LOG_ARGS)
        probe = [self.py, str(BENCH / "probe.py")]
        for n, key in ((1000, "tinydb_default_1k"), (self.activities, "tinydb_default_big")):
            path = self.work / f"{key}.json"
            self.call([*probe, "tinydb-make", str(path), str(n)])
            case = self.add(
                Case(
                    key,
                    f"TinyDB default JSONStorage, one insert at {n:,} docs",
                    argv=[*probe, "tinydb-insert", str(path)],
                )
            )
            case.command_shown = f"python bench/probe.py tinydb-insert <single file of {n:,} docs>"

    # -- jrnl and Watson -----------------------------------------------------

    def compare_cases(self) -> None:
        venv = self.args.bench_venv
        jrnl = venv / "bin" / "jrnl"
        watson = venv / "bin" / "watson"
        if not jrnl.exists():
            self.notes.append(
                f"jrnl not found in {venv}: comparison skipped (see bench/README.md to install it)."
            )
            return
        import random

        from generate import build_sample
        from others import (
            jrnl_entry,
            person_tag,
            tagged_people,
            write_jrnl_config,
            write_jrnl_journal,
            write_watson_frames,
        )

        self.say("converting the journal for jrnl and Watson …")
        sample = build_sample(self.years, self.seed, self.today)
        jdir = self.work / "jrnl"
        plain = jdir / "plain.txt"
        self.jrnl_plain_entries = write_jrnl_journal(
            plain, [jrnl_entry(a) for a in sample.activities]
        )
        # The tagged journal: the newest 10k activities, each with two people as @tags,
        # and the netjournal store of exactly those activities linked to those people.
        rng = random.Random(self.seed)
        contacts = {c.id: c for c in sample.contacts}
        pool = sample.contacts
        recent = sample.activities[-10_000:]
        tagged_entries = []
        linked = []
        from dataclasses import replace

        for a in recent:
            people = tagged_people(a, contacts, pool, rng)
            tagged_entries.append(jrnl_entry(a, [person_tag(p) for p in people]))
            linked.append(replace(a, contact_ids=tuple(p.id for p in people)))
        tagged = jdir / "tagged.txt"
        self.jrnl_tagged_entries = write_jrnl_journal(tagged, tagged_entries)
        from generate import write_sample

        from netjournal.sample_data import SampleJournal

        tagged_store = self.work / "tagged-10k"
        if tagged_store.exists():
            shutil.rmtree(tagged_store)
        write_sample(
            tagged_store,
            SampleJournal(
                contacts=list(sample.contacts), activities=linked, targets=list(sample.targets)
            ),
        )
        self.prime(tagged_store)
        first, second = pool[0], pool[1]
        jrnl_env = dict(self.env)
        version = self.call([str(jrnl), "--version"], env=jrnl_env).strip().splitlines()[0]
        self.versions["jrnl"] = version

        def jrnl_writer(key: str, label: str, src: Path, text: str) -> Case:
            def prepare(_round: int) -> list[str]:
                run_dir = self.fresh_copy(src, key)
                cfg = write_jrnl_config(run_dir / "jrnl.yaml", run_dir / src.name)
                return [str(jrnl), "--config-file", str(cfg), text]

            case = self.add(
                Case(key, label, prepare=prepare, env=jrnl_env, runs=min(self.args.runs, 5))
            )
            case.command_shown = f"jrnl --config-file <fresh copy>/jrnl.yaml {_shell(text)}"
            return case

        jrnl_writer(
            "jrnl_add_plain",
            f"jrnl add, tag-free {self.jrnl_plain_entries:,}-entry journal",
            plain,
            JRNL_ADD_TEXT,
        )
        tag_text = f"{JRNL_ADD_TEXT} With {person_tag(first)} {person_tag(second)}."
        jrnl_writer(
            "jrnl_add_tagged",
            f"jrnl add, tagged {self.jrnl_tagged_entries:,}-entry journal",
            tagged,
            tag_text,
        )
        self.writer_case(
            "log_tagged_with2",
            f"`log --with` two people, the same {len(linked):,} activities",
            tagged_store,
            [*LOG_ARGS, "--with", first.name, "--with", second.name],
        )
        week_start = self.today - timedelta(days=self.today.weekday())
        week_end = week_start + timedelta(days=6)
        cfg = write_jrnl_config(jdir / "plain.yaml", plain)
        case = self.add(
            Case(
                "jrnl_list_week",
                "jrnl list one week, tag-free journal",
                argv=[
                    str(jrnl),
                    "--config-file",
                    str(cfg),
                    "-from",
                    week_start.isoformat(),
                    "-to",
                    week_end.isoformat(),
                ],
                env=jrnl_env,
            )
        )
        case.command_shown = f"jrnl --config-file <plain.yaml> -from {week_start} -to {week_end}"
        self.reader_case(
            "list_week_text", "`list --week` (text)", ["list", "--week", self.args.today]
        )
        if watson.exists():
            wdir = self.work / "watson"
            wdir.mkdir(exist_ok=True)
            self.watson_frames = write_watson_frames(wdir / "frames", sample.activities)
            wenv = {**self.env, "WATSON_DIR": str(wdir), "TZ": "Europe/London"}
            self.versions["watson"] = self.call([str(watson), "--version"], env=wenv).strip()
            case = self.add(
                Case(
                    "watson_report_week",
                    f"watson report --week, {self.watson_frames:,} frames",
                    argv=[str(watson), "report", "--week"],
                    env=wenv,
                )
            )
            case.command_shown = "WATSON_DIR=<frames of the same journal> watson report --week"
        else:
            self.notes.append(
                "Watson is not installed in the bench venv: `watson report --week` not measured."
            )

    # -- running and reporting ----------------------------------------------

    def run(self) -> int:
        started = datetime.now().astimezone()
        load_before = os.getloadavg()
        self.ensure_store()
        self.templates()
        self.netjournal_cases()
        if not self.args.quick:
            self.baseline_cases()
            if not self.args.no_compare:
                self.compare_cases()
        self.say(f"running {len(self.cases)} cases x {self.args.runs} runs, interleaved …")
        main = [c for c in self.cases if not c.solo]
        run_interleaved(
            main, self.args.runs, warmup=not self.args.quick, log=self.log, progress=self.say
        )
        solo = [c for c in self.cases if c.solo]
        if solo:
            run_interleaved(solo, 1, warmup=False, log=self.log, progress=self.say)
        self.inserts = {} if self.args.quick else self.insert_figures()
        self.tui_phases = ""
        if not self.args.quick and any(c.key == "tui_big" for c in self.cases):
            self.say("splitting the TUI's first frame into phases …")
            self.tui_phases = self.call(
                [self.py, str(BENCH / "tui_phases.py"), str(self.big), "--repeat", "3"]
            )
        load_after = os.getloadavg()
        text = self.report(started, load_before, load_after)
        self.args.results.parent.mkdir(parents=True, exist_ok=True)
        self.args.results.write_text(text, encoding="utf-8")
        self.say(f"wrote {self.args.results}")
        failed = [c.key for c in self.cases if c.failures]
        if failed:
            self.say(f"some runs failed: {', '.join(failed)} (see {self.log})")
            return 1
        return 0

    def insert_figures(self) -> dict[str, dict[str, float]]:
        """In-process cost of inserting through the facade at 1k and at the full store."""
        import json

        figures: dict[str, dict[str, float]] = {}
        for key, src in (("1k", self.small), ("big", self.big)):
            runs = []
            for _i in range(3):
                target = self.fresh_copy(src, f"insert-{key}")
                out = self.call([self.py, str(BENCH / "probe.py"), "insert", str(target), "11"])
                line = next(x for x in out.splitlines() if x.startswith("INSERT "))
                runs.append(json.loads(line.removeprefix("INSERT ")))
            figures[key] = {
                "first_ms": statistics.median(r["first_ms"] for r in runs),
                "later_ms": statistics.median(r["later_median_ms"] for r in runs),
                "activities": runs[0]["activities"] - 11,
            }
        return figures

    def by_key(self) -> dict[str, Case]:
        return {c.key: c for c in self.cases}

    def ratios(self) -> list[Ratio]:
        issue3 = "issue 3"
        return [
            Ratio(
                "log: benchmark store vs empty store",
                "log_big",
                "log_empty",
                1.5,
                "at most",
                issue3,
            ),
            Ratio(
                "log --with a contact: benchmark store vs empty (plain log)",
                "log_big_with",
                "log_empty",
                1.5,
                "at most",
                "(extra)",
            ),
            Ratio(
                "timer start vs log, same store",
                "timer_start",
                "log_big",
                1.5,
                "at most",
                "issue 16",
            ),
            Ratio(
                "timer status vs log, same store",
                "timer_status",
                "log_big",
                1.5,
                "at most",
                "issue 16",
            ),
            Ratio(
                "timer stop vs log, same store", "timer_stop", "log_big", 1.5, "at most", "issue 16"
            ),
            Ratio(
                "list one week vs log, same store",
                "list_week_json",
                "log_big",
                1.5,
                "at most",
                "issue 3/6",
            ),
            Ratio(
                "week --json vs log, same store", "week_json", "log_big", 1.5, "at most", "issue 6"
            ),
            Ratio(
                "trends --weeks 52 --json vs log, same store",
                "trends_52",
                "log_big",
                1.5,
                "at most",
                "issue 6",
            ),
            Ratio(
                "week --json right after a log vs that log",
                "week_after_log",
                "log_big",
                1.5,
                "at most",
                "(extra)",
            ),
            Ratio(
                "week --json right after a log --with vs log",
                "week_after_log_with",
                "log_big",
                1.5,
                "at most",
                "(extra)",
            ),
            Ratio(
                "week --json with no derived cache vs log",
                "week_cold",
                "log_big",
                1.5,
                "at most",
                "(extra)",
            ),
            Ratio(
                "TUI first frame vs minimal Textual app",
                "tui_big",
                "tui_minimal",
                1.5,
                "at most",
                "issue 4",
            ),
            Ratio(
                "jrnl add (tag-free 40k) vs netjournal log (40k)",
                "log_big",
                "jrnl_add_plain",
                10,
                "faster",
                "issue 8",
            ),
            Ratio(
                "jrnl add (tagged 10k) vs netjournal log --with 2 (same 10k)",
                "log_tagged_with2",
                "jrnl_add_tagged",
                30,
                "faster",
                "issue 8",
            ),
            Ratio(
                "jrnl list a week vs netjournal list --week (40k)",
                "list_week_text",
                "jrnl_list_week",
                10,
                "faster",
                "issue 8",
            ),
            Ratio(
                "watson report --week vs netjournal week --json (40k)",
                "week_json",
                "watson_report_week",
                10,
                "faster",
                "issue 8",
            ),
            Ratio(
                "watson report --week vs netjournal trends --weeks 52 (40k)",
                "trends_52",
                "watson_report_week",
                10,
                "faster",
                "issue 8",
            ),
        ]

    def report(
        self, started: datetime, load_before: tuple[float, ...], load_after: tuple[float, ...]
    ) -> str:
        cases = self.by_key()
        lines: list[str] = []
        add = lines.append
        add("# Benchmark results")
        add("")
        if self.args.quick or self.args.runs < 5:
            add(
                f"> **Smoke run** (`--quick` / {self.args.runs} run(s)): these figures only show that "
                "the harness works. Real figures need `--runs 5` or more without `--quick`."
            )
            add("")
        add(
            f"Run {started:%Y-%m-%d %H:%M %Z} · pinned today {self.args.today} · "
            f"{self.args.runs} recorded runs per case (slow cases at most 5), "
            f"{'no warm-up' if self.args.quick else 'after one unrecorded warm-up round'}, "
            "cases interleaved round-robin; figures are medians of whole processes."
        )
        add("")
        add("## Machine")
        add("")
        for k, v in self.machine(load_before, load_after):
            add(f"- {k}: {v}")
        add("")
        add("## Data")
        add("")
        made = self.generated_with()
        how = (
            f"generated by `python bench/generate.py --data-dir DIR --years {made['years']:g} "
            f"--seed {made['seed']} --today {made['today']}`"
            if made
            else "not made by bench/generate.py (no bench-generated.json)"
        )
        add(
            f"- netjournal store: {self.activities:,} activities in {self.store_files} files "
            f"({self.store_mib:.1f} MiB of JSON), {how}."
        )
        if hasattr(self, "jrnl_plain_entries"):
            add(
                f"- jrnl: the same activities as a tag-free journal of {self.jrnl_plain_entries:,} entries, "
                f"and the newest {self.jrnl_tagged_entries:,} as a journal with two people as @tags per entry "
                "(netjournal gets a store of exactly those activities, linked to the same two contacts)."
            )
        if hasattr(self, "watson_frames"):
            add(f"- Watson: the same activities as {self.watson_frames:,} frames.")
        add(
            "- Commands that write run on a fresh copy of the store each time (copying is not timed), "
            "so every run meets the same data; the day's automatic backup already exists, except in "
            "`log_big_first_of_day`, which measures the once-a-day backup on purpose."
        )
        add("")
        add("## Targets")
        add("")
        add(
            "The median of the per-round ratios decides *met*: a round runs every case once, "
            "within seconds, so each ratio compares two runs that met the same speed of the "
            "host, whose speed drifts by up to 2x from one minute to the next (FINDINGS.md); "
            "a ratio of two medians can pair a case's fast minutes with another's slow ones. "
            "The ratio of the medians and of the fastest runs are shown beside it (the fastest "
            "run of each case is the one least disturbed by other work). What costs the time "
            "in a missed target: [FINDINGS.md](FINDINGS.md)."
        )
        add("")
        add(
            "| target | ratio (per round) | ratio (medians) | ratio (fastest runs) | goal | met "
            "| source |"
        )
        add("| --- | ---: | ---: | ---: | --- | :---: | --- |")
        for r in self.ratios():
            num, den = cases.get(r.numerator), cases.get(r.denominator)
            if not num or not den or num.median is None or den.median is None:
                continue
            tui = num.key.startswith("tui") or den.key.startswith("tui")
            med_num, med_den = (
                _centre(num, tui, statistics.median),
                _centre(den, tui, statistics.median),
            )
            min_num, min_den = _centre(num, tui, min), _centre(den, tui, min)
            paired = _per_round(num, den, tui)
            if r.kind == "at most":
                value, best, per = med_num / med_den, min_num / min_den, paired
                shown, shown_best, shown_per = f"{value:.2f}x", f"{best:.2f}x", f"{per:.2f}x"
                goal, met = f"≤ {r.limit:g}x", per <= r.limit
            else:
                value, best, per = med_den / med_num, min_den / min_num, 1 / paired
                shown, shown_best = f"{value:.1f}x faster", f"{best:.1f}x faster"
                shown_per = f"{per:.1f}x faster"
                goal, met = f"≥ {r.limit:g}x faster", per >= r.limit
            if tui:
                shown_per += " (first frame)"
            add(
                f"| {r.label} | {shown_per} | {shown} | {shown_best} | {goal} | "
                f"{'yes' if met else '**no**'} | {r.source} |"
            )
        add("")
        add("## All cases")
        add("")
        add("| case | what | median | min – max | peak RSS | runs |")
        add("| --- | --- | ---: | ---: | ---: | ---: |")
        for c in self.cases:
            if c.median is None:
                add(f"| `{c.key}` | {c.label} | failed | | | {len(c.samples)} |")
                continue
            secs = [s.seconds for s in c.ok_samples]
            extra = ""
            if c.median_first_frame is not None:
                extra = f" (first frame {c.median_first_frame * 1000:.0f} ms)"
            fail = f", {c.failures} failed" if c.failures else ""
            add(
                f"| `{c.key}` | {c.label}{extra} | {_ms(c.median)} | {_ms(min(secs))} – {_ms(max(secs))} "
                f"| {c.peak_mib:.0f} MiB | {len(c.ok_samples)}{fail} |"
            )
        add("")
        if self.inserts:
            a, b = self.inserts["1k"], self.inserts["big"]
            add("## Insert cost inside one process (the storage design)")
            add("")
            add(
                "`python bench/probe.py insert DIR 11`: eleven `Journal.log` calls in one process, "
                "on a fresh copy each time; medians of 3 processes."
            )
            add("")
            add("| store | first insert (reads the month file) | later inserts |")
            add("| --- | ---: | ---: |")
            add(
                f"| {int(a['activities']):,} activities | {a['first_ms']:.1f} ms | {a['later_ms']:.1f} ms |"
            )
            add(
                f"| {int(b['activities']):,} activities | {b['first_ms']:.1f} ms | {b['later_ms']:.1f} ms |"
            )
            add("")
        if self.tui_phases:
            add("## Where the TUI's first frame goes")
            add("")
            add(
                "`python bench/tui_phases.py <benchmark store> --repeat 3`: the app's first frame "
                "with every `Journal` method timed, medians of 3 processes. Store calls grow with "
                "the journal; the rest is a fixed cost of the app."
            )
            add("")
            add("```")
            add(self.tui_phases.rstrip())
            add("```")
            add("")
        if self.notes:
            add("## Notes")
            add("")
            for note in self.notes:
                add(f"- {note}")
            add("")
        add("## Exact commands")
        add("")
        add("```sh")
        add(
            f"python bench/run.py --data-dir {self.args.data_dir} --runs {self.args.runs}"
            + (" --quick" if self.args.quick else "")
            + (" --no-compare" if self.args.no_compare else "")
        )
        add("```")
        add("")
        add(
            "Each case, as run (`netjournal` = `python -m netjournal` from the checkout, "
            f"with NETJOURNAL_TODAY={self.args.today}):"
        )
        add("")
        for c in self.cases:
            add(f"- `{c.key}`: `{c.command_shown}`")
        add("")
        add("## Every run (ms)")
        add("")
        for c in self.cases:
            add(
                f"- `{c.key}`: "
                + ", ".join(
                    f"{s.seconds * 1000:.0f}" + ("" if s.returncode == 0 else "!")
                    for s in c.samples
                )
            )
        add("")
        return "\n".join(lines)

    def generated_with(self) -> dict[str, Any] | None:
        """What ``bench/generate.py`` recorded about the store (years, seed, today)."""
        import json

        from generate import INFO_FILE

        try:
            info: dict[str, Any] = json.loads((self.data_dir / INFO_FILE).read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return info

    def machine(
        self, load_before: tuple[float, ...], load_after: tuple[float, ...]
    ) -> list[tuple[str, str]]:
        cpu = "unknown"
        try:
            for line in Path("/proc/cpuinfo").read_text().splitlines():
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        except OSError:
            pass
        import importlib.metadata as md

        versions = {name: md.version(name) for name in ("textual", "tinydb", "orjson", "filelock")}
        versions.update(self.versions)
        return [
            ("CPU", f"{cpu}, {os.cpu_count()} logical CPUs (`nproc`)"),
            ("memory", _mem_total()),
            ("OS", f"{platform.system()} {platform.release()}"),
            ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
            ("versions", ", ".join(f"{k} {v}" for k, v in versions.items())),
            (
                "load average (1/5/15 min) before → after",
                f"{' '.join(f'{x:.2f}' for x in load_before)} → {' '.join(f'{x:.2f}' for x in load_after)}",
            ),
            (
                "sharing",
                "the two cores are shared with other engineers' test runs; absolute times "
                "drift, interleaved medians keep the ratios meaningful",
            ),
        ]


def _centre(case: Case, first_frame: bool, pick: Callable[[list[float]], float]) -> float:
    """``pick`` (median or min) over a case's runs: wall time, or time to first frame."""
    if first_frame:
        frames = [s.first_frame for s in case.ok_samples if s.first_frame is not None]
        if frames:
            return pick(frames)
    return pick([s.seconds for s in case.ok_samples])


def _per_round(num: Case, den: Case, first_frame: bool) -> float:
    """The median over rounds of ``num``'s run divided by ``den``'s run of the same round.

    ``samples[i]`` is each case's run in recorded round ``i`` (a case with
    fewer runs stops early), so the pairs are taken by index; a round in
    which either run failed is left out.
    """

    def value(sample: Sample) -> float | None:
        if sample.returncode != 0:
            return None
        return sample.first_frame if first_frame and sample.first_frame else sample.seconds

    ratios = [
        a / b
        for a, b in ((value(x), value(y)) for x, y in zip(num.samples, den.samples, strict=False))
        if a is not None and b
    ]
    return statistics.median(ratios) if ratios else float("nan")


def _mem_total() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def _shell(arg: str) -> str:
    import shlex

    return shlex.quote(arg)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    bench = Bench(args)
    try:
        return bench.run()
    finally:
        if args.work_dir is None:  # keep only the log of a temporary work dir
            for child in bench.work.iterdir():
                if child != bench.log:
                    if child.is_dir():
                        shutil.rmtree(child, ignore_errors=True)
                    else:
                        child.unlink(missing_ok=True)
            print(f"children's output: {bench.log}")


if __name__ == "__main__":
    sys.exit(main())
