"""``undo``, ``redo``, ``undo --list``, ``last``/``last~N`` and ``rm`` of several ids.

``undo`` takes back the last change of any kind, from the journal's history of
operations; it used to restore the newest trash entry whatever had happened
since, so ``undo`` right after a ``log`` brought back a contact deleted days
earlier and left the log in place.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tests.conftest import run_cli


def log(nj: Any, *args: str) -> dict[str, Any]:
    data: dict[str, Any] = nj("log", *args, "--json").json()
    return data


def ids(nj: Any) -> list[str]:
    return [a["id"] for a in nj("list", "--all", "--json").json()]


def contact_names(nj: Any) -> list[str]:
    return [c["name"] for c in nj("contact", "list", "--json").json()]


def test_undo_after_a_log_takes_back_the_log_not_an_old_deletion(nj: Any) -> None:
    nj("contact", "add", "Jane Smith")
    assert nj("contact", "rm", "Jane Smith").code == 0
    kept = log(nj, "online", "20m", "days ago")
    fresh = log(nj, "online", "30m", "just now")
    r = nj("undo")
    assert r.code == 0 and f"log {fresh['id'][:8]} online 30m" in r.out
    assert ids(nj) == [kept["id"]]
    assert contact_names(nj) == []  # the deleted contact stays deleted


def test_undo_list_shows_operations_newest_first(nj: Any) -> None:
    a = log(nj, "online", "30m", "one")
    nj("edit", a["id"][:8], "--duration", "45m")
    nj("contact", "add", "Ben Davies")
    r = nj("undo", "--list")
    lines = r.out.splitlines()
    assert re.fullmatch(r"3  \d\d \w{3} \d\d:\d\d  contact add [0-9a-f]{8} Ben Davies", lines[0])
    assert lines[1].endswith(f"edit {a['id'][:8]} online 45m")
    assert lines[2].endswith(f"log {a['id'][:8]} online 30m")
    listed = nj("undo", "--list", "--json").json()
    assert [o["number"] for o in listed] == [3, 2, 1]
    assert listed[2]["summary"] == f"log {a['id'][:8]} online 30m" and listed[2]["records"] == 1


def test_undo_of_an_edit_brings_back_the_old_values_and_redo_applies_it_again(nj: Any) -> None:
    a = log(nj, "online", "30m", "one")
    nj("edit", a["id"][:8], "--duration", "45m", "--note", "changed")
    assert nj("undo").code == 0
    shown = nj("show", a["id"][:8], "--json").json()
    assert (shown["minutes"], shown["note"]) == (30, "one")
    r = nj("redo", "--json")
    assert r.json()["redone"]["summary"].startswith("edit ")
    shown = nj("show", a["id"][:8], "--json").json()
    assert (shown["minutes"], shown["note"]) == (45, "changed")


def test_a_new_change_after_undo_clears_redo(nj: Any) -> None:
    log(nj, "online", "30m", "one")
    nj("undo")
    log(nj, "online", "10m", "two")
    r = nj("redo")
    assert r.code == 2 and r.err.startswith("netjournal: nothing to redo")


def test_undo_with_an_empty_history_refuses_in_one_line(nj: Any) -> None:
    r = nj("undo")
    assert r.code == 2 and r.err.count("\n") == 1
    assert "nothing to undo: no change has been recorded" in r.err


def test_undo_refuses_when_a_touched_record_changed_since_and_names_it(
    nj: Any, netjournal_home: Path
) -> None:
    a = log(nj, "online", "30m", "one")
    nj("edit", a["id"][:8], "--note", "edited")
    # Changed behind the history's back (by hand, or by a tool that is not netjournal).
    path = netjournal_home / "store" / "activities" / f"{a['date'][:7]}.json"
    doc = json.loads(path.read_text())
    doc["activities"][a["id"]]["note"] = "by hand"
    path.write_text(json.dumps(doc))
    before = {p.name: p.read_bytes() for p in (netjournal_home / "store").rglob("*.json")}
    r = nj("undo")
    assert r.code == 1 and r.err.count("\n") == 1
    assert f"activity {a['id'][:8]} changed since" in r.err and "nothing was changed" in r.err
    after = {p.name: p.read_bytes() for p in (netjournal_home / "store").rglob("*.json")}
    assert after == before


def test_undo_of_a_contact_merge_brings_both_back(nj: Any) -> None:
    nj("contact", "add", "Jane Smith")
    nj("contact", "add", "Jane Smith-Jones")
    call = log(nj, "online", "30m", "call", "--with", "Jane Smith-Jones")
    assert nj("contact", "merge", "Jane Smith", "Jane Smith-Jones", "--yes").code == 0
    assert contact_names(nj) == ["Jane Smith"]
    assert nj("undo").code == 0
    assert sorted(contact_names(nj)) == ["Jane Smith", "Jane Smith-Jones"]
    # the call points at Jane Smith-Jones again, as before the merge
    assert nj("show", call["id"][:8], "--json").json()["contact_ids"] == call["contact_ids"]


def test_last_and_last_tilde_n_name_activities_by_creation(nj: Any) -> None:
    first = log(nj, "online", "30m", "first", "--date", "2026-11-20")
    second = log(
        nj, "online", "20m", "second", "--date", "2026-11-02"
    )  # logged later, dated earlier
    assert nj("show", "last", "--json").json()["id"] == second["id"]
    assert nj("show", "last~1", "--json").json()["id"] == first["id"]
    assert nj("edit", "last~1", "--note", "renamed").code == 0
    assert nj("show", first["id"][:8], "--json").json()["note"] == "renamed"
    assert nj("cpd", "set", "last", "--topic", "Safeguarding").code == 0
    assert nj("show", second["id"][:8], "--json").json()["cpd"] is not None
    r = nj("show", "last~5")
    assert r.code == 2 and "not that many activities" in r.err


def test_rm_of_several_ids_is_one_undoable_operation(nj: Any) -> None:
    a = log(nj, "online", "30m", "a")
    b = log(nj, "online", "20m", "b")
    c = log(nj, "online", "10m", "c")
    r = nj("rm", a["id"][:8], "last")
    assert r.code == 0 and a["id"][:8] in r.out and c["id"][:8] in r.out
    assert ids(nj) == [b["id"]]
    assert nj("undo").code == 0
    assert sorted(ids(nj)) == sorted([a["id"], b["id"], c["id"]])


def test_rm_with_an_unknown_id_deletes_nothing(nj: Any) -> None:
    a = log(nj, "online", "30m", "a")
    b = log(nj, "online", "20m", "b")
    r = nj("rm", a["id"][:8], "ffffffff", b["id"][:8])
    assert r.code == 2 and "ffffffff" in r.err
    assert sorted(ids(nj)) == sorted([a["id"], b["id"]])


def test_undo_and_redo_through_the_real_entry_point() -> None:
    logged = json.loads(run_cli("log", "online", "30m", "x", "--json").stdout)
    r = run_cli("undo", "--json")
    assert r.returncode == 0
    undone = json.loads(r.stdout)["undone"]
    assert undone["changes"][0]["id"] == logged["id"] and undone["changes"][0]["before"] is None
    assert run_cli("redo").returncode == 0
    assert [a["id"] for a in json.loads(run_cli("list", "--json").stdout)] == [logged["id"]]
