"""A person in the user's network: the contact record and its stored form.

Apart from :mod:`netjournal.domain.models` because ``list`` and a plain ``log`` read
contacts' names from the derived cache and never build a :class:`Contact`: creating
this eighteen-field dataclass costs ≈ 1.5 ms, on every short command that loaded it.

Stdlib only.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Self

from netjournal.domain.models import (
    iso_or_none,
    new_id,
    stored_date,
    stored_record,
    stored_stamps,
    utcnow,
)

if TYPE_CHECKING:
    from netjournal.domain.contact_note import ContactNote


@dataclass(frozen=True, slots=True)
class Contact:
    """A person in the user's professional network.

    ``handles`` maps a platform (``x``, ``linkedin``, ``bluesky``, ``mastodon``,
    ``email``) to the handle, URL or address. ``first_contact`` and
    ``last_contact`` are the earliest and latest days an activity or
    conversation involved the contact; they are kept up to date whenever one
    is recorded, so "who is due" and "who is new" never need a scan of ten
    years of activities.
    """

    name: str
    organisation: str = ""
    role: str = ""
    handles: dict[str, str] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    met: str = ""
    notes: str = ""
    cadence_days: int | None = None
    connected_on: date | None = None
    last_contact: date | None = None
    first_contact: date | None = None
    source_ids: tuple[str, ...] = ()
    note_history: tuple[ContactNote, ...] = ()
    snoozed_until: date | None = None
    id: str = field(default_factory=new_id)
    created: datetime = field(default_factory=utcnow)
    updated: datetime = field(default_factory=utcnow)
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def touched(self, **changes: Any) -> Contact:
        return replace(self, **changes, updated=utcnow())

    def seen_on(self, day: date) -> Contact:
        """This contact after an activity or conversation on ``day``.

        Both clocks only ever widen: logging last month's coffee today must
        not make someone look less recently seen, nor newer than they are.
        Returns ``self`` unchanged (same object) when nothing moves.
        """
        first = self.first_contact if self.first_contact and self.first_contact <= day else day
        last = self.last_contact if self.last_contact and self.last_contact >= day else day
        if first == self.first_contact and last == self.last_contact:
            return self
        return self.touched(first_contact=first, last_contact=last)

    def to_dict(self) -> dict[str, Any]:
        return stored_record(
            self,
            {
                "name": self.name,
                "organisation": self.organisation,
                "role": self.role,
                "handles": dict(self.handles),
                "tags": list(self.tags),
                "met": self.met,
                "notes": self.notes,
                "cadence_days": self.cadence_days,
                "connected_on": iso_or_none(self.connected_on),
                "last_contact": iso_or_none(self.last_contact),
                "first_contact": iso_or_none(self.first_contact),
                "source_ids": list(self.source_ids),
                # Written only when set, so a contact without them is stored as before.
                **(
                    {"note_history": [n.to_dict() for n in self.note_history]}
                    if self.note_history
                    else {}
                ),
                **(
                    {"snoozed_until": iso_or_none(self.snoozed_until)} if self.snoozed_until else {}
                ),
            },
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        cadence = data.get("cadence_days")
        history: tuple[ContactNote, ...] = ()
        if data.get("note_history"):
            # Imported here: most contacts have no history, and ``log`` never needs it.
            from netjournal.domain.contact_note import notes_from_stored

            history = notes_from_stored(data["note_history"])
        return cls(
            id=str(data["id"]),
            name=str(data.get("name") or ""),
            organisation=str(data.get("organisation") or ""),
            role=str(data.get("role") or ""),
            handles={str(k): str(v) for k, v in (data.get("handles") or {}).items()},
            tags=tuple(data.get("tags") or ()),
            met=str(data.get("met") or ""),
            notes=str(data.get("notes") or ""),
            cadence_days=int(cadence) if cadence is not None else None,
            connected_on=stored_date(data.get("connected_on")),
            last_contact=stored_date(data.get("last_contact")),
            first_contact=stored_date(data.get("first_contact")),
            source_ids=tuple(data.get("source_ids") or ()),
            note_history=history,
            snoozed_until=stored_date(data.get("snoozed_until")),
            **stored_stamps(cls, data),
        )
