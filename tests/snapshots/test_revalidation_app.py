"""The NMC revalidation picture, opened from the command palette."""

from __future__ import annotations

from typing import Any

from netjournal.journal import Journal
from tests.app_support import SIZE, app_over
from tests.functional.app.test_revalidation_app import journal_with_revalidation, open_from_palette


def test_the_revalidation_picture_matches_its_snapshot(snap_compare: Any, demo: Journal) -> None:
    app = app_over(journal_with_revalidation(demo))
    assert snap_compare(app, terminal_size=SIZE, run_before=open_from_palette)
