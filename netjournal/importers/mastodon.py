"""Mastodon account archive: ``outbox.json`` (and ``actor.json`` for who you are).

The archive (*Preferences > Import and export > Request your archive*) is a
zip with ``outbox.json``, an ActivityStreams ``OrderedCollection`` of your
``Create`` (a ``Note``) and ``Announce`` (a boost) activities, and
``actor.json``, your profile. They become online activities on channel
``mastodon``, one per day and style, as the X importer does:

* replies to other people and posts that mention people are *conversations*
  (one :class:`Conversation` per day and person, linked to a contact with
  that Mastodon handle);
* plain posts, replies to yourself (threads) and boosts are *broadcasts*.

Minutes are estimated as for X (``minutes_per_post`` per post or reply,
``minutes_per_retweet`` per boost). Days are Europe/London days.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from netjournal.domain.contact_record import Contact
from netjournal.domain.conversation_record import Conversation
from netjournal.domain.models import Initiator, Style
from netjournal.errors import ImportFormatError
from netjournal.importers.base import (
    LOCAL_TZ,
    ImportBatch,
    ImportOptions,
    InputFile,
    Progress,
    check_length,
    clip,
    decode_text,
    find_inputs,
    read_json,
)
from netjournal.importers.people import ContactPool, normalize_handle, unique
from netjournal.importers.social import Action, day_activities, html_text, moment

SOURCE = "mastodon"
CHANNEL = "mastodon"
_FILES = ("outbox.json", "actor.json")


def is_archive_file(basename: str) -> bool:
    return basename.casefold() in _FILES


@dataclass(frozen=True, slots=True)
class _Person:
    """Someone a status mentions or answers: ``@user@host`` and their actor URI."""

    handle: str  # "@alice@example.social"
    href: str

    @property
    def key(self) -> str:
        return normalize_handle("mastodon", self.handle)


@dataclass(frozen=True, slots=True)
class _Status:
    """The parts of one outbox item that matter here."""

    where: str
    when: datetime
    boost: bool
    text: str = ""
    reply_to: _Person | None = None  # the author of the status answered (not me)
    self_reply: bool = False
    replies: bool = False  # answers someone else, even one the archive cannot name
    mentions: tuple[_Person, ...] = ()


@dataclass(slots=True)
class _Thread:
    """My statuses to one person on one day, in time order."""

    person: _Person
    statuses: list[_Status] = field(default_factory=list)


def parse(path: Path, options: ImportOptions, progress: Progress | None = None) -> ImportBatch:
    """Read a Mastodon archive folder, its ``.zip``, or an ``outbox.json`` file."""
    _refuse_tarball(path)
    inputs = find_inputs(path, is_archive_file)
    outboxes = [i for i in inputs if i.basename.casefold() != "actor.json"]
    actors = [i for i in inputs if i.basename.casefold() == "actor.json"]
    if not outboxes:
        raise ImportFormatError(
            f"{path}: no outbox.json found",
            hint="pass the Mastodon archive .zip, its unzipped folder, or outbox.json",
        )
    owner_uri, owner_handle = "", ""
    if actors:
        owner_uri, owner_handle = _actor(actors[0])
    me = (options.me or "").strip()
    if me.startswith("@") and " " not in me:
        owner_handle = me if me.count("@") == 2 else owner_handle
    items: list[tuple[str, Any]] = []
    files: list[str] = [i.name for i in actors]
    for outbox in outboxes:
        files.append(outbox.name)
        items.extend(_items(outbox))
    if not owner_uri:
        owner_uri = next(
            (str(obj["actor"]) for _, obj in items if isinstance(obj.get("actor"), str)), ""
        )
    statuses: list[_Status] = []
    for done, (where, obj) in enumerate(items, start=1):
        status = _status(where, obj, owner_uri, owner_handle)
        if status is not None:
            statuses.append(status)
        if progress is not None:
            progress(done, len(items))
    batch = ImportBatch(source=SOURCE, files=sorted(files))
    _build(batch, sorted(statuses, key=lambda s: s.when), options)
    if not statuses:
        batch.warnings.append(f"{', '.join(batch.files)}: the archive holds no posts or boosts")
    return batch


def _refuse_tarball(path: Path) -> None:
    """Older Mastodon versions made ``.tar.gz`` archives: say what to do with one."""
    if path.is_file():
        try:
            with path.open("rb") as fh:
                magic = fh.read(2)
        except OSError:
            return
        if magic == b"\x1f\x8b":
            raise ImportFormatError(
                f"{path}: a .tar.gz archive (made by an older Mastodon); unpack it and pass "
                "the folder",
                field="path",
            )


def _load_json(item: InputFile) -> Any:
    data = item.read_bytes()
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        # a .car, an image or a spreadsheet given by mistake: say so, not "not UTF-8"
        raise ImportFormatError(
            f"{item.name}, line 1: not a Mastodon archive file (expected JSON starting with '{{')"
        )
    return read_json(decode_text(data, item.name), item.name, files="archives")


def _actor(item: InputFile) -> tuple[str, str]:
    """``(actor URI, "@user@host")`` from ``actor.json``."""
    data = _load_json(item)
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        raise ImportFormatError(f"{item.name}: not a Mastodon actor.json (it has no 'id')")
    uri = check_length(str(data["id"]), item.name, "'id'")
    user = data.get("preferredUsername")
    host = urlsplit(uri).hostname or ""
    return uri, f"@{user}@{host}" if isinstance(user, str) and user and host else ""


def _items(item: InputFile) -> list[tuple[str, dict[str, Any]]]:
    """The ``orderedItems`` of an outbox, each with ``"item N"`` for error messages."""
    data = _load_json(item)
    if not isinstance(data, dict) or data.get("type") not in ("OrderedCollection", "Collection"):
        raise ImportFormatError(
            f"{item.name}: not a Mastodon outbox (expected an ActivityStreams OrderedCollection)"
        )
    ordered = data.get("orderedItems", data.get("items", []))
    if not isinstance(ordered, list):
        raise ImportFormatError(f"{item.name}: 'orderedItems' is not a list")
    found: list[tuple[str, dict[str, Any]]] = []
    for number, obj in enumerate(ordered, start=1):
        where = f"{item.name}, item {number}"
        if not isinstance(obj, dict):
            raise ImportFormatError(f"{where}: expected an activity object")
        found.append((where, obj))
    return found


def _status(where: str, obj: dict[str, Any], owner_uri: str, owner_handle: str) -> _Status | None:
    """One outbox item, or ``None`` for kinds that are not posts or boosts."""
    kind = obj.get("type")
    if kind == "Announce":
        name, place = _split(where)
        return _Status(
            where=where, when=moment(obj.get("published"), name, place, "published"), boost=True
        )
    if kind != "Create":
        return None
    note = obj.get("object")
    if not isinstance(note, dict):
        raise ImportFormatError(f"{where}: a Create without its object")
    if note.get("type") not in ("Note", "Question", "Article"):
        return None
    stamp = obj.get("published") or note.get("published")
    name, place = _split(where)
    when = moment(stamp, name, place, "published")
    content = note.get("content")
    text = check_length(html_text(content) if isinstance(content, str) else "", name, place)
    mentions = tuple(
        p for p in (_mention(tag, name, place) for tag in _tags(note)) if p is not None
    )
    mine = {owner_uri}
    others = tuple(
        p
        for p in mentions
        if p.href not in mine
        and not (owner_handle and p.key == normalize_handle("mastodon", owner_handle))
    )
    reply_uri = note.get("inReplyTo")
    reply_to: _Person | None = None
    self_reply = False
    if isinstance(reply_uri, str) and reply_uri:
        check_length(reply_uri, name, place)
        if owner_uri and reply_uri.startswith(owner_uri.rstrip("/") + "/"):
            self_reply = True
        else:
            reply_to = next(
                (p for p in others if reply_uri.startswith(p.href.rstrip("/") + "/")), None
            ) or _author_of(reply_uri)
    return _Status(
        where=where,
        when=when,
        boost=False,
        text=text,
        reply_to=reply_to,
        self_reply=self_reply,
        replies=bool(reply_uri) and not self_reply,
        mentions=others,
    )


def _split(where: str) -> tuple[str, str]:
    name, _, place = where.rpartition(", ")
    return name, place


def _tags(note: dict[str, Any]) -> list[Any]:
    tags = note.get("tag")
    if isinstance(tags, dict):
        return [tags]
    return tags if isinstance(tags, list) else []


def _mention(tag: Any, name: str, where: str) -> _Person | None:
    """A ``Mention`` tag as a person; Mastodon writes local accounts as ``@user`` only."""
    if not isinstance(tag, dict) or tag.get("type") != "Mention":
        return None
    handle, href = tag.get("name"), tag.get("href")
    if not isinstance(handle, str) or not isinstance(href, str) or not handle.strip():
        return None
    handle = check_length(handle.strip(), name, where)
    check_length(href, name, where)
    if handle.count("@") == 1:
        host = urlsplit(href).hostname or ""
        handle = f"{handle}@{host}" if host else handle
    return _Person(handle=handle if handle.startswith("@") else f"@{handle}", href=href)


def _author_of(status_uri: str) -> _Person | None:
    """The author of ``https://host/users/NAME/statuses/ID`` (Mastodon's URI scheme)."""
    parts = urlsplit(status_uri)
    segments = parts.path.strip("/").split("/")
    if (
        len(segments) >= 4
        and segments[0] == "users"
        and segments[2] == "statuses"
        and parts.hostname
    ):
        href = f"{parts.scheme}://{parts.netloc}/users/{segments[1]}"
        return _Person(handle=f"@{segments[1]}@{parts.hostname}", href=href)
    return None


