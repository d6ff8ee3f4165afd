"""Tracked screen time -> online minutes per day and channel (pure, stdlib only).

ActivityWatch (and any tracker like it) records *spans*: "from 09:14:03 for
42.5 seconds the active tab was linkedin.com/feed". Several watchers see the
same seconds (the browser's web bucket and the window bucket both record
the LinkedIn tab), so spans are merged per channel before they are counted,
and a day's minutes are the length of that union between two local
midnights. Spans are ``(start, end)`` pairs of POSIX seconds (UTC instants),
so daylight-saving changes cannot stretch or shrink them.

:class:`ChannelRules` says which channel a web address, window title or
app belongs to; :func:`settings_from_table` reads the user's rules from the
``[activitywatch]`` table of ``config.toml`` (docs/imports.md).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from fnmatch import translate
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from netjournal.domain.models import MAX_MINUTES_PER_ACTIVITY
from netjournal.errors import InputError

Span = tuple[float, float]


# --- spans ---------------------------------------------------------------------------------


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """The union of ``spans`` as sorted, disjoint spans; empty and reversed ones are dropped.

    Touching spans (one ends when the next starts, as heartbeats do) join.
    """
    ordered = sorted((s, e) for s, e in spans if e > s)
    merged: list[Span] = []
    for start, end in ordered:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def subtract_spans(spans: Iterable[Span], holes: Iterable[Span]) -> list[Span]:
    """``spans`` minus ``holes`` (both any order), as sorted disjoint spans."""
    result: list[Span] = []
    cuts = merge_spans(holes)
    i = 0
    for start, end in merge_spans(spans):
        while i < len(cuts) and cuts[i][1] <= start:
            i += 1
        j, cursor = i, start
        while j < len(cuts) and cuts[j][0] < end:
            if cuts[j][0] > cursor:
                result.append((cursor, cuts[j][0]))
            cursor = max(cursor, cuts[j][1])
            j += 1
        if cursor < end:
            result.append((cursor, end))
    return result


def total_seconds(spans: Iterable[Span]) -> float:
    """How many seconds the union of ``spans`` covers."""
    return sum(e - s for s, e in merge_spans(spans))


def split_by_day(spans: Iterable[Span], tz: ZoneInfo) -> dict[date, list[Span]]:
    """The union of ``spans`` cut at each local midnight of ``tz``, keyed by local day.

    A span from 23:50 to 00:20 gives ten minutes to each day. Work is one
    step per day a span covers, so callers bound span lengths first.
    """
    days: dict[date, list[Span]] = {}
    for start, end in merge_spans(spans):
        cursor = start
        while cursor < end:
            day = datetime.fromtimestamp(cursor, tz).date()
            midnight = datetime.combine(day + timedelta(days=1), time(), tz).timestamp()
            piece_end = min(end, midnight)
            days.setdefault(day, []).append((cursor, piece_end))
            cursor = piece_end
    return days


def minutes_of(seconds: float) -> int:
    """Whole minutes, rounded to the nearest (30 s counts as a minute), at most a day."""
    return min(MAX_MINUTES_PER_ACTIVITY, math.floor(seconds / 60 + 0.5))


# --- channel rules -------------------------------------------------------------------------

#: Mastodon instances recognised without configuration; add yours under
#: ``[activitywatch] mastodon`` (any host there counts as Mastodon).
MASTODON_INSTANCES = (
    "mastodon.social",
    "mastodon.online",
    "mastodon.world",
    "mastodon.scot",
    "mastodon.ie",
    "mstdn.social",
    "mas.to",
    "fosstodon.org",
    "hachyderm.io",
    "infosec.exchange",
    "techhub.social",
    "universeodon.com",
    "med-mastodon.com",
    "mastodon.art",
)

DEFAULT_HOSTS: tuple[tuple[str, str], ...] = (
    ("linkedin.com", "linkedin"),
    ("lnkd.in", "linkedin"),
    ("x.com", "x"),
    ("twitter.com", "x"),
    ("bsky.app", "bluesky"),
    *((host, "mastodon") for host in MASTODON_INSTANCES),
)

#: Window titles as browsers show them: "Feed | LinkedIn — Mozilla Firefox",
#: "(3) Home / X - Google Chrome", "Home — Bluesky", "Home - Mastodon".
#: Glob patterns (``*`` any text), compared without case to the whole title.
DEFAULT_TITLES: tuple[tuple[str, str], ...] = (
    ("*| linkedin", "linkedin"),
    ("*| linkedin *", "linkedin"),
    ("linkedin", "linkedin"),
    ("* / x", "x"),
    ("* / x *", "x"),
    ("* / twitter", "x"),
    ("* / twitter *", "x"),
    ("* — bluesky", "bluesky"),
    ("* — bluesky *", "bluesky"),
    ("bluesky", "bluesky"),
    ("* - mastodon", "mastodon"),
    ("* - mastodon *", "mastodon"),
)

#: Apps (the ``app`` of a window event: a desktop app's name, or an Android package).
DEFAULT_APPS: tuple[tuple[str, str], ...] = (
    ("com.linkedin.android", "linkedin"),
    ("com.twitter.android", "x"),
    ("xyz.blueskyweb.app", "bluesky"),
    ("org.joinmastodon.android", "mastodon"),
)

#: Longest pattern or host a rule may have, and how many rules a table may hold:
#: generous for people, small enough that matching stays cheap.
MAX_RULE_CHARS = 200
MAX_RULES = 500

_HOST = re.compile(r"^[a-z0-9]([a-z0-9-]{0,62})(\.[a-z0-9]([a-z0-9-]{0,62}))*$")
_CHANNEL = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


@dataclass(frozen=True, slots=True)
class ChannelRules:
    """Which channel a host, a window title or an app is; the user's rules come first.

    A host rule ``linkedin.com`` also covers ``www.linkedin.com`` and
    ``uk.linkedin.com``; the longest matching host wins. Title rules are
    glob patterns tried in order. Results are remembered per host, title and
    app, because a year's export repeats the same few thousand of each.
    """

    hosts: tuple[tuple[str, str], ...] = DEFAULT_HOSTS
    titles: tuple[tuple[str, str], ...] = DEFAULT_TITLES
    apps: tuple[tuple[str, str], ...] = DEFAULT_APPS

    def matcher(self) -> RuleMatcher:
        return RuleMatcher(self)


class RuleMatcher:
    """:class:`ChannelRules` compiled, with a memo per distinct host, title and app."""

    def __init__(self, rules: ChannelRules) -> None:
        self._hosts = dict(reversed(rules.hosts))  # first rule for a host wins
        self._titles = [(re.compile(translate(p), re.DOTALL), c) for p, c in rules.titles]
        self._apps = dict(reversed([(a.casefold(), c) for a, c in rules.apps]))
        self._memo: dict[tuple[str, str], str | None] = {}

    def host(self, host: str) -> str | None:
        key = ("h", host)
        if key not in self._memo:
            found = None
            parts = host.lower().rstrip(".").split(".")
            for i in range(len(parts) - 1):  # longest suffix first
                found = self._hosts.get(".".join(parts[i:]))
                if found is not None:
                    break
            self._memo[key] = found
        return self._memo[key]

    def url(self, url: str) -> str | None:
        """The channel of a web address's host (``None`` for one that cannot be read)."""
        key = ("u", url)
        if key not in self._memo:
            try:
                host = urlsplit(url.strip()).hostname
            except ValueError:
                host = None
            self._memo[key] = self.host(host) if host else None
        return self._memo[key]

    def title(self, title: str) -> str | None:
        key = ("t", title)
        if key not in self._memo:
            folded = " ".join(title.casefold().split())
            self._memo[key] = next((c for p, c in self._titles if p.match(folded)), None)
        return self._memo[key]

    def app(self, app: str) -> str | None:
        return self._apps.get(app.casefold())


