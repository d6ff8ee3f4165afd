"""Quick capture and the activity list: ``log``, ``list``, ``show``, ``edit``, ``rm``, ``undo``, ``restore``.

This module is on the hot path of ``netjournal log``: it imports only the
stdlib and netjournal's light modules at the top.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

from netjournal.cli.context import Context, add_channel_options, add_json_flag, add_with_options
from netjournal.presentation import plural, printable

if TYPE_CHECKING:
    from collections.abc import Iterable

    from netjournal.domain.models import Activity
    from netjournal.journal import ActivityInput, LogResult

ORDER = 10


def _add_activity_options(p: argparse.ArgumentParser, *, editing: bool) -> None:
    p.add_argument(
        "--date",
        "-d",
        metavar="WHEN",
        help="today, yesterday, tue, last friday, 3 days ago, 20/11, 2026-11-20",
    )
    p.add_argument("--at", metavar="HH:MM", help="start time, e.g. 14:30 or 2pm")
    add_channel_options(
        p,
        "x, linkedin, bluesky, mastodon, blog, email, video-call, phone, conference, meeting, event, in-person, …",
    )
    p.add_argument(
        "--purpose",
        "-p",
        help="source, new, maintain, share, find, challenge, validate, broadcast, other",
    )
    p.add_argument("--style", "-s", help="conversation, broadcast or listening")
    add_with_options(
        p,
        "people involved, comma-separated (repeatable): a full name, part of one "
        "(Teresa) or a handle; a name close to nobody becomes a new contact",
    )
    p.add_argument(
        "--tag", "-t", dest="tags", metavar="TAG", action="append", help="a tag (repeatable)"
    )
    p.add_argument("--cpd", action="store_true", default=None, help="this counts as CPD")
    p.add_argument("--topic", help="the CPD topic")
    p.add_argument(
        "--participatory",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="CPD learning that involved others",
    )
    p.add_argument(
        "--future", action="store_true", help="allow a date after today (a planned activity)"
    )
    p.add_argument(
        "--edit",
        "-e",
        action="store_true",
        help="write the note in your editor ($VISUAL or $EDITOR)",
    )
    if editing:
        p.add_argument("--mode", "-m", help="online or offline")
        p.add_argument("--duration", help="e.g. 45m, 1h30, 1.5h, 90")
        p.add_argument("--note", "-n", help="replace the note")
        p.add_argument("--no-cpd", action="store_true", help="no longer counts as CPD")
        p.add_argument(
            "--clear-contacts",
            action="store_true",
            help="remove every contact from it (then --with sets the new list)",
        )
        p.add_argument("--clear-tags", action="store_true", help="remove every tag from it")
    add_json_flag(p)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "log",
        help="record a networking activity in one line",
        description='Record an activity, e.g. netjournal log online 30m "Replied to the #WeNurses chat" --channel x --purpose maintain --with "Teresa Chinn" --date yesterday',
    )
    p.add_argument("mode", help="online or offline")
    p.add_argument("duration", help="45m, 1h, 1h30m, 1h30, 1.5h, 1:30 or 90 (minutes)")
    p.add_argument("note", nargs="*", help="what happened (free text)")
    _add_activity_options(p, editing=False)
    p.set_defaults(handler=cmd_log)

    p = sub.add_parser(
        "list",
        aliases=["ls"],
        help="list activities (this week by default; all history with --search)",
    )
    span = p.add_mutually_exclusive_group()
    span.add_argument(
        "--week", metavar="WHEN", help="the week containing WHEN (default: this week)"
    )
    span.add_argument("--all", action="store_true", help="every activity")
    p.add_argument("--from", dest="start", metavar="DATE", help="first day (inclusive)")
    p.add_argument("--to", dest="end", metavar="DATE", help="last day (inclusive)")
    p.add_argument("--mode", "-m", help="only online or offline")
    p.add_argument("--channel", "-c", help="only this channel")
    p.add_argument("--purpose", "-p", help="only this purpose")
    p.add_argument("--tag", "-t", help="only activities with this tag")
    p.add_argument(
        "--with", "-w", dest="contact", metavar="NAME", help="only activities with this contact"
    )
    p.add_argument(
        "--search",
        "-q",
        metavar="WORDS",
        help="only activities holding every word (note, tags, channel, people, CPD text; "
        "any case or accent); searches all history, newest first, unless a period is given",
    )
    add_json_flag(p)
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("show", help="show one activity in full")
    p.add_argument("id", help="activity id (6+ characters), `last` or `last~N`")
    add_json_flag(p)
    p.set_defaults(handler=cmd_show)

    p = sub.add_parser("edit", help="change an activity (only the options given change)")
    p.add_argument("id", help="activity id (6+ characters), `last` or `last~N`")
    _add_activity_options(p, editing=True)
    p.set_defaults(handler=cmd_edit)

    _register_undo_and_trash(sub)


def _register_undo_and_trash(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``rm``, ``undo``, ``redo``, ``restore`` and ``trash``: taking changes back."""
    p = sub.add_parser(
        "rm", help="delete one or more activities, all or none (one undo brings them back)"
    )
    p.add_argument(
        "ids", nargs="+", metavar="ID", help="activity ids (6+ characters), `last` or `last~N`"
    )
    add_json_flag(p)
    p.set_defaults(handler=cmd_rm)

    p = sub.add_parser(
        "undo", help="take back the last change of any kind (log, edit, rm, import, merge …)"
    )
    p.add_argument(
        "--list", action="store_true", help="show the recent changes, newest first, and undo none"
    )
    add_json_flag(p)
    p.set_defaults(handler=cmd_undo)

    p = sub.add_parser("redo", help="apply again the change the last undo took back")
    add_json_flag(p)
    p.set_defaults(handler=cmd_redo)

    p = sub.add_parser("restore", help="bring back a deleted record by id")
    p.add_argument("id", nargs="?", help="id from `netjournal trash`")
    add_json_flag(p)
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser("trash", help="list deleted records that can be restored")
    add_json_flag(p)
    p.set_defaults(handler=cmd_trash)


