"""Mastodon archive: posts, boosts and replies become day activities and conversations."""

from __future__ import annotations

import json
import shutil
import zipfile
from datetime import date, time
from pathlib import Path

import pytest

from netjournal.domain.models import Initiator, Mode, Purpose, Style
from netjournal.errors import ImportFormatError, InputError
from netjournal.importers.base import ImportBatch, ImportOptions
from netjournal.importers.mastodon import parse
from tests.conftest import FIXTURES, FROZEN_TODAY
from tests.functional.importers.batches import activity, handles

HERE = FIXTURES / "mastodon"
ARCHIVE = HERE / "archive"
ZIPPED = HERE / "archive-20261124093000-4f1c9e2ab07d4c55a1e8d3b6c0f29a17.zip"
DAMAGED = HERE / "archive-damaged-truncated-outbox.zip"
OPTIONS = ImportOptions(today=FROZEN_TODAY)


@pytest.fixture(scope="module")
def archive() -> ImportBatch:
    return parse(ARCHIVE, OPTIONS)


def test_every_activity_is_online_on_channel_mastodon(archive: ImportBatch) -> None:
    assert len(archive.activities) == 6
    assert {(a.mode, a.channel) for a in archive.activities} == {(Mode.ONLINE, "mastodon")}


def test_posts_and_my_own_threads_are_broadcasts_at_the_x_rate(archive: ImportBatch) -> None:
    posts = activity(archive, "2024-03-14", Style.BROADCAST)
    assert posts.minutes == 10  # a post and my reply to it, 5 minutes each as for X
    assert posts.purpose is Purpose.BROADCAST
    assert posts.note == "Mastodon: 2 posts"
    assert posts.time == time(9, 15)
    assert posts.contact_ids == ()


def test_boosts_are_broadcasts_at_the_retweet_rate(archive: ImportBatch) -> None:
    boosts = activity(archive, "2024-03-15", Style.BROADCAST)
    assert boosts.minutes == 2
    assert boosts.note == "Mastodon: 2 boosts"
    assert boosts.contact_ids == ()


def test_minutes_follow_the_same_options_as_x() -> None:
    batch = parse(
        ARCHIVE, ImportOptions(today=FROZEN_TODAY, minutes_per_post=3, minutes_per_retweet=4)
    )
    assert activity(batch, "2024-03-14", Style.BROADCAST).minutes == 6
    assert activity(batch, "2024-03-15", Style.BROADCAST).minutes == 8


def test_replies_and_mentions_are_conversations_with_those_handles(archive: ImportBatch) -> None:
    talk = activity(archive, "2024-03-15", Style.CONVERSATION)
    assert talk.minutes == 10
    # a local account is written "@tomhughes" in the archive: the host comes from its href
    assert handles(archive, talk.contact_ids, "mastodon") == [
        "@tomhughes@mastodon.social",
        "@rcn@nursing.social",
    ]


def test_a_reply_to_someone_is_a_conversation_they_started_and_i_answered(
    archive: ImportBatch,
) -> None:
    (conv,) = [c for c in archive.conversations if c.started == date(2024, 3, 14)]
    assert handles(archive, conv.contact_ids, "mastodon") == ["@janesmith@nursing.social"]
    assert conv.initiated_by is Initiator.THEM
    assert conv.replied is True
    assert (conv.messages_out, conv.messages_in) == (1, 1)
    assert conv.summary == "@janesmith Thanks Jane, the audit template is really useful."


def test_a_mention_later_answered_is_mine_and_replied(archive: ImportBatch) -> None:
    by_sid = {c.source_id: c for c in archive.conversations}
    rcn = by_sid["mastodon:conv:2024-03-15:rcn@nursing.social"]
    assert (rcn.initiated_by, rcn.replied, rcn.replied_on) == (
        Initiator.ME,
        True,
        date(2024, 3, 15),
    )
    assert (rcn.messages_out, rcn.messages_in) == (2, 1)
    tom = by_sid["mastodon:conv:2024-03-15:tomhughes@mastodon.social"]
    assert (tom.initiated_by, tom.replied) == (Initiator.ME, False)


def test_days_are_london_days_and_a_direct_message_is_a_conversation(
    archive: ImportBatch,
) -> None:
    late = activity(archive, "2024-06-30", Style.BROADCAST)  # 23:30 UTC on 29 June
    assert late.time == time(0, 30)
    assert late.note == "Mastodon: 2 posts"  # the post and a poll
    assert not [a for a in archive.activities if a.date == date(2024, 6, 29)]
    talk = activity(archive, "2024-06-30", Style.CONVERSATION)
    # the DM to Jane, and a reply to a Pixelfed post whose author the archive cannot name
    assert talk.note == "Mastodon: 2 replies or mentions"
    assert handles(archive, talk.contact_ids, "mastodon") == ["@janesmith@nursing.social"]


