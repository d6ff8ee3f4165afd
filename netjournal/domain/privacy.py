"""Confidentiality: keeping people out of a CPD record.

The NMC and the HCPC both require that a CPD record contains nothing that
identifies a patient, service user, colleague or any other individual. A
journal of networking is full of names, so before anything leaves netjournal
as a CPD export this module

* replaces the names of linked contacts with a neutral label
  (:func:`contact_label`: their role, else their organisation, else their
  initials), and
* scans free text for identifiers (:class:`Scanner`): names of *known*
  contacts, their handles, e-mail addresses, phone numbers, NHS numbers,
  ``@handles`` (X, Bluesky, Mastodon) and UK postcodes.

Text is matched in a folded form (:func:`fold_text`: compatibility
normalisation, accents removed, every apostrophe ``'``, every dash ``-``,
every space-like character a space) but replaced in the original, character
by character, so an export differs from the journal only where something was
found. The rules are written out for users in ``docs/cpd.md`` section 6.

Every match is reported as a :class:`Finding` naming the activity and field
it came from, and replaced by a bracketed placeholder in the export. The scan
cannot know every name in the world: names of people who are not contacts
are *not* found, which is why the findings list asks the user to read the
record before handing it in. Stdlib only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from functools import lru_cache

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

_TITLES = frozenset(
    {"dr", "prof", "professor", "mr", "mrs", "ms", "miss", "mx", "sister", "sr", "matron"}
)
#: Name particles: part of a name when next to it, never a name on their own.
_PARTICLES = frozenset(
    {"de", "da", "di", "del", "della", "der", "den", "van", "von", "le", "la", "du", "dos"}
    | {"das", "al", "el", "bin", "ibn", "ben", "o", "mac", "mc", "st"}
)
#: Words that are names and also dates: matched only next to another part of
#: the name or a title ("June Brown", "Ms May"), never alone ("in June").
_NEVER_ALONE = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september"}
    | {"october", "november", "december", "monday", "tuesday", "wednesday", "thursday"}
    | {"friday", "saturday", "sunday"}
)
#: Names that are also common words: alone, they count only when capitalised
#: inside a sentence ("ask Will"), not at its start ("Will you…").
_COMMON_WORDS = frozenset(
    {"will", "mark", "bill", "pat", "sue", "hope", "grace", "joy", "faith", "art", "dean"}
    | {"guy", "frank", "ray", "rob", "jack", "sky", "summer", "rich", "chase", "hunter"}
    | {"king", "long", "young", "white", "black", "green", "brown", "gray", "grey", "hall"}
    | {"wood", "hill", "moore", "rose", "lily", "ivy", "holly", "amber", "ruby", "dawn"}
    | {"faye", "penny", "gene", "bishop", "cook", "baker", "page", "read", "price", "best"}
)

# --- folding ---------------------------------------------------------------------------

_APOSTROPHES = frozenset("'’‘ʼʻ′`´ʹ＇")
#: Letters that compatibility decomposition leaves alone but a writer may spell plainly.
_PLAIN_LETTERS = {
    "ø": "o",
    "Ø": "O",
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
    "ð": "d",
    "Ð": "D",
    "ħ": "h",
    "Ħ": "H",
    "æ": "ae",
    "Æ": "Ae",
    "œ": "oe",
    "Œ": "Oe",
    "ß": "ss",
    "ẞ": "SS",
    "ı": "i",
    "þ": "th",
    "Þ": "Th",
}
_ASCII_FOLD = str.maketrans({"\t": " ", "\n": " ", "\r": " ", "\v": " ", "\f": " ", "`": "'"})


#: Invisible characters that still separate words (zero-width space, word joiner, BOM).
_INVISIBLE_SPACES = frozenset("\u200b\u2060\ufeff\u180e")


def _plain(char: str) -> str:
    if char in _APOSTROPHES:
        return "'"
    if char.isspace() or char in _INVISIBLE_SPACES:
        return " "
    if unicodedata.category(char) == "Pd" or char == "\u2212":  # every dash, and minus
        return "-"
    return char


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character as the scan reads it; ``""`` for marks and invisible format characters."""
    plain = _plain(char)
    if plain != char:
        return plain
    category = unicodedata.category(char)
    if category.startswith("M") or category == "Cf":  # accents, soft hyphens, joiners
        return ""
    if char in _PLAIN_LETTERS:
        return _PLAIN_LETTERS[char]
    if category == "Nd":
        return str(unicodedata.decimal(char))
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(_plain(c) for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True, slots=True)
class FoldedText:
    """Text as the scan reads it, and where each of its characters came from.

    ``starts[i]``/``ends[i]`` are the span in the original text of folded
    character ``i`` (a span grows over accents that followed it); both are
    ``None`` when folding kept every character in place (plain ASCII).
    """

    text: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of folded characters ``start..end`` (end exclusive, non-empty)."""
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


def fold_text(text: str) -> FoldedText:
    """``text`` folded for matching: NFKC/NFKD compatibility forms, no accents, plain
    apostrophes, dashes and spaces; lengths may change, so the map back is kept."""
    if text.isascii():
        return FoldedText(text.translate(_ASCII_FOLD))
    table = {ord(c): _fold_char(c) for c in set(text) if not c.isascii()}
    if all(len(folded) == 1 for folded in table.values()):  # "Café": lengths stay, no map
        return FoldedText(text.translate(_ASCII_FOLD).translate(table))
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        if not folded:
            if ends and unicodedata.combining(char):
                ends[-1] = index + 1  # "José" typed as "Jose" + accent: the accent goes too
            continue
        out.append(folded)
        for _ in folded:
            starts.append(index)
            ends.append(index + 1)
    return FoldedText("".join(out), tuple(starts), tuple(ends))


# --- patterns (run on folded text) -----------------------------------------------------

_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*'?")
_NAME_GAP = re.compile(r" *[-,.]? *")
_SENTENCE_END = frozenset(".!?:;\"'(")

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


def _key(token: str) -> str:
    """A name token as the index keys it: any case, no possessive, no apostrophes."""
    folded = token.casefold()
    if folded.endswith("'s") and len(folded) > 3:
        folded = folded[:-2]
    return folded.replace("'", "")


def _token_end(token: re.Match[str]) -> int:
    """Where the name in ``token`` ends: before a possessive ``'s`` or a closing ``'``."""
    word = token.group()
    if word.casefold().endswith("'s") and len(word) > 3:
        return token.end() - 2
    return token.end() - 1 if word.endswith("'") else token.end()


def initials(name: str) -> str:
    """``Jane O'Neill-Smith`` → ``J.O.``; titles such as ``Dr`` are skipped."""
    words = [w for w in name.split() if w.strip(".").casefold() not in _TITLES]
    letters = [_TOKEN.search(fold_text(w).text) for w in words]
    return "".join(f"{m.group()[0].upper()}." for m in letters if m) or "a contact"


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


