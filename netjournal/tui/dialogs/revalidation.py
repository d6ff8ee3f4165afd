"""The NMC revalidation picture in the app (command palette: *Revalidation*).

The same text as ``netjournal revalidation``: hours, participatory hours,
reflective accounts, feedback and the discussion against the renewal date.
The partner's name and PIN are never shown here (the CLI's
``--include-names`` shows them). ``escape`` or ``q`` closes it.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from netjournal.tui.dialogs import DIALOG_CSS


class RevalidationDialog(ModalScreen[None]):
    """Shows ``text`` (the picture, already worded by the domain)."""

    CSS_PATH = DIALOG_CSS

    DEFAULT_CLASSES = "dialog-screen"
    DEFAULT_CSS = """
    RevalidationDialog .revalidation-dialog {
        width: 90;
        max-width: 100%;
        height: auto;
        max-height: 90%;
    }
    RevalidationDialog #revalidation-scroll {
        height: auto;
        max-height: 30;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close"),
    ]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog revalidation-dialog"):
            yield Label("NMC revalidation", classes="dialog-title", markup=False)
            with VerticalScroll(id="revalidation-scroll"):
                yield Static(self.text, id="revalidation-text", markup=False)
            yield Label(
                "netjournal feedback add · netjournal revalidation discussion · escape to close",
                classes="dialog-hint",
                markup=False,
            )

    def on_mount(self) -> None:
        self.query_one("#revalidation-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)
