"""Maintenance: settings, backups, the health check (``doctor``), conflict copies, demo data.

Cheap to load: ``conflict_notice`` runs before every command and the app's
start asks ``is_empty`` and ``data_version``; the merge engine that reads a
conflict copy is in :mod:`netjournal.journal.sync`.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netjournal import maintenance as checks
from netjournal.config import Config, save_config, with_setting
from netjournal.errors import CorruptStoreError, InputError, StoreError
from netjournal.journal.core import Service
from netjournal.paths import legacy_cache_note
from netjournal.presentation import plural
from netjournal.storage.clocks import check_clocks
from netjournal.storage.commit import commit_record_path
from netjournal.storage.file_format import decode_file, kind_for
from netjournal.storage.repositories import RECORD_DECODERS
from netjournal.storage.store_names import conflict_copies

if TYPE_CHECKING:
    from netjournal.sample_data import SampleJournal


@dataclass(frozen=True, slots=True)
class Finding:
    """One line of ``netjournal doctor``: a level and what to do about it."""

    level: str  # "ok" | "warning" | "error"
    message: str
    fixed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, "message": self.message, "fixed": self.fixed}


def _check_records(path: Path, kind: str, tables: dict[str, dict[str, Any]]) -> None:
    """Decode every record of one store file, as the commands would (doctor only: it costs)."""
    factory = RECORD_DECODERS.get(kind)
    if factory is None:
        return
    for table in tables.values():
        for record_id, doc in table.items():
            try:
                factory(doc)
            except (KeyError, ValueError, TypeError, AttributeError) as exc:
                raise CorruptStoreError(
                    f"store file {path}: record {record_id!r} is damaged ({exc!r}); "
                    "it was left untouched"
                ) from exc


def _cannot_write(root: Path, exc: OSError) -> str:
    return (
        f"cannot write in {root} ({exc.strerror or exc}): the journal can be read but no "
        "change can be saved; free some disk space or make the folder writable (nothing in "
        "it was changed)"
    )


class MaintenanceService(Service):
    """``journal.maintenance``: keeping the journal's folder healthy."""

    # --- configuration ------------------------------------------------------

    def set_setting(self, key: str, value: str) -> Config:
        """Change one setting and save ``config.toml`` atomically."""
        self.core.config = with_setting(self.config, key, value)
        save_config(self.paths.config_file, self.config)
        return self.config

    # --- backups, health ----------------------------------------------------

    def backup(self, to: str | os.PathLike[str] | None = None) -> Path:
        """Zip the whole store now, to ``to`` (file, or folder: existing or ending in ``/``)."""
        name = f"netjournal-{datetime.now():%Y%m%d-%H%M%S}.zip"
        target = checks.backup_target(to, self.paths.backup_dir, name)
        with self.transaction():
            return self.repos.store.backups.write(target)

    def backups(self) -> list[Path]:
        return self.repos.store.backups.all()

    def restore_backup(self, source: Path) -> Path:
        """Replace the store with ``source``; returns the safety backup of the current store."""
        if not source.is_file():
            raise InputError(f"no backup file {source}")
        return self.repos.store.backups.restore(source)

    def data_version(self) -> tuple[Any, ...]:
        """Changes whenever any store file changes; the TUI polls it to refresh."""
        return self.repos.store.version()

    @staticmethod
    def _write_problem(root: Path) -> str | None:
        """Try a small synced write in the store folder: a full or read-only disk shows here."""
        # Imported here: tempfile loads shutil and random, and only `doctor` writes a probe.
        import tempfile

        try:
            fd, name = tempfile.mkstemp(dir=root, prefix=".doctor-probe.", suffix=".tmp")
        except OSError as exc:
            return _cannot_write(root, exc)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(b"\0" * 4096)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            return _cannot_write(root, exc)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(name)
        return None

    def _recovery_hint(self, relpath: str) -> str:
        """How to get a damaged store file back: name the newest backup where it is intact."""
        good = self.repos.store.backups.newest_intact(relpath)
        if good is None:
            return (
                f"no backup holds an intact copy of {relpath}; keep a copy of the damaged "
                "file and repair it by hand (it is JSON)"
            )
        return (
            f"restore with: netjournal backup restore {good} (the newest backup with an "
            f"intact {relpath}; the current state is saved first, and `netjournal merge "
            "<that saved zip>` brings back what was added since)"
        )

    def _record_findings(self, *, fix: bool) -> list[Finding]:
        """Activities stored twice and contact ids nobody holds (only when every file reads)."""
        findings: list[Finding] = []
        for activity_id, months in self.repos.activities.duplicates().items():
            if fix:
                keep = self.repos.activities.get(activity_id)
                keep_month = self.repos.activities.month_of(keep.date)
                for month in months:
                    if month != keep_month:
                        self.repos.activities.drop_copy(activity_id, month)
            findings.append(
                Finding(
                    "warning",
                    f"activity {activity_id[:8]} is stored twice ({', '.join(months)}), left by an interrupted edit",
                    fixed=fix,
                )
            )
        # Ids of contacts in the trash are kept on purpose, so a restore relinks them.
        known = set(self.repos.contacts.ids()) | {
            t.id for t in self.repos.trash.all() if t.kind == "contact"
        }
        orphans = {c for a in self.repos.activities.all() for c in a.contact_ids if c not in known}
        if orphans:
            findings.append(
                Finding(
                    "warning",
                    f"{plural(len(orphans), 'contact id')} used by activities "
                    f"{'is' if len(orphans) == 1 else 'are'} missing from contacts",
                )
            )
        return findings

    def doctor(self, *, fix: bool = False) -> list[Finding]:
        """Check every store file and say what is wrong and how to recover."""
        findings: list[Finding] = []
        store = self.repos.store
        root = self.paths.store_dir
        latest = self.backups()
        if not root.exists():
            return [
                Finding(
                    "ok", f"no store yet at {root}: it is created by the first `netjournal log`"
                )
            ]
        special = checks.check_special_files(root, store.lock_path, commit_record_path(root))
        findings.extend(Finding(*check) for check in special)
        broken = bool(special)
        for path in store.files():
            broken = self._check_store_file(path, findings, fix=fix) or broken
        write_problem = self._write_problem(root)
        if write_problem:
            findings.append(Finding("error", write_problem))
        findings.extend(
            Finding(*check)
            for check in checks.check_folder_modes(
                (self.paths.data_dir, root, self.paths.backup_dir, self.paths.cache_dir), fix=fix
            )
        )
        findings.extend(self._leftover_temps(fix=fix))
        if not broken:
            findings.extend(self._record_findings(fix=fix))
            findings.extend(Finding(*check) for check in check_clocks(self.repos, fix=fix))
        for copy in conflict_copies(self.paths.store_dir):
            findings.append(
                Finding(
                    "warning",
                    f"sync conflict copy {copy.name}: merge it with `netjournal merge {copy}`",
                )
            )
        legacy_cache = legacy_cache_note(self.paths)
        if legacy_cache:
            findings.append(Finding("warning", legacy_cache))
        findings.extend(Finding(*check) for check in checks.check_backups(latest))
        if not latest:
            findings.append(Finding("warning", "no backups yet: `netjournal backup` makes one"))
        else:
            findings.append(
                Finding("ok", f"{plural(len(latest), 'backup')}; newest {latest[0].name}")
            )
        if not any(f.level == "error" for f in findings):
            findings.insert(
                0,
                Finding(
                    "ok",
                    f"store {root} opens cleanly "
                    f"({plural(self.repos.activities.count(), 'activity', 'activities')})",
                ),
            )
        return findings

    def _check_store_file(self, path: Path, findings: list[Finding], *, fix: bool) -> bool:
        """Check one store file (readable, decodable, record keys, mode); True if it is broken."""
        root = self.paths.store_dir
        broken = False
        rel = str(path.relative_to(root))
        try:
            raw = path.read_bytes()
        except OSError as exc:
            if not any(rel in f.message for f in findings):
                findings.append(Finding("error", f"cannot read {path}: {exc.strerror or exc}"))
            return True
        try:
            tables = decode_file(path, kind_for(rel), raw)
            _check_records(path, kind_for(rel), tables)
        except (CorruptStoreError, StoreError) as exc:
            broken = True
            findings.append(Finding("error", f"{exc.message}; {self._recovery_hint(rel)}"))
        else:
            keys = checks.check_record_keys(path, kind_for(rel), tables)
            broken = broken or bool(keys)
            findings.extend(Finding(*check) for check in keys)
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            if fix:
                path.chmod(0o600)
            findings.append(
                Finding(
                    "warning",
                    f"{rel} is readable by others (mode {mode:o}); should be 600",
                    fixed=fix,
                )
            )
        return broken

    def _leftover_temps(self, *, fix: bool) -> list[Finding]:
        """Temp files of interrupted writes; removed under the lock (never a writer's own)."""
        root = self.paths.store_dir

        def listed(removed: bool) -> list[Finding]:
            return [
                Finding(
                    "warning",
                    f"leftover temp file {tmp.name} from an interrupted write (harmless)",
                    fixed=removed,
                )
                for tmp in root.rglob(".*.tmp")
            ]

        if not fix:
            return listed(False)
        try:
            with self.repos.store.locked():  # an interrupted commit is finished first
                found = listed(True)
                for tmp in root.rglob(".*.tmp"):
                    tmp.unlink(missing_ok=True)
        except StoreError:  # the lock itself is the problem; reported above
            return listed(False)
        return found

    # --- demo data ---

    def load_sample(self, sample: SampleJournal) -> dict[str, int]:
        """Write a generated journal in bulk, one locked transaction (demo, benchmark).

        Not an operation of the history: ``undo`` never takes back the demo data.
        """
        with self.transaction():
            self.repos.store.leave_out_of_history()
            counts = {
                "contacts": self.repos.contacts.add_many(sample.contacts),
                "activities": self.repos.activities.add_many(sample.activities),
                "conversations": self.repos.conversations.add_many(sample.conversations),
                "targets": self.repos.targets.add_many(sample.targets),
            }
        return counts

    def is_empty(self) -> bool:
        """True before anything was ever written (the TUI offers demo data then)."""
        return not self.repos.store.has_files()
