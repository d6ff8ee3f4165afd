"""The quick-entry form as it looks before it is used: one widget that draws it.

The Today screen always shows the activity form, but most starts only look
at the week. Mounting the real :class:`~netjournal.tui.widgets.activity_form.
ActivityForm` (ten inputs, a checkbox, a button and their rows) costs about a
hundred milliseconds here, as much again as the rest of the screen. This
widget draws the empty form's picture instead: the same field widths, the
same placeholders and colours, in one widget. The first time the form is
wanted (``n``, Tab into it, a click on it), the screen swaps in
the real form and focuses the field asked for; see "First frame" in
docs/architecture-tui.md.

The picture must be the form's to the cell: the widths below mirror the
``ActivityForm`` rules in ``app.tcss`` and :func:`row_spans` lays them out as
Textual's horizontal layout does; the colours come from this widget's
component classes, styled in ``app.tcss`` next to the form's own rules. A test
compares the screen before and after the swap at several sizes in both
themes (tests/tui/test_start_up.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import ClassVar, NamedTuple

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from netjournal.tui.widgets.form_fields import CPD_LABEL, SUBMIT_LABEL, TEXT_FIELDS


class Cell(NamedTuple):
    """One field of a form row: a fixed width or a share (``fr``) of what is left.

    A NamedTuple: a frozen dataclass costs a millisecond of the first frame to create.
    """

    name: str
    width: int = 0
    fr: int = 0
    min_width: int = 0
    margin_right: int = 1


#: Toggle button as Textual draws it: ``▐X▌`` then the label padded by one space.
CHECKBOX_WIDTH = 3 + len(CPD_LABEL) + 2
#: Button: the label padded by one space each side (``line-pad: 1``), at least 8 wide.
BUTTON_WIDTH = max(8, len(SUBMIT_LABEL) + 2)

#: The form's three rows; widths, shares and margins as in app.tcss ``ActivityForm``.
ROWS: tuple[tuple[Cell, ...], ...] = (
    (
        Cell("mode", width=9),
        Cell("duration", width=10),
        Cell("date", fr=1, min_width=12),
        Cell("at", width=7),
        Cell("channel", fr=1, min_width=10),
        Cell("purpose", fr=1, min_width=10),
        Cell("style", fr=1, min_width=9, margin_right=0),
    ),
    (
        Cell("contacts", fr=2),
        Cell("tags", fr=1),
        Cell("cpd", width=CHECKBOX_WIDTH, margin_right=0),
    ),
    (
        Cell("note", fr=1),
        Cell("submit", width=BUTTON_WIDTH, margin_right=0),
    ),
)

PLACEHOLDERS: dict[str, str] = {name: placeholder for name, placeholder, _ in TEXT_FIELDS}


def _fraction_unit(space: int, cells: list[Cell]) -> Fraction:
    """The width of ``1fr``: ``space`` shared by ``cells``, minimum widths honoured first."""
    if not space or not cells:
        return Fraction(1)
    remaining_space = Fraction(space)
    remaining_fr = Fraction(sum(c.fr for c in cells))
    settled: set[str] = set()
    while remaining_fr > 0:
        changed = False
        unit = remaining_space / remaining_fr
        for cell in cells:
            if cell.name not in settled and cell.fr * unit < cell.min_width:
                remaining_space -= cell.min_width
                remaining_fr -= cell.fr
                settled.add(cell.name)
                changed = True
        if not changed:
            break
    return remaining_space / remaining_fr if remaining_fr > 0 else Fraction(space)


def row_spans(width: int, cells: tuple[Cell, ...]) -> list[tuple[int, int]]:
    """``(x, width)`` of each cell in a row ``width`` cells wide, as Textual places them."""
    margins = sum(c.margin_right for c in cells)
    fixed = sum(c.width for c in cells if not c.fr)
    shared = [c for c in cells if c.fr]
    unit = _fraction_unit(int(max(0, width - fixed - margins)), shared)
    spans: list[tuple[int, int]] = []
    x = Fraction(0)
    for cell in cells:
        cell_width = (
            Fraction(cell.width) if not cell.fr else max(cell.fr * unit, Fraction(cell.min_width))
        )
        end = x + cell_width
        spans.append((x.__floor__(), (end - x.__floor__()).__floor__()))
        x = end + cell.margin_right
    return spans


class FormPreview(Widget, can_focus=True):
    """The empty quick-entry form, drawn; asks for the real one when it is wanted.

    Tab gives it the focus like any field, which asks for the form with its
    first field; a click asks for the field under the mouse (a click does
    not focus it first, so the clicked field wins).
    """

    FOCUS_ON_CLICK: ClassVar[bool] = False

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "form-preview--field",
        "form-preview--placeholder",
        "form-preview--toggle",
        "form-preview--button",
    }

    @dataclass
    class Wanted(Message):
        """The user went to the form; ``field`` is the one to focus."""

        field: str

    def field_at(self, x: int, y: int) -> str:
        """The field drawn at content offset ``(x, y)`` (the first one when none is)."""
        if 0 <= y < len(ROWS):
            cells = ROWS[y]
            for cell, (start, width) in zip(
                cells, row_spans(self.content_size.width, cells), strict=True
            ):
                if start <= x < start + width:
                    return cell.name
        return ROWS[0][0].name

    def on_focus(self) -> None:
        self.post_message(self.Wanted(ROWS[0][0].name))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        field = self.field_at(offset.x, offset.y) if offset is not None else ROWS[0][0].name
        self.post_message(self.Wanted(field))

    # -- drawing ---------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        blank = Style(bgcolor=self.background_colors[1].rich_color)
        if y >= len(ROWS):
            return Strip([Segment(" " * width, blank)], width)
        cells = ROWS[y]
        segments: list[Segment] = []
        at = 0
        for cell, (x, cell_width) in zip(cells, row_spans(width, cells), strict=True):
            if x > at:
                segments.append(Segment(" " * (x - at), blank))
            segments.extend(self._draw(cell.name, cell_width, blank))
            at = x + cell_width
        if at < width:
            segments.append(Segment(" " * (width - at), blank))
        return Strip(segments).crop(0, width)

    def _draw(self, name: str, width: int, blank: Style) -> list[Segment]:
        style = self.get_component_rich_style
        if name == "cpd":
            toggle = style("form-preview--toggle")
            side = Style(color=toggle.bgcolor) + blank
            return [
                Segment("▐", side),
                Segment("X", toggle),
                Segment("▌", side),
                Segment(f" {CPD_LABEL} ", self.rich_style),
            ]
        if name == "submit":
            button = style("form-preview--button")
            fill = Style(bgcolor=button.bgcolor)
            label = f" {SUBMIT_LABEL} "
            left = (width - len(label)) // 2
            return [
                Segment(" " * left, fill),
                Segment(label, button),
                Segment(" " * (width - left - len(label)), fill),
            ]
        # An empty Input: its placeholder, drawn as Input.render_line draws it.
        placeholder = Text(PLACEHOLDERS[name], justify="left", end="")
        placeholder.stylize(style("form-preview--placeholder"))
        options = self.app.console_options.update_width(width + 1)
        strip = Strip(self.app.console.render(placeholder, options)).crop(0, width)
        return list(strip.apply_style(style("form-preview--field")))
