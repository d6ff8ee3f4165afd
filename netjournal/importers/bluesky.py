"""Bluesky repository export: the ``.car`` file from *Settings > Account > Export my data*.

The file is a CAR (content-addressed archive) of DAG-CBOR blocks: a signed
commit naming the account's DID and the root of a Merkle Search Tree whose
keys are ``<collection>/<record key>``. It is decoded by ``libipld`` (the
library the ``atproto`` SDK uses), imported only when this source is used;
this module only walks the tree. Records of three collections are read:

* ``app.bsky.feed.post`` — posts. A reply (``reply.root``/``reply.parent``) to
  someone else, or a post that mentions people (``facets`` with a mention),
  is a *conversation*; the others (plain posts, replies to yourself) are
  *broadcasts*. Posts of one thread (the same ``reply.root``) with other people
  become one :class:`Conversation`;
* ``app.bsky.feed.repost`` — reposts, *broadcasts*;
* ``app.bsky.feed.like`` — likes, *listening*.

Minutes are estimated as for X: ``minutes_per_post`` per post or reply,
``minutes_per_retweet`` per repost or like. Days are Europe/London days of
``createdAt``.

People appear in a repository only as DIDs. A contact is named after the
handle the post text shows where a mention facet covers it
(``@janesmith.bsky.social``), else after the DID (rename it with
``contact edit``); its source id is ``bluesky:<DID>`` either way.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

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
    require_inputs,
)
from netjournal.importers.people import ContactPool, unique
from netjournal.importers.social import Action, day_activities, moment

SOURCE = "bluesky"
CHANNEL = "bluesky"
POST = "app.bsky.feed.post"
REPOST = "app.bsky.feed.repost"
LIKE = "app.bsky.feed.like"

#: Largest export read. A very active account's repository is tens of MiB;
#: the file is read whole (libipld decodes bytes), so a bigger one is refused.
MAX_CAR_BYTES = 512 * 1024 * 1024
#: A real tree is about log4(records) deep (≈ 10 for a million records).
MAX_TREE_DEPTH = 64
#: Record keys are at most 1024 characters (atproto spec).
MAX_KEY_LENGTH = 1024


def is_export_file(basename: str) -> bool:
    return basename.casefold().endswith(".car")


@dataclass(frozen=True, slots=True)
class _Post:
    """One post of mine: where it sits in its thread and whom it involves."""

    where: str
    uri: str
    when: datetime
    text: str
    root: str  # the thread's root URI (its own URI when it is not a reply)
    parent_author: str  # DID of the post answered, "" when not a reply
    root_author: str
    mentions: tuple[str, ...]  # DIDs mentioned, not me

    @property
    def day(self) -> date:
        return self.when.astimezone(LOCAL_TZ).date()


@dataclass(slots=True)
class _Thread:
    posts: list[_Post] = field(default_factory=list)


def parse(path: Path, options: ImportOptions, progress: Progress | None = None) -> ImportBatch:
    """Read a Bluesky repository export (``.car``), or a folder or zip holding one."""
    inputs = require_inputs(
        path,
        is_export_file,
        ".car file",
        hint="pass the file from Bluesky's Settings > Account > Export my data",
    )
    if len(inputs) > 1:
        raise ImportFormatError(
            f"{path}: {len(inputs)} .car files found; pass one repository export at a time"
        )
    (item,) = inputs
    _check_size(path, item)
    owner, records = _read_repo(item)
    batch = ImportBatch(source=SOURCE, files=[item.name])
    _build(batch, item.name, owner, records, options, progress)
    if not batch.activities:
        batch.warnings.append(f"{item.name}: the repository holds no posts, reposts or likes")
    return batch


def _check_size(path: Path, item: InputFile) -> None:
    if path.is_file() and item.name == str(path):
        try:
            size = path.stat().st_size
        except OSError:
            return
        if size > MAX_CAR_BYTES:
            raise ImportFormatError(
                f"{item.name}: {size:,} bytes is larger than any Bluesky export "
                f"(the limit is {MAX_CAR_BYTES:,}); refused"
            )


def _read_repo(item: InputFile) -> tuple[str, list[tuple[str, dict[str, Any]]]]:
    """``(owner DID, [(collection/rkey, record), ...])`` of the repository in ``item``."""
    import libipld  # only `netjournal import bluesky` pays for it

    data = item.read_bytes()
    if len(data) > MAX_CAR_BYTES:
        raise ImportFormatError(f"{item.name}: larger than any Bluesky export; refused")
    try:
        header, blocks = libipld.decode_car(data)
    except (ValueError, TypeError) as exc:
        raise ImportFormatError(
            f"{item.name}: not a readable CAR file ({exc}); the file may be truncated "
            "or not a Bluesky repository export"
        ) from exc
    except RecursionError as exc:
        raise ImportFormatError(
            f"{item.name}: a block is nested too deeply; the file looks damaged or hostile"
        ) from exc
    roots = header.get("roots") if isinstance(header, dict) else None
    if not isinstance(roots, list) or not roots or not isinstance(roots[0], bytes):
        raise ImportFormatError(f"{item.name}: the CAR header names no root; not a repository")
    commit = blocks.get(roots[0])
    if not isinstance(commit, dict) or not isinstance(commit.get("did"), str):
        raise ImportFormatError(
            f"{item.name}: the root block is not a repository commit (no 'did'); "
            "not a Bluesky repository export"
        )
    owner = check_length(commit["did"], item.name, "commit")
    tree = commit.get("data")
    if not isinstance(tree, bytes):
        raise ImportFormatError(f"{item.name}: the commit points at no record tree")
    records: list[tuple[str, dict[str, Any]]] = []
    for key, cid in _walk(item.name, blocks, tree):
        collection = key.partition("/")[0]
        if collection not in (POST, REPOST, LIKE):
            continue
        record = blocks.get(cid)
        if not isinstance(record, dict):
            raise ImportFormatError(
                f"{item.name}, record {key}: its block is missing from the file (truncated?)"
            )
        records.append((key, record))
    return owner, records


def _walk(name: str, blocks: dict[bytes, Any], root: bytes) -> Iterator[tuple[str, bytes]]:
    """``(key, record CID)`` for every leaf of the Merkle Search Tree, in key order.

    Iterative, with the depth bounded and every node visited once, so a
    hostile file cannot loop or recurse without end.
    """
    seen: set[bytes] = set()
    # a stack of (node CID or a finished leaf, depth), processed last in first out
    stack: list[tuple[bytes | tuple[str, bytes], int]] = [(root, 0)]
    while stack:
        entry, depth = stack.pop()
        if isinstance(entry, tuple):
            yield entry
            continue
        if depth > MAX_TREE_DEPTH:
            raise ImportFormatError(f"{name}: the record tree is deeper than any real one")
        if entry in seen:
            raise ImportFormatError(f"{name}: the record tree visits a node twice; damaged")
        seen.add(entry)
        node = blocks.get(entry)
        if not isinstance(node, dict) or not isinstance(node.get("e"), list):
            raise ImportFormatError(
                f"{name}: a node of the record tree is missing or malformed (truncated?)"
            )
        items: list[bytes | tuple[str, bytes]] = []
        if isinstance(node.get("l"), bytes):
            items.append(node["l"])
        previous = b""
        for leaf in node["e"]:
            if not isinstance(leaf, dict):
                raise ImportFormatError(f"{name}: a malformed entry in the record tree")
            prefix, suffix, value = leaf.get("p"), leaf.get("k"), leaf.get("v")
            if (
                not isinstance(prefix, int)
                or not isinstance(suffix, bytes)
                or not isinstance(value, bytes)
                or not 0 <= prefix <= len(previous)
                or prefix + len(suffix) > MAX_KEY_LENGTH
            ):
                raise ImportFormatError(f"{name}: a malformed entry in the record tree")
            previous = previous[:prefix] + suffix
            key = previous.decode("ascii", errors="replace")
            items.append((key, value))
            if isinstance(leaf.get("t"), bytes):
                items.append(leaf["t"])
        stack.extend((item, depth + 1) for item in reversed(items))


def _author(uri: Any) -> str:
    """The DID of ``at://did:plc:…/collection/rkey``, or ``""``."""
    if isinstance(uri, str) and uri.startswith("at://"):
        return uri[5:].split("/", 1)[0]
    return ""


