"""The running timer's use-cases: start, status, stop, cancel.

A service of the facade: the timer is one stored record
(``store/timer.json``), and stopping it logs an ordinary activity through
the same path as ``netjournal log``, in the same transaction that removes
the timer, so a crash leaves either the timer or the activity, never both
and never neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from netjournal import clock
from netjournal.domain.timer import (
    TIMER_ID,
    RunningTimer,
    TimerDetails,
    TimerStop,
    describe_running,
    plan_stop,
    wall_clock_after,
    wall_clock_on,
)
from netjournal.domain.vocabulary import normalize_channel, parse_mode
from netjournal.errors import InputError, NotFoundError
from netjournal.journal.activities import ActivitiesService
from netjournal.journal.capture_records import ActivityInput, LogResult
from netjournal.journal.core import Core, Service

if TYPE_CHECKING:
    from netjournal.storage.document_repo import DocumentRepo


@dataclass(frozen=True, slots=True, kw_only=True)
class TimerInput(TimerDetails):
    """What ``netjournal start`` was given, as typed: the details, and how to start."""

    mode: str
    at: str | None = None
    new_channel: bool = False


class ConfirmationNeeded(InputError):
    """Stopping would log something unusual (past midnight, over 12 h): the user must agree."""

    def __init__(self, plan: TimerStop) -> None:
        super().__init__(
            f"the timer was not stopped: {plan.confirm_because}",
            field="at",
            hint=f"log {plan.minutes // 60}h{plan.minutes % 60:02d}m with `netjournal stop --yes`, "
            "or give the real end with `netjournal stop --at HH:MM`",
        )
        self.plan = plan


class TimerRunning(InputError):
    """``start`` while a timer runs: the user chooses to stop it first or not."""


class TimerService(Service):
    """``journal.timer``: start, look at, stop or cancel the one running timer of a journal."""

    def __init__(self, core: Core, activities: ActivitiesService) -> None:
        super().__init__(core)
        self._activities = activities

    @property
    def _repo(self) -> DocumentRepo[RunningTimer]:
        return self.repos.timer

    def running(self) -> RunningTimer | None:
        """The running timer, or ``None``."""
        try:
            timer: RunningTimer = self._repo.get(TIMER_ID)
        except NotFoundError:
            return None
        return timer

    def now(self) -> datetime:
        return clock.now()

    def _moment(self, at: str | None, *, after: datetime | None = None) -> datetime:
        """``at`` (HH:MM, 2pm …) today, or after ``after``; now if not given; never in the future."""
        now = self.now()
        if not at:
            return now
        from netjournal.domain.timeparse import parse_time

        wall = parse_time(at)
        moment = wall_clock_after(wall, after) if after else wall_clock_on(wall, now.date())
        if moment > now:
            raise InputError(f"{at!r} is later than now ({now:%H:%M})", field="at")
        return moment

    def start(self, inp: TimerInput, *, stop_running: bool = False) -> RunningTimer:
        """Start a timer; a running one is stopped first only with ``stop_running``."""
        # Read the options now, so a typo is reported at start, not an hour later.
        mode = parse_mode(inp.mode)
        self._activities.build_activity(
            ActivityInput(
                mode=inp.mode,
                duration="1",
                channel=inp.channel,
                purpose=inp.purpose,
                style=inp.style,
                tags=inp.tags,
                new_channel=inp.new_channel,
            )
        )
        if inp.contacts:
            self._activities.check_contacts(inp.contacts)
        started = self._moment(inp.at)
        timer = RunningTimer(
            mode=mode,
            started=started,
            note=inp.note.strip(),
            channel=inp.channel,
            purpose=inp.purpose,
            style=inp.style,
            contacts=inp.contacts,
            tags=inp.tags,
            cpd=inp.cpd,
            topic=inp.topic,
        )
        with self.transaction():
            current = self.running()
            if current is not None:
                if not stop_running:
                    raise TimerRunning(
                        "a timer is already running: " + describe_running(current, self.now()),
                        hint="stop it first with `netjournal stop`, or start with --stop-running",
                    )
                self.stop()
            if inp.new_channel and inp.channel:
                self._activities.remember_channel(normalize_channel(inp.channel))
            self._repo.add(timer)
            self.describe(f"timer start {timer.mode.value}")
        return timer

    def plan(self, at: str | None = None) -> TimerStop:
        """How the running timer would end now (or at ``at``), without changing anything."""
        timer = self.running()
        if timer is None:
            raise NotFoundError("no timer is running", hint="start one with `netjournal start`")
        ended = self._moment(at, after=timer.started) if at else self.now()
        return plan_stop(timer, ended)

    def stop(
        self, at: str | None = None, extra_note: str = "", *, confirmed: bool = False
    ) -> LogResult:
        """Log the running timer as an activity and remove it, in one transaction."""
        with self.transaction():
            plan = self.plan(at)
            if plan.confirm_because and not confirmed:
                raise ConfirmationNeeded(plan)
            timer = plan.timer
            local_start = timer.started.astimezone()
            note = " ".join(part for part in (timer.note, extra_note.strip()) if part)
            result = self._activities.log(
                ActivityInput(
                    mode=timer.mode.value,
                    duration=str(plan.minutes),
                    note=note,
                    date=local_start.date().isoformat(),
                    at=f"{local_start:%H:%M}",
                    channel=timer.channel,
                    purpose=timer.purpose,
                    style=timer.style,
                    contacts=timer.contacts or None,
                    tags=timer.tags,
                    cpd=timer.cpd or None,
                    topic=timer.topic,
                    # Checked when the timer started (and kept then, if new).
                    new_channel=True,
                )
            )
            self._repo.remove(TIMER_ID)
            activity = result.activity
            self.describe(
                f"timer stop: log {activity.id[:8]} {activity.mode.value} {activity.minutes}m"
            )
        return result

    def cancel(self) -> RunningTimer:
        """Drop the running timer without logging anything."""
        with self.transaction():
            timer = self.running()
            if timer is None:
                raise NotFoundError("no timer is running")
            self._repo.remove(TIMER_ID)
            self.describe("timer cancel")
        return timer
