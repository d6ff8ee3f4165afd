"""Confidentiality: keeping people out of a CPD record.

The NMC and the HCPC both require that a CPD record contains nothing that
identifies a patient, service user, colleague or any other individual. A
journal of networking is full of names, so before anything leaves netjournal
as a CPD export this module

* replaces the names of linked contacts with a neutral label
  (:func:`contact_label`: their role, else their organisation, else their
  initials), and
* scans free text for identifiers (:class:`Scanner`): names of *known*
  contacts (full name, or title + surname such as "Dr Okafor", or a one-word
  name exactly as stored), their handles, e-mail addresses, UK phone numbers,
  NHS numbers (10 digits with a valid modulus-11 check digit), ``@handles``
  (X, Bluesky, Mastodon) and UK postcodes.

Every match is reported as a :class:`Finding` naming the activity and field
it came from, and replaced by a bracketed placeholder in the export. The scan
cannot know every name in the world: names of people who are not contacts
are *not* found, which is why the findings list asks the user to read the
record before handing it in. Stdlib only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from itertools import pairwise

from netjournal.domain.models import Activity, Contact, CpdDetails


class FindingKind(StrEnum):
    """What sort of identifier a finding is."""

    CONTACT_NAME = "contact-name"
    EMAIL = "email"
    PHONE = "phone"
    NHS_NUMBER = "nhs-number"
    HANDLE = "handle"
    POSTCODE = "postcode"


FINDING_LABELS: dict[FindingKind, str] = {
    FindingKind.CONTACT_NAME: "name of a contact",
    FindingKind.EMAIL: "e-mail address",
    FindingKind.PHONE: "phone number",
    FindingKind.NHS_NUMBER: "NHS number",
    FindingKind.HANDLE: "social media handle",
    FindingKind.POSTCODE: "postcode",
}

_PLACEHOLDERS: dict[FindingKind, str] = {
    FindingKind.EMAIL: "[email]",
    FindingKind.PHONE: "[phone]",
    FindingKind.NHS_NUMBER: "[NHS number]",
    FindingKind.HANDLE: "[handle]",
    FindingKind.POSTCODE: "[postcode]",
}

#: When two detectors claim the same text, the more sensitive reading wins.
_PRIORITY: dict[FindingKind, int] = {
    FindingKind.NHS_NUMBER: 0,
    FindingKind.EMAIL: 1,
    FindingKind.HANDLE: 2,
    FindingKind.PHONE: 3,
    FindingKind.CONTACT_NAME: 4,
    FindingKind.POSTCODE: 5,
}

_TITLES = ("dr", "prof", "professor", "mr", "mrs", "ms", "miss", "mx", "sister", "matron")

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_NAME_GAP = re.compile(r"\.?\s+")

_EMAIL = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)
_HANDLE = re.compile(
    r"(?<![\w@./])@[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,62}[A-Za-z0-9_])?"
    r"(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?"
)
_PHONE = re.compile(r"(?<![\w+])(?:\+44[\s-]?(?:\(0\)[\s-]?)?|\(?0)\d(?:[\s)-]{0,2}\d){8,9}(?!\d)")
_NHS = re.compile(r"(?<![\w+])(\d{3})([ -]?)(\d{3})\2(\d{4})(?!\d)")
_POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRV-Y\d]?) ?"
    r"\d[ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
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


def _uk_phone_valid(text: str) -> bool:
    digits = re.sub(r"\D", "", text)
    national = digits[2:] if text.lstrip().startswith("+44") else digits
    national = national.removeprefix("0")
    return len(national) in (9, 10) and national[0] in "1235789"


def initials(name: str) -> str:
    """``Jane O'Neill-Smith`` → ``J.O.``; titles such as ``Dr`` are skipped."""
    words = [w for w in _WORD.findall(name) if w.casefold() not in _TITLES]
    return "".join(f"{w[0].upper()}." for w in words) or "a contact"


def contact_label(contact: Contact, include_names: bool = False) -> str:
    """How a contact appears in a CPD export.

    The least identifying label that still says something useful: the role
    ("Ward manager"), else the organisation, else the initials. With
    ``include_names`` the name itself, because the user asked for it.
    """
    if include_names:
        return contact.name
    return contact.role.strip() or contact.organisation.strip() or initials(contact.name)


