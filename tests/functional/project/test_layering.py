"""The architecture holds: pure domain, a store only the storage layer touches,
and a quick-capture CLI that never pays for Textual.

Each check imports in a fresh interpreter and inspects ``sys.modules``, so
what the test sees is what a user's process loads.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "netjournal"


def loaded_modules(code: str, env: dict[str, str] | None = None) -> set[str]:
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **(env or {})},
        cwd=PACKAGE.parent,
    ).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


def test_domain_imports_neither_tinydb_nor_textual() -> None:
    domain_modules = sorted(
        p.stem for p in (PACKAGE / "domain").glob("*.py") if p.stem != "__init__"
    )
    code = "\n".join(f"import netjournal.domain.{m}" for m in domain_modules)
    mods = loaded_modules(code)
    assert not {m for m in mods if m.split(".")[0] in {"tinydb", "textual"}}
    assert "netjournal.storage" not in mods


@pytest.mark.parametrize("folder", ["domain", "tui", "importers", "exporters"])
def test_no_module_outside_storage_imports_tinydb(folder: str) -> None:
    offenders = []
    for path in (PACKAGE / folder).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(
                n.split(".")[0] == "tinydb" or n.startswith("netjournal.storage") for n in names
            ):
                offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_log_command_does_not_import_textual(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from netjournal.cli import main\n"
        "rc = main(['log', 'online', '20m', 'layering check', '--channel', 'x'])\n"
        "assert rc == 0, rc\n"
    )
    mods = loaded_modules(code, {"NETJOURNAL_HOME": str(tmp_path / "home")})
    heavy = {
        m
        for m in mods
        if m.split(".")[0] in {"textual", "rich", "dateutil", "icalendar", "fpdf", "vobject"}
    }
    assert heavy == set()
    assert "netjournal.tui" not in mods


def test_short_commands_load_only_what_they_use(tmp_path: Path) -> None:
    """`log` and `list` import their own command module only, and no stdlib module they
    never use: shutil (argparse's width, measured without it), decimal (fractional hours only).
    """
    code = (
        "from netjournal.cli import main\n"
        "assert main(['log', 'online', '20m', 'start-up check', '--channel', 'x']) == 0\n"
        "assert main(['list', '--week', '2026-11-25']) == 0\n"
    )
    mods = loaded_modules(code, {"NETJOURNAL_HOME": str(tmp_path / "home")})
    commands = {m for m in mods if m.startswith("netjournal.cli.commands.")}
    assert commands == {"netjournal.cli.commands.activities"}
    assert not {"shutil", "decimal"} & mods
    # Services load at their property: log and list need activities; the start notice is the
    # facade's own; review, relationships, maintenance, cpd, imports and sync stay unloaded.
    services = {m for m in mods if m.startswith("netjournal.journal.")}
    assert services == {
        "netjournal.journal.core",
        "netjournal.journal.activities",
        "netjournal.journal.contact_links",
        "netjournal.journal.capture_records",
    }


def test_listing_builds_no_capture_contact_or_conversation_records(tmp_path: Path) -> None:
    """`list` reads activities only: the capture records (what `log` takes and returns) and
    the contact, conversation and target records are dataclasses whose class creation costs
    milliseconds on every short command, so they load where they are first needed.
    """
    home = tmp_path / "home"
    fill = "from netjournal.cli import main\nassert main(['log', 'online', '20m', 'a', '--channel', 'x']) == 0\n"
    loaded_modules(fill, {"NETJOURNAL_HOME": str(home)})
    code = "from netjournal.cli import main\nassert main(['list', '--week', '2026-11-25']) == 0\n"
    mods = loaded_modules(code, {"NETJOURNAL_HOME": str(home)})
    assert "netjournal.journal.activities" in mods
    assert (
        not {
            "netjournal.journal.capture_records",
            "netjournal.domain.contact_record",
            "netjournal.domain.conversation_record",
            "netjournal.domain.target_record",
        }
        & mods
    )


def test_trends_load_the_review_and_no_other_service(tmp_path: Path) -> None:
    """`trends` on a warm cache: no activities service, no keep-in-touch rules, and none of
    the one-period review (goals, average, verdict), the contact or the conversation record:
    it reads cached facts rows and builds no Contact or Conversation.
    """
    env = {"NETJOURNAL_HOME": str(tmp_path / "home")}
    fill = (
        "from netjournal.cli import main\n"
        "assert main(['contact', 'add', 'Ann Lee', '--every', '7']) == 0\n"
        "assert main(['log', 'online', '20m', 'x', '--with', 'Ann Lee']) == 0\n"
        "assert main(['trends', '--weeks', '52', '--json']) == 0\n"
    )
    loaded_modules(fill, env)
    code = (
        "from netjournal.cli import main\nassert main(['trends', '--weeks', '52', '--json']) == 0\n"
    )
    mods = loaded_modules(code, env)
    services = {m for m in mods if m.startswith("netjournal.journal.")}
    assert services == {"netjournal.journal.core", "netjournal.journal.review"}
    assert "netjournal.domain.keep_in_touch" not in mods
    assert "netjournal.domain.period_review" not in mods
    assert "netjournal.domain.conversation_record" not in mods
    assert "netjournal.domain.contact_record" not in mods


def test_importing_the_package_is_cheap() -> None:
    mods = loaded_modules("import netjournal")
    assert not {
        m for m in mods if m.split(".")[0] in {"textual", "tinydb", "orjson", "platformdirs"}
    }


def test_import_linter_contracts_hold() -> None:
    """The same rules, stated as import-linter contracts in pyproject.toml."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())",
        ],
        capture_output=True,
        text=True,
        cwd=PACKAGE.parent,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_log_does_not_look_for_the_cache_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`log` reads no derived figure, so it never pays for platformdirs to find the cache."""
    monkeypatch.delenv("NETJOURNAL_CACHE_DIR", raising=False)
    code = (
        "from netjournal.cli import main\n"
        "assert main(['log', 'online', '20m', 'start-up check', '--channel', 'x']) == 0\n"
    )
    mods = loaded_modules(code, {"NETJOURNAL_HOME": str(tmp_path / "home")})
    assert not {"platformdirs", "hashlib"} & mods
