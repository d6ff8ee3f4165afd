"""CPD on the command line: ``cpd set|unset|list|check|summary`` and ``export``.

``export cpd`` writes a record a regulator accepts (NMC, HCPC or a generic
log) as CSV, Markdown, HTML, JSON or PDF; ``export activities`` writes every
activity as a plain CSV/JSON backup. Only argparse and netjournal.cli are
imported at the top: the CPD rules, the exporters and fpdf2 load inside the
handlers, so ``netjournal log`` does not pay for them.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netjournal.cli.context import Context, add_json_flag
from netjournal.presentation import plural, printable

if TYPE_CHECKING:
    from netjournal.domain.cpd import CpdRecord, NmcSummary
    from netjournal.domain.privacy import Finding

ORDER = 60

_TEMPLATES = ("nmc", "hcpc", "generic")
_FORMATS = ("csv", "md", "html", "json", "pdf")
_TEMPLATE_NAMES = {
    "nmc": "NMC CPD record",
    "hcpc": "HCPC CPD profile",
    "generic": "activity record",
}


def _add_period(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--from",
        dest="start",
        metavar="DATE",
        help="first day (default: three years before --to, the NMC cycle)",
    )
    p.add_argument("--to", dest="end", metavar="DATE", help="last day (default: today)")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    _register_cpd(sub)
    _register_export(sub)


def _register_cpd(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cpd = sub.add_parser(
        "cpd",
        help="mark activities as CPD, check them, see hours against the NMC requirement",
        description=(
            "Continuing professional development records. An activity marked CPD gets "
            "defaults from how it happened (a conversation is participatory, a broadcast "
            "is not); set what you learnt and how it changed your practice here."
        ),
    )
    actions = cpd.add_subparsers(dest="cpd_command", metavar="ACTION", required=True)

    _register_cpd_set(actions)

    p = actions.add_parser(
        "reflect",
        help="write the NMC reflective account of an activity in your editor",
        description=(
            "Opens $VISUAL or $EDITOR on the NMC reflective account form's four questions "
            "(the nature of the activity; what you learnt; how you changed or improved your "
            "practice; how it relates to the Code, with its four themes), with the answers so far. "
            "Save to keep; save it empty or unchanged to cancel."
        ),
    )
    p.add_argument("id", help="activity id (6+ characters), `last` or `last~N`")
    add_json_flag(p)
    p.set_defaults(handler=cmd_reflect)

    p = actions.add_parser("unset", help="stop counting an activity as CPD")
    p.add_argument("id", help="activity id (6+ characters), `last` or `last~N`")
    add_json_flag(p)
    p.set_defaults(handler=cmd_unset)

    p = actions.add_parser("list", aliases=["ls"], help="CPD records of a period")
    _add_period(p)
    add_json_flag(p)
    p.set_defaults(handler=cmd_list)

    p = actions.add_parser(
        "check",
        help="confidentiality scan: names, e-mails, phones, NHS numbers, handles, postcodes",
    )
    _add_period(p)
    p.add_argument(
        "--template",
        choices=_TEMPLATES,
        default="nmc",
        help="scan what this export would contain (generic: every activity)",
    )
    add_json_flag(p)
    p.set_defaults(handler=cmd_check)

    p = actions.add_parser("summary", help="hours against the NMC requirement, last 3 years")
    p.add_argument("--to", dest="end", metavar="DATE", help="end of the 3 years (default: today)")
    add_json_flag(p)
    p.set_defaults(handler=cmd_summary)


def _register_cpd_set(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``cpd set``: every CPD detail as an option (the longest parser of the command)."""
    p = actions.add_parser("set", help="mark an activity as CPD and set its details")
    p.add_argument("id", help="activity id (6+ characters), `last` or `last~N`")
    p.add_argument("--topic", help="what the CPD was about")
    p.add_argument(
        "--method", help="e.g. online discussion, conference, peer learning, reading, course"
    )
    p.add_argument("--learning", metavar="TEXT", help="what you learnt")
    p.add_argument(
        "--practice-change", metavar="TEXT", help="how it changed or improved your practice"
    )
    p.add_argument(
        "--standard",
        dest="standards",
        metavar="THEME",
        action="append",
        help="NMC Code theme (prioritise, practise, preserve, promote) or another standard; "
        "repeatable, replaces the list",
    )
    p.add_argument("--no-standards", action="store_true", help="remove every standard")
    part = p.add_mutually_exclusive_group()
    part.add_argument(
        "--participatory",
        dest="participatory",
        action="store_const",
        const="yes",
        help="learning that involved other professionals",
    )
    part.add_argument(
        "--not-participatory",
        "--no-participatory",
        dest="participatory",
        action="store_const",
        const="no",
        help="learning on your own",
    )
    part.add_argument(
        "--participatory-default",
        dest="participatory",
        action="store_const",
        const="auto",
        help="use the default again (a conversation is participatory)",
    )
    p.add_argument(
        "--evidence",
        metavar="REF",
        action="append",
        help="a file path or URL (repeatable, replaces the list)",
    )
    p.add_argument("--no-evidence", action="store_true", help="remove every evidence reference")
    p.add_argument(
        "--hcpc-type",
        metavar="TYPE",
        help="work-based, professional, formal, self-directed or other ('' for the default)",
    )
    refl = p.add_mutually_exclusive_group()
    refl.add_argument(
        "--reflect",
        dest="reflect",
        action="store_const",
        const=True,
        help="write a reflective account on it (NMC: five over three years)",
    )
    refl.add_argument("--no-reflect", dest="reflect", action="store_const", const=False)
    add_json_flag(p)
    p.set_defaults(handler=cmd_set, reflect=None)


