"""Trends: the online share and minutes over many weeks or months.

One :func:`~netjournal.domain.balance.tally_days` pass over the day totals
gives every period's totals; the rolling average is a sliding window sum
(O(periods)), so a 52-week trend costs one pass over a year of days, never
52 passes.

Definitions (docs/review.md gives the same to users):

* rolling average (window 4): for each period, the mean online and offline
  minutes of that period and the 3 before it, and the pooled online share
  over the same 4 periods (online ÷ all minutes, ``None`` if all 4 are
  empty). The 3 periods before the first one shown are read too, so the
  first point's average is complete.
* a streak is a run of consecutive periods whose status is ``inside`` (each
  judged against the target in force for it). A period with no activity or
  no band breaks a streak. The *current* streak ends at the latest period —
  except that the period still in progress, if it is not (yet) inside, is
  skipped rather than counted as a break: Monday morning should not reset
  a ten-week streak. Streaks are counted within the periods shown.

Stdlib only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from netjournal.domain.balance import (
    INSIDE,
    BandStatus,
    PeriodTotals,
    band_status,
    format_minutes,
    period_summary_json,
    tally_days,
)
from netjournal.domain.daily import DayTotals
from netjournal.domain.periods import Period, PeriodKind, last_periods
from netjournal.domain.target_record import Target
from netjournal.domain.targets import (
    describe_band,
    has_band,
    target_in_force,
    target_json,
)
from netjournal.presentation import share_percent, status_word

ROLLING_WINDOW = 4


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """One period of a trend, with its rolling average and verdict."""

    totals: PeriodTotals
    target: Target | None
    band: BandStatus
    rolling_online_minutes: float
    rolling_offline_minutes: float
    rolling_share: float | None
    in_progress: bool


@dataclass(frozen=True, slots=True)
class TrendSeries:
    """The points of a trend, oldest first, and the streaks inside the band."""

    kind: PeriodKind
    points: tuple[TrendPoint, ...]
    current_streak: int
    longest_streak: int


def trend_periods(kind: PeriodKind, count: int, ending: date, week_start: int = 0) -> list[Period]:
    """The ``count`` periods shown plus the ``ROLLING_WINDOW - 1`` read before them."""
    return last_periods(kind, count + ROLLING_WINDOW - 1, ending, week_start)


def streaks(statuses: Sequence[str], last_in_progress: bool) -> tuple[int, int]:
    """(current, longest) runs of ``inside``; see the module docstring for the rules."""
    longest = run = 0
    for status in statuses:
        run = run + 1 if status == INSIDE else 0
        longest = max(longest, run)
    tail = list(statuses)
    if tail and last_in_progress and tail[-1] != INSIDE:
        tail.pop()
    current = 0
    for status in reversed(tail):
        if status != INSIDE:
            break
        current += 1
    return current, longest


def build_trends(
    kind: PeriodKind,
    count: int,
    days: Iterable[tuple[date, DayTotals]],
    targets: Sequence[Target],
    today: date,
    *,
    week_start: int = 0,
) -> TrendSeries:
    """The last ``count`` periods of ``kind`` up to the one holding ``today``.

    ``days`` are the day totals (:func:`netjournal.domain.daily.days_of`) of
    the activities from ``trend_periods(...)[0].start - SPILL_DAYS`` to
    ``today``'s period end; days outside are ignored.
    """
    periods = trend_periods(kind, count, today, week_start)
    totals = tally_days(days, periods)
    lead = ROLLING_WINDOW - 1
    online_sum = sum(t.online_minutes for t in totals[:lead])
    offline_sum = sum(t.offline_minutes for t in totals[:lead])
    points: list[TrendPoint] = []
    for i in range(lead, len(totals)):
        t = totals[i]
        online_sum += t.online_minutes
        offline_sum += t.offline_minutes
        if i - ROLLING_WINDOW >= 0:
            online_sum -= totals[i - ROLLING_WINDOW].online_minutes
            offline_sum -= totals[i - ROLLING_WINDOW].offline_minutes
        target = target_in_force(targets, t.period.start, t.period.end)
        pooled = online_sum + offline_sum
        points.append(
            TrendPoint(
                totals=t,
                target=target,
                band=band_status(t, target),
                rolling_online_minutes=online_sum / ROLLING_WINDOW,
                rolling_offline_minutes=offline_sum / ROLLING_WINDOW,
                rolling_share=online_sum / pooled if pooled else None,
                in_progress=t.period.contains(today),
            )
        )
    current, longest = streaks(
        [p.band.status for p in points], bool(points) and points[-1].in_progress
    )
    return TrendSeries(kind, tuple(points), current, longest)


def trends_json(series: TrendSeries) -> dict[str, Any]:
    """The stable JSON of ``netjournal trends`` (see docs/review.md)."""
    latest = series.points[-1].target if series.points else None
    return {
        "period": series.kind.value,
        "count": len(series.points),
        "rolling_window": ROLLING_WINDOW,
        "target": target_json(latest),
        "current_streak": series.current_streak,
        "longest_streak": series.longest_streak,
        "points": [
            {
                **period_summary_json(p.totals, p.band),
                "total_minutes": p.totals.total_minutes,
                "status_distance": None if p.band.distance is None else round(p.band.distance, 4),
                "target_id": p.target.id if p.target else None,
                "in_progress": p.in_progress,
                "rolling_online_minutes": round(p.rolling_online_minutes, 1),
                "rolling_offline_minutes": round(p.rolling_offline_minutes, 1),
                "rolling_online_share": None
                if p.rolling_share is None
                else round(p.rolling_share, 4),
            }
            for p in series.points
        ],
    }


# --- text rendering -----------------------------------------------------------

_SPARKS = "▁▂▃▄▅▆▇█"
_BAR_WIDTH = 20


def sparkline(shares: Sequence[float | None]) -> str:
    """One block character per period on a fixed 0–100% scale; a space when empty.

    The scale is fixed (unlike ``textual.widgets.Sparkline``'s min..max) so
    that two trends can be compared by eye and 50% always looks the same.
    """
    chars = []
    for share in shares:
        if share is None:
            chars.append(" ")
        else:
            chars.append(_SPARKS[min(len(_SPARKS) - 1, int(share * len(_SPARKS)))])
    return "".join(chars)


def share_bar(totals: PeriodTotals, tty: bool) -> str:
    """A fixed-width bar: online part then offline part, scaled to the period's share."""
    share = totals.online_share
    if share is None:
        return ""
    online_cells = round(share * _BAR_WIDTH)
    on, off = ("█", "░") if tty else ("#", ".")
    return on * online_cells + off * (_BAR_WIDTH - online_cells)


def render_trends(series: TrendSeries, tty: bool) -> str:
    """The text of ``netjournal trends``.

    On a terminal the table is led by a sparkline and bars use block
    characters; otherwise (a pipe, a file, a CI log) it is plain ASCII with
    the same rows, so the output can be grepped and diffed.
    """
    kind = series.kind.value
    lines: list[str] = []
    if not series.points:
        return f"No {kind}s to show."
    first, last = series.points[0].totals.period, series.points[-1].totals.period
    lines.append(f"Trends over {len(series.points)} {kind}s, {first.label} to {last.label}")
    latest = series.points[-1].target
    if has_band(latest) and latest is not None:
        lines.append(
            f"Target now: {describe_band(latest.online_min_share, latest.online_max_share)}"
        )
    else:
        lines.append("No balance target set (netjournal target set --online 30-50%).")
    if tty:
        spark = sparkline([p.totals.online_share for p in series.points])
        lines.append(f"Online share (0–100%, blank = no activity): {spark}")
    lines.append("")
    header = (
        f"{kind.capitalize():<9} {'Online':>7} {'Offline':>8} {'Share':>6} "
        f"{'4-avg':>6} {'Status':<9} Balance (online|offline)"
    )
    lines.append(header)
    for p in series.points:
        t = p.totals
        share = share_percent(t.online_share, missing="-")
        rolling = share_percent(p.rolling_share, missing="-")
        status = "-" if p.band.status == "no-activity" else status_word(p.band.status)
        label = f"{t.period.label}*" if p.in_progress else t.period.label
        lines.append(
            f"{label:<9} {format_minutes(t.online_minutes):>7} "
            f"{format_minutes(t.offline_minutes):>8} {share:>6} {rolling:>6} "
            f"{status:<9} {share_bar(t, tty)}".rstrip()
        )
    lines.append("")
    unit = kind if series.current_streak == 1 else f"{kind}s"
    longest_unit = kind if series.longest_streak == 1 else f"{kind}s"
    lines.append(
        f"Streak inside the band: {series.current_streak} {unit} now, "
        f"longest {series.longest_streak} {longest_unit}."
    )
    if series.points[-1].in_progress:
        lines.append(f"* {last.label} is still in progress.")
    return "\n".join(lines)
