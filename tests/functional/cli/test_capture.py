"""Capture reads what people type, in the order they type it (issue 14, part 1).

Each test here failed on the code before: notes after options were refused,
a duration typed as two words lost its second half to the note, ``--with``
did not split a comma-separated list, purposes in the article's own words
were refused, every activity defaulted to "conversation", and errors under
``--json`` were plain text.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netjournal.cli import main
from netjournal.domain.models import Purpose, Style
from netjournal.domain.timeparse import parse_duration, split_duration
from netjournal.domain.vocabulary import infer_style, parse_purpose
from tests.conftest import run_cli


def log_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["log", *args, "--json"]) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(
    "args",
    [
        ["online", "45m", "--channel", "x", "note after option"],
        ["online", "--channel", "x", "45m", "note", "after", "option"],
        ["--channel", "x", "online", "45m", "note after option"],
        ["online", "45m", "note", "--channel", "x", "after option"],
    ],
)
def test_the_note_may_come_before_between_or_after_options(
    capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    data = log_json(capsys, *args)
    assert data["note"] == "note after option"
    assert data["channel"] == "x" and data["minutes"] == 45


def test_note_after_a_time_option_through_the_real_entry_point() -> None:
    result = run_cli("log", "offline", "1h", "--at", "9am", "Ward huddle", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["note"], data["time"], data["minutes"]) == ("Ward huddle", "09:00", 60)


@pytest.mark.parametrize(
    ("words", "minutes", "note"),
    [
        (["1h", "30m", "test"], 90, "test"),
        (["1", "h", "30", "min", "test"], 90, "test"),
        (["45", "minutes", "note"], 45, "note"),
        (["2", "hours"], 120, ""),
        (["1½h", "ward", "round"], 90, "ward round"),
        (["90", "mins", "catch-up"], 90, "catch-up"),
        (["1h", "30", "people", "came"], 60, "30 people came"),
    ],
)
def test_a_duration_typed_as_several_words_is_read_whole(
    capsys: pytest.CaptureFixture[str], words: list[str], minutes: int, note: str
) -> None:
    data = log_json(capsys, "online", *words)
    assert (data["minutes"], data["note"]) == (minutes, note)


def test_a_unit_word_that_does_not_fit_is_refused_not_folded_into_the_note(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["log", "online", "45m", "hours", "note"]) == 2
    assert "cannot read duration" in capsys.readouterr().err


@given(
    hours=st.integers(min_value=0, max_value=23),
    minutes=st.integers(min_value=0, max_value=59),
    spaced=st.booleans(),
    note=st.lists(st.sampled_from(["ward", "huddle", "chat", "30", "people"]), max_size=3),
)
def test_split_duration_takes_exactly_the_duration_words(
    hours: int, minutes: int, spaced: bool, note: list[str]
) -> None:
    if hours == minutes == 0:
        return
    parts = [f"{hours}h"] if hours else []
    if minutes:
        parts += [str(minutes), "min"] if spaced else [f"{minutes}m"]
    text, rest = split_duration(parts[0], parts[1:] + note)
    assert rest == note
    assert parse_duration(text) == hours * 60 + minutes


def test_with_splits_commas_and_repeats_add(capsys: pytest.CaptureFixture[str]) -> None:
    data = log_json(
        capsys, "offline", "1h", "MDT", "--with", "Ben Davies, Chloe Iqbal", "--with", "Dan Roe"
    )
    assert data["contacts"] == ["Ben Davies", "Chloe Iqbal", "Dan Roe"]


def test_edit_with_clear_contacts_then_with_sets_the_new_list(
    capsys: pytest.CaptureFixture[str],
) -> None:
    first = log_json(capsys, "offline", "1h", "MDT", "--with", "Ben Davies, Chloe Iqbal")
    assert main(["edit", first["id"], "--clear-contacts", "--with", "Dan Roe", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["contacts"] == ["Dan Roe"]


@pytest.mark.parametrize(
    ("phrase", "purpose"),
    [
        ("source information", Purpose.SOURCE_INFORMATION),
        ("make new connections", Purpose.MAKE_CONNECTIONS),
        ("maintain existing ones", Purpose.MAINTAIN_CONNECTIONS),
        ("share what I am doing", Purpose.SHARE_WORK),
        ("Share what I’m doing", Purpose.SHARE_WORK),
        ("find others doing similar things", Purpose.FIND_SIMILAR),
        ("have assumptions challenged", Purpose.CHALLENGE_ASSUMPTIONS),
        ("have views validated", Purpose.VALIDATE_VIEWS),
        ("maintain", Purpose.MAINTAIN_CONNECTIONS),
    ],
)
def test_purposes_accept_the_articles_own_wording(phrase: str, purpose: Purpose) -> None:
    assert parse_purpose(phrase) is purpose


@pytest.mark.parametrize(
    ("args", "style"),
    [
        (["offline", "6h", "RCN congress", "--channel", "conference"], "listening"),
        (["online", "1h", "Webinar on falls", "--channel", "webinar"], "listening"),
        (["online", "20m", "Read the NICE update", "--purpose", "source"], "listening"),
        (
            ["online", "10m", "Posted our audit", "--channel", "x", "--purpose", "share"],
            "broadcast",
        ),
        (["online", "15m", "Chat", "--channel", "x", "--with", "Teresa Chinn"], "conversation"),
        (
            ["offline", "1h", "Talk at congress", "--channel", "conference", "--with", "Ann Lee"],
            "conversation",
        ),
        (
            ["offline", "1h", "Panel", "--channel", "conference", "--style", "broadcast"],
            "broadcast",
        ),
    ],
)
def test_style_is_inferred_not_defaulted(
    capsys: pytest.CaptureFixture[str], args: list[str], style: str
) -> None:
    assert log_json(capsys, *args)["style"] == style


def test_the_guessed_style_is_shown_on_confirmation(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["log", "offline", "6h", "RCN congress", "--channel", "conference"]) == 0
    out = capsys.readouterr().out
    assert "style: listening (guessed" in out and "--style" in out
    assert main(["log", "offline", "1h", "MDT", "--style", "conversation"]) == 0
    assert "guessed" not in capsys.readouterr().out


def test_infer_style_rules_in_order() -> None:
    assert infer_style("conference", Purpose.SHARE_WORK, True) is Style.CONVERSATION
    assert infer_style("conference", Purpose.SHARE_WORK, False) is Style.LISTENING
    assert infer_style("x", Purpose.BROADCAST, False) is Style.BROADCAST
    assert infer_style("x", Purpose.OTHER, False) is Style.CONVERSATION


def test_errors_under_json_are_json_on_stderr_with_the_same_exit_code(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["log", "online", "25h", "--json"]) == 2
    err = json.loads(capsys.readouterr().err)
    assert err["error"]["code"] == "input" and err["error"]["field"] == "duration"
    assert "longer than a day" in err["error"]["message"]
    assert main(["show", "nothing-like-this", "--json"]) == 2
    assert json.loads(capsys.readouterr().err)["error"]["code"] == "not_found"


def test_usage_errors_under_json_are_json_and_name_only_what_is_missing() -> None:
    result = run_cli("log", "online", "--json")
    assert result.returncode == 2
    err = json.loads(result.stderr)["error"]
    assert err["code"] == "usage"
    assert "required: duration" in err["message"] and "note" not in err["message"]
    plain = run_cli("log", "online")
    assert plain.returncode == 2 and plain.stderr.startswith("netjournal log: error:")


def test_contact_add_every_is_an_alias_of_cadence(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["contact", "add", "Ann Lee", "--every", "30d", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["cadence_days"] == 30
