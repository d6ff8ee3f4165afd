"""vCard (``.vcf``) files from phones, Outlook, Google or Apple Contacts -> contacts.

A small hand-written reader rather than ``vobject``: vobject reports the line
of an error after unfolding (so "line 26" in a 16-line file), reads vCard 4.0
only partly, and accepts some truncated files. Contacts need only a dozen
properties, and the grammar for them is short (RFC 6350 §3.2-3.4, RFC 2426
for 3.0, plus vCard 2.1 quoted-printable as Android still writes it), so the
reader below keeps exact physical line numbers for every error.

Read: ``FN``/``N`` (name), ``ORG``, ``TITLE``/``ROLE``, ``EMAIL``, ``TEL``,
``URL``, ``X-SOCIALPROFILE``/``X-TWITTER``, ``NOTE``, ``CATEGORIES``, ``UID``.
Binary properties (``PHOTO``, ``LOGO``, ``SOUND``, ``KEY``) are skipped
without being held to the field-length limit, since photos are legitimately
large.
"""

from __future__ import annotations

import quopri
import re
from dataclasses import dataclass, field
from pathlib import Path

from netjournal.domain.contact_record import Contact
from netjournal.errors import ImportFormatError
from netjournal.importers.base import (
    MAX_FIELD_CHARS,
    ImportBatch,
    ImportOptions,
    Progress,
    check_length,
    decode_text,
    physical_lines,
    require_inputs,
    short_hash,
)
from netjournal.importers.people import ContactPool, classify_profile

SOURCE = "vcard"

_BINARY = frozenset({"PHOTO", "LOGO", "SOUND", "KEY"})
_NAME = re.compile(r"^(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)$")
_VERSIONS = ("2.1", "3.0", "4.0")


@dataclass(slots=True)
class Property:
    """One unfolded content line: ``NAME;PARAM=a,b:value`` with the line it started on."""

    line: int
    name: str
    params: dict[str, list[str]]
    value: str

    def types(self) -> set[str]:
        found = {t.lower() for v in self.params.get("TYPE", []) for t in v.split(",")}
        return found | {k.lower() for k, v in self.params.items() if not v}  # vCard 2.1 bare types

    def is_preferred(self) -> bool:
        return "pref" in self.types() or bool(self.params.get("PREF"))


@dataclass(slots=True)
class Card:
    """The properties of one ``BEGIN:VCARD`` … ``END:VCARD`` block."""

    line: int
    properties: list[Property] = field(default_factory=list)
    by_name: dict[str, list[Property]] | None = field(default=None, repr=False, compare=False)

    def all(self, name: str) -> list[Property]:
        if self.by_name is None:  # built once: a card is read for a dozen names
            self.by_name = {}
            for prop in self.properties:
                self.by_name.setdefault(prop.name, []).append(prop)
        return self.by_name.get(name, [])

    def first(self, name: str) -> Property | None:
        found = self.all(name)
        if len(found) < 2:
            return found[0] if found else None
        preferred = [p for p in found if p.is_preferred()]
        candidates = preferred or found
        return candidates[0] if candidates else None


def is_vcard_file(basename: str) -> bool:
    return basename.lower().endswith((".vcf", ".vcard"))


def parse(path: Path, options: ImportOptions, progress: Progress | None = None) -> ImportBatch:
    """Read one ``.vcf`` file (any number of cards), or every ``.vcf`` in a folder or zip."""
    inputs = require_inputs(path, is_vcard_file, ".vcf files")
    cards: list[tuple[str, Card]] = []
    for item in inputs:
        text = decode_text(item.read_bytes(), item.name)
        cards.extend((item.name, card) for card in read_cards(text, item.name))
    batch = ImportBatch(source=SOURCE, files=[i.name for i in inputs])
    pool = ContactPool()
    for done, (name, card) in enumerate(cards, start=1):
        contact = _contact(card, name, batch.warnings)
        card.by_name = None  # the index served this card; 100k of them would stay in memory
        if contact is not None:
            pool.add(contact, match_name=False)
        if progress is not None:
            progress(done, len(cards))
    batch.contacts = pool.contacts
    return batch


# --- reading: lines -> properties -> cards -----------------------------------------------


def _logical_lines(text: str, name: str) -> list[tuple[int, str]]:
    """Unfold continuation lines (a leading space or tab), keeping each start line.

    vCard 2.1 quoted-printable values continue with a trailing ``=`` instead;
    those are joined too.
    """
    lines = physical_lines(text)
    # Most exports fold nothing: then there is no per-line work to do.
    result = _unfold(lines) if _FOLDED.search(text) else list(enumerate(lines, start=1))
    for number, line in result:
        if len(line) > MAX_FIELD_CHARS and not _is_binary(line):
            check_length(line, name, f"line {number}")
    return result


