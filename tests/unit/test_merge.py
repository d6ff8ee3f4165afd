"""The merge rules for two copies of a journal, and recognising sync conflict copies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netjournal.domain.merge import (
    conflict_name,
    is_conflict_copy,
    merge_records,
    merge_tombstones,
    same_name_groups,
)
from netjournal.domain.models import Activity, Mode

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


@dataclass(frozen=True)
class Rec:
    id: str
    updated: datetime
    note: str = ""


# --- conflict copy names ---------------------------------------------------


@pytest.mark.parametrize(
    ("name", "tool", "original"),
    [
        (
            "2026-11.sync-conflict-20261120-101010-ABCDEFG.json",
            "Syncthing",
            "2026-11.json",
        ),
        ("contacts.sync-conflict-20261120-101010.json", "Syncthing", "contacts.json"),
        ("contacts (conflicted copy 2026-11-20).json", "Dropbox/Nextcloud", "contacts.json"),
        (
            "trash (Work PC's conflicted copy 2026-11-20).json",
            "Dropbox/Nextcloud",
            "trash.json",
        ),
        (
            "contacts (conflicted copy 2026-11-20 101010).json",
            "Dropbox/Nextcloud",
            "contacts.json",
        ),
        ("contacts (conflict 1).json", "sync tool", "contacts.json"),
        ("contacts_conflict-20261120-101010.json", "Nextcloud/ownCloud", "contacts.json"),
        # Case does not matter, not even a dotless "ı": the quick "confl" check made
        # before the patterns lets every such name through to them.
        ("contacts (CONFLICTED COPY 2026-11-20).json", "Dropbox/Nextcloud", "contacts.json"),
        ("contacts (Conflıct 2).json", "sync tool", "contacts.json"),
        ("Contacts_CONFLICT-20261120.JSON", "Nextcloud/ownCloud", "Contacts.JSON"),
    ],
)
def test_each_sync_tools_conflict_copy_is_recognised_with_its_original(
    name: str, tool: str, original: str
) -> None:
    found = conflict_name(name)
    assert found is not None
    assert (found.tool, found.original) == (tool, original)


@pytest.mark.parametrize(
    "name", ["contacts.json", "2026-11.json", "trash.json", "conflicts.json", "my notes.json"]
)
def test_store_files_are_not_mistaken_for_conflict_copies(name: str) -> None:
    assert not is_conflict_copy(name)


# --- records ------------------------------------------------------------------


def test_records_only_one_side_has_are_all_kept() -> None:
    ours = [Rec("a", at(0)), Rec("b", at(1))]
    theirs = [Rec("b", at(1)), Rec("c", at(2))]
    plan = merge_records(ours, theirs, {}, {})
    assert [r.id for r in plan.added] == ["c"]
    assert plan.updated == () and plan.deleted == ()
    assert plan.unchanged == 1


def test_the_later_edit_wins_and_ours_stays_on_a_tie() -> None:
    ours = [Rec("a", at(5), "ours newer"), Rec("b", at(1), "ours older"), Rec("c", at(3), "mine")]
    theirs = [Rec("a", at(4), "theirs"), Rec("b", at(2), "theirs newer"), Rec("c", at(3), "tie")]
    plan = merge_records(ours, theirs, {}, {})
    assert [(r.id, r.note) for r in plan.updated] == [("b", "theirs newer")]
    assert plan.kept == 2  # "a" (ours newer) and "c" (tie)


def test_their_deletion_later_than_our_last_edit_deletes_here() -> None:
    plan = merge_records([Rec("a", at(1))], [], {}, {"a": at(2)})
    assert [r.id for r in plan.deleted] == ["a"]
    assert plan.deleted_at == {"a": at(2)}


def test_an_edit_after_the_deletion_keeps_the_record() -> None:
    plan = merge_records([Rec("a", at(3))], [], {}, {"a": at(2)})
    assert plan.deleted == ()
    assert plan.kept == 1


def test_a_deletion_at_the_same_second_as_the_edit_keeps_the_record() -> None:
    plan = merge_records([Rec("a", at(2))], [], {}, {"a": at(2)})
    assert plan.deleted == ()


def test_a_record_we_deleted_stays_deleted_when_their_copy_is_older() -> None:
    plan = merge_records([], [Rec("a", at(1))], {"a": at(2)}, {})
    assert plan.added == () and plan.deleted == ()
    assert plan.kept == 1


def test_a_record_they_edited_after_our_deletion_comes_back() -> None:
    plan = merge_records([], [Rec("a", at(3), "edited there")], {"a": at(2)}, {})
    assert [(r.id, r.note) for r in plan.added] == [("a", "edited there")]


def test_absence_on_the_other_side_is_not_a_deletion() -> None:
    plan = merge_records([Rec("a", at(1)), Rec("b", at(1))], [Rec("a", at(1))], {}, {})
    assert plan.deleted == ()
    assert plan.changes == 0


def test_activities_merge_by_id_and_updated() -> None:
    base = Activity(date=date(2026, 11, 20), mode=Mode.ONLINE, minutes=30, updated=at(0))
    edited = Activity(
        date=base.date, mode=base.mode, minutes=45, id=base.id, created=base.created, updated=at(9)
    )
    plan = merge_records([base], [edited], {}, {})
    assert plan.updated == (edited,)
    assert merge_records([base], [base], {}, {}).unchanged == 1


# --- tombstones -------------------------------------------------------------


def test_their_tombstones_are_copied_unless_the_record_lives_on_newer() -> None:
    tombs = merge_tombstones(
        ours={"x": at(1)},
        theirs={"x": at(3), "y": at(2), "z": at(2)},
        alive={"z": at(5)},
    )
    assert tombs.copy_from_theirs == ("x", "y")
    assert tombs.drop_ours == ()


def test_our_tombstone_is_dropped_when_the_record_came_back_later() -> None:
    tombs = merge_tombstones(ours={"a": at(1), "b": at(4)}, theirs={}, alive={"a": at(2)})
    assert tombs.drop_ours == ("a",)


def test_same_name_groups_finds_one_person_added_on_two_devices() -> None:
    names = [("1", "Teresa Chinn"), ("2", "teresa  chinn"), ("3", "Ana Lopez"), ("3", "Ana Lopez")]
    assert same_name_groups(names) == ["Teresa Chinn"]


# --- properties ---------------------------------------------------------------

Side = tuple[dict[str, Rec], dict[str, datetime]]

_ids = st.sampled_from(list("abcdefgh"))
_minutes = st.integers(min_value=0, max_value=20)


@st.composite
def sides(draw: st.DrawFn) -> Side:
    records = {
        i: Rec(i, at(m), f"{i}@{m}")
        for i, m in draw(st.dictionaries(_ids, _minutes, max_size=6)).items()
    }
    deletions = {i: at(m) for i, m in draw(st.dictionaries(_ids, _minutes, max_size=3)).items()}
    # a record and its own tombstone never share a side at one instant
    return records, {i: d for i, d in deletions.items() if i not in records}


def apply(side: Side, other: Side) -> Side:
    """What a merge of ``other`` into ``side`` leaves: the facade's steps, in memory."""
    records, deletions = side
    plan = merge_records(records.values(), other[0].values(), deletions, other[1])
    merged = dict(records)
    for r in plan.deleted:
        del merged[r.id]
    merged.update((r.id, r) for r in (*plan.added, *plan.updated))
    tombs = merge_tombstones(deletions, other[1], {r.id: r.updated for r in merged.values()})
    new_deletions = {i: d for i, d in deletions.items() if i not in tombs.drop_ours}
    new_deletions.update((i, other[1][i]) for i in tombs.copy_from_theirs)
    new_deletions.update(plan.deleted_at)
    return merged, new_deletions


@settings(max_examples=150, deadline=None)
@given(sides(), sides())
def test_merging_twice_changes_nothing_the_second_time(ours: Side, theirs: Side) -> None:
    once = apply(ours, theirs)
    again = merge_records(once[0].values(), theirs[0].values(), once[1], theirs[1])
    assert again.changes == 0


@settings(max_examples=150, deadline=None)
@given(sides(), sides())
def test_both_devices_end_with_the_same_live_records(ours: Side, theirs: Side) -> None:
    here = apply(ours, theirs)
    there = apply(theirs, ours)
    assert {i: r.updated for i, r in here[0].items()} == {i: r.updated for i, r in there[0].items()}


@settings(max_examples=150, deadline=None)
@given(sides(), sides())
def test_a_record_disappears_only_for_a_later_deletion(ours: Side, theirs: Side) -> None:
    merged, _ = apply(ours, theirs)
    deletions = {**ours[1]}
    for i, d in theirs[1].items():
        deletions[i] = max(d, deletions.get(i, d))
    for record in (*ours[0].values(), *theirs[0].values()):
        if record.id not in merged:
            newest = max(r.updated for r in (ours[0].get(record.id), theirs[0].get(record.id)) if r)
            assert deletions[record.id] > newest
