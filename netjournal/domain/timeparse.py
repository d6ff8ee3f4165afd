"""Reading the dates, durations and times people type, and showing them back.

Activities are logged after the fact, in a hurry, between shifts: ``yesterday``,
``last tue``, ``20/11``, ``1h30``. This module turns those into ``date``,
minutes and ``time`` values, and nothing else.

Why it never guesses: a journal that quietly reads ``11/12`` as 12 November
when the user meant 11 December corrupts a CPD record that a regulator may
audit, and nobody notices until much later. So a numeric date is read in
exactly one order (``date_order``: day-first by default, UK-first), and input
that only makes sense in the other order is *rejected* with a message that
says why and how to change the setting — never swapped. Phrases whose meaning
differs between speakers (``next friday``) are rejected the same way.

Why no dateutil: every accepted form is a short regular expression plus a
twelve-entry month table, which keeps ``netjournal log`` start-up free of the
slow dateutil import, and lets each rejection say exactly what was wrong
(dateutil's ``fuzzy=True`` misreads relative phrases anyway: "3 days ago"
becomes the 3rd). Month and weekday names are English on purpose: display
must not depend on the process locale, as ``strftime`` would.

Stdlib only (plus ``netjournal.errors``): this is domain code.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from typing import TYPE_CHECKING

from netjournal.errors import DateOutOfRangeError, InputError

if TYPE_CHECKING:
    from decimal import Decimal

__all__ = [
    "MAX_DATE",
    "MIN_DATE",
    "check_date_range",
    "format_date",
    "format_duration",
    "parse_date",
    "parse_duration",
    "parse_time",
    "split_duration",
]

DATE_ORDERS = ("dmy", "mdy")

#: The dates netjournal accepts anywhere (typed, imported, merged, stored):
#: a career's records with room to spare. Outside it, week, quarter and
#: three-year CPD arithmetic would reach past what ``date`` can hold (year 1,
#: year 9999), so such dates are refused where they come in (docs/input.md).
MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2199, 12, 31)
MINUTES_PER_DAY = 24 * 60

WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# "sept" is the one common month abbreviation that is not the 3-letter prefix.
_MONTH_EXTRA = {"sept": 9}
# "weds" likewise for weekdays; other weekday forms are prefixes of 3+ letters.
_WEEKDAY_EXTRA = {"weds": 2}

_MAX_SHOWN = 40  # longest slice of bad input echoed back in a one-line message


def _shown(text: str) -> str:
    """The user's input quoted for an error message, cut short so it stays one line."""
    stripped = text.strip()
    if len(stripped) > _MAX_SHOWN:
        stripped = stripped[:_MAX_SHOWN] + "…"
    return repr(stripped)


def _normalise(text: str) -> str:
    """Lower case with runs of whitespace collapsed, so matching ignores both."""
    return " ".join(text.lower().split())


# --------------------------------------------------------------------------- dates


def _weekday_index(word: str) -> int | None:
    """0..6 for a weekday name, an abbreviation of 3+ letters (``tue``, ``thurs``) or ``weds``."""
    if word in _WEEKDAY_EXTRA:
        return _WEEKDAY_EXTRA[word]
    if len(word) < 3:
        return None
    for index, name in enumerate(WEEKDAY_NAMES):
        if name.startswith(word):
            return index
    return None


def _month_index(word: str) -> int | None:
    """1..12 for a month name or its 3-letter abbreviation (``nov``, ``sept``)."""
    if word in _MONTH_EXTRA:
        return _MONTH_EXTRA[word]
    for index, name in enumerate(MONTH_NAMES, start=1):
        if word == name or word == name[:3]:
            return index
    return None


def _date_examples(date_order: str) -> str:
    numeric = "20/11/2026" if date_order == "dmy" else "11/20/2026"
    return f"try today, yesterday, tue, last friday, 3 days ago, {numeric} or 2026-11-20"


