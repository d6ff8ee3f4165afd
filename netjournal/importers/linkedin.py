"""LinkedIn data export: ``Connections.csv``, ``messages.csv`` and ``Invitations.csv``.

Connections become contacts (with the date you connected), message threads
become conversations with who started them and whether they were answered,
and invitations become one-message conversations that count as answered once
the invitation was accepted (the person appears in ``Connections.csv``).

LinkedIn's files vary between export years: ``Connections.csv`` starts with a
``Notes:`` preamble in recent exports but not in older ones, and very old
exports have no ``URL`` column. Columns are therefore found by header name,
and the header is searched for in the first lines of the file.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from netjournal.domain.contact_record import Contact
from netjournal.domain.conversation_record import Conversation
from netjournal.domain.models import Initiator
from netjournal.errors import ImportFormatError, InputError
from netjournal.importers.base import (
    ImportBatch,
    ImportOptions,
    InputFile,
    Progress,
    clip,
    decode_text,
    local_date,
    month_number,
    read_csv,
    require_inputs,
    short_hash,
)
from netjournal.importers.people import ContactPool, name_key, normalize_handle, unique

SOURCE = "linkedin"
CHANNEL = "linkedin"

#: How many lines may precede the header (the ``Notes:`` preamble is three).
_HEADER_SEARCH_ROWS = 12

_REQUIRED: dict[str, tuple[str, ...]] = {
    "connections": ("first name", "last name", "connected on"),
    "messages": ("conversation id", "from", "to", "date", "content"),
    "invitations": ("from", "to", "sent at", "direction"),
}
_FILE_KINDS = {
    "connections.csv": "connections",
    "messages.csv": "messages",
    "invitations.csv": "invitations",
}
_EXAMPLE_HEADERS = {
    "connections": "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    "messages": "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,...",
    "invitations": "From,To,Sent At,Message,Direction",
}
_ORDER = ("connections", "invitations", "messages")


@dataclass(frozen=True, slots=True)
class _Table:
    """One LinkedIn CSV after its header was found: rows keyed by lower-case column name."""

    name: str
    kind: str
    rows: list[tuple[int, dict[str, str]]]


def is_export_file(basename: str) -> bool:
    """Whether a file inside an export folder or zip is one this importer reads."""
    return basename.casefold() in _FILE_KINDS


def parse(path: Path, options: ImportOptions, progress: Progress | None = None) -> ImportBatch:
    """Read a LinkedIn export folder, its ``.zip``, or one of its CSV files."""
    inputs = require_inputs(
        path,
        is_export_file,
        "Connections.csv, messages.csv or Invitations.csv",
        hint="pass the unzipped LinkedIn export folder, its .zip, or one of those files",
    )
    tables = sorted((_load_table(f) for f in inputs), key=lambda t: _ORDER.index(t.kind))
    batch = ImportBatch(source=SOURCE, files=[t.name for t in tables])
    builder = _Builder(options, batch, progress, total=sum(len(t.rows) for t in tables))
    for table in tables:
        builder.add_table(table)
    batch.contacts = builder.pool.contacts
    return batch


def _load_table(item: InputFile) -> _Table:
    """Decode ``item``, find its header and check every row has the header's width."""
    text = decode_text(item.read_bytes(), item.name)
    expected = _FILE_KINDS.get(item.basename.casefold())
    rows = read_csv(text, item.name)
    header: list[str] | None = None
    kind: str | None = None
    for line, cells in rows:
        lowered = [c.strip().casefold() for c in cells]
        kind = _kind_of(lowered, expected)
        if kind is not None:
            header = lowered
            break
        if line >= _HEADER_SEARCH_ROWS:
            break
    if header is None or kind is None:
        wanted = _EXAMPLE_HEADERS[expected] if expected else " or ".join(_EXAMPLE_HEADERS.values())
        raise ImportFormatError(
            f"{item.name}: not a LinkedIn export file: no header line like {wanted!r} "
            f"in the first {_HEADER_SEARCH_ROWS} lines",
        )
    table: list[tuple[int, dict[str, str]]] = []
    for line, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise ImportFormatError(
                f"{item.name}, line {line}: expected {len(header)} columns, found {len(cells)}",
                hint="the file may be truncated or edited; download the export again",
            )
        table.append((line, dict(zip(header, cells, strict=True))))
    return _Table(name=item.name, kind=kind, rows=table)


def _kind_of(header: list[str], expected: str | None) -> str | None:
    kinds = [expected] if expected else list(_REQUIRED)
    for kind in kinds:
        if all(col in header for col in _REQUIRED[kind]):
            return kind
    return None


@dataclass(slots=True)
class _Message:
    line: int
    when: datetime
    sender: str
    sender_url: str
    recipients: list[tuple[str, str]]
    title: str
    content: str


