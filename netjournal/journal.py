"""The application facade: every use-case the CLI and the TUI offer.

Both front ends call only this class. It turns what a person typed into
domain objects (through :mod:`netjournal.domain`), applies the rules, and
reads/writes through the repositories of :mod:`netjournal.storage`. Nothing
here prints; problems are raised as typed errors for the edge to word.

Store access is not thread-safe (TinyDB is not): the TUI calls the facade
from one place only.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from netjournal import clock
from netjournal.config import Config, load_config, save_config, with_setting
from netjournal.domain.models import (
    Activity,
    Contact,
    Conversation,
    CpdDetails,
    Mode,
    Purpose,
)
from netjournal.domain.validation import check_day_total, validate_activity
from netjournal.domain.vocabulary import (
    default_mode_for_channel,
    infer_style,
    normalize_channel,
    normalize_tag,
    parse_mode,
    parse_purpose,
    parse_style,
)
from netjournal.errors import CorruptStoreError, InputError, NotFoundError, StoreError
from netjournal.paths import Paths, ensure_private_dir
from netjournal.storage.repositories import Repositories, TrashEntry, open_store

_T = TypeVar("_T")

if TYPE_CHECKING:
    from netjournal.domain.cpd import CpdRecord, NmcSummary
    from netjournal.domain.merge import MergeReport
    from netjournal.domain.privacy import Finding as PrivacyFinding
    from netjournal.exporters.report import CpdExport, CpdReport, Progress
    from netjournal.sample_data import SampleJournal
    from netjournal.storage.foreign import OtherCopy
    from netjournal.timekeeping import TimerService


# The records below are NamedTuples, not dataclasses: this module loads on every
# command, and creating a frozen dataclass costs about a millisecond at import.
class ActivityInput(NamedTuple):
    """An activity as a person typed it; ``None`` means "not given".

    The same text forms are accepted by the CLI flags and the TUI form
    (``yesterday``, ``1h30``, ``maintain``), so both are parsed here.
    """

    mode: str | None = None
    duration: str | None = None
    note: str | None = None
    date: str | None = None
    at: str | None = None
    channel: str | None = None
    purpose: str | None = None
    style: str | None = None
    contacts: tuple[str, ...] | None = None
    tags: tuple[str, ...] | None = None
    cpd: bool | None = None
    topic: str | None = None
    participatory: bool | None = None


class Finding(NamedTuple):
    """One line of ``netjournal doctor``: a level and what to do about it."""

    level: str  # "ok" | "warning" | "error"
    message: str
    fixed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, "message": self.message, "fixed": self.fixed}


class LogResult(NamedTuple):
    """What ``log`` did, so the edge can say it (new contacts are worth a mention)."""

    activity: Activity
    new_contacts: tuple[str, ...] = ()


def _check_records(path: Path, kind: str, tables: dict[str, dict[str, Any]]) -> None:
    """Decode every record of one store file, as the commands would (doctor only: it costs)."""
    from netjournal.domain.models import Conversation, Target

    factories: dict[str, Any] = {
        "activities": Activity.from_dict,
        "contacts": Contact.from_dict,
        "conversations": Conversation.from_dict,
        "targets": Target.from_dict,
        "trash": TrashEntry.from_dict,
    }
    factory = factories.get(kind)
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


class Journal:
    """One user's journal: configuration plus store, with every use-case."""

    def __init__(self, paths: Paths, config: Config, repos: Repositories) -> None:
        self.paths = paths
        self.config = config
        self.repos = repos

    @classmethod
    def open(
        cls, data_dir: str | os.PathLike[str] | None = None, *, paths: Paths | None = None
    ) -> Journal:
        """Open the journal in ``data_dir`` / ``NETJOURNAL_HOME`` / the user dirs.

        Opening reads only the config file; store files are read on demand.
        """
        paths = paths or Paths.resolve(data_dir)
        config = load_config(paths.config_file)
        repos = open_store(
            paths.store_dir,
            paths.backup_dir,
            backups_keep=config.backups_keep,
            today=clock.today,
            cache_dir=paths.cache_dir,
        )
        return cls(paths, config, repos)

    @staticmethod
    def today() -> date:
        return clock.today()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One locked unit of work over several repositories."""
        with self.repos.store.transaction():
            yield

    # --- activities (core) -------------------------------------------------

    def parse_date(self, text: str) -> date:
        """A date as the user typed it, read with the configured date order."""
        from netjournal.domain.timeparse import parse_date

        return parse_date(
            text,
            today=self.today(),
            date_order=self.config.date_order,
            week_start=self.config.week_start_index,
        )

    def build_activity(self, inp: ActivityInput, base: Activity | None = None) -> Activity:
        """Parse ``inp`` into an activity (``base`` supplies the fields not given).

        Contacts are not resolved here (that needs the store); the returned
        activity keeps ``base``'s contact ids.
        """
        from netjournal.domain.timeparse import parse_duration, parse_time

        channel = (
            normalize_channel(inp.channel) if inp.channel else (base.channel if base else None)
        )
        if inp.mode:
            mode = parse_mode(inp.mode)
        elif base:
            mode = base.mode
        else:
            implied = default_mode_for_channel(channel) if channel else None
            if implied is None:
                raise InputError("mode is required: online or offline", field="mode")
            mode = implied
        if channel is None:
            channel = "in-person" if mode is Mode.OFFLINE else "other"
        if inp.duration is not None:
            minutes = parse_duration(inp.duration)
        elif base:
            minutes = base.minutes
        else:
            raise InputError("duration is required", field="duration", hint="e.g. 30m, 1h30, 90")
        day = self.parse_date(inp.date) if inp.date else (base.date if base else self.today())
        at = (
            (parse_time(inp.at) if inp.at.strip() else None)
            if inp.at is not None
            else (base.time if base else None)
        )
        purpose = (
            parse_purpose(inp.purpose) if inp.purpose else (base.purpose if base else Purpose.OTHER)
        )
        if inp.style:
            style = parse_style(inp.style)
        elif base:
            style = base.style
        else:
            style = infer_style(channel, purpose, bool(inp.contacts))
        note = inp.note if inp.note is not None else (base.note if base else "")
        tags = (
            tuple(dict.fromkeys(normalize_tag(t) for t in inp.tags))
            if inp.tags is not None
            else (base.tags if base else ())
        )
        cpd = base.cpd if base else None
        if inp.cpd is False:
            cpd = None
        elif inp.cpd or inp.topic is not None or inp.participatory is not None:
            cpd = cpd or CpdDetails()
            if inp.topic is not None:
                cpd = replace(cpd, topic=inp.topic.strip())
            if inp.participatory is not None:
                cpd = replace(cpd, participatory=inp.participatory)
        values: dict[str, Any] = dict(
            date=day,
            time=at,
            mode=mode,
            minutes=minutes,
            channel=channel,
            purpose=purpose,
            style=style,
            note=note.strip(),
            tags=tags,
            cpd=cpd,
        )
        if base:
            return base.touched(**values)
        return Activity(**values)

    def _check_and_link(
        self, activity: Activity, names: tuple[str, ...] | None, *, allow_future: bool
    ) -> tuple[Activity, list[str]]:
        validate_activity(activity, today=self.today(), allow_future=allow_future)
        created: list[str] = []
        if names is not None:
            ids, created = self.resolve_contacts(names, create=True)
            activity = replace(activity, contact_ids=tuple(ids))
        same_day = self.repos.activities.between(activity.date, activity.date)
        check_day_total(activity, same_day)
        return activity, created

    def log(self, inp: ActivityInput, *, allow_future: bool = False) -> LogResult:
        """Record a new activity (the quick-capture use-case)."""
        activity = self.build_activity(inp)
        validate_activity(activity, today=self.today(), allow_future=allow_future)
        with self.transaction():
            activity, created = self._check_and_link(
                activity, inp.contacts, allow_future=allow_future
            )
            self.repos.activities.add(activity)
            self._touch_contacts(activity.contact_ids, activity.date)
        return LogResult(activity, tuple(created))

    def edit(
        self, id_or_prefix: str, inp: ActivityInput, *, allow_future: bool = False
    ) -> LogResult:
        """Change the fields given in ``inp``; the rest stay as they were."""
        with self.transaction():
            base = self.repos.activities.find(id_or_prefix)
            activity = self.build_activity(inp, base)
            activity, created = self._check_and_link(
                activity, inp.contacts, allow_future=allow_future
            )
            self.repos.activities.update(activity)
            self._touch_contacts(activity.contact_ids, activity.date)
        return LogResult(activity, tuple(created))

    def get_activity(self, id_or_prefix: str) -> Activity:
        return self.repos.activities.find(id_or_prefix)

    def activities(
        self,
        start: date | None = None,
        end: date | None = None,
        *,
        mode: str | None = None,
        channel: str | None = None,
        purpose: str | None = None,
        tag: str | None = None,
        contact: str | None = None,
        text: str | None = None,
    ) -> list[Activity]:
        """Activities in ``start``..``end`` (inclusive) matching every filter given.

        Sorted by date, then time (untimed first), then creation, so lists
        read like a diary. Only the month files in range are read.
        """
        found = self.repos.activities.between(start, end)
        if mode:
            wanted_mode = parse_mode(mode)
            found = [a for a in found if a.mode is wanted_mode]
        if channel:
            wanted_channel = normalize_channel(channel)
            found = [a for a in found if a.channel == wanted_channel]
        if purpose:
            wanted_purpose = parse_purpose(purpose)
            found = [a for a in found if a.purpose is wanted_purpose]
        if tag:
            wanted_tag = normalize_tag(tag)
            found = [a for a in found if wanted_tag in a.tags]
        if contact:
            contact_id = self.get_contact(contact).id
            found = [a for a in found if contact_id in a.contact_ids]
        if text:
            needle = text.casefold()
            found = [a for a in found if needle in a.note.casefold() or needle in " ".join(a.tags)]
        found.sort(key=lambda a: (a.date, a.time is not None, a.time or 0, a.created))
        return found

    def count_activities(self) -> int:
        return self.repos.activities.count()

    # --- deletes, trash and undo ------------------------------------------

    def remove_activity(self, id_or_prefix: str) -> Activity:
        """Move an activity to the trash (``undo`` or ``restore`` brings it back).

        The trash entry is written before the activity is removed, so a crash
        in between leaves it in both places, never in neither.
        """
        with self.transaction():
            activity = self.repos.activities.find(id_or_prefix)
            self.repos.trash.add(TrashEntry.of("activity", activity))
            self.repos.activities.remove(activity.id)
        return activity

    def trash(self) -> list[TrashEntry]:
        """Deleted records, most recently deleted first."""
        return sorted(self.repos.trash.all(), key=lambda t: t.deleted_at, reverse=True)

    def undo(self) -> TrashEntry:
        """Bring back the most recently deleted record."""
        with self.transaction():
            entries = self.trash()
            if not entries:
                raise NotFoundError("nothing to undo: the trash is empty")
            return self._restore_entry(entries[0])

    def restore(self, id_or_prefix: str) -> TrashEntry:
        """Bring back one deleted record by id (or id prefix)."""
        with self.transaction():
            entry = self.repos.trash.find(id_or_prefix)
            return self._restore_entry(entry)

    def _restore_entry(self, entry: TrashEntry) -> TrashEntry:
        repo_for_kind: dict[str, Any] = {
            "activity": (self.repos.activities, Activity),
            "contact": (self.repos.contacts, Contact),
            "conversation": (self.repos.conversations, Conversation),
        }
        if entry.kind not in repo_for_kind:
            raise StoreError(f"cannot restore a {entry.kind!r} record")
        repo, cls = repo_for_kind[entry.kind]
        # Bringing a record back is an edit: a later ``updated`` tells a
        # merge with another device that it came back after the deletion.
        record = cls.from_dict(entry.record).touched()
        repo.upsert_many([record])
        self.repos.trash.remove(entry.id)
        return entry

    # --- contacts (core: what logging needs) -------------------------------

    def contacts_by_id(self, ids: Iterable[str] | None = None) -> dict[str, Contact]:
        """Contacts by id: all of them, or only ``ids`` (the unknown ones left out).

        Listing a week names a few dozen people; decoding only those instead
        of every contact keeps ``list`` fast on a journal with thousands.
        """
        if ids is None:
            return {c.id: c for c in self.repos.contacts.all()}
        found: dict[str, Contact] = {}
        for cid in dict.fromkeys(ids):
            with contextlib.suppress(NotFoundError):
                found[cid] = self.repos.contacts.get(cid)
        return found

    @staticmethod
    def _match_contact(key: str, contacts: Iterable[Contact]) -> Contact | None:
        wanted = key.strip().casefold()
        bare = wanted.lstrip("@")
        pool = list(contacts)
        for c in pool:
            if c.name.casefold() == wanted:
                return c
        for c in pool:
            if any(h.casefold().lstrip("@") == bare for h in c.handles.values() if h):
                return c
        if re.fullmatch(r"[0-9a-f]{6,32}", wanted):
            ids = [c for c in pool if c.id.startswith(wanted)]
            if len(ids) == 1:
                return ids[0]
        return None

    def resolve_contacts(
        self, names: Iterable[str], *, create: bool
    ) -> tuple[list[str], list[str]]:
        """Ids for the given names; unknown names become new contacts if ``create``."""
        wanted = [" ".join(raw.split()) for raw in names]
        pool = self._contact_candidates(wanted)
        ids: list[str] = []
        created: list[str] = []
        for name in wanted:
            if not name:
                raise InputError("a contact name cannot be empty", field="contacts")
            found = self._match_contact(name, pool)
            if found is None:
                if not create:
                    raise NotFoundError(f"no contact called {name!r}")
                handles = {"x": name[1:]} if name.startswith("@") else {}
                found = Contact(name=name, handles=handles)
                self.repos.contacts.add(found)
                pool.append(found)
                created.append(found.name)
            if found.id not in ids:
                ids.append(found.id)
        return ids, created

    def _contact_candidates(self, keys: Iterable[str]) -> list[Contact]:
        """The contacts that :meth:`_match_contact` could pick for any of ``keys``.

        Filters the stored documents before decoding them, so logging an
        activity "with" someone decodes a handful of contacts, not thousands.
        Keeps every name, handle and id-prefix match, so matching on the
        result gives the same answer as matching on all contacts.
        """
        names = {k.strip().casefold() for k in keys}
        bares = {n.lstrip("@") for n in names}
        prefixes = tuple(n for n in names if re.fullmatch(r"[0-9a-f]{6,32}", n))

        def could_match(doc: dict[str, Any]) -> bool:
            if str(doc.get("name") or "").casefold() in names:
                return True
            handles = doc.get("handles") or {}
            if isinstance(handles, dict) and any(
                str(h).casefold().lstrip("@") in bares for h in handles.values() if h
            ):
                return True
            return bool(prefixes) and str(doc.get("id") or "").startswith(prefixes)

        return self.repos.contacts.search(could_match)

    def _touch_contacts(self, contact_ids: Iterable[str], day: date) -> None:
        """Reset the keep-in-touch clock of everyone involved on ``day``.

        One write for all of them: ``contacts.json`` holds every contact, so
        logging "with" two people must not rewrite it twice.
        """
        changed = []
        for cid in dict.fromkeys(contact_ids):
            with contextlib.suppress(NotFoundError):
                contact = self.repos.contacts.get(cid)
                seen = contact.seen_on(day)
                if seen is not contact:
                    changed.append(seen)
        self.repos.contacts.upsert_many(changed)

    def contact_names(
        self, contact_ids: Iterable[str], by_id: Mapping[str, Contact | str] | None = None
    ) -> list[str]:
        """Names for ``contact_ids``, in order; ``by_id`` saves lookups when listing many.

        ``by_id`` maps ids to contacts or straight to names
        (:meth:`contact_name_map`). Without it only the contacts asked for
        are decoded (one dict lookup each), not all of them: ``netjournal
        log`` on a store with thousands of contacts must not pay for
        decoding every one.
        """
        ids = list(contact_ids)
        if by_id is None:
            by_id = self.contacts_by_id(ids)
        names = []
        for cid in ids:
            found = by_id.get(cid)
            if found is None:
                names.append(f"(unknown {cid[:8]})")
            else:
                names.append(found if isinstance(found, str) else found.name)
        return names

    def contact_name_map(self, contact_ids: Iterable[str]) -> dict[str, str]:
        """``{id: name}`` for ``contact_ids`` (unknown ids left out), from the derived cache.

        ``list`` names a week's people: reading a small id→name entry costs
        a fraction of parsing every contact record, and the entry is worked
        out again only after the contacts file changed.
        """
        wanted = set(contact_ids)
        if not wanted:
            return {}

        def pick(names: Any) -> dict[str, str]:
            found = {cid: names[cid] for cid in wanted if cid in names}
            if not all(isinstance(n, str) for n in found.values()):
                raise TypeError("contact names: a name is not text")
            return found

        return self.repos.contacts.derived(
            "contact-names",
            1,
            lambda doc: (str(doc["id"]), str(doc.get("name") or "")),
            dict,
            pick,
        )

    def activity_json(
        self, activity: Activity, by_id: Mapping[str, Contact | str] | None = None
    ) -> dict[str, Any]:
        """The documented JSON form of an activity (docs/reference.md)."""
        data = activity.to_dict()
        return {
            "id": activity.id,
            "date": data["date"],
            "time": data["time"],
            "mode": data["mode"],
            "minutes": activity.minutes,
            "channel": activity.channel,
            "purpose": data["purpose"],
            "style": data["style"],
            "contacts": self.contact_names(activity.contact_ids, by_id),
            "contact_ids": list(activity.contact_ids),
            "note": activity.note,
            "tags": list(activity.tags),
            "cpd": data["cpd"],
            "created": data["created"],
            "updated": data["updated"],
        }

    # --- configuration ------------------------------------------------------

    def set_setting(self, key: str, value: str) -> Config:
        """Change one setting and save ``config.toml`` atomically."""
        self.config = with_setting(self.config, key, value)
        save_config(self.paths.config_file, self.config)
        return self.config

    # --- backups, health ----------------------------------------------------

    def backup(self, to: Path | None = None) -> Path:
        """Zip the whole store now, to ``to`` (file or directory) or the backup dir."""
        from datetime import datetime

        name = f"netjournal-{datetime.now():%Y%m%d-%H%M%S}.zip"
        if to is None:
            target = self.paths.backup_dir / name
        elif to.is_dir():
            target = to / name
        else:
            target = to
        with self.transaction():
            return self.repos.store.write_backup(target)

    def backups(self) -> list[Path]:
        return self.repos.store.backups()

    def restore_backup(self, source: Path) -> Path:
        """Replace the store with ``source``; returns the safety backup of the current store."""
        if not source.is_file():
            raise InputError(f"no backup file {source}")
        return self.repos.store.restore_backup(source)

    def data_version(self) -> tuple[Any, ...]:
        """Changes whenever any store file changes; the TUI polls it to refresh."""
        return self.repos.store.version()

    def conflict_copies(self) -> list[Path]:
        """Sync-tool conflict copies (Syncthing, Nextcloud, Dropbox) next to the store files."""
        from netjournal.domain.conflicts import is_conflict_copy

        # os.walk (scandir) rather than Path.rglob: this runs on every command.
        found = [
            Path(folder) / name
            for folder, _dirs, names in os.walk(self.paths.store_dir)
            for name in names
            if name.endswith(".json") and not name.startswith(".") and is_conflict_copy(name)
        ]
        return sorted(found)

    @staticmethod
    def _write_problem(root: Path) -> str | None:
        """Try a small synced write in the store folder: a full or read-only disk shows here."""
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
        good = self.repos.store.newest_intact_backup(relpath)
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

    def doctor(self, *, fix: bool = False) -> list[Finding]:
        """Check every store file and say what is wrong and how to recover."""
        from netjournal.storage.engine import decode_file, kind_for

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
        broken = False
        for path in store.files():
            rel = str(path.relative_to(root))
            try:
                tables = decode_file(path, kind_for(rel), path.read_bytes())
                _check_records(path, kind_for(rel), tables)
            except (CorruptStoreError, StoreError) as exc:
                broken = True
                findings.append(Finding("error", f"{exc.message}; {self._recovery_hint(rel)}"))
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
        write_problem = self._write_problem(root)
        if write_problem:
            findings.append(Finding("error", write_problem))
        for tmp in root.rglob(".*.tmp"):
            if fix:
                tmp.unlink(missing_ok=True)
            findings.append(
                Finding(
                    "warning",
                    f"leftover temp file {tmp.name} from an interrupted write (harmless)",
                    fixed=fix,
                )
            )
        if not broken:
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
            orphans = {
                c for a in self.repos.activities.all() for c in a.contact_ids if c not in known
            }
            if orphans:
                findings.append(
                    Finding(
                        "warning",
                        f"{len(orphans)} contact id(s) used by activities are missing from contacts",
                    )
                )
        for copy in self.conflict_copies():
            findings.append(
                Finding(
                    "warning",
                    f"sync conflict copy {copy.name}: merge it with `netjournal merge {copy}`",
                )
            )
        if not latest:
            findings.append(Finding("warning", "no backups yet: `netjournal backup` makes one"))
        else:
            findings.append(Finding("ok", f"{len(latest)} backup(s); newest {latest[0].name}"))
        if not any(f.level == "error" for f in findings):
            findings.insert(
                0,
                Finding("ok", f"store {root} opens cleanly ({self.count_activities()} activities)"),
            )
        return findings

    def ensure_dirs(self) -> None:
        ensure_private_dir(self.paths.data_dir)

    # --- review (balance, trends, targets) ---
    # (owned by the review engineer: add methods below this line)
    # The rules live in netjournal.domain.periods / .balance / .trends /
    # .targets (imported inside the methods: `netjournal log` never pays for
    # them). Only the months a review needs are read (docs/review.md).
    if TYPE_CHECKING:  # names for the annotations below, without an import at run time
        from netjournal.domain.balance import PeriodReview
        from netjournal.domain.daily import DayTotals
        from netjournal.domain.models import Target
        from netjournal.domain.periods import Period, PeriodKind
        from netjournal.domain.reciprocity import ConversationFacts
        from netjournal.domain.targets import TargetInput
        from netjournal.domain.trends import TrendSeries

    @staticmethod
    def _period_kind(kind: str | PeriodKind) -> PeriodKind:
        from netjournal.domain.periods import PeriodKind

        try:
            return PeriodKind(kind)
        except ValueError as exc:
            choices = ", ".join(k.value for k in PeriodKind)
            raise InputError(f"unknown period {kind!r}: use {choices}", field="period") from exc

    def period(self, kind: str | PeriodKind = "week", when: str | date | None = None) -> Period:
        """The period of ``kind`` that ``when`` names (a date, a label, ``last``, ``-2`` …)."""
        from netjournal.domain.periods import parse_when, period_of

        k = self._period_kind(kind)
        if isinstance(when, date):
            return period_of(k, when, self.config.week_start_index)
        return parse_when(
            when,
            k,
            self.today(),
            week_start=self.config.week_start_index,
            date_order=self.config.date_order,
        )

    def review(
        self,
        kind: str | PeriodKind = "week",
        when: str | date | None = None,
        *,
        sociability: bool = False,
    ) -> PeriodReview:
        """The balance review of one week/month/quarter/year (``netjournal week``).

        Adds up the day totals of that period and the four before it (plus
        one day for activities running past midnight), reads the targets and
        each contact's keep-in-touch facts; all but the targets come from the
        derived cache when the store files have not changed since they were
        last worked out (docs/data-format.md). ``sociability=True`` adds the
        reciprocity summary.
        """
        from netjournal.domain.balance import periods_for_review, review_period
        from netjournal.domain.keep_in_touch import known_between, known_in, known_since_of_rows

        period = self.period(kind, when)
        week_start = self.config.week_start_index
        window = periods_for_review(period, week_start)
        days = self._day_totals(window[0].start, period.end)
        today = self.today()
        current = period.contains(today)
        cadence = self.config.default_cadence_days

        due: list[dict[str, object]] | None = None
        if current:
            known, due = self._day_of_contacts(today, cadence)
            new_dates = known_in(known, period.start, period.end)
        else:
            new_dates = self._contact_fact_rows(
                lambda rows: known_between(rows, period.start, period.end)
            )
        result = review_period(
            period,
            days,
            self.repos.targets.all(),
            today,
            week_start=week_start,
            new_connection_dates=new_dates,
        )
        if due is not None:
            result = result._replace(contacts_due=tuple(due))
        if sociability:
            since = self._contact_fact_rows(known_since_of_rows)
            summary = self._sociability_of([(period.start, period.end)], days, since)[0]
            result = result._replace(sociability=summary)
        return result

    def _day_totals(self, start: date, end: date) -> list[tuple[date, DayTotals]]:
        """Day totals of every activity that can add minutes to ``start``..``end``.

        Whole months come from the derived cache (one entry per month file,
        worked out again only when that file changed), so days outside the
        range are included; every caller adds up only the days it asks about.
        """
        from datetime import timedelta

        from netjournal.domain.daily import (
            SPILL_DAYS,
            day_totals,
            days_from_json,
            days_of,
            days_to_json,
        )

        lo = start - timedelta(days=SPILL_DAYS)
        months = self.repos.activities.derived_by_month(
            lo,
            end,
            "activity-days",
            1,
            lambda activities: days_to_json(day_totals(activities)),
            days_from_json,
        )
        if months is None:  # an activity stored twice: only a full read picks the right copy
            return days_of(self.repos.activities.between(lo, end))
        return [pair for month in months for pair in month]

    def _known_since(self) -> dict[str, date]:
        """``{contact id: known since}`` from the same cached facts, decoding only that."""
        from netjournal.domain.keep_in_touch import known_since_of_rows

        return self._contact_fact_rows(known_since_of_rows)

    def _contact_fact_rows(self, decode: Callable[[list[Any]], _T]) -> _T:
        """The one derived-cache entry of contact facts, decoded as the caller needs."""
        from netjournal.domain.keep_in_touch import ContactFacts

        return self.repos.contacts.derived(
            "contact-facts",
            1,
            ContactFacts.from_stored,
            lambda facts: [f.to_json() for f in facts],
            decode,
        )

    def _day_of_contacts(
        self, today: date, default_cadence_days: int
    ) -> tuple[list[str], list[dict[str, object]]]:
        """Who is due ``today`` and every known-since day, from a derived entry kept for the day.

        Worked out from the contact facts (themselves cached) on the first
        review of a day, after any change to the contacts file, or under a
        new default cadence; every other review of the current period (each
        start of the app, ``week``) reads only the due list and the sorted
        days, not two thousand contact rows.
        """
        from netjournal.domain.keep_in_touch import (
            day_of_contacts_from_json,
            day_of_contacts_json,
        )

        return self.repos.contacts.derived_value(
            "contacts-today",
            1,
            lambda: self._contact_fact_rows(
                lambda rows: day_of_contacts_json(rows, today, default_cadence_days)
            ),
            lambda value: day_of_contacts_from_json(value, today, default_cadence_days),
        )

    def _conversation_facts(self, lo: date, hi: date) -> list[ConversationFacts]:
        """Facts of the conversations with a date (start, reply, last) in ``lo``..``hi``.

        The derived cache files them under each year they were active in, so
        a week reads one short list instead of every conversation, and a new
        conversation costs one pass over the stored ones (fields only) and a
        dozen small writes.
        """
        from netjournal.domain.reciprocity import (
            ConversationFacts,
            conversation_dates,
            conversation_row,
            row_years,
        )

        lo_iso, hi_iso = lo.isoformat(), hi.isoformat()

        def active(row: list[Any]) -> bool:
            # On the stored ISO text, before decoding: a year holds far more than a week.
            return any(isinstance(d, str) and lo_iso <= d <= hi_iso for d in row[2:5])

        def by_year(rows: list[list[Any]]) -> dict[str, list[Any]]:
            parts: dict[str, list[Any]] = {}
            for row in rows:
                for year in row_years(row):
                    parts.setdefault(year, []).append(row)
            return parts

        found = self.repos.conversations.derived_parts(
            "conversation-facts",
            2,
            [f"{year:04d}" for year in range(lo.year, hi.year + 1)],
            conversation_row,
            by_year,
            lambda rows: [ConversationFacts.from_json(r) for r in rows if active(r)],
        )
        unique: dict[str, ConversationFacts] = {}
        for facts in found.values():
            for f in facts:
                if any(lo <= d <= hi for d in conversation_dates(f)):
                    unique[f.id] = f
        return list(unique.values())

    def _sociability_of(
        self,
        periods: list[tuple[date, date]],
        days: list[tuple[date, DayTotals]],
        since: Mapping[str, date],
    ) -> list[SociabilitySummary]:
        from netjournal.domain.reciprocity import summarise_periods_since

        if not periods:
            return []
        lo = min(min(s, e) for s, e in periods)
        hi = max(max(s, e) for s, e in periods)
        conversations = self._conversation_facts(lo, hi)
        return summarise_periods_since(periods, days, conversations, since)

    def trends(self, kind: str | PeriodKind = "week", count: int = 12) -> TrendSeries:
        """The last ``count`` periods up to the current one (``netjournal trends``).

        One read of the months covered (plus 3 periods for the rolling
        average) and one pass over them.
        """
        return self._trends(kind, count)[0]

    def trends_with_sociability(
        self, kind: str | PeriodKind = "week", count: int = 12
    ) -> tuple[TrendSeries, list[SociabilitySummary]]:
        """Trends and each period's sociability, adding up the same day totals."""
        series, days = self._trends(kind, count)
        spans = [(p.totals.period.start, p.totals.period.end) for p in series.points]
        return series, self._sociability_of(spans, days, self._known_since())

    def _trends(
        self, kind: str | PeriodKind, count: int
    ) -> tuple[TrendSeries, list[tuple[date, DayTotals]]]:
        from netjournal.domain.trends import build_trends, trend_periods

        if not 1 <= count <= 520:
            raise InputError(f"count must be between 1 and 520, not {count}", field="count")
        k = self._period_kind(kind)
        today = self.today()
        week_start = self.config.week_start_index
        periods = trend_periods(k, count, today, week_start)
        days = self._day_totals(periods[0].start, periods[-1].end)
        series = build_trends(
            k, count, days, self.repos.targets.all(), today, week_start=week_start
        )
        return series, days

    def target_history(self) -> list[Target]:
        """Every target version, oldest first (``netjournal target history``)."""
        from netjournal.domain.targets import sorted_history

        return sorted_history(self.repos.targets.all())

    def current_target(self) -> Target | None:
        """The target in force today (the latest version dated today or earlier)."""
        from netjournal.domain.targets import target_in_force

        return target_in_force(self.repos.targets.all(), self.today())

    def set_target(self, inp: TargetInput, effective_from: str | date | None = None) -> Target:
        """Save a new target version in force from ``effective_from`` (default today).

        Parts not given are kept from the version in force on that day. A
        version with the same ``effective_from`` is replaced (one version
        per day keeps the history readable); past periods keep being judged
        by the versions in force for them.
        """
        from netjournal.domain.targets import build_target, target_in_force

        if effective_from is None:
            day = self.today()
        elif isinstance(effective_from, date):
            day = effective_from
        else:
            day = self.parse_date(effective_from)
        with self.transaction():
            existing = self.repos.targets.all()
            base = target_in_force(existing, day)
            target = build_target(inp, day, base)
            same_day = [t for t in existing if t.effective_from == day]
            if same_day:
                keep = max(same_day, key=lambda t: t.created)
                target = replace(target, id=keep.id, created=keep.created)
                self.repos.targets.update(target)
                for extra in same_day:
                    if extra.id != keep.id:
                        self.repos.targets.remove(extra.id)
            else:
                self.repos.targets.add(target)
        return target

    # --- relationships (contacts, conversations, reciprocity) ---
    # (owned by the relationships engineer: add methods below this line)
    # The rules live in netjournal.domain.contacts / .reciprocity (imported
    # inside the methods so `netjournal log` never pays for them); these
    # methods parse what was typed, apply the rules and store the results.
    # docs/relationships.md is the user-facing definition of every figure.
    if TYPE_CHECKING:  # names for the annotations below, without an import at run time
        from netjournal.domain.contacts import DueContact, DuplicateCandidate, MergeResult
        from netjournal.domain.models import Conversation
        from netjournal.domain.reciprocity import SociabilitySummary

    def _contact_fields(
        self,
        *,
        name: str | None,
        organisation: str | None,
        role: str | None,
        handles: dict[str, str | None] | None,
        tags: Iterable[str] | None,
        met: str | None,
        notes: str | None,
        cadence: str | int | None,
        connected: str | None,
        base: Contact | None,
    ) -> dict[str, Any]:
        """Parsed, validated contact fields; ``None`` means "leave as it is"."""
        from netjournal.domain.contacts import (
            HANDLE_PLATFORMS,
            parse_cadence,
            validate_handle,
            validate_name,
        )

        values: dict[str, Any] = {}
        if name is not None:
            values["name"] = validate_name(name)
        if organisation is not None:
            values["organisation"] = " ".join(organisation.split())
        if role is not None:
            values["role"] = " ".join(role.split())
        if handles:
            merged = dict(base.handles) if base else {}
            for platform, value in handles.items():
                if platform not in HANDLE_PLATFORMS:
                    raise InputError(
                        f"unknown platform {platform!r}: use {', '.join(HANDLE_PLATFORMS)}",
                        field="handles",
                    )
                if value is None or not value.strip():
                    merged.pop(platform, None)
                else:
                    merged[platform] = validate_handle(platform, value)
            values["handles"] = merged
        if tags is not None:
            values["tags"] = tuple(dict.fromkeys(normalize_tag(t) for t in tags))
        if met is not None:
            values["met"] = met.strip()
        if notes is not None:
            if len(notes) > 20_000:
                raise InputError("notes are longer than 20,000 characters", field="notes")
            values["notes"] = notes.strip()
        if cadence is not None:
            values["cadence_days"] = (
                parse_cadence(str(cadence)) if not isinstance(cadence, int) or cadence else None
            )
        if connected is not None:
            if connected.strip():
                day = self.parse_date(connected)
                if day > self.today():
                    raise InputError(
                        f"connected date {day.isoformat()} is in the future", field="connected"
                    )
                values["connected_on"] = day
            else:
                values["connected_on"] = None
        return values

    def add_contact(
        self,
        name: str,
        *,
        organisation: str = "",
        role: str = "",
        handles: dict[str, str | None] | None = None,
        tags: Iterable[str] = (),
        met: str = "",
        notes: str = "",
        cadence: str | int | None = None,
        connected: str | None = None,
    ) -> tuple[Contact, list[DuplicateCandidate]]:
        """Add a contact; also return the existing contacts it looks like.

        A look-alike is only reported (``contact add`` warns), never merged:
        two colleagues can share a name. Without ``connected`` the contact is
        taken to have joined the network today (docs/relationships.md).
        """
        from netjournal.domain.contacts import duplicates_of

        values = self._contact_fields(
            name=name,
            organisation=organisation,
            role=role,
            handles=handles,
            tags=tags,
            met=met,
            notes=notes,
            cadence=cadence,
            connected=connected,
            base=None,
        )
        values.setdefault("connected_on", self.today())
        if values.get("cadence_days") is None and self.config.default_cadence_days > 0:
            values["cadence_days"] = self.config.default_cadence_days
        contact = Contact(**values)
        with self.transaction():
            look_alikes = duplicates_of(contact, self.repos.contacts.all())
            self.repos.contacts.add(contact)
        return contact, look_alikes

    def edit_contact(
        self,
        key: str,
        *,
        name: str | None = None,
        organisation: str | None = None,
        role: str | None = None,
        handles: dict[str, str | None] | None = None,
        add_tags: Iterable[str] = (),
        remove_tags: Iterable[str] = (),
        clear_tags: bool = False,
        met: str | None = None,
        notes: str | None = None,
        cadence: str | int | None = None,
        connected: str | None = None,
    ) -> Contact:
        """Change the fields given; a handle set to ``""``/``None`` is removed, cadence ``none`` clears."""
        with self.transaction():
            base = self.get_contact(key)
            drop = {normalize_tag(t) for t in remove_tags}
            kept = () if clear_tags else base.tags
            new_tags = [t for t in (*kept, *add_tags) if normalize_tag(t) not in drop]
            tags_changed = clear_tags or bool(drop) or bool(tuple(add_tags))
            values = self._contact_fields(
                name=name,
                organisation=organisation,
                role=role,
                handles=handles,
                tags=new_tags if tags_changed else None,
                met=met,
                notes=notes,
                cadence=cadence,
                connected=connected,
                base=base,
            )
            contact = base.touched(**values)
            self.repos.contacts.update(contact)
        return contact

    def get_contact(self, key: str) -> Contact:
        """A contact by id, id prefix (4+ characters), name, name words or handle.

        Ambiguous and unknown keys raise :class:`NotFoundError` listing the
        candidates, so the CLI can say which id prefix to use.
        """
        from netjournal.domain.contacts import resolve_contact

        return resolve_contact(self.repos.contacts.all(), key)

    def list_contacts(self, search: str | None = None, due: bool = False) -> list[Contact]:
        """Contacts by name; with ``due``, only those whose cadence has lapsed, most overdue first."""
        from netjournal.domain.contacts import name_key, search_contacts

        if due:
            found = [d.contact for d in self.contacts_due()]
        else:
            found = sorted(self.repos.contacts.all(), key=lambda c: (name_key(c.name), c.id))
        if search:
            found = search_contacts(found, search)
        return found

    def contacts_due(self) -> list[DueContact]:
        """Contacts whose keep-in-touch cadence has lapsed today, with the arithmetic."""
        from netjournal.domain.contacts import due_contacts

        return due_contacts(
            self.repos.contacts.all(), self.today(), self.config.default_cadence_days
        )

    def contact_history(self, key: str) -> tuple[Contact, list[Activity], list[Conversation]]:
        """A contact with every activity and conversation they were part of, oldest first."""
        contact = self.get_contact(key)
        acts = self.repos.activities.between(
            None, None, where=lambda d: contact.id in (d.get("contact_ids") or ())
        )
        acts.sort(key=lambda a: (a.date, a.time is not None, a.time or 0, a.created))
        convs = [c for c in self.repos.conversations.all() if contact.id in c.contact_ids]
        convs.sort(key=lambda c: (c.started, c.created))
        return contact, acts, convs

    def merge_preview(self, keep: str, other: str) -> tuple[MergeResult, Contact, int, int]:
        """What merging ``other`` into ``keep`` would do, without doing it.

        Returns the merge result, the contact that would disappear, and how
        many activities and conversations would be re-pointed.
        """
        from netjournal.domain.contacts import merge_contacts

        first = self.get_contact(keep)
        second = self.get_contact(other)
        result = merge_contacts(first, second)
        n_acts = sum(1 for a in self.repos.activities.all() if second.id in a.contact_ids)
        n_convs = sum(1 for c in self.repos.conversations.all() if second.id in c.contact_ids)
        return result, second, n_acts, n_convs

    def merge_contacts(self, keep: str, other: str) -> MergeResult:
        """Fold ``other`` into ``keep`` and re-point everything that named ``other``.

        One transaction: activities and conversations are re-pointed, the
        merged contact is saved and ``other`` goes to the trash (so nothing
        it held is ever lost; ``undo`` brings the record back, but the
        re-pointed links stay with the merged contact).
        """
        from netjournal.domain.contacts import merge_contacts, repoint_ids

        with self.transaction():
            first = self.get_contact(keep)
            second = self.get_contact(other)
            result = merge_contacts(first, second)
            acts = [
                a.touched(contact_ids=repoint_ids(a.contact_ids, result.id_map))
                for a in self.repos.activities.all()
                if second.id in a.contact_ids
            ]
            convs = [
                c.touched(contact_ids=repoint_ids(c.contact_ids, result.id_map))
                for c in self.repos.conversations.all()
                if second.id in c.contact_ids
            ]
            if acts:
                self.repos.activities.upsert_many(acts)
            if convs:
                self.repos.conversations.upsert_many(convs)
            self.repos.contacts.update(result.contact)
            self.repos.trash.add(TrashEntry.of("contact", second))
            self.repos.contacts.remove(second.id)
        return result

    def remove_contact(self, key: str) -> Contact:
        """Move a contact to the trash (``undo``/``restore`` bring it back).

        Activities and conversations keep the contact's id, so a restore
        brings the links back too; meanwhile they show it as unknown.
        """
        with self.transaction():
            contact = self.get_contact(key)
            self.repos.trash.add(TrashEntry.of("contact", contact))
            self.repos.contacts.remove(contact.id)
        return contact

    def duplicate_candidates(self) -> list[DuplicateCandidate]:
        """Pairs of contacts that look like one person (older record first), to offer as merges."""
        from netjournal.domain.contacts import find_duplicates

        # stable sort: records created in the same second keep their stored (insertion) order
        return find_duplicates(sorted(self.repos.contacts.all(), key=lambda c: c.created))

    def contact_json(self, contact: Contact) -> dict[str, Any]:
        """The documented JSON form of a contact (docs/relationships.md)."""
        data = contact.to_dict()
        return {
            key: data[key]
            for key in (
                "id",
                "name",
                "organisation",
                "role",
                "handles",
                "tags",
                "met",
                "notes",
                "cadence_days",
                "connected_on",
                "last_contact",
                "source_ids",
                "created",
                "updated",
            )
        }

    def _conversation_day(self, text: str | None, what: str, not_before: date | None) -> date:
        day = self.parse_date(text) if text else self.today()
        if day > self.today():
            raise InputError(f"{what} date {day.isoformat()} is in the future", field=what)
        if not_before is not None and day < not_before:
            raise InputError(
                f"{what} date {day.isoformat()} is before the conversation started "
                f"({not_before.isoformat()})",
                field=what,
            )
        return day

    def add_conversation(
        self,
        with_names: Iterable[str],
        channel: str,
        *,
        started: str | None = None,
        by: str = "me",
        replied: bool = False,
        replied_on: str | None = None,
        summary: str = "",
    ) -> tuple[Conversation, list[str]]:
        """Record a conversation; unknown names become contacts (as ``log --with`` does).

        The opener counts as one message from whoever started it and a reply
        as one from the other side, so the message-level reply figure works
        for typed-in conversations as well as imported ones. Everyone in it
        has their keep-in-touch clock reset.
        """
        from netjournal.domain.models import Conversation, Initiator
        from netjournal.domain.vocabulary import parse_initiator

        names = tuple(with_names)
        if not names:
            raise InputError(
                "a conversation needs at least one contact",
                field="contacts",
                hint='e.g. --with "Jane Smith"',
            )
        chan = normalize_channel(channel)
        initiator = parse_initiator(by)
        day = self._conversation_day(started, "started", None)
        reply_day = (
            self._conversation_day(replied_on, "replied", day) if (replied or replied_on) else None
        )
        if len(summary) > 20_000:
            raise InputError("summary is longer than 20,000 characters", field="summary")
        mine = initiator is Initiator.ME
        has_reply = reply_day is not None
        with self.transaction():
            ids, created = self.resolve_contacts(names, create=True)
            conversation = Conversation(
                contact_ids=tuple(ids),
                channel=chan,
                started=day,
                initiated_by=initiator,
                replied=has_reply,
                replied_on=reply_day,
                last_date=reply_day or day,
                summary=summary.strip(),
                messages_out=int(mine) + int(has_reply and not mine),
                messages_in=int(not mine) + int(has_reply and mine),
            )
            self.repos.conversations.add(conversation)
            self._touch_contacts(ids, day)
            if reply_day is not None:
                self._touch_contacts(ids, reply_day)
        return conversation, created

    def get_conversation(self, id_or_prefix: str) -> Conversation:
        return self.repos.conversations.find(id_or_prefix)

    def list_conversations(
        self, *, open_only: bool = False, with_name: str | None = None
    ) -> list[Conversation]:
        """Conversations oldest first; ``open_only`` keeps those still awaiting a reply."""
        found = self.repos.conversations.all()
        if open_only:
            found = [c for c in found if not c.replied]
        if with_name:
            contact_id = self.get_contact(with_name).id
            found = [c for c in found if contact_id in c.contact_ids]
        found.sort(key=lambda c: (c.started, c.created))
        return found

    def mark_replied(
        self, id_or_prefix: str, *, on: str | None = None, by: str | None = None
    ) -> Conversation:
        """Record a reply: by default from the side that did *not* start the conversation.

        A reply from the other side marks the conversation replied (the first
        such date is kept as ``replied_on``); a message from the side that
        started it is a follow-up: it is counted and dated but is not a reply.
        """
        from netjournal.domain.models import Initiator
        from netjournal.domain.vocabulary import parse_initiator

        with self.transaction():
            conv = self.repos.conversations.find(id_or_prefix)
            day = self._conversation_day(on, "replied", conv.started)
            other = Initiator.THEM if conv.initiated_by is Initiator.ME else Initiator.ME
            sender = parse_initiator(by) if by else other
            changes: dict[str, Any] = {"last_date": max(d for d in (conv.last_date, day) if d)}
            if sender is Initiator.ME:
                changes["messages_out"] = conv.messages_out + 1
            else:
                changes["messages_in"] = conv.messages_in + 1
            if sender is other:
                changes["replied"] = True
                changes["replied_on"] = min(d for d in (conv.replied_on, day) if d)
            conv = conv.touched(**changes)
            self.repos.conversations.update(conv)
            self._touch_contacts(conv.contact_ids, day)
        return conv

    def remove_conversation(self, id_or_prefix: str) -> Conversation:
        """Move a conversation to the trash (``undo``/``restore`` bring it back)."""
        with self.transaction():
            conv = self.repos.conversations.find(id_or_prefix)
            self.repos.trash.add(TrashEntry.of("conversation", conv))
            self.repos.conversations.remove(conv.id)
        return conv

    def conversation_json(
        self, conv: Conversation, by_id: dict[str, Contact] | None = None
    ) -> dict[str, Any]:
        """The documented JSON form of a conversation (docs/relationships.md)."""
        data = conv.to_dict()
        return {
            "id": conv.id,
            "contacts": self.contact_names(conv.contact_ids, by_id),
            "contact_ids": list(conv.contact_ids),
            **{
                key: data[key]
                for key in (
                    "channel",
                    "started",
                    "initiated_by",
                    "replied",
                    "replied_on",
                    "last_date",
                    "summary",
                    "messages_out",
                    "messages_in",
                    "source_id",
                    "created",
                    "updated",
                )
            },
        }

    def sociability(self, start: date, end: date) -> SociabilitySummary:
        """Reciprocity figures for ``start``..``end`` inclusive (``week`` shows them)."""
        return self.sociability_series([(start, end)])[0]

    def sociability_series(self, periods: list[tuple[date, date]]) -> list[SociabilitySummary]:
        """One summary per period (``week``, ``trends``, the TUI), reading only their span.

        Who counts as a *new* connection depends on all history, but each
        contact carries its ``first_contact`` (kept as activities and
        conversations are stored), so the span's day totals, the facts of the
        conversations active in it and each contact's *known since* day are
        enough; all three come from the derived cache when nothing changed.
        """
        if not periods:
            return []
        lo = min(min(s, e) for s, e in periods)
        hi = max(max(s, e) for s, e in periods)
        return self._sociability_of(periods, self._day_totals(lo, hi), self._known_since())

    # --- imports ---
    # (owned by the imports engineer: add methods below this line)
    # Parsers (netjournal.importers.<source>) are pure; the plan of what to
    # write is pure too (netjournal.importers.reconcile), so a dry run runs the
    # same code as an import. Imported lazily: `netjournal log` never pays.
    if TYPE_CHECKING:
        from netjournal.importers.base import ImportBatch, ImportReport

    def import_batch(self, batch: ImportBatch, *, dry_run: bool = False) -> ImportReport:
        """Add what ``batch`` holds that the store does not; with ``dry_run`` write nothing.

        The batch was parsed completely before this is called, so a malformed
        file never gets here. The writes happen in one store transaction
        (under the lock); a dry run takes no lock and makes no backup, so it
        cannot change a single byte on disk.
        """
        from netjournal.importers.reconcile import plan_import

        with contextlib.nullcontext() if dry_run else self.transaction():
            days = {a.date for a in batch.activities}
            day_minutes: dict[date, int] = {}
            if days:
                for stored in self.repos.activities.between(min(days), max(days)):
                    if stored.date in days:
                        day_minutes[stored.date] = day_minutes.get(stored.date, 0) + stored.minutes
            plan = plan_import(
                batch,
                contacts=self.repos.contacts.all(),
                conversations=self.repos.conversations.all(),
                activity_source_ids=self.repos.activities.source_ids() if days else set(),
                day_minutes=day_minutes,
                today=self.today(),
                dry_run=dry_run,
            )
            if not dry_run:
                if plan.contacts:
                    self.repos.contacts.upsert_many(plan.contacts)
                if plan.conversations:
                    self.repos.conversations.upsert_many(plan.conversations)
                if plan.activities:
                    self.repos.activities.add_many(plan.activities)
        assert plan.report is not None
        return plan.report

    # --- cpd (records, confidentiality, export) ---
    # (owned by the CPD engineer: add methods below this line)
    # Rules live in netjournal.domain.cpd / .privacy and netjournal.exporters,
    # imported inside the methods so `netjournal log` never pays for them.

    def cpd_period(self, start: date | None = None, end: date | None = None) -> tuple[date, date]:
        """The period a CPD command covers: by default the NMC's three years to today."""
        from netjournal.domain.cpd import cycle_start

        end = end or self.today()
        start = start or cycle_start(end)
        if end < start:
            raise InputError(
                f"--to {end.isoformat()} is before --from {start.isoformat()}", field="to"
            )
        return start, end

    def set_cpd(
        self,
        id_or_prefix: str,
        *,
        topic: str | None = None,
        method: str | None = None,
        learning: str | None = None,
        practice_change: str | None = None,
        standards: Iterable[str] | None = None,
        participatory: bool | None = None,
        participatory_auto: bool = False,
        evidence: Iterable[str] | None = None,
        hcpc_type: str | None = None,
        reflect: bool | None = None,
        nature: str | None = None,
    ) -> Activity:
        """Mark an activity as CPD (if it is not yet) and change only the fields given.

        ``standards`` and ``evidence`` replace the lists when given (an empty
        iterable clears them). ``participatory_auto`` forgets the user's choice
        so the default from the activity's style applies again; an empty
        ``hcpc_type`` does the same for the HCPC activity type.
        """
        from netjournal.domain.cpd import parse_hcpc_type, parse_standard, tidy_paragraphs

        if participatory_auto and participatory is not None:
            raise InputError(
                "choose participatory, not participatory or the default, not two",
                field="participatory",
            )
        changes: dict[str, Any] = {}
        for name, value in (
            ("topic", topic),
            ("method", method),
            ("learning", learning),
            ("practice_change", practice_change),
            ("nature", nature),
        ):
            if value is not None:
                changes[name] = tidy_paragraphs(value)
        if standards is not None:
            changes["standards"] = tuple(dict.fromkeys(parse_standard(s) for s in standards))
        if evidence is not None:
            refs = tuple(dict.fromkeys(e.strip() for e in evidence))
            if any(not ref for ref in refs):
                raise InputError("an evidence reference cannot be empty", field="evidence")
            changes["evidence"] = refs
        if participatory is not None or participatory_auto:
            changes["participatory"] = participatory
        if hcpc_type is not None:
            changes["hcpc_type"] = parse_hcpc_type(hcpc_type).value if hcpc_type.strip() else ""
        if reflect is not None:
            changes["reflect"] = reflect
        with self.transaction():
            activity = self.repos.activities.find(id_or_prefix)
            details = replace(activity.cpd or CpdDetails(), **changes)
            updated = activity.touched(cpd=details)
            self.repos.activities.update(updated)
        return updated

    def unset_cpd(self, id_or_prefix: str) -> Activity:
        """Stop counting an activity as CPD (its CPD details are dropped)."""
        with self.transaction():
            activity = self.repos.activities.find(id_or_prefix)
            if activity.cpd is None:
                return activity
            updated = activity.touched(cpd=None)
            self.repos.activities.update(updated)
        return updated

    def cpd_records(self, start: date | None = None, end: date | None = None) -> list[CpdRecord]:
        """CPD records of the period (default: the three years to today), oldest first."""
        from netjournal.domain.cpd import cpd_records

        start, end = self.cpd_period(start, end)
        return cpd_records(self._cpd_activities(start, end), start, end)

    def _cpd_activities(self, start: date, end: date) -> list[Activity]:
        """Only the CPD activities of the period, filtered before decoding (ten years in seconds)."""
        return self.repos.activities.between(start, end, where=lambda d: d.get("cpd") is not None)

    def cpd_summary(self, end: date | None = None) -> NmcSummary:
        """Hours and participatory hours of the three years ending ``end`` vs the NMC needs."""
        from netjournal.domain.cpd import nmc_summary

        start, end = self.cpd_period(None, end)
        return nmc_summary(self.cpd_records(start, end), start, end)

    def cpd_check(
        self,
        start: date | None = None,
        end: date | None = None,
        *,
        template: str = "nmc",
        progress: Progress | None = None,
    ) -> tuple[CpdReport, list[PrivacyFinding]]:
        """The confidentiality scan of what an export of ``template`` would contain."""
        return self.cpd_report(start, end, template=template, progress=progress)

    def cpd_report(
        self,
        start: date | None = None,
        end: date | None = None,
        *,
        template: str = "nmc",
        include_names: bool = False,
        progress: Progress | None = None,
    ) -> tuple[CpdReport, list[PrivacyFinding]]:
        """The content of a CPD export and every identifier found in it."""
        from netjournal.exporters.report import Template, build_report, parse_template

        chosen = parse_template(template)
        start, end = self.cpd_period(start, end)
        return build_report(
            chosen,
            self.repos.activities.between(start, end)
            if chosen is Template.GENERIC
            else self._cpd_activities(start, end),
            self.contacts_by_id(),
            start,
            end,
            generated_on=self.today(),
            include_names=include_names,
            targets=self.repos.targets.all(),
            week_start=self.config.week_start_index,
            progress=progress,
        )

    def default_export_path(self, stem: str, extension: str) -> Path:
        """``<data dir>/exports/<stem>.<ext>``; the folder is created user-only."""
        folder = ensure_private_dir(self.paths.export_dir)
        return folder / f"{stem}.{extension}"

    def export_cpd(
        self,
        start: date | None = None,
        end: date | None = None,
        *,
        template: str = "nmc",
        fmt: str = "md",
        path: Path | None = None,
        include_names: bool = False,
        progress: Progress | None = None,
    ) -> CpdExport:
        """Build, render and write a CPD export; return what was written and found.

        With ``path=None`` the file goes to the default exports folder, named
        after template and period. The file is created 0600, atomically.
        """
        from netjournal.exporters.files import write_private_file
        from netjournal.exporters.registry import get_format, render
        from netjournal.exporters.report import two_phases

        chosen = get_format(fmt)
        building, rendering = two_phases(progress)
        report, findings = self.cpd_report(
            start, end, template=template, include_names=include_names, progress=building
        )
        payload = render(report, chosen, rendering)
        if path is None:
            stem = f"cpd-{report.template.value}-{report.start.isoformat()}-to-{report.end.isoformat()}"
            path = self.default_export_path(stem, chosen.extension)
        write_private_file(path, payload)
        from netjournal.exporters.report import CpdExport

        return CpdExport(report=report, findings=findings, payload=payload, path=path)

    def render_cpd(
        self,
        start: date | None = None,
        end: date | None = None,
        *,
        template: str = "nmc",
        fmt: str = "md",
        include_names: bool = False,
        progress: Progress | None = None,
    ) -> CpdExport:
        """Like :meth:`export_cpd` but only in memory (for ``-o -`` and previews)."""
        from netjournal.exporters.registry import get_format, render
        from netjournal.exporters.report import CpdExport, two_phases

        chosen = get_format(fmt)
        building, rendering = two_phases(progress)
        report, findings = self.cpd_report(
            start, end, template=template, include_names=include_names, progress=building
        )
        payload = render(report, chosen, rendering)
        return CpdExport(report=report, findings=findings, payload=payload)

    def export_activities(
        self,
        fmt: str = "csv",
        path: Path | None = None,
        *,
        progress: Progress | None = None,
        write: bool = True,
    ) -> tuple[bytes, Path | None]:
        """Every activity as CSV or JSON, names included (a backup, not a CPD record)."""
        from netjournal.exporters.activities import render_activities
        from netjournal.exporters.files import write_private_file

        activities = self.activities()
        payload = render_activities(
            fmt, activities, self.contacts_by_id(), today=self.today(), progress=progress
        )
        if not write:
            return payload, None
        if path is None:
            path = self.default_export_path(f"activities-{self.today().isoformat()}", fmt)
        write_private_file(path, payload)
        return payload, path

    # --- sync (merge of conflict copies) ---
    # (owned by the robustness engineer: add methods below this line)

    def conflict_notice(self) -> str | None:
        """One line for the CLI (on stderr) and the TUI when conflict copies wait to be merged.

        A sync tool's conflict copy holds the other device's changes; the
        journal does not see them until they are merged, so say so on start.
        """
        copies = self.conflict_copies()
        if not copies:
            return None
        first = copies[0].relative_to(self.paths.store_dir).as_posix()
        more = f" and {len(copies) - 1} more" if len(copies) > 1 else ""
        return (
            f"sync conflict copy {first}{more} found: the other device's changes are not "
            "merged yet; run `netjournal merge` (`--dry-run` shows what it would do)"
        )

    def merge(self, source: Path, *, dry_run: bool = False) -> MergeReport:
        """Merge another copy of this journal into it, by id, ``updated`` and tombstones.

        ``source`` is a sync tool's conflict copy of one store file, the
        other device's data (or store) folder, or a backup zip. The rules are
        in :mod:`netjournal.domain.merge`. Everything is written in one
        locked transaction; a conflict copy inside the store is then moved
        to ``backups/conflicts/`` (never deleted), so it stops being reported.
        """
        from netjournal.storage.foreign import read_other_copy

        other = read_other_copy(source, self.paths.store_dir)
        if dry_run:
            return self._merge_other(other, dry_run=True)
        with self.transaction():
            report = self._merge_other(other, dry_run=False)
        if other.is_conflict_copy and source.resolve().is_relative_to(
            self.paths.store_dir.resolve()
        ):
            report = replace(report, moved_to=str(self._file_away(source)))
        return report

    def merge_conflict_copies(self, *, dry_run: bool = False) -> list[MergeReport]:
        """Merge every conflict copy found in the store, one after the other."""
        return [self.merge(copy, dry_run=dry_run) for copy in self.conflict_copies()]

    def _file_away(self, copy: Path) -> Path:
        """Move a merged conflict copy into ``backups/conflicts/`` (kept, out of the way)."""
        import shutil
        from datetime import datetime

        rel = copy.resolve().relative_to(self.paths.store_dir.resolve()).as_posix()
        folder = ensure_private_dir(self.paths.backup_dir / "conflicts")
        target = folder / f"merged-{datetime.now():%Y%m%d-%H%M%S}-{rel.replace('/', '__')}"
        try:
            shutil.move(str(copy), str(target))
        except OSError as exc:
            raise StoreError(
                f"merged {copy}, but could not move it to {folder}: {exc.strerror or exc}; "
                "merging it again changes nothing, so it is safe to move it by hand"
            ) from exc
        return target

    def _merge_other(self, other: OtherCopy, *, dry_run: bool) -> MergeReport:
        from datetime import UTC, datetime

        from netjournal.domain.merge import (
            MergeReport,
            RecordMerge,
            merge_records,
            merge_tombstones,
            same_name_groups,
        )
        from netjournal.domain.models import Conversation, Target

        def when(text: str, where: str) -> datetime:
            try:
                moment = datetime.fromisoformat(text)
            except ValueError as exc:
                raise CorruptStoreError(
                    f"{where}: deletion time {text!r} is not a date-time; nothing was merged"
                ) from exc
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

        def decode(factory: Any, doc: dict[str, Any], record_id: str) -> Any:
            try:
                return factory(doc)
            except (KeyError, ValueError, TypeError, AttributeError) as exc:
                where = other.labels.get(record_id, str(other.source))
                raise CorruptStoreError(
                    f"{where}: record {record_id!r} is damaged ({exc!r}); nothing was merged"
                ) from exc

        kinds: dict[str, tuple[Any, Any, str]] = {
            "activities": (self.repos.activities, Activity, "activity"),
            "contacts": (self.repos.contacts, Contact, "contact"),
            "conversations": (self.repos.conversations, Conversation, "conversation"),
            "targets": (self.repos.targets, Target, "target"),
        }
        their_trash: dict[str, TrashEntry] = {
            i: decode(TrashEntry.from_dict, doc, i)
            for i, doc in other.docs.get("trash", {}).items()
        }
        our_trash = {t.id: t for t in self.repos.trash.all()}
        their_deleted = {i: when(t.deleted_at, str(other.source)) for i, t in their_trash.items()}
        our_deleted = {i: when(t.deleted_at, "trash.json") for i, t in our_trash.items()}

        plans: dict[str, RecordMerge[Any]] = {}
        ours_of: dict[str, list[Any]] = {}
        alive: dict[str, datetime] = {}
        for kind, (repo, factory, trash_kind) in kinds.items():
            their_docs = other.docs.get(kind, {})
            theirs_gone = {
                i: d for i, d in their_deleted.items() if their_trash[i].kind == trash_kind
            }
            if not their_docs and not theirs_gone:
                continue
            ours_gone = {i: d for i, d in our_deleted.items() if our_trash[i].kind == trash_kind}
            theirs = [decode(factory.from_dict, doc, i) for i, doc in their_docs.items()]
            ours = repo.all()
            plan = merge_records(ours, theirs, ours_gone, theirs_gone)
            plans[kind], ours_of[kind] = plan, ours
            removed = {r.id for r in plan.deleted}
            alive.update((r.id, r.updated) for r in ours if r.id not in removed)
            alive.update((r.id, r.updated) for r in (*plan.added, *plan.updated))
        tombs = merge_tombstones(our_deleted, their_deleted, alive)
        new_tombs = [their_trash[i] for i in tombs.copy_from_theirs]
        covered = set(our_trash) | set(tombs.copy_from_theirs)
        for kind, plan in plans.items():
            new_tombs.extend(
                TrashEntry(kinds[kind][2], r.to_dict(), plan.deleted_at[r.id].isoformat(), r.id)
                for r in plan.deleted
                if r.id not in covered
            )

        if not dry_run:
            # Tombstones first: a crash part-way leaves a record and its newer
            # tombstone, and merging again finishes the job; nothing is lost.
            if new_tombs:
                self.repos.trash.upsert_many(new_tombs)
            for kind, plan in plans.items():
                repo = kinds[kind][0]
                if kind == "activities":
                    if plan.added:
                        repo.add_many(plan.added)
                    for record in plan.updated:
                        repo.update(record)
                elif plan.added or plan.updated:
                    repo.upsert_many([*plan.added, *plan.updated])
                for record in plan.deleted:
                    repo.remove(record.id)
            for record_id in tombs.drop_ours:
                self.repos.trash.remove(record_id)

        duplicates: list[str] = []
        if "contacts" in plans:
            plan = plans["contacts"]
            final = {c.id: c for c in ours_of["contacts"]}
            for c in plan.deleted:
                final.pop(c.id, None)
            final.update((c.id, c) for c in (*plan.added, *plan.updated))
            new_names = {" ".join(c.name.split()).casefold() for c in plan.added}
            duplicates = [
                name
                for name in same_name_groups((c.id, c.name) for c in final.values())
                if " ".join(name.split()).casefold() in new_names
            ]
        return MergeReport(
            source=str(other.source),
            dry_run=dry_run,
            kinds={kind: plan.counts() for kind, plan in plans.items()},
            trash={"added": len(new_tombs), "dropped": len(tombs.drop_ours)},
            tool=other.conflict.tool if other.conflict else None,
            skipped=tuple(other.skipped),
            duplicate_contacts=tuple(duplicates),
        )

    # --- demo data ---

    def load_sample(self, sample: SampleJournal) -> dict[str, int]:
        """Write a generated journal in bulk, one locked transaction (demo, benchmark)."""
        with self.transaction():
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

    @property
    def timer(self) -> TimerService:
        """The running timer (``start``/``status``/``stop``/``cancel``)."""
        from netjournal.timekeeping import TimerService

        return TimerService(self)
