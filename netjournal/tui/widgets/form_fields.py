"""What the activity form shows, without the form: its fields, labels and an activity's values.

Kept apart from :mod:`netjournal.tui.widgets.activity_form` so the Journal
screen can prefill the edit dialog without importing the form's widgets.
"""

from __future__ import annotations

from collections.abc import Sequence

from netjournal.domain.models import Activity
from netjournal.domain.timeparse import format_duration
from netjournal.presentation import printable

#: Text fields in the order they are shown, with their placeholder and tooltip.
TEXT_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("mode", "mode", "online or offline (on/off); implied by a known channel"),
    ("duration", "duration", "how long: 45m, 1h30, 1.5h, 1:30 or 90"),
    ("date", "date: today", "when: today, yesterday, tue, last friday, 3 days ago, 20/11"),
    ("at", "at", "start time (optional): 14:30, 9am"),
    ("channel", "channel", "x, linkedin, bluesky, email, video-call, phone, conference, meeting …"),
    ("purpose", "purpose", "source, new, maintain, share, find, challenge, validate, broadcast"),
    ("style", "style", "conversation, broadcast or listening"),
    ("contacts", "with: names, comma-separated", "who was involved; new names become contacts"),
    ("tags", "tags: #nhs, #cpd", "tags, separated by spaces or commas"),
    ("note", "note: what happened", "a line about what happened"),
)

#: The CPD checkbox's label and the quick-entry form's button.
CPD_LABEL = "CPD"
SUBMIT_LABEL = "Log"


def activity_field_values(activity: Activity, contact_names: Sequence[str]) -> dict[str, str]:
    """The text each field shows for an existing activity (the edit dialog prefill), printable.

    The form sends only the fields whose text changed, so a note holding
    control characters is stored unchanged unless its field is edited.
    """
    values = {
        "mode": activity.mode.value,
        "duration": format_duration(activity.minutes),
        "date": activity.date.isoformat(),
        "at": activity.time.strftime("%H:%M") if activity.time else "",
        "channel": activity.channel,
        "purpose": activity.purpose.value,
        "style": activity.style.value,
        "contacts": ", ".join(contact_names),
        "tags": " ".join(f"#{t}" for t in activity.tags),
        "note": activity.note,
    }
    return {name: printable(text) for name, text in values.items()}
