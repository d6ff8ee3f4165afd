"""One model style: every record is a ``@dataclass(frozen=True, slots=True)``.

The models and the config are real frozen, slotted dataclasses (no hand-written
base class or ``__init__``); no ``NamedTuple`` is left in the package. Their
behaviour is pinned here: defaults and factories, equality, hashing, ``repr``,
immutability, ``replace``, pickling, copying, and the stored dict round trip.
"""

from __future__ import annotations

import ast
import copy
import dataclasses
import pickle
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netjournal
from netjournal.config import Config
from netjournal.domain.contact_notes import ContactNote
from netjournal.domain.contact_record import Contact
from netjournal.domain.conversation_record import Conversation
from netjournal.domain.models import Activity, CpdDetails, Initiator, Mode, Purpose, Style
from netjournal.domain.target_record import Target

MODELS = [CpdDetails, Activity, Contact, Conversation, Target, Config]
STAMP = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)


def reference(cls: type) -> type:
    """The class ``@dataclass(frozen=True, slots=True)`` makes from ``cls``'s fields."""
    specs = []
    for f in dataclasses.fields(cls):
        options: dict[str, Any] = {"compare": f.compare, "repr": f.repr, "hash": f.hash}
        if f.default is not dataclasses.MISSING:
            options["default"] = f.default
        if f.default_factory is not dataclasses.MISSING:
            options["default_factory"] = f.default_factory
        specs.append((f.name, f.type, dataclasses.field(**options)))
    made: type = dataclasses.make_dataclass(cls.__name__, specs, frozen=True, slots=True)
    made.__qualname__ = cls.__qualname__
    return made


REQUIRED: dict[type, dict[str, Any]] = {
    CpdDetails: {},
    Activity: {"date": date(2026, 11, 25), "mode": Mode.ONLINE, "minutes": 30},
    Contact: {"name": "Ann Lee"},
    Conversation: {"contact_ids": ("c1",), "channel": "x", "started": date(2026, 11, 20)},
    Target: {"effective_from": date(2026, 1, 5)},
    Config: {},
}

#: Values for every field, to build two different instances of a record.
VALUES: dict[str, list[Any]] = {
    "topic": ["Sepsis", "Falls"],
    "method": ["conference", "reading"],
    "learning": ["", "a lot"],
    "practice_change": ["", "new checklist"],
    "standards": [(), ("1.2", "20.1")],
    "participatory": [None, True],
    "evidence": [(), ("notes.pdf",)],
    "hcpc_type": ["", "work-based"],
    "reflect": [False, True],
    "nature": ["", "A peer supervision session."],
    "extra": [{}, {"future": 1}],
    "date": [date(2026, 11, 25), date(2025, 1, 2)],
    "mode": [Mode.ONLINE, Mode.OFFLINE],
    "minutes": [30, 95],
    "channel": ["x", "conference"],
    "purpose": [Purpose.OTHER, Purpose.SHARE_WORK],
    "style": [Style.CONVERSATION, Style.BROADCAST],
    "time": [None, time(9, 30)],
    "contact_ids": [(), ("c1", "c2")],
    "note": ["", "coffee"],
    "tags": [(), ("nhs",)],
    "cpd": [None, CpdDetails(topic="Sepsis")],
    "source_id": [None, "li:1"],
    "id": ["a" * 32, "b" * 32],
    "created": [STAMP, datetime(2024, 1, 1, tzinfo=UTC)],
    "updated": [STAMP, datetime(2024, 1, 1, tzinfo=UTC)],
    "name": ["Ann Lee", "Ben Okoro"],
    "organisation": ["", "NHS"],
    "role": ["", "Nurse"],
    "handles": [{}, {"x": "@ann"}],
    "met": ["", "RCN congress"],
    "notes": ["", "likes tea"],
    "cadence_days": [None, 30],
    "connected_on": [None, date(2025, 3, 1)],
    "last_contact": [None, date(2026, 10, 1)],
    "first_contact": [None, date(2025, 3, 1)],
    "source_ids": [(), ("vcard:1",)],
    "note_history": [(), (ContactNote("n1", date(2026, 11, 2), "Moved to ICU", STAMP),)],
    "snoozed_until": [None, date(2026, 12, 9)],
    "started": [date(2026, 11, 20), date(2026, 1, 1)],
    "initiated_by": [Initiator.ME, Initiator.THEM],
    "replied": [False, True],
    "replied_on": [None, date(2026, 11, 21)],
    "last_date": [None, date(2026, 11, 22)],
    "summary": ["", "on rotas"],
    "messages_out": [0, 3],
    "messages_in": [0, 2],
    "effective_from": [date(2026, 1, 5), date(2025, 6, 2)],
    "online_min_share": [None, 0.3],
    "online_max_share": [None, 0.5],
    "weekly_min_minutes": [None, 120],
    "weekly_min_conversations": [None, 3],
    "monthly_min_new_connections": [None, 2],
    "daily_max_online_minutes": [None, 90],
    "date_order": ["dmy", "mdy"],
    "week_start": ["monday", "sunday"],
    "backups_keep": [14, 3],
    "conference_hours_per_day": [6.0, 7.5],
    "default_cadence_days": [0, 30],
    "theme": ["textual-dark", "textual-light"],
    "revalidation_date": ["", "2027-03-31"],
}


