"""The content of a CPD export, before any format is chosen.

:func:`build_report` picks the activities of a period, fills in CPD defaults
(:mod:`netjournal.domain.cpd`), replaces names and scans free text
(:mod:`netjournal.domain.privacy`), and returns a :class:`CpdReport` holding
export-ready, already redacted values. Every format renders the same report,
so a CSV and a PDF of one period never disagree.

The JSON export *is* :meth:`CpdReport.to_dict`; :meth:`CpdReport.from_dict`
reads it back (schema ``netjournal.cpd-export``, version
:data:`SCHEMA_VERSION`). Totals are written for readers but recomputed from
minutes on reading, so they can never drift from the rows. Stdlib only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum
from pathlib import Path
from typing import Any, Self

from netjournal.domain.contact_record import Contact
from netjournal.domain.cpd import (
    CpdRecord,
    HcpcCheck,
    HcpcType,
    NmcSummary,
    hcpc_check,
    hours,
    nmc_summary,
    record_for,
)
from netjournal.domain.models import Activity, Mode, Purpose, Style
from netjournal.domain.privacy import Finding, Scanner, contact_label, scan_activity
from netjournal.domain.target_record import Target
from netjournal.errors import ImportFormatError, InputError

SCHEMA = "netjournal.cpd-export"
SCHEMA_VERSION = 1

#: ``progress(done, total)`` is called while a long export is built.
Progress = Callable[[int, int], None]


def two_phases(progress: Progress | None) -> tuple[Progress | None, Progress | None]:
    """Split one progress display over building (first half) and rendering (second half)."""
    if progress is None:
        return None, None
    report = progress

    def building(done: int, total: int) -> None:
        report(done, 2 * total)

    def rendering(done: int, total: int) -> None:
        report(total + done, 2 * total)

    return building, rendering


class Template(StrEnum):
    """What the export is for: an NMC portfolio, an HCPC audit, or everything."""

    NMC = "nmc"
    HCPC = "hcpc"
    GENERIC = "generic"


def parse_template(text: str) -> Template:
    word = text.strip().lower()
    for template in Template:
        if template.value == word:
            return template
    raise InputError(f"unknown template {text!r}: use nmc, hcpc or generic", field="template")


@dataclass(frozen=True, slots=True)
class ActivityRow:
    """One activity in the generic export, with contacts and note made safe."""

    activity_id: str
    date: date
    time: time | None
    mode: Mode
    channel: str
    style: Style
    purpose: Purpose
    minutes: int
    contacts: tuple[str, ...]
    note: str
    tags: tuple[str, ...]
    is_cpd: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "activity_id": self.activity_id,
            "date": self.date.isoformat(),
            "time": self.time.isoformat(timespec="minutes") if self.time else None,
            "mode": self.mode.value,
            "channel": self.channel,
            "style": self.style.value,
            "purpose": self.purpose.value,
            "minutes": self.minutes,
            "hours": float(hours(self.minutes)),
            "contacts": list(self.contacts),
            "note": self.note,
            "tags": list(self.tags),
            "cpd": self.is_cpd,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        raw_time = data.get("time")
        return cls(
            activity_id=str(data["activity_id"]),
            date=date.fromisoformat(data["date"]),
            time=time.fromisoformat(raw_time) if raw_time else None,
            mode=Mode(data["mode"]),
            channel=str(data["channel"]),
            style=Style(data["style"]),
            purpose=Purpose(data["purpose"]),
            minutes=int(data["minutes"]),
            contacts=tuple(data.get("contacts") or ()),
            note=str(data.get("note") or ""),
            tags=tuple(data.get("tags") or ()),
            is_cpd=bool(data.get("cpd", False)),
        )


def record_to_dict(record: CpdRecord) -> dict[str, Any]:
    """A record as JSON: stored choices plus derived hours for readers."""
    return {
        "activity_id": record.activity_id,
        "date": record.date.isoformat(),
        "minutes": record.minutes,
        "hours": float(hours(record.minutes)),
        "participatory": record.participatory,
        "participatory_is_default": record.participatory_is_default,
        "participatory_minutes": record.participatory_minutes,
        "mode": record.mode.value,
        "channel": record.channel,
        "style": record.style.value,
        "method": record.method,
        "topic": record.topic,
        "learning": record.learning,
        "practice_change": record.practice_change,
        "standards": list(record.standards),
        "standard_labels": list(record.standard_labels),
        "hcpc_type": record.hcpc_type.value,
        "hcpc_type_is_default": record.hcpc_type_is_default,
        "evidence": list(record.evidence),
        "reflect": record.reflect,
        "note": record.note,
        "contacts": list(record.contacts),
    }


def record_from_dict(data: dict[str, Any]) -> CpdRecord:
    return CpdRecord(
        activity_id=str(data["activity_id"]),
        date=date.fromisoformat(data["date"]),
        minutes=int(data["minutes"]),
        mode=Mode(data["mode"]),
        channel=str(data["channel"]),
        style=Style(data["style"]),
        method=str(data.get("method") or ""),
        topic=str(data.get("topic") or ""),
        learning=str(data.get("learning") or ""),
        practice_change=str(data.get("practice_change") or ""),
        standards=tuple(data.get("standards") or ()),
        participatory=bool(data["participatory"]),
        participatory_is_default=bool(data.get("participatory_is_default", False)),
        hcpc_type=HcpcType(data["hcpc_type"]),
        hcpc_type_is_default=bool(data.get("hcpc_type_is_default", False)),
        evidence=tuple(data.get("evidence") or ()),
        reflect=bool(data.get("reflect", False)),
        note=str(data.get("note") or ""),
        contacts=tuple(data.get("contacts") or ()),
    )


@dataclass(frozen=True, slots=True)
class BalanceFigures:
    """Online and offline time of the period, and how its weeks met the target.

    Minutes are the sums of the listed activities, so they match the table.
    Weeks are the calendar weeks (with the user's week start) the period
    touches; each is judged, as ``netjournal review`` does, by the target in
    force at its start (:mod:`netjournal.domain.balance`). Weeks at the edges
    of the period count only the activities inside the period.
    """

    online_minutes: int
    offline_minutes: int
    conversation_minutes: int
    weeks: int
    weeks_inside: int = 0
    weeks_above: int = 0
    weeks_below: int = 0
    weeks_without_activity: int = 0
    weeks_without_target: int = 0

    @property
    def total_minutes(self) -> int:
        return self.online_minutes + self.offline_minutes

    @property
    def online_share(self) -> float | None:
        total = self.total_minutes
        return self.online_minutes / total if total else None

    @property
    def weekly_average_minutes(self) -> int:
        return round(self.total_minutes / self.weeks) if self.weeks else 0

    @property
    def weeks_judged(self) -> int:
        return self.weeks_inside + self.weeks_above + self.weeks_below

    def to_dict(self) -> dict[str, Any]:
        share = self.online_share
        return {
            "online_minutes": self.online_minutes,
            "offline_minutes": self.offline_minutes,
            "conversation_minutes": self.conversation_minutes,
            "weeks": self.weeks,
            "weeks_inside": self.weeks_inside,
            "weeks_above": self.weeks_above,
            "weeks_below": self.weeks_below,
            "weeks_without_activity": self.weeks_without_activity,
            "weeks_without_target": self.weeks_without_target,
            "online_hours": float(hours(self.online_minutes)),
            "offline_hours": float(hours(self.offline_minutes)),
            "total_hours": float(hours(self.total_minutes)),
            "online_share": round(share, 4) if share is not None else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        return cls(
            online_minutes=int(data["online_minutes"]),
            offline_minutes=int(data["offline_minutes"]),
            conversation_minutes=int(data["conversation_minutes"]),
            weeks=int(data["weeks"]),
            weeks_inside=int(data.get("weeks_inside") or 0),
            weeks_above=int(data.get("weeks_above") or 0),
            weeks_below=int(data.get("weeks_below") or 0),
            weeks_without_activity=int(data.get("weeks_without_activity") or 0),
            weeks_without_target=int(data.get("weeks_without_target") or 0),
        )


def balance_figures(
    activities: Sequence[Activity],
    start: date,
    end: date,
    targets: Sequence[Target] = (),
    week_start: int = 0,
) -> BalanceFigures:
    """Totals of ``activities`` (all inside ``start..end``) and a verdict per week."""
    from netjournal.domain import balance
    from netjournal.domain.periods import following, week_of
    from netjournal.domain.targets import target_in_force

    weeks = [week_of(start, week_start)]
    while weeks[-1].end < end:
        weeks.append(following(weeks[-1], week_start))
    statuses = [
        balance.band_status(totals, target_in_force(targets, week.start, week.end)).status
        for totals, week in zip(balance.tally(activities, weeks), weeks, strict=True)
    ]
    return BalanceFigures(
        online_minutes=sum(a.minutes for a in activities if a.mode is Mode.ONLINE),
        offline_minutes=sum(a.minutes for a in activities if a.mode is Mode.OFFLINE),
        conversation_minutes=sum(a.minutes for a in activities if a.style is Style.CONVERSATION),
        weeks=len(weeks),
        weeks_inside=statuses.count(balance.INSIDE),
        weeks_above=statuses.count(balance.ABOVE),
        weeks_below=statuses.count(balance.BELOW),
        weeks_without_activity=statuses.count(balance.NO_ACTIVITY),
        weeks_without_target=statuses.count(balance.NO_TARGET),
    )


@dataclass(frozen=True, slots=True)
class CpdReport:
    """Everything one export says, already redacted unless ``include_names``."""

    template: Template
    start: date
    end: date
    generated_on: date
    include_names: bool
    records: tuple[CpdRecord, ...] = ()
    activities: tuple[ActivityRow, ...] = ()
    balance: BalanceFigures | None = None
    redactions: int = 0

    @property
    def is_empty(self) -> bool:
        if self.template is Template.GENERIC:
            return not self.activities
        return not self.records

    @property
    def nmc(self) -> NmcSummary:
        return nmc_summary(self.records, self.start, self.end)

    @property
    def hcpc(self) -> HcpcCheck:
        return hcpc_check(self.records, self.start, self.end)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "schema": SCHEMA,
            "schema_version": SCHEMA_VERSION,
            "template": self.template.value,
            "period": {"start": self.start.isoformat(), "end": self.end.isoformat()},
            "generated_on": self.generated_on.isoformat(),
            "include_names": self.include_names,
            "redactions": self.redactions,
            "empty": self.is_empty,
        }
        if self.template is Template.GENERIC:
            data["activities"] = [row.to_dict() for row in self.activities]
            data["balance"] = self.balance.to_dict() if self.balance else None
            return data
        data["records"] = [record_to_dict(r) for r in self.records]
        summary = self.nmc
        data["totals"] = summary.totals_json()
        if self.template is Template.NMC:
            data["nmc"] = {
                **summary.requirement_json(),
                "covers_full_cycle": summary.covers_full_cycle,
            }
        else:
            check = self.hcpc
            data["hcpc"] = {
                "types": [t.value for t in check.types],
                "has_mix": check.has_mix,
                "gaps": [
                    {
                        "after": g.after.isoformat(),
                        "before": g.before.isoformat(),
                        "days": g.days,
                        "at_start": g.at_start,
                        "at_end": g.at_end,
                    }
                    for g in check.gaps
                ],
            }
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Read a JSON export back; derived totals are recomputed, not trusted."""
        if data.get("schema") != SCHEMA:
            raise ImportFormatError("not a netjournal CPD export (schema is missing or different)")
        version = data.get("schema_version")
        if not isinstance(version, int) or version > SCHEMA_VERSION:
            raise ImportFormatError(
                f"CPD export schema version {version!r} is newer than this netjournal understands"
            )
        try:
            balance = data.get("balance")
            return cls(
                template=Template(data["template"]),
                start=date.fromisoformat(data["period"]["start"]),
                end=date.fromisoformat(data["period"]["end"]),
                generated_on=date.fromisoformat(data["generated_on"]),
                include_names=bool(data["include_names"]),
                records=tuple(record_from_dict(r) for r in data.get("records") or ()),
                activities=tuple(ActivityRow.from_dict(r) for r in data.get("activities") or ()),
                balance=BalanceFigures.from_dict(balance) if balance else None,
                redactions=int(data.get("redactions") or 0),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ImportFormatError(f"CPD export is malformed: {exc!r}") from exc


def _every(total: int) -> int:
    """How often to report progress: about a hundred updates per export."""
    return max(1, total // 100)


def build_report(
    template: Template,
    activities: Iterable[Activity],
    contacts: Mapping[str, Contact],
    start: date,
    end: date,
    *,
    generated_on: date,
    include_names: bool = False,
    targets: Sequence[Target] = (),
    week_start: int = 0,
    progress: Progress | None = None,
) -> tuple[CpdReport, list[Finding]]:
    """The report of ``template`` for ``start..end`` and every identifier found.

    Findings are listed whether or not names are included, so the user sees
    what the record holds; they are *replaced* only without ``include_names``.
    """
    if end < start:
        raise InputError(f"the period ends ({end}) before it starts ({start})", field="to")
    chosen = [
        a
        for a in activities
        if start <= a.date <= end and (template is Template.GENERIC or a.cpd is not None)
    ]
    chosen.sort(key=lambda a: (a.date, a.time or time.min, a.id))
    scanner = Scanner(contacts.values(), include_names=include_names)
    labels = {cid: contact_label(c, include_names) for cid, c in contacts.items()}
    findings: list[Finding] = []
    records: list[CpdRecord] = []
    rows: list[ActivityRow] = []
    total = len(chosen)
    step = _every(total)
    for done, activity in enumerate(chosen, start=1):
        scanned = scan_activity(scanner, activity)
        findings.extend(scanned.findings)
        names = tuple(labels[cid] for cid in activity.contact_ids if cid in labels)
        note = activity.note if include_names else scanned.note
        if template is Template.GENERIC:
            rows.append(
                ActivityRow(
                    activity_id=activity.id,
                    date=activity.date,
                    time=activity.time,
                    mode=activity.mode,
                    channel=activity.channel,
                    style=activity.style,
                    purpose=activity.purpose,
                    minutes=activity.minutes,
                    contacts=names,
                    note=note,
                    tags=activity.tags if include_names else scanned.tags,
                    is_cpd=activity.cpd is not None,
                )
            )
        else:
            details = activity.cpd if include_names else scanned.cpd
            records.append(record_for(activity, note=note, contacts=names, cpd=details))
        if progress is not None and (done % step == 0 or done == total):
            progress(done, total)
    report = CpdReport(
        template=template,
        start=start,
        end=end,
        generated_on=generated_on,
        include_names=include_names,
        records=tuple(records),
        activities=tuple(rows),
        balance=(
            balance_figures(chosen, start, end, targets, week_start)
            if template is Template.GENERIC
            else None
        ),
        redactions=0 if include_names else len(findings),
    )
    return report, findings


@dataclass(frozen=True, slots=True)
class CpdExport:
    """What an export produced: the report, the identifiers found, the bytes, the file."""

    report: CpdReport
    findings: list[Finding]
    payload: bytes
    path: Path | None = None
