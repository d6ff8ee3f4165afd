"""How netjournal words and shows things to people: the one presentation module.

Everything a person reads (command-line text, the app's cells and labels, the
Markdown, HTML, PDF and CSV exports) passes the journal's own text through
:func:`printable` on its way out. The store keeps text exactly as it was
typed or imported; only what is *shown* changes. ``--json`` output and the
JSON exports are left alone: JSON escapes control characters itself.

Pure Python with no imports, so every command can afford it.
"""

from __future__ import annotations

__all__ = ["CONTROL_CODE_POINTS", "printable"]


def _visible(code_point: int) -> str:
    """The escape a control character is shown as: ``\\x1b``, ``\\x85``, ``\\u202e``."""
    return f"\\x{code_point:02x}" if code_point < 0x100 else f"\\u{code_point:04x}"


#: Every code point :func:`printable` never lets through as it is: the C0
#: controls (U+0000-U+001F), DEL, the C1 controls (U+0080-U+009F), the
#: bidirectional embeddings and overrides (U+202A-U+202E) and isolates
#: (U+2066-U+2069), and the Unicode line and paragraph separators.
CONTROL_CODE_POINTS: tuple[int, ...] = (
    *range(0x00, 0x20),
    0x7F,
    *range(0x80, 0xA0),
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
    0x2028,
    0x2029,
)

# Line breaks are text, not commands: one-line output (a table row, a cell)
# turns them into a space, multi-line output (a contact card, a paragraph)
# keeps them as "\n". A tab becomes a space in both, since how far it moves
# the cursor depends on the terminal. Every other control becomes its visible
# escape, so a person sees that something is there rather than nothing.
_MULTI_LINE: dict[int, str] = {cp: _visible(cp) for cp in CONTROL_CODE_POINTS if cp != 0x0A}
_MULTI_LINE.update({0x09: " ", 0x2028: "\n", 0x2029: "\n"})
_ONE_LINE: dict[int, str] = {**_MULTI_LINE, 0x0A: " ", 0x2028: " ", 0x2029: " "}


def printable(text: str, *, one_line: bool = True) -> str:
    """``text`` safe to show on a terminal, in the app or in an export.

    Control characters (see :data:`CONTROL_CODE_POINTS`) cannot move the
    cursor, clear the screen, retitle the window or reorder a line: each is
    shown as its Python-style escape, ``ESC`` as the four characters
    ``\\x1b``, ``U+202E`` as ``\\u202e``. A tab becomes a space. Line breaks
    (``\\n``, ``\\r\\n``, U+2028, U+2029) become one space when ``one_line``
    (the default: table rows and cells), or ``\\n`` otherwise; a lone ``\\r``,
    which would overwrite the start of the line, is always escaped (``\\x0d``).

    Text that needs no change, nearly all of it, is returned as it is after
    one scan in C (``str.isprintable``), so this can run on every cell of a
    ten-year journal. Applying it twice in the same mode changes nothing more.
    """
    if text.isprintable():
        return text
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    return text.translate(_ONE_LINE if one_line else _MULTI_LINE)
