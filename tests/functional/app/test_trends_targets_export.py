"""The Trends, Targets and Export screens (keys 5, 6, 7) of the real app.

Every test opens the app from ``make_app`` over a journal in the temp
``NETJOURNAL_HOME`` (tests/conftest.py), filled with the deterministic demo
journal ending on the frozen "today", 2026-11-25. Pilot tests drive the
screens with keys and check the facade; snapshot tests pin what each screen
looks like at 100x30 and 80x24.
"""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import DataTable, Input, Label, Static, Tabs

from netjournal.domain.periods import PeriodKind
from netjournal.journal import ActivityInput, Journal
from netjournal.tui.screens.export import ExportProgress, ExportScreen, preview_text
from netjournal.tui.screens.targets import TargetsScreen, form_values, target_input
from netjournal.tui.screens.trends import TrendsScreen, short_label
from netjournal.tui.widgets.trend_charts import tick_positions, value_ticks
from tests.app_support import app_over, open_screen, settle

TODAY = date(2026, 11, 25)


def text_of(widget: Static | Label) -> str:
    return str(widget.render())


# --- Trends ----------------------------------------------------------------------


async def test_trends_opens_on_key_5_with_twelve_weeks_of_the_facade_series(demo: Journal) -> None:
    journal = demo
    async with app_over(journal).run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, "5")
        screen = pilot.app.screen
        assert isinstance(screen, TrendsScreen)
        assert screen.view is not None
        expected = journal.review.trends("week", 12)
        assert len(screen.view.labels) == 12
        assert screen.view.labels[-1] == "W48"
        assert screen.view.online_hours == tuple(
            p.totals.online_minutes / 60 for p in expected.points
        )
        summary = text_of(screen.query_one("#trends-summary", Static))
        assert "Last 12 weeks, 2026-W37 to 2026-W48" in summary
        assert not screen.has_class("-empty")
        social = journal.review.sociability_series(
            [(p.totals.period.start, p.totals.period.end) for p in expected.points]
        )
        assert screen.connections == (
            tuple(s.new_connections for s in social),
            tuple(s.maintained for s in social),
        )
        assert sum(screen.connections[0]) > 0


async def test_trends_period_keys_switch_between_weeks_months_quarters_and_years(
    demo: Journal,
) -> None:
    async with app_over(demo).run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, "5")
        screen = pilot.app.screen
        assert isinstance(screen, TrendsScreen)
        await pilot.press("m")
        await settle(pilot)
        assert screen.kind is PeriodKind.MONTH
        assert screen.view is not None and screen.view.labels[-1] == "Nov26"
        assert len(screen.view.labels) == 6
        assert screen.connections is not None and len(screen.connections[0]) == 6
        assert screen.query_one("#trends-period", Tabs).active == "trends-month"
        assert "Last 6 months" in text_of(screen.query_one("#trends-summary", Static))

        await pilot.press("s")  # the next span: 12 months
        await settle(pilot)
        assert len(screen.view.labels) == 12

        await pilot.press("p")  # month -> quarter, back to the shortest span
        await settle(pilot)
        assert screen.kind is PeriodKind.QUARTER
        assert screen.view.labels[-1] == "26Q4"
        assert len(screen.view.labels) == 4

        await pilot.press("y")
        await settle(pilot)
        assert screen.kind is PeriodKind.YEAR
        assert screen.view.labels[-1] == "2026"

        await pilot.press("Q")  # shift+q: quarters (q alone quits)
        await settle(pilot)
        assert screen.kind is PeriodKind.QUARTER

        await pilot.press("w")
        await settle(pilot)
        assert screen.kind is PeriodKind.WEEK
        assert screen.query_one("#trends-period", Tabs).active == "trends-week"

        await pilot.press("right")  # the focused tab strip: the next tab
        await settle(pilot)
        assert screen.kind is PeriodKind.MONTH


async def test_trends_shows_a_friendly_empty_state_without_activities() -> None:
    from netjournal.domain.targets import TargetInput

    journal = Journal.open()
    journal.review.set_target(TargetInput(online="30-50%"))  # a store exists, no activity
    async with app_over(journal).run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, "5")
        screen = pilot.app.screen
        assert isinstance(screen, TrendsScreen)
        assert screen.has_class("-empty")
        assert screen.query_one("#trends-empty").display
        assert not screen.query_one("#trends-charts").display
        assert "Nothing to chart yet" in text_of(screen.query_one("#trends-empty", Static))


def test_short_labels_fit_under_a_bar() -> None:
    from netjournal.domain.periods import month_of, quarter_of, week_of, year_of

    assert short_label(week_of(TODAY)) == "W48"
    assert short_label(week_of(date(2026, 12, 31))) == "W53"
    assert short_label(month_of(TODAY)) == "Nov26"
    assert short_label(quarter_of(TODAY)) == "26Q4"
    assert short_label(year_of(TODAY)) == "2026"


