"""The running timer: ``start``, ``status``, ``stop``, ``cancel`` (the Watson habit).

``start`` takes the same options as ``log`` less the duration; ``stop``
logs the activity with the minutes that passed. See
:mod:`netjournal.domain.timer` for the midnight and 24-hour rules.
"""

from __future__ import annotations

import argparse

from netjournal.cli.context import Context, add_channel_options, add_json_flag, add_with_options

ORDER = 15


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "start",
        help="start a timer for an activity in progress (stop logs it)",
        description='Start a timer, e.g. netjournal start offline "Call with the practice educator" --channel phone --with "Sam Okafor"',
    )
    p.add_argument("mode", help="online or offline")
    p.add_argument("note", nargs="*", help="what is happening (free text)")
    p.add_argument("--at", metavar="HH:MM", help="it started earlier today at HH:MM")
    add_channel_options(p, "as for `log`")
    p.add_argument("--purpose", "-p", help="as for `log`")
    p.add_argument("--style", "-s", help="conversation, broadcast or listening")
    add_with_options(p, "people involved, comma-separated (repeatable)", new=False)
    p.add_argument("--tag", "-t", dest="tags", metavar="TAG", action="append", help="a tag")
    p.add_argument("--cpd", action="store_true", help="this counts as CPD")
    p.add_argument("--topic", help="the CPD topic")
    p.add_argument(
        "--stop-running", action="store_true", help="stop (and log) a timer already running"
    )
    add_json_flag(p)
    p.set_defaults(handler=cmd_start)

    p = sub.add_parser("status", help="what the timer is running, and for how long")
    add_json_flag(p)
    p.set_defaults(handler=cmd_status)

    p = sub.add_parser("stop", help="stop the timer and log the activity")
    p.add_argument("note", nargs="*", help="words to add to the note")
    p.add_argument("--at", metavar="HH:MM", help="it ended at HH:MM (not now)")
    p.add_argument(
        "--yes", "-y", action="store_true", help="log it even if it ran past midnight or over 12h"
    )
    add_json_flag(p)
    p.set_defaults(handler=cmd_stop)

    p = sub.add_parser("cancel", help="drop the running timer without logging it")
    add_json_flag(p)
    p.set_defaults(handler=cmd_cancel)


def cmd_start(args: argparse.Namespace, ctx: Context) -> int:
    from netjournal.cli.commands.activities import contact_names_given
    from netjournal.domain.timer import describe_running
    from netjournal.journal.timer import TimerInput, TimerRunning

    service = ctx.journal.timer
    inp = TimerInput(
        mode=args.mode,
        note=" ".join(args.note),
        at=args.at,
        channel=args.channel,
        purpose=args.purpose,
        style=args.style,
        contacts=contact_names_given(args.contacts) or (),
        tags=tuple(args.tags or ()),
        cpd=args.cpd,
        topic=args.topic,
        new_channel=args.new_channel,
    )
    try:
        timer = service.start(inp, stop_running=args.stop_running)
    except TimerRunning as exc:
        question = f"{exc.message}. Stop and log it first?"
        if not ctx.overrule(exc, question, "nothing was changed; the running timer goes on"):
            return 1
        timer = service.start(inp, stop_running=True)
    ctx.emit(
        {"running": timer.to_dict()},
        f"started {describe_running(timer, service.now())}; `netjournal stop` logs it",
    )
    return 0


def cmd_status(args: argparse.Namespace, ctx: Context) -> int:
    from netjournal.domain.timer import describe_running, running_minutes

    service = ctx.journal.timer
    timer = service.running()
    if timer is None:
        ctx.emit({"running": None}, "no timer is running (start one with `netjournal start`)")
        return 0
    now = service.now()
    ctx.emit(
        {"running": {**timer.to_dict(), "minutes": running_minutes(timer, now)}},
        f"running: {describe_running(timer, now)}",
    )
    return 0


def cmd_stop(args: argparse.Namespace, ctx: Context) -> int:
    from netjournal.cli.commands.activities import say_result
    from netjournal.journal.timer import ConfirmationNeeded

    service = ctx.journal.timer
    note = " ".join(args.note)
    try:
        result = service.stop(args.at, note, confirmed=args.yes)
    except ConfirmationNeeded as exc:
        question = f"{exc.plan.confirm_because}; log {exc.plan.minutes} minutes?"
        if not ctx.overrule(exc, question, "the timer is still running"):
            return 1
        result = service.stop(args.at, note, confirmed=True)
    say_result(ctx, "logged", result)
    return 0


def cmd_cancel(args: argparse.Namespace, ctx: Context) -> int:
    timer = ctx.journal.timer.cancel()
    ctx.emit({"cancelled": timer.to_dict()}, "the timer was cancelled; nothing was logged")
    return 0
