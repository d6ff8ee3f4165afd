"""Reading zip files someone else made: backups to restore or merge, exports to import.

A zip declares each member's compressed and uncompressed size in its
directory. A "zip bomb" (2 MB that inflates to 2 GB) used to be read whole
into memory. Here the directory is checked first — each member's declared
size, the total, and the compression ratio — and every member is then read
in chunks with a ceiling, so a member whose data runs past what its header
declared is refused as well. Every refusal is one :class:`ZipRefused`
(an :class:`~netjournal.errors.InputError`, exit 2) naming the file and
member; nothing is extracted to disk.

The limits sit far above what netjournal and the services it imports from
write: a ten-year journal is ≈ 32 MiB of JSON (≈ 8x smaller zipped), a large
LinkedIn or X archive a few hundred MiB, and JSON or CSV compresses at most
≈ 20-50x, while bombs rely on ratios in the thousands.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from netjournal.errors import InputError

__all__ = ["DEFAULT_LIMITS", "SafeZip", "ZipLimits", "ZipRefused", "is_zip"]

MiB = 1024 * 1024
_CHUNK = 1 * MiB


@dataclass(frozen=True, slots=True)
class ZipLimits:
    """How much one archive may inflate to; see docs/robustness.md, "Hostile input"."""

    member_bytes: int = 512 * MiB
    total_bytes: int = 2048 * MiB
    members: int = 100_000
    #: Largest uncompressed/compressed ratio for a member bigger than ``ratio_from``;
    #: small members may compress better (a file of spaces), and cannot hurt.
    ratio: int = 200
    ratio_from: int = 1 * MiB


DEFAULT_LIMITS = ZipLimits()


class ZipRefused(InputError):
    """A zip that would inflate past a limit, or whose sizes lie; nothing was read into the store."""


def is_zip(path: Path) -> bool:
    """Whether ``path`` is a zip archive (its end-of-directory record is there)."""
    try:
        return zipfile.is_zipfile(path)
    except OSError:
        return False


def _size(n: int) -> str:
    return f"{n / MiB:,.1f} MiB" if n >= MiB else f"{n:,} bytes"


class SafeZip:
    """A zip opened for reading with limits; use as a context manager.

    Opening checks the directory (every member, before any is read); a
    refusal raises :class:`ZipRefused`. Other damage raises what
    :mod:`zipfile` raises (``BadZipFile``, ``OSError``, ``EOFError``, ``zlib.error``
    …), which callers already turn into their own one-line errors.
    """

    def __init__(
        self,
        path: Path,
        limits: ZipLimits = DEFAULT_LIMITS,
        *,
        select: Callable[[str], bool] | None = None,
    ) -> None:
        """``select`` (given a member's path) keeps only the members that will be read.

        An export archive may hold gigabytes of photos and videos an importer
        never opens; only what ``select`` keeps is checked, listed and readable.
        """
        self.path = path
        self.limits = limits
        self._zip = zipfile.ZipFile(path)
        try:
            self._infos = [
                i
                for i in self._zip.infolist()
                if not i.is_dir() and (select is None or select(i.filename))
            ]
            self._selected = {i.filename for i in self._infos}
            self._check_directory()
        except BaseException:
            self._zip.close()
            raise

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    def infos(self) -> list[zipfile.ZipInfo]:
        """The file members (folders left out), in the archive's order."""
        return list(self._infos)

    def names(self) -> list[str]:
        return [i.filename for i in self._infos]

    def _refuse(self, what: str) -> ZipRefused:
        return ZipRefused(
            f"{self.path}: {what}; refused (it looks like a zip bomb or a damaged archive)",
            field="path",
        )

    def _check_directory(self) -> None:
        limits = self.limits
        if len(self._infos) > limits.members:
            raise self._refuse(f"{len(self._infos):,} members (the limit is {limits.members:,})")
        total = 0
        for info in self._infos:
            size = info.file_size
            if size > limits.member_bytes:
                raise self._refuse(
                    f"member {info.filename!r} would inflate to {_size(size)} "
                    f"(the limit is {_size(limits.member_bytes)})"
                )
            if size > limits.ratio_from and size > limits.ratio * max(info.compress_size, 1):
                ratio = size // max(info.compress_size, 1)
                raise self._refuse(
                    f"member {info.filename!r} would inflate {ratio:,} times "
                    f"({_size(info.compress_size)} to {_size(size)}; the limit is "
                    f"{limits.ratio:,} times)"
                )
            total += size
        if total > limits.total_bytes:
            raise self._refuse(
                f"its members would inflate to {_size(total)} in all "
                f"(the limit is {_size(limits.total_bytes)})"
            )

    def read(self, member: str | zipfile.ZipInfo) -> bytes:
        """The member's bytes, read in chunks and never more than its declared size allows."""
        info = member if isinstance(member, zipfile.ZipInfo) else self._zip.getinfo(member)
        if info.filename not in self._selected:
            raise KeyError(info.filename)  # unchecked members are never inflated
        ceiling = min(info.file_size, self.limits.member_bytes)
        chunks: list[bytes] = []
        got = 0
        with self._zip.open(info) as fh:
            while True:
                chunk = fh.read(min(_CHUNK, ceiling + 1 - got))
                if not chunk:
                    break
                got += len(chunk)
                if got > ceiling:
                    raise self._refuse(
                        f"member {info.filename!r} holds more than the {_size(ceiling)} "
                        "its header declares"
                    )
                chunks.append(chunk)
        return b"".join(chunks)
