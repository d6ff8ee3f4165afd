"""Bluesky repository export (.car): posts, replies, reposts and likes by day; threads."""

from __future__ import annotations

import hashlib
import zipfile
from datetime import date, time
from pathlib import Path
from typing import Any

import libipld
import pytest

from netjournal.domain.models import Initiator, Mode, Purpose, Style
from netjournal.errors import ImportFormatError
from netjournal.importers.base import ImportBatch, ImportOptions
from netjournal.importers.bluesky import parse
from tests.conftest import FIXTURES, FROZEN_TODAY
from tests.functional.importers.batches import activity

HERE = FIXTURES / "bluesky"
REPO = HERE / "repo.car"
TRUNCATED = HERE / "repo-truncated.car"
OPTIONS = ImportOptions(today=FROZEN_TODAY)
JANE = "did:plc:jz3smthrn4lq7xkd2vwpbe5a"
TOM = "did:plc:tmhghs5phys2qk4xvz7wcab6"


@pytest.fixture(scope="module")
def repo() -> ImportBatch:
    return parse(REPO, OPTIONS)


def names(batch: ImportBatch, ids: tuple[str, ...]) -> list[str]:
    by_id = {c.id: c for c in batch.contacts}
    return [by_id[i].name for i in ids]


def test_every_activity_is_online_on_channel_bluesky(repo: ImportBatch) -> None:
    assert len(repo.activities) == 7
    assert {(a.mode, a.channel) for a in repo.activities} == {(Mode.ONLINE, "bluesky")}


def test_posts_and_my_own_threads_are_broadcasts(repo: ImportBatch) -> None:
    posts = activity(repo, "2024-03-14", Style.BROADCAST)
    assert (posts.minutes, posts.note, posts.time) == (10, "Bluesky: 2 posts", time(9, 15))
    assert posts.purpose is Purpose.BROADCAST


def test_reposts_are_broadcasts_and_likes_listening_at_the_retweet_rate(repo: ImportBatch) -> None:
    reposts = activity(repo, "2024-03-15", Style.BROADCAST)
    assert (reposts.minutes, reposts.note) == (2, "Bluesky: 2 reposts")
    likes = activity(repo, "2024-03-15", Style.LISTENING)
    assert (likes.minutes, likes.note, likes.contact_ids) == (2, "Bluesky: 2 likes", ())


def test_replies_and_mentions_are_conversations_with_those_people(repo: ImportBatch) -> None:
    talk = activity(repo, "2024-03-15", Style.CONVERSATION)
    assert talk.minutes == 15
    assert names(repo, talk.contact_ids) == ["@rcn.org.uk", "@janesmith.bsky.social", TOM]


def test_replies_are_threaded_into_one_conversation_per_root(repo: ImportBatch) -> None:
    mine = next(
        c
        for c in repo.conversations
        if c.started == date(2024, 3, 15) and c.initiated_by is Initiator.ME
    )
    # my post mentioning two people, then my reply (same root) to RCN's answer
    assert mine.source_id.startswith("bluesky:thread:at://did:plc:a7m3rg4nxq2kzt5wyvb6ejod/")
    assert names(repo, mine.contact_ids) == ["@rcn.org.uk", "@janesmith.bsky.social"]
    assert (mine.replied, mine.replied_on) == (True, date(2024, 3, 15))
    assert (mine.messages_out, mine.messages_in) == (2, 1)
    theirs = next(c for c in repo.conversations if c.source_id.endswith("3kns2vjhgqs2a"))
    assert theirs.source_id == f"bluesky:thread:at://{JANE}/app.bsky.feed.post/3kns2vjhgqs2a"
    assert (theirs.initiated_by, theirs.replied) == (Initiator.THEM, True)
    assert len(repo.conversations) == 3


def test_people_are_named_by_the_handle_their_mention_shows_else_the_did(repo: ImportBatch) -> None:
    jane = next(c for c in repo.contacts if c.source_ids == (f"bluesky:{JANE}",))
    assert (jane.name, jane.handles) == (
        "@janesmith.bsky.social",
        {"bluesky": "janesmith.bsky.social"},
    )
    tom = next(c for c in repo.contacts if c.source_ids == (f"bluesky:{TOM}",))
    assert (tom.name, tom.handles) == (TOM, {})  # only ever a reply's parent: a DID
    assert len(repo.contacts) == 3


def test_days_are_london_days(repo: ImportBatch) -> None:
    late = activity(repo, "2024-06-30", Style.BROADCAST)  # 23:30 UTC on 29 June
    assert late.time == time(0, 30)
    assert not [a for a in repo.activities if a.date == date(2024, 6, 29)]


