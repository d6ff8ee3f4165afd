"""Turning what people type into the controlled vocabulary of the model.

Shared by the CLI, the TUI form and the importers so that ``twitter``,
``Twitter`` and ``x`` all mean the same channel everywhere.
"""

from __future__ import annotations

import re

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


def _choices(values: list[str]) -> str:
    return ", ".join(values)


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
    word = text.strip().lower()
    matches = [s for s in Style if word and s.value.startswith(word)]
    if len(matches) == 1:
        return matches[0]
    raise InputError(
        f"unknown style {text!r}: use {_choices([s.value for s in Style])}",
        field="style",
    )


def parse_purpose(text: str) -> Purpose:
    """A purpose value, an alias (``maintain``, ``share``) or a unique prefix."""
    word = text.strip().lower().replace(" ", "-").replace("_", "-")
    if word in PURPOSE_ALIASES:
        return PURPOSE_ALIASES[word]
    matches = [p for p in Purpose if word and p.value.startswith(word)]
    if len(matches) == 1:
        return matches[0]
    raise InputError(
        f"unknown purpose {text!r}: use one of {_choices([p.value for p in Purpose])}",
        field="purpose",
        hint="short forms work too, e.g. maintain, share, source",
    )


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
