"""NMC revalidation: ``revalidation`` (the three-year picture), its ``discussion``, and ``feedback``.

The rules are in :mod:`netjournal.domain.revalidation`; the renewal date is
the ``revalidation_date`` setting (``netjournal config set revalidation-date DATE``).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from netjournal.cli.context import Context, add_json_flag
from netjournal.presentation import printable

if TYPE_CHECKING:
    from netjournal.domain.revalidation import Feedback

ORDER = 62


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "revalidation",
        help="the NMC three-year picture: hours, reflective accounts, feedback, discussion",
        description=(
            "What the NMC asks for at revalidation (CPD hours, participatory hours, reflective "
            "accounts, practice-related feedback, a reflective discussion: the figures are "
            "shown with your own), what is done in the three years to your renewal date and "
            "what is still missing. Set the date once: netjournal config set revalidation-date "
            "DATE."
        ),
    )
    p.add_argument(
        "--include-names",
        action="store_true",
        help="show the discussion partner's name and NMC PIN (withheld by default)",
    )
    add_json_flag(p)
    p.set_defaults(handler=cmd_revalidation)
    actions = p.add_subparsers(dest="revalidation_command", metavar="ACTION")
    d = actions.add_parser(
        "discussion",
        help="record the reflective discussion (date, the registrant's name and NMC PIN)",
    )
    d.add_argument("--date", required=True, metavar="DATE", help="when it took place")
    d.add_argument(
        "--with-name", required=True, metavar="NAME", help="the NMC registrant you talked with"
    )
    d.add_argument("--pin", required=True, metavar="PIN", help="their NMC PIN, e.g. 12A3456E")
    add_json_flag(d)
    d.set_defaults(handler=cmd_discussion)

    f = sub.add_parser(
        "feedback",
        help="practice-related feedback for NMC revalidation (add, list, rm)",
        description=(
            "Practice-related feedback (from patients, colleagues, an appraisal, a "
            "complaint or a compliment): the NMC asks for five in each three years. Note "
            "the source as a role (a patient's relative, my ward manager), not a name."
        ),
    )
    fa = f.add_subparsers(dest="feedback_command", metavar="ACTION", required=True)
    p = fa.add_parser("add", help="record a piece of feedback")
    p.add_argument("summary", nargs="+", help="what the feedback said and what you took from it")
    p.add_argument("--source", required=True, help="who gave it, as a role (e.g. 'ward manager')")
    p.add_argument("--date", metavar="DATE", help="when (default: today)")
    p.add_argument("--activity", metavar="ID", help="the activity it is about (id or prefix)")
    add_json_flag(p)
    p.set_defaults(handler=cmd_feedback_add)
    p = fa.add_parser("list", help="every feedback record, oldest first")
    add_json_flag(p)
    p.set_defaults(handler=cmd_feedback_list)
    p = fa.add_parser("rm", help="delete a feedback record")
    p.add_argument("id", help="the record's id (the first 6+ characters are enough)")
    add_json_flag(p)
    p.set_defaults(handler=cmd_feedback_rm)


def _feedback_line(f: Feedback) -> str:
    about = f"  (activity {f.activity_id[:8]})" if f.activity_id else ""
    return printable(f"{f.id[:8]}  {f.date.isoformat()}  {f.source}: {f.summary}{about}")


def cmd_revalidation(args: argparse.Namespace, ctx: Context) -> int:
    from netjournal.domain.revalidation import picture_text

    picture = ctx.journal.revalidation.picture()
    ctx.emit(
        picture.to_dict(include_names=args.include_names),
        picture_text(picture, include_names=args.include_names),
    )
    return 0


def cmd_discussion(args: argparse.Namespace, ctx: Context) -> int:
    record = ctx.journal.revalidation.record_discussion(args.date, args.with_name, args.pin)
    ctx.emit(
        {"discussion": record.to_dict(include_names=False)},
        f"reflective discussion of {record.date.isoformat()} recorded ({record.id[:8]})",
    )
    return 0


def cmd_feedback_add(args: argparse.Namespace, ctx: Context) -> int:
    record = ctx.journal.revalidation.add_feedback(
        " ".join(args.summary), args.source, args.date, args.activity
    )
    ctx.emit({"feedback": record.to_dict()}, f"recorded {_feedback_line(record)}")
    return 0


def cmd_feedback_list(args: argparse.Namespace, ctx: Context) -> int:
    records = ctx.journal.revalidation.feedback()
    text = "\n".join(_feedback_line(f) for f in records) or "no feedback recorded yet"
    ctx.emit({"feedback": [f.to_dict() for f in records]}, text)
    return 0


def cmd_feedback_rm(args: argparse.Namespace, ctx: Context) -> int:
    record = ctx.journal.revalidation.remove_feedback(args.id)
    ctx.emit({"removed": record.to_dict()}, f"deleted {_feedback_line(record)}")
    return 0
