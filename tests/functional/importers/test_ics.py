"""iCalendar: events -> activities with real durations, recurrences, conferences, attendees."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from netjournal.domain.contact_record import Contact
from netjournal.domain.models import Activity, Mode
from netjournal.errors import ImportFormatError
from netjournal.importers.base import ImportBatch, ImportOptions
from netjournal.importers.ics import parse
from tests.conftest import FIXTURES, FROZEN_TODAY

ICS = FIXTURES / "ics"
OPTIONS = ImportOptions(today=FROZEN_TODAY)


@pytest.fixture(scope="module")
def outlook() -> ImportBatch:
    return parse(ICS / "outlook_export.ics", OPTIONS)


@pytest.fixture(scope="module")
def google() -> ImportBatch:
    return parse(ICS / "google_calendar.ics", OPTIONS)


def on(batch: ImportBatch, day: str) -> list[Activity]:
    return [a for a in batch.activities if a.date == date.fromisoformat(day)]


def names(batch: ImportBatch, activity: Activity) -> list[str]:
    by_id: dict[str, Contact] = {c.id: c for c in batch.contacts}
    return [by_id[i].name for i in activity.contact_ids]


def calendar(*events: str) -> str:
    body = "".join(f"BEGIN:VEVENT\r\n{e.strip()}\r\nEND:VEVENT\r\n" for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n{body}END:VCALENDAR\r\n"


def test_a_weekly_teams_meeting_is_expanded_up_to_today_as_online_video_calls(
    outlook: ImportBatch,
) -> None:
    huddles = [a for a in outlook.activities if a.note.startswith("Frailty network leads huddle")]
    # every Monday from 19 Oct; 2 Nov is excluded (EXDATE), 9 Nov moved to Tue 10 Nov
    assert [a.date for a in huddles] == [
        date(2026, 10, 19),
        date(2026, 10, 26),
        date(2026, 11, 10),
        date(2026, 11, 16),
        date(2026, 11, 23),
    ]
    assert {(a.mode, a.channel) for a in huddles} == {(Mode.ONLINE, "video-call")}


def test_durations_are_real_and_times_are_london_times_across_the_clock_change(
    outlook: ImportBatch,
) -> None:
    before, after = on(outlook, "2026-10-19")[0], on(outlook, "2026-10-26")[0]
    assert (before.time, before.minutes) == (time(9, 30), 30)  # BST
    assert (after.time, after.minutes) == (time(9, 30), 30)  # GMT
    moved = on(outlook, "2026-11-10")[0]
    assert (moved.time, moved.minutes) == (time(14, 0), 45)
    assert moved.note == "Frailty network leads huddle (moved to Tuesday)"


def test_each_occurrence_has_its_own_stable_source_id(outlook: ImportBatch) -> None:
    huddles = [a for a in outlook.activities if a.note.startswith("Frailty network leads huddle")]
    ids = [a.source_id or "" for a in huddles]
    assert len(set(ids)) == len(ids)
    assert ids[0].endswith(":20261019T083000Z")  # recurrence id in UTC
    assert ids == [
        a.source_id
        for a in parse(ICS / "outlook_export.ics", OPTIONS).activities
        if a.note.startswith("Frailty network leads huddle")
    ]


def test_an_in_person_meeting_is_offline_with_its_attendees_but_not_the_room_or_me(
    outlook: ImportBatch,
) -> None:
    (coffee,) = on(outlook, "2026-11-12")
    assert (coffee.mode, coffee.channel, coffee.minutes) == (Mode.OFFLINE, "meeting", 45)
    assert names(outlook, coffee) == ["Tom Hughes"]


def test_attendees_become_contacts_matched_by_email(outlook: ImportBatch) -> None:
    by_name = {c.name: c for c in outlook.contacts}
    assert set(by_name) == {"Siobhán Ó Briain", "Jane Smith", "Tom Hughes"}
    assert by_name["Jane Smith"].handles == {"email": "jane.smith@example.nhs.uk"}
    huddle = on(outlook, "2026-10-19")[0]
    assert names(outlook, huddle) == ["Siobhán Ó Briain", "Jane Smith"]


def test_a_three_day_conference_counts_the_configured_hours_on_each_day(
    outlook: ImportBatch,
) -> None:
    congress = [a for a in outlook.activities if a.note == "RCN Congress 2026"]
    assert [a.date for a in congress] == [
        date(2026, 11, 16),
        date(2026, 11, 17),
        date(2026, 11, 18),
    ]
    assert {(a.minutes, a.channel, a.mode, a.time) for a in congress} == {
        (360, "conference", Mode.OFFLINE, None)
    }
    assert len({a.source_id for a in congress}) == 3


def test_conference_hours_per_day_is_configurable() -> None:
    batch = parse(
        ICS / "outlook_export.ics", ImportOptions(today=FROZEN_TODAY, conference_hours_per_day=7.5)
    )
    assert {a.minutes for a in batch.activities if a.note == "RCN Congress 2026"} == {450}


def test_cancelled_and_future_events_are_not_imported(outlook: ImportBatch) -> None:
    notes = {a.note for a in outlook.activities}
    assert "Ethics committee (cancelled)" not in notes
    assert not any(a.date > FROZEN_TODAY for a in outlook.activities)
    assert any("after today" in w for w in outlook.warnings)


def test_an_evening_past_midnight_is_split_across_the_two_days(google: ImportBatch) -> None:
    dinner = [a for a in google.activities if a.note == "Nursing Times Awards dinner"]
    assert [(a.date, a.time, a.minutes) for a in dinner] == [
        (date(2026, 6, 28), time(19, 0), 300),
        (date(2026, 6, 29), time(0, 0), 60),
    ]
    assert {a.channel for a in dinner} == {"meeting"}  # a late dinner is not a conference


def test_a_single_all_day_event_counts_the_configured_hours(google: ImportBatch) -> None:
    (study_day,) = on(google, "2026-05-14")
    assert (study_day.minutes, study_day.channel, study_day.time) == (360, "event", None)


def test_a_new_york_evening_call_lands_on_the_next_london_day(google: ImportBatch) -> None:
    # 19:00 in New York on 10 Nov is midnight in London: 11 Nov
    (club,) = on(google, "2026-11-11")
    assert club.note == "AANP virtual journal club (October paper)"
    assert (club.time, club.minutes, club.mode) == (time(0, 0), 60, Mode.ONLINE)


def test_google_meet_is_a_video_call_and_the_calendar_owner_is_not_a_contact(
    google: ImportBatch,
) -> None:
    (chat,) = on(google, "2026-11-24")
    assert (chat.channel, chat.mode) == ("video-call", Mode.ONLINE)
    assert names(google, chat) == ["Priya Patel"]
    assert not any("alex.morgan" in c.handles.get("email", "") for c in google.contacts)


def test_an_event_i_declined_is_not_imported(google: ImportBatch) -> None:
    assert not any(a.note == "AANP virtual journal club" for a in google.activities)


def test_me_names_the_owner_when_the_calendar_cannot_tell(tmp_path: Path) -> None:
    path = tmp_path / "one.ics"
    path.write_text(
        calendar(
            "UID:1\r\nSUMMARY:1:1\r\nDTSTART:20261120T100000Z\r\nDTEND:20261120T110000Z\r\n"
            "ATTENDEE;CN=Me:mailto:me@example.org\r\nATTENDEE;CN=Ann:mailto:ann@example.org"
        ),
        encoding="utf-8",
    )
    assert len(parse(path, OPTIONS).contacts) == 2  # one event: cannot tell who is me
    mine = parse(path, ImportOptions(today=FROZEN_TODAY, me="ME@example.org"))
    assert [c.name for c in mine.contacts] == ["Ann"]


def test_an_event_without_duration_is_skipped_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "reminder.ics"
    path.write_text(calendar("UID:r1\r\nSUMMARY:Reminder\r\nDTSTART:20261120T100000Z"))
    batch = parse(path, OPTIONS)
    assert batch.activities == []
    assert any("no duration" in w and "line 4" in w for w in batch.warnings)


def test_a_duration_property_counts_like_an_end(tmp_path: Path) -> None:
    path = tmp_path / "duration.ics"
    path.write_text(
        calendar("UID:d1\r\nSUMMARY:Talk\r\nDTSTART:20261120T100000Z\r\nDURATION:PT1H30M")
    )
    (talk,) = parse(path, OPTIONS).activities
    assert talk.minutes == 90


def test_a_runaway_rule_stops_at_today(tmp_path: Path) -> None:
    path = tmp_path / "daily.ics"
    path.write_text(
        calendar(
            "UID:daily\r\nSUMMARY:Daily standup\r\nDTSTART:20261101T090000Z\r\n"
            "DTEND:20261101T091500Z\r\nRRULE:FREQ=DAILY"
        )
    )
    batch = parse(path, OPTIONS)
    assert [a.date for a in batch.activities][-1] == FROZEN_TODAY
    assert len(batch.activities) == 25


def test_a_bad_date_is_reported_on_its_own_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.ics"
    path.write_text(
        calendar(
            "UID:ok\r\nSUMMARY:Fine\r\nDTSTART:20261120T100000Z\r\nDTEND:20261120T110000Z",
            "UID:bad\r\nSUMMARY:Broken\r\nDTSTART:2026XX20T100000Z",
        )
    )
    with pytest.raises(ImportFormatError, match=r"bad\.ics, line 13: bad DTSTART"):
        parse(path, OPTIONS)


def test_a_folder_imports_every_calendar_in_it() -> None:
    batch = parse(ICS, OPTIONS)
    assert len(batch.files) == 2
    assert len(batch.activities) == len(
        parse(ICS / "outlook_export.ics", OPTIONS).activities
    ) + len(parse(ICS / "google_calendar.ics", OPTIONS).activities)


def _repeating(path: Path, rrule: str, dtstart: str = "20260105T090000Z") -> Path:
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:daily-1\r\nDTSTART:{dtstart}\r\nDURATION:PT15M\r\nRRULE:{rrule}\r\n"
        "SUMMARY:Safety huddle\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    return path


def test_an_event_repeating_past_the_per_event_cap_is_refused_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import netjournal.importers.ics as ics

    monkeypatch.setattr(ics, "MAX_OCCURRENCES_PER_EVENT", 50)
    daily = _repeating(tmp_path / "daily.ics", "FREQ=DAILY")  # ≈ 325 days up to today
    with pytest.raises(ImportFormatError, match=r"'Safety huddle' repeats more than 50 times"):
        parse(daily, OPTIONS)
    weekly = _repeating(tmp_path / "weekly.ics", "FREQ=WEEKLY")  # 47 weeks: under the cap
    assert len(parse(weekly, OPTIONS).activities) == 47


def test_counting_a_runaway_rule_stops_at_the_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dateutil.rrule

    import netjournal.importers.ics as ics

    steps = [0]
    real = dateutil.rrule.rrulestr

    def counted(*args: object, **kwargs: object) -> object:
        def occurrences() -> object:
            for moment in real(*args, **kwargs):  # type: ignore[arg-type]
                steps[0] += 1
                yield moment

        return occurrences()

    monkeypatch.setattr(dateutil.rrule, "rrulestr", counted)
    monkeypatch.setattr(ics, "MAX_OCCURRENCES_PER_EVENT", 100)
    runaway = _repeating(tmp_path / "runaway.ics", "FREQ=DAILY", dtstart="19000101T090000Z")
    with pytest.raises(ImportFormatError, match="repeats more than 100 times"):
        parse(runaway, OPTIONS)
    assert steps[0] <= 102  # not the 46,000 days since 1900
