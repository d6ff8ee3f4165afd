"""Where netjournal keeps its files.

One directory holds everything when ``--data-dir`` or ``NETJOURNAL_HOME`` is
given; otherwise the platform's user data and config directories are used
(via platformdirs, which honours ``XDG_*``). Directories are created with
mode 0700 on first use, never on import, so ``--help`` writes nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "netjournal"
ENV_HOME = "NETJOURNAL_HOME"


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
        """Figures derived from the store (safe to delete; see storage/derived.py)."""
        return self.data_dir / "cache"

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


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) user-only (0700) if missing; return it."""
    if not path.is_dir():
        old = os.umask(0o077)
        try:
            path.mkdir(parents=True, exist_ok=True, mode=0o700)
        finally:
            os.umask(old)
    return path
