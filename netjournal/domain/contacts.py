"""Contacts as relationships: who is due a catch-up, who is a duplicate, merging.

Pure functions over :class:`~netjournal.domain.models.Contact`; the facade
stores the results. Stdlib only: the fuzzy name match uses :mod:`difflib`
so the domain stays free of third-party imports and ``netjournal log`` pays
nothing for it. Every rule here is spelled out in ``docs/relationships.md``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from difflib import SequenceMatcher
from itertools import combinations
from urllib.parse import unquote

from netjournal.domain.contact_record import Contact
from netjournal.domain.names import fold_text, name_key, name_tokens
from netjournal.errors import InputError, NotFoundError

# --------------------------------------------------------------------------
# keep-in-touch cadence
# --------------------------------------------------------------------------

MAX_CADENCE_DAYS = 3650
_CADENCE_RE = re.compile(r"^\s*(\d+)\s*(d|days?|w|wks?|weeks?|m|mo|months?|y|yrs?|years?)?\s*$")
_CADENCE_UNIT_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}
_CADENCE_OFF = frozenset({"none", "off", "never", "no", "0", "-"})


def parse_cadence(text: str) -> int | None:
    """Days between catch-ups from ``30``, ``30d``, ``4w``, ``3m`` (30-day months) or ``1y``.

    ``none``/``off``/``0`` clear the cadence (``None``): not every contact
    needs a reminder, and zero days would make someone permanently due.
    """
    word = text.strip().lower()
    if word in _CADENCE_OFF:
        return None
    match = _CADENCE_RE.match(word)
    if not match:
        raise InputError(
            f"bad cadence {text!r}: use a number of days, or e.g. 30d, 4w, 3m, 1y",
            field="cadence",
            hint="'none' clears it",
        )
    unit = (match.group(2) or "d")[0]
    days = int(match.group(1)) * _CADENCE_UNIT_DAYS[unit]
    if not 1 <= days <= MAX_CADENCE_DAYS:
        raise InputError(
            f"bad cadence {text!r}: must be between 1 day and 10 years", field="cadence"
        )
    return days


# --------------------------------------------------------------------------
# normalising names and handles
# --------------------------------------------------------------------------

_URL_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://")


def _strip_url(text: str) -> str:
    """``https://www.Example.com/a/`` → ``example.com/a``: scheme, ``www.``, query and slash go."""
    out = _URL_SCHEME.sub("", text.strip().lower())
    out = out.split("?", 1)[0].split("#", 1)[0]
    out = out.removeprefix("www.")
    return out.rstrip("/")


_X_HOSTS = ("x.com/", "twitter.com/", "mobile.twitter.com/", "mobile.x.com/")
_LINKEDIN_IN = re.compile(r"(?:^|[./])linkedin\.com/(?:in|pub)/([^/]+)")


def normalise_handle(platform: str, value: str) -> str:
    """The canonical form of a handle, URL or address, for comparison only.

    The stored value keeps what the user typed; two contacts are "the same
    handle" when these forms are equal. Rules per platform:

    - ``email``: lower-case, ``mailto:`` dropped.
    - ``x``: lower-case, profile URL reduced to the handle, leading ``@`` dropped.
    - ``linkedin``: a profile URL (any subdomain, ``/in/`` or ``/pub/``) reduced
      to its percent-decoded slug; a bare slug is taken as it is.
    - ``bluesky``: ``bsky.app/profile/`` URL reduced to the handle, ``@`` dropped.
    - ``mastodon``: ``@user@host`` and ``https://host/@user`` both become ``user@host``.
    - anything else: lower-case, URL scheme, ``www.`` and trailing ``/`` dropped, ``@`` dropped.
    """
    raw = value.strip()
    low = raw.lower()
    if platform == "email":
        return low.removeprefix("mailto:").strip()
    if platform == "x":
        stripped = _strip_url(low)
        for host in _X_HOSTS:
            if stripped.startswith(host):
                stripped = stripped[len(host) :].split("/", 1)[0]
                break
        return stripped.lstrip("@")
    if platform == "linkedin":
        match = _LINKEDIN_IN.search(_strip_url(low))
        slug = match.group(1) if match else _strip_url(low)
        return unquote(slug).strip("/").lstrip("@")
    if platform == "bluesky":
        stripped = _strip_url(low).removeprefix("bsky.app/profile/")
        return stripped.lstrip("@")
    if platform == "mastodon":
        stripped = _strip_url(low)
        if "/@" in stripped:
            host, _, user = stripped.partition("/@")
            return f"{user.split('/', 1)[0]}@{host}"
        return stripped.lstrip("@")
    return _strip_url(low).lstrip("@")


