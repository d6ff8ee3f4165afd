"""What the app does, and does not do, to show its first screen (issue 4: first frame).

These tests pin the work removed from start-up, not wall-clock times: how
often ``app.tcss`` is parsed, which modules are imported before anything is
opened, and that what is filled in after the first frame is there once the
app settles.
"""

from __future__ import annotations

import collections
import contextlib
import re
import subprocess
import sys
from collections.abc import AsyncIterator
from typing import Any

import pytest
from textual.color import Color

from netjournal.journal import Journal
from netjournal.tui import make_app
from netjournal.tui.widgets.activity_table import ActivityTable

SIZE = (100, 30)
NO_POLL = 3600.0


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_app_tcss_is_parsed_once_on_start(
    demo: Journal, css_parses: collections.Counter[str], theme: str
) -> None:
    demo.maintenance.set_setting("theme", theme)
    async with make_app(Journal.open(), poll_seconds=NO_POLL).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert pilot.app.theme == theme
    assert css_parses["app.tcss"] == 1
    assert css_parses["App.DEFAULT_CSS"] == 1


async def test_a_new_theme_restyles_the_screen(
    demo: Journal, css_parses: collections.Counter[str]
) -> None:
    async with make_app(demo, poll_seconds=NO_POLL).run_test(size=SIZE) as pilot:
        await pilot.pause()
        dark = pilot.app.screen.styles.background
        await pilot.app.run_action("toggle_dark")
        await pilot.pause()
        light = pilot.app.screen.styles.background
        assert light != dark
        assert light == Color.parse(pilot.app.get_theme("textual-light").background)  # type: ignore[union-attr]
    assert css_parses["app.tcss"] == 2  # once per theme


def picture(svg: str) -> str:
    """A screenshot without its id (a hash that also covers mouse data), as snapshots compare."""
    return re.sub(r"\bterminal-\d+", "terminal", svg)


@pytest.mark.parametrize(
    ("size", "theme"),
    [
        ((100, 30), "textual-dark"),
        ((100, 30), "textual-light"),
        ((80, 24), "textual-dark"),
        ((80, 24), "textual-light"),
        ((67, 24), "textual-dark"),
        ((123, 30), "textual-dark"),
        ((171, 40), "textual-light"),
    ],
)
async def test_the_form_picture_is_the_form_until_it_is_used(
    demo: Journal, size: tuple[int, int], theme: str
) -> None:
    """Swapping the drawn form for the real one changes nothing on screen."""
    from netjournal.tui.screens.today import TodayScreen
    from netjournal.tui.widgets.activity_form import ActivityForm
    from netjournal.tui.widgets.form_preview import FormPreview

    app = make_app(demo, poll_seconds=NO_POLL)
    app.theme = theme
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, TodayScreen)
        assert screen.query(FormPreview) and not screen.query(ActivityForm)
        drawn = picture(pilot.app.export_screenshot())
        await screen.open_form("")
        await pilot.pause()
        assert screen.query(ActivityForm) and not screen.query(FormPreview)
        assert picture(pilot.app.export_screenshot()) == drawn


async def test_n_and_the_keys_after_it_land_in_the_real_form(demo: Journal) -> None:
    from netjournal.tui.widgets.activity_form import ActivityForm

    async with make_app(demo, poll_seconds=NO_POLL).run_test(size=SIZE) as pilot:
        await pilot.press("n", "o", "f", "f")  # no pause: typed as fast as keys arrive
        await pilot.pause()
        form = pilot.app.screen.query_one(ActivityForm)
        assert form.value_of("mode") == "off"
        assert pilot.app.focused is form.query_one("#af-mode")


async def test_tab_from_the_list_goes_into_the_form(demo: Journal) -> None:
    from netjournal.tui.widgets.activity_form import ActivityForm
    from netjournal.tui.widgets.activity_table import ActivityTable

    async with make_app(demo, poll_seconds=NO_POLL).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(pilot.app.focused, ActivityTable)
        await pilot.press("tab")
        await pilot.pause()
        form = pilot.app.screen.query_one(ActivityForm)
        assert pilot.app.focused is form.query_one("#af-mode")


