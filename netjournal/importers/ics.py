"""iCalendar (``.ics``) from Outlook, Google or Apple Calendar -> activities.

Parsing and recurrence expansion are done by ``icalendar`` and
``recurring-ical-events`` (well kept, and recurrence rules with time zones,
exceptions and moved instances are easy to get wrong by hand). A light
pre-scan of the text first checks the structure (``BEGIN``/``END`` balance,
truncation, line lengths) and remembers on which line each event starts, so
every error names a line.

What becomes what (see docs/imports.md):

* each occurrence up to today is one activity; future ones and cancelled
  events are skipped;
* a video call (a Teams, Zoom, Meet, Webex… link in the location,
  description, URL or conference properties) is ``online`` on channel
  ``video-call``; anything else is ``offline`` on channel ``meeting``;
* timed events count their real duration on their Europe/London day; an
  event that runs past midnight is split per day, and one lasting more
  than 24 hours counts at most ``conference_hours_per_day`` per day;
* all-day events count ``conference_hours_per_day`` on each day they cover
  (channel ``conference`` when they span several days, ``event`` otherwise);
* attendees and the organiser (``mailto:``) become contacts matched by
  email, except you (``--me``, or the address in every invitation).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from netjournal.domain.contact_record import Contact
from netjournal.domain.models import MAX_MINUTES_PER_ACTIVITY, Activity, Mode
from netjournal.errors import ImportFormatError
from netjournal.importers.base import (
    LOCAL_TZ,
    ImportBatch,
    ImportOptions,
    Progress,
    check_length,
    decode_text,
    physical_lines,
    require_inputs,
)
from netjournal.importers.people import ContactPool, unique

SOURCE = "ics"

#: A runaway rule (``FREQ=DAILY`` since 1900) is refused rather than expanded:
#: no event may repeat more often than this up to today (27 years of a daily
#: meeting), and a whole calendar not more than ``MAX_OCCURRENCES`` times.
MAX_OCCURRENCES_PER_EVENT = 10_000
MAX_OCCURRENCES = 20_000

#: Rules repeating by the hour, minute or second are refused before expansion:
#: no calendar application makes such meetings, and expanding one (or one with
#: day filters that never match) costs minutes and gigabytes.
_SUB_DAILY = frozenset({"HOURLY", "MINUTELY", "SECONDLY"})

_VIDEO = re.compile(
    r"teams\.microsoft\.com|teams\.live\.com|zoom\.us|zoomgov\.com|meet\.google\.com"
    r"|webex\.com|whereby\.com|gotomeeting\.com|meet\.jit\.si|chime\.aws"
    r"|microsoft teams meeting|join zoom meeting",
    re.IGNORECASE,
)
_ONLINE_PROPS = (
    "LOCATION",
    "DESCRIPTION",
    "URL",
    "CONFERENCE",
    "X-MICROSOFT-SKYPETEAMSMEETINGURL",
    "X-MICROSOFT-ONLINEMEETINGCONFLINK",
    "X-GOOGLE-CONFERENCE",
)
_CONTENT_LINE = re.compile(r"^[A-Za-z0-9-]+[;:]")
_BINARY = ("ATTACH",)


def is_calendar_file(basename: str) -> bool:
    return basename.lower().endswith((".ics", ".ical", ".ifb", ".icalendar"))


@dataclass(slots=True)
class _EventLines:
    """Where one ``VEVENT`` starts and where each of its properties is."""

    begin: int
    props: dict[str, int] = field(default_factory=dict)


def parse(path: Path, options: ImportOptions, progress: Progress | None = None) -> ImportBatch:
    """Read one ``.ics`` file, or every calendar file in a folder or zip."""
    inputs = require_inputs(path, is_calendar_file, ".ics files")
    batch = ImportBatch(source=SOURCE, files=[i.name for i in inputs])
    pool = ContactPool()
    for item in inputs:
        text = decode_text(item.read_bytes(), item.name)
        lines, calname = _prescan(text, item.name)
        _File(item.name, text, lines, calname, options, batch, pool, progress).read()
    batch.contacts = pool.contacts
    return batch


# --- structure check -----------------------------------------------------------------


def _prescan(text: str, name: str) -> tuple[list[_EventLines], str]:
    """Check BEGIN/END nesting and content lines; return each event's lines and X-WR-CALNAME."""
    stack: list[tuple[str, int]] = []
    events: list[_EventLines] = []
    calname = ""
    logical: list[tuple[int, str]] = []
    for number, raw in enumerate(physical_lines(text), start=1):
        if raw[:1] in (" ", "\t") and logical:
            start, previous = logical[-1]
            logical[-1] = (start, previous + raw[1:])
        elif raw.strip():
            logical.append((number, raw))
    if not logical or logical[0][1].strip().upper() != "BEGIN:VCALENDAR":
        found = logical[0][1][:40] if logical else "an empty file"
        raise ImportFormatError(
            f"{name}, line {logical[0][0] if logical else 1}: not an iCalendar file "
            f"(expected BEGIN:VCALENDAR, found {found!r})"
        )
    for number, line in logical:
        if not _CONTENT_LINE.match(line):
            raise ImportFormatError(f"{name}, line {number}: not an iCalendar line: {line[:40]!r}")
        prop = re.split(r"[;:]", line, maxsplit=1)[0].upper()
        if prop not in _BINARY:
            check_length(line, name, f"line {number}")
        value = line.split(":", 1)[1].strip().upper() if ":" in line else ""
        if prop == "BEGIN":
            stack.append((value, number))
            if value == "VEVENT":
                events.append(_EventLines(begin=number))
        elif prop == "END":
            if not stack or stack[-1][0] != value:
                open_name = stack[-1][0] if stack else "nothing"
                raise ImportFormatError(
                    f"{name}, line {number}: END:{value} does not close {open_name}"
                )
            stack.pop()
        elif stack and stack[-1][0] == "VEVENT":
            events[-1].props.setdefault(prop, number)
        elif prop == "X-WR-CALNAME":
            calname = line.split(":", 1)[1].strip()
    if stack:
        kind, start = stack[-1]
        raise ImportFormatError(
            f"{name}, line {start}: BEGIN:{kind} is never closed (the file looks truncated)"
        )
    return events, calname