#: Platforms a contact can have a handle on (the ``contact add`` options).
HANDLE_PLATFORMS = ("x", "linkedin", "bluesky", "mastodon", "email")
_X_HANDLE = re.compile(r"^[a-z0-9_]{1,15}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_NAME_LENGTH = 200


def validate_handle(platform: str, value: str) -> str:
    """``value`` stripped, or :class:`InputError` naming the platform if it cannot be right.

    Checks are deliberately loose (platforms change their rules): no spaces
    anywhere, an X handle of 1-15 letters/digits/underscores, an e-mail and a
    Mastodon handle with an ``@`` in them.
    """
    text = value.strip()
    norm = normalise_handle(platform, text)
    problem = None
    if not norm or any(ch.isspace() for ch in text):
        problem = "cannot be empty or contain spaces"
    elif platform == "x" and not _X_HANDLE.match(norm):
        problem = "is not an X handle (1-15 letters, digits or _)"
    elif platform == "email" and not _EMAIL.match(norm):
        problem = "is not an e-mail address"
    elif platform == "mastodon" and "@" not in norm:
        problem = "needs the server too, e.g. @jane@mastodon.social"
    if problem:
        raise InputError(f"{platform} {value!r} {problem}", field=platform)
    return text


def validate_name(name: str) -> str:
    """A contact name with runs of whitespace collapsed; it must say something."""
    clean = " ".join(name.split())
    if not clean:
        raise InputError("a contact needs a name", field="name")
    if len(clean) > MAX_NAME_LENGTH:
        raise InputError(f"name is longer than {MAX_NAME_LENGTH} characters", field="name")
    return clean


def identity_keys(contact: Contact) -> set[tuple[str, str]]:
    """``(platform, normalised handle)`` pairs that identify a contact exactly."""
    keys: set[tuple[str, str]] = set()
    for platform, value in contact.handles.items():
        norm = normalise_handle(platform, value)
        if norm:
            keys.add((platform, norm))
    return keys


# --------------------------------------------------------------------------
# duplicate detection
# --------------------------------------------------------------------------

#: Two names are "near-identical" when difflib's ratio of their normalised,
#: word-sorted forms reaches this. 0.9 allows one typo in a typical full name
#: ("Jon Smith"/"John Smith" 0.947, "Sara Jones"/"Sarah Jones" 0.952) but
#: not a different first name ("Mark Lee"/"Mary Lee" 0.875).
NAME_SIMILARITY_THRESHOLD = 0.9
#: Normalised names shorter than this only match exactly ("Jo"/"Joe" are not flagged).
MIN_FUZZY_NAME_LENGTH = 5


@dataclass(frozen=True, slots=True)
class DuplicateCandidate:
    """Two contacts that look like one person, and why; offered as a merge, never applied."""

    first: Contact
    second: Contact
    kind: str  # "handle" (same handle/URL/email) or "name" (near-identical names)
    reason: str
    score: float

    def to_dict(self) -> dict[str, object]:
        return {
            "first": {"id": self.first.id, "name": self.first.name},
            "second": {"id": self.second.id, "name": self.second.name},
            "kind": self.kind,
            "reason": self.reason,
            "score": round(self.score, 3),
        }


def _sorted_name(name: str) -> str:
    return " ".join(sorted(name_tokens(name)))


def _shared_handle(a: Contact, b: Contact) -> str | None:
    shared = sorted(identity_keys(a) & identity_keys(b))
    if not shared:
        return None
    platform, value = shared[0]
    return f"same {platform} {value}"


def _name_blocks(contacts: Sequence[Contact]) -> dict[str, list[int]]:
    """Group contacts by the first three letters of each name word.

    A pair above the threshold almost always shares at least one word start
    (a typo rarely hits the first letters of every word), so only pairs in a
    common block are compared: thousands of contacts stay fast.
    """
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, contact in enumerate(contacts):
        for token in set(name_tokens(contact.name)):
            blocks[token[:3]].append(index)
    return blocks


def find_duplicates(contacts: Sequence[Contact]) -> list[DuplicateCandidate]:
    """Pairs of contacts that look like the same person, strongest evidence first.

    A pair is a candidate when it shares a normalised handle/URL/email, or
    when its names reach :data:`NAME_SIMILARITY_THRESHOLD`. Each pair appears
    once, in the order the contacts were given (so the older one comes first
    when the caller sorts by creation).
    """
    found: dict[tuple[int, int], DuplicateCandidate] = {}
    by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, contact in enumerate(contacts):
        for key in identity_keys(contact):
            by_key[key].append(index)
    for (platform, value), indices in sorted(by_key.items()):
        for i, j in combinations(sorted(set(indices)), 2):
            if (i, j) not in found:
                found[(i, j)] = DuplicateCandidate(
                    contacts[i], contacts[j], "handle", f"same {platform} {value}", 1.0
                )
    sorted_names = [_sorted_name(c.name) for c in contacts]
    for indices in _name_blocks(contacts).values():
        for i, j in combinations(sorted(set(indices)), 2):
            if (i, j) in found:
                continue
            score = _fuzzy_score(sorted_names[i], sorted_names[j])
            if score >= NAME_SIMILARITY_THRESHOLD:
                found[(i, j)] = DuplicateCandidate(
                    contacts[i], contacts[j], "name", f"similar names ({score:.2f})", score
                )
    return sorted(found.values(), key=_candidate_order)


def _fuzzy_score(first: str, second: str) -> float:
    if not first or not second:
        return 0.0
    if first == second:
        return 1.0
    if min(len(first), len(second)) < MIN_FUZZY_NAME_LENGTH:
        return 0.0
    matcher = SequenceMatcher(None, first, second)
    if matcher.real_quick_ratio() < NAME_SIMILARITY_THRESHOLD:
        return 0.0
    if matcher.quick_ratio() < NAME_SIMILARITY_THRESHOLD:
        return 0.0
    return matcher.ratio()


def _candidate_order(candidate: DuplicateCandidate) -> tuple[int, float, str, str]:
    return (
        0 if candidate.kind == "handle" else 1,
        -candidate.score,
        name_key(candidate.first.name),
        name_key(candidate.second.name),
    )


def duplicates_of(new: Contact, existing: Iterable[Contact]) -> list[DuplicateCandidate]:
    """Existing contacts that ``new`` looks like (for the warning on ``contact add``)."""
    out: list[DuplicateCandidate] = []
    new_name = _sorted_name(new.name)
    for other in existing:
        if other.id == new.id:
            continue
        reason = _shared_handle(other, new)
        if reason:
            out.append(DuplicateCandidate(other, new, "handle", reason, 1.0))
            continue
        score = _fuzzy_score(_sorted_name(other.name), new_name)
        if score >= NAME_SIMILARITY_THRESHOLD:
            out.append(
                DuplicateCandidate(other, new, "name", f"similar names ({score:.2f})", score)
            )
    return sorted(out, key=_candidate_order)


# --------------------------------------------------------------------------
# merging
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MergeResult:
    """The merged contact and how to re-point records that named the one merged away."""

    contact: Contact
    id_map: dict[str, str]
    notes_added: tuple[str, ...] = ()


def _union(first: Iterable[str], second: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*first, *second]))


