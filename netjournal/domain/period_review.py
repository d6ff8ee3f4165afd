"""The review of one period (``netjournal week``, month, quarter, year): goals, average, verdict.

Built on the totals and band status of :mod:`netjournal.domain.balance`,
which the trends share; the goals other than the band, the 4-period average,
the one-line verdict and the review's JSON are the review's alone, so a trend
never loads them. How minutes are counted: :mod:`netjournal.domain.balance`.

Stdlib only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from netjournal.domain.balance import (
    ABOVE,
    INSIDE,
    NO_TARGET,
    BandStatus,
    PeriodTotals,
    band_status,
    format_minutes,
    period_summary_json,
    share_json,
    tally_days,
)
from netjournal.domain.daily import DayTotals
from netjournal.domain.periods import Period, PeriodKind, preceding
from netjournal.domain.target_record import Target
from netjournal.domain.targets import describe_band, target_in_force, target_json
from netjournal.presentation import plural, share_percent

if TYPE_CHECKING:
    from netjournal.domain.keep_in_touch import DueContact

#: How many periods before the reviewed one make up its "4-period average".
AVERAGE_WINDOW = 4


# --- goals other than the band ------------------------------------------------


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


# --- words ---


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


# --- JSON ---


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
        "online_share": share_json(t.online_share),
        "ratio": t.ratio,
        "target": target_json(review.target),
        "status": review.band.status,
        "status_distance": share_json(review.band.distance),
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
            "online_share": share_json(avg.online_share),
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
