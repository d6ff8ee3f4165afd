"""``netjournal contact …`` and ``netjournal conversation …``: text, JSON and bad input.

Most tests call :func:`netjournal.cli.main` in-process (fast); a few go
through the real ``python -m netjournal`` entry point to prove the wiring,
exit codes and the refusal to merge without a terminal.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from netjournal.cli import main
from tests.conftest import run_cli


def add(nj: Any, name: str, *opts: str) -> dict[str, Any]:
    data: dict[str, Any] = nj("contact", "add", name, *opts, "--json").json()
    return data


# ------------------------------------------------------------------ contact add


def test_contact_add_stores_every_field_and_prints_one_line(nj: Any) -> None:
    r = nj(
        "contact",
        "add",
        "Jane",
        "Smith",
        "--org",
        "Leeds NHS Trust",
        "--role",
        "Ward sister",
        "--x",
        "@JaneSmithRN",
        "--linkedin",
        "https://www.linkedin.com/in/jane-smith-4a1b/",
        "--bluesky",
        "jane.bsky.social",
        "--mastodon",
        "@jane@mastodon.social",
        "--email",
        "jane.smith@nhs.net",
        "--tag",
        "#Nursing",
        "--tag",
        "research",
        "--met",
        "RCN Congress 2024",
        "--notes",
        "Safe staffing",
        "--cadence",
        "4w",
        "--connected",
        "15/03/2024",
    )
    assert r.code == 0, r.err
    assert r.out.startswith("added contact ")
    assert "Jane Smith  (Ward sister, Leeds NHS Trust)  every 4w" in r.out
    [c] = nj("contact", "list", "--json").json()
    assert c["handles"] == {
        "x": "@JaneSmithRN",
        "linkedin": "https://www.linkedin.com/in/jane-smith-4a1b/",
        "bluesky": "jane.bsky.social",
        "mastodon": "@jane@mastodon.social",
        "email": "jane.smith@nhs.net",
    }
    assert (c["tags"], c["cadence_days"], c["connected_on"]) == (
        ["nursing", "research"],
        28,
        "2024-03-15",
    )
    assert (c["met"], c["notes"], c["last_contact"]) == ("RCN Congress 2024", "Safe staffing", None)


def test_contact_add_without_connected_date_joins_the_network_today(nj: Any) -> None:
    assert add(nj, "Sam Okafor")["connected_on"] == "2026-11-25"


def test_contact_add_warns_about_a_look_alike_but_still_adds_it(nj: Any) -> None:
    first = add(nj, "Jane Smith", "--x", "@janesmithrn")
    r = nj("contact", "add", "J. Smith", "--x", "https://x.com/JaneSmithRN", "--json")
    data = r.json()
    assert "possible duplicate: Jane Smith" in r.err and "same x janesmithrn" in r.err
    assert f"netjournal contact merge {first['id'][:8]} {data['id'][:8]}" in r.err
    assert data["possible_duplicates"][0]["first"]["id"] == first["id"]
    assert len(nj("contact", "list", "--json").json()) == 2


@pytest.mark.parametrize(
    ("opts", "needle"),
    [
        (["--cadence", "monthly"], "bad cadence 'monthly'"),
        (["--cadence", "0d"], "bad cadence"),
        (["--x", "not a handle"], "x 'not a handle'"),
        (["--x", "@waytoolonghandle123"], "not an X handle"),
        (["--email", "jane-at-nhs"], "not an e-mail address"),
        (["--mastodon", "@jane"], "needs the server"),
        (["--tag", "two words"], "bad tag"),
        (["--connected", "tomorrow"], "in the future"),
        (["--connected", "31/02/2026"], "31/02/2026"),
    ],
)
def test_contact_add_rejects_bad_input_in_one_line_with_exit_2(
    nj: Any, opts: list[str], needle: str
) -> None:
    r = nj("contact", "add", "Jane Smith", *opts)
    assert r.code == 2
    assert needle in r.err and r.err.count("\n") == 1 and r.err.startswith("netjournal: ")
    assert nj("contact", "list", "--json").json() == []


def test_contact_add_with_a_blank_name_is_refused(nj: Any) -> None:
    r = nj("contact", "add", "   ")
    assert (r.code, r.err.strip()) == (2, "netjournal: a contact needs a name")


# ------------------------------------------------------------------ list, due, search


def test_contact_list_text_is_sorted_by_name_and_counts(nj: Any) -> None:
    add(nj, "Zoë Adams")
    add(nj, "Dr Bola Ade")
    r = nj("contact", "list")
    lines = r.out.splitlines()
    assert [line.split("  ")[1] for line in lines[:-1]] == ["Dr Bola Ade", "Zoë Adams"]
    assert lines[-1] == "2 contacts"


def test_contact_list_search_ignores_case_and_accents(nj: Any) -> None:
    add(nj, "Zoë Adams", "--org", "Leeds")
    add(nj, "Ravi Shah", "--tag", "dementia")
    assert [c["name"] for c in nj("contact", "list", "--search", "zoe", "--json").json()] == [
        "Zoë Adams"
    ]
    assert [c["name"] for c in nj("contact", "ls", "-q", "DEMENTIA", "--json").json()] == [
        "Ravi Shah"
    ]
    assert "no contacts match 'nobody'" in nj("contact", "list", "--search", "nobody").out


def test_contact_list_due_is_most_overdue_first_with_the_arithmetic(nj: Any) -> None:
    add(nj, "Monthly Mo", "--cadence", "30d", "--connected", "2026-10-01")  # 55 days: 25 over
    add(nj, "Weekly Wes", "--cadence", "1w", "--connected", "2026-10-01")  # 55 days: 48 over
    add(nj, "Fresh Fay", "--cadence", "30d", "--connected", "2026-11-01")  # 24 days: not due
    add(nj, "No Cadence", "--connected", "2020-01-01")
    due = nj("contact", "list", "--due", "--json").json()
    assert [(d["name"], d["overdue_days"], d["days_since"]) for d in due] == [
        ("Weekly Wes", 48, 55),
        ("Monthly Mo", 25, 55),
    ]
    text = nj("contact", "list", "--due").out.splitlines()
    assert text[0].endswith(
        "Weekly Wes  48 days overdue  (every 1w; connected Thu 1 Oct 2026, 55 days ago)"
    )


def test_logging_an_activity_with_a_contact_resets_their_clock(nj: Any) -> None:
    add(nj, "Monthly Mo", "--cadence", "30d", "--connected", "2026-09-01")
    assert [d["name"] for d in nj("contact", "list", "--due", "--json").json()] == ["Monthly Mo"]
    assert (
        nj("log", "offline", "30m", "coffee", "--with", "Monthly Mo", "--date", "20/11").code == 0
    )
    assert nj("contact", "list", "--due", "--json").json() == []
    assert nj("contact", "show", "monthly", "--json").json()["last_contact"] == "2026-11-20"
    assert "nobody is due a catch-up" in nj("contact", "list", "--due").out


def test_a_conversation_resets_the_clock_too(nj: Any) -> None:
    add(nj, "Monthly Mo", "--cadence", "30d", "--connected", "2026-09-01")
    nj(
        "conversation",
        "add",
        "--with",
        "Monthly Mo",
        "--channel",
        "email",
        "--started",
        "2026-11-01",
    )
    # 2026-11-01 is 24 days ago: within the 30-day cadence
    assert nj("contact", "list", "--due", "--json").json() == []


# ------------------------------------------------------------------ show, edit, rm


def test_contact_show_lists_activities_and_conversations_with_them(nj: Any) -> None:
    add(nj, "Jane Smith", "--cadence", "1w", "--connected", "2025-01-01")
    nj(
        "log",
        "online",
        "20m",
        "thread on safe staffing",
        "--channel",
        "x",
        "--with",
        "Jane Smith",
        "--date",
        "2026-11-02",
    )
    nj(
        "conversation",
        "add",
        "--with",
        "Jane Smith",
        "--channel",
        "linkedin",
        "--started",
        "2026-11-03",
        "--by",
        "them",
        "--summary",
        "asked about my audit",
    )
    data = nj("contact", "show", "jane", "--json").json()
    assert [a["note"] for a in data["activities"]] == ["thread on safe staffing"]
    assert [c["summary"] for c in data["conversations"]] == ["asked about my audit"]
    assert data["due"]["overdue_days"] == 15  # last 2026-11-03, 22 days ago, cadence 7
    text = nj("contact", "show", "Jane Smith").out
    assert "activities (1):" in text and "thread on safe staffing" in text
    assert "conversations (1):" in text and "started by them" in text
    assert "due: 15 days overdue" in text


def test_contact_edit_changes_only_what_is_given(nj: Any) -> None:
    c = add(
        nj, "Jane Smith", "--org", "Trust A", "--x", "@jane", "--tag", "nursing", "--tag", "old"
    )
    r = nj(
        "contact",
        "edit",
        c["id"][:6],
        "--role",
        "Matron",
        "--x",
        "",
        "--email",
        "j@s.org",
        "--tag",
        "leadership",
        "--untag",
        "old",
        "--cadence",
        "none",
        "--json",
    )
    data = r.json()
    assert (data["organisation"], data["role"]) == ("Trust A", "Matron")
    assert data["handles"] == {"email": "j@s.org"}
    assert data["tags"] == ["nursing", "leadership"]
    assert data["cadence_days"] is None
    assert nj("contact", "edit", "jane", "--name", "Jane Smith-Jones").out.startswith(
        "updated contact "
    )
    assert nj("contact", "edit", "jane", "--clear-tags", "--json").json()["tags"] == []


def test_contact_show_and_edit_of_unknown_or_ambiguous_names_fail_in_one_line(nj: Any) -> None:
    add(nj, "Jane Smith")
    add(nj, "John Smith")
    r = nj("contact", "show", "nobody")
    assert (r.code, r.err.count("\n")) == (2, 1) and "no contact matches 'nobody'" in r.err
    r = nj("contact", "edit", "smith", "--role", "x")
    assert r.code == 2 and "'smith' matches 2 contacts" in r.err and "use an id prefix" in r.err


def test_contact_rm_goes_to_the_trash_and_undo_brings_it_back(nj: Any) -> None:
    c = add(nj, "Jane Smith")
    r = nj("contact", "rm", "Jane Smith")
    assert r.code == 0 and "deleted contact" in r.out and "netjournal undo" in r.out
    assert nj("contact", "list", "--json").json() == []
    assert nj("undo").code == 0
    assert [x["id"] for x in nj("contact", "list", "--json").json()] == [c["id"]]
    assert nj("contact", "rm", "Jane Smith", "--json").json()["deleted"]["id"] == c["id"]


# ------------------------------------------------------------------ dupes and merge


def test_contact_dupes_offers_merges_and_merges_nothing(nj: Any) -> None:
    a = add(nj, "Sarah Jones", "--connected", "2024-01-01")
    b = add(nj, "Sara Jones")
    add(nj, "Kim Lee", "--email", "kim@example.org")
    add(nj, "K. Lee", "--email", "KIM@example.org")
    data = nj("contact", "dupes", "--json").json()
    assert [(d["kind"], d["first"]["name"], d["second"]["name"]) for d in data] == [
        ("handle", "Kim Lee", "K. Lee"),
        ("name", "Sarah Jones", "Sara Jones"),
    ]
    assert data[1]["merge"] == f"netjournal contact merge {a['id'][:8]} {b['id'][:8]}"
    text = nj("contact", "dupes").out
    assert "same email kim@example.org" in text and "2 possible duplicates" in text
    assert len(nj("contact", "list", "--json").json()) == 4


def test_contact_dupes_with_no_look_alikes_says_so(nj: Any) -> None:
    add(nj, "Jane Smith")
    assert nj("contact", "dupes").out.strip() == "no likely duplicates"
    assert nj("contact", "dupes", "--json").json() == []


def test_contact_merge_without_yes_and_no_terminal_refuses_and_changes_nothing(nj: Any) -> None:
    add(nj, "Jane Smith", "--x", "@jane")
    add(nj, "J Smith", "--email", "j@s.org")
    r = nj("contact", "merge", "Jane Smith", "J Smith")
    assert r.code == 2
    assert "merge J Smith" in r.out and "into Jane Smith" in r.out and "goes to the trash" in r.out
    assert r.err.strip() == (
        "netjournal: not merged: stdin is not a terminal, so nothing was asked (add --yes to merge)"
    )
    assert len(nj("contact", "list", "--json").json()) == 2


def test_contact_merge_with_yes_unites_records_and_repoints_history(nj: Any) -> None:
    keep = add(nj, "Jane Smith", "--x", "@jane", "--tag", "nursing", "--connected", "2024-03-15")
    other = add(
        nj, "J Smith", "--email", "j@s.org", "--tag", "research", "--connected", "2023-01-02"
    )
    nj("log", "online", "10m", "dm", "--with", "J Smith", "--date", "2026-11-20")
    nj("log", "online", "10m", "both", "--with", "J Smith", "--with", "Jane Smith")
    nj("conversation", "add", "--with", "J Smith", "--channel", "email", "--started", "2026-11-21")
    data = nj("contact", "merge", "jane smith", other["id"][:6], "--yes", "--json").json()
    assert data["merged"] is True
    assert (data["plan"]["activities_repointed"], data["plan"]["conversations_repointed"]) == (2, 1)
    merged = data["contact"]
    assert merged["id"] == keep["id"]
    assert merged["handles"] == {"x": "@jane", "email": "j@s.org"}
    assert merged["tags"] == ["nursing", "research"]
    assert merged["connected_on"] == "2023-01-02"
    assert merged["last_contact"] == "2026-11-25"
    assert "also known as: J Smith" in merged["notes"]
    listed = nj("list", "--all", "--json").json()
    assert [a["contact_ids"] for a in listed] == [[keep["id"]], [keep["id"]]]
    [conv] = nj("conversation", "list", "--json").json()
    assert conv["contact_ids"] == [keep["id"]]
    assert [c["id"] for c in nj("contact", "list", "--json").json()] == [keep["id"]]
    assert [t["id"] for t in nj("trash", "--json").json()] == [other["id"]]


def test_merging_a_contact_into_itself_is_an_input_error(nj: Any) -> None:
    add(nj, "Jane Smith")
    r = nj("contact", "merge", "Jane Smith", "jane", "--yes")
    assert r.code == 2 and "cannot merge a contact with itself" in r.err


# ------------------------------------------------------------------ conversations


def test_conversation_add_text_json_and_new_contacts(nj: Any) -> None:
    add(nj, "Jane Smith")
    r = nj(
        "conversation",
        "add",
        "--with",
        "Jane Smith",
        "--with",
        "Tom Baker",
        "--channel",
        "Twitter",
        "--started",
        "yesterday",
        "--summary",
        "safe staffing thread",
    )
    assert r.code == 0, r.err
    assert r.out.startswith("added conversation ")
    assert "Tue 24 Nov 2026  x  with Jane Smith, Tom Baker  started by me  awaiting reply" in r.out
    assert "new contact: Tom Baker" in r.out
    data = nj(
        "conversation",
        "add",
        "-w",
        "Jane Smith",
        "-c",
        "linkedin",
        "--by",
        "them",
        "--replied-on",
        "today",
        "--started",
        "2026-11-20",
        "--json",
    ).json()
    assert data["initiated_by"] == "them" and data["replied"] is True
    assert (data["started"], data["replied_on"], data["last_date"]) == (
        "2026-11-20",
        "2026-11-25",
        "2026-11-25",
    )
    assert (data["messages_in"], data["messages_out"]) == (1, 1)
    assert data["contacts"] == ["Jane Smith"] and data["new_contacts"] == []


@pytest.mark.parametrize(
    ("opts", "needle"),
    [
        (["--channel", "x", "--by", "everyone"], "unknown initiator 'everyone'"),
        (["--channel", "!!"], "bad channel"),
        (["--channel", "x", "--started", "tomorrow"], "started date 2026-11-26 is in the future"),
        (
            ["--channel", "x", "--started", "2026-11-20", "--replied-on", "2026-11-19"],
            "before the conversation started",
        ),
        (["--channel", "x", "--started", "someday"], "someday"),
    ],
)
def test_conversation_add_rejects_bad_input_in_one_line_with_exit_2(
    nj: Any, opts: list[str], needle: str
) -> None:
    r = nj("conversation", "add", "--with", "Jane Smith", *opts)
    assert r.code == 2, r.out
    assert needle in r.err and r.err.count("\n") == 1
    assert nj("conversation", "list", "--json").json() == []


def test_conversation_add_needs_with_and_channel(nj: Any) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["conversation", "add", "--channel", "x"])
    assert exc.value.code == 2


def test_conversation_list_filters_open_and_by_contact(nj: Any) -> None:
    nj("conversation", "add", "-w", "Jane Smith", "-c", "x", "--started", "2026-11-20")
    nj("conversation", "add", "-w", "Tom Baker", "-c", "x", "--started", "2026-11-21", "--replied")
    nj(
        "conversation",
        "add",
        "-w",
        "Jane Smith",
        "-c",
        "email",
        "--started",
        "2026-11-22",
        "--replied",
    )
    every = nj("conversation", "list", "--json").json()
    assert [c["started"] for c in every] == ["2026-11-20", "2026-11-21", "2026-11-22"]
    assert [c["started"] for c in nj("conversation", "list", "--open", "--json").json()] == [
        "2026-11-20"
    ]
    jane = nj("conversation", "ls", "--with", "jane", "--json").json()
    assert [c["channel"] for c in jane] == ["x", "email"]
    text = nj("conversation", "list").out.splitlines()
    assert text[-1] == "3 conversations, 1 awaiting a reply"
    assert nj("conversation", "list", "--with", "nobody").code == 2


def test_conversation_list_when_empty_says_how_to_add_one(nj: Any) -> None:
    assert "netjournal conversation add" in nj("conversation", "list").out
    assert nj("conversation", "list", "--open").out.strip() == "no open conversations"


def test_conversation_reply_from_the_other_side_marks_it_replied(nj: Any) -> None:
    add(nj, "Jane Smith", "--connected", "2026-01-01")
    conv = nj(
        "conversation", "add", "-w", "Jane Smith", "-c", "x", "--started", "2026-11-20", "--json"
    ).json()
    data = nj("conversation", "reply", conv["id"][:6], "--on", "2026-11-22", "--json").json()
    assert (data["replied"], data["replied_on"], data["messages_in"]) == (True, "2026-11-22", 1)
    # a later message from them is counted; the first reply date is kept
    data = nj("conversation", "reply", conv["id"][:6], "--json").json()
    assert (data["replied_on"], data["last_date"], data["messages_in"]) == (
        "2026-11-22",
        "2026-11-25",
        2,
    )
    assert nj("contact", "show", "jane", "--json").json()["last_contact"] == "2026-11-25"
    r = nj("conversation", "reply", conv["id"][:6])
    assert r.code == 0 and r.out.startswith("updated ") and "replied Sun 22 Nov 2026" in r.out


def test_a_follow_up_by_the_starter_is_not_a_reply(nj: Any) -> None:
    conv = nj(
        "conversation", "add", "-w", "Jane Smith", "-c", "x", "--started", "2026-11-20", "--json"
    ).json()
    data = nj("conversation", "reply", conv["id"][:8], "--by", "me", "--json").json()
    assert (data["replied"], data["messages_out"], data["last_date"]) == (False, 2, "2026-11-25")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["zzzz"], "no conversation with id 'zzzz'"),
        (["ab"], "too short"),
        (["{id}", "--on", "2026-11-19"], "before the conversation started"),
        (["{id}", "--on", "tomorrow"], "in the future"),
        (["{id}", "--by", "nobody"], "unknown initiator"),
    ],
)
def test_conversation_reply_bad_input_is_one_line_exit_2(
    nj: Any, args: list[str], needle: str
) -> None:
    conv = nj(
        "conversation", "add", "-w", "Jane Smith", "-c", "x", "--started", "2026-11-20", "--json"
    ).json()
    r = nj("conversation", "reply", *[a.format(id=conv["id"][:8]) for a in args])
    assert r.code == 2 and needle in r.err and r.err.count("\n") == 1


def test_conversation_rm_and_undo(nj: Any) -> None:
    conv = nj("conversation", "add", "-w", "Jane Smith", "-c", "x", "--json").json()
    r = nj("conversation", "rm", conv["id"][:8])
    assert r.code == 0 and "deleted conversation" in r.out
    assert nj("conversation", "list", "--json").json() == []
    nj("undo")
    assert [c["id"] for c in nj("conversation", "list", "--json").json()] == [conv["id"]]


# ------------------------------------------------------------------ the real entry point


def test_real_entry_point_round_trip_and_merge_refusal_on_a_pipe() -> None:
    a = run_cli("contact", "add", "Jane Smith", "--x", "@jane", "--json")
    b = run_cli("contact", "add", "Jane Smyth", "--x", "jane", "--json")
    assert a.returncode == 0 and b.returncode == 0
    assert "possible duplicate" in b.stderr
    refused = run_cli("contact", "merge", "Jane Smith", "Jane Smyth", input="y\n")
    assert refused.returncode == 2 and "add --yes to merge" in refused.stderr
    done = run_cli("contact", "merge", "Jane Smith", "Jane Smyth", "--yes")
    assert done.returncode == 0 and "merged;" in done.stdout
    assert len(json.loads(run_cli("contact", "list", "--json").stdout)) == 1


def test_bare_group_commands_show_their_help() -> None:
    r = run_cli("contact")
    assert "add" in r.stdout and "dupes" in r.stdout
    r = run_cli("conversation", "--help")
    assert r.returncode == 0 and "reply" in r.stdout
