"""Balance targets: reading what the user types, and which target judges a period.

A target's balance band is stored as a pair of online *shares* (fractions
0..1 of networking minutes spent online). Users may type it either way:

* ``--online 30-50%`` — the band itself (``30-50``, ``30%-50%`` and an en dash
  work too);
* ``--online 40%`` — a single share becomes a band of ±5 percentage points
  (35–45%), because a week is never exactly 40% online and an exact target
  would never be "inside";
* ``--ratio 1:2`` — online:offline; 1:2 means one online minute for every two
  offline, an online share of 1/3. A single ratio becomes the same ±5 points
  band around that share (28.3–38.3%); a range such as ``1:3-1:1`` is taken
  exactly (25–50%).

Both forms are always *shown* (``30–50% online · ratio 1 : 2.3 – 1 : 1``), so
the user can think in whichever they prefer. Bands are clamped to 0..100%.

Stdlib only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Any

from netjournal.domain.target_record import Target
from netjournal.errors import InputError
from netjournal.presentation import share_percent

#: Half-width of the band made from a single share or ratio, as a fraction.
SINGLE_VALUE_TOLERANCE = 0.05

# Patterns, compiled on first use by ``re`` (and cached there): reviews import
# this module for every ``week``, but only ``target set`` reads a band.
_NUMBER = r"(\d+(?:\.\d+)?)"
_PERCENT_BAND = rf"^{_NUMBER}\s*%?\s*[-–]\s*{_NUMBER}\s*%?$"
_PERCENT_ONE = rf"^{_NUMBER}\s*%?$"
_RATIO = rf"{_NUMBER}\s*:\s*{_NUMBER}"
_RATIO_BAND = rf"^{_RATIO}\s*[-–]\s*{_RATIO}$"
_RATIO_ONE = rf"^{_RATIO}$"


def _around(share: float) -> tuple[float, float]:
    low = max(0.0, share - SINGLE_VALUE_TOLERANCE)
    high = min(1.0, share + SINGLE_VALUE_TOLERANCE)
    return round(low, 4), round(high, 4)


def _percent(value: str, text: str) -> float:
    number = float(value)
    if number > 100:
        raise InputError(
            f"online share {text!r} is over 100%", field="online", hint="e.g. --online 30-50%"
        )
    return number / 100


def parse_online_band(text: str) -> tuple[float, float]:
    """``30-50%`` → (0.30, 0.50); ``40%`` → (0.35, 0.45)."""
    cleaned = text.strip()
    if m := re.match(_PERCENT_BAND, cleaned):
        low, high = _percent(m[1], text), _percent(m[2], text)
        if low > high:
            raise InputError(
                f"online band {text!r} runs backwards: put the lower share first",
                field="online",
                hint=f"e.g. --online {m[2]}-{m[1]}%",
            )
        return round(low, 4), round(high, 4)
    if m := re.match(_PERCENT_ONE, cleaned):
        return _around(_percent(m[1], text))
    raise InputError(
        f"cannot read online share {text!r}",
        field="online",
        hint="give a band like 30-50% or one share like 40% (±5 points)",
    )


def _ratio_share(online: str, offline: str, text: str) -> float:
    on, off = float(online), float(offline)
    if on + off == 0:
        raise InputError(f"ratio {text!r} has no time on either side", field="ratio")
    return on / (on + off)


def parse_ratio_band(text: str) -> tuple[float, float]:
    """``1:2`` → online share 1/3 ± 5 points; ``1:3-1:1`` → (0.25, 0.50)."""
    cleaned = text.strip()
    if m := re.match(_RATIO_BAND, cleaned):
        a = _ratio_share(m[1], m[2], text)
        b = _ratio_share(m[3], m[4], text)
        return round(min(a, b), 4), round(max(a, b), 4)
    if m := re.match(_RATIO_ONE, cleaned):
        return _around(_ratio_share(m[1], m[2], text))
    raise InputError(
        f"cannot read ratio {text!r}",
        field="ratio",
        hint="online:offline, e.g. --ratio 1:2 (one online minute per two offline)",
    )


def format_ratio(online: float, offline: float) -> str:
    """online:offline as ``1 : x`` so ratios line up with the way targets are typed.

    ``x`` has one decimal (``1 : 1.8``), no decimal from 10 up, two below 0.1
    so a tiny offline share does not read as zero. All-offline is ``0 : 1``.
    """
    if online <= 0:
        return "0 : 1"
    x = offline / online
    if x == 0:
        text = "0"
    elif x >= 10:
        text = f"{x:.0f}"
    elif x >= 0.095:
        text = f"{x:.1f}".removesuffix(".0")
    else:
        text = f"{x:.2f}"
    return f"1 : {text}"


def ratio_of_share(share: float) -> str:
    """The ``1 : x`` form of an online share (0.3333 → ``1 : 2``)."""
    return format_ratio(share, 1 - share)


def describe_band(low: float | None, high: float | None) -> str:
    """Both forms of a band: ``30–50% online (ratio 1 : 2.3 – 1 : 1)``."""
    lo = 0.0 if low is None else low
    hi = 1.0 if high is None else high
    return (
        f"{share_percent(lo)}–{share_percent(hi)} online "
        f"(ratio {ratio_of_share(lo)} – {ratio_of_share(hi)})"
    )


def has_band(target: Target | None) -> bool:
    """Whether ``target`` sets a balance band at all (it may set only minimums)."""
    return target is not None and (
        target.online_min_share is not None or target.online_max_share is not None
    )


def target_in_force(
    targets: Iterable[Target], start: date, end: date | None = None
) -> Target | None:
    """The target that judges the period ``start``..``end``.

    The rule: the latest version with ``effective_from <= start`` (so a target
    changed mid-week judges the *next* week, and past weeks keep their
    verdicts). If no version was in force on ``start`` but one took effect
    inside the period, the earliest such version is used, so a user who sets
    their very first target today sees this week judged rather than "no
    target". Equal dates are broken by ``created`` (latest wins).
    """
    in_force: Target | None = None
    first_inside: Target | None = None
    for target in targets:
        key = (target.effective_from, target.created)
        if target.effective_from <= start:
            if in_force is None or key > (in_force.effective_from, in_force.created):
                in_force = target
        elif (end is not None and target.effective_from <= end) and (
            first_inside is None or key < (first_inside.effective_from, first_inside.created)
        ):
            first_inside = target
    return in_force if in_force is not None else first_inside


def sorted_history(targets: Sequence[Target]) -> list[Target]:
    """Versions oldest first, ties broken by creation time."""
    return sorted(targets, key=lambda t: (t.effective_from, t.created))


def target_json(target: Target | None) -> dict[str, Any] | None:
    """A target as the review's JSON shows it (shares as fractions 0..1)."""
    if target is None:
        return None
    band = (
        describe_band(target.online_min_share, target.online_max_share)
        if has_band(target)
        else None
    )
    return {
        "id": target.id,
        "effective_from": target.effective_from.isoformat(),
        "online_min_share": target.online_min_share,
        "online_max_share": target.online_max_share,
        "band": band,
        "weekly_min_minutes": target.weekly_min_minutes,
        "weekly_min_conversations": target.weekly_min_conversations,
        "monthly_min_new_connections": target.monthly_min_new_connections,
        "daily_max_online_minutes": target.daily_max_online_minutes,
    }


