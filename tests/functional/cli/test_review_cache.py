"""Reviews and lists read the derived cache, and never show what the store no longer holds.

After every kind of change a user can make from the command line (log, edit,
delete, undo, a contact's cadence, a conversation and its reply, a hand-made
duplicate across months), ``week`` and ``trends`` must print exactly what
they print with the cache deleted — the cache may only ever make them faster.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from netjournal.journal import ActivityInput, Journal
from netjournal.paths import ensure_private_dir
from tests.conftest import run_cli

COMMANDS = [
    ("week", "--json"),
    ("week", "last", "--json"),
    ("month", "--json"),
    ("trends", "--weeks", "6", "--json"),
    ("trends", "--months", "3", "--json"),
]


def ok(*args: str) -> str:
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def derived_cache() -> Path:
    """Where every command of the test keeps derived figures (set by tests/conftest.py)."""
    return Path(os.environ["NETJOURNAL_CACHE_DIR"])


def reviews() -> list[Any]:
    return [json.loads(ok(*command)) for command in COMMANDS]


def assert_cache_agrees_with_the_store(home: Path) -> list[Any]:
    """Cached figures (a second run reads only the cache) equal freshly computed ones."""
    reviews()  # fill or refresh the cache
    cached = reviews()
    assert (derived_cache() / "activity-days").is_dir()
    shutil.rmtree(derived_cache())
    fresh = reviews()
    assert cached == fresh
    return fresh


def test_every_change_through_the_cli_shows_up_in_the_cached_reviews(
    netjournal_home: Path,
) -> None:
    journal = Journal.open()
    ensure_private_dir(journal.paths.data_dir)
    journal.relationships.add_contact("Ann Lee", cadence="30", connected="2025-01-10")
    journal.activities.log(
        ActivityInput(mode="online", duration="30m", date="2026-11-23", channel="x")
    )
    journal.activities.log(ActivityInput(mode="offline", duration="1h", date="2026-10-30"))
    week, *_ = assert_cache_agrees_with_the_store(netjournal_home)
    assert [d["name"] for d in week["contacts_due"]] == ["Ann Lee"]

    ok("log", "offline", "1h", "Coffee with Ann", "--with", "Ann Lee", "-d", "2026-11-24")
    week, *_ = assert_cache_agrees_with_the_store(netjournal_home)
    assert week["offline_minutes"] == 60
    assert week["contacts_due"] == []

    listed = json.loads(ok("list", "--json"))
    coffee = next(a for a in listed if a["note"] == "Coffee with Ann")
    ok("edit", coffee["id"][:8], "--duration", "1h30")
    week, *_ = assert_cache_agrees_with_the_store(netjournal_home)
    assert week["offline_minutes"] == 90

    ok("edit", coffee["id"][:8], "--date", "2026-10-31")  # moves it to another month file
    week, _, month, *_ = assert_cache_agrees_with_the_store(netjournal_home)
    assert week["offline_minutes"] == 0
    assert month["offline_minutes"] == 0  # November's review no longer holds it

    ok("rm", coffee["id"][:8])
    ok("undo")
    assert_cache_agrees_with_the_store(netjournal_home)

    ok("contact", "edit", "Ann Lee", "--cadence", "7")
    ok("conversation", "add", "--with", "Ben Okoro", "--channel", "x", "--started", "2026-11-23")
    week, *_ = assert_cache_agrees_with_the_store(netjournal_home)
    assert week["sociability"]["conversations"] == 1
    assert week["sociability"]["my_openers_replied"] == 0

    conversations = json.loads(ok("conversation", "list", "--json"))
    ok("conversation", "reply", conversations[0]["id"][:8], "--on", "2026-11-24")
    week, *_ = assert_cache_agrees_with_the_store(netjournal_home)
    assert week["sociability"]["my_openers_replied"] == 1


def test_an_activity_left_in_two_month_files_is_counted_once(netjournal_home: Path) -> None:
    # An edit that moved an activity to another month and was killed between its
    # two writes leaves the same id in both files; readers keep the newest copy.
    journal = Journal.open()
    ensure_private_dir(journal.paths.data_dir)
    journal.activities.log(ActivityInput(mode="online", duration="45m", date="2026-11-02"))
    reviews()  # cache both months as they are
    month_dir = netjournal_home / "store" / "activities"
    november = json.loads((month_dir / "2026-11.json").read_text())
    october = {"netjournal": november["netjournal"], "activities": {}}
    for key, doc in november["activities"].items():
        october["activities"][key] = {
            **doc,
            "date": "2026-10-30",
            "updated": "2000-01-01T00:00:00+00:00",
        }
    (month_dir / "2026-10.json").write_text(json.dumps(october))
    (month_dir / "2026-10.json").chmod(0o600)
    trends = json.loads(ok("trends", "--weeks", "6", "--json"))
    minutes = sum(p["online_minutes"] for p in trends["points"])
    assert minutes == 45


def test_list_names_people_from_the_cache_and_follows_renames_and_deletes(
    netjournal_home: Path,
) -> None:
    ok("log", "offline", "1h", "Coffee", "--with", "Ann Lee", "--with", "Ben Okoro")
    assert json.loads(ok("list", "--json"))[0]["contacts"] == ["Ann Lee", "Ben Okoro"]
    assert (derived_cache() / "contact-names.json").is_file()
    ok("contact", "edit", "Ann Lee", "--name", "Ann Smith")
    assert json.loads(ok("list", "--json"))[0]["contacts"] == ["Ann Smith", "Ben Okoro"]
    assert "Ann Smith" in ok("list")
    ok("contact", "rm", "Ben Okoro")
    names = json.loads(ok("list", "--json"))[0]["contacts"]
    assert names[0] == "Ann Smith" and names[1].startswith("(unknown ")


def test_the_due_list_follows_the_day_and_the_default_cadence(netjournal_home: Path) -> None:
    """The current week's due list is kept for one day and one default cadence only."""
    journal = Journal.open()
    ensure_private_dir(journal.paths.data_dir)
    journal.relationships.add_contact("Ann Lee", cadence="30", connected="2025-01-10")
    journal.relationships.add_contact("Ben Okoro", connected="2026-11-24")  # no cadence of his own
    ok("log", "online", "20m", "--with", "Ann Lee", "-d", "2026-10-30")
    week, *_ = assert_cache_agrees_with_the_store(netjournal_home)
    assert week["contacts_due"] == []  # 26 days since: not yet
    assert week["new_connections"] == 1

    later = {"NETJOURNAL_TODAY": "2026-12-02"}  # a week on: Ann's 30 days have lapsed

    def week_on(day: dict[str, str]) -> Any:
        result = run_cli("week", "--json", env=day)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    cached = week_on(later)
    assert [d["name"] for d in cached["contacts_due"]] == ["Ann Lee"]
    assert cached["contacts_due"][0]["overdue_days"] == 3
    assert cached["new_connections"] == 0  # Ben became known the week before
    shutil.rmtree(derived_cache())
    assert week_on(later) == cached

    ok("config", "set", "default_cadence_days", "5")  # Ben is now due too (known 8 days)
    cached = week_on(later)
    assert [d["name"] for d in cached["contacts_due"]] == ["Ann Lee", "Ben Okoro"]
    shutil.rmtree(derived_cache())
    assert week_on(later) == cached
    week, *_ = assert_cache_agrees_with_the_store(netjournal_home)  # and back to the 25th
    assert [d["name"] for d in week["contacts_due"]] == []