def test_contacts_are_named_by_handle_with_their_actor_as_source_id(archive: ImportBatch) -> None:
    jane = next(c for c in archive.contacts if c.handles["mastodon"] == "@janesmith@nursing.social")
    assert jane.name == "@janesmith@nursing.social"
    assert jane.source_ids == ("mastodon:actor:https://nursing.social/users/janesmith",)
    assert len(archive.contacts) == 3
    assert not any("alexmorgan" in c.handles["mastodon"] for c in archive.contacts)


def test_the_archive_zip_reads_the_same_as_the_folder(archive: ImportBatch) -> None:
    again = parse(ZIPPED, OPTIONS)
    assert [(a.source_id, a.minutes) for a in again.activities] == [
        (a.source_id, a.minutes) for a in archive.activities
    ]
    assert [c.source_id for c in again.conversations] == [
        c.source_id for c in archive.conversations
    ]
    assert all("!" in f for f in again.files)


def test_outbox_json_alone_is_read_and_the_owner_comes_from_its_items(tmp_path: Path) -> None:
    single = tmp_path / "outbox.json"
    shutil.copy(ARCHIVE / "outbox.json", single)
    batch = parse(single, OPTIONS)
    assert activity(batch, "2024-03-14", Style.BROADCAST).minutes == 10  # my thread still mine
    assert batch.files == [str(single)]


def test_source_ids_are_stable_per_day_and_style(archive: ImportBatch) -> None:
    again = parse(ARCHIVE, OPTIONS)
    assert [a.source_id for a in again.activities] == [a.source_id for a in archive.activities]
    assert "mastodon:day:2024-03-15:conversation" in {a.source_id for a in archive.activities}


def test_a_truncated_outbox_in_the_zip_is_refused_naming_file_and_line() -> None:
    with pytest.raises(ImportFormatError) as err:
        parse(DAMAGED, OPTIONS)
    message = err.value.one_line()
    assert f"{DAMAGED}!outbox.json, line " in message
    assert "broken JSON" in message


def test_an_item_without_a_date_names_the_item(tmp_path: Path) -> None:
    data = json.loads((ARCHIVE / "outbox.json").read_text(encoding="utf-8"))
    del data["orderedItems"][3]["published"]  # a boost
    broken = tmp_path / "outbox.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ImportFormatError, match=r"outbox\.json, item 4: no published"):
        parse(broken, OPTIONS)


def test_a_date_outside_what_netjournal_supports_is_refused(tmp_path: Path) -> None:
    data = json.loads((ARCHIVE / "outbox.json").read_text(encoding="utf-8"))
    data["orderedItems"][0]["published"] = "1870-01-01T00:00:00Z"
    broken = tmp_path / "outbox.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ImportFormatError, match=r"item 1: published '1870.*outside"):
        parse(broken, OPTIONS)


def test_a_file_that_is_not_an_outbox_is_refused(tmp_path: Path) -> None:
    wrong = tmp_path / "outbox.json"
    wrong.write_text('{"type": "Person", "id": "https://example.social/users/x"}', encoding="utf-8")
    with pytest.raises(ImportFormatError, match="not a Mastodon outbox"):
        parse(wrong, OPTIONS)


def test_a_folder_without_outbox_json_is_refused(tmp_path: Path) -> None:
    shutil.copy(ARCHIVE / "actor.json", tmp_path / "actor.json")
    with pytest.raises(ImportFormatError, match=r"no outbox\.json"):
        parse(tmp_path, OPTIONS)


def test_an_old_tar_gz_archive_is_refused_with_what_to_do(tmp_path: Path) -> None:
    import tarfile

    tarball = tmp_path / "archive-20200101000000-abc.tar.gz"
    with tarfile.open(tarball, "w:gz") as tf:
        tf.add(ARCHIVE / "outbox.json", arcname="outbox.json")
    with pytest.raises(ImportFormatError, match=r"\.tar\.gz archive .* unpack it"):
        parse(tarball, OPTIONS)


def test_deeply_nested_json_is_refused_not_crashed(tmp_path: Path) -> None:
    hostile = tmp_path / "outbox.json"
    hostile.write_text('{"a": ' * 100_000 + "1" + "}" * 100_000, encoding="utf-8")
    with pytest.raises(ImportFormatError, match="nested too deeply"):
        parse(hostile, OPTIONS)


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    bomb = tmp_path / "archive.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("outbox.json", b" " * (20 * 1024 * 1024))
    with pytest.raises(InputError, match="zip bomb"):
        parse(bomb, OPTIONS)
