"""What people type for dates, durations and times, and what netjournal reads.

Examples pin the documented forms (docs/input.md); hypothesis properties pin
the promises other code relies on: round-trips, no silent day/month swaps,
relative dates never in the future (except ``tomorrow``), and only
``InputError`` for bad text.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, time, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from netjournal.domain.timeparse import (
    MAX_DATE,
    MIN_DATE,
    format_date,
    format_duration,
    parse_date,
    parse_duration,
    parse_time,
)
from netjournal.errors import InputError

TODAY = date(2026, 11, 25)  # a Wednesday, ISO week 2026-W48


def _date(text: str, order: str = "dmy", today: date = TODAY) -> date:
    return parse_date(text, today=today, date_order=order)


def _date_error(text: str, order: str = "dmy") -> InputError:
    with pytest.raises(InputError) as info:
        _date(text, order)
    assert info.value.field == "date"
    return info.value


# ------------------------------------------------------------------ dates: examples


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", date(2026, 11, 25)),
        ("yesterday", date(2026, 11, 24)),
        ("tomorrow", date(2026, 11, 26)),
        ("  Yesterday ", date(2026, 11, 24)),
        ("TODAY", date(2026, 11, 25)),
        ("tue", date(2026, 11, 24)),
        ("tuesday", date(2026, 11, 24)),
        ("Tues", date(2026, 11, 24)),
        ("wed", date(2026, 11, 25)),  # today is Wednesday: today, not a week ago
        ("thursday", date(2026, 11, 19)),
        ("fri", date(2026, 11, 20)),
        ("sun", date(2026, 11, 22)),
        ("mon", date(2026, 11, 23)),
        ("last friday", date(2026, 11, 20)),
        ("last wed", date(2026, 11, 18)),  # strictly before today
        ("last   tuesday", date(2026, 11, 24)),
        ("this friday", date(2026, 11, 27)),  # same Mon..Sun week, ahead of today
        ("this monday", date(2026, 11, 23)),
        ("this sun", date(2026, 11, 29)),
        ("this wed", date(2026, 11, 25)),
        ("1 day ago", date(2026, 11, 24)),
        ("3 days ago", date(2026, 11, 22)),
        ("0 days ago", date(2026, 11, 25)),
        ("2 weeks ago", date(2026, 11, 11)),
        ("1 week ago", date(2026, 11, 18)),
        ("2026-11-20", date(2026, 11, 20)),
        ("2026-1-5", date(2026, 1, 5)),
        ("20/11/2026", date(2026, 11, 20)),
        ("20/11/26", date(2026, 11, 20)),
        ("20-11-2026", date(2026, 11, 20)),
        ("20.11.2026", date(2026, 11, 20)),
        ("3/4/2026", date(2026, 4, 3)),
        ("20/11", date(2026, 11, 20)),
        ("24/12", date(2026, 12, 24)),  # later this year stays in the future: no guessing
        ("20 Nov", date(2026, 11, 20)),
        ("20 november 2026", date(2026, 11, 20)),
        ("20th Nov", date(2026, 11, 20)),
        ("1st March 2025", date(2025, 3, 1)),
        ("Nov 20", date(2026, 11, 20)),
        ("November 20, 2026", date(2026, 11, 20)),
        ("sept 3 2026", date(2026, 9, 3)),
        ("Wed 25 Nov 2026", date(2026, 11, 25)),
        ("Wed Nov 25 2026", date(2026, 11, 25)),
    ],
)
def test_parse_date_reads_each_documented_form_day_first(text: str, expected: date) -> None:
    assert _date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11/20/2026", date(2026, 11, 20)),
        ("11/20/26", date(2026, 11, 20)),
        ("4/3/2026", date(2026, 4, 3)),
        ("11/20", date(2026, 11, 20)),
        ("20 Nov", date(2026, 11, 20)),  # month names are unambiguous in either order
        ("2026-11-20", date(2026, 11, 20)),
    ],
)
def test_parse_date_reads_month_first_when_configured(text: str, expected: date) -> None:
    assert _date(text, "mdy") == expected


def test_this_weekday_follows_the_configured_week_start() -> None:
    # Week starting Sunday: Sun 22 .. Sat 28 Nov, so "this sunday" is the 22nd,
    # whereas in a Monday week it is the 29th.
    assert parse_date("this sunday", today=TODAY, week_start=6) == date(2026, 11, 22)
    assert parse_date("this sunday", today=TODAY) == date(2026, 11, 29)


def test_unreadable_date_names_the_input_and_shows_examples() -> None:
    error = _date_error("fooday")
    assert error.message == (
        "cannot read date 'fooday': try today, yesterday, tue, last friday, "
        "3 days ago, 20/11/2026 or 2026-11-20"
    )


def test_unreadable_date_examples_follow_the_configured_order() -> None:
    assert "11/20/2026" in _date_error("fooday", "mdy").message


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_empty_date_is_rejected(text: str) -> None:
    assert "date is needed" in _date_error(text).message


def test_month_first_input_is_rejected_not_swapped_when_reading_day_first() -> None:
    message = _date_error("11/20/2026").message
    assert "no month 20" in message
    assert "day-first (20/11/2026)" in message
    assert 'date_order = "mdy"' in message


def test_day_first_input_is_rejected_not_swapped_when_reading_month_first() -> None:
    message = _date_error("20/11/2026", "mdy").message
    assert "no month 20" in message
    assert "month-first (11/20/2026)" in message
    assert 'date_order = "dmy"' in message


def test_short_form_swap_suggestion_keeps_the_users_separator() -> None:
    assert "day-first (20.11)" in _date_error("11.20").message


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("31/02/2026", "February 2026 has no day 31"),
        ("29/02/2026", "February 2026 has no day 29"),
        ("2026-02-30", "February 2026 has no day 30"),
        ("31 April", "April 2026 has no day 31"),
        ("13/13/2026", "there is no month 13"),
        ("0/5/2026", "May 2026 has no day 0"),
        ("2026-13-01", "there is no month 13"),
        ("0000-01-01", "no year 0"),
        ("20/11/202", "4 digits"),
        ("Tue 25 Nov 2026", "is a Wednesday, not a Tuesday"),
        ("next friday", "means different days to different people"),
        ("999999 weeks ago", "outside the calendar"),
    ],
)
def test_impossible_or_ambiguous_dates_are_rejected_with_the_reason(text: str, why: str) -> None:
    assert why in _date_error(text).message


@pytest.mark.parametrize(
    "text",
    ["20/11-2026", "last", "last week", "3 days", "days ago", "20 foo", "nov", "2026-11", "20/11/"],
)
def test_malformed_dates_are_rejected(text: str) -> None:
    assert "cannot read date" in _date_error(text).message


def test_leap_day_is_accepted_in_a_leap_year() -> None:
    assert _date("29/02/2028") == date(2028, 2, 29)


def test_parse_date_rejects_an_unknown_date_order_as_a_programming_error() -> None:
    with pytest.raises(ValueError, match="date_order"):
        parse_date("today", today=TODAY, date_order="ymd")


def test_common_forms_do_not_import_dateutil() -> None:
    # `netjournal log` start-up must stay light: no dateutil on the capture path.
    code = (
        "import sys, datetime\n"
        "from netjournal.domain.timeparse import parse_date, parse_duration, parse_time\n"
        "t = datetime.date(2026, 11, 25)\n"
        "for s in ['today', 'tue', 'last fri', '3 days ago', '2026-11-20', '20/11', '20 Nov']:\n"
        "    parse_date(s, today=t)\n"
        "parse_duration('1h30'); parse_time('9am')\n"
        "print('dateutil' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "False"


# ------------------------------------------------------------------ dates: properties

_dates = st.dates(min_value=MIN_DATE, max_value=MAX_DATE)
_todays = st.dates(min_value=date(1930, 1, 1), max_value=MAX_DATE)


@given(_dates)
def test_any_date_written_day_first_reads_back_with_dmy(d: date) -> None:
    for sep in "/-.":
        text = f"{d.day}{sep}{d.month}{sep}{d.year:04d}"
        assert parse_date(text, today=TODAY, date_order="dmy") == d


@given(_dates)
def test_any_date_written_month_first_reads_back_with_mdy(d: date) -> None:
    text = f"{d.month:02d}/{d.day:02d}/{d.year:04d}"
    assert parse_date(text, today=TODAY, date_order="mdy") == d


@given(_dates, st.sampled_from(["dmy", "mdy"]))
def test_displayed_dates_read_back_in_either_order(d: date, order: str) -> None:
    shown = format_date(d, order)
    assert parse_date(shown, today=TODAY, date_order="dmy") == d
    assert parse_date(shown, today=TODAY, date_order="mdy") == d


@given(
    st.integers(min_value=1, max_value=31),
    st.integers(min_value=13, max_value=31),
    st.integers(min_value=2000, max_value=2100),
)
def test_a_number_over_12_in_the_month_slot_is_never_swapped(
    first: int, second: int, year: int
) -> None:
    with pytest.raises(InputError):
        parse_date(f"{first}/{second}/{year}", today=TODAY, date_order="dmy")
    with pytest.raises(InputError):
        parse_date(f"{second}/{first}/{year}", today=TODAY, date_order="mdy")


@given(_todays, st.integers(min_value=0, max_value=5000))
def test_n_days_ago_is_today_minus_n(today: date, n: int) -> None:
    assume(today - timedelta(weeks=n) >= MIN_DATE)
    assert parse_date(f"{n} days ago", today=today) == today - timedelta(days=n)
    assert parse_date(f"{n} weeks ago", today=today) == today - timedelta(weeks=n)


@pytest.mark.parametrize(
    "text", ["0001-01-01", "1899-12-31", "2200-01-01", "9999-12-31", "31/12/9999", "1 Jan 0001"]
)
def test_dates_outside_the_supported_range_are_refused_with_the_range(text: str) -> None:
    with pytest.raises(InputError, match=r"outside the dates netjournal supports \(1900-2199\)"):
        parse_date(text, today=TODAY)


@given(st.integers(min_value=1, max_value=10**6))
def test_n_days_ago_past_the_range_is_refused_not_an_overflow(n: int) -> None:
    try:
        day = parse_date(f"{n} days ago", today=TODAY)
    except InputError as exc:
        assert "\n" not in exc.one_line()
    else:
        assert MIN_DATE <= day == TODAY - timedelta(days=n)


_relative_phrases = st.one_of(
    st.sampled_from(["today", "yesterday"]),
    st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun", "thursday", "weds"]),
    st.builds(lambda d: f"last {d}", st.sampled_from(["monday", "tue", "wednesday", "fri", "sun"])),
    st.builds(lambda n: f"{n} days ago", st.integers(min_value=0, max_value=400)),
)


@given(_todays, _relative_phrases)
def test_relative_dates_are_never_after_today(today: date, phrase: str) -> None:
    result = parse_date(phrase, today=today)
    assert result <= today
    assert today - result <= timedelta(days=400)


@given(_todays, st.sampled_from(["monday", "tue", "wed", "thursday", "fri", "sat", "sun"]))
def test_weekday_names_land_within_the_last_week_on_that_weekday(today: date, name: str) -> None:
    bare = parse_date(name, today=today)
    last = parse_date(f"last {name}", today=today)
    assert bare.weekday() == last.weekday()
    assert 0 <= (today - bare).days <= 6
    assert 1 <= (today - last).days <= 7


@given(_todays)
def test_tomorrow_is_the_day_after_today(today: date) -> None:
    assert parse_date("tomorrow", today=today) == today + timedelta(days=1)


@given(st.text(max_size=40), st.sampled_from(["dmy", "mdy"]))
def test_parse_date_on_any_text_returns_a_date_or_raises_input_error(text: str, order: str) -> None:
    try:
        result = parse_date(text, today=TODAY, date_order=order)
    except InputError as error:
        assert error.field == "date"
    else:
        assert isinstance(result, date)


@given(st.from_regex(r"[0-9a-z/.\-, ]{1,20}", fullmatch=True), st.sampled_from(["dmy", "mdy"]))
def test_parse_date_on_date_like_text_returns_a_date_or_raises_input_error(
    text: str, order: str
) -> None:
    try:
        result = parse_date(text, today=date(9999, 12, 31), date_order=order)
    except InputError as error:
        assert error.field == "date"
    else:
        assert isinstance(result, date)


# -------------------------------------------------------------- durations: examples


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("45m", 45),
        ("45 min", 45),
        ("45 mins", 45),
        ("45 minutes", 45),
        ("1h", 60),
        ("1 hr", 60),
        ("2 hours", 120),
        ("1h30m", 90),
        ("1h30", 90),
        ("1h 30m", 90),
        ("1 hour 30 minutes", 90),
        ("1.5h", 90),
        ("1,5h", 90),
        ("1.5 hours", 90),
        ("1:30", 90),
        ("0:45", 45),
        ("90", 90),
        (" 90 ", 90),
        ("1.55h", 93),
        ("0.25h", 15),
        ("1.01h", 61),  # 60.6 minutes rounds to the nearest minute
        ("0.025h", 2),  # exactly 1.5 minutes: halves round up
        ("12h05m", 725),
        ("24h", 1440),
        ("1440", 1440),
        ("1H30M", 90),
    ],
)
def test_parse_duration_reads_each_documented_form(text: str, minutes: int) -> None:
    assert parse_duration(text) == minutes


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "duration is needed"),
        ("1x", "try 45m, 1h30, 1.5h, 1:30 or 90"),
        ("abc", "try 45m"),
        ("0", "at least one minute"),
        ("0m", "at least one minute"),
        ("0:00", "at least one minute"),
        ("0.001h", "at least one minute"),
        ("-5", "cannot be negative"),
        ("-1h", "cannot be negative"),
        ("1:75", "under 60"),
        ("1h75", "under 60"),
        ("1:5", "try 45m"),
        ("1.5m", "minutes must be whole"),
        ("1.5", "a bare number is whole minutes"),
        ("1.5h30m", "whole hours with minutes"),
        ("25h", "longer than a day (24h); log each day separately"),
        ("1441", "longer than a day"),
        ("24:01", "longer than a day"),
        ("9" * 60 + ".5h", "longer than a day"),
        # Whole numbers are ints, fractions Decimals (imported only then); both read alike,
        # and numbers too long for int() stay clear errors.
        ("9" * 5000, "longer than a day"),
        ("9" * 5000 + "h", "longer than a day"),
        ("1h075", "under 60, not 75"),
        ("1h75.0", "under 60, not 75.0"),
        ("1h75,0m", "under 60, not 75.0"),
    ],
)
def test_bad_durations_are_rejected_with_the_reason(text: str, why: str) -> None:
    with pytest.raises(InputError) as info:
        parse_duration(text)
    assert info.value.field == "duration"
    assert why in info.value.message


def test_unreadable_duration_message_matches_the_documented_wording() -> None:
    with pytest.raises(InputError) as info:
        parse_duration("1x")
    assert info.value.message == "cannot read duration '1x': try 45m, 1h30, 1.5h, 1:30 or 90"


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [(45, "45m"), (60, "1h"), (90, "1h30m"), (725, "12h05m"), (1440, "24h"), (0, "0m")],
)
def test_format_duration_shows_hours_and_padded_minutes(minutes: int, shown: str) -> None:
    assert format_duration(minutes) == shown


def test_format_duration_marks_a_shortfall_with_a_minus() -> None:
    assert format_duration(-90) == "-1h30m"


# ------------------------------------------------------------ durations: properties


@given(st.integers(min_value=1, max_value=1440))
def test_formatted_durations_read_back_unchanged(minutes: int) -> None:
    assert parse_duration(format_duration(minutes)) == minutes


@given(st.integers(min_value=0, max_value=24), st.integers(min_value=0, max_value=59))
def test_clock_style_durations_are_hours_and_minutes(hours: int, mins: int) -> None:
    total = hours * 60 + mins
    text = f"{hours}:{mins:02d}"
    if 1 <= total <= 1440:
        assert parse_duration(text) == total
    else:
        with pytest.raises(InputError):
            parse_duration(text)


@given(st.text(max_size=30))
def test_parse_duration_on_any_text_returns_minutes_or_raises_input_error(text: str) -> None:
    try:
        result = parse_duration(text)
    except InputError as error:
        assert error.field == "duration"
    else:
        assert 1 <= result <= 1440


@given(st.from_regex(r"[0-9hminrsuto:.,\- ]{1,16}", fullmatch=True))
def test_parse_duration_on_duration_like_text_never_escapes_input_error(text: str) -> None:
    try:
        result = parse_duration(text)
    except InputError as error:
        assert error.field == "duration"
    else:
        assert 1 <= result <= 1440


# ------------------------------------------------------------------------- times


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14:30", time(14, 30)),
        ("09:05", time(9, 5)),
        ("9:05", time(9, 5)),
        ("9am", time(9, 0)),
        ("9 AM", time(9, 0)),
        ("9:30pm", time(21, 30)),
        ("9.30pm", time(21, 30)),
        ("9 p.m.", time(21, 0)),
        ("12am", time(0, 0)),
        ("12pm", time(12, 0)),
        ("12:15am", time(0, 15)),
        ("14.30", time(14, 30)),
        ("1430", time(14, 30)),
        ("0000", time(0, 0)),
        ("23:59", time(23, 59)),
        ("noon", time(12, 0)),
        ("midnight", time(0, 0)),
    ],
)
def test_parse_time_reads_each_documented_form(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "time is needed"),
        ("9", "add minutes or am/pm"),
        ("24:00", "no hour 24"),
        ("14:60", "no minute 60"),
        ("13pm", "hour must be 1 to 12"),
        ("0am", "hour must be 1 to 12"),
        ("9:75am", "no minute 75"),
        ("930", "try 14:30"),
        ("9:5", "try 14:30"),
        ("lunch", "try 14:30"),
    ],
)
def test_bad_times_are_rejected_with_the_reason(text: str, why: str) -> None:
    with pytest.raises(InputError) as info:
        parse_time(text)
    assert info.value.field == "time"
    assert why in info.value.message


@given(st.times())
def test_any_clock_time_reads_back_in_both_24_hour_forms(t: time) -> None:
    expected = t.replace(second=0, microsecond=0)
    assert parse_time(f"{t.hour:02d}:{t.minute:02d}") == expected
    assert parse_time(f"{t.hour:02d}{t.minute:02d}") == expected


@given(st.times())
def test_any_clock_time_reads_back_in_12_hour_form(t: time) -> None:
    hour12 = t.hour % 12 or 12
    suffix = "am" if t.hour < 12 else "pm"
    assert parse_time(f"{hour12}:{t.minute:02d}{suffix}") == t.replace(second=0, microsecond=0)


@given(st.text(max_size=20))
def test_parse_time_on_any_text_returns_a_time_or_raises_input_error(text: str) -> None:
    try:
        result = parse_time(text)
    except InputError as error:
        assert error.field == "time"
    else:
        assert isinstance(result, time)


# ------------------------------------------------------------------------ display


def test_format_date_spells_the_month_so_it_reads_in_either_order() -> None:
    assert format_date(date(2026, 11, 25)) == "Wed 25 Nov 2026"
    assert format_date(date(2026, 11, 25), "mdy") == "Wed Nov 25 2026"
    assert format_date(date(2026, 3, 1)) == "Sun 1 Mar 2026"