def _earliest(a: date | None, b: date | None) -> date | None:
    present = [d for d in (a, b) if d is not None]
    return min(present) if present else None


def _latest(a: date | None, b: date | None) -> date | None:
    present = [d for d in (a, b) if d is not None]
    return max(present) if present else None


def _joined(a: str, b: str, sep: str) -> str:
    a, b = a.strip(), b.strip()
    if not b or b == a:
        return a
    if not a:
        return b
    return f"{a}{sep}{b}"


def merge_contacts(keep: Contact, other: Contact) -> MergeResult:
    """Fold ``other`` into ``keep``; ``keep``'s id, name and non-empty fields win.

    Nothing is thrown away: handles, tags and source ids are united; where
    both have a *different* handle on the same platform, ``keep``'s stays and
    ``other``'s is recorded in the notes, as is ``other``'s name if it differs. ``connected_on`` is the earliest,
    ``last_contact`` the latest, the cadence the shorter (the user wanted to
    hear from this person at least that often), notes and "met" are joined.
    """
    if keep.id == other.id:
        raise InputError("cannot merge a contact with itself", field="contact")
    handles = dict(keep.handles)
    conflicts: list[str] = []
    if name_key(other.name) != name_key(keep.name):
        conflicts.append(f"also known as: {other.name}")
    for platform, value in other.handles.items():
        mine = handles.get(platform)
        if mine is None or not mine.strip():
            handles[platform] = value
        elif normalise_handle(platform, mine) != normalise_handle(platform, value):
            conflicts.append(f"also {platform}: {value}")
    notes = _joined(keep.notes, other.notes, "\n")
    for line in conflicts:
        notes = _joined(notes, line, "\n")
    cadences = [c for c in (keep.cadence_days, other.cadence_days) if c]
    merged = replace(
        keep,
        organisation=keep.organisation or other.organisation,
        role=keep.role or other.role,
        handles=handles,
        tags=_union(keep.tags, other.tags),
        met=_joined(keep.met, other.met, "; "),
        notes=notes,
        cadence_days=min(cadences) if cadences else None,
        connected_on=_earliest(keep.connected_on, other.connected_on),
        last_contact=_latest(keep.last_contact, other.last_contact),
        first_contact=_earliest(keep.first_contact, other.first_contact),
        source_ids=_union(keep.source_ids, other.source_ids),
        # Both people's stories stay; a note copied by a sync is kept once.
        note_history=tuple({n.id: n for n in (*other.note_history, *keep.note_history)}.values()),
        created=min(keep.created, other.created),
        extra={**other.extra, **keep.extra},
    ).touched()
    return MergeResult(merged, {other.id: keep.id}, tuple(conflicts))


