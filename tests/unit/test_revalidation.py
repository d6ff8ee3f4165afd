"""The NMC revalidation picture: the window, what counts, what is missing, the PIN."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from netjournal.domain.cpd import (
    NMC_REQUIRED_FEEDBACK,
    NMC_REQUIRED_MINUTES,
    NMC_REQUIRED_PARTICIPATORY_MINUTES,
    CpdRecord,
    HcpcType,
)
from netjournal.domain.models import Mode, Style
from netjournal.domain.revalidation import (
    Feedback,
    ReflectiveDiscussion,
    parse_nmc_pin,
    picture_text,
    revalidation_picture,
)
from netjournal.errors import InputError

RENEWAL = date(2027, 3, 31)


def record(day: date, minutes: int, *, participatory: bool = True, **kw: object) -> CpdRecord:
    base = CpdRecord(
        activity_id=f"a{day:%Y%m%d}{minutes:04d}",
        date=day,
        minutes=minutes,
        mode=Mode.ONLINE,
        channel="x",
        style=Style.CONVERSATION,
        method="online discussion",
        topic="Safe staffing",
        learning="",
        practice_change="",
        standards=(),
        participatory=participatory,
        participatory_is_default=False,
        hcpc_type=HcpcType.PROFESSIONAL,
        hcpc_type_is_default=True,
        evidence=(),
        reflect=False,
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def feedback(day: date) -> Feedback:
    return Feedback.new(f"f{day:%Y%m%d}", day, "ward manager", "Clear handovers")


def test_the_window_is_the_three_years_to_the_renewal_date() -> None:
    records = [
        record(date(2024, 3, 31), 600),  # the day before the window: not counted
        record(date(2024, 4, 1), 60),
        record(date(2026, 11, 1), 120, participatory=False),
    ]
    picture = revalidation_picture(records, {}, [], [], today=date(2026, 12, 1), renewal=RENEWAL)
    assert (picture.start, picture.end) == (date(2024, 4, 1), RENEWAL)
    assert (picture.hours.done, picture.participatory.done) == (180, 60)
    assert picture.hours.needed == NMC_REQUIRED_MINUTES
    assert picture.participatory.needed == NMC_REQUIRED_PARTICIPATORY_MINUTES
    assert picture.days_left == 120


def test_without_a_renewal_date_the_window_ends_today() -> None:
    picture = revalidation_picture([], {}, [], [], today=date(2026, 12, 1), renewal=None)
    assert picture.end == date(2026, 12, 1) and picture.days_left is None
    assert "config set revalidation-date" in picture_text(picture)


def test_a_reflective_account_is_complete_with_the_four_answers() -> None:
    done = record(
        date(2026, 1, 5),
        60,
        reflect=True,
        learning="How to debrief",
        practice_change="I debrief after every shift",
        standards=("practise",),
    )
    draft = record(date(2026, 2, 5), 60, reflect=True, topic="", learning="Something")
    picture = revalidation_picture(
        [done, draft], {}, [], [], today=date(2026, 12, 1), renewal=RENEWAL
    )
    states = {a.activity_id: a for a in picture.accounts}
    assert states[done.activity_id].complete
    assert states[draft.activity_id].missing == (
        "the nature of the activity",
        "how it changed your practice",
        "how it relates to the Code",
    )
    # The "nature" answer written in the editor counts for the first question.
    with_nature = revalidation_picture(
        [draft],
        {draft.activity_id: "A peer supervision"},
        [],
        [],
        today=date(2026, 12, 1),
        renewal=RENEWAL,
    )
    assert "the nature of the activity" not in with_nature.accounts[0].missing
    assert picture.complete_accounts.done == 1
    assert "4 more complete reflective accounts (1 started: finish them)" in picture.missing()


def test_five_feedback_and_a_discussion_in_the_window_make_it_ready() -> None:
    records = [
        record(
            date(2026, 1, d),
            7 * 60,
            reflect=True,
            learning="l",
            practice_change="p",
            standards=("promote",),
        )
        for d in range(1, 6)
    ]
    notes = [feedback(date(2026, 2, d)) for d in range(1, NMC_REQUIRED_FEEDBACK + 1)]
    old = feedback(date(2023, 1, 1))  # before the window
    talk = ReflectiveDiscussion.new("d1", date(2026, 11, 1), "Sam Okafor", "12a3456e")
    picture = revalidation_picture(
        records, {}, [*notes, old], [talk], today=date(2026, 12, 1), renewal=RENEWAL
    )
    assert picture.feedback_count.done == NMC_REQUIRED_FEEDBACK
    assert picture.ready and picture.missing() == []
    assert picture.to_dict()["reflective_discussion"]["discussion"]["pin"] is None
    assert picture.to_dict(include_names=True)["reflective_discussion"]["discussion"] == {
        "id": "d1",
        "date": "2026-11-01",
        "with_name": "Sam Okafor",
        "pin": "12A3456E",
    }
    assert "Sam" not in picture_text(picture)
    assert "Sam Okafor (12A3456E)" in picture_text(picture, include_names=True)


@pytest.mark.parametrize("pin", ["12A3456E", "12a3456e", " 12A 3456E "])
def test_an_nmc_pin_is_read_in_any_case(pin: str) -> None:
    assert parse_nmc_pin(pin) == "12A3456E"


@pytest.mark.parametrize("pin", ["", "1234", "AB12345C", "12A3456", "12A34567E"])
def test_anything_else_is_not_an_nmc_pin(pin: str) -> None:
    with pytest.raises(InputError):
        parse_nmc_pin(pin)


def test_feedback_needs_a_source_and_a_summary() -> None:
    with pytest.raises(InputError):
        Feedback.new("f", date(2026, 1, 1), " ", "text")
    with pytest.raises(InputError):
        Feedback.new("f", date(2026, 1, 1), "patient", "")
    f = Feedback.new("f", date(2026, 1, 1), "patient", "kind\nwords", "act1")
    assert Feedback.from_dict(f.to_dict()) == replace(f, summary="kind words")
