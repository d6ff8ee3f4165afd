"""Deleting a conversation counts its contacts' last contact again, as deleting an activity does."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from netjournal.journal import ActivityInput, Journal


def test_a_deleted_conversation_no_longer_dates_the_last_contact(netjournal_home: Path) -> None:
    journal = Journal.open(netjournal_home)
    inp = ActivityInput(
        mode="offline", duration="30m", note="met", date="2026-09-10", contacts=("Ana Lopez",)
    )
    journal.activities.log(inp)
    conv, _ = journal.conversations.add_conversation(
        ("Ana Lopez",), channel="email", started="2026-11-12"
    )
    assert journal.relationships.get_contact("Ana Lopez").last_contact == date(2026, 11, 12)
    journal.conversations.remove_conversation(conv.id)
    assert journal.relationships.get_contact("Ana Lopez").last_contact == date(2026, 9, 10)
    assert [t.kind for t in journal.activities.trash()] == ["conversation"]
