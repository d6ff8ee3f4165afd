"""vCard 2.1/3.0/4.0: folded lines, escapes, several cards per file -> contacts."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netjournal.domain.contact_record import Contact
from netjournal.errors import ImportFormatError
from netjournal.importers.base import ImportBatch, ImportOptions
from netjournal.importers.vcard import parse, read_cards, split_escaped, unescape
from tests.conftest import FIXTURES, FROZEN_TODAY

VCARDS = FIXTURES / "vcard"
OPTIONS = ImportOptions(today=FROZEN_TODAY)


def contacts(path: Path) -> dict[str, Contact]:
    return {c.name: c for c in parse(path, OPTIONS).contacts}


@pytest.fixture(scope="module")
def v3() -> dict[str, Contact]:
    return contacts(VCARDS / "contacts_v3.vcf")


@pytest.fixture(scope="module")
def v4() -> dict[str, Contact]:
    return contacts(VCARDS / "contacts_v4.vcf")


def test_every_card_in_a_file_becomes_a_contact(v3: dict[str, Contact]) -> None:
    assert sorted(v3) == ["Dr Jane Smith", "Priya Patel", "Royal College of Nursing"]


def test_v3_fields_map_to_the_contact(v3: dict[str, Contact]) -> None:
    jane = v3["Dr Jane Smith"]
    assert jane.organisation == "Leeds Teaching Hospitals NHS Trust, Frailty Unit"
    assert jane.role == "Advanced Nurse Practitioner"
    assert jane.handles["email"] == "jane.smith@example.nhs.uk"  # the preferred one
    assert jane.handles["phone"] == "+44 7700 900123"
    assert jane.handles["linkedin"] == "https://www.linkedin.com/in/janesmith-rn"
    assert jane.source_ids == ("vcard:6B29F1C2-3A0E-4C5D-9F1B-2D7A8E4C1B01",)
    assert jane.tags == ("nhs", "frailty-network")


def test_a_social_profile_split_across_folded_lines_is_joined(v3: dict[str, Contact]) -> None:
    assert v3["Dr Jane Smith"].handles["x"] == "@JaneSmithRN"


def test_escaped_commas_semicolons_newlines_and_backslashes_are_unescaped(
    v3: dict[str, Contact],
) -> None:
    assert v3["Dr Jane Smith"].notes == (
        "Met at the frailty study day, Leeds (March 2024).\n"
        "Interested in ANP competency frameworks; offered to share ours. Path: C:\\docs\\anp"
    )


def test_bluesky_and_mastodon_profiles_become_handles(v3: dict[str, Contact]) -> None:
    priya = v3["Priya Patel"]
    assert priya.handles["bluesky"] == "priyaot.bsky.social"
    assert priya.handles["mastodon"] == "@priya_ot@mastodon.social"


def test_formula_like_values_are_stored_as_plain_text(v3: dict[str, Contact]) -> None:
    priya = v3["Priya Patel"]
    assert priya.organisation == '=HYPERLINK("http://example.com","x")'
    assert priya.role == "+44 Occupational Therapist"
    assert priya.notes == "@priya_ot on most platforms"


def test_a_card_without_a_name_is_named_after_its_organisation(v3: dict[str, Contact]) -> None:
    assert v3["Royal College of Nursing"].handles == {"email": "membership@example.org.uk"}


def test_cards_without_uid_get_a_stable_hash_source_id(v3: dict[str, Contact]) -> None:
    again = contacts(VCARDS / "contacts_v3.vcf")
    assert again["Priya Patel"].source_ids == v3["Priya Patel"].source_ids
    assert v3["Priya Patel"].source_ids[0].startswith("vcard:")


def test_v4_uri_phone_pref_and_quoted_parameters(v4: dict[str, Contact]) -> None:
    siobhan = v4["Siobhán Ó Briain"]
    assert siobhan.handles["phone"] == "+44-7700-900456"
    assert siobhan.handles["x"] == "@SiobhanOB"
    assert siobhan.role == "Professional Lead, Learning Disabilities"
    assert siobhan.source_ids == ("vcard:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1",)


def test_v4_folded_note_with_colons_is_read_whole(v4: dict[str, Contact]) -> None:
    assert v4["Siobhán Ó Briain"].notes == (
        'Co-chairs the "Frailty network leads" group: key: contact for LD nursing.'
    )


def test_android_v21_quoted_printable_is_decoded() -> None:
    (zoe,) = parse(VCARDS / "android_v21.vcf", OPTIONS).contacts
    assert zoe.name == "Zoë Adebayo-Clarke"
    assert zoe.notes == (
        "Director of Nursing – met at RCN Congress, long note continued on a soft line break."
    )
    assert zoe.handles == {"email": "zoe.ac@example.org", "phone": "07700900789"}


def test_a_folder_imports_every_vcf_in_it() -> None:
    batch: ImportBatch = parse(VCARDS, OPTIONS)
    assert len(batch.files) == 3
    assert len(batch.contacts) == 6


def test_a_large_photo_is_skipped_not_refused(tmp_path: Path) -> None:
    photo = "A" * 3_000_000
    folded = "\r\n ".join(photo[i : i + 74] for i in range(0, len(photo), 74))
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Big Photo\r\n"
        f"PHOTO;ENCODING=b;TYPE=JPEG:{folded}\r\nEND:VCARD\r\n"
    )
    path = tmp_path / "photo.vcf"
    path.write_text(card, encoding="utf-8")
    (contact,) = parse(path, OPTIONS).contacts
    assert contact.name == "Big Photo"


def test_a_line_without_a_colon_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.vcf"
    path.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Ok\nthis is not a property\nEND:VCARD\n")
    with pytest.raises(ImportFormatError, match=r"bad\.vcf, line 4: not a vCard line"):
        parse(path, OPTIONS)


def test_a_card_inside_a_card_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nested.vcf"
    path.write_text("BEGIN:VCARD\nFN:A\nBEGIN:VCARD\nFN:B\nEND:VCARD\nEND:VCARD\n")
    with pytest.raises(ImportFormatError, match=r"line 3: BEGIN:VCARD inside the card"):
        parse(path, OPTIONS)


# --- the escaping grammar, property-tested -----------------------------------------------

text_values = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"),
    max_size=80,
)


def escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


@settings(max_examples=100, deadline=None)
@given(value=text_values)
def test_unescape_reverses_escape(value: str) -> None:
    assert unescape(escape(value)) == value


@settings(max_examples=100, deadline=None)
@given(parts=st.lists(text_values, min_size=1, max_size=5))
def test_structured_values_split_only_on_unescaped_semicolons(parts: list[str]) -> None:
    assert split_escaped(";".join(escape(p) for p in parts), ";") == parts


@settings(max_examples=80, deadline=None)
@given(
    note=text_values.filter(lambda s: s.strip() == s), width=st.integers(min_value=1, max_value=75)
)
def test_folding_a_line_anywhere_does_not_change_the_value(note: str, width: int) -> None:
    line = f"NOTE:{escape(note)}"
    folded = "\r\n ".join(line[i : i + width] for i in range(0, len(line), width))
    (card,) = read_cards(
        f"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:X\r\n{folded}\r\nEND:VCARD\r\n", "t.vcf"
    )
    note_prop = card.first("NOTE")
    assert note_prop is not None
    assert unescape(note_prop.value) == note


def test_cards_sharing_a_switchboard_and_website_stay_two_people(tmp_path: Path) -> None:
    shared = "TEL:+44 113 243 3144\r\nURL:https://www.leedsth.nhs.uk\r\n"
    path = tmp_path / "ward.vcf"
    path.write_text(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ward 5 Sister\r\n{shared}END:VCARD\r\n"
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ward 5 Charge Nurse\r\n{shared}END:VCARD\r\n",
        encoding="utf-8",
    )
    assert [c.name for c in parse(path, OPTIONS).contacts] == [
        "Ward 5 Sister",
        "Ward 5 Charge Nurse",
    ]
