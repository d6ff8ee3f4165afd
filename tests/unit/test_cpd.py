"""CPD records: defaults, exact hours, NMC totals, HCPC mix and gaps."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netjournal.domain.cpd import (
    NMC_THEMES,
    Gap,
    HcpcType,
    add_months,
    cpd_records,
    cycle_start,
    default_hcpc_type,
    default_method,
    default_participatory,
    find_gaps,
    format_hours,
    hcpc_check,
    hours,
    nmc_summary,
    parse_hcpc_type,
    parse_standard,
    record_for,
)
from netjournal.domain.models import Activity, CpdDetails, Mode, Style
from netjournal.errors import InputError
from tests.cpd_fixture import PERIOD, load_journal


def _activity(channel: str, style: Style, mode: Mode = Mode.ONLINE, minutes: int = 30) -> Activity:
    return Activity(date=date(2026, 5, 1), mode=mode, minutes=minutes, channel=channel, style=style)


# --- hours -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [
        (0, "0.0"),
        (2, "0.0"),
        (3, "0.1"),
        (20, "0.3"),
        (60, "1.0"),
        (90, "1.5"),
        (545, "9.1"),
        (2100, "35.0"),
    ],
)
def test_hours_round_to_a_tenth_with_halves_up(minutes: int, shown: str) -> None:
    assert format_hours(minutes) == shown


def test_hours_are_rounded_once_from_summed_minutes_not_per_row() -> None:
    rows = [20, 20, 20]
    assert format_hours(sum(rows)) == "1.0"
    assert sum(hours(m) for m in rows) == Decimal("0.9")  # what per-row rounding would give


@settings(deadline=None)  # shared CI cores: no per-example time limit
@given(st.lists(st.integers(min_value=0, max_value=1440), max_size=50))
def test_total_hours_are_within_a_twentieth_of_the_exact_minutes(rows: list[int]) -> None:
    exact = Decimal(sum(rows)) / 60
    assert abs(hours(sum(rows)) - exact) <= Decimal("0.05")


# --- defaults ----------------------------------------------------------------


def test_participatory_default_follows_style_conversation_only() -> None:
    assert default_participatory(_activity("x", Style.CONVERSATION))
    assert not default_participatory(_activity("x", Style.BROADCAST))
    assert not default_participatory(_activity("blog", Style.LISTENING))


@pytest.mark.parametrize(
    ("channel", "style", "mode", "method"),
    [
        ("x", Style.CONVERSATION, Mode.ONLINE, "Online discussion"),
        ("linkedin", Style.BROADCAST, Mode.ONLINE, "Sharing practice online"),
        ("bluesky", Style.LISTENING, Mode.ONLINE, "Online reading"),
        ("conference", Style.LISTENING, Mode.OFFLINE, "Conference"),
        ("blog", Style.BROADCAST, Mode.ONLINE, "Writing (blog)"),
        ("in-person", Style.CONVERSATION, Mode.OFFLINE, "Peer discussion (in person)"),
        ("other", Style.BROADCAST, Mode.OFFLINE, "Presentation or teaching"),
    ],
)
def test_default_method_comes_from_channel_and_style(
    channel: str, style: Style, mode: Mode, method: str
) -> None:
    assert default_method(_activity(channel, style, mode)) == method


@pytest.mark.parametrize(
    ("channel", "style", "kind"),
    [
        ("conference", Style.LISTENING, HcpcType.FORMAL),
        ("x", Style.CONVERSATION, HcpcType.WORK_BASED),
        ("linkedin", Style.BROADCAST, HcpcType.PROFESSIONAL),
        ("blog", Style.LISTENING, HcpcType.SELF_DIRECTED),
        ("blog", Style.BROADCAST, HcpcType.FORMAL),
    ],
)
def test_default_hcpc_type_follows_the_hcpc_examples(
    channel: str, style: Style, kind: HcpcType
) -> None:
    assert default_hcpc_type(_activity(channel, style)) is kind


def test_user_choices_override_defaults_and_are_not_marked_default() -> None:
    activity = replace(
        _activity("x", Style.CONVERSATION),
        cpd=CpdDetails(method="Twitter chat", participatory=False, hcpc_type="formal"),
    )
    record = record_for(activity)
    assert record.method == "Twitter chat"
    assert record.participatory is False and not record.participatory_is_default
    assert record.hcpc_type is HcpcType.FORMAL and not record.hcpc_type_is_default


def test_record_of_an_activity_not_marked_cpd_is_refused() -> None:
    with pytest.raises(InputError):
        record_for(_activity("x", Style.CONVERSATION))


# --- the hand-checked fixture ------------------------------------------------


def test_fixture_totals_and_participatory_hours_match_the_hand_count() -> None:
    activities, _ = load_journal()
    records = cpd_records(activities, *PERIOD)
    summary = nmc_summary(records, *PERIOD)
    assert [r.activity_id for r in records] == [
        "act01",
        "act02",
        "act03",
        "act04",
        "act05",
        "act06",
        "act07",
        "act08",
    ]
    assert summary.minutes == 630  # 50+360+25+40+95+20+20+20
    assert format_hours(summary.minutes) == "10.5"
    assert summary.participatory_minutes == 545  # 50+360+95+20+20 (act06 opted out)
    assert format_hours(summary.participatory_minutes) == "9.1"
    assert summary.reflective_accounts == 2
    assert not summary.hours_met and not summary.participatory_met
    assert not summary.covers_full_cycle


def test_requirement_is_met_at_exactly_35_and_20_hours() -> None:
    base = _activity("conference", Style.CONVERSATION, Mode.OFFLINE, minutes=1200)
    talk = replace(base, cpd=CpdDetails(), id="talk")
    solo = replace(base, minutes=900, cpd=CpdDetails(participatory=False), id="solo")
    summary = nmc_summary(
        cpd_records([talk, solo], date(2026, 1, 1), date(2026, 12, 31)),
        date(2026, 1, 1),
        date(2026, 12, 31),
    )
    assert summary.hours_met and summary.participatory_met
    assert summary.minutes == 2100 and summary.participatory_minutes == 1200


def test_cycle_is_three_years_both_ends_included() -> None:
    assert cycle_start(date(2026, 11, 25)) == date(2023, 11, 26)
    assert cycle_start(date(2028, 2, 29)) == date(2025, 3, 1)


# --- standards and HCPC types --------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("prioritise", "prioritise"),
        ("Prioritise people", "prioritise"),
        ("prioritize", "prioritise"),
        ("PRA", "practise"),
        ("practice", "practise"),
        ("preserve", "preserve"),
        ("Promote professionalism and trust", "promote"),
        ("HCPC  SCPE 2.1", "HCPC SCPE 2.1"),
    ],
)
def test_standards_accept_nmc_short_words_and_keep_other_text(typed: str, stored: str) -> None:
    assert parse_standard(typed) == stored


@pytest.mark.parametrize("typed", ["p", "pr", "   "])
def test_ambiguous_or_empty_standard_is_an_input_error(typed: str) -> None:
    with pytest.raises(InputError):
        parse_standard(typed)


@settings(deadline=None)  # shared CI cores: no per-example time limit
@given(st.text(max_size=40))
def test_parse_standard_returns_a_theme_or_the_cleaned_text_or_refuses(text: str) -> None:
    try:
        stored = parse_standard(text)
    except InputError:
        return
    assert stored in NMC_THEMES or stored == " ".join(text.split())


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("work-based", HcpcType.WORK_BASED),
        ("Work-based learning", HcpcType.WORK_BASED),
        ("formal/educational", HcpcType.FORMAL),
        ("Formal / educational", HcpcType.FORMAL),
        ("self", HcpcType.SELF_DIRECTED),
        ("prof", HcpcType.PROFESSIONAL),
        ("other", HcpcType.OTHER),
    ],
)
def test_hcpc_types_accept_values_labels_and_prefixes(typed: str, kind: HcpcType) -> None:
    assert parse_hcpc_type(typed) is kind


def test_unknown_hcpc_type_names_the_choices() -> None:
    with pytest.raises(InputError) as caught:
        parse_hcpc_type("banana")
    assert "work-based, professional, formal, self-directed or other" in caught.value.one_line()


# --- HCPC mix and gaps -----------------------------------------------------------


def test_fixture_has_all_four_types_and_two_gaps() -> None:
    activities, _ = load_journal()
    check = hcpc_check(cpd_records(activities, *PERIOD), *PERIOD)
    assert check.has_mix
    assert check.types == (
        HcpcType.WORK_BASED,
        HcpcType.PROFESSIONAL,
        HcpcType.FORMAL,
        HcpcType.SELF_DIRECTED,
    )
    assert check.gaps == (
        Gap(date(2026, 3, 5), date(2026, 7, 10)),
        Gap(date(2026, 7, 12), date(2026, 11, 25), at_end=True),
    )


def test_a_single_type_fails_the_mix_check() -> None:
    activity = replace(_activity("x", Style.CONVERSATION), cpd=CpdDetails())
    check = hcpc_check([record_for(activity)], date(2026, 5, 1), date(2026, 5, 31))
    assert check.types == (HcpcType.WORK_BASED,) and not check.has_mix


@pytest.mark.parametrize(
    ("later", "flagged"),
    [(date(2026, 4, 1), True), (date(2026, 3, 31), False), (date(2026, 6, 1), True)],
)
def test_gap_is_three_calendar_months_or_more(later: date, flagged: bool) -> None:
    gaps = find_gaps([date(2026, 1, 1), later], date(2026, 1, 1), later)
    assert bool(gaps) is flagged


def test_gap_at_the_start_of_the_period_is_flagged() -> None:
    gaps = find_gaps([date(2026, 4, 1)], date(2026, 1, 1), date(2026, 4, 1))
    assert gaps == [Gap(date(2026, 1, 1), date(2026, 4, 1), at_start=True)]


def test_empty_period_longer_than_three_months_is_one_gap() -> None:
    gaps = find_gaps([], date(2026, 1, 1), date(2026, 12, 31))
    assert gaps == [Gap(date(2026, 1, 1), date(2026, 12, 31), at_start=True, at_end=True)]


@settings(deadline=None)  # shared CI cores: no per-example time limit
@given(
    st.lists(st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 12, 31)), max_size=30),
)
def test_no_gap_is_missed_and_none_is_invented(days: list[date]) -> None:
    start, end = date(2020, 1, 1), date(2026, 12, 31)
    gaps = find_gaps(days, start, end)
    points = [start, *sorted(set(days)), end]
    expected = [(a, b) for a, b in pairwise(points) if b >= add_months(a, 3)]
    assert [(g.after, g.before) for g in gaps] == expected
    for gap in gaps:
        assert not any(gap.after < d < gap.before for d in days)


@settings(deadline=None)  # shared CI cores: no per-example time limit
@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
    st.integers(min_value=-60, max_value=60),
)
def test_add_months_lands_in_the_right_month_and_never_overflows(day: date, months: int) -> None:
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day == day.day or (moved + timedelta(days=1)).month != moved.month
