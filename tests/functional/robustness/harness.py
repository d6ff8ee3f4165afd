"""Shared helpers for the robustness tests: sizes, subprocesses, and the store checks.

The default suite runs each test in a reduced form; ``NETJOURNAL_SOAK=1``
runs the long form (>= 200 kills, 4 writers x 250 activities). See
docs/robustness.md.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from netjournal.journal import Journal
from tests.conftest import REPO

SOAK = os.environ.get("NETJOURNAL_SOAK", "") not in ("", "0")
HERE = Path(__file__).resolve().parent
DRIVER = HERE / "driver.py"


def scaled(default: int, soak: int) -> int:
    """``default`` in the everyday suite, ``soak`` with NETJOURNAL_SOAK=1."""
    return soak if SOAK else default


def child_env(**extra: str) -> dict[str, str]:
    """The test's environment (NETJOURNAL_HOME, NETJOURNAL_TODAY …) plus the repo on the path."""
    env = {**os.environ, **extra}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    env.pop("COLUMNS", None)
    return env


def cli_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "netjournal", *args]


def driver_argv(*args: str) -> list[str]:
    return [sys.executable, str(DRIVER), *args]


def spawn(argv: list[str], **extra_env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        argv,
        cwd=REPO,
        env=child_env(**extra_env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run(
    argv: list[str], timeout: float = 180, **extra_env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv,
        cwd=REPO,
        env=child_env(**extra_env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@dataclass
class StoreState:
    """What is on disk, read the way a fresh netjournal process would read it."""

    raw_ids: list[str]  # one entry per stored copy (a duplicate shows twice)
    notes: dict[str, str]
    contact_names: list[str]
    unreadable: list[Path]
    duplicates: dict[str, list[str]]

    @property
    def ids(self) -> set[str]:
        return set(self.raw_ids)


def read_store(home: Path) -> StoreState:
    """Open the journal in ``home`` from scratch and check every file decodes."""
    journal = Journal.open(home)
    store = journal.repos.store
    unreadable = store.unreadable_files()
    assert not unreadable, f"store files that do not decode: {unreadable}"
    activities = journal.repos.activities.all()
    return StoreState(
        raw_ids=journal.repos.activities.all_ids(),
        notes={a.id: a.note for a in activities},
        contact_names=[c.name for c in journal.repos.contacts.all()],
        unreadable=unreadable,
        duplicates=journal.repos.activities.duplicates(),
    )


def assert_no_duplicates(state: StoreState) -> None:
    repeated = [i for i, n in Counter(state.raw_ids).items() if n > 1]
    assert not repeated, f"activities stored twice: {repeated[:5]}"
    names = Counter(n.casefold() for n in state.contact_names)
    twice = [n for n, k in names.items() if k > 1]
    assert not twice, f"contacts created twice: {twice}"


def leftover_temp_files(home: Path) -> list[Path]:
    """Temp files of interrupted writes (invisible to the store; doctor --fix removes them)."""
    return sorted(home.rglob(".*.tmp"))
