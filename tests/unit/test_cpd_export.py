"""CPD exports: golden files for every template × format, and the promises around them.

Golden files live in tests/fixtures/cpd/golden/. After an intended change,
regenerate them with ``NETJOURNAL_UPDATE_GOLDEN=1 pytest tests/unit/test_cpd_export.py``
and review the diff. PDFs are compared on their extracted text (pypdf), not
on bytes.
"""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import replace
from datetime import date

import pytest

from netjournal.domain.contact_record import Contact
from netjournal.domain.models import Activity, CpdDetails, Mode, Style
from netjournal.domain.target_record import Target
from netjournal.errors import ImportFormatError, InputError
from netjournal.exporters.activities import read_activities_json, render_activities
from netjournal.exporters.csv_exporter import neutralise
from netjournal.exporters.registry import FORMATS, get_format, render
from netjournal.exporters.report import (
    SCHEMA_VERSION,
    CpdReport,
    Template,
    build_report,
)
from tests.cpd_fixture import CPD_FIXTURES, PERIOD, load_journal

GOLDEN = CPD_FIXTURES / "golden"
TODAY = date(2026, 11, 25)
UPDATE = os.environ.get("NETJOURNAL_UPDATE_GOLDEN") == "1"


def _report(template: Template, **kwargs: object) -> CpdReport:
    activities, contacts = load_journal()
    report, _ = build_report(
        template,
        activities,
        contacts,
        *PERIOD,
        generated_on=TODAY,
        **kwargs,  # type: ignore[arg-type]
    )
    return report


