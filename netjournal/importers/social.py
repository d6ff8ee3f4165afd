"""What the X, Mastodon and Bluesky importers share: day activities from dated actions.

These sources record moments, not durations, so the time is estimated:
``minutes_per_post`` for each post or reply, ``minutes_per_retweet`` for each
retweet, boost, repost or like.
Actions are grouped into one online activity per Europe/London day and style,
timed at the first action of that day.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from netjournal.domain.models import MAX_MINUTES_PER_ACTIVITY, Activity, Mode, Purpose, Style
from netjournal.domain.timeparse import MAX_DATE, MIN_DATE
from netjournal.errors import ImportFormatError
from netjournal.importers.base import LOCAL_TZ, ImportOptions
from netjournal.importers.people import unique

#: Plural forms of the words used in activity notes.
_PLURALS = {"reply or mention": "replies or mentions", "reply": "replies"}


@dataclass(frozen=True, slots=True)
class Action:
    """One dated thing the account owner did: a post, a reply, a boost, a like …"""

    when: datetime  # aware
    style: Style
    label: str  # how the note counts it: "post", "boost", "reply or mention", "like"
    share: bool  # a boost, repost or like: counted at ``minutes_per_retweet``
    people: tuple[str, ...] = ()  # batch contact ids

    @property
    def day(self) -> date:
        return self.when.astimezone(LOCAL_TZ).date()


def moment(text: object, name: str, where: str, field: str) -> datetime:
    """An ISO 8601 stamp (``2024-03-15T12:00:00.000Z``) as an aware datetime (naive = UTC).

    Dates outside what netjournal supports are refused here, naming the record.
    """
    if not isinstance(text, str) or not text.strip():
        raise ImportFormatError(f"{name}, {where}: no {field}")
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ImportFormatError(f"{name}, {where}: bad {field} {text[:60]!r}") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        day = value.astimezone(LOCAL_TZ).date()
    except (OverflowError, ValueError):
        day = value.date()
    if not MIN_DATE <= day <= MAX_DATE:
        raise ImportFormatError(
            f"{name}, {where}: {field} {text[:40]!r} is outside the dates netjournal "
            f"supports ({MIN_DATE.year}-{MAX_DATE.year})"
        )
    return value


_TAG = re.compile(r"<[^>]{0,2000}>")
_BREAK = re.compile(r"<\s*(br|/p)\b[^>]{0,2000}>", re.IGNORECASE)


def html_text(markup: str) -> str:
    """Mastodon's HTML ``content`` as plain text, for summaries only."""
    return html.unescape(_TAG.sub("", _BREAK.sub(" ", markup)))


def day_activities(
    actions: Iterable[Action], *, channel: str, source: str, title: str, options: ImportOptions
) -> list[Activity]:
    """One online activity per (day, style), with estimated minutes and the people involved."""
    groups: dict[tuple[date, Style], list[Action]] = defaultdict(list)
    for action in sorted(actions, key=lambda a: a.when):
        groups[(action.day, action.style)].append(action)
    activities: list[Activity] = []
    for (day, style), group in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1].value)):
        minutes = sum(
            options.minutes_per_retweet if a.share else options.minutes_per_post for a in group
        )
        counts: dict[str, int] = {}
        for action in group:
            counts[action.label] = counts.get(action.label, 0) + 1
        parts = [
            f"{n} {label if n == 1 else _PLURALS.get(label, label + 's')}"
            for label, n in counts.items()
        ]
        first = group[0].when.astimezone(LOCAL_TZ)
        activities.append(
            Activity(
                date=day,
                time=time(first.hour, first.minute),
                mode=Mode.ONLINE,
                minutes=max(1, min(MAX_MINUTES_PER_ACTIVITY, minutes)),
                channel=channel,
                purpose=Purpose.BROADCAST if style is Style.BROADCAST else Purpose.OTHER,
                style=style,
                contact_ids=unique(p for a in group for p in a.people),
                note=f"{title}: {', '.join(parts)}",
                source_id=f"{source}:day:{day.isoformat()}:{style.value}",
            )
        )
    return activities
