"""Reciprocity: was the networking in a period two-way, and did it keep relationships alive?

"Being sociable, not just doing social." Each figure here is defined in
``docs/relationships.md`` precisely enough to check by hand; the field names
of :class:`SociabilitySummary` are the names used there, in ``--json`` output
and under ``sociability`` in ``netjournal week``.

Pure functions over the domain records; the caller passes everything it has
(history before the period is needed to tell a new connection from an old one).
The pieces it reads: the style mix (:mod:`netjournal.domain.style_mix`), the
facts of each conversation (:mod:`netjournal.domain.conversation_facts`) and
the day each contact became known (:mod:`netjournal.domain.known_since`).
Stdlib only.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from netjournal.domain.conversation_facts import conversation_dates
from netjournal.domain.daily import DayTotals, days_of
from netjournal.domain.known_since import known_since
from netjournal.domain.models import Activity, Initiator, Style
from netjournal.domain.style_mix import StyleMix, share
from netjournal.presentation import percent

if TYPE_CHECKING:
    from netjournal.domain.contact_record import Contact
    from netjournal.domain.conversation_facts import AnyConversation
    from netjournal.domain.conversation_record import Conversation

#: Conversation share (by count) at or above which a period reads as "sociable".
SOCIABLE_SHARE = 0.5
#: Conversation share at or above which a period reads as "mixed" (below: mostly one-way).
MIXED_SHARE = 0.25


def _replied_after_me(conversation: AnyConversation) -> bool:
    """Did the other side write after my messages? (message counts only, see the docs)."""
    if conversation.initiated_by is Initiator.ME:
        return conversation.messages_in >= 1
    return conversation.messages_in >= 2


@dataclass(frozen=True, slots=True)
class SociabilitySummary:
    """Reciprocity figures for one period (``start``..``end`` inclusive) and a verdict.

    ``conversation_share`` (by count) is the headline: "how many of the
    things I did were two-way"; ``conversation_minutes_share`` is shown beside
    it because a one-hour coffee and a two-minute reply both count once.
    """

    start: date
    end: date
    mix: StyleMix
    conversations: int
    started_by_me: int
    started_by_them: int
    my_openers_replied: int
    their_openers_answered: int
    messages_out: int
    messages_out_answered: int
    contacts_touched: int
    new_connections: int
    maintained: int
    label: str
    verdict: str

    @property
    def activities(self) -> int:
        return self.mix.total_count

    @property
    def conversation_share(self) -> float | None:
        return self.mix.count_share(Style.CONVERSATION)

    @property
    def conversation_minutes_share(self) -> float | None:
        return self.mix.minutes_share(Style.CONVERSATION)

    @property
    def reply_rate(self) -> float | None:
        """Share of conversations I started (in the period) that got a reply."""
        return share(self.my_openers_replied, self.started_by_me)

    @property
    def answer_rate(self) -> float | None:
        """Share of conversations they started (in the period) that I answered."""
        return share(self.their_openers_answered, self.started_by_them)

    @property
    def message_reply_share(self) -> float | None:
        """Share of my outgoing messages sent in conversations where they wrote back after me."""
        return share(self.messages_out_answered, self.messages_out)

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "label": self.label,
            "verdict": self.verdict,
            "activities": self.activities,
            "minutes": self.mix.total_minutes,
            "conversation_share": self.conversation_share,
            "conversation_minutes_share": self.conversation_minutes_share,
            "styles": self.mix.to_dict(),
            "conversations": self.conversations,
            "started_by_me": self.started_by_me,
            "started_by_them": self.started_by_them,
            "my_openers_replied": self.my_openers_replied,
            "reply_rate": self.reply_rate,
            "their_openers_answered": self.their_openers_answered,
            "answer_rate": self.answer_rate,
            "messages_out": self.messages_out,
            "messages_out_answered": self.messages_out_answered,
            "message_reply_share": self.message_reply_share,
            "contacts_touched": self.contacts_touched,
            "new_connections": self.new_connections,
            "maintained": self.maintained,
        }

    def text(self) -> str:
        """A few lines for the terminal; the verdict first."""
        mix = self.mix
        return "\n".join(
            [
                self.verdict,
                f"  activities: {mix.conversation_count} conversation, {mix.broadcast_count} "
                f"broadcast, {mix.listening_count} listening "
                f"(conversation {percent(self.conversation_share)} by count, "
                f"{percent(self.conversation_minutes_share)} by minutes)",
                f"  conversations: {self.conversations} started "
                f"({self.started_by_me} by me, {self.started_by_them} by them); "
                f"replies to mine {self.my_openers_replied}/{self.started_by_me} "
                f"({percent(self.reply_rate)}); I answered {self.their_openers_answered}/"
                f"{self.started_by_them} ({percent(self.answer_rate)})",
                f"  messages: {self.messages_out_answered}/{self.messages_out} of mine got a "
                f"reply ({percent(self.message_reply_share)})",
                f"  people: {self.contacts_touched} in touch; {self.new_connections} new "
                f"connections, {self.maintained} existing maintained",
            ]
        )


def _label(mix: StyleMix, conversations: int) -> str:
    two_way = mix.count_share(Style.CONVERSATION)
    if two_way is None:
        return "sociable" if conversations else "quiet"
    if two_way >= SOCIABLE_SHARE:
        return "sociable"
    if two_way >= MIXED_SHARE:
        return "mixed"
    return "broadcasting" if mix.broadcast_count >= mix.listening_count else "listening"


_LABEL_TEXT = {
    "sociable": "Sociable",
    "mixed": "Mixed",
    "broadcasting": "Mostly broadcasting",
    "listening": "Mostly listening",
    "quiet": "Quiet",
}


def _verdict(label: str, mix: StyleMix, by_me: int, replied: int, new: int, kept: int) -> str:
    if label == "quiet":
        return "Quiet: no networking logged in this period."
    parts = []
    if mix.total_count:
        parts.append(f"{mix.conversation_count} of {mix.total_count} activities were conversations")
    if by_me:
        parts.append(f"{replied} of {by_me} conversations you started got a reply")
    parts.append(f"{new} new and {kept} existing connections kept up")
    return f"{_LABEL_TEXT[label]}: " + "; ".join(parts) + "."


def summarise(
    start: date,
    end: date,
    activities: Iterable[Activity],
    conversations: Iterable[Conversation],
    contacts: Iterable[Contact],
    *,
    since: Mapping[str, date] | None = None,
) -> SociabilitySummary:
    """The reciprocity figures for ``start``..``end`` (both inclusive).

    Pass *all* activities, conversations and contacts: only those in the
    period are counted, but earlier history decides who is a new connection.
    ``since`` (from :func:`known_since`) may be passed to avoid recomputing
    it when summarising many periods.
    """
    if end < start:
        start, end = end, start
    all_activities = list(activities)
    all_conversations = list(conversations)
    first = (
        dict(since)
        if since is not None
        else known_since(contacts, all_activities, all_conversations)
    )
    in_period = [a for a in all_activities if start <= a.date <= end]
    return summarise_days(start, end, days_of(in_period), all_conversations, first)


def summarise_days(
    start: date,
    end: date,
    days: Iterable[tuple[date, DayTotals]],
    conversations: Iterable[AnyConversation],
    since: Mapping[str, date],
    *,
    known_days: Sequence[date] | None = None,
) -> SociabilitySummary:
    """:func:`summarise` over day totals and conversation facts (what the store caches).

    Only the days and conversations in ``start``..``end`` count, so callers
    may pass more. ``since`` maps every contact id to the day they became
    known (:func:`known_since`); ids missing from it (removed contacts) do
    not count as touched. ``known_days`` — ``sorted(since.values())`` — lets
    a caller summarising many periods count new connections by bisection.
    """
    if end < start:
        start, end = end, start
    counts = [0, 0, 0]
    minutes = [0, 0, 0]
    touched: set[str] = set()
    for day, t in days:
        if start <= day <= end:
            counts[0] += t.conversations
            counts[1] += t.broadcasts
            counts[2] += t.listening
            minutes[0] += t.conversation_minutes
            minutes[1] += t.broadcast_minutes
            minutes[2] += t.listening_minutes
            touched |= t.contact_ids
    mix = StyleMix(counts[0], counts[1], counts[2], minutes[0], minutes[1], minutes[2])
    all_conversations = list(conversations)
    started = [c for c in all_conversations if start <= c.started <= end]
    by_me = [c for c in started if c.initiated_by is Initiator.ME]
    by_them = [c for c in started if c.initiated_by is Initiator.THEM]
    messages_out = sum(c.messages_out for c in started)
    answered_out = sum(c.messages_out for c in started if _replied_after_me(c))
    for conversation in all_conversations:
        if any(start <= d <= end for d in conversation_dates(conversation)):
            touched.update(conversation.contact_ids)
    touched &= since.keys()  # ids of removed contacts no longer count
    if known_days is None:
        new = sum(1 for day in since.values() if start <= day <= end)
    else:
        new = bisect_right(known_days, end) - bisect_left(known_days, start)
    kept = sum(1 for cid in touched if since[cid] < start)
    replied = sum(1 for c in by_me if c.replied)
    label = _label(mix, len(started))
    return SociabilitySummary(
        start=start,
        end=end,
        mix=mix,
        conversations=len(started),
        started_by_me=len(by_me),
        started_by_them=len(by_them),
        my_openers_replied=replied,
        their_openers_answered=sum(1 for c in by_them if c.replied),
        messages_out=messages_out,
        messages_out_answered=answered_out,
        contacts_touched=len(touched),
        new_connections=new,
        maintained=kept,
        label=label,
        verdict=_verdict(label, mix, len(by_me), replied, new, kept),
    )


def summarise_periods(
    periods: Sequence[tuple[date, date]],
    activities: Iterable[Activity],
    conversations: Iterable[Conversation],
    contacts: Iterable[Contact],
) -> list[SociabilitySummary]:
    """One summary per period (for trends), computing "known since" only once."""
    all_activities = list(activities)
    all_conversations = list(conversations)
    since = known_since(contacts, all_activities, all_conversations)
    return summarise_periods_since(periods, days_of(all_activities), all_conversations, since)


def summarise_periods_since(
    periods: Sequence[tuple[date, date]],
    days: Iterable[tuple[date, DayTotals]],
    conversations: Iterable[AnyConversation],
    since: Mapping[str, date],
) -> list[SociabilitySummary]:
    """Like :func:`summarise_periods`, over day totals, with "known since" worked out.

    Each period is summarised over only the days and conversations that fall
    in it, bucketed in one pass (a year of weeks would otherwise scan every
    conversation 52 times). :func:`summarise_days` counts only what lies in
    its period, so the buckets give the same figures.
    """
    all_days = list(days)
    all_conversations = list(conversations)
    known_days = sorted(since.values())
    order = sorted(range(len(periods)), key=lambda i: min(periods[i]))
    bounds = [(min(periods[i]), max(periods[i])) for i in order]
    disjoint = all(bounds[k][1] < bounds[k + 1][0] for k in range(len(bounds) - 1))
    if not disjoint:
        return [
            summarise_days(s, e, all_days, all_conversations, since, known_days=known_days)
            for s, e in periods
        ]
    starts = [lo for lo, _ in bounds]

    def slot(day: date) -> int | None:
        k = bisect_right(starts, day) - 1
        return k if k >= 0 and day <= bounds[k][1] else None

    day_buckets: list[list[tuple[date, DayTotals]]] = [[] for _ in bounds]
    convs: list[list[AnyConversation]] = [[] for _ in bounds]
    for day, totals in all_days:
        k = slot(day)
        if k is not None:
            day_buckets[k].append((day, totals))
    for conversation in all_conversations:
        for k in {slot(d) for d in conversation_dates(conversation)}:
            if k is not None:
                convs[k].append(conversation)
    by_period: dict[int, SociabilitySummary] = {}
    for k, i in enumerate(order):
        s, e = periods[i]
        by_period[i] = summarise_days(s, e, day_buckets[k], convs[k], since, known_days=known_days)
    return [by_period[i] for i in range(len(periods))]
