"""Relationships on the command line: ``contact …`` and ``conversation …``.

Only argparse and netjournal.cli at module level: the parser is built on
every ``netjournal log``, so the domain and the facade load inside handlers.
The rules behind each figure are in docs/relationships.md.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from netjournal.cli.context import Context, add_json_flag
from netjournal.presentation import printable

if TYPE_CHECKING:
    from netjournal.domain.contact_notes import ContactNote
    from netjournal.domain.contacts import DuplicateCandidate
    from netjournal.domain.keep_in_touch import DueContact
    from netjournal.domain.models import Contact, Conversation
    from netjournal.journal import Journal

ORDER = 40

_PLATFORMS = ("x", "linkedin", "bluesky", "mastodon", "email")


def _add_contact_options(p: argparse.ArgumentParser, *, editing: bool) -> None:
    if editing:
        p.add_argument("--name", help="a new name")
    p.add_argument("--org", dest="organisation", metavar="ORG", help="organisation")
    p.add_argument("--role", help="job title or role")
    p.add_argument("--x", metavar="HANDLE", help="X/Twitter handle, e.g. @janesmithrn")
    p.add_argument("--linkedin", metavar="URL", help="LinkedIn profile URL (or its /in/ slug)")
    p.add_argument("--bluesky", metavar="HANDLE", help="Bluesky handle, e.g. jane.bsky.social")
    p.add_argument(
        "--mastodon", metavar="HANDLE", help="Mastodon handle, e.g. @jane@mastodon.social"
    )
    p.add_argument("--email", metavar="ADDRESS", help="e-mail address")
    p.add_argument(
        "--tag", "-t", dest="tags", metavar="TAG", action="append", help="a tag (repeatable)"
    )
    p.add_argument("--met", metavar="TEXT", help="where or how you met")
    p.add_argument("--notes", metavar="TEXT", help="free notes")
    p.add_argument(
        "--cadence",
        "--every",
        dest="cadence",
        metavar="EVERY",
        help="keep in touch every 30, 30d, 4w, 3m or 1y ('none' for no reminder)",
    )
    p.add_argument(
        "--connected",
        metavar="WHEN",
        help="when you connected (default for a new contact: today)",
    )
    if editing:
        p.add_argument("--untag", metavar="TAG", action="append", help="remove a tag (repeatable)")
        p.add_argument("--clear-tags", action="store_true", help="remove every tag")
    add_json_flag(p)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    _register_contact(sub)
    _register_conversation(sub)


def _register_contact(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    contact = sub.add_parser(
        "contact",
        aliases=["contacts"],
        help="people in your network: add, list, show, edit, note, snooze, merge, rm, dupes",
        description="People in your network, with a keep-in-touch cadence.",
    )
    csub = contact.add_subparsers(dest="contact_command", metavar="ACTION")

    p = csub.add_parser(
        "add",
        help="add a contact (refuses an existing name, warns if it looks like one)",
    )
    p.add_argument("name", nargs="+", help="the person's name")
    p.add_argument(
        "--force",
        action="store_true",
        help="add it even if a contact already has exactly this name (two people, one name)",
    )
    _add_contact_options(p, editing=False)
    p.set_defaults(handler=cmd_contact_add)

    p = csub.add_parser("list", aliases=["ls"], help="list contacts (--due: whose cadence lapsed)")
    p.add_argument(
        "--due", action="store_true", help="only contacts due a catch-up, most overdue first"
    )
    p.add_argument(
        "--search",
        "-q",
        metavar="TEXT",
        help="name, organisation, handle, tag or notes contain TEXT",
    )
    add_json_flag(p)
    p.set_defaults(handler=cmd_contact_list)

    p = csub.add_parser("show", help="a contact with every activity and conversation with them")
    p.add_argument("contact", metavar="ID|NAME", help="id prefix, name or handle")
    add_json_flag(p)
    p.set_defaults(handler=cmd_contact_show)

    p = csub.add_parser("edit", help="change a contact (only the options given change)")
    p.add_argument("contact", metavar="ID|NAME", help="id prefix, name or handle")
    _add_contact_options(p, editing=True)
    p.set_defaults(handler=cmd_contact_edit)

    p = csub.add_parser("merge", help="merge contact B into contact A (shows what will change)")
    p.add_argument("keep", metavar="A", help="the contact to keep (id prefix, name or handle)")
    p.add_argument("other", metavar="B", help="the contact merged into A and then trashed")
    p.add_argument("--yes", "-y", action="store_true", help="merge without asking")
    add_json_flag(p)
    p.set_defaults(handler=cmd_contact_merge)

    p = csub.add_parser("rm", help="delete a contact (undo brings it back)")
    p.add_argument("contact", metavar="ID|NAME", help="id prefix, name or handle")
    add_json_flag(p)
    p.set_defaults(handler=cmd_contact_rm)
    _register_contact_stories(csub)


def _register_contact_stories(csub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``contact note``, ``snooze`` and ``dupes``: the people's-stories side of contacts."""
    p = csub.add_parser(
        "note",
        help="add a dated note about a person; --list shows them, --rm removes one",
        description=(
            'A contact\'s story: dated notes, newest first. netjournal contact note "Ann Lee" '
            '"Moved to ICU" --date 3/11; --list NAME shows them; --rm NOTE_ID removes one '
            "(`netjournal undo` brings it back)."
        ),
    )
    p.add_argument("words", nargs="*", metavar="NAME TEXT", help="the contact, then the note")
    p.add_argument("--date", "-d", metavar="WHEN", help="the note's date (default today)")
    p.add_argument("--list", dest="list_for", metavar="NAME", help="list a contact's notes")
    p.add_argument("--rm", metavar="NOTE_ID", help="remove a note (undo brings it back)")
    add_json_flag(p)
    p.set_defaults(handler=cmd_contact_note)

    p = csub.add_parser(
        "snooze",
        help="leave a contact off the keep-in-touch list for a while (14d, 2w, 1m)",
        description=(
            "Snooze a contact's keep-in-touch reminder: netjournal contact snooze NAME 14d, "
            "or --until DATE; --off ends the snooze."
        ),
    )
    p.add_argument("contact", metavar="ID|NAME", help="id prefix, name or handle")
    p.add_argument("duration", nargs="?", help="how long: 14d, 2w or 1m")
    p.add_argument("--until", metavar="DATE", help="snooze until this day")
    p.add_argument("--off", action="store_true", help="end the snooze")
    add_json_flag(p)
    p.set_defaults(handler=cmd_contact_snooze)

    p = csub.add_parser("dupes", help="contacts that look like the same person, offered as merges")
    add_json_flag(p)
    p.set_defaults(handler=cmd_contact_dupes)


