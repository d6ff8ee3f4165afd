"""Tracked spans -> minutes per local day: merging, AFK holes, midnight cuts, channel rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netjournal.domain.models import Activity, Mode
from netjournal.domain.online_time import (
    ChannelRules,
    Span,
    merge_spans,
    minutes_of,
    settings_from_table,
    split_by_day,
    subtract_spans,
    total_seconds,
)
from netjournal.errors import InputError
from netjournal.importers.activitywatch import settle

LONDON = ZoneInfo("Europe/London")
BASE = datetime(2026, 3, 27, tzinfo=UTC).timestamp()  # the weekend the clocks go forward

spans_st = st.lists(
    st.tuples(st.integers(0, 4 * 86400), st.integers(0, 20 * 3600)).map(
        lambda p: (BASE + p[0], BASE + p[0] + p[1])
    ),
    max_size=30,
)


def at(text: str) -> float:
    return datetime.fromisoformat(text).timestamp()


# --- merging ---------------------------------------------------------------------------------


def test_overlapping_and_touching_spans_join() -> None:
    assert merge_spans([(10, 20), (15, 30), (30, 40), (50, 60), (5, 5)]) == [(10, 40), (50, 60)]


@given(spans_st)
def test_merged_seconds_never_exceed_the_wall_clock_span(spans: list[Span]) -> None:
    merged = total_seconds(spans)
    if spans:
        assert merged <= max(e for _, e in spans) - min(s for s, _ in spans)
        assert merged >= max(e - s for s, e in spans)  # and never less than the longest one
    else:
        assert merged == 0


@given(spans_st, st.randoms(use_true_random=False))
def test_the_order_of_events_does_not_matter(spans: list[Span], rnd: Any) -> None:
    shuffled = list(spans)
    rnd.shuffle(shuffled)
    assert merge_spans(shuffled) == merge_spans(spans)
    assert split_by_day(shuffled, LONDON) == split_by_day(spans, LONDON)


@given(spans_st)
def test_day_pieces_add_up_and_stay_inside_their_local_day(spans: list[Span]) -> None:
    days = split_by_day(spans, LONDON)
    assert sum(total_seconds(p) for p in days.values()) == pytest.approx(total_seconds(spans))
    for day, pieces in days.items():
        for start, end in pieces:
            assert datetime.fromtimestamp(start, LONDON).date() == day
            assert datetime.fromtimestamp(end - 0.001, LONDON).date() == day
        assert minutes_of(total_seconds(pieces)) <= 24 * 60


@given(spans_st, spans_st)
def test_subtracting_holes_leaves_only_time_outside_them(
    spans: list[Span], holes: list[Span]
) -> None:
    left = subtract_spans(spans, holes)
    assert total_seconds(left) <= total_seconds(spans)
    assert total_seconds(spans) - total_seconds(left) <= total_seconds(holes) + 1e-6
    assert total_seconds(left + holes) == pytest.approx(total_seconds(spans + holes))
    for start, end in left:
        assert all(end <= h0 or start >= h1 for h0, h1 in merge_spans(holes))


def test_a_span_across_midnight_is_cut_at_local_midnight() -> None:
    # 23:50 BST on 30 June is 22:50 UTC: ten minutes on each London day
    days = split_by_day(
        [(at("2026-06-30T22:50:00+00:00"), at("2026-06-30T23:10:00+00:00"))], LONDON
    )
    assert {d: total_seconds(p) for d, p in days.items()} == {
        date(2026, 6, 30): 600,
        date(2026, 7, 1): 600,
    }


def test_the_day_the_clocks_go_forward_has_23_hours() -> None:
    start = datetime(2026, 3, 29, tzinfo=LONDON).timestamp()
    days = split_by_day([(start, start + 30 * 3600)], LONDON)
    assert total_seconds(days[date(2026, 3, 29)]) == 23 * 3600


def test_minutes_round_to_the_nearest_and_never_pass_a_day() -> None:
    assert [minutes_of(s) for s in (0, 29, 30, 89, 90)] == [0, 0, 1, 1, 2]
    assert minutes_of(25 * 3600) == 24 * 60


# --- rules -----------------------------------------------------------------------------------


def test_default_rules_know_the_platforms_by_host_title_and_app() -> None:
    m = ChannelRules().matcher()
    assert [m.host(h) for h in ("www.linkedin.com", "uk.linkedin.com", "x.com", "twitter.com")] == [
        "linkedin",
        "linkedin",
        "x",
        "x",
    ]
    assert m.host("bsky.app") == "bluesky"
    assert m.host("mastodon.social") == "mastodon"
    assert m.host("notlinkedin.com") is None
    assert m.title("Feed | LinkedIn — Mozilla Firefox") == "linkedin"
    assert m.title("(3) Home / X - Google Chrome") == "x"
    assert m.title("Home — Bluesky") == "bluesky"
    assert m.title("Notifications - Mastodon — Mozilla Firefox") == "mastodon"
    assert m.title("X-ray request form - Word") is None
    assert m.app("com.linkedin.android") == "linkedin"


def test_user_rules_come_before_the_defaults() -> None:
    found = settings_from_table(
        {
            "timezone": "Europe/Dublin",
            "min_minutes": 3,
            "mastodon": ["nurses.social"],
            "hosts": {"linkedin.com": "work", "https://www.nhs.net/": "email"},
            "titles": {"* - Microsoft Teams": "video-call"},
            "apps": {"Slack": "slack"},
        },
        "config.toml",
    )
    m = found.rules.matcher()
    assert (found.timezone, found.min_minutes) == ("Europe/Dublin", 3)
    assert m.host("nurses.social") == "mastodon"
    assert m.host("www.linkedin.com") == "work"
    assert m.host("mail.nhs.net") == "email"
    assert m.title("Chat | Ward 7 - Microsoft Teams") == "video-call"
    assert m.app("slack") == "slack"
    assert m.host("x.com") == "x"  # defaults still apply


@pytest.mark.parametrize(
    ("table", "words"),
    [
        ({"hosts": {"linkedin.com": "Linked In!"}}, "must name a channel"),
        ({"hosts": {"not a host": "x"}}, "is not a host name"),
        ({"hosts": ["linkedin.com"]}, "must be a table of rules"),
        ({"titles": {"": "x"}}, "must be 1 to 200 characters"),
        ({"mastodon": "nurses.social"}, "must be a list of host names"),
        ({"timezone": "Mars/Olympus"}, "is not a known time zone"),
        ({"min_minutes": 0}, "between 1 and 240"),
        ({"hostz": {}}, "has no setting 'hostz'"),
    ],
)
def test_a_bad_rule_is_one_clear_error_naming_the_file(table: dict[str, Any], words: str) -> None:
    with pytest.raises(InputError) as caught:
        settings_from_table(table, "/home/me/.config/netjournal/config.toml")
    message = caught.value.one_line()
    assert words in message
    assert message.startswith("/home/me/.config/netjournal/config.toml")


# --- settling against the journal -------------------------------------------------------------


def tracked(day: date, spans: dict[str, list[list[int]]], channel: str = "linkedin") -> Activity:
    return Activity(
        date=day,
        mode=Mode.ONLINE,
        minutes=1,
        channel=channel,
        source_id=f"activitywatch:day:{day.isoformat()}:{channel}",
        extra={"activitywatch": spans},
    )


DAY = date(2026, 11, 2)
T0 = int(datetime(2026, 11, 2, 9, tzinfo=UTC).timestamp())


@settings(max_examples=50)
@given(st.lists(st.tuples(st.integers(0, 3600), st.integers(60, 900)), min_size=1, max_size=10))
def test_importing_the_same_export_again_changes_nothing(pairs: list[tuple[int, int]]) -> None:
    incoming = tracked(DAY, {"aw-watcher-window_h": [[T0 + s, T0 + s + d] for s, d in pairs]})
    first, _ = settle(incoming, None, [])
    assert first is not None
    again, note = settle(incoming, first, [first])
    assert again is first
    assert note is None


def test_another_bucket_of_the_same_day_merges_instead_of_adding() -> None:
    web = tracked(DAY, {"web": [[T0, T0 + 600]]})
    stored, _ = settle(web, None, [])
    assert stored is not None and stored.minutes == 10
    window = tracked(DAY, {"window": [[T0 + 300, T0 + 900]]})
    both, _ = settle(window, stored, [stored])
    assert both is not None and both.minutes == 15  # 09:00-09:15, not 10 + 10
    assert sorted(both.extra["activitywatch"]) == ["web", "window"]


def test_minutes_logged_by_hand_that_day_are_subtracted() -> None:
    by_hand = Activity(date=DAY, mode=Mode.ONLINE, minutes=4, channel="linkedin")
    other_channel = Activity(date=DAY, mode=Mode.ONLINE, minutes=30, channel="x")
    kept, note = settle(tracked(DAY, {"w": [[T0, T0 + 600]]}), None, [by_hand, other_channel])
    assert kept is not None and kept.minutes == 6
    assert (
        note == "2026-11-02 linkedin: 10 min tracked, 4 min already in your journal; 6 min imported"
    )


def test_a_day_logged_by_hand_for_longer_imports_nothing() -> None:
    by_hand = Activity(date=DAY, mode=Mode.ONLINE, minutes=45, channel="linkedin")
    kept, note = settle(tracked(DAY, {"w": [[T0, T0 + 600]]}), None, [by_hand])
    assert kept is None
    assert note is not None and note.endswith("nothing imported")


def test_a_note_you_edited_is_kept_when_the_minutes_are_refreshed() -> None:
    stored, _ = settle(tracked(DAY, {"w": [[T0, T0 + 600]]}), None, [])
    assert stored is not None
    mine = stored.touched(note="Job hunting on LinkedIn")
    longer, _ = settle(tracked(DAY, {"w": [[T0, T0 + 1200]]}), mine, [mine])
    assert longer is not None
    assert (longer.minutes, longer.note, longer.id) == (20, "Job hunting on LinkedIn", stored.id)


def test_spans_damaged_by_hand_in_the_store_are_ignored_not_fatal() -> None:
    stored = tracked(DAY, {"w": [[T0, T0 + 600]], "bad": "nonsense", "worse": [[1, "x"], [5]]})  # type: ignore[dict-item]
    kept, _ = settle(tracked(DAY, {"w": [[T0, T0 + 600]]}), stored, [stored])
    assert kept is not None and kept.minutes == 10
    assert timedelta(minutes=kept.minutes) == timedelta(seconds=600)
