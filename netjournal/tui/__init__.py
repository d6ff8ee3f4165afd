"""The Textual app: ``netjournal`` with no arguments, ``netjournal --demo`` and ``serve``.

Textual is imported only inside this package, and only when a function here is
called: importing :mod:`netjournal.tui` itself costs nothing, so the CLI can
name :func:`run_app` without paying for Textual on ``netjournal log``.

:func:`make_app` is the one factory shared by :func:`run_app`, the tests, the
snapshot tests and ``scripts/screenshots.py`` (the posting pattern), so every
picture of the app is a picture of the real app.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netjournal.journal import Journal
    from netjournal.tui.app import NetJournalApp

#: Seconds between two looks at the store for changes made by another process.
DEFAULT_POLL_SECONDS = 2.0

_start_up_frozen = False


def _freeze_start_up_objects() -> None:
    """Exempt what the imports created from garbage collection, once per process.

    Importing Textual and the facade leaves tens of thousands of container
    objects (classes, functions, module dicts) that live as long as the
    process. The cyclic collector would walk them all in the full collection
    that falls while the first screen is built; ``gc.freeze()`` takes them
    out of its way. Objects made afterwards are collected as usual.
    """
    global _start_up_frozen
    if not _start_up_frozen:
        _start_up_frozen = True
        gc.freeze()


def make_app(
    journal: Journal, *, poll_seconds: float = DEFAULT_POLL_SECONDS, cursor_blink: bool = True
) -> NetJournalApp:
    """The app over ``journal``, ready for ``run()`` or ``run_test()``.

    ``cursor_blink=False`` keeps text fields' cursors steady: the tests and
    ``scripts/screenshots.py`` use it, so a picture does not depend on the
    moment it is taken.

    The first call imports Textual and the app's modules with the cyclic
    garbage collector paused: they create tens of thousands of objects that
    live as long as the process and only a few hundred that are garbage, yet
    the allocations would set off dozens of collections, each walking what
    was imported so far, all of it before the first screen
    (bench/FINDINGS.md has the figures). The collector's setting is restored afterwards (a
    caller that had it off keeps it off), once :func:`_freeze_start_up_objects`
    has taken the imported objects out of its way for good. (The few
    reference cycles an import leaves behind are frozen with them rather
    than collected: a full collection to find them would cost what the
    pause saves.)
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        from netjournal.tui.app import NetJournalApp

        _freeze_start_up_objects()
        return NetJournalApp(journal, poll_seconds=poll_seconds, cursor_blink=cursor_blink)
    finally:
        if was_enabled:
            gc.enable()


def run_app(journal: Journal) -> int:
    """Run the app in this terminal until the user quits; the exit status."""
    app = make_app(journal)
    result = app.run()
    return int(result or 0) if app.return_code is None else app.return_code