def _ref_uri(value: Any) -> str:
    return (
        str(value["uri"]) if isinstance(value, dict) and isinstance(value.get("uri"), str) else ""
    )


def _mentions(record: dict[str, Any], text: str) -> list[tuple[str, str]]:
    """``(did, handle or "")`` for each mention facet; the handle is the text it covers."""
    facets = record.get("facets")
    found: list[tuple[str, str]] = []
    if not isinstance(facets, list):
        return found
    raw = text.encode("utf-8")
    for facet in facets:
        if not isinstance(facet, dict):
            continue
        index, features = facet.get("index"), facet.get("features")
        if not isinstance(features, list):
            continue
        for feature in features:
            if not isinstance(feature, dict) or not str(feature.get("$type", "")).endswith(
                "#mention"
            ):
                continue
            did = feature.get("did")
            if not isinstance(did, str) or not did.startswith("did:"):
                continue
            handle = ""
            if isinstance(index, dict):
                start, end = index.get("byteStart"), index.get("byteEnd")
                if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(raw):
                    shown = raw[start:end].decode("utf-8", errors="replace").strip()
                    if shown.startswith("@") and " " not in shown and len(shown) <= 254:
                        handle = shown[1:]
            found.append((did, handle))
    return found


def _build(
    batch: ImportBatch,
    name: str,
    owner: str,
    records: list[tuple[str, dict[str, Any]]],
    options: ImportOptions,
    progress: Progress | None,
) -> None:
    handles: dict[str, str] = {}
    posts: list[_Post] = []
    actions: list[Action] = []
    for done, (key, record) in enumerate(records, start=1):
        where = f"record {key}"
        collection = key.partition("/")[0]
        when = moment(record.get("createdAt"), name, where, "createdAt")
        if collection == REPOST:
            actions.append(Action(when, Style.BROADCAST, "repost", share=True))
        elif collection == LIKE:
            actions.append(Action(when, Style.LISTENING, "like", share=True))
        else:
            posts.append(_post_of(key, record, owner, name, when, handles))
        if progress is not None:
            progress(done, len(records))

    pool = ContactPool()

    def person(did: str) -> str:
        def contact() -> Contact:
            handle = handles.get(did, "")
            return Contact(
                name=f"@{handle}" if handle else did,
                handles={"bluesky": handle} if handle else {},
                source_ids=(f"bluesky:{did}",),
            )

        return pool.person(did, contact)

    threads: dict[str, _Thread] = {}
    for post in sorted(posts, key=lambda p: (p.when, p.uri)):
        threads.setdefault(post.root, _Thread()).posts.append(post)
    for thread in threads.values():
        people = [p.parent_author for p in thread.posts if p.parent_author not in ("", owner)]
        people += [did for p in thread.posts for did in p.mentions]
        author = thread.posts[0].root_author
        if not people and author != owner:
            people.append(author)  # only my own replies under their post
        if people:
            batch.conversations.append(
                _conversation(thread, owner, [person(did) for did in unique(people)])
            )
    for post in posts:
        people = [d for d in (post.parent_author, *post.mentions) if d not in ("", owner)] or (
            [post.root_author] if post.root_author != owner else []
        )
        if people:
            ids = tuple(person(did) for did in unique(people))
            actions.append(Action(post.when, Style.CONVERSATION, "reply or mention", False, ids))
        else:
            actions.append(Action(post.when, Style.BROADCAST, "post", share=False))
    batch.activities = day_activities(
        actions, channel=CHANNEL, source=SOURCE, title="Bluesky", options=options
    )
    batch.contacts = pool.contacts


