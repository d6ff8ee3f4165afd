"""Stopping the timer is one commit: a crash leaves the timer or the activity, never both or neither.

``stop`` writes the activity's month file and removes the timer record in one
transaction. Here the process "dies" (an exception no code catches) at every
``fsync``, ``os.replace`` and file removal that a stop performs, one crash
point per round, and a fresh ``Journal`` (what the next process opens) must
then see exactly one of the two: the timer still running and no activity, or
the activity stored and no timer.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from netjournal.journal import Journal
from netjournal.journal.timer import TimerInput

NOTE = "Webinar on safe staffing (crash test)"


class Crash(BaseException):
    """The process dies here: nothing in netjournal catches a BaseException like this."""


def crash_at(monkeypatch: pytest.MonkeyPatch, point: int) -> list[str]:
    """Make the ``point``-th fsync / replace / unlink of the process raise :class:`Crash`."""
    seen: list[str] = []

    def wrap(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            seen.append(name)
            if len(seen) - 1 == point:
                raise Crash(name)
            return real(*args, **kwargs)

        return call

    monkeypatch.setattr(os, "fsync", wrap("fsync", os.fsync))
    monkeypatch.setattr(os, "replace", wrap("replace", os.replace))
    monkeypatch.setattr(os, "unlink", wrap("unlink", os.unlink))
    monkeypatch.setattr(Path, "unlink", wrap("Path.unlink", Path.unlink))
    return seen


def state() -> tuple[bool, int]:
    """(timer running?, how many activities the stop logged), as a new process sees them.

    The activities are read first: a crash inside the commit of a new month's
    first activity must be finished before the month files are listed.
    """
    journal = Journal.open()
    logged = [a for a in journal.activities.list_activities() if a.note == NOTE]
    return journal.timer.running() is not None, len(logged)


def test_a_crash_at_any_point_of_stop_leaves_the_timer_or_the_activity(
    netjournal_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outcomes: set[tuple[bool, int]] = set()
    point = 0
    while True:
        monkeypatch.setenv("NETJOURNAL_NOW", "2026-11-25T10:00:00+00:00")
        start = Journal.open()
        start.timer.start(TimerInput(mode="online", note=NOTE, channel="webinar"))
        # A first write of the day made the automatic backup already: the rounds
        # below crash inside the stop's own commit, not in the backup.
        monkeypatch.setenv("NETJOURNAL_NOW", "2026-11-25T10:45:00+00:00")
        with monkeypatch.context() as patched:
            seen = crash_at(patched, point)
            try:
                Journal.open().timer.stop()
            except Crash:
                crashed = True
            else:
                crashed = False
        running, logged = state()
        assert (running, logged) in {(True, 0), (False, 1)}, (
            f"crash at {seen[-1] if seen else '?'} (point {point}): "
            f"timer running={running}, activities logged={logged}"
        )
        outcomes.add((running, logged))
        if not crashed:
            break
        # Clean up for the next round, whatever the crash left.
        journal = Journal.open()
        if running:
            journal.timer.cancel()
        else:
            for a in journal.activities.list_activities():
                if a.note == NOTE:
                    journal.activities.remove_activity(a.id)
        point += 1
    # Both sides of the commit were reached: some crashes kept the timer, later ones
    # left the activity (the commit record is rolled forward by the next process).
    assert outcomes == {(True, 0), (False, 1)}
    assert point >= 3