#: A continuation line (leading space or tab) or a possible quoted-printable soft break.
_FOLDED = re.compile(r"[\r\n][ \t]|=[\r\n]")


def _unfold(lines: list[str]) -> list[tuple[int, str]]:
    # Folded pieces are collected in lists and joined once: adding each piece to a
    # growing string is quadratic in the length of a (hostile) long folded value.
    pieces: list[tuple[int, list[str]]] = []
    quoted_printable: list[bool | None] = []  # per line, known once its name is complete
    for number, raw in enumerate(lines, start=1):
        if raw[:1] in (" ", "\t") and pieces:
            pieces[-1][1].append(raw[1:])
        elif pieces and pieces[-1][1][-1].endswith("=") and _is_qp(pieces, quoted_printable):
            parts = pieces[-1][1]
            parts[-1] = parts[-1][:-1]
            parts.append(raw)
        else:
            pieces.append((number, [raw]))
            quoted_printable.append(None)
    return [(number, parts[0] if len(parts) == 1 else "".join(parts)) for number, parts in pieces]


def _is_binary(line: str) -> bool:
    head = line.split(":", 1)[0].split(";", 1)[0]
    return head.rsplit(".", 1)[-1].upper() in _BINARY


def _is_qp(pieces: list[tuple[int, list[str]]], known: list[bool | None]) -> bool:
    """Whether the last logical line is quoted-printable (its name part says so).

    Decided once, when the pieces first hold the ``:`` that ends the name part,
    so a value folded over many lines is not joined again for every line.
    """
    if known[-1] is None:
        parts = pieces[-1][1]
        for index, part in enumerate(parts):
            if ":" in part:
                head = "".join(parts[:index]) + part.split(":", 1)[0]
                known[-1] = "QUOTED-PRINTABLE" in head.upper()
                break
        else:
            return False  # no value yet: a line without ':' is refused by the parser anyway
    return bool(known[-1])


def read_cards(text: str, name: str) -> list[Card]:
    """All cards in ``text``; anything that is not a well-formed vCard is an error."""
    cards: list[Card] = []
    current: Card | None = None
    for number, line in _logical_lines(text, name):
        if not line.strip():
            continue
        prop = _property(line, number, name)
        if prop.name == "BEGIN" and prop.value.strip().upper() == "VCARD":
            if current is not None:
                raise ImportFormatError(
                    f"{name}, line {number}: BEGIN:VCARD inside the card that starts at "
                    f"line {current.line} (a missing END:VCARD?)"
                )
            current = Card(line=number)
        elif prop.name == "END" and prop.value.strip().upper() == "VCARD":
            if current is None:
                raise ImportFormatError(f"{name}, line {number}: END:VCARD without BEGIN:VCARD")
            cards.append(current)
            current = None
        elif current is None:
            raise ImportFormatError(
                f"{name}, line {number}: not a vCard file (expected BEGIN:VCARD, "
                f"found {clip_line(line)!r})"
            )
        else:
            current.properties.append(prop)
    if current is not None:
        raise ImportFormatError(
            f"{name}, line {current.line}: the card starting here has no END:VCARD "
            "(the file looks truncated)"
        )
    if not cards:
        raise ImportFormatError(f"{name}, line 1: not a vCard file (no BEGIN:VCARD)")
    return cards


def clip_line(line: str) -> str:
    return line if len(line) <= 40 else line[:39] + "…"


def _property(line: str, number: int, name: str) -> Property:
    """Split ``group.NAME;P=v;P="q:v":value`` honouring quoted parameter values."""
    head_end = _value_start(line)
    if head_end < 0:
        raise ImportFormatError(
            f"{name}, line {number}: not a vCard line (no ':'): {clip_line(line)!r}"
        )
    head, value = line[:head_end], line[head_end + 1 :]
    parts = _split_params(head)
    match = _NAME.match(parts[0].strip())
    if match is None:
        raise ImportFormatError(f"{name}, line {number}: bad property name {parts[0]!r}")
    params: dict[str, list[str]] = {}
    for part in parts[1:]:
        key, sep, raw = part.partition("=")
        values = [v.strip('"') for v in _split_quoted(raw, ",")] if sep else []
        params.setdefault(key.strip().upper(), []).extend(values)
    prop = Property(line=number, name=match[1].upper(), params=params, value=value)
    encoding = params.get("ENCODING")
    if (encoding and any(v.upper() == "QUOTED-PRINTABLE" for v in encoding)) or (
        "QUOTED-PRINTABLE" in params
    ):
        charset = (params.get("CHARSET") or ["utf-8"])[0]
        try:
            prop.value = quopri.decodestring(value.encode("ascii", "replace")).decode(charset)
        except (LookupError, UnicodeDecodeError) as exc:
            raise ImportFormatError(
                f"{name}, line {number}: cannot decode quoted-printable value ({exc})"
            ) from exc
    return prop


