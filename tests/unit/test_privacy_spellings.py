"""Real-world spellings of identifiers, each through the scan and all five export formats.

The table is tests/fixtures/cpd/spellings.json: positive cases give the exact
text the export must show (identifier replaced, everything else as written);
negative cases are clean text that every format must carry unchanged.
Rendering is in-process through the exporter registry. CSV, Markdown, HTML
and JSON render one export per case; a PDF costs a few hundred milliseconds,
so the PDF checks read one document per table half (every case its own
activity) and check each case in it. The CLI path has its own test in
tests/functional/cli/test_cpd_spellings.py.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from functools import cache
from typing import Any

import pytest

from netjournal.domain.identifiers import FindingKind
from netjournal.domain.models import Activity, CpdDetails, Mode
from netjournal.domain.privacy import Finding, Match, Scanner
from netjournal.exporters.registry import get_format, render
from netjournal.exporters.report import Template, build_report
from tests.cpd_fixture import PERIOD
from tests.spellings_fixture import FORMATS, NEGATIVE, POSITIVE, contacts, readable, squash

TODAY = date(2026, 11, 25)
CONTACTS = contacts()


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner(CONTACTS.values())


def _id(case: Any) -> str:
    text = case["text"] if isinstance(case, dict) else case
    return ascii(text)[1:31]


def _activity(number: int, text: str) -> Activity:
    """``text`` as the note and the learning of one CPD activity."""
    return Activity(
        id=f"case{number:03d}",
        date=date(2026, 5, 1),
        mode=Mode.ONLINE,
        minutes=30,
        note=text,
        cpd=CpdDetails(topic=f"Spelling case {number}", learning=text, reflect=True),
    )


def _export(texts: list[str], fmt: str) -> tuple[bytes, list[Finding]]:
    """Each text as its own activity, exported by default (no names)."""
    activities = [_activity(n, text) for n, text in enumerate(texts)]
    report, findings = build_report(Template.NMC, activities, CONTACTS, *PERIOD, generated_on=TODAY)
    return render(report, get_format(fmt)), findings


@cache
def _pdf(positive: bool) -> tuple[bytes, str, tuple[Finding, ...]]:
    texts = [c["text"] for c in POSITIVE] if positive else NEGATIVE
    payload, findings = _export(texts, "pdf")
    return payload, squash("pdf", readable("pdf", payload)), tuple(findings)


def _exported(text: str, fmt: str, positive: bool) -> tuple[bytes, str, int]:
    """The export holding ``text``, what it shows, and how many identifiers were found
    in the activity of ``text``."""
    if fmt != "pdf":
        payload, findings = _export([text], fmt)
        return payload, squash(fmt, readable(fmt, payload)), len(findings)
    payload, shown, every = _pdf(positive)
    texts = [c["text"] for c in POSITIVE] if positive else NEGATIVE
    own = f"case{texts.index(text):03d}"
    return payload, shown, sum(1 for f in every if f.activity_id == own)


def _check_format_rules(fmt: str, payload: bytes) -> None:
    """What each format promises whatever the text: no live links, no formulas."""
    if fmt == "md":
        from markdown_it import MarkdownIt

        assert "<a " not in MarkdownIt().render(payload.decode("utf-8"))
    elif fmt == "html":
        assert "href=" not in payload.decode("utf-8")
    elif fmt == "csv":
        cells = [c for row in csv.reader(io.StringIO(payload.decode("utf-8-sig"))) for c in row]
        assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)


def test_the_table_is_large_enough() -> None:
    assert len(POSITIVE) >= 60 and len(NEGATIVE) >= 30


@pytest.mark.parametrize("case", POSITIVE, ids=_id)
def test_scan_finds_each_real_world_spelling(scanner: Scanner, case: dict[str, Any]) -> None:
    redacted, found = scanner.redact(case["text"])
    assert [[m.kind.value, m.text] for m in found] == case["found"]
    assert redacted == case["redacted"]


@pytest.mark.parametrize("text", NEGATIVE, ids=_id)
def test_clean_text_raises_no_finding(scanner: Scanner, text: str) -> None:
    assert scanner.matches(text) == []


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", POSITIVE, ids=_id)
def test_every_format_shows_the_redacted_text_and_not_the_identifier(
    case: dict[str, Any], fmt: str
) -> None:
    payload, shown, findings = _exported(case["text"], fmt, positive=True)
    # the note and the learning both hold the text
    assert findings == 2 * len(case["found"])
    assert squash(fmt, case["redacted"]) in shown
    for _, identifier in case["found"]:
        assert squash(fmt, identifier) not in shown
    _check_format_rules(fmt, payload)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("text", NEGATIVE, ids=_id)
def test_every_format_carries_clean_text_unchanged(text: str, fmt: str) -> None:
    payload, shown, findings = _exported(text, fmt, positive=False)
    assert findings == 0
    assert squash(fmt, text) in shown
    _check_format_rules(fmt, payload)


def test_redaction_maps_back_across_characters_that_fold_to_several_or_none() -> None:
    scanner = Scanner(CONTACTS.values())
    text = "\ufb03 Sea\u0301n\u0301 \u2460 Patel"  # ligature ffi, stacked accents, circled 1
    found = scanner.matches(text)
    assert [(m.kind, m.text) for m in found] == [
        (FindingKind.CONTACT_NAME, "Sea\u0301n\u0301"),
        (FindingKind.CONTACT_NAME, "Patel"),
    ]
    assert scanner.redact(text)[0] == "\ufb03 [Physiotherapist] \u2460 [P.P.]"


def test_a_name_shared_by_two_contacts_gets_a_neutral_label() -> None:
    from netjournal.domain.contact_record import Contact

    scanner = Scanner([Contact(name="Jane Smith", role="Ward manager"), Contact(name="Ian Smith")])
    assert scanner.redact("asked Smith and Jane Smith")[0] == (
        "asked [a contact] and [Ward manager]"
    )


def test_matches_are_spans_of_the_original_text(scanner: Scanner) -> None:
    for case in POSITIVE:
        for match in scanner.matches(case["text"]):
            assert isinstance(match, Match)
            assert case["text"][match.start : match.end] == match.text
