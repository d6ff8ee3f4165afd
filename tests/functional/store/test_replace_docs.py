"""Several documents replaced in one write (logging "with" two people, merges).

``contacts.json`` holds every contact, so each write of it costs the whole
file; ``DocumentRepo.upsert_many`` must write it once however many records
change, and must never misplace a record when some ids are missing.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from netjournal.domain.contact_record import Contact
from netjournal.journal import ActivityInput, Journal
from netjournal.storage import engine


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    j = Journal.open(tmp_path / "home")
    j.repos.contacts.add_many(
        [Contact(name="Aisha Ahmed"), Contact(name="Ben Brown"), Contact(name="Cara Cole")]
    )
    return j


def _count_writes(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    written: list[Path] = []
    real = engine.commit_files

    def spy(root: Path, writes: dict[Path, bytes | None]) -> None:
        written.extend(path for path, payload in writes.items() if payload is not None)
        real(root, writes)

    monkeypatch.setattr(engine, "commit_files", spy)
    return written


def test_upsert_many_replaces_every_changed_contact_in_one_write(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    by_name = {c.name: c for c in journal.repos.contacts.all()}
    changed = [
        replace(by_name["Aisha Ahmed"], role="Ward manager"),
        replace(by_name["Cara Cole"], role="Lecturer"),
    ]
    written = _count_writes(monkeypatch)
    journal.repos.contacts.upsert_many(changed)
    assert [p.name for p in written if p.name != "history.json"] == ["contacts.json"]
    roles = {c.name: c.role for c in journal.repos.contacts.all()}
    assert roles == {"Aisha Ahmed": "Ward manager", "Ben Brown": "", "Cara Cole": "Lecturer"}


def test_replace_docs_skips_missing_ids_without_shifting_the_others(journal: Journal) -> None:
    by_name = {c.name: c for c in journal.repos.contacts.all()}
    table = journal.repos.contacts._table
    ben = replace(by_name["Ben Brown"], role="Matron")
    with journal.transaction():
        table.replace_docs({"0" * 32: {"id": "0" * 32, "name": "Ghost"}, ben.id: ben.to_dict()})
    names = sorted(c.name for c in journal.repos.contacts.all())
    assert names == ["Aisha Ahmed", "Ben Brown", "Cara Cole"]
    assert journal.repos.contacts.get(ben.id).role == "Matron"


def test_logging_with_two_people_rewrites_the_contacts_file_once(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = _count_writes(monkeypatch)
    result = journal.activities.log(
        ActivityInput(mode="online", duration="20m", contacts=("Aisha Ahmed", "Ben Brown"))
    )
    assert [p.name for p in written].count("contacts.json") == 1
    seen = {c.name: c.last_contact for c in journal.repos.contacts.all()}
    assert seen["Aisha Ahmed"] == seen["Ben Brown"] == result.activity.date
    assert seen["Cara Cole"] is None
