"""Every test runs with its own netjournal home and a fixed "today".

``NETJOURNAL_HOME`` points at a temp dir so no test can touch a real home,
and ``NETJOURNAL_CACHE_DIR`` at another (caches never live in the data
folder: see netjournal/paths.py), so no test touches a real cache either;
``NETJOURNAL_TODAY`` freezes the date in this process and in every
subprocess a test starts (the CLI and TUI read it through netjournal.clock).
After each test, the data folder must hold no ``cache/``: nothing derived
may be written where a synced folder could plant it.
"""

from __future__ import annotations

import gc
import io
import json
import os
import stat
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from netjournal.journal import Journal


def _bytecode_outside_the_tree() -> None:
    """Let this run compile each module once, into a private folder outside the checkout.

    Where ``PYTHONDONTWRITEBYTECODE`` is set (this project's CI machine sets
    it), every worker, and every ``netjournal`` process a test starts,
    compiles the package and the rewritten tests from source again, which
    costs more than most of those processes' own work. Bytecode goes to one
    folder under the temp dir instead (``sys.pycache_prefix``), made private to
    this user, so the checkout stays free of ``__pycache__`` as the setting
    intends, and nothing another user could write is ever loaded. Runs before
    the first ``netjournal`` import below.
    """
    if not sys.dont_write_bytecode or not hasattr(os, "getuid"):
        return
    prefix = Path(tempfile.gettempdir()) / f"netjournal-test-bytecode-{os.getuid()}"
    try:
        prefix.mkdir(mode=0o700, exist_ok=True)
        made = prefix.lstat()
    except OSError:
        return
    if not stat.S_ISDIR(made.st_mode) or made.st_uid != os.getuid() or made.st_mode & 0o077:
        return
    sys.pycache_prefix = str(prefix)
    sys.dont_write_bytecode = False
    os.environ["PYTHONPYCACHEPREFIX"] = str(prefix)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


_bytecode_outside_the_tree()

FROZEN_TODAY = date(2026, 11, 25)  # a Wednesday in ISO week 2026-W48
REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """Three workers a core for ``-n auto``: the app tests spend much of their time idle.

    Pilot waits for the app to go quiet after every key and pause, a sleep
    that leaves the core free; more workers than cores run other tests in
    those waits. Every worker also pays for collecting the whole suite, so the
    count stops at eight more than the cores. Measured in bench/FINDINGS.md.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(3 * (cores or 1), (cores or 1) + 8)


def pytest_configure(config: pytest.Config) -> None:
    """A larger first generation for the cyclic garbage collector, in test processes only.

    The app tests build and drop millions of small objects (styles, strips,
    segments): at Python's default threshold the collector runs thousands of
    times and takes a large share of their CPU. Cycles are still collected,
    only in fewer, larger passes. Measured in bench/FINDINGS.md ("test suite").
    """
    gc.set_threshold(50_000, 20, 20)
    workers = getattr(config.option, "numprocesses", None)
    if workers and not hasattr(config, "workerinput") and not sys.dont_write_bytecode:
        # The controller, before it starts the workers: compile the package once
        # (into the bytecode folder when PYTHONDONTWRITEBYTECODE is set), so the
        # workers do not each compile it at the same moment on a fresh checkout.
        import compileall

        compileall.compile_dir(REPO / "netjournal", quiet=1, workers=0)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Modules, classes and collected tests live all session: keep them out of every pass."""
    gc.collect()
    gc.freeze()


@pytest.fixture(autouse=True)
def netjournal_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Iterator[Path]:
    home = tmp_path / "nj-home"
    monkeypatch.setenv("NETJOURNAL_HOME", str(home))
    monkeypatch.setenv("NETJOURNAL_CACHE_DIR", str(tmp_path / "nj-cache"))
    monkeypatch.setenv("NETJOURNAL_TODAY", FROZEN_TODAY.isoformat())
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield home
    if request.node.get_closest_marker("old_cache_folder") is None:
        # Every data folder the test used (the home, the demo, any --data-dir): one with a store.
        for store in tmp_path.rglob("store"):
            legacy = store.parent / "cache"
            assert not legacy.exists(), f"something wrote a cache into the data folder: {legacy}"


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    """The cache directory every netjournal run of this test uses (``NETJOURNAL_CACHE_DIR``)."""
    return tmp_path / "nj-cache"


