"""Ask for one line of text, checked before the dialog closes.

``check`` turns the text into a value or raises
:class:`~netjournal.errors.InputError`; the reason is shown under the field
and the dialog stays open, so a typo in "jump to date" costs one key, not a
round trip.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Label

from netjournal.errors import InputError
from netjournal.presentation import printable
from netjournal.tui.dialogs import DIALOG_CSS

T = TypeVar("T")


class AskDialog(ModalScreen[T | None], Generic[T]):
    """A prompt, an input and the reason it was refused; ``None`` on escape."""

    CSS_PATH = DIALOG_CSS

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        prompt: str,
        check: Callable[[str], T],
        *,
        placeholder: str = "",
        value: str = "",
        suggester: Suggester | None = None,
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.prompt = prompt
        self.check = check
        self.placeholder = placeholder
        self.initial = value
        self.suggester = suggester

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog ask-dialog"):
            yield Label(printable(self.prompt), classes="dialog-question", markup=False)
            yield Input(
                self.initial,
                placeholder=self.placeholder,
                id="ask-input",
                suggester=self.suggester,
            )
            yield Label("", id="ask-error", classes="dialog-error", markup=False)
            yield Label("enter to accept · escape to cancel", classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#ask-input", Input).focus()

    @on(Input.Submitted, "#ask-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            value = self.check(event.value)
        except InputError as exc:
            event.input.add_class("-invalid")
            self.query_one("#ask-error", Label).update(exc.one_line())
            return
        self.dismiss(value)

    @on(Input.Changed, "#ask-input")
    def _changed(self, event: Input.Changed) -> None:
        event.input.remove_class("-invalid")
        self.query_one("#ask-error", Label).update("")

    def action_cancel(self) -> None:
        self.dismiss(None)
