"""Broken files are refused with a message naming the file and the line at fault.

Every case starts from a realistic fixture and damages it the way real files
get damaged: a download cut short, a spreadsheet re-saved in a legacy code
page, the wrong file for the source, or a runaway field. (That a refused
import writes nothing is checked end to end in tests/functional/cli/test_imports.py.)
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from netjournal.errors import ImportFormatError
from netjournal.importers import parser_for
from netjournal.importers.base import ImportOptions
from tests.conftest import FIXTURES, FROZEN_TODAY

OPTIONS = ImportOptions(today=FROZEN_TODAY, me="Alex Morgan")
CONNECTIONS = FIXTURES / "linkedin" / "export" / "Connections.csv"
MESSAGES = FIXTURES / "linkedin" / "export" / "messages.csv"
TWEETS = FIXTURES / "x" / "archive" / "data" / "tweets.js"
VCARD_V3 = FIXTURES / "vcard" / "contacts_v3.vcf"
VCARD_V4 = FIXTURES / "vcard" / "contacts_v4.vcf"
OUTLOOK = FIXTURES / "ics" / "outlook_export.ics"
TWO_MB = "x" * (2 * 1024 * 1024)


def line_of(text: str, needle: str) -> int:
    """1-based line of the first occurrence of ``needle``."""
    return text[: text.index(needle)].count("\n") + 1


def refused(source: str, path: Path) -> str:
    with pytest.raises(ImportFormatError) as err:
        parser_for(source)(path, OPTIONS)
    assert err.value.exit_code == 2
    message = err.value.one_line()
    assert path.name in message, message
    return message


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8", newline="")
    return path


# --- truncated ---------------------------------------------------------------------------


def test_linkedin_connections_cut_mid_row_names_the_short_row(tmp_path: Path) -> None:
    text = CONNECTIONS.read_text(encoding="utf-8")
    cut = text[: text.index("tomhughes-physio")]
    message = refused("linkedin", write(tmp_path, "Connections.csv", cut))
    assert f"line {line_of(text, 'Tom,Hughes')}: expected 7 columns, found 3" in message


def test_linkedin_messages_cut_inside_a_quoted_message_is_refused(tmp_path: Path) -> None:
    text = MESSAGES.read_text(encoding="utf-8")
    cut = text[: text.index("Speak then!")]
    message = refused("linkedin", write(tmp_path, "messages.csv", cut))
    assert re.search(r"line \d+: broken CSV \(unexpected end of data\)", message)


def test_x_tweets_cut_in_the_middle_is_refused_with_the_line(tmp_path: Path) -> None:
    text = TWEETS.read_text(encoding="utf-8")
    cut = text[: len(text) // 2]
    message = refused("x", write(tmp_path, "tweets.js", cut))
    assert re.search(r"line \d+: .*truncated", message)


def test_vcard_missing_its_last_end_names_the_unclosed_card(tmp_path: Path) -> None:
    text = VCARD_V3.read_text(encoding="utf-8")
    cut = text[: text.rindex("END:VCARD")]
    message = refused("vcard", write(tmp_path, "contacts.vcf", cut))
    last_begin = text[: text.rindex("BEGIN:VCARD")].count("\n") + 1
    assert f"line {last_begin}: the card starting here has no END:VCARD" in message


def test_calendar_cut_mid_event_names_the_unclosed_event(tmp_path: Path) -> None:
    text = OUTLOOK.read_text(encoding="utf-8")
    cut = text[: text.index("SUMMARY:RCN Congress 2026")]
    message = refused("ics", write(tmp_path, "calendar.ics", cut))
    begin = cut[: cut.rindex("BEGIN:VEVENT")].count("\n") + 1
    assert f"line {begin}: BEGIN:VEVENT is never closed" in message


# --- wrong encoding ----------------------------------------------------------------------

LEGACY = [
    ("linkedin", CONNECTIONS, "Connections.csv", "Siobhán"),
    ("vcard", VCARD_V4, "contacts.vcf", "Siobhán"),
    ("ics", OUTLOOK, "calendar.ics", "Siobhán"),
]


@pytest.mark.parametrize(("source", "fixture", "name", "first_accent"), LEGACY)
def test_a_file_resaved_in_a_legacy_code_page_is_refused_at_its_first_accent(
    tmp_path: Path, source: str, fixture: Path, name: str, first_accent: str
) -> None:
    text = fixture.read_text(encoding="utf-8")
    data = text.encode("cp1252", errors="replace")
    message = refused(source, write(tmp_path, name, data))
    assert f"line {line_of(text, first_accent)}: not UTF-8 text" in message
    assert "UTF-8" in message  # the hint says how to fix it


def test_x_archive_with_a_stray_byte_is_refused_at_that_line(tmp_path: Path) -> None:
    data = TWEETS.read_bytes()
    at = data.index(b"Morning all!")
    broken = data[:at] + b"\xff" + data[at:]
    message = refused("x", write(tmp_path, "tweets.js", broken))
    line = data[:at].count(b"\n") + 1
    assert f"line {line}: not UTF-8 text (byte 0xff)" in message


def test_a_utf16_file_with_a_bom_is_read(tmp_path: Path) -> None:
    text = CONNECTIONS.read_text(encoding="utf-8")
    utf16 = write(tmp_path, "Connections.csv", text.encode("utf-16"))
    batch = parser_for("linkedin")(utf16, OPTIONS)
    assert "Siobhán Ó Briain" in {c.name for c in batch.contacts}


# --- not the format claimed --------------------------------------------------------------

WRONG = [
    ("linkedin", VCARD_V3, r"not a LinkedIn export file"),
    ("linkedin", TWEETS, r"not a LinkedIn export file"),
    ("x", CONNECTIONS, r"line 1: not an X archive file"),
    ("vcard", OUTLOOK, r"line 1: not a vCard file"),
    ("ics", VCARD_V3, r"line 1: not an iCalendar file"),
    ("ics", CONNECTIONS, r"line 1: not an iCalendar file"),
]


@pytest.mark.parametrize(("source", "fixture", "expected"), WRONG)
def test_a_file_of_another_format_is_refused(source: str, fixture: Path, expected: str) -> None:
    assert re.search(expected, refused(source, fixture))


# --- a 2 MB field ------------------------------------------------------------------------


def _huge_message(text: str) -> str:
    return text.replace("Same here. We moved to the e-roster.", TWO_MB)


def _huge_tweet(text: str) -> str:
    data = json.loads(text.split("=", 1)[1])
    data[3]["tweet"]["full_text"] = TWO_MB
    return "window.YTD.tweets.part0 = " + json.dumps(data, indent=2)


def _huge_note(text: str) -> str:
    return text.replace("NOTE:@priya_ot on most platforms", f"NOTE:{TWO_MB}")


def _huge_description(text: str) -> str:
    return text.replace("SUMMARY:Coffee with Tom Hughes", f"DESCRIPTION:{TWO_MB}\r\nSUMMARY:Coffee")


HUGE: list[tuple[str, Path, str, Callable[[str], str]]] = [
    ("linkedin", MESSAGES, "messages.csv", _huge_message),
    ("x", TWEETS, "tweets.js", _huge_tweet),
    ("vcard", VCARD_V3, "contacts.vcf", _huge_note),
    ("ics", OUTLOOK, "calendar.ics", _huge_description),
]


@pytest.mark.parametrize(("source", "fixture", "name", "damage"), HUGE)
def test_a_two_megabyte_field_is_refused_at_its_line(
    tmp_path: Path, source: str, fixture: Path, name: str, damage: Callable[[str], str]
) -> None:
    text = damage(fixture.read_text(encoding="utf-8"))
    message = refused(source, write(tmp_path, name, text))
    expected = line_of(text, TWO_MB[:1000])
    if source == "x":  # the tweet is reported where its object starts
        expected = text[: text.index(TWO_MB)].rindex('"tweet"')
        expected = text[:expected].count("\n")
    assert re.search(rf"line {expected}: .*(longer than|characters long)", message), message
