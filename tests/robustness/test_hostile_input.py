"""Hostile input is refused quickly, with one line, a non-zero exit and the store unchanged.

Zip bombs given to ``merge``, ``backup restore`` and ``import``; a runaway
repeating calendar event; JSON nested thousands deep; dates outside the
supported range (docs/input.md). Resource guards are tested with modest
inputs (a 20 MiB bomb, not 2 GiB); their figures on the real thing are in
docs/robustness.md, "Hostile input". No test asserts a time.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.robustness.harness import cli_argv, run
from tests.robustness.test_bad_input import assert_cli_failed_cleanly, store_bytes


def _bomb(path: Path, member: str) -> Path:
    """A 20 KiB zip whose one member inflates to 20 MiB (a ratio over 1,000)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(member, b"0" * (20 * 1024 * 1024))
    return path


@pytest.mark.parametrize(
    ("argv", "member"),
    [
        (("merge",), "activities/2026-11.json"),
        (("backup", "restore"), "contacts.json"),
        (("import", "linkedin"), "Connections.csv"),
        (("import", "x"), "data/tweets.js"),
        (("import", "vcard"), "contacts.vcf"),
        (("import", "ics"), "calendar.ics"),
    ],
)
def test_a_zip_bomb_is_refused_before_it_is_inflated(
    netjournal_home: Path, tmp_path: Path, argv: tuple[str, ...], member: str
) -> None:
    assert run(cli_argv("log", "online", "5m", "keep me")).returncode == 0
    before = store_bytes(netjournal_home)
    bomb = _bomb(tmp_path / "bomb.zip", member)
    result = run(cli_argv(*argv, str(bomb)))
    assert_cli_failed_cleanly(result, 2)
    assert f"'{member}' would inflate" in result.stderr and "refused" in result.stderr
    assert store_bytes(netjournal_home) == before
