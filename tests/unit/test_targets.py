"""Reading balance targets as typed, showing both forms, and which target judges a period."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netjournal.domain.target_record import Target
from netjournal.domain.targets import (
    TargetInput,
    build_target,
    describe_band,
    format_ratio,
    parse_online_band,
    parse_ratio_band,
    target_in_force,
    validate_target,
)
from netjournal.errors import InputError


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("30-50%", (0.30, 0.50)),
        ("30%-50%", (0.30, 0.50)),
        ("30 – 50", (0.30, 0.50)),
        ("0-100%", (0.0, 1.0)),
        ("40%", (0.35, 0.45)),
        ("2%", (0.0, 0.07)),
        ("100", (0.95, 1.0)),
        ("33.3-40%", (0.333, 0.40)),
    ],
)
def test_online_band_reads_ranges_and_single_shares_as_plus_minus_five_points(
    text: str, band: tuple[float, float]
) -> None:
    assert parse_online_band(text) == pytest.approx(band)


@pytest.mark.parametrize("text", ["50-30%", "120%", "30-150%", "abc", "", "-5%", "1:2"])
def test_online_band_rejects_nonsense(text: str) -> None:
    with pytest.raises(InputError) as err:
        parse_online_band(text)
    assert err.value.field == "online"


def test_ratio_one_to_two_means_a_third_online_plus_minus_five_points() -> None:
    low, high = parse_ratio_band("1:2")
    assert low == pytest.approx(1 / 3 - 0.05, abs=1e-4)
    assert high == pytest.approx(1 / 3 + 0.05, abs=1e-4)


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("1:3-1:1", (0.25, 0.5)),
        ("1:1 - 1:3", (0.25, 0.5)),
        ("1:0", (0.95, 1.0)),
        ("0:1", (0.0, 0.05)),
    ],
)
def test_ratio_ranges_are_exact_and_extremes_clamp(text: str, band: tuple[float, float]) -> None:
    assert parse_ratio_band(text) == pytest.approx(band)


@pytest.mark.parametrize("text", ["0:0", "1-2", "a:b", "1:2:3", "30%"])
def test_ratio_rejects_nonsense(text: str) -> None:
    with pytest.raises(InputError) as err:
        parse_ratio_band(text)
    assert err.value.field == "ratio"


@given(st.floats(0, 100), st.floats(0, 100))
def test_any_valid_band_stays_within_zero_and_one_and_ordered(a: float, b: float) -> None:
    low, high = parse_online_band(f"{min(a, b):.2f}-{max(a, b):.2f}%")
    assert 0.0 <= low <= high <= 1.0
    lo1, hi1 = parse_online_band(f"{a:.2f}%")
    assert 0.0 <= lo1 <= hi1 <= 1.0


@given(st.integers(0, 50), st.integers(0, 50))
def test_any_ratio_gives_an_ordered_band_inside_zero_and_one(on: int, off: int) -> None:
    if on + off == 0:
        return
    low, high = parse_ratio_band(f"{on}:{off}")
    assert 0.0 <= low <= on / (on + off) <= high <= 1.0


@pytest.mark.parametrize(
    ("online", "offline", "text"),
    [
        (100, 180, "1 : 1.8"),
        (60, 120, "1 : 2"),
        (120, 60, "1 : 0.5"),
        (60, 0, "1 : 0"),
        (0, 60, "0 : 1"),
        (10, 300, "1 : 30"),
        (1000, 20, "1 : 0.02"),
    ],
)
def test_ratio_text_is_one_to_offline_over_online(online: int, offline: int, text: str) -> None:
    assert format_ratio(online, offline) == text


def test_band_is_shown_as_shares_and_as_ratios() -> None:
    assert describe_band(0.3, 0.5) == "30%–50% online (ratio 1 : 2.3 – 1 : 1)"
    assert describe_band(None, 0.4) == "0%–40% online (ratio 0 : 1 – 1 : 1.5)"


def _t(day: date, created_hour: int = 0, low: float = 0.3) -> Target:
    return Target(
        effective_from=day,
        online_min_share=low,
        online_max_share=0.5,
        created=datetime(2026, 1, 1, created_hour, tzinfo=UTC),
    )


def test_period_is_judged_by_latest_target_in_force_on_its_first_day() -> None:
    old = _t(date(2026, 1, 1), low=0.1)
    changed_midweek = _t(date(2026, 11, 25), low=0.2)
    week_start, week_end = date(2026, 11, 23), date(2026, 11, 29)
    assert target_in_force([changed_midweek, old], week_start, week_end) is old
    next_week = date(2026, 11, 30)
    assert target_in_force([old, changed_midweek], next_week, date(2026, 12, 6)) is changed_midweek


def test_first_ever_target_judges_the_period_it_was_set_in() -> None:
    first = _t(date(2026, 11, 25))
    later = _t(date(2026, 11, 27), low=0.2)
    assert target_in_force([later, first], date(2026, 11, 23), date(2026, 11, 29)) is first
    assert target_in_force([first], date(2026, 11, 16), date(2026, 11, 22)) is None


def test_same_day_targets_are_broken_by_creation_time() -> None:
    a = _t(date(2026, 11, 1), created_hour=1)
    b = _t(date(2026, 11, 1), created_hour=2)
    assert target_in_force([b, a], date(2026, 11, 23)) is b


def test_validation_rejects_impossible_targets() -> None:
    with pytest.raises(InputError):
        validate_target(Target(date(2026, 1, 1), online_min_share=0.6, online_max_share=0.4))
    with pytest.raises(InputError):
        validate_target(Target(date(2026, 1, 1), weekly_min_minutes=-1))
    with pytest.raises(InputError):
        validate_target(Target(date(2026, 1, 1), daily_max_online_minutes=25 * 60))
    ok = Target(
        date(2026, 1, 1), online_min_share=0.3, online_max_share=0.5, weekly_min_minutes=120
    )
    assert validate_target(ok) is ok


def test_new_version_keeps_parts_not_given_and_none_clears_them() -> None:
    base = Target(
        date(2026, 1, 1),
        online_min_share=0.3,
        online_max_share=0.5,
        weekly_min_minutes=180,
        daily_max_online_minutes=60,
    )
    new = build_target(
        TargetInput(min_conversations="4", max_online_per_day="none"), date(2026, 12, 1), base
    )
    assert (new.online_min_share, new.online_max_share) == (0.3, 0.5)
    assert (new.weekly_min_minutes, new.weekly_min_conversations) == (180, 4)
    assert new.daily_max_online_minutes is None
    assert new.effective_from == date(2026, 12, 1) and new.id != base.id
    cleared = build_target(TargetInput(online="off"), date(2026, 12, 1), base)
    assert cleared.online_min_share is None and cleared.online_max_share is None


def test_hours_and_durations_are_read_as_typed() -> None:
    t = build_target(
        TargetInput(min_hours="2,5", max_online_per_day="1h30"), date(2026, 12, 1), None
    )
    assert (t.weekly_min_minutes, t.daily_max_online_minutes) == (150, 90)


@pytest.mark.parametrize(
    ("inp", "field"),
    [
        (TargetInput(), "online"),
        (TargetInput(online="30-50%", ratio="1:2"), "ratio"),
        (TargetInput(min_conversations="-1"), "min-conversations"),
        (TargetInput(min_new_connections="two"), "min-new-connections"),
        (TargetInput(min_hours="200"), "min-hours"),
        (TargetInput(max_online_per_day="soon"), "max-online-per-day"),
    ],
)
def test_bad_target_input_names_the_option(inp: TargetInput, field: str) -> None:
    with pytest.raises(InputError) as err:
        build_target(inp, date(2026, 12, 1), None)
    assert err.value.field == field