def _value_start(line: str) -> int:
    colon = line.find(":")
    if colon < 0 or '"' not in line[:colon]:
        return colon  # the common case, without a character loop
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return index
    return -1


def _split_params(head: str) -> list[str]:
    return _split_quoted(head, ";")


def _split_quoted(text: str, sep: str) -> list[str]:
    if '"' not in text:
        return text.split(sep)
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char == sep and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def unescape(value: str) -> str:
    """``\\n`` -> newline, ``\\,`` -> ``,``, ``\\;`` -> ``;``, ``\\\\`` -> ``\\``."""
    if "\\" not in value:
        return value
    out: list[str] = []
    chars = iter(value)
    for char in chars:
        if char == "\\":
            nxt = next(chars, "")
            out.append("\n" if nxt in ("n", "N") else nxt)
        else:
            out.append(char)
    return "".join(out)


def split_escaped(value: str, sep: str) -> list[str]:
    """Split on ``sep`` where it is not escaped, then unescape each part."""
    if "\\" not in value:
        return value.split(sep)
    parts: list[str] = []
    current: list[str] = []
    escaped = False
    for char in value:
        if escaped:
            current.append("\\" + char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == sep:
            parts.append(unescape("".join(current)))
            current = []
        else:
            current.append(char)
    parts.append(unescape("".join(current)))
    return parts


# --- cards -> contacts -----------------------------------------------------------------


def _contact(card: Card, name: str, warnings: list[str]) -> Contact | None:
    version = card.first("VERSION")
    if version is not None and version.value.strip() not in _VERSIONS:
        warnings.append(
            f"{name}, line {version.line}: vCard version {version.value.strip()!r} "
            "is not 2.1, 3.0 or 4.0; read anyway"
        )
    handles: dict[str, str] = {}
    email = card.first("EMAIL")
    if email is not None and email.value.strip():
        handles["email"] = unescape(email.value).strip().removeprefix("mailto:")
    tel = card.first("TEL")
    if tel is not None and tel.value.strip():
        handles["phone"] = unescape(tel.value).strip().removeprefix("tel:")
    for prop in (*card.all("X-SOCIALPROFILE"), *card.all("X-TWITTER"), *card.all("URL")):
        value = unescape(prop.value).strip()
        if not value:
            continue
        hint = "x" if prop.name == "X-TWITTER" else next(iter(sorted(prop.types())), "")
        if prop.name == "URL":
            hint = ""
        platform, handle = classify_profile(value, hint)
        handles.setdefault(platform, handle)

    organisation = ""
    if (org := card.first("ORG")) is not None:
        organisation = ", ".join(p.strip() for p in split_escaped(org.value, ";") if p.strip())
    role_prop = card.first("TITLE") or card.first("ROLE")
    role = unescape(role_prop.value).strip() if role_prop else ""
    display = _display_name(card) or organisation or handles.get("email", "")
    if not display:
        warnings.append(f"{name}, line {card.line}: a card with no name, org or email was skipped")
        return None
    note = card.first("NOTE")
    uid = card.first("UID")
    uid_value = unescape(uid.value).strip() if uid is not None else ""
    sid = (
        f"vcard:{uid_value}"
        if uid_value
        else f"vcard:{short_hash(display, handles.get('email', ''), handles.get('phone', ''))}"
    )
    return Contact(
        name=display,
        organisation=organisation,
        role=role,
        handles=handles,
        tags=_tags(card),
        notes=unescape(note.value).strip() if note is not None else "",
        source_ids=(sid,),
    )


def _display_name(card: Card) -> str:
    fn = card.first("FN")
    if fn is not None and unescape(fn.value).strip():
        return " ".join(unescape(fn.value).split())
    n = card.first("N")
    if n is None:
        return ""
    parts = [*split_escaped(n.value, ";"), "", "", "", "", ""]
    family, given, additional, prefix, suffix = (p.strip() for p in parts[:5])
    return " ".join(p for p in (prefix, given, additional, family, suffix) if p)


def _tags(card: Card) -> tuple[str, ...]:
    tags: dict[str, None] = {}  # ordered and with constant-time membership
    for prop in card.all("CATEGORIES"):
        for raw in split_escaped(prop.value, ","):
            tag = "-".join(raw.strip().lstrip("#").lower().split())
            if tag:
                tags[tag] = None
    return tuple(tags)