# --- events -> activities ------------------------------------------------------------


class _File:
    """One calendar file being turned into activities and contacts."""

    def __init__(
        self,
        name: str,
        text: str,
        lines: list[_EventLines],
        calname: str,
        options: ImportOptions,
        batch: ImportBatch,
        pool: ContactPool,
        progress: Progress | None,
    ) -> None:
        self.name = name
        self.text = text
        self.lines = lines
        self.calname = calname
        self.options = options
        self.batch = batch
        self.pool = pool
        self.progress = progress
        self.first_line: dict[str, int] = {}

    def read(self) -> None:
        import icalendar

        try:
            calendars = icalendar.Calendar.from_ical(
                _without_known_timezones(self.text), multiple=True
            )
        except Exception as exc:  # icalendar raises several types for malformed text
            raise ImportFormatError(f"{self.name}: cannot be read as iCalendar ({exc})") from exc
        events = [ev for cal in calendars for ev in cal.walk("VEVENT")]
        if len(events) != len(self.lines):
            raise ImportFormatError(
                f"{self.name}: {len(self.lines)} events in the text but {len(events)} could be "
                "read; the file is malformed"
            )
        for done, (event, where) in enumerate(zip(events, self.lines, strict=True), start=1):
            uid = str(event.get("UID") or "")
            if not uid:
                raise ImportFormatError(f"{self.name}, line {where.begin}: event has no UID")
            self.first_line.setdefault(uid, where.begin)
            self._check_event(event, where)
            self._check_repeats(event, where)
            if self.progress is not None:
                self.progress(done, len(events))
        recurring = {
            str(ev.get("UID"))
            for ev in events
            if any(k in ev for k in ("RRULE", "RDATE", "RECURRENCE-ID"))
        }
        owner = self._owner(events)
        for occurrence in self._occurrences(calendars):
            self._add(occurrence, owner, recurring)
        if any(_start_date(ev) > self.options.today for ev in events):
            self.batch.warnings.append(
                f"{self.name}: events after today were not imported (a journal records what "
                "happened)"
            )

    def _check_event(self, event: Any, where: _EventLines) -> None:
        """Touch every date property so a broken one is reported with its own line."""
        for prop in ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID"):
            if prop not in event:
                continue
            try:
                value = event.get(prop).dt
            except Exception as exc:  # a broken property raises on access
                raise ImportFormatError(
                    f"{self.name}, line {where.props.get(prop, where.begin)}: bad {prop} ({exc})"
                ) from exc
            if prop == "DTSTART" and not isinstance(value, date):
                raise ImportFormatError(f"{self.name}, line {where.props[prop]}: bad DTSTART")
        if "DTSTART" not in event:
            raise ImportFormatError(f"{self.name}, line {where.begin}: event has no DTSTART")

    def _check_repeats(self, event: Any, where: _EventLines) -> None:
        """Refuse an event outside the supported years, or repeating past the caps, unexpanded.

        The occurrences up to today are counted lazily with ``dateutil``'s
        ``rrule`` (what the expansion library uses too), stopping at the cap,
        so a runaway rule costs at most ``MAX_OCCURRENCES_PER_EVENT`` steps.
        """
        from netjournal.domain.timeparse import MAX_DATE, MIN_DATE

        summary = str(event.get("SUMMARY") or "")[:40]
        line = where.props.get("DTSTART", where.begin)
        try:
            start = _start_date(event)
        except OverflowError:  # year 1 or 9999 moved into Europe/London
            start = date.min
        if not MIN_DATE <= start <= MAX_DATE:
            raise ImportFormatError(
                f"{self.name}, line {line}: event {summary!r} starts on {start.isoformat()}, "
                f"outside the dates netjournal supports ({MIN_DATE.year}-{MAX_DATE.year})"
            )
        rules = event.get("RRULE")
        rdates = event.get("RDATE")
        if rules is None and rdates is None:
            return
        count = 0
        for rule in rules if isinstance(rules, list) else [] if rules is None else [rules]:
            count += self._count_rule(event, rule, where, summary)
        for rdate in rdates if isinstance(rdates, list) else [] if rdates is None else [rdates]:
            count += len(getattr(rdate, "dts", ()))
        if count > MAX_OCCURRENCES_PER_EVENT:
            raise ImportFormatError(
                f"{self.name}, line {where.begin}: event {summary!r} repeats more than "
                f"{MAX_OCCURRENCES_PER_EVENT:,} times up to today; refused (a runaway "
                "repeating event?)"
            )

    def _count_rule(self, event: Any, rule: Any, where: _EventLines, summary: str) -> int:
        """Occurrences of one RRULE up to today, counted up to one past the cap."""
        from dateutil.rrule import rrulestr

        line = where.props.get("RRULE", where.begin)
        freq = [str(f).upper() for f in rule.get("FREQ", [])]
        if _SUB_DAILY.intersection(freq):
            raise ImportFormatError(
                f"{self.name}, line {line}: event {summary!r} repeats {freq[0].lower()}; "
                "refused (calendar applications repeat meetings daily at most)"
            )
        if _never_matches(rule):
            raise ImportFormatError(
                f"{self.name}, line {line}: event {summary!r} repeats on a day that does not "
                "exist (e.g. 30 February); refused"
            )
        start = event.get("DTSTART").dt
        first = start if isinstance(start, datetime) else datetime.combine(start, time())
        # Counting needs no time zones: wall-clock times and an UNTIL read as
        # wall-clock are at most a day off, and the cap is far from that.
        text = re.sub(r"(UNTIL=[0-9T]+)Z", r"\1", rule.to_ical().decode("ascii", "replace"))
        until = datetime.combine(self.options.today, time.max)
        try:
            occurrences = rrulestr(text, dtstart=first.replace(tzinfo=None), ignoretz=True)
            count = 0
            for moment in occurrences:
                if moment > until or count > MAX_OCCURRENCES_PER_EVENT:
                    break
                count += 1
        except (ValueError, TypeError, OverflowError) as exc:
            raise ImportFormatError(
                f"{self.name}, line {line}: event {summary!r} has a repeat rule that cannot be "
                f"read ({exc})"
            ) from exc
        return count

    def _occurrences(self, calendars: list[Any]) -> Iterator[Any]:
        """Every occurrence that starts on or before today, in time order.

        Expanded in 31-day windows from the first event to today: the
        library's open-ended ``after()`` narrows its window to 15 minutes
        around busy weeks, which costs seconds with Outlook's time zones, and
        one bounded ``between()`` over years could not stop a runaway rule.
        """
        import recurring_ical_events

        count = 0
        seen: set[tuple[str, str]] = set()
        end = self.options.today + timedelta(days=1)
        for cal in calendars:
            starts = [_start_date(ev) for ev in cal.walk("VEVENT")]
            if not starts:
                continue
            window = min(starts)
            try:
                query = recurring_ical_events.of(cal)
            except Exception as exc:  # e.g. InvalidCalendar for a non-Gregorian CALSCALE
                raise ImportFormatError(
                    f"{self.name}: the calendar cannot be read ({exc})"
                ) from exc
            while window < end:
                window_end = min(window + timedelta(days=31), end)
                try:
                    found = query.between(window, window_end)
                except Exception as exc:  # the expansion library raises many types
                    raise ImportFormatError(
                        f"{self.name}: repeating events cannot be expanded ({exc})"
                    ) from exc
                batch = []
                for occurrence in found:
                    key = (str(occurrence.get("UID")), _rid(occurrence))
                    if key in seen or _start_date(occurrence) > self.options.today:
                        continue
                    seen.add(key)
                    batch.append(occurrence)
                count += len(batch)
                if count > MAX_OCCURRENCES:
                    raise ImportFormatError(
                        f"{self.name}: more than {MAX_OCCURRENCES:,} occurrences up to today; "
                        "is there a runaway repeating event?"
                    )
                yield from sorted(batch, key=_sort_key)
                window = window_end

    def _owner(self, events: list[Any]) -> str:
        """Your address: ``--me``, else X-WR-CALNAME if it is an address, else in every invite."""
        me = (self.options.me or "").strip().lower()
        if "@" in me:
            return me.removeprefix("mailto:")
        if "@" in self.calname:
            return self.calname.lower()
        counts: Counter[str] = Counter()
        with_people = 0
        for event in events:
            people = {email for email, _ in _people(event)}
            if people:
                with_people += 1
                counts.update(people)
        if with_people >= 2:
            email, seen = counts.most_common(1)[0]
            if seen == with_people:
                return email
        return ""

    def _add(self, event: Any, owner: str, recurring: set[str]) -> None:
        uid = str(event.get("UID"))
        if str(event.get("STATUS") or "").upper() == "CANCELLED":
            return
        people = [(e, n) for e, n in _people(event) if e != owner]
        if owner and _declined(event, owner):
            return
        contact_ids = [self._contact(email, cn) for email, cn in people]
        line = self.first_line.get(uid, 0)
        summary = check_length(str(event.get("SUMMARY") or ""), self.name, f"line {line}")
        online = _is_video_call(event)
        key = f"ics:{uid}"
        if uid in recurring:
            key += f":{_rid(event)}"
        days, conference = self._days(event, line)
        for day, minutes, start in days:
            if online:
                channel = "video-call"
            elif conference:
                channel = "conference"
            else:
                channel = "meeting" if start is not None else "event"
            self.batch.activities.append(
                Activity(
                    date=day,
                    time=start,
                    mode=Mode.ONLINE if online else Mode.OFFLINE,
                    minutes=minutes,
                    channel=channel,
                    contact_ids=unique(contact_ids),
                    note=summary,
                    source_id=f"{key}:{day.isoformat()}" if len(days) > 1 else key,
                )
            )

    def _days(self, event: Any, line: int) -> tuple[list[tuple[date, int, time | None]], bool]:
        """``(day, minutes, local start time or None)`` per day, and whether it is a conference.

        A conference is an all-day event over several days, or a timed one
        longer than 24 hours; an evening that merely runs past midnight is not.
        """
        cap = round(self.options.conference_hours_per_day * 60)
        start = event.get("DTSTART").dt
        end = _end(event)
        if not isinstance(start, datetime):
            last = end if isinstance(end, date) and end > start else start + timedelta(days=1)
            days = [start + timedelta(days=i) for i in range((last - start).days)]
            return [(d, cap, None) for d in days], len(days) > 1
        begin, finish = _aware(start), _aware(end) if isinstance(end, datetime) else None
        if finish is None or finish <= begin:
            self.batch.warnings.append(
                f"{self.name}, line {line}: event {str(event.get('SUMMARY') or '')!r} on "
                f"{begin.astimezone(LOCAL_TZ).date()} has no duration; skipped"
            )
            return [], False
        long_event = finish - begin > timedelta(hours=24)
        result: list[tuple[date, int, time | None]] = []
        day = begin.astimezone(LOCAL_TZ).date()
        while True:
            day_start = datetime.combine(day, time(), LOCAL_TZ).astimezone(UTC)
            day_end = datetime.combine(day + timedelta(days=1), time(), LOCAL_TZ).astimezone(UTC)
            if day_start >= finish:
                break
            overlap = min(finish, day_end) - max(begin, day_start)
            minutes = round(overlap.total_seconds() / 60)
            if long_event:
                minutes = min(minutes, cap)
            if minutes > 0:
                local = max(begin, day_start).astimezone(LOCAL_TZ)
                clock = local.time().replace(second=0, microsecond=0, tzinfo=None)
                result.append((day, min(minutes, MAX_MINUTES_PER_ACTIVITY), clock))
            day += timedelta(days=1)
        return result, long_event

    def _contact(self, email: str, cn: str) -> str:
        contact = self.pool.add(
            Contact(
                name=cn or email,
                handles={"email": email},
                source_ids=(f"ics:attendee:{email}",),
            ),
            match_name=False,
        )
        return contact.id


