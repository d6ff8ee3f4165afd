"""The four charts of the Trends screen, drawn with textual-plotext.

Each chart is handed plain, already-aggregated series (one value per period,
computed by the facade) and only draws them: no store access, no loops over
activities. The series colours come from component classes styled in
``app.tcss`` (``trend-chart--online`` …), so the charts follow the dark and
light themes and no colour is written in Python.

This module imports ``textual_plotext``; only the Trends screen imports it,
and lazily, so opening the Today screen never pays for plotext.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.style import Style
from textual.app import RenderResult
from textual_plotext import PlotextPlot

RGB = tuple[int, int, int]

#: Fallback colour when a component class has no colour (never in practice).
_GREY: RGB = (128, 128, 128)


def value_ticks(highest: float, count: int = 4) -> list[float]:
    """Round y ticks from 0 up to at least ``highest`` (whole numbers, 1-2-5 steps).

    Counts of people and hours read better as 0, 2, 4, 6 than as 0, 1.8,
    3.7, 5.5 (what plotext picks by itself).
    """
    if highest <= 0:
        return [0.0, 1.0]
    raw = highest / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(step, 1.0)
    top = math.ceil(highest / step) * step
    return [i * step for i in range(round(top / step) + 1)]


def _tick_text(value: float) -> str:
    return f"{value:g}"


def tick_positions(count: int, label_width: int, plot_width: int) -> list[int]:
    """Which of ``count`` periods get an x label so labels never touch.

    Each label needs its own width plus two spaces; the step is the smallest
    that fits them all into ``plot_width``. The latest period is always
    labelled (it is the one the user looks for), and the others are spaced
    back from it at that step.
    """
    if count <= 0:
        return []
    room = max(1, plot_width)
    per_label = label_width + 2
    fits = max(1, room // per_label)
    step = max(1, math.ceil(count / fits))
    return sorted(range(count - 1, -1, -step))


@dataclass(frozen=True, slots=True)
class ShareSeries:
    """The online-share chart's data, one entry per period (``None`` = no data).

    Shares are percentages 0..100; the band edges are those of the target in
    force for each period, so a target changed half-way shows as a step.
    """

    labels: Sequence[str]
    shares: Sequence[float | None]
    band_low: Sequence[float | None]
    band_high: Sequence[float | None]


def _present(values: Sequence[float | None]) -> tuple[list[int], list[float]]:
    """Positions and values of the periods that have a value (plotext has no gaps)."""
    xs = [i for i, v in enumerate(values) if v is not None]
    return xs, [float(v) for v in values if v is not None]


class TrendChart(PlotextPlot):
    """A plotext chart redrawn from its data at every render.

    Redrawing at render time (it costs microseconds for a few dozen
    periods) means a resize or a theme switch always shows the current
    colours and tick spacing without any bookkeeping.
    """

    DEFAULT_CSS = """
    TrendChart > .trend-chart--online {
        color: $primary;
    }
    TrendChart > .trend-chart--offline {
        color: $warning;
    }
    TrendChart > .trend-chart--band {
        color: $text-muted;
    }
    TrendChart > .trend-chart--conversation {
        color: $success;
    }
    TrendChart > .trend-chart--broadcast {
        color: $warning;
    }
    TrendChart > .trend-chart--listening {
        color: $primary;
    }
    TrendChart > .trend-chart--new {
        color: $accent;
    }
    TrendChart > .trend-chart--kept {
        color: $success;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "trend-chart--online",
        "trend-chart--offline",
        "trend-chart--band",
        "trend-chart--conversation",
        "trend-chart--broadcast",
        "trend-chart--listening",
        "trend-chart--new",
        "trend-chart--kept",
    }

    #: Width of the widest x label, for spacing ticks.
    label_width: int = 6

    def __init__(
        self,
        title: str,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.chart_title = title
        self._labels: list[str] = []

    @property
    def figure(self) -> Any:
        """The plotext figure, untyped.

        textual-plotext's annotations lag behind plotext 5 (``labels=`` and a
        list of colours for stacked and grouped bars work, but are not in its
        signatures), so the calls go through this handle.
        """
        return self.plt

    def set_title(self, title: str) -> None:
        """Titles carry the span's headline figure, so they change with the data."""
        self.chart_title = title
        self.refresh()

    def colour(self, name: str) -> RGB:
        """The foreground colour of component class ``trend-chart--<name>``, as RGB."""
        style: Style = self.get_component_rich_style(f"trend-chart--{name}")
        if style.color is None:
            return _GREY
        r, g, b = style.color.get_truecolor()
        return (r, g, b)

    def _plot_width(self) -> int:
        """Columns left for the plot area (minus the y axis and frame)."""
        return max(1, self.size.width - 8)

    def _yaxis(self, ticks: Sequence[float], legend_rows: int) -> None:
        """Y ticks as given, with head room above the top tick for the legend.

        plotext draws the legend in the top-left corner of the plot area;
        stretching the axis by the legend's share of the rows keeps it
        clear of the bars and lines at any height.
        """
        rows = max(1, self.size.height - 4)  # title, frame top and bottom, x labels
        data_rows = max(1, rows - legend_rows)
        top = ticks[-1]
        self.figure.ylim(0, top * rows / data_rows)
        self.figure.yticks(list(ticks), [_tick_text(t) for t in ticks])

    def _xticks(self) -> None:
        count = len(self._labels)
        chosen = tick_positions(count, self.label_width, self._plot_width())
        self.figure.xticks(chosen, [self._labels[i] for i in chosen])

    def _bars(
        self,
        parts: Sequence[Sequence[float]],
        legend: Sequence[tuple[str, str]],
        ticks: Sequence[float],
        *,
        stacked: bool = True,
    ) -> None:
        """One bar per period and series, stacked (first series at the bottom) or side by side.

        ``legend`` gives each series' colour (``trend-chart--<name>``) and its
        label; the y axis keeps a row free for each label.
        """
        xs = list(range(len(self._labels)))
        labels = [label for _, label in legend]
        colours = [self.colour(name) for name, _ in legend]
        if stacked:
            self.figure.stacked_bar(xs, list(parts), labels=labels, color=colours, width=0.5)
        else:
            self.figure.multiple_bar(xs, list(parts), labels=labels, color=colours)
        self._yaxis(ticks, legend_rows=len(legend))
        self._xticks()

    def draw(self) -> None:
        """Put this chart's series on the (cleared) plot."""
        raise NotImplementedError

    def render(self) -> RenderResult:
        self.figure.clear_figure()
        self.figure.title(self.chart_title)
        self.draw()
        return super().render()


class HoursChart(TrendChart):
    """Online and offline hours per period, stacked (online at the bottom)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("Hours: online vs offline", id=id, classes=classes)
        self._online: list[float] = []
        self._offline: list[float] = []

    def update_series(
        self, labels: Sequence[str], online_hours: Sequence[float], offline_hours: Sequence[float]
    ) -> None:
        self._labels = list(labels)
        self._online = list(online_hours)
        self._offline = list(offline_hours)
        self.refresh()

    def draw(self) -> None:
        if not self._labels:
            return
        highest = max(a + b for a, b in zip(self._online, self._offline, strict=True))
        self._bars(
            [self._online, self._offline],
            [("online", "online"), ("offline", "offline")],
            value_ticks(highest),
        )


class ShareChart(TrendChart):
    """Online share per period as a line, between the edges of the target band.

    The band edges are drawn first and the line over them, so where the
    two meet the share stays readable. The x axis always spans every period shown, so a gap (a period without
    activity, or before the first target) reads as a gap, not as a shorter
    span.
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("Online share % (line) vs target band (edges)", id=id, classes=classes)
        self._series: ShareSeries | None = None

    def update_series(self, series: ShareSeries) -> None:
        self._labels = list(series.labels)
        self._series = series
        self.refresh()

    def draw(self) -> None:
        series = self._series
        if series is None or not self._labels:
            return
        band = self.colour("band")
        low_x, low = _present(series.band_low)
        high_x, high = _present(series.band_high)
        # No legend: the title names both, and the rows a legend would take
        # are worth more here, where 30% and 50% must stay apart.
        if low_x:
            self.figure.plot(low_x, low, color=band, marker="hd")
        if high_x:
            self.figure.plot(high_x, high, color=band, marker="hd")
        xs, shares = _present(series.shares)
        if xs:
            self.figure.plot(xs, shares, color=self.colour("online"), marker="braille")
        self.figure.xlim(-0.5, len(self._labels) - 0.5)
        self._yaxis([0, 25, 50, 75, 100], legend_rows=0)
        self._xticks()


class StyleMixChart(TrendChart):
    """Share of activities that were conversations, broadcasts, listening (% by count)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("Conversation vs broadcast (% of activities)", id=id, classes=classes)
        self._parts: list[list[float]] = [[], [], []]

    def update_series(
        self,
        labels: Sequence[str],
        conversation: Sequence[float],
        broadcast: Sequence[float],
        listening: Sequence[float],
    ) -> None:
        self._labels = list(labels)
        self._parts = [list(conversation), list(broadcast), list(listening)]
        self.refresh()

    def draw(self) -> None:
        if not self._labels:
            return
        names = ("conversation", "broadcast", "listening")
        self._bars(self._parts, [(name, name) for name in names], [0, 25, 50, 75, 100])


class ConnectionsChart(TrendChart):
    """New connections vs existing ones kept up, per period (counts of people)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("New vs existing connections (people)", id=id, classes=classes)
        self._new: list[int] = []
        self._kept: list[int] = []

    def update_series(self, labels: Sequence[str], new: Sequence[int], kept: Sequence[int]) -> None:
        self._labels = list(labels)
        self._new = list(new)
        self._kept = list(kept)
        self.refresh()

    def draw(self) -> None:
        if not self._labels or not self._new:
            return  # not counted yet: the title says so
        self._bars(
            [self._new, self._kept],
            [("new", "new"), ("kept", "existing")],
            value_ticks(max([*self._new, *self._kept])),
            stacked=False,
        )
