"""The confidentiality scan: every planted identifier found, nothing else."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netjournal.domain.contact_record import Contact
from netjournal.domain.identifiers import FindingKind, nhs_number_valid
from netjournal.domain.models import Activity, CpdDetails, Mode
from netjournal.domain.name_spotting import initials
from netjournal.domain.privacy import Scanner, contact_label, scan_activity
from tests.cpd_fixture import CPD_FIXTURES, load_journal


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    _, contacts = load_journal()
    return Scanner(contacts.values())


def _cases() -> list[dict[str, object]]:
    data = json.loads((CPD_FIXTURES / "planted.json").read_text(encoding="utf-8"))
    return list(data["cases"])


def _clean_notes() -> list[str]:
    lines = (CPD_FIXTURES / "clean_notes.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("case", _cases(), ids=lambda c: str(c["text"])[:30])
def test_scan_finds_each_planted_identifier(scanner: Scanner, case: dict[str, object]) -> None:
    found = [[m.kind.value, m.text] for m in scanner.matches(str(case["text"]))]
    assert found == case["expect"]


@pytest.mark.parametrize("case", _cases(), ids=lambda c: str(c["text"])[:30])
def test_redacted_text_no_longer_contains_the_identifier(
    scanner: Scanner, case: dict[str, object]
) -> None:
    redacted, _ = scanner.redact(str(case["text"]))
    for _, text in case["expect"]:  # type: ignore[attr-defined]
        assert text not in redacted
    assert scanner.matches(redacted) == []


@pytest.mark.parametrize("note", _clean_notes())
def test_scan_has_no_false_positive_on_clean_notes(scanner: Scanner, note: str) -> None:
    assert scanner.matches(note) == []


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("9434765919", True),
        ("4010232137", True),
        ("9434765918", False),
        ("1234567890", False),
        ("0000000000", True),
        ("123456789", False),
        ("12345678901", False),
    ],
)
def test_nhs_number_checksum_is_modulus_11(number: str, valid: bool) -> None:
    assert nhs_number_valid(number) is valid


def test_a_ten_digit_number_with_a_bad_check_digit_is_not_an_nhs_number(scanner: Scanner) -> None:
    assert scanner.matches("ref 943 476 5918 in the audit") == []


def test_contact_label_prefers_role_then_organisation_then_initials() -> None:
    assert contact_label(Contact(name="Jane Smith", role="Ward manager", organisation="LTH")) == (
        "Ward manager"
    )
    assert contact_label(Contact(name="Tom O'Neill", organisation="RCN")) == "RCN"
    assert contact_label(Contact(name="Dr Mary-Ann de Souza")) == "M.D.S."
    assert contact_label(Contact(name="Jane Smith"), include_names=True) == "Jane Smith"


def test_initials_skip_titles() -> None:
    assert initials("Prof Ade Okafor") == "A.O."


def test_one_word_contact_names_match_only_as_written() -> None:
    scanner = Scanner([Contact(name="Rose")])
    assert [m.text for m in scanner.matches("Rose said the rose garden helps")] == ["Rose"]


def test_handle_of_a_known_contact_is_replaced_by_their_label(scanner: Scanner) -> None:
    redacted, found = scanner.redact("thanks @JaneSmith_RN")
    assert redacted == "thanks [Ward manager]"
    assert found[0].kind is FindingKind.HANDLE


def test_scan_activity_reports_field_and_activity_and_redacts_cpd_text(scanner: Scanner) -> None:
    activity = Activity(
        id="act99",
        date=date(2026, 5, 1),
        mode=Mode.ONLINE,
        minutes=30,
        note="Chat with Jane Smith",
        cpd=CpdDetails(
            topic="Delirium, with Dr Okafor",
            learning="Call 07700 900123 for the tool",
            evidence=("mailto:jane.smith@nhs.net",),
        ),
    )
    scanned = scan_activity(scanner, activity)
    assert [(f.activity_id, f.field, f.kind) for f in scanned.findings] == [
        ("act99", "note", FindingKind.CONTACT_NAME),
        ("act99", "cpd.topic", FindingKind.CONTACT_NAME),
        ("act99", "cpd.learning", FindingKind.PHONE),
        ("act99", "cpd.evidence", FindingKind.EMAIL),
    ]
    assert scanned.note == "Chat with [Ward manager]"
    assert scanned.cpd is not None
    assert scanned.cpd.topic == "Delirium, with [Consultant nurse]"
    assert scanned.cpd.evidence == ("mailto:[Ward manager]",)


_LOCAL = st.from_regex(r"[a-z][a-z0-9._]{0,12}[a-z0-9]", fullmatch=True).filter(
    lambda s: ".." not in s
)
_DOMAIN = st.from_regex(r"[a-z][a-z0-9-]{0,10}[a-z0-9]\.(nhs\.uk|org|com|co\.uk)", fullmatch=True)


@settings(deadline=None)  # shared CI cores: no per-example time limit
@given(local=_LOCAL, domain=_DOMAIN, before=st.sampled_from(["", "mail ", "(", "to: "]))
def test_any_email_address_is_found_whole(local: str, domain: str, before: str) -> None:
    address = f"{local}@{domain}"
    found = Scanner().matches(f"{before}{address} please")
    assert [(m.kind, m.text) for m in found] == [(FindingKind.EMAIL, address)]


@settings(deadline=None)  # shared CI cores: no per-example time limit
@given(st.integers(min_value=0, max_value=999_999_999))
def test_every_valid_nhs_number_is_found_in_any_grouping(stem: int) -> None:
    nine = f"{stem:09d}"
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    if check == 10:
        return  # no valid NHS number has this stem
    number = nine + str(check)
    for written in (
        number,
        f"{number[:3]} {number[3:6]} {number[6:]}",
        f"{number[:3]}-{number[3:6]}-{number[6:]}",
    ):
        found = Scanner().matches(f"NHS {written}.")
        assert [(m.kind, m.text) for m in found] == [(FindingKind.NHS_NUMBER, written)]


@settings(deadline=None)  # shared CI cores: no per-example time limit
@given(st.text(max_size=200))
def test_redaction_never_leaves_a_match_behind(text: str) -> None:
    scanner = Scanner([Contact(name="Jane Smith", role="Ward manager")])
    redacted, _ = scanner.redact(text)
    leftovers = [m for m in scanner.matches(redacted) if m.text not in ("[Ward manager]",)]
    assert leftovers == []
