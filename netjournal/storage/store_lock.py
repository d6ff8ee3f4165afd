"""The cross-process lock every store write holds, taken with ``flock``.

Apart from the engine because it is a small thing of its own: a lock file
beside the store, waited for up to a timeout, that a killed holder cannot
leave behind.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

LOCK_TIMEOUT_SECONDS = 20.0
LOCK_POLL_SECONDS = 0.05


class LockTimeout(Exception):
    """The store lock was not free within the timeout."""


class StoreLock:
    """A cross-process lock on one file, taken with ``flock``; waits up to ``timeout``.

    ``flock`` locks belong to the open file and die with the process, so a
    holder killed with ``kill -9`` leaves no stale lock. This is what the
    ``filelock`` package does on Unix, written out here because importing
    ``filelock`` (logging, secrets, hashlib, …) cost more than all the store
    work of ``netjournal log`` (bench/FINDINGS.md). Where ``fcntl`` does not exist (Windows) the
    ``filelock`` package is used, imported only there.
    """

    def __init__(self, path: Path, timeout: float) -> None:
        self.path = path
        self.timeout = timeout
        self._fd: int | None = None
        self._fallback: Any = None

    def acquire(self) -> None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            self._acquire_with_filelock()
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise LockTimeout(str(self.path)) from None
                time.sleep(LOCK_POLL_SECONDS)
            except BaseException:
                os.close(fd)
                raise
            else:
                self._fd = fd
                return

    def release(self) -> None:
        if self._fallback is not None:  # pragma: no cover - Windows
            self._fallback.release()
            self._fallback = None
            return
        if self._fd is None:
            return
        import fcntl

        fd, self._fd = self._fd, None
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def _acquire_with_filelock(self) -> None:  # pragma: no cover - Windows
        from filelock import FileLock, Timeout

        lock = FileLock(str(self.path), timeout=self.timeout, mode=0o600)
        try:
            lock.acquire()
        except Timeout as exc:
            raise LockTimeout(str(self.path)) from exc
        self._fallback = lock
