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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netjournal import clock
from netjournal.config import Config, load_config, save_config, with_setting
from netjournal.domain.models import (
    Activity,
    Contact,
    CpdDetails,
    Mode,
    Purpose,
    Style,
)
from netjournal.domain.validation import check_day_total, validate_activity
from netjournal.domain.vocabulary import (
    default_mode_for_channel,
    normalize_channel,
    normalize_tag,
    parse_mode,
    parse_purpose,
    parse_style,
)
from netjournal.errors import CorruptStoreError, InputError, NotFoundError, StoreError
from netjournal.paths import Paths, ensure_private_dir
from netjournal.storage.repositories import Repositories, TrashEntry, open_store

if TYPE_CHECKING:
    from netjournal.sample_data import SampleJournal


@dataclass(frozen=True, slots=True)
class ActivityInput:
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


@dataclass(frozen=True, slots=True)
class Finding:
    """One line of ``netjournal doctor``: a level and what to do about it."""

    level: str  # "ok" | "warning" | "error"
    message: str
    fixed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, "message": self.message, "fixed": self.fixed}


@dataclass(slots=True)
class LogResult:
    """What ``log`` did, so the edge can say it (new contacts are worth a mention)."""

    activity: Activity
    new_contacts: list[str] = field(default_factory=list)


_CONFLICT_PATTERNS = (".sync-conflict-", "conflicted copy", "(conflict", "-conflict-")


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
            style = Style.BROADCAST if purpose is Purpose.BROADCAST else Style.CONVERSATION
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
        return LogResult(activity, created)

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
        return LogResult(activity, created)

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
            contact_id = self.find_contact(contact).id
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
        }
        from netjournal.domain.models import Conversation

        repo_for_kind["conversation"] = (self.repos.conversations, Conversation)
        if entry.kind not in repo_for_kind:
            raise StoreError(f"cannot restore a {entry.kind!r} record")
        repo, cls = repo_for_kind[entry.kind]
        record = cls.from_dict(entry.record)
        repo.upsert_many([record])
        self.repos.trash.remove(entry.id)
        return entry

    # --- contacts (core: what logging needs) -------------------------------

    def contacts_by_id(self) -> dict[str, Contact]:
        return {c.id: c for c in self.repos.contacts.all()}

    def find_contact(self, key: str) -> Contact:
        """A contact by exact name (any case), handle, e-mail or id prefix."""
        match = self._match_contact(key, self.repos.contacts.all())
        if match is None:
            raise NotFoundError(f"no contact called {key!r}", hint="see `netjournal contact list`")
        return match

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
        """Reset the keep-in-touch clock of everyone involved on ``day``."""
        for cid in contact_ids:
            with contextlib.suppress(NotFoundError):
                contact = self.repos.contacts.get(cid)
                if contact.last_contact is None or contact.last_contact < day:
                    self.repos.contacts.update(contact.touched(last_contact=day))

    def contact_names(
        self, contact_ids: Iterable[str], by_id: dict[str, Contact] | None = None
    ) -> list[str]:
        """Names for ``contact_ids``, in order; ``by_id`` saves lookups when listing many.

        Without ``by_id`` only the contacts asked for are decoded (one dict
        lookup each), not all of them: ``netjournal log`` on a store with
        thousands of contacts must not pay for decoding every one.
        """
        ids = list(contact_ids)
        if by_id is None:
            by_id = {}
            for cid in dict.fromkeys(ids):
                with contextlib.suppress(NotFoundError):
                    by_id[cid] = self.repos.contacts.get(cid)
        return [by_id[c].name if c in by_id else f"(unknown {c[:8]})" for c in ids]

    def activity_json(
        self, activity: Activity, by_id: dict[str, Contact] | None = None
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
        """Sync-tool conflict copies (Syncthing, Nextcloud, Dropbox) next to the store."""
        root = self.paths.store_dir
        if not root.is_dir():
            return []
        return sorted(
            p
            for p in root.rglob("*")
            if p.is_file() and any(pat in p.name for pat in _CONFLICT_PATTERNS)
        )

    def doctor(self, *, fix: bool = False) -> list[Finding]:
        """Check every store file and say what is wrong and how to recover."""
        from netjournal.storage.engine import decode_file, kind_for

        findings: list[Finding] = []
        store = self.repos.store
        root = self.paths.store_dir
        latest = self.backups()
        restore_hint = (
            f"restore with: netjournal backup restore {latest[0]}"
            if latest
            else "no backup exists yet; keep a copy of the damaged file before editing it"
        )
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
                decode_file(path, kind_for(rel), path.read_bytes())
            except (CorruptStoreError, StoreError) as exc:
                broken = True
                findings.append(Finding("error", f"{exc.message}; {restore_hint}"))
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
            known = set(self.repos.contacts.ids())
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

    # --- relationships (contacts, conversations, reciprocity) ---
    # (owned by the relationships engineer: add methods below this line)

    # --- imports ---
    # (owned by the imports engineer: add methods below this line)

    # --- cpd (records, confidentiality, export) ---
    # (owned by the CPD engineer: add methods below this line)

    # --- sync (merge of conflict copies) ---
    # (owned by the robustness engineer: add methods below this line)

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
        return not self.repos.store.files()
