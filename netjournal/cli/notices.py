"""One-line notices printed on start, before a command runs.

Kept apart from :mod:`netjournal.cli` so the entry point stays a thin
dispatcher; every notice must be cheap (``netjournal log`` runs it too)
and must never stop a command from running.
"""

from __future__ import annotations

import argparse

from netjournal.cli.context import Context
from netjournal.errors import NetjournalError

#: Commands that report conflict copies themselves.
_QUIET_FOR = frozenset({"merge", "doctor"})


def show_start_notices(args: argparse.Namespace, ctx: Context) -> None:
    """Tell the user on stderr when sync conflict copies wait to be merged.

    Not with ``--json`` (scripts read stdout, but a clean stderr keeps their
    logs quiet too). A problem while looking is ignored: the command itself
    will report it properly.
    """
    if ctx.wants_json or getattr(args, "command", None) in _QUIET_FOR:
        return
    try:
        notice = ctx.journal.conflict_notice()
    except (NetjournalError, OSError):
        return
    if notice:
        ctx.warn(notice)
