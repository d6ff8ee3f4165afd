"""The hand-checked CPD journal (tests/fixtures/cpd/journal.json) as domain objects.

Shared by the unit, export and CLI tests of the CPD feature so every one of
them reasons about the same, documented numbers.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from netjournal.domain.contact_record import Contact
from netjournal.domain.models import Activity

CPD_FIXTURES = Path(__file__).parent / "fixtures" / "cpd"
JOURNAL_FILE = CPD_FIXTURES / "journal.json"
PERIOD = (date(2026, 1, 1), date(2026, 11, 25))


def load_journal() -> tuple[list[Activity], dict[str, Contact]]:
    data = json.loads(JOURNAL_FILE.read_text(encoding="utf-8"))
    activities = [Activity.from_dict(a) for a in data["activities"]]
    contacts = {c["id"]: Contact.from_dict(c) for c in data["contacts"]}
    return activities, contacts
