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

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

FROZEN_TODAY = date(2026, 11, 25)  # a Wednesday in ISO week 2026-W48
FIXTURES = Path(__file__).parent / "fixtures"


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


@pytest.fixture
def cli() -> object:
    """The subprocess runner as a fixture, for tests that prefer injection."""
    return run_cli
