"""The Textual app: ``netjournal`` with no arguments, ``netjournal --demo`` and ``serve``.

Textual is imported only inside this package, and only when a function here is
called: importing :mod:`netjournal.tui` itself costs nothing, so the CLI can
name :func:`run_app` without paying for Textual on ``netjournal log``.

:func:`make_app` is the one factory shared by :func:`run_app`, the tests, the
snapshot tests and ``scripts/screenshots.py`` (the posting pattern), so every
picture of the app is a picture of the real app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netjournal.journal import Journal
    from netjournal.tui.app import NetJournalApp

#: Seconds between two looks at the store for changes made by another process.
DEFAULT_POLL_SECONDS = 2.0


def make_app(journal: Journal, *, poll_seconds: float = DEFAULT_POLL_SECONDS) -> NetJournalApp:
    """The app over ``journal``, ready for ``run()`` or ``run_test()``."""
    from netjournal.tui.app import NetJournalApp

    return NetJournalApp(journal, poll_seconds=poll_seconds)


def run_app(journal: Journal) -> int:
    """Run the app in this terminal until the user quits; the exit status."""
    app = make_app(journal)
    result = app.run()
    return int(result or 0) if app.return_code is None else app.return_code
