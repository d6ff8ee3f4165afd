"""What the PDF can show, and a one-line refusal naming what it cannot.

The PDF draws text with the bundled DejaVu Sans, one glyph per character,
left to right: the table layout measures and places characters itself (see
``pdf_exporter._Measure``), and no text-shaping engine is used. So a
character is shown faithfully only if

- both bundled fonts (regular and bold: any text may land in a heading or a
  total) have a glyph for it, and
- its script reads left to right and needs no shaping: Arabic and Hebrew
  letters drawn one by one come out reversed and unjoined; Indic, Thai, Lao,
  Tibetan, Myanmar and Khmer need glyphs reordered or combined.

fpdf2 would drop the other characters with only a logged warning, and the PDF
would be handed to a regulator with names missing. Instead the export is
refused before anything is written, naming the characters, and HTML (which
the browser shapes with the system's fonts) is offered.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from netjournal.errors import InputError

# Scripts whose letters must be reordered, joined or stacked by a shaping engine.
_SHAPED = frozenset(
    {
        "ARABIC",
        "SYRIAC",
        "THAANA",
        "NKO",
        "HEBREW",
        "DEVANAGARI",
        "BENGALI",
        "GURMUKHI",
        "GUJARATI",
        "ORIYA",
        "TAMIL",
        "TELUGU",
        "KANNADA",
        "MALAYALAM",
        "SINHALA",
        "THAI",
        "LAO",
        "TIBETAN",
        "MYANMAR",
        "KHMER",
        "MONGOLIAN",
    }
)
# Characters that change direction although their own class is neutral.
_BIDI_CONTROLS = frozenset("\u200f\u061c\u202b\u202e\u2067")
_LABELS = {
    "CJK": "Chinese",
    "HIRAGANA": "Japanese",
    "KATAKANA": "Japanese",
    "HANGUL": "Korean",
    "ARABIC": "Arabic script",
    "HEBREW": "Hebrew",
    "DEVANAGARI": "Devanagari",
    "BENGALI": "Bengali",
    "GURMUKHI": "Gurmukhi",
    "GUJARATI": "Gujarati",
    "TAMIL": "Tamil",
}
# Characters that belong with the one before them (marks, joiners, emoji modifiers).
_CLINGING = frozenset({"Mn", "Mc", "Me"})
_JOINERS = frozenset("\u200c\u200d\ufe0e\ufe0f")
_INVISIBLE = frozenset({"Cc", "Cn", "Co", "Cs"})
_MAX_NAMED = 6


@cache
def covered(*font_files: Path) -> frozenset[int]:
    """Code points every one of ``font_files`` has a glyph for."""
    from fontTools.ttLib import TTFont

    maps = [set(TTFont(str(path), lazy=True).getBestCmap()) for path in font_files]
    return frozenset(set.intersection(*maps))


def _script(ch: str) -> str:
    return unicodedata.name(ch, "").split(" ", 1)[0]


def _is_emoji(ch: str) -> bool:
    code = ord(ch)
    return code >= 0x1F000 or 0x2600 <= code <= 0x27BF or 0x2B00 <= code <= 0x2BFF


def _shown(ch: str, glyphs: frozenset[int]) -> bool:
    if ch.isspace():
        return True  # line breaks and spaces are laid out, not drawn
    if ord(ch) not in glyphs or ch in _BIDI_CONTROLS:
        return False
    if unicodedata.bidirectional(ch) in ("R", "AL"):
        return False
    return _script(ch) not in _SHAPED


def _label(ch: str) -> str:
    if _is_emoji(ch):
        return "emoji"
    script = _script(ch)
    if script in _LABELS:
        return _LABELS[script]
    if unicodedata.bidirectional(ch) in ("R", "AL") or ch in _BIDI_CONTROLS:
        return "right-to-left text"
    if script:
        return script.title()
    return "control character" if unicodedata.category(ch) == "Cc" else "unknown character"


def _printable(run: str) -> str:
    """The run as typed, but invisible characters (controls, unassigned) as U+XXXX."""
    return "".join(
        f"U+{ord(ch):04X}" if unicodedata.category(ch) in _INVISIBLE else ch for ch in run
    )


def unshown(texts: Iterable[str], glyphs: frozenset[int]) -> list[tuple[str, str]]:
    """Each run of characters the PDF cannot show, with what it is, in first-seen order.

    A run is the characters in a row that cannot be shown, with the marks and
    joiners that cling to them, so a name is quoted whole: ``("王芳", "Chinese")``.
    """
    found: dict[tuple[str, str], None] = {}
    for text in texts:
        run = ""
        for ch in text:
            if (
                not _shown(ch, glyphs)
                or (run and (unicodedata.category(ch) in _CLINGING or ch in _JOINERS))
                or run.endswith("\u200d")  # a joined sequence (👩‍⚕️) is one thing
            ):
                run += ch
                continue
            if run:
                found.setdefault((run, _label(run[0])), None)
                run = ""
        if run:
            found.setdefault((run, _label(run[0])), None)
    return list(found)


def refuse_unshown(texts: Iterable[str], glyphs: frozenset[int]) -> None:
    """Raise a one-line :class:`InputError` naming what the PDF cannot show, if anything."""
    # Ten years of records are millions of characters but a few hundred distinct
    # ones: judge each distinct character once, and quote runs only if one fails.
    texts = list(texts)
    distinct: set[str] = set().union(*texts)
    if all(_shown(ch, glyphs) for ch in distinct):
        return
    runs = unshown(texts, glyphs)
    if not runs:
        return
    named = ", ".join(f"{_printable(run)} ({label})" for run, label in runs[:_MAX_NAMED])
    if len(runs) > _MAX_NAMED:
        named += f" and {len(runs) - _MAX_NAMED} more"
    raise InputError(
        f"the PDF cannot show {named}; export as HTML instead (--format html)",
        field="format",
    )