def history_json(targets: Sequence[Target]) -> list[dict[str, Any]]:
    """Versions oldest first, each with ``until``: the day before the next version (or null)."""
    ordered = sorted_history(targets)
    out = []
    for i, target in enumerate(ordered):
        nxt = ordered[i + 1].effective_from if i + 1 < len(ordered) else None
        data = target_json(target)
        assert data is not None
        data["until"] = (nxt - timedelta(days=1)).isoformat() if nxt else None
        out.append(data)
    return out


def validate_target(target: Target) -> Target:
    """Refuse targets that cannot be met or make no sense; return it unchanged."""
    low, high = target.online_min_share, target.online_max_share
    for name, share in (("online_min_share", low), ("online_max_share", high)):
        if share is not None and not 0.0 <= share <= 1.0:
            raise InputError(f"{name} must be between 0 and 1, not {share}", field="online")
    if low is not None and high is not None and low > high:
        raise InputError("the online band's lower share is above its upper share", field="online")
    counts = {
        "min-hours": target.weekly_min_minutes,
        "min-conversations": target.weekly_min_conversations,
        "min-new-connections": target.monthly_min_new_connections,
        "max-online-per-day": target.daily_max_online_minutes,
    }
    for name, value in counts.items():
        if value is not None and value < 0:
            raise InputError(f"--{name} cannot be negative", field=name)
    if target.weekly_min_minutes is not None and target.weekly_min_minutes > 7 * 24 * 60:
        raise InputError("--min-hours cannot exceed the 168 hours in a week", field="min-hours")
    if target.daily_max_online_minutes is not None and target.daily_max_online_minutes > 24 * 60:
        raise InputError("--max-online-per-day cannot exceed 24 hours", field="max-online-per-day")
    return target


