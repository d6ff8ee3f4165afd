"""Turning what people type into the controlled vocabulary of the model.

Shared by the CLI, the TUI form and the importers so that ``twitter``,
``Twitter`` and ``x`` all mean the same channel everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from typing import TypeVar

from netjournal.domain.models import (
    CHANNEL_ALIASES,
    KNOWN_CHANNELS,
    PURPOSE_ALIASES,
    Initiator,
    Mode,
    Purpose,
    Style,
)
from netjournal.errors import InputError

_CHANNEL_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


_Choice = TypeVar("_Choice", bound=StrEnum)


def _choices(values: list[str]) -> str:
    return ", ".join(values)


def by_prefix(choices: Iterable[_Choice], word: str, unknown: InputError) -> _Choice:
    """The one choice whose value starts with ``word`` (``con`` is ``conversation``);
    ``unknown`` is raised when none or several do, or ``word`` is empty."""
    matches = [c for c in choices if word and c.value.startswith(word)]
    if len(matches) != 1:
        raise unknown
    return matches[0]


def parse_mode(text: str) -> Mode:
    """``online``/``offline`` (or a prefix such as ``on``/``off``)."""
    word = text.strip().lower()
    for mode in Mode:
        if word and (mode.value == word or (len(word) >= 2 and mode.value.startswith(word))):
            return mode
    raise InputError(
        f"unknown mode {text!r}: use online or offline", field="mode", hint="e.g. online"
    )


def parse_style(text: str) -> Style:
    """``conversation``, ``broadcast`` or ``listening`` (unique prefixes accepted)."""
    unknown = InputError(
        f"unknown style {text!r}: use {_choices([s.value for s in Style])}", field="style"
    )
    return by_prefix(Style, text.strip().lower(), unknown)


#: The seven reasons in the words of the article the purposes come from, so
#: ``--purpose "have views validated"`` reads as typed (apostrophes, case and
#: spacing aside).
PURPOSE_PHRASES: dict[str, Purpose] = {
    "source information": Purpose.SOURCE_INFORMATION,
    "make new connections": Purpose.MAKE_CONNECTIONS,
    "maintain existing ones": Purpose.MAINTAIN_CONNECTIONS,
    "maintain existing connections": Purpose.MAINTAIN_CONNECTIONS,
    "share what i am doing": Purpose.SHARE_WORK,
    "share what i'm doing": Purpose.SHARE_WORK,
    "find others doing similar things": Purpose.FIND_SIMILAR,
    "have assumptions challenged": Purpose.CHALLENGE_ASSUMPTIONS,
    "have my assumptions challenged": Purpose.CHALLENGE_ASSUMPTIONS,
    "have views validated": Purpose.VALIDATE_VIEWS,
    "have my views validated": Purpose.VALIDATE_VIEWS,
}

#: Channels where one mostly listens: a talk, a webinar, reading.
LISTENING_CHANNELS = frozenset({"conference", "webinar", "reading", "podcast"})


def parse_purpose(text: str) -> Purpose:
    """A purpose value, the article's wording, an alias (``maintain``) or a unique prefix."""
    phrase = " ".join(text.strip().lower().replace("’", "'").replace("-", " ").split())
    if phrase in PURPOSE_PHRASES:
        return PURPOSE_PHRASES[phrase]
    word = phrase.replace(" ", "-").replace("_", "-")
    if word in PURPOSE_ALIASES:
        return PURPOSE_ALIASES[word]
    unknown = InputError(
        f"unknown purpose {text!r}: use one of {_choices([p.value for p in Purpose])}",
        field="purpose",
        hint="short forms work too, e.g. maintain, share, source",
    )
    return by_prefix(Purpose, word, unknown)


def infer_style(channel: str, purpose: Purpose, with_people: bool) -> Style:
    """The style an activity most likely had, when the user did not say.

    Defaulting every activity to "conversation" flattered the sociability
    figures: a conference talk or a post to everyone is not a two-way
    exchange. The rules, first match wins: an activity logged with people
    is a conversation; a conference, webinar, podcast or reading is
    listening; a post to share or broadcast is a broadcast; sourcing
    information alone is listening; anything else stays a conversation.
    The confirmation line shows the style, so a wrong guess is seen and
    changed with ``--style``.
    """
    if with_people:
        return Style.CONVERSATION
    if channel in LISTENING_CHANNELS:
        return Style.LISTENING
    if purpose in (Purpose.BROADCAST, Purpose.SHARE_WORK):
        return Style.BROADCAST
    if purpose is Purpose.SOURCE_INFORMATION:
        return Style.LISTENING
    return Style.CONVERSATION


def parse_initiator(text: str) -> Initiator:
    """Who started a conversation: ``me`` or ``them``."""
    word = text.strip().lower()
    aliases = {
        "me": Initiator.ME,
        "i": Initiator.ME,
        "them": Initiator.THEM,
        "they": Initiator.THEM,
    }
    if word in aliases:
        return aliases[word]
    raise InputError(f"unknown initiator {text!r}: use me or them", field="initiated_by")


def normalize_channel(text: str) -> str:
    """A channel name in lower-kebab form; unknown but well-formed names are allowed.

    The channel list is extensible on purpose (new platforms appear every
    year); only the spelling is checked.
    """
    word = text.strip().lower().replace(" ", "-").replace("_", "-")
    word = CHANNEL_ALIASES.get(word, word)
    if not _CHANNEL_RE.match(word):
        raise InputError(
            f"bad channel {text!r}: use letters, digits and dashes",
            field="channel",
            hint=f"known: {_choices(list(KNOWN_CHANNELS))}",
        )
    return word


def default_mode_for_channel(channel: str) -> Mode | None:
    """The mode a known channel implies (``x`` is online), or ``None``."""
    return KNOWN_CHANNELS.get(channel)


def normalize_tag(text: str) -> str:
    """Tags are case-insensitive words; a leading ``#`` is dropped."""
    tag = text.strip().lstrip("#").lower()
    if not tag or any(ch.isspace() for ch in tag):
        raise InputError(f"bad tag {text!r}: a tag is one word", field="tags")
    return tag
