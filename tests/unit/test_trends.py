"""Trends: rolling averages, streaks inside the band, and the text chart.

Weeks (Wednesdays) of the fixture, with the 30–50% band in force throughout:

    W41 40/60 · W42 – (both read only for the rolling average; W40 empty too)
    W43 30/70 inside · W44 50/50 inside · W45 90/10 above
    W46 40/60 inside · W47 35/65 inside · W48 – (in progress, nothing yet)

    longest streak 2, current streak 2 (W48 is still open, so it is skipped).
    Rolling W43 = W40..W43: online 70, offline 130 → 17.5 / 32.5, share 0.35.
    Rolling W48 = W45..W48: online 165, offline 135 → 41.25 / 33.75, share 0.55.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from netjournal.domain.balance import ABOVE, INSIDE, NO_ACTIVITY
from netjournal.domain.daily import days_of
from netjournal.domain.models import Activity, Mode
from netjournal.domain.periods import PeriodKind
from netjournal.domain.target_record import Target
from netjournal.domain.trends import (
    build_trends,
    render_trends,
    sparkline,
    streaks,
    trend_periods,
    trends_json,
)

TODAY = date(2026, 11, 25)
BAND = Target(date(2026, 1, 1), online_min_share=0.30, online_max_share=0.50)


def wednesday(week: int) -> date:
    return date.fromisocalendar(2026, week, 3)


def week_acts(week: int, online: int, offline: int) -> list[Activity]:
    day = wednesday(week)
    return [
        Activity(date=day, mode=Mode.ONLINE, minutes=online),
        Activity(date=day, mode=Mode.OFFLINE, minutes=offline),
    ]


FIXTURE = [
    *week_acts(41, 40, 60),
    *week_acts(43, 30, 70),
    *week_acts(44, 50, 50),
    *week_acts(45, 90, 10),
    *week_acts(46, 40, 60),
    *week_acts(47, 35, 65),
]


def test_trend_reads_three_extra_periods_for_the_rolling_average() -> None:
    periods = trend_periods(PeriodKind.WEEK, 6, TODAY)
    assert [p.label for p in periods][:4] == ["2026-W40", "2026-W41", "2026-W42", "2026-W43"]
    assert periods[-1].label == "2026-W48"


def test_trend_points_statuses_and_rolling_average() -> None:
    series = build_trends(PeriodKind.WEEK, 6, days_of(FIXTURE), [BAND], TODAY)
    labels = [p.totals.period.label for p in series.points]
    assert labels == [f"2026-W{n}" for n in range(43, 49)]
    assert [p.band.status for p in series.points] == [
        INSIDE,
        INSIDE,
        ABOVE,
        INSIDE,
        INSIDE,
        NO_ACTIVITY,
    ]
    first, last = series.points[0], series.points[-1]
    assert (first.rolling_online_minutes, first.rolling_offline_minutes) == (17.5, 32.5)
    assert first.rolling_share == pytest.approx(0.35)
    assert (last.rolling_online_minutes, last.rolling_offline_minutes) == (41.25, 33.75)
    assert last.rolling_share == pytest.approx(0.55)
    assert last.in_progress and not first.in_progress


def test_streaks_current_skips_the_open_period_and_longest_is_the_best_run() -> None:
    series = build_trends(PeriodKind.WEEK, 6, days_of(FIXTURE), [BAND], TODAY)
    assert (series.current_streak, series.longest_streak) == (2, 2)


@pytest.mark.parametrize(
    ("statuses", "open_last", "expected"),
    [
        ([INSIDE, INSIDE, INSIDE], True, (3, 3)),
        ([INSIDE, INSIDE, ABOVE], True, (2, 2)),
        ([INSIDE, INSIDE, ABOVE], False, (0, 2)),
        ([INSIDE, NO_ACTIVITY, INSIDE], False, (1, 1)),
        ([INSIDE, INSIDE, INSIDE, "no-target", INSIDE, INSIDE], False, (2, 3)),
        ([], True, (0, 0)),
    ],
)
def test_streak_rules(statuses: list[str], open_last: bool, expected: tuple[int, int]) -> None:
    assert streaks(statuses, open_last) == expected


def test_each_week_is_judged_by_the_target_in_force_then() -> None:
    tighter = Target(date(2026, 11, 11), online_min_share=0.0, online_max_share=0.2)  # Wed W46
    series = build_trends(PeriodKind.WEEK, 6, days_of(FIXTURE), [BAND, tighter], TODAY)
    by_label = {p.totals.period.label: p for p in series.points}
    assert by_label["2026-W46"].target is BAND and by_label["2026-W46"].band.status == INSIDE
    assert by_label["2026-W47"].target is tighter and by_label["2026-W47"].band.status == ABOVE
    assert trends_json(series)["target"]["online_max_share"] == 0.2


def test_monthly_trend_totals_and_rolling_share() -> None:
    series = build_trends(PeriodKind.MONTH, 2, days_of(FIXTURE), [BAND], TODAY)
    octo, nov = series.points
    assert octo.totals.period.label == "2026-10"
    # October holds the Wednesdays of W41..W44 (7, 14, 21, 28 Oct).
    assert (octo.totals.online_minutes, octo.totals.offline_minutes) == (120, 180)
    assert (nov.totals.online_minutes, nov.totals.offline_minutes) == (165, 135)
    # Rolling Nov = Aug..Nov: all of the fixture.
    assert nov.rolling_share == pytest.approx(285 / 600)


def test_trends_json_is_stable_and_null_for_empty_periods() -> None:
    data = trends_json(build_trends(PeriodKind.WEEK, 6, days_of(FIXTURE), [BAND], TODAY))
    assert (data["period"], data["count"], data["rolling_window"]) == ("week", 6, 4)
    assert (data["current_streak"], data["longest_streak"]) == (2, 2)
    last = data["points"][-1]
    assert last["label"] == "2026-W48" and last["online_share"] is None
    assert last["status"] == "no-activity" and last["in_progress"] is True
    assert last["rolling_online_share"] == 0.55
    assert data["points"][2]["status_distance"] == 0.4


def test_sparkline_uses_a_fixed_zero_to_hundred_scale() -> None:
    assert sparkline([0.0, 0.5, 1.0, None, 0.125]) == "▁▅█ ▂"


def test_text_chart_degrades_to_plain_ascii_when_not_a_terminal() -> None:
    series = build_trends(PeriodKind.WEEK, 6, days_of(FIXTURE), [BAND], TODAY)
    plain = render_trends(series, tty=False)
    assert not set(plain) & set("▁▂▃▄▅▆▇█░")
    assert "2026-W45    1h30m      10m    90%" in plain
    assert "######" in plain
    assert "Streak inside the band: 2 weeks now, longest 2 weeks." in plain
    fancy = render_trends(series, tty=True)
    assert "█" in fancy and "Online share (0–100%, blank = no activity):" in fancy


def test_text_without_target_suggests_setting_one() -> None:
    text = render_trends(build_trends(PeriodKind.WEEK, 2, days_of([]), [], TODAY), tty=False)
    assert "No balance target set" in text
    assert "2026-W48*" in text


def test_a_year_of_weeks_in_one_pass_spans_week_53() -> None:
    acts = [
        Activity(date=date(2026, 12, 28) + timedelta(days=i), mode=Mode.ONLINE, minutes=10)
        for i in range(7)
    ]
    series = build_trends(PeriodKind.WEEK, 52, days_of(acts), [BAND], date(2027, 1, 5))
    assert len(series.points) == 52
    w53 = next(p for p in series.points if p.totals.period.label == "2026-W53")
    assert w53.totals.online_minutes == 70
