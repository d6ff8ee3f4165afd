"""Period bounds and labels: ISO weeks (including W53), other week starts, WHEN."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netjournal.domain.periods import (
    PeriodKind,
    following,
    last_periods,
    month_of,
    parse_when,
    period_of,
    preceding,
    quarter_of,
    week_of,
    year_of,
)
from netjournal.errors import InputError

TODAY = date(2026, 11, 25)  # Wednesday, ISO 2026-W48
SUNDAY = 6


def test_monday_week_is_the_iso_week_with_its_iso_label() -> None:
    week = week_of(TODAY)
    assert (week.start, week.end, week.label) == (
        date(2026, 11, 23),
        date(2026, 11, 29),
        "2026-W48",
    )


def test_iso_week_53_of_2026_spans_the_year_boundary() -> None:
    for day in (date(2026, 12, 28), date(2026, 12, 31), date(2027, 1, 3)):
        week = week_of(day)
        assert (week.start, week.end, week.label) == (
            date(2026, 12, 28),
            date(2027, 1, 3),
            "2026-W53",
        )
    assert week_of(date(2027, 1, 4)).label == "2027-W01"


def test_sunday_week_is_labelled_by_the_monday_inside_it() -> None:
    week = week_of(TODAY, SUNDAY)
    assert (week.start, week.end, week.label) == (
        date(2026, 11, 22),
        date(2026, 11, 28),
        "2026-W48",
    )
    sunday_29 = week_of(date(2026, 11, 29), SUNDAY)
    assert (sunday_29.start, sunday_29.label) == (date(2026, 11, 29), "2026-W49")


def test_sunday_week_across_new_year_takes_label_of_w53() -> None:
    week = week_of(date(2027, 1, 1), SUNDAY)
    assert (week.start, week.end, week.label) == (date(2026, 12, 27), date(2027, 1, 2), "2026-W53")


@given(st.dates(min_value=date(1900, 1, 8), max_value=date(2200, 12, 1)), st.integers(0, 6))
def test_weeks_of_any_start_are_seven_days_tile_and_have_unique_ordered_labels(
    day: date, week_start: int
) -> None:
    week = week_of(day, week_start)
    assert week.contains(day)
    assert week.days == 7
    assert week.start.weekday() == week_start
    nxt = following(week, week_start)
    assert nxt.start == week.end + timedelta(days=1)
    assert nxt.label > week.label
    assert preceding(nxt, week_start) == week


def test_month_quarter_year_bounds() -> None:
    assert (month_of(TODAY).start, month_of(TODAY).end, month_of(TODAY).label) == (
        date(2026, 11, 1),
        date(2026, 11, 30),
        "2026-11",
    )
    feb = month_of(date(2028, 2, 10))
    assert (feb.end, feb.days) == (date(2028, 2, 29), 29)
    q = quarter_of(TODAY)
    assert (q.start, q.end, q.label) == (date(2026, 10, 1), date(2026, 12, 31), "2026-Q4")
    q1 = quarter_of(date(2026, 3, 31))
    assert (q1.start, q1.end, q1.label) == (date(2026, 1, 1), date(2026, 3, 31), "2026-Q1")
    y = year_of(TODAY)
    assert (y.start, y.end, y.label, y.days) == (date(2026, 1, 1), date(2026, 12, 31), "2026", 365)


def test_last_periods_are_oldest_first_and_contiguous() -> None:
    weeks = last_periods(PeriodKind.WEEK, 3, TODAY)
    assert [w.label for w in weeks] == ["2026-W46", "2026-W47", "2026-W48"]
    months = last_periods(PeriodKind.MONTH, 13, TODAY)
    assert months[0].label == "2025-11" and months[-1].label == "2026-11"
    for a, b in itertools.pairwise(months):
        assert b.start == a.end + timedelta(days=1)


def test_last_periods_needs_at_least_one() -> None:
    with pytest.raises(InputError):
        last_periods(PeriodKind.WEEK, 0, TODAY)


@pytest.mark.parametrize(
    ("text", "kind", "label"),
    [
        (None, PeriodKind.WEEK, "2026-W48"),
        ("", PeriodKind.WEEK, "2026-W48"),
        ("this", PeriodKind.MONTH, "2026-11"),
        ("last", PeriodKind.WEEK, "2026-W47"),
        ("previous", PeriodKind.QUARTER, "2026-Q3"),
        ("-2", PeriodKind.WEEK, "2026-W46"),
        ("-12", PeriodKind.MONTH, "2025-11"),
        ("2026-W53", PeriodKind.WEEK, "2026-W53"),
        ("2026w01", PeriodKind.WEEK, "2026-W01"),
        ("2026-10", PeriodKind.MONTH, "2026-10"),
        ("2026-Q1", PeriodKind.QUARTER, "2026-Q1"),
        ("2025", PeriodKind.YEAR, "2025"),
        ("2026-Q4", PeriodKind.MONTH, "2026-10"),
        ("1/12/2026", PeriodKind.WEEK, "2026-W49"),
        ("2026-12-31", PeriodKind.WEEK, "2026-W53"),
        ("yesterday", PeriodKind.WEEK, "2026-W48"),
    ],
)
def test_when_accepts_words_offsets_labels_and_dates(
    text: str | None, kind: PeriodKind, label: str
) -> None:
    assert parse_when(text, kind, TODAY).label == label


def test_when_dates_are_day_first_unless_configured() -> None:
    assert parse_when("3/12/2026", PeriodKind.MONTH, TODAY).label == "2026-12"
    assert parse_when("3/12/2026", PeriodKind.MONTH, TODAY, date_order="mdy").label == "2026-03"


def test_when_label_with_sunday_weeks_selects_the_overlapping_week() -> None:
    week = parse_when("2026-W48", PeriodKind.WEEK, TODAY, week_start=SUNDAY)
    assert (week.start, week.label) == (date(2026, 11, 22), "2026-W48")


@pytest.mark.parametrize("text", ["2026-W54", "2025-W53", "2026-13", "soon", "2026-Q5x"])
def test_when_rejects_what_it_cannot_read(text: str) -> None:
    with pytest.raises(InputError) as err:
        parse_when(text, PeriodKind.WEEK, TODAY)
    assert err.value.field == "when"


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(2199, 12, 1)))
def test_every_period_kind_holds_its_day_and_its_label_reads_back(day: date) -> None:
    for kind in PeriodKind:
        period = period_of(kind, day)
        assert period.contains(day)
        assert parse_when(period.label, kind, TODAY) == period