def contact_names_given(values: list[str] | None) -> tuple[str, ...] | None:
    """The people named by every ``--with``: each may list several, comma-separated.

    ``--with "Ben Davies, Chloe Iqbal"`` is two people, as the app's field
    says; repeating ``--with`` adds to the list. ``None`` when none was given.
    """
    if not values:
        return None
    names = [name.strip() for value in values for name in value.split(",")]
    return tuple(dict.fromkeys(name for name in names if name))


def _input_from(args: argparse.Namespace, *, editing: bool) -> ActivityInput:
    from netjournal.journal import ActivityInput

    duration = args.duration
    if isinstance(args.note, list):
        if duration is not None:
            from netjournal.domain.timeparse import split_duration

            duration, words = split_duration(duration, args.note)
        else:
            words = args.note
        note: str | None = " ".join(words).strip()
    else:
        note = args.note
    contacts = contact_names_given(args.contacts)
    tags: tuple[str, ...] | None = tuple(args.tags) if args.tags else None
    cpd: bool | None = args.cpd
    if editing:
        if args.clear_contacts:
            contacts = contacts or ()
        if args.clear_tags:
            tags = ()
        if args.no_cpd:
            cpd = False
    elif not tags:
        tags = ()
    return ActivityInput(
        mode=args.mode,
        duration=duration,
        note=note if (note or not editing) else None,
        date=args.date,
        at=args.at,
        channel=args.channel,
        purpose=args.purpose,
        style=args.style,
        contacts=contacts,
        tags=tags,
        cpd=cpd,
        topic=args.topic,
        participatory=args.participatory,
        new_contacts=args.new_contacts,
        new_channel=args.new_channel,
    )


def describe(activity: Activity, names: list[str], date_order: str = "dmy") -> str:
    """One readable line: ``a1b2c3d4  Tue 24 Nov 2026  online  30m  x  maintain  …``.

    One line whatever the note holds: line breaks become spaces and control
    characters are shown escaped (:func:`~netjournal.presentation.printable`).
    """
    from netjournal.domain.timeparse import format_date, format_duration

    when = format_date(activity.date, date_order)
    if activity.time:
        when += f" {activity.time:%H:%M}"
    parts = [
        activity.id[:8],
        when,
        f"{activity.mode.value:<7}",
        f"{format_duration(activity.minutes):>6}",
        activity.channel,
        activity.purpose.value,
    ]
    if activity.style.value != "conversation":
        parts.append(f"[{activity.style.value}]")
    if names:
        parts.append("with " + ", ".join(names))
    if activity.tags:
        parts.append(" ".join(f"#{t}" for t in activity.tags))
    if activity.cpd:
        parts.append("CPD")
    line = "  ".join(parts)
    if activity.note:
        line += f"  — {activity.note}"
    return printable(line)