_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _never_matches(rule: Any) -> bool:
    """A rule whose BYMONTH and BYMONTHDAY never meet (30 February, 31 April).

    ``dateutil`` looks for such a day until the year 9999 (seconds per
    expansion, and the expansion library asks again for every window).
    """
    try:
        months = [int(m) for m in rule.get("BYMONTH", [])]
        days = [int(d) for d in rule.get("BYMONTHDAY", [])]
    except (TypeError, ValueError):
        return False
    if not months or not days or any(d < 0 for d in days):
        return False
    return all(not 1 <= m <= 12 or d > _MONTH_DAYS[m - 1] for m in months for d in days)


def _start_date(event: Any) -> date:
    value = event.get("DTSTART").dt
    if isinstance(value, datetime):
        return _aware(value).astimezone(LOCAL_TZ).date()
    return value  # type: ignore[no-any-return]


_VTIMEZONE = re.compile(r"^BEGIN:VTIMEZONE\r?\n.*?^END:VTIMEZONE\r?\n", re.M | re.S)
_TZID = re.compile(r"^TZID:(.*?)\r?$", re.M)


def _without_known_timezones(text: str) -> str:
    """Drop ``VTIMEZONE`` blocks whose name the zone database knows (see :func:`_named_zone`).

    icalendar then resolves those TZIDs by name to the IANA zone, which is
    exact and fast; a zone with an unknown name keeps its own definition.
    """

    def keep_unknown(block: re.Match[str]) -> str:
        tzid = _TZID.search(block[0])
        return "" if tzid and _named_zone(tzid[1].strip()) else block[0]

    return _VTIMEZONE.sub(keep_unknown, text)


