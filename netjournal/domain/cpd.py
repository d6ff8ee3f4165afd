"""Continuing professional development: from logged activities to CPD records.

A professional marks an activity as CPD (``Activity.cpd``); this module turns
those activities into :class:`CpdRecord` rows a regulator understands, filling
in what the user left blank with defaults derived from the activity, so that a
Twitter chat logged in five seconds still becomes a usable record:

* **method** from the channel and style (a conversation on X is an *online
  discussion*, a conference day is a *conference*);
* **participatory** from the style when the user has not decided: the NMC
  counts learning that involved interaction with other professionals, so a
  conversation is participatory, a broadcast or listening is not;
* **HCPC activity type** from the channel and style (a conference is
  formal/educational, reading a thread is self-directed).

Hours are always computed from *summed minutes* and rounded once, at the end,
to 0.1 h with halves rounded up (:func:`hours`). Rounding each row and adding
the rounded values would let 3 × 20 minutes come to 0.9 h instead of 1.0 h.

NMC revalidation needs 35 hours of CPD, 20 of them participatory, and five
written reflective accounts over the three years; HCPC audits ask for a mix of
at least two activity types and an explanation of long gaps (we flag three
months or more). Stdlib only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from itertools import pairwise

from netjournal.domain.models import Activity, CpdDetails, Mode, Style
from netjournal.domain.vocabulary import by_prefix
from netjournal.errors import InputError

# --- NMC Code themes -------------------------------------------------------

#: The four themes of the NMC Code, keyed by the short word people type.
NMC_THEMES: dict[str, str] = {
    "prioritise": "Prioritise people",
    "practise": "Practise effectively",
    "preserve": "Preserve safety",
    "promote": "Promote professionalism and trust",
}

#: US spellings and common slips that still clearly mean one theme.
_THEME_ALIASES: dict[str, str] = {
    "prioritize": "prioritise",
    "people": "prioritise",
    "practice": "practise",
    "effective": "practise",
    "effectively": "practise",
    "safety": "preserve",
    "professionalism": "promote",
    "trust": "promote",
}

NMC_REQUIRED_MINUTES = 35 * 60
NMC_REQUIRED_PARTICIPATORY_MINUTES = 20 * 60
NMC_REQUIRED_REFLECTIONS = 5
NMC_CYCLE_YEARS = 3
#: Pieces of practice-related feedback and reflective discussions per cycle.
NMC_REQUIRED_FEEDBACK = 5
NMC_REQUIRED_DISCUSSIONS = 1


def nmc_requirements_json() -> dict[str, int]:
    """The NMC's three figures as the JSON forms give them (``cpd summary``, exports)."""
    return {
        "required_hours": NMC_REQUIRED_MINUTES // 60,
        "required_participatory_hours": NMC_REQUIRED_PARTICIPATORY_MINUTES // 60,
        "required_reflective_accounts": NMC_REQUIRED_REFLECTIONS,
    }


def parse_standard(text: str) -> str:
    """A standard as stored: an NMC theme's short word, or the user's own text.

    ``prioritise``, ``Prioritise people``, ``prioritize`` and ``pri`` all
    become ``prioritise`` so exports show the Code's wording consistently.
    Anything else (``HCPC SCPE 2.1``, ``HCPC CPD standard 4``) is kept as
    typed, because HCPC and other regulators number their standards freely.
    """
    cleaned = " ".join(text.split())
    if not cleaned:
        raise InputError("empty standard: give an NMC theme or a standard's name", field="standard")
    word = cleaned.lower()
    for key, label in NMC_THEMES.items():
        if word == label.lower():
            return key
    first = word.split()[0]
    if len(word.split()) == 1:
        if first in NMC_THEMES:
            return first
        if first in _THEME_ALIASES:
            return _THEME_ALIASES[first]
        matches = [key for key in NMC_THEMES if key.startswith(first)]
        if len(matches) == 1 and len(first) >= 3:
            return matches[0]
        if matches:
            raise InputError(
                f"ambiguous standard {text!r}: could be {', '.join(matches)}",
                field="standard",
                hint="NMC themes: prioritise, practise, preserve, promote",
            )
    return cleaned


def standard_label(value: str) -> str:
    """How a stored standard reads in an export (``practise`` → ``Practise effectively``)."""
    return NMC_THEMES.get(value, value)


# --- HCPC activity types ---------------------------------------------------


