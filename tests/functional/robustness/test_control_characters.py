"""Control characters in notes and names never reach a terminal or an export raw.

A note or a contact name holding ``ESC ] 0 ; … BEL`` (retitle the window),
``ESC [ 2 J`` (clear the screen), ``\\r`` (overwrite the line), a C1 control
or a bidi override is stored exactly as given, and every human-facing output
shows it escaped (``netjournal.presentation.printable``). Each test feeds
every control code point, or hypothesis's mixtures of them, through one
output path: the CLI's text, the CPD exports in every document format, the
activities CSV. ``--json`` keeps the text exact. The CLI runs in-process
(``main(argv)``) except for two real-process checks.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netjournal.cli import main
from netjournal.journal import Journal
from netjournal.presentation import CONTROL_CODE_POINTS

CONTROLS = frozenset(map(chr, CONTROL_CODE_POINTS))
#: Every control code point, each followed by a letter, then a Windows line end.
EVERY_CONTROL = "".join(f"{chr(cp)}x" for cp in CONTROL_CODE_POINTS) + "\r\nend"
#: Mixtures of controls and ordinary text (no comma: ``--with`` splits names on it).
MIXED = st.text(
    alphabet=st.sampled_from(sorted(CONTROLS) + list("ab é—#[]=")), min_size=1, max_size=40
)
PROPERTY = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def raw_controls(text: str, *, crlf: bool = False) -> set[str]:
    """Control characters in ``text`` other than the line ends of its layout.

    ``\n`` ends the lines of every output; ``crlf`` allows CSV's ``\r\n`` too.
    """
    if crlf:
        text = text.replace("\r\n", "\n")
    return set(text) & CONTROLS - {"\n"}


def nj(*args: str) -> tuple[int, str, str]:
    """One in-process CLI call: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def ok(*args: str) -> str:
    """Stdout of a CLI call that must succeed."""
    code, out, err = nj(*args)
    assert code == 0, err
    return out


_dirs = itertools.count()


class Seeded:
    """A journal in ``data`` whose note, names and texts all hold ``text``."""

    def __init__(self, data: Path, text: str) -> None:
        self.data = data
        self.text = text
        self.note = f"met{text}end"
        self.name = f"Ann{text}Lee"
        d = ("--data-dir", str(data))
        logged = json.loads(
            ok(*d, "log", "online", "30m", self.note, "--with", self.name, "--cpd", "--json")
        )
        self.activity = logged["id"]
        self.contact = logged["contact_ids"][0]
        ok(*d, "contact", "edit", self.contact, "--org", f"Org{text}", "--notes", f"n{text}")
        ok(*d, "contact", "edit", self.contact, "--met", f"m{text}", "--role", f"r{text}")
        ok(*d, "contact", "add", f"Bob{text}Bee", "--x", "@bob_bee")
        ok(*d, "conversation", "add", "--with", self.contact, "-c", "x", "--summary", f"s{text}")
        ok(*d, "cpd", "set", self.activity, "--topic", f"t{text}", "--learning", f"l{text}")
        ok(*d, "cpd", "set", self.activity, "--practice-change", f"p{text}", "--reflect")

    def run(self, *args: str) -> str:
        """Stdout of a command on this journal; its stderr must be printable too."""
        code, out, err = nj("--data-dir", str(self.data), *args)
        assert code == 0, err
        assert not raw_controls(err), err
        return out


