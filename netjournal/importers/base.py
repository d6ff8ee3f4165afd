"""What every importer shares: the batch it returns, its inputs, and its safety limits.

An importer is a pure function from files to an :class:`ImportBatch` of domain
objects. It never touches the store: the facade (``journal.imports.import_batch``)
decides what is new and writes everything in one transaction, so a file that
fails half-way through parsing writes nothing at all.

Records that point at people (activities, conversations) hold the *batch*
ids of the contacts in ``ImportBatch.contacts``; the facade maps those to
stored contacts by source id, handle or exact name.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from netjournal.domain.contact_record import Contact
from netjournal.domain.conversation_record import Conversation
from netjournal.domain.models import Activity
from netjournal.errors import ImportFormatError
from netjournal.safezip import SafeZip, ZipRefused, is_zip

if TYPE_CHECKING:
    from netjournal.domain.online_time import TrackerSettings

#: Called as ``progress(done, total)`` while a parser works through its rows.
Progress = Callable[[int, int], None]

#: ``settle(incoming, stored or None, the stored activities of that day)`` ->
#: ``(activity to keep or None, a note for the user or None)``; returning the
#: stored activity itself means "unchanged".
Settle = Callable[[Activity, Activity | None, list[Activity]], tuple[Activity | None, str | None]]

#: Longest text a single cell, property or field may hold. Real exports stay
#: far below this (a LinkedIn message is at most 8,000 characters); a 2 MB
#: field means a broken or hostile file, and refusing it keeps the store small.
MAX_FIELD_CHARS = 100_000

#: Dates in exports are converted to the user's local calendar day here
#: (the product is UK-first; see docs/imports.md).
LOCAL_TZ = ZoneInfo("Europe/London")


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """Choices that shape how a source is read; the CLI fills them from flags and config.

    ``me`` names the account owner when a source cannot tell (LinkedIn
    messages, X replies, calendar attendees); ``today`` bounds recurring
    events so an endless weekly meeting stops at the present.
    """

    today: date
    me: str | None = None
    conference_hours_per_day: float = 6.0
    minutes_per_post: int = 5
    minutes_per_retweet: int = 1
    #: ActivityWatch: channel rules, time zone and smallest day (``[activitywatch]`` in config).
    activitywatch: TrackerSettings | None = None


@dataclass(slots=True)
class ImportBatch:
    """Everything one import would add, before the store has seen any of it."""

    source: str
    files: list[str] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    conversations: list[Conversation] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: For sources whose activities are *measurements* that a newer export
    #: refines (ActivityWatch): decides, for each incoming activity, what to
    #: keep given the stored one with its source id and the other activities
    #: of its day. ``None`` (every other source): a stored activity is left alone.
    settle: Settle | None = None

    def extend(self, other: ImportBatch) -> None:
        """Append ``other`` (from another file of the same source) to this batch."""
        self.files.extend(other.files)
        self.contacts.extend(other.contacts)
        self.conversations.extend(other.conversations)
        self.activities.extend(other.activities)
        self.warnings.extend(other.warnings)


@dataclass(frozen=True, slots=True)
class KindCounts:
    """How many records of one kind an import added, updated or left unchanged."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0

    def to_dict(self) -> dict[str, int]:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged}


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did (or, with ``dry_run``, would do); shown by the CLI and TUI.

    ``samples`` holds a few one-line descriptions per kind of what is new, so a
    dry run can be checked by eye before anything is written.
    """

    source: str
    files: tuple[str, ...]
    dry_run: bool
    contacts: KindCounts
    conversations: KindCounts
    activities: KindCounts
    samples: dict[str, tuple[str, ...]] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        kinds = (self.contacts, self.conversations, self.activities)
        return any(k.added or k.updated for k in kinds)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "files": list(self.files),
            "dry_run": self.dry_run,
            "contacts": self.contacts.to_dict(),
            "conversations": self.conversations.to_dict(),
            "activities": self.activities.to_dict(),
            "samples": {k: list(v) for k, v in self.samples.items()},
            "warnings": list(self.warnings),
        }


# --- inputs: a folder, a single file, or a .zip --------------------------------------------


@dataclass(frozen=True, slots=True)
class InputFile:
    """One file to parse, wherever it lives; ``name`` is what error messages show."""

    name: str
    basename: str
    loader: Callable[[], bytes]

    def read_bytes(self) -> bytes:
        return self.loader()


def find_inputs(path: Path, wanted: Callable[[str], bool]) -> list[InputFile]:
    """The files under ``path`` whose base name satisfies ``wanted``.

    ``path`` may be an unzipped export folder (searched recursively), a single
    file (returned whatever its name, so a renamed export still imports), or
    the export ``.zip`` itself (read in memory, never extracted to disk).
    Results are sorted by name so a batch is the same on every run.
    """
    if not path.exists():
        raise ImportFormatError(f"{path}: no such file or folder", field="path")
    if path.is_dir():
        found = [
            _disk_file(p, name=str(p))
            for p in sorted(path.rglob("*"))
            if p.is_file() and wanted(p.name)
        ]
        return found
    if is_zip(path):
        return _zip_members(path, wanted)
    return [_disk_file(path, name=str(path))]


def require_inputs(
    path: Path, wanted: Callable[[str], bool], what: str, *, hint: str | None = None
) -> list[InputFile]:
    """:func:`find_inputs`, refusing ``path`` when it holds none (``no .vcf files found``)."""
    inputs = find_inputs(path, wanted)
    if not inputs:
        raise ImportFormatError(f"{path}: no {what} found", hint=hint)
    return inputs


def _disk_file(path: Path, *, name: str) -> InputFile:
    def load() -> bytes:
        try:
            return path.read_bytes()
        except OSError as exc:
            raise ImportFormatError(f"{name}: cannot read: {exc.strerror}", field="path") from exc

    return InputFile(name=name, basename=path.name, loader=load)


def _zip_members(path: Path, wanted: Callable[[str], bool]) -> list[InputFile]:
    """The wanted members of an export zip; its sizes are checked here, before any is read."""
    import zipfile
    import zlib

    try:
        with SafeZip(path, select=lambda n: wanted(n.rsplit("/", 1)[-1])) as archive:
            infos = archive.infos()
    except ZipRefused:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, zlib.error) as exc:
        raise ImportFormatError(
            f"{path}: not a readable zip archive ({exc})", field="path"
        ) from exc
    members: list[InputFile] = []
    for info in sorted(infos, key=lambda i: i.filename):
        members.append(_zip_member(path, info))
    return members


def _zip_member(path: Path, info: Any) -> InputFile:
    name = f"{path}!{info.filename}"

    def load() -> bytes:
        import zipfile
        import zlib

        try:
            with SafeZip(path, select=lambda n: n == info.filename) as archive:
                return archive.read(info.filename)
        except ZipRefused:
            raise
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error) as exc:
            raise ImportFormatError(f"{name}: cannot read from the zip ({exc})") from exc

    return InputFile(name=name, basename=info.filename.rsplit("/", 1)[-1], loader=load)


# --- text: decoding and limits -----------------------------------------------------------


def decode_text(data: bytes, name: str) -> str:
    """Bytes to text: UTF-8 (with or without BOM), or UTF-16 when it has a BOM.

    Exports from LinkedIn, X, phones and calendars are UTF-8; a file re-saved
    by a spreadsheet may be UTF-16 (with BOM) or a legacy code page. Guessing a
    code page silently corrupts names, so anything else is refused with the
    line of the first undecodable byte.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportFormatError(f"{name}: broken UTF-16 text ({exc.reason})") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ImportFormatError(
            f"{name}, line {line}: not UTF-8 text (byte 0x{data[exc.start]:02x})",
            hint="re-save the file as UTF-8 (in Excel: CSV UTF-8)",
        ) from exc


