"""One dated note about a person, as stored in a contact's ``note_history``.

Kept apart from :mod:`netjournal.domain.contact_notes` (which works on whole
contacts) so that :mod:`netjournal.domain.models` can read the history
without the two modules importing each other. Stdlib only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

#: What a legacy ``notes`` string's note id ends with (``<contact id[:8]>-notes``).
LEGACY_SUFFIX = "-notes"


@dataclass(frozen=True, slots=True)
class ContactNote:
    """One dated note about a person: what they said, did, asked or care about."""

    id: str
    date: date
    text: str
    created: datetime

    @property
    def legacy(self) -> bool:
        """Whether this is the contact's old single ``notes`` field, read as a note."""
        return self.id.endswith(LEGACY_SUFFIX)

    @property
    def short_id(self) -> str:
        """The id to show and type (``contact note --rm``): 8 characters, or the legacy id whole."""
        return self.id if self.legacy else self.id[:8]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.date.isoformat(),
            "text": self.text,
            "created": self.created.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ContactNote:
        """Back from :meth:`to_dict`; a note that cannot be read raises ``ValueError``/``KeyError``."""
        created = data.get("created")
        return cls(
            id=str(data["id"]),
            date=date.fromisoformat(str(data["date"])),
            text=str(data.get("text") or ""),
            created=datetime.fromisoformat(str(created)) if created else _midnight(data["date"]),
        )


def _midnight(day: Any) -> datetime:
    return datetime.combine(date.fromisoformat(str(day)), datetime.min.time(), tzinfo=UTC)


def notes_from_stored(raw: Any) -> tuple[ContactNote, ...]:
    """The ``note_history`` list of a stored contact (``Contact.from_dict``)."""
    if not isinstance(raw, list):
        raise ValueError("note_history must be a list")
    return tuple(ContactNote.from_dict(n) for n in raw)
