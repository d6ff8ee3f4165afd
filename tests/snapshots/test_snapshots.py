"""What screens 1–4, help and the welcome look like, pinned as SVG snapshots.

The states are the ones scripts/screenshots.py draws for the docs (its
``SHOTS`` with ``snapshot=True``): the real ``make_app`` over the
deterministic demo journal, "today" frozen at 2026-11-25, dark and light
themes, 100x30 and 80x24. After a deliberate change, update with
``pytest tests/snapshots/test_snapshots.py --snapshot-update``, look at the SVGs,
and rerun the script so the docs match.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.conftest import REPO

SCRIPT = REPO / "scripts" / "screenshots.py"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("netjournal_screenshots", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses need the module registered
    spec.loader.exec_module(module)
    return module


screenshots = _load_script()
PINNED = [shot for shot in screenshots.SHOTS if shot.snapshot]


@pytest.mark.parametrize("shot", PINNED, ids=[shot.name for shot in PINNED])
def test_screen_matches_its_snapshot(shot: Any, snap_compare: Any, netjournal_home: Path) -> None:
    app = screenshots.build_app(screenshots.prepare_journal(shot), shot)

    async def run_before(pilot: Pilot[Any]) -> None:
        await screenshots.drive(pilot, shot)

    assert snap_compare(app, terminal_size=shot.size, run_before=run_before)


#: Every screen (and the CPD dialog) at the smallest supported terminal and a wide one
#: (issue 14: readable at 80x24, the free width used at 120x40).
EVERY_SCREEN: dict[str, tuple[str, ...]] = {
    "today": (),
    "journal": ("2",),
    "contacts": ("3",),
    "conversations": ("4",),
    "trends": ("5",),
    "targets": ("6",),
    "export": ("7",),
    "help": ("question_mark",),
    "cpd-dialog": ("c",),
}
SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
MATRIX = [(screen, size) for screen in EVERY_SCREEN for size in SIZES]


@pytest.mark.parametrize(("screen", "size"), MATRIX, ids=[f"{s}-{z}" for s, z in MATRIX])
def test_every_screen_at_80x24_and_120x40(
    screen: str, size: str, snap_compare: Any, netjournal_home: Path
) -> None:
    shot = screenshots.Shot(f"{screen}-{size}", keys=EVERY_SCREEN[screen], size=SIZES[size])
    app = screenshots.build_app(screenshots.prepare_journal(shot), shot)

    async def run_before(pilot: Pilot[Any]) -> None:
        await screenshots.drive(pilot, shot)
        # Trends counts connections and Export builds its preview in a worker.
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, terminal_size=shot.size, run_before=run_before)


def test_every_screen_of_this_area_has_a_pinned_state() -> None:
    pinned_keys = {shot.keys[:1] for shot in PINNED}
    for key in [(), ("2",), ("3",), ("4",), ("question_mark",)]:
        assert key in pinned_keys
    assert {shot.size for shot in PINNED} >= {(100, 30), (80, 24)}
    assert any(shot.theme == "textual-light" for shot in PINNED)
