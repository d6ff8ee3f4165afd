"""Edit one activity in a dialog: the activity form, prefilled.

Only the fields the user changes are sent to the facade (see
:class:`~netjournal.tui.widgets.activity_form.ActivityForm`), and the facade
applies them to the activity as it is in the store *now*, so an edit here
never undoes a change another process made meanwhile. Refused input marks
its field and keeps the dialog open; nothing is saved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from netjournal.journal import ActivityInput
from netjournal.presentation import printable
from netjournal.tui.dialogs import DIALOG_CSS
from netjournal.tui.messages import ActivitySubmitted
from netjournal.tui.widgets.activity_form import ActivityForm


class EditActivityDialog(ModalScreen[bool]):
    """Returns ``True`` once ``save`` accepted the changes, ``False`` on escape."""

    CSS_PATH = DIALOG_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(
        self,
        title: str,
        values: dict[str, str],
        *,
        cpd: bool,
        contact_names: Iterable[str],
        save: Callable[[ActivityInput], object],
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.heading = title
        self.values = values
        self.cpd = cpd
        self.contact_names = list(contact_names)
        self.save = save

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog edit-dialog"):
            yield Label(printable(self.heading), classes="dialog-question", markup=False)
            yield ActivityForm(
                contact_names=self.contact_names,
                submit_label="Save",
                editing=True,
                id="edit-form",
            )
            yield Label(
                "enter or ctrl+s to save · escape to cancel", classes="dialog-hint", markup=False
            )

    def on_mount(self) -> None:
        form = self.query_one(ActivityForm)
        form.fill(self.values, cpd=self.cpd)
        form.query_one("#af-note").focus()

    @on(ActivitySubmitted)
    def _submitted(self, message: ActivitySubmitted) -> None:
        message.stop()
        form = self.query_one(ActivityForm)
        if form.apply(lambda: self.save(message.entry), refused="Not saved") is not None:
            self.dismiss(True)

    def action_save(self) -> None:
        self.query_one(ActivityForm).submit()

    def action_cancel(self) -> None:
        self.dismiss(False)