def _day(entry: dict[str, Any]) -> dict[str, Any]:
    """The first day's totals in a month entry of ``activity-days``."""
    return next(iter(entry["value"]["value"].values()))  # type: ignore[no-any-return]


def _set_on(value: object) -> Any:
    def craft(entry: dict[str, Any]) -> None:
        _day(entry)["on"] = value

    return craft


def _due_with_extra_key(entry: dict[str, Any]) -> None:
    entry["value"]["due"][0]["note"] = "\x1b]52;c;cGxhbnRlZA==\x07"  # a terminal escape


def _known_unsorted(entry: dict[str, Any]) -> None:
    entry["value"]["known"] = ["2026-11-24", "1999-01-01", *entry["value"]["known"]]


def _known_basic_format(entry: dict[str, Any]) -> None:
    entry["value"][0][6] = entry["value"][0][6].replace("-", "")  # 20250110: fromisoformat reads it


def _known_since_basic_format(entry: dict[str, Any]) -> None:
    first = next(iter(entry["value"]))
    entry["value"][first] = entry["value"][first].replace("-", "")


def _known_since_as_number(entry: dict[str, Any]) -> None:
    entry["value"][next(iter(entry["value"]))] = 20250110


def _replied_as_text(entry: dict[str, Any]) -> None:
    entry["value"][0][6] = "no"  # bool("no") is True


def _name_as_number(entry: dict[str, Any]) -> None:
    entry["value"][0][1] = 5


@pytest.mark.parametrize(
    ("entry", "craft"),
    [
        pytest.param("activity-days/2026-11.json", _set_on("999"), id="minutes-as-text"),
        pytest.param("activity-days/2026-11.json", _set_on(True), id="minutes-as-bool"),
        pytest.param("activity-days/2026-11.json", _set_on(999.5), id="minutes-as-float"),
        pytest.param("activity-days/2026-11.json", _set_on(2**70), id="minutes-past-int64"),
        pytest.param("contacts-today.json", _due_with_extra_key, id="due-extra-key"),
        pytest.param("contacts-today.json", _known_unsorted, id="known-unsorted"),
        pytest.param("contact-facts.json", _known_basic_format, id="date-basic-format"),
        pytest.param("contact-facts.json", _name_as_number, id="name-as-number"),
        pytest.param("known-since.json", _known_since_basic_format, id="known-basic-format"),
        pytest.param("known-since.json", _known_since_as_number, id="known-as-number"),
        pytest.param("conversation-facts/2026.json", _replied_as_text, id="flag-as-text"),
    ],
)
def test_a_crafted_entry_is_never_trusted_and_is_rebuilt(
    netjournal_home: Path, entry: str, craft: Any
) -> None:
    journal = Journal.open()
    ensure_private_dir(journal.paths.data_dir)
    journal.relationships.add_contact("Ann Lee", cadence="7", connected="2025-01-10")
    ok("log", "online", "30m", "Chat", "--with", "Ann Lee", "-d", "2026-11-02")
    ok("conversation", "add", "--with", "Ben Okoro", "--channel", "x", "--started", "2026-11-23")
    fresh = reviews()
    path = derived_cache() / entry
    data = json.loads(path.read_text())
    craft(data)
    crafted = json.dumps(data).encode()
    path.write_bytes(crafted)
    if entry == "contact-facts.json":
        # Read only to make the two entries worked out from it: make them again.
        for made_from_it in ("contacts-today.json", "known-since.json"):
            (derived_cache() / made_from_it).unlink()
    assert reviews() == fresh
    assert path.read_bytes() != crafted  # rebuilt, not kept
