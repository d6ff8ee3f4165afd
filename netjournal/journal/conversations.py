"""Conversations: who started one, whether and when the other side replied.

The figures read from them (initiated vs answered, reply rates) are worked
out by the review service (:mod:`netjournal.journal.review`); this service
records, lists and changes conversations. Names are read as ``log --with``
reads them (:class:`~netjournal.journal.contact_links.ContactLinking`), and
everyone in a conversation has their keep-in-touch clock reset.
docs/relationships.md is the user-facing definition.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from netjournal.domain.contact_record import Contact
from netjournal.domain.conversation_record import Conversation
from netjournal.domain.models import Initiator
from netjournal.domain.vocabulary import normalize_channel, parse_initiator
from netjournal.errors import InputError
from netjournal.journal.activities import ActivitiesService
from netjournal.journal.capture_records import ContactLinks
from netjournal.journal.core import Core, Service


class ConversationsService(Service):
    """``journal.conversations``: the conversations with the people in the journal."""

    def __init__(
        self, core: Core, activities: ActivitiesService, find_contact: Callable[[str], Contact]
    ) -> None:
        super().__init__(core)
        self._activities = activities
        # Filtering by a contact's name needs the relationships service: given as a
        # callable so that service loads only when a listing names someone.
        self._find_contact = find_contact

    def _conversation_day(self, text: str | None, what: str, not_before: date | None) -> date:
        day = self.parse_date(text) if text else self.today()
        if day > self.today():
            raise InputError(f"{what} date {day.isoformat()} is in the future", field=what)
        if not_before is not None and day < not_before:
            raise InputError(
                f"{what} date {day.isoformat()} is before the conversation started "
                f"({not_before.isoformat()})",
                field=what,
            )
        return day

    def add_conversation(
        self,
        with_names: Iterable[str],
        channel: str,
        *,
        started: str | None = None,
        by: str = "me",
        replied: bool = False,
        replied_on: str | None = None,
        summary: str = "",
        new_contacts: bool = False,
        new_channel: bool = False,
    ) -> tuple[Conversation, ContactLinks]:
        """Record a conversation; names are read as ``log --with`` reads them.

        The opener counts as one message from whoever started it and a reply
        as one from the other side, so the message-level reply figure works
        for typed-in conversations as well as imported ones. Everyone in it
        has their keep-in-touch clock reset.
        """

        names = tuple(with_names)
        if not names:
            raise InputError(
                "a conversation needs at least one contact",
                field="contacts",
                hint='e.g. --with "Jane Smith"',
            )
        chan = normalize_channel(channel)
        self._activities.check_channel(chan, new=new_channel)
        initiator = parse_initiator(by)
        day = self._conversation_day(started, "started", None)
        reply_day = (
            self._conversation_day(replied_on, "replied", day) if (replied or replied_on) else None
        )
        if len(summary) > 20_000:
            raise InputError("summary is longer than 20,000 characters", field="summary")
        mine = initiator is Initiator.ME
        has_reply = reply_day is not None
        with self.transaction():
            links = self._activities.link_contacts(names, new=new_contacts)
            ids = links.ids
            if new_channel:
                self._activities.remember_channel(chan)
            conversation = Conversation(
                contact_ids=tuple(ids),
                channel=chan,
                started=day,
                initiated_by=initiator,
                replied=has_reply,
                replied_on=reply_day,
                last_date=reply_day or day,
                summary=summary.strip(),
                messages_out=int(mine) + int(has_reply and not mine),
                messages_in=int(not mine) + int(has_reply and mine),
            )
            self.repos.conversations.add(conversation)
            self._activities.touch_contacts(ids, day)
            if reply_day is not None:
                self._activities.touch_contacts(ids, reply_day)
            self.describe(f"conversation add {conversation.id[:8]}")
        return conversation, links

    def get_conversation(self, id_or_prefix: str) -> Conversation:
        return self.repos.conversations.find(id_or_prefix)

    def list_conversations(
        self, *, open_only: bool = False, with_name: str | None = None
    ) -> list[Conversation]:
        """Conversations oldest first; ``open_only`` keeps those still awaiting a reply."""
        found = self.repos.conversations.all()
        if open_only:
            found = [c for c in found if not c.replied]
        if with_name:
            contact_id = self._find_contact(with_name).id
            found = [c for c in found if contact_id in c.contact_ids]
        found.sort(key=lambda c: (c.started, c.created))
        return found

    def mark_replied(
        self, id_or_prefix: str, *, on: str | None = None, by: str | None = None
    ) -> Conversation:
        """Record a reply: by default from the side that did *not* start the conversation.

        A reply from the other side marks the conversation replied (the first
        such date is kept as ``replied_on``); a message from the side that
        started it is a follow-up: it is counted and dated but is not a reply.
        """

        with self.transaction():
            conv = self.repos.conversations.find(id_or_prefix)
            day = self._conversation_day(on, "replied", conv.started)
            other = Initiator.THEM if conv.initiated_by is Initiator.ME else Initiator.ME
            sender = parse_initiator(by) if by else other
            changes: dict[str, Any] = {"last_date": max(d for d in (conv.last_date, day) if d)}
            if sender is Initiator.ME:
                changes["messages_out"] = conv.messages_out + 1
            else:
                changes["messages_in"] = conv.messages_in + 1
            if sender is other:
                changes["replied"] = True
                changes["replied_on"] = min(d for d in (conv.replied_on, day) if d)
            conv = conv.touched(**changes)
            self.repos.conversations.update(conv)
            self._activities.touch_contacts(conv.contact_ids, day)
            self.describe(f"conversation reply {conv.id[:8]}")
        return conv

    def remove_conversation(self, id_or_prefix: str) -> Conversation:
        """Move a conversation to the trash (``undo``/``restore`` bring it back)."""
        with self.transaction():
            conv = self.repos.conversations.find(id_or_prefix)
            self._activities.trash_record("conversation", conv, self.repos.conversations.remove)
            self.describe(f"conversation rm {conv.id[:8]}")
        return conv

    def conversation_json(
        self, conv: Conversation, by_id: dict[str, Contact] | None = None
    ) -> dict[str, Any]:
        """The documented JSON form of a conversation (docs/relationships.md)."""
        data = conv.to_dict()
        return {
            "id": conv.id,
            "contacts": self._activities.contact_names(conv.contact_ids, by_id),
            "contact_ids": list(conv.contact_ids),
            **{
                key: data[key]
                for key in (
                    "channel",
                    "started",
                    "initiated_by",
                    "replied",
                    "replied_on",
                    "last_date",
                    "summary",
                    "messages_out",
                    "messages_in",
                    "source_id",
                    "created",
                    "updated",
                )
            },
        }
