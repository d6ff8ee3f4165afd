"""The app says so when a sync tool left the other device's changes in a conflict copy."""

from __future__ import annotations

import shutil

from netjournal.journal import ActivityInput, Journal
from tests.app_support import app_over


async def test_conflict_copy_is_announced_on_start(netjournal_home: object) -> None:
    journal = Journal.open()
    journal.activities.log(ActivityInput(mode="online", duration="10m", note="laptop"))
    month = journal.paths.store_dir / "activities" / "2026-11.json"
    shutil.copy(month, month.with_name("2026-11.sync-conflict-20261120-101010-ABCDEFG.json"))
    app = app_over(journal)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("sync conflict copy" in m and "netjournal merge" in m for m in messages)


async def test_no_notice_without_conflict_copies(netjournal_home: object) -> None:
    journal = Journal.open()
    journal.activities.log(ActivityInput(mode="online", duration="10m", note="laptop"))
    app = app_over(journal)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not any("conflict" in n.message for n in app._notifications)
