"""The program's entry point: the collector settings of a short process, then the CLI.

``netjournal`` (the console script) and ``python -m netjournal`` start in
:func:`netjournal.launch.main`; importing :mod:`netjournal.cli` (as these
tests do everywhere else) must leave the process's collector alone.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import REPO


def test_the_console_script_and_python_m_start_in_launch() -> None:
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts == {"netjournal": "netjournal.launch:main"}
    assert "from netjournal.launch import main" in (REPO / "netjournal" / "__main__.py").read_text()


def test_launch_makes_young_collections_rare_and_runs_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from netjournal import launch

    monkeypatch.setenv("NETJOURNAL_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(sys, "argv", ["netjournal", "log", "online", "20m", "launch check"])
    before = gc.get_threshold()
    try:
        assert launch.main() == 0
        assert gc.get_threshold() == (launch.YOUNG_GENERATION_THRESHOLD, *before[1:])
    finally:
        gc.set_threshold(*before)
    assert "launch check" in capsys.readouterr().out


def test_importing_the_cli_leaves_the_collector_alone() -> None:
    code = "import gc; import netjournal.cli; print(gc.get_threshold()[0])"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ},
        cwd=REPO,
    ).stdout
    assert int(out) == 700  # CPython's default, untouched
