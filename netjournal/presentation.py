"""How netjournal words and shows things to people: the one presentation module.

Everything a person reads (command-line text, the app's cells and labels, the
Markdown, HTML, PDF and CSV exports) passes the journal's own text through
:func:`printable` on its way out. The words and numbers they share are written
here once: percentages (:func:`percent`, :func:`share_percent`), the balance
verdict words (:func:`status_word`, :func:`band_verdict`), counted nouns
(:func:`plural`) and how typed tags are split (:func:`split_tags`). The store keeps text exactly as it was
typed or imported; only what is *shown* changes. ``--json`` output and the
JSON exports are left alone: JSON escapes control characters itself.

Pure Python with no imports, so every command can afford it.
"""

from __future__ import annotations

__all__ = [
    "CONTROL_CODE_POINTS",
    "band_verdict",
    "percent",
    "plural",
    "printable",
    "share_percent",
    "split_tags",
    "status_word",
]


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


def percent(share: float | None, missing: str = "n/a") -> str:
    """A share (0..1) as a whole percentage, ``0.283`` → ``28%``; ``None`` → ``missing``."""
    return missing if share is None else f"{round(share * 100)}%"


def share_percent(share: float | None, missing: str = "n/a") -> str:
    """A share to one decimal, without needless ones: 0.3 → ``30%``, 0.2833 → ``28.3%``."""
    return missing if share is None else f"{round(share * 100, 1):g}%"


def status_word(status: str) -> str:
    """A balance band status (``inside``, ``above``, ``below``, ``no-target``, ``no-activity``) in words."""
    return status.replace("-", " ")


def band_verdict(status: str) -> str:
    """``inside the band``, ``above the band``, ``below the band``; other statuses in words."""
    word = status_word(status)
    return f"{word} the band" if status in ("inside", "above", "below") else word


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``1 activity``, ``2 activities``, ``0 conversations``: ``count`` and the noun that fits it.

    Without ``plural_form`` the plural is ``singular`` + ``s``.
    """
    if count == 1:
        return f"{count} {singular}"
    return f"{count} {plural_form if plural_form is not None else singular + 's'}"


def split_tags(text: str) -> tuple[str, ...]:
    """Tags typed with spaces and/or commas: ``#nhs, leadership`` → ``("#nhs", "leadership")``."""
    return tuple(text.replace(",", " ").split())


def conflict_notice(first: str, others: int) -> str:
    """The start-up line (CLI on stderr, the app as a notification) about unmerged conflict copies.

    ``first`` names one copy relative to the store folder; ``others`` counts the rest.
    """
    more = f" and {others} more" if others else ""
    return (
        f"sync conflict copy {first}{more} found: the other device's changes are not "
        "merged yet; run `netjournal merge` (`--dry-run` shows what it would do)"
    )
