"""Search: ``journal.search``, every word in activities, conversations and contact notes.

The matching rules are :mod:`netjournal.domain.search`; this service runs
them over the *stored* documents, so ten years of activities are filtered
before the few that match are decoded (the whole journal is read, but only
as the store's parsed JSON, never as 40,000 records).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from netjournal.domain.contact_notes import notes_of
from netjournal.domain.search import (
    ACTIVITY,
    CONTACT_NOTE,
    CONVERSATION,
    SearchHit,
    activity_text,
    conversation_text,
    matches,
    newest_first,
    search_terms,
)
from netjournal.journal.core import Service


class SearchService(Service):
    """``journal.search``: what the user wrote, found by its words (docs/guide.md)."""

    def contact_names(self) -> dict[str, str]:
        """``{contact id: name}`` read from the stored contacts without decoding them."""
        return {
            str(d["id"]): str(d.get("name") or "")
            for d in self.repos.contacts.fields(("id", "name"))
        }

    def activity_filter(
        self, words: str | Iterable[str], names: dict[str, str] | None = None
    ) -> Any:
        """A stored-document test: does this activity contain every word (``list --search``)."""
        terms = search_terms(words)
        known = self.contact_names() if names is None else names
        return lambda doc: matches(terms, *activity_text(doc, known))

    def search(
        self,
        words: str | Iterable[str],
        start: date | None = None,
        end: date | None = None,
        limit: int | None = None,
    ) -> list[SearchHit]:
        """Every activity, conversation and contact note in ``start``..``end`` holding every word.

        Newest first, at most ``limit``. A contact note also matches on the
        person's name ("ann icu" finds Ann's note "moved to ICU").
        """
        terms = search_terms(words)
        names = self.contact_names()
        hits: list[SearchHit] = []
        for a in self.repos.activities.between(
            start, end, where=lambda d: matches(terms, *activity_text(d, names))
        ):
            people = tuple(names[c] for c in a.contact_ids if c in names)
            text = a.note or (a.cpd.topic if a.cpd else "") or " ".join(f"#{t}" for t in a.tags)
            hits.append(
                SearchHit(
                    ACTIVITY,
                    a.id,
                    a.date,
                    f"{a.mode.value} {a.minutes}m {a.channel}: {text}",
                    people,
                )
            )

        def in_range(day: date) -> bool:
            return (start is None or day >= start) and (end is None or day <= end)

        for c in self.repos.conversations.search(
            lambda d: matches(terms, *conversation_text(d, names))
        ):
            if in_range(c.started):
                people = tuple(names[i] for i in c.contact_ids if i in names)
                hits.append(
                    SearchHit(CONVERSATION, c.id, c.started, f"{c.channel}: {c.summary}", people)
                )

        def has_note_match(doc: dict[str, Any]) -> bool:
            history = doc.get("note_history")
            texts = [str(doc.get("notes") or "")]
            if isinstance(history, list):
                texts.extend(str(n.get("text") or "") for n in history if isinstance(n, dict))
            return any(t and matches(terms, str(doc.get("name") or ""), t) for t in texts)

        for person in self.repos.contacts.search(has_note_match):
            for note in notes_of(person):
                if in_range(note.date) and matches(terms, person.name, note.text):
                    hits.append(
                        SearchHit(
                            CONTACT_NOTE,
                            note.id,
                            note.date,
                            note.text,
                            (person.name,),
                            person.id,
                        )
                    )
        return newest_first(hits, limit)
