"""A modal form of labelled text fields that hands the changed ones to a ``save`` callable.

The contact and CPD dialogs are both this: a grid of inputs, ``enter`` or
``ctrl+s`` to save, ``escape`` to cancel. ``save`` is a facade call; when it
raises :class:`InputError` the field it names is marked with the reason and
the dialog stays open, so nothing half-typed is lost and nothing invalid is
stored.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from netjournal.errors import InputError, NetjournalError
from netjournal.presentation import printable
from netjournal.tui.dialogs import DIALOG_CSS


class FieldsDialog(ModalScreen[bool]):
    """``True`` once ``save`` accepted the changed fields; ``False`` on escape.

    Subclasses set ``FIELDS`` ((name, label, placeholder) in order) and
    ``PREFIX`` (input ids are ``{PREFIX}-{name}``, the error line
    ``{PREFIX}-error``), and may override :meth:`submit` to turn the text
    into the facade's arguments and :meth:`field_for` to map an error's
    field to an input.
    """

    CSS_PATH = DIALOG_CSS

    DEFAULT_CLASSES = "dialog-screen"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]
    FIELDS: ClassVar[tuple[tuple[str, str, str], ...]] = ()
    PREFIX: ClassVar[str] = "field"
    #: Fields that take paragraphs: a multi-line TextArea, where enter starts a new line.
    MULTILINE: ClassVar[frozenset[str]] = frozenset()
    #: The class of the dialog's box (its width and grid, in app.tcss).
    BOX_CLASS: ClassVar[str] = "contact-dialog"

    def __init__(
        self,
        title: str,
        save: Callable[[Any], object],
        *,
        values: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.heading = title
        self.save = save
        self.initial = values or {}

    def compose(self) -> ComposeResult:
        with Vertical(classes=f"dialog {self.BOX_CLASS}"):
            yield Label(printable(self.heading), classes="dialog-question", markup=False)
            with Grid(classes="contact-grid"):
                for name, label, placeholder in self.FIELDS:
                    yield Label(label, classes="contact-label", markup=False)
                    if name in self.MULTILINE:
                        from textual.widgets import TextArea

                        yield TextArea(
                            self.initial.get(name, ""),
                            placeholder=placeholder,
                            id=f"{self.PREFIX}-{name}",
                            compact=True,
                            soft_wrap=True,
                            classes="dialog-text-area",
                        )
                    else:
                        yield Input(
                            self.initial.get(name, ""),
                            placeholder=placeholder,
                            id=f"{self.PREFIX}-{name}",
                            compact=True,
                        )
            yield Label("", id=f"{self.PREFIX}-error", classes="dialog-error", markup=False)
            hint = "ctrl+s to save" if self.MULTILINE else "enter or ctrl+s to save"
            yield Label(f"{hint} · escape to cancel", classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(f"#{self.PREFIX}-{self.FIELDS[0][0]}").focus()

    def changed(self) -> dict[str, str]:
        """Fields whose text differs from what the dialog opened with."""
        out: dict[str, str] = {}
        for name, _, _ in self.FIELDS:
            text = self.text_of(name).strip()
            if text != self.initial.get(name, "").strip():
                out[name] = text
        return out

    def text_of(self, name: str) -> str:
        """What the field ``name`` holds now (an Input's value or a TextArea's text)."""
        widget = self.query_one(f"#{self.PREFIX}-{name}")
        if isinstance(widget, Input):
            return widget.value
        text: str = getattr(widget, "text", "")
        return text

    def submit(self, changed: dict[str, str]) -> object:
        """Hand the changed fields to ``save`` (subclasses convert them first)."""
        return self.save(changed)

    def field_for(self, exc: InputError) -> str:
        """The input an error is about (by default the error's own field name)."""
        return exc.field or ""

    def action_save(self) -> None:
        for widget in self.query(".-invalid"):
            widget.remove_class("-invalid")
        error = self.query_one(f"#{self.PREFIX}-error", Label)
        try:
            self.submit(self.changed())
        except InputError as exc:
            error.update(exc.one_line())
            name = self.field_for(exc)
            found = self.query(f"#{self.PREFIX}-{name}") if name else None
            if found:
                found.first().add_class("-invalid")
                found.first().focus()
            return
        except NetjournalError as exc:
            error.update(exc.one_line())
            return
        self.dismiss(True)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_cancel(self) -> None:
        self.dismiss(False)
