"""Strict readers for JSON that netjournal wrote itself and reads back later.

The derived cache (``storage/derived.py``) keeps figures as JSON outside the
data folder, but a file on disk is still only data: another program, a
damaged disk or a hand edit can put anything there. Every cached value is
therefore read through these checks, which accept exactly the shape its
writer produces — the JSON type (a ``true`` is not a number), fixed lengths,
whole numbers in range, dates as ``YYYY-MM-DD`` — and raise ``TypeError`` or
``ValueError`` on anything else, which the cache treats as a miss. Nesting
is bounded by the same rule: a value deeper than its shape is the wrong type
where the shape expects a leaf.

Stdlib only.
"""

from __future__ import annotations

from datetime import date
from typing import Any

#: The whole numbers orjson writes and reads back as integers (64-bit signed).
INT_MIN = -(2**63)
INT_MAX = 2**63 - 1


def whole(value: Any, lo: int = INT_MIN, hi: int = INT_MAX) -> int:
    """``value`` if it is a JSON integer (not a bool, not a float) in ``lo``..``hi``."""
    if type(value) is not int:
        raise TypeError(f"expected a whole number, not {type(value).__name__}")
    if not lo <= value <= hi:
        raise ValueError(f"{value} is outside {lo}..{hi}")
    return value


def text(value: Any) -> str:
    """``value`` if it is a JSON string."""
    if type(value) is not str:
        raise TypeError(f"expected text, not {type(value).__name__}")
    return value


def flag(value: Any) -> bool:
    """``value`` if it is ``true`` or ``false``."""
    if type(value) is not bool:
        raise TypeError(f"expected true or false, not {type(value).__name__}")
    return value


def array(value: Any, length: int | None = None) -> list[Any]:
    """``value`` if it is a JSON array (of exactly ``length`` items, when given)."""
    if type(value) is not list:
        raise TypeError(f"expected an array, not {type(value).__name__}")
    if length is not None and len(value) != length:
        raise ValueError(f"expected {length} items, not {len(value)}")
    return value


def wholes(value: Any, length: int, lo: int = INT_MIN, hi: int = INT_MAX) -> list[int]:
    """``value`` if it is a JSON array of exactly ``length`` integers in ``lo``..``hi``."""
    items = array(value, length)
    # The test of `whole` inline: a trend checks thousands of these.
    for item in items:
        if type(item) is not int or not lo <= item <= hi:
            whole(item, lo, hi)  # raises, naming the problem
    return items


def texts(value: Any) -> list[str]:
    """``value`` if it is a JSON array of strings."""
    items = array(value)
    # The test of `text` inline: a trend checks every contact id of 400 days.
    for item in items:
        if type(item) is not str:
            text(item)  # raises, naming the problem
    return items


def obj(value: Any, keys: frozenset[str] | None = None) -> dict[str, Any]:
    """``value`` if it is a JSON object (with exactly ``keys``, when given)."""
    if type(value) is not dict:
        raise TypeError(f"expected an object, not {type(value).__name__}")
    if keys is not None and value.keys() != keys:
        raise ValueError(f"expected the keys {sorted(keys)}, not {sorted(value)}")
    return value


#: Days already found valid in this process. A review checks tens of thousands
#: of cached dates that fall on a few thousand distinct days; a day is parsed
#: once. Only strings that passed the check below are ever added.
_VALID_DAYS: set[str] = set()


def iso_day(value: Any) -> str:
    """``value`` if it is a date written as :meth:`date.isoformat` writes it.

    ``date.fromisoformat`` also reads ``20261125``; cached days are compared
    as text (sorted, bisected), so only the one spelling is accepted.
    """
    if type(value) is str and value in _VALID_DAYS:
        return value
    day = text(value)
    if date.fromisoformat(day).isoformat() != day:
        raise ValueError(f"{day!r} is not a YYYY-MM-DD date")
    _VALID_DAYS.add(day)
    return day


def optional_iso_day(value: Any) -> str | None:
    return None if value is None else iso_day(value)
