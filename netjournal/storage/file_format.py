"""The on-disk form of one store file, and the signature that tells it changed.

Each store file is a small JSON document ``{"netjournal": {header}, "<table>": {...}}``:
the header names the kind of file and its schema, and a file from an older
schema is migrated as it is read. Apart from the engine because everything
that reads a store file checks it the same way: the live store
(:mod:`netjournal.storage.tables`), backups (:mod:`netjournal.storage.backups`),
another copy being merged (:mod:`netjournal.storage.foreign`) and ``doctor``.

A corrupt file is never overwritten: reading it raises
:class:`~netjournal.errors.CorruptStoreError` before any write can happen.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from netjournal.errors import CorruptStoreError, StoreError
from netjournal.storage.migrations import SCHEMA_VERSION, migrate

HEADER_KEY = "netjournal"

Signature = tuple[int, int, int]


def file_signature(path: Path) -> Signature | None:
    """(inode, size, mtime_ns) of ``path``, or ``None`` if it does not exist."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def encode_file(kind: str, tables: dict[str, Any]) -> bytes:
    """The on-disk form: a header naming kind and schema, then the tables."""
    header = {"kind": kind, "schema": SCHEMA_VERSION}
    return orjson.dumps({HEADER_KEY: header, **tables}, option=orjson.OPT_INDENT_2)


def decode_file(path: Path, kind: str, raw: bytes) -> dict[str, dict[str, Any]]:
    """Parse, check and migrate one store file; raise with the file named on any problem."""
    try:
        doc = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise CorruptStoreError(
            f"store file {path} is not valid JSON ({exc}); it was left untouched",
            hint="run `netjournal doctor` to see which backup to restore",
        ) from exc
    if not isinstance(doc, dict):
        raise CorruptStoreError(f"store file {path} does not hold a JSON object; left untouched")
    header = doc.pop(HEADER_KEY, None)
    if not isinstance(header, dict) or not isinstance(header.get("schema"), int):
        raise CorruptStoreError(
            f"store file {path} has no netjournal header; left untouched",
            hint="run `netjournal doctor`",
        )
    schema = header["schema"]
    if schema > SCHEMA_VERSION:
        raise StoreError(
            f"store file {path} was written by a newer netjournal (schema {schema}, "
            f"this version understands {SCHEMA_VERSION}); upgrade netjournal to open it"
        )
    if schema < SCHEMA_VERSION:
        doc = migrate(doc, kind, schema)
    for name, table in doc.items():
        if not isinstance(table, dict) or not all(isinstance(v, dict) for v in table.values()):
            raise CorruptStoreError(
                f"store file {path}: table {name!r} is not a mapping of documents; left untouched"
            )
    tables: dict[str, dict[str, Any]] = doc
    return tables


def kind_for(relpath: str) -> str:
    """The kind of document a store file holds, from its path."""
    first = Path(relpath).parts[0]
    return first.removesuffix(".json")
