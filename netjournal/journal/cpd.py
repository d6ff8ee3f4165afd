"""CPD: which activities count, their details, the NMC figures, and the CPD exports.

Rules live in :mod:`netjournal.domain.cpd` and :mod:`netjournal.domain.privacy`;
the documents are built by :mod:`netjournal.exporters` (a format's own heavy
library, such as fpdf2 for PDF, loads only when that format is rendered).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from netjournal.domain.cpd import (
    CpdRecord,
    NmcSummary,
    cpd_records,
    cycle_start,
    nmc_summary,
    parse_hcpc_type,
    parse_standard,
    tidy_paragraphs,
)
from netjournal.domain.models import Activity, CpdDetails
from netjournal.domain.privacy import Finding as PrivacyFinding
from netjournal.errors import InputError
from netjournal.exporters.activities import render_activities
from netjournal.exporters.files import write_private_file
from netjournal.exporters.registry import get_format, render
from netjournal.exporters.report import (
    CpdExport,
    CpdReport,
    Progress,
    Template,
    build_report,
    parse_template,
    two_phases,
)
from netjournal.journal.activities import ActivitiesService
from netjournal.journal.core import Core, Service
from netjournal.paths import ensure_private_dir


class CpdService(Service):
    """``journal.cpd``: continuing professional development records and exports."""

    def __init__(self, core: Core, activities: ActivitiesService) -> None:
        super().__init__(core)
        self._activities = activities

    def cpd_period(self, start: date | None = None, end: date | None = None) -> tuple[date, date]:
        """The period a CPD command covers: by default the NMC's three years to today."""
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

        if participatory_auto and participatory is not None:
            raise InputError(
                "choose participatory, not participatory or the default, not two",
                field="participatory",
            )
        changes: dict[str, Any] = {}
        # The topic and method are one-line labels in every export; the
        # reflective answers keep their paragraphs (they may come from $EDITOR).
        for name, value in (("topic", topic), ("method", method)):
            if value is not None:
                changes[name] = " ".join(value.split())
        for name, value in (
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
            self.describe(f"cpd set {activity.id[:8]}")
        return updated

    def unset_cpd(self, id_or_prefix: str) -> Activity:
        """Stop counting an activity as CPD (its CPD details are dropped)."""
        with self.transaction():
            activity = self.repos.activities.find(id_or_prefix)
            if activity.cpd is None:
                return activity
            updated = activity.touched(cpd=None)
            self.repos.activities.update(updated)
            self.describe(f"cpd unset {activity.id[:8]}")
        return updated

    def cpd_records(self, start: date | None = None, end: date | None = None) -> list[CpdRecord]:
        """CPD records of the period (default: the three years to today), oldest first."""
        start, end = self.cpd_period(start, end)
        return cpd_records(self._cpd_activities(start, end), start, end)

    def _cpd_activities(self, start: date, end: date) -> list[Activity]:
        """Only the CPD activities of the period, filtered before decoding (ten years in seconds)."""
        return self.repos.activities.between(start, end, where=lambda d: d.get("cpd") is not None)

    def cpd_summary(self, end: date | None = None) -> NmcSummary:
        """Hours and participatory hours of the three years ending ``end`` vs the NMC needs."""
        start, end = self.cpd_period(None, end)
        return nmc_summary(self.cpd_records(start, end), start, end)

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
        chosen = parse_template(template)
        start, end = self.cpd_period(start, end)
        return build_report(
            chosen,
            self.repos.activities.between(start, end)
            if chosen is Template.GENERIC
            else self._cpd_activities(start, end),
            self._activities.contacts_by_id(),
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
        made = self.render_cpd(
            start, end, template=template, fmt=fmt, include_names=include_names, progress=progress
        )
        if path is None:
            report = made.report
            stem = f"cpd-{report.template.value}-{report.start.isoformat()}-to-{report.end.isoformat()}"
            path = self.default_export_path(stem, get_format(fmt).extension)
        write_private_file(path, made.payload)
        return replace(made, path=path)

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
        include_names: bool = False,
    ) -> tuple[bytes, Path | None]:
        """Every activity as CSV or JSON, names included (a backup, not a CPD record).

        Contacts' notes go into the JSON only with ``include_names``.
        """
        activities = self._activities.list_activities()
        payload = render_activities(
            fmt,
            activities,
            self._activities.contacts_by_id(),
            today=self.today(),
            progress=progress,
            include_names=include_names,
        )
        if not write:
            return payload, None
        if path is None:
            path = self.default_export_path(f"activities-{self.today().isoformat()}", fmt)
        write_private_file(path, payload)
        return payload, path
