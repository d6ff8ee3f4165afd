"""The README's first command installs what its own examples use (issue 14, point 5)."""

from __future__ import annotations

import re
import tomllib

from tests.conftest import REPO

ROOT = REPO


def _first_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.S)
    assert block is not None
    return [line.split("#")[0].strip() for line in block[1].splitlines() if line.strip()]


def test_the_first_install_includes_the_pdf_extra_the_tour_uses() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    install = _first_commands()[0]
    assert "netjournal --demo" in install
    if "--format pdf" in readme:
        assert "'.[pdf]'" in install or "pdf," in install
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]
    assert "pdf" in extras


def test_ci_runs_the_readme_test_command() -> None:
    test_command = _first_commands()[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert f"# README test command: {test_command}" in ci
