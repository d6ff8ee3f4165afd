"""Recognising the copies sync tools leave when two devices changed one file.

Kept apart from :mod:`netjournal.domain.merge` because the store checks every
file name against these patterns on every command (a conflict copy must never
be read as journal data), and the merge machinery is not needed for that. For
the same reason the check is cheap: a name without "confl" in it is no
conflict copy, and the patterns are compiled on first use (by ``re``'s cache),
not at import.
"""

from __future__ import annotations

import re

#: How each sync tool names the copy it keeps when two devices changed a file.
#: Each pattern captures the original name's stem and extension; every one
#: contains "confl" (case aside), which :func:`conflict_parts` checks first.
_CONFLICT_NAMES: tuple[tuple[str, str], ...] = (
    # Syncthing: 2026-11.sync-conflict-20261120-101010-ABCDEFG.json
    (
        "Syncthing",
        r"^(?P<stem>.+?)\.sync-conflict-\d{8}-\d{6}(?:-[A-Za-z0-9]+)?(?P<ext>\.\w+)$",
    ),
    # Dropbox: "contacts (conflicted copy 2026-11-20).json",
    # "contacts (Work PC's conflicted copy 2026-11-20).json";
    # Nextcloud 3.x: "contacts (conflicted copy 2026-11-20 101010).json"
    (
        "Dropbox/Nextcloud",
        r"(?i)^(?P<stem>.+?) \([^()]*conflicted copy[^()]*\)(?P<ext>\.\w+)$",
    ),
    # "contacts (conflict 1).json", "contacts (conflict).json"
    ("sync tool", r"(?i)^(?P<stem>.+?) \(conflict(?: \d+)?\)(?P<ext>\.\w+)$"),
    # ownCloud / older Nextcloud: contacts_conflict-20261120-101010.json
    ("Nextcloud/ownCloud", r"(?i)^(?P<stem>.+?)[_-]conflict-[\w-]*?(?P<ext>\.\w+)$"),
)


def conflict_parts(filename: str) -> tuple[str, str] | None:
    """``(tool, original name)`` of a sync tool's conflict copy; ``None`` if it is not one.

    Plain values, not :class:`netjournal.domain.merge.ConflictName`: every command checks
    the store's file names, and only `merge` and `doctor` need the record.

    >>> conflict_parts("2026-11.sync-conflict-20261120-101010-ABCDEFG.json")
    ('Syncthing', '2026-11.json')
    """
    # "confl", not "conflict": under IGNORECASE a dotless "ı" matches "i", but
    # no character other than these five letters (any case) matches "confl".
    if "confl" not in filename.lower():
        return None
    for tool, pattern in _CONFLICT_NAMES:
        m = re.match(pattern, filename)
        if m:
            return tool, f"{m['stem']}{m['ext']}"
    return None


def is_conflict_copy(filename: str) -> bool:
    """True for a sync tool's conflict copy (such a file is never read as store data)."""
    return conflict_parts(filename) is not None
