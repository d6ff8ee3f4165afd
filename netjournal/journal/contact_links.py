"""Contacts as activities and conversations name them: typed names to ids, ids to names.

:class:`ContactLinking` is the part of the activities service that reads
``--with`` names (an exact name, a handle, an id prefix or close name words),
creates the contacts that are new, resets the keep-in-touch clock of everyone
involved, and names contacts in listings. Conversations use the same look-ups.
It sits apart from the relationships service because ``netjournal log`` and
``list`` need it: it imports only the models, and decodes only the contacts
an activity names (the name matcher loads only when an exact look-up fails).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from netjournal.errors import InputError, NotFoundError
from netjournal.journal.core import Service

if TYPE_CHECKING:
    from netjournal.domain.contact_record import Contact
    from netjournal.journal.capture_records import ContactLinks


class ContactLinking(Service):
    """Finding, creating and naming the contacts that activities and conversations name."""

    def contacts_by_id(self, ids: Iterable[str] | None = None) -> dict[str, Contact]:
        """Contacts by id: all of them, or only ``ids`` (the unknown ones left out).

        Listing a week names a few dozen people; decoding only those instead
        of every contact keeps ``list`` fast on a journal with thousands.
        """
        if ids is None:
            return {c.id: c for c in self.repos.contacts.all()}
        found: dict[str, Contact] = {}
        for cid in dict.fromkeys(ids):
            with contextlib.suppress(NotFoundError):
                found[cid] = self.repos.contacts.get(cid)
        return found

    @staticmethod
    def _match_contact(key: str, contacts: Iterable[Contact]) -> Contact | None:
        wanted = key.strip().casefold()
        bare = wanted.lstrip("@")
        pool = list(contacts)
        for c in pool:
            if c.name.casefold() == wanted:
                return c
        for c in pool:
            if any(h.casefold().lstrip("@") == bare for h in c.handles.values() if h):
                return c
        if re.fullmatch(r"[0-9a-f]{6,32}", wanted):
            ids = [c for c in pool if c.id.startswith(wanted)]
            if len(ids) == 1:
                return ids[0]
        return None

    def _new_contact(self, name: str) -> Contact:
        # Imported here: listing names contacts from the derived cache and builds none.
        from netjournal.domain.contact_record import Contact

        handles = {"x": name[1:]} if name.startswith("@") else {}
        contact = Contact(name=name, handles=handles)
        self.repos.contacts.add(contact)
        return contact

    def link_contacts(
        self, names: Iterable[str], *, new: bool = False, create: bool = True
    ) -> ContactLinks:
        """The contacts ``names`` stand for, as ``--with`` reads them (call inside a transaction).

        An exact name (case, accents and spacing aside), a handle or an id
        prefix is that contact. Otherwise the words are matched against every
        name (:func:`~netjournal.domain.name_match.match_name`): one close
        contact is linked and reported in ``matched``; two or more refuse with
        an :class:`InputError` listing them; nothing close makes a new contact.
        ``new`` makes every name a new contact (``--new``); without ``create``
        nothing is written and the names that would be new are left out.
        """
        wanted = [" ".join(raw.split()) for raw in names]
        if any(not name for name in wanted):
            raise InputError("a contact name cannot be empty", field="with")
        from netjournal.journal.capture_records import ContactLinks

        links = ContactLinks([], [], [])
        people: list[Any] | None = None
        pool = [] if new else self._contact_candidates(wanted)
        for name in wanted:
            contact_id: str | None = None
            if not new:
                same = [c for c in pool if c.name.casefold() == name.casefold()]
                if len(same) == 1:
                    contact_id = same[0].id
                elif not same:
                    found = self._match_contact(name, pool)
                    contact_id = found.id if found else None
                if contact_id is None:
                    if people is None:
                        people = self._known_names()
                    contact_id = self._match_words(name, people, links)
            if contact_id is None:
                if not create:
                    continue
                created = self._new_contact(name)
                links.created.append(created.name)
                if people is not None:
                    from netjournal.domain.name_match import KnownName

                    people.append(KnownName(created.id, created.name))
                pool.append(created)
                contact_id = created.id
            if contact_id not in links.ids:
                links.ids.append(contact_id)
        return links

    def _known_names(self) -> list[Any]:
        """Every contact's id and name, read from the stored documents without decoding them.

        The contacts file is parsed already (the exact look-up above read it),
        so this is one pass over dicts, not thousands of records decoded.
        """
        from netjournal.domain.name_match import KnownName

        return [
            KnownName(str(doc["id"]), str(doc.get("name") or ""))
            for doc in self.repos.contacts.fields(("id", "name"))
        ]

    @staticmethod
    def _match_words(name: str, people: list[Any], links: ContactLinks) -> str | None:
        """The id of the one contact ``name`` picks out, ``None`` for nobody; refuses several."""
        from netjournal.domain.name_match import MatchKind, describe_candidates, match_name

        match = match_name(name, people)
        if match.kind is MatchKind.AMBIGUOUS:
            raise InputError(
                f'"{name}" could be {len(match.candidates)} contacts: {describe_candidates(match)}',
                field="with",
                hint="give the full name or an id prefix, or --new for a new contact",
            )
        person = match.person
        if person is None:
            return None
        if match.kind is MatchKind.NEAR:
            links.matched.append((person.id, name))
        return person.id

    def check_contacts(self, names: Iterable[str]) -> None:
        """Refuse names that would be ambiguous, without changing anything (``start``)."""
        self.link_contacts(names, create=False)

    def _contact_candidates(self, keys: Iterable[str]) -> list[Contact]:
        """The contacts that :meth:`_match_contact` could pick for any of ``keys``.

        Filters the stored documents before decoding them, so logging an
        activity "with" someone decodes a handful of contacts, not thousands.
        Keeps every name, handle and id-prefix match, so matching on the
        result gives the same answer as matching on all contacts.
        """
        names = {k.strip().casefold() for k in keys}
        bares = {n.lstrip("@") for n in names}
        prefixes = tuple(n for n in names if re.fullmatch(r"[0-9a-f]{6,32}", n))

        def could_match(doc: dict[str, Any]) -> bool:
            if str(doc.get("name") or "").casefold() in names:
                return True
            handles = doc.get("handles") or {}
            if isinstance(handles, dict) and any(
                str(h).casefold().lstrip("@") in bares for h in handles.values() if h
            ):
                return True
            return bool(prefixes) and str(doc.get("id") or "").startswith(prefixes)

        return self.repos.contacts.search(could_match)

    def touch_contacts(self, contact_ids: Iterable[str], day: date) -> None:
        """Reset the keep-in-touch clock of everyone involved on ``day``.

        One write for all of them: ``contacts.json`` holds every contact, so
        logging "with" two people must not rewrite it twice.
        """
        changed = []
        for cid in dict.fromkeys(contact_ids):
            with contextlib.suppress(NotFoundError):
                contact = self.repos.contacts.get(cid)
                seen = contact.seen_on(day)
                if seen is not contact:
                    changed.append(seen)
        self.repos.contacts.upsert_many(changed)

    def contact_names(
        self, contact_ids: Iterable[str], by_id: Mapping[str, Contact | str] | None = None
    ) -> list[str]:
        """Names for ``contact_ids``, in order; ``by_id`` saves lookups when listing many.

        ``by_id`` maps ids to contacts or straight to names
        (:meth:`contact_name_map`). Without it only the contacts asked for
        are decoded (one dict lookup each), not all of them: ``netjournal
        log`` on a store with thousands of contacts must not pay for
        decoding every one.
        """
        ids = list(contact_ids)
        if by_id is None:
            by_id = self.contacts_by_id(ids)
        names = []
        for cid in ids:
            found = by_id.get(cid)
            if found is None:
                names.append(f"(unknown {cid[:8]})")
            else:
                names.append(found if isinstance(found, str) else found.name)
        return names

    def contact_name_map(self, contact_ids: Iterable[str]) -> dict[str, str]:
        """``{id: name}`` for ``contact_ids`` (unknown ids left out), from the derived cache.

        ``list`` names a week's people: reading a small id→name entry costs
        a fraction of parsing every contact record, and the entry is worked
        out again only after the contacts file changed.
        """
        wanted = set(contact_ids)
        if not wanted:
            return {}

        def pick(names: Any) -> dict[str, str]:
            if type(names) is not dict:
                raise TypeError("contact names: not an object")
            found = {cid: names[cid] for cid in wanted if cid in names}
            if not all(isinstance(n, str) for n in found.values()):
                raise TypeError("contact names: a name is not text")
            return found

        return self.repos.contacts.derived(
            "contact-names",
            1,
            lambda doc: (str(doc["id"]), str(doc.get("name") or "")),
            dict,
            pick,
        )
