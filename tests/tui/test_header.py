"""The screens' header: one widget that draws what Textual's ``Header`` draws.

``AppHeader`` replaces Textual's four-widget ``Header`` on every data screen
(issue 4: fewer widgets to style and lay out for the first frame). These
tests compare the two cell for cell and style for style, and check that the
header still behaves as ``Header`` does.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.command import CommandPalette
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Header
from textual.widgets._header import HeaderIcon

from netjournal.journal import Journal
from netjournal.tui import make_app
from netjournal.tui.widgets.app_header import AppHeader


class HeaderApp(App[None]):
    TITLE = "netjournal"
    SUB_TITLE = "1 Today"

    def __init__(self, header: type[Widget], theme: str) -> None:
        super().__init__()
        self.header_class = header
        self.theme = theme

    def compose(self) -> ComposeResult:
        yield self.header_class()


async def header_lines(
    header: type[Widget], theme: str, width: int, *, tall: bool = False, hover: bool = False
) -> list[Any]:
    app = HeaderApp(header, theme)
    async with app.run_test(size=(width, 4)) as pilot:
        if tall:
            app.query_one(header).add_class("-tall")
        if hover:
            await pilot.hover(header, offset=(2, 0))
        await pilot.pause()
        strips: list[Strip] = app.screen._compositor.render_strips()
        return [list(strip) for strip in strips[: 3 if tall else 1]]


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
@pytest.mark.parametrize("width", [100, 80, 30])
async def test_the_header_draws_the_segments_textuals_header_draws(theme: str, width: int) -> None:
    assert await header_lines(AppHeader, theme, width) == await header_lines(Header, theme, width)


def cells(lines: list[Any]) -> list[list[tuple[str, Any, Any]]]:
    """Each cell's character, background and (for a visible character) colour."""
    return [
        [
            (char, segment.style.bgcolor, None if char == " " else segment.style.color)
            for segment in line
            for char in segment.text
        ]
        for line in lines
    ]


@pytest.mark.parametrize("hover", [False, True])
async def test_the_tall_header_and_the_hovered_icon_look_as_textuals(hover: bool) -> None:
    for tall in (False, True):
        mine = await header_lines(AppHeader, "textual-dark", 60, tall=tall, hover=hover)
        stock = await header_lines(Header, "textual-dark", 60, tall=tall, hover=hover)
        assert cells(mine) == cells(stock)
    one_line = await header_lines(AppHeader, "textual-dark", 60, hover=hover)
    plain = await header_lines(AppHeader, "textual-dark", 60)
    assert (cells(one_line) != cells(plain)) is hover


async def test_clicking_the_icon_opens_the_command_palette(demo: Journal) -> None:
    app = make_app(demo, poll_seconds=3600.0)
    async with app.run_test(size=(100, 30)) as pilot:
        assert not app.screen.query(Header) and not app.screen.query(HeaderIcon)
        header = app.screen.query_one(AppHeader)
        await pilot.hover(AppHeader, offset=(2, 0))
        assert header.tooltip == "Open the command palette"
        await pilot.click(AppHeader, offset=(2, 0))
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)


async def test_clicking_the_title_toggles_the_tall_header(demo: Journal) -> None:
    app = make_app(demo, poll_seconds=3600.0)
    async with app.run_test(size=(100, 30)) as pilot:
        header = app.screen.query_one(AppHeader)
        await pilot.click(AppHeader, offset=(50, 0))
        await pilot.pause()
        assert header.size.height == 3
        assert header.tooltip is None
        await pilot.click(AppHeader, offset=(50, 1))
        await pilot.pause()
        assert header.size.height == 1


async def test_the_header_follows_the_titles(demo: Journal) -> None:
    app = make_app(demo, poll_seconds=3600.0)
    async with app.run_test(size=(100, 30)) as pilot:
        header = app.screen.query_one(AppHeader)
        assert header.title_content().plain == "netjournal — 1 Today"
        app.screen.sub_title = "elsewhere"
        await pilot.pause()
        line = "".join(segment.text for segment in app.screen._compositor.render_strips()[0])
        assert "netjournal — elsewhere" in line