@dataclass(frozen=True, slots=True)
class TrackerSettings:
    """The ``[activitywatch]`` settings: rules, the day's time zone, the smallest day kept."""

    rules: ChannelRules = ChannelRules()
    timezone: str = "Europe/London"
    min_minutes: int = 1

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def settings_from_table(table: Mapping[str, Any], where: str) -> TrackerSettings:
    """Check and read the ``[activitywatch]`` table of ``config.toml``.

    Every mistake is one :class:`InputError` naming the file (``where``) and
    the key, so a typo in a rule never silently drops a platform::

        [activitywatch]
        timezone = "Europe/London"
        min_minutes = 1
        mastodon = ["nurses.social"]
        [activitywatch.hosts]
        "nhs.net" = "other"
        [activitywatch.titles]
        "* - teams" = "video-call"
        [activitywatch.apps]
        "Slack" = "slack"
    """
    known = {"timezone", "min_minutes", "mastodon", "hosts", "titles", "apps"}
    for key in table:
        if key not in known:
            raise InputError(
                f"{where}: [activitywatch] has no setting {key!r}: use {', '.join(sorted(known))}"
            )
    timezone = table.get("timezone", "Europe/London")
    if not isinstance(timezone, str) or not timezone.strip():
        raise InputError(f"{where}: activitywatch.timezone must be a time zone name")
    try:
        ZoneInfo(timezone.strip())
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InputError(
            f"{where}: activitywatch.timezone {timezone!r} is not a known time zone",
            hint="use a name such as Europe/London or America/New_York",
        ) from exc
    min_minutes = table.get("min_minutes", 1)
    if isinstance(min_minutes, bool) or not isinstance(min_minutes, int):
        raise InputError(f"{where}: activitywatch.min_minutes must be a whole number")
    if not 1 <= min_minutes <= 240:
        raise InputError(f"{where}: activitywatch.min_minutes must be between 1 and 240")
    mastodon = table.get("mastodon", [])
    if not isinstance(mastodon, list) or not all(isinstance(h, str) for h in mastodon):
        raise InputError(f"{where}: activitywatch.mastodon must be a list of host names")
    hosts = [(_host(h, where, "mastodon"), "mastodon") for h in mastodon]
    hosts += [(_host(h, where, "hosts"), c) for h, c in _pairs(table, "hosts", where, _CHECK_HOST)]
    titles = [(p.casefold(), c) for p, c in _pairs(table, "titles", where, _CHECK_TEXT)]
    apps = list(_pairs(table, "apps", where, _CHECK_TEXT))
    if len(hosts) + len(titles) + len(apps) > MAX_RULES:
        raise InputError(f"{where}: [activitywatch] holds more than {MAX_RULES} rules")
    rules = ChannelRules(
        hosts=(*hosts, *DEFAULT_HOSTS),
        titles=(*titles, *DEFAULT_TITLES),
        apps=(*apps, *DEFAULT_APPS),
    )
    return TrackerSettings(rules=rules, timezone=timezone.strip(), min_minutes=min_minutes)


