"""``netjournal search`` and ``list --search``: all history, every word, any case or accent, newest first."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import run_cli


@pytest.fixture
def journal(nj: Any) -> dict[str, str]:
    """A year of history: the oldest activity is far outside this week."""
    ids = {}
    for key, args in {
        "old": ("online", "30m", "Sepsis audit chat", "--date", "3/1/2026", "--channel", "x"),
        "mid": ("offline", "1h", "Falls huddle", "--date", "2/6/2026", "--tag", "sepsis"),
        "new": ("offline", "1h", "Ward SEPSIS audit review", "--date", "24/11/2026"),
        "cpd": (
            "online",
            "45m",
            "Webinar",
            "--date",
            "10/10/2026",
            "--cpd",
            "--topic",
            "Sépsis audit",
        ),
        "with": ("online", "20m", "Coffee", "--date", "5/5/2026", "--with", "Zoë Adams"),
    }.items():
        ids[key] = nj("log", *args, "--json").json()["id"]
    conv = nj(
        "conversation",
        "add",
        "--with",
        "Zoë Adams",
        "--channel",
        "email",
        "--started",
        "1/11/2026",
        "--summary",
        "Audit of the sepsis bundle",
        "--json",
    ).json()
    ids["conv"] = conv["id"]
    note = nj(
        "contact", "note", "Zoë Adams", "Leads the sepsis audit", "--date", "2/11/2026", "--json"
    )
    ids["note"] = note.json()["id"]
    return ids


def test_list_search_reads_all_history_newest_first(nj: Any, journal: dict[str, str]) -> None:
    found = nj("list", "--search", "sepsis audit", "--json").json()
    assert [a["id"] for a in found] == [journal["new"], journal["cpd"], journal["old"]]
    narrowed = nj(
        "list", "--search", "sepsis", "--from", "1/6/2026", "--to", "30/10/2026", "--json"
    )
    assert [a["id"] for a in narrowed.json()] == [journal["cpd"], journal["mid"]]
    assert "(all history)" in nj("list", "--search", "sepsis").out
    # Without --search, `list` still shows this week only.
    assert [a["id"] for a in nj("list", "--json").json()] == [journal["new"]]


def test_search_finds_every_kind_with_all_words_in_any_case_or_accent(
    nj: Any, journal: dict[str, str]
) -> None:
    hits = nj("search", "SEPSIS", "audit", "--json").json()
    assert [(h["kind"], h["id"]) for h in hits] == [
        ("activity", journal["new"]),
        ("contact note", journal["note"]),
        ("conversation", journal["conv"]),
        ("activity", journal["cpd"]),
        ("activity", journal["old"]),
    ]
    assert [h["id"] for h in nj("search", "zoe", "coffee", "--json").json()] == [journal["with"]]
    assert nj("search", "sepsis", "coffee", "--json").json() == []
    limited = nj("search", "sepsis", "audit", "--limit", "2", "--from", "1/11/2026", "--json")
    assert [h["id"] for h in limited.json()] == [journal["new"], journal["note"]]


def test_search_text_names_the_kind_and_an_id_that_show_accepts(
    nj: Any, journal: dict[str, str]
) -> None:
    out = nj("search", "sepsis", "audit").out.splitlines()
    assert out[0].startswith(f"activity      {journal['new'][:8]}  Tue 24 Nov 2026")
    assert any(line.startswith("contact note") and "about Zoë Adams" in line for line in out)
    assert any(line.startswith("conversation") for line in out)
    assert out[-1] == "5 hits, newest first"
    assert nj("show", journal["new"][:8], "--json").json()["id"] == journal["new"]


def test_search_refuses_what_it_cannot_use(nj: Any, journal: dict[str, str]) -> None:
    assert nj("search", "sepsis", "--from", "2/2/2026", "--to", "1/1/2026").code == 2
    assert nj("search", "sepsis", "--limit", "0").code == 2
    r = run_cli("search")
    assert r.returncode == 2 and "Traceback" not in r.stderr
