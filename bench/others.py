"""The same synthetic journal in the formats of jrnl and Watson, for the comparison.

jrnl keeps a journal as one text file of entries ``[timestamp] title body``;
adding an entry parses and rewrites the whole file. Watson keeps its frames
as one JSON list. Both are written here from the very activities that
``bench/generate.py`` puts into the netjournal store (same seed, same dates,
same notes), so each tool is timed on the same history.

Fairness choices (issue #8): jrnl is configured with a timestamp format that
``datetime.strptime`` parses directly (``%Y-%m-%d %I:%M:%S %p``); its default
``%F %r`` falls back to slow fuzzy parsing on every entry. Colours and
highlighting are off and no editor is configured, as for a scripted add.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from netjournal.domain.contact_record import Contact
from netjournal.domain.models import Activity

JRNL_TIMEFORMAT = "%Y-%m-%d %I:%M:%S %p"

JRNL_CONFIG = """\
version: '4.6'
journals:
  default:
    journal: {journal}
editor: ''
encrypt: false
template: false
default_hour: 9
default_minute: 0
timeformat: '{timeformat}'
tagsymbols: '#@'
highlight: false
linewrap: 79
indent_character: '|'
colors:
  body: none
  date: none
  tags: none
  title: none
"""


def _untagged(text: str) -> str:
    """Text with jrnl's tag symbols removed, so a tag-free journal has no tags at all."""
    return text.replace("#", "").replace("@", "")


def person_tag(contact: Contact) -> str:
    """A person as a jrnl tag (``@AishaAhmed``): the common people-as-tags habit."""
    return "@" + "".join(ch for ch in contact.name.title() if ch.isalnum())


def jrnl_entry(
    activity: Activity, tags: Sequence[str] = (), body_extra: str = ""
) -> tuple[datetime, str]:
    """One jrnl entry for an activity: its timestamp and its text (title, then body)."""
    when = datetime.combine(activity.date, activity.time or time(9, 0))
    title = _untagged(activity.note).rstrip(".") + "."
    body = (
        f"{activity.mode.value} {activity.minutes}m on {activity.channel}, "
        f"{activity.purpose.value}, {activity.style.value}."
    )
    if tags:
        body += " With " + " ".join(tags) + "."
    return when, f"{title} {body}{body_extra}"


def write_jrnl_journal(path: Path, entries: Sequence[tuple[datetime, str]]) -> int:
    """Write entries in jrnl's plain-text format, oldest first; returns the count."""
    lines = [f"[{when.strftime(JRNL_TIMEFORMAT)}] {text}\n" for when, text in sorted(entries)]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return len(lines)


def write_jrnl_config(path: Path, journal: Path) -> Path:
    """A jrnl 4.6 config file that points at ``journal`` (used with ``--config-file``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        JRNL_CONFIG.format(journal=str(journal), timeformat=JRNL_TIMEFORMAT), encoding="utf-8"
    )
    return path


def tagged_people(
    activity: Activity, contacts: dict[str, Contact], pool: Sequence[Contact], rng: random.Random
) -> list[Contact]:
    """Exactly two people for an activity: its own contacts first, then drawn from ``pool``."""
    people = [contacts[c] for c in activity.contact_ids if c in contacts][:2]
    while len(people) < 2:
        extra = rng.choice(pool)
        if extra not in people:
            people.append(extra)
    return people


def write_watson_frames(path: Path, activities: Sequence[Activity]) -> int:
    """Watson's ``frames`` file: ``[start, stop, project, id, tags, updated_at]`` per frame.

    Activities without a time start at 09:00 local; the channel is the
    project and mode + purpose are the tags, as a Watson user would log them.
    """
    import orjson

    frames = []
    for a in sorted(activities, key=lambda a: (a.date, a.time or time(9, 0))):
        start = datetime.combine(a.date, a.time or time(9, 0)).astimezone(UTC)
        stop = start + timedelta(minutes=a.minutes)
        frames.append(
            [
                int(start.timestamp()),
                int(stop.timestamp()),
                a.channel,
                a.id,
                [a.mode.value, a.purpose.value],
                int(a.updated.timestamp()),
            ]
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(orjson.dumps(frames))
    return len(frames)


def week_bounds(day: date, week_start: int = 0) -> tuple[date, date]:
    """The Monday-first (by default) week holding ``day``, for the list commands."""
    start = day - timedelta(days=(day.weekday() - week_start) % 7)
    return start, start + timedelta(days=6)
