"""Rules an activity must satisfy before it is stored.

Kept apart from parsing so that the CLI, the TUI form, the importers and the
merge all apply the same rules, with messages that name the field at fault.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from netjournal.domain.models import MAX_MINUTES_PER_ACTIVITY, Activity
from netjournal.errors import InputError


def validate_activity(activity: Activity, *, today: date, allow_future: bool = False) -> Activity:
    """Return ``activity`` unchanged if valid, else raise :class:`InputError`."""
    if activity.minutes <= 0:
        raise InputError(
            f"duration must be more than zero minutes, not {activity.minutes}",
            field="duration",
            hint="e.g. 30m or 1h30",
        )
    if activity.minutes > MAX_MINUTES_PER_ACTIVITY:
        raise InputError(
            f"duration {activity.minutes} minutes is longer than a day (24h); "
            "log each day separately",
            field="duration",
        )
    if activity.date > today and not allow_future:
        raise InputError(
            f"date {activity.date.isoformat()} is in the future",
            field="date",
            hint="use --future to log a planned activity",
        )
    if len(activity.note) > 20_000:
        raise InputError("note is longer than 20,000 characters", field="note")
    return activity


def check_day_total(
    activity: Activity, same_day: Iterable[Activity], *, limit: int = MAX_MINUTES_PER_ACTIVITY
) -> None:
    """Refuse an activity that would make its day hold more than 24 hours.

    ``same_day`` are the other activities already stored for that date
    (excluding ``activity`` itself when it is being edited).
    """
    total = activity.minutes + sum(a.minutes for a in same_day if a.id != activity.id)
    if total > limit:
        raise InputError(
            f"{activity.date.isoformat()} would hold {total // 60}h{total % 60:02d}m of "
            "networking, more than the 24 hours in a day",
            field="duration",
        )