def _post_of(
    key: str,
    record: dict[str, Any],
    owner: str,
    name: str,
    when: datetime,
    handles: dict[str, str],
) -> _Post:
    """A post record as a :class:`_Post`; the handles its mentions name go into ``handles``."""
    where = f"record {key}"
    text = record.get("text")
    text = check_length(text if isinstance(text, str) else "", name, where)
    mentioned: list[str] = []
    for did, handle in _mentions(record, text):
        check_length(did, name, where)
        if handle:
            handles.setdefault(did, handle)
        if did != owner:
            mentioned.append(did)
    uri = f"at://{owner}/{key}"
    reply = record.get("reply")
    root = _ref_uri(reply.get("root")) if isinstance(reply, dict) else ""
    parent = _ref_uri(reply.get("parent")) if isinstance(reply, dict) else ""
    check_length(root + parent, name, where)
    return _Post(
        where=where,
        uri=uri,
        when=when,
        text=text,
        root=root or uri,
        parent_author=_author(parent or root),
        root_author=_author(root) if root else owner,
        mentions=unique(mentioned),
    )


def _conversation(thread: _Thread, owner: str, contact_ids: list[str]) -> Conversation:
    """One thread: started by whoever wrote its root; answered as the X importer reasons.

    If they wrote the root, my first post in the thread is my answer. If I did,
    each reply of mine to someone else's post shows they answered me, and stands
    for one post of theirs (``messages_in``); the export holds only my side.
    """
    posts = thread.posts
    first = posts[0]
    answering = [p for p in posts if p.parent_author not in ("", owner)]
    started_by_them = first.root_author != owner
    answer = first if started_by_them else (answering[0] if answering else None)
    return Conversation(
        contact_ids=unique(contact_ids),
        channel=CHANNEL,
        started=first.day,
        initiated_by=Initiator.THEM if started_by_them else Initiator.ME,
        replied=answer is not None,
        replied_on=answer.day if answer is not None else None,
        last_date=posts[-1].day,
        summary=clip(first.text),
        messages_out=len(posts),
        messages_in=len(answering),
        source_id=f"bluesky:thread:{first.root}",
    )
