"""``netjournal serve``: the same app, same data, 127.0.0.1 only; a clear message without the extra."""

from __future__ import annotations

import argparse
import base64
import shlex
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from netjournal.cli import main
from netjournal.cli.commands import serve
from tests.conftest import run_cli_process as run_cli


def test_without_textual_serve_it_says_how_to_install_the_extra(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    (blocker / "textual_serve").mkdir(parents=True)
    (blocker / "textual_serve" / "__init__.py").write_text("raise ImportError('not installed')\n")
    result = run_cli("serve", env={"PYTHONPATH": f"{blocker}:{Path.cwd()}"})
    assert result.returncode == 2
    assert result.stderr.strip() == f"netjournal: {serve.INSTALL_HINT}"
    assert "pip install 'netjournal[serve]'" in result.stderr


def test_serves_this_app_on_localhost_with_the_same_data_dir_and_a_fresh_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from netjournal.web import app as web_app

    runs: list[dict[str, Any]] = []

    def fake_run(command: str, *, port: int, token: str, listening: Callable[[], None]) -> None:
        runs.append({"command": command, "port": port, "token": token})
        listening()

    monkeypatch.setattr(web_app, "run", fake_run)
    data = tmp_path / "my data"
    assert main(["--data-dir", str(data), "serve", "--port", "8123"]) == 0
    assert main(["--data-dir", str(data), "serve", "--port", "8123"]) == 0
    first, second = runs
    assert first["port"] == 8123
    argv = shlex.split(first["command"])
    assert argv[:3] == [sys.executable, "-m", "netjournal"]
    assert argv[3:] == ["--data-dir", str(data.resolve())]
    # The URL to open is printed once per run, with that run's token; each run has its own.
    out = capsys.readouterr().out
    for run in runs:
        assert out.count(f"http://127.0.0.1:8123/?token={run['token']}") == 1
    assert first["token"] != second["token"]
    assert len(base64.urlsafe_b64decode(first["token"] + "==")) * 8 >= 128


def test_serve_demo_serves_the_demo_journal_not_the_terminal_app() -> None:
    args = argparse.Namespace(data_dir=None, serve_demo=True)
    assert shlex.split(serve.served_command(args))[3:] == ["--demo"]


def test_a_port_out_of_range_is_refused_in_one_line() -> None:
    result = run_cli("serve", "--port", "70000")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "port must be between" in result.stderr


def test_a_port_already_taken_is_said_in_one_line() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", "--port", str(port))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
