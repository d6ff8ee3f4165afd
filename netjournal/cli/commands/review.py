"""The balance review: ``week``, ``month``, ``quarter``, ``year``, ``trends`` and ``target``.

Every figure is defined in docs/review.md; the JSON keys there are stable.
Only argparse and netjournal.cli are imported at module level (this module
is loaded for every command, including ``log``); the domain modules are
imported inside the handlers.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from netjournal.cli.context import Context, add_json_flag
from netjournal.presentation import band_verdict, percent, plural, printable, share_percent

if TYPE_CHECKING:
    from datetime import date

    from netjournal.domain.period_review import GoalCheck, PeriodReview
    from netjournal.domain.reciprocity import SociabilitySummary
    from netjournal.domain.target_record import Target

ORDER = 20

_WHEN_HELP = (
    "which {kind}: a date (25/11, 2026-11-25, yesterday), a label ({label}), "
    "last, or -N for N {kind}s back (default: this {kind})"
)
_LABELS = {"week": "2026-W48", "month": "2026-11", "quarter": "2026-Q4", "year": "2026"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    for kind, help_text in (
        ("week", "this week's online/offline balance against your target"),
        ("month", "the same review over a calendar month"),
        ("quarter", "the same review over a calendar quarter"),
        ("year", "the same review over a calendar year"),
    ):
        p = sub.add_parser(kind, help=help_text, description=help_text.capitalize() + ".")
        p.add_argument(
            "when",
            nargs="?",
            metavar="WHEN",
            help=_WHEN_HELP.format(kind=kind, label=_LABELS[kind]),
        )
        p.add_argument(
            "--sociability",
            action=argparse.BooleanOptionalAction,
            default=True,
            help="include the reciprocity figures (conversations vs broadcasts, replies, "
            "new vs maintained connections); on by default",
        )
        add_json_flag(p)
        p.set_defaults(handler=cmd_review, period_kind=kind)

    p = sub.add_parser(
        "trends",
        help="online/offline balance over many weeks or months, with streaks",
        description="A series of weeks (default 12) or months with a 4-period rolling average.",
    )
    span = p.add_mutually_exclusive_group()
    span.add_argument("--weeks", type=int, metavar="N", help="the last N weeks (default 12)")
    span.add_argument("--months", type=int, metavar="N", help="the last N months")
    add_json_flag(p)
    p.set_defaults(handler=cmd_trends)

    p = sub.add_parser(
        "target",
        help="set or show your balance target (versioned: past weeks keep theirs)",
        description="Targets are versioned: each week is judged by the target in force on its first day.",
    )
    add_json_flag(p)
    tsub = p.add_subparsers(dest="target_command", metavar="ACTION")
    p.set_defaults(handler=cmd_target_show)

    s = tsub.add_parser(
        "set",
        help="set a new target version (parts not given are kept)",
        description=(
            "Set the balance band as an online share (--online 30-50%%; one value such as 40%% "
            "means ±5 points) or as an online:offline ratio (--ratio 1:2 means a third online, "
            "±5 points). Give none to clear a part."
        ),
    )
    band = s.add_mutually_exclusive_group()
    band.add_argument("--online", metavar="SHARE", help="online share band, e.g. 30-50%% or 40%%")
    band.add_argument("--ratio", metavar="ON:OFF", help="online:offline, e.g. 1:2 or 1:3-1:1")
    s.add_argument("--min-hours", metavar="H", help="minimum networking hours per week")
    s.add_argument("--min-conversations", metavar="N", help="minimum conversations per week")
    s.add_argument("--min-new-connections", metavar="N", help="minimum new connections per month")
    s.add_argument(
        "--max-online-per-day",
        metavar="DURATION",
        help="a daily limit on online networking, e.g. 1h30 (reported as a limit, not a goal)",
    )
    s.add_argument(
        "--from", dest="effective_from", metavar="DATE", help="in force from DATE (default today)"
    )
    add_json_flag(s)
    s.set_defaults(handler=cmd_target_set)

    s = tsub.add_parser("show", help="the target in force today")
    add_json_flag(s)
    s.set_defaults(handler=cmd_target_show)

    s = tsub.add_parser("history", help="every target version, oldest first")
    add_json_flag(s)
    s.set_defaults(handler=cmd_target_history)


# --- week / month / quarter / year ----------------------------------------------


def cmd_review(args: argparse.Namespace, ctx: Context) -> int:
    from netjournal.domain.period_review import review_json

    journal = ctx.journal
    review = journal.review.balance(args.period_kind, args.when, sociability=args.sociability)
    ctx.emit(
        review_json(review),
        None if ctx.wants_json else review_text(review, journal.config.date_order),
    )
    return 0


def _goal_line(check: GoalCheck, date_order: str) -> str:
    from netjournal.domain.balance import format_minutes
    from netjournal.domain.timeparse import format_date

    minutes = check.name == "min-minutes"
    fmt = format_minutes if minutes else str
    names = {
        "min-minutes": "networking time",
        "min-conversations": "conversations",
        "min-new-connections": "new connections",
    }
    if check.kind == "limit":
        limit = format_minutes(check.goal)
        if check.met:
            return f"online per day ≤ {limit}: kept (most {format_minutes(check.actual)})"
        worst = format_date(check.worst_day, date_order) if check.worst_day else "?"
        days = check.days_over or 0
        return (
            f"online per day ≤ {limit}: over on {plural(days, 'day')} "
            f"(most {format_minutes(check.actual)}, {worst})"
        )
    state = "met" if check.met else f"short by {fmt(check.gap)}"
    return f"{names[check.name]} ≥ {fmt(check.goal)}: {fmt(check.actual)}, {state}"


def _signed_minutes(delta: float) -> str:
    from netjournal.domain.balance import format_minutes

    return ("+" if delta > 0 else "") + format_minutes(delta)


def _signed_points(a: float | None, b: float | None) -> str:
    if a is None or b is None:
        return "n/a"
    pts = round((a - b) * 100, 1)
    return f"{pts:+g} points"


def review_text(review: PeriodReview, date_order: str = "dmy") -> str:
    """The terminal form of a review: verdict first, then the figures."""
    from netjournal.domain.balance import NO_ACTIVITY, NO_TARGET, format_minutes
    from netjournal.domain.targets import describe_band, has_band
    from netjournal.domain.timeparse import format_date

    t = review.totals
    p = t.period
    state = "" if review.complete else " (in progress)"
    lines = [
        f"{p.kind.value.capitalize()} {p.label} · {format_date(p.start, date_order)} – "
        f"{format_date(p.end, date_order)}{state}",
        review.verdict,
        "",
        f"  Online       {format_minutes(t.online_minutes):>7}",
        f"  Offline      {format_minutes(t.offline_minutes):>7}",
        f"  Total        {format_minutes(t.total_minutes):>7}",
    ]
    if t.has_activity and t.online_share is not None:
        lines.append(f"  Online share {share_percent(t.online_share):>7}   ratio {t.ratio}")
    else:
        lines.append("  Online share       -   (no activity: nothing to divide)")
    target = review.target
    if target is not None and has_band(target):
        lines.append(
            f"  Target       {describe_band(target.online_min_share, target.online_max_share)}, "
            f"in force from {format_date(target.effective_from, date_order)}"
        )
    else:
        lines.append("  Target       none (netjournal target set --online 30-50%)")
    status = review.band.status
    if status == NO_ACTIVITY:
        lines.append("  Status       no activity")
    elif status != NO_TARGET:
        extra = (
            ""
            if status == "inside"
            else f" by {round((review.band.distance or 0) * 100, 1):g} points"
        )
        lines.append(f"  Status       {band_verdict(status)}{extra}")
    for i, goal in enumerate(review.goals):
        lines.append(f"  {'Goals' if i == 0 else '':<12} {_goal_line(goal, date_order)}")
    lines.append(
        f"  Activities   {t.activities}: {plural(t.conversations, 'conversation')}, "
        f"{plural(t.broadcasts, 'broadcast')}, {t.listening} listening"
    )
    lines.append(
        f"  Contacts     {len(t.contact_ids)} touched, "
        f"{plural(review.new_connections or 0, 'new connection')}"
    )
    lines += _people_and_mix_lines(review)
    lines += _comparison_lines(review)
    if review.sociability is not None:
        lines.append("")
        lines.append(review.sociability.text())
    return "\n".join(lines)


def _people_and_mix_lines(review: PeriodReview) -> list[str]:
    """Who is due a catch-up, then the period's channels and purposes, largest first."""
    from netjournal.domain.balance import format_minutes

    t = review.totals
    lines: list[str] = []
    if review.contacts_due is not None:
        due = review.contacts_due
        if due:
            shown = ", ".join(printable(d.name) for d in due[:5])
            more = f" and {len(due) - 5} more" if len(due) > 5 else ""
            lines.append(f"  Due          {len(due)} to get back in touch with: {shown}{more}")
        else:
            lines.append("  Due          nobody is due a catch-up")
    if t.channels:
        parts = [
            f"{name} {format_minutes(c.total)}"
            for name, c in sorted(t.channels.items(), key=lambda kv: (-kv[1].total, kv[0]))
        ]
        lines.append(f"  Channels     {' · '.join(parts)}")
    if t.purposes:
        parts = [
            f"{name} {format_minutes(m)}"
            for name, m in sorted(t.purposes.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        lines.append(f"  Purposes     {' · '.join(parts)}")
    return lines


def _comparison_lines(review: PeriodReview) -> list[str]:
    """The period against the one before and against the average of the last four."""
    from netjournal.domain.balance import format_minutes

    t = review.totals
    p = t.period
    lines: list[str] = []
    prev = review.previous
    avg = review.average
    avg_total = avg.online_minutes + avg.offline_minutes
    lines.append(
        f"  vs {prev.period.label:<9} total {_signed_minutes(t.total_minutes - prev.total_minutes)}, "
        f"online share {_signed_points(t.online_share, prev.online_share)}"
    )
    lines.append(
        f"  vs 4-{p.kind.value} avg total {_signed_minutes(t.total_minutes - avg_total)} "
        f"(avg {format_minutes(avg_total)}), "
        f"online share {_signed_points(t.online_share, avg.online_share)}"
    )
    return lines


# --- trends ------------------------------------------------------------------


def cmd_trends(args: argparse.Namespace, ctx: Context) -> int:
    from netjournal.domain.trends import render_trends, trends_json

    if args.months is not None:
        kind, count = "month", args.months
    else:
        kind, count = "week", 12 if args.weeks is None else args.weeks
    series, social = ctx.journal.review.trends_with_sociability(kind, count)
    if ctx.wants_json:
        data = trends_json(series)
        for point, summary in zip(data["points"], social, strict=True):
            point["sociability"] = summary.to_dict()
        ctx.emit(data)
    else:
        labels = [p.totals.period.label for p in series.points]
        text = render_trends(series, tty=ctx.out.isatty())
        ctx.emit(None, text + "\n" + _sociability_table(labels, social))
    return 0


def _sociability_table(labels: list[str], summaries: list[SociabilitySummary]) -> str:
    """Being sociable, period by period: the reciprocity columns of ``trends``."""

    lines = [
        "Sociability (docs/relationships.md):",
        f"{'Period':<10} {'Conv%':>6} {'Opened':>7} {'Replied':>8} {'New':>4} {'Kept':>5}  Verdict",
    ]
    for label, s in zip(labels, summaries, strict=True):
        lines.append(
            f"{label:<10} {percent(s.conversation_share):>6} {s.started_by_me:>7} "
            f"{s.my_openers_replied:>8} {s.new_connections:>4} {s.maintained:>5}  {s.label}"
        )
    return "\n".join(lines)


# --- target ------------------------------------------------------------------


def _target_text(target: Target, date_order: str, until: date | None = None) -> str:
    from netjournal.domain.balance import format_minutes
    from netjournal.domain.targets import describe_band, has_band
    from netjournal.domain.timeparse import format_date

    span = f"In force from {format_date(target.effective_from, date_order)}"
    if until is not None:
        span += f" to {format_date(until, date_order)}"
    lines = [f"{span} (id {target.id[:8]})"]
    if has_band(target):
        band = describe_band(target.online_min_share, target.online_max_share)
        lines.append(f"  balance band           {band}")
    else:
        lines.append("  balance band           none")
    if target.weekly_min_minutes is not None:
        lines.append(f"  min networking / week  {format_minutes(target.weekly_min_minutes)}")
    if target.weekly_min_conversations is not None:
        lines.append(f"  min conversations/week {target.weekly_min_conversations}")
    if target.monthly_min_new_connections is not None:
        lines.append(f"  min new connections/mo {target.monthly_min_new_connections}")
    if target.daily_max_online_minutes is not None:
        lines.append(f"  limit online / day     {format_minutes(target.daily_max_online_minutes)}")
    return "\n".join(lines)


def cmd_target_set(args: argparse.Namespace, ctx: Context) -> int:
    from datetime import timedelta

    from netjournal.domain.targets import TargetInput, target_in_force, target_json

    journal = ctx.journal
    inp = TargetInput(
        online=args.online,
        ratio=args.ratio,
        min_hours=args.min_hours,
        min_conversations=args.min_conversations,
        min_new_connections=args.min_new_connections,
        max_online_per_day=args.max_online_per_day,
    )
    target = journal.review.set_target(inp, args.effective_from)
    week = journal.review.period("week", target.effective_from)
    judge = target_in_force(journal.review.target_history(), week.start, week.end)
    if judge is not None and judge.id == target.id:
        note = f"\nIt judges {week.label} and the weeks after."
    else:
        nxt = journal.review.period("week", week.end + timedelta(days=1))
        note = (
            f"\n{week.label} keeps the target in force on its first day; "
            f"this one judges from {nxt.label} on."
        )
    ctx.emit(
        target_json(target),
        "Target saved.\n" + _target_text(target, journal.config.date_order) + note,
    )
    return 0


def cmd_target_show(args: argparse.Namespace, ctx: Context) -> int:
    from netjournal.domain.targets import target_json

    journal = ctx.journal
    target = journal.review.current_target()
    if target is None:
        text = "No target in force today. Set one with: netjournal target set --online 30-50%"
    else:
        text = _target_text(target, journal.config.date_order)
    ctx.emit(target_json(target), text)
    return 0


def cmd_target_history(args: argparse.Namespace, ctx: Context) -> int:
    from datetime import timedelta

    from netjournal.domain.targets import history_json

    journal = ctx.journal
    versions = journal.review.target_history()
    if not versions:
        ctx.emit([], "No targets yet. Set one with: netjournal target set --online 30-50%")
        return 0
    blocks = []
    for i, target in enumerate(versions):
        nxt = versions[i + 1].effective_from if i + 1 < len(versions) else None
        until = nxt - timedelta(days=1) if nxt else None
        blocks.append(_target_text(target, journal.config.date_order, until))
    ctx.emit(history_json(versions), "\n\n".join(blocks))
    return 0
