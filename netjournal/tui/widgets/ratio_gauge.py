"""A gauge of one week's online vs offline time against the target band.

The owner computes a :class:`GaugeReading` (through the domain's balance
rules) and sets it; the gauge only draws it. One bar, online from the left,
offline after it; under the bar a bracket marks the target band, so "am I
inside?" is answered at a glance, and a line of text says it in words (a
gauge must not rely on colour alone). Colours come from ``app.tcss``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from netjournal.domain.timeparse import format_duration
from netjournal.presentation import band_verdict, percent


@dataclass(frozen=True, slots=True)
class GaugeReading:
    """What the gauge shows: minutes each way, the band, and the verdict word.

    ``status`` is the balance module's word: ``inside``, ``above``, ``below``,
    ``no-activity`` or ``no-target``.
    """

    title: str
    online_minutes: int = 0
    offline_minutes: int = 0
    low: float | None = None
    high: float | None = None
    status: str = "no-activity"

    @property
    def total(self) -> int:
        return self.online_minutes + self.offline_minutes

    @property
    def online_share(self) -> float | None:
        return self.online_minutes / self.total if self.total else None


def band_text(low: float | None, high: float | None) -> str:
    """``30–50% online``, ``at least 30% online``, or ``no target``."""
    if low is None and high is None:
        return "no target"
    if low is not None and high is not None:
        return f"target {percent(low).rstrip('%')}–{percent(high)} online"
    if low is not None:
        return f"target ≥{percent(low)} online"
    assert high is not None
    return f"target ≤{percent(high)} online"


def verdict_text(reading: GaugeReading) -> str:
    """The gauge's last line, in words."""
    share = reading.online_share
    if share is None:
        return "nothing logged this week yet"
    head = f"{percent(share)} online"
    mark = _MARKS.get(reading.status)
    return f"{head} {mark} {band_verdict(reading.status)}" if mark else head


#: The sign shown before the verdict of each band status (none without a target).
_MARKS = {"inside": "✓", "above": "▲", "below": "▼"}


class RatioGauge(Widget):
    """Online vs offline bar with the target band bracketed beneath it."""

    DEFAULT_CSS = """
    RatioGauge {
        height: 6;
        margin-bottom: 1;
    }
    RatioGauge > .ratio-gauge--title {
        text-style: bold;
    }
    RatioGauge > .ratio-gauge--online {
        color: $primary;
    }
    RatioGauge > .ratio-gauge--offline {
        color: $secondary 60%;
    }
    RatioGauge > .ratio-gauge--empty {
        color: $text-disabled;
    }
    RatioGauge > .ratio-gauge--band {
        color: $success;
    }
    RatioGauge > .ratio-gauge--inside {
        color: $text-success;
        text-style: bold;
    }
    RatioGauge > .ratio-gauge--outside {
        color: $text-warning;
        text-style: bold;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "ratio-gauge--online",
        "ratio-gauge--offline",
        "ratio-gauge--empty",
        "ratio-gauge--band",
        "ratio-gauge--title",
        "ratio-gauge--inside",
        "ratio-gauge--outside",
    }

    reading: reactive[GaugeReading] = reactive(GaugeReading(title="This week"), layout=True)

    def render(self) -> Text:
        r = self.reading
        width = max(self.content_size.width, 10)
        style = self.get_component_rich_style
        out = Text(no_wrap=True, overflow="ellipsis")
        out.append(r.title, style("ratio-gauge--title"))
        out.append("\n")
        out.append(
            f"online {format_duration(r.online_minutes)} · offline {format_duration(r.offline_minutes)}"
        )
        out.append("\n")
        share = r.online_share
        if share is None:
            out.append("░" * width, style("ratio-gauge--empty"))
        else:
            online_cells = round(share * width)
            out.append("█" * online_cells, style("ratio-gauge--online"))
            out.append("█" * (width - online_cells), style("ratio-gauge--offline"))
        out.append("\n")
        out.append(self._band_line(width), style("ratio-gauge--band"))
        out.append("\n")
        words = verdict_text(r)
        verdict_style = (
            "ratio-gauge--inside"
            if r.status == "inside"
            else "ratio-gauge--outside"
            if r.status in ("above", "below")
            else ""
        )
        out.append(words, style(verdict_style) if verdict_style else "")
        out.append("\n")
        out.append(band_text(r.low, r.high))
        return out

    def _band_line(self, width: int) -> str:
        """``·····└──────┘·····`` under the bar: the band from its low to high edge.

        The dots are a ruler for the rest of the scale (and keep the bracket
        in place where a renderer collapses leading spaces).
        """
        low, high = self.reading.low, self.reading.high
        if low is None and high is None:
            return ""
        start = min(round((low or 0.0) * width), width - 2)
        end = min(max(start + 1, round((high if high is not None else 1.0) * width) - 1), width - 1)
        bracket = "└" + "─" * (end - start - 1) + "┘"
        return "·" * start + bracket + "·" * (width - end - 1)