def test_x_ticks_always_label_the_latest_period_and_never_crowd() -> None:
    assert tick_positions(12, 3, 100) == list(range(12))
    chosen = tick_positions(52, 3, 40)
    assert chosen[-1] == 51
    assert len(chosen) * 5 <= 40
    assert tick_positions(0, 3, 40) == []


@given(
    count=st.integers(min_value=1, max_value=520),
    label_width=st.integers(min_value=1, max_value=8),
    plot_width=st.integers(min_value=1, max_value=300),
)
def test_x_ticks_fit_the_width_and_are_evenly_spaced(
    count: int, label_width: int, plot_width: int
) -> None:
    chosen = tick_positions(count, label_width, plot_width)
    assert chosen[-1] == count - 1
    assert chosen == sorted(set(chosen)) and chosen[0] >= 0
    assert len(chosen) * (label_width + 2) <= max(plot_width, label_width + 2)
    steps = {b - a for a, b in pairwise(chosen)}
    assert len(steps) <= 1


@given(st.floats(min_value=0.01, max_value=10_000, allow_nan=False))
def test_value_ticks_cover_the_data_in_equal_round_steps(highest: float) -> None:
    ticks = value_ticks(highest)
    assert ticks[0] == 0 and ticks[-1] >= highest
    steps = {round(b - a, 9) for a, b in pairwise(ticks)}
    assert len(steps) == 1 and next(iter(steps)) >= 1
    assert len(ticks) <= 6


def test_value_ticks_are_round_and_reach_the_highest_value() -> None:
    assert value_ticks(11) == [0, 5, 10, 15]
    assert value_ticks(3) == [0, 1, 2, 3]
    assert value_ticks(0) == [0, 1]
    ticks = value_ticks(47.5)
    assert ticks[-1] >= 47.5 and all(t == int(t) for t in ticks)


# --- Targets -----------------------------------------------------------------------


async def test_setting_a_target_changes_the_facade_target_and_the_screen(demo: Journal) -> None:
    journal = demo
    before = journal.review.current_target()
    assert before is not None and before.online_min_share == 0.3
    async with app_over(journal).run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, "6")
        screen = pilot.app.screen
        assert isinstance(screen, TargetsScreen)
        assert screen.query_one("#target-band", Input).value == "30%-50%"
        screen.query_one("#target-band", Input).value = "1:2"
        screen.query_one("#target-hours", Input).value = "4.5"
        screen.query_one("#target-max-online", Input).value = "1h30"
        await pilot.press("ctrl+s")
        await settle(pilot)

        now = journal.review.current_target()
        assert now is not None and now.effective_from == TODAY
        assert now.online_min_share == pytest.approx(0.2833, abs=1e-4)
        assert now.online_max_share == pytest.approx(0.3833, abs=1e-4)
        assert now.weekly_min_minutes == 270
        assert now.daily_max_online_minutes == 90
        assert now.weekly_min_conversations == 3  # kept from the form as shown

        current = text_of(screen.query_one("#target-current", Static))
        assert "28.3%–38.3% online" in current
        assert "Online at most 1h30m a day" in current
        history = screen.query_one("#target-history", DataTable)
        assert history.row_count == 2
        assert str(history.get_row_at(0)[0]).startswith("2026-11-25")
        assert screen.query_one("#target-band", Input).value == "28.3%-38.3%"


async def test_an_invalid_target_marks_the_field_with_the_reason_and_saves_nothing(
    demo: Journal,
) -> None:
    journal = demo
    history_before = journal.review.target_history()
    async with app_over(journal).run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, "6")
        screen = pilot.app.screen
        assert isinstance(screen, TargetsScreen)
        band = screen.query_one("#target-band", Input)
        band.value = "150%"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert band.has_class("-invalid")
        note = screen.query_one("#target-band-note", Label)
        assert note.has_class("-error")
        assert "over 100%" in text_of(note)
        assert journal.review.target_history() == history_before

        band.value = "30-50%"  # typing again clears the mark
        await pilot.pause()
        assert not band.has_class("-invalid")

        hours = screen.query_one("#target-hours", Input)
        hours.value = "lots"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert hours.has_class("-invalid")
        assert "number of hours" in text_of(screen.query_one("#target-hours-note", Label))
        assert pilot.app.focused is hours
        assert journal.review.target_history() == history_before


async def test_an_unreadable_from_date_marks_the_from_field(demo: Journal) -> None:
    journal = demo
    async with app_over(journal).run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, "6")
        screen = pilot.app.screen
        assert isinstance(screen, TargetsScreen)
        screen.query_one("#target-from", Input).value = "the day after never"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.query_one("#target-from", Input).has_class("-invalid")
        assert len(journal.review.target_history()) == 1


def test_the_form_reads_back_what_the_target_holds(demo: Journal) -> None:
    from netjournal.domain.targets import build_target

    journal = demo
    target = journal.review.current_target()
    values = form_values(target)
    assert values == {
        "band": "30%-50%",
        "hours": "3",
        "conversations": "3",
        "connections": "2",
        "max-online": "",
        "from": "today",
    }
    rebuilt = build_target(target_input(values), TODAY, None)
    assert target is not None
    assert (rebuilt.online_min_share, rebuilt.online_max_share) == (0.3, 0.5)
    assert rebuilt.weekly_min_minutes == target.weekly_min_minutes
    assert rebuilt.daily_max_online_minutes is None


