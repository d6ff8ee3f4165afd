"""The activity form: the same natural input as ``netjournal log``, in fields.

Used inline on the Today screen (quick entry) and in the edit dialog. The form
only collects text: it posts :class:`~netjournal.tui.messages.ActivitySubmitted`
with an :class:`~netjournal.journal.ActivityInput` and its owner calls the
facade, so ``yesterday`` or ``1h30`` are read by exactly the code the CLI uses.
The owner calls the facade through :meth:`ActivityForm.apply`: when the
facade refuses the input, an :class:`~netjournal.errors.InputError` goes to
:meth:`ActivityForm.show_error`, which marks the field it names and says why;
nothing was saved.

For editing, :meth:`ActivityForm.read` can return only the fields the user
changed, so saving an edit never writes back stale values over a change the
CLI made to other fields while the dialog was open.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.suggester import Suggester, SuggestFromList
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label

from netjournal.domain.models import KNOWN_CHANNELS, Purpose, Style
from netjournal.errors import InputError, NetjournalError
from netjournal.journal import ActivityInput
from netjournal.presentation import split_tags
from netjournal.tui.messages import ActivitySubmitted
from netjournal.tui.widgets.external_editor import edit_field_externally
from netjournal.tui.widgets.form_fields import CPD_LABEL, SUBMIT_LABEL, TEXT_FIELDS

#: ``InputError.field`` values that name a different form field.
ERROR_FIELD_ALIASES = {
    "time": "at",
    "when": "date",
    "topic": "note",
    "participatory": "cpd",
    "with": "contacts",
}


class ListItemSuggester(Suggester):
    """Completes the last comma-separated item from known values (contact names).

    Matching ignores case; the completion keeps the canonical spelling so
    ``tere`` becomes ``Teresa Chinn``.
    """

    def __init__(self, values: Iterable[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.values = sorted(set(values), key=str.casefold)

    async def get_suggestion(self, value: str) -> str | None:
        _, _, last = value.rpartition(",")
        typed = last.lstrip()
        if not typed:
            return None
        wanted = typed.casefold()
        for candidate in self.values:
            if candidate.casefold().startswith(wanted) and len(candidate) > len(typed):
                return value[: len(value) - len(typed)] + candidate
        return None


def split_list(text: str) -> tuple[str, ...]:
    """Items of a comma-separated field, trimmed, empties dropped."""
    return tuple(part.strip() for part in text.split(",") if part.strip())


#: What the facade call given to :meth:`ActivityForm.apply` returns.
T = TypeVar("T")


class ActivityForm(Widget):
    """Mode, duration, date, time, channel, purpose, style, contacts, tags, note, CPD.

    ``contact_names`` (set by the owner) feed the autocomplete of the *with*
    field. ``submit_label`` names the button ("Log" inline, "Save" in the
    edit dialog). An ``editing`` form submits only the fields changed since
    :meth:`fill`.
    """

    DEFAULT_CSS = """
    ActivityForm {
        height: auto;
        padding: 0 1;
        border-top: solid $primary 50%;
        background: $surface;
    }
    ActivityForm:focus-within {
        border-top: solid $primary;
    }
    ActivityForm .af-row {
        height: 1;
        margin-top: 1;
    }
    ActivityForm .af-row-when {
        margin-top: 0;
    }
    /* The quick-entry form on the Today screen: its rows without gaps. */
    ActivityForm.compact-form .af-row {
        margin-top: 0;
    }
    ActivityForm Input {
        margin-right: 1;
        background: $foreground 8%;
    }
    ActivityForm Input:focus {
        background: $primary 20%;
    }
    ActivityForm Input.-invalid {
        background: $error 30%;
    }
    ActivityForm .af-mode { width: 9; }
    ActivityForm .af-duration { width: 10; }
    ActivityForm .af-date { width: 1fr; min-width: 12; }
    ActivityForm .af-at { width: 7; }
    ActivityForm .af-channel { width: 1fr; min-width: 10; }
    ActivityForm .af-purpose { width: 1fr; min-width: 10; }
    ActivityForm .af-style { width: 1fr; min-width: 9; margin-right: 0; }
    ActivityForm .af-contacts { width: 2fr; }
    ActivityForm .af-tags { width: 1fr; }
    ActivityForm .af-note { width: 1fr; }
    ActivityForm Checkbox {
        width: auto;
        height: 1;
        margin-right: 1;
        background: $surface;
    }
    ActivityForm #af-submit {
        width: auto;
        min-width: 8;
    }
    ActivityForm .af-error {
        display: none;
        width: 1fr;
        height: auto;
        color: $text-error;
    }
    ActivityForm .af-error.-shown {
        display: block;
    }
    """

    DEFAULT_CLASSES = "activity-form"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Save"),
        # A priority binding: the focused Input's own ctrl+e (cursor to end)
        # would otherwise take the key; other fields still get that move.
        Binding("ctrl+e", "edit_note", "Note in $EDITOR", show=False, priority=True),
    ]
    FIELDS: ClassVar[tuple[str, ...]] = (*(name for name, _, _ in TEXT_FIELDS), "cpd")

    def __init__(
        self,
        *,
        contact_names: Iterable[str] = (),
        submit_label: str = SUBMIT_LABEL,
        editing: bool = False,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._contact_names = list(contact_names)
        self._submit_label = submit_label
        self.editing = editing
        self._contact_source: Callable[[], Iterable[str]] | None = None
        self._initial: dict[str, str] = {}
        self._initial_cpd = False

    def compose(self) -> ComposeResult:
        inputs = {
            name: Input(
                placeholder=placeholder,
                tooltip=tooltip,
                id=f"af-{name}",
                compact=True,
                classes=f"af-field af-{name}",
            )
            for name, placeholder, tooltip in TEXT_FIELDS
        }
        inputs["mode"].suggester = SuggestFromList(["online", "offline"], case_sensitive=False)
        inputs["channel"].suggester = SuggestFromList(list(KNOWN_CHANNELS), case_sensitive=False)
        inputs["purpose"].suggester = SuggestFromList(
            [p.value for p in Purpose], case_sensitive=False
        )
        inputs["style"].suggester = SuggestFromList([s.value for s in Style], case_sensitive=False)
        inputs["contacts"].suggester = ListItemSuggester(self._contact_names)
        with Horizontal(classes="af-row af-row-when"):
            for name in ("mode", "duration", "date", "at", "channel", "purpose", "style"):
                yield inputs[name]
        with Horizontal(classes="af-row af-row-who"):
            yield inputs["contacts"]
            yield inputs["tags"]
        # The CPD box sits after the note so Tab reads the form as it is
        # laid out: the fields, then the box, then the button.
        with Horizontal(classes="af-row af-row-note"):
            yield inputs["note"]
            yield Checkbox(CPD_LABEL, id="af-cpd", compact=True, tooltip="this counts as CPD")
            yield Button(self._submit_label, id="af-submit", compact=True, variant="primary")
        yield Label("", id="af-error", classes="af-error", markup=False)

    # -- attributes down -----------------------------------------------------

    def set_contact_names(self, names: Iterable[str]) -> None:
        """Refresh the autocomplete list (contacts change as activities are logged)."""
        self._contact_names = list(names)
        if self.is_mounted:
            self.query_one("#af-contacts", Input).suggester = ListItemSuggester(self._contact_names)

    def set_contact_source(self, source: Callable[[], Iterable[str]]) -> None:
        """Where to get contact names, asked only when the *with* field gets the focus.

        Reading two thousand contacts is not worth doing for a screen that
        may only be looked at; the owner hands over how, the form decides when.
        """
        self._contact_source = source

    @on(events.DescendantFocus)
    def _contacts_focused(self, event: events.DescendantFocus) -> None:
        if event.widget.id == "af-contacts" and self._contact_source is not None:
            source, self._contact_source = self._contact_source, None
            self.set_contact_names(source())

    def fill(self, values: dict[str, str], *, cpd: bool = False) -> None:
        """Show ``values`` (field name -> text) and remember them as the starting point."""
        for name, _, _ in TEXT_FIELDS:
            self.query_one(f"#af-{name}", Input).value = values.get(name, "")
        self.query_one("#af-cpd", Checkbox).value = cpd
        self._initial = {name: values.get(name, "") for name, _, _ in TEXT_FIELDS}
        self._initial_cpd = cpd
        self.clear_error()

    def clear(self) -> None:
        """Empty every field (after a successful log), ready for the next one."""
        self.fill({})

    def focus_first(self) -> None:
        self.focus_field("mode")

    def focus_field(self, name: str) -> None:
        """Focus the field ``name`` (a :data:`FIELDS` name, or ``submit`` for the button)."""
        self.query_one(f"#af-{name}").focus()

    # -- reading ---------------------------------------------------------------

    def value_of(self, name: str) -> str:
        return self.query_one(f"#af-{name}", Input).value

    def cpd_ticked(self) -> bool:
        """Whether the CPD box is ticked."""
        return self.query_one("#af-cpd", Checkbox).value

    def read(self, *, changed_only: bool = False) -> ActivityInput:
        """The fields as an :class:`ActivityInput`; empty fields mean "not given".

        With ``changed_only``, fields still showing what :meth:`fill` put
        there are "not given" too, so the facade keeps the stored values.
        """
        text = {name: self.value_of(name).strip() for name, _, _ in TEXT_FIELDS}
        cpd = self.query_one("#af-cpd", Checkbox).value

        def given(name: str) -> bool:
            if changed_only:
                return text[name] != self._initial.get(name, "").strip()
            return bool(text[name])

        def opt(name: str) -> str | None:
            return text[name] if given(name) and text[name] else None

        contacts = split_list(text["contacts"]) if given("contacts") else None
        tags = split_tags(text["tags"]) if given("tags") else None
        cpd_given = cpd != self._initial_cpd if changed_only else cpd
        return ActivityInput(
            mode=opt("mode"),
            duration=opt("duration"),
            date=opt("date"),
            # A cleared time is "no time" when editing, so pass the empty text on.
            at=text["at"] if given("at") else None,
            channel=opt("channel"),
            purpose=opt("purpose"),
            style=opt("style"),
            contacts=contacts,
            tags=tags,
            note=text["note"] if given("note") else None,
            cpd=cpd if cpd_given else None,
        )

    # -- errors ----------------------------------------------------------------

    def field_for(self, error: InputError) -> str | None:
        """The form field an error is about, or ``None`` when it names none."""
        name = ERROR_FIELD_ALIASES.get(error.field or "", error.field or "")
        return name if name in self.FIELDS else None

    def apply(self, change: Callable[[], T], *, refused: str) -> T | None:
        """Run the facade call that takes this form's input; ``None`` when it refused.

        A refused field (:class:`~netjournal.errors.InputError`) is marked by
        :meth:`show_error`; any other refusal is a notification titled ``refused``.
        """
        try:
            return change()
        except InputError as exc:
            self.show_error(exc)
        except NetjournalError as exc:
            self.notify(exc.one_line(), title=refused, severity="error")
        return None

    def show_error(self, error: InputError) -> str | None:
        """Mark the field ``error`` names, say why, focus it; returns the field name."""
        self.clear_error()
        name = self.field_for(error)
        label = self.query_one("#af-error", Label)
        label.update(f"{name or 'input'}: {error.one_line()}" if name else error.one_line())
        label.add_class("-shown")
        if name is not None:
            widget = self.query_one(f"#af-{name}")
            widget.add_class("-invalid")
            widget.tooltip = error.one_line()
            widget.focus()
        return name

    def clear_error(self) -> None:
        for widget in self.query(".-invalid"):
            widget.remove_class("-invalid")
        label = self.query_one("#af-error", Label)
        label.update("")
        label.remove_class("-shown")

    def invalid_fields(self) -> list[str]:
        """Names of the fields marked invalid (what the tests and screen readers check)."""
        return [
            (w.id or "").removeprefix("af-") for w in self.query(".-invalid") if w.id is not None
        ]

    # -- the external editor ----------------------------------------------------

    def action_edit_note(self) -> None:
        """``ctrl+e`` in the note: write it in ``$VISUAL``/``$EDITOR`` (the CLI's ``--edit``)."""
        focused = self.app.focused
        edit_field_externally(focused, long_text=focused is self.query_one("#af-note", Input))

    # -- messages up -----------------------------------------------------------

    def action_submit(self) -> None:
        self.submit()

    def submit(self) -> None:
        self.post_message(ActivitySubmitted(self.read(changed_only=self.editing)))

    def on_key(self, event: events.Key) -> None:
        """Keep letters typed on the CPD box or the button inside the form.

        A text field takes every printable key itself; the box and the button
        take only space and enter (their own bindings). Any other letter would
        bubble on to the screen and the app, where ``e``, ``d`` or ``q`` act
        on a row the user is not looking at, or quit.
        """
        focused = self.screen.focused
        if (
            event.is_printable
            and event.key not in ("space", "enter")
            and focused is not None
            and not isinstance(focused, Input)
            and self in focused.ancestors
        ):
            event.stop()
            event.prevent_default()

    @on(Input.Submitted)
    def _input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    @on(Button.Pressed, "#af-submit")
    def _button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.submit()

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        if event.input.has_class("-invalid"):
            event.input.remove_class("-invalid")
