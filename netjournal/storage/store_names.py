"""Which names under the store folder are the store's own files.

Apart from :mod:`netjournal.storage.engine` so that the commit machinery
(:mod:`netjournal.storage.commit`, which the engine uses) can check a commit
record's paths without importing the engine back.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from netjournal.domain.conflicts import is_conflict_copy

_STORE_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")
_PARTITION_NAME = re.compile(r"^\d{4}-\d{2}$")


def is_store_path(relpath: str) -> bool:
    """True for a name the store writes: ``contacts.json``, ``activities/2026-11.json``.

    Everything else under the store folder is someone else's: temp files
    (``.x.tmp``), sync-tool conflict copies (``contacts (conflicted copy
    …).json``, ``2026-11.sync-conflict-….json``), version folders, junk.
    """
    parts = relpath.split("/")
    if not parts[-1].endswith(".json") or is_conflict_copy(parts[-1]):
        return False
    stem = parts[-1].removesuffix(".json")
    if len(parts) == 1:
        return bool(_STORE_NAME.match(stem))
    return len(parts) == 2 and bool(_STORE_NAME.match(parts[0]) and _PARTITION_NAME.match(stem))


def conflict_copies(store_dir: Path) -> list[Path]:
    """Sync-tool conflict copies (Syncthing, Nextcloud, Dropbox) next to the store files, sorted."""
    # os.walk (scandir) rather than Path.rglob: this runs before every command.
    found = [
        Path(folder) / name
        for folder, _dirs, names in os.walk(store_dir)
        for name in names
        if name.endswith(".json") and not name.startswith(".") and is_conflict_copy(name)
    ]
    return sorted(found)
