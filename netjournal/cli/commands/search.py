"""``netjournal search WORDS``: activities, conversations and contact notes holding every word.

Like jrnl's search: all history unless ``--from``/``--to`` narrow it, newest
first, one line per hit with its kind and id (``show ID`` for an activity).
The rules are :mod:`netjournal.domain.search`.
"""

from __future__ import annotations

import argparse

from netjournal.cli.context import Context, add_json_flag
from netjournal.presentation import printable

ORDER = 12


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "search",
        aliases=["find"],
        help="find words in activities, conversations and contact notes (all history)",
        description=(
            "Search everything you wrote: activities (note, tags, channel, people, CPD topic "
            "and reflection), conversations (summary) and contact notes. Every word must "
            "match, in any case and with or without accents. Newest first, e.g. "
            "netjournal search sepsis audit --from 1/9/2026"
        ),
    )
    p.add_argument("words", nargs="+", metavar="WORDS", help="the words to find")
    p.add_argument("--from", dest="start", metavar="DATE", help="first day (inclusive)")
    p.add_argument("--to", dest="end", metavar="DATE", help="last day (inclusive)")
    p.add_argument("--limit", "-n", type=int, metavar="N", help="at most N hits (newest)")
    add_json_flag(p)
    p.set_defaults(handler=cmd_search)


def cmd_search(args: argparse.Namespace, ctx: Context) -> int:
    from netjournal.domain.timeparse import format_date
    from netjournal.errors import InputError

    journal = ctx.journal
    start = journal.parse_date(args.start) if args.start else None
    end = journal.parse_date(args.end) if args.end else None
    if start and end and end < start:
        raise InputError(
            f"--to {end.isoformat()} is before --from {start.isoformat()}", field="date"
        )
    if args.limit is not None and args.limit < 1:
        raise InputError("--limit must be 1 or more", field="limit")
    hits = journal.search.search(args.words, start, end, args.limit)
    if ctx.wants_json:
        ctx.emit([h.to_json() for h in hits])
        return 0
    if not hits:
        ctx.say(printable(f"nothing holds {' '.join(args.words)!r}"))
        return 0
    for h in hits:
        ident = h.id if h.id.endswith("-notes") else h.id[:8]
        people = (
            f"  (with {', '.join(h.contacts)})" if h.contacts and h.kind != "contact note" else ""
        )
        about = f"  about {h.contacts[0]}" if h.kind == "contact note" and h.contacts else ""
        ctx.say(
            printable(
                f"{h.kind:<12}  {ident}  {format_date(h.date, journal.config.date_order)}"
                f"{about}  {h.text}{people}"
            )
        )
    count = len(hits)
    ctx.say(f"{count} {'hit' if count == 1 else 'hits'}, newest first")
    return 0
