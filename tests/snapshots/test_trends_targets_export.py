"""Trends, Targets and Export (keys 5, 6, 7) over the demo journal, at 100x30 and 80x24."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from netjournal.journal import Journal
from tests.app_support import app_over, open_screen, settle


def _snapshot_of(key: str, *, after: tuple[str, ...] = ()) -> Any:
    async def run_before(pilot: Pilot[Any]) -> None:
        await open_screen(pilot, key)
        for press in after:
            await pilot.press(press)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=["100x30", "80x24"])
def test_snapshot_trends(snap_compare: Any, size: tuple[int, int], demo: Journal) -> None:
    assert snap_compare(app_over(demo), terminal_size=size, run_before=_snapshot_of("5"))


def test_snapshot_trends_by_month(snap_compare: Any, demo: Journal) -> None:
    assert snap_compare(
        app_over(demo), terminal_size=(100, 30), run_before=_snapshot_of("5", after=("m",))
    )


@pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=["100x30", "80x24"])
def test_snapshot_targets(snap_compare: Any, size: tuple[int, int], demo: Journal) -> None:
    assert snap_compare(app_over(demo), terminal_size=size, run_before=_snapshot_of("6"))


@pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=["100x30", "80x24"])
def test_snapshot_export(snap_compare: Any, size: tuple[int, int], demo: Journal) -> None:
    assert snap_compare(app_over(demo), terminal_size=size, run_before=_snapshot_of("7"))
