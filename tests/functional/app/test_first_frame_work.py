"""What the first screen (Today) leaves for later: the modules it does not show.

Behaviour, not timings (issue 15: the first frame within 1.5x of a one-``Static``
app). The app runs in a fresh process up to its first frame.
"""

from __future__ import annotations

import subprocess
import sys

FIRST_FRAME = (
    "import sys\n"
    "from netjournal.journal import Journal\n"
    "from netjournal.sample_data import demo_journal\n"
    "from netjournal.tui import make_app\n"
    "journal = Journal.open()\n"
    "journal.maintenance.load_sample(demo_journal(journal.today()))\n"
    "async def first_frame(pilot):\n"
    "    await pilot.pause()\n"
    "    print(' '.join(sorted(sys.modules)))\n"
    "    pilot.app.exit()\n"
    "make_app(journal, poll_seconds=3600).run(headless=True, size=(100, 30),"
    " auto_pilot=first_frame)\n"
)


def test_today_shows_the_week_without_the_trends_module_or_the_palette_commands() -> None:
    out = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME], capture_output=True, text=True, check=True
    )
    imported = set(out.stdout.split())
    assert "netjournal.journal.review" in imported  # the week's balance is on the screen
    assert "netjournal.domain.trends" not in imported
    assert "netjournal.tui.commands" not in imported
    # The week's list is a Line-API table: Textual's DataTable is loaded by
    # the screens that use it, not by the first one.
    assert "textual.widgets._data_table" not in imported