def _build(batch: ImportBatch, statuses: list[_Status], options: ImportOptions) -> None:
    """Day activities, and (day, person) conversations as the X importer makes them."""
    pool = ContactPool()

    def person(p: _Person) -> str:
        return pool.person(
            p.key,
            lambda: Contact(
                name=p.handle,
                handles={"mastodon": p.handle},
                source_ids=(f"mastodon:actor:{p.href}",),
            ),
        )

    actions: list[Action] = []
    threads: dict[tuple[date, str], _Thread] = {}
    for status in statuses:
        if status.boost:
            actions.append(Action(status.when, Style.BROADCAST, "boost", share=True))
            continue
        people = ([status.reply_to] if status.reply_to else []) + list(status.mentions)
        if people or status.replies:
            ids: list[str] = []
            seen: set[str] = set()
            for p in people:
                if p.key in seen:
                    continue
                seen.add(p.key)
                ids.append(person(p))
                thread = threads.setdefault((_day(status), p.key), _Thread(person=p))
                thread.statuses.append(status)
            actions.append(
                Action(status.when, Style.CONVERSATION, "reply or mention", False, tuple(ids))
            )
        else:
            actions.append(Action(status.when, Style.BROADCAST, "post", share=False))
    for (_when, key), thread in threads.items():
        batch.conversations.append(_conversation(thread, key, person(thread.person)))
    batch.activities = day_activities(
        actions, channel=CHANNEL, source=SOURCE, title="Mastodon", options=options
    )
    batch.contacts = pool.contacts


def _conversation(thread: _Thread, key: str, contact_id: str) -> Conversation:
    """One person, one day; who started it as in the X importer."""
    first = thread.statuses[0]
    answering = [s for s in thread.statuses if s.reply_to is not None and s.reply_to.key == key]
    started_by_them = bool(answering) and answering[0] is first
    answer = first if started_by_them else next((s for s in answering if s is not first), None)
    day = _day(first)
    return Conversation(
        contact_ids=unique([contact_id]),
        channel=CHANNEL,
        started=day,
        initiated_by=Initiator.THEM if started_by_them else Initiator.ME,
        replied=answer is not None,
        replied_on=_day(answer) if answer is not None else None,
        last_date=_day(thread.statuses[-1]),
        summary=clip(first.text),
        messages_out=len(thread.statuses),
        messages_in=len(answering),
        source_id=f"mastodon:conv:{day.isoformat()}:{key}",
    )


def _day(status: _Status) -> date:
    return status.when.astimezone(LOCAL_TZ).date()
