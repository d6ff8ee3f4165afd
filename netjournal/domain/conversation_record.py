"""A conversation: a thread with one or more contacts on one channel (a stored record).

Apart from :mod:`~netjournal.domain.models` so that listing and logging
activities does not build its class; every rule of the stored form is the
same (:func:`~netjournal.domain.models.stored_record`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Self

from netjournal.domain.models import (
    Initiator,
    iso_or_none,
    new_id,
    stored_date,
    stored_day,
    stored_record,
    stored_stamps,
    utcnow,
)


@dataclass(frozen=True, slots=True)
class Conversation:
    """A thread with one or more contacts on one channel.

    ``messages_out``/``messages_in`` count what I sent and what they sent, so
    reciprocity can say what share of my outgoing messages got a reply.
    """

    contact_ids: tuple[str, ...]
    channel: str
    started: date
    initiated_by: Initiator = Initiator.ME
    replied: bool = False
    replied_on: date | None = None
    last_date: date | None = None
    summary: str = ""
    messages_out: int = 0
    messages_in: int = 0
    source_id: str | None = None
    id: str = field(default_factory=new_id)
    created: datetime = field(default_factory=utcnow)
    updated: datetime = field(default_factory=utcnow)
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def touched(self, **changes: Any) -> Conversation:
        return replace(self, **changes, updated=utcnow())

    def to_dict(self) -> dict[str, Any]:
        return stored_record(
            self,
            {
                "contact_ids": list(self.contact_ids),
                "channel": self.channel,
                "started": self.started.isoformat(),
                "initiated_by": self.initiated_by.value,
                "replied": self.replied,
                "replied_on": iso_or_none(self.replied_on),
                "last_date": iso_or_none(self.last_date),
                "summary": self.summary,
                "messages_out": self.messages_out,
                "messages_in": self.messages_in,
                "source_id": self.source_id,
            },
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        return cls(
            id=str(data["id"]),
            contact_ids=tuple(data.get("contact_ids") or ()),
            channel=str(data.get("channel") or "other"),
            started=stored_day(data["started"]),
            initiated_by=Initiator(data.get("initiated_by") or "me"),
            replied=bool(data.get("replied", False)),
            replied_on=stored_date(data.get("replied_on")),
            last_date=stored_date(data.get("last_date")),
            summary=str(data.get("summary") or ""),
            messages_out=int(data.get("messages_out") or 0),
            messages_in=int(data.get("messages_in") or 0),
            source_id=data.get("source_id"),
            **stored_stamps(cls, data),
        )