def pdf_text(payload: bytes) -> str:
    """The text of every page, one page after another, as pypdf extracts it."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(payload))
    pages = [page.extract_text() for page in reader.pages]
    return "\n".join(f"--- page {n} ---\n{text.strip()}" for n, text in enumerate(pages, 1)) + "\n"


def _comparable(fmt: str, payload: bytes) -> tuple[str, str]:
    """(golden file suffix, text to compare)."""
    if fmt == "pdf":
        assert payload.startswith(b"%PDF-")
        return "pdf.txt", pdf_text(payload)
    return fmt, payload.decode("utf-8")


def _check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"missing golden file {path}: run with NETJOURNAL_UPDATE_GOLDEN=1"
    assert text == path.read_bytes().decode("utf-8")


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("template", list(Template))
def test_export_matches_golden_file(template: Template, fmt: str) -> None:
    payload = render(_report(template), get_format(fmt))
    suffix, text = _comparable(fmt, payload)
    _check_golden(f"{template.value}.{suffix}", text)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_empty_period_is_a_valid_file_saying_nothing_to_report(fmt: str) -> None:
    activities, contacts = load_journal()
    report, findings = build_report(
        Template.NMC,
        activities,
        contacts,
        date(2024, 1, 1),
        date(2024, 12, 31),
        generated_on=TODAY,
    )
    assert report.is_empty and findings == []
    payload = render(report, get_format(fmt))
    suffix, text = _comparable(fmt, payload)
    if fmt == "json":
        data = json.loads(text)
        assert data["empty"] is True and data["records"] == []
        assert data["totals"]["hours"] == "0.0"
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
        assert rows[0][0] == "Date"
        assert len(rows) == 1  # the header only: the CSV is one rectangular table
    else:
        assert "Nothing to report" in " ".join(text.split())
    _check_golden(f"empty-nmc.{suffix}", text)


def test_golden_nmc_totals_are_the_hand_checked_ones() -> None:
    data = json.loads(render(_report(Template.NMC), get_format("json")))
    assert data["totals"] == {
        "activities": 8,
        "minutes": 630,
        "hours": "10.5",
        "participatory_minutes": 545,
        "participatory_hours": "9.1",
        "reflective_accounts": 2,
    }


def test_csv_has_bom_crlf_and_opens_with_the_records_header_first() -> None:
    payload = render(_report(Template.NMC), get_format("csv"))
    assert payload.startswith(b"\xef\xbb\xbfDate,Method,")
    assert b"\r\n" in payload and b"\n" not in payload.replace(b"\r\n", b"")


@pytest.mark.parametrize("cell", ["=1+1", "+1 to that", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_csv_neutralises_formula_cells(cell: str) -> None:
    # The tab and carriage return are also shown as a space and an escape.
    assert neutralise(cell) == "'" + cell.replace("\t", " ").replace("\r", "\\x0d")


@pytest.mark.parametrize("cell", ["1+1", "Jane", "", "'quoted", "2026-01-14", "6.0"])
def test_csv_leaves_ordinary_cells_alone(cell: str) -> None:
    assert neutralise(cell) == cell


def test_csv_injection_in_notes_is_neutralised_in_the_export() -> None:
    activities, contacts = load_journal()
    planted = replace(activities[0], note='=HYPERLINK("http://evil.example","click")')
    report, _ = build_report(
        Template.GENERIC, [planted], contacts, *PERIOD, generated_on=TODAY, include_names=True
    )
    payload = render(report, get_format("csv")).decode("utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(payload)) for c in row]
    assert '\'=HYPERLINK("http://evil.example","click")' in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)


def test_generic_csv_neutralises_the_plus_one_note_of_the_fixture() -> None:
    payload = render(_report(Template.GENERIC), get_format("csv")).decode("utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(payload)) for c in row]
    assert "'+1 to the new NMC guidance" in cells


@pytest.mark.parametrize("template", list(Template))
def test_json_export_round_trips(template: Template) -> None:
    report = _report(template)
    payload = render(report, get_format("json"))
    data = json.loads(payload)
    assert data["schema"] == "netjournal.cpd-export"
    assert data["schema_version"] == SCHEMA_VERSION
    assert CpdReport.from_dict(data) == report
    assert render(CpdReport.from_dict(data), get_format("json")) == payload


def test_json_from_a_newer_version_is_refused() -> None:
    data = json.loads(render(_report(Template.NMC), get_format("json")))
    data["schema_version"] = SCHEMA_VERSION + 1
    with pytest.raises(ImportFormatError):
        CpdReport.from_dict(data)


def test_exports_hold_no_identifier_unless_names_are_included() -> None:
    planted = [
        "Jane Smith",
        "janesmith_rn",
        "Tom O'Neill",
        "tom.oneill@example.org",
        "Priya Patel",
        "Ade Okafor",
        "943 476 5919",
        "LS1 4AP",
        "0113 496 0000",
    ]
    for template in Template:
        for fmt in ("csv", "md", "html", "json"):
            text = render(_report(template), get_format(fmt)).decode("utf-8-sig")
            for identifier in planted:
                assert identifier not in text.replace("&#x27;", "'"), (template, fmt, identifier)
    named = render(_report(Template.GENERIC, include_names=True), get_format("md")).decode()
    assert "Jane Smith" in named and "943 476 5919" in named


def test_findings_list_each_identifier_with_its_activity() -> None:
    activities, contacts = load_journal()
    _, findings = build_report(Template.NMC, activities, contacts, *PERIOD, generated_on=TODAY)
    assert [(f.activity_id, f.kind.value, f.text) for f in findings] == [
        ("act01", "contact-name", "Jane Smith"),
        ("act01", "handle", "@janesmith_rn"),
        ("act02", "contact-name", "Tom O'Neill"),
        ("act02", "email", "tom.oneill@example.org"),
        ("act03", "contact-name", "Priya Patel"),
        ("act05", "contact-name", "Ade Okafor"),
        ("act05", "nhs-number", "943 476 5919"),
        ("act05", "postcode", "LS1 4AP"),
        ("act05", "phone", "0113 496 0000"),
    ]


def test_html_is_self_contained_and_escapes_journal_text() -> None:
    activities, contacts = load_journal()
    hostile = replace(activities[0], note="<script>alert(1)</script>")
    report, _ = build_report(Template.GENERIC, [hostile], contacts, *PERIOD, generated_on=TODAY)
    html = render(report, get_format("html")).decode()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "@media print" in html and "<style>" in html
    assert "src=" not in html and "href=" not in html and "@import" not in html


def test_markdown_escapes_table_breaking_text() -> None:
    activities, contacts = load_journal()
    piped = replace(activities[0], note="a | b <b>x</b>")
    report, _ = build_report(Template.GENERIC, [piped], contacts, *PERIOD, generated_on=TODAY)
    md = render(report, get_format("md")).decode()
    assert r"a \| b \<b\>x\</b\>" in md


def test_pdf_renders_text_beyond_latin_1() -> None:
    activities, contacts = load_journal()
    fancy = replace(
        activities[0],
        cpd=replace(activities[0].cpd or CpdDetails(), topic="Łódź ✓ – “quotes” Ελένη Ольга 😀"),
    )
    report, _ = build_report(Template.NMC, [fancy], contacts, *PERIOD, generated_on=TODAY)
    text = pdf_text(render(report, get_format("pdf")))
    assert "Łódź ✓ – “quotes” Ελένη Ольга 😀" in text


def test_pdf_is_the_same_document_every_time() -> None:
    report = _report(Template.HCPC)
    assert render(report, get_format("pdf")) == render(report, get_format("pdf"))


def test_generic_balance_uses_the_target_in_force_each_week() -> None:
    target = Target(effective_from=date(2026, 1, 1), online_min_share=0.5, online_max_share=1.0)
    report = _report(Template.GENERIC, targets=[target])
    balance = report.balance
    assert balance is not None
    assert balance.online_minutes == 50 + 25 + 40 + 15 + 20 + 20 + 20
    assert balance.offline_minutes == 360 + 30 + 95
    # weeks with activity: 14 Jan, 3 Feb, 20 Feb, 5 Mar, 2 Apr (online only: inside);
    # 1 Jun (offline only: below); 6-12 Jul (60 online vs 95 offline: below)
    assert (balance.weeks_inside, balance.weeks_below, balance.weeks_above) == (4, 3, 0)
    assert balance.weeks_without_target == 0
    assert balance.weeks == 48


def test_unknown_format_and_template_are_input_errors() -> None:
    with pytest.raises(InputError):
        get_format("docx")
    from netjournal.exporters.report import parse_template

    with pytest.raises(InputError):
        parse_template("gmc")


def test_progress_is_reported_up_to_the_total() -> None:
    activities, contacts = load_journal()
    seen: list[tuple[int, int]] = []
    build_report(
        Template.GENERIC,
        activities,
        contacts,
        *PERIOD,
        generated_on=TODAY,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen[-1] == (10, 10)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_activities_json_export_round_trips() -> None:
    activities, contacts = load_journal()
    payload = render_activities("json", activities, contacts, today=TODAY)
    back, people = read_activities_json(payload)
    assert back == activities
    assert people == list(contacts.values())


def test_activities_csv_has_one_row_per_activity_with_names() -> None:
    activities, contacts = load_journal()
    text = render_activities("csv", activities, contacts, today=TODAY).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(activities)
    assert rows[0]["contacts"] == "Jane Smith"
    assert rows[8]["note"] == "'+1 to the new NMC guidance"


def test_thousands_of_activities_against_thousands_of_contacts_find_every_name() -> None:
    """Volume, not timing: a large address book must not hide or duplicate findings."""
    activities, contacts = load_journal()
    many_contacts = {
        **contacts,
        **{f"c{i}": Contact(name=f"Person{i} Surname{i}", id=f"c{i}") for i in range(3000)},
    }
    base = activities[0]
    year = [replace(base, id=f"x{i}", date=date(2026, 1, 1 + i % 28)) for i in range(4000)]
    report, findings = build_report(Template.NMC, year, many_contacts, *PERIOD, generated_on=TODAY)
    assert len(report.records) == 4000 and len(findings) == 8000


def test_report_of_reversed_period_is_refused() -> None:
    activities, contacts = load_journal()
    with pytest.raises(InputError):
        build_report(
            Template.NMC,
            activities,
            contacts,
            date(2026, 2, 1),
            date(2026, 1, 1),
            generated_on=TODAY,
        )


def test_broadcast_online_activity_is_not_participatory_in_the_export() -> None:
    activity = Activity(
        date=date(2026, 5, 1),
        mode=Mode.ONLINE,
        minutes=60,
        channel="linkedin",
        style=Style.BROADCAST,
        cpd=CpdDetails(topic="Posted audit"),
        id="b1",
    )
    report, _ = build_report(Template.NMC, [activity], {}, *PERIOD, generated_on=TODAY)
    assert report.nmc.participatory_minutes == 0 and report.nmc.minutes == 60
