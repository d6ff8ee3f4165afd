"""X (Twitter) archive: ``data/tweets.js`` (and ``account.js`` for who you are).

Tweets become online activities on channel ``x``, one per day and style:

* replies to other people and posts that mention people are *conversations*
  (one :class:`Conversation` per day and person, linked to a contact with
  that X handle);
* plain posts (and replies to yourself, i.e. threads) are *broadcasts*;
* retweets (``RT @…``) are *listening*: you passed on what you read.

Minutes are an estimate, since the archive records moments not durations:
``minutes_per_post`` per post or reply and ``minutes_per_retweet`` per
retweet (5 and 1 by default; ``--minutes-per-post``/``--minutes-per-retweet``).
Days are Europe/London calendar days of the UTC ``created_at`` stamps.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
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
    decode_text,
    find_inputs,
    month_number,
)
from netjournal.importers.people import ContactPool, unique
from netjournal.importers.social import Action, day_activities

SOURCE = "x"
CHANNEL = "x"

_PREFIX = re.compile(r"\A\s*window\.YTD\.(\w+)\.part(\d+)\s*=\s*")
_TWEET_FILE = re.compile(r"^tweets?(-part\d+)?\.js$", re.IGNORECASE)
_CREATED = re.compile(
    r"^\w{3} (\w{3}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$"
)


def is_archive_file(basename: str) -> bool:
    """``tweets.js``, ``tweets-part1.js``, the older ``tweet.js``, and ``account.js``."""
    return bool(_TWEET_FILE.match(basename)) or basename.casefold() == "account.js"


@dataclass(frozen=True, slots=True)
class _Tweet:
    """The parts of one archived tweet that matter here."""

    file: str
    line: int
    id: str
    when: datetime
    text: str
    reply_to: str  # screen name, "" when not a reply
    reply_to_id: str
    mentions: tuple[tuple[str, str, str], ...]  # (screen_name, display name, id_str)

    @property
    def day(self) -> date:
        return self.when.astimezone(LOCAL_TZ).date()

    @property
    def is_retweet(self) -> bool:
        return self.text.startswith("RT @")


@dataclass(slots=True)
class _Thread:
    """My tweets to one person on one day, in time order (a tweet to two people is in both)."""

    handle: str
    tweets: list[_Tweet] = field(default_factory=list)
    people: list[str] = field(default_factory=list)


def parse(path: Path, options: ImportOptions, progress: Progress | None = None) -> ImportBatch:
    """Read an X archive folder, its ``.zip``, or a ``tweets.js`` file."""
    inputs = find_inputs(path, is_archive_file)
    tweets: list[_Tweet] = []
    account: str | None = None
    files: list[str] = []
    tweet_files = 0
    for item in inputs:
        name, items = _load_ytd(item)
        files.append(item.name)
        if name == "account":
            account = _account_username(items, item.name) or account
        elif name in ("tweets", "tweet"):
            tweet_files += 1
            tweets.extend(_tweet(item.name, line, obj) for line, obj in items)
        # other YTD files (likes, DMs …) are not read
    if not tweet_files:
        raise ImportFormatError(
            f"{path}: no tweets.js found",
            hint="pass the unzipped X archive folder, its .zip, or data/tweets.js",
        )
    batch = ImportBatch(source=SOURCE, files=files)
    me = options.me.strip() if options.me and " " not in options.me.strip() else None
    owner = (me or account or _guess_owner(tweets) or "").lstrip("@").casefold()
    _build(batch, sorted(tweets, key=lambda t: (t.when, t.id)), owner, options, progress)
    if not tweets:
        batch.warnings.append(f"{', '.join(files)}: the archive holds no tweets")
    return batch


def _load_ytd(item: InputFile) -> tuple[str, list[tuple[int, Any]]]:
    """A ``window.YTD.<name>.partN = [...]`` file as ``(name, [(line, object), ...])``.

    Elements are decoded one by one so an error can name the line where the
    broken element starts, and so each tweet keeps its line for later errors.
    """
    text = decode_text(item.read_bytes(), item.name)
    match = _PREFIX.match(text)
    if match is None:
        raise ImportFormatError(
            f"{item.name}, line 1: not an X archive file "
            "(expected it to start with 'window.YTD.tweets.part0 = [')"
        )
    decoder = json.JSONDecoder()
    pos = _skip_ws(text, match.end())
    if not text.startswith("[", pos):
        raise ImportFormatError(f"{item.name}, line {_line(text, pos)}: expected '[' after '='")
    pos = _skip_ws(text, pos + 1)
    items: list[tuple[int, Any]] = []
    if text.startswith("]", pos):
        return match[1], items
    while True:
        try:
            obj, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise ImportFormatError(
                f"{item.name}, line {_line(text, exc.pos)}: broken JSON ({exc.msg}); "
                "the file may be truncated"
            ) from exc
        except RecursionError as exc:
            # The stdlib decoder recurses once per level and stops cleanly at the
            # interpreter's limit (≈ 1,000, like orjson's 1,024 for store files).
            raise ImportFormatError(
                f"{item.name}, line {_line(text, pos)}: JSON nested too deeply "
                "(real archives nest a few levels); the file looks damaged or hostile"
            ) from exc
        items.append((_line(text, pos), obj))
        pos = _skip_ws(text, end)
        if text.startswith(",", pos):
            pos = _skip_ws(text, pos + 1)
            continue
        if text.startswith("]", pos):
            break
        raise ImportFormatError(
            f"{item.name}, line {_line(text, pos)}: expected ',' or ']' (the file may be truncated)"
        )
    rest = text[pos + 1 :].strip().rstrip(";").strip()
    if rest:
        raise ImportFormatError(f"{item.name}, line {_line(text, pos)}: unexpected text after ']'")
    return match[1], items


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _account_username(items: list[tuple[int, Any]], name: str) -> str | None:
    for _line_no, obj in items:
        account = obj.get("account") if isinstance(obj, dict) else None
        if isinstance(account, dict) and isinstance(account.get("username"), str):
            return str(account["username"])
    return None


def _tweet(name: str, line: int, obj: Any) -> _Tweet:
    """One archive element (``{"tweet": {...}}``, or the bare object in old archives)."""
    where = f"line {line}"
    raw = obj.get("tweet", obj) if isinstance(obj, dict) else None
    if not isinstance(raw, dict):
        raise ImportFormatError(f"{name}, {where}: expected a tweet object")
    try:
        tweet_id = str(raw["id_str"])
        created = str(raw["created_at"])
        text = str(raw["full_text"] if "full_text" in raw else raw["text"])
    except KeyError as exc:
        raise ImportFormatError(f"{name}, {where}: tweet has no {exc.args[0]!r}") from exc
    check_length(text, name, where)
    entities = raw.get("entities") or {}
    mentions: list[tuple[str, str, str]] = []
    for mention in entities.get("user_mentions") or () if isinstance(entities, dict) else ():
        if isinstance(mention, dict) and mention.get("screen_name"):
            mentions.append(
                (
                    check_length(str(mention["screen_name"]), name, where),
                    check_length(str(mention.get("name") or ""), name, where),
                    str(mention.get("id_str") or ""),
                )
            )
    return _Tweet(
        file=name,
        line=line,
        id=tweet_id,
        when=_created_at(created, name, where),
        text=text,
        reply_to=str(raw.get("in_reply_to_screen_name") or ""),
        reply_to_id=str(raw.get("in_reply_to_user_id_str") or ""),
        mentions=tuple(mentions),
    )


def _created_at(text: str, name: str, where: str) -> datetime:
    """``Wed Oct 10 20:19:24 +0000 2018``, parsed without the process locale."""
    m = _CREATED.match(text.strip())
    if m:
        try:
            offset = timedelta(hours=int(m[7]), minutes=int(m[8]))
            tz = timezone(-offset if m[6] == "-" else offset)
            return datetime(
                int(m[9]),
                month_number(m[1]),
                int(m[2]),
                int(m[3]),
                int(m[4]),
                int(m[5]),
                tzinfo=tz,
            )
        except ValueError:
            pass
    raise ImportFormatError(f"{name}, {where}: bad created_at {text!r}")


def _guess_owner(tweets: list[_Tweet]) -> str | None:
    """Without ``account.js`` or ``--me``: whoever I reply to without mentioning is me.

    A reply to someone else carries their ``@name`` in ``user_mentions``; a
    reply continuing my own thread does not (X never mentions you to
    yourself). The most frequent such reply target is the account owner.
    """
    counts: Counter[str] = Counter()
    for t in tweets:
        mentioned = {s.casefold() for s, _, _ in t.mentions}
        if t.reply_to and t.reply_to.casefold() not in mentioned:
            counts[t.reply_to.casefold()] += 1
    return counts.most_common(1)[0][0] if counts else None


def _kind(tweet: _Tweet, owner: str) -> str:
    if tweet.is_retweet:
        return "retweet"
    if tweet.reply_to and tweet.reply_to.casefold() != owner:
        return "reply"
    if any(s.casefold() != owner for s, _, _ in tweet.mentions):
        return "mention"
    return "post"


def _build(
    batch: ImportBatch,
    tweets: list[_Tweet],
    owner: str,
    options: ImportOptions,
    progress: Progress | None,
) -> None:
    """Group tweets into day activities and (day, person) conversations."""
    pool = ContactPool()
    names = _display_names(tweets)

    def person(handle: str) -> str:
        key = handle.casefold()

        def contact() -> Contact:
            screen, display, uid = names.get(key, (handle, "", ""))
            sid = f"x:user:{uid}" if uid else f"x:handle:{key}"
            return Contact(
                name=display or f"@{screen}", handles={"x": f"@{screen}"}, source_ids=(sid,)
            )

        return pool.person(key, contact)

    actions: list[Action] = []
    threads: dict[tuple[date, str], _Thread] = {}
    for done, tweet in enumerate(tweets, start=1):
        kind = _kind(tweet, owner)
        if kind == "retweet":
            actions.append(Action(tweet.when, Style.LISTENING, "retweet", share=True))
        elif kind == "post":
            actions.append(Action(tweet.when, Style.BROADCAST, "post", share=False))
        else:
            handles = [tweet.reply_to] if kind == "reply" else []
            handles += [s for s, _, _ in tweet.mentions if s.casefold() != owner]
            ids: list[str] = []
            for handle in unique(h for h in handles if h):
                key = (tweet.day, handle.casefold())
                thread = threads.setdefault(key, _Thread(handle=handle))
                thread.tweets.append(tweet)
                ids.append(person(handle))
                thread.people.append(ids[-1])
            actions.append(
                Action(tweet.when, Style.CONVERSATION, "reply or mention", False, tuple(ids))
            )
        if progress is not None:
            progress(done, len(tweets))

    for (day, handle), thread in threads.items():
        batch.conversations.append(_conversation(day, handle, thread, owner))
    batch.activities = day_activities(
        actions, channel=CHANNEL, source=SOURCE, title="X", options=options
    )
    batch.contacts = pool.contacts


def _display_names(tweets: list[_Tweet]) -> dict[str, tuple[str, str, str]]:
    """``handle -> (screen name, display name, user id)`` from every mention in the archive."""
    names: dict[str, tuple[str, str, str]] = {}
    for t in tweets:
        for screen, display, uid in t.mentions:
            names.setdefault(screen.casefold(), (screen, display, uid))
        if t.reply_to and t.reply_to_id:
            names.setdefault(t.reply_to.casefold(), (t.reply_to, "", t.reply_to_id))
    return names


def _conversation(day: date, handle: str, thread: _Thread, owner: str) -> Conversation:
    """One person, one day: who started it is whoever's tweet my first one answered.

    If my first tweet that day replies to them, they started it and I
    answered. If I mentioned them first, I started it, and a later reply of
    mine to them shows they answered. Each of my replies implies one tweet of
    theirs (``messages_in``); the archive holds only my side.
    """
    first = thread.tweets[0]
    answering = [
        t for t in thread.tweets if t.reply_to.casefold() == handle.casefold() and not t.is_retweet
    ]
    started_by_them = first.reply_to.casefold() == handle.casefold()
    answer = first if started_by_them else next((t for t in answering if t is not first), None)
    return Conversation(
        contact_ids=unique(thread.people),
        channel=CHANNEL,
        started=day,
        initiated_by=Initiator.THEM if started_by_them else Initiator.ME,
        replied=answer is not None,
        replied_on=answer.day if answer is not None else None,
        last_date=day,
        summary=clip(first.text),
        messages_out=len(thread.tweets),
        messages_in=len(answering),
        source_id=f"x:conv:{day.isoformat()}:{handle.casefold()}",
    )