def test_a_ratio_in_the_band_field_is_read_as_a_ratio_and_empty_fields_clear() -> None:
    inp = target_input({"band": "1:3-1:1", "hours": "", "from": "today"})
    assert inp.ratio == "1:3-1:1" and inp.online is None
    assert inp.min_hours == "none"
    assert inp.max_online_per_day == "none"


# --- Export ------------------------------------------------------------------------


def log_cpd_note(journal: Journal, note: str) -> None:
    """Yesterday's half hour of CPD on X, with ``note``."""
    journal.activities.log(
        ActivityInput(
            mode="online",
            duration="30m",
            date="yesterday",
            channel="x",
            note=note,
            cpd=True,
            topic="Safe staffing",
        )
    )


async def test_export_findings_with_square_brackets_show_as_typed(demo: Journal) -> None:
    journal = demo
    role = "[/x] practice [b]educator"  # Rich markup, if a findings cell read it so
    journal.relationships.add_contact("Jo Bloggs", role=role)
    log_cpd_note(journal, "Talked to Jo Bloggs about safe staffing")
    async with app_over(journal).run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, "7")
        findings = pilot.app.screen.query_one("#export-findings", DataTable)
        cells = [
            str(cell) for row in range(findings.row_count) for cell in findings.get_row_at(row)
        ]
        assert any(role in cell for cell in cells), cells  # what the name becomes


async def test_export_writes_the_file_after_showing_the_findings(
    tmp_path: Path, demo: Journal
) -> None:
    journal = demo
    contact = journal.relationships.list_contacts()[0]
    log_cpd_note(journal, f"Talked to {contact.name} (jo.bloggs@example.org) about safe staffing")
    target = tmp_path / "my-cpd.md"
    async with app_over(journal).run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, "7")
        screen = pilot.app.screen
        assert isinstance(screen, ExportScreen)
        findings = screen.query_one("#export-findings", DataTable)
        assert findings.row_count == 2  # the contact's name and the e-mail address
        screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("w")  # new settings: check first, write nothing yet
        await settle(pilot)
        assert not target.exists()
        assert "2 identifiers found" in text_of(screen.query_one("#export-status", Static))
        await pilot.press("w")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, ExportProgress)
        assert screen.written == target
        assert str(target) in text_of(screen.query_one("#export-status", Static))

    assert target.is_file()
    text = target.read_text(encoding="utf-8")
    assert "CPD record for NMC revalidation" in text
    assert "Safe staffing" in text
    assert contact.name not in text  # replaced: names are off by default
    assert "jo.bloggs@example.org" not in text
    assert target.stat().st_mode & 0o777 == 0o600


async def test_export_in_csv_with_names_writes_the_names_and_warns(demo: Journal) -> None:
    journal = demo
    async with app_over(journal).run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, "7")
        screen = pilot.app.screen
        assert isinstance(screen, ExportScreen)
        assert not screen.query_one("#export-names-warning").display
        screen.query_one("#export-format").value = "csv"
        screen.query_one("#export-template").value = "generic"
        await settle(pilot)
        await pilot.click("#export-names")
        await settle(pilot)
        assert screen.has_class("-with-names")
        assert screen.query_one("#export-names-warning").display
        await pilot.press("w")
        await settle(pilot)
        written = screen.written
        assert written is not None and written.suffix == ".csv"
        assert written.parent == journal.paths.export_dir
        content = written.read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    in_period = journal.activities.list_activities(date(2023, 11, 26), TODAY)
    named = [a for a in in_period if a.contact_ids]
    names = journal.activities.contact_names(named[0].contact_ids)
    assert names[0] in content.decode("utf-8-sig")


async def test_export_refuses_a_period_that_ends_before_it_starts(demo: Journal) -> None:
    journal = demo
    async with app_over(journal).run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, "7")
        screen = pilot.app.screen
        assert isinstance(screen, ExportScreen)
        screen.query_one("#export-from", Input).value = "1/12/2026"
        screen.query_one("#export-to", Input).value = "1/11/2026"
        await pilot.press("w")
        await settle(pilot)
        assert screen.query_one("#export-to", Input).has_class("-invalid")
        assert "before it starts" in text_of(screen.query_one("#export-error", Label))
        assert not journal.paths.export_dir.exists() or not any(journal.paths.export_dir.iterdir())


def test_preview_text_stops_after_the_limit_and_says_so() -> None:
    payload = "\n".join(f"line {i}" for i in range(10)).encode()
    text, cut = preview_text(payload, limit=3)
    assert text == "line 0\nline 1\nline 2" and cut
    assert preview_text(b"\xef\xbb\xbfa,b\n", limit=3) == ("a,b", False)


# --- snapshots -----------------------------------------------------------------------