def _register_export(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = sub.add_parser(
        "export",
        help="write a CPD record (NMC, HCPC, generic) or all activities to a file",
    )
    kinds = export.add_subparsers(dest="export_command", metavar="WHAT", required=True)
    p = kinds.add_parser(
        "cpd",
        help="a CPD record for your regulator",
        description=(
            "Write a CPD record. Contacts' names are replaced by role, organisation or "
            "initials, and e-mails, phone numbers, NHS numbers, handles and postcodes in "
            "your text are removed, unless you pass --include-names."
        ),
    )
    _add_period(p)
    p.add_argument("--template", choices=_TEMPLATES, default="nmc", help="default: nmc")
    p.add_argument("--format", dest="fmt", choices=_FORMATS, default="md", help="default: md")
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="where to write (default: the exports folder of your data dir; - for stdout)",
    )
    p.add_argument(
        "--include-names",
        action="store_true",
        help="keep names and identifiers (the record is then NOT fit to hand in)",
    )
    add_json_flag(p)
    p.set_defaults(handler=cmd_export_cpd)

    p = kinds.add_parser("activities", help="every activity as CSV or JSON (names included)")
    p.add_argument("--format", dest="fmt", choices=("csv", "json"), default="csv")
    p.add_argument("-o", "--output", metavar="FILE", help="where to write (- for stdout)")
    p.add_argument(
        "--include-names",
        action="store_true",
        help="also write what you noted about each contact (JSON; left out by default)",
    )
    add_json_flag(p)
    p.set_defaults(handler=cmd_export_activities)


# --- helpers -----------------------------------------------------------------


def _period(args: argparse.Namespace, ctx: Context) -> tuple[date, date]:
    journal = ctx.journal
    start = journal.parse_date(args.start) if getattr(args, "start", None) else None
    end = journal.parse_date(args.end) if getattr(args, "end", None) else None
    return journal.cpd.cpd_period(start, end)


def _day(d: date) -> str:
    return f"{d.day} {d:%b %Y}"


def _record_line(record: CpdRecord) -> str:
    from netjournal.domain.cpd import HCPC_TYPE_LABELS, format_hours

    participatory = "participatory" if record.participatory else "not participatory"
    if record.participatory_is_default:
        participatory += "*"
    kind = HCPC_TYPE_LABELS[record.hcpc_type] + ("*" if record.hcpc_type_is_default else "")
    parts = [
        record.activity_id[:8],
        f"{_day(record.date):>11}",
        f"{format_hours(record.minutes):>5} h",
        record.method,
        record.topic or record.note or "(no topic)",
        participatory,
        kind,
    ]
    if record.standards:
        parts.append("Code: " + ", ".join(record.standards))
    if record.reflect:
        parts.append("reflective account")
    return printable("  ".join(parts))


def _summary_lines(summary: NmcSummary) -> list[str]:
    from netjournal.domain.cpd import (
        NMC_REQUIRED_MINUTES,
        NMC_REQUIRED_PARTICIPATORY_MINUTES,
        NMC_REQUIRED_REFLECTIONS,
        format_hours,
    )

    def line(label: str, done: int, need: int) -> str:
        status = "met" if done >= need else f"{format_hours(need - done)} h to go"
        return f"  {label:<20} {format_hours(done):>6} of {format_hours(need)} h  ({status})"

    reflections = summary.reflective_accounts
    return [
        f"NMC revalidation, {_day(summary.start)} – {_day(summary.end)}: "
        f"{plural(summary.activities, 'CPD activity', 'CPD activities')}",
        line("CPD hours", summary.minutes, NMC_REQUIRED_MINUTES),
        line(
            "participatory hours", summary.participatory_minutes, NMC_REQUIRED_PARTICIPATORY_MINUTES
        ),
        f"  {'reflective accounts':<20} {reflections:>6} of {NMC_REQUIRED_REFLECTIONS}"
        + (
            "     (met)"
            if summary.reflections_met
            else f"     ({NMC_REQUIRED_REFLECTIONS - reflections} to write)"
        ),
    ]


