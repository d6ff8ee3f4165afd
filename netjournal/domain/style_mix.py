"""The style mix of a period: how many activities, and minutes, were conversation,
broadcast or listening (:class:`netjournal.domain.models.Style`).

The headline of the sociability summary (:mod:`netjournal.domain.reciprocity`)
is the conversation share of this mix. Stdlib only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from netjournal.domain.models import Activity, Style


def share(part: int, whole: int) -> float | None:
    """``part / whole``, or ``None`` when there is nothing to divide (not 0%: unknown)."""
    return part / whole if whole else None


@dataclass(frozen=True, slots=True)
class StyleMix:
    """How many activities (and minutes) of each style a period held."""

    conversation_count: int = 0
    broadcast_count: int = 0
    listening_count: int = 0
    conversation_minutes: int = 0
    broadcast_minutes: int = 0
    listening_minutes: int = 0

    @property
    def total_count(self) -> int:
        return self.conversation_count + self.broadcast_count + self.listening_count

    @property
    def total_minutes(self) -> int:
        return self.conversation_minutes + self.broadcast_minutes + self.listening_minutes

    def counts(self) -> dict[Style, int]:
        """The number of activities of each style, conversation first."""
        return {
            Style.CONVERSATION: self.conversation_count,
            Style.BROADCAST: self.broadcast_count,
            Style.LISTENING: self.listening_count,
        }

    def minutes(self) -> dict[Style, int]:
        """The minutes of each style, conversation first."""
        return {
            Style.CONVERSATION: self.conversation_minutes,
            Style.BROADCAST: self.broadcast_minutes,
            Style.LISTENING: self.listening_minutes,
        }

    def count_share(self, style: Style) -> float | None:
        return share(self.counts()[style], self.total_count)

    def minutes_share(self, style: Style) -> float | None:
        return share(self.minutes()[style], self.total_minutes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "by_count": {
                s.value: {"count": c, "share": self.count_share(s)}
                for s, c in self.counts().items()
            },
            "by_minutes": {
                s.value: {"minutes": m, "share": self.minutes_share(s)}
                for s, m in self.minutes().items()
            },
            "total_count": self.total_count,
            "total_minutes": self.total_minutes,
        }


def style_mix(activities: Iterable[Activity]) -> StyleMix:
    """Count and sum the minutes of the given activities by style."""
    counts = dict.fromkeys(Style, 0)
    minutes = dict.fromkeys(Style, 0)
    for activity in activities:
        counts[activity.style] += 1
        minutes[activity.style] += activity.minutes
    return StyleMix(
        conversation_count=counts[Style.CONVERSATION],
        broadcast_count=counts[Style.BROADCAST],
        listening_count=counts[Style.LISTENING],
        conversation_minutes=minutes[Style.CONVERSATION],
        broadcast_minutes=minutes[Style.BROADCAST],
        listening_minutes=minutes[Style.LISTENING],
    )
