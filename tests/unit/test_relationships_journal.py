"""The relationships use-cases of the facade, against a real store in a temp home."""

from __future__ import annotations

from datetime import date

import pytest

from netjournal.journal import ActivityInput, Journal

WEEK = (date(2026, 11, 23), date(2026, 11, 29))


@pytest.fixture
def journal() -> Journal:
    return Journal.open()


def test_sociability_of_a_week_logged_through_the_facade(journal: Journal) -> None:
    journal.relationships.add_contact("Old Colleague", connected="2024-05-01")
    journal.relationships.add_contact("New Person", connected="2026-11-24")
    journal.activities.log(
        ActivityInput(
            mode="online",
            duration="30m",
            date="2026-11-23",
            style="conversation",
            contacts=("Old Colleague",),
        )
    )
    journal.activities.log(
        ActivityInput(mode="online", duration="10m", date="2026-11-24", style="broadcast")
    )
    journal.activities.log(
        ActivityInput(mode="offline", duration="1h", date="2026-11-25", style="listening")
    )
    journal.activities.log(
        ActivityInput(mode="online", duration="15m", date="2026-11-16", style="conversation")
    )  # the week before: not counted
    journal.conversations.add_conversation(
        ["Old Colleague"], "email", started="2026-11-23", by="me", replied_on="2026-11-24"
    )
    journal.conversations.add_conversation(
        ["New Person"], "linkedin", started="2026-11-24", by="me"
    )
    journal.conversations.add_conversation(
        ["New Person"], "x", started="2026-11-25", by="them", replied=True
    )

    s = journal.review.sociability(*WEEK)
    # 3 activities: 1 conversation (30m), 1 broadcast (10m), 1 listening (60m)
    assert (s.activities, s.mix.conversation_count) == (3, 1)
    assert s.conversation_share == pytest.approx(1 / 3)
    assert s.conversation_minutes_share == pytest.approx(30 / 100)
    # 3 conversations: 2 mine (1 replied), 1 theirs (answered)
    assert (s.started_by_me, s.my_openers_replied, s.started_by_them) == (2, 1, 1)
    assert s.answer_rate == 1.0
    # my messages: 1 (replied) + 1 (no reply) + 1 (answering them, they did not write again)
    assert (s.messages_out_answered, s.messages_out) == (1, 3)
    # New Person connected in the week; Old Colleague known since 2024 and touched
    assert (s.new_connections, s.maintained, s.contacts_touched) == (1, 1, 2)
    assert s.label == "mixed"
    assert journal.review.sociability_series([WEEK])[0] == s


def test_activity_logged_in_the_past_never_moves_the_clock_backwards(journal: Journal) -> None:
    journal.relationships.add_contact("Jane Smith", cadence="30d", connected="2026-01-01")
    journal.conversations.add_conversation(["Jane Smith"], "x", started="2026-11-20")
    journal.activities.log(
        ActivityInput(mode="online", duration="5m", date="2026-10-01", contacts=("Jane Smith",))
    )
    assert journal.relationships.get_contact("jane").last_contact == date(2026, 11, 20)


def test_default_cadence_from_config_applies_to_new_contacts(journal: Journal) -> None:
    journal.maintenance.set_setting("default_cadence_days", "90")
    contact, _ = journal.relationships.add_contact("Sam Okafor")
    assert contact.cadence_days == 90
    assert journal.relationships.add_contact("Ravi Shah", cadence="2w")[0].cadence_days == 14