@pytest.mark.parametrize("cls", MODELS)
def test_defaults_and_factories_match(cls: type) -> None:
    ours, theirs = cls(**REQUIRED[cls]), reference(cls)(**REQUIRED[cls])
    for f in dataclasses.fields(cls):
        mine, other = getattr(ours, f.name), getattr(theirs, f.name)
        if f.name == "id":
            assert len(mine) == 32 and mine != cls(**REQUIRED[cls]).id  # fresh each time
        elif f.name in ("created", "updated"):
            assert abs((mine - other).total_seconds()) < 5
        else:
            assert mine == other, f.name
    if "extra" in {f.name for f in dataclasses.fields(cls)}:
        assert ours.extra is not cls(**REQUIRED[cls]).extra  # not one shared dict


#: Picks for every field of the widest record: a field left to its default would
#: take ``created``/``updated`` from the clock, and two records built either side
#: of a second's tick would differ.
WIDEST = max(len(dataclasses.fields(cls)) for cls in MODELS)


def _values(cls: type, pick: list[int]) -> dict[str, Any]:
    names = [f.name for f in dataclasses.fields(cls)]
    return {name: VALUES[name][i] for name, i in zip(names, pick, strict=False)}


@settings(max_examples=200, deadline=None)
@given(
    cls=st.sampled_from(MODELS),
    left=st.lists(st.integers(0, 1), min_size=WIDEST, max_size=WIDEST),
    right=st.lists(st.integers(0, 1), min_size=WIDEST, max_size=WIDEST),
)
def test_equality_hash_and_repr_match(cls: type, left: list[int], right: list[int]) -> None:
    ref = reference(cls)
    a, b = _values(cls, left), _values(cls, right)
    ours_a, ours_b, ref_a, ref_b = cls(**a), cls(**b), ref(**a), ref(**b)
    assert (ours_a == ours_b) == (ref_a == ref_b)
    assert repr(ours_a) == repr(ref_a)
    try:
        expected = hash(ref_a)
    except TypeError:  # a dict field that takes part in comparison (Contact.handles)
        with pytest.raises(TypeError):
            hash(ours_a)
    else:
        assert hash(ours_a) == expected
    # Copies, pickles and replace() give equal, still frozen records.
    for made in (copy.copy(ours_a), copy.deepcopy(ours_a), pickle.loads(pickle.dumps(ours_a))):
        assert made == ours_a and made is not ours_a
        assert repr(made) == repr(ours_a)
    changed = dataclasses.replace(
        ours_a, **{dataclasses.fields(cls)[0].name: b[dataclasses.fields(cls)[0].name]}
    )
    assert changed == cls(
        **{**a, dataclasses.fields(cls)[0].name: b[dataclasses.fields(cls)[0].name]}
    )


@pytest.mark.parametrize("cls", MODELS)
def test_records_are_frozen_and_slotted(cls: type) -> None:
    item = cls(**REQUIRED[cls])
    for f in dataclasses.fields(cls):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(item, f.name, None)
        with pytest.raises(dataclasses.FrozenInstanceError):
            delattr(item, f.name)
    # (CPython 3.11's slotted frozen dataclasses raise TypeError here: bpo-90562.)
    with pytest.raises((dataclasses.FrozenInstanceError, AttributeError, TypeError)):
        item.not_a_field = 1  # type: ignore[attr-defined]
    assert not hasattr(item, "__dict__")
    assert dataclasses.is_dataclass(cls)
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    assert params.frozen and params.init and params.eq and params.repr
    assert cls.__slots__ == tuple(f.name for f in dataclasses.fields(cls))


STORED = [CpdDetails, Activity, Contact, Conversation, Target]


@settings(max_examples=100, deadline=None)
@given(
    cls=st.sampled_from(STORED),
    pick=st.lists(st.integers(0, 1), min_size=16, max_size=16),
)
def test_the_stored_dict_round_trips(cls: Any, pick: list[int]) -> None:
    item = cls(**_values(cls, pick))
    stored = item.to_dict()
    assert cls.from_dict(stored) == item
    assert cls.from_dict(stored).to_dict() == stored


def test_the_stored_form_of_an_activity_is_unchanged() -> None:
    activity = Activity(
        date=date(2026, 11, 25),
        mode=Mode.ONLINE,
        minutes=30,
        channel="x",
        time=time(9, 30),
        contact_ids=("c1",),
        tags=("nhs",),
        cpd=CpdDetails(topic="Sepsis", standards=("1.2",)),
        id="a" * 32,
        created=STAMP,
        updated=STAMP,
        extra={"future": 1},
    )
    assert activity.to_dict() == {
        "future": 1,
        "id": "a" * 32,
        "date": "2026-11-25",
        "time": "09:30",
        "mode": "online",
        "minutes": 30,
        "channel": "x",
        "purpose": "other",
        "style": "conversation",
        "contact_ids": ["c1"],
        "note": "",
        "tags": ["nhs"],
        "cpd": {
            "topic": "Sepsis",
            "method": "",
            "learning": "",
            "practice_change": "",
            "standards": ["1.2"],
            "participatory": None,
            "evidence": [],
            "hcpc_type": "",
            "reflect": False,
        },
        "source_id": None,
        "created": "2026-11-25T09:30:00+00:00",
        "updated": "2026-11-25T09:30:00+00:00",
    }


def test_no_named_tuples_or_hand_written_records_are_left() -> None:
    """Records are written one way: a frozen, slotted dataclass."""
    root = Path(netjournal.__file__).parent
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases = {ast.unparse(b) for b in node.bases}
                if bases & {"NamedTuple", "typing.NamedTuple", "FrozenRecord"}:
                    found.append(f"{path.relative_to(root)}:{node.name}")
            elif isinstance(node, ast.Call) and ast.unparse(node.func).endswith("namedtuple"):
                found.append(f"{path.relative_to(root)}:{node.lineno}")
    assert found == []
