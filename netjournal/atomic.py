"""Writing a file so that it is the old one or the new one, never half of either.

One implementation for the store, the config file and exports: a temp file
created user-only (0600) and exclusively in the same folder, written,
flushed and fsync'd, then renamed over the target (same filesystem, so the
rename is atomic), and the folder fsync'd so the rename survives a power cut.
On any failure the temp file is removed and the old file is untouched.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

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
    """A new temp file ``.<name>.<pid>-<random>.tmp`` in ``folder``, created 0600, exclusively.

    What ``tempfile.mkstemp`` does, without importing ``tempfile`` (and
    ``shutil``, ``random`` …) on every command. The process id lets a later
    write tell a dead writer's leftover from a live one's
    (:func:`sweep_dead_temps`).
    """
    for _ in range(100):
        candidate = folder / f".{name}.{os.getpid()}-{os.urandom(6).hex()}.tmp"
        try:
            return os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), str(candidate)
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temp file name in {folder}")


def sweep_dead_temps(folder: Path, name: str) -> None:
    """Remove temp files of ``name`` left in ``folder`` by processes that no longer run.

    A writer killed with ``kill -9`` cannot clean up after itself; its temp
    file names its process id (:func:`private_temp`), so the next write of
    the same file removes it. A live writer's temp is never touched.
    """
    prefix = f".{name}."
    try:
        entries = os.listdir(folder)
    except OSError:
        return
    for entry in entries:
        if not (entry.startswith(prefix) and entry.endswith(".tmp")):
            continue
        pid_text = entry[len(prefix) :].partition("-")[0]
        if not pid_text.isdigit() or int(pid_text) == os.getpid():
            continue
        try:
            os.kill(int(pid_text), 0)
        except ProcessLookupError:
            with contextlib.suppress(OSError):
                os.unlink(folder / entry)
        except OSError:
            continue  # alive, someone else's


@contextlib.contextmanager
def terminate_cleanly() -> Iterator[None]:
    """While writing, turn SIGTERM and SIGHUP into ``SystemExit`` so temp files are removed.

    ``kill`` and a closed terminal would otherwise end the process without
    running any clean-up. Only in the main thread (the only one that can
    set handlers); a signal the process ignores or handles itself is left alone.
    """
    import signal

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    saved: list[signal.Signals] = []
    try:
        for signum in (signal.SIGTERM, signal.SIGHUP):
            if signal.getsignal(signum) is signal.SIG_DFL:
                signal.signal(signum, stop)
                saved.append(signum)
    except (ValueError, AttributeError):  # not the main thread; no SIGHUP on Windows
        pass
    try:
        yield
    finally:
        for signum in saved:
            signal.signal(signum, signal.SIG_DFL)


def _anonymous_temp(folder: Path) -> int | None:
    """An unnamed file in ``folder`` (Linux ``O_TMPFILE``), or ``None`` where there is none.

    It has no name until it is linked, so a process killed while writing it
    (``kill -9``, a closed terminal) leaves nothing behind; a named temp file
    would stay beside the target.
    """
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag or not os.path.isdir("/proc/self/fd"):  # linking it needs /proc
        return None
    try:
        if os.stat(folder).st_dev in _NO_LINK:
            return None
        return os.open(folder, flag | os.O_RDWR, 0o600)
    except OSError as exc:
        if exc.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT):
            return None  # the file system (or kernel) does not offer it
        raise


@contextlib.contextmanager
def atomic_file(path: Path, *, clean_exit: bool = True) -> Iterator[BinaryIO]:
    """A file to write that replaces ``path`` when the block ends, or leaves it as it was.

    On exit the data is flushed and fsync'd, given a temp name beside
    ``path`` and renamed over it, and the folder fsync'd. Where the system
    offers unnamed files that can be linked, the data has no name until that
    moment, so even ``kill -9`` while writing leaves no temp file; elsewhere
    ``kill``/SIGHUP still clean up (:func:`terminate_cleanly`) and a
    ``kill -9``'s leftover is removed by the next write of the same file
    (:func:`sweep_dead_temps`). On any failure the old file stays.
    ``clean_exit=False`` skips the signal handling (and the ``signal``
    import) for a tiny file written on every multi-file commit.
    """
    folder = path.parent
    sweep_dead_temps(folder, path.name)
    with terminate_cleanly() if clean_exit else contextlib.nullcontext():
        try:
            fd = _anonymous_temp(folder)
            tmp: Path | None = None
            if fd is None:
                fd, name = private_temp(folder, path.name)
                tmp = Path(name)
        except OSError as exc:
            raise StoreError(
                f"cannot write in {folder}: {exc.strerror or exc}; nothing was changed"
            ) from exc
        try:
            with os.fdopen(fd, "wb") as fh:
                yield fh
                fh.flush()
                os.fsync(fh.fileno())
                if tmp is None:
                    tmp = _link_anonymous(fh.fileno(), folder, path.name)
            os.replace(tmp, path)
        except BaseException as exc:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    tmp.unlink()
            if isinstance(exc, OSError):
                raise StoreError(
                    f"cannot write {path}: {exc.strerror or exc}; nothing was changed"
                ) from exc
            raise
    fsync_dir(folder)


#: Devices whose file system made unnamed files but could not link them (overlayfs).
_NO_LINK: set[int] = set()


def _link_anonymous(fd: int, folder: Path, name: str) -> Path:
    """Give the unnamed file ``fd`` a temp name beside its target (to rename it over the target).

    Some file systems create unnamed files but refuse to link them (overlayfs:
    EXDEV); the data is then copied to a named temp file, and that device
    gets named temp files from the start next time.
    """
    for _ in range(100):
        candidate = folder / f".{name}.{os.getpid()}-{os.urandom(6).hex()}.tmp"
        try:
            os.link(f"/proc/self/fd/{fd}", candidate, follow_symlinks=True)
        except FileExistsError:
            continue
        except OSError:
            _NO_LINK.add(os.fstat(fd).st_dev)
            return _copy_to_named(fd, folder, name)
        return candidate
    raise FileExistsError(f"no free temp file name in {folder}")


def _copy_to_named(fd: int, folder: Path, name: str) -> Path:
    out, tmp_name = private_temp(folder, name)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(out, "wb") as fh:
            offset = 0
            while chunk := os.pread(fd, 1 << 20, offset):
                fh.write(chunk)
                offset += len(chunk)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return tmp


def atomic_write_bytes(path: Path, payload: bytes, *, clean_exit: bool = True) -> None:
    """Replace ``path`` with ``payload`` so that readers see old or new, never half.

    Through :func:`atomic_file`: the temp file is user-only (0600) and in the
    same directory, so the rename is a same-filesystem one. On any failure
    (disk full, read-only directory) the old file is intact and no temp file
    is left.
    """
    ensure_private_dir(path.parent)
    with atomic_file(path, clean_exit=clean_exit) as fh:
        fh.write(payload)
