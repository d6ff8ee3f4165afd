"""The NMC revalidation picture: what is done and what is still missing before renewal.

Every three years a nurse or midwife revalidates with the NMC. Besides the
practice hours (which an employer confirms, not a journal) the NMC asks for:

* hours of CPD, some of them participatory (`NMC_REQUIRED_MINUTES`, `NMC_REQUIRED_PARTICIPATORY_MINUTES`);
* five pieces of practice-related feedback;
* five written reflective accounts, each about CPD, feedback or an experience,
  and how it relates to the Code;
* a reflective discussion about those accounts with another NMC registrant.

The figures come only from the constants of :mod:`netjournal.domain.cpd`.
Feedback and the discussion are two small records of their own; the hours
and the reflective accounts come from the CPD records of the three years
that end on the renewal date (or today, until the user sets that date).

The discussion partner's name and NMC PIN go on the NMC's confirmation
form, so they are kept, but they identify a person: like names in CPD
exports they are shown only with ``--include-names``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from netjournal.domain.cpd import (
    NMC_REQUIRED_DISCUSSIONS,
    NMC_REQUIRED_FEEDBACK,
    NMC_REQUIRED_MINUTES,
    NMC_REQUIRED_PARTICIPATORY_MINUTES,
    NMC_REQUIRED_REFLECTIONS,
    CpdRecord,
    cycle_start,
    format_hours,
)
from netjournal.errors import InputError
from netjournal.presentation import plural, printable

#: ``date`` as a type where a field of that name hides it.
_Date = date

#: An NMC PIN: two digits, a letter, four digits, a letter (``12A3456E``).
_PIN = re.compile(r"^\d{2}[A-Z]\d{4}[A-Z]$")
#: How long the free text of a feedback record or a name may be.
MAX_TEXT = 2000
#: Shown instead of a name or PIN when names are not included.
WITHHELD = "(withheld; --include-names shows it)"


def parse_nmc_pin(text: str) -> str:
    """``12a3456e`` → ``12A3456E``; anything else is refused."""
    pin = text.strip().replace(" ", "").upper()
    if not _PIN.match(pin):
        raise InputError(
            f"{text!r} is not an NMC PIN (two digits, a letter, four digits, a letter: 12A3456E)",
            field="pin",
        )
    return pin


def _text(value: str, field: str, *, required: bool = True) -> str:
    text = " ".join(value.split())
    if required and not text:
        raise InputError(f"the {field} is empty", field=field)
    if len(text) > MAX_TEXT:
        raise InputError(f"the {field} is longer than {MAX_TEXT} characters", field=field)
    return text


@dataclass(frozen=True, slots=True)
class Feedback:
    """One piece of practice-related feedback: when, from whom (a role, not a name), what."""

    id: str
    date: date
    source: str
    summary: str
    activity_id: str | None = None

    @classmethod
    def new(
        cls, id: str, when: _Date, source: str, summary: str, activity_id: str | None = None
    ) -> Feedback:
        return cls(id, when, _text(source, "source"), _text(summary, "summary"), activity_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.date.isoformat(),
            "source": self.source,
            "summary": self.summary,
            "activity_id": self.activity_id,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Feedback:
        activity_id = data.get("activity_id")
        if activity_id is not None and not isinstance(activity_id, str):
            raise TypeError("activity_id must be text")
        return cls(
            id=str(data["id"]),
            date=date.fromisoformat(str(data["date"])),
            source=str(data.get("source") or ""),
            summary=str(data.get("summary") or ""),
            activity_id=activity_id,
        )


@dataclass(frozen=True, slots=True)
class ReflectiveDiscussion:
    """The reflective discussion: when, and with which NMC registrant (name and PIN)."""

    id: str
    date: date
    with_name: str
    pin: str

    @classmethod
    def new(cls, id: str, when: _Date, with_name: str, pin: str) -> ReflectiveDiscussion:
        return cls(id, when, _text(with_name, "name"), parse_nmc_pin(pin))

    def to_dict(self, *, include_names: bool = True) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.date.isoformat(),
            "with_name": self.with_name if include_names else None,
            "pin": self.pin if include_names else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReflectiveDiscussion:
        return cls(
            id=str(data["id"]),
            date=date.fromisoformat(str(data["date"])),
            with_name=str(data.get("with_name") or ""),
            pin=str(data.get("pin") or ""),
        )


@dataclass(frozen=True, slots=True)
class AccountState:
    """One activity marked for a reflective account, and what it still lacks."""

    activity_id: str
    date: date
    topic: str
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing

    def to_dict(self) -> dict[str, Any]:
        return {
            "activity_id": self.activity_id,
            "date": self.date.isoformat(),
            "topic": self.topic,
            "state": "complete" if self.complete else "draft",
            "missing": list(self.missing),
        }


def account_state(record: CpdRecord, nature: str = "") -> AccountState:
    """A reflective account is complete with the four NMC answers (nature, learning, change, Code)."""
    missing = []
    if not (nature.strip() or record.topic.strip()):
        missing.append("the nature of the activity")
    if not record.learning.strip():
        missing.append("what you learnt")
    if not record.practice_change.strip():
        missing.append("how it changed your practice")
    if not record.standards:
        missing.append("how it relates to the Code")
    return AccountState(record.activity_id, record.date, record.topic, tuple(missing))


@dataclass(frozen=True, slots=True)
class Requirement:
    """One line of the picture: ``done`` of ``needed`` (minutes for hours, else a count)."""

    name: str
    done: int
    needed: int
    unit: str  # "minutes" or "count"

    @property
    def met(self) -> bool:
        return self.done >= self.needed

    @property
    def short(self) -> int:
        return max(0, self.needed - self.done)

    def shown(self, value: int) -> str:
        return format_hours(value) if self.unit == "minutes" else str(value)

    def to_dict(self) -> dict[str, Any]:
        if self.unit == "minutes":
            return {
                "hours": float(format_hours(self.done)),
                "needed_hours": float(format_hours(self.needed)),
                "missing_hours": float(format_hours(self.short)),
                "met": self.met,
            }
        return {"done": self.done, "needed": self.needed, "missing": self.short, "met": self.met}


@dataclass(frozen=True, slots=True)
class RevalidationPicture:
    """Everything ``netjournal revalidation`` and the app's panel show."""

    today: date
    renewal: date | None
    start: date
    end: date
    hours: Requirement
    participatory: Requirement
    accounts: tuple[AccountState, ...]
    feedback: tuple[Feedback, ...]
    discussion: ReflectiveDiscussion | None

    @property
    def days_left(self) -> int | None:
        return (self.renewal - self.today).days if self.renewal else None

    @property
    def complete_accounts(self) -> Requirement:
        done = sum(1 for a in self.accounts if a.complete)
        return Requirement("reflective accounts", done, NMC_REQUIRED_REFLECTIONS, "count")

    @property
    def feedback_count(self) -> Requirement:
        return Requirement("feedback", len(self.feedback), NMC_REQUIRED_FEEDBACK, "count")

    @property
    def discussion_count(self) -> Requirement:
        done = 1 if self.discussion else 0
        return Requirement("reflective discussion", done, NMC_REQUIRED_DISCUSSIONS, "count")

    @property
    def ready(self) -> bool:
        return all(
            r.met
            for r in (
                self.hours,
                self.participatory,
                self.complete_accounts,
                self.feedback_count,
                self.discussion_count,
            )
        )

    def missing(self) -> list[str]:
        """What is still to do, one short sentence each (empty when ready)."""
        out = []
        if not self.hours.met:
            out.append(f"{format_hours(self.hours.short)} more hours of CPD")
        if not self.participatory.met:
            out.append(f"{format_hours(self.participatory.short)} more participatory hours")
        accounts = self.complete_accounts
        if not accounts.met:
            drafts = sum(1 for a in self.accounts if not a.complete)
            extra = f" ({drafts} started: finish them)" if drafts else ""
            out.append(f"{plural(accounts.short, 'more complete reflective account')}{extra}")
        if not self.feedback_count.met:
            out.append(
                plural(self.feedback_count.short, "more piece", "more pieces")
                + " of practice-related feedback"
            )
        if not self.discussion_count.met:
            out.append("a reflective discussion with another NMC registrant")
        return out

    def to_dict(self, *, include_names: bool = False) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "renewal_date": self.renewal.isoformat() if self.renewal else None,
            "days_left": self.days_left,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "hours": self.hours.to_dict(),
            "participatory_hours": self.participatory.to_dict(),
            "reflective_accounts": {
                **self.complete_accounts.to_dict(),
                "accounts": [a.to_dict() for a in self.accounts],
            },
            "feedback": {
                **self.feedback_count.to_dict(),
                "entries": [f.to_dict() for f in self.feedback],
            },
            "reflective_discussion": {
                **self.discussion_count.to_dict(),
                "discussion": (
                    self.discussion.to_dict(include_names=include_names)
                    if self.discussion
                    else None
                ),
            },
            "ready": self.ready,
            "missing": self.missing(),
        }


