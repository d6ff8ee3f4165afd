"""The import plan: what is new, what is refreshed, who is the same person.

Pure checks on hand-built stores; the end-to-end behaviour through the CLI is
in tests/functional/cli/test_imports.py.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from netjournal.domain.contact_record import Contact
from netjournal.domain.conversation_record import Conversation
from netjournal.domain.models import Activity, Initiator, Mode, Style
from netjournal.importers.base import ImportBatch
from netjournal.importers.reconcile import ImportPlan, plan_import
from tests.conftest import FROZEN_TODAY


def plan(batch: ImportBatch, **stored: Any) -> ImportPlan:
    return plan_import(
        batch,
        contacts=stored.get("contacts", []),
        conversations=stored.get("conversations", []),
        activity_source_ids=stored.get("activity_source_ids", set()),
        day_minutes=stored.get("day_minutes", {}),
        today=FROZEN_TODAY,
        dry_run=False,
    )


def jane_from_linkedin() -> Contact:
    return Contact(
        name="Jane Smith",
        organisation="Leeds Teaching Hospitals NHS Trust",
        handles={"linkedin": "https://www.linkedin.com/in/janesmith-rn"},
        connected_on=date(2024, 3, 15),
        source_ids=("linkedin:conn:janesmith-rn",),
    )


def chat(
    contact: Contact, *, sid: str = "x:day:2026-11-20:conversation", day: int = 20
) -> Activity:
    return Activity(
        date=date(2026, 11, day),
        mode=Mode.ONLINE,
        minutes=10,
        channel="x",
        style=Style.CONVERSATION,
        contact_ids=(contact.id,),
        note="X: 2 replies or mentions",
        source_id=sid,
    )


def test_everything_is_new_in_an_empty_journal() -> None:
    jane = jane_from_linkedin()
    batch = ImportBatch(source="x", contacts=[jane], activities=[chat(jane)])
    result = plan(batch)
    assert result.report is not None
    assert (result.report.contacts.added, result.report.activities.added) == (1, 1)
    assert [c.name for c in result.contacts] == ["Jane Smith"]
    assert result.contacts[0].last_contact == date(2026, 11, 20)


def test_applying_a_plan_then_planning_again_changes_nothing() -> None:
    jane = jane_from_linkedin()
    conv = Conversation(
        contact_ids=(jane.id,), channel="linkedin", started=date(2024, 3, 15), source_id="c1"
    )
    batch = ImportBatch(
        source="linkedin", contacts=[jane], conversations=[conv], activities=[chat(jane)]
    )
    first = plan(batch)
    again = plan(
        ImportBatch(
            source="linkedin",
            contacts=[replace(jane, id="fresh-id")],
            conversations=[replace(conv, id="another", contact_ids=("fresh-id",))],
            activities=[replace(chat(jane), id="third", contact_ids=("fresh-id",))],
        ),
        contacts=first.contacts,
        conversations=first.conversations,
        activity_source_ids={a.source_id for a in first.activities if a.source_id},
    )
    assert again.report is not None
    assert again.contacts == [] and again.conversations == [] and again.activities == []
    assert again.report.contacts.unchanged == 1
    assert again.report.conversations.unchanged == 1
    assert again.report.activities.unchanged == 1
    assert not again.report.changed


def test_a_stored_contact_with_the_same_handle_is_enriched_not_duplicated() -> None:
    stored = replace(jane_from_linkedin(), notes="Met at the frailty study day", source_ids=())
    card = Contact(
        name="Dr Jane Smith",
        organisation="Another Trust",
        handles={
            "linkedin": "linkedin.com/in/JaneSmith-RN/",
            "email": "jane.smith@example.nhs.uk",
        },
        notes="from my phone",
        source_ids=("vcard:6B29",),
    )
    result = plan(ImportBatch(source="vcard", contacts=[card]), contacts=[stored])
    assert result.report is not None
    assert (result.report.contacts.added, result.report.contacts.updated) == (0, 1)
    (merged,) = result.contacts
    assert merged.id == stored.id
    assert merged.name == "Jane Smith"
    assert merged.organisation == "Leeds Teaching Hospitals NHS Trust"  # not overwritten
    assert merged.notes == "Met at the frailty study day"
    assert merged.handles["email"] == "jane.smith@example.nhs.uk"
    assert merged.source_ids == ("vcard:6B29",)


def test_an_exact_name_links_to_the_one_stored_contact_of_that_name() -> None:
    stored = Contact(name="Tom  Hughes")
    incoming = Contact(name="tom hughes", handles={"email": "tom@example.co.uk"})
    activity = chat(incoming)
    result = plan(
        ImportBatch(source="ics", contacts=[incoming], activities=[activity]), contacts=[stored]
    )
    assert result.activities[0].contact_ids == (stored.id,)
    assert result.contacts[0].handles == {"email": "tom@example.co.uk"}


def test_two_stored_people_with_the_same_name_are_not_guessed_between() -> None:
    a, b = Contact(name="Sam Patel"), Contact(name="Sam Patel")
    incoming = Contact(name="Sam Patel", handles={"x": "@sampatel"})
    result = plan(ImportBatch(source="x", contacts=[incoming]), contacts=[a, b])
    assert result.report is not None
    assert result.report.contacts.added == 1
    assert result.contacts[0].id == incoming.id


def test_a_known_conversation_is_refreshed_and_keeps_my_summary() -> None:
    jane = jane_from_linkedin()
    stored = Conversation(
        contact_ids=(jane.id,),
        channel="linkedin",
        started=date(2025, 1, 8),
        initiated_by=Initiator.ME,
        summary="Asked about the CSP conference (my words)",
        messages_out=1,
        source_id="linkedin:msg:abc",
    )
    newer = replace(
        stored,
        id="batch-id",
        summary="Hi Tom, thanks for connecting…",
        replied=True,
        replied_on=date(2025, 1, 9),
        last_date=date(2025, 1, 9),
        messages_in=1,
    )
    result = plan(
        ImportBatch(source="linkedin", conversations=[newer]),
        conversations=[stored],
        contacts=[jane],
    )
    assert result.report is not None
    assert result.report.conversations.updated == 1
    (refreshed,) = result.conversations
    assert refreshed.id == stored.id
    assert refreshed.summary == "Asked about the CSP conference (my words)"
    assert (refreshed.replied, refreshed.messages_in) == (True, 1)
    assert result.contacts[0].last_contact == date(2025, 1, 9)


def test_an_imported_activity_already_stored_is_left_alone() -> None:
    jane = jane_from_linkedin()
    changed = replace(chat(jane), minutes=99)
    result = plan(
        ImportBatch(source="x", activities=[changed]), activity_source_ids={changed.source_id}
    )
    assert result.activities == []
    assert result.report is not None
    assert result.report.activities.unchanged == 1


def test_activities_after_today_are_not_imported() -> None:
    jane = jane_from_linkedin()
    future = chat(jane, sid="x:day:2026-11-26:conversation", day=26)
    result = plan(ImportBatch(source="x", contacts=[jane], activities=[future]))
    assert result.activities == []
    assert result.report is not None
    assert any("after today" in w for w in result.report.warnings)


def test_a_day_is_never_pushed_past_24_hours() -> None:
    jane = jane_from_linkedin()
    full = chat(jane)
    result = plan(
        ImportBatch(source="x", contacts=[jane], activities=[full]),
        day_minutes={date(2026, 11, 20): 24 * 60 - 5},
    )
    assert result.activities == []
    assert result.report is not None
    assert any("more than 24 hours" in w for w in result.report.warnings)


def test_the_keep_in_touch_clock_only_moves_forward() -> None:
    stored = replace(
        jane_from_linkedin(), first_contact=date(2026, 11, 1), last_contact=date(2026, 11, 24)
    )
    old_chat = chat(stored)
    result = plan(
        ImportBatch(
            source="x",
            contacts=[replace(stored, id="b")],
            activities=[replace(old_chat, contact_ids=("b",))],
        ),
        contacts=[stored],
    )
    assert result.activities[0].contact_ids == (stored.id,)
    assert result.contacts == []  # 20 Nov lies inside the 1..24 Nov already known
    assert result.report is not None
    assert result.report.contacts.unchanged == 1


def test_an_older_imported_chat_moves_first_contact_back() -> None:
    stored = replace(jane_from_linkedin(), last_contact=date(2026, 11, 24))
    old_chat = chat(stored)
    result = plan(
        ImportBatch(
            source="x",
            contacts=[replace(stored, id="b")],
            activities=[replace(old_chat, contact_ids=("b",))],
        ),
        contacts=[stored],
    )
    (updated,) = result.contacts
    assert updated.first_contact == old_chat.date
    assert updated.last_contact == date(2026, 11, 24)


def test_the_report_lists_a_few_new_records_by_name() -> None:
    people = [Contact(name=f"Person {i}", organisation="NHS") for i in range(8)]
    result = plan(ImportBatch(source="vcard", contacts=people))
    assert result.report is not None
    assert result.report.samples["contacts"] == tuple(f"Person {i} (NHS)" for i in range(5))
    assert result.report.contacts.added == 8


def test_a_shared_switchboard_or_website_never_makes_two_people_one() -> None:
    ward = {"phone": "+44 113 243 3144", "web": "https://www.leedsth.nhs.uk"}
    stored = Contact(name="Ward 5 Sister", handles=dict(ward))
    incoming = Contact(name="Ward 5 Charge Nurse", handles=dict(ward), source_ids=("vcard:b",))
    result = plan(ImportBatch(source="vcard", contacts=[incoming]), contacts=[stored])
    assert result.report is not None
    assert result.report.contacts.added == 1


class _CountedId(str):
    """A contact id that counts how often it is compared for equality."""

    compared = 0

    def __eq__(self, other: object) -> bool:
        _CountedId.compared += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def test_planning_compares_ids_a_number_of_times_linear_in_the_contacts() -> None:
    # 400 new contacts: a list lookup per contact (the old code) made ~80,000 comparisons.
    people = [Contact(name=f"Person {i}", id=_CountedId(f"{i:032x}")) for i in range(400)]
    _CountedId.compared = 0
    result = plan(ImportBatch(source="linkedin", contacts=people))
    assert result.report is not None and result.report.contacts.added == 400
    assert _CountedId.compared < 4 * len(people)
