"""What the first screen (Today) leaves for later: modules it does not show, a second CSS read.

Behaviour, not timings (issue 15: the first frame within 1.5x of a one-``Static``
app). Each case runs the app in a fresh process up to its first frame.
"""

from __future__ import annotations

import subprocess
import sys

FIRST_FRAME = (
    "import sys\n"
    "from textual.app import App\n"
    "from netjournal.journal import Journal\n"
    "from netjournal.sample_data import demo_journal\n"
    "from netjournal.tui import make_app\n"
    "journal = Journal.open()\n"
    "journal.maintenance.load_sample(demo_journal(journal.today()))\n"
    "css_reads = []\n"
    "real_refresh_css = App.refresh_css\n"
    "def refresh_css(self, *args, **kwargs):\n"
    "    css_reads.append(1)\n"
    "    real_refresh_css(self, *args, **kwargs)\n"
    "App.refresh_css = refresh_css\n"
    "async def first_frame(pilot):\n"
    "    await pilot.pause()\n"
    "    screen = pilot.app.screen\n"
    "    print(len(css_reads), pilot.app.current_mode, type(screen).__name__, id(screen))\n"
    "    print(' '.join(sorted(sys.modules)))\n"
    "    await pilot.press('2')\n"
    "    await pilot.press('1')\n"
    "    await pilot.pause()\n"
    "    print(pilot.app.current_mode, type(pilot.app.screen).__name__, id(pilot.app.screen))\n"
    "    pilot.app.exit()\n"
    "make_app(journal, poll_seconds=3600).run(headless=True, size=(100, 30),"
    " auto_pilot=first_frame)\n"
)


def test_today_starts_from_one_css_read_without_the_modules_it_does_not_show() -> None:
    out = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME], capture_output=True, text=True, check=True
    )
    first, modules, back = out.stdout.splitlines()[:3]
    # Textual re-reads every stylesheet when it starts a mode from MODES; the
    # first screen starts as the default screen instead, with nothing re-read,
    # and key 1 still switches back to that same screen.
    css_reads, *today = first.split()
    assert css_reads == "0"
    assert today[:2] == ["today", "TodayScreen"]
    assert back.split() == today
    imported = set(modules.split())
    assert "netjournal.journal.review" in imported  # the week's balance is on the screen
    assert "netjournal.domain.trends" not in imported
    assert "netjournal.tui.commands" not in imported
