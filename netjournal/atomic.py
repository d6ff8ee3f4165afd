"""Writing a file so that it is the old one or the new one, never half of either.

One implementation for the store, the config file and exports: a temp file
created user-only (0600) and exclusively in the same folder, written,
flushed and fsync'd, then renamed over the target (same filesystem, so the
rename is atomic), and the folder fsync'd so the rename survives a power cut.
On any failure the temp file is removed and the old file is untouched.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from netjournal.errors import StoreError
from netjournal.paths import ensure_private_dir


def fsync_dir(path: Path) -> None:
    """Make a rename in ``path`` durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def private_temp(folder: Path, name: str) -> tuple[int, str]:
    """A new temp file ``.<name>.<random>.tmp`` in ``folder``, created 0600, exclusively.

    What ``tempfile.mkstemp`` does, without importing ``tempfile`` (and
    ``shutil``, ``random`` …) on every command.
    """
    for _ in range(100):
        candidate = folder / f".{name}.{os.urandom(6).hex()}.tmp"
        try:
            return os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), str(candidate)
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temp file name in {folder}")


def atomic_write_bytes(path: Path, payload: bytes) -> None:
    """Replace ``path`` with ``payload`` so that readers see old or new, never half.

    The temp file is created by :func:`private_temp` (mode 0600) in the same directory,
    so ``os.replace`` is a same-filesystem rename. On any failure (disk full,
    read-only directory) the temp file is removed and the old file is intact.
    """
    ensure_private_dir(path.parent)
    try:
        fd, tmp_name = private_temp(path.parent, path.name)
    except OSError as exc:
        raise StoreError(
            f"cannot write in {path.parent}: {exc.strerror or exc}; nothing was changed"
        ) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise StoreError(
                f"cannot write {path}: {exc.strerror or exc}; nothing was changed"
            ) from exc
        raise
    fsync_dir(path.parent)