@dataclass(frozen=True, slots=True)
class Match:
    """One identifier found in a piece of text, with what replaces it."""

    kind: FindingKind
    start: int
    end: int
    text: str
    replacement: str


@dataclass(frozen=True, slots=True)
class Finding:
    """An identifier found in an activity: where it is and what it is."""

    activity_id: str
    date: date
    field: str
    kind: FindingKind
    text: str
    replacement: str

    def to_dict(self) -> dict[str, str]:
        return {
            "activity_id": self.activity_id,
            "date": self.date.isoformat(),
            "field": self.field,
            "kind": self.kind.value,
            "text": self.text,
            "replacement": self.replacement,
        }


_POSSESSIVE = ("'s", "’s")


def _fold(word: str) -> str:
    """A word as the name index keys it: any case, either apostrophe, no possessive."""
    folded = word.replace("’", "'").casefold()
    return folded[:-2] if folded.endswith("'s") and len(folded) > 3 else folded


class Scanner:
    """Finds identifiers in text; built once per export from the contact list.

    Names are matched word by word against an index of folded word tuples
    (not a regex alternation of thousands of names), so scanning ten years of
    notes against a large address book stays linear in the text.
    """

    def __init__(self, contacts: Iterable[Contact] = (), *, include_names: bool = False) -> None:
        self._names: dict[tuple[str, ...], str] = {}
        self._exact_single: dict[str, str] = {}
        self._handles: dict[str, str] = {}
        self._folded: dict[str, str] = {}  # notes reuse a small vocabulary: fold each word once
        for contact in contacts:
            label = contact_label(contact, include_names)
            words = tuple(_fold(w) for w in _WORD.findall(contact.name))
            if len(words) >= 2:
                self._names.setdefault(words, label)
                if words[0] not in _TITLES:
                    for title in _TITLES:
                        self._names.setdefault((title, words[-1]), label)
            elif len(words) == 1 and len(words[0]) >= 3:
                # One-word names ("Priya") only as written, capitalised: "rose"
                # in a sentence is a flower, "Rose" may be a colleague.
                self._exact_single.setdefault(contact.name.strip(), label)
            for value in contact.handles.values():
                handle = value.strip().lstrip("@").casefold()
                if handle and "/" not in handle:
                    self._handles.setdefault(handle, label)
        sizes: dict[str, set[int]] = {}
        for key in self._names:
            sizes.setdefault(key[0], set()).add(len(key))
        # Only words that start some known name are looked at further.
        self._sizes_by_first = {
            first: tuple(sorted(found, reverse=True)) for first, found in sizes.items()
        }

    def _known_handle(self, text: str) -> str | None:
        key = text.strip().lstrip("@").casefold()
        label = self._handles.get(key)
        return f"[{label}]" if label is not None else None

    def _name_matches(self, text: str) -> Iterator[Match]:
        words = list(_WORD.finditer(text))
        cache = self._folded
        folded: list[str] = []
        for w in words:
            word = w.group()
            fold = cache.get(word)
            if fold is None:
                fold = cache[word] = _fold(word)
            folded.append(fold)
        index = 0
        while index < len(words):
            sizes = self._sizes_by_first.get(folded[index], ())
            matched = 0
            for size in sizes:  # longest first
                end_index = index + size
                if end_index > len(words):
                    continue
                key = tuple(folded[index:end_index])
                if key not in self._names:
                    continue
                chunk = words[index:end_index]
                if not all(
                    _NAME_GAP.fullmatch(text[x.end() : y.start()]) for x, y in pairwise(chunk)
                ):
                    continue
                start, end = chunk[0].start(), chunk[-1].end()
                if chunk[-1].group().endswith(_POSSESSIVE):
                    end -= 2  # "Priya Patel's audit" keeps its "'s"
                yield Match(
                    FindingKind.CONTACT_NAME, start, end, text[start:end], f"[{self._names[key]}]"
                )
                matched = size
                break
            if matched:
                index += matched
                continue
            word = words[index].group()
            if word in self._exact_single:
                yield Match(
                    FindingKind.CONTACT_NAME,
                    words[index].start(),
                    words[index].end(),
                    word,
                    f"[{self._exact_single[word]}]",
                )
            index += 1

    def _pattern_matches(self, text: str) -> Iterator[Match]:
        has_at = "@" in text
        if _DIGIT.search(text) is None:
            if has_at:  # no digit: only e-mails and handles are possible
                yield from (self._simple(FindingKind.EMAIL, m) for m in _EMAIL.finditer(text))
                yield from (self._simple(FindingKind.HANDLE, m) for m in _HANDLE.finditer(text))
            return
        for m in _NHS.finditer(text):
            if nhs_number_valid(m.group(1) + m.group(3) + m.group(4)):
                yield self._simple(FindingKind.NHS_NUMBER, m)
        if has_at:
            yield from (self._simple(FindingKind.EMAIL, m) for m in _EMAIL.finditer(text))
            yield from (self._simple(FindingKind.HANDLE, m) for m in _HANDLE.finditer(text))
        for m in _PHONE.finditer(text):
            if _uk_phone_valid(m.group()):
                yield self._simple(FindingKind.PHONE, m)
        for m in _POSTCODE.finditer(text):
            found = m.group()
            if found.lower()[-2:] in _ORDINAL_ENDINGS and found != found.upper():
                continue  # "w48 2nd" is a week and a date, not a postcode
            yield self._simple(FindingKind.POSTCODE, m)

    def _simple(self, kind: FindingKind, m: re.Match[str]) -> Match:
        replacement = _PLACEHOLDERS[kind]
        if kind in (FindingKind.HANDLE, FindingKind.EMAIL):
            replacement = self._known_handle(m.group()) or replacement
        return Match(kind, m.start(), m.end(), m.group(), replacement)

    def matches(self, text: str) -> list[Match]:
        """Non-overlapping identifiers in ``text``, in reading order.

        Where detectors overlap, the earlier, then longer, then more sensitive
        match wins (an NHS number is not also reported as a phone number).
        """
        if not text:
            return []
        candidates = [*self._pattern_matches(text), *self._name_matches(text)]
        candidates.sort(key=lambda m: (m.start, -(m.end - m.start), _PRIORITY[m.kind]))
        chosen: list[Match] = []
        reached = 0
        for match in candidates:
            if match.start >= reached:
                chosen.append(match)
                reached = match.end
        return chosen

    def redact(self, text: str) -> tuple[str, list[Match]]:
        """``text`` with every identifier replaced, and the matches that were replaced."""
        found = self.matches(text)
        if not found:
            return text, []
        parts: list[str] = []
        position = 0
        for match in found:
            parts.append(text[position : match.start])
            parts.append(match.replacement)
            position = match.end
        parts.append(text[position:])
        return "".join(parts), found


