"""What the social importers' tests ask of a parsed batch (X, Mastodon, Bluesky)."""

from __future__ import annotations

from datetime import date

from netjournal.domain.models import Activity, Style
from netjournal.importers.base import ImportBatch


def activity(batch: ImportBatch, day: str, style: Style) -> Activity:
    """The one activity of ``style`` on ``day`` (the importers make one per day and style)."""
    (found,) = [
        a for a in batch.activities if a.date == date.fromisoformat(day) and a.style is style
    ]
    return found


def handles(batch: ImportBatch, ids: tuple[str, ...], platform: str) -> list[str]:
    """The ``platform`` handles of the contacts ``ids``, in order."""
    by_id = {c.id: c for c in batch.contacts}
    return [by_id[i].handles[platform] for i in ids]
