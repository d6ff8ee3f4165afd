"""The identifiers a CPD record must not hold, and how those with a fixed shape are found.

:class:`FindingKind` names every sort the confidentiality scan
(:mod:`netjournal.domain.privacy`) reports. All but one have a shape a
pattern can find: e-mail addresses, ``@handles`` (X, Bluesky, Mastodon),
phone numbers, NHS numbers (with their check digit) and UK postcodes; they are
found here by :func:`shaped_identifiers`. Names of contacts have no shape and
are found against the contact list (:mod:`netjournal.domain.name_spotting`).

The patterns run on folded text (:class:`netjournal.domain.folded_text.FoldedText`),
so apostrophes, dashes and spaces are already plain. Stdlib only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum


class FindingKind(StrEnum):
    """What sort of identifier a finding is."""

    CONTACT_NAME = "contact-name"
    EMAIL = "email"
    PHONE = "phone"
    NHS_NUMBER = "nhs-number"
    HANDLE = "handle"
    POSTCODE = "postcode"


_PLACEHOLDERS: dict[FindingKind, str] = {
    FindingKind.EMAIL: "[email]",
    FindingKind.PHONE: "[phone]",
    FindingKind.NHS_NUMBER: "[NHS number]",
    FindingKind.HANDLE: "[handle]",
    FindingKind.POSTCODE: "[postcode]",
}


@dataclass(frozen=True, slots=True)
class Span:
    """An identifier in folded coordinates, before it is mapped back onto the original."""

    kind: FindingKind
    start: int
    end: int
    replacement: str


_LABEL = r"[^\W_](?:[\w-]*[^\W_])?"
_EMAIL = re.compile(
    rf"(?<![\w.%+-])[\w%+-](?:[\w.%+-]|'(?=\w))*@{_LABEL}(?:\.{_LABEL})*"
    r"\.(?:xn--[a-z0-9-]*[a-z0-9]|[^\W\d_]{2,})(?![\w-])",
    re.IGNORECASE,
)
_HANDLE = re.compile(
    r"(?<![\w@./])@[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,62}[A-Za-z0-9_])?"
    r"(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?"
)
#: A phone starts with "+", "00", "0" or "(0"; digits may be split by spaces,
#: dots, dashes and brackets. Which prefix is a phone is decided by _phone_end.
_PHONE = re.compile(r"(?<![\w+])(?<!\d[.-])(?:\+ ?\d|\( ?0|0)(?:[ .()-]{0,3}\d)*")
_NHS = re.compile(
    r"(?<![\w+])(?<!\d[ .-])(\d{3})(?: ?[.-] ?| +)?(\d{3})(?: ?[.-] ?| +)?(\d{4})(?![\w])(?![.-]?\d)"
)
_PHONE_BEFORE = re.compile(r"\+ ?\d{1,3}[ .-]?\Z")
_POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRV-Y\d]?) ?"
    r"\d[ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_GROUP_END = re.compile(r"\d(?!\d)")
_ORDINAL_ENDINGS = frozenset({"st", "nd", "rd", "th"})


def nhs_number_valid(digits: str) -> bool:
    """The NHS number modulus-11 check (weights 10..2; 11 means 0; 10 is never valid)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _phone_valid(written: str) -> bool:
    """Whether a run of digits, written as it starts, is a whole phone number.

    UK numbers (``0…``, ``+44``, ``0044``, ``+44 (0)…``) need 9 or 10 national
    digits starting 1, 2, 3, 5, 7, 8 or 9; any other ``+`` or ``00`` number
    needs 8 to 15 digits (the E.164 limit) after a non-zero country code.
    """
    digits = "".join(c for c in written if c.isdigit())
    international = written.startswith("+") or digits.startswith("00")
    if international:
        digits = digits if written.startswith("+") else digits[2:]
        if not digits.startswith("44"):
            return 8 <= len(digits) <= 15 and digits[0] != "0"
        national = digits[2:].removeprefix("0")  # "+44 (0)20 …"
    else:
        national = digits[1:]
    return len(national) in (9, 10) and national[0] in "1235789"


def _phone_end(text: str, start: int, end: int) -> int | None:
    """The end of the longest phone number that ``text[start:end]`` starts with."""
    for group in reversed(list(_GROUP_END.finditer(text, start, end))):
        if _phone_valid(text[start : group.end()]):
            return group.end()
    return None


def _span(kind: FindingKind, start: int, end: int) -> Span:
    return Span(kind, start, end, _PLACEHOLDERS[kind])


def _at_sign_spans(text: str) -> Iterator[Span]:
    """E-mail addresses and handles: both hold an ``@``."""
    for m in _EMAIL.finditer(text):
        yield _span(FindingKind.EMAIL, m.start(), m.end())
    for m in _HANDLE.finditer(text):
        if text[m.end() : m.end() + 1] != "(":  # "@SUM(1+1)" is a formula
            yield _span(FindingKind.HANDLE, m.start(), m.end())


def _digit_spans(text: str) -> Iterator[Span]:
    """NHS numbers, phone numbers and postcodes: all hold a digit."""
    for m in _NHS.finditer(text):
        if nhs_number_valid(m.group(1) + m.group(2) + m.group(3)) and not _PHONE_BEFORE.search(
            text, 0, m.start()
        ):
            yield _span(FindingKind.NHS_NUMBER, m.start(), m.end())
    for m in _PHONE.finditer(text):
        start, end = m.start(), _phone_end(text, m.start(), m.end())
        if end is None:
            continue
        if text[start] == "(" and ")" not in text[start:end]:
            start += 1  # "(07700 900123, …)": the bracket belongs to the sentence
        yield _span(FindingKind.PHONE, start, end)
    for m in _POSTCODE.finditer(text):
        found = m.group()
        if found.lower()[-2:] in _ORDINAL_ENDINGS and found != found.upper():
            continue  # "w48 2nd" is a week and a date, not a postcode
        yield _span(FindingKind.POSTCODE, m.start(), m.end())


def shaped_identifiers(folded: str) -> Iterator[Span]:
    """Every e-mail, handle, NHS number, phone number and postcode in ``folded`` text,
    overlaps and all, each with its placeholder (``[email]``, ``[phone]`` …)."""
    if "@" in folded:
        yield from _at_sign_spans(folded)
    if _DIGIT.search(folded) is not None:
        yield from _digit_spans(folded)
