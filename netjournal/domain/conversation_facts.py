"""What the sociability figures need of one conversation, and its cached row form.

:mod:`netjournal.domain.reciprocity` reads only a few facts of each
conversation: who, when it started, was answered and was last active, who
opened it, and the message counts. :class:`ConversationFacts` holds those and
nothing else; the store keeps them per month as JSON rows
(:meth:`ConversationFacts.to_json`, :func:`conversation_row`); every row a
review reads back is checked whole (:meth:`ConversationFacts.from_json`).
Stdlib only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, TypeAlias

from netjournal.domain.checked import array, flag, iso_day, optional_iso_day, text, texts, whole
from netjournal.domain.models import Initiator, stored_date

if TYPE_CHECKING:
    # Names only: a warm review reads facts rows and never builds a Conversation, so its
    # dataclass (≈ 1 ms to create) loads with the repositories that decode one.
    from netjournal.domain.conversation_record import Conversation

_INITIATOR = {i.value: i for i in Initiator}


@dataclass(frozen=True, slots=True)
class ConversationFacts:
    """What the sociability figures need of one conversation, and nothing else.

    The store keeps these per month (its derived cache), so a week's
    summary reads a few dozen of them instead of parsing every conversation
    ever stored. The names match :class:`Conversation`'s, so the rules below
    take either.
    """

    id: str
    contact_ids: tuple[str, ...]
    started: date
    replied_on: date | None
    last_date: date | None
    initiated_by: Initiator
    replied: bool
    messages_out: int
    messages_in: int

    @classmethod
    def of(cls, conversation: Conversation) -> ConversationFacts:
        c = conversation
        return cls(
            c.id,
            c.contact_ids,
            c.started,
            c.replied_on,
            c.last_date,
            c.initiated_by,
            c.replied,
            c.messages_out,
            c.messages_in,
        )

    def to_json(self) -> list[Any]:
        """The cached form: one JSON array (see :meth:`from_json`)."""
        return [
            self.id,
            list(self.contact_ids),
            self.started.isoformat(),
            None if self.replied_on is None else self.replied_on.isoformat(),
            None if self.last_date is None else self.last_date.isoformat(),
            self.initiated_by.value,
            self.replied,
            self.messages_out,
            self.messages_in,
        ]

    @classmethod
    def from_json(cls, row: Any) -> ConversationFacts:
        """Inverse of :meth:`to_json`, checked; raises ``ValueError``/``TypeError``."""
        cid, who, started, replied_on, last, by, replied, out, inn = check_conversation_row(row)
        return cls(
            cid,
            tuple(who),
            date.fromisoformat(started),
            None if replied_on is None else date.fromisoformat(replied_on),
            None if last is None else date.fromisoformat(last),
            _INITIATOR[by],
            replied,
            out,
            inn,
        )


def check_conversation_row(row: Any) -> list[Any]:
    """``row`` if it is a :meth:`ConversationFacts.to_json` row; else ``TypeError``/``ValueError``."""
    checked = array(row, 9)
    cid, who, started, replied_on, last, by, replied, out, inn = checked
    text(cid)
    texts(who)
    iso_day(started)
    optional_iso_day(replied_on)
    optional_iso_day(last)
    if text(by) not in _INITIATOR:
        raise ValueError(f"conversation facts: unknown initiator {by!r}")
    flag(replied)
    whole(out)
    whole(inn)
    return checked


if TYPE_CHECKING:
    AnyConversation: TypeAlias = Conversation | ConversationFacts


def _iso_day(value: Any) -> str:
    """A stored date checked and written the one way :meth:`date.isoformat` writes it."""
    return date.fromisoformat(str(value)).isoformat()


def conversation_row(doc: Mapping[str, Any]) -> list[Any]:
    """The cached row (:meth:`ConversationFacts.to_json`) of a stored conversation.

    Reads the fields as :meth:`Conversation.from_dict` reads them (same
    defaults, same errors on a damaged record) but nothing else — no
    summary, timestamps or unknown keys — and builds no objects: after one
    conversation changes, the rows of all of them are worked out again, so
    this runs thousands of times. Property-tested against
    ``ConversationFacts.of(Conversation.from_dict(doc))``.
    """
    by = doc.get("initiated_by") or "me"
    if by not in _INITIATOR:
        raise ValueError(f"unknown initiator {by!r}")
    replied_on = stored_date(doc.get("replied_on"))
    last = stored_date(doc.get("last_date"))
    return [
        str(doc["id"]),
        list(doc.get("contact_ids") or ()),
        _iso_day(doc["started"]),
        None if replied_on is None else replied_on.isoformat(),
        None if last is None else last.isoformat(),
        by,
        bool(doc.get("replied", False)),
        int(doc.get("messages_out") or 0),
        int(doc.get("messages_in") or 0),
    ]


def row_years(row: list[Any]) -> set[str]:
    """The years (``YYYY``) a conversation row was active in: of its start, reply and last date."""
    return {day[:4] for day in row[2:5] if day}


def conversation_dates(conversation: AnyConversation) -> tuple[date, ...]:
    """Every date a conversation is known to have been active on (started, replied, last)."""
    return tuple(
        d
        for d in (conversation.started, conversation.replied_on, conversation.last_date)
        if d is not None
    )
