"""Day totals: the per-day figures every review, trend and sociability summary adds up.

A week, month or 52-week trend is the sum of its days, so the activities of
a day are reduced once to a :class:`DayTotals` and periods are built by
adding days (:func:`netjournal.domain.balance.tally_days`). Because day
totals only ever add up, they can be computed per month file and kept (the
store caches them beside the journal, keyed by the month file they came
from): a trend over a year then reads 365 small records instead of decoding
4,000 activities.

The counting rules are the review's (docs/review.md):

* minutes are split at midnight (:func:`split_by_day`): an activity running
  past 00:00 adds its later minutes to the next day, so the day totals of one
  month can hold the first day of the next;
* counts (activities and their styles), minutes by style and the contacts
  touched belong to the day an activity *started*, so each activity is
  counted once.

Stdlib only.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from netjournal.domain.checked import flag, iso_day, obj, text, texts, whole, wholes
from netjournal.domain.models import MAX_MINUTES_PER_ACTIVITY, Activity, Mode, Style

MINUTES_PER_DAY = 24 * 60

#: How many days before a range an activity can start and still spill into it:
#: a timed activity starting at 00:01 with the longest allowed duration ends
#: on the next day.
SPILL_DAYS = (MINUTES_PER_DAY - 1 + MAX_MINUTES_PER_ACTIVITY) // MINUTES_PER_DAY


def split_by_day(activity: Activity) -> list[tuple[date, int]]:
    """``(day, minutes)`` pieces of ``activity``, split at each midnight it crosses.

    Integer wall-clock arithmetic only: a timed activity starting at
    ``hh:mm`` has ``1440 - (60*hh + mm)`` minutes left on its first day; the
    rest moves to the following day(s).
    """
    minutes = max(0, activity.minutes)
    if activity.time is None:
        return [(activity.date, minutes)]
    left_today = MINUTES_PER_DAY - (activity.time.hour * 60 + activity.time.minute)
    if minutes <= left_today:
        return [(activity.date, minutes)]
    pieces = [(activity.date, left_today)]
    remaining = minutes - left_today
    day = activity.date
    while remaining > 0:
        day += timedelta(days=1)
        piece = min(remaining, MINUTES_PER_DAY)
        pieces.append((day, piece))
        remaining -= piece
    return pieces


class DayTotals:
    """What happened on one day, as numbers that add up across days.

    Mutable only while being built (:func:`day_totals`) or added into; the
    review freezes period sums into :class:`~netjournal.domain.balance.PeriodTotals`.
    ``online_seen`` tells a day with a zero-minute online entry from a day
    with none, which the "online per day" limit reports differently.
    """

    __slots__ = (
        "activities",
        "broadcast_minutes",
        "broadcasts",
        "channels",
        "contact_ids",
        "conversation_minutes",
        "conversations",
        "listening",
        "listening_minutes",
        "offline",
        "online",
        "online_seen",
        "purposes",
    )

    def __init__(self) -> None:
        self.online = 0
        self.offline = 0
        self.online_seen = False
        self.activities = 0
        self.conversations = 0
        self.broadcasts = 0
        self.listening = 0
        self.conversation_minutes = 0
        self.broadcast_minutes = 0
        self.listening_minutes = 0
        self.channels: dict[str, list[int]] = {}
        self.purposes: dict[str, int] = {}
        self.contact_ids: set[str] = set()

    def add_start(self, activity: Activity) -> None:
        """Count an activity that started on this day (its minutes come via pieces)."""
        self.activities += 1
        minutes = activity.minutes
        if activity.style is Style.CONVERSATION:
            self.conversations += 1
            self.conversation_minutes += minutes
        elif activity.style is Style.BROADCAST:
            self.broadcasts += 1
            self.broadcast_minutes += minutes
        else:
            self.listening += 1
            self.listening_minutes += minutes
        self.contact_ids.update(activity.contact_ids)

    def add_piece(self, activity: Activity, minutes: int) -> None:
        """Add the part of ``activity``'s time that fell on this day."""
        channel = self.channels.setdefault(activity.channel, [0, 0])
        if activity.mode is Mode.ONLINE:
            self.online += minutes
            self.online_seen = True
            channel[0] += minutes
        else:
            self.offline += minutes
            channel[1] += minutes
        purpose = activity.purpose.value
        self.purposes[purpose] = self.purposes.get(purpose, 0) + minutes

    def to_json(self) -> dict[str, Any]:
        """The cached form (plain JSON types; see :meth:`from_json`)."""
        return {
            "on": self.online,
            "off": self.offline,
            "on_seen": self.online_seen,
            "n": [self.activities, self.conversations, self.broadcasts, self.listening],
            "style_min": [
                self.conversation_minutes,
                self.broadcast_minutes,
                self.listening_minutes,
            ],
            "ch": self.channels,
            "pu": self.purposes,
            "who": sorted(self.contact_ids),
        }

    @classmethod
    def from_json(cls, data: Any) -> DayTotals:
        """Read the cached form, checked field by field (:mod:`netjournal.domain.checked`).

        Raises ``TypeError``/``ValueError`` for anything :meth:`to_json` does
        not write: the cache then works the day out again.
        """
        # A trend reads hundreds of these: plain loops, no generator per field.
        obj(data, _DAY_KEYS)
        day = cls()
        day.online = whole(data["on"])
        day.offline = whole(data["off"])
        day.online_seen = flag(data["on_seen"])
        day.activities, day.conversations, day.broadcasts, day.listening = wholes(data["n"], 4, 0)
        day.conversation_minutes, day.broadcast_minutes, day.listening_minutes = wholes(
            data["style_min"], 3
        )
        channels: dict[str, list[int]] = {}
        for k, v in obj(data["ch"]).items():
            channels[text(k)] = list(wholes(v, 2))
        day.channels = channels
        purposes: dict[str, int] = {}
        for k, v in obj(data["pu"]).items():
            purposes[text(k)] = whole(v)
        day.purposes = purposes
        day.contact_ids = set(texts(data["who"]))
        return day


_DAY_KEYS = frozenset(("on", "off", "on_seen", "n", "style_min", "ch", "pu", "who"))


def day_totals(activities: Iterable[Activity]) -> dict[date, DayTotals]:
    """The day totals of ``activities``, one pass; days without a piece are absent."""
    days: dict[date, DayTotals] = {}
    for activity in activities:
        first = days.get(activity.date)
        if first is None:
            first = days[activity.date] = DayTotals()
        first.add_start(activity)
        for day, minutes in split_by_day(activity):
            target = first if day == activity.date else days.get(day)
            if target is None:
                target = days[day] = DayTotals()
            target.add_piece(activity, minutes)
    return days


def days_of(activities: Iterable[Activity]) -> list[tuple[date, DayTotals]]:
    """``day_totals`` as ``(day, totals)`` pairs, the form the review functions take."""
    return list(day_totals(activities).items())


def days_to_json(days: dict[date, DayTotals]) -> dict[str, Any]:
    """A month's day totals as JSON, keyed by ISO date (the store's cache format)."""
    return {d.isoformat(): t.to_json() for d, t in sorted(days.items())}


def days_from_json(data: Any) -> list[tuple[date, DayTotals]]:
    """Inverse of :func:`days_to_json`, checked; raises ``ValueError``/``TypeError``."""
    return [(date.fromisoformat(iso_day(k)), DayTotals.from_json(v)) for k, v in obj(data).items()]
