"""The footer: the keys that work right now, as one line of text.

It shows what Textual's ``Footer`` shows (the active bindings marked
``show=True``: the number keys 1–7 and ``?`` when a list has the focus,
``escape`` and ``ctrl+s`` while typing) as a single line of text that is
rendered again when the bindings change, where ``Footer`` composes one widget
per key. A click on a key runs its action, for people using ``netjournal
serve`` with a mouse.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import RenderResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

#: Ways to make the line fit, tried in order: how many words of each
#: description to keep (``None``: all; 0: the key alone, for the number keys)
#: and what goes before each key. ``? Help`` always keeps its word, so a
#: narrow terminal shortens the bar but never loses the way to the help.
SHORTER: tuple[tuple[int | None, str], ...] = ((None, " "), (None, ""), (1, ""), (0, ""))


class KeyBar(Widget):
    """One line: ``1 Today  2 Journal … ? Help``; click a key to press it."""

    DEFAULT_CSS = """
    KeyBar {
        height: 1;
        dock: bottom;
        background: $panel;
    }
    KeyBar > .key-bar--key {
        color: $accent;
        text-style: bold;
    }
    KeyBar > .key-bar--description {
        color: $foreground;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--description"}

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._spans: list[tuple[int, int, Binding, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def shown_bindings(self) -> list[tuple[Binding, str]]:
        """``(binding, namespace-bound action)`` pairs to show, one per action, in order."""
        seen: set[str] = set()
        out: list[tuple[Binding, str]] = []
        for _, binding, enabled, _ in self.screen.active_bindings.values():
            if binding.show and enabled and binding.action not in seen:
                seen.add(binding.action)
                out.append((binding, binding.action))
        return out

    def render(self) -> RenderResult:
        key_style = self.get_component_rich_style("key-bar--key")
        text_style = self.get_component_rich_style("key-bar--description")
        shown = self.shown_bindings()
        width = self.size.width or self.app.size.width
        for level in range(len(SHORTER)):
            parts = [self._part(binding, level) for binding, _ in shown]
            # The last entry's trailing space may fall off the edge.
            if sum(len(key) + len(text) for key, text in parts) - 1 <= width:
                break
        line = Text(no_wrap=True, overflow="ellipsis")
        self._spans = []
        for (binding, action), (key, text) in zip(shown, parts, strict=True):
            start = len(line)
            line.append(key, key_style)
            line.append(text, text_style)
            self._spans.append((start, len(line), binding, action))
        return line

    def _part(self, binding: Binding, level: int) -> tuple[str, str]:
        """The key and its description at shortening ``level`` (see :data:`SHORTER`)."""
        key = self.app.get_key_display(binding)
        keep_words, lead = SHORTER[level]
        if binding.action == "help":
            keep_words = None  # ``? Help`` is never shortened away
        description = binding.description
        if keep_words is not None and not binding.action.startswith("show("):
            keep_words = max(keep_words, 1)
        if keep_words is not None:
            description = " ".join(description.split()[:keep_words])
        if not description:
            return f"{lead}{key} ", ""
        return f"{lead}{key} ", f"{description} "

    async def on_click(self, event: events.Click) -> None:
        for start, end, binding, _ in self._spans:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(binding.key.split(",")[0].strip())
                return
