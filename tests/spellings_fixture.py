"""The table of real-world spellings (tests/fixtures/cpd/spellings.json) and how to read exports.

Shared by the in-process table test (tests/unit/test_privacy_spellings.py) and
the end-to-end CLI test (tests/functional/cli/test_cpd_spellings.py), so both check the
same cases the same way.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator
from typing import Any

from netjournal.domain.contact_record import Contact
from tests.cpd_fixture import CPD_FIXTURES, load_journal

SPELLINGS = json.loads((CPD_FIXTURES / "spellings.json").read_text(encoding="utf-8"))
POSITIVE: list[dict[str, Any]] = SPELLINGS["positive"]
NEGATIVE: list[str] = SPELLINGS["negative"]
FORMATS = ("csv", "md", "html", "json", "pdf")


def contacts() -> dict[str, Contact]:
    """The journal's contacts plus the table's own (accented, double-barrelled, common words)."""
    _, known = load_journal()
    extra = {
        f"c-extra{n}": Contact(id=f"c-extra{n}", **fields)
        for n, fields in enumerate(SPELLINGS["contacts"])
    }
    return {**known, **extra}


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def pdf_plain(payload: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(payload)).pages)


def readable(fmt: str, payload: bytes) -> str:
    """The text a reader of the file sees, with the format's own escaping undone."""
    if fmt == "pdf":
        return pdf_plain(payload)
    text = payload.decode("utf-8-sig")
    if fmt == "csv":
        return "\n".join(cell for row in csv.reader(io.StringIO(text)) for cell in row)
    if fmt == "md":
        return re.sub(r"\\(.)", r"\1", text)
    if fmt == "html":
        return html.unescape(text)
    return "\n".join(_strings(json.loads(text)))


def squash(fmt: str, text: str) -> str:
    """Whitespace made comparable: runs become one space (Markdown folds NBSP and
    line breaks); PDF text loses it altogether (table cells wrap at any width)."""
    return "".join(text.split()) if fmt == "pdf" else " ".join(text.split())
