"""X archive: tweets become day activities, replies and mentions become conversations."""

from __future__ import annotations

import json
import shutil
import zipfile
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netjournal.domain.models import Initiator, Mode, Purpose, Style
from netjournal.errors import ImportFormatError
from netjournal.importers.base import ImportBatch, ImportOptions
from netjournal.importers.x import _created_at, parse
from tests.conftest import FIXTURES, FROZEN_TODAY
from tests.functional.importers.batches import activity, handles

ARCHIVE = FIXTURES / "x" / "archive"
OPTIONS = ImportOptions(today=FROZEN_TODAY)


@pytest.fixture(scope="module")
def archive() -> ImportBatch:
    return parse(ARCHIVE, OPTIONS)


def test_every_activity_is_online_on_channel_x(archive: ImportBatch) -> None:
    assert archive.activities
    assert {(a.mode, a.channel) for a in archive.activities} == {(Mode.ONLINE, "x")}


def test_plain_posts_and_my_own_threads_are_broadcasts(archive: ImportBatch) -> None:
    # 15 March: a two-tweet thread (the second replies to myself) = 2 posts
    posts = activity(archive, "2024-03-15", Style.BROADCAST)
    assert posts.minutes == 10
    assert posts.purpose is Purpose.BROADCAST
    assert posts.note == "X: 2 posts"
    assert posts.contact_ids == ()


def test_replies_and_mentions_are_conversations_with_those_handles(archive: ImportBatch) -> None:
    talk = activity(archive, "2024-03-15", Style.CONVERSATION)
    assert talk.minutes == 10  # one mention post + one reply, 5 minutes each
    assert handles(archive, talk.contact_ids, "x") == ["@NHSEngland", "@RCNi"]
    assert talk.time == time(12, 0)  # first one that day, London time (GMT in March)


def test_retweets_are_listening_at_one_minute_each(archive: ImportBatch) -> None:
    heard = activity(archive, "2026-11-23", Style.LISTENING)
    assert heard.minutes == 2
    assert heard.note == "X: 2 retweets"
    assert heard.contact_ids == ()  # retweeting someone is not a conversation with them


def test_minutes_per_tweet_are_configurable() -> None:
    batch = parse(
        ARCHIVE, ImportOptions(today=FROZEN_TODAY, minutes_per_post=2, minutes_per_retweet=3)
    )
    assert activity(batch, "2024-03-15", Style.BROADCAST).minutes == 4
    assert activity(batch, "2026-11-23", Style.LISTENING).minutes == 6


def test_days_are_london_days_not_utc_days(archive: ImportBatch) -> None:
    # "Sat Jun 29 23:30:00 +0000 2024" is 00:30 BST on Sunday 30 June
    late = activity(archive, "2024-06-30", Style.BROADCAST)
    assert late.time == time(0, 30)
    assert not [a for a in archive.activities if a.date == date(2024, 6, 29)]


def test_a_reply_to_someone_is_a_conversation_they_started_and_i_answered(
    archive: ImportBatch,
) -> None:
    (conv,) = [c for c in archive.conversations if c.started == date(2024, 3, 14)]
    assert handles(archive, conv.contact_ids, "x") == ["@JaneSmithRN"]
    assert conv.initiated_by is Initiator.THEM
    assert conv.replied is True
    assert (conv.messages_out, conv.messages_in) == (1, 1)


def test_a_mention_later_answered_is_mine_and_replied(archive: ImportBatch) -> None:
    rcni = next(c for c in archive.conversations if c.source_id == "x:conv:2024-03-15:rcni")
    assert rcni.initiated_by is Initiator.ME
    assert rcni.replied is True
    assert (rcni.messages_out, rcni.messages_in) == (2, 1)


def test_a_mention_without_an_answer_is_not_replied(archive: ImportBatch) -> None:
    nhse = next(c for c in archive.conversations if c.source_id == "x:conv:2024-03-15:nhsengland")
    assert nhse.initiated_by is Initiator.ME
    assert nhse.replied is False


def test_contacts_get_display_names_and_x_handles(archive: ImportBatch) -> None:
    jane = next(c for c in archive.contacts if c.handles["x"] == "@JaneSmithRN")
    assert jane.name == "Jane Smith 🩺"
    assert jane.source_ids == ("x:user:1190000000000000002",)
    assert not any(c.handles["x"].lower() == "@alexmorganrn" for c in archive.contacts)


