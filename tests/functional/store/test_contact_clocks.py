"""A contact's last (and first) contact is what the activities that exist say, never a stale clock."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import orjson

from netjournal.journal import ActivityInput, Journal
from netjournal.storage.clocks import true_clocks


def _seen(journal: Journal, name: str) -> tuple[date | None, date | None]:
    contact = journal.relationships.get_contact(name)
    return contact.first_contact, contact.last_contact


def _log(journal: Journal, day: str, note: str) -> str:
    inp = ActivityInput(
        mode="offline", duration="30m", note=note, date=day, contacts=("Ana Lopez",)
    )
    return journal.activities.log(inp).activity.id


def test_editing_an_activity_to_an_earlier_date_moves_the_last_contact_back(
    netjournal_home: Path,
) -> None:
    journal = Journal.open(netjournal_home)
    _log(journal, "2026-10-05", "first")
    latest = _log(journal, "2026-11-20", "typo in the date")
    assert _seen(journal, "Ana Lopez") == (date(2026, 10, 5), date(2026, 11, 20))
    journal.activities.edit(latest, ActivityInput(date="2026-10-20"))
    assert _seen(journal, "Ana Lopez") == (date(2026, 10, 5), date(2026, 10, 20))


def test_deleting_and_undoing_follow_the_activities(netjournal_home: Path) -> None:
    journal = Journal.open(netjournal_home)
    only = _log(journal, "2026-11-20", "the only meeting")
    journal.activities.remove_activity(only)
    assert _seen(journal, "Ana Lopez") == (None, None)
    journal.history.undo()
    assert _seen(journal, "Ana Lopez") == (date(2026, 11, 20), date(2026, 11, 20))


def test_unlinking_a_contact_from_an_activity_moves_their_clock(netjournal_home: Path) -> None:
    journal = Journal.open(netjournal_home)
    _log(journal, "2026-11-01", "coffee")
    later = _log(journal, "2026-11-18", "wrong person")
    journal.activities.edit(later, ActivityInput(contacts=("Ben Brown",)))
    assert _seen(journal, "Ana Lopez")[1] == date(2026, 11, 1)
    assert _seen(journal, "Ben Brown")[1] == date(2026, 11, 18)


def test_doctor_finds_a_stale_stored_clock_and_fix_recomputes_it(netjournal_home: Path) -> None:
    journal = Journal.open(netjournal_home)
    _log(journal, "2026-11-02", "coffee")
    path = netjournal_home / "store" / "contacts.json"
    doc = orjson.loads(path.read_bytes())
    for contact in doc["contacts"].values():
        contact["last_contact"] = "2026-11-24"  # a clock that ran ahead of the activities
    path.write_bytes(orjson.dumps(doc))

    fresh = Journal.open(netjournal_home)
    warnings = [f.message for f in fresh.maintenance.doctor() if "last contact" in f.message]
    assert len(warnings) == 1 and "stored 2026-11-24" in warnings[0]
    assert "say 2026-11-02" in warnings[0]
    fixed = fresh.maintenance.doctor(fix=True)
    assert any(f.fixed for f in fixed if "last contact" in f.message)
    assert _seen(Journal.open(netjournal_home), "Ana Lopez")[1] == date(2026, 11, 2)
    assert not [
        f for f in Journal.open(netjournal_home).maintenance.doctor() if "last contact" in f.message
    ]


def test_the_clocks_count_conversations_and_read_each_month_once(netjournal_home: Path) -> None:
    journal = Journal.open(netjournal_home)
    _log(journal, "2026-09-10", "met")
    journal.conversations.add_conversation(("Ana Lopez",), channel="email", started="2026-11-12")
    ana = journal.relationships.get_contact("Ana Lopez").id
    assert true_clocks(journal.repos)[ana] == (date(2026, 9, 10), date(2026, 11, 12))
