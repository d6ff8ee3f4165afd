"""The three templates: what an NMC, HCPC or generic export shows, and in what order.

Wording follows the regulators' own forms, so a record can be handed in as
it is: the NMC CPD log columns and the four reflective-account questions,
the HCPC activity types and its call for a summary of practice. Dates in
tables are ISO 8601 (``2026-11-25``): unambiguous whatever the reader's
locale, and recognised as dates by Excel and LibreOffice.
"""

from __future__ import annotations

from datetime import date

from netjournal.domain.cpd import (
    GAP_MONTHS,
    HCPC_TYPE_LABELS,
    NMC_REQUIRED_MINUTES,
    NMC_REQUIRED_PARTICIPATORY_MINUTES,
    NMC_REQUIRED_REFLECTIONS,
    CpdRecord,
    format_hours,
)
from netjournal.exporters.document import Document, Section, Table, printable_document
from netjournal.exporters.report import BalanceFigures, CpdReport, Template
from netjournal.presentation import percent, plural

ROUNDING_NOTE = (
    "Hours are minutes divided by 60, rounded to one decimal place with halves rounded up. "
    "Totals are worked out from the summed minutes and rounded once, so they can differ "
    "slightly from adding up the rounded hours of each row; the minutes column adds up exactly."
)
_TO_COMPLETE = "(to be completed)"


def human_date(day: date) -> str:
    """``25 Nov 2026``: day first, month as a word, so no reader can misread it."""
    return f"{day.day} {day:%b %Y}"


def _period(report: CpdReport) -> str:
    return f"{human_date(report.start)} – {human_date(report.end)}"


def _about(report: CpdReport) -> Section:
    if report.include_names:
        privacy = "Names are included at the user's request (--include-names)."
    elif report.redactions:
        privacy = (
            "Contacts are shown by role, organisation or initials; "
            f"{plural(report.redactions, 'identifier')} "
            f"{'was' if report.redactions == 1 else 'were'} removed from the text."
        )
    else:
        privacy = (
            "Contacts are shown by role, organisation or initials; no other identifiers found."
        )
    return Section(
        "About this record",
        facts=(
            ("Period", _period(report)),
            ("Prepared on", human_date(report.generated_on)),
            ("Confidentiality", privacy),
        ),
    )


def _nothing(report: CpdReport, what: str) -> str:
    return (
        f"Nothing to report: no {what} recorded between "
        f"{human_date(report.start)} and {human_date(report.end)}."
    )


def _topic(record: CpdRecord) -> str:
    text = record.topic or record.note or "(topic not recorded)"
    if record.practice_change:
        text = f"{text} — relevance to practice: {record.practice_change}"
    return text


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def _versus(done: int, required: int, unit: str = "hours") -> str:
    if unit == "hours":
        shown = f"{format_hours(done)} of {format_hours(required)} hours"
        short = f"{format_hours(required - done)} hours still to do"
    else:
        shown = f"{done} of {required}"
        short = f"{required - done} still to write"
    return f"{shown} — met" if done >= required else f"{shown} — {short}"


# --- NMC -------------------------------------------------------------------

NMC_QUESTIONS = (
    "What was the nature of the CPD activity?",
    "What did you learn from the CPD activity?",
    "How did you change or improve your practice as a result?",
    "How is this relevant to the Code?",
)


def _nmc_rows(records: tuple[CpdRecord, ...]) -> tuple[tuple[str, ...], ...]:
    return tuple(
        (
            r.date.isoformat(),
            r.method,
            _topic(r),
            "; ".join(r.standard_labels),
            format_hours(r.minutes),
            format_hours(r.participatory_minutes),
            str(r.minutes),
            "; ".join(r.evidence),
        )
        for r in records
    )


