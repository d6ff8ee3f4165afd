"""The one place that asks what day and time it is.

Tests and snapshot screenshots need a fixed "today" in every process they
start, so ``NETJOURNAL_TODAY=YYYY-MM-DD`` overrides the system date, and
``NETJOURNAL_NOW`` (an ISO date and time with its UTC offset) the whole
clock — the timer's tests move it across midnight and clock changes. Both
are testing hooks, documented in docs/reference.md; users never need them.
"""

from __future__ import annotations

import os
from datetime import date, datetime


def now() -> datetime:
    """The current local time, timezone-aware, or the ``NETJOURNAL_NOW`` override."""
    override = os.environ.get("NETJOURNAL_NOW")
    if override:
        moment = datetime.fromisoformat(override)
        return moment.astimezone()
    return datetime.now().astimezone()


def today() -> date:
    """Today's date: the ``NETJOURNAL_NOW`` or ``NETJOURNAL_TODAY`` override, or the system's."""
    if os.environ.get("NETJOURNAL_NOW"):
        return now().date()
    override = os.environ.get("NETJOURNAL_TODAY")
    if override:
        return date.fromisoformat(override)
    return date.today()