def revalidation_picture(
    records: Sequence[CpdRecord],
    natures: dict[str, str],
    feedback: Sequence[Feedback],
    discussions: Sequence[ReflectiveDiscussion],
    *,
    today: date,
    renewal: date | None,
) -> RevalidationPicture:
    """The picture of the three years ending on ``renewal`` (or ``today`` if it is not set).

    ``records`` are the CPD records of that window; ``natures`` the reflective
    accounts' "nature of the activity" answers by activity id. Feedback and
    discussions outside the window do not count; the newest discussion is shown.
    """
    end = renewal or today
    start = cycle_start(end)
    inside = [r for r in records if start <= r.date <= end]
    fb = tuple(sorted((f for f in feedback if start <= f.date <= end), key=lambda f: f.date))
    talks = sorted((d for d in discussions if start <= d.date <= end), key=lambda d: d.date)
    return RevalidationPicture(
        today=today,
        renewal=renewal,
        start=start,
        end=end,
        hours=Requirement("hours", sum(r.minutes for r in inside), NMC_REQUIRED_MINUTES, "minutes"),
        participatory=Requirement(
            "participatory hours",
            sum(r.participatory_minutes for r in inside),
            NMC_REQUIRED_PARTICIPATORY_MINUTES,
            "minutes",
        ),
        accounts=tuple(
            account_state(r, natures.get(r.activity_id, "")) for r in inside if r.reflect
        ),
        feedback=fb,
        discussion=talks[-1] if talks else None,
    )