def read_json(text: str, name: str, *, files: str = "exports") -> Any:
    """``text`` as JSON; a broken or absurdly nested file is an error naming the file.

    ``files`` is what real files of this source are called in the message
    ("real archives nest a few levels").
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFormatError(
            f"{name}, line {exc.lineno}: broken JSON ({exc.msg}); the file may be truncated"
        ) from exc
    except RecursionError as exc:
        raise ImportFormatError(
            f"{name}: JSON nested too deeply (real {files} nest a few levels); "
            "the file looks damaged or hostile"
        ) from exc


_NEWLINE = re.compile(r"\r\n|\r|\n")


def physical_lines(text: str) -> list[str]:
    """Lines split on CR, LF or CRLF only.

    ``str.splitlines`` also splits on U+2028, form feeds and the like, which
    may legitimately appear inside a vCard note or a calendar description.
    """
    return _NEWLINE.split(text)


def check_length(value: str, name: str, where: str) -> str:
    """``value`` unchanged, or an error naming the file and place of an oversized field."""
    if len(value) > MAX_FIELD_CHARS:
        raise ImportFormatError(
            f"{name}, {where}: a field is {len(value):,} characters long "
            f"(the limit is {MAX_FIELD_CHARS:,}); the file looks damaged"
        )
    return value


def read_csv(text: str, name: str) -> Iterator[tuple[int, list[str]]]:
    """Rows of ``text`` as ``(line number, cells)``; malformed quoting is an error.

    Cells are returned exactly as written: a cell starting with ``=`` or ``@``
    is data, not a formula, and is never evaluated.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise ImportFormatError(
                    f"{name}, line {reader.line_num}: a field is longer than "
                    f"{csv.field_size_limit():,} characters; the file looks damaged"
                ) from exc
            raise ImportFormatError(f"{name}, line {reader.line_num}: broken CSV ({exc})") from exc
        for cell in row:
            check_length(cell, name, f"line {reader.line_num}")
        yield reader.line_num, row


# --- small shared helpers ---------------------------------------------------------------


_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}


def month_number(text: str) -> int:
    """``Mar``/``march`` -> 3, independent of the process locale (unlike ``strptime``)."""
    number = _MONTHS.get(text[:3].lower())
    if number is None:
        raise ValueError(f"unknown month {text!r}")
    return number


def local_date(moment: datetime) -> date:
    """The Europe/London calendar day of an aware ``moment`` (naive means UTC)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(LOCAL_TZ).date()


def short_hash(*parts: str) -> str:
    """A stable 16-hex id for records that carry no id of their own."""
    joined = "\x1f".join(p.strip().casefold() for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]


def clip(text: str, limit: int = 80) -> str:
    """One line of at most ``limit`` characters, for summaries and samples."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
