"""The Journal screen's one-line filter: words plus ``key:value`` tokens.

``restraint mode:online channel:x purpose:maintain #nhs with:"Teresa Chinn"``
means: notes (or tags) containing "restraint", online, on X, to maintain
connections, tagged nhs, with Teresa Chinn. One line keeps the screen
keyboard-first (``/``, type, ``enter``) and leaves room for the list at 80x24.

The values are *not* checked here: they go to the facade's ``activities``
filters, which read them with the same vocabulary as the CLI and raise an
:class:`~netjournal.errors.InputError` naming the bad one. No Textual here:
this is plain text processing, tested on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

#: ``key:`` words and the filter each one sets (aliases people reach for).
KEYS: dict[str, str] = {
    "mode": "mode",
    "m": "mode",
    "channel": "channel",
    "c": "channel",
    "on": "channel",
    "purpose": "purpose",
    "p": "purpose",
    "tag": "tag",
    "t": "tag",
    "with": "contact",
    "w": "contact",
    "contact": "contact",
}

_TOKEN = re.compile(
    r"""
    (?P<key>[A-Za-z]+):(?:"(?P<qvalue>[^"]*)"?|(?P<value>\S*))   # key:value or key:"a value"
    | \#(?P<tag>\S+)                                           # #tag
    | "(?P<phrase>[^"]*)"?                                     # "a phrase"
    | (?P<word>\S+)                                            # a word
    """,
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class ActivityFilter:
    """What the filter line asks for; ``None``/empty means "any"."""

    text: str = ""
    mode: str | None = None
    channel: str | None = None
    purpose: str | None = None
    tag: str | None = None
    contact: str | None = None

    @property
    def is_empty(self) -> bool:
        return not self.text and all(
            getattr(self, f.name) is None for f in fields(self) if f.name != "text"
        )

    def facade_filters(self) -> dict[str, str | None]:
        """Keyword arguments for ``Journal.activities``."""
        return {
            "mode": self.mode,
            "channel": self.channel,
            "purpose": self.purpose,
            "tag": self.tag,
            "contact": self.contact,
            "text": self.text or None,
        }

    def describe(self) -> str:
        """The filter in words for the screen heading: ``"restraint", online, #nhs``."""
        parts = [f"“{self.text}”"] if self.text else []
        if self.mode:
            parts.append(self.mode)
        if self.channel:
            parts.append(f"on {self.channel}")
        if self.purpose:
            parts.append(f"to {self.purpose}")
        if self.tag:
            parts.append(f"#{self.tag.lstrip('#')}")
        if self.contact:
            parts.append(f"with {self.contact}")
        return ", ".join(parts)


def parse_filter(line: str) -> ActivityFilter:
    """Split a filter line into words and ``key:value`` filters.

    A later ``key:`` wins over an earlier one; a ``key:`` that is not a known
    filter (``http://…``, ``ratio:2``) stays part of the searched words, so
    nothing typed is silently dropped. An empty value (``mode:``) is ignored.
    """
    words: list[str] = []
    found: dict[str, str] = {}
    for match in _TOKEN.finditer(line):
        key = match.group("key")
        if key is not None:
            value = match.group("qvalue")
            value = match.group("value") if value is None else value
            name = KEYS.get(key.lower())
            if name is None:
                words.append(match.group(0))
            elif value.strip():
                found[name] = " ".join(value.split())
            continue
        if match.group("tag") is not None:
            found["tag"] = match.group("tag")
            continue
        phrase = match.group("phrase")
        text = phrase if phrase is not None else match.group("word")
        if text and text.strip():
            words.append(" ".join(text.split()))
    return ActivityFilter(text=" ".join(words), **found)
