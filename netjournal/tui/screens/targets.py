"""Targets: see the balance target in force, set a new version, read the history.

The form takes exactly the text the CLI takes (``30-50%``, ``40%``, a ratio
``1:2`` — ``netjournal target set --online/--ratio`` —, ``2.5`` hours,
``1h30`` a day) and hands it to the facade (``journal.review.set_target``), which
parses it with :mod:`netjournal.domain.targets`. A refused value marks its
field with the reason and nothing is saved, because the facade validates the
whole version before it writes anything.

What the form shows is what is saved: every field is filled with the target
in force, and a field left empty clears that part of the target.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, DataTable, Input, Label, Static

from netjournal.errors import InputError
from netjournal.presentation import share_percent
from netjournal.tui.screens.base import DataScreen

if TYPE_CHECKING:
    from netjournal.domain.target_record import Target
    from netjournal.domain.targets import TargetInput


class TargetField:
    """One line of the form: its input id, label, hint and the facade's field names."""

    def __init__(self, key: str, label: str, hint: str, errors: tuple[str, ...]) -> None:
        self.key = key
        self.label = label
        self.hint = hint
        self.errors = errors

    @property
    def input_id(self) -> str:
        return f"target-{self.key}"

    @property
    def note_id(self) -> str:
        return f"target-{self.key}-note"


#: The form, top to bottom. ``errors`` are the ``InputError.field`` names that
#: belong to each input (the band field takes both the ``--online`` and the
#: ``--ratio`` forms).
FIELDS: tuple[TargetField, ...] = (
    TargetField("band", "Online share band", "30-50%, 40%, ratio 1:2", ("online", "ratio")),
    TargetField("hours", "Min. hours a week", "e.g. 3 or 2.5", ("min-hours",)),
    TargetField(
        "conversations", "Conversations a week", "at least, e.g. 3", ("min-conversations",)
    ),
    TargetField(
        "connections", "New connections a month", "at least, e.g. 2", ("min-new-connections",)
    ),
    TargetField("max-online", "Max. online a day", "a limit, e.g. 1h30", ("max-online-per-day",)),
    TargetField("from", "In force from", "a date: today, 1/12", ("from", "date", "when")),
)

_FIELD_FOR_ERROR: dict[str, TargetField] = {name: f for f in FIELDS for name in f.errors}


def _hours_text(minutes: int) -> str:
    return f"{minutes / 60:g}"


def form_values(target: Target | None) -> dict[str, str]:
    """The form's text for ``target``: what a user would type to set it again."""
    from netjournal.domain.targets import has_band
    from netjournal.domain.timeparse import format_duration

    values = {f.key: "" for f in FIELDS}
    values["from"] = "today"
    if target is None:
        return values
    if has_band(target):
        low = target.online_min_share or 0.0
        high = 1.0 if target.online_max_share is None else target.online_max_share
        values["band"] = f"{share_percent(low)}-{share_percent(high)}"
    if target.weekly_min_minutes is not None:
        values["hours"] = _hours_text(target.weekly_min_minutes)
    if target.weekly_min_conversations is not None:
        values["conversations"] = str(target.weekly_min_conversations)
    if target.monthly_min_new_connections is not None:
        values["connections"] = str(target.monthly_min_new_connections)
    if target.daily_max_online_minutes is not None:
        values["max-online"] = format_duration(target.daily_max_online_minutes)
    return values


def target_input(values: dict[str, str]) -> TargetInput:
    """What the form says, as the facade's :class:`TargetInput`.

    An empty field clears its part (the CLI's ``none``); a band with a colon
    is a ratio (``1:2``), anything else an online share (``30-50%``).
    """
    from netjournal.domain.targets import TargetInput

    def given(key: str) -> str:
        text = values.get(key, "").strip()
        return text if text else "none"

    band = given("band")
    is_ratio = ":" in band
    return TargetInput(
        online=None if is_ratio else band,
        ratio=band if is_ratio else None,
        min_hours=given("hours"),
        min_conversations=given("conversations"),
        min_new_connections=given("connections"),
        max_online_per_day=given("max-online"),
    )


