"""The online/offline totals of periods and where they sit against the target band.

What the weekly review and the trends share: :func:`tally_days` and
:func:`band_status`. The review of one period (its goals, average and verdict)
is :mod:`netjournal.domain.period_review`, which trends do not load.

Every figure is a sum of day totals (:mod:`netjournal.domain.daily`): the
activities are reduced to days in one pass, and the days are added into every
period needed at once (the period itself, the previous one and the four
before it) by :func:`tally_days`, so a review costs O(days × log periods),
never O(periods × activities). The store keeps each month's day totals, so a
review usually adds up cached days without decoding an activity.

How minutes are counted (docs/review.md gives the same rules to users):

* Minutes are naive local wall-clock minutes. An activity is never turned into
  an aware datetime, so the Europe/London clock changes do not add or lose
  minutes: a 60-minute call at 01:30 on 29 March 2026 counts 60 minutes.
* An activity with a ``time`` that runs past midnight is split at midnight:
  the minutes after 00:00 count on the next day (and so in the next week if
  it was a Sunday, or the next year on 31 December). Without a ``time`` all
  minutes count on ``date``: there is nothing to split by.
* Counts (activities, conversations, broadcasts) and contacts touched belong
  to the day an activity *started*, so an activity is counted once.

Stdlib only.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from netjournal.domain.daily import DayTotals, day_totals
from netjournal.domain.models import Activity
from netjournal.domain.periods import Period
from netjournal.domain.target_record import Target
from netjournal.domain.targets import format_ratio, has_band
from netjournal.domain.timeparse import format_duration

# Band statuses, as they appear in JSON.
INSIDE = "inside"
ABOVE = "above"
BELOW = "below"
NO_ACTIVITY = "no-activity"
NO_TARGET = "no-target"


@dataclass(frozen=True, slots=True)
class ChannelMinutes:
    """Minutes on one channel, split by mode (a video call could be logged offline)."""

    online: int = 0
    offline: int = 0

    @property
    def total(self) -> int:
        return self.online + self.offline


@dataclass(frozen=True, slots=True)
class PeriodTotals:
    """What happened in one period, as plain numbers (no judgement yet)."""

    period: Period
    online_minutes: int
    offline_minutes: int
    activities: int
    conversations: int
    broadcasts: int
    listening: int
    channels: dict[str, ChannelMinutes]
    purposes: dict[str, int]
    contact_ids: frozenset[str]
    online_by_day: dict[date, int]

    @property
    def total_minutes(self) -> int:
        return self.online_minutes + self.offline_minutes

    @property
    def has_activity(self) -> bool:
        """Any minutes at all; a week of zero-minute entries still has no share."""
        return self.total_minutes > 0

    @property
    def online_share(self) -> float | None:
        """online ÷ (online + offline); ``None`` when there is no time to divide."""
        total = self.total_minutes
        return self.online_minutes / total if total else None

    @property
    def ratio(self) -> str | None:
        """``1 : 1.8`` (online : offline), or ``None`` without activity."""
        if not self.has_activity:
            return None
        return format_ratio(self.online_minutes, self.offline_minutes)


def tally_days(
    days: Iterable[tuple[date, DayTotals]], periods: Sequence[Period]
) -> list[PeriodTotals]:
    """Totals for each of ``periods`` (sorted, non-overlapping), adding up day totals.

    Each day finds its period by binary search on the period starts; days
    outside every period are ignored, so callers may pass a slightly wider
    range than they need. A day may come more than once (the day totals of
    two month files can both hold the first of a month, when an activity
    ran past midnight): the pieces simply add up.
    """
    starts = [p.start for p in periods]
    sums = [_PeriodSum() for _ in periods]
    for day, totals in days:
        i = bisect.bisect_right(starts, day) - 1
        if i >= 0 and day <= periods[i].end:
            sums[i].add(day, totals)
    return [s.frozen(p) for s, p in zip(sums, periods, strict=True)]


def tally(activities: Iterable[Activity], periods: Sequence[Period]) -> list[PeriodTotals]:
    """Totals for each of ``periods`` straight from activities (one pass over them)."""
    return tally_days(day_totals(activities).items(), periods)


class _PeriodSum:
    """The mutable accumulator behind :class:`PeriodTotals` (one per period)."""

    __slots__ = ("days", "offline", "online")

    def __init__(self) -> None:
        self.online = 0
        self.offline = 0
        self.days: list[tuple[date, DayTotals]] = []

    def add(self, day: date, totals: DayTotals) -> None:
        self.online += totals.online
        self.offline += totals.offline
        self.days.append((day, totals))

    def frozen(self, period: Period) -> PeriodTotals:
        activities = conversations = broadcasts = listening = 0
        channels: dict[str, list[int]] = {}
        purposes: dict[str, int] = {}
        contacts: set[str] = set()
        online_by_day: dict[date, int] = {}
        for day, t in self.days:
            activities += t.activities
            conversations += t.conversations
            broadcasts += t.broadcasts
            listening += t.listening
            for name, (on, off) in t.channels.items():
                channel = channels.setdefault(name, [0, 0])
                channel[0] += on
                channel[1] += off
            for name, minutes in t.purposes.items():
                purposes[name] = purposes.get(name, 0) + minutes
            contacts |= t.contact_ids
            if t.online_seen:
                online_by_day[day] = online_by_day.get(day, 0) + t.online
        return PeriodTotals(
            period=period,
            online_minutes=self.online,
            offline_minutes=self.offline,
            activities=activities,
            conversations=conversations,
            broadcasts=broadcasts,
            listening=listening,
            channels={k: ChannelMinutes(v[0], v[1]) for k, v in sorted(channels.items())},
            purposes=dict(sorted(purposes.items())),
            contact_ids=frozenset(contacts),
            online_by_day=dict(sorted(online_by_day.items())),
        )


# --- judging against a target ----------------------------------------------


@dataclass(frozen=True, slots=True)
class BandStatus:
    """Where a period's online share sits against the target band.

    ``distance`` is how far outside the band the share is, as a fraction
    (0.22 = 22 percentage points); 0 inside; ``None`` when there is nothing
    to judge (no activity, or no band). Band edges count as inside.
    """

    status: str
    distance: float | None


def band_status(totals: PeriodTotals, target: Target | None) -> BandStatus:
    share = totals.online_share
    if share is None:
        return BandStatus(NO_ACTIVITY, None)
    if target is None or not has_band(target):
        return BandStatus(NO_TARGET, None)
    low = target.online_min_share if target.online_min_share is not None else 0.0
    high = target.online_max_share if target.online_max_share is not None else 1.0
    if share < low:
        return BandStatus(BELOW, low - share)
    if share > high:
        return BandStatus(ABOVE, share - high)
    return BandStatus(INSIDE, 0.0)


# --- words ------------------------------------------------------------------


def format_minutes(minutes: float) -> str:
    """``1h05m``, ``45m``, ``0m``: the shared duration form, for whole or mean minutes."""
    return format_duration(round(minutes))


# --- JSON -------------------------------------------------------------------


def share_json(value: float | None) -> float | None:
    """A share as JSON shows it: four decimals (``0.4375``), ``None`` kept."""
    return None if value is None else round(value, 4)


def period_summary_json(totals: PeriodTotals, band: BandStatus) -> dict[str, Any]:
    """The short form used for ``previous`` and trend points."""
    p = totals.period
    return {
        "label": p.label,
        "start": p.start.isoformat(),
        "end": p.end.isoformat(),
        "online_minutes": totals.online_minutes,
        "offline_minutes": totals.offline_minutes,
        "online_share": share_json(totals.online_share),
        "status": band.status,
    }
