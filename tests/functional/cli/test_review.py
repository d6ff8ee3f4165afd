"""``netjournal week|month|quarter|year|trends|target`` as a user runs them (text and JSON).

The journal is filled in-process through the facade (fast); every command
under test runs as a real subprocess via ``run_cli``. Today is frozen at
Wed 25 Nov 2026 (2026-W48). The week's activities are those of
tests/unit/test_balance.py: online 150m, offline 180m, share 150/330, 1 : 1.2.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from netjournal.journal import ActivityInput, Journal
from netjournal.paths import ensure_private_dir
from tests.conftest import run_cli

WEEK_48 = [
    ActivityInput(mode="online", duration="30m", date="2026-11-23", channel="x", contacts=("Ann",)),
    ActivityInput(
        mode="online", duration="1h", date="2026-11-24", channel="linkedin", style="broadcast"
    ),
    ActivityInput(
        mode="offline",
        duration="2h",
        date="2026-11-25",
        channel="conference",
        contacts=("Ann", "Ben"),
    ),
    ActivityInput(
        mode="offline", duration="1h", date="2026-11-26", channel="in-person", style="listening"
    ),
    ActivityInput(mode="online", duration="2h", date="2026-11-29", at="23:00", channel="video"),
    ActivityInput(mode="offline", duration="1h", date="2026-11-18", channel="meeting"),
]


def fill(*inputs: ActivityInput) -> None:
    journal = Journal.open()
    ensure_private_dir(journal.paths.data_dir)
    for inp in inputs:
        journal.activities.log(inp, allow_future=True)


def ok_json(*args: str) -> Any:
    result = run_cli(*args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def ok_text(*args: str) -> str:
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_week_json_has_the_documented_figures() -> None:
    fill(*WEEK_48)
    assert run_cli("target", "set", "--online", "30-50%", "--from", "2026-01-01").returncode == 0
    data = ok_json("week")
    assert (data["week"], data["start"], data["end"]) == ("2026-W48", "2026-11-23", "2026-11-29")
    assert (data["online_minutes"], data["offline_minutes"]) == (150, 180)
    assert data["online_share"] == 0.4545 and data["ratio"] == "1 : 1.2"
    assert data["status"] == "inside" and data["status_distance"] == 0.0
    assert data["target"]["online_min_share"] == 0.3
    assert (data["conversations"], data["broadcasts"], data["listening"]) == (3, 1, 1)
    assert data["contacts_touched"] == 2
    assert data["channels"]["video-call"] == {"online_minutes": 60, "offline_minutes": 0}
    assert data["previous"]["label"] == "2026-W47" and data["previous"]["offline_minutes"] == 60
    assert data["average"]["offline_minutes"] == 15.0
    assert data["contacts_due"] == []
    assert (
        data["sociability"]["activities"] == 5
    )  # on by default (tests/functional/cli/test_review_sociability.py)
    assert data["verdict"].startswith("Balanced this week: 45.5% online (1 : 1.2)")


def test_week_text_leads_with_the_verdict_and_shows_both_target_forms() -> None:
    fill(*WEEK_48)
    run_cli("target", "set", "--ratio", "1:3", "--from", "2026-11-01")
    out = ok_text("week")
    lines = out.splitlines()
    assert lines[0] == "Week 2026-W48 · Mon 23 Nov 2026 – Sun 29 Nov 2026 (in progress)"
    assert lines[1].startswith("Online-heavy this week: 45.5% online (1 : 1.2), 15 points above")
    assert "ratio 1 : 1.2" in out
    assert "20%–30% online (ratio 1 : 4 – 1 : 2.3)" in out
    assert "above the band by 15.5 points" in out
    assert "Channels     conference 2h" in out


def test_an_empty_week_is_reported_as_such_not_as_zero_percent() -> None:
    data = ok_json("week")
    assert data["online_share"] is None and data["ratio"] is None
    assert data["status"] == "no-activity"
    assert data["verdict"] == "No networking logged yet this week."
    out = ok_text("week", "last")
    assert "No networking logged in week 2026-W47." in out
    assert "Online share       -   (no activity: nothing to divide)" in out
    assert "Status       no activity" in out


def test_week_when_accepts_labels_dates_and_offsets_including_week_53() -> None:
    fill(ActivityInput(mode="online", duration="30m", date="2027-01-01"))
    data = ok_json("week", "2026-W53")
    assert (data["start"], data["end"], data["online_minutes"]) == ("2026-12-28", "2027-01-03", 30)
    assert ok_json("week", "18/11/2026")["week"] == "2026-W47"
    assert ok_json("week", "-3")["week"] == "2026-W45"


def test_week_with_unreadable_when_exits_2_with_one_line() -> None:
    result = run_cli("week", "someday")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "someday" in result.stderr


def test_sunday_week_start_moves_the_week_and_keeps_the_label() -> None:
    fill(ActivityInput(mode="online", duration="30m", date="2026-11-22"))
    assert ok_json("week")["online_minutes"] == 0
    assert run_cli("config", "set", "week_start", "sunday").returncode == 0
    data = ok_json("week")
    assert (data["week"], data["start"], data["end"]) == ("2026-W48", "2026-11-22", "2026-11-28")
    assert data["online_minutes"] == 30


@pytest.mark.parametrize(
    ("kind", "label", "start", "end"),
    [
        ("month", "2026-11", "2026-11-01", "2026-11-30"),
        ("quarter", "2026-Q4", "2026-10-01", "2026-12-31"),
        ("year", "2026", "2026-01-01", "2026-12-31"),
    ],
)
def test_month_quarter_year_give_the_same_review(
    kind: str, label: str, start: str, end: str
) -> None:
    fill(*WEEK_48)
    data = ok_json(kind)
    assert (data["period"], data[kind], data["start"], data["end"]) == (kind, label, start, end)
    # the whole Sunday activity (both halves) is in November, Q4 and 2026
    assert (data["online_minutes"], data["offline_minutes"]) == (210, 240)


def test_target_set_by_ratio_is_shown_as_band_and_ratio() -> None:
    out = ok_text(
        "target", "set", "--ratio", "1:2", "--min-hours", "3", "--max-online-per-day", "1h30"
    )
    assert "28.3%–38.3% online (ratio 1 : 2.5 – 1 : 1.6)" in out
    data = ok_json("target", "show")
    assert (data["online_min_share"], data["online_max_share"]) == (0.2833, 0.3833)
    assert data["weekly_min_minutes"] == 180 and data["daily_max_online_minutes"] == 90
    assert data["effective_from"] == "2026-11-25"


def test_target_history_keeps_versions_and_new_parts_inherit_the_rest() -> None:
    run_cli(
        "target", "set", "--online", "30-50%", "--min-conversations", "3", "--from", "2026-01-01"
    )
    run_cli("target", "set", "--online", "40%", "--from", "2026-11-30")
    history = ok_json("target", "history")
    assert [v["effective_from"] for v in history] == ["2026-01-01", "2026-11-30"]
    assert history[0]["until"] == "2026-11-29" and history[1]["until"] is None
    assert history[1]["weekly_min_conversations"] == 3
    assert (history[1]["online_min_share"], history[1]["online_max_share"]) == (0.35, 0.45)
    run_cli("target", "set", "--online", "20-30%", "--from", "2026-11-30")
    assert len(ok_json("target", "history")) == 2
    assert ok_json("target", "show")["online_min_share"] == 0.3


def test_target_changed_mid_week_judges_from_the_next_week() -> None:
    fill(*WEEK_48)
    run_cli("target", "set", "--online", "30-50%", "--from", "2026-01-01")
    run_cli("target", "set", "--online", "0-10%")  # today, a Wednesday
    assert ok_json("week")["status"] == "inside"
    nxt = ok_json("week", "2026-11-30")
    assert nxt["target"]["online_max_share"] == 0.1 and nxt["status"] == "above"


@pytest.mark.parametrize(
    "args",
    [
        ("--online", "60-20%"),
        ("--ratio", "0:0"),
        ("--min-hours", "lots"),
        ("--max-online-per-day", "25h"),
        ("--online", "30-50%", "--ratio", "1:2"),
        (),
    ],
)
def test_target_set_rejects_bad_input_with_exit_2(args: tuple[str, ...]) -> None:
    result = run_cli("target", "set", *args)
    assert result.returncode == 2
    assert result.stderr.startswith("netjournal")
    assert ok_json("target", "history") == []


def test_trends_json_series_rolling_average_and_streaks() -> None:
    fill(
        ActivityInput(mode="online", duration="40m", date="2026-11-04"),
        ActivityInput(mode="offline", duration="1h", date="2026-11-04"),
        ActivityInput(mode="online", duration="35m", date="2026-11-11"),
        ActivityInput(mode="offline", duration="65m", date="2026-11-11"),
        ActivityInput(mode="online", duration="90m", date="2026-11-18"),
        ActivityInput(mode="offline", duration="10m", date="2026-11-18"),
    )
    run_cli("target", "set", "--online", "30-50%", "--from", "2026-01-01")
    data = ok_json("trends", "--weeks", "4")
    assert [p["label"] for p in data["points"]] == ["2026-W45", "2026-W46", "2026-W47", "2026-W48"]
    assert [p["status"] for p in data["points"]] == ["inside", "inside", "above", "no-activity"]
    assert (data["current_streak"], data["longest_streak"]) == (0, 2)
    assert data["points"][2]["rolling_online_share"] == round(165 / 300, 4)
    months = ok_json("trends", "--months", "3")
    assert [p["label"] for p in months["points"]] == ["2026-09", "2026-10", "2026-11"]


def test_trends_text_is_plain_when_not_a_terminal() -> None:
    fill(ActivityInput(mode="online", duration="1h", date="2026-11-24"))
    out = ok_text("trends", "--weeks", "3")
    assert "Trends over 3 weeks, 2026-W46 to 2026-W48" in out
    assert "####################" in out
    assert not set(out) & set("▁▂▃▄▅▆▇█░")


def test_trends_weeks_and_months_are_exclusive() -> None:
    assert run_cli("trends", "--weeks", "4", "--months", "2").returncode == 2
    assert run_cli("trends", "--weeks", "0").returncode == 2


def test_week_with_sociability_includes_the_reciprocity_summary() -> None:
    fill(*WEEK_48)
    data = ok_json("week", "--sociability")
    assert data["sociability"]["activities"] == 5
    assert data["sociability"]["contacts_touched"] == 2


def test_review_commands_do_not_import_dateutil_or_textual() -> None:
    code = (
        "import sys; from netjournal.cli import main\n"
        "for argv in (['week', '--json'], ['trends', '--weeks', '52', '--json']):\n"
        "    assert main(argv) == 0\n"
        "bad = [m for m in ('dateutil', 'textual', 'plotext') if m in sys.modules]\n"
        "print('BAD', bad) if bad else None\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout[-300:] + result.stderr[-300:]


def test_target_alone_shows_the_target_in_force_and_takes_json() -> None:
    assert ok_json("target") is None
    assert "No target in force today" in ok_text("target")
    run_cli("target", "set", "--online", "30-50%")
    assert ok_json("target")["online_max_share"] == 0.5


def test_target_set_says_which_week_it_first_judges() -> None:
    first = ok_text("target", "set", "--online", "30-50%")
    assert "It judges 2026-W48 and the weeks after." in first
    second = ok_text("target", "set", "--online", "20-30%", "--from", "2026-11-26")
    assert "2026-W48 keeps the target in force on its first day" in second
    assert "judges from 2026-W49 on" in second
    history = ok_text("target", "history")
    assert "In force from Wed 25 Nov 2026 to Wed 25 Nov 2026" in history


def test_week_due_contacts_and_new_connections_match_the_relationship_rules() -> None:
    journal = Journal.open()
    ensure_private_dir(journal.paths.data_dir)
    journal.relationships.add_contact("Old friend", cadence="30", connected="2025-01-10")
    journal.relationships.add_contact("Quiet colleague", cadence="2w", connected="2026-11-01")
    journal.relationships.add_contact("Met this week", cadence="4w", connected="2026-11-24")
    journal.relationships.add_contact("No cadence", connected="2024-05-05")
    journal.relationships.add_contact("Added today")  # connected today: a new connection this week
    journal.activities.log(
        ActivityInput(mode="online", duration="20m", date="2026-11-20", contacts=("Old friend",))
    )
    # The rule applied to each full record, not the cached list that `week` reads.
    people, clock = journal.relationships, journal.keep_in_touch
    expected_due = [d.to_json() for c in people.list_contacts() if (d := clock.due_status(c))]
    assert [d["name"] for d in expected_due] == ["Quiet colleague"]
    data = ok_json("week")
    assert data["contacts_due"] == json.loads(json.dumps(expected_due))
    assert data["new_connections"] == 2
    assert ok_json("week", "last")["contacts_due"] is None