def _summary_json(summary: NmcSummary) -> dict[str, Any]:
    return {
        "start": summary.start.isoformat(),
        "end": summary.end.isoformat(),
        **summary.totals_json(),
        **summary.requirement_json(),
    }


def _finding_lines(findings: list[Finding], *, kept: bool = False) -> list[str]:
    from netjournal.domain.privacy import FINDING_LABELS

    return [
        f"  {_day(f.date):>11}  {f.activity_id[:8]}  {f.field:<20} "
        f"{FINDING_LABELS[f.kind]}: {f.text!r}" + ("" if kept else f" → {f.replacement}")
        for f in findings
    ]


# --- handlers ----------------------------------------------------------------


def cmd_set(args: argparse.Namespace, ctx: Context) -> int:
    from netjournal.domain.cpd import record_for
    from netjournal.exporters.report import record_to_dict

    standards = () if args.no_standards else args.standards
    evidence = () if args.no_evidence else args.evidence
    choice = {"yes": True, "no": False}.get(args.participatory or "")
    activity = ctx.journal.cpd.set_cpd(
        args.id,
        topic=args.topic,
        method=args.method,
        learning=args.learning,
        practice_change=args.practice_change,
        standards=standards,
        participatory=choice,
        participatory_auto=args.participatory == "auto",
        evidence=evidence,
        hcpc_type=args.hcpc_type,
        reflect=args.reflect,
    )
    record = record_for(activity)
    ctx.emit(record_to_dict(record), f"CPD: {_record_line(record)}")
    return 0


def cmd_reflect(args: argparse.Namespace, ctx: Context) -> int:
    from netjournal.cli.editor import edit_text
    from netjournal.domain.cpd import record_for
    from netjournal.domain.reflection import ReflectionText, parse_reflection, reflection_template
    from netjournal.domain.timeparse import format_date
    from netjournal.exporters.report import record_to_dict

    journal = ctx.journal
    activity = journal.activities.get_activity(args.id)
    details = activity.cpd
    current = ReflectionText(
        nature=details.nature if details else "",
        learning=details.learning if details else "",
        practice_change=details.practice_change if details else "",
        themes=details.standards if details else (),
    )
    about = f"{format_date(activity.date, journal.config.date_order)}, {activity.note or activity.channel}"
    answers = parse_reflection(edit_text(reflection_template(about, current)))
    updated = journal.cpd.set_cpd(
        activity.id,
        nature=answers.nature,
        learning=answers.learning,
        practice_change=answers.practice_change,
        standards=answers.themes,
        reflect=True,
    )
    record = record_for(updated)
    ctx.emit(record_to_dict(record), f"reflective account saved: {_record_line(record)}")
    return 0


def cmd_unset(args: argparse.Namespace, ctx: Context) -> int:
    activity = ctx.journal.cpd.unset_cpd(args.id)
    ctx.emit(
        {"id": activity.id, "cpd": None},
        f"{activity.id[:8]} no longer counts as CPD",
    )
    return 0


def cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    from netjournal.domain.cpd import nmc_summary
    from netjournal.exporters.report import record_to_dict

    start, end = _period(args, ctx)
    records = ctx.journal.cpd.cpd_records(start, end)
    summary = nmc_summary(records, start, end)
    if ctx.wants_json:
        ctx.emit(
            {"records": [record_to_dict(r) for r in records], "totals": _summary_json(summary)}
        )
        return 0
    if not records:
        ctx.say(f"no CPD activities from {_day(start)} to {_day(end)}")
        ctx.say("mark one with: netjournal cpd set ID --topic '…'")
        return 0
    for record in records:
        ctx.say(_record_line(record))
    ctx.say("")
    for line in _summary_lines(summary):
        ctx.say(line)
    if any(r.participatory_is_default or r.hcpc_type_is_default for r in records):
        ctx.say("* a default from the activity; confirm or change it with `netjournal cpd set`")
    return 0


