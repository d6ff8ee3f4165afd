"""The vocabulary of netjournal: activities, and what every record shares.

Contacts, conversations and targets are records too, each in its own module
(:mod:`~netjournal.domain.contact_record`, :mod:`~netjournal.domain.conversation_record`,
:mod:`~netjournal.domain.target_record`): the commands that list or log activities
build only the classes they use.

Every record is a frozen, slotted dataclass so that domain functions can be
pure and results can be cached or compared safely. Each record converts to and from a
plain ``dict`` (the stored form). Keys a record does not know are kept in
``extra`` and written back unchanged, so a file written by a newer netjournal
is never stripped by an older one.

Stdlib only: no TinyDB, no Textual (see tests/functional/project/test_layering.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import Any, Protocol, Self

from netjournal.domain.timeparse import MAX_DATE, MIN_DATE


class Mode(StrEnum):
    """Where the networking happened: on a screen, or in a room."""

    ONLINE = "online"
    OFFLINE = "offline"


class Style(StrEnum):
    """How two-way it was; the heart of "being sociable, not just doing social"."""

    CONVERSATION = "conversation"
    BROADCAST = "broadcast"
    LISTENING = "listening"


class Purpose(StrEnum):
    """The seven reasons professionals network, plus broadcast and other."""

    SOURCE_INFORMATION = "source-information"
    MAKE_CONNECTIONS = "make-connections"
    MAINTAIN_CONNECTIONS = "maintain-connections"
    SHARE_WORK = "share-work"
    FIND_SIMILAR = "find-similar"
    CHALLENGE_ASSUMPTIONS = "challenge-assumptions"
    VALIDATE_VIEWS = "validate-views"
    BROADCAST = "broadcast"
    OTHER = "other"


class Initiator(StrEnum):
    """Who opened a conversation."""

    ME = "me"
    THEM = "them"


PURPOSE_LABELS: dict[Purpose, str] = {
    Purpose.SOURCE_INFORMATION: "Source information",
    Purpose.MAKE_CONNECTIONS: "Make new connections",
    Purpose.MAINTAIN_CONNECTIONS: "Maintain existing connections",
    Purpose.SHARE_WORK: "Share what I am doing",
    Purpose.FIND_SIMILAR: "Find others doing similar things",
    Purpose.CHALLENGE_ASSUMPTIONS: "Have assumptions challenged",
    Purpose.VALIDATE_VIEWS: "Have views validated",
    Purpose.BROADCAST: "Broadcast",
    Purpose.OTHER: "Other",
}

#: Short words people type for a purpose; any unique prefix of a value also works.
PURPOSE_ALIASES: dict[str, Purpose] = {
    "source": Purpose.SOURCE_INFORMATION,
    "info": Purpose.SOURCE_INFORMATION,
    "information": Purpose.SOURCE_INFORMATION,
    "new": Purpose.MAKE_CONNECTIONS,
    "connect": Purpose.MAKE_CONNECTIONS,
    "make": Purpose.MAKE_CONNECTIONS,
    "maintain": Purpose.MAINTAIN_CONNECTIONS,
    "keep": Purpose.MAINTAIN_CONNECTIONS,
    "share": Purpose.SHARE_WORK,
    "find": Purpose.FIND_SIMILAR,
    "similar": Purpose.FIND_SIMILAR,
    "challenge": Purpose.CHALLENGE_ASSUMPTIONS,
    "validate": Purpose.VALIDATE_VIEWS,
}

#: Channels netjournal knows, with the mode each one implies by default.
KNOWN_CHANNELS: dict[str, Mode] = {
    "x": Mode.ONLINE,
    "linkedin": Mode.ONLINE,
    "bluesky": Mode.ONLINE,
    "mastodon": Mode.ONLINE,
    "blog": Mode.ONLINE,
    "email": Mode.ONLINE,
    "video-call": Mode.ONLINE,
    "forum": Mode.ONLINE,
    "webinar": Mode.ONLINE,
    "podcast": Mode.ONLINE,
    "reading": Mode.ONLINE,
    "phone": Mode.OFFLINE,
    "conference": Mode.OFFLINE,
    "meeting": Mode.OFFLINE,
    "event": Mode.OFFLINE,
    "in-person": Mode.OFFLINE,
    "other": Mode.OFFLINE,
}

CHANNEL_ALIASES: dict[str, str] = {
    "twitter": "x",
    "tweet": "x",
    "bsky": "bluesky",
    "video": "video-call",
    "zoom": "video-call",
    "teams": "video-call",
    "call": "phone",
    "conf": "conference",
    "f2f": "in-person",
    "face-to-face": "in-person",
    "inperson": "in-person",
    "mail": "email",
}

MAX_MINUTES_PER_ACTIVITY = 24 * 60


def new_id() -> str:
    """A fresh stable id: a random (version 4) UUID as 32 hex digits.

    Built from ``os.urandom`` exactly as ``uuid.uuid4().hex`` is, without
    importing :mod:`uuid` (which pulls in :mod:`platform`) on every command.
    """
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
    return raw.hex()


def utcnow() -> datetime:
    """Timestamps are stored in UTC, to the second, so two devices agree."""
    return datetime.now(UTC).replace(microsecond=0)


def iso_or_none(value: date | time | datetime | None) -> str | None:
    """A stored optional date or time: ISO text, or ``None``."""
    return value.isoformat() if value is not None else None


def stored_date(value: Any) -> date | None:
    """A stored optional date: ``None`` or ``""`` is no date (every reader of stored records uses this)."""
    if value is None or value == "":
        return None
    return stored_day(value)


def stored_day(value: Any) -> date:
    """A stored date, refused (``ValueError``: a damaged record) outside the supported years.

    A record dated year 1 or 9999 (hand-edited, or from another device) would
    make week and CPD arithmetic overflow later; refusing it where it is
    decoded names the file and record instead (docs/input.md).
    """
    day = value if isinstance(value, date) else date.fromisoformat(str(value))
    if not MIN_DATE <= day <= MAX_DATE:
        raise ValueError(
            f"date {day.isoformat()} is outside the dates netjournal supports "
            f"({MIN_DATE.year}-{MAX_DATE.year})"
        )
    return day


def _datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    if not value:
        return utcnow()
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


class StoredRecord(Protocol):
    """What every stored record has beside its own fields (see :func:`stored_record`)."""

    @property
    def id(self) -> str: ...
    @property
    def created(self) -> datetime: ...
    @property
    def updated(self) -> datetime: ...
    @property
    def extra(self) -> dict[str, Any]: ...


_KNOWN_KEYS: dict[type, frozenset[str]] = {}


def _known_keys(cls: type) -> frozenset[str]:
    """Field names of a record class; cached because decoding calls it per record."""
    known = _KNOWN_KEYS.get(cls)
    if known is None:
        known = _KNOWN_KEYS[cls] = frozenset(f.name for f in fields(cls) if f.name != "extra")
    return known


def _extra(data: dict[str, Any], known: frozenset[str]) -> dict[str, Any]:
    """Keys this version does not know, kept so they are written back unchanged.

    The subset test runs in C; the dict is built only in the rare case that
    there is something to keep (decoding ten years of activities calls this
    40,000 times).
    """
    if data.keys() <= known:
        return {}
    return {k: v for k, v in data.items() if k not in known}


def stored_record(record: StoredRecord, fields: dict[str, Any]) -> dict[str, Any]:
    """A record as stored: the keys this version does not know first (kept unchanged),
    then its id, ``fields``, and when it was created and last updated."""
    return {
        **record.extra,
        "id": record.id,
        **fields,
        "created": iso_or_none(record.created),
        "updated": iso_or_none(record.updated),
    }


def stored_stamps(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    """When a stored record was created and updated, and the keys this version does not know.

    Read after the record's own fields, so a damaged record reports its first bad field.
    """
    return {
        "created": _datetime(data.get("created")),
        "updated": _datetime(data.get("updated")),
        "extra": _extra(data, _known_keys(cls)),
    }


# Enum lookup by value through a dict: every decoded record looks up three enums,
# and a dict is quicker than ``Mode(value)``.
_MODE_BY_VALUE: dict[str, Mode] = {m.value: m for m in Mode}
_PURPOSE_BY_VALUE: dict[str, Purpose] = {p.value: p for p in Purpose}
_STYLE_BY_VALUE: dict[str, Style] = {s.value: s for s in Style}


def _enum(table: dict[str, Any], enum: type, value: Any) -> Any:
    found = table.get(value)
    return found if found is not None else enum(value)  # raises ValueError with the name


@dataclass(frozen=True, slots=True)
class CpdDetails:
    """What makes an activity count as continuing professional development.

    ``participatory`` is ``None`` until the user decides; the CPD module then
    derives a default from the activity's style (a conversation with other
    professionals is participatory, a broadcast is not).
    """

    topic: str = ""
    method: str = ""
    learning: str = ""
    practice_change: str = ""
    standards: tuple[str, ...] = ()
    participatory: bool | None = None
    evidence: tuple[str, ...] = ()
    hcpc_type: str = ""
    reflect: bool = False
    nature: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.extra,
            "topic": self.topic,
            "method": self.method,
            "learning": self.learning,
            "practice_change": self.practice_change,
            "standards": list(self.standards),
            "participatory": self.participatory,
            "evidence": list(self.evidence),
            "hcpc_type": self.hcpc_type,
            "reflect": self.reflect,
            # Only when written, so records without a reflective account keep their shape.
            **({"nature": self.nature} if self.nature else {}),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        known = _known_keys(cls)
        return cls(
            topic=str(data.get("topic") or ""),
            method=str(data.get("method") or ""),
            learning=str(data.get("learning") or ""),
            practice_change=str(data.get("practice_change") or ""),
            standards=tuple(data.get("standards") or ()),
            participatory=data.get("participatory"),
            evidence=tuple(data.get("evidence") or ()),
            hcpc_type=str(data.get("hcpc_type") or ""),
            reflect=bool(data.get("reflect", False)),
            nature=str(data.get("nature") or ""),
            extra=_extra(data, known),
        )


@dataclass(frozen=True, slots=True)
class Activity:
    """One stretch of networking: a chat on X, a conference day, a coffee.

    ``contact_ids`` link to :class:`Contact` records; the facade turns them
    into names for display and JSON. ``source_id`` is set by importers so a
    re-import recognises what it already brought in.
    """

    date: date
    mode: Mode
    minutes: int
    channel: str = "other"
    purpose: Purpose = Purpose.OTHER
    style: Style = Style.CONVERSATION
    time: time | None = None
    contact_ids: tuple[str, ...] = ()
    note: str = ""
    tags: tuple[str, ...] = ()
    cpd: CpdDetails | None = None
    source_id: str | None = None
    id: str = field(default_factory=new_id)
    created: datetime = field(default_factory=utcnow)
    updated: datetime = field(default_factory=utcnow)
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def is_cpd(self) -> bool:
        return self.cpd is not None

    def touched(self, **changes: Any) -> Activity:
        """A copy with ``changes`` applied and ``updated`` set to now."""
        return replace(self, **changes, updated=utcnow())

    def to_dict(self) -> dict[str, Any]:
        return stored_record(
            self,
            {
                "date": self.date.isoformat(),
                "time": self.time.isoformat(timespec="minutes") if self.time else None,
                "mode": self.mode.value,
                "minutes": self.minutes,
                "channel": self.channel,
                "purpose": self.purpose.value,
                "style": self.style.value,
                "contact_ids": list(self.contact_ids),
                "note": self.note,
                "tags": list(self.tags),
                "cpd": self.cpd.to_dict() if self.cpd else None,
                "source_id": self.source_id,
            },
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        raw_time = data.get("time")
        cpd = data.get("cpd")
        return cls(
            id=str(data["id"]),
            date=stored_day(data["date"]),
            time=time.fromisoformat(raw_time) if raw_time else None,
            mode=_enum(_MODE_BY_VALUE, Mode, data["mode"]),
            minutes=int(data["minutes"]),
            channel=str(data.get("channel") or "other"),
            purpose=_enum(_PURPOSE_BY_VALUE, Purpose, data.get("purpose") or "other"),
            style=_enum(_STYLE_BY_VALUE, Style, data.get("style") or "conversation"),
            contact_ids=tuple(data.get("contact_ids") or ()),
            note=str(data.get("note") or ""),
            tags=tuple(data.get("tags") or ()),
            cpd=CpdDetails.from_dict(cpd) if isinstance(cpd, dict) else None,
            source_id=data.get("source_id"),
            **stored_stamps(cls, data),
        )
