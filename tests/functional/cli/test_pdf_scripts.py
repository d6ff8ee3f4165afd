"""A PDF of a UK professional's CPD record, whatever scripts the names and notes are in.

The bundled DejaVu Sans draws Latin, Greek, Cyrillic and many symbols; the PDF
has no shaping engine. So names in Chinese, Devanagari, Arabic, Urdu, Bengali
and most emoji are refused by name, with exit 2 and no file, never dropped or
reversed; the same export as HTML keeps them. Through the real entry point.
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest

from netjournal.domain.models import CpdDetails
from netjournal.journal import Journal
from tests.conftest import run_cli
from tests.cpd_fixture import load_journal

REFUSED = [
    ("Chinese", "王芳", "Chinese"),
    ("Devanagari (Hindi)", "प्रिया शर्मा", "Devanagari"),
    ("Arabic", "محمد", "Arabic script"),
    ("Urdu", "عائشہ", "Arabic script"),
    ("Bengali", "রহিম", "Bengali"),
    ("emoji", "👍🏽", "emoji"),
    ("emoji sequence", "👩‍⚕️", "emoji"),
]


def seed(name: str, topic_extra: str = "") -> None:
    """The CPD fixture journal with Jane Smith renamed, and her chat's topic naming her."""
    activities, contacts = load_journal()
    contacts["c-jane"] = replace(contacts["c-jane"], name=name)
    first = activities[0]
    topic = f"Delirium screening with {name}{topic_extra}"
    activities[0] = replace(first, cpd=replace(first.cpd or CpdDetails(), topic=topic))
    journal = Journal.open()
    with journal.transaction():
        journal.repos.contacts.add_many(list(contacts.values()))
        journal.repos.activities.add_many(activities)


def export(fmt: str, out: Path) -> tuple[int, str]:
    result = run_cli(
        "export", "cpd", "--template", "nmc", "--format", fmt, "--include-names", "-o", str(out)
    )
    return result.returncode, result.stderr


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)


@pytest.mark.parametrize(("script", "name", "label"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_name_the_pdf_cannot_show_is_refused_by_name_and_html_keeps_it(
    tmp_path: Path, script: str, name: str, label: str
) -> None:
    seed(name)
    out = tmp_path / "record.pdf"
    code, stderr = export("pdf", out)
    assert code == 2
    assert stderr.count("\n") == 1, stderr  # one line, no traceback, no fpdf2 warning
    first_word = name.split()[0]
    assert f"{first_word} ({label})" in stderr
    assert "export as HTML instead (--format html)" in stderr
    assert [p.name for p in tmp_path.iterdir() if p.name != "nj-home"] == []  # not even a temp

    html = tmp_path / "record.html"
    assert export("html", html)[0] == 0
    assert name in html.read_text(encoding="utf-8")


def test_every_script_is_named_in_one_line(tmp_path: Path) -> None:
    seed("王芳", topic_extra=" and محمد, রহিম, नमस्ते 👍")
    code, stderr = export("pdf", tmp_path / "record.pdf")
    assert code == 2
    assert stderr.startswith("netjournal: the PDF cannot show 王芳 (Chinese)")
    for named in ("محمد (Arabic script)", "রহিম (Bengali)", "नमस्ते (Devanagari)", "👍 (emoji)"):
        assert named in stderr
    assert stderr.count("\n") == 1


@pytest.mark.parametrize(
    "name",
    [
        "Łucja Wójcik-Ó'Brien",
        "Ελένη Παπαδοπούλου",
        "Ольга Иванова",
        "Zoë 😀 ✓ ❤️",
        "Siân Ní Bhriain",
    ],
)
def test_a_name_the_fonts_cover_is_in_the_pdf(tmp_path: Path, name: str) -> None:
    seed(name)
    out = tmp_path / "record.pdf"
    code, stderr = export("pdf", out)
    assert code == 0, stderr
    text = "".join(pdf_text(out).split())
    assert "".join(name.split()) in text
