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
from textual.widgets import Label, Static

from netjournal.tui.dialogs import DIALOG_CSS

HELP_INTRO = (
    "Keys work as soon as a list has the focus; escape leaves a text field. "
    "ctrl+p opens the command palette: every screen and action, by name."
)


#: Keys of the activity form that Textual's Input provides (not in any BINDINGS).
FORM_KEYS: list[tuple[str, str]] = [
    ("enter, ctrl+s", "Log the activity (Save in the edit dialog)"),
    ("tab, shift+tab", "Next / previous field"),
    ("→ (at the end)", "Accept the suggested completion (contacts, channel, purpose…)"),
    ("space", "Toggle CPD (on the CPD box)"),
    ("ctrl+e (in the note)", "Write the note in $VISUAL / $EDITOR"),
    ("esc", "Leave the form, back to the list"),
]
DIALOG_KEYS: list[tuple[str, str]] = [
    ("y, n", "Answer a question (delete? merge?)"),
    ("enter, ctrl+s", "Accept / save"),
    ("ctrl+e", "CPD: write what you learnt / the practice change in $EDITOR"),
    ("esc", "Cancel"),
]


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


def help_sections(app: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    """``(heading, [(keys, description)…])``: the app's keys, then each screen's."""
    from netjournal.tui.screen_registry import SCREENS, screen_class

    display = app.get_key_display
    sections = [("Everywhere", [*binding_rows(type(app), display), ("ctrl+p", "Command palette")])]
    for entry in SCREENS:
        try:
            cls = screen_class(entry)
        except Exception:  # a screen module that fails to import is not the help's business
            continue
        rows = binding_rows(cls, display)
        if rows:
            sections.append((f"{entry.key} {entry.label}", rows))
    sections.append(("Activity form (Today, edit dialog)", FORM_KEYS))
    sections.append(("Dialogs", DIALOG_KEYS))
    return sections


def section_text(rows: list[tuple[str, str]]) -> str:
    width = max((len(keys) for keys, _ in rows), default=0) + 3
    return "\n".join(f"  {keys.ljust(width)}{does}" for keys, does in rows)


def help_text(app: Any) -> str:
    """The whole help as plain text (what the screen shows, for tests and docs)."""
    return "\n\n".join(f"{title}\n{section_text(rows)}" for title, rows in help_sections(app))


class HelpScreen(ModalScreen[None]):
    """Every binding, grouped by screen; ``escape``, ``?`` or ``q`` closes it."""

    CSS_PATH = DIALOG_CSS

    DEFAULT_CLASSES = "dialog-screen"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close help"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help-dialog"):
            yield Label("Keys", classes="dialog-title", markup=False)
            yield Static(HELP_INTRO, classes="help-intro", markup=False)
            with VerticalScroll(id="help-scroll"):
                for title, rows in help_sections(self.app):
                    yield Label(title, classes="help-section", markup=False)
                    yield Static(section_text(rows), classes="help-keys", markup=False)
            yield Label("escape, ? or q to close", classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)