class HcpcType(StrEnum):
    """The five activity types the HCPC lists in its CPD standards."""

    WORK_BASED = "work-based"
    PROFESSIONAL = "professional"
    FORMAL = "formal"
    SELF_DIRECTED = "self-directed"
    OTHER = "other"


HCPC_TYPE_LABELS: dict[HcpcType, str] = {
    HcpcType.WORK_BASED: "Work-based learning",
    HcpcType.PROFESSIONAL: "Professional activity",
    HcpcType.FORMAL: "Formal / educational",
    HcpcType.SELF_DIRECTED: "Self-directed learning",
    HcpcType.OTHER: "Other",
}

_HCPC_ALIASES: dict[str, HcpcType] = {
    "work": HcpcType.WORK_BASED,
    "work-based-learning": HcpcType.WORK_BASED,
    "workbased": HcpcType.WORK_BASED,
    "professional-activity": HcpcType.PROFESSIONAL,
    "formal-educational": HcpcType.FORMAL,
    "formal/educational": HcpcType.FORMAL,
    "educational": HcpcType.FORMAL,
    "education": HcpcType.FORMAL,
    "self": HcpcType.SELF_DIRECTED,
    "self-directed-learning": HcpcType.SELF_DIRECTED,
    "selfdirected": HcpcType.SELF_DIRECTED,
}


def parse_hcpc_type(text: str) -> HcpcType:
    """An HCPC activity type from its value, label, an alias or a unique prefix."""
    word = "-".join(text.strip().lower().replace("_", " ").replace(" / ", "/").split())
    if not word:
        raise InputError("empty HCPC activity type", field="hcpc_type")
    if word in _HCPC_ALIASES:
        return _HCPC_ALIASES[word]
    for kind, label in HCPC_TYPE_LABELS.items():
        if word == "-".join(label.lower().replace(" / ", "/").split()):
            return kind
    unknown = InputError(
        f"unknown HCPC activity type {text!r}",
        field="hcpc_type",
        hint="use work-based, professional, formal, self-directed or other",
    )
    return by_prefix(HcpcType, word, unknown)


# --- defaults derived from the activity ------------------------------------

_SOCIAL_CHANNELS = frozenset({"x", "linkedin", "bluesky", "mastodon", "forum"})

_OFFLINE_METHODS: dict[str, str] = {
    "conference": "Conference",
    "event": "Event or workshop",
    "meeting": "Meeting with peers",
    "in-person": "Peer discussion (in person)",
    "phone": "Peer discussion (call)",
    "video-call": "Peer discussion (video call)",
    "email": "Correspondence with peers",
}

_CHANNEL_HCPC: dict[str, HcpcType] = {
    "conference": HcpcType.FORMAL,
    "event": HcpcType.FORMAL,
    "meeting": HcpcType.WORK_BASED,
    "in-person": HcpcType.WORK_BASED,
    "phone": HcpcType.WORK_BASED,
    "video-call": HcpcType.WORK_BASED,
    "email": HcpcType.WORK_BASED,
}


def default_method(activity: Activity) -> str:
    """The CPD method an activity implies when the user gave none.

    Social platforms are read by style: talking is an online discussion,
    posting is sharing practice, reading a thread is online reading. Blogs
    are writing or reading. Known offline channels have their own method.
    """
    channel, style = activity.channel, activity.style
    if channel in _OFFLINE_METHODS:
        return _OFFLINE_METHODS[channel]
    if channel == "blog":
        return "Reading (blogs)" if style is Style.LISTENING else "Writing (blog)"
    if channel in _SOCIAL_CHANNELS or activity.mode is Mode.ONLINE:
        return {
            Style.CONVERSATION: "Online discussion",
            Style.BROADCAST: "Sharing practice online",
            Style.LISTENING: "Online reading",
        }[style]
    return {
        Style.CONVERSATION: "Peer discussion",
        Style.BROADCAST: "Presentation or teaching",
        Style.LISTENING: "Attending a session",
    }[style]


def default_participatory(activity: Activity) -> bool:
    """Participatory means learning *with* other professionals: only a conversation is."""
    return activity.style is Style.CONVERSATION


def default_hcpc_type(activity: Activity) -> HcpcType:
    """The HCPC activity type an activity implies when the user gave none.

    Following the HCPC's own examples: conferences and writing are
    formal/educational; discussions with colleagues are work-based learning;
    presenting or sharing your work is professional activity; reading on your
    own is self-directed learning.
    """
    if activity.channel in _CHANNEL_HCPC:
        return _CHANNEL_HCPC[activity.channel]
    if activity.channel == "blog" and activity.style is Style.BROADCAST:
        return HcpcType.FORMAL
    return {
        Style.CONVERSATION: HcpcType.WORK_BASED,
        Style.BROADCAST: HcpcType.PROFESSIONAL,
        Style.LISTENING: HcpcType.SELF_DIRECTED,
    }[activity.style]


