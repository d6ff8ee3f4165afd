"""Backups of the store: the day's automatic zip, manual ones, and restoring one.

A backup is a zip of every store file (0600, written atomically). Before the
first write of each day the store zips itself and keeps the newest
``backups_keep`` automatic backups; a restore checks every file of the zip
before it replaces anything, and makes a safety backup first.

Apart from the engine because a backup copies whole files beside the
transaction machinery rather than through it; the store is seen here only
through :class:`BackedUp`, so this module does not import the engine back.
``zipfile`` and :mod:`netjournal.safezip` are imported only when a backup is
written or read.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

import orjson

from netjournal.atomic import atomic_file
from netjournal.errors import StoreError
from netjournal.paths import ensure_private_dir
from netjournal.storage.file_format import decode_file, kind_for
from netjournal.storage.migrations import SCHEMA_VERSION
from netjournal.storage.store_names import is_store_path

AUTO_BACKUP_PREFIX = "auto-"


def zip_errors() -> tuple[type[BaseException], ...]:
    """Everything reading a damaged or hostile zip can raise (zipfile is imported only for backups)."""
    import zipfile
    import zlib

    return (
        OSError,
        EOFError,
        ValueError,
        RuntimeError,
        NotImplementedError,
        zipfile.BadZipFile,
        zlib.error,
    )


class BackedUp(Protocol):
    """What backups ask of the store they copy."""

    @property
    def root(self) -> Path: ...

    def files(self) -> list[Path]: ...

    def unreadable_files(self) -> list[Path]: ...

    def transaction(self) -> contextlib.AbstractContextManager[None]: ...

    def stage_bytes(self, path: Path, raw: bytes | None) -> None: ...

    def forget_cached(self) -> None: ...


class Backups:
    """The backup folder of one store."""

    def __init__(
        self, store: BackedUp, folder: Path, *, keep: int, today: Callable[[], date]
    ) -> None:
        self.store = store
        self.folder = folder
        self.keep = keep
        self._today = today

    def before_first_write(self) -> None:
        """Before the first write of each day, zip the store; keep the newest N."""
        stamp = self._today().isoformat()
        target = self.folder / f"{AUTO_BACKUP_PREFIX}{stamp}.zip"
        # One stat answers for every write after the day's first; listing the
        # store's files (125 in ten years) is left for the day's first write.
        if target.exists() or not self.store.files():
            return
        self.write(target)
        if self.store.unreadable_files():
            # A damaged file is in today's backup: keep every older backup,
            # one of them holds the last good copy (never rotate it away).
            return
        autos = sorted(self.folder.glob(f"{AUTO_BACKUP_PREFIX}*.zip"))
        for old in autos[: max(0, len(autos) - self.keep)]:
            with contextlib.suppress(OSError):
                old.unlink()

    def newest_intact(self, relpath: str) -> Path | None:
        """The newest backup holding a copy of ``relpath`` that decodes (for doctor's advice)."""
        from netjournal.errors import InputError
        from netjournal.safezip import SafeZip

        skip: tuple[type[BaseException], ...] = (KeyError, StoreError, InputError, *zip_errors())
        for backup in self.all():
            try:
                with SafeZip(backup) as zf:
                    raw = zf.read(relpath)
                decode_file(backup / relpath, kind_for(relpath), raw)
            except skip:
                continue
            return backup
        return None

    def write(self, target: Path) -> Path:
        """Zip every store file into ``target`` (0600), atomically."""
        import zipfile

        try:
            ensure_private_dir(target.parent)
            with (
                atomic_file(target) as fh,
                zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf,
            ):
                for path in self.store.files():
                    zf.write(path, arcname=str(path.relative_to(self.store.root)))
                zf.writestr(
                    "BACKUP-INFO.json",
                    orjson.dumps(
                        {
                            "made": datetime.now().astimezone().isoformat(timespec="seconds"),
                            "schema": SCHEMA_VERSION,
                        }
                    ),
                )
        except OSError as exc:
            raise StoreError(
                f"cannot write backup {target}: {exc.strerror or exc}; nothing was changed"
            ) from exc
        return target

    def all(self) -> list[Path]:
        """Backups in the backup directory, newest first."""
        if not self.folder.is_dir():
            return []
        return sorted(self.folder.glob("*.zip"), key=lambda p: p.stat().st_mtime, reverse=True)

    def restore(self, source: Path) -> Path:
        """Replace the store with a backup's contents; returns the safety backup made first.

        Every file in the backup is parsed before anything is replaced, so a
        damaged backup changes nothing.
        """
        from netjournal.safezip import SafeZip

        try:
            # Sizes and ratios are checked before any member is inflated (a zip bomb is
            # refused with one line); see netjournal/safezip.py.
            with SafeZip(source) as zf:
                names = zf.names()
                members = {
                    name: zf.read(name)
                    for name in names
                    if name.endswith(".json") and name != "BACKUP-INFO.json"
                }
        except zip_errors() as exc:
            raise StoreError(
                f"cannot read backup {source}: {exc}; nothing was changed",
                hint="give a .zip made by `netjournal backup` (see `netjournal backup list`)",
            ) from exc
        for name, raw in members.items():
            if name.startswith("/") or ".." in Path(name).parts:
                raise StoreError(f"backup {source} holds an unsafe path {name!r}; not restored")
            if not is_store_path(name):
                raise StoreError(
                    f"backup {source} holds {name!r}, which is not a netjournal store file; "
                    "nothing was changed"
                )
            try:
                decode_file(source / name, kind_for(name), raw)
            except StoreError as exc:
                raise type(exc)(
                    f"backup {source} is damaged: {exc.message}; nothing was changed"
                ) from exc
        if not members and "BACKUP-INFO.json" not in names:
            # Restoring it would empty the store: refuse anything that is not ours.
            raise StoreError(
                f"{source} is not a netjournal backup (no store files in it); nothing was changed"
            )
        store = self.store
        with store.transaction():
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            safety = self.write(self.folder / f"before-restore-{stamp}.zip")
            keep = {store.root / name for name in members}
            for name, raw in members.items():
                store.stage_bytes(store.root / name, raw)
            for path in store.files():
                if path not in keep:
                    store.stage_bytes(path, None)
        store.forget_cached()
        return safety
