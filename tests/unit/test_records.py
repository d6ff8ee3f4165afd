"""The model records (and the config) behave exactly as ``@dataclass(frozen=True, slots=True)`` would.

netjournal/domain/records.py gives the models a dataclass's methods without
compiling them on every start, and each model writes out its ``__init__``.
Each is checked here against a real frozen, slotted dataclass built from the
same fields: the ``__init__`` signature, the values it sets (defaults and
factories included), equality, hashing, ``repr``, immutability, ``replace``,
pickling and copying.
"""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
from datetime import UTC, date, datetime, time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netjournal.config import Config
from netjournal.domain.models import (
    Activity,
    Contact,
    Conversation,
    CpdDetails,
    Initiator,
    Mode,
    Purpose,
    Style,
    Target,
)
from netjournal.domain.records import FACTORY, FrozenRecord, record

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
def test_the_init_signature_is_the_dataclass_one(cls: type) -> None:
    ours = inspect.signature(cls.__init__).parameters
    theirs = inspect.signature(reference(cls).__init__).parameters
    assert list(ours) == list(theirs)
    for name, param in ours.items():
        other = theirs[name]
        assert param.kind == other.kind, name
        if param.default is FACTORY:  # a default_factory field: <factory> there too
            assert repr(other.default) == "<factory>", name
        else:
            assert param.default == other.default, name


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


def _values(cls: type, pick: list[int]) -> dict[str, Any]:
    names = [f.name for f in dataclasses.fields(cls)]
    return {name: VALUES[name][i] for name, i in zip(names, pick, strict=False)}


@settings(max_examples=200, deadline=None)
@given(
    cls=st.sampled_from(MODELS),
    left=st.lists(st.integers(0, 1), min_size=16, max_size=16),
    right=st.lists(st.integers(0, 1), min_size=16, max_size=16),
)
def test_equality_hash_and_repr_match(cls: type, left: list[int], right: list[int]) -> None:
    ref = reference(cls)
    a, b = _values(cls, left), _values(cls, right)
    ours_a, ours_b, ref_a, ref_b = cls(**a), cls(**b), ref(**a), ref(**b)
    assert (ours_a == ours_b) == (ref_a == ref_b)
    assert (ours_a != ours_b) == (ref_a != ref_b)
    assert repr(ours_a) == repr(ref_a)
    assert ours_a.__match_args__ == ref_a.__match_args__
    try:
        expected = hash(ref_a)
    except TypeError:  # a dict field that takes part in comparison (Contact.handles)
        with pytest.raises(TypeError):
            hash(ours_a)
    else:
        assert hash(ours_a) == expected
    assert ours_a != ref_a  # another class, as between two dataclasses
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
    with pytest.raises((dataclasses.FrozenInstanceError, AttributeError)):
        item.not_a_field = 1  # type: ignore[attr-defined]
    assert not hasattr(item, "__dict__")
    assert dataclasses.is_dataclass(cls)
    assert cls.__slots__ == tuple(f.name for f in dataclasses.fields(cls))


def test_a_record_needs_the_base_class_and_its_own_init() -> None:
    class NoInit(FrozenRecord):
        x: int = 0

    class NoBase:
        def __init__(self) -> None:
            pass

    for cls in (NoInit, NoBase):
        with pytest.raises(TypeError):
            record(cls)
