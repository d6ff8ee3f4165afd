"""People on the command line: ``contact add|list|show|edit|merge|rm|note|snooze|dupes``.

Only argparse and netjournal.cli at module level: the parser is built on
every ``netjournal log``, so the domain and the facade load inside handlers.
``note``, ``snooze`` and ``dupes`` are in :mod:`netjournal.cli.contact_stories`;
the lines both this and ``conversation`` print are in
:mod:`netjournal.cli.relationship_lines`. The rules behind each figure are
in docs/relationships.md.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from netjournal.cli.contact_stories import add_story_actions
from netjournal.cli.context import Context, add_json_flag
from netjournal.cli.relationship_lines import (
    cadence_text,
    contact_line,
    conversation_line,
    day,
    due_line,
    dupe_json,
    dupe_line,
    note_line,
)
from netjournal.presentation import plural, printable

if TYPE_CHECKING:
    from netjournal.domain.contact_record import Contact

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
    add_story_actions(csub)


# ------------------------------------------------------------------ handlers


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
        ctx.warn(f"possible duplicate: {dupe_line(candidate)}")
    data = journal.relationships.contact_json(contact)
    data["possible_duplicates"] = [dupe_json(c) for c in look_alikes]
    ctx.emit(data, f"added contact {contact_line(journal, contact)}")
    return 0


def cmd_contact_list(args: argparse.Namespace, ctx: Context) -> int:
    journal = ctx.journal
    if args.due:
        from netjournal.domain.contacts import search_contacts

        due = journal.keep_in_touch.contacts_due()
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
                ctx.say(due_line(journal, d))
        snoozed = journal.keep_in_touch.snoozed_count()
        if snoozed and not ctx.wants_json:
            ctx.say(
                f"{plural(snoozed, 'contact')} snoozed, not listed "
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
        ctx.say(plural(len(found), "contact"))
    return 0


def cmd_contact_show(args: argparse.Namespace, ctx: Context) -> int:
    from netjournal.cli.commands.activities import describe

    journal = ctx.journal
    contact, acts, convs = journal.relationships.contact_history(args.contact)
    by_id = journal.activities.contacts_by_id()
    due = journal.keep_in_touch.due_status(contact)
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
        ("cadence", cadence_text(contact.cadence_days)),
        ("connected", day(journal, contact.connected_on) if contact.connected_on else ""),
        ("last contact", day(journal, contact.last_contact)),
        ("due", f"{due.overdue_days} days overdue" if due else "no"),
        (
            "snoozed",
            f"until {day(journal, contact.snoozed_until)}" if _snoozed(ctx, contact) else "",
        ),
    ]
    for key, value in rows:
        if value:
            ctx.say(printable(f"{key:>13}: {value}"))
    ctx.say(f"notes ({len(notes)}):")
    for n in notes:
        ctx.say("  " + note_line(journal, n))
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
            f"  connected {day(journal, merged.connected_on)}, "
            f"last contact {day(journal, merged.last_contact)}, {cadence_text(merged.cadence_days)}",
            *[f"  kept in notes: {note}" for note in preview.notes_added],
            f"  {plural(n_acts, 'activity', 'activities')} and {plural(n_convs, 'conversation')} "
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
        if not ctx.confirm("Merge?"):
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