def repoint_ids(ids: Sequence[str], id_map: Mapping[str, str]) -> tuple[str, ...]:
    """Contact ids with merged-away ids replaced, duplicates removed, order kept."""
    return tuple(dict.fromkeys(id_map.get(i, i) for i in ids))


# --------------------------------------------------------------------------
# finding a contact from what the user typed
# --------------------------------------------------------------------------

#: An id prefix must be at least this long, so a short word is read as a name.
MIN_ID_PREFIX = 4


def match_contacts(contacts: Iterable[Contact], query: str) -> list[Contact]:
    """Contacts that ``query`` names, best kind of match only.

    Tried in order, the first rule that matches anything wins: exact id; id
    prefix (at least :data:`MIN_ID_PREFIX` characters); exact name after
    normalising (case, accents, titles); name words starting with the query's
    words ("jane" finds "Jane Smith", "j smi" too); then a handle equal to the
    query after normalising (``@janesmith``).
    """
    pool = list(contacts)
    text = query.strip()
    if not text:
        return []
    low = text.lower()
    rules = (
        lambda c: c.id == low,
        lambda c: len(low) >= MIN_ID_PREFIX and c.id.startswith(low),
        lambda c: name_key(c.name) == name_key(text) and bool(name_key(text)),
        lambda c: _words_prefix(name_tokens(text), name_tokens(c.name)),
        lambda c: any(
            normalise_handle(p, text) == normalise_handle(p, v) for p, v in c.handles.items()
        ),
    )
    for rule in rules:
        hits = [c for c in pool if rule(c)]
        if hits:
            return hits
    return []


def _words_prefix(query_words: list[str], name_words: list[str]) -> bool:
    """Every query word starts a distinct name word, in order."""
    if not query_words:
        return False
    position = 0
    for word in query_words:
        while position < len(name_words) and not name_words[position].startswith(word):
            position += 1
        if position == len(name_words):
            return False
        position += 1
    return True


def resolve_contact(contacts: Iterable[Contact], query: str) -> Contact:
    """The one contact ``query`` names; :class:`NotFoundError` for none or several."""
    hits = match_contacts(contacts, query)
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise NotFoundError(
            f"no contact matches {query!r}", hint="see `netjournal contact list --search ...`"
        )
    shown = ", ".join(f"{c.name} ({c.id[:8]})" for c in hits[:5])
    more = f" and {len(hits) - 5} more" if len(hits) > 5 else ""
    raise NotFoundError(
        f"{query!r} matches {len(hits)} contacts: {shown}{more}", hint="use an id prefix"
    )


def search_contacts(contacts: Iterable[Contact], text: str) -> list[Contact]:
    """Contacts whose name, organisation, role, handles, tags, met or notes (dated ones too) contain ``text``.

    Case- and accent-insensitive substring search: what ``contact list --search`` does.
    """
    needle = fold_text(text.strip())
    out = []
    for contact in contacts:
        haystack = " ".join(
            [
                contact.name,
                contact.organisation,
                contact.role,
                contact.met,
                contact.notes,
                *(note.text for note in contact.note_history),
                *contact.handles.values(),
                *contact.tags,
            ]
        )
        if needle in fold_text(haystack):
            out.append(contact)
    return out