def picture_text(picture: RevalidationPicture, *, include_names: bool = False) -> str:
    """The picture as text: what ``netjournal revalidation`` prints and the app shows.

    Names and notes in it pass through :func:`~netjournal.presentation.printable`.
    """
    lines = []
    if picture.renewal:
        left = picture.days_left or 0
        when = f"{left} days left" if left >= 0 else f"{-left} days ago"
        lines.append(f"Renewal {picture.renewal.isoformat()} ({when})")
    else:
        lines.append(
            "No renewal date set: counting the three years to today "
            "(netjournal config set revalidation-date DATE)"
        )
    lines.append(f"Window {picture.start.isoformat()} to {picture.end.isoformat()}")

    def mark(met: bool) -> str:
        return "✓" if met else "✗"

    hrs, part = picture.hours, picture.participatory
    lines.append(
        f"{mark(hrs.met)} CPD hours             {hrs.shown(hrs.done)} of {hrs.shown(hrs.needed)}"
    )
    lines.append(
        f"{mark(part.met)} participatory hours   {part.shown(part.done)} of {part.shown(part.needed)}"
    )
    acc = picture.complete_accounts
    lines.append(f"{mark(acc.met)} reflective accounts   {acc.done} of {acc.needed} complete")
    for a in picture.accounts:
        state = "complete" if a.complete else "draft: missing " + ", ".join(a.missing)
        lines.append(
            printable(
                f"    {a.date.isoformat()} {a.activity_id[:8]} {a.topic or '(no topic)'}: {state}"
            )
        )
    fb = picture.feedback_count
    lines.append(f"{mark(fb.met)} practice feedback     {fb.done} of {fb.needed}")
    disc = picture.discussion
    if disc is None:
        lines.append("✗ reflective discussion not recorded")
    else:
        who = f" with {disc.with_name} ({disc.pin})" if include_names else ""
        lines.append(printable(f"✓ reflective discussion {disc.date.isoformat()}{who}"))
    missing = picture.missing()
    if missing:
        lines.append("Still missing: " + "; ".join(missing))
    else:
        lines.append("Everything the NMC asks for is recorded.")
    return "\n".join(lines)
