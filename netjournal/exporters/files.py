"""Writing an export to disk: user-only permissions, never half a file.

A CPD record is personal data, so new export files are created 0600 (and the
default exports folder 0700). The bytes go to a temporary file in the same
folder, are flushed to disk, and then renamed over the target, so a crash or
a full disk leaves either the old file or the new one, never a torn one.
"""

from __future__ import annotations

from pathlib import Path

from netjournal.atomic import atomic_write_bytes
from netjournal.errors import StoreError


def write_private_file(path: Path, payload: bytes) -> Path:
    """Atomically write ``payload`` to ``path`` with mode 0600; return the path.

    The folder must exist: an export never creates folders the user did not ask for.
    """
    folder = path.parent
    if not folder.is_dir():
        raise StoreError(f"cannot write {path}: folder {folder} does not exist")
    atomic_write_bytes(path, payload)
    return path