def _note_from_editor(inp: ActivityInput, current: str) -> ActivityInput:
    """``inp`` with the note written in the user's editor, starting from ``current``."""
    from dataclasses import replace

    from netjournal.cli.editor import edit_text

    return replace(inp, note=edit_text(current + "\n" if current else "", suffix=".txt").strip())


def cmd_log(args: argparse.Namespace, ctx: Context) -> int:
    journal = ctx.journal
    inp = _input_from(args, editing=False)
    if args.edit:
        inp = _note_from_editor(inp, inp.note or "")
    result = journal.activities.log(inp, allow_future=args.future)
    then: list[str] = []
    if args.style is None:
        then.append(
            f"style: {result.activity.style.value} (guessed; change it with "
            f"`netjournal edit {result.activity.id[:8]} --style …`)"
        )
    say_result(ctx, "logged", result, then=then)
    return 0


def say_result(ctx: Context, verb: str, result: LogResult, *, then: Iterable[str] = ()) -> None:
    """``logged …`` / ``updated …``: the activity, the lines ``then``, the new contacts.

    With ``--json``, the activity as JSON only. ``log``, ``edit`` and ``stop``
    report what they wrote this one way.
    """
    journal = ctx.journal
    if ctx.wants_json:
        ctx.emit(journal.activities.activity_json(result.activity))
        return
    names = matched_names(journal.activities.contact_names(result.activity.contact_ids), result)
    ctx.say(f"{verb} {describe(result.activity, names, journal.config.date_order)}")
    for line in then:
        ctx.say(line)
    say_new_contacts(ctx, result.new_contacts)


def matched_names(names: list[str], result: LogResult) -> list[str]:
    """``names`` of ``result``'s contacts, each guessed one followed by what was typed.

    ``with Teresa Chinn (matched "Teresa")``: a link made from part of a name
    is shown, so a wrong guess is seen at once and fixed with ``edit --with``.
    """
    typed = dict(result.matched)
    return [
        f'{name} (matched "{typed[cid]}")' if cid in typed else name
        for cid, name in zip(result.activity.contact_ids, names, strict=True)
    ]


def say_new_contacts(ctx: Context, names: Iterable[str]) -> None:
    for name in names:
        ctx.say(f"new contact: {printable(name)} (edit with `netjournal contact edit {name!r}`)")


def _resolve_span(args: argparse.Namespace, ctx: Context) -> tuple[date | None, date | None, str]:
    journal = ctx.journal
    if args.all:
        return None, None, "all activities"
    if args.search and not (args.week or args.start or args.end):
        return None, None, "all history"
    if args.start or args.end:
        start = journal.parse_date(args.start) if args.start else None
        end = journal.parse_date(args.end) if args.end else None
        if start and end and end < start:
            from netjournal.errors import InputError

            raise InputError(
                f"--to {end.isoformat()} is before --from {start.isoformat()}", field="date"
            )
        return start, end, f"{start or 'start'} to {end or 'today'}"
    from netjournal.domain.periods import PeriodKind, parse_when

    week = parse_when(
        args.week,
        PeriodKind.WEEK,
        journal.today(),
        journal.config.week_start_index,
        journal.config.date_order,
    )
    return week.start, week.end, f"{week.label}, {week.start.isoformat()} to {week.end.isoformat()}"


def cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    journal = ctx.journal
    start, end, label = _resolve_span(args, ctx)
    found = journal.activities.list_activities(
        start,
        end,
        mode=args.mode,
        channel=args.channel,
        purpose=args.purpose,
        tag=args.tag,
        contact=args.contact,
        text=args.search,
    )
    if args.search:
        found.reverse()  # a search reads newest first, like jrnl
    by_id = journal.activities.contact_name_map(c for a in found for c in a.contact_ids)
    if ctx.wants_json:
        ctx.emit([journal.activities.activity_json(a, by_id) for a in found])
        return 0
    if not found:
        ctx.say(f'no activities ({label}). Log one with: netjournal log online 30m "what happened"')
        return 0
    from netjournal.domain.timeparse import format_duration

    for a in found:
        ctx.say(
            describe(
                a, journal.activities.contact_names(a.contact_ids, by_id), journal.config.date_order
            )
        )
    online = sum(a.minutes for a in found if a.mode.value == "online")
    offline = sum(a.minutes for a in found if a.mode.value == "offline")
    ctx.say(
        f"{plural(len(found), 'activity', 'activities')} ({label}): online {format_duration(online) if online else '0m'}, "
        f"offline {format_duration(offline) if offline else '0m'}"
    )
    return 0


