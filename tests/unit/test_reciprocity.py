"""Reciprocity figures on a small week that can be checked by hand.

The week is Mon 2026-11-23 .. Sun 2026-11-29 (ISO 2026-W48). Every expected
number below is worked out in the comment beside it, as docs/relationships.md
says a user should be able to.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netjournal.domain.contact_record import Contact
from netjournal.domain.conversation_facts import ConversationFacts, conversation_row
from netjournal.domain.conversation_record import Conversation
from netjournal.domain.daily import days_of
from netjournal.domain.known_since import known_since
from netjournal.domain.models import Activity, Initiator, Mode, Style
from netjournal.domain.reciprocity import (
    SociabilitySummary,
    summarise,
    summarise_days,
    summarise_periods,
)
from netjournal.domain.style_mix import style_mix

START, END = date(2026, 11, 23), date(2026, 11, 29)
OLD = datetime(2025, 6, 1, tzinfo=UTC)

ANA = Contact(name="Ana", id="ana", connected_on=date(2024, 3, 15), created=OLD)  # old
BEN = Contact(name="Ben", id="ben", created=OLD)  # first activity last month -> old
CAL = Contact(name="Cal", id="cal", connected_on=date(2026, 11, 24), created=OLD)  # new
DEE = Contact(name="Dee", id="dee", created=OLD)  # first conversation this week -> new
EVE = Contact(name="Eve", id="eve", connected_on=date(2026, 11, 27), created=OLD)  # new, untouched
CONTACTS = [ANA, BEN, CAL, DEE, EVE]


def act(day: int, style: Style, minutes: int, *who: str, month: int = 11) -> Activity:
    return Activity(
        date=date(2026, month, day),
        mode=Mode.ONLINE,
        minutes=minutes,
        style=style,
        contact_ids=who,
    )


ACTIVITIES = [
    act(20, Style.CONVERSATION, 30, "ben", month=10),  # before the week: Ben known since 10-20
    act(23, Style.CONVERSATION, 60, "ana"),
    act(24, Style.BROADCAST, 10),
    act(24, Style.BROADCAST, 5),
    act(25, Style.LISTENING, 20),
    act(26, Style.CONVERSATION, 15, "cal", "ben"),
    act(30, Style.CONVERSATION, 45, "ana"),  # after the week
]
# In the week: 5 activities -> conversation 2 (75 min), broadcast 2 (15 min), listening 1 (20 min)

CONVERSATIONS = [
    # started by me, they replied: 2 out, 1 in -> both my messages count as answered
    Conversation(
        ("ana",),
        "x",
        date(2026, 11, 23),
        Initiator.ME,
        replied=True,
        replied_on=date(2026, 11, 24),
        messages_out=2,
        messages_in=1,
    ),
    # started by me, no reply: 3 out, 0 in
    Conversation(("ben",), "linkedin", date(2026, 11, 25), Initiator.ME, messages_out=3),
    # started by them (1 in), I answered (1 out), they did not write again -> 1 out unanswered
    Conversation(
        ("dee",),
        "email",
        date(2026, 11, 26),
        Initiator.THEM,
        replied=True,
        replied_on=date(2026, 11, 26),
        messages_out=1,
        messages_in=1,
    ),
    # started by them, I answered, they wrote back: 2 in, 1 out -> my 1 message answered
    Conversation(
        ("cal",),
        "bluesky",
        date(2026, 11, 28),
        Initiator.THEM,
        replied=True,
        messages_out=1,
        messages_in=2,
    ),
    # started by them, I have not answered
    Conversation(("ana",), "x", date(2026, 11, 29), Initiator.THEM, messages_in=1),
    # started before the week but replied in it: not counted as started, but touches Ben
    Conversation(
        ("ben",),
        "x",
        date(2026, 11, 10),
        Initiator.ME,
        replied=True,
        replied_on=date(2026, 11, 24),
        messages_out=1,
        messages_in=1,
    ),
]


@pytest.fixture
def summary() -> SociabilitySummary:
    return summarise(START, END, ACTIVITIES, CONVERSATIONS, CONTACTS)


def test_style_mix_counts_and_minutes(summary: SociabilitySummary) -> None:
    mix = summary.mix
    assert (mix.conversation_count, mix.broadcast_count, mix.listening_count) == (2, 2, 1)
    assert (mix.conversation_minutes, mix.broadcast_minutes, mix.listening_minutes) == (75, 15, 20)
    assert summary.activities == 5


def test_conversation_share_is_headline_by_count_with_minutes_beside_it(
    summary: SociabilitySummary,
) -> None:
    assert summary.conversation_share == pytest.approx(2 / 5)
    assert summary.conversation_minutes_share == pytest.approx(75 / 110)


def test_who_started_counts_only_conversations_started_in_the_period(
    summary: SociabilitySummary,
) -> None:
    assert summary.conversations == 5
    assert (summary.started_by_me, summary.started_by_them) == (2, 3)


def test_reply_rate_is_replied_openers_of_mine_over_all_openers_of_mine(
    summary: SociabilitySummary,
) -> None:
    assert summary.my_openers_replied == 1
    assert summary.reply_rate == pytest.approx(1 / 2)


def test_answer_rate_is_their_openers_i_answered(summary: SociabilitySummary) -> None:
    assert summary.their_openers_answered == 2
    assert summary.answer_rate == pytest.approx(2 / 3)


def test_message_reply_share_counts_my_messages_the_other_side_wrote_after(
    summary: SociabilitySummary,
) -> None:
    # out: 2 + 3 + 1 + 1 + 0 = 7; answered: 2 (Ana, in>=1) + 1 (Cal, in>=2) = 3
    assert (summary.messages_out_answered, summary.messages_out) == (3, 7)
    assert summary.message_reply_share == pytest.approx(3 / 7)


def test_new_connections_and_existing_ones_maintained(summary: SociabilitySummary) -> None:
    # touched: Ana (act 23), Ben (act 26 + reply on 24), Cal (act 26), Dee (conv 26) = 4
    # new (known since in week): Cal (connected 24), Dee (first conv 26), Eve (connected 27) = 3
    # maintained (touched and known before 23): Ana, Ben = 2
    assert summary.contacts_touched == 4
    assert summary.new_connections == 3
    assert summary.maintained == 2


def test_verdict_is_one_line_with_the_headline_figures(summary: SociabilitySummary) -> None:
    assert summary.label == "mixed"  # 40% conversations: between 25% and 50%
    assert summary.verdict == (
        "Mixed: 2 of 5 activities were conversations; 1 of 2 conversations you started got a "
        "reply; 3 new and 2 existing connections kept up."
    )
    assert "\n" not in summary.verdict


def test_to_dict_is_json_ready_and_matches_the_properties(summary: SociabilitySummary) -> None:
    import json

    data = summary.to_dict()
    json.dumps(data)
    assert data["start"] == "2026-11-23" and data["end"] == "2026-11-29"
    assert data["reply_rate"] == 0.5
    assert data["styles"]["by_count"]["broadcast"] == {"count": 2, "share": 0.4}
    assert data["styles"]["by_minutes"]["conversation"]["minutes"] == 75
    assert data["new_connections"] == 3 and data["maintained"] == 2
    assert data["verdict"] == summary.verdict


def test_known_since_is_the_earliest_of_connection_and_first_contact() -> None:
    since = known_since(CONTACTS, ACTIVITIES, CONVERSATIONS)
    assert since == {
        "ana": date(2024, 3, 15),
        "ben": date(2026, 10, 20),
        "cal": date(2026, 11, 24),
        "dee": date(2026, 11, 26),
        "eve": date(2026, 11, 27),
    }


def test_a_contact_never_seen_anywhere_is_known_since_its_creation() -> None:
    lone = Contact(name="Lone", id="lone", created=datetime(2026, 11, 24, 8, tzinfo=UTC))
    assert known_since([lone], [], []) == {"lone": date(2026, 11, 24)}


def test_empty_period_is_quiet_and_shares_are_unknown_not_zero() -> None:
    s = summarise(date(2026, 1, 5), date(2026, 1, 11), ACTIVITIES, CONVERSATIONS, CONTACTS)
    assert s.label == "quiet"
    assert s.verdict == "Quiet: no networking logged in this period."
    assert s.conversation_share is None and s.reply_rate is None
    assert s.message_reply_share is None and s.to_dict()["answer_rate"] is None


@pytest.mark.parametrize(
    ("styles", "label"),
    [
        ([Style.CONVERSATION, Style.CONVERSATION, Style.BROADCAST, Style.LISTENING], "sociable"),
        ([Style.CONVERSATION, Style.BROADCAST, Style.BROADCAST, Style.LISTENING], "mixed"),
        ([Style.CONVERSATION] + [Style.BROADCAST] * 4, "broadcasting"),
        ([Style.CONVERSATION] + [Style.LISTENING] * 4, "listening"),
    ],
)
def test_label_thresholds_half_and_a_quarter(styles: list[Style], label: str) -> None:
    acts = [act(23, s, 10) for s in styles]
    assert summarise(START, END, acts, [], []).label == label


def test_conversations_without_activities_still_read_as_sociable() -> None:
    conv = Conversation(("ana",), "x", date(2026, 11, 24), Initiator.THEM, messages_in=1)
    s = summarise(START, END, [], [conv], [ANA])
    assert s.label == "sociable"
    assert s.verdict.startswith("Sociable: 0 new and 1 existing")


def test_removed_contacts_are_not_counted_as_touched() -> None:
    s = summarise(START, END, [act(23, Style.CONVERSATION, 5, "gone")], [], [])
    assert s.contacts_touched == 0 and s.maintained == 0


def test_reversed_period_is_read_the_right_way_round() -> None:
    a = summarise(END, START, ACTIVITIES, CONVERSATIONS, CONTACTS)
    assert (a.start, a.end, a.activities) == (START, END, 5)


def test_periods_summarised_together_match_one_by_one() -> None:
    weeks = [(date(2026, 11, 16), date(2026, 11, 22)), (START, END)]
    together = summarise_periods(weeks, ACTIVITIES, CONVERSATIONS, CONTACTS)
    alone = [summarise(s, e, ACTIVITIES, CONVERSATIONS, CONTACTS) for s, e in weeks]
    assert together == alone


def test_style_mix_of_nothing_has_no_shares() -> None:
    mix = style_mix([])
    assert mix.total_count == 0
    assert mix.count_share(Style.CONVERSATION) is None


def test_text_shows_each_figure_with_its_fraction(summary: SociabilitySummary) -> None:
    lines = summary.text().splitlines()
    assert lines[0] == summary.verdict
    assert "2 conversation, 2 broadcast, 1 listening" in lines[1]
    assert "(conversation 40% by count, 68% by minutes)" in lines[1]
    assert "replies to mine 1/2 (50%); I answered 2/3 (67%)" in lines[2]
    assert "3/7 of mine got a reply (43%)" in lines[3]
    assert "4 in touch; 3 new connections, 2 existing maintained" in lines[4]


_day = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31))


@settings(max_examples=200, deadline=None)
@given(
    conversation=st.builds(
        Conversation,
        contact_ids=st.lists(st.sampled_from(["ana", "ben", "cal"]), max_size=3).map(tuple),
        channel=st.sampled_from(["x", "email"]),
        started=_day,
        initiated_by=st.sampled_from(list(Initiator)),
        replied=st.booleans(),
        replied_on=st.one_of(st.none(), _day),
        last_date=st.one_of(st.none(), _day),
        messages_out=st.integers(0, 9),
        messages_in=st.integers(0, 9),
    ),
    dropped=st.sets(
        st.sampled_from(
            ["contact_ids", "initiated_by", "replied", "replied_on", "last_date", "messages_out"]
        )
    ),
)
def test_conversation_facts_from_the_stored_form_equal_those_of_the_decoded_record(
    conversation: Conversation, dropped: set[str]
) -> None:
    # The cache's miss path reads only these fields; it must read them as
    # from_dict does, including fields missing from an older or hand-written record.
    doc = {k: v for k, v in conversation.to_dict().items() if k not in dropped}
    expected = ConversationFacts.of(Conversation.from_dict(doc))
    assert ConversationFacts.from_json(conversation_row(doc)) == expected
    assert ConversationFacts.from_json(expected.to_json()) == expected


@settings(max_examples=100, deadline=None)
@given(
    conversations=st.lists(
        st.builds(
            Conversation,
            contact_ids=st.lists(st.sampled_from(["ana", "ben", "cal", "dee"]), max_size=2).map(
                tuple
            ),
            channel=st.just("x"),
            started=st.dates(min_value=date(2026, 11, 16), max_value=date(2026, 12, 6)),
            initiated_by=st.sampled_from(list(Initiator)),
            replied=st.booleans(),
            replied_on=st.one_of(
                st.none(), st.dates(min_value=date(2026, 11, 16), max_value=date(2026, 12, 6))
            ),
            messages_out=st.integers(0, 5),
            messages_in=st.integers(0, 5),
        ),
        max_size=10,
    )
)
def test_summaries_over_conversation_facts_equal_those_over_conversations(
    conversations: list[Conversation],
) -> None:
    facts = [ConversationFacts.of(c) for c in conversations]
    for start, end in [(START, END), (date(2026, 11, 30), date(2026, 12, 6))]:
        expected = summarise(start, end, ACTIVITIES, conversations, CONTACTS)
        since = known_since(CONTACTS, ACTIVITIES, conversations)
        found = summarise_days(start, end, days_of(ACTIVITIES), facts, since)
        assert found == expected
