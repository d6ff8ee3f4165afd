"""``contact note`` and ``contact snooze`` through the CLI: people's stories and a quiet keep-in-touch list."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.conftest import run_cli


@pytest.fixture
def zoe(nj: Any) -> dict[str, Any]:
    data: dict[str, Any] = nj(
        "contact",
        "add",
        "Zoë Adams",
        "--notes",
        "Met at RCN congress",
        "--cadence",
        "30d",
        "--connected",
        "1/9/2026",
        "--json",
    ).json()
    return data


def test_notes_are_dated_and_listed_newest_first_with_the_old_notes_field(
    nj: Any, zoe: dict[str, Any]
) -> None:
    assert nj("contact", "note", "Zoe", "Moved to ICU", "--date", "3/11").code == 0  # UK order
    assert nj("contact", "note", "zoë adams", "Asked", "about", "sepsis", "audits").code == 0
    shown = nj("contact", "show", "Zoe", "--json").json()
    dated = [(n["date"], n["text"], n["legacy"]) for n in shown["contact_notes"]]
    # The old single notes field is a note dated the day the contact was created.
    legacy = (zoe["created"][:10], "Met at RCN congress", True)
    assert sorted(dated, reverse=True) == dated
    assert [d for d in dated if d != legacy] == [
        ("2026-11-25", "Asked about sepsis audits", False),
        ("2026-11-03", "Moved to ICU", False),
    ]
    assert legacy in dated
    text = nj("contact", "show", "Zoe").out
    assert "notes (3):" in text
    assert text.index("Asked about sepsis audits") < text.index("Moved to ICU")
    listed = nj("contact", "note", "--list", "Zoe", "--json").json()
    assert [n["text"] for n in listed] == [n["text"] for n in shown["contact_notes"]]


def test_a_future_or_empty_note_is_refused_and_nothing_is_stored(
    nj: Any, zoe: dict[str, Any], netjournal_home: Path
) -> None:
    before = (netjournal_home / "store" / "contacts.json").read_bytes()
    bad = nj("contact", "note", "Zoe", "Later", "--date", "1/12/2026")
    assert bad.code == 2 and "future" in bad.err
    assert nj("contact", "note", "Zoe").code == 2
    assert nj("contact", "note", "Nobody Known", "hello").code == 2
    assert (netjournal_home / "store" / "contacts.json").read_bytes() == before


def test_a_removed_note_comes_back_with_undo(nj: Any, zoe: dict[str, Any]) -> None:
    added = nj("contact", "note", "Zoe", "Moved to ICU", "--json").json()
    removed = nj("contact", "note", "--rm", added["id"][:8])
    assert removed.code == 0 and "undo" in removed.out
    legacy = f"{zoe['id'][:8]}-notes"
    assert nj("contact", "note", "--rm", legacy).code == 0
    assert nj("contact", "note", "--list", "Zoe", "--json").json() == []
    assert nj("contact", "show", "Zoe", "--json").json()["notes"] == ""
    assert nj("undo").code == 0 and nj("undo").code == 0
    texts = [n["text"] for n in nj("contact", "note", "--list", "Zoe", "--json").json()]
    assert sorted(texts) == ["Met at RCN congress", "Moved to ICU"]


def test_contact_notes_leave_exports_unless_names_are_included(
    nj: Any, zoe: dict[str, Any], netjournal_home: Path
) -> None:
    nj("contact", "note", "Zoe", "Going through a divorce, be kind")
    nj(
        "log",
        "offline",
        "1h",
        "Sepsis study day",
        "--with",
        "Zoë Adams",
        "--cpd",
        "--topic",
        "Sepsis",
    )
    plain = run_cli("export", "activities", "--format", "json", "-o", "-", check=True).stdout
    assert "divorce" not in plain and "RCN congress" not in plain
    assert json.loads(plain)["contacts"][0]["name"] == "Zoë Adams"
    full = run_cli(
        "export", "activities", "--format", "json", "-o", "-", "--include-names", check=True
    ).stdout
    assert "divorce" in full and "RCN congress" in full
    cpd = run_cli(
        "export", "cpd", "--from", "1/1/2026", "-o", "-", "--include-names", check=True
    ).stdout
    assert "Sepsis" in cpd and "divorce" not in cpd


def test_snooze_hides_a_due_contact_and_the_due_list_says_so(
    nj: Any, zoe: dict[str, Any], netjournal_home: Path
) -> None:
    assert "Zoë Adams" in nj("contact", "list", "--due").out
    r = nj("contact", "snooze", "Zoe", "14d")
    assert r.code == 0 and "until Wed 9 Dec 2026" in r.out
    due = nj("contact", "list", "--due")
    assert "Zoë Adams" not in due.out and "1 contact snoozed" in due.out
    assert nj("contact", "list", "--due", "--json").json() == []
    assert nj("week", "--json").json()["contacts_due"] == []
    assert nj("contact", "list", "--json").json()[0]["snoozed_until"] == "2026-12-09"
    assert "snoozed: until Wed 9 Dec 2026" in nj("contact", "show", "Zoe").out
    stored = orjson.loads((netjournal_home / "store" / "contacts.json").read_bytes())
    assert [c["snoozed_until"] for c in stored["contacts"].values()] == ["2026-12-09"]
    assert (
        nj("contact", "snooze", "Zoe", "--until", "1/1/2027", "--json").json()["snoozed_until"]
        == "2027-01-01"
    )
    assert nj("contact", "snooze", "Zoe", "--off").code == 0
    assert "Zoë Adams" in nj("contact", "list", "--due").out
    assert nj("contact", "list", "--json").json()[0]["snoozed_until"] is None


def test_bad_snoozes_are_refused(nj: Any, zoe: dict[str, Any]) -> None:
    assert nj("contact", "snooze", "Zoe", "soon").code == 2
    assert nj("contact", "snooze", "Zoe").code == 2
    assert nj("contact", "snooze", "Zoe", "--until", "1/11/2026").code == 2  # in the past
    assert nj("contact", "snooze", "Zoe", "2w", "--off").code == 2


def test_contact_note_through_the_real_entry_point(zoe: dict[str, Any]) -> None:
    added = run_cli("contact", "note", "Zoe", "Moved to ICU", "--date", "yesterday")
    assert added.returncode == 0, added.stderr
    assert "Tue 24 Nov 2026" in added.stdout
