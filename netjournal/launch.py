"""The ``netjournal`` program: a short process's collector settings, then the CLI.

Apart from :mod:`netjournal.cli` so that importing the CLI (the tests, a
script calling ``main(argv)``) changes nothing process-wide; only the
console script and ``python -m netjournal`` come through here.
"""

from __future__ import annotations

import gc

#: Allocations between two collections of the youngest generation (CPython's default: 700).
YOUNG_GENERATION_THRESHOLD = 50_000


def main() -> int:
    """Run the command line as the whole program; returns the exit status.

    A command is one short process that keeps nearly everything it allocates
    (modules, classes, the records it reads) until it exits, so the cyclic
    collector's passes during start-up (about 30 for ``list``, each walking
    the newest objects) find nothing to free. They become rare, not off: a
    long import or export still collects every 50,000 allocations, and the
    app manages its own pauses (:mod:`netjournal.tui`).
    """
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, older, oldest)
    from netjournal.cli import main as run

    return run()