def _sort_key(event: Any) -> tuple[str, str]:
    value = event.get("DTSTART").dt
    moment = _aware(value) if isinstance(value, datetime) else value
    return (moment.isoformat()[:10], _rid(event))


def _end(event: Any) -> date | datetime | None:
    if "DTEND" in event:
        return event.get("DTEND").dt  # type: ignore[no-any-return]
    if "DURATION" in event:
        return event.get("DTSTART").dt + event.get("DURATION").dt  # type: ignore[no-any-return]
    return None


def _aware(value: datetime) -> datetime:
    """UTC; a floating (zone-less) time is read as Europe/London wall-clock time."""
    if value.tzinfo is None:
        return value.replace(tzinfo=LOCAL_TZ).astimezone(UTC)
    zone = _named_zone(getattr(value.tzinfo, "_tzid", None))
    local = value.replace(tzinfo=zone) if zone is not None else value
    return local.astimezone(UTC)


@functools.lru_cache(maxsize=64)
def _named_zone(tzid: str | None) -> ZoneInfo | None:
    """The IANA zone for a calendar's own zone name (``GMT Standard Time`` -> Europe/London).

    Outlook defines its zones in the file with rules starting in 1601;
    evaluating those for every event is slow. Windows and IANA
    names mean the same rules, so the zone database answers instead.
    """
    if not tzid:
        return None
    try:
        from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON
    except ImportError:  # older icalendar: keep the file's own definition
        WINDOWS_TO_OLSON = {}
    name = WINDOWS_TO_OLSON.get(tzid, tzid)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _rid(event: Any) -> str:
    """The occurrence's recurrence id in UTC (or a date), stable whatever zone it was written in."""
    prop = event.get("RECURRENCE-ID") or event.get("DTSTART")
    value = prop.dt
    if isinstance(value, datetime):
        return _aware(value).strftime("%Y%m%dT%H%M%SZ")
    return str(value.strftime("%Y%m%d"))


