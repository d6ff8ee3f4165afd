"""``netjournal import mastodon|bluesky`` through the real entry point: idempotent, dry runs
that write nothing, all-or-nothing refusals of damaged files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from netjournal.cli import main
from tests.conftest import FIXTURES, REPO, run_cli

MASTODON = FIXTURES / "mastodon" / "archive"
MASTODON_ZIP = FIXTURES / "mastodon" / "archive-20261124093000-4f1c9e2ab07d4c55a1e8d3b6c0f29a17.zip"
MASTODON_DAMAGED = FIXTURES / "mastodon" / "archive-damaged-truncated-outbox.zip"
BLUESKY = FIXTURES / "bluesky" / "repo.car"
BLUESKY_DAMAGED = FIXTURES / "bluesky" / "repo-truncated.car"


def snapshot(home: Path) -> dict[str, bytes]:
    if not home.exists():
        return {}
    return {
        str(p.relative_to(home)): p.read_bytes() for p in sorted(home.rglob("*")) if p.is_file()
    }


def counts(report: dict[str, Any]) -> dict[str, tuple[int, int, int]]:
    return {
        kind: (report[kind]["added"], report[kind]["updated"], report[kind]["unchanged"])
        for kind in ("contacts", "conversations", "activities")
    }


def cli_json(*args: str) -> Any:
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("source", "path", "expected"),
    [
        (
            "mastodon",
            MASTODON_ZIP,
            {"contacts": (3, 0, 0), "conversations": (4, 0, 0), "activities": (6, 0, 0)},
        ),
        (
            "bluesky",
            BLUESKY,
            {"contacts": (3, 0, 0), "conversations": (3, 0, 0), "activities": (7, 0, 0)},
        ),
    ],
)
def test_import_then_reimport_adds_nothing_the_second_time(
    source: str, path: Path, expected: dict[str, tuple[int, int, int]]
) -> None:
    first = cli_json("import", source, str(path), "--json")
    assert first["source"] == source
    assert counts(first) == expected
    again = cli_json("import", source, str(path), "--json")
    assert counts(again) == {k: (0, 0, v[0]) for k, v in expected.items()}
    stored = cli_json("list", "--all", "--json")
    assert len(stored) == expected["activities"][0]
    assert {a["channel"] for a in stored} == {source}


def test_the_mastodon_folder_and_zip_are_the_same_import() -> None:
    cli_json("import", "mastodon", str(MASTODON), "--json")
    again = cli_json("import", "mastodon", str(MASTODON_ZIP), "--json")
    assert counts(again) == {
        "contacts": (0, 0, 3),
        "conversations": (0, 0, 4),
        "activities": (0, 0, 6),
    }


def test_a_dry_run_writes_nothing_and_predicts_the_import(netjournal_home: Path) -> None:
    result = run_cli("import", "bluesky", str(BLUESKY), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Dry run, nothing written. Importing from bluesky (1 file)")
    assert "@janesmith.bsky.social" in result.stdout  # a sample of the new contacts
    assert snapshot(netjournal_home) == {}
    predicted = cli_json("import", "mastodon", str(MASTODON), "--dry-run", "--json")
    assert snapshot(netjournal_home) == {}
    real = cli_json("import", "mastodon", str(MASTODON), "--json")
    assert counts(real) == counts(predicted)


def test_imported_people_are_contacts_with_their_handles() -> None:
    cli_json("import", "mastodon", str(MASTODON), "--json")
    cli_json("import", "bsky", str(BLUESKY), "--json")
    people = {c["name"]: c for c in cli_json("contact", "list", "--json")}
    assert people["@janesmith@nursing.social"]["handles"] == {
        "mastodon": "@janesmith@nursing.social"
    }
    assert people["@janesmith.bsky.social"]["handles"] == {"bluesky": "janesmith.bsky.social"}
    assert "did:plc:tmhghs5phys2qk4xvz7wcab6" in people
    assert people["@janesmith@nursing.social"]["last_contact"] == "2024-06-30"


def test_the_minutes_flags_apply_to_mastodon_and_bluesky() -> None:
    cli_json(
        "import",
        "bluesky",
        str(BLUESKY),
        "--minutes-per-post",
        "3",
        "--minutes-per-retweet",
        "2",
        "--json",
    )
    day = [a for a in cli_json("list", "--all", "--json") if a["date"] == "2024-03-15"]
    assert sorted(a["minutes"] for a in day) == [4, 4, 9]  # reposts, likes, 3 replies


@pytest.mark.parametrize(
    ("source", "path", "where"),
    [
        ("mastodon", MASTODON_DAMAGED, f"{MASTODON_DAMAGED}!outbox.json, line "),
        ("bluesky", BLUESKY_DAMAGED, f"{BLUESKY_DAMAGED}: not a readable CAR file"),
    ],
)
def test_a_damaged_export_is_one_line_exit_2_and_writes_nothing(
    source: str, path: Path, where: str, netjournal_home: Path
) -> None:
    assert run_cli("import", "x", str(FIXTURES / "x" / "archive")).returncode == 0
    before = snapshot(netjournal_home)
    result = run_cli("import", source, str(path))
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"netjournal: {where}"), line
    assert snapshot(netjournal_home) == before


def test_the_wrong_export_for_the_source_is_refused_by_name() -> None:
    result = run_cli("import", "bluesky", str(MASTODON_ZIP))
    assert result.returncode == 2
    assert result.stderr.strip().startswith(f"netjournal: {MASTODON_ZIP}: no .car file found")
    result = run_cli("import", "mastodon", str(BLUESKY))
    assert result.returncode == 2
    assert result.stderr.startswith(f"netjournal: {BLUESKY}, line 1: not a Mastodon archive file")
    assert len(result.stderr.strip().splitlines()) == 1


def test_libipld_is_loaded_only_when_a_car_is_read(tmp_path: Path) -> None:
    script = (
        "import json, sys\n"
        "import netjournal.importers.bluesky\n"
        "before = 'libipld' in sys.modules\n"
        "from netjournal.cli import main\n"
        "main(['import', 'mastodon', sys.argv[1], '--dry-run', '--json'])\n"
        "print(json.dumps([before, 'libipld' in sys.modules]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(MASTODON)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "NETJOURNAL_HOME": str(tmp_path / "home")},
        cwd=REPO,
    ).stdout
    assert json.loads(out.strip().splitlines()[-1]) == [False, False]


def test_in_process_import_reports_warnings_for_an_empty_outbox(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "outbox.json"
    empty.write_text('{"type": "OrderedCollection", "orderedItems": []}', encoding="utf-8")
    assert main(["import", "mastodon", str(empty)]) == 0
    captured = capsys.readouterr()
    assert "holds no posts or boosts" in captured.err
    assert "Nothing new" in captured.out