# --- hours -----------------------------------------------------------------

_TENTH = Decimal("0.1")


def hours(minutes: int) -> Decimal:
    """Minutes as hours to one decimal place, halves rounded up (ROUND_HALF_UP).

    Call it once on a *sum* of minutes: 3 rows of 20 minutes are 60 minutes,
    1.0 h. 3 minutes (0.05 h) show as 0.1 h; 2 minutes (0.0333 h) as 0.0 h.
    """
    return (Decimal(minutes) / Decimal(60)).quantize(_TENTH, rounding=ROUND_HALF_UP)


def format_hours(minutes: int) -> str:
    """``hours(minutes)`` as text, always with one decimal (``1.0``, ``12.5``)."""
    return f"{hours(minutes):.1f}"


# --- records ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CpdRecord:
    """One CPD activity as a regulator sees it, with every default filled in.

    ``participatory_is_default`` and ``hcpc_type_is_default`` remember which
    values were derived rather than chosen, so ``cpd list`` can show the user
    what to confirm. ``note`` and ``contacts`` are whatever the caller put
    there: the export passes redacted text (see :mod:`netjournal.domain.privacy`).
    """

    activity_id: str
    date: date
    minutes: int
    mode: Mode
    channel: str
    style: Style
    method: str
    topic: str
    learning: str
    practice_change: str
    standards: tuple[str, ...]
    participatory: bool
    participatory_is_default: bool
    hcpc_type: HcpcType
    hcpc_type_is_default: bool
    evidence: tuple[str, ...]
    reflect: bool
    note: str = ""
    contacts: tuple[str, ...] = ()

    @property
    def participatory_minutes(self) -> int:
        return self.minutes if self.participatory else 0

    @property
    def standard_labels(self) -> tuple[str, ...]:
        return tuple(standard_label(s) for s in self.standards)


def record_for(
    activity: Activity,
    *,
    note: str | None = None,
    contacts: Sequence[str] = (),
    cpd: CpdDetails | None = None,
) -> CpdRecord:
    """The CPD record of one activity (which must be marked CPD, or be given ``cpd``).

    ``note`` and ``cpd`` let the export pass redacted text; by default the
    activity's own note and details are used.
    """
    details = cpd if cpd is not None else activity.cpd
    if details is None:
        raise InputError(f"activity {activity.id} is not marked as CPD", field="cpd")
    hcpc_chosen = parse_hcpc_type(details.hcpc_type) if details.hcpc_type else None
    return CpdRecord(
        activity_id=activity.id,
        date=activity.date,
        minutes=activity.minutes,
        mode=activity.mode,
        channel=activity.channel,
        style=activity.style,
        method=details.method or default_method(activity),
        topic=details.topic,
        learning=details.learning,
        practice_change=details.practice_change,
        standards=details.standards,
        participatory=(
            details.participatory
            if details.participatory is not None
            else default_participatory(activity)
        ),
        participatory_is_default=details.participatory is None,
        hcpc_type=hcpc_chosen or default_hcpc_type(activity),
        hcpc_type_is_default=hcpc_chosen is None,
        evidence=details.evidence,
        reflect=details.reflect,
        note=activity.note if note is None else note,
        contacts=tuple(contacts),
    )


def cpd_records(activities: Iterable[Activity], start: date, end: date) -> list[CpdRecord]:
    """Records of the CPD activities dated ``start``..``end`` (inclusive), oldest first."""
    chosen = [a for a in activities if a.cpd is not None and start <= a.date <= end]
    chosen.sort(key=lambda a: (a.date, a.time or time.min, a.id))
    return [record_for(a) for a in chosen]