def describe_target(target: Target | None, date_order: str) -> str:
    """The "in force now" panel, one part per line, in words."""
    from netjournal.domain.targets import describe_band, has_band
    from netjournal.domain.timeparse import format_date, format_duration

    if target is None:
        return (
            "No target yet.\n\n"
            "Fill in the form and save it (ctrl+s): for example a band of 30-50% online, "
            "or a ratio of 1:2 (one online hour for every two offline)."
        )
    lines = [f"In force since {format_date(target.effective_from, date_order)}"]
    lines.append(
        "Balance: " + describe_band(target.online_min_share, target.online_max_share)
        if has_band(target)
        else "Balance: no band"
    )
    minimums = (
        (target.weekly_min_minutes, "networking a week", format_duration),
        (target.weekly_min_conversations, "conversations a week", str),
        (target.monthly_min_new_connections, "new connections a month", str),
    )
    for value, what, fmt in minimums:
        lines.append(f"At least {fmt(value)} {what}" if value is not None else f"No minimum {what}")
    limit = target.daily_max_online_minutes
    lines.append(
        f"Online at most {format_duration(limit)} a day (a limit)"
        if limit is not None
        else "No daily limit on online time"
    )
    return "\n".join(lines)


class TargetsScreen(DataScreen):
    """The target in force, a form to set a new version, and every version so far."""

    CSS_PATH = "targets.tcss"
    SUB_TITLE = "6 Targets"

    MAIN: ClassVar[str] = "#target-history"
    # Textual declares this without ClassVar, so annotating it here clashes in mypy.
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012
        (0, "-narrow"),
        (96, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit target"),
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("r", "reset", "Reset form", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._form_filled = False
        #: The text each marked field held when it was refused.
        self._refused: dict[str, str] = {}

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="targets-body"):
            with Horizontal(id="targets-top"):
                with Vertical(id="targets-form"):
                    yield Label("Set a new target", classes="targets-heading")
                    with Grid(id="targets-grid"):
                        for f in FIELDS:
                            yield Label(f.label, classes="target-label")
                            yield Input(
                                id=f.input_id,
                                compact=True,
                                classes="target-input",
                                validate_on=(),  # the facade validates; see _mark
                            )
                            yield Label(f.hint, id=f.note_id, classes="target-note")
                    with Horizontal(id="targets-buttons"):
                        yield Button(
                            "Save (ctrl+s)", id="target-save", variant="primary", compact=True
                        )
                        yield Button("Reset (r)", id="target-reset", compact=True)
                with Vertical(id="targets-current"):
                    yield Label("In force today", classes="targets-heading")
                    yield Static(id="target-current")
            yield Label("History (newest first)", classes="targets-heading")
            yield DataTable(id="target-history", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#target-history", DataTable)
        table.add_columns(
            "From", "Until", "Balance band", "Hours/wk", "Conv./wk", "New/month", "Online/day max"
        )
        # No super() call: Textual runs DataScreen.on_mount (load + focus) itself,
        # after this one, as it runs the handlers of every class in the MRO.

    # -- data ------------------------------------------------------------------

    def load(self) -> None:
        """Current target, history, and (first time only) the form.

        The form is refilled only when first shown, after a save and on reset,
        so a reload triggered by another process never wipes what is typed.
        """
        journal = self.journal
        current = journal.review.current_target()
        self.query_one("#target-current", Static).update(
            describe_target(current, journal.config.date_order)
        )
        self._fill_history(journal.review.target_history(), current)
        if not self._form_filled:
            self.fill_form(current)

    def _fill_history(self, history: list[Target], current: Target | None) -> None:
        from datetime import timedelta

        from netjournal.domain.targets import has_band
        from netjournal.domain.timeparse import format_duration

        table = self.query_one("#target-history", DataTable)
        table.clear()

        def count(value: int | None) -> str:
            return "-" if value is None else str(value)

        rows = []
        for i, target in enumerate(history):
            following = history[i + 1].effective_from if i + 1 < len(history) else None
            until = (following - timedelta(days=1)).isoformat() if following else "now"
            band = "-"
            if has_band(target):
                low = target.online_min_share or 0.0
                high = 1.0 if target.online_max_share is None else target.online_max_share
                band = f"{share_percent(low)}–{share_percent(high)}"
            in_force = current is not None and target.id == current.id
            hours = target.weekly_min_minutes
            limit = target.daily_max_online_minutes
            rows.append(
                (
                    (
                        target.effective_from.isoformat() + (" ●" if in_force else ""),
                        until,
                        band,
                        "-" if hours is None else _hours_text(hours),
                        count(target.weekly_min_conversations),
                        count(target.monthly_min_new_connections),
                        "-" if limit is None else format_duration(limit),
                    ),
                    target.id,
                )
            )
        # newest first: the version in force now is usually the one looked for
        for cells, key in reversed(rows):
            table.add_row(*cells, key=key)

    def fill_form(self, target: Target | None) -> None:
        for key, text in form_values(target).items():
            self.query_one(f"#target-{key}", Input).value = text
        self.clear_errors()
        self._form_filled = True

    # -- errors ----------------------------------------------------------------

    def clear_errors(self) -> None:
        for f in FIELDS:
            self._mark(f, None)

    def _mark(self, f: TargetField, reason: str | None) -> None:
        field = self.query_one(f"#{f.input_id}", Input)
        note = self.query_one(f"#{f.note_id}", Label)
        field.set_class(reason is not None, "-invalid")
        if reason is None:
            self._refused.pop(f.key, None)
        else:
            self._refused[f.key] = field.value
        note.set_class(reason is not None, "-error")
        note.update(reason if reason is not None else f.hint)

    def mark_error(self, error: InputError) -> TargetField | None:
        """Show ``error`` beside its field and focus it; ``None`` if no field owns it."""
        f = _FIELD_FOR_ERROR.get(error.field or "")
        if f is None:
            return None
        reason = error.message + (f" ({error.hint})" if error.hint else "")
        self._mark(f, reason)
        self.query_one(f"#{f.input_id}", Input).focus()
        return f

    def on_input_changed(self, event: Input.Changed) -> None:
        """Typing in a refused field takes its mark away (the old reason no longer applies).

        A change message that arrives late for the refused text itself is
        ignored, so the mark stays until the text really changes.
        """
        for f in FIELDS:
            if (
                event.input.id == f.input_id
                and self._refused.get(f.key, event.value) != event.value
            ):
                self._mark(f, None)

    # -- actions ---------------------------------------------------------------

    def values(self) -> dict[str, str]:
        return {f.key: self.query_one(f"#{f.input_id}", Input).value for f in FIELDS}

    def action_save(self) -> None:
        """Save the form as a new target version; on refused input, mark the field."""
        journal = self.journal
        values = self.values()
        self.clear_errors()
        try:
            try:
                day = journal.parse_date(values["from"].strip() or "today")
            except InputError as exc:
                raise InputError(exc.message, field="from", hint=exc.hint) from exc
            target = journal.review.set_target(target_input(values), day)
        except InputError as exc:
            if self.mark_error(exc) is None:
                self.notify(exc.one_line(), title="Target not saved", severity="error")
            return
        from netjournal.domain.timeparse import format_date

        self._form_filled = False
        self.wrote(
            f"Target saved, in force from {format_date(target.effective_from, journal.config.date_order)}"
        )
        self.focus_main()

    def action_edit(self) -> None:
        self.query_one(f"#{FIELDS[0].input_id}", Input).focus()

    def action_reset(self) -> None:
        self.fill_form(self.journal.review.current_target())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "target-save":
            self.action_save()
        elif event.button.id == "target-reset":
            self.action_reset()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """``enter`` in a field saves, as in the CLI one line is one command."""
        event.stop()
        self.action_save()
