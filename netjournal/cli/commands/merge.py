"""``netjournal merge``: bring another device's changes in from a sync conflict copy.

When the journal's folder is synced between two devices (Syncthing,
Nextcloud, Dropbox, a git repository) and both changed the same file while
apart, the sync tool keeps one version and saves the other as a conflict
copy. ``merge`` folds such a copy (or the other device's whole folder, or a
backup zip) into the journal by stable id and last edit, keeps deletions,
and says what it did. Without an argument it merges every conflict copy
found in the store.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from netjournal.cli.context import Context, add_json_flag

if TYPE_CHECKING:
    from netjournal.domain.merge import MergeReport

ORDER = 85


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "merge",
        help="merge a sync conflict copy, another device's folder or a backup into this journal",
        description=(
            "Merge by stable id: records only one side has are kept, the later edit wins, "
            "and a deletion wins over older edits (an edit after the deletion brings the "
            "record back). With no OTHER, every conflict copy in the store is merged, all "
            "together or none; each merged conflict copy is moved to backups/conflicts/, and "
            "one that cannot be read is set aside there (named in the report) unmerged."
        ),
    )
    p.add_argument(
        "other",
        nargs="?",
        type=Path,
        metavar="OTHER",
        help="a conflict copy (e.g. 'contacts (conflicted copy 2026-11-20).json'), "
        "a data or store folder, or a backup .zip",
    )
    p.add_argument(
        "--dry-run", "-n", action="store_true", help="show what would change; change nothing"
    )
    add_json_flag(p)
    p.set_defaults(handler=cmd_merge)


def _counts_line(kind: str, counts: dict[str, int]) -> str:
    shown = [f"{counts[k]} {k}" for k in ("added", "updated", "deleted") if counts.get(k)]
    quiet = [f"{counts[k]} {k}" for k in ("kept", "unchanged") if counts.get(k)]
    return f"  {kind}: {', '.join(shown + quiet) or 'nothing to do'}"


def describe(report: MergeReport) -> list[str]:
    """The human form of one merge report, a few lines."""
    if report.damaged:
        verb = "would set aside" if report.dry_run else "set aside"
        lines = [f"{verb} {report.source}, nothing of it merged: {report.damaged}"]
        if report.moved_to:
            lines.append(
                f"  it was moved to {report.moved_to}; repair it and run `netjournal merge PATH`"
            )
        lines.extend(f"  {reason}" for reason in report.skipped)
        return lines
    verb = "would merge" if report.dry_run else "merged"
    what = f" ({report.tool} conflict copy)" if report.tool else ""
    lines = [f"{verb} {report.source}{what}:"]
    for kind, counts in report.kinds.items():
        lines.append(_counts_line(kind, dict(counts)))
    if not report.kinds:
        lines.append("  nothing in it to merge")
    if report.trash.get("added") or report.trash.get("dropped"):
        lines.append(
            f"  trash: {report.trash.get('added', 0)} deletions recorded, "
            f"{report.trash.get('dropped', 0)} dropped (record edited after it was deleted)"
        )
    for reason in report.skipped:
        lines.append(f"  skipped: {reason}")
    if report.duplicate_contacts:
        names = ", ".join(report.duplicate_contacts)
        lines.append(
            f"  both devices added a contact called {names}: see `netjournal contact dupes`"
        )
    if report.moved_to:
        lines.append(f"  the conflict copy was moved to {report.moved_to}")
    if report.dry_run:
        lines.append("  (dry run: nothing was changed)")
    return lines


def cmd_merge(args: argparse.Namespace, ctx: Context) -> int:
    journal = ctx.journal
    if args.other is not None:
        reports = [journal.sync.merge(args.other, dry_run=args.dry_run)]
    else:
        reports = journal.sync.merge_conflict_copies(dry_run=args.dry_run)
        if not reports:
            ctx.emit(
                [],
                "no sync conflict copies in the store; to merge another device's copy, "
                "give its folder, file or backup: netjournal merge OTHER",
            )
            return 0
    if ctx.wants_json:
        data = [r.to_dict() for r in reports]
        ctx.emit(data[0] if args.other is not None else data)
        return 0
    for report in reports:
        ctx.say("\n".join(describe(report)))
    return 0
