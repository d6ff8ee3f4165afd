"""The header line of every data screen: one widget drawn as Textual's ``Header``.

Textual's ``Header`` composes four widgets (the header, its icon, its title
and the clock's space), each styled and laid out on its own; at start that
was ~13 ms of the Today screen's first frame. :class:`AppHeader` draws the
same cells itself: the icon in an 8-cell box on the left (padding 1), the
title and subtitle centred between it and the clock's 10-cell space on the
right, cut with an ellipsis when they do not fit. As with ``Header``,
clicking the icon opens the command palette (the icon lights up under the
mouse, with the tooltip "Open the command palette") and clicking elsewhere
toggles the tall (3-line) header.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.color import Color
from textual.content import Content
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

ICON_WIDTH = 8
"""Cells of the icon's box, as Textual's ``HeaderIcon`` (width 8, padding 0 1)."""

CLOCK_WIDTH = 10
"""Cells kept free on the right, as Textual's ``HeaderClockSpace``."""

ICON_TOOLTIP = "Open the command palette"


class AppHeader(Widget):
    """Icon, title and subtitle on one line, styled as Textual's ``Header``."""

    DEFAULT_CSS = """
    AppHeader {
        dock: top;
        width: 100%;
        background: $panel;
        color: $foreground;
        height: 1;
    }
    AppHeader.-tall {
        height: 3;
    }
    """

    icon = "⭘"
    hovering_icon: reactive[bool] = reactive(False)

    def on_mount(self) -> None:
        self.watch(self.app, "title", self._title_changed, init=False)
        self.watch(self.app, "sub_title", self._title_changed, init=False)
        self.watch(self.screen, "title", self._title_changed, init=False)
        self.watch(self.screen, "sub_title", self._title_changed, init=False)

    def _title_changed(self) -> None:
        self.refresh()

    def title_content(self) -> Content:
        """The screen's title (or the app's) and subtitle, formatted by the app."""
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        return app.format_title(title, sub_title)

    def _over_icon(self, x: int) -> bool:
        return 0 <= x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE

    def on_mouse_move(self, event: events.MouseMove) -> None:
        over = self._over_icon(event.x)
        self.hovering_icon = over
        self.tooltip = ICON_TOOLTIP if over else None

    def on_leave(self, event: events.Leave) -> None:
        self.hovering_icon = False
        self.tooltip = None

    async def on_click(self, event: events.Click) -> None:
        event.stop()
        if self._over_icon(event.x):
            await self.run_action("app.command_palette")
        else:
            self.toggle_class("-tall")

    def render_line(self, y: int) -> Strip:
        # The segments are cut and styled as Textual's header widgets cut and
        # style them (each widget's padding, content with its offset meta, and
        # alignment fill), so the screen renders and exports the same, cell
        # for cell and style for style.
        width = self.size.width
        _, background = self.background_colors
        pad = RichStyle(bgcolor=background.rich_color)
        text = self.rich_style
        fill = text + NOT_REVERSE
        icon_text, icon_fill, icon_pad = text, fill, pad
        if self.hovering_icon:
            foreground = Color.parse(self.app.theme_variables["foreground"])
            hover = RichStyle(bgcolor=(background + foreground.with_alpha(0.1)).rich_color)
            icon_text, icon_fill, icon_pad = text + hover, fill + hover, pad + hover
        # The icon is centred in the header's height, the title sits on its
        # first line (as in Textual's tall header).
        icon = (
            set_cell_size(self.icon, ICON_WIDTH - 2).rstrip() if y == self.size.height // 2 else ""
        )
        segments = [
            Segment(" ", icon_pad),
            *_with_offsets([Segment(icon, icon_text)]),
            Segment(" " * (ICON_WIDTH - 2 - cell_len(icon)), icon_fill),
            Segment(" ", icon_pad),
        ]
        title_width = max(0, width - ICON_WIDTH - CLOCK_WIDTH)
        if y == 0:
            title = self.title_content().truncate(title_width, ellipsis=True)
            left = (title_width - title.cell_length) // 2
            segments += [
                Segment(" " * left, fill),
                *_with_offsets(title.render_segments(self.visual_style)),
                Segment(" " * (title_width - title.cell_length - left), fill),
            ]
        else:
            segments.append(Segment(" " * title_width, pad))
        strip = [segment for segment in segments if segment.text]
        # HeaderClockSpace: padding, an empty render, its fill, padding.
        strip += [
            Segment(" ", pad),
            *_with_offsets([Segment("", text)]),
            Segment(" " * (CLOCK_WIDTH - 2), pad),
            Segment(" ", pad),
        ]
        return Strip(strip).crop(0, width)


NOT_REVERSE = RichStyle(reverse=False)


def _with_offsets(segments: list[Segment]) -> list[Segment]:
    """``segments`` with the ``offset`` meta Textual gives rendered content."""
    result = []
    x = 0
    for text, style, _ in segments:
        result.append(Segment(text, (style or NULL) + RichStyle.from_meta({"offset": (x, 0)})))
        x += cell_len(text)
    return result


NULL = RichStyle()
