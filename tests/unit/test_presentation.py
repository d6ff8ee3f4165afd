"""``netjournal.presentation``: the one sanitiser of text shown to people, and the shared words."""

from __future__ import annotations

import ast
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netjournal
from netjournal.presentation import (
    CONTROL_CODE_POINTS,
    band_verdict,
    percent,
    plural,
    printable,
    share_percent,
    split_tags,
    status_word,
)

CONTROLS = frozenset(map(chr, CONTROL_CODE_POINTS))
#: Ordinary characters mixed with the controls, so escapes land between words.
ORDINARY = "ab é—#[]\\x"
TEXT = st.text(alphabet=st.sampled_from(sorted(CONTROLS) + list(ORDINARY)))


def test_every_c0_and_c1_control_and_bidi_override_is_covered() -> None:
    cc = {cp for cp in range(0x110000) if unicodedata.category(chr(cp)) == "Cc"}
    bidi = {*range(0x202A, 0x202F), *range(0x2066, 0x206A)}
    assert cc | bidi <= set(CONTROL_CODE_POINTS)


@pytest.mark.parametrize("code_point", CONTROL_CODE_POINTS, ids=hex)
def test_each_control_is_shown_visibly_or_as_a_space(code_point: int) -> None:
    char = chr(code_point)
    for one_line in (True, False):
        shown = printable(f"a{char}b", one_line=one_line)
        assert not (set(shown) & CONTROLS - {"\n"})
        if code_point in (0x09, 0x0A, 0x2028, 0x2029):
            continue  # a tab or a line break is a space (or a line break), not an escape
        escape = f"\\x{code_point:02x}" if code_point < 0x100 else f"\\u{code_point:04x}"
        assert shown == f"a{escape}b"


def test_escape_sequences_show_as_text() -> None:
    assert printable("\x1b]0;pwned\x07") == "\\x1b]0;pwned\\x07"
    assert printable("\x1b[2J") == "\\x1b[2J"
    assert printable("evil\u202etxt.exe") == "evil\\u202etxt.exe"
    assert printable("\x9b2J") == "\\x9b2J"


def test_line_breaks_are_spaces_on_one_line_and_kept_otherwise() -> None:
    assert printable("one\ntwo\r\nthree\u2028four\tfive") == "one two three four five"
    assert printable("one\ntwo\r\nthree", one_line=False) == "one\ntwo\nthree"
    assert (
        printable("over\rwrite", one_line=False) == "over\\x0dwrite"
    )  # a lone CR moves the cursor


def test_printable_text_is_returned_as_it_is() -> None:
    text = "Replied to the #WeNurses chat — Łódź, 日本, 😀"
    assert printable(text) is text


@given(TEXT, st.booleans())
@settings(deadline=None)
def test_no_control_character_survives(text: str, one_line: bool) -> None:
    shown = printable(text, one_line=one_line)
    allowed = set() if one_line else {"\n"}
    assert not (set(shown) & CONTROLS - allowed)
    assert printable(shown, one_line=one_line) == shown


@given(st.text())
@settings(deadline=None)
def test_any_text_keeps_its_other_characters_in_order(text: str) -> None:
    shown = printable(text)
    assert not (set(shown) & CONTROLS)
    rest = iter(shown)
    assert all(ch in rest for ch in text if ch not in CONTROLS)  # a subsequence of shown


def test_importing_it_loads_nothing_else() -> None:
    code = (
        "import sys; before = set(sys.modules); import netjournal.presentation; "
        "print(sorted(set(sys.modules) - before))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "['__future__', 'netjournal', 'netjournal.presentation']"


# --- the shared words ----------------------------------------------------------


def test_percent_is_whole_and_says_what_is_missing() -> None:
    assert percent(0.283) == "28%"
    assert percent(1.0) == "100%"
    assert percent(0.0) == "0%"
    assert percent(None) == "n/a"
    assert percent(None, missing="–") == "–"


def test_share_percent_keeps_one_decimal_only_when_needed() -> None:
    assert share_percent(0.3) == "30%"
    assert share_percent(0.2833) == "28.3%"
    assert share_percent(1 / 3) == "33.3%"
    assert share_percent(None, missing="-") == "-"


def test_band_words() -> None:
    assert [band_verdict(s) for s in ("inside", "above", "below")] == [
        "inside the band",
        "above the band",
        "below the band",
    ]
    assert band_verdict("no-target") == status_word("no-target") == "no target"
    assert status_word("no-activity") == "no activity"
    assert status_word("inside") == "inside"


def test_plural_fits_the_noun_to_the_count() -> None:
    assert plural(1, "activity", "activities") == "1 activity"
    assert plural(2, "activity", "activities") == "2 activities"
    assert plural(0, "conversation") == "0 conversations"
    assert plural(1, "contact") == "1 contact"
    assert plural(12, "week") == "12 weeks"


def test_split_tags_takes_spaces_and_commas() -> None:
    assert split_tags("#nhs, leadership  rcn,,") == ("#nhs", "leadership", "rcn")
    assert split_tags(" , ") == ()


def _package_sources() -> list[tuple[str, str]]:
    root = Path(netjournal.__file__).parent
    return [(str(p.relative_to(root)), p.read_text(encoding="utf-8")) for p in root.rglob("*.py")]


def test_the_shared_words_are_written_once() -> None:
    """No module keeps its own percentage, tag splitting or plural helper."""
    own = {"_pct", "pct", "split_tags", "_plural", "_count", "format_share"}
    found = []
    for name, source in _package_sources():
        if name == "presentation.py":
            continue
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef) and node.name in own:
                found.append(f"{name}:{node.name}")
    # domain/targets.py's _count reads a typed option; it is not wording.
    assert sorted(found) == ["domain/targets.py:_count"]


def test_counts_people_read_are_not_written_with_parenthesised_plurals() -> None:
    """``1 identifier(s)``, ``activit{'y' ...}`` and ``'s' if n != 1`` go through plural()."""
    found = []
    for name, source in _package_sources():
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
                if any(w in text for w in ("id(s)", "contact(s)", "backup(s)", "identifier(s)")):
                    found.append(f"{name}:{node.lineno}")
        if "'s' if" in source or '"s" if' in source:
            found.append(f"{name}: 's' if")
    assert found == []
