"""Looking after the data: ``backup``, ``doctor``, ``config``, ``demo``."""

from __future__ import annotations

import argparse
from pathlib import Path

from netjournal.cli.context import Context, add_json_flag
from netjournal.presentation import plural

ORDER = 80


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "backup",
        help="back up the journal now, list backups, or restore one",
        description=(
            "netjournal also backs up automatically before the first change of each day "
            "(the newest `backups_keep` are kept)."
        ),
    )
    p.add_argument(
        "action",
        nargs="?",
        choices=["now", "list", "restore"],
        default="now",
        help="now (default), list, or restore FILE",
    )
    p.add_argument("file", nargs="?", type=Path, help="with restore: the backup .zip to restore")
    p.add_argument(
        "--to",
        metavar="PATH",
        help="with now: write the backup to PATH (a file, or a folder: one that exists or "
        "PATH ending in /, created if missing)",
    )
    add_json_flag(p)
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("doctor", help="check the store and explain how to fix problems")
    p.add_argument(
        "--fix",
        action="store_true",
        help="repair what is safe to repair (permissions, temp files, duplicates, "
        "last-contact dates)",
    )
    add_json_flag(p)
    p.set_defaults(handler=cmd_doctor)

    p = sub.add_parser(
        "config", help="show or change settings (date order, week start, backups kept …)"
    )
    p.add_argument(
        "action", nargs="?", choices=["show", "list", "get", "set", "path"], default="show"
    )
    p.add_argument("key", nargs="?", help="with get/set: the setting name")
    p.add_argument("value", nargs="?", help="with set: the new value")
    add_json_flag(p)
    p.set_defaults(handler=cmd_config)

    p = sub.add_parser(
        "demo", help="open the app on a separate demo journal (never your real data)"
    )
    p.add_argument(
        "--reset", action="store_true", help="throw away the demo journal and make a fresh one"
    )
    p.add_argument(
        "--no-open", action="store_true", help="create the demo data but do not open the app"
    )
    add_json_flag(p)
    p.set_defaults(handler=open_demo)


def cmd_backup(args: argparse.Namespace, ctx: Context) -> int:
    journal = ctx.journal
    if args.action == "list":
        found = journal.maintenance.backups()
        if ctx.wants_json:
            ctx.emit([{"path": str(p), "bytes": p.stat().st_size} for p in found])
        elif not found:
            ctx.say("no backups yet: `netjournal backup` makes one")
        else:
            for path in found:
                ctx.say(f"{path}  ({path.stat().st_size // 1024} KiB)")
        return 0
    if args.action == "restore":
        if args.file is None:
            from netjournal.errors import InputError

            raise InputError(
                "which backup? use: netjournal backup restore FILE (see `netjournal backup list`)"
            )
        safety = journal.maintenance.restore_backup(args.file)
        ctx.emit(
            {"restored": str(args.file), "previous_state_saved_to": str(safety)},
            f"restored {args.file}; the journal as it was before is saved in {safety}",
        )
        return 0
    target = journal.maintenance.backup(args.to)
    ctx.emit({"backup": str(target)}, f"backed up to {target}")
    return 0


def cmd_doctor(args: argparse.Namespace, ctx: Context) -> int:
    findings = ctx.journal.maintenance.doctor(fix=args.fix)
    if ctx.wants_json:
        ctx.emit([f.to_dict() for f in findings])
    else:
        marks = {"ok": "ok  ", "warning": "warn", "error": "FAIL"}
        for f in findings:
            ctx.say(f"{marks.get(f.level, f.level)}  {f.message}{' (fixed)' if f.fixed else ''}")
    return 1 if any(f.level == "error" for f in findings) else 0


def cmd_config(args: argparse.Namespace, ctx: Context) -> int:
    journal = ctx.journal
    if args.action == "path":
        paths = journal.paths
        cache = paths.cache_dir
        ctx.emit(
            {"config": str(paths.config_file), "data": str(paths.data_dir), "cache": str(cache)},
            f"config: {paths.config_file}\ndata:   {paths.data_dir}\ncache:  {cache}",
        )
        return 0
    if args.action == "set":
        from netjournal.errors import InputError

        if not args.key or args.value is None:
            raise InputError(
                "use: netjournal config set KEY VALUE, e.g. netjournal config set week_start sunday"
            )
        journal.maintenance.set_setting(args.key, args.value)
    data = journal.config.to_dict()
    if args.action == "get":
        from netjournal.config import setting_name
        from netjournal.errors import InputError

        key = setting_name(args.key or "")
        if key not in data:
            raise InputError(f"unknown setting {args.key!r}: use one of {', '.join(sorted(data))}")
        ctx.emit({key: data[key]}, str(data[key]))
        return 0
    ctx.emit(data, "\n".join(f"{k} = {v!r}" for k, v in data.items()))
    return 0


def open_demo(args: argparse.Namespace, ctx: Context) -> int:
    """Fill a separate demo home with 12 weeks of data (once) and open the app on it."""
    import shutil

    from netjournal.journal import Journal
    from netjournal.paths import demo_paths
    from netjournal.sample_data import demo_journal

    paths = demo_paths()
    if getattr(args, "reset", False) and paths.data_dir.exists():
        shutil.rmtree(paths.data_dir)
    journal = Journal.open(paths=paths)
    if journal.maintenance.is_empty():
        counts = journal.maintenance.load_sample(demo_journal(journal.today()))
        ctx.say(
            f"demo journal created in {paths.data_dir}: "
            f"{plural(counts['activities'], 'activity', 'activities')}, "
            f"{plural(counts['contacts'], 'contact')}"
        )
    ctx.journal = journal
    if getattr(args, "no_open", False) or getattr(args, "json", False):
        ctx.emit(
            {"data_dir": str(paths.data_dir), "activities": journal.activities.count_activities()}
        )
        return 0
    from netjournal.tui import run_app

    return run_app(journal)
