"""The messages widgets send upward ("attributes down, messages up").

A widget never reaches into its parent or the app: it posts one of these and
whoever owns the data (a screen, a dialog, the app) decides what to do. Data
flows down the other way, as attributes set by the owner. Kept small and
plain, like toolong's ``messages.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from netjournal.journal import ActivityInput


@dataclass
class ActivitySubmitted(Message):
    """The activity form was submitted: its fields exactly as typed.

    The form does not save anything itself; the screen or dialog holding it
    calls the facade and, if the input is refused, hands the error back to
    the form to mark the field.
    """

    entry: ActivityInput


@dataclass
class StoreWritten(Message):
    """A screen changed the store; ``summary`` is what to tell the user.

    The app answers by remembering the new data version (so its poll does not
    reload the screen a second time) and by showing ``summary`` as a toast.
    """

    summary: str