class _Builder:
    """Turns tables into batch records, sharing one contact pool across the files."""

    def __init__(
        self, options: ImportOptions, batch: ImportBatch, progress: Progress | None, total: int
    ) -> None:
        self.options = options
        self.batch = batch
        self.pool = ContactPool()
        self.progress = progress
        self.total = total
        self.done = 0
        self.connection_ids: set[str] = set()
        self.owner_names: set[str] = set()
        if options.me:
            self.owner_names.add(name_key(options.me))

    def tick(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)

    def add_table(self, table: _Table) -> None:
        if table.kind == "connections":
            self.add_connections(table)
        elif table.kind == "invitations":
            self.add_invitations(table)
        else:
            self.add_messages(table)

    # --- Connections.csv -------------------------------------------------------------

    def add_connections(self, table: _Table) -> None:
        for line, row in table.rows:
            self.tick()
            name = " ".join(f"{row['first name'].strip()} {row['last name'].strip()}".split())
            if not name:
                self.batch.warnings.append(
                    f"{table.name}, line {line}: a connection without a name was skipped "
                    "(LinkedIn hides names of some members)"
                )
                continue
            connected = _connection_date(row["connected on"], table.name, line)
            url = row.get("url", "").strip()
            email = row.get("email address", "").strip()
            handles = {"linkedin": url} if url else {}
            if email:
                handles["email"] = email
            sid = (
                f"linkedin:conn:{normalize_handle('linkedin', url)}"
                if url
                else f"linkedin:conn:{short_hash(name, connected.isoformat())}"
            )
            contact = self.pool.add(
                Contact(
                    name=name,
                    organisation=row.get("company", "").strip(),
                    role=row.get("position", "").strip(),
                    handles=handles,
                    connected_on=connected,
                    source_ids=(sid,),
                )
            )
            self.connection_ids.add(contact.id)

    # --- Invitations.csv -------------------------------------------------------------

    def add_invitations(self, table: _Table) -> None:
        for line, row in table.rows:
            self.tick()
            direction = row["direction"].strip().upper()
            if direction not in ("INCOMING", "OUTGOING"):
                raise ImportFormatError(
                    f"{table.name}, line {line}: Direction must be INCOMING or OUTGOING, "
                    f"not {row['direction']!r}"
                )
            outgoing = direction == "OUTGOING"
            me, them = ("from", "to") if outgoing else ("to", "from")
            name = row[them].strip()
            if not name:
                continue
            self.owner_names.add(name_key(row[me]))
            url = row.get("inviteeprofileurl" if outgoing else "inviterprofileurl", "").strip()
            sent = _invitation_date(row["sent at"], table.name, line)
            contact = self.person(name, url)
            accepted = contact.id in self.connection_ids
            message = row.get("message", "").strip()
            summary = f"Invitation: {clip(message)}" if message else "Invitation (no message)"
            self.batch.conversations.append(
                Conversation(
                    contact_ids=(contact.id,),
                    channel=CHANNEL,
                    started=sent,
                    initiated_by=Initiator.ME if outgoing else Initiator.THEM,
                    replied=accepted,
                    replied_on=_accepted_on(contact, sent) if accepted else None,
                    last_date=sent,
                    summary=summary,
                    messages_out=1 if outgoing else 0,
                    messages_in=0 if outgoing else 1,
                    source_id=f"linkedin:inv:{short_hash(direction, name, row['sent at'])}",
                )
            )

    # --- messages.csv ----------------------------------------------------------------

    def add_messages(self, table: _Table) -> None:
        threads: dict[str, list[_Message]] = {}
        for line, row in table.rows:
            self.tick()
            if row.get("is message draft", "").strip().lower() in ("yes", "true"):
                continue
            conv_id = row["conversation id"].strip()
            if not conv_id:
                raise ImportFormatError(f"{table.name}, line {line}: empty CONVERSATION ID")
            names = [n.strip() for n in row["to"].split(",")]
            urls = [u.strip() for u in row.get("recipient profile urls", "").split(",")]
            if len(urls) != len(names):
                urls = [""] * len(names)
            threads.setdefault(conv_id, []).append(
                _Message(
                    line=line,
                    when=_message_time(row["date"], table.name, line),
                    sender=row["from"].strip(),
                    sender_url=row.get("sender profile url", "").strip(),
                    recipients=[(n, u) for n, u in zip(names, urls, strict=True) if n],
                    title=(row.get("conversation title", "") or row.get("subject", "")).strip(),
                    content=row["content"],
                )
            )
        owner = self.find_owner(threads, table.name)
        for conv_id, messages in threads.items():
            ordered = sorted(messages, key=lambda m: (m.when, m.line))
            self.add_thread(table.name, conv_id, ordered, owner)

    def find_owner(self, threads: dict[str, list[_Message]], name: str) -> str:
        """The owner's name key: ``--me``, else the one person present in every thread.

        The export is of one person's inbox, so they take part in every
        conversation; anyone else appears in only some. With a single thread
        (or several with the same two people) that is ambiguous and ``--me`` is
        required. An invitation's sender/recipient side also names the owner.
        """
        if self.options.me:
            return name_key(self.options.me)
        presence: Counter[str] = Counter()
        for messages in threads.values():
            people = {name_key(m.sender) for m in messages}
            people |= {name_key(n) for m in messages for n, _ in m.recipients}
            presence.update(people - {""})
        if not presence:
            return ""
        ranked = presence.most_common()
        top = [person for person, count in ranked if count == ranked[0][1]]
        known = [person for person in top if person in self.owner_names]
        if len(top) == 1 or len(known) == 1:
            return known[0] if known else top[0]
        raise InputError(
            f"{name}: cannot tell which participant is you",
            field="me",
            hint='pass --me "Your Name" as it appears in the FROM column',
        )

    def add_thread(self, name: str, conv_id: str, messages: list[_Message], owner: str) -> None:
        people: list[str] = []
        for m in messages:
            participants = [(m.sender, m.sender_url), *m.recipients]
            for person, url in participants:
                if person and name_key(person) != owner:
                    people.append(self.person(person, url).id)
        if not people:
            self.batch.warnings.append(
                f"{name}, line {messages[0].line}: conversation {conv_id} has no one but you; "
                "skipped"
            )
            return
        first = messages[0]
        mine = [name_key(m.sender) == owner for m in messages]
        initiated = Initiator.ME if mine[0] else Initiator.THEM
        answers = [m for m, by_me in zip(messages, mine, strict=True) if by_me != mine[0]]
        self.batch.conversations.append(
            Conversation(
                contact_ids=unique(people),
                channel=CHANNEL,
                started=local_date(first.when),
                initiated_by=initiated,
                replied=bool(answers),
                replied_on=local_date(answers[0].when) if answers else None,
                last_date=local_date(messages[-1].when),
                summary=first.title or clip(first.content),
                messages_out=sum(mine),
                messages_in=len(mine) - sum(mine),
                source_id=f"linkedin:msg:{conv_id}",
            )
        )

    def person(self, name: str, url: str) -> Contact:
        """The pooled contact for a message or invitation participant."""
        sid = (
            f"linkedin:conn:{normalize_handle('linkedin', url)}"
            if url
            else f"linkedin:name:{short_hash(name)}"
        )
        return self.pool.add(
            Contact(name=name, handles={"linkedin": url} if url else {}, source_ids=(sid,))
        )


