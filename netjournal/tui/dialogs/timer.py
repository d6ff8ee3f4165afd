"""Start a timer: mode, channel, with whom, and a note (``s`` on the Today screen).

The same words as ``netjournal start``; the dialog hands the text to a
``save`` callable (the app's ``start_timer_with``), which reads it through
the facade and may refuse a field (an unknown mode): the field is marked
and the dialog stays open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from netjournal.tui.dialogs.fields_dialog import FieldsDialog

#: (field, label, placeholder) in the order shown.
TIMER_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("mode", "Mode", "online or offline"),
    ("channel", "Channel", "linkedin, phone, meeting, webinar …"),
    ("contacts", "With", "names, comma-separated"),
    ("note", "Note", "what is happening"),
)


class TimerDialog(FieldsDialog):
    """``True`` once the timer started; ``False`` on escape."""

    FIELDS: ClassVar[tuple[tuple[str, str, str], ...]] = TIMER_FIELDS
    PREFIX: ClassVar[str] = "timer"

    def __init__(self, save: Callable[[Any], object]) -> None:
        super().__init__("Start a timer", save)
