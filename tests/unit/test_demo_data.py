"""The demo journal shows every feature of the app (issue 14): due contacts, open and answered threads."""

from __future__ import annotations

from netjournal.journal import Journal
from netjournal.sample_data import demo_journal
from tests.conftest import FROZEN_TODAY


def test_the_demo_has_contacts_due_and_threads_in_every_state(netjournal_home: object) -> None:
    journal = Journal.open()
    journal.maintenance.load_sample(demo_journal(FROZEN_TODAY))
    assert len(journal.keep_in_touch.contacts_due()) >= 2
    conversations = journal.conversations.list_conversations()
    assert any(not c.replied for c in conversations)  # awaiting a reply
    assert any(
        c.replied
        and c.replied_on is not None
        and c.last_date is not None
        and c.last_date > c.replied_on
        for c in conversations
    )  # answered, and the thread went on after the answer
