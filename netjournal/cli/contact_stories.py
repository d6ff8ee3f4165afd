"""``contact note``, ``contact snooze`` and ``contact dupes``: the people's-stories side of contacts.

Not a command module of its own (``contact`` is registered by
:mod:`netjournal.cli.commands.contacts`, which adds these actions with
:func:`add_story_actions`), so it lives beside the command modules rather
than among them. Only argparse and netjournal.cli at module level.
"""

from __future__ import annotations

import argparse

from netjournal.cli.context import Context, add_json_flag
from netjournal.cli.relationship_lines import day, dupe_json, dupe_line, note_line
from netjournal.presentation import plural, printable


def add_story_actions(csub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``note``, ``snooze`` and ``dupes`` to the actions of ``contact``."""
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
        ctx.say(printable(f"{contact.name}: {plural(len(notes), 'note')}"))
        for n in notes:
            ctx.say("  " + note_line(journal, n))
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
        printable(f"noted about {contact.name}: {note_line(journal, note)}"),
    )
    return 0


def cmd_contact_snooze(args: argparse.Namespace, ctx: Context) -> int:
    journal = ctx.journal
    contact = journal.relationships.snooze_contact(
        args.contact, duration=args.duration, until=args.until, off=args.off
    )
    text = (
        f"{contact.name} is snoozed until {day(journal, contact.snoozed_until)}: "
        "not on the keep-in-touch list before then"
        if contact.snoozed_until
        else f"{contact.name} is no longer snoozed"
    )
    ctx.emit(journal.relationships.contact_json(contact), printable(text))
    return 0


def cmd_contact_dupes(args: argparse.Namespace, ctx: Context) -> int:
    candidates = ctx.journal.relationships.duplicate_candidates()
    if ctx.wants_json:
        ctx.emit([dupe_json(c) for c in candidates])
        return 0
    if not candidates:
        ctx.say("no likely duplicates")
        return 0
    for c in candidates:
        ctx.say(dupe_line(c))
    ctx.say(
        f"{plural(len(candidates), 'possible duplicate')}; nothing is merged until you run a merge"
    )
    return 0