def _unreadable_date(text: str, date_order: str) -> InputError:
    return InputError(
        f"cannot read date {_shown(text)}: {_date_examples(date_order)}", field="date"
    )


def _bad_date(text: str, why: str) -> InputError:
    return InputError(f"cannot read date {_shown(text)}: {why}", field="date")


def _year_from(text: str, raw: str) -> int:
    """A 4-digit year as written, or a 2-digit year in 2000–2099.

    Two-digit years are taken as 20YY without a pivot: the journal records
    activities from its own era, and a pivot would be one more silent guess.
    """
    if len(raw) == 2:
        return 2000 + int(raw)
    if len(raw) == 4 and int(raw) >= 1:
        return int(raw)
    raise _bad_date(text, f"year {raw} must have 4 digits (2026) or 2 digits (26)")


def _build_date(text: str, year: int, month: int, day: int) -> date:
    """The date, or a rejection naming the impossible part (31 February, month 13…)."""
    if not 1 <= month <= 12:
        raise _bad_date(text, f"there is no month {month}")
    try:
        return date(year, month, day)
    except ValueError:
        month_name = MONTH_NAMES[month - 1].capitalize()
        raise _bad_date(text, f"{month_name} {year} has no day {day}") from None


def _shifted(text: str, today: date, days: int) -> date:
    """``today`` moved by ``days``, rejecting results outside the calendar."""
    try:
        return today + timedelta(days=days)
    except OverflowError:
        raise _bad_date(text, "that is outside the calendar") from None


# Patterns are used as strings (``re.match(_ISO_RE, words)``): ``re`` compiles
# each on first use and caches it, so a command compiles only the one or two it
# needs instead of all of them at import.
_AGO_RE = r"^([0-9]{1,7}) (day|days|week|weeks) ago$"
_RELATIVE_WEEKDAY_RE = r"^(last|this|next) ([a-z]+)$"
_ISO_RE = r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$"
# The same separator twice (backreference): "20/11-2026" is a typo, not a date.
_NUMERIC_RE = r"^([0-9]{1,2})([/.-])([0-9]{1,2})(?:\2([0-9]+))?$"
_ORDINAL = r"(?:st|nd|rd|th)?"
# Optional leading weekday lets the display form ("Wed 25 Nov 2026") be typed back.
_DAY_MONTH_RE = rf"^(?:([a-z]+),? )?([0-9]{{1,2}}){_ORDINAL} ([a-z]+)\.?,?(?: ([0-9]+))?$"
_MONTH_DAY_RE = rf"^(?:([a-z]+),? )?([a-z]+)\.? ([0-9]{{1,2}}){_ORDINAL}(?:,? ([0-9]+))?$"


def check_date_range(day: date, what: str = "date", *, field: str = "date") -> date:
    """``day`` unchanged if netjournal supports it, else an :class:`InputError` saying the range."""
    if not MIN_DATE <= day <= MAX_DATE:
        raise DateOutOfRangeError(
            f"{what} {day.isoformat()} is outside the dates netjournal supports "
            f"({MIN_DATE.year}-{MAX_DATE.year})",
            field=field,
        )
    return day


def parse_date(text: str, *, today: date, date_order: str = "dmy", week_start: int = 0) -> date:
    """The date ``text`` names, relative to ``today``, within :data:`MIN_DATE`-:data:`MAX_DATE`."""
    return check_date_range(
        _parse_date(text, today=today, date_order=date_order, week_start=week_start)
    )


