"""The facade's sociability reads only the period, yet agrees with a full-history scan.

It relies on ``Contact.first_contact`` being kept as activities and
conversations are stored; this property test records random histories
through the facade and compares with :func:`summarise` over everything,
with "known since" worked out from the raw history alone.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netjournal.domain.known_since import known_since
from netjournal.domain.reciprocity import summarise
from netjournal.journal import ActivityInput, Journal

TODAY = date(2026, 11, 25)
NAMES = ["Ada Lovelace", "Mary Seacole", "Florence Nightingale", "Edith Cavell"]

event = st.tuples(
    st.sampled_from(["log", "conversation"]),
    st.integers(min_value=0, max_value=120),  # days before today
    st.lists(st.sampled_from(NAMES), min_size=1, max_size=2, unique=True),
    st.booleans(),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    events=st.lists(event, min_size=1, max_size=12),
    period_start=st.integers(min_value=0, max_value=120),
    period_days=st.integers(min_value=0, max_value=40),
)
def test_period_only_sociability_equals_full_scan(
    events: list[tuple[str, int, list[str], bool]], period_start: int, period_days: int
) -> None:
    with tempfile.TemporaryDirectory() as home:
        journal = Journal.open(home)
        for kind, ago, names, flag in events:
            day = (TODAY - timedelta(days=ago)).isoformat()
            if kind == "log":
                journal.activities.log(
                    ActivityInput(
                        mode="online",
                        duration="5m",
                        date=day,
                        contacts=tuple(names),
                        style="conversation" if flag else "broadcast",
                    )
                )
            else:
                journal.conversations.add_conversation(names, "x", started=day, replied=flag)
        start = TODAY - timedelta(days=period_start)
        end = min(TODAY, start + timedelta(days=period_days))
        contacts = journal.repos.contacts.all()
        activities = journal.repos.activities.all()
        conversations = journal.repos.conversations.all()
        unmaintained = [replace(c, first_contact=None) for c in contacts]
        since = known_since(unmaintained, activities, conversations)
        expected = summarise(start, end, activities, conversations, contacts, since=since)
        assert journal.review.sociability(start, end).to_dict() == expected.to_dict()


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    events=st.lists(event, min_size=1, max_size=12), weeks=st.integers(min_value=1, max_value=10)
)
def test_a_series_of_weeks_equals_each_week_summarised_alone(
    events: list[tuple[str, int, list[str], bool]], weeks: int
) -> None:
    """Bucketing conversations and activities by period changes no figure."""
    with tempfile.TemporaryDirectory() as home:
        journal = Journal.open(home)
        for kind, ago, names, flag in events:
            day = (TODAY - timedelta(days=ago)).isoformat()
            if kind == "log":
                journal.activities.log(
                    ActivityInput(mode="offline", duration="5m", date=day, contacts=tuple(names))
                )
            else:
                journal.conversations.add_conversation(names, "email", started=day, replied=flag)
        series, social = journal.review.trends_with_sociability("week", weeks)
        everything = (
            journal.repos.activities.all(),
            journal.repos.conversations.all(),
            journal.repos.contacts.all(),
        )
        for point, summary in zip(series.points, social, strict=True):
            alone = summarise(point.totals.period.start, point.totals.period.end, *everything)
            assert summary.to_dict() == alone.to_dict()
