"""A running timer: an activity in progress, stored until it is stopped.

Watson and Timewarrior users start a clock when a call begins and stop it
when it ends; nobody should have to work out "14:10 to 15:25" afterwards.
The timer is stored like every other record (atomically, under the lock),
so it survives a crash or a reboot; stopping it turns it into an ordinary
activity with its minutes.

Times are kept as timezone-aware instants: the minutes are the real time
between the two instants, so a clock change (BST to GMT) in the middle of a
timer neither adds nor loses an hour. The activity is dated by the local
day and time the timer started.

Two rules keep a forgotten timer from writing nonsense:

* a timer that ran past midnight, or for more than :data:`CONFIRM_AFTER`,
  is stopped only when the user confirms (or gives the real end time);
* nothing longer than a day (24 h) is ever written: the user must give the
  end time with ``--at``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from netjournal.domain.models import MAX_MINUTES_PER_ACTIVITY, Mode
from netjournal.errors import InputError

#: A timer that has run longer than this is stopped only after a confirmation.
CONFIRM_AFTER = timedelta(hours=12)
#: The one record id of the stored timer (there is at most one).
TIMER_ID = "running"


@dataclass(frozen=True, slots=True, kw_only=True)
class TimerDetails:
    """What a timer knows of the activity in progress; the fields mirror ``netjournal log``'s options.

    As typed at ``start`` (checked then, not normalised): what ``start`` is
    given (``TimerInput``) and what it stores (:class:`RunningTimer`) share them.
    """

    note: str = ""
    channel: str | None = None
    purpose: str | None = None
    style: str | None = None
    contacts: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    cpd: bool = False
    topic: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RunningTimer(TimerDetails):
    """What ``netjournal start`` recorded: the details, the mode and when it started."""

    mode: Mode
    started: datetime  # timezone-aware
    id: str = field(default=TIMER_ID)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "mode": self.mode.value,
            "started": self.started.isoformat(),
            "note": self.note,
            "channel": self.channel,
            "purpose": self.purpose,
            "style": self.style,
            "contacts": list(self.contacts),
            "tags": list(self.tags),
            "cpd": self.cpd,
            "topic": self.topic,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunningTimer:
        started = datetime.fromisoformat(str(data["started"]))
        if started.tzinfo is None:
            raise ValueError("the timer's start has no time zone")

        def optional(key: str) -> str | None:
            value = data.get(key)
            if value is not None and not isinstance(value, str):
                raise TypeError(f"{key} must be text")
            return value

        def words(key: str) -> tuple[str, ...]:
            values = data.get(key) or []
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise TypeError(f"{key} must be a list of text")
            return tuple(values)

        return cls(
            mode=Mode(data["mode"]),
            started=started,
            note=str(data.get("note") or ""),
            channel=optional("channel"),
            purpose=optional("purpose"),
            style=optional("style"),
            contacts=words("contacts"),
            tags=words("tags"),
            cpd=bool(data.get("cpd", False)),
            topic=optional("topic"),
        )


@dataclass(frozen=True, slots=True)
class TimerStop:
    """How a timer would end at ``ended``: its minutes and whether to ask first."""

    timer: RunningTimer
    ended: datetime
    minutes: int
    #: Why the user must confirm (``None``: stop at once).
    confirm_because: str | None


def elapsed_minutes(started: datetime, ended: datetime) -> int:
    """Whole minutes between two aware instants, rounded to the nearest (at least 1)."""
    seconds = (ended - started).total_seconds()
    return max(1, int((seconds + 30) // 60))


def wall_clock_after(wall: time, after: datetime) -> datetime:
    """The first moment after ``after`` whose local wall-clock time is ``wall``.

    ``stop --at 09:15`` for a timer started at 23:50 means 09:15 the next
    morning. The local offset in force on that date applies, so an end
    after a clock change (BST to GMT) is read correctly.
    """
    day = after.astimezone().date()
    moment = datetime.combine(day, wall).astimezone()
    if moment <= after:
        moment = datetime.combine(day + timedelta(days=1), wall).astimezone()
    return moment


def wall_clock_on(wall: time, day: date) -> datetime:
    """Local wall-clock ``wall`` on ``day`` as an aware moment (``start --at 09:00``)."""
    return datetime.combine(day, wall).astimezone()


def plan_stop(timer: RunningTimer, ended: datetime) -> TimerStop:
    """The activity a stop at ``ended`` would store, refused if it cannot be stored.

    Refused: an end before the start, or more than a day of time (a timer
    forgotten over a weekend: give the real end with ``--at``).
    """
    if ended <= timer.started:
        raise InputError(
            f"the end ({ended:%H:%M}) is not after the start ({timer.started:%H:%M})",
            field="at",
        )
    minutes = elapsed_minutes(timer.started, ended)
    if minutes > MAX_MINUTES_PER_ACTIVITY:
        raise InputError(
            f"the timer has run {_span(minutes)} since {_when(timer.started)}: more than a day "
            "is never logged as one activity",
            field="at",
            hint="give the real end time, e.g. `netjournal stop --at 17:30`, or `netjournal cancel`",
        )
    reason = None
    local_start, local_end = timer.started.astimezone(), ended.astimezone()
    if local_end.date() != local_start.date():
        reason = f"it started {_when(timer.started)}, before midnight"
    elif ended - timer.started > CONFIRM_AFTER:
        reason = f"it has run {_span(minutes)}"
    return TimerStop(timer, ended, minutes, reason)


def _span(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    return f"{hours}h{mins:02d}m" if hours else f"{mins}m"


def _when(moment: datetime) -> str:
    return moment.astimezone().strftime("%a %d %b %H:%M")


def describe_running(timer: RunningTimer, now: datetime) -> str:
    """``online 25m since 14:05 — Call with the practice educator``: the status line."""
    minutes = max(0, int((now - timer.started).total_seconds() // 60))
    line = f"{timer.mode.value} {_span(minutes) if minutes else '0m'} since {_when(timer.started)}"
    if timer.channel:
        line += f"  {timer.channel}"
    if timer.contacts:
        line += "  with " + ", ".join(timer.contacts)
    if timer.note:
        line += f"  — {timer.note}"
    return line


def running_minutes(timer: RunningTimer, now: datetime) -> int:
    """Whole minutes the timer has run so far (0 in its first minute)."""
    return max(0, int((now - timer.started).total_seconds() // 60))


def clock_span(minutes: int) -> str:
    """``0:42``, ``3:05``: elapsed time as hours and minutes, as a stopwatch shows it."""
    hours, mins = divmod(max(0, minutes), 60)
    return f"{hours}:{mins:02d}"


def timer_badge(timer: RunningTimer, now: datetime) -> str:
    """``● online 0:42``: the running timer in a word, for the app's header."""
    return f"● {timer.mode.value} {clock_span(running_minutes(timer, now))}"
