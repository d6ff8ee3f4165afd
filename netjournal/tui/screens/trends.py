"""Trends: how the online/offline balance and the sociability drifted over time.

Four charts over the last N weeks, months, quarters or years: hours online
vs offline (stacked bars), the online share against the target band in force
for each period (lines), the share of activities that were conversations,
broadcasts or listening, and new vs existing connections kept up.

Every figure comes from the facade: ``journal.review.trends`` for the balance and
the style mix (it reads only the months charted and aggregates them in one
pass), ``journal.review.sociability_series`` for new vs existing connections (it
needs the whole history, so it runs in a worker). This screen only turns the
numbers into chart series. The chart widgets, and with them textual-plotext, are
imported when the screen is composed, not when this module is imported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static, Tab, Tabs
from textual.worker import Worker, WorkerState

from netjournal.domain.periods import Period, PeriodKind
from netjournal.errors import NetjournalError
from netjournal.presentation import plural, share_percent, status_word
from netjournal.tui.screens.base import DataScreen

if TYPE_CHECKING:
    from netjournal.domain.reciprocity import SociabilitySummary
    from netjournal.domain.target_record import Target
    from netjournal.domain.trends import TrendSeries
    from netjournal.paths import Paths

#: How many periods each span shows; ``s`` cycles through them.
SPANS: dict[PeriodKind, tuple[int, ...]] = {
    PeriodKind.WEEK: (12, 26, 52),
    PeriodKind.MONTH: (6, 12, 24),
    PeriodKind.QUARTER: (4, 8, 12),
    PeriodKind.YEAR: (3, 5, 10),
}

KIND_ORDER: tuple[PeriodKind, ...] = tuple(PeriodKind)

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def short_label(period: Period) -> str:
    """A label that fits under a bar: ``W48``, ``Nov26``, ``26Q4``, ``2026``."""
    if period.kind is PeriodKind.WEEK:
        return period.label.split("-", 1)[1]
    if period.kind is PeriodKind.MONTH:
        return f"{_MONTHS[period.start.month - 1]}{period.start.year % 100:02d}"
    if period.kind is PeriodKind.QUARTER:
        year, quarter = period.label.split("-", 1)
        return f"{year[2:]}{quarter}"
    return period.label


def _percent_scale(share: float | None) -> float | None:
    return None if share is None else share * 100


@dataclass(frozen=True, slots=True)
class TrendView:
    """What the balance and style charts draw, one entry per period, from ``journal.review.trends``."""

    labels: tuple[str, ...]
    online_hours: tuple[float, ...]
    offline_hours: tuple[float, ...]
    shares: tuple[float | None, ...]
    band_low: tuple[float | None, ...]
    band_high: tuple[float | None, ...]
    conversation: tuple[float, ...]
    broadcast: tuple[float, ...]
    listening: tuple[float, ...]

    @property
    def is_empty(self) -> bool:
        """No networking time in any period shown: the charts would be blank."""
        return not any(self.online_hours) and not any(self.offline_hours)


def _count_share(part: int, whole: int) -> float:
    return 100 * part / whole if whole else 0.0


def trend_view(series: TrendSeries) -> TrendView:
    """Chart series from the facade's trend points.

    Shares become percentages; a period without activity has no share
    (``None``, drawn as a gap), never a fake 0%. A period without a band has
    no band edges. The style mix is by count of activities (the balance
    tally's conversation/broadcast/listening counts), the headline measure
    docs/relationships.md defines.
    """
    from netjournal.domain.targets import has_band

    points = series.points
    low: list[float | None] = []
    high: list[float | None] = []
    for p in points:
        if p.target is not None and has_band(p.target):
            low.append(_percent_scale(p.target.online_min_share or 0.0))
            high.append(
                _percent_scale(
                    1.0 if p.target.online_max_share is None else p.target.online_max_share
                )
            )
        else:
            low.append(None)
            high.append(None)
    totals = [p.totals for p in points]
    return TrendView(
        labels=tuple(short_label(t.period) for t in totals),
        online_hours=tuple(t.online_minutes / 60 for t in totals),
        offline_hours=tuple(t.offline_minutes / 60 for t in totals),
        shares=tuple(_percent_scale(t.online_share) for t in totals),
        band_low=tuple(low),
        band_high=tuple(high),
        conversation=tuple(_count_share(t.conversations, t.activities) for t in totals),
        broadcast=tuple(_count_share(t.broadcasts, t.activities) for t in totals),
        listening=tuple(_count_share(t.listening, t.activities) for t in totals),
    )


def summary_text(series: TrendSeries, newest: Target | None = None) -> str:
    """The two lines above the charts: the span and target, then the latest period.

    Written out in words so the screen never relies on the charts' colours.
    ``newest`` is the target in force today: a target set on the Targets
    screen judges the periods that start after it (the latest period keeps
    the one it started with), so a new band is named here at once rather
    than only when the next period begins.
    """
    from netjournal.domain.balance import format_minutes
    from netjournal.domain.targets import describe_band, has_band

    kind = series.kind.value
    points = series.points
    latest = points[-1]
    first_label, last_label = points[0].totals.period.label, latest.totals.period.label
    target = latest.target
    band = (
        f"target {describe_band(target.online_min_share, target.online_max_share)}"
        if target is not None and has_band(target)
        else "no balance target yet (set one on Targets, key 6)"
    )
    if (
        newest is not None
        and has_band(newest)
        and (target is None or newest.id != target.id)
        and newest.effective_from > latest.totals.period.start
    ):
        band += (
            f"; from {newest.effective_from.day} {newest.effective_from:%b}: "
            f"{describe_band(newest.online_min_share, newest.online_max_share)}"
        )
    lines = [f"Last {plural(len(points), kind)}, {first_label} to {last_label} · {band}"]
    totals = latest.totals
    so_far = " so far" if latest.in_progress else ""
    last_label = short_label(totals.period)
    if totals.online_share is None:
        now = f"{last_label}{so_far}: no activity"
    else:
        status = status_word(latest.band.status)
        now = (
            f"{last_label}{so_far}: {format_minutes(totals.online_minutes)} online, "
            f"{format_minutes(totals.offline_minutes)} offline = "
            f"{share_percent(totals.online_share)} online ({status})"
        )
    lines.append(
        f"{now} · streak {plural(series.current_streak, kind)} (best {series.longest_streak})"
    )
    return "\n".join(lines)


def style_title(series: TrendSeries) -> str:
    """The style chart's title with the span's headline: conversations vs broadcasts."""
    activities = sum(p.totals.activities for p in series.points)
    if not activities:
        return "Conversations vs broadcasts (% of activities)"
    conversations = sum(p.totals.conversations for p in series.points)
    broadcasts = sum(p.totals.broadcasts for p in series.points)
    return (
        f"Conversations {round(100 * conversations / activities)}% · "
        f"broadcasts {round(100 * broadcasts / activities)}% of activities"
    )


def connections_title(social: Sequence[SociabilitySummary]) -> str:
    """The connections chart's title with the span's count of new connections.

    Only new connections are summed: a person is new once, whereas the same
    person kept up with in three weeks counts in each of them.
    """
    new = sum(s.new_connections for s in social)
    return f"New vs existing connections: {new} new"


class TrendsScreen(DataScreen):
    """Balance and sociability over the last weeks, months, quarters or years."""

    CSS_PATH = "trends.tcss"
    SUB_TITLE = "5 Trends"

    MAIN: ClassVar[str] = "#trends-period"
    # Textual declares this without ClassVar, so annotating it here clashes in mypy.
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012
        (0, "-narrow"),
        (96, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "next_period", "Period"),
        Binding("s", "next_span", "Span"),
        Binding("w", "period('week')", "Weeks", show=False),
        Binding("m", "period('month')", "Months", show=False),
        Binding("Q", "period('quarter')", "Quarters", show=False),
        Binding("y", "period('year')", "Years", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.kind: PeriodKind = PeriodKind.WEEK
        self.span_index = 0
        self.view: TrendView | None = None
        #: New and kept-up connections per period, once counted.
        self.connections: tuple[tuple[int, ...], tuple[int, ...]] | None = None
        self._wanted_periods: tuple[tuple[date, date], ...] = ()

    @property
    def count(self) -> int:
        """How many periods are shown now."""
        return SPANS[self.kind][self.span_index]

    def compose_body(self) -> ComposeResult:
        from netjournal.tui.widgets.trend_charts import (
            ConnectionsChart,
            HoursChart,
            ShareChart,
            StyleMixChart,
        )

        yield Tabs(
            *(Tab(k.value.capitalize(), id=f"trends-{k.value}") for k in KIND_ORDER),
            id="trends-period",
        )
        yield Static(id="trends-summary")
        yield Static(
            "Nothing to chart yet.\n\n"
            "Trends appear once some networking is logged: press 1 for Today "
            "and n to log an activity, or run `netjournal demo` to explore with "
            "twelve weeks of sample data.",
            id="trends-empty",
        )
        with VerticalScroll(id="trends-charts"):
            yield HoursChart(id="trends-hours", classes="trend-chart")
            yield ShareChart(id="trends-share", classes="trend-chart")
            yield StyleMixChart(id="trends-style", classes="trend-chart")
            yield ConnectionsChart(id="trends-connections", classes="trend-chart")

    # -- data ------------------------------------------------------------------

    def load(self) -> None:
        """Draw the balance and style charts now; count connections in a worker.

        ``journal.review.trends`` reads only the months charted, so it runs here on
        the UI thread like every screen's reads. Who is a *new* connection
        depends on the whole history, which takes seconds on a ten-year
        store, so that figure comes from :meth:`count_connections` and the
        chart fills in when it is ready.
        """
        from netjournal.tui.widgets.trend_charts import (
            ConnectionsChart,
            HoursChart,
            ShareChart,
            ShareSeries,
            StyleMixChart,
        )

        series = self.journal.review.trends(self.kind, self.count)
        view = trend_view(series)
        self.view = view
        self.set_class(view.is_empty, "-empty")
        tabs = self.query_one("#trends-period", Tabs)
        tab_id = f"trends-{self.kind.value}"
        if tabs.active != tab_id:
            tabs.active = tab_id
        newest = self.journal.review.current_target()
        self.query_one("#trends-summary", Static).update(summary_text(series, newest))
        self.query_one(HoursChart).update_series(view.labels, view.online_hours, view.offline_hours)
        self.query_one(ShareChart).update_series(
            ShareSeries(view.labels, view.shares, view.band_low, view.band_high)
        )
        style_chart = self.query_one(StyleMixChart)
        style_chart.set_title(style_title(series))
        style_chart.update_series(view.labels, view.conversation, view.broadcast, view.listening)

        periods = tuple((p.totals.period.start, p.totals.period.end) for p in series.points)
        self.connections = None
        self._wanted_periods = periods
        chart = self.query_one(ConnectionsChart)
        chart.set_title("New vs existing connections: counting…")
        chart.update_series(view.labels, [], [])
        if not view.is_empty:
            self.count_connections(self.journal.paths, periods)

    @work(thread=True, exclusive=True, group="trends-connections", exit_on_error=False)
    def count_connections(
        self, paths: Paths, periods: tuple[tuple[date, date], ...]
    ) -> tuple[tuple[tuple[date, date], ...], list[SociabilitySummary]]:
        """``journal.review.sociability_series`` through a journal of this thread's own.

        A second :class:`~netjournal.journal.Journal` over the same folder
        shares no TinyDB object with the UI thread's; the store files are
        replaced atomically, so reading them here while the app writes is
        the same case as a CLI command writing while the app is open.
        """
        from netjournal.journal import Journal

        own = Journal.open(paths=paths)
        return periods, own.review.sociability_series(list(periods))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "trends-connections":
            return
        from netjournal.tui.widgets.trend_charts import ConnectionsChart

        chart = self.query_one(ConnectionsChart)
        if event.state is WorkerState.SUCCESS and event.worker.result is not None:
            periods, social = event.worker.result
            if periods != self._wanted_periods or self.view is None:
                return  # the user switched period meanwhile; a newer count is coming
            self.connections = (
                tuple(s.new_connections for s in social),
                tuple(s.maintained for s in social),
            )
            chart.set_title(connections_title(social))
            chart.update_series(self.view.labels, *self.connections)
        elif event.state is WorkerState.ERROR:
            error = event.worker.error
            message = error.one_line() if isinstance(error, NetjournalError) else repr(error)
            chart.set_title("New vs existing connections: could not count")
            self.notify(message, title="Cannot count connections", severity="error")

    # -- switching -------------------------------------------------------------

    def show_kind(self, kind: PeriodKind) -> None:
        """Chart ``kind`` periods (the span resets to the shortest for that kind)."""
        if kind is self.kind:
            return
        self.kind = kind
        self.span_index = 0
        self.reload()

    def action_period(self, kind: str) -> None:
        self.show_kind(PeriodKind(kind))

    def action_next_period(self) -> None:
        index = KIND_ORDER.index(self.kind)
        self.show_kind(KIND_ORDER[(index + 1) % len(KIND_ORDER)])

    def action_next_span(self) -> None:
        self.span_index = (self.span_index + 1) % len(SPANS[self.kind])
        self.reload()

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        """A click on a tab, or ←/→ on the focused tab strip, switches the period."""
        event.stop()
        if event.tab.id is None:
            return
        self.show_kind(PeriodKind(event.tab.id.removeprefix("trends-")))
