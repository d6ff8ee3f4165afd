"""A due contact read back from the derived cache: exactly the shape ``to_json`` writes, or a miss.

The app's first screen reads the day's due list from ``contacts-today.json``;
a damaged or hand-edited entry must raise ``TypeError``/``ValueError`` (the
cache then works the list out again), never become a wrong reminder.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from netjournal.domain.keep_in_touch import DueContact

DUE = DueContact("c1", "Aisha Khan", 30, date(2026, 10, 1), "last_contact", 66, 36)


def test_a_written_due_contact_reads_back_equal() -> None:
    assert DueContact.from_json(DUE.to_json()) == DUE


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("id", 1),
        ("name", None),
        ("since_kind", ["created"]),
        ("cadence_days", 30.0),
        ("days_since", True),
        ("overdue_days", "36"),
        ("since", 20261001),
    ],
)
def test_a_field_of_the_wrong_json_type_is_a_miss(key: str, value: Any) -> None:
    with pytest.raises(TypeError):
        DueContact.from_json({**DUE.to_json(), key: value})


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("since_kind", "birthday"),
        ("since", "20261001"),
        ("since", "2026-10-32"),
        ("overdue_days", 2**63),
    ],
)
def test_a_value_out_of_its_range_is_a_miss(key: str, value: Any) -> None:
    with pytest.raises(ValueError):
        DueContact.from_json({**DUE.to_json(), key: value})


def test_other_keys_or_another_json_type_are_a_miss() -> None:
    with pytest.raises(ValueError):
        DueContact.from_json({**DUE.to_json(), "extra": 1})
    missing = DUE.to_json()
    del missing["name"]
    with pytest.raises(ValueError):
        DueContact.from_json(missing)
    with pytest.raises(TypeError):
        DueContact.from_json(list(DUE.to_json().values()))
