"""Add or edit a contact: name, organisation, role, handles, tags, cadence, notes.

Like the activity dialog, it collects text and hands it to a ``save``
callable (the facade's ``add_contact``/``edit_contact``); the facade reads
``4w`` or ``30`` as a cadence and checks handles, and a refused field is
marked with the reason while the dialog stays open. When editing, only the
fields changed since the dialog opened are passed on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from netjournal.domain.models import Contact
from netjournal.errors import InputError, NetjournalError

#: (field, label, placeholder) in the order shown.
CONTACT_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("name", "Name", "Teresa Chinn"),
    ("organisation", "Organisation", "e.g. Leeds Teaching Hospitals"),
    ("role", "Role", "e.g. Nurse educator"),
    ("x", "X", "@handle"),
    ("linkedin", "LinkedIn", "linkedin.com/in/… or the slug"),
    ("bluesky", "Bluesky", "name.bsky.social"),
    ("mastodon", "Mastodon", "@name@server"),
    ("email", "Email", "name@example.org"),
    ("tags", "Tags", "#nhs #education"),
    ("cadence", "Keep in touch", "every 30d, 4w, 3m; none"),
    ("met", "Met", "where you met"),
    ("connected", "Connected", "date you connected (today)"),
    ("notes", "Notes", ""),
)
HANDLE_FIELDS = ("x", "linkedin", "bluesky", "mastodon", "email")
#: ``InputError.field`` values that point at a form field with another name.
ERROR_FIELD_ALIASES = {"cadence_days": "cadence", "connected_on": "connected"}


def contact_values(contact: Contact) -> dict[str, str]:
    """What each field shows for an existing contact."""
    return {
        "name": contact.name,
        "organisation": contact.organisation,
        "role": contact.role,
        **{p: contact.handles.get(p, "") for p in HANDLE_FIELDS},
        "tags": " ".join(f"#{t}" for t in contact.tags),
        "cadence": f"{contact.cadence_days}d" if contact.cadence_days else "",
        "met": contact.met,
        "connected": contact.connected_on.isoformat() if contact.connected_on else "",
        "notes": contact.notes,
    }


class ContactDialog(ModalScreen[bool]):
    """``True`` once ``save`` accepted the fields; ``False`` on escape.

    ``save`` receives the changed fields (all non-empty ones when adding) as
    field name -> text; it may raise :class:`InputError` to refuse them.
    """

    DEFAULT_CLASSES = "dialog-screen"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(
        self,
        title: str,
        save: Callable[[dict[str, str]], object],
        *,
        values: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.heading = title
        self.save = save
        self.initial = values or {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog contact-dialog"):
            yield Label(self.heading, classes="dialog-question", markup=False)
            with Grid(classes="contact-grid"):
                for name, label, placeholder in CONTACT_FIELDS:
                    yield Label(label, classes="contact-label", markup=False)
                    yield Input(
                        self.initial.get(name, ""),
                        placeholder=placeholder,
                        id=f"cf-{name}",
                        compact=True,
                    )
            yield Label("", id="cf-error", classes="dialog-error", markup=False)
            yield Label(
                "enter or ctrl+s to save · escape to cancel", classes="dialog-hint", markup=False
            )

    def on_mount(self) -> None:
        self.query_one("#cf-name", Input).focus()

    def changed(self) -> dict[str, str]:
        """Fields whose text differs from what the dialog opened with."""
        out: dict[str, str] = {}
        for name, _, _ in CONTACT_FIELDS:
            text = self.query_one(f"#cf-{name}", Input).value.strip()
            if text != self.initial.get(name, "").strip():
                out[name] = text
        return out

    def action_save(self) -> None:
        for widget in self.query(".-invalid"):
            widget.remove_class("-invalid")
        try:
            self.save(self.changed())
        except InputError as exc:
            name = ERROR_FIELD_ALIASES.get(exc.field or "", exc.field or "")
            if name == "handles":
                name = next((h for h in HANDLE_FIELDS if h in exc.message), "x")
            self.query_one("#cf-error", Label).update(exc.one_line())
            found = self.query(f"#cf-{name}") if name else None
            if found:
                found.first().add_class("-invalid")
                found.first().focus()
            return
        except NetjournalError as exc:
            self.query_one("#cf-error", Label).update(exc.one_line())
            return
        self.dismiss(True)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_cancel(self) -> None:
        self.dismiss(False)
