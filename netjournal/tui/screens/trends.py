"""Trends: how the online/offline balance and the sociability drifted over time.

Four charts over the last N weeks, months, quarters or years: hours online
vs offline (stacked bars), the online share against the target band in force
for each period (lines), the share of activities that were conversations,
broadcasts or listening, and new vs existing connections kept up.

Every figure comes from the facade (``Journal.trends`` for the balance,
``Journal.sociability_series`` for reciprocity), which reads only the months
charted and aggregates in one pass; this screen only turns the numbers into
chart series. The chart widgets, and with them textual-plotext, are
imported when the screen is composed, not when this module is imported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static, Tab, Tabs

from netjournal.domain.periods import Period, PeriodKind
from netjournal.tui.screens.base import DataScreen

if TYPE_CHECKING:
    from netjournal.domain.reciprocity import SociabilitySummary
    from netjournal.domain.trends import TrendSeries

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


def _pct(share: float | None) -> float | None:
    return None if share is None else share * 100


@dataclass(frozen=True, slots=True)
class TrendView:
    """Everything the charts draw, derived from the facade's series (one entry per period)."""

    labels: tuple[str, ...]
    online_hours: tuple[float, ...]
    offline_hours: tuple[float, ...]
    shares: tuple[float | None, ...]
    band_low: tuple[float | None, ...]
    band_high: tuple[float | None, ...]
    conversation: tuple[float, ...]
    broadcast: tuple[float, ...]
    listening: tuple[float, ...]
    new_connections: tuple[int, ...]
    kept_connections: tuple[int, ...]

    @property
    def is_empty(self) -> bool:
        """No networking time in any period shown: the charts would be blank."""
        return not any(self.online_hours) and not any(self.offline_hours)


def trend_view(series: TrendSeries, social: Sequence[SociabilitySummary]) -> TrendView:
    """Chart series from the facade's trend points and sociability summaries.

    Shares become percentages; a period without activity has no share
    (``None``, drawn as a gap), never a fake 0%. A period without a band has
    no band edges. Style shares are by count of activities, as
    docs/relationships.md defines the headline conversation share.
    """
    from netjournal.domain.models import Style
    from netjournal.domain.targets import has_band

    points = series.points
    low: list[float | None] = []
    high: list[float | None] = []
    for p in points:
        if p.target is not None and has_band(p.target):
            low.append(_pct(p.target.online_min_share or 0.0))
            high.append(
                _pct(1.0 if p.target.online_max_share is None else p.target.online_max_share)
            )
        else:
            low.append(None)
            high.append(None)

    def mix(style: Style) -> tuple[float, ...]:
        return tuple((s.mix.count_share(style) or 0.0) * 100 for s in social)

    return TrendView(
        labels=tuple(short_label(p.totals.period) for p in points),
        online_hours=tuple(p.totals.online_minutes / 60 for p in points),
        offline_hours=tuple(p.totals.offline_minutes / 60 for p in points),
        shares=tuple(_pct(p.totals.online_share) for p in points),
        band_low=tuple(low),
        band_high=tuple(high),
        conversation=mix(Style.CONVERSATION),
        broadcast=mix(Style.BROADCAST),
        listening=mix(Style.LISTENING),
        new_connections=tuple(s.new_connections for s in social),
        kept_connections=tuple(s.maintained for s in social),
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary_text(series: TrendSeries) -> str:
    """The two lines above the charts: the span and target, then the latest period.

    Written out in words so the screen never relies on the charts' colours.
    """
    from netjournal.domain.balance import format_minutes
    from netjournal.domain.targets import describe_band, format_share, has_band

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
    lines = [f"Last {_plural(len(points), kind)}, {first_label} to {last_label} · {band}"]
    totals = latest.totals
    so_far = " so far" if latest.in_progress else ""
    last_label = short_label(totals.period)
    if totals.online_share is None:
        now = f"{last_label}{so_far}: no activity"
    else:
        status = latest.band.status.replace("-", " ")
        now = (
            f"{last_label}{so_far}: {format_minutes(totals.online_minutes)} online, "
            f"{format_minutes(totals.offline_minutes)} offline = "
            f"{format_share(totals.online_share)} online ({status})"
        )
    lines.append(
        f"{now} · streak {_plural(series.current_streak, kind)} (best {series.longest_streak})"
    )
    return "\n".join(lines)


def style_title(social: Sequence[SociabilitySummary]) -> str:
    """The style chart's title with the span's headline: conversations vs broadcasts."""
    activities = sum(s.activities for s in social)
    if not activities:
        return "Conversations vs broadcasts (% of activities)"
    conversations = sum(s.mix.conversation_count for s in social)
    broadcasts = sum(s.mix.broadcast_count for s in social)
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
        """Ask the facade for the periods shown and hand the series to the charts."""
        from netjournal.tui.widgets.trend_charts import (
            ConnectionsChart,
            HoursChart,
            ShareChart,
            ShareSeries,
            StyleMixChart,
        )

        series = self.journal.trends(self.kind, self.count)
        social = self.journal.sociability_series(
            [(p.totals.period.start, p.totals.period.end) for p in series.points]
        )
        view = trend_view(series, social)
        self.view = view
        self.set_class(view.is_empty, "-empty")
        tabs = self.query_one("#trends-period", Tabs)
        tab_id = f"trends-{self.kind.value}"
        if tabs.active != tab_id:
            tabs.active = tab_id
        self.query_one("#trends-summary", Static).update(summary_text(series))
        self.query_one(HoursChart).update_series(view.labels, view.online_hours, view.offline_hours)
        self.query_one(ShareChart).update_series(
            ShareSeries(view.labels, view.shares, view.band_low, view.band_high)
        )
        style_chart = self.query_one(StyleMixChart)
        style_chart.set_title(style_title(social))
        style_chart.update_series(view.labels, view.conversation, view.broadcast, view.listening)
        connections = self.query_one(ConnectionsChart)
        connections.set_title(connections_title(social))
        connections.update_series(view.labels, view.new_connections, view.kept_connections)

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
