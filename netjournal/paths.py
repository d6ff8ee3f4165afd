"""Where netjournal keeps its files.

One directory holds everything when ``--data-dir`` or ``NETJOURNAL_HOME`` is
given; otherwise the platform's user data and config directories are used
(via platformdirs, which honours ``XDG_*``). Directories are created with
mode 0700 on first use, never on import, so ``--help`` writes nothing.

Caches are the exception: they never live in the data folder. That folder is
meant to be synced (Syncthing, Dropbox), so anyone who can write to it — a
shared folder, another device — could leave files there for the next start
to read; a derived figure is not worth that. Caches go to the platform's
user cache directory instead, one folder per data folder (see
:func:`cache_dir_for`), or to ``NETJOURNAL_CACHE_DIR`` when it is set.
"""

from __future__ import annotations

import os
import zlib
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "netjournal"
ENV_HOME = "NETJOURNAL_HOME"
ENV_CACHE = "NETJOURNAL_CACHE_DIR"
#: What the data folder's cache was called before caches moved out of it.
LEGACY_CACHE = "cache"


@dataclass(frozen=True, slots=True)
class Paths:
    """The resolved locations of one netjournal installation."""

    data_dir: Path
    config_dir: Path

    @property
    def store_dir(self) -> Path:
        return self.data_dir / "store"

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def cache_dir(self) -> Path:
        """Figures derived from the store (safe to delete; see storage/derived.py).

        Outside the data folder (:func:`cache_dir_for`). Worked out on each
        call, which may import platformdirs (a slow import): pass the
        property itself, not its value, where a command may never need it.
        """
        return cache_dir_for(self.data_dir)

    @property
    def legacy_cache_dir(self) -> Path:
        """``<data>/cache``, where older versions kept derived figures; never read now."""
        return self.data_dir / LEGACY_CACHE

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def export_dir(self) -> Path:
        return self.data_dir / "exports"

    @classmethod
    def resolve(cls, data_dir: str | os.PathLike[str] | None = None) -> Paths:
        """``data_dir`` argument, then ``NETJOURNAL_HOME``, then platformdirs."""
        chosen = data_dir or os.environ.get(ENV_HOME)
        if chosen:
            root = Path(chosen).expanduser().resolve()
            return cls(data_dir=root, config_dir=root)
        import platformdirs  # imported here: only needed without an explicit home

        return cls(
            data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        )


def demo_paths() -> Paths:
    """A separate home for demo data, so ``--demo`` never touches real data."""
    base = os.environ.get(ENV_HOME)
    if base:
        root = Path(base).expanduser().resolve() / "demo"
    else:
        import platformdirs

        root = Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / "demo"
    return Paths(data_dir=root, config_dir=root)


def legacy_cache_note(paths: Paths) -> str | None:
    """What ``doctor`` says of a ``<data>/cache`` folder left by an older version.

    It is never read or written again. It is not deleted either: it sits in
    a synced folder, where anything may have been put beside or in place of
    the files netjournal wrote, so removing it is left to the user.
    """
    if not paths.legacy_cache_dir.is_dir():
        return None
    return (
        f"{paths.legacy_cache_dir} is no longer used (caches now live outside the data "
        "folder, see docs/data-format.md); you can delete it"
    )


def cache_dir_for(data_dir: Path) -> Path:
    """The cache directory of the journal in ``data_dir``.

    ``NETJOURNAL_CACHE_DIR`` if set (used as it is: tests and benchmarks
    point it at a scratch directory); otherwise
    ``platformdirs.user_cache_dir("netjournal")/<key>``, where the key
    (:func:`cache_key`) tells apart every data folder on the machine, the
    demo journal's included.
    """
    override = os.environ.get(ENV_CACHE)
    if override:
        return Path(override).expanduser().absolute()
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / cache_key(data_dir)


def cache_key(data_dir: Path) -> str:
    """A folder name for ``data_dir``'s cache: readable, and one per resolved path.

    The last component of the path, reduced to ``[A-Za-z0-9_-]`` (so never
    hidden, never ``..``, never a separator) and cut to 32 characters, then
    the CRC-32 of the whole resolved path in 8 hex digits: two journals
    both called ``journal`` get different folders, and the name can never
    be the ``demo`` data folder platformdirs also keeps there.

    A checksum, not a cryptographic digest: the key only tells a user's own
    few journals apart, every entry is stamped with its source file's full
    path (a shared folder would be a miss, never a wrong figure), and
    ``zlib`` is cheap to load where ``hashlib`` loads OpenSSL, on every
    command that reads the cache (bench/FINDINGS.md).
    """
    resolved = data_dir.expanduser().resolve()
    label = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "_" for c in resolved.name)
    label = label.strip("_")[:32] or "journal"
    return f"{label}-{zlib.crc32(os.fsencode(resolved)):08x}"


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) user-only (0700) if missing; return it."""
    if not path.is_dir():
        old = os.umask(0o077)
        try:
            path.mkdir(parents=True, exist_ok=True, mode=0o700)
        finally:
            os.umask(old)
    return path


_CACHEDIR_TAG = (
    b"Signature: 8a477f597d28d172789f06886806bc55\n"
    b"# This directory holds what netjournal derives from its store and code; safe to delete.\n"
)


def ensure_cache_dir(root: Path, folder: Path) -> None:
    """Create ``folder`` (0700) under the cache root ``root``, marking the root as a cache.

    ``CACHEDIR.TAG`` (bford.info/cachedir) makes backup tools that honour
    it (tar --exclude-caches, borg, restic) skip it; ``.gitignore`` keeps
    it out of a journal kept in a git repository. Everything in it can be
    deleted at any time: the next start only works a little longer.
    """
    if not root.is_dir():
        ensure_private_dir(root)
        replace_private_file(root / "CACHEDIR.TAG", _CACHEDIR_TAG)
        replace_private_file(root / ".gitignore", b"# netjournal derived figures\n*\n")
    ensure_private_dir(folder)


def replace_private_file(path: Path, raw: bytes) -> None:
    """Write ``raw`` user-only (0600) to a temporary name, then rename over ``path``.

    A reader sees the old file or the new one, never half of one. There is
    no ``fsync``: this is for caches, where a file lost to a power cut is a
    miss (store files are committed by storage/commit.py, which syncs).
    """
    # Unique per writer (process and call): two threads of the TUI may write at once.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
