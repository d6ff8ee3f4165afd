"""Today with a running timer: the ticking line and the header badge, at 80x24 and 120x40."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from netjournal.journal import Journal
from tests.app_support import app_over, at, running_call

pytestmark = pytest.mark.usefixtures("utc_clock")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_today_with_a_running_timer_matches_its_snapshot(
    size: tuple[int, int], snap_compare: Any, demo: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    running_call(demo, monkeypatch)
    at(monkeypatch, "2026-11-25T10:42:00+00:00")

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()

    assert snap_compare(app_over(demo), terminal_size=size, run_before=run_before)
