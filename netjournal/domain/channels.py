"""The channels a journal knows: the built-in list plus the ones its user added.

``--channel linkdin`` used to be stored as a new channel, and the weekly
review then showed "linkdin" beside "linkedin" for ever. A channel outside
:data:`~netjournal.domain.models.KNOWN_CHANNELS` is now refused with a
did-you-mean, unless the user says it is new (``--new-channel``) once; the
store then keeps it (``store/channels.json``), so every later command, on
every copy that syncs the store folder, knows it. Importers set their own
channels and are not checked. Stdlib only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from netjournal.domain.models import CHANNEL_ALIASES
from netjournal.errors import InputError


@dataclass(frozen=True, slots=True)
class CustomChannel:
    """A channel the user added with ``--new-channel``; its name is its id."""

    name: str
    added: str = ""  # ISO date it was first used, for the curious reader of the file

    @property
    def id(self) -> str:
        return self.name

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.name, "name": self.name, "added": self.added}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CustomChannel:
        name, added = data["name"], data.get("added") or ""
        if not isinstance(name, str) or not isinstance(added, str):
            raise TypeError("a channel's name and date are text")
        return cls(name=name, added=added)


def unknown_channel_error(channel: str, known: Iterable[str]) -> InputError:
    """The refusal of a channel outside ``known``, with the nearest spellings offered.

    Aliases count as spellings too, so ``twiter`` suggests ``x`` (via ``twitter``).
    """
    from difflib import get_close_matches

    choices = sorted({*known})
    spellings = {c: c for c in choices}
    spellings.update(CHANNEL_ALIASES)
    close = get_close_matches(channel, list(spellings), n=3, cutoff=0.7)
    offered = list(dict.fromkeys(spellings[c] for c in close))
    guess = f": did you mean {' or '.join(offered)}?" if offered else ""
    return InputError(
        f'unknown channel "{channel}"{guess} (a new channel needs --new-channel once)',
        field="channel",
        hint=None if offered else f"known: {', '.join(choices)}",
    )
