"""Recognising the same person twice: inside one batch, and against the store.

One LinkedIn export names a colleague in ``Connections.csv`` and again in
``messages.csv``; an X archive mentions the same handle hundreds of times.
:class:`ContactPool` keeps one :class:`Contact` per person while a parser
runs, matching by source id, then by handle, then by exact name, and the
facade uses the same keys to find people already in the store.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace

from netjournal.domain.contact_record import Contact
from netjournal.domain.contacts import normalise_handle

_SCHEME = re.compile(r"^(https?://)?(www\.|mobile\.)?", re.IGNORECASE)


def normalize_handle(platform: str, value: str) -> str:
    """The comparable form of a handle, shared with ``contact dupes`` so both agree."""
    return normalise_handle(platform, value)


def name_key(name: str) -> str:
    """Exact-name matching ignores case and runs of spaces, nothing more.

    Fuzzier matching ("Dr Jane Smith" vs "Jane Smith") is offered as a merge by
    ``contact dupes``, never applied silently by an import.
    """
    return " ".join(name.split()).casefold()


#: Handles that belong to one person. A phone number or web site is often
#: shared (a ward's switchboard, a Trust's home page), so it never identifies.
IDENTIFYING_PLATFORMS = frozenset({"x", "linkedin", "bluesky", "mastodon", "email"})


def contact_keys(contact: Contact) -> list[str]:
    """Every key that identifies ``contact``, strongest first."""
    keys = [f"sid:{sid}" for sid in contact.source_ids]
    keys += [
        f"h:{platform}:{normalize_handle(platform, value)}"
        for platform, value in sorted(contact.handles.items())
        if value.strip() and platform in IDENTIFYING_PLATFORMS
    ]
    return keys


def merge_into(base: Contact, new: Contact) -> Contact:
    """``base`` enriched with what ``new`` knows and ``base`` does not.

    Nothing the user already has is overwritten: handles are only added,
    empty organisation/role/notes are filled, the earliest connected-on date
    wins and source ids are unioned.
    """
    handles = dict(base.handles)
    for platform, value in new.handles.items():
        handles.setdefault(platform, value)
    connected = [d for d in (base.connected_on, new.connected_on) if d is not None]
    return replace(
        base,
        organisation=base.organisation or new.organisation,
        role=base.role or new.role,
        notes=base.notes or new.notes,
        met=base.met or new.met,
        handles=handles,
        connected_on=min(connected) if connected else None,
        source_ids=tuple(dict.fromkeys((*base.source_ids, *new.source_ids))),
        tags=tuple(dict.fromkeys((*base.tags, *new.tags))),
    )


class ContactPool:
    """The contacts of one batch, one per person, in the order first met."""

    def __init__(self) -> None:
        self._by_id: dict[str, Contact] = {}
        self._index: dict[str, str] = {}
        self._by_source_key: dict[str, str] = {}

    def add(self, contact: Contact, *, match_name: bool = True) -> Contact:
        """Add ``contact`` or merge it into the person already known; return the result."""
        found = self.find(contact, match_name=match_name)
        merged = contact if found is None else merge_into(found, contact)
        self._by_id[merged.id] = merged
        self._reindex(merged)
        return merged

    def find(self, contact: Contact, *, match_name: bool = True) -> Contact | None:
        """The pooled contact sharing a source id, handle or (optionally) exact name."""
        keys = contact_keys(contact)
        if match_name and contact.name.strip():
            keys.append(f"n:{name_key(contact.name)}")
        for key in keys:
            cid = self._index.get(key)
            if cid is not None:
                return self._by_id[cid]
        return None

    def person(self, key: str, make: Callable[[], Contact]) -> str:
        """The batch id of the person a source knows by ``key`` (a handle, a DID …).

        The first time, ``make()`` is added, matched by source id or handle but
        never by name (two people may share a display name); after that the same
        id comes back without building the contact again.
        """
        found = self._by_source_key.get(key)
        if found is None:
            found = self._by_source_key[key] = self.add(make(), match_name=False).id
        return found

    def get(self, contact_id: str) -> Contact:
        return self._by_id[contact_id]

    @property
    def contacts(self) -> list[Contact]:
        return list(self._by_id.values())

    def _reindex(self, contact: Contact) -> None:
        keys = contact_keys(contact)
        if contact.name.strip():
            keys.append(f"n:{name_key(contact.name)}")
        for key in keys:
            self._index.setdefault(key, contact.id)


def unique(ids: Iterable[str]) -> tuple[str, ...]:
    """``ids`` without repeats, first occurrence order kept."""
    return tuple(dict.fromkeys(ids))


_MASTODON_PATH = re.compile(r"^(?P<host>[a-z0-9.-]+\.[a-z]{2,})/@(?P<user>[A-Za-z0-9_.]+)/?$")


def classify_profile(url: str, hint: str = "") -> tuple[str, str]:
    """``(platform, handle)`` for a profile URL found in a vCard or calendar.

    ``hint`` is a platform name the file gave (``X-SOCIALPROFILE;TYPE=twitter``).
    Unknown sites come back as ``("web", url)`` so nothing is lost.
    """
    text = url.strip()
    bare = _SCHEME.sub("", text)
    host, _, path = bare.partition("/")
    host = host.lower()
    first = path.split("/", 1)[0].split("?", 1)[0]
    hint = {"twitter": "x"}.get(hint.lower(), hint.lower())
    if host.endswith("linkedin.com") or hint == "linkedin":
        return "linkedin", text
    if host in ("twitter.com", "x.com") and first:
        return "x", f"@{first.lstrip('@')}"
    if hint == "x":
        return "x", "@" + bare.strip("/").rsplit("/", 1)[-1].lstrip("@")
    if host == "bsky.app" and path.startswith("profile/"):
        return "bluesky", path.removeprefix("profile/").strip("/")
    if hint == "bluesky":
        return "bluesky", bare.lstrip("@")
    match = _MASTODON_PATH.match(bare)
    if match:
        return "mastodon", f"@{match['user']}@{match['host'].lower()}"
    if hint == "mastodon":
        return "mastodon", text
    return "web", text