def test_a_zip_holding_the_car_reads_the_same(repo: ImportBatch, tmp_path: Path) -> None:
    zipped = tmp_path / "export.zip"
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.write(REPO, "alexmorgan.bsky.social-2026-11-24.car")
    again = parse(zipped, OPTIONS)
    assert [a.source_id for a in again.activities] == [a.source_id for a in repo.activities]


def test_a_truncated_export_is_refused_naming_the_file() -> None:
    with pytest.raises(ImportFormatError) as err:
        parse(TRUNCATED, OPTIONS)
    message = err.value.one_line()
    assert str(TRUNCATED) in message
    assert "not a readable CAR file" in message


def test_a_file_that_is_not_a_car_is_refused(tmp_path: Path) -> None:
    wrong = tmp_path / "repo.car"
    wrong.write_text('{"posts": []}', encoding="utf-8")
    with pytest.raises(ImportFormatError, match=r"repo\.car: not a readable CAR file"):
        parse(wrong, OPTIONS)


# --- hand-built CARs: damaged or hostile trees ---------------------------------------------


def cid(block: bytes) -> bytes:
    return bytes([0x01, 0x71, 0x12, 0x20]) + hashlib.sha256(block).digest()


def write_car(path: Path, root: bytes, blocks: list[bytes]) -> Path:
    def varint(n: int) -> bytes:
        out = bytearray()
        while True:
            out.append((n & 0x7F) | (0x80 if n > 0x7F else 0))
            n >>= 7
            if not n:
                return bytes(out)

    header = libipld.encode_dag_cbor({"version": 1, "roots": [root]})
    parts = [varint(len(header)), header]
    for block in blocks:
        parts += [varint(len(cid(block)) + len(block)), cid(block), block]
    path.write_bytes(b"".join(parts))
    return path


def one_record_car(path: Path, record: dict[str, Any]) -> Path:
    value = libipld.encode_dag_cbor(record)
    node = libipld.encode_dag_cbor(
        {
            "l": None,
            "e": [{"p": 0, "k": b"app.bsky.feed.post/3knnqkrig222b", "v": cid(value), "t": None}],
        }
    )
    commit = libipld.encode_dag_cbor(
        {"did": "did:plc:me", "version": 3, "data": cid(node), "rev": "3n32dhfgxk22b", "prev": None}
    )
    return write_car(path, cid(commit), [commit, node, value])


def test_a_record_with_a_bad_date_names_the_record(tmp_path: Path) -> None:
    car = one_record_car(
        tmp_path / "repo.car",
        {"$type": "app.bsky.feed.post", "text": "hi", "createdAt": "yesterday"},
    )
    with pytest.raises(
        ImportFormatError,
        match=r"repo\.car, record app\.bsky\.feed\.post/3knnqkrig222b: bad createdAt 'yesterday'",
    ):
        parse(car, OPTIONS)


def test_a_tree_that_points_at_a_missing_node_is_refused(tmp_path: Path) -> None:
    commit = libipld.encode_dag_cbor(
        {"did": "did:plc:me", "version": 3, "data": cid(b"gone"), "prev": None}
    )
    car = write_car(tmp_path / "repo.car", cid(commit), [commit])
    with pytest.raises(ImportFormatError, match="record tree is missing or malformed"):
        parse(car, OPTIONS)


def test_a_tree_that_loops_is_refused_not_walked_for_ever(tmp_path: Path) -> None:
    # content addressing makes a real cycle impossible, but nothing forces a file's CIDs
    # to match its blocks: a node that names its own CID as subtree
    fake = bytes([0x01, 0x71, 0x12, 0x20]) + bytes(32)
    node = libipld.encode_dag_cbor({"l": fake, "e": []})
    commit = libipld.encode_dag_cbor(
        {"did": "did:plc:me", "version": 3, "data": fake, "prev": None}
    )
    header = libipld.encode_dag_cbor({"version": 1, "roots": [cid(commit)]})

    def framed(key: bytes, block: bytes) -> bytes:
        return bytes([len(key) + len(block)]) + key + block

    path = tmp_path / "repo.car"
    path.write_bytes(
        bytes([len(header)]) + header + framed(cid(commit), commit) + framed(fake, node)
    )
    with pytest.raises(ImportFormatError, match="visits a node twice"):
        parse(path, OPTIONS)


def test_a_root_that_is_not_a_commit_is_refused(tmp_path: Path) -> None:
    block = libipld.encode_dag_cbor({"hello": "world"})
    car = write_car(tmp_path / "repo.car", cid(block), [block])
    with pytest.raises(ImportFormatError, match="not a repository commit"):
        parse(car, OPTIONS)
