#!/usr/bin/env python
"""Regenerate docs/screenshots/*.svg from fixed states of the real app.

    python scripts/screenshots.py            # every shot, into docs/screenshots/
    python scripts/screenshots.py today-dark  # just the ones named

Each shot is the real app from ``netjournal.tui.make_app`` over the
deterministic 12-week demo journal (``netjournal.sample_data.demo_journal``)
with "today" frozen at 2026-11-25, in a throw-away data directory, driven by
the keys listed. tests/snapshots/test_snapshots.py pins the same states (those with
``snapshot=True``) as SVG snapshots, so the pictures in the docs are the
states the tests check, never drawn by hand.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TODAY = date(2026, 11, 25)
OUT = ROOT / "docs" / "screenshots"


@dataclass(frozen=True, slots=True)
class Shot:
    """One state of the app worth a picture."""

    name: str
    keys: tuple[str, ...] = ()
    size: tuple[int, int] = (100, 30)
    theme: str | None = None
    empty: bool = False
    #: Also pinned by tests/snapshots/test_snapshots.py (screens 5–7 pin their own).
    snapshot: bool = True


SHOTS: tuple[Shot, ...] = (
    Shot("today-dark"),
    Shot("today-light", theme="textual-light"),
    Shot("today-80x24", size=(80, 24)),
    Shot(
        "today-refused-duration",
        keys=("n", *"off", "tab", *"ages", "tab", "tab", "tab", *"meeting", "enter"),
    ),
    Shot("welcome", size=(80, 24), empty=True),
    Shot("journal", keys=("2",)),
    Shot(
        "journal-filtered-80x24",
        keys=("2", "left_square_bracket", "slash", *"mode:offline", "enter"),
        size=(80, 24),
    ),
    Shot("journal-edit", keys=("2", "e")),
    Shot("contacts", keys=("3",)),
    Shot("contacts-80x24", keys=("3",), size=(80, 24)),
    Shot("conversations", keys=("4",)),
    Shot("conversations-open-80x24", keys=("4", "o"), size=(80, 24)),
    Shot("help", keys=("question_mark",)),
    Shot("trends", keys=("5",), snapshot=False),
    Shot("targets", keys=("6",), snapshot=False),
    Shot("export", keys=("7",), snapshot=False),
)


def prepare_journal(shot: Shot) -> object:
    """The journal in ``NETJOURNAL_HOME``: the demo, or nothing for a first run."""
    from netjournal.journal import Journal
    from netjournal.sample_data import demo_journal

    journal = Journal.open()
    if not shot.empty:
        journal.maintenance.load_sample(demo_journal(TODAY))
    return journal


def build_app(journal: object, shot: Shot) -> object:
    """The real app for ``shot``: no store poll (a refresh would move things), no cursor blink."""
    from netjournal.journal import Journal
    from netjournal.tui import make_app

    assert isinstance(journal, Journal)
    app = make_app(journal, poll_seconds=3600.0, cursor_blink=False)
    if shot.theme:
        app.theme = shot.theme
    return app


async def drive(pilot: object, shot: Shot) -> None:
    """Press the shot's keys and let the screen settle."""
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.pause()
    for key in shot.keys:
        await pilot.press(key)
    await pilot.pause()
    await pilot.pause(0.3)  # the contact history waits for the cursor to settle


async def take(shot: Shot, out: Path) -> Path:
    with tempfile.TemporaryDirectory(prefix="nj-shot-") as home:
        os.environ["NETJOURNAL_HOME"] = home
        os.environ["NETJOURNAL_TODAY"] = TODAY.isoformat()
        app = build_app(prepare_journal(shot), shot)
        from textual.app import App

        assert isinstance(app, App)
        async with app.run_test(size=shot.size) as pilot:
            await drive(pilot, shot)
            return Path(app.save_screenshot(filename=f"{shot.name}.svg", path=str(out)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="only these shots (default: all)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"folder (default {OUT})")
    args = parser.parse_args(argv)
    wanted = [s for s in SHOTS if not args.names or s.name in args.names]
    unknown = set(args.names) - {s.name for s in SHOTS}
    if unknown:
        parser.error(f"no such shot: {', '.join(sorted(unknown))}")
    args.out.mkdir(parents=True, exist_ok=True)
    for shot in wanted:
        path = asyncio.run(take(shot, args.out))
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