@pytest.mark.parametrize(("placeholder", "field"), [("note: what", "af-note"), ("CPD", "af-cpd")])
async def test_a_click_on_the_drawn_form_focuses_that_field(
    demo: Journal, placeholder: str, field: str
) -> None:
    from netjournal.tui.widgets.form_preview import FormPreview

    async with make_app(demo, poll_seconds=NO_POLL).run_test(size=SIZE) as pilot:
        await pilot.pause()
        preview = pilot.app.screen.query_one(FormPreview)
        y, x = next(
            (y, line.text.index(placeholder))
            for y in range(preview.content_size.height)
            if placeholder in (line := preview.render_line(y)).text
        )
        await pilot.click(FormPreview, offset=(x + 2, y + 1))  # + padding, + border
        await pilot.pause()
        assert pilot.app.focused is not None and pilot.app.focused.id == field


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
        assert gc.get_freeze_count() == frozen  # earlier apps' garbage is not kept for good


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


async def test_the_activity_tables_columns_are_as_wide_as_datatable_measures_them(
    demo: Journal,
) -> None:
    """ActivityTable measures its Text cells itself; the widths must be DataTable's own."""
    from rich.text import Text
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable
    from textual.widgets.data_table import RowKey

    from netjournal.tui.widgets.activity_table import ActivityTable

    cells = [
        [Text("Wed 25 •"), Text("off"), Text("1h30m", justify="right"), Text("café"), Text("")],
        [Text("Thu 26"), Text("on"), Text("5m"), Text("x"), Text("日本語のメモ · wide")],
        [Text("Fri 27"), Text("on"), Text("12h"), Text("two\nlines here"), Text("[/nhs] tidy")],
    ]

    class Tables(App[None]):
        def compose(self) -> ComposeResult:
            yield ActivityTable(columns=("day", "mode_short", "minutes", "channel", "note"))
            yield DataTable(id="stock")

    async with Tables().run_test(size=SIZE) as pilot:
        await pilot.pause()
        ours = pilot.app.query_one(ActivityTable)
        stock: DataTable[Text] = pilot.app.query_one("#stock", DataTable)
        stock.add_columns(*(Text(c.label.plain) for c in ours.ordered_columns))
        for i, row in enumerate(cells):
            ours.add_row(*row, key=str(i))
            stock.add_row(*row, key=str(i))
        await pilot.pause()
        widths = [c.content_width for c in ours.ordered_columns]
        assert widths == [c.content_width for c in stock.ordered_columns]
        assert widths == [8, 4, 6, 10, 19]  # "Mode"/"Length" headings; wide kana are 2 cells
        assert ours.virtual_size == stock.virtual_size
        # Rows DataTable sizes itself: an automatic height, a label.
        for table in (ours, stock):
            table.add_row(*cells[2], key="auto", height=None)
            table.add_row(*cells[0], key="labelled", label=Text("first"))
        await pilot.pause()
        assert [c.content_width for c in ours.ordered_columns] == widths
        assert ours.rows[RowKey("auto")].height == 2  # "two\nlines here"
        assert ours.virtual_size == stock.virtual_size


