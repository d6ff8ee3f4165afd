"""Calendar periods the review is made of: weeks, months, quarters, years.

A period is a closed range of *naive local dates*. netjournal never turns an
activity into an aware datetime, so clock changes (Europe/London's DST
weekends) cannot add or lose minutes: a day is a date, not 23 or 25 hours.

Week labels are ISO labels (``2026-W48``). When weeks start on another day
than Monday (``Config.week_start``), a week is labelled with the ISO label of
the one Monday inside it; every 7-day week holds exactly one Monday, so labels
stay unique, ordered and familiar (a Sunday-start week 22–28 Nov 2026 is
``2026-W48``, like the ISO week 23–29 Nov it overlaps by six days).

Stdlib only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from netjournal.errors import DateOutOfRangeError, InputError


class PeriodKind(StrEnum):
    """The spans a review or a trend can be made of."""

    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


@dataclass(frozen=True, slots=True)
class Period:
    """One calendar period: ``start`` and ``end`` are both included."""

    kind: PeriodKind
    start: date
    end: date
    label: str

    @property
    def days(self) -> int:
        """Number of calendar days in the period (7 for a week)."""
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def _week_label(start: date) -> str:
    """The ISO label of the Monday inside the 7-day week beginning ``start``."""
    monday = start + timedelta(days=(7 - start.weekday()) % 7)
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def week_of(day: date, week_start: int = 0) -> Period:
    """The week holding ``day``; ``week_start`` is 0 for Monday … 6 for Sunday."""
    if not 0 <= week_start <= 6:
        raise InputError(f"week start must be 0..6, not {week_start}", field="week_start")
    start = day - timedelta(days=(day.weekday() - week_start) % 7)
    return Period(PeriodKind.WEEK, start, start + timedelta(days=6), _week_label(start))


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


def month_of(day: date) -> Period:
    """The calendar month holding ``day``, labelled ``2026-11``."""
    start = day.replace(day=1)
    return Period(
        PeriodKind.MONTH, start, _month_end(day.year, day.month), f"{day.year}-{day.month:02d}"
    )


def quarter_of(day: date) -> Period:
    """The calendar quarter holding ``day`` (Q1 = Jan–Mar), labelled ``2026-Q4``."""
    q = (day.month - 1) // 3
    start = date(day.year, 3 * q + 1, 1)
    return Period(
        PeriodKind.QUARTER, start, _month_end(day.year, 3 * q + 3), f"{day.year}-Q{q + 1}"
    )


def year_of(day: date) -> Period:
    """The calendar year holding ``day``, labelled ``2026``."""
    return Period(PeriodKind.YEAR, date(day.year, 1, 1), date(day.year, 12, 31), str(day.year))


def period_of(kind: PeriodKind, day: date, week_start: int = 0) -> Period:
    """The period of ``kind`` holding ``day``."""
    if kind is PeriodKind.WEEK:
        return week_of(day, week_start)
    if kind is PeriodKind.MONTH:
        return month_of(day)
    if kind is PeriodKind.QUARTER:
        return quarter_of(day)
    return year_of(day)


def following(period: Period, week_start: int = 0) -> Period:
    """The period right after ``period``."""
    return period_of(period.kind, period.end + timedelta(days=1), week_start)


def preceding(period: Period, week_start: int = 0) -> Period:
    """The period right before ``period``."""
    return period_of(period.kind, period.start - timedelta(days=1), week_start)


def last_periods(kind: PeriodKind, count: int, ending: date, week_start: int = 0) -> list[Period]:
    """The ``count`` periods up to and including the one holding ``ending``, oldest first.

    Built by stepping period to period (O(count)), so callers never loop over
    days or activities to find period bounds.
    """
    if count < 1:
        raise InputError(f"need at least one period, not {count}", field="count")
    current = period_of(kind, ending, week_start)
    periods = [current]
    for _ in range(count - 1):
        current = preceding(current, week_start)
        periods.append(current)
    periods.reverse()
    return periods


# --- reading WHEN ---------------------------------------------------------

# Patterns, compiled on first use by ``re`` (and cached there): most reviews
# name no period, and compiling five patterns on every start-up is not free.
_ISO_WEEK = r"^(\d{4})-?w(\d{1,2})$"
_ISO_MONTH = r"^(\d{4})-(\d{1,2})$"
_QUARTER = r"^(\d{4})-?q([1-4])$"
_YEAR = r"^(\d{4})$"
_OFFSET = r"^-(\d{1,3})$"
_PREVIOUS_WORDS = frozenset({"last", "prev", "previous"})
_CURRENT_WORDS = frozenset({"", "this", "now", "current"})


def parse_when(
    text: str | None,
    kind: PeriodKind,
    today: date,
    week_start: int = 0,
    date_order: str = "dmy",
) -> Period:
    """The period of ``kind`` that ``text`` names.

    Accepted (case-insensitive): nothing/``this`` (the current period);
    ``last``/``previous`` (the one before); ``-N`` (N periods back); a period
    label (``2026-W48``, ``2026-11``, ``2026-Q4``, ``2026``), which selects
    the period of ``kind`` holding the label's first day; or any date
    :func:`netjournal.domain.timeparse.parse_date` reads (``25/11``,
    ``2026-11-25``, ``yesterday``, ``last tue`` …), in ``date_order``.
    """
    word = (text or "").strip().lower()
    current = period_of(kind, today, week_start)
    if word in _CURRENT_WORDS:
        return current
    if word in _PREVIOUS_WORDS:
        return preceding(current, week_start)
    if m := re.match(_OFFSET, word):
        for _ in range(int(m[1])):
            current = preceding(current, week_start)
        return current
    first = _label_first_day(word, text or "")
    if first is None:
        from netjournal.domain.timeparse import parse_date

        try:
            first = parse_date(word, today=today, date_order=date_order, week_start=week_start)
        except DateOutOfRangeError:
            raise
        except InputError as exc:
            raise InputError(
                f"cannot read {text!r} as a date or period",
                field="when",
                hint="e.g. last, -2, 2026-W48, 2026-11, 2026-Q4, 2026, 25/11/2026",
            ) from exc
    from netjournal.domain.timeparse import check_date_range

    return period_of(kind, check_date_range(first, field="when"), week_start)


def _label_first_day(word: str, text: str) -> date | None:
    """The first day of the period a label names, or ``None`` if ``word`` is no label."""
    try:
        if m := re.match(_ISO_WEEK, word):
            return date.fromisocalendar(int(m[1]), int(m[2]), 1)
        if m := re.match(_ISO_MONTH, word):
            return date(int(m[1]), int(m[2]), 1)
        if m := re.match(_QUARTER, word):
            return date(int(m[1]), 3 * (int(m[2]) - 1) + 1, 1)
        if m := re.match(_YEAR, word):
            return date(int(m[1]), 1, 1)
    except ValueError as exc:
        raise InputError(f"no such period {text!r}: {exc}", field="when") from exc
    return None
