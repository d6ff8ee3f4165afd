"""The first-run welcome: the idea in three sentences, and the demo on offer.

Shown when the journal has never been written to. Choosing the demo opens a
*separate* demo journal for this session, so made-up data never mixes with
a real CPD record.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from netjournal.tui.dialogs import DIALOG_CSS

WELCOME_TEXT = (
    "netjournal is a journal of your professional networking, online (X, LinkedIn, "
    "Bluesky…) and offline (conferences, meetings, a coffee). "
    "Log each activity in a line and it shows how your week balances against the target "
    "you set, and whether you are having conversations or only broadcasting. "
    "Everything stays in files on this computer, ready to export as a CPD record for the "
    "NMC or HCPC."
)


class WelcomeDialog(ModalScreen[str]):
    """Returns ``"demo"`` to explore the demo journal, ``"start"`` to begin for real."""

    CSS_PATH = DIALOG_CSS

    DEFAULT_CLASSES = "dialog-screen"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "answer('demo')", "Demo"),
        Binding("s", "answer('start')", "Start"),
        Binding("escape", "answer('start')", "Start"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog welcome-dialog"):
            yield Label("Welcome to netjournal", classes="dialog-title")
            yield Static(WELCOME_TEXT, classes="welcome-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Explore demo data (d)", id="welcome-demo")
                yield Button("Start my journal (s)", id="welcome-start", variant="primary")
            yield Label(
                "The demo is a separate journal: your own stays empty. Press n to log, ? for help.",
                classes="dialog-hint",
                markup=False,
            )

    def on_mount(self) -> None:
        self.query_one("#welcome-start", Button).focus()

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss("demo" if event.button.id == "welcome-demo" else "start")