def _reflections(report: CpdReport) -> list[Section]:
    chosen = [r for r in report.records if r.reflect]
    intro = Section(
        "Reflective accounts",
        paragraphs=(
            (
                f"{len(chosen)} activit{'y is' if len(chosen) == 1 else 'ies are'} chosen for a "
                f"reflective account (the NMC asks for {NMC_REQUIRED_REFLECTIONS} over three "
                "years). Each account answers the NMC's questions.",
            )
            if chosen
            else (
                "No activity is chosen for a reflective account yet. "
                "Choose one with: netjournal cpd set ID --reflect",
            )
        ),
    )
    accounts = [
        Section(
            f"Reflective account {number}: {human_date(r.date)}",
            level=3,
            facts=tuple(
                zip(
                    NMC_QUESTIONS,
                    (
                        f"{r.method}: {r.topic or r.note or _TO_COMPLETE}",
                        r.learning or _TO_COMPLETE,
                        r.practice_change or _TO_COMPLETE,
                        "; ".join(r.standard_labels) or _TO_COMPLETE,
                    ),
                    strict=True,
                )
            ),
        )
        for number, r in enumerate(chosen, start=1)
    ]
    return [intro, *accounts]


def nmc_document(report: CpdReport) -> Document:
    summary = report.nmc
    table = Table(
        columns=(
            "Date",
            "Method",
            "Topic and how it relates to practice",
            "Link to the Code",
            "Hours",
            "Participatory hours",
            "Minutes",
            "Evidence",
        ),
        rows=_nmc_rows(report.records),
        numeric=frozenset({4, 5, 6}),
        footer=(
            "Total",
            "",
            f"{summary.activities} CPD activities",
            "",
            format_hours(summary.minutes),
            format_hours(summary.participatory_minutes),
            str(summary.minutes),
            "",
        ),
        empty_text=_nothing(report, "CPD activities were"),
    )
    cycle = (
        ()
        if summary.covers_full_cycle
        else (
            "This period is shorter than the three-year revalidation cycle: "
            "the requirement applies to the whole cycle.",
        )
    )
    totals = Section(
        "Totals against the revalidation requirement",
        paragraphs=cycle,
        facts=(
            ("CPD activities", str(summary.activities)),
            ("Total hours", _versus(summary.minutes, NMC_REQUIRED_MINUTES)),
            (
                "Participatory hours",
                _versus(summary.participatory_minutes, NMC_REQUIRED_PARTICIPATORY_MINUTES),
            ),
            (
                "Reflective accounts",
                _versus(summary.reflective_accounts, NMC_REQUIRED_REFLECTIONS, unit="count"),
            ),
        ),
    )
    return Document(
        title="CPD record for NMC revalidation",
        subtitle=_period(report),
        sections=(
            _about(report),
            Section("CPD activities", paragraphs=(ROUNDING_NOTE,), table=table),
            totals,
            *_reflections(report),
        ),
        records=1,
    )


# --- HCPC ------------------------------------------------------------------

SUMMARY_OF_PRACTICE = (
    "[Write your summary of practice here, in up to 500 words: your role, who you work "
    "with, the kinds of service users you see and your main responsibilities. "
    "Replace this text before you submit the profile.]"
)


def hcpc_document(report: CpdReport) -> Document:
    check = report.hcpc
    summary = report.nmc  # the same exact totals, whichever regulator
    table = Table(
        columns=(
            "Date",
            "Activity type",
            "Activity",
            "What I learnt",
            "How it improved my practice and benefited service users",
            "Hours",
            "Minutes",
            "Evidence",
        ),
        rows=tuple(
            (
                r.date.isoformat(),
                HCPC_TYPE_LABELS[r.hcpc_type],
                f"{r.method}: {r.topic or r.note or '(topic not recorded)'}",
                r.learning,
                r.practice_change,
                format_hours(r.minutes),
                str(r.minutes),
                "; ".join(r.evidence),
            )
            for r in report.records
        ),
        numeric=frozenset({5, 6}),
        footer=(
            "Total",
            "",
            f"{summary.activities} CPD activities",
            "",
            "",
            format_hours(summary.minutes),
            str(summary.minutes),
            "",
        ),
        empty_text=_nothing(report, "CPD activities were"),
    )
    present = ", ".join(HCPC_TYPE_LABELS[t] for t in check.types) or "none"
    mix = (
        "yes"
        if check.has_mix
        else "no — the HCPC asks for a mix of learning activities: add an activity of "
        "another type, or set one with netjournal cpd set ID --hcpc-type TYPE"
    )
    if check.gaps:
        gap_lines = tuple(
            f"No CPD activity from {human_date(g.after)} to {human_date(g.before)} "
            f"({g.days} days){' — start of the period' if g.at_start else ''}"
            f"{' — end of the period' if g.at_end else ''}. "
            "Explain this gap (for example leave, illness or a career break)."
            for g in check.gaps
        )
    else:
        gap_lines = (f"No gaps of {GAP_MONTHS} months or more.",)
    return Document(
        title="CPD profile for HCPC audit",
        subtitle=_period(report),
        sections=(
            _about(report),
            Section("Summary of practice", paragraphs=(SUMMARY_OF_PRACTICE,), placeholder=True),
            Section(
                "CPD activities",
                paragraphs=(ROUNDING_NOTE,),
                table=table,
            ),
            Section(
                "Mix of activity types",
                facts=(
                    ("Types present", present),
                    ("At least two types", mix),
                ),
            ),
            Section(f"Gaps of {GAP_MONTHS} months or more", paragraphs=gap_lines),
        ),
        records=2,
    )


