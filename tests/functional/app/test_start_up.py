"""What the app does, and does not do, to show its first screen (issue 4: first frame).

These tests pin behaviour, not wall-clock times: which modules the first
screen imports, the garbage collector's pause around it, the quick-entry
form that opens on ``n``, and a theme change restyling the screen.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from textual.color import Color

from netjournal.journal import Journal
from netjournal.tui import make_app
from netjournal.tui.dialogs import DIALOG_CSS
from netjournal.tui.screens import LIST_CSS
from netjournal.tui.widgets.activity_table import ActivityTable
from tests.app_support import NO_POLL, SIZE


async def test_a_new_theme_restyles_the_screen(demo: Journal) -> None:
    async with make_app(demo, poll_seconds=NO_POLL).run_test(size=SIZE) as pilot:
        await pilot.pause()
        dark = pilot.app.screen.styles.background
        await pilot.app.run_action("toggle_dark")
        await pilot.pause()
        light = pilot.app.screen.styles.background
        assert light != dark
        assert light == Color.parse(pilot.app.get_theme("textual-light").background)  # type: ignore[union-attr]


async def test_the_first_screen_parses_only_its_own_layout(demo: Journal) -> None:
    """Textual parses the whole stylesheet again each time a source is added:
    the other screens' and the dialogs' layouts join it when first shown."""
    async with make_app(demo, poll_seconds=NO_POLL).run_test(size=SIZE) as pilot:
        await pilot.pause()
        sheet = pilot.app.stylesheet
        assert not sheet.has_source(str(DIALOG_CSS), "")
        assert not sheet.has_source(str(LIST_CSS), "")
        await pilot.press("question_mark")
        await pilot.pause()
        assert sheet.has_source(str(DIALOG_CSS), "")
        await pilot.press("escape", "2")
        await pilot.pause()
        assert sheet.has_source(str(LIST_CSS), "")
        # The Journal's filter line is styled by the file it brought.
        assert pilot.app.screen.query_one("#journal-filter").styles.margin.left == 1


async def test_n_and_the_keys_after_it_land_in_the_real_form(demo: Journal) -> None:
    from netjournal.tui.widgets.activity_form import ActivityForm

    async with make_app(demo, poll_seconds=NO_POLL).run_test(size=SIZE) as pilot:
        await pilot.press("n", "o", "f", "f")  # no pause: typed as fast as keys arrive
        await pilot.pause()
        form = pilot.app.screen.query_one(ActivityForm)
        assert form.value_of("mode") == "off"
        assert pilot.app.focused is form.query_one("#af-mode")


async def test_the_form_opens_on_n_only_and_stays_open(demo: Journal) -> None:
    from netjournal.tui.widgets.activity_form import ActivityForm

    async with make_app(demo, poll_seconds=NO_POLL).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not pilot.app.screen.query(ActivityForm)
        assert isinstance(pilot.app.focused, ActivityTable)
        await pilot.press("n")
        await pilot.pause()
        form = pilot.app.screen.query_one(ActivityForm)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.focused, ActivityTable)
        await pilot.press("n")
        await pilot.pause()
        assert pilot.app.screen.query_one(ActivityForm) is form
        assert pilot.app.focused is form.query_one("#af-mode")


@pytest.mark.parametrize("blink", [True, False])
async def test_the_cursor_blinks_unless_the_app_is_made_without_blinking(
    demo: Journal, blink: bool
) -> None:
    """Tests and screenshots make the app with a steady cursor, so pictures do not flicker."""
    from textual.widgets import Input

    app = make_app(demo, poll_seconds=NO_POLL, cursor_blink=blink)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        field = pilot.app.focused
        assert isinstance(field, Input)
        assert field.cursor_blink is blink


def test_making_the_app_exempts_the_imported_objects_from_gc_once() -> None:
    code = (
        "import gc\n"
        "from netjournal.journal import Journal\n"
        "from netjournal.tui import make_app\n"
        "assert gc.get_freeze_count() == 0\n"
        "freezes = []\n"
        "real_freeze = gc.freeze\n"
        "gc.freeze = lambda: (freezes.append(1), real_freeze())\n"
        "make_app(Journal.open())\n"
        "frozen = gc.get_freeze_count()\n"
        "make_app(Journal.open())\n"
        "print(frozen, len(freezes))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    frozen, freezes = map(int, out.stdout.split())
    assert frozen > 10_000  # Textual and the facade, imported before the app is made
    assert freezes == 1  # a second app does not freeze what the first one left


@pytest.mark.parametrize("enabled", [True, False])
def test_textual_and_the_app_are_imported_without_garbage_collection(enabled: bool) -> None:
    # In a fresh process: no collection runs while make_app imports Textual and
    # the app's modules, and the collector's setting is as it was afterwards.
    code = (
        "import gc, sys\n"
        "from netjournal.journal import Journal\n"
        "from netjournal.tui import make_app\n"
        "assert 'textual' not in sys.modules\n"
        f"{'' if enabled else 'gc.disable()'}\n"
        "runs = []\n"
        "gc.callbacks.append(lambda phase, info: runs.append(phase))\n"
        "gc.collect()\n"
        "before = len(runs)\n"
        "app = make_app(Journal.open())\n"
        "print('textual.app' in sys.modules, len(runs) - before, gc.isenabled())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    imported, collections_run, now_enabled = out.stdout.split()
    assert imported == "True"
    assert collections_run == "0"
    assert now_enabled == str(enabled)


def test_the_collector_is_paused_while_the_first_screen_is_built_and_then_given_back() -> None:
    # In a fresh process, as the app runs: paused while Today loads its data,
    # enabled again once the first frame is up, start-up objects frozen once.
    code = (
        "import gc\n"
        "from netjournal.journal import Journal\n"
        "from netjournal.tui import make_app\n"
        "from netjournal.tui.screens.today import TodayScreen\n"
        "seen = []\n"
        "real_load = TodayScreen.load\n"
        "def load(self):\n"
        "    seen.append(gc.isenabled())\n"
        "    real_load(self)\n"
        "TodayScreen.load = load\n"
        "async def first(pilot):\n"
        "    await pilot.pause()\n"
        "    seen.append(gc.isenabled())\n"
        "    seen.append(gc.get_freeze_count())\n"
        "    pilot.app.exit()\n"
        "app = make_app(Journal.open(), poll_seconds=3600)\n"
        "frozen_by_make_app = gc.get_freeze_count()\n"
        "app.run(headless=True, size=(100, 30), auto_pilot=first)\n"
        "print(seen[0], seen[-2], seen[-1] > frozen_by_make_app, gc.isenabled())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True", "True", "True"]


async def test_an_app_started_with_the_collector_off_leaves_it_off(demo: Journal) -> None:
    import gc

    gc.disable()
    try:
        async with make_app(demo, poll_seconds=NO_POLL).run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


async def test_later_apps_in_one_process_give_the_collector_back_without_freezing(
    demo: Journal,
) -> None:
    import gc

    for _ in range(2):
        async with make_app(demo, poll_seconds=NO_POLL).run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert gc.isenabled()
            frozen = gc.get_freeze_count()
    async with make_app(demo, poll_seconds=NO_POLL).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert gc.isenabled()
        # No new freeze: earlier apps' garbage is not kept for good. (The count may
        # fall: a frozen object that reference counting frees leaves the frozen set.)
        assert gc.get_freeze_count() <= frozen


def test_the_first_screen_imports_no_other_screen_dialog_chart_form_or_emoji_table() -> None:
    """The form's widgets come with the form; the emoji table came with a markup heading."""
    code = (
        "import sys\n"
        "from netjournal.journal import Journal\n"
        "from netjournal.sample_data import demo_journal\n"
        "from netjournal.tui import make_app\n"
        "journal = Journal.open()\n"
        "journal.maintenance.load_sample(demo_journal(journal.today()))\n"
        "async def first_frame(pilot):\n"
        "    await pilot.pause()\n"
        "    prefixes = ('netjournal.tui.screens.', 'netjournal.tui.dialogs.', 'textual_plotext',"
        " 'rich._emoji_codes', 'netjournal.tui.widgets.activity_form', 'textual.widgets._checkbox')\n"
        "    print(' '.join(sorted(m for m in sys.modules if m.startswith(prefixes))))\n"
        "    pilot.app.exit()\n"
        "make_app(journal, poll_seconds=3600).run(headless=True, size=(100, 30),"
        " auto_pilot=first_frame)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == [
        "netjournal.tui.screens.activity_list",
        "netjournal.tui.screens.base",
        "netjournal.tui.screens.today",
    ]
