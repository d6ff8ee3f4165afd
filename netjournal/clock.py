"""The one place that asks what day it is.

Tests and snapshot screenshots need a fixed "today" in every process they
start, so ``NETJOURNAL_TODAY=YYYY-MM-DD`` overrides the system date. It is a
testing hook, documented in docs/reference.md; users never need it.
"""

from __future__ import annotations

import os
from datetime import date


def today() -> date:
    """Today's date, or the ``NETJOURNAL_TODAY`` override."""
    override = os.environ.get("NETJOURNAL_TODAY")
    if override:
        return date.fromisoformat(override)
    return date.today()
