"""Whatever the PDF accepts, it shows; whatever it cannot show, it refuses by name.

The property: for any text mixing the scripts a UK professional's contacts
write in, the CPD PDF either contains that text (as pypdf extracts it, spaces
aside) or is refused with an InputError that quotes only pieces of the text.
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netjournal.domain.models import CpdDetails
from netjournal.errors import InputError
from netjournal.exporters.pdf_coverage import covered, unshown
from netjournal.exporters.pdf_exporter import FONT_FILES
from netjournal.exporters.registry import get_format, render
from netjournal.exporters.report import Template, build_report
from tests.cpd_fixture import PERIOD, load_journal

TODAY = date(2026, 11, 25)
GLYPHS = covered(*FONT_FILES)

# Latin with accents, Greek, Cyrillic, Hebrew, Arabic (and Urdu's letters), Devanagari,
# Bengali, CJK, Hiragana, symbols, emoji, combining accents, and spaces.
_RANGES = [
    (0x20, 0x7E),
    (0xC0, 0x17F),
    (0x370, 0x3FF),
    (0x400, 0x4FF),
    (0x5D0, 0x5EA),
    (0x600, 0x6FF),
    (0x900, 0x97F),
    (0x980, 0x9FF),
    (0x4E00, 0x4FFF),
    (0x3041, 0x3096),
    (0x2010, 0x2027),
    (0x2600, 0x27BF),
    (0x1F300, 0x1F64F),
    (0x300, 0x36F),
]
_CHARS = st.one_of(
    *(
        st.characters(min_codepoint=lo, max_codepoint=hi, exclude_categories=("Cs", "Cn", "Cc"))
        for lo, hi in _RANGES
    )
)


# The same ranges, only what the fonts show: every such text must be accepted.
_SHOWN = sorted(
    ch
    for lo, hi in _RANGES
    for ch in map(chr, range(lo, hi + 1))
    if ch.isprintable() and not unshown([ch], GLYPHS)
)


def _pdf_of(*topics: str) -> bytes:
    """The NMC PDF of one CPD activity per topic (the fixture's first, retitled)."""
    activities, contacts = load_journal()
    first = activities[0]
    retitled = [replace(first, cpd=replace(first.cpd or CpdDetails(), topic=t)) for t in topics]
    report, _ = build_report(Template.NMC, retitled, contacts, *PERIOD, generated_on=TODAY)
    return render(report, get_format("pdf"))


def _text(payload: bytes) -> str:
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(payload)).pages
    return "".join("".join(page.extract_text() for page in pages).split())


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.text(_CHARS, min_size=1, max_size=24))
def test_the_pdf_shows_all_it_accepts_and_names_what_it_refuses(topic: str) -> None:
    try:
        payload = _pdf_of(topic)
    except InputError as refused:
        message = refused.one_line()
        assert message.startswith("the PDF cannot show ")
        assert message.endswith("; export as HTML instead (--format html)")
        runs = unshown([topic], GLYPHS)
        assert runs, "refused although every character can be shown"
        for run, label in runs[:6]:
            assert run in topic and f"{run} ({label})" in message
        return
    assert unshown([topic], GLYPHS) == []
    assert "".join(topic.split()) in _text(payload)


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        ("Dr 王芳 and محمد", [("王芳", "Chinese"), ("محمد", "Arabic script")]),
        ("عائشہ خان", [("عائشہ", "Arabic script"), ("خان", "Arabic script")]),
        ("प्रिया", [("प्रिया", "Devanagari")]),
        ("রহিম", [("রহিম", "Bengali")]),
        ("שרה", [("שרה", "Hebrew")]),
        ("nurse 👩‍⚕️ ok", [("👩‍⚕️", "emoji")]),
        ("thumbs 👍🏽", [("👍🏽", "emoji")]),
        ("Łódź Ελένη Ольга 😀 ✓ ❤️ e\u0301", []),
        ("tab\tand\nnewline", []),
    ],
)
def test_runs_quote_whole_names_with_their_marks_and_joiners(
    text: str, runs: list[tuple[str, str]]
) -> None:
    assert unshown([text], GLYPHS) == runs


def test_a_long_list_is_cut_and_control_characters_never_reach_the_font() -> None:
    names = " ".join(f"王{chr(0x4E00 + n)}" for n in range(8))
    with pytest.raises(InputError) as refused:
        _pdf_of(names)
    assert refused.value.one_line().count("(Chinese)") == 6
    assert " and 2 more; " in refused.value.one_line()
    # Control characters are escaped as visible text before the PDF is laid out
    # (netjournal.presentation.printable), so the font check never sees one.
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(_pdf_of("bell\x07"))).pages
    assert "bell\\x07" in "".join(page.extract_text() for page in pages)


# Several topics share one PDF: laying out and parsing a PDF is what costs, and
# one document of six activities checks six texts for the price of one.
@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(st.text(st.sampled_from(_SHOWN), min_size=1, max_size=40), min_size=1, max_size=6))
def test_text_in_scripts_the_fonts_show_is_never_refused_and_always_extracted(
    topics: list[str],
) -> None:
    text = _text(_pdf_of(*topics))
    for topic in topics:
        assert "".join(topic.split()) in text


def test_a_tab_is_drawn_as_a_space_not_dropped(caplog: pytest.LogCaptureFixture) -> None:
    from pypdf import PdfReader

    payload = _pdf_of("Handover\ttool\r\nreview")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(payload)).pages)
    assert "Handovertool" not in text and "Handover tool" in text
    assert "missing the following glyphs" not in caplog.text
