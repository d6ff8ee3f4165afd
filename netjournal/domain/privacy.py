"""Confidentiality: keeping people out of a CPD record.

The NMC and the HCPC both require that a CPD record contains nothing that
identifies a patient, service user, colleague or any other individual. A
journal of networking is full of names, so before anything leaves netjournal
as a CPD export this module

* replaces the names of linked contacts with a neutral label
  (:func:`contact_label`: their role, else their organisation, else their
  initials), and
* scans free text for identifiers (:class:`Scanner`): names of *known*
  contacts and their handles (:mod:`netjournal.domain.name_spotting`),
  e-mail addresses, phone numbers, NHS numbers, ``@handles`` (X, Bluesky,
  Mastodon) and UK postcodes (:mod:`netjournal.domain.identifiers`).

Text is matched in a folded form (:mod:`netjournal.domain.folded_text`) but
replaced in the original, character by character, so an export differs from
the journal only where something was found. The rules are written out for
users in ``docs/cpd.md`` section 6.

Every match is reported as a :class:`Finding` naming the activity and field
it came from, and replaced by a bracketed placeholder in the export. The scan
cannot know every name in the world: names of people who are not contacts
are *not* found, which is why the findings list asks the user to read the
record before handing it in. Stdlib only.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date

from netjournal.domain.contact_record import Contact
from netjournal.domain.folded_text import FoldedText
from netjournal.domain.identifiers import FindingKind, Span, shaped_identifiers
from netjournal.domain.models import Activity, CpdDetails
from netjournal.domain.name_spotting import NameSpotter, initials

FINDING_LABELS: dict[FindingKind, str] = {
    FindingKind.CONTACT_NAME: "name of a contact",
    FindingKind.EMAIL: "e-mail address",
    FindingKind.PHONE: "phone number",
    FindingKind.NHS_NUMBER: "NHS number",
    FindingKind.HANDLE: "social media handle",
    FindingKind.POSTCODE: "postcode",
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


class Scanner:
    """Finds identifiers in text; built once per export from the contact list.

    Names come from :class:`NameSpotter`; identifiers with a shape from
    :func:`shaped_identifiers`, where a handle or e-mail address of a
    contact is replaced by that contact's label rather than a placeholder.
    """

    def __init__(self, contacts: Iterable[Contact] = (), *, include_names: bool = False) -> None:
        labelled = [(contact, contact_label(contact, include_names)) for contact in contacts]
        self._names = NameSpotter((contact.name, label) for contact, label in labelled)
        self._handles: dict[str, str] = {}
        for contact, label in labelled:
            for value in contact.handles.values():
                handle = value.strip().lstrip("@").casefold()
                if handle and "/" not in handle:
                    self._handles.setdefault(handle, label)

    def _known_handle(self, text: str) -> str | None:
        key = FoldedText.of(text).text.strip().lstrip("@").casefold()
        label = self._handles.get(key)
        return f"[{label}]" if label is not None else None

    def _pattern_spans(self, text: str) -> Iterator[Span]:
        for span in shaped_identifiers(text):
            if span.kind in (FindingKind.HANDLE, FindingKind.EMAIL):
                known = self._known_handle(text[span.start : span.end])
                if known is not None:
                    span = replace(span, replacement=known)
            yield span

    def matches(self, text: str) -> list[Match]:
        """Non-overlapping identifiers in ``text``, in reading order, as spans of ``text``.

        Where detectors overlap, the earlier, then longer, then more sensitive
        match wins (an NHS number is not also reported as a phone number).
        """
        if not text:
            return []
        folded = FoldedText.of(text)
        candidates: list[Match] = []
        for span in (*self._pattern_spans(folded.text), *self._names.spans(folded.text)):
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
