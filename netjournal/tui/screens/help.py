"""``?``: every key binding of the app and of each screen, read from the code.

The tables are built from the ``BINDINGS`` the app and screens really have,
so the help cannot drift from the keys. Screens are imported here (not at
start-up) to read their bindings; one that cannot be imported is skipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Markdown

HELP_INTRO = (
    "Keys work as soon as a list has the focus; `escape` leaves a text field. "
    "`ctrl+p` opens the command palette, where every screen and action can be found by name."
)


def _bindings(items: Iterable[BindingType]) -> list[Binding]:
    out: list[Binding] = []
    for item in items:
        if isinstance(item, Binding):
            out.append(item)
        elif len(item) == 3:
            out.append(Binding(item[0], item[1], item[2]))
        else:
            out.append(Binding(item[0], item[1]))
    return out


def binding_rows(cls: type[Any], display: Any) -> list[tuple[str, str]]:
    """``(keys, description)`` for the bindings ``cls`` declares itself (not inherited)."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for klass in cls.__mro__:
        for binding in _bindings(klass.__dict__.get("BINDINGS", ())):
            keys = ", ".join(
                display(Binding(k.strip(), binding.action)) for k in binding.key.split(",")
            )
            if binding.description and keys not in seen:
                seen.add(keys)
                rows.append((keys, binding.description))
        if klass.__name__ in ("DataScreen", "App", "Screen", "ModalScreen"):
            break
    return rows


def help_markdown(app: Any) -> str:
    """The whole help text as Markdown tables: the app's keys, then each screen's."""
    from netjournal.tui.app import SCREENS, screen_class

    display = app.get_key_display
    parts = ["# Keys", "", HELP_INTRO, "", "## Everywhere", "", "| Key | Does |", "|---|---|"]
    parts += [f"| `{k}` | {d} |" for k, d in binding_rows(type(app), display)]
    parts += ["| `ctrl+p` | Command palette |"]
    for entry in SCREENS:
        try:
            cls = screen_class(entry)
        except Exception:  # a screen module that fails to import is not the help's business
            continue
        rows = binding_rows(cls, display)
        if not rows:
            continue
        parts += ["", f"## {entry.key} {entry.label}", "", "| Key | Does |", "|---|---|"]
        parts += [f"| `{k}` | {d} |" for k, d in rows]
    return "\n".join(parts)


class HelpScreen(ModalScreen[None]):
    """Every binding, grouped by screen; ``escape``, ``?`` or ``q`` closes it."""

    DEFAULT_CLASSES = "dialog-screen"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close help"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help-dialog"):
            with VerticalScroll(id="help-scroll"):
                yield Markdown(help_markdown(self.app), id="help-text")
            yield Label("escape, ? or q to close", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)
