"""Review: the balance of a period, trends over many, targets, and the sociability figures.

The rules live in :mod:`netjournal.domain.periods`, ``.balance``, ``.trends``,
``.targets`` and ``.reciprocity``. Only the months a review needs are read,
and their day totals and conversation facts come from the derived cache
(docs/review.md, docs/data-format.md). Who is due comes from
:class:`~netjournal.journal.keep_in_touch.KeepInTouchService`, loaded only
by a review of the current period; trends and past periods read the cached
*known since* days, which that service makes only when they are missing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from netjournal.domain.checked import array
from netjournal.domain.conversation_facts import (
    ConversationFacts,
    conversation_dates,
    conversation_row,
    row_years,
)
from netjournal.domain.daily import (
    SPILL_DAYS,
    DayTotals,
    day_totals,
    days_from_json,
    days_of,
    days_to_json,
)
from netjournal.domain.known_since import known_between, known_in, known_since_from_json
from netjournal.domain.periods import Period, PeriodKind, parse_when, period_of
from netjournal.domain.reciprocity import SociabilitySummary, summarise_periods_since
from netjournal.domain.target_record import Target
from netjournal.domain.targets import TargetInput, build_target, sorted_history, target_in_force
from netjournal.errors import InputError
from netjournal.journal.core import Core, Service

if TYPE_CHECKING:
    from netjournal.domain.keep_in_touch import DueContact
    from netjournal.domain.period_review import PeriodReview
    from netjournal.domain.trends import TrendSeries
    from netjournal.journal.keep_in_touch import KeepInTouchService


class ReviewService(Service):
    """``journal.review``: how the journal adds up over weeks, months and years."""

    def __init__(self, core: Core, keep_in_touch: Callable[[], KeepInTouchService]) -> None:
        super().__init__(core)
        self._keep_in_touch = keep_in_touch  # called when needed: trends never need it

    @staticmethod
    def _period_kind(kind: str | PeriodKind) -> PeriodKind:
        try:
            return PeriodKind(kind)
        except ValueError as exc:
            choices = ", ".join(k.value for k in PeriodKind)
            raise InputError(f"unknown period {kind!r}: use {choices}", field="period") from exc

    def period(self, kind: str | PeriodKind = "week", when: str | date | None = None) -> Period:
        """The period of ``kind`` that ``when`` names (a date, a label, ``last``, ``-2`` …)."""
        k = self._period_kind(kind)
        if isinstance(when, date):
            return period_of(k, when, self.config.week_start_index)
        return parse_when(
            when,
            k,
            self.today(),
            week_start=self.config.week_start_index,
            date_order=self.config.date_order,
        )

    def balance(
        self,
        kind: str | PeriodKind = "week",
        when: str | date | None = None,
        *,
        sociability: bool = False,
    ) -> PeriodReview:
        """The balance review of one week/month/quarter/year (``netjournal week``).

        Adds up the day totals of that period and the four before it (plus
        one day for activities running past midnight), reads the targets and
        each contact's keep-in-touch facts; all but the targets come from the
        derived cache when the store files have not changed since they were
        last worked out (docs/data-format.md). ``sociability=True`` adds the
        reciprocity summary.
        """
        # Imported here, as the trends are below: a trend reads totals and band status
        # only, and the review's goals, average and verdict cost ≈ 2 ms to load.
        from netjournal.domain.period_review import periods_for_review, review_period

        period = self.period(kind, when)
        week_start = self.config.week_start_index
        window = periods_for_review(period, week_start)
        days = self._day_totals(window[0].start, period.end)
        today = self.today()
        current = period.contains(today)
        cadence = self.config.default_cadence_days

        due: list[DueContact] | None = None
        since: dict[str, date] | None = None
        if current:
            known, due = self._keep_in_touch().day_of_contacts(today, cadence)
            new_dates = known_in(known, period.start, period.end)
        else:
            since = self._known_since()
            new_dates = known_between(since, period.start, period.end)
        result = review_period(
            period,
            days,
            self.repos.targets.all(),
            today,
            week_start=week_start,
            new_connection_dates=new_dates,
        )
        if due is not None:
            result = replace(result, contacts_due=tuple(due))
        if sociability:
            if since is None:
                since = self._known_since()
            summary = self._sociability_of([(period.start, period.end)], days, since)[0]
            result = replace(result, sociability=summary)
        return result

    def _known_since(self) -> dict[str, date]:
        """``{contact id: known since}``: the derived ``known-since`` entry of the contacts file.

        Trends and every sociability figure read it: a map of two thousand
        days is checked in a fraction of the time the full contact facts take.
        """
        return self.repos.contacts.derived_value(
            "known-since",
            1,
            lambda: self._keep_in_touch().known_since_days(),
            known_since_from_json,
        )

    def _day_totals(self, start: date, end: date) -> list[tuple[date, DayTotals]]:
        """Day totals of every activity that can add minutes to ``start``..``end``.

        Whole months come from the derived cache (one entry per month file,
        worked out again only when that file changed), so days outside the
        range are included; every caller adds up only the days it asks about.
        """

        lo = start - timedelta(days=SPILL_DAYS)
        months = self.repos.activities.derived_by_month(
            lo,
            end,
            "activity-days",
            1,
            lambda activities: days_to_json(day_totals(activities)),
            days_from_json,
        )
        if months is None:  # an activity stored twice: only a full read picks the right copy
            return days_of(self.repos.activities.between(lo, end))
        return [pair for month in months for pair in month]

    def _conversation_facts(self, lo: date, hi: date) -> list[ConversationFacts]:
        """Facts of the conversations with a date (start, reply, last) in ``lo``..``hi``.

        The derived cache files them under each year they were active in, so
        a week reads one short list instead of every conversation, and a new
        conversation costs one pass over the stored ones (fields only) and a
        dozen small writes.
        """

        lo_iso, hi_iso = lo.isoformat(), hi.isoformat()

        def active(row: Any) -> bool:
            # On the stored ISO text, before any check: a year holds far more rows than a
            # week uses. A row let through is checked whole by `from_json` (a damaged one
            # makes the entry a miss); a row filtered out is never read, so never trusted.
            return any(isinstance(d, str) and lo_iso <= d <= hi_iso for d in row[2:5])

        def by_year(rows: list[list[Any]]) -> dict[str, list[Any]]:
            parts: dict[str, list[Any]] = {}
            for row in rows:
                for year in row_years(row):
                    parts.setdefault(year, []).append(row)
            return parts

        found = self.repos.conversations.derived_parts(
            "conversation-facts",
            2,
            [f"{year:04d}" for year in range(lo.year, hi.year + 1)],
            conversation_row,
            by_year,
            lambda rows: [ConversationFacts.from_json(r) for r in array(rows) if active(r)],
        )
        unique: dict[str, ConversationFacts] = {}
        for facts in found.values():
            for f in facts:
                if any(lo <= d <= hi for d in conversation_dates(f)):
                    unique[f.id] = f
        return list(unique.values())

    def _sociability_of(
        self,
        periods: list[tuple[date, date]],
        days: list[tuple[date, DayTotals]],
        since: Mapping[str, date],
    ) -> list[SociabilitySummary]:

        if not periods:
            return []
        lo = min(min(s, e) for s, e in periods)
        hi = max(max(s, e) for s, e in periods)
        conversations = self._conversation_facts(lo, hi)
        return summarise_periods_since(periods, days, conversations, since)

    def trends(self, kind: str | PeriodKind = "week", count: int = 12) -> TrendSeries:
        """The last ``count`` periods up to the current one (``netjournal trends``).

        One read of the months covered (plus 3 periods for the rolling
        average) and one pass over them.
        """
        return self._trends(kind, count)[0]

    def trends_with_sociability(
        self, kind: str | PeriodKind = "week", count: int = 12
    ) -> tuple[TrendSeries, list[SociabilitySummary]]:
        """Trends and each period's sociability, adding up the same day totals."""
        series, days = self._trends(kind, count)
        spans = [(p.totals.period.start, p.totals.period.end) for p in series.points]
        return series, self._sociability_of(spans, days, self._known_since())

    def _trends(
        self, kind: str | PeriodKind, count: int
    ) -> tuple[TrendSeries, list[tuple[date, DayTotals]]]:

        if not 1 <= count <= 520:
            raise InputError(f"count must be between 1 and 520, not {count}", field="count")
        # Imported here: the app's first screen reviews one week and needs none of it.
        from netjournal.domain.trends import build_trends, trend_periods

        k = self._period_kind(kind)
        today = self.today()
        week_start = self.config.week_start_index
        periods = trend_periods(k, count, today, week_start)
        days = self._day_totals(periods[0].start, periods[-1].end)
        series = build_trends(
            k, count, days, self.repos.targets.all(), today, week_start=week_start
        )
        return series, days

    def target_history(self) -> list[Target]:
        """Every target version, oldest first (``netjournal target history``)."""
        return sorted_history(self.repos.targets.all())

    def current_target(self) -> Target | None:
        """The target in force today (the latest version dated today or earlier)."""
        return target_in_force(self.repos.targets.all(), self.today())

    def set_target(self, inp: TargetInput, effective_from: str | date | None = None) -> Target:
        """Save a new target version in force from ``effective_from`` (default today).

        Parts not given are kept from the version in force on that day. A
        version with the same ``effective_from`` is replaced (one version
        per day keeps the history readable); past periods keep being judged
        by the versions in force for them.
        """

        if effective_from is None:
            day = self.today()
        elif isinstance(effective_from, date):
            day = effective_from
        else:
            day = self.parse_date(effective_from)
        with self.transaction():
            existing = self.repos.targets.all()
            base = target_in_force(existing, day)
            target = build_target(inp, day, base)
            same_day = [t for t in existing if t.effective_from == day]
            if same_day:
                keep = max(same_day, key=lambda t: t.created)
                target = replace(target, id=keep.id, created=keep.created)
                self.repos.targets.update(target)
                for extra in same_day:
                    if extra.id != keep.id:
                        self.repos.targets.remove(extra.id)
            else:
                self.repos.targets.add(target)
            self.describe(f"target set from {day.isoformat()}")
        return target

    def sociability(self, start: date, end: date) -> SociabilitySummary:
        """Reciprocity figures for ``start``..``end`` inclusive (``week`` shows them)."""
        return self.sociability_series([(start, end)])[0]

    def sociability_series(self, periods: list[tuple[date, date]]) -> list[SociabilitySummary]:
        """One summary per period (``week``, ``trends``, the TUI), reading only their span.

        Who counts as a *new* connection depends on all history, but each
        contact carries its ``first_contact`` (kept as activities and
        conversations are stored), so the span's day totals, the facts of the
        conversations active in it and each contact's *known since* day are
        enough; all three come from the derived cache when nothing changed.
        """
        if not periods:
            return []
        lo = min(min(s, e) for s, e in periods)
        hi = max(max(s, e) for s, e in periods)
        return self._sociability_of(periods, self._day_totals(lo, hi), self._known_since())
