"""Add or edit a contact: name, organisation, role, handles, tags, cadence, notes.

Like the activity dialog, it collects text and hands it to a ``save``
callable (the facade's ``add_contact``/``edit_contact``); the facade reads
``4w`` or ``30`` as a cadence and checks handles, and a refused field is
marked with the reason while the dialog stays open. When editing, only the
fields changed since the dialog opened are passed on.
"""

from __future__ import annotations

from netjournal.domain.contact_record import Contact
from netjournal.errors import InputError
from netjournal.presentation import printable
from netjournal.tui.dialogs.fields_dialog import FieldsDialog

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
    """What each field shows for an existing contact, made printable.

    The dialog sends only the fields whose text changed, so a name or note
    holding control characters is stored unchanged unless its field is edited.
    """
    values = {
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
    return {name: printable(text) for name, text in values.items()}


class ContactDialog(FieldsDialog):
    """``True`` once ``save`` accepted the fields; ``False`` on escape.

    ``save`` receives the changed fields (all non-empty ones when adding) as
    field name -> text; it may raise :class:`InputError` to refuse them.
    """

    FIELDS = CONTACT_FIELDS
    PREFIX = "cf"

    def field_for(self, exc: InputError) -> str:
        name = ERROR_FIELD_ALIASES.get(exc.field or "", exc.field or "")
        if name == "handles":
            name = next((h for h in HANDLE_FIELDS if h in exc.message), "x")
        return name