def test_without_account_js_my_own_thread_is_still_recognised(tmp_path: Path) -> None:
    single = tmp_path / "tweets.js"
    shutil.copy(ARCHIVE / "data" / "tweets.js", single)
    batch = parse(single, OPTIONS)
    assert activity(batch, "2024-03-15", Style.BROADCAST).minutes == 10
    assert batch.files == [str(single)]


def test_the_archive_zip_reads_the_same_as_the_folder(archive: ImportBatch, tmp_path: Path) -> None:
    zipped = tmp_path / "twitter-2026-11-24-abc123.zip"
    with zipfile.ZipFile(zipped, "w") as zf:
        for path in (ARCHIVE / "data").iterdir():
            zf.write(path, f"data/{path.name}")
        zf.writestr("Your archive.html", "<html></html>")
    again = parse(zipped, OPTIONS)
    assert [a.source_id for a in again.activities] == [a.source_id for a in archive.activities]
    assert [a.minutes for a in again.activities] == [a.minutes for a in archive.activities]


def test_an_older_archive_with_tweet_js_and_bare_objects_is_read() -> None:
    batch = parse(FIXTURES / "x" / "tweet_2019.js", OPTIONS)
    assert {a.date for a in batch.activities} == {date(2024, 3, 14)}
    assert {a.style for a in batch.activities} == {Style.BROADCAST, Style.CONVERSATION}


def test_source_ids_are_stable_per_day_and_style(archive: ImportBatch) -> None:
    again = parse(ARCHIVE, OPTIONS)
    assert [a.source_id for a in again.activities] == [a.source_id for a in archive.activities]
    assert "x:day:2024-03-15:conversation" in {a.source_id for a in archive.activities}


def test_an_empty_archive_has_no_activities_and_says_so(tmp_path: Path) -> None:
    empty = tmp_path / "tweets.js"
    empty.write_text("window.YTD.tweets.part0 = [ ]", encoding="utf-8")
    batch = parse(empty, OPTIONS)
    assert batch.activities == []
    assert batch.warnings


def test_a_folder_without_tweets_js_is_refused(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    shutil.copy(ARCHIVE / "data" / "account.js", tmp_path / "data" / "account.js")
    with pytest.raises(ImportFormatError, match=r"no tweets\.js"):
        parse(tmp_path, OPTIONS)


def test_a_tweet_missing_created_at_names_its_line(tmp_path: Path) -> None:
    broken = tmp_path / "tweets.js"
    tweets = [
        {
            "tweet": {
                "id_str": "1",
                "full_text": "hi",
                "created_at": "Wed Oct 10 20:19:24 +0000 2018",
            }
        },
        {"tweet": {"id_str": "2", "full_text": "no date"}},
    ]
    broken.write_text("window.YTD.tweets.part0 = " + json.dumps(tweets, indent=2), encoding="utf-8")
    with pytest.raises(ImportFormatError, match=r"tweets\.js, line 9: tweet has no 'created_at'"):
        parse(broken, OPTIONS)


@settings(max_examples=80, deadline=None)
@given(
    moment=st.datetimes(
        min_value=datetime(2006, 3, 21), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
    )
)
def test_created_at_is_read_exactly_whatever_the_locale(moment: datetime) -> None:
    stamp = moment.replace(microsecond=0)
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    text = (
        f"{days[stamp.weekday()]} {months[stamp.month - 1]} {stamp.day:02d} "
        f"{stamp:%H:%M:%S} +0000 {stamp.year}"
    )
    assert _created_at(text, "tweets.js", "line 1") == stamp


def test_me_as_a_handle_names_the_owner_and_a_full_name_is_ignored(tmp_path: Path) -> None:
    single = tmp_path / "tweets.js"
    shutil.copy(ARCHIVE / "data" / "tweets.js", single)
    as_jane = parse(single, ImportOptions(today=FROZEN_TODAY, me="@JaneSmithRN"))
    # replying to "myself" is a thread: the 14 March reply becomes a post
    assert activity(as_jane, "2024-03-14", Style.BROADCAST).minutes == 10
    as_name = parse(single, ImportOptions(today=FROZEN_TODAY, me="Alex Morgan"))
    assert activity(as_name, "2024-03-14", Style.CONVERSATION).minutes == 5
