"""Reading *another* copy of a store, to merge it: a conflict copy, a folder, a backup.

A sync tool's conflict copy is a single store file under a different name
(``contacts (conflicted copy 2026-11-20).json``); the other device's whole
data folder or a backup zip holds many. They are read here with the same
checks as the live store (:func:`~netjournal.storage.file_format.decode_file`:
valid JSON, a netjournal header, a schema this version understands) but
never opened as TinyDB tables, never locked and never written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from netjournal.domain.merge import ConflictName, conflict_name
from netjournal.errors import InputError, StoreError
from netjournal.safezip import SafeZip, is_zip
from netjournal.storage.backups import zip_errors
from netjournal.storage.file_format import HEADER_KEY, decode_file, kind_for
from netjournal.storage.store_names import is_store_path

#: The kinds of store file a merge understands (the trash carries deletions).
MERGEABLE_KINDS = ("activities", "contacts", "conversations", "targets", "trash")


@dataclass(slots=True)
class OtherCopy:
    """Documents of another copy of the journal, by kind, ready to be merged.

    ``docs[kind][id]`` is the stored form of a record. ``skipped`` lists
    files of a folder or zip that could not be read (each with the reason);
    a single conflict copy that cannot be read is an error instead.
    """

    source: Path
    conflict: ConflictName | None = None
    docs: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    @property
    def is_conflict_copy(self) -> bool:
        return self.conflict is not None

    def _add(self, kind: str, tables: dict[str, dict[str, Any]], label: str) -> None:
        bucket = self.docs.setdefault(kind, {})
        for table in tables.values():
            for doc_id, doc in table.items():
                bucket[str(doc_id)] = doc
                self.labels.setdefault(str(doc_id), label)


def _header_kind(raw: bytes) -> str | None:
    """The kind a store file declares in its header (``None`` if unreadable)."""
    try:
        doc = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    header = doc.get(HEADER_KEY) if isinstance(doc, dict) else None
    kind = header.get("kind") if isinstance(header, dict) else None
    return kind if isinstance(kind, str) else None


def _decode_one(copy: OtherCopy, raw: bytes, label: Path, relpath: str, *, strict: bool) -> None:
    """Decode one file into ``copy``; in a folder/zip a bad file is skipped and reported."""
    kind = _header_kind(raw) or kind_for(relpath)
    try:
        tables = decode_file(label, kind, raw)
    except StoreError as exc:
        if strict:
            raise
        copy.skipped.append(exc.one_line())
        return
    if kind not in MERGEABLE_KINDS:
        if strict:
            raise InputError(f"{label} holds {kind!r} records, which merge does not handle")
        copy.skipped.append(f"{label}: {kind!r} records are not merged")
        return
    copy._add(kind, tables, str(label))


def _store_root_of(folder: Path) -> Path:
    """A data folder holds ``store/``; a store folder holds the files themselves."""
    inner = folder / "store"
    return inner if inner.is_dir() else folder


def read_other_copy(source: Path, own_store: Path) -> OtherCopy:
    """Read ``source`` (a store file, a store or data folder, or a backup zip).

    Refuses this journal's own live files: merging a store into itself
    would do nothing but could confuse anyone reading the report.
    """
    source = source.expanduser()
    if not source.exists():
        raise InputError(f"no file or folder {source}", field="source")
    resolved = source.resolve()
    own = own_store.resolve()
    if source.is_dir():
        root = _store_root_of(resolved)
        if root == own:
            raise InputError(
                f"{source} is this journal's own store; give the other device's folder",
                field="source",
            )
        copy = OtherCopy(source=source)
        found = [
            p for p in sorted(root.rglob("*.json")) if is_store_path(p.relative_to(root).as_posix())
        ]
        if not found:
            raise InputError(f"no netjournal store files in {source}", field="source")
        for path in found:
            rel = path.relative_to(root).as_posix()
            try:
                raw = path.read_bytes()
            except OSError as exc:
                copy.skipped.append(f"cannot read {path}: {exc.strerror or exc}")
                continue
            _decode_one(copy, raw, path, rel, strict=False)
        return copy
    if is_zip(resolved):
        return _read_zip(source)
    name = conflict_name(resolved.name)
    if (
        name is None
        and resolved.is_relative_to(own)
        and is_store_path(resolved.relative_to(own).as_posix())
    ):
        raise InputError(
            f"{source} is one of this journal's own store files; give the conflict copy",
            field="source",
        )
    copy = OtherCopy(source=source, conflict=name)
    try:
        raw = resolved.read_bytes()
    except OSError as exc:
        raise StoreError(f"cannot read {source}: {exc.strerror or exc}") from exc
    original = name.original if name else resolved.name
    _decode_one(copy, raw, source, original, strict=True)
    return copy


def _read_zip(source: Path) -> OtherCopy:
    copy = OtherCopy(source=source)
    try:
        with SafeZip(source) as zf:  # sizes checked before anything is inflated
            names = [n for n in zf.names() if is_store_path(n)]
            if not names:
                raise InputError(f"no netjournal store files in {source}", field="source")
            for name in names:
                _decode_one(copy, zf.read(name), source / name, name, strict=False)
    except zip_errors() as exc:
        raise StoreError(f"cannot read {source}: {exc}; nothing was changed") from exc
    return copy


def check_records(copy: OtherCopy) -> None:
    """Decode every record of ``copy`` as a merge would; raise on the first damaged one.

    Run before anything is written, so a merge of several copies never stops
    half-way on a record it cannot read.
    """
    from datetime import datetime

    from netjournal.errors import CorruptStoreError
    from netjournal.storage.repositories import RECORD_DECODERS

    for kind, docs in copy.docs.items():
        for record_id, doc in docs.items():
            where = copy.labels.get(record_id, str(copy.source))
            try:
                record = RECORD_DECODERS[kind](doc)
                if kind == "trash":
                    datetime.fromisoformat(record.deleted_at)
            except (KeyError, ValueError, TypeError, AttributeError) as exc:
                raise CorruptStoreError(
                    f"{where}: record {record_id!r} is damaged ({exc!r}); nothing was merged"
                ) from exc


def read_conflict_copies(
    copies: list[Path], own_store: Path
) -> tuple[list[OtherCopy], list[tuple[Path, str]]]:
    """Read and check every conflict copy first: ``(good ones, [(damaged copy, why)])``.

    A merge of several copies is all or nothing over the good ones; a
    damaged copy must not stop the others (nor every later merge).
    """
    good: list[OtherCopy] = []
    damaged: list[tuple[Path, str]] = []
    for path in copies:
        try:
            other = read_other_copy(path, own_store)
            check_records(other)
        except (StoreError, InputError) as exc:
            damaged.append((path, exc.one_line()))
        else:
            good.append(other)
    return good, damaged
