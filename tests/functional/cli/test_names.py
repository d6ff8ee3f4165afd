"""A partial or near name never creates a contact silently; unknown channels are caught.

Issue 14, part 1. On the code before, ``--with Teresa`` made a second
person "Teresa" beside "Teresa Chinn", ``contact add`` accepted an exact
existing name, and ``--channel linkdin`` stored a new channel. Every test
here failed then.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netjournal.cli import main


def ok(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0, capsys.readouterr().err
    return capsys.readouterr().out


def contact_names(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return sorted(c["name"] for c in json.loads(ok(capsys, "contact", "list", "--json")))


def store_files(home: Path) -> dict[str, bytes]:
    store = home / "store"
    return {str(p.relative_to(store)): p.read_bytes() for p in store.rglob("*.json")}


@pytest.fixture
def teresa(capsys: pytest.CaptureFixture[str]) -> None:
    ok(capsys, "contact", "add", "Teresa", "Chinn")


@pytest.mark.parametrize("typed", ["Teresa", "Chinn", "ter chi", "Teresa Chin", "Teresa Chimn"])
def test_a_partial_or_near_name_links_the_one_contact_and_says_so(
    capsys: pytest.CaptureFixture[str], teresa: None, typed: str
) -> None:
    out = ok(capsys, "log", "online", "30m", "chat", "--with", typed)
    assert f'with Teresa Chinn (matched "{typed}")' in out
    assert "new contact" not in out
    assert contact_names(capsys) == ["Teresa Chinn"]


@pytest.mark.parametrize("typed", ["teresa chinn", "TERESA  CHINN", "Dr Teresa Chinn"])
def test_an_exact_name_links_without_comment(
    capsys: pytest.CaptureFixture[str], teresa: None, typed: str
) -> None:
    out = ok(capsys, "log", "online", "30m", "chat", "--with", typed)
    assert "with Teresa Chinn" in out and "matched" not in out
    assert contact_names(capsys) == ["Teresa Chinn"]


def test_two_candidates_refuse_list_them_and_change_nothing(
    capsys: pytest.CaptureFixture[str], netjournal_home: Path, teresa: None
) -> None:
    ok(capsys, "contact", "add", "Teresa", "Lee")
    before = store_files(netjournal_home)
    assert main(["log", "online", "30m", "chat", "--with", "Ben Davies, Teresa"]) == 2
    err = capsys.readouterr().err
    assert "Teresa Chinn (" in err and "Teresa Lee (" in err and "--new" in err
    assert store_files(netjournal_home) == before  # not even Ben Davies was added


def test_ambiguity_under_json_names_the_with_field(
    capsys: pytest.CaptureFixture[str], teresa: None
) -> None:
    ok(capsys, "contact", "add", "Teresa", "Lee")
    assert main(["log", "online", "30m", "--with", "Teresa", "--json"]) == 2
    error = json.loads(capsys.readouterr().err)["error"]
    assert error["code"] == "input" and error["field"] == "with"


def test_a_name_close_to_nobody_is_a_new_contact(
    capsys: pytest.CaptureFixture[str], teresa: None
) -> None:
    out = ok(capsys, "log", "online", "30m", "--with", "Ben Davies")
    assert "new contact: Ben Davies" in out
    assert contact_names(capsys) == ["Ben Davies", "Teresa Chinn"]


def test_new_forces_a_new_contact(capsys: pytest.CaptureFixture[str], teresa: None) -> None:
    out = ok(capsys, "log", "online", "30m", "--with", "Teresa", "--new")
    assert "new contact: Teresa" in out
    assert contact_names(capsys) == ["Teresa", "Teresa Chinn"]


def test_edit_and_conversation_add_read_names_the_same_way(
    capsys: pytest.CaptureFixture[str], teresa: None
) -> None:
    ok(capsys, "log", "online", "30m", "chat")
    activity = json.loads(ok(capsys, "list", "--json"))[0]["id"]
    out = ok(capsys, "edit", activity[:8], "--with", "Teresa")
    assert 'with Teresa Chinn (matched "Teresa")' in out
    data = json.loads(
        ok(capsys, "conversation", "add", "--with", "Chinn", "--channel", "x", "--json")
    )
    assert data["contacts"] == ["Teresa Chinn"] and data["new_contacts"] == []
    assert data["matched"][0]["typed"] == "Chinn"
    ok(capsys, "contact", "add", "Teresa", "Lee")
    assert main(["conversation", "add", "--with", "Teresa", "--channel", "x"]) == 2
    assert main(["start", "online", "--with", "Teresa"]) == 2
    assert contact_names(capsys) == ["Teresa Chinn", "Teresa Lee"]


def test_contact_add_refuses_an_exact_existing_name_unless_forced(
    capsys: pytest.CaptureFixture[str], teresa: None
) -> None:
    existing = json.loads(ok(capsys, "contact", "list", "--json"))[0]["id"]
    assert main(["contact", "add", "teresa", "chinn"]) == 2
    err = capsys.readouterr().err
    assert existing[:8] in err and "--force" in err
    ok(capsys, "contact", "add", "Teresa", "Chinn", "--force")
    assert contact_names(capsys) == ["Teresa Chinn", "Teresa Chinn"]


def test_an_unknown_channel_is_refused_with_a_did_you_mean(
    capsys: pytest.CaptureFixture[str], netjournal_home: Path
) -> None:
    ok(capsys, "log", "online", "5m", "first")
    before = store_files(netjournal_home)
    assert main(["log", "online", "30m", "--channel", "linkdin"]) == 2
    err = capsys.readouterr().err
    assert (
        'unknown channel "linkdin": did you mean linkedin? (a new channel needs --new-channel once)'
        in err
    )
    assert main(["log", "online", "30m", "--channel", "linkdin", "--json"]) == 2
    assert json.loads(capsys.readouterr().err)["error"]["field"] == "channel"
    assert store_files(netjournal_home) == before


def test_a_new_channel_needs_the_flag_once_then_is_known(
    capsys: pytest.CaptureFixture[str],
) -> None:
    ok(capsys, "log", "online", "30m", "--channel", "wenurses", "--new-channel")
    ok(capsys, "log", "online", "30m", "--channel", "wenurses")
    ok(capsys, "conversation", "add", "--with", "Ben", "--channel", "wenurses")
    assert main(["conversation", "add", "--with", "Ben", "--channel", "padlet"]) == 2
    assert main(["start", "online", "--channel", "padlet"]) == 2
    ok(capsys, "start", "online", "--channel", "padlet", "--new-channel")
    ok(capsys, "cancel")
    ok(capsys, "log", "online", "30m", "--channel", "padlet")
    channels = {a["channel"] for a in json.loads(ok(capsys, "list", "--json"))}
    assert channels == {"wenurses", "padlet"}


def test_editing_other_fields_keeps_an_imported_or_old_channel(
    capsys: pytest.CaptureFixture[str],
) -> None:
    ok(capsys, "log", "online", "30m", "--channel", "wenurses", "--new-channel")
    activity = json.loads(ok(capsys, "list", "--json"))[0]["id"]
    ok(capsys, "edit", activity[:8], "--channel", "wenurses", "--note", "still fine")


def test_conversation_add_reads_commas_as_several_people(
    capsys: pytest.CaptureFixture[str], teresa: None
) -> None:
    data = json.loads(
        ok(
            capsys,
            *("conversation", "add", "--with", "Teresa Chinn, Ben Davies", "--channel", "x"),
            "--json",
        )
    )
    assert data["contacts"] == ["Teresa Chinn", "Ben Davies"]
    assert data["new_contacts"] == ["Ben Davies"]
