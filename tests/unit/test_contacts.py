"""Keep-in-touch cadence, duplicate detection, merging and lookup of contacts."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netjournal.domain.contact_record import Contact
from netjournal.domain.contacts import (
    duplicates_of,
    find_duplicates,
    match_contacts,
    merge_contacts,
    normalise_handle,
    parse_cadence,
    repoint_ids,
    resolve_contact,
    search_contacts,
)
from netjournal.domain.keep_in_touch import ContactFacts, clock_start, due_of_rows, due_status
from netjournal.domain.names import name_key
from netjournal.errors import InputError, NotFoundError

TODAY = date(2026, 11, 25)
CREATED = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)


def person(name: str, **kw: object) -> Contact:
    kw.setdefault("created", CREATED)
    return Contact(name=name, **kw)  # type: ignore[arg-type]


# ---------------------------------------------------------------- cadence parsing


@pytest.mark.parametrize(
    ("text", "days"),
    [("30", 30), ("30d", 30), ("4w", 28), ("2 weeks", 14), ("3m", 90), ("1y", 365), (" 7D ", 7)],
)
def test_cadence_accepts_days_weeks_months_years(text: str, days: int) -> None:
    assert parse_cadence(text) == days


@pytest.mark.parametrize("text", ["none", "off", "0", "Never"])
def test_cadence_words_for_no_reminder_clear_it(text: str) -> None:
    assert parse_cadence(text) is None


@pytest.mark.parametrize("text", ["", "monthly", "-3d", "3x", "20y", "1.5w"])
def test_cadence_rejects_nonsense_naming_the_field(text: str) -> None:
    with pytest.raises(InputError) as err:
        parse_cadence(text)
    assert err.value.field == "cadence"


@given(st.integers(min_value=1, max_value=3650), st.sampled_from(["", "d", " days", "day"]))
def test_cadence_in_days_roundtrips_any_valid_number(n: int, unit: str) -> None:
    assert parse_cadence(f"{n}{unit}") == n


@given(st.text(max_size=12))
def test_cadence_parser_never_crashes_on_arbitrary_text(text: str) -> None:
    try:
        result = parse_cadence(text)
    except InputError:
        return
    assert result is None or 1 <= result <= 3650


# ---------------------------------------------------------------- due


def test_clock_runs_from_last_contact_then_connected_on_then_created() -> None:
    assert clock_start(
        person("A", last_contact=date(2026, 11, 1), connected_on=date(2020, 1, 1))
    ) == (date(2026, 11, 1), "last_contact")
    assert clock_start(person("A", connected_on=date(2020, 1, 1))) == (
        date(2020, 1, 1),
        "connected_on",
    )
    assert clock_start(person("A")) == (date(2026, 1, 10), "created")


def test_contact_is_due_only_once_the_cadence_is_strictly_exceeded() -> None:
    # last seen 2026-10-26 = 30 days before today
    on_the_day = person("A", cadence_days=30, last_contact=date(2026, 10, 26))
    a_day_later = person("B", cadence_days=30, last_contact=date(2026, 10, 25))
    assert due_status(on_the_day, TODAY) is None
    due = due_status(a_day_later, TODAY)
    assert due is not None
    assert (due.days_since, due.overdue_days, due.since_kind) == (31, 1, "last_contact")


def test_contact_without_cadence_is_never_due_unless_a_default_applies() -> None:
    old = person("A", last_contact=date(2025, 1, 1))
    assert due_status(old, TODAY) is None
    due = due_status(old, TODAY, default_cadence_days=90)
    assert due is not None and due.cadence_days == 90


def test_never_contacted_contact_counts_from_connected_on() -> None:
    # connected 2026-09-01: 85 days ago; cadence 60 -> 25 days overdue
    due = due_status(person("A", cadence_days=60, connected_on=date(2026, 9, 1)), TODAY)
    assert due is not None
    assert (due.since, due.days_since, due.overdue_days) == (date(2026, 9, 1), 85, 25)


def test_due_list_is_sorted_most_overdue_first() -> None:
    contacts = [
        person("Mild", cadence_days=30, last_contact=date(2026, 10, 20)),  # 36 days: 6 over
        person("Fine", cadence_days=30, last_contact=date(2026, 11, 20)),  # not due
        person("Worst", cadence_days=7, last_contact=date(2026, 9, 1)),  # 85 days: 78 over
        person("Middle", cadence_days=14, last_contact=date(2026, 10, 20)),  # 36: 22 over
    ]
    due = due_of_rows([ContactFacts.of(c).to_json() for c in contacts], TODAY)
    assert [(d.name, d.overdue_days) for d in due] == [
        ("Worst", 78),
        ("Middle", 22),
        ("Mild", 6),
    ]


def test_touching_a_contact_only_widens_first_and_last_contact() -> None:
    c = person("A", first_contact=date(2026, 11, 1), last_contact=date(2026, 11, 20))
    assert c.seen_on(date(2026, 11, 5)) is c  # inside the known span: nothing moves
    later = c.seen_on(date(2026, 11, 24))
    assert (later.first_contact, later.last_contact) == (date(2026, 11, 1), date(2026, 11, 24))
    earlier = c.seen_on(date(2026, 10, 1))
    assert (earlier.first_contact, earlier.last_contact) == (date(2026, 10, 1), date(2026, 11, 20))
    fresh = person("B").seen_on(date(2026, 3, 3))
    assert fresh.first_contact == fresh.last_contact == date(2026, 3, 3)


# ---------------------------------------------------------------- normalising


@pytest.mark.parametrize(
    ("platform", "a", "b"),
    [
        ("x", "@JaneSmithRN", "janesmithrn"),
        ("x", "https://twitter.com/JaneSmithRN/", "@janesmithrn"),
        ("x", "x.com/janesmithrn?s=21", "JaneSmithRN"),
        ("linkedin", "https://www.linkedin.com/in/jane-smith-4a1b2c/", "jane-smith-4a1b2c"),
        (
            "linkedin",
            "http://uk.linkedin.com/in/Jane-Smith-4a1b2c",
            "linkedin.com/in/jane-smith-4a1b2c",
        ),
        ("linkedin", "https://www.linkedin.com/in/zo%C3%AB-adams", "zoë-adams"),
        ("email", "Jane.Smith@NHS.net", "mailto:jane.smith@nhs.net"),
        ("bluesky", "@jane.bsky.social", "https://bsky.app/profile/jane.bsky.social"),
        ("mastodon", "@jane@mastodon.social", "https://mastodon.social/@jane"),
        ("website", "https://www.example.org/", "example.org"),
    ],
)
def test_equivalent_handles_normalise_to_the_same_key(platform: str, a: str, b: str) -> None:
    assert normalise_handle(platform, a) == normalise_handle(platform, b)


def test_different_handles_stay_different() -> None:
    assert normalise_handle("x", "@jane") != normalise_handle("x", "@janes")
    assert normalise_handle("linkedin", "linkedin.com/in/jane-a") != normalise_handle(
        "linkedin", "linkedin.com/in/jane-b"
    )


def test_name_key_ignores_case_accents_titles_and_postnominals() -> None:
    assert name_key("Dr. Zoë O'Brien-Smith RN") == "zoe obrien smith"
    assert name_key("prof ZOE OBRIEN SMITH, PhD") == "zoe obrien smith"
    assert name_key("Sister") == "sister"  # a title alone is still a name


# ---------------------------------------------------------------- duplicates


def test_same_handle_after_normalising_is_a_duplicate() -> None:
    a = person("Jane Smith", handles={"x": "@JaneSmithRN"})
    b = person("J. Smith (work)", handles={"x": "https://x.com/janesmithrn"})
    c = person("Someone Else", handles={"x": "@other"})
    found = find_duplicates([a, b, c])
    assert len(found) == 1
    assert (found[0].first, found[0].second, found[0].kind) == (a, b, "handle")
    assert found[0].reason == "same x janesmithrn"


def test_same_linkedin_url_and_same_email_are_duplicates() -> None:
    a = person("Amir Khan", handles={"linkedin": "https://www.linkedin.com/in/amir-khan-77/"})
    b = person("Amir K", handles={"linkedin": "linkedin.com/in/amir-khan-77"})
    c = person("Priya", handles={"email": "Priya@Example.org"})
    d = person("P. Patel", handles={"email": "priya@example.org"})
    pairs = {(x.first.name, x.second.name) for x in find_duplicates([a, b, c, d])}
    assert pairs == {("Amir Khan", "Amir K"), ("Priya", "P. Patel")}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Dr Zoë Adams", "zoe adams"),
        ("Jon Smith", "John Smith"),
        ("Sara Jones", "Sarah Jones"),
        ("Smith, Jane", "Jane Smith"),
        ("Prof. Alan Turing OBE", "alan turing"),
    ],
)
def test_near_identical_names_are_candidates(a: str, b: str) -> None:
    found = find_duplicates([person(a), person(b)])
    assert [x.kind for x in found] == ["name"]


@pytest.mark.parametrize(
    ("a", "b"),
    [("Mark Lee", "Mary Lee"), ("Jo", "Joe"), ("Jane Smith", "John Smythe"), ("Ann Ho", "Ian Ho")],
)
def test_different_people_are_not_candidates(a: str, b: str) -> None:
    assert find_duplicates([person(a), person(b)]) == []


def test_handle_duplicates_are_listed_before_name_duplicates() -> None:
    named = [person("Sara Jones"), person("Sarah Jones")]
    handled = [person("Kim", handles={"x": "@kim"}), person("Kimberley", handles={"x": "kim"})]
    found = find_duplicates([*named, *handled])
    assert [x.kind for x in found] == ["handle", "name"]


def test_each_pair_is_reported_once_even_with_several_shared_keys() -> None:
    a = person("Jane Smith", handles={"x": "@js", "email": "j@s.org"})
    b = person("Jane Smith", handles={"x": "js", "email": "J@S.org"})
    assert len(find_duplicates([a, b])) == 1


def test_a_new_contact_is_checked_against_existing_ones() -> None:
    existing = [person("Sarah Jones"), person("Tom Baker", handles={"x": "@tb"})]
    new = person("Thomas B", handles={"x": "https://x.com/TB"})
    assert [c.first.name for c in duplicates_of(new, existing)] == ["Tom Baker"]
    assert [c.first.name for c in duplicates_of(person("sara jones"), existing)] == ["Sarah Jones"]
    assert duplicates_of(person("Nobody Like Them"), existing) == []


# ---------------------------------------------------------------- merge


def test_merge_unites_everything_and_keeps_the_first_identity() -> None:
    keep = person(
        "Jane Smith",
        organisation="NHS Trust",
        handles={"x": "@janesmith", "email": "jane@nhs.net"},
        tags=("nursing", "research"),
        notes="Met at RCN.",
        cadence_days=60,
        connected_on=date(2024, 3, 15),
        last_contact=date(2026, 10, 1),
        source_ids=("linkedin:abc",),
    )
    other = person(
        "J Smith",
        organisation="Other Org",
        role="Lecturer",
        handles={"x": "@jane_s", "linkedin": "linkedin.com/in/jane-smith"},
        tags=("research", "education"),
        notes="Writes about safe staffing.",
        cadence_days=30,
        connected_on=date(2023, 1, 2),
        last_contact=date(2026, 11, 20),
        source_ids=("vcard:xyz",),
        created=datetime(2025, 1, 1, tzinfo=UTC),
    )
    result = merge_contacts(keep, other)
    merged = result.contact
    assert merged.id == keep.id and merged.name == "Jane Smith"
    assert result.id_map == {other.id: keep.id}
    assert merged.organisation == "NHS Trust"
    assert merged.role == "Lecturer"
    assert merged.handles == {
        "x": "@janesmith",
        "email": "jane@nhs.net",
        "linkedin": "linkedin.com/in/jane-smith",
    }
    assert merged.tags == ("nursing", "research", "education")
    assert merged.source_ids == ("linkedin:abc", "vcard:xyz")
    assert merged.connected_on == date(2023, 1, 2)
    assert merged.last_contact == date(2026, 11, 20)
    assert merged.cadence_days == 30
    assert merged.created == datetime(2025, 1, 1, tzinfo=UTC)
    assert merged.notes == (
        "Met at RCN.\nWrites about safe staffing.\nalso known as: J Smith\nalso x: @jane_s"
    )
    assert result.notes_added == ("also known as: J Smith", "also x: @jane_s")


def test_merge_does_not_record_a_handle_or_name_that_is_the_same_after_normalising() -> None:
    keep = person("Dr Ann Bell", handles={"x": "@Same"})
    other = person("ann bell", handles={"x": "https://x.com/same"})
    assert merge_contacts(keep, other).contact.notes == ""


def test_merging_a_contact_with_itself_is_refused() -> None:
    c = person("A")
    with pytest.raises(InputError):
        merge_contacts(c, c)


def test_repointing_ids_replaces_merged_ids_without_duplicates() -> None:
    assert repoint_ids(("b", "x", "a"), {"b": "a"}) == ("a", "x")
    assert repoint_ids(("x",), {"b": "a"}) == ("x",)


# ---------------------------------------------------------------- lookup


def test_lookup_by_id_prefix_name_words_or_handle() -> None:
    jane = person("Dr Jane Smith", id="abcdef0123", handles={"x": "@janesmithrn"})
    john = person("John Smith", id="abc9990000")
    people = [jane, john]
    assert match_contacts(people, "abcdef") == [jane]
    assert match_contacts(people, "abc") == []  # too short for an id prefix, not a name
    assert match_contacts(people, "jane smith") == [jane]
    assert match_contacts(people, "JANE") == [jane]
    assert match_contacts(people, "j smi") == [jane, john]
    assert match_contacts(people, "@JaneSmithRN") == [jane]


def test_resolving_an_ambiguous_or_unknown_name_is_an_input_error() -> None:
    people = [person("Jane Smith"), person("John Smith")]
    with pytest.raises(NotFoundError, match="matches 2 contacts"):
        resolve_contact(people, "smith")
    with pytest.raises(NotFoundError, match="no contact matches"):
        resolve_contact(people, "nobody")


def test_search_looks_in_organisation_tags_and_notes_ignoring_accents() -> None:
    a = person("Zoë Adams", organisation="Leeds Teaching Hospitals", tags=("dementia",))
    b = person("Ravi", notes="Knows zoe from the dementia network")
    c = person("Other")
    assert search_contacts([a, b, c], "ZOE") == [a, b]
    assert search_contacts([a, b, c], "leeds") == [a]
    assert search_contacts([a, b, c], "dementia") == [a, b]