def _parse_date(text: str, *, today: date, date_order: str, week_start: int) -> date:
    """The date ``text`` names, relative to ``today``; ``InputError(field="date")`` if unclear.

    Relative words (``yesterday``, ``tue``, ``last friday``, ``3 days ago``) are
    resolved here; whether a future date is allowed is the caller's decision.
    ``week_start`` (0 = Monday … 6 = Sunday, as ``Config.week_start_index``)
    only affects ``this <weekday>``; it defaults to the UK Monday week.
    """
    if date_order not in DATE_ORDERS:
        raise ValueError(f"date_order must be one of {DATE_ORDERS}, not {date_order!r}")
    words = _normalise(text)
    if not words:
        raise InputError(f"a date is needed: {_date_examples(date_order)}", field="date")

    relative = _parse_relative(text, words, today, week_start)
    if relative is not None:
        return relative

    iso = re.match(_ISO_RE, words)
    if iso:
        year = int(iso.group(1))
        if year < 1:
            raise _bad_date(text, "there is no year 0")
        return _build_date(text, year, int(iso.group(2)), int(iso.group(3)))

    numeric = re.match(_NUMERIC_RE, words)
    if numeric:
        return _parse_numeric(text, numeric, today, date_order)

    named = _parse_month_name(text, words, today)
    if named is not None:
        return named

    raise _unreadable_date(text, date_order)


def _parse_relative(text: str, words: str, today: date, week_start: int) -> date | None:
    """today/yesterday/tomorrow, weekdays, ``last``/``this`` weekday and ``N days ago``."""
    fixed = {"today": 0, "yesterday": -1, "tomorrow": 1}
    if words in fixed:
        return _shifted(text, today, fixed[words])

    weekday = _weekday_index(words)
    if weekday is not None:
        # The most recent such day, today included: people log what already happened.
        return _shifted(text, today, -((today.weekday() - weekday) % 7))

    ago = re.match(_AGO_RE, words)
    if ago:
        count = int(ago.group(1))
        unit_days = 7 if ago.group(2).startswith("week") else 1
        return _shifted(text, today, -count * unit_days)

    phrase = re.match(_RELATIVE_WEEKDAY_RE, words)
    if phrase:
        which, name = phrase.groups()
        target = _weekday_index(name)
        if target is None:
            return None
        if which == "next":
            raise _bad_date(
                text,
                f"'next {name}' means different days to different people — "
                f"write 'this {name}', 'last {name}' or a date",
            )
        if which == "last":
            return _shifted(text, today, -((today.weekday() - target - 1) % 7 + 1))
        # "this": the day of that name inside the current week (which may be ahead).
        offset_today = (today.weekday() - week_start) % 7
        offset_target = (target - week_start) % 7
        return _shifted(text, today, offset_target - offset_today)
    return None


def _parse_numeric(text: str, match: re.Match[str], today: date, date_order: str) -> date:
    """``20/11/2026``, ``20-11-26``, ``20.11`` in the configured order, never swapped."""
    first, sep, second, raw_year = match.groups()
    a, b = int(first), int(second)
    day, month = (a, b) if date_order == "dmy" else (b, a)
    year = today.year if raw_year is None else _year_from(text, raw_year)
    if month > 12:
        if day <= 12:
            # It would read the other way round; say so instead of guessing.
            swapped = sep.join(
                [str(month), str(day)] if date_order == "dmy" else [str(day), str(month)]
            )
            if raw_year is not None:
                swapped += sep + raw_year
            if date_order == "dmy":
                why = (
                    f"no month {month} — dates are read day-first ({swapped}); "
                    'set date_order = "mdy" for month-first'
                )
            else:
                why = (
                    f"no month {month} — dates are read month-first ({swapped}); "
                    'set date_order = "dmy" for day-first'
                )
            raise _bad_date(text, why)
        raise _bad_date(text, f"there is no month {month}")
    return _build_date(text, year, month, day)