def _accepted_on(contact: Contact, sent: date) -> date | None:
    """An accepted invitation's answer date is the connection date, if it is not earlier."""
    return contact.connected_on if contact.connected_on and contact.connected_on >= sent else None


_DMY = re.compile(r"^\s*(\d{1,2})[ -]([A-Za-z]{3,9})[ -](\d{2}|\d{4})\s*$")
_ISO = re.compile(
    r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?\s*(UTC|Z)?\s*$"
)
_US = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{2}|\d{4}),?\s+(\d{1,2}):(\d{2})\s*([AaPp][Mm])\s*$")


def _year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def _connection_date(text: str, name: str, line: int) -> date:
    """``15 Mar 2024`` (current) or ``15-Mar-24`` (older exports); ISO also accepted."""
    try:
        if m := _DMY.match(text):
            return date(_year(m[3]), month_number(m[2]), int(m[1]))
        if m := _ISO.match(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        pass
    raise ImportFormatError(f"{name}, line {line}: bad Connected On date {text!r}")


def _message_time(text: str, name: str, line: int) -> datetime:
    """``2024-03-15 10:22:01 UTC``: messages are stamped in UTC."""
    try:
        if m := _ISO.match(text):
            return datetime(
                int(m[1]),
                int(m[2]),
                int(m[3]),
                int(m[4] or 0),
                int(m[5] or 0),
                int(m[6] or 0),
                tzinfo=UTC,
            )
    except ValueError:
        pass
    raise ImportFormatError(f"{name}, line {line}: bad DATE {text!r}")


def _invitation_date(text: str, name: str, line: int) -> date:
    """``11/2/24, 9:15 AM``: LinkedIn writes this column month-first whatever your locale.

    That is a fixed property of the export, not a guess about the user's
    habits, so it is the one place netjournal reads a slashed date month-first.
    """
    try:
        if m := _US.match(text):
            return date(_year(m[3]), int(m[1]), int(m[2]))
        if m := _ISO.match(text):
            return local_date(
                datetime(
                    int(m[1]), int(m[2]), int(m[3]), int(m[4] or 0), int(m[5] or 0), tzinfo=UTC
                )
            )
        return _connection_date(text, name, line)
    except (ValueError, ImportFormatError):
        pass
    raise ImportFormatError(f"{name}, line {line}: bad Sent At date {text!r}")