_CHECK_HOST = "host"
_CHECK_TEXT = "text"


def _pairs(table: Mapping[str, Any], key: str, where: str, kind: str) -> list[tuple[str, str]]:
    raw = table.get(key, {})
    if not isinstance(raw, Mapping):
        raise InputError(
            f"{where}: activitywatch.{key} must be a table of rules",
            hint=f'e.g. [activitywatch.{key}] then "pattern" = "channel"',
        )
    pairs: list[tuple[str, str]] = []
    for pattern, channel in raw.items():
        if not isinstance(channel, str) or not _CHANNEL.match(channel.strip().lower()):
            raise InputError(
                f"{where}: activitywatch.{key} rule {pattern!r} must name a channel "
                f"(letters, digits and dashes), not {channel!r}"
            )
        if not pattern.strip() or len(pattern) > MAX_RULE_CHARS:
            raise InputError(
                f"{where}: activitywatch.{key} rule {pattern[:40]!r} must be 1 to "
                f"{MAX_RULE_CHARS} characters"
            )
        pairs.append((pattern.strip(), channel.strip().lower()))
    return pairs


def _host(text: str, where: str, key: str) -> str:
    host = text.strip().lower().removeprefix("https://").removeprefix("http://").rstrip("/.")
    host = host.removeprefix("www.")
    if not _HOST.match(host) or len(host) > 253:
        raise InputError(
            f"{where}: activitywatch.{key} rule {text[:60]!r} is not a host name",
            hint="write the site's name only, e.g. nurses.social",
        )
    return host