def cmd_check(args: argparse.Namespace, ctx: Context) -> int:
    start, end = _period(args, ctx)
    report, findings = ctx.journal.cpd.cpd_report(
        start, end, template=args.template, progress=ctx.progress("Scanning")
    )
    scanned = len(report.activities) + len(report.records)
    if ctx.wants_json:
        ctx.emit(
            {
                "start": start.isoformat(),
                "end": end.isoformat(),
                "template": args.template,
                "activities_scanned": scanned,
                "findings": [f.to_dict() for f in findings],
            }
        )
        return 0
    what = "activities" if args.template == "generic" else "CPD activities"
    if not findings:
        ctx.say(f"no identifiers found in {scanned} {what} ({_day(start)} – {_day(end)})")
    else:
        activities = len({f.activity_id for f in findings})
        ctx.say(
            f"{plural(len(findings), 'identifier')} in {activities} of {scanned} {what} "
            f"({_day(start)} – {_day(end)}):"
        )
        for line in _finding_lines(findings):
            ctx.say(line)
        ctx.say("exports replace these unless you pass --include-names")
    ctx.say("the scan knows only your contacts' names: read the record before you hand it in")
    return 0


def cmd_summary(args: argparse.Namespace, ctx: Context) -> int:
    journal = ctx.journal
    end = journal.parse_date(args.end) if args.end else None
    summary = journal.cpd.cpd_summary(end)
    ctx.emit(_summary_json(summary), "\n".join(_summary_lines(summary)))
    return 0


def _stdout_bytes(payload: bytes) -> None:
    sys.stdout.flush()
    sys.stdout.buffer.write(payload)
    sys.stdout.buffer.flush()


def cmd_export_cpd(args: argparse.Namespace, ctx: Context) -> int:
    from netjournal.errors import InputError
    from netjournal.exporters.registry import get_format

    journal = ctx.journal
    start, end = _period(args, ctx)
    progress = ctx.progress("Exporting")
    to_stdout = args.output == "-"
    if to_stdout:
        if get_format(args.fmt).binary:
            raise InputError(f"{args.fmt} is not text: give a file name with -o", field="output")
        result = journal.cpd.render_cpd(
            start,
            end,
            template=args.template,
            fmt=args.fmt,
            include_names=args.include_names,
            progress=progress,
        )
        _stdout_bytes(result.payload)
    else:
        result = journal.cpd.export_cpd(
            start,
            end,
            template=args.template,
            fmt=args.fmt,
            path=Path(args.output).expanduser() if args.output else None,
            include_names=args.include_names,
            progress=progress,
        )
    report, findings = result.report, result.findings
    if ctx.wants_json and not to_stdout:
        ctx.emit(
            {
                "path": str(result.path),
                "template": report.template.value,
                "format": args.fmt,
                "start": report.start.isoformat(),
                "end": report.end.isoformat(),
                "activities": len(report.records) + len(report.activities),
                "empty": report.is_empty,
                "include_names": report.include_names,
                "findings": [f.to_dict() for f in findings],
            }
        )
        return 0
    lines: list[str] = []
    if not to_stdout:
        count = len(report.records) + len(report.activities)
        what = "nothing to report" if report.is_empty else plural(count, "activity", "activities")
        lines.append(
            f"wrote {_TEMPLATE_NAMES[report.template.value]} ({what}, "
            f"{_day(report.start)} – {_day(report.end)}) to {result.path}"
        )
    if findings:
        verb = "kept (--include-names)" if report.include_names else "replaced"
        lines.append(f"{plural(len(findings), 'identifier')} {verb}:")
        lines.extend(_finding_lines(findings, kept=report.include_names))
    if to_stdout:
        for line in lines:
            ctx.warn(line)
    else:
        for line in lines:
            ctx.say(line)
    return 0


def cmd_export_activities(args: argparse.Namespace, ctx: Context) -> int:
    journal = ctx.journal
    progress = ctx.progress("Exporting")
    if args.output == "-":
        payload, _ = journal.cpd.export_activities(
            args.fmt, progress=progress, write=False, include_names=args.include_names
        )
        _stdout_bytes(payload)
        return 0
    path = Path(args.output).expanduser() if args.output else None
    _, written = journal.cpd.export_activities(
        args.fmt, path, progress=progress, include_names=args.include_names
    )
    count = journal.activities.count_activities()
    ctx.emit(
        {"path": str(written), "format": args.fmt, "activities": count},
        f"wrote {plural(count, 'activity', 'activities')} to {written} "
        "(names included: this is not a CPD record)",
    )
    return 0