@contextlib.asynccontextmanager
async def today_table(demo: Journal, theme: str) -> AsyncIterator[tuple[Any, ActivityTable]]:
    """The running app on the demo journal in ``theme``, and its Today table (5+ rows)."""
    app = make_app(demo, poll_seconds=NO_POLL)
    app.theme = theme
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = pilot.app.screen.query_one(ActivityTable)
        assert table.row_count >= 5
        yield pilot, table


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_the_activity_table_draws_each_cell_as_datatable_does(
    demo: Journal, theme: str
) -> None:
    """ActivityTable builds plain one-line cells itself; every segment must be DataTable's."""
    from rich.text import Text
    from textual.widgets import DataTable

    async with today_table(demo, theme) as (pilot, table):
        # Cells the fast path must leave to DataTable: styled, wide, two lines.
        table.add_row(
            Text("Sun 29", style="bold"),
            Text("off"),
            Text("x" * 40, justify="right"),
            Text("a\nb"),
            Text("note", justify="center"),
            key="odd-cells",
        )
        await pilot.pause()
        drawn = 0
        for row_index in range(table.row_count):
            row_style = table._get_row_style(row_index, table.rich_style)
            for column_index, column in enumerate(table.ordered_columns):
                width = column.get_render_width(table)
                for cursor, hover in [(False, False), (True, False), (False, True)]:
                    args = (row_index, column_index, row_style, width, cursor, hover)
                    table._cell_render_cache.clear()
                    expected = DataTable._render_cell(table, *args)
                    table._cell_render_cache.clear()
                    assert table._render_cell(*args) == expected, (row_index, column_index)
                    drawn += table._plain_cell(row_index, column_index) is not None
        assert drawn >= 3 * 5 * (table.row_count - 1)  # all but the odd row took the direct path


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_the_activity_table_draws_each_line_as_datatable_does(
    demo: Journal, theme: str
) -> None:
    """ActivityTable assembles a row's line itself; every line must be DataTable's."""
    from textual.coordinate import Coordinate
    from textual.widgets import DataTable

    async with today_table(demo, theme) as (pilot, table):
        rows = table.row_count
        keys = [table._header_row_key, *(table._row_locations.get_key(i) for i in range(rows))]
        compared = 0
        for focused in (True, False):
            if focused:
                table.focus()
            else:
                pilot.app.screen.set_focus(None)
            await pilot.pause()
            table._pseudo_class_state = table.get_pseudo_class_state()
            for show_hover in (False, True):
                table._show_hover_cursor = show_hover
                for cursor_row, hover_row in [(0, 0), (1, 3), (4, 2), (rows - 1, -1)]:
                    cursor, hover = Coordinate(cursor_row, 0), Coordinate(hover_row, 0)
                    table._row_styles.clear()  # one frame: the row styles are kept across lines
                    for key in keys:
                        table._row_render_cache.clear()
                        line = (key, 0, table.rich_style, cursor, hover)
                        drawn = table._render_line_in_row(*line)
                        table._row_render_cache.clear()
                        assert drawn == DataTable._render_line_in_row(table, *line), key
                        compared += 1
        assert compared == 2 * 2 * 4 * (rows + 1)


async def test_a_screen_is_restyled_on_resume_except_right_after_its_mount(
    demo: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The mount styled every widget; coming back to a screen restyles it as Textual does."""
    from textual.screen import Screen

    seen: list[tuple[str, bool]] = []
    real_resume = Screen._on_screen_resume

    def spying_resume(self: Screen[Any], event: Any) -> None:
        seen.append((type(self).__name__, event.refresh_styles))
        real_resume(self, event)

    monkeypatch.setattr(Screen, "_on_screen_resume", spying_resume)
    async with make_app(demo, poll_seconds=NO_POLL).run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
    # The first resume of each screen follows its mount (Textual then resumes
    # a mode it switched to once more, restyling it); coming back restyles.
    assert seen[0] == ("TodayScreen", False)
    assert ("JournalScreen", False) in seen
    back = seen.index(("TodayScreen", True))
    assert all(name == "JournalScreen" for name, _ in seen[1:back])


async def test_the_today_table_is_styled_as_focused_once_and_not_restyled_by_its_focus(
    demo: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.widget import Widget

    from netjournal.tui.widgets.activity_table import ActivityTable

    restyled: list[str] = []
    real_update = Widget.update_node_styles

    def counting_update(self: Widget, animate: bool = True) -> None:
        if isinstance(self, ActivityTable):
            restyled.append(str(self.id))
        real_update(self, animate)

    monkeypatch.setattr(Widget, "update_node_styles", counting_update)
    async with make_app(demo, poll_seconds=NO_POLL).run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = pilot.app.screen.query_one(ActivityTable)
        assert pilot.app.screen.focused is table
        assert table.has_focus
        assert restyled == []
        styled_at_start = table.get_component_rich_style("datatable--cursor")
        await pilot.press("tab")  # into the form: the table is blurred and restyled
        assert pilot.app.screen.focused is not table
        assert table.get_component_rich_style("datatable--cursor") != styled_at_start
        table.focus()
        await pilot.pause()
        assert restyled  # later focus changes restyle it as Textual does
        assert table.get_component_rich_style("datatable--cursor") == styled_at_start


async def test_a_widget_composed_as_focused_that_does_not_get_the_focus_is_restyled(
    demo: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netjournal.tui.screens.base import DataScreen
    from netjournal.tui.widgets.activity_table import ActivityTable

    monkeypatch.setattr(DataScreen, "main_widget", lambda self: None)
    monkeypatch.setattr(DataScreen, "AUTO_FOCUS", "")  # nothing takes the focus
    async with make_app(demo, poll_seconds=NO_POLL).run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = pilot.app.screen.query_one(ActivityTable)
        assert pilot.app.screen.focused is not table
        assert not table.has_focus
