"""Which table columns fit a width, and how wide the free-text column may be.

Plain Python (no Textual), so the rule is tested without an app. A table of
the app has one *flexible* column (an activity's note, a conversation's
summary) that takes whatever width is left; when too little is left, the
columns that matter least are given up first, in a fixed order, until the
flexible column has at least its minimum (at 80 columns the
Journal keeps the note and drops Purpose, Style and At first).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from rich.cells import cell_len

#: Columns kept clear on the right for the table's vertical scrollbar.
SCROLLBAR = 2


def content_widths(
    headings: Mapping[str, str], rows: Iterable[Mapping[str, str]]
) -> dict[str, int]:
    """The widest heading or cell of each column, in terminal cells."""
    widths = {name: cell_len(heading) for name, heading in headings.items()}
    for row in rows:
        for name, text in row.items():
            if name in widths:
                widths[name] = max(widths[name], cell_len(text))
    return widths


def fit_columns(
    columns: Sequence[str],
    widths: Mapping[str, int],
    *,
    flex: str,
    available: int,
    drop_first: Sequence[str] = (),
    min_flex: int = 20,
    padding: int = 2,
) -> tuple[tuple[str, ...], int]:
    """The columns to show, in order, and the width of the ``flex`` column.

    ``widths`` are content widths; each column also takes ``padding`` cells.
    Columns named in ``drop_first`` are given up, in that order, while the
    flexible column would get fewer than ``min_flex`` cells. The flexible
    column gets all the width left (at least ``min_flex``, the table scrolls
    sideways if even that does not fit) but never more than its content needs.
    """
    shown = list(columns)
    if flex not in shown or available <= 0:
        return tuple(shown), max(min_flex, widths.get(flex, min_flex))

    def left() -> int:
        used = sum(widths.get(c, 0) + padding for c in shown if c != flex)
        return available - SCROLLBAR - used - padding

    for name in drop_first:
        if left() >= min(min_flex, widths.get(flex, 0)):
            break
        if name in shown:
            shown.remove(name)
    return tuple(shown), max(min_flex, min(left(), widths.get(flex, 0)))


def clip(text: str, width: int) -> str:
    """``text`` on one line, cut to ``width`` cells with ``…`` when longer."""
    line = " ".join(text.split())
    if cell_len(line) <= width:
        return line
    out = ""
    for char in line:
        if cell_len(out + char) > width - 1:
            break
        out += char
    return out + "…"
