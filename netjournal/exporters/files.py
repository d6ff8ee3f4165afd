"""Writing an export to disk: user-only permissions, never half a file.

A CPD record is personal data, so new export files are created 0600 (and the
default exports folder 0700). The bytes go to a temporary file in the same
folder, are flushed to disk, and then renamed over the target, so a crash or
a full disk leaves either the old file or the new one, never a torn one.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from netjournal.errors import StoreError


def write_private_file(path: Path, payload: bytes) -> Path:
    """Atomically write ``payload`` to ``path`` with mode 0600; return the path."""
    folder = path.parent
    if not folder.is_dir():
        raise StoreError(f"cannot write {path}: folder {folder} does not exist")
    tmp = folder / f".{path.name}.{os.getpid()}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path