def _people(event: Any) -> list[tuple[str, str]]:
    """``(email, common name)`` of the organiser and attendees, rooms and resources excluded."""
    found: list[tuple[str, str]] = []
    raw = event.get("ATTENDEE") or []
    attendees = raw if isinstance(raw, list) else [raw]
    organizer = event.get("ORGANIZER")
    for prop in ([organizer] if organizer is not None else []) + attendees:
        value = str(prop)
        if not value.lower().startswith("mailto:"):
            continue
        params = getattr(prop, "params", {})
        if str(params.get("CUTYPE", "")).upper() in ("ROOM", "RESOURCE"):
            continue
        email = value[7:].strip().lower()
        if email and email not in (e for e, _ in found):
            found.append((email, " ".join(str(params.get("CN", "")).strip('"').split())))
    return found


def _declined(event: Any, owner: str) -> bool:
    raw = event.get("ATTENDEE") or []
    for prop in raw if isinstance(raw, list) else [raw]:
        if str(prop).lower().removeprefix("mailto:") == owner:
            return str(getattr(prop, "params", {}).get("PARTSTAT", "")).upper() == "DECLINED"
    return False


def _is_video_call(event: Any) -> bool:
    return any(_VIDEO.search(str(event.get(prop) or "")) for prop in _ONLINE_PROPS)