def _parse_month_name(text: str, words: str, today: date) -> date | None:
    """``20 Nov``, ``20th November 2026``, ``Nov 20``, ``November 20, 2026``, ``Wed 25 Nov 2026``.

    Month names cannot be misread in either order, so these ignore ``date_order``.
    """
    for regex, day_group, month_group in ((_DAY_MONTH_RE, 2, 3), (_MONTH_DAY_RE, 3, 2)):
        match = re.match(regex, words)
        if not match:
            continue
        month = _month_index(match.group(month_group))
        if month is None:
            continue
        lead = match.group(1)
        lead_weekday = None if lead is None else _weekday_index(lead)
        if lead is not None and lead_weekday is None:
            continue
        raw_year = match.group(4)
        year = today.year if raw_year is None else _year_from(text, raw_year)
        result = _build_date(text, year, month, int(match.group(day_group)))
        if lead_weekday is not None and result.weekday() != lead_weekday:
            actual = WEEKDAY_NAMES[result.weekday()].capitalize()
            raise _bad_date(
                text,
                f"{format_date(result)} is a {actual}, not a "
                f"{WEEKDAY_NAMES[lead_weekday].capitalize()}",
            )
        return result
    return None


def format_date(d: date, date_order: str = "dmy") -> str:
    """``Wed 25 Nov 2026`` (dmy) or ``Wed Nov 25 2026`` (mdy), for display only.

    JSON and the store always use ISO dates; this is what people read, so it
    spells the month out and cannot be misread in either order.
    """
    if date_order not in DATE_ORDERS:
        raise ValueError(f"date_order must be one of {DATE_ORDERS}, not {date_order!r}")
    weekday = WEEKDAY_NAMES[d.weekday()][:3].capitalize()
    month = MONTH_NAMES[d.month - 1][:3].capitalize()
    if date_order == "dmy":
        return f"{weekday} {d.day} {month} {d.year:04d}"
    return f"{weekday} {month} {d.day} {d.year:04d}"


# ----------------------------------------------------------------------- durations

_DURATION_EXAMPLES = "try 45m, 1h30, 1.5h, 1:30 or 90"
_HOURS_UNIT = r"(?:h|hr|hrs|hour|hours)"
_MINUTES_UNIT = r"(?:m|min|mins|minute|minutes)"
_CLOCK_DURATION_RE = r"^([0-9]+):([0-9]{2})$"
_BARE_MINUTES_RE = r"^([0-9]+)$"
_MINUTES_ONLY_RE = rf"^([0-9]+(?:[.,][0-9]+)?) ?{_MINUTES_UNIT}$"
_HOURS_RE = (
    rf"^([0-9]+(?:[.,][0-9]+)?) ?{_HOURS_UNIT}(?: ?([0-9]+(?:[.,][0-9]+)?)(?: ?{_MINUTES_UNIT})?)?$"
)


def _unreadable_duration(text: str) -> InputError:
    return InputError(
        f"cannot read duration {_shown(text)}: {_DURATION_EXAMPLES}", field="duration"
    )


def _bad_duration(text: str, why: str) -> InputError:
    return InputError(f"cannot read duration {_shown(text)}: {why}", field="duration")


def _number(raw: str) -> int | Decimal:
    """Digits, maybe with a decimal point or a UK/EU decimal comma, as an exact number.

    A whole number of sane length is an ``int``; anything else a ``Decimal``,
    with :mod:`decimal` imported only then: ``netjournal log online 20m``
    should not pay for that import. Both compare, add and print alike.
    """
    if raw.isdigit() and len(raw) <= 9:
        return int(raw)
    from decimal import Decimal

    return Decimal(raw.replace(",", "."))


def _is_whole(value: int | Decimal) -> bool:
    return isinstance(value, int) or value == value.to_integral_value()


#: Vulgar fractions people type after hours ("1½h"), as the decimal they mean.
_FRACTIONS = {"½": ".5", "¼": ".25", "¾": ".75"}
#: One word that is only a unit, or a number glued to a unit ("h", "mins", "30m").
_UNIT_WORD_RE = (
    rf"^(?:[0-9]+(?:[.,][0-9]+)?)?{_HOURS_UNIT}$|^(?:[0-9]+(?:[.,][0-9]+)?)?{_MINUTES_UNIT}$"
)
_NUMBER_WORD_RE = r"^[0-9]+(?:[.,][0-9]+)?$"


