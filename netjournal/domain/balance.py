"""The online/offline review of one period: totals, target status, verdict.

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
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from netjournal.domain.daily import DayTotals, day_totals
from netjournal.domain.models import Activity
from netjournal.domain.periods import Period, PeriodKind, preceding
from netjournal.domain.target_record import Target
from netjournal.domain.targets import (
    describe_band,
    format_ratio,
    has_band,
    target_in_force,
    target_json,
)
from netjournal.domain.timeparse import format_duration
from netjournal.presentation import plural, share_percent

if TYPE_CHECKING:
    from netjournal.domain.keep_in_touch import DueContact

#: How many periods before the reviewed one make up its "4-period average".
AVERAGE_WINDOW = 4

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


@dataclass(frozen=True, slots=True)
class GoalCheck:
    """One optional target other than the band, checked against one period.

    ``kind`` is ``minimum`` (a goal: ``met`` when ``actual >= goal``) or
    ``limit`` (``met`` when no day went over; ``days_over`` and ``worst_day``
    say where it did). Weekly goals are scaled to the period's length
    (× days/7), the monthly new-connections goal by its months (×1, ×3, ×12;
    it is not judged on a week).
    """

    name: str
    kind: str
    goal: int
    actual: int
    met: bool
    days_over: int | None = None
    worst_day: date | None = None

    @property
    def gap(self) -> int:
        """How much is missing (minimum) or the worst excess (limit); 0 when met."""
        if self.kind == "limit":
            return max(0, self.actual - self.goal)
        return max(0, self.goal - self.actual)


_MONTHS_IN = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}


def _scaled_weekly(goal: int, period: Period) -> int:
    return round(goal * period.days / 7)


def goal_checks(
    totals: PeriodTotals, target: Target | None, new_connections: int | None
) -> list[GoalCheck]:
    """The optional goals of ``target`` judged on ``totals`` (empty without target)."""
    if target is None:
        return []
    period = totals.period
    checks: list[GoalCheck] = []
    if target.weekly_min_minutes is not None:
        goal = _scaled_weekly(target.weekly_min_minutes, period)
        checks.append(
            GoalCheck(
                "min-minutes", "minimum", goal, totals.total_minutes, totals.total_minutes >= goal
            )
        )
    if target.weekly_min_conversations is not None:
        goal = _scaled_weekly(target.weekly_min_conversations, period)
        checks.append(
            GoalCheck(
                "min-conversations",
                "minimum",
                goal,
                totals.conversations,
                totals.conversations >= goal,
            )
        )
    months = _MONTHS_IN.get(period.kind)
    if target.monthly_min_new_connections is not None and months and new_connections is not None:
        goal = target.monthly_min_new_connections * months
        checks.append(
            GoalCheck(
                "min-new-connections", "minimum", goal, new_connections, new_connections >= goal
            )
        )
    if target.daily_max_online_minutes is not None:
        limit = target.daily_max_online_minutes
        over = {d: m for d, m in totals.online_by_day.items() if m > limit}
        worst_day = max(
            totals.online_by_day, key=lambda d: (totals.online_by_day[d], d), default=None
        )
        worst = totals.online_by_day[worst_day] if worst_day else 0
        checks.append(
            GoalCheck(
                "max-online-per-day",
                "limit",
                limit,
                worst,
                not over,
                days_over=len(over),
                worst_day=worst_day,
            )
        )
    return checks


# --- the review -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Average:
    """The mean of the ``AVERAGE_WINDOW`` periods before the reviewed one.

    Minutes are plain means (an empty week counts as 0 minutes: it happened).
    The share is pooled — online minutes ÷ all minutes over the window — so a
    week with 10 minutes does not weigh as much as one with 10 hours, and it
    is ``None`` only when the whole window is empty.
    """

    periods: tuple[Period, ...]
    online_minutes: float
    offline_minutes: float
    online_share: float | None


def average_of(window: Sequence[PeriodTotals]) -> Average:
    n = len(window)
    online = sum(t.online_minutes for t in window)
    offline = sum(t.offline_minutes for t in window)
    return Average(
        periods=tuple(t.period for t in window),
        online_minutes=online / n if n else 0.0,
        offline_minutes=offline / n if n else 0.0,
        online_share=online / (online + offline) if online + offline else None,
    )


class Summary(Protocol):
    """A figure set computed elsewhere and shown inside the review (reciprocity)."""

    def to_dict(self) -> dict[str, Any]: ...

    def text(self) -> str: ...


@dataclass(frozen=True, slots=True)
class PeriodReview:
    """Everything ``netjournal week`` (or month/quarter/year) reports."""

    totals: PeriodTotals
    target: Target | None
    band: BandStatus
    goals: tuple[GoalCheck, ...]
    previous: PeriodTotals
    previous_band: BandStatus
    average: Average
    new_connections: int | None
    complete: bool
    verdict: str
    sociability: Summary | None = None
    contacts_due: tuple[DueContact, ...] | None = None


def periods_for_review(period: Period, week_start: int = 0) -> list[Period]:
    """The reviewed period and the ``AVERAGE_WINDOW`` before it, oldest first."""
    periods = [period]
    for _ in range(AVERAGE_WINDOW):
        periods.append(preceding(periods[-1], week_start))
    periods.reverse()
    return periods


def review_period(
    period: Period,
    days: Iterable[tuple[date, DayTotals]],
    targets: Sequence[Target],
    today: date,
    *,
    week_start: int = 0,
    new_connection_dates: Iterable[date] = (),
) -> PeriodReview:
    """Review ``period``: one sum of ``days`` for it and the 4 before.

    ``days`` are the day totals (:func:`netjournal.domain.daily.days_of`) of
    the activities from ``periods_for_review(...)[0].start - SPILL_DAYS`` to
    ``period.end`` (the extra day catches activities running past midnight
    into the window); days outside are ignored. ``new_connection_dates``
    are the days contacts became known, counted when inside ``period``.
    """
    periods = periods_for_review(period, week_start)
    totals_all = tally_days(days, periods)
    totals = totals_all[-1]
    previous = totals_all[-2]
    target = target_in_force(targets, period.start, period.end)
    previous_target = target_in_force(targets, previous.period.start, previous.period.end)
    new_connections = sum(1 for d in new_connection_dates if period.contains(d))
    band = band_status(totals, target)
    goals = tuple(goal_checks(totals, target, new_connections))
    review = PeriodReview(
        totals=totals,
        target=target,
        band=band,
        goals=goals,
        previous=previous,
        previous_band=band_status(previous, previous_target),
        average=average_of(totals_all[:-1]),
        new_connections=new_connections,
        complete=today > period.end,
        verdict="",
    )
    return _with_verdict(review, today)


# --- words ------------------------------------------------------------------


def format_minutes(minutes: float) -> str:
    """``1h05m``, ``45m``, ``0m``: the shared duration form, for whole or mean minutes."""
    return format_duration(round(minutes))


def period_phrase(period: Period, today: date) -> str:
    """``this week`` for the current period, else ``in week 2026-W47`` / ``in month 2026-10``."""
    if period.contains(today):
        return f"this {period.kind.value}"
    return f"in {period.kind.value} {period.label}"


def _points(distance: float) -> str:
    """Percentage points, whole unless that would read as 0 (``0.4 points``)."""
    raw = distance * 100
    pts: float = round(raw) if raw >= 0.95 else round(raw, 1)
    return f"{pts:g} {'point' if pts == 1 else 'points'}"


def _goal_clause(check: GoalCheck) -> str:
    if check.name == "min-minutes":
        return f"{format_minutes(check.gap)} short of your {format_minutes(check.goal)} minimum"
    if check.name == "min-conversations":
        return f"{plural(check.gap, 'conversation')} short of your minimum of {check.goal}"
    if check.name == "min-new-connections":
        return f"{plural(check.gap, 'new connection')} short of your minimum of {check.goal}"
    days = check.days_over or 0
    return f"online over your {format_minutes(check.goal)} daily limit on {plural(days, 'day')}"


def _with_verdict(review: PeriodReview, today: date) -> PeriodReview:
    return replace(review, verdict=verdict_for(review, today))


def verdict_for(review: PeriodReview, today: date) -> str:
    """One plain-English line: the balance first, then the most useful next fact."""
    totals = review.totals
    phrase = period_phrase(totals.period, today)
    if not totals.has_activity:
        yet = " yet" if not review.complete else ""
        return f"No networking logged{yet} {phrase}."
    share = totals.online_share or 0.0
    band = review.band
    where = f"{share_percent(share)} online ({totals.ratio})"
    target = review.target
    if band.status == NO_TARGET or target is None:
        first = f"{where} {phrase}; no balance target set."
    else:
        band_text = describe_band(target.online_min_share, target.online_max_share).split(" (")[0]
        if band.status == INSIDE:
            first = f"Balanced {phrase}: {where}, inside your {band_text} band."
        elif band.status == ABOVE:
            first = (
                f"Online-heavy {phrase}: {where}, "
                f"{_points(band.distance or 0.0)} above your {band_text} band."
            )
        else:
            first = (
                f"Offline-heavy {phrase}: {where}, "
                f"{_points(band.distance or 0.0)} below your {band_text} band."
            )
    unmet = [g for g in review.goals if not g.met]
    if unmet:
        return f"{first[:-1]}; {_goal_clause(unmet[0])}."
    delta = totals.total_minutes - review.previous.total_minutes
    if delta == 0:
        return f"{first[:-1]}; same time as the {review.previous.period.kind.value} before."
    direction = "more" if delta > 0 else "less"
    so_far = "" if review.complete else " so far"
    return (
        f"{first[:-1]}; {format_minutes(abs(delta))} {direction}{so_far} than the "
        f"{review.previous.period.kind.value} before."
    )


# --- JSON -------------------------------------------------------------------


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def goal_json(check: GoalCheck) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": check.name,
        "kind": check.kind,
        "goal": check.goal,
        "actual": check.actual,
        "met": check.met,
        "gap": check.gap,
    }
    if check.kind == "limit":
        data["days_over"] = check.days_over
        data["worst_day"] = check.worst_day.isoformat() if check.worst_day else None
    return data


def period_summary_json(totals: PeriodTotals, band: BandStatus) -> dict[str, Any]:
    """The short form used for ``previous`` and trend points."""
    p = totals.period
    return {
        "label": p.label,
        "start": p.start.isoformat(),
        "end": p.end.isoformat(),
        "online_minutes": totals.online_minutes,
        "offline_minutes": totals.offline_minutes,
        "online_share": _share(totals.online_share),
        "status": band.status,
    }


def _delta(a: float | None, b: float | None, digits: int) -> float | None:
    if a is None or b is None:
        return None
    return round(a - b, digits)


def review_json(review: PeriodReview) -> dict[str, Any]:
    """The stable JSON of a review (documented key by key in docs/review.md)."""
    t = review.totals
    p = t.period
    avg = review.average
    return {
        "period": p.kind.value,
        p.kind.value: p.label,
        "label": p.label,
        "start": p.start.isoformat(),
        "end": p.end.isoformat(),
        "complete": review.complete,
        "online_minutes": t.online_minutes,
        "offline_minutes": t.offline_minutes,
        "total_minutes": t.total_minutes,
        "online_share": _share(t.online_share),
        "ratio": t.ratio,
        "target": target_json(review.target),
        "status": review.band.status,
        "status_distance": _share(review.band.distance),
        "goals": [goal_json(g) for g in review.goals],
        "activities": t.activities,
        "conversations": t.conversations,
        "broadcasts": t.broadcasts,
        "listening": t.listening,
        "contacts_touched": len(t.contact_ids),
        "new_connections": review.new_connections,
        "channels": {
            name: {"online_minutes": c.online, "offline_minutes": c.offline}
            for name, c in t.channels.items()
        },
        "purposes": dict(t.purposes),
        "previous": period_summary_json(review.previous, review.previous_band),
        "average": {
            "periods": [q.label for q in avg.periods],
            "online_minutes": round(avg.online_minutes, 1),
            "offline_minutes": round(avg.offline_minutes, 1),
            "online_share": _share(avg.online_share),
        },
        "change": {
            "total_minutes_vs_previous": t.total_minutes - review.previous.total_minutes,
            "online_share_vs_previous": _delta(t.online_share, review.previous.online_share, 4),
            "total_minutes_vs_average": round(
                t.total_minutes - (avg.online_minutes + avg.offline_minutes), 1
            ),
            "online_share_vs_average": _delta(t.online_share, avg.online_share, 4),
        },
        "contacts_due": None
        if review.contacts_due is None
        else [d.to_json() for d in review.contacts_due],
        "verdict": review.verdict,
        "sociability": None if review.sociability is None else review.sociability.to_dict(),
    }