def cmd_show(args: argparse.Namespace, ctx: Context) -> int:
    journal = ctx.journal
    activity = journal.activities.get_activity(args.id)
    data = journal.activities.activity_json(activity)
    if ctx.wants_json:
        ctx.emit(data)
        return 0
    for key, value in data.items():
        if key == "cpd" and isinstance(value, dict):
            value = ", ".join(
                f"{k}={v}" for k, v in value.items() if v not in ("", [], None, False)
            )
        elif isinstance(value, list):
            value = ", ".join(value)
        ctx.say(printable(f"{key:>12}: {value if value not in (None, '') else '-'}"))
    return 0


def cmd_edit(args: argparse.Namespace, ctx: Context) -> int:
    journal = ctx.journal
    inp = _input_from(args, editing=True)
    if args.edit:
        current = (
            inp.note if inp.note is not None else journal.activities.get_activity(args.id).note
        )
        inp = _note_from_editor(inp, current)
    result = journal.activities.edit(args.id, inp, allow_future=args.future)
    say_result(ctx, "updated", result)
    return 0


def cmd_rm(args: argparse.Namespace, ctx: Context) -> int:
    journal = ctx.journal
    removed = journal.activities.remove_activities(args.ids)
    shown = [journal.activities.activity_json(a) for a in removed]
    text = "; ".join(
        f"deleted {a.id[:8]} ({a.date.isoformat()}, {a.mode.value}, {a.minutes}m)" for a in removed
    )
    back = "brings them back" if len(removed) > 1 else "brings it back"
    ctx.emit(
        {"deleted": shown[0] if len(shown) == 1 else shown}, f"{text}; `netjournal undo` {back}"
    )
    return 0


def _restored_text(kind: str, record: dict[str, object]) -> str:
    label = record.get("name") or record.get("date") or record.get("started") or ""
    return printable(f"restored {kind} {str(record.get('id', ''))[:8]} {label}".rstrip())


def cmd_undo(args: argparse.Namespace, ctx: Context) -> int:
    history = ctx.journal.history
    if args.list:
        operations = history.operations()
        if ctx.wants_json:
            ctx.emit(
                [
                    {
                        "number": o.number,
                        "at": o.at,
                        "summary": o.summary,
                        "records": len(o.changes),
                    }
                    for o in operations
                ]
            )
            return 0
        if not operations:
            ctx.say("no change to undo")
        for operation in operations:
            ctx.say(printable(operation.line()))
        return 0
    operation = history.undo()
    ctx.emit(
        {"undone": operation.to_dict()},
        printable(
            f"undid {operation.number}: {operation.summary}; `netjournal redo` applies it again"
        ),
    )
    return 0


def cmd_redo(args: argparse.Namespace, ctx: Context) -> int:
    operation = ctx.journal.history.redo()
    ctx.emit(
        {"redone": operation.to_dict()},
        printable(f"redid {operation.number}: {operation.summary}"),
    )
    return 0


def cmd_restore(args: argparse.Namespace, ctx: Context) -> int:
    if not args.id:
        return cmd_trash(args, ctx)
    entry = ctx.journal.activities.restore(args.id)
    ctx.emit({"restored": entry.to_dict()}, _restored_text(entry.kind, entry.record))
    return 0


def cmd_trash(args: argparse.Namespace, ctx: Context) -> int:
    entries = ctx.journal.activities.trash()
    if ctx.wants_json:
        ctx.emit([e.to_dict() for e in entries])
        return 0
    if not entries:
        ctx.say("the trash is empty")
        return 0
    for e in entries:
        label = e.record.get("name") or e.record.get("note") or e.record.get("summary") or ""
        ctx.say(printable(f"{e.id[:8]}  {e.kind:<12}  deleted {e.deleted_at}  {label}"))
    ctx.say("bring one back with `netjournal restore ID`")
    return 0
