"""Conversations on the command line: ``conversation add|list|reply|rm``.

Who started a two-way thread, and whether it got a reply. Only argparse and
netjournal.cli at module level: the parser is built on every ``netjournal
log``, so the domain and the facade load inside handlers. The rules behind
each figure are in docs/relationships.md.
"""

from __future__ import annotations

import argparse

from netjournal.cli.context import Context, add_channel_options, add_json_flag, add_with_options
from netjournal.cli.relationship_lines import conversation_line
from netjournal.presentation import plural, printable

ORDER = 42


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    conv = sub.add_parser(
        "conversation",
        aliases=["conv"],
        help="two-way threads with contacts: add, list, reply, rm",
        description="Conversations: who started them, and whether they got a reply.",
    )
    vsub = conv.add_subparsers(dest="conversation_command", metavar="ACTION")

    p = vsub.add_parser("add", help="record a conversation with one or more contacts")
    add_with_options(
        p,
        "people in it, comma-separated (repeatable), read as `log --with` reads them: a "
        "name close to nobody becomes a new contact",
        required=True,
    )
    add_channel_options(p, "x, linkedin, email, phone, in-person, …", required=True)
    p.add_argument("--started", "-d", metavar="WHEN", help="when it started (default today)")
    p.add_argument("--by", default="me", metavar="me|them", help="who started it (default me)")
    p.add_argument("--replied", action="store_true", help="the other side has replied")
    p.add_argument("--replied-on", metavar="WHEN", help="when the reply came (implies --replied)")
    p.add_argument("--summary", "-n", metavar="TEXT", default="", help="what it was about")
    add_json_flag(p)
    p.set_defaults(handler=cmd_conversation_add)

    p = vsub.add_parser("list", aliases=["ls"], help="list conversations, oldest first")
    p.add_argument("--open", action="store_true", help="only those still awaiting a reply")
    p.add_argument(
        "--with", "-w", dest="contact", metavar="NAME", help="only those with this contact"
    )
    add_json_flag(p)
    p.set_defaults(handler=cmd_conversation_list)

    p = vsub.add_parser("reply", help="record a reply (marks the conversation replied)")
    p.add_argument("id", help="conversation id (the first 4+ characters are enough)")
    p.add_argument("--on", metavar="WHEN", help="when (default today)")
    p.add_argument(
        "--by",
        metavar="me|them",
        help="who wrote (default: the side that did not start it; the starter's own "
        "message is a follow-up, not a reply)",
    )
    add_json_flag(p)
    p.set_defaults(handler=cmd_conversation_reply)

    p = vsub.add_parser("rm", help="delete a conversation (undo brings it back)")
    p.add_argument("id", help="conversation id (the first 4+ characters are enough)")
    add_json_flag(p)
    p.set_defaults(handler=cmd_conversation_rm)


# ------------------------------------------------------------------ handlers


def cmd_conversation_add(args: argparse.Namespace, ctx: Context) -> int:
    journal = ctx.journal
    from netjournal.cli.commands.activities import contact_names_given, say_new_contacts

    conv, links = journal.conversations.add_conversation(
        contact_names_given(args.contacts) or (),
        args.channel,
        started=args.started,
        by=args.by,
        replied=args.replied,
        replied_on=args.replied_on,
        summary=args.summary,
        new_contacts=args.new_contacts,
        new_channel=args.new_channel,
    )
    data = journal.conversations.conversation_json(conv)
    data["new_contacts"] = links.created
    names = journal.activities.contact_names(cid for cid, _ in links.matched)
    data["matched"] = [
        {"typed": typed, "id": cid, "name": name}
        for (cid, typed), name in zip(links.matched, names, strict=True)
    ]
    ctx.emit(data, f"added conversation {conversation_line(journal, conv)}")
    for match in data["matched"]:
        ctx.say(printable(f'with {match["name"]} (matched "{match["typed"]}")'))
    say_new_contacts(ctx, links.created)
    return 0


def cmd_conversation_list(args: argparse.Namespace, ctx: Context) -> int:
    journal = ctx.journal
    found = journal.conversations.list_conversations(open_only=args.open, with_name=args.contact)
    by_id = journal.activities.contacts_by_id()
    if ctx.wants_json:
        ctx.emit([journal.conversations.conversation_json(c, by_id) for c in found])
        return 0
    if not found:
        ctx.say(
            "no open conversations"
            if args.open
            else "no conversations. Add one with: netjournal conversation add --with NAME --channel x"
        )
        return 0
    for c in found:
        ctx.say(conversation_line(journal, c, by_id))
    awaiting = sum(1 for c in found if not c.replied)
    ctx.say(f"{plural(len(found), 'conversation')}, {awaiting} awaiting a reply")
    return 0


def cmd_conversation_reply(args: argparse.Namespace, ctx: Context) -> int:
    journal = ctx.journal
    conv = journal.conversations.mark_replied(args.id, on=args.on, by=args.by)
    ctx.emit(
        journal.conversations.conversation_json(conv), f"updated {conversation_line(journal, conv)}"
    )
    return 0


def cmd_conversation_rm(args: argparse.Namespace, ctx: Context) -> int:
    journal = ctx.journal
    conv = journal.conversations.remove_conversation(args.id)
    ctx.emit(
        {"deleted": journal.conversations.conversation_json(conv)},
        f"deleted conversation {conv.id[:8]}; `netjournal undo` brings it back",
    )
    return 0