# --- NMC totals --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NmcSummary:
    """Totals of a period against the NMC revalidation requirement.

    The requirement is for three years; for a shorter period the figures are
    still compared with it, and ``covers_full_cycle`` says it is partial.
    """

    start: date
    end: date
    activities: int
    minutes: int
    participatory_minutes: int
    reflective_accounts: int

    @property
    def hours(self) -> Decimal:
        return hours(self.minutes)

    @property
    def hours_met(self) -> bool:
        return self.minutes >= NMC_REQUIRED_MINUTES

    @property
    def participatory_met(self) -> bool:
        return self.participatory_minutes >= NMC_REQUIRED_PARTICIPATORY_MINUTES

    @property
    def reflections_met(self) -> bool:
        return self.reflective_accounts >= NMC_REQUIRED_REFLECTIONS

    @property
    def covers_full_cycle(self) -> bool:
        return self.start <= cycle_start(self.end)

    def totals_json(self) -> dict[str, int | str]:
        """The period's totals as the JSON forms give them (``cpd summary``, exports)."""
        return {
            "activities": self.activities,
            "minutes": self.minutes,
            "hours": format_hours(self.minutes),
            "participatory_minutes": self.participatory_minutes,
            "participatory_hours": format_hours(self.participatory_minutes),
            "reflective_accounts": self.reflective_accounts,
        }

    def requirement_json(self) -> dict[str, int | bool]:
        """The NMC's three figures and whether the totals meet each, as JSON."""
        return {
            **nmc_requirements_json(),
            "hours_met": self.hours_met,
            "participatory_met": self.participatory_met,
            "reflections_met": self.reflections_met,
        }


def nmc_summary(records: Sequence[CpdRecord], start: date, end: date) -> NmcSummary:
    """Sum minutes and participatory minutes exactly; hours are derived once."""
    return NmcSummary(
        start=start,
        end=end,
        activities=len(records),
        minutes=sum(r.minutes for r in records),
        participatory_minutes=sum(r.participatory_minutes for r in records),
        reflective_accounts=sum(1 for r in records if r.reflect),
    )


def add_months(day: date, months: int) -> date:
    """``day`` moved by calendar months, clamped to the month's end (31 Jan + 1 → 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    next_month = date(year + (month == 12), month % 12 + 1, 1)
    last = (next_month - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def cycle_start(end: date) -> date:
    """First day of the three-year revalidation window that ends on ``end``.

    25 Nov 2026 → 26 Nov 2023: exactly three years, both ends included.
    """
    return add_months(end, -12 * NMC_CYCLE_YEARS) + timedelta(days=1)


# --- HCPC checks -------------------------------------------------------------

GAP_MONTHS = 3


@dataclass(frozen=True, slots=True)
class Gap:
    """A stretch with no CPD activity that an HCPC auditor may ask about.

    ``after`` is the date of the last CPD activity before the gap (or the
    period's start, when ``at_start``); ``before`` the next activity's date
    (or the period's end, when ``at_end``).
    """

    after: date
    before: date
    at_start: bool = False
    at_end: bool = False

    @property
    def days(self) -> int:
        return (self.before - self.after).days


def find_gaps(dates: Iterable[date], start: date, end: date, months: int = GAP_MONTHS) -> list[Gap]:
    """Gaps of ``months`` calendar months or more between CPD dates in ``start..end``.

    Two consecutive dates form a gap when the later is at least ``months``
    calendar months after the earlier (1 Jan → 1 Apr is a gap; 1 Jan → 31
    Mar is not). The period's start and end count as boundaries, so a year
    whose only CPD was in January is flagged from January to the end.
    """
    inside = sorted({d for d in dates if start <= d <= end})
    points = [start, *inside, end]
    gaps: list[Gap] = []
    for index, (earlier, later) in enumerate(pairwise(points)):
        if later >= add_months(earlier, months):
            gaps.append(
                Gap(
                    after=earlier,
                    before=later,
                    at_start=index == 0,
                    at_end=index == len(points) - 2,
                )
            )
    return gaps


@dataclass(frozen=True, slots=True)
class HcpcCheck:
    """What an HCPC CPD audit looks at in the record itself."""

    types: tuple[HcpcType, ...]
    gaps: tuple[Gap, ...]

    @property
    def has_mix(self) -> bool:
        """The HCPC standard asks for a mix: at least two different activity types."""
        return len(self.types) >= 2


def hcpc_check(records: Sequence[CpdRecord], start: date, end: date) -> HcpcCheck:
    present = {r.hcpc_type for r in records}
    return HcpcCheck(
        types=tuple(t for t in HcpcType if t in present),
        gaps=tuple(find_gaps((r.date for r in records), start, end)),
    )


def tidy_paragraphs(text: str) -> str:
    """Spaces inside each line collapsed, paragraphs kept: one blank line between them.

    A one-line answer typed as an option reads as before; a reflection
    written in an editor keeps its paragraphs.
    """
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(
        "\n".join(" ".join(line.split()) for line in p.splitlines() if line.strip())
        for p in paragraphs
        if p.strip()
    )
