"""Search: every word must match, whatever its case or accents, across the whole journal.

``netjournal search`` and ``list --search`` look for words in what the user
wrote: an activity's note, tags, channel, the names of the people it was
with and its CPD topic and reflection; a conversation's summary (and its
people and channel); a contact's dated notes. Matching folds case and accents
with :func:`netjournal.domain.names.fold_text` (``Zoë`` finds ``zoe``), and a
record matches when every word is found somewhere in it, in any order.

The functions read *stored* documents (plain dicts), so the store can filter
ten years of activities before decoding the few that match. Stdlib only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from netjournal.domain.names import fold_text
from netjournal.errors import InputError

#: The kinds of hit, as ``netjournal search`` prints and ``--json`` names them.
ACTIVITY = "activity"
CONVERSATION = "conversation"
CONTACT_NOTE = "contact note"

_CPD_TEXT = ("topic", "method", "learning", "practice_change", "nature")


def fold(text: str) -> str:
    """``text`` as compared: :func:`fold_text`, skipped for plain ASCII (most notes; 40k a search)."""
    return text.casefold() if text.isascii() else fold_text(text)


def search_terms(words: str | Iterable[str]) -> tuple[str, ...]:
    """The folded words to look for; refused when there are none."""
    text = words if isinstance(words, str) else " ".join(words)
    terms = tuple(dict.fromkeys(fold(text).split()))
    if not terms:
        raise InputError("give a word to search for", field="search", hint="e.g. sepsis audit")
    return terms


def matches(terms: tuple[str, ...], *texts: str) -> bool:
    """Whether every term occurs in one of ``texts`` (folded, joined)."""
    haystack = fold(" \n".join(texts))
    return all(term in haystack for term in terms)


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [v for v in value if isinstance(v, str)]
    return []


def activity_text(doc: Mapping[str, Any], names: Mapping[str, str]) -> list[str]:
    """What is searched of a stored activity: note, tags, channel, people, CPD topic and reflection.

    Called on every stored activity a search reads (40,000 in ten years), so
    the usual shapes are read directly and anything else through :func:`_texts`.
    """
    note, channel, tags = doc.get("note"), doc.get("channel"), doc.get("tags")
    found = [
        note if type(note) is str else " ".join(_texts(note)),
        channel if type(channel) is str else "",
    ]
    if tags:
        found.extend(_texts(tags))
    ids = doc.get("contact_ids")
    if ids:
        found.extend(names[c] for c in _texts(ids) if c in names)
    cpd = doc.get("cpd")
    if cpd and isinstance(cpd, dict):
        found.extend(v for k in _CPD_TEXT if type(v := cpd.get(k)) is str)
    return found


def conversation_text(doc: Mapping[str, Any], names: Mapping[str, str]) -> list[str]:
    """What is searched of a stored conversation: its summary, channel and people."""
    found = [*_texts(doc.get("summary")), *_texts(doc.get("channel"))]
    found.extend(names[c] for c in _texts(doc.get("contact_ids")) if c in names)
    return found


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One record that matched: what kind, its id (for ``show``), its day and a one-line text."""

    kind: str
    id: str
    date: date
    text: str
    contacts: tuple[str, ...] = ()
    contact_id: str | None = None

    def to_json(self) -> dict[str, object]:
        """The documented JSON form of a hit (``search --json``, docs/guide.md)."""
        return {
            "kind": self.kind,
            "id": self.id,
            "date": self.date.isoformat(),
            "text": self.text,
            "contacts": list(self.contacts),
            "contact_id": self.contact_id,
        }


def newest_first(hits: Iterable[SearchHit], limit: int | None = None) -> list[SearchHit]:
    """Hits newest first (activities before conversations before notes on one day), at most ``limit``."""
    order = {ACTIVITY: 0, CONVERSATION: 1, CONTACT_NOTE: 2}
    ranked = sorted(hits, key=lambda h: (h.date, -order.get(h.kind, 3), h.id), reverse=True)
    return ranked if limit is None else ranked[:limit]