def _with_fractions(words: str) -> str:
    """``1½h`` as ``1.5h`` and a lone ``½h`` as ``0.5h``."""
    for glyph, decimal in _FRACTIONS.items():
        if glyph in words:
            words = re.sub(rf"(?<![0-9]){glyph}", "0" + decimal, words).replace(glyph, decimal)
    return words


def split_duration(first: str, rest: list[str]) -> tuple[str, list[str]]:
    """The duration a user typed as separate words, and the words after it.

    The shell splits ``log online 1h 30m Ward huddle`` into words, so the
    duration is ``1h`` and the rest would be the note, silently logging an
    hour with the note "30m Ward huddle". Words that follow ``first`` are
    read as part of the duration while they look like a duration (a unit
    alone, a number with a unit, or a number followed by a unit word); they
    are never folded into the note. A bare number is not taken ("1h 30 people
    came" keeps "30 people came" as the note), so the result is either a
    whole duration or one that :func:`parse_duration` refuses.
    """
    taken = [first]
    i = 0
    while i < len(rest):
        word = rest[i].lower()
        if re.match(_UNIT_WORD_RE, _with_fractions(word)):
            taken.append(rest[i])
            i += 1
        elif (
            re.match(_NUMBER_WORD_RE, word)
            and i + 1 < len(rest)
            and re.match(rf"^(?:{_HOURS_UNIT}|{_MINUTES_UNIT})$", rest[i + 1].lower())
        ):
            taken += rest[i : i + 2]
            i += 2
        else:
            break
    return " ".join(taken), rest[i:]


def parse_duration(text: str) -> int:
    """Whole minutes from ``45m``, ``1h30``, ``1h 30m``, ``1.5h``, ``1½h``, ``1:30`` or ``90``.

    A bare number is minutes (the common case when logging a call or a chat).
    Decimal hours are rounded to the nearest minute (``1.55h`` = 93), halves
    up, because nobody means 0.3 of a minute; but minutes written as minutes
    must be whole (``1.5m`` is rejected): that is a typo, not a rounding.
    Minutes after hours must be under 60 (``1:75``, ``1h75`` are typos).
    More than 24 hours is rejected: each day is logged separately so weekly
    balance and CPD hours land in the right week.
    """
    words = _with_fractions(_normalise(text))
    if not words:
        raise InputError(f"a duration is needed: {_DURATION_EXAMPLES}", field="duration")
    if words.startswith("-"):
        raise _bad_duration(text, "a duration cannot be negative")

    minutes = _duration_minutes(text, words)
    if minutes <= 0:
        raise _bad_duration(text, "a duration must be at least one minute")
    if minutes > MINUTES_PER_DAY:
        raise InputError(
            f"duration {_shown(text)} is longer than a day (24h); log each day separately",
            field="duration",
        )
    return int(minutes)


def _duration_minutes(text: str, words: str) -> int | Decimal:
    """The duration in (possibly huge, not yet range-checked) whole minutes."""
    if match := re.match(_BARE_MINUTES_RE, words):
        return _number(match.group(1))
    if match := re.match(_CLOCK_DURATION_RE, words):
        hours, mins = _number(match.group(1)), _number(match.group(2))
        if mins >= 60:
            raise _bad_duration(text, f"minutes after the hours must be under 60, not {mins}")
        return hours * 60 + mins
    if match := re.match(_MINUTES_ONLY_RE, words):
        return _whole_minutes(text, _number(match.group(1)))
    if match := re.match(_HOURS_RE, words):
        hours = _number(match.group(1))
        if match.group(2) is None:
            exact = hours * 60
            # An int is exact already; a Decimal that is too long stays unrounded
            # (that also keeps quantize within precision).
            if isinstance(exact, int) or exact > MINUTES_PER_DAY:
                return exact
            from decimal import ROUND_HALF_UP, Decimal

            return exact.quantize(Decimal(1), rounding=ROUND_HALF_UP)
        if not _is_whole(hours):
            raise _bad_duration(
                text, "use whole hours with minutes (1h30m) or decimal hours (1.5h)"
            )
        mins = _whole_minutes(text, _number(match.group(2)))
        if mins >= 60:
            raise _bad_duration(text, f"minutes after the hours must be under 60, not {mins}")
        return hours * 60 + mins
    if re.fullmatch(r"[0-9]+[.,][0-9]+", words):
        raise _bad_duration(text, "a bare number is whole minutes; write 1.5h for hours")
    raise _unreadable_duration(text)