@pytest.fixture(scope="module")
def every(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    """One journal holding every control code point in every text field."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NETJOURNAL_TODAY", "2026-11-25")
        yield Seeded(tmp_path_factory.mktemp("every"), EVERY_CONTROL)


TEXT_COMMANDS: list[tuple[str, ...]] = [
    ("list",),
    ("list", "--all"),
    ("show", "{activity}"),
    ("contact", "list"),
    ("contact", "list", "--search", "Ann"),
    ("contact", "show", "{contact}"),
    ("contact", "dupes"),
    ("conversation", "list"),
    ("cpd", "list", "--from", "2026-01-01"),
    ("cpd", "check", "--template", "generic", "--from", "2026-01-01"),
    ("week",),
]


def _text_outputs(journal: Seeded) -> Iterator[tuple[tuple[str, ...], str]]:
    ids = {"activity": journal.activity, "contact": journal.contact}
    for command in TEXT_COMMANDS:
        args = tuple(a.format(**ids) for a in command)
        yield args, journal.run(*args)


def _one_line_per_activity(journal: Seeded) -> None:
    out = journal.run("list").splitlines()
    assert len(out) == 2  # the activity, then the totals line
    assert out[0].startswith(journal.activity[:8])


# --- the CLI's text ------------------------------------------------------------


def test_log_prints_no_raw_control(tmp_path: Path) -> None:
    d = ("--data-dir", str(tmp_path))
    out = ok(*d, "log", "online", "30m", f"n{EVERY_CONTROL}", "--with", f"Ann{EVERY_CONTROL}")
    assert not raw_controls(out)
    assert out.startswith("logged ")
    assert "\\x1bx" in out  # shown, not hidden
    assert out.count("\n") == 3  # the activity on one line, the guessed style, the new contact


@pytest.mark.parametrize("command", TEXT_COMMANDS, ids=" ".join)
def test_every_control_is_escaped_in_cli_text(every: Seeded, command: tuple[str, ...]) -> None:
    ids = {"activity": every.activity, "contact": every.contact}
    out = every.run(*(a.format(**ids) for a in command))
    assert not raw_controls(out), command


def test_a_note_with_line_breaks_is_one_line_in_list(every: Seeded) -> None:
    _one_line_per_activity(every)


def test_errors_quoting_a_name_are_printable(every: Seeded) -> None:
    code, _, err = nj("--data-dir", str(every.data), "contact", "show", f"Nobody{EVERY_CONTROL}")
    assert code == 2
    assert err.count("\n") == 1 and not raw_controls(err)


def test_the_store_and_json_keep_the_text_exactly(every: Seeded) -> None:
    shown = json.loads(every.run("show", every.activity, "--json"))
    assert shown["note"] == every.note
    journal = Journal.open(every.data)
    assert journal.activities.get_activity(every.activity).note == every.note
    contact = journal.relationships.get_contact(every.contact)
    assert contact.notes == f"n{EVERY_CONTROL}"
    # One-line fields fold runs of whitespace as they always have; the other
    # controls are kept as given.
    unspaced = [ch for ch in EVERY_CONTROL if ch in CONTROLS and not ch.isspace()]
    cpd = journal.activities.get_activity(every.activity).cpd
    assert cpd is not None
    for text in (contact.name, contact.organisation, contact.role, cpd.topic):
        assert [ch for ch in text if ch in CONTROLS] == unspaced


@given(MIXED)
@PROPERTY
def test_property_cli_text_shows_no_raw_control(tmp_path: Path, text: str) -> None:
    journal = Seeded(tmp_path / f"d{next(_dirs)}", text)
    for args, out in _text_outputs(journal):
        assert not raw_controls(out), (args, out)
    _one_line_per_activity(journal)


# --- exports -------------------------------------------------------------------

DOCUMENT_FORMATS = ("md", "html", "csv", "pdf")


def export_text(journal: Seeded, template: str, fmt: str) -> str:
    path = journal.data / f"out-{template}.{fmt}"
    journal.run(
        "export", "cpd", "--template", template, "--format", fmt, "--include-names",
        "--from", "2026-01-01", "-o", str(path),
    )  # fmt: skip
    payload = path.read_bytes()
    if fmt != "pdf":
        return payload.decode("utf-8-sig")  # bytes decoded as they are: no newline translation
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(payload)).pages)


@pytest.mark.parametrize("fmt", DOCUMENT_FORMATS)
@pytest.mark.parametrize("template", ["nmc", "hcpc", "generic"])
def test_every_control_is_escaped_in_cpd_exports(every: Seeded, template: str, fmt: str) -> None:
    text = export_text(every, template, fmt)
    assert not raw_controls(text, crlf=fmt == "csv")
    assert "x1bx" in text  # the escape is there to see


def test_every_control_is_escaped_in_the_activities_csv(every: Seeded) -> None:
    path = every.data / "activities.csv"
    every.run("export", "activities", "-o", str(path))
    text = path.read_bytes().decode("utf-8-sig")
    assert not raw_controls(text, crlf=True)
    assert "\\x1bx" in text


def test_the_activities_json_export_keeps_the_text_exactly(every: Seeded) -> None:
    path = every.data / "activities.json"
    every.run("export", "activities", "--format", "json", "-o", str(path))
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    assert [a["note"] for a in data["activities"]] == [every.note]


@given(MIXED)
@settings(PROPERTY, max_examples=10)
def test_property_exports_show_no_raw_control(tmp_path: Path, text: str) -> None:
    journal = Seeded(tmp_path / f"d{next(_dirs)}", text)
    for fmt in DOCUMENT_FORMATS:
        assert not raw_controls(export_text(journal, "generic", fmt), crlf=fmt == "csv"), fmt
    assert not raw_controls(export_text(journal, "nmc", "md"))
    path = journal.data / "activities.csv"
    journal.run("export", "activities", "-o", str(path))
    assert not raw_controls(path.read_bytes().decode("utf-8-sig"), crlf=True)


# --- real processes ------------------------------------------------------------


def run_real(*args: str) -> tuple[str, str]:
    """``python -m netjournal ARGS`` as a terminal would get it: stdout and stderr, byte for byte."""
    done = subprocess.run(
        [sys.executable, "-m", "netjournal", *args], capture_output=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.decode("utf-8"), done.stderr.decode("utf-8")


def test_a_real_terminal_session_gets_no_escape_sequence() -> None:
    note = "hi \x1b]0;pwned\x07 \x1b[2J over\rwritten \x9b2J \u202eevil"
    for args in (
        ("log", "online", "30m", note, "--with", "Eve \x1b[31mRed"),
        ("list",),
        ("contact", "list"),
        ("contact", "show", "Eve"),
    ):
        out, err = run_real(*args)
        assert not raw_controls(out + err), args
    listed, _ = run_real("list")
    assert "\\x1b]0;pwned\\x07" in listed and "over\\x0dwritten" in listed
    assert json.loads(run_real("list", "--json")[0])[0]["note"] == note


def test_a_real_export_to_stdout_has_no_escape_sequence() -> None:
    run_real("log", "online", "1h", "talk \x1b[2J\nline two", "--cpd")
    out, _ = run_real("export", "cpd", "--template", "generic", "--format", "md", "-o", "-")
    assert not raw_controls(out)
    assert "talk \\\\x1b[2J line two" in out  # Markdown-escaped, on one line
