"""Looking after the data folder: where a backup goes, and the health checks of ``doctor``.

The facade's ``backup`` and ``doctor`` call these; each check returns
``(level, message, fixed)`` triples so the facade words nothing itself.
Nothing here imports TinyDB (store files are read through
:mod:`netjournal.storage.engine`).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any

Check = tuple[str, str, bool]  # (level: "ok" | "warning" | "error", message, fixed)


def backup_target(to: str | os.PathLike[str] | None, default_dir: Path, name: str) -> Path:
    """Where ``backup --to`` writes: ``to`` itself, or ``name`` inside it when it is a folder.

    A trailing slash means "a folder", even one that does not exist yet
    (it is created, user-only); ``Path`` would drop the slash and write a
    file called like the folder.
    """
    if to is None:
        return default_dir / name
    text = os.fspath(to)
    path = Path(text).expanduser()
    if text.endswith(("/", os.sep)) or path.is_dir():
        from netjournal.paths import ensure_private_dir

        try:
            ensure_private_dir(path)
        except OSError as exc:
            from netjournal.errors import StoreError

            raise StoreError(f"cannot create folder {path}: {exc.strerror or exc}") from exc
        return path / name
    return path


def check_special_files(root: Path, lock: Path, commit_record: Path) -> list[Check]:
    """Store files, the lock and the commit record that are folders or cannot be read.

    ``store.files()`` lists only regular ``*.json`` files, so a folder called
    ``contacts.json`` would otherwise go unnoticed until a command stops on it.
    """
    from netjournal.storage.store_names import is_store_path

    found: list[Check] = []
    for folder, dirs, names in os.walk(root):
        rel_dir = os.path.relpath(folder, root).replace(os.sep, "/")
        for name in dirs:
            rel = name if rel_dir == "." else f"{rel_dir}/{name}"
            if is_store_path(rel):
                found.append(
                    (
                        "error",
                        f"{rel} is a folder where a store file should be; move it out of "
                        f"{root} (nothing in it is read)",
                        False,
                    )
                )
        for name in names:
            rel = name if rel_dir == "." else f"{rel_dir}/{name}"
            if is_store_path(rel) and not os.access(os.path.join(folder, name), os.R_OK):
                found.append(
                    (
                        "error",
                        f"{rel} cannot be read (permission denied); make it readable: "
                        f"chmod u+rw {os.path.join(folder, name)}",
                        False,
                    )
                )
    for path, what in ((lock, "lock file"), (commit_record, "commit record")):
        try:
            st = path.lstat()
        except FileNotFoundError:
            continue
        except OSError as exc:
            found.append(("error", f"the {what} {path} cannot be checked: {exc.strerror}", False))
            continue
        if not stat.S_ISREG(st.st_mode):
            found.append(
                (
                    "error",
                    f"the {what} {path} is not a file; no change can be saved until it is "
                    "removed (netjournal makes a new one)",
                    False,
                )
            )
        elif not os.access(path, os.R_OK | os.W_OK):
            found.append(
                (
                    "error",
                    f"the {what} {path} cannot be opened (permission denied); no change can be "
                    f"saved: chmod u+rw {path}",
                    False,
                )
            )
    return found


def check_folder_modes(folders: Iterable[Path], *, fix: bool) -> list[Check]:
    """Data folders that others can read or enter (they should be 0700); ``fix`` tightens them."""
    found: list[Check] = []
    for folder in folders:
        try:
            st = folder.stat()
        except OSError:
            continue
        if not stat.S_ISDIR(st.st_mode):
            continue
        mode = stat.S_IMODE(st.st_mode)
        if mode & 0o077:
            fixed = False
            if fix:
                try:
                    folder.chmod(mode & 0o700 | 0o700)
                    fixed = True
                except OSError:
                    pass
            found.append(
                (
                    "warning",
                    f"folder {folder} can be read by others (mode {mode:o}); should be 700",
                    fixed,
                )
            )
    return found


def check_backups(backups: Iterable[Path]) -> list[Check]:
    """Backups that are not readable zip files (a restore of them would be refused)."""
    import zipfile

    from netjournal.storage.backups import zip_errors

    found: list[Check] = []
    for backup in backups:
        try:
            with zipfile.ZipFile(backup) as zf:
                bad = zf.testzip()
        except zip_errors() as exc:
            found.append(
                (
                    "warning",
                    f"backup {backup.name} is not a readable zip ({exc}); it cannot be "
                    "restored: delete it or keep it aside",
                    False,
                )
            )
            continue
        if bad is not None:
            found.append(
                ("warning", f"backup {backup.name} is damaged ({bad} fails its checksum)", False)
            )
    return found


def check_record_keys(path: Path, kind: str, tables: dict[str, dict[str, Any]]) -> list[Check]:
    """Records stored under a key other than their id, and contacts whose name is not text.

    Both decode (``Contact.from_dict`` turns any name into text), so only
    ``doctor`` sees them; left alone, a merge or an id lookup would
    disagree with the key about which record is which.
    """
    found: list[Check] = []
    for table in tables.values():
        for key, doc in table.items():
            if doc.get("id") != key:
                found.append(
                    (
                        "error",
                        f"store file {path}: record {key!r} holds the id {doc.get('id')!r}; "
                        "repair one of them by hand (the file is JSON)",
                        False,
                    )
                )
            if kind == "contacts" and not isinstance(doc.get("name"), str):
                found.append(
                    (
                        "error",
                        f"store file {path}: contact {key!r} has a name that is not text "
                        f"({doc.get('name')!r}); give it one with `netjournal contact edit "
                        f"{str(key)[:8]} --name NAME`",
                        False,
                    )
                )
    return found
