"""``netjournal serve``: the same app, same data, 127.0.0.1 only; a clear message without the extra."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import Any, ClassVar

import pytest

from netjournal.cli import main
from netjournal.cli.commands import serve
from tests.conftest import run_cli


def test_without_textual_serve_it_says_how_to_install_the_extra(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    (blocker / "textual_serve").mkdir(parents=True)
    (blocker / "textual_serve" / "__init__.py").write_text("raise ImportError('not installed')\n")
    result = run_cli("serve", env={"PYTHONPATH": f"{blocker}:{Path.cwd()}"})
    assert result.returncode == 2
    assert result.stderr.strip() == f"netjournal: {serve.INSTALL_HINT}"
    assert "pip install 'netjournal[serve]'" in result.stderr


class FakeServer:
    """Records how the server was asked to start, instead of listening."""

    made: ClassVar[list[dict[str, Any]]] = []

    def __init__(self, command: str, host: str, port: int, title: str) -> None:
        FakeServer.made.append({"command": command, "host": host, "port": port, "title": title})

    def serve(self) -> None:
        FakeServer.made[-1]["served"] = True


def test_serves_this_app_on_localhost_with_the_same_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import textual_serve.server

    FakeServer.made.clear()
    monkeypatch.setattr(textual_serve.server, "Server", FakeServer)
    data = tmp_path / "my data"
    assert main(["--data-dir", str(data), "serve", "--port", "8123"]) == 0
    [made] = FakeServer.made
    assert made["host"] == "127.0.0.1"
    assert made["port"] == 8123 and made["served"]
    argv = shlex.split(made["command"])
    assert argv[:3] == [sys.executable, "-m", "netjournal"]
    assert argv[3:] == ["--data-dir", str(data.resolve())]
    assert "http://127.0.0.1:8123" in capsys.readouterr().out


def test_serve_demo_serves_the_demo_journal_not_the_terminal_app() -> None:
    args = argparse.Namespace(data_dir=None, serve_demo=True)
    assert shlex.split(serve.served_command(args))[3:] == ["--demo"]


def test_a_port_out_of_range_is_refused_in_one_line() -> None:
    result = run_cli("serve", "--port", "70000")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "port must be between" in result.stderr
