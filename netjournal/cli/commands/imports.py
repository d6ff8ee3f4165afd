"""``netjournal import SOURCE PATH``: bring in LinkedIn, X, Mastodon, Bluesky, vCard, calendar and ActivityWatch history.

Only argparse and netjournal.cli are imported here; the importers (and
icalendar behind them) are imported inside the handler, so they never slow
down ``netjournal log``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netjournal.cli.context import Context, add_json_flag
from netjournal.presentation import plural, printable

if TYPE_CHECKING:
    from netjournal.importers.base import ImportReport

ORDER = 50

_SOURCES_HELP = "linkedin, x, mastodon, bluesky, vcard, ics or activitywatch"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "import",
        help="import contacts, conversations and activities from LinkedIn, X, Mastodon, "
        "Bluesky, vCard, calendars or ActivityWatch",
        description=(
            "Import a LinkedIn export (folder, .zip or Connections.csv/messages.csv/"
            "Invitations.csv), an X archive (folder, .zip or tweets.js), a Mastodon archive "
            "(folder, .zip or outbox.json), a Bluesky repository export (.car), a vCard .vcf, "
            "an iCalendar .ics, or an ActivityWatch bucket export (.json: online minutes per "
            "day and platform, by the [activitywatch] rules in config.toml). Importing the same "
            "file again adds nothing twice. "
            "See docs/imports.md for how to download each export."
        ),
    )
    p.add_argument("source", metavar="SOURCE", help=_SOURCES_HELP)
    p.add_argument("path", metavar="PATH", help="the export folder, .zip or file")
    p.add_argument(
        "--dry-run", action="store_true", help="show what would change and write nothing"
    )
    p.add_argument(
        "--me",
        metavar="NAME",
        help="who you are in the export, when it cannot tell: your name as LinkedIn "
        "shows it, your X handle, your Mastodon handle (@you@host), or your calendar "
        "e-mail address",
    )
    p.add_argument(
        "--minutes-per-post",
        type=_minutes,
        default=5,
        metavar="N",
        help="x, mastodon, bluesky: minutes counted per post or reply (default 5)",
    )
    p.add_argument(
        "--minutes-per-retweet",
        type=_minutes,
        default=1,
        metavar="N",
        help="x, mastodon, bluesky: minutes counted per retweet, boost, repost or like (default 1)",
    )
    add_json_flag(p)
    p.set_defaults(handler=cmd_import)


def _minutes(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of minutes") from None
    if not 1 <= value <= 240:
        raise argparse.ArgumentTypeError("give between 1 and 240 minutes")
    return value


def cmd_import(args: argparse.Namespace, ctx: Context) -> int:
    from netjournal.importers import parser_for, source_name
    from netjournal.importers.base import ImportOptions

    source = source_name(args.source)
    parse = parser_for(source)
    journal = ctx.journal
    options = ImportOptions(
        today=journal.today(),
        me=args.me,
        conference_hours_per_day=journal.config.conference_hours_per_day,
        minutes_per_post=args.minutes_per_post,
        minutes_per_retweet=args.minutes_per_retweet,
        activitywatch=(
            journal.imports.activitywatch_settings() if source == "activitywatch" else None
        ),
    )
    batch = parse(Path(args.path).expanduser(), options, _throttled(ctx.progress("reading")))
    report = journal.imports.import_batch(batch, dry_run=args.dry_run)
    for warning in report.warnings:
        ctx.warn(printable(warning))
    ctx.emit(report.to_dict(), _text(report))
    return 0


def _throttled(report: Any) -> Any:
    """Redraw progress at most once per percent, so a huge archive does not flood the TTY."""
    last = [-1]

    def progress(done: int, total: int) -> None:
        pct = 100 * done // total if total else 100
        if pct != last[0] or done >= total:
            last[0] = pct
            report(done, total)

    return progress


def _text(report: ImportReport) -> str:
    kinds = (
        ("contacts", report.contacts),
        ("conversations", report.conversations),
        ("activities", report.activities),
    )
    files = len(report.files)
    where = f"{report.source} ({plural(files, 'file')})"
    if report.dry_run:
        lines = [f"Dry run, nothing written. Importing from {where} would give:"]
    else:
        lines = [f"Imported from {where}:"]
    for label, counts in kinds:
        lines.append(
            f"  {label:<14}{counts.added:>6} added {counts.updated:>6} updated "
            f"{counts.unchanged:>6} unchanged"
        )
    for label, _ in kinds:
        samples = report.samples.get(label, ())
        if samples:
            lines.append(f"New {label}{' (first few)' if len(samples) >= 5 else ''}:")
            lines.extend(f"  {printable(line)}" for line in samples)
    if not report.changed:
        lines.append("Nothing new: everything in this export is already in your journal.")
    return "\n".join(lines)