def _register_conversation(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    conv = sub.add_parser(
        "conversation",
        aliases=["conv"],
        help="two-way threads with contacts: add, list, reply, rm",
        description="Conversations: who started them, and whether they got a reply.",
    )
    vsub = conv.add_subparsers(dest="conversation_command", metavar="ACTION")

    p = vsub.add_parser("add", help="record a conversation with one or more contacts")
    p.add_argument(
        "--with",
        "-w",
        dest="contacts",
        metavar="NAME",
        action="append",
        required=True,
        help="people in it, comma-separated (repeatable), read as `log --with` reads them: a "
        "name close to nobody becomes a new contact",
    )
    p.add_argument(
        "--new",
        dest="new_contacts",
        action="store_true",
        help="the --with names are new people, even if close to a known contact",
    )
    p.add_argument("--channel", "-c", required=True, help="x, linkedin, email, phone, in-person, …")
    p.add_argument(
        "--new-channel",
        action="store_true",
        help="--channel is a new one: keep it (needed once, then it is known)",
    )
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


# ------------------------------------------------------------------ formatting


def _day(journal: Journal, value: Any) -> str:
    from netjournal.domain.timeparse import format_date

    return format_date(value, journal.config.date_order) if value else "never"


def _n(count: int, word: str, plural: str | None = None) -> str:
    """``1 contact``, ``2 contacts``."""
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def _cadence_text(days: int | None) -> str:
    if not days:
        return "no cadence"
    if days % 7 == 0 and days < 365:
        return f"every {days // 7}w"
    return f"every {days}d"


def contact_line(journal: Journal, contact: Contact) -> str:
    """``a1b2c3d4  Jane Smith  (Ward sister, NHS Trust)  every 4w  last 12 Nov 2026``."""
    parts = [contact.id[:8], contact.name]
    work = ", ".join(x for x in (contact.role, contact.organisation) if x)
    if work:
        parts.append(f"({work})")
    if contact.cadence_days:
        parts.append(_cadence_text(contact.cadence_days))
    parts.append(f"last {_day(journal, contact.last_contact)}")
    if contact.tags:
        parts.append(" ".join(f"#{t}" for t in contact.tags))
    return printable("  ".join(parts))


def _due_line(journal: Journal, due: DueContact) -> str:
    kind = {"last_contact": "last contact", "connected_on": "connected", "created": "added"}
    return printable(
        f"{due.id[:8]}  {due.name}  {due.overdue_days} days overdue  "
        f"({_cadence_text(due.cadence_days)}; {kind[due.since_kind]} {_day(journal, due.since)}, "
        f"{due.days_since} days ago)"
    )


def conversation_line(
    journal: Journal, conv: Conversation, by_id: dict[str, Contact] | None = None
) -> str:
    """``c0ffee12  Mon 23 Nov 2026  x  with Jane Smith  started by me  replied Tue 24 Nov 2026``."""
    names = ", ".join(journal.activities.contact_names(conv.contact_ids, by_id))
    state = f"replied {_day(journal, conv.replied_on)}" if conv.replied else "awaiting reply"
    if conv.replied and conv.replied_on is None:
        state = "replied"
    line = (
        f"{conv.id[:8]}  {_day(journal, conv.started)}  {conv.channel}  with {names}  "
        f"started by {conv.initiated_by.value}  {state}  "
        f"({conv.messages_out} out, {conv.messages_in} in)"
    )
    if conv.summary:
        line += f"  — {conv.summary}"
    return printable(line)


def _dupe_json(candidate: DuplicateCandidate) -> dict[str, Any]:
    data = candidate.to_dict()
    data["merge"] = f"netjournal contact merge {candidate.first.id[:8]} {candidate.second.id[:8]}"
    return data


def _dupe_line(candidate: DuplicateCandidate) -> str:
    a, b = candidate.first, candidate.second
    return printable(
        f"{a.name} ({a.id[:8]}) and {b.name} ({b.id[:8]}): {candidate.reason}; "
        f"merge with `netjournal contact merge {a.id[:8]} {b.id[:8]}`"
    )


# ------------------------------------------------------------------ contact handlers


def _handles(args: argparse.Namespace) -> dict[str, str | None]:
    return {p: getattr(args, p) for p in _PLATFORMS if getattr(args, p) is not None}


def cmd_contact_add(args: argparse.Namespace, ctx: Context) -> int:
    journal = ctx.journal
    contact, look_alikes = journal.relationships.add_contact(
        " ".join(args.name),
        organisation=args.organisation or "",
        role=args.role or "",
        handles=_handles(args),
        tags=args.tags or (),
        met=args.met or "",
        notes=args.notes or "",
        cadence=args.cadence,
        connected=args.connected,
        force=args.force,
    )
    for candidate in look_alikes:
        ctx.warn(f"possible duplicate: {_dupe_line(candidate)}")
    data = journal.relationships.contact_json(contact)
    data["possible_duplicates"] = [_dupe_json(c) for c in look_alikes]
    ctx.emit(data, f"added contact {contact_line(journal, contact)}")
    return 0


def cmd_contact_list(args: argparse.Namespace, ctx: Context) -> int:
    journal = ctx.journal
    if args.due:
        from netjournal.domain.contacts import search_contacts

        due = journal.relationships.contacts_due()
        people = journal.activities.contacts_by_id(d.id for d in due)
        if args.search:
            wanted = {c.id for c in search_contacts(people.values(), args.search)}
            due = [d for d in due if d.id in wanted]
        if ctx.wants_json:
            ctx.emit(
                [{**journal.relationships.contact_json(people[d.id]), **d.to_json()} for d in due]
            )
        elif not due:
            ctx.say(
                "nobody is due a catch-up (set one with `netjournal contact edit NAME --cadence 30d`)"
            )
        else:
            for d in due:
                ctx.say(_due_line(journal, d))
        snoozed = journal.relationships.snoozed_count()
        if snoozed and not ctx.wants_json:
            ctx.say(
                f"{_n(snoozed, 'contact')} snoozed, not listed "
                "(`netjournal contact snooze NAME --off` brings one back)"
            )
        return 0
    found = journal.relationships.list_contacts(search=args.search)
    if ctx.wants_json:
        ctx.emit([journal.relationships.contact_json(c) for c in found])
    elif not found:
        hint = "" if args.search else ' Add one with: netjournal contact add "Jane Smith"'
        ctx.say(
            printable(f"no contacts{' match ' + repr(args.search) if args.search else ''}.{hint}")
        )
    else:
        for c in found:
            ctx.say(contact_line(journal, c))
        ctx.say(_n(len(found), "contact"))
    return 0


def cmd_contact_show(args: argparse.Namespace, ctx: Context) -> int:
    from netjournal.cli.commands.activities import describe

    journal = ctx.journal
    contact, acts, convs = journal.relationships.contact_history(args.contact)
    by_id = journal.activities.contacts_by_id()
    due = journal.relationships.due_status(contact)
    notes = journal.relationships.contact_notes(contact.id)[1]
    if ctx.wants_json:
        ctx.emit(
            {
                **journal.relationships.contact_json(contact),
                "due": due.to_json() if due else None,
                "contact_notes": [journal.relationships.contact_note_json(n) for n in notes],
                "activities": [journal.activities.activity_json(a, by_id) for a in acts],
                "conversations": [journal.conversations.conversation_json(c, by_id) for c in convs],
            }
        )
        return 0
    ctx.say(printable(f"{contact.name}  ({contact.id})"))
    rows: list[tuple[str, str]] = [
        ("organisation", contact.organisation),
        ("role", contact.role),
        *[(p, v) for p, v in contact.handles.items()],
        ("tags", " ".join(f"#{t}" for t in contact.tags)),
        ("met", contact.met),
        ("cadence", _cadence_text(contact.cadence_days)),
        ("connected", _day(journal, contact.connected_on) if contact.connected_on else ""),
        ("last contact", _day(journal, contact.last_contact)),
        ("due", f"{due.overdue_days} days overdue" if due else "no"),
        (
            "snoozed",
            f"until {_day(journal, contact.snoozed_until)}" if _snoozed(ctx, contact) else "",
        ),
    ]
    for key, value in rows:
        if value:
            ctx.say(printable(f"{key:>13}: {value}"))
    ctx.say(f"notes ({len(notes)}):")
    for n in notes:
        ctx.say("  " + _note_line(journal, n))
    ctx.say(f"activities ({len(acts)}):")
    for a in acts:
        ctx.say(
            "  "
            + describe(
                a, journal.activities.contact_names(a.contact_ids, by_id), journal.config.date_order
            )
        )
    ctx.say(f"conversations ({len(convs)}):")
    for c in convs:
        ctx.say("  " + conversation_line(journal, c, by_id))
    return 0


def _snoozed(ctx: Context, contact: Contact) -> bool:
    from netjournal.domain.keep_in_touch import is_snoozed

    return is_snoozed(contact.snoozed_until, ctx.journal.today())


def _note_line(journal: Journal, note: ContactNote) -> str:
    """``1a2b3c4d  Tue 3 Nov 2026  Moved to ICU`` (the text on one line)."""
    return printable(f"{note.short_id}  {_day(journal, note.date)}  {note.text}")


def cmd_contact_note(args: argparse.Namespace, ctx: Context) -> int:
    from netjournal.errors import InputError

    journal = ctx.journal
    people = journal.relationships
    if args.rm:
        if args.words or args.list_for:
            raise InputError("--rm takes only a note id", field="note")
        contact, note = people.remove_contact_note(args.rm)
        ctx.emit(
            {"deleted": {**people.contact_note_json(note), "contact_id": contact.id}},
            printable(
                f"removed note {note.short_id} about {contact.name}; `netjournal undo` brings it back"
            ),
        )
        return 0
    if args.list_for:
        if args.words:
            raise InputError("--list takes only a contact's name", field="contact")
        contact, notes = people.contact_notes(args.list_for)
        if ctx.wants_json:
            ctx.emit([people.contact_note_json(n) for n in notes])
            return 0
        ctx.say(printable(f"{contact.name}: {_n(len(notes), 'note')}"))
        for n in notes:
            ctx.say("  " + _note_line(journal, n))
        return 0
    if len(args.words) < 2:
        raise InputError(
            "give a contact and the note",
            field="text",
            hint='e.g. netjournal contact note "Ann Lee" "Moved to ICU" --date 3/11',
        )
    contact, note = people.add_contact_note(args.words[0], " ".join(args.words[1:]), args.date)
    ctx.emit(
        {**people.contact_note_json(note), "contact_id": contact.id, "contact": contact.name},
        printable(f"noted about {contact.name}: {_note_line(journal, note)}"),
    )
    return 0


def cmd_contact_snooze(args: argparse.Namespace, ctx: Context) -> int:
    journal = ctx.journal
    contact = journal.relationships.snooze_contact(
        args.contact, duration=args.duration, until=args.until, off=args.off
    )
    text = (
        f"{contact.name} is snoozed until {_day(journal, contact.snoozed_until)}: "
        "not on the keep-in-touch list before then"
        if contact.snoozed_until
        else f"{contact.name} is no longer snoozed"
    )
    ctx.emit(journal.relationships.contact_json(contact), printable(text))
    return 0


def cmd_contact_edit(args: argparse.Namespace, ctx: Context) -> int:
    journal = ctx.journal
    contact = journal.relationships.edit_contact(
        args.contact,
        name=args.name,
        organisation=args.organisation,
        role=args.role,
        handles=_handles(args),
        add_tags=args.tags or (),
        remove_tags=args.untag or (),
        clear_tags=args.clear_tags,
        met=args.met,
        notes=args.notes,
        cadence=args.cadence,
        connected=args.connected,
    )
    ctx.emit(
        journal.relationships.contact_json(contact),
        f"updated contact {contact_line(journal, contact)}",
    )
    return 0


def _confirm(question: str) -> bool:
    """Ask on the terminal; only called when stdin is a TTY."""
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in {"y", "yes"}


def cmd_contact_merge(args: argparse.Namespace, ctx: Context) -> int:
    from netjournal.errors import InputError

    journal = ctx.journal
    preview, other, n_acts, n_convs = journal.relationships.merge_preview(args.keep, args.other)
    merged = preview.contact
    plan = {
        "keep": {"id": merged.id, "name": merged.name},
        "merge": {"id": other.id, "name": other.name},
        "result": journal.relationships.contact_json(merged),
        "activities_repointed": n_acts,
        "conversations_repointed": n_convs,
        "notes_added": list(preview.notes_added),
    }
    text = [
        printable(line)
        for line in (
            f"merge {other.name} ({other.id[:8]}) into {merged.name} ({merged.id[:8]}):",
            f"  handles: {', '.join(f'{p} {v}' for p, v in merged.handles.items()) or '-'}",
            f"  tags: {' '.join('#' + t for t in merged.tags) or '-'}",
            f"  connected {_day(journal, merged.connected_on)}, "
            f"last contact {_day(journal, merged.last_contact)}, {_cadence_text(merged.cadence_days)}",
            *[f"  kept in notes: {note}" for note in preview.notes_added],
            f"  {_n(n_acts, 'activity', 'activities')} and {_n(n_convs, 'conversation')} "
            f"move to {merged.name}",
            f"  {other.name} ({other.id[:8]}) goes to the trash",
        )
    ]
    if not args.yes:
        if not sys.stdin.isatty():
            ctx.emit({"merged": False, "plan": plan}, "\n".join(text))
            raise InputError(
                "not merged: stdin is not a terminal, so nothing was asked",
                field="yes",
                hint="add --yes to merge",
            )
        ctx.say("\n".join(text))
        if not _confirm("Merge?"):
            ctx.emit({"merged": False, "plan": plan}, "not merged")
            return 1
    elif not ctx.wants_json:
        ctx.say("\n".join(text))
    result = journal.relationships.merge_contacts(args.keep, args.other)
    ctx.emit(
        {
            "merged": True,
            "plan": plan,
            "contact": journal.relationships.contact_json(result.contact),
        },
        printable(f"merged; `netjournal undo` brings {other.name} back as a separate record"),
    )
    return 0


def cmd_contact_rm(args: argparse.Namespace, ctx: Context) -> int:
    journal = ctx.journal
    contact = journal.relationships.remove_contact(args.contact)
    ctx.emit(
        {"deleted": journal.relationships.contact_json(contact)},
        printable(
            f"deleted contact {contact.id[:8]} {contact.name}; `netjournal undo` brings it back"
        ),
    )
    return 0


def cmd_contact_dupes(args: argparse.Namespace, ctx: Context) -> int:
    candidates = ctx.journal.relationships.duplicate_candidates()
    if ctx.wants_json:
        ctx.emit([_dupe_json(c) for c in candidates])
        return 0
    if not candidates:
        ctx.say("no likely duplicates")
        return 0
    for c in candidates:
        ctx.say(_dupe_line(c))
    ctx.say(f"{_n(len(candidates), 'possible duplicate')}; nothing is merged until you run a merge")
    return 0


# ------------------------------------------------------------------ conversation handlers


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
    ctx.say(f"{_n(len(found), 'conversation')}, {awaiting} awaiting a reply")
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
