"""What capturing an activity takes and gives: the typed input, the result, the contacts named.

Apart from the activities service so that a command that only reads
(``list``, ``week``, the app's first screen) does not build these classes;
``log``, ``edit``, the timer and the importers load them when they capture.
"""

from __future__ import annotations

from dataclasses import dataclass

from netjournal.domain.models import Activity


@dataclass(frozen=True, slots=True)
class ActivityInput:
    """An activity as a person typed it; ``None`` means "not given".

    The same text forms are accepted by the CLI flags and the TUI form
    (``yesterday``, ``1h30``, ``maintain``), so both are parsed here.
    """

    mode: str | None = None
    duration: str | None = None
    note: str | None = None
    date: str | None = None
    at: str | None = None
    channel: str | None = None
    purpose: str | None = None
    style: str | None = None
    contacts: tuple[str, ...] | None = None
    tags: tuple[str, ...] | None = None
    cpd: bool | None = None
    topic: str | None = None
    participatory: bool | None = None
    #: ``--new``: every name in ``contacts`` is a new person, however close to a known one.
    new_contacts: bool = False
    #: ``--new-channel``: ``channel`` may be one the journal does not know yet.
    new_channel: bool = False


@dataclass(frozen=True, slots=True)
class LogResult:
    """What ``log`` did, so the edge can say it (new contacts are worth a mention).

    ``matched`` pairs a contact id with the words typed for it, when the
    words were not the contact's exact name (``--with Teresa``).
    """

    activity: Activity
    new_contacts: tuple[str, ...] = ()
    matched: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class ContactLinks:
    """The contacts some typed names stand for: ids in order, who is new, who was guessed."""

    ids: list[str]
    created: list[str]
    matched: list[tuple[str, str]]