@dataclass(frozen=True, slots=True)
class _Span:
    """A match in folded coordinates, before it is mapped back onto the original."""

    kind: FindingKind
    start: int
    end: int
    replacement: str


class Scanner:
    """Finds identifiers in text; built once per export from the contact list.

    Names are matched token by token against an index from each folded name
    token to the contacts that have it (not a regex alternation of thousands
    of names), so scanning ten years of notes against a large address book
    stays linear in the text. A run of adjacent tokens is a name when every
    token belongs to one contact and it holds two different parts of that name
    ("Priya Patel", "Patel, Priya", "Lloyd-Webb"), a capitalised title and a
    part ("Dr Okafor"), a capitalised initial and a part ("J. Smith"), or one
    capitalised part on its own ("Priya's"), with the exceptions in
    ``_NEVER_ALONE`` and ``_COMMON_WORDS``.
    """

    def __init__(self, contacts: Iterable[Contact] = (), *, include_names: bool = False) -> None:
        self._labels: list[str] = []
        self._keys: list[frozenset[str]] = []
        by_key: dict[str, set[int]] = {}
        by_initial: dict[str, set[int]] = {}
        self._handles: dict[str, str] = {}
        for contact in contacts:
            label = contact_label(contact, include_names)
            keys = {
                _key(t)
                for t in _TOKEN.findall(fold_text(contact.name).text)
                if _key(t) not in _TITLES
            }
            keys.discard("")
            if keys:
                number = len(self._labels)
                self._labels.append(label)
                self._keys.append(frozenset(keys))
                for key in keys:
                    if len(key) >= 2:
                        by_key.setdefault(key, set()).add(number)
                    by_initial.setdefault(key[0], set()).add(number)
            for value in contact.handles.values():
                handle = value.strip().lstrip("@").casefold()
                if handle and "/" not in handle:
                    self._handles.setdefault(handle, label)
        self._by_key = {k: frozenset(v) for k, v in by_key.items()}
        self._by_initial = {k: frozenset(v) for k, v in by_initial.items()}
        self._folded: dict[str, str] = {}  # notes reuse a small vocabulary: key each word once

    def _known_handle(self, text: str) -> str | None:
        key = fold_text(text).text.strip().lstrip("@").casefold()
        label = self._handles.get(key)
        return f"[{label}]" if label is not None else None

    def _label(self, candidates: frozenset[int], keys: set[str]) -> str:
        """The label of the contact a run names; a neutral one when it could be several."""
        exact = [c for c in candidates if self._keys[c] == keys]
        labels = {self._labels[c] for c in (exact or candidates)}
        return f"[{labels.pop()}]" if len(labels) == 1 else "[a contact]"

    def _name_spans(self, text: str) -> Iterator[_Span]:
        if not self._by_key:
            return
        tokens = list(_TOKEN.finditer(text))
        cache = self._folded
        keys: list[str] = []
        for token in tokens:
            word = token.group()
            key = cache.get(word)
            if key is None:
                key = cache[word] = _key(word)
            keys.append(key)
        by_key = self._by_key
        index = 0
        while index < len(tokens):
            key = keys[index]
            if key not in by_key and len(key) > 1 and key not in _TITLES:
                index += 1  # most words start no name: skip them cheaply
                continue
            found = self._run_at(text, tokens, keys, index)
            if found is None:
                index += 1
                continue
            index, span = found
            yield span

    def _contacts_of(self, token: re.Match[str], key: str) -> frozenset[int] | None:
        if len(key) == 1:  # an initial counts only in capitals: "J. Smith", not "a smith"
            return self._by_initial.get(key) if token.group().isupper() else None
        return self._by_key.get(key)

    def _run_at(
        self, text: str, tokens: list[re.Match[str]], keys: list[str], index: int
    ) -> tuple[int, _Span] | None:
        """The longest name starting at token ``index``: (next token index, span), or None."""
        first = index
        titled = keys[index] in _TITLES and tokens[index].group()[0].isupper()
        if titled:
            index += 1
        candidates: frozenset[int] | None = None
        full: set[str] = set()
        capital_initials = 0
        best: tuple[int, _Span] | None = None
        position = index
        while position < len(tokens):
            token, key = tokens[position], keys[position]
            if position > first and not _NAME_GAP.fullmatch(
                text, tokens[position - 1].end(), token.start()
            ):
                break
            owners = self._contacts_of(token, key)
            if owners is None:
                break
            joined = owners if candidates is None else candidates & owners
            if not joined:
                break
            candidates = joined
            if len(key) == 1:
                capital_initials += 1
            else:
                full.add(key)
            position += 1
            named = full - _PARTICLES
            if key in _PARTICLES or not named:
                continue
            if not (
                len(named) >= 2
                or titled
                or (capital_initials and token.group()[0].isupper())
                or self._alone_is_a_name(text, token, key, candidates)
            ):
                continue
            start = tokens[first].start()
            best = (
                position,
                _Span(
                    FindingKind.CONTACT_NAME,
                    start,
                    _token_end(token),
                    self._label(candidates, full),
                ),
            )
        return best

    def _alone_is_a_name(
        self, text: str, token: re.Match[str], key: str, candidates: frozenset[int]
    ) -> bool:
        """Whether one name part, with no other part beside it, is taken for the name.

        It must be capitalised; a date word never is; a common word ("Will") is not
        at the start of a sentence, unless it is a contact's whole name ("Rose").
        """
        if not token.group()[0].isupper() or key in _NEVER_ALONE:
            return False
        if key in _COMMON_WORDS and all(self._keys[c] != {key} for c in candidates):
            before = text[: token.start()].rstrip()
            return bool(before) and before[-1] not in _SENTENCE_END
        return True

    def _pattern_spans(self, text: str) -> Iterator[_Span]:
        has_at = "@" in text
        if has_at:
            for m in _EMAIL.finditer(text):
                yield self._simple(FindingKind.EMAIL, text, m.start(), m.end())
            for m in _HANDLE.finditer(text):
                if text[m.end() : m.end() + 1] != "(":  # "@SUM(1+1)" is a formula
                    yield self._simple(FindingKind.HANDLE, text, m.start(), m.end())
        if _DIGIT.search(text) is None:
            return
        for m in _NHS.finditer(text):
            if nhs_number_valid(m.group(1) + m.group(2) + m.group(3)) and not _PHONE_BEFORE.search(
                text, 0, m.start()
            ):
                yield self._simple(FindingKind.NHS_NUMBER, text, m.start(), m.end())
        for m in _PHONE.finditer(text):
            start, end = m.start(), _phone_end(text, m.start(), m.end())
            if end is None:
                continue
            if text[start] == "(" and ")" not in text[start:end]:
                start += 1  # "(07700 900123, …)": the bracket belongs to the sentence
            yield self._simple(FindingKind.PHONE, text, start, end)
        for m in _POSTCODE.finditer(text):
            found = m.group()
            if found.lower()[-2:] in _ORDINAL_ENDINGS and found != found.upper():
                continue  # "w48 2nd" is a week and a date, not a postcode
            yield self._simple(FindingKind.POSTCODE, text, m.start(), m.end())

    def _simple(self, kind: FindingKind, text: str, start: int, end: int) -> _Span:
        replacement = _PLACEHOLDERS[kind]
        if kind in (FindingKind.HANDLE, FindingKind.EMAIL):
            replacement = self._known_handle(text[start:end]) or replacement
        return _Span(kind, start, end, replacement)

    def matches(self, text: str) -> list[Match]:
        """Non-overlapping identifiers in ``text``, in reading order, as spans of ``text``.

        Where detectors overlap, the earlier, then longer, then more sensitive
        match wins (an NHS number is not also reported as a phone number).
        """
        if not text:
            return []
        folded = fold_text(text)
        candidates: list[Match] = []
        for span in (*self._pattern_spans(folded.text), *self._name_spans(folded.text)):
            start, end = folded.span(span.start, span.end)
            candidates.append(Match(span.kind, start, end, text[start:end], span.replacement))
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