def _whole_minutes(text: str, value: int | Decimal) -> int | Decimal:
    """``value`` if it is a whole number of minutes; fractions of a minute are typos."""
    if not _is_whole(value):
        raise _bad_duration(
            text, "minutes must be whole numbers; use decimals only for hours (1.5h)"
        )
    return value


def format_duration(minutes: int) -> str:
    """``45m``, ``1h``, ``1h30m``, ``12h05m``: the form the CLI and TUI show.

    Minutes are zero-padded after hours so columns line up; ``0m`` is allowed
    (an empty week), and a negative amount (behind a target) gets a ``-``.
    Every value 1..1440 reads back through ``parse_duration`` unchanged.
    """
    if minutes < 0:
        return "-" + format_duration(-minutes)
    hours, mins = divmod(minutes, 60)
    if hours == 0:
        return f"{mins}m"
    if mins == 0:
        return f"{hours}h"
    return f"{hours}h{mins:02d}m"


# --------------------------------------------------------------------------- times

_TIME_EXAMPLES = "try 14:30, 9:05, 9am, 9:30pm, 14.30 or 1430"
_CLOCK_RE = r"^([0-9]{1,2})[:.]([0-9]{2})$"
_COMPACT_RE = r"^([0-9]{2})([0-9]{2})$"
_MERIDIEM_RE = r"^([0-9]{1,2})(?:[:.]([0-9]{2}))? ?(am|pm|a\.m\.|p\.m\.)$"
_NAMED_TIMES = {"noon": time(12, 0), "midday": time(12, 0), "midnight": time(0, 0)}


def _bad_time(text: str, why: str = _TIME_EXAMPLES) -> InputError:
    return InputError(f"cannot read time {_shown(text)}: {why}", field="time")


def parse_time(text: str) -> time:
    """A time of day from ``14:30``, ``9:05``, ``9am``, ``9:30pm``, ``14.30`` or ``1430``.

    A bare hour (``9``) is rejected: without am/pm it could be 09:00 or
    21:00, and the journal does not guess. ``1430`` needs all four digits
    for the same reason (``930`` could be 09:30 or a typo).
    """
    words = _normalise(text)
    if not words:
        raise InputError(f"a time is needed: {_TIME_EXAMPLES}", field="time")
    if words in _NAMED_TIMES:
        return _NAMED_TIMES[words]

    if match := re.match(_MERIDIEM_RE, words):
        hour, mins = int(match.group(1)), int(match.group(2) or 0)
        if not 1 <= hour <= 12:
            raise _bad_time(text, f"with am/pm the hour must be 1 to 12, not {hour}")
        if mins >= 60:
            raise _bad_time(text, f"there is no minute {mins}")
        hour = hour % 12 + (12 if match.group(3).startswith("p") else 0)
        return time(hour, mins)

    match = re.match(_CLOCK_RE, words) or re.match(_COMPACT_RE, words)
    if match:
        hour, mins = int(match.group(1)), int(match.group(2))
        if hour > 23:
            raise _bad_time(text, f"there is no hour {hour} (use 00 to 23)")
        if mins >= 60:
            raise _bad_time(text, f"there is no minute {mins}")
        return time(hour, mins)

    if re.fullmatch(r"[0-9]{1,2}", words):
        raise _bad_time(text, f"add minutes or am/pm ({words}:00, {words}am or {words}pm)")
    raise _bad_time(text)