@pytest.fixture
def today() -> date:
    return FROZEN_TODAY


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


def run_cli(
    *args: str, input: str | None = None, env: dict[str, str] | None = None, check: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run the ``netjournal`` entry point on ``args``, as a user's shell would.

    The command runs in this process through ``netjournal.cli.main(argv)``, the
    function the console script calls, with its own stdin, stdout and stderr
    and the environment changes given; a process start costs ~10x the command
    itself, and most CLI tests run several. Tests that need a real process
    (a kill, a lock held by another process, what a fresh interpreter
    imports) use :func:`run_cli_process`.
    """
    result = _run_in_process(list(args), input, env)
    if check and result.returncode:
        raise subprocess.CalledProcessError(
            result.returncode, result.args, result.stdout, result.stderr
        )
    return result


def run_cli_process(
    *args: str, input: str | None = None, env: dict[str, str] | None = None, check: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run the real ``netjournal`` entry point in a subprocess (``python -m netjournal``)."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("COLUMNS", None)
    return subprocess.run(
        [sys.executable, "-m", "netjournal", *args],
        input=input,
        capture_output=True,
        text=True,
        env=full_env,
        check=check,
        timeout=120,
    )


def _run_in_process(
    argv: list[str], stdin_text: str | None, env: dict[str, str] | None
) -> subprocess.CompletedProcess[str]:
    from netjournal.cli import main

    changes = {**(env or {}), "COLUMNS": None}
    saved = {name: os.environ.get(name) for name in changes}
    streams = (sys.stdin, sys.stdout, sys.stderr)
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    _set_environ(changes)
    sys.stdin = io.StringIO(stdin_text or "")
    sys.stdout, sys.stderr = out, err
    try:
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse's usage errors and --help
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException:  # what a real process would print as a traceback
            traceback.print_exc()
            code = 1
        out.flush()
        err.flush()
    finally:
        sys.stdin, sys.stdout, sys.stderr = streams
        _set_environ(saved)
    text = [b.decode("utf-8") for b in (out.buffer.getvalue(), err.buffer.getvalue())]
    return subprocess.CompletedProcess(["netjournal", *argv], code, text[0], text[1])


def _set_environ(values: dict[str, str | None]) -> None:
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    if "TZ" in values:
        time.tzset()


class CliRun:
    """One in-process CLI call through ``main(argv)``: exit code, stdout, stderr."""

    def __init__(self, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]) -> None:
        from netjournal.cli import main

        self.code = main(list(args))
        captured = capsys.readouterr()
        self.out, self.err = captured.out, captured.err

    def json(self) -> Any:
        assert self.code == 0, self.err
        return json.loads(self.out)


@pytest.fixture
def nj(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliRun]:
    """``nj("log", "online", "30m")``: run the CLI in this process and keep what it printed."""

    def run(*args: str) -> CliRun:
        return CliRun(capsys, args)

    return run


@pytest.fixture
def cli() -> object:
    """The subprocess runner as a fixture, for tests that prefer injection."""
    return run_cli


@pytest.fixture
def empty(netjournal_home: Path) -> Journal:
    """A journal that has never been written to (the app shows its first-run welcome)."""
    from netjournal.journal import Journal

    return Journal.open()


@pytest.fixture
def demo(netjournal_home: Path) -> Journal:
    """The demo journal's twelve weeks, ending on the frozen today.

    Ids and timestamps come from the seed, so screens and snapshots show the
    same rows on every run.
    """
    from netjournal.journal import Journal
    from netjournal.sample_data import demo_journal

    journal = Journal.open()
    journal.maintenance.load_sample(demo_journal(FROZEN_TODAY))
    return journal


@pytest.fixture
def utc_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC, so "since 10:00" reads the same on every machine."""
    old = os.environ.get("TZ")
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    if old is None:
        monkeypatch.delenv("TZ")
    else:
        monkeypatch.setenv("TZ", old)
    time.tzset()