@dataclass(frozen=True, slots=True)
class RedactedActivity:
    """The free text of one activity with identifiers replaced, and what was found."""

    note: str
    tags: tuple[str, ...]
    cpd: CpdDetails | None
    findings: tuple[Finding, ...]


def scan_activity(scanner: Scanner, activity: Activity) -> RedactedActivity:
    """Scan and redact every free-text field of ``activity``.

    Fields scanned: the note, tags and the CPD topic, method, learning,
    practice change and evidence references. Structured fields (channel,
    dates, minutes) cannot hold names and are left alone.
    """
    findings: list[Finding] = []

    def clean(field_name: str, text: str) -> str:
        redacted, found = scanner.redact(text)
        findings.extend(
            Finding(activity.id, activity.date, field_name, m.kind, m.text, m.replacement)
            for m in found
        )
        return redacted

    note = clean("note", activity.note)
    tags = tuple(clean("tags", tag) for tag in activity.tags)
    cpd = activity.cpd
    if cpd is not None:
        cpd = replace(
            cpd,
            topic=clean("cpd.topic", cpd.topic),
            method=clean("cpd.method", cpd.method),
            learning=clean("cpd.learning", cpd.learning),
            practice_change=clean("cpd.practice_change", cpd.practice_change),
            evidence=tuple(clean("cpd.evidence", ref) for ref in cpd.evidence),
        )
    return RedactedActivity(note=note, tags=tags, cpd=cpd, findings=tuple(findings))
