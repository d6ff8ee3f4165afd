"""The name matcher: same, near, ambiguous or new (issue 14)."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netjournal.domain.name_match import KnownName, MatchKind, NameMatch, match_name
from netjournal.domain.names import name_key

TERESA = KnownName("a" * 32, "Teresa Chinn")
LEE = KnownName("b" * 32, "Teresa Lee")
BEN = KnownName("c" * 32, "Ben Davies")
ZOE = KnownName("d" * 32, "Dr Zoë O'Brien")


@pytest.mark.parametrize(
    ("typed", "kind", "who"),
    [
        ("Teresa Chinn", MatchKind.SAME, [TERESA]),
        ("  teresa   CHINN ", MatchKind.SAME, [TERESA]),
        ("zoe obrien", MatchKind.SAME, [ZOE]),
        ("Chinn", MatchKind.NEAR, [TERESA]),
        ("Teresa Chin", MatchKind.NEAR, [TERESA]),
        ("Teresa Chimn", MatchKind.NEAR, [TERESA]),
        ("Chinn Teresa", MatchKind.NEAR, [TERESA]),
        ("Tresa Lee", MatchKind.NEAR, [LEE]),
        ("Ben Davis", MatchKind.NEAR, [BEN]),
        ("Teresa", MatchKind.AMBIGUOUS, [TERESA, LEE]),
        ("Sam Okafor", MatchKind.NEW, []),
        ("Mark", MatchKind.NEW, []),
    ],
)
def test_match_name(typed: str, kind: MatchKind, who: list[KnownName]) -> None:
    found = match_name(typed, [TERESA, LEE, BEN, ZOE])
    assert found.kind is kind
    assert list(found.candidates) == who
    assert found.person == (who[0] if kind in (MatchKind.SAME, MatchKind.NEAR) else None)


def test_a_short_word_is_not_a_typo_of_another() -> None:
    assert match_name("Mark Lee", [KnownName("e" * 32, "Mary Lee")]).kind is MatchKind.NEW


def test_the_result_is_a_frozen_slotted_record() -> None:
    found = match_name("Teresa", [TERESA])
    assert isinstance(found, NameMatch) and not hasattr(found, "__dict__")
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.kind = MatchKind.NEW  # type: ignore[misc]


names = st.lists(
    st.sampled_from(["ann", "ben", "chloe", "davies", "iqbal", "chinn", "teresa", "smith", "zoë"]),
    min_size=1,
    max_size=3,
).map(" ".join)


@given(name=names, others=st.lists(names, max_size=6))
def test_an_exact_name_always_matches_itself(name: str, others: list[str]) -> None:
    people = [
        KnownName(f"{i:032x}", n) for i, n in enumerate(others) if name_key(n) != name_key(name)
    ]
    me = KnownName("f" * 32, name)
    found = match_name(name.upper(), [*people, me])
    assert found.kind is MatchKind.SAME and found.person == me


@given(name=names, others=st.lists(names, max_size=6), added=names)
def test_adding_a_contact_never_makes_an_exact_match_ambiguous(
    name: str, others: list[str], added: str
) -> None:
    me = KnownName("f" * 32, name)
    people = [
        KnownName(f"{i:032x}", n) for i, n in enumerate(others) if name_key(n) != name_key(name)
    ]
    before = match_name(name, [*people, me])
    if name_key(added) != name_key(name):
        people.append(KnownName("e" * 32, added))
    after = match_name(name, [*people, me])
    assert before.kind is after.kind is MatchKind.SAME and after.person == me


@given(typed=names, people=st.lists(names, max_size=6))
def test_an_answer_is_always_consistent(typed: str, people: list[str]) -> None:
    found = match_name(typed, [KnownName(f"{i:032x}", n) for i, n in enumerate(people)])
    count = {MatchKind.SAME: 1, MatchKind.NEAR: 1, MatchKind.NEW: 0}
    if found.kind is MatchKind.AMBIGUOUS:
        assert len(found.candidates) >= 2
    else:
        assert len(found.candidates) == count[found.kind]