# --- building a new version from what was typed --------------------------------

#: Words that clear an optional part of a target (``--min-hours none``).
CLEAR_WORDS = frozenset({"none", "off", "clear", "-"})


@dataclass(frozen=True, slots=True)
class TargetInput:
    """A target as typed on ``netjournal target set`` (or in the TUI form).

    ``None`` means "not given": the new version keeps that part of the
    target in force on ``effective_from``; a word from :data:`CLEAR_WORDS`
    removes it.
    """

    online: str | None = None
    ratio: str | None = None
    min_hours: str | None = None
    min_conversations: str | None = None
    min_new_connections: str | None = None
    max_online_per_day: str | None = None

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self))


def _cleared(text: str) -> bool:
    return text.strip().lower() in CLEAR_WORDS


def _count(text: str, option: str) -> int:
    try:
        value = int(text.strip())
    except ValueError as exc:
        raise InputError(
            f"--{option} needs a whole number, not {text!r}", field=option, hint="or none to clear"
        ) from exc
    if value < 0:
        raise InputError(f"--{option} cannot be negative", field=option)
    return value


def _hours(text: str) -> int:
    try:
        hours = float(text.strip().lower().removesuffix("h").replace(",", "."))
    except ValueError as exc:
        raise InputError(
            f"--min-hours needs a number of hours, not {text!r}",
            field="min-hours",
            hint="e.g. 3 or 2.5",
        ) from exc
    if not 0 <= hours <= 168:
        raise InputError("--min-hours must be between 0 and 168", field="min-hours")
    return round(hours * 60)


def build_target(inp: TargetInput, effective_from: date, base: Target | None) -> Target:
    """The new target version: ``base``'s values with the parts in ``inp`` changed.

    A fresh id is given; the caller decides whether it replaces a version
    with the same ``effective_from``.
    """
    from netjournal.domain.timeparse import parse_duration

    if inp.is_empty():
        raise InputError(
            "nothing to set",
            field="online",
            hint="e.g. netjournal target set --online 30-50% (or --ratio 1:2, --min-hours 3 …)",
        )
    if inp.online is not None and inp.ratio is not None:
        raise InputError(
            "give --online or --ratio, not both: they set the same band", field="ratio"
        )
    values: dict[str, Any] = {}
    if base is not None:
        values = {
            "online_min_share": base.online_min_share,
            "online_max_share": base.online_max_share,
            "weekly_min_minutes": base.weekly_min_minutes,
            "weekly_min_conversations": base.weekly_min_conversations,
            "monthly_min_new_connections": base.monthly_min_new_connections,
            "daily_max_online_minutes": base.daily_max_online_minutes,
        }
    band_text = inp.online if inp.online is not None else inp.ratio
    if band_text is not None:
        if _cleared(band_text):
            values["online_min_share"] = values["online_max_share"] = None
        else:
            low, high = (
                parse_online_band(band_text)
                if inp.online is not None
                else parse_ratio_band(band_text)
            )
            values["online_min_share"], values["online_max_share"] = low, high
    if inp.min_hours is not None:
        values["weekly_min_minutes"] = None if _cleared(inp.min_hours) else _hours(inp.min_hours)
    if inp.min_conversations is not None:
        values["weekly_min_conversations"] = (
            None
            if _cleared(inp.min_conversations)
            else _count(inp.min_conversations, "min-conversations")
        )
    if inp.min_new_connections is not None:
        values["monthly_min_new_connections"] = (
            None
            if _cleared(inp.min_new_connections)
            else _count(inp.min_new_connections, "min-new-connections")
        )
    if inp.max_online_per_day is not None:
        if _cleared(inp.max_online_per_day):
            values["daily_max_online_minutes"] = None
        else:
            try:
                values["daily_max_online_minutes"] = parse_duration(inp.max_online_per_day)
            except InputError as exc:
                raise InputError(exc.message, field="max-online-per-day", hint=exc.hint) from exc
    return validate_target(Target(effective_from=effective_from, **values))
