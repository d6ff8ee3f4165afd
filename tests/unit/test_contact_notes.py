"""People's stories, the pure parts: dated contact notes, the old ``notes`` field, the snooze, search matching."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, date, datetime

import pytest

from netjournal.domain.contact_notes import (
    ContactNote,
    find_note,
    new_note,
    notes_of,
    parse_snooze,
    restored,
    trash_record,
    with_note,
    without_note,
)
from netjournal.domain.contact_record import Contact
from netjournal.domain.contacts import merge_contacts
from netjournal.domain.keep_in_touch import (
    ContactFacts,
    due_of_rows,
    due_status,
    is_snoozed,
    snoozed_of_rows,
)
from netjournal.domain.search import matches, search_terms
from netjournal.errors import InputError, NotFoundError

TODAY = date(2026, 11, 25)
CREATED = datetime(2025, 3, 4, 9, 0, tzinfo=UTC)

#: A contact as netjournal wrote it before the notes history: one free ``notes`` string.
OLD_STORED = {
    "id": "a" * 32,
    "name": "Zoë Adams",
    "organisation": "Leeds NHS Trust",
    "role": "",
    "handles": {},
    "tags": [],
    "met": "RCN congress",
    "notes": "Interested in sepsis audits",
    "cadence_days": 30,
    "connected_on": "2025-03-04",
    "last_contact": "2026-09-01",
    "first_contact": "2025-03-04",
    "source_ids": [],
    "created": CREATED.isoformat(),
    "updated": CREATED.isoformat(),
}


def test_contact_note_is_a_frozen_slotted_dataclass() -> None:
    params = ContactNote.__dataclass_params__  # type: ignore[attr-defined]
    assert dataclasses.is_dataclass(ContactNote) and params.frozen
    assert "__slots__" in ContactNote.__dict__
    note = new_note("  Moved to ICU ", date(2026, 11, 3))
    assert note.text == "Moved to ICU"
    with pytest.raises(dataclasses.FrozenInstanceError):
        note.text = "x"  # type: ignore[misc]


def test_an_old_notes_field_reads_as_the_first_dated_note_dated_when_the_contact_was_created() -> (
    None
):
    contact = Contact.from_dict(dict(OLD_STORED))
    notes = notes_of(contact)
    assert [(n.date, n.text, n.legacy) for n in notes] == [
        (date(2025, 3, 4), "Interested in sepsis audits", True)
    ]
    later = with_note(contact, new_note("Moved to ICU", date(2026, 11, 3)))
    assert [n.text for n in notes_of(later)] == ["Moved to ICU", "Interested in sepsis audits"]


def test_the_old_field_is_kept_on_disk_and_the_history_is_a_new_key() -> None:
    contact = with_note(
        Contact.from_dict(dict(OLD_STORED)), new_note("Moved to ICU", date(2026, 11, 3))
    )
    stored = json.loads(json.dumps(contact.to_dict()))
    assert stored["notes"] == "Interested in sepsis audits"  # an older netjournal still reads it
    assert [n["text"] for n in stored["note_history"]] == ["Moved to ICU"]
    back = Contact.from_dict(stored)
    assert back == contact and notes_of(back) == notes_of(contact)
    # A contact without a history is stored exactly as before.
    assert "note_history" not in Contact(name="Ann Lee").to_dict()
    assert "snoozed_until" not in Contact(name="Ann Lee").to_dict()


def test_removing_and_restoring_notes_loses_nothing() -> None:
    contact = with_note(
        Contact.from_dict(dict(OLD_STORED)), new_note("Moved to ICU", date(2026, 11, 3))
    )
    old, new = notes_of(contact)[1], notes_of(contact)[0]
    bare = without_note(without_note(contact, old), new)
    assert notes_of(bare) == [] and bare.notes == ""
    back = restored(restored(bare, trash_record(contact, new)), trash_record(contact, old))
    assert [n.text for n in notes_of(back)] == ["Moved to ICU", "Interested in sepsis audits"]
    # The notes were set again meanwhile: the old text comes back as a dated note beside them.
    rewritten = bare.touched(notes="Now a ward manager")
    both = restored(rewritten, trash_record(contact, old))
    assert {n.text for n in notes_of(both)} == {"Now a ward manager", "Interested in sepsis audits"}


def test_find_note_by_prefix_across_contacts() -> None:
    ann = with_note(
        Contact(name="Ann Lee"), ContactNote("abcd1234" + "0" * 24, TODAY, "x", CREATED)
    )
    ben = with_note(
        Contact(name="Ben Okoro"), ContactNote("abcd9999" + "0" * 24, TODAY, "y", CREATED)
    )
    assert find_note([ann, ben], "abcd12")[0] is ann
    with pytest.raises(InputError, match="ambiguous"):
        find_note([ann, ben], "abcd")
    with pytest.raises(NotFoundError):
        find_note([ann, ben], "ffff")
    with pytest.raises(InputError):
        new_note("   ", TODAY)


def test_merging_two_contacts_keeps_both_histories() -> None:
    ann = with_note(Contact(name="Ann Lee"), new_note("Moved to ICU", TODAY))
    dup = with_note(Contact(name="Ann Lee"), new_note("Asked about preceptorship", TODAY))
    merged = merge_contacts(ann, dup).contact
    assert {n.text for n in notes_of(merged)} == {"Moved to ICU", "Asked about preceptorship"}


def test_snooze_hides_a_due_contact_until_the_day_it_ends() -> None:
    due = Contact(name="Ann Lee", cadence_days=30, last_contact=date(2026, 9, 1), created=CREATED)
    snoozed = due.touched(snoozed_until=date(2026, 12, 9))
    assert due_status(due, TODAY) is not None
    assert due_status(snoozed, TODAY) is None
    assert due_status(snoozed, date(2026, 12, 9)) is not None  # back on the day it ends
    rows = [ContactFacts.of(c).to_json() for c in (due, snoozed.touched(name="Ben Okoro"))]
    assert [d.name for d in due_of_rows(rows, TODAY)] == ["Ann Lee"]
    assert snoozed_of_rows(rows, TODAY) == 1
    assert ContactFacts.from_stored(snoozed.to_dict()) == ContactFacts.of(snoozed)
    assert not is_snoozed(None, TODAY) and is_snoozed("2026-11-26", TODAY)


def test_snooze_durations() -> None:
    assert parse_snooze("14d", TODAY) == date(2026, 12, 9)
    assert parse_snooze("2w", TODAY) == date(2026, 12, 9)
    assert parse_snooze("1m", TODAY) == date(2026, 12, 25)
    for bad in ("", "soon", "0d", "2y", "-3d"):
        with pytest.raises(InputError):
            parse_snooze(bad, TODAY)


def test_search_needs_every_word_in_any_case_or_accent() -> None:
    terms = search_terms("ZOE sépsis")
    assert matches(terms, "Zoë Adams", "the Sepsis audit")
    assert not matches(terms, "Zoë Adams", "the falls audit")
    with pytest.raises(InputError):
        search_terms("   ")
