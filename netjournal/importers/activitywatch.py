"""ActivityWatch bucket exports -> online minutes per day and channel.

ActivityWatch's web UI exports one bucket (*Raw Data > a bucket > Export
as JSON*, ``aw-bucket-export_<id>.json``) or all of them (*Settings > Export
all buckets as JSON*, ``aw-buckets-export.json``); both are
``{"buckets": {"<id>": {"id", "type", "client", "hostname", "created",
"events": [{"timestamp", "duration", "data"}, …]}}}`` (aw-server's
``/api/0/export`` and ``/api/0/buckets/<id>/export``; aw-client's
``export_all()``/``export_bucket()`` return the same document). The
``aw-client canonical --format json`` and ``aw-client query --json`` commands
print bare event lists instead; those are read too (docs/imports.md).

What is read:

* ``web.tab.current`` buckets (aw-watcher-web): the host of ``data.url``;
* ``currentwindow`` buckets (aw-watcher-window, aw-android): ``data.app``
  (an Android package such as ``com.linkedin.android``) or ``data.title``;
* ``afkstatus`` buckets (aw-watcher-afk): time marked ``afk`` is taken out of
  the other buckets of the same computer, as ActivityWatch's own reports do,
  so a LinkedIn tab left open over lunch does not count.

Each event is matched to a channel by :class:`ChannelRules`; the spans of
every bucket are merged per channel, cut at local midnights, and each
(day, channel) with at least ``min_minutes`` becomes one online activity.
The spans themselves are kept on the activity (``extra["activitywatch"]``,
per bucket), so a later export of the same or another bucket updates the
day by merging spans again instead of adding minutes.
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from netjournal.domain.models import Activity, Mode, Purpose, Style
from netjournal.domain.online_time import (
    RuleMatcher,
    Span,
    TrackerSettings,
    merge_spans,
    minutes_of,
    split_by_day,
    subtract_spans,
    total_seconds,
)
from netjournal.domain.timeparse import MAX_DATE, MIN_DATE
from netjournal.errors import ImportFormatError
from netjournal.importers.base import (
    ImportBatch,
    ImportOptions,
    InputFile,
    Progress,
    check_length,
    decode_text,
    read_json,
    require_inputs,
)
from netjournal.presentation import plural
from netjournal.safezip import is_zip

SOURCE = "activitywatch"
#: Every activity this importer writes has a source id starting with this.
SOURCE_PREFIX = "activitywatch:"
#: Where an activity keeps its spans: ``{bucket id: [[start, end], …]}`` (POSIX seconds).
EXTRA_KEY = "activitywatch"

#: A whole year of window events from a busy desktop is ≈ 50-100 MB of JSON;
#: beyond this a file is refused before it is read (parsing costs ≈ 10x its size).
MAX_FILE_BYTES = 256 * 1024 * 1024
#: No watcher records one event longer than this (heartbeats merge only while
#: nothing changes, and a day-long event already means a forgotten screen).
MAX_EVENT_SECONDS = 7 * 24 * 3600.0
#: Timestamps are short ISO strings; a longer one is damage, not a date.
_MAX_TIMESTAMP_CHARS = 64

WEB, WINDOW, AFK = "web.tab.current", "currentwindow", "afkstatus"


def is_export_file(basename: str) -> bool:
    return basename.lower().endswith(".json")


@dataclass(slots=True)
class _Bucket:
    """One bucket as found in a file; ``kind`` is WEB, WINDOW, AFK or another type."""

    id: str
    kind: str
    hostname: str
    file: str
    events: list[Any]


def parse(path: Path, options: ImportOptions, progress: Progress | None = None) -> ImportBatch:
    """Read an ActivityWatch export file, or every ``.json`` in a folder or zip."""
    settings = options.activitywatch or TrackerSettings()
    _check_sizes(path)
    inputs = require_inputs(path, is_export_file, ".json export")
    buckets: list[_Bucket] = []
    for item in inputs:
        buckets.extend(_buckets(item))
    batch = ImportBatch(source=SOURCE, files=[i.name for i in inputs])
    batch.settle = functools.partial(settle, min_minutes=settings.min_minutes)
    # The same bucket in two files (one bucket's export beside an export of all)
    # simply contributes its spans twice to the same union.
    _build(batch, buckets, settings, progress)
    return batch


def _check_sizes(path: Path) -> None:
    """Refuse an oversized plain file before reading it (zips are bounded by SafeZip)."""
    files = sorted(path.rglob("*.json")) if path.is_dir() else [path]
    for file in files:
        try:
            size = file.stat().st_size
        except OSError:
            continue  # reported by find_inputs with its own message
        if size > MAX_FILE_BYTES and not is_zip(file):  # zips: SafeZip's limits
            raise ImportFormatError(
                f"{file}: {size / 2**20:,.0f} MiB is larger than the "
                f"{MAX_FILE_BYTES // 2**20} MiB an ActivityWatch export may be; "
                "export a shorter period or one bucket at a time"
            )


# --- reading the file ----------------------------------------------------------------------


def _buckets(item: InputFile) -> list[_Bucket]:
    data = item.read_bytes()
    if len(data) > MAX_FILE_BYTES:
        raise ImportFormatError(
            f"{item.name}: larger than {MAX_FILE_BYTES // 2**20} MiB; export a shorter period"
        )
    document = read_json(decode_text(data, item.name), item.name)
    if isinstance(document, dict) and isinstance(document.get("buckets"), dict):
        return [_bucket(item.name, key, raw) for key, raw in document["buckets"].items()]
    if isinstance(document, list):
        # aw-client canonical --format json: one list of events; query --json: one per period
        periods = (
            document if document and all(isinstance(p, list) for p in document) else [document]
        )
        events = [event for period in periods for event in period]
        name = item.basename.rsplit(".", 1)[0]
        return [_Bucket(id=name, kind="", hostname="", file=item.name, events=events)]
    raise ImportFormatError(
        f'{item.name}: not an ActivityWatch export (expected {{"buckets": {{…}}}} as the web '
        "UI exports it, or a list of events from aw-client)"
    )


def _bucket(name: str, key: Any, raw: Any) -> _Bucket:
    if not isinstance(raw, dict):
        raise ImportFormatError(f"{name}, bucket {str(key)[:80]!r}: expected a bucket object")
    bucket_id = check_length(str(raw.get("id") or key), name, f"bucket {str(key)[:80]!r}")
    events = raw.get("events", [])
    if not isinstance(events, list):
        raise ImportFormatError(f"{name}, bucket {bucket_id[:80]!r}: events must be a list")
    kind = raw.get("type")
    hostname = raw.get("hostname")
    return _Bucket(
        id=bucket_id,
        kind=kind if isinstance(kind, str) else "",
        hostname=hostname if isinstance(hostname, str) else "",
        file=name,
        events=events,
    )


@dataclass(frozen=True, slots=True)
class _Event:
    span: Span
    kind: str
    data: dict[str, Any]


def _event(bucket: _Bucket, index: int, raw: Any) -> _Event:
    where = f"{bucket.file}, bucket {bucket.id[:80]!r}, event {index + 1}"
    if not isinstance(raw, dict):
        raise ImportFormatError(f"{where}: expected an event object")
    stamp, duration, data = raw.get("timestamp"), raw.get("duration", 0), raw.get("data", {})
    if not isinstance(stamp, str) or len(stamp) > _MAX_TIMESTAMP_CHARS:
        raise ImportFormatError(f"{where}: no readable timestamp")
    try:
        moment = datetime.fromisoformat(stamp.strip())
    except ValueError:
        raise ImportFormatError(f"{where}: bad timestamp {stamp!r}") from None
    if moment.tzinfo is None:  # ActivityWatch stores UTC
        moment = moment.replace(tzinfo=UTC)
    if isinstance(duration, bool) or not isinstance(duration, int | float):
        raise ImportFormatError(f"{where}: duration must be a number of seconds")
    seconds = float(duration)
    if not math.isfinite(seconds) or not 0 <= seconds <= MAX_EVENT_SECONDS:
        raise ImportFormatError(
            f"{where}: duration {duration!r} seconds is impossible (0 to "
            f"{MAX_EVENT_SECONDS / 86400:.0f} days); the file looks damaged"
        )
    if not isinstance(data, dict):
        raise ImportFormatError(f"{where}: data must be an object")
    if not MIN_DATE <= moment.date() <= MAX_DATE:
        raise ImportFormatError(
            f"{where}: dated {moment.date().isoformat()}, outside the dates netjournal "
            f"supports ({MIN_DATE.year}-{MAX_DATE.year}); nothing was imported"
        )
    start = moment.timestamp()
    kind = bucket.kind or _kind_of(data)
    for key in ("url", "title", "app"):
        value = data.get(key)
        if isinstance(value, str):
            check_length(value, bucket.file, f"bucket {bucket.id[:80]!r}, event {index + 1}")
    return _Event(span=(float(round(start)), float(round(start + seconds))), kind=kind, data=data)


def _kind_of(data: dict[str, Any]) -> str:
    """The bucket type an aw-client event list came from, from its data keys."""
    if "url" in data:
        return WEB
    if "status" in data:
        return AFK
    if "app" in data or "title" in data:
        return WINDOW
    return ""


def _channel(event: _Event, matcher: RuleMatcher) -> str | None:
    data = event.data
    if event.kind == WEB:
        url = data.get("url")
        return matcher.url(url) if isinstance(url, str) else None
    app, title = data.get("app"), data.get("title")
    found = matcher.app(app) if isinstance(app, str) else None
    if found is None and isinstance(title, str):
        found = matcher.title(title)
    return found


# --- spans -> activities -------------------------------------------------------------------


def _build(
    batch: ImportBatch,
    buckets: list[_Bucket],
    settings: TrackerSettings,
    progress: Progress | None,
) -> None:
    matcher = settings.rules.matcher()
    total = sum(len(b.events) for b in buckets)
    done = 0
    away: dict[str, list[Span]] = defaultdict(list)  # hostname -> afk spans
    spans: dict[tuple[str, str], list[Span]] = defaultdict(list)  # (bucket, channel) -> spans
    host_of: dict[str, str] = {}
    read: list[str] = []
    skipped: list[str] = []
    for bucket in buckets:
        used = False
        for index, raw in enumerate(bucket.events):
            event = _event(bucket, index, raw)
            if event.kind == AFK:
                used = True
                if event.data.get("status") == "afk":
                    away[bucket.hostname].append(event.span)
            elif event.kind in (WEB, WINDOW):
                used = True
                channel = _channel(event, matcher)
                if channel is not None:
                    spans[(bucket.id, channel)].append(event.span)
            done += 1
            if progress is not None:
                progress(done, total)
        host_of[bucket.id] = bucket.hostname
        if used or (not bucket.events and bucket.kind in (WEB, WINDOW, AFK)):
            read.append(bucket.id)
        else:
            skipped.append(f"{bucket.id} ({bucket.kind or 'unknown type'})")
    if not read:
        raise ImportFormatError(
            f"{', '.join(batch.files)}: no web, window or AFK bucket found "
            "(export aw-watcher-web, aw-watcher-window or aw-watcher-afk buckets)"
        )
    if skipped:
        batch.warnings.append(f"not read (not web, window or AFK buckets): {', '.join(skipped)}")

    tz = settings.zone
    by_day: dict[tuple[date, str], dict[str, list[Span]]] = defaultdict(dict)
    for (bucket_id, channel), found in sorted(spans.items()):
        hostname = host_of[bucket_id]
        active = subtract_spans(found, away.get(hostname, ())) if hostname else merge_spans(found)
        for day, pieces in split_by_day(active, tz).items():
            by_day[(day, channel)][bucket_id] = pieces
    for (day, channel), per_bucket in sorted(by_day.items()):
        all_spans = [s for pieces in per_bucket.values() for s in pieces]
        minutes = minutes_of(total_seconds(all_spans))
        if minutes < settings.min_minutes:
            continue
        first = datetime.fromtimestamp(min(s for s, _ in all_spans), tz)
        batch.activities.append(
            Activity(
                date=day,
                time=time(first.hour, first.minute),
                mode=Mode.ONLINE,
                minutes=minutes,
                channel=channel,
                purpose=Purpose.OTHER,
                style=Style.LISTENING,
                note=_note(minutes, len(per_bucket)),
                source_id=f"{SOURCE_PREFIX}day:{day.isoformat()}:{channel}",
                extra={EXTRA_KEY: _to_stored(per_bucket)},
            )
        )


def _note(minutes: int, buckets: int) -> str:
    return f"ActivityWatch: {minutes} min tracked ({plural(buckets, 'bucket')})"


def _to_stored(per_bucket: dict[str, list[Span]]) -> dict[str, list[list[int]]]:
    return {b: [[int(s), int(e)] for s, e in merge_spans(spans)] for b, spans in per_bucket.items()}


def _from_stored(value: Any) -> dict[str, list[Span]]:
    """Spans kept on a stored activity; anything malformed (edited by hand) is left out."""
    result: dict[str, list[Span]] = {}
    if not isinstance(value, dict):
        return result
    for bucket, pairs in value.items():
        if not isinstance(bucket, str) or not isinstance(pairs, list):
            continue
        good = [
            (float(p[0]), float(p[1]))
            for p in pairs
            if isinstance(p, list)
            and len(p) == 2
            and all(isinstance(x, int | float) and not isinstance(x, bool) for x in p)
            and 0 <= p[1] - p[0] <= MAX_EVENT_SECONDS
        ]
        result[bucket] = good
    return result


# --- settling against the store (called by reconcile.plan_import) --------------------------


def settle(
    incoming: Activity,
    existing: Activity | None,
    same_day: list[Activity],
    *,
    min_minutes: int = 1,
) -> tuple[Activity | None, str | None]:
    """The activity to keep for ``incoming``'s day and channel, and a note for the user.

    * Spans of the buckets in this export replace that bucket's spans on the
      stored activity; other buckets' spans stay; the minutes are the union.
      So re-importing the same or a longer export updates the day, never adds.
    * Minutes the journal already holds for that day and channel from
      anything else (logged by hand, or another import) are subtracted, so
      the day counts the larger of the two, never both.
    * Returns ``existing`` itself when nothing changed, and ``None`` when
      nothing should be written.
    """
    buckets = _from_stored(existing.extra.get(EXTRA_KEY)) if existing is not None else {}
    buckets.update(_from_stored(incoming.extra.get(EXTRA_KEY)))
    all_spans = [s for spans in buckets.values() for s in spans]
    tracked = minutes_of(total_seconds(all_spans))
    logged = sum(
        a.minutes
        for a in same_day
        if a.channel == incoming.channel
        and a.date == incoming.date
        and not (a.source_id or "").startswith(SOURCE_PREFIX)
    )
    minutes = tracked - logged
    day = f"{incoming.date.isoformat()} {incoming.channel}"
    note = None
    if logged:
        note = f"{day}: {tracked} min tracked, {logged} min already in your journal" + (
            f"; {minutes} min imported" if minutes >= min_minutes else "; nothing imported"
        )
    if minutes < min_minutes:
        return existing, note
    stored = _to_stored(buckets)
    if existing is None:
        return replace(
            incoming, minutes=minutes, note=_note(tracked, len(buckets)), extra={EXTRA_KEY: stored}
        ), note
    if (
        existing.minutes == minutes
        and _to_stored(_from_stored(existing.extra.get(EXTRA_KEY))) == stored
    ):
        return existing, note
    # The note is refreshed only while it is still the one written here; yours is kept.
    text = _note(tracked, len(buckets)) if existing.note.startswith("ActivityWatch: ") else None
    refreshed = existing.touched(
        minutes=minutes, note=text or existing.note, extra={**existing.extra, EXTRA_KEY: stored}
    )
    return refreshed, note
