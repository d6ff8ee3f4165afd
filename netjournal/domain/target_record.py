"""A balance target, in force from a day on (a stored record).

Apart from :mod:`~netjournal.domain.models` so that listing and logging
activities does not build its class; the rules that judge a period against a
target are in :mod:`~netjournal.domain.targets`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Self

from netjournal.domain.models import new_id, stored_day, stored_record, stored_stamps, utcnow


@dataclass(frozen=True, slots=True)
class Target:
    """The balance the user aims for, in force from ``effective_from`` on.

    Targets are versioned: a past week is judged against the target that was
    in force on its first day. Shares are fractions 0..1 of networking time
    spent online. ``daily_max_online_minutes`` is a limit, not a goal.
    """

    effective_from: date
    online_min_share: float | None = None
    online_max_share: float | None = None
    weekly_min_minutes: int | None = None
    weekly_min_conversations: int | None = None
    monthly_min_new_connections: int | None = None
    daily_max_online_minutes: int | None = None
    id: str = field(default_factory=new_id)
    created: datetime = field(default_factory=utcnow)
    updated: datetime = field(default_factory=utcnow)
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return stored_record(
            self,
            {
                "effective_from": self.effective_from.isoformat(),
                "online_min_share": self.online_min_share,
                "online_max_share": self.online_max_share,
                "weekly_min_minutes": self.weekly_min_minutes,
                "weekly_min_conversations": self.weekly_min_conversations,
                "monthly_min_new_connections": self.monthly_min_new_connections,
                "daily_max_online_minutes": self.daily_max_online_minutes,
            },
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        return cls(
            id=str(data["id"]),
            effective_from=stored_day(data["effective_from"]),
            online_min_share=data.get("online_min_share"),
            online_max_share=data.get("online_max_share"),
            weekly_min_minutes=data.get("weekly_min_minutes"),
            weekly_min_conversations=data.get("weekly_min_conversations"),
            monthly_min_new_connections=data.get("monthly_min_new_connections"),
            daily_max_online_minutes=data.get("daily_max_online_minutes"),
            **stored_stamps(cls, data),
        )