# --- generic -----------------------------------------------------------------

BALANCE_NOTE = (
    "Online and offline hours add up the activities listed above. Each week is judged "
    "against the target in force at its start, as netjournal review does; the weeks at "
    "the edges of the period count only the days inside it."
)


def _weeks_verdict(balance: BalanceFigures) -> str:
    if balance.weeks_without_target == balance.weeks:
        return "no online/offline target was set"
    judged = balance.weeks_judged
    text = f"{balance.weeks_inside} of {plural(judged, 'week')} with activity"
    if judged:
        text += f" ({balance.weeks_above} above, {balance.weeks_below} below the band)"
    if balance.weeks_without_target:
        text += f"; {plural(balance.weeks_without_target, 'week')} had no target in force"
    return text


def _balance_facts(report: CpdReport) -> tuple[tuple[str, str], ...]:
    """The online/offline figures of the generic record's balance section (none without one)."""
    balance = report.balance
    facts: tuple[tuple[str, str], ...] = ()
    if balance is not None:
        share = balance.online_share
        conversation = (
            f"{balance.conversation_minutes * 100 // balance.total_minutes}%"
            if balance.total_minutes
            else "–"
        )
        facts = (
            ("Online hours", format_hours(balance.online_minutes)),
            ("Offline hours", format_hours(balance.offline_minutes)),
            ("Total hours", format_hours(balance.total_minutes)),
            ("Online share", percent(share, missing="–")),
            ("Weeks", str(balance.weeks)),
            ("Average hours per week", format_hours(balance.weekly_average_minutes)),
            ("Time in conversation", conversation),
            ("Weeks inside the target band", _weeks_verdict(balance)),
        )
    return facts


def generic_document(report: CpdReport) -> Document:
    rows = report.activities
    total_minutes = sum(r.minutes for r in rows)
    table = Table(
        columns=(
            "Date",
            "Time",
            "Mode",
            "Channel",
            "Style",
            "Purpose",
            "Contacts",
            "Note",
            "CPD",
            "Hours",
            "Minutes",
        ),
        rows=tuple(
            (
                r.date.isoformat(),
                r.time.isoformat(timespec="minutes") if r.time else "",
                r.mode.value,
                r.channel,
                r.style.value,
                r.purpose.value,
                "; ".join(r.contacts),
                r.note,
                _yes_no(r.is_cpd),
                format_hours(r.minutes),
                str(r.minutes),
            )
            for r in rows
        ),
        numeric=frozenset({9, 10}),
        footer=(
            "Total",
            "",
            "",
            "",
            "",
            "",
            "",
            plural(len(rows), "activity", "activities"),
            "",
            format_hours(total_minutes),
            str(total_minutes),
        ),
        empty_text=_nothing(report, "activities were"),
    )
    facts = _balance_facts(report)
    return Document(
        title="Networking activity record",
        subtitle=_period(report),
        sections=(
            _about(report),
            Section(
                "Activities",
                paragraphs=(ROUNDING_NOTE,),
                table=table,
            ),
            Section("Online and offline balance", paragraphs=(BALANCE_NOTE,), facts=facts),
        ),
        records=1,
    )


def document_for(report: CpdReport) -> Document:
    """The page a report's template lays out, its text made printable for every format."""
    builders = {
        Template.NMC: nmc_document,
        Template.HCPC: hcpc_document,
        Template.GENERIC: generic_document,
    }
    return printable_document(builders[report.template](report))
