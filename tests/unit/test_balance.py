"""The weekly review, figure by figure, on a week small enough to check by hand.

Week 2026-W48 (Mon 23 – Sun 29 Nov 2026) in the fixture below:

    Mon 23  online  x           30m conversation maintain  with a
    Tue 24  online  linkedin    60m broadcast    share
    Wed 25  offline conference 120m conversation new       with a, b
    Thu 26  offline in-person   60m listening    source
    Sun 29  online  video-call 120m conversation other     at 23:00 → 60m Sun, 60m Mon 30

    online 30+60+60 = 150, offline 120+60 = 180, share 150/330 = 0.4545,
    ratio 180/150 = 1.2 → "1 : 1.2".
    W47: offline 60m (Wed 18). W46: online 40m (Tue 10). W44, W45: nothing.
    Average of W44..W47: online 40/4 = 10, offline 60/4 = 15, pooled share 40/100.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netjournal.domain.balance import (
    ABOVE,
    BELOW,
    INSIDE,
    NO_ACTIVITY,
    NO_TARGET,
    ChannelMinutes,
    tally,
    tally_days,
)
from netjournal.domain.contact_record import Contact
from netjournal.domain.daily import (
    SPILL_DAYS,
    DayTotals,
    day_totals,
    days_from_json,
    days_of,
    days_to_json,
    split_by_day,
)
from netjournal.domain.keep_in_touch import (
    ContactFacts,
    day_of_contacts_from_json,
    day_of_contacts_json,
    due_of_rows,
    due_status,
    known_since_json,
)
from netjournal.domain.known_since import (
    known_between,
    known_in,
    known_since,
    known_since_from_json,
)
from netjournal.domain.models import Activity, Mode, Purpose, Style
from netjournal.domain.names import name_key
from netjournal.domain.period_review import PeriodReview, review_json, review_period
from netjournal.domain.periods import PeriodKind, last_periods, month_of, week_of
from netjournal.domain.target_record import Target

TODAY = date(2026, 11, 25)


def act(
    day: date,
    mode: str,
    minutes: int,
    channel: str = "other",
    style: Style = Style.CONVERSATION,
    purpose: Purpose = Purpose.OTHER,
    at: time | None = None,
    contacts: tuple[str, ...] = (),
) -> Activity:
    return Activity(
        date=day,
        mode=Mode(mode),
        minutes=minutes,
        channel=channel,
        style=style,
        purpose=purpose,
        time=at,
        contact_ids=contacts,
    )


FIXTURE = [
    act(
        date(2026, 11, 23), "online", 30, "x", purpose=Purpose.MAINTAIN_CONNECTIONS, contacts=("a",)
    ),
    act(date(2026, 11, 24), "online", 60, "linkedin", Style.BROADCAST, Purpose.SHARE_WORK),
    act(
        date(2026, 11, 25),
        "offline",
        120,
        "conference",
        purpose=Purpose.MAKE_CONNECTIONS,
        contacts=("a", "b"),
    ),
    act(
        date(2026, 11, 26), "offline", 60, "in-person", Style.LISTENING, Purpose.SOURCE_INFORMATION
    ),
    act(date(2026, 11, 29), "online", 120, "video-call", at=time(23, 0)),
    act(date(2026, 11, 18), "offline", 60, "meeting"),
    act(date(2026, 11, 10), "online", 40, "x"),
]

BAND_30_50 = Target(date(2026, 1, 1), online_min_share=0.30, online_max_share=0.50)


def review(
    targets: list[Target] | None = None, activities: list[Activity] | None = None
) -> PeriodReview:
    return review_period(
        week_of(TODAY), days_of(FIXTURE if activities is None else activities), targets or [], TODAY
    )


def test_week_totals_minutes_share_and_ratio() -> None:
    t = review().totals
    assert (t.online_minutes, t.offline_minutes, t.total_minutes) == (150, 180, 330)
    assert t.online_share == pytest.approx(150 / 330)
    assert t.ratio == "1 : 1.2"


def test_week_counts_conversations_broadcasts_and_contacts_touched() -> None:
    t = review().totals
    assert (t.activities, t.conversations, t.broadcasts, t.listening) == (5, 3, 1, 1)
    assert t.contact_ids == frozenset({"a", "b"})


def test_week_minutes_per_channel_and_purpose_include_only_this_weeks_part() -> None:
    t = review().totals
    assert t.channels == {
        "conference": ChannelMinutes(0, 120),
        "in-person": ChannelMinutes(0, 60),
        "linkedin": ChannelMinutes(60, 0),
        "video-call": ChannelMinutes(60, 0),
        "x": ChannelMinutes(30, 0),
    }
    assert t.purposes == {
        "maintain-connections": 30,
        "share-work": 60,
        "make-connections": 120,
        "source-information": 60,
        "other": 60,
    }
    assert sum(c.total for c in t.channels.values()) == t.total_minutes
    assert sum(t.purposes.values()) == t.total_minutes


def test_comparison_with_previous_week_and_four_week_average() -> None:
    r = review()
    assert r.previous.period.label == "2026-W47"
    assert (r.previous.online_minutes, r.previous.offline_minutes) == (0, 60)
    assert [p.label for p in r.average.periods] == ["2026-W44", "2026-W45", "2026-W46", "2026-W47"]
    assert r.average.online_minutes == 10
    assert r.average.offline_minutes == 15
    assert r.average.online_share == pytest.approx(0.4)
    data = review_json(r)
    assert data["change"]["total_minutes_vs_previous"] == 270
    assert data["change"]["total_minutes_vs_average"] == 305
    assert data["change"]["online_share_vs_previous"] == pytest.approx(0.4545, abs=1e-4)
    assert data["change"]["online_share_vs_average"] == pytest.approx(0.0545, abs=1e-4)


def test_status_inside_band_edges_count_as_inside() -> None:
    assert review([BAND_30_50]).band.status == INSIDE
    exact = Target(date(2026, 1, 1), online_min_share=150 / 330, online_max_share=0.6)
    assert review([exact]).band.status == INSIDE


def test_status_above_and_below_say_by_how_much() -> None:
    above = review([Target(date(2026, 1, 1), online_min_share=0.2, online_max_share=0.4)])
    assert above.band.status == ABOVE
    assert above.band.distance == pytest.approx(150 / 330 - 0.4)
    assert "Online-heavy this week: 45.5% online (1 : 1.2), 5 points above" in above.verdict
    below = review([Target(date(2026, 1, 1), online_min_share=0.6, online_max_share=0.8)])
    assert below.band.status == BELOW
    assert below.band.distance == pytest.approx(0.6 - 150 / 330)
    assert "Offline-heavy" in below.verdict and "15 points below" in below.verdict


def test_no_target_and_no_activity_are_reported_as_such_not_as_zero() -> None:
    assert review().band.status == NO_TARGET
    empty = review([BAND_30_50], activities=[])
    assert empty.band.status == NO_ACTIVITY
    assert empty.totals.online_share is None and empty.totals.ratio is None
    assert empty.average.online_share is None
    data = review_json(empty)
    assert data["online_share"] is None and data["status"] == "no-activity"
    assert data["change"]["online_share_vs_previous"] is None
    assert empty.verdict == "No networking logged yet this week."
    past = review_period(week_of(date(2026, 11, 2)), [], [], TODAY)
    assert past.verdict == "No networking logged in week 2026-W45."


def test_target_changed_mid_week_judges_from_the_next_week() -> None:
    midweek = Target(date(2026, 11, 25), online_min_share=0.0, online_max_share=0.1)
    r = review([BAND_30_50, midweek])
    assert r.target is BAND_30_50 and r.band.status == INSIDE
    nxt = review_period(week_of(date(2026, 12, 1)), days_of(FIXTURE), [BAND_30_50, midweek], TODAY)
    assert nxt.target is midweek and nxt.band.status == ABOVE


def test_goals_minimum_minutes_conversations_and_daily_online_limit() -> None:
    target = Target(
        date(2026, 1, 1),
        weekly_min_minutes=360,
        weekly_min_conversations=3,
        daily_max_online_minutes=45,
        monthly_min_new_connections=4,
    )
    goals = {g.name: g for g in review([target]).goals}
    assert set(goals) == {"min-minutes", "min-conversations", "max-online-per-day"}
    assert (goals["min-minutes"].met, goals["min-minutes"].gap) == (False, 30)
    assert goals["min-conversations"].met
    limit = goals["max-online-per-day"]
    assert (limit.met, limit.days_over, limit.actual, limit.gap) == (False, 2, 60, 15)
    assert limit.worst_day == date(2026, 11, 29)  # 24th and 29th both 60m: latest is shown
    assert review([target]).verdict.endswith("; 30m short of your 6h minimum.")


def test_month_review_scales_weekly_goals_and_judges_new_connections() -> None:
    target = Target(date(2026, 1, 1), weekly_min_conversations=1, monthly_min_new_connections=2)
    r = review_period(
        month_of(TODAY),
        days_of(FIXTURE),
        [target],
        TODAY,
        new_connection_dates=[date(2026, 11, 3), date(2026, 10, 31)],
    )
    goals = {g.name: g for g in r.goals}
    assert goals["min-conversations"].goal == round(30 / 7)  # 4
    assert goals["min-conversations"].actual == 5
    assert (goals["min-new-connections"].actual, goals["min-new-connections"].met) == (1, False)
    assert r.new_connections == 1
    assert review_json(r)["month"] == "2026-11"


def test_activity_past_midnight_is_split_at_midnight() -> None:
    a = act(date(2026, 11, 29), "online", 120, at=time(23, 0))
    assert split_by_day(a) == [(date(2026, 11, 29), 60), (date(2026, 11, 30), 60)]
    untimed = act(date(2026, 11, 29), "online", 120)
    assert split_by_day(untimed) == [(date(2026, 11, 29), 120)]
    full_day = act(date(2026, 11, 29), "online", 1440, at=time(0, 1))
    assert split_by_day(full_day) == [(date(2026, 11, 29), 1439), (date(2026, 11, 30), 1)]
    assert SPILL_DAYS == 1
    w49 = review_period(week_of(date(2026, 11, 30)), days_of(FIXTURE), [], TODAY).totals
    assert (w49.online_minutes, w49.activities) == (60, 0)


def test_dst_weekends_in_london_do_not_change_minutes() -> None:
    spring = [
        act(date(2026, 3, 29), "online", 120, at=time(0, 30)),  # clocks go forward at 01:00
        act(date(2026, 3, 28), "offline", 90, at=time(23, 30)),
    ]
    autumn = [act(date(2026, 10, 25), "online", 90, at=time(1, 0))]  # 01:00–02:00 happens twice
    w13, w14 = tally(spring, [week_of(date(2026, 3, 29)), week_of(date(2026, 3, 30))])
    assert (w13.online_minutes, w13.offline_minutes, w14.total_minutes) == (120, 90, 0)
    assert w13.online_by_day == {date(2026, 3, 29): 120}
    (w43,) = tally(autumn, [week_of(date(2026, 10, 25))])
    assert w43.online_minutes == 90


def test_iso_week_53_collects_both_years_days() -> None:
    acts = [
        act(date(2026, 12, 28), "online", 30),
        act(date(2027, 1, 1), "offline", 60),
        act(date(2027, 1, 3), "online", 60, at=time(23, 30)),
    ]
    w53, w01 = tally(acts, [week_of(date(2026, 12, 31)), week_of(date(2027, 1, 4))])
    assert w53.period.label == "2026-W53"
    assert (w53.online_minutes, w53.offline_minutes, w53.activities) == (60, 60, 3)
    assert (w01.period.label, w01.online_minutes) == ("2027-W01", 30)


def test_sunday_start_week_moves_sunday_into_the_following_week() -> None:
    sunday = [act(date(2026, 11, 22), "online", 30)]
    monday_week = review_period(week_of(TODAY), days_of(sunday), [], TODAY).totals
    sunday_week = review_period(week_of(TODAY, 6), days_of(sunday), [], TODAY, week_start=6)
    assert monday_week.online_minutes == 0
    assert sunday_week.totals.online_minutes == 30
    assert sunday_week.previous.period.start == date(2026, 11, 15)
    assert review_json(sunday_week)["week"] == "2026-W48"


def test_week_json_has_the_documented_stable_keys() -> None:
    data = review_json(review([BAND_30_50]))
    for key in ("week", "start", "end", "online_minutes", "offline_minutes", "online_share"):
        assert key in data
    assert (data["week"], data["start"], data["end"]) == ("2026-W48", "2026-11-23", "2026-11-29")
    assert data["online_share"] == 0.4545
    assert data["status"] == "inside"
    assert data["target"]["online_min_share"] == 0.3
    assert data["target"]["band"] == "30%–50% online (ratio 1 : 2.3 – 1 : 1)"
    assert data["channels"]["video-call"] == {"online_minutes": 60, "offline_minutes": 0}
    assert data["complete"] is False


_days = st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31))
_activity = st.builds(
    act,
    day=_days,
    mode=st.sampled_from(["online", "offline"]),
    minutes=st.integers(0, 1440),
    at=st.one_of(st.none(), st.times().map(lambda t: t.replace(second=0, microsecond=0))),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_activity, max_size=40), st.integers(0, 6))
def test_weekly_totals_add_up_to_the_minutes_logged_and_shares_stay_in_0_1(
    activities: list[Activity], week_start: int
) -> None:
    end = date(2026, 12, 31) + timedelta(days=SPILL_DAYS)
    weeks = last_periods(PeriodKind.WEEK, 55, end, week_start)
    assert weeks[0].start <= date(2026, 1, 1)
    totals = tally(activities, weeks)
    assert sum(t.total_minutes for t in totals) == sum(a.minutes for a in activities)
    assert sum(t.online_minutes for t in totals) == sum(
        a.minutes for a in activities if a.mode is Mode.ONLINE
    )
    assert sum(t.activities for t in totals) == len(activities)
    for t in totals:
        share = t.online_share
        assert share is None if t.total_minutes == 0 else 0.0 <= share <= 1.0  # type: ignore[operator]
        assert sum(t.online_by_day.values()) == t.online_minutes


_maybe_day = st.one_of(
    st.none(), st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31))
)


_contact = st.builds(
    Contact,
    name=st.sampled_from(["Ann Lee", "Dr Bo Chan", "ann lee", "Zoë Ng", "Al"]),
    cadence_days=st.one_of(st.none(), st.integers(1, 400)),
    connected_on=_maybe_day,
    last_contact=_maybe_day,
    first_contact=_maybe_day,
    created=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2026, 12, 31)).map(
        lambda d: d.replace(tzinfo=UTC)
    ),
)


@settings(max_examples=200, deadline=None)
@given(
    contact=_contact,
    dropped=st.sets(
        st.sampled_from(
            ["name", "cadence_days", "connected_on", "last_contact", "first_contact", "created"]
        )
    ),
)
def test_contact_facts_read_from_the_stored_form_equal_those_of_the_decoded_record(
    contact: Contact, dropped: set[str]
) -> None:
    # The cache's miss path reads only a few fields; it must read them as from_dict does,
    # including fields that are missing from a hand-written or older record.
    doc = {k: v for k, v in contact.to_dict().items() if k not in dropped}
    decoded = Contact.from_dict(doc)
    expected = ContactFacts.of(decoded)
    found = ContactFacts.from_stored(doc)
    if "created" in dropped:  # both fall back to "now"; compare all but that day
        assert (
            dataclasses.replace(found, since=expected.since, known_since=expected.known_since)
            == expected
        )
    else:
        assert found == expected


@settings(max_examples=200, deadline=None)
@given(contacts=st.lists(_contact, max_size=8), default_cadence=st.integers(0, 90))
def test_contact_facts_give_the_same_due_list_and_known_since_as_the_contacts(
    contacts: list[Contact], default_cadence: int
) -> None:
    # What `week` computes from the cached facts must equal the rules on full records.
    facts = [ContactFacts.of(c) for c in contacts]
    rows = [f.to_json() for f in facts]
    one_by_one = [d for c in contacts if (d := due_status(c, TODAY, default_cadence))]
    one_by_one.sort(key=lambda d: (-d.overdue_days, name_key(d.name), d.id))
    assert due_of_rows(rows, TODAY, default_cadence) == one_by_one
    since = known_since(contacts, (), ())
    assert {f.id: f.known_since for f in facts} == since
    # The known-since entry (through JSON, as cached) gives the same days.
    cached = known_since_from_json(json.loads(json.dumps(known_since_json(rows))))
    assert cached == since
    week = week_of(TODAY)
    assert sorted(known_between(cached, week.start, week.end)) == sorted(
        d for d in since.values() if week.contains(d)
    )
    # The day's entry (through JSON, as cached) gives the same due list and known days.
    value = json.loads(json.dumps(day_of_contacts_json(rows, TODAY, default_cadence)))
    known, due = day_of_contacts_from_json(value, TODAY, default_cadence)
    assert due == due_of_rows(rows, TODAY, default_cadence)
    for start, end in [(week.start, week.end), (date(2025, 3, 1), date(2026, 6, 30))]:
        assert known_in(known, start, end) == sorted(known_between(cached, start, end))
    with pytest.raises(ValueError):
        day_of_contacts_from_json(value, TODAY + timedelta(days=1), default_cadence)
    with pytest.raises(ValueError):
        day_of_contacts_from_json(value, TODAY, default_cadence + 1)


@settings(max_examples=200, deadline=None)
@given(
    activities=st.lists(
        st.builds(
            act,
            day=st.dates(min_value=date(2026, 11, 20), max_value=date(2026, 12, 2)),
            mode=st.sampled_from(["online", "offline"]),
            minutes=st.integers(0, 600),
            channel=st.sampled_from(["x", "linkedin", "conference"]),
            style=st.sampled_from(list(Style)),
            purpose=st.sampled_from(list(Purpose)),
            at=st.one_of(st.none(), st.times()),
            contacts=st.lists(st.sampled_from(["a", "b", "c"]), max_size=2).map(tuple),
        ),
        max_size=25,
    ),
    cut=st.integers(0, 25),
)
def test_day_totals_add_up_the_same_however_the_activities_are_split_and_cached(
    activities: list[Activity], cut: int
) -> None:
    # The store caches day totals per month file and the review adds them up:
    # splitting the activities into groups (months) and round-tripping each
    # group's days through JSON must give exactly the totals of one pass.
    weeks = [week_of(date(2026, 11, 23)), week_of(date(2026, 11, 30))]
    groups = [activities[:cut], activities[cut:]]
    days: list[tuple[date, DayTotals]] = []
    for group in groups:
        days.extend(days_from_json(days_to_json(day_totals(group))))
    summed = tally_days(days, weeks)
    assert summed == tally(activities, weeks)
    for week, totals in zip(weeks, summed, strict=True):
        # A naive reference, period by period and activity by activity.
        started = [a for a in activities if week.contains(a.date)]
        pieces = [(a, d, m) for a in activities for d, m in split_by_day(a) if week.contains(d)]
        assert totals.activities == len(started)
        assert totals.conversations == sum(a.style is Style.CONVERSATION for a in started)
        assert totals.broadcasts == sum(a.style is Style.BROADCAST for a in started)
        assert totals.contact_ids == {c for a in started for c in a.contact_ids}
        assert totals.online_minutes == sum(m for a, _, m in pieces if a.mode is Mode.ONLINE)
        assert totals.offline_minutes == sum(m for a, _, m in pieces if a.mode is Mode.OFFLINE)
        for name, channel in totals.channels.items():
            assert channel.total == sum(m for a, _, m in pieces if a.channel == name)
        assert sum(totals.purposes.values()) == totals.total_minutes
        online_days = {d for a, d, _ in pieces if a.mode is Mode.ONLINE}
        assert set(totals.online_by_day) == online_days
