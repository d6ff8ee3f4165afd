"""Text as the confidentiality scan reads it, and the way back to the original.

The scan (:mod:`netjournal.domain.privacy`) matches names and identifiers in
a folded form: compatibility normalisation, accents removed, every apostrophe
``'``, every dash ``-``, every space-like character a space. Folding may
change the length of the text, so :class:`FoldedText` keeps where each folded
character came from, and a match is replaced in the original text, character
by character. Stdlib only.

(:func:`netjournal.domain.names.fold_text` is a different, lossy fold for
comparing two names: it keeps no map back.)
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_APOSTROPHES = frozenset("'’‘ʼʻ′`´ʹ＇")
#: Letters that compatibility decomposition leaves alone but a writer may spell plainly.
_PLAIN_LETTERS = {
    "ø": "o",
    "Ø": "O",
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
    "ð": "d",
    "Ð": "D",
    "ħ": "h",
    "Ħ": "H",
    "æ": "ae",
    "Æ": "Ae",
    "œ": "oe",
    "Œ": "Oe",
    "ß": "ss",
    "ẞ": "SS",
    "ı": "i",
    "þ": "th",
    "Þ": "Th",
}
_ASCII_FOLD = str.maketrans({"\t": " ", "\n": " ", "\r": " ", "\v": " ", "\f": " ", "`": "'"})


#: Invisible characters that still separate words (zero-width space, word joiner, BOM).
_INVISIBLE_SPACES = frozenset("\u200b\u2060\ufeff\u180e")


def _plain(char: str) -> str:
    if char in _APOSTROPHES:
        return "'"
    if char.isspace() or char in _INVISIBLE_SPACES:
        return " "
    if unicodedata.category(char) == "Pd" or char == "\u2212":  # every dash, and minus
        return "-"
    return char


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character as the scan reads it; ``""`` for marks and invisible format characters."""
    plain = _plain(char)
    if plain != char:
        return plain
    category = unicodedata.category(char)
    if category.startswith("M") or category == "Cf":  # accents, soft hyphens, joiners
        return ""
    if char in _PLAIN_LETTERS:
        return _PLAIN_LETTERS[char]
    if category == "Nd":
        return str(unicodedata.decimal(char))
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(_plain(c) for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True, slots=True)
class FoldedText:
    """Text as the scan reads it, and where each of its characters came from.

    ``starts[i]``/``ends[i]`` are the span in the original text of folded
    character ``i`` (a span grows over accents that followed it); both are
    ``None`` when folding kept every character in place (plain ASCII).
    """

    text: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of folded characters ``start..end`` (end exclusive, non-empty)."""
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]

    @classmethod
    def of(cls, text: str) -> FoldedText:
        """``text`` folded for matching: NFKC/NFKD compatibility forms, no accents, plain
        apostrophes, dashes and spaces; lengths may change, so the map back is kept."""
        if text.isascii():
            return cls(text.translate(_ASCII_FOLD))
        table = {ord(c): _fold_char(c) for c in set(text) if not c.isascii()}
        if all(len(folded) == 1 for folded in table.values()):  # "Café": lengths stay, no map
            return cls(text.translate(_ASCII_FOLD).translate(table))
        out: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        for index, char in enumerate(text):
            folded = _fold_char(char)
            if not folded:
                if ends and unicodedata.combining(char):
                    ends[-1] = index + 1  # "José" typed as "Jose" + accent: the accent goes too
                continue
            out.append(folded)
            for _ in folded:
                starts.append(index)
                ends.append(index + 1)
        return cls("".join(out), tuple(starts), tuple(ends))
