"""What every command handler gets: parsed options, a lazily opened journal, output.

Kept free of heavy imports: building the parser for ``netjournal log`` must
not pull in Textual, importers or exporters.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any, TextIO

from netjournal.presentation import printable

if TYPE_CHECKING:
    from netjournal.journal import Journal


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    """Every command that prints data takes ``--json`` for scripting."""
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")


def add_channel_options(
    parser: argparse.ArgumentParser, help: str, *, required: bool = False
) -> None:
    """``--channel`` and ``--new-channel``, read alike by ``log``, ``start`` and ``conversation add``."""
    parser.add_argument("--channel", "-c", required=required, help=help)
    parser.add_argument(
        "--new-channel",
        action="store_true",
        help="--channel is a new one: keep it (needed once, then it is known)",
    )


def add_with_options(
    parser: argparse.ArgumentParser, help: str, *, required: bool = False, new: bool = True
) -> None:
    """``--with`` (repeatable, each comma-separated) and, unless ``new=False`` (``start``), ``--new``.

    The values are read by ``contact_names_given`` in ``cli/commands/activities.py``.
    """
    parser.add_argument(
        "--with",
        "-w",
        dest="contacts",
        metavar="NAME",
        action="append",
        required=required,
        help=help,
    )
    if new:
        parser.add_argument(
            "--new",
            dest="new_contacts",
            action="store_true",
            help="the --with names are new people, even if close to a known contact",
        )


def dumps_json(data: Any) -> str:
    """Pretty, UTF-8, stable key order as produced; orjson when available."""
    import orjson

    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS).decode("utf-8")


class Context:
    """Per-invocation state shared by command handlers."""

    def __init__(
        self, args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None
    ) -> None:
        self.args = args
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self._journal: Journal | None = None

    @property
    def journal(self) -> Journal:
        """The facade, opened on first use (``--data-dir`` / ``NETJOURNAL_HOME``)."""
        if self._journal is None:
            from netjournal.journal import Journal

            self._journal = Journal.open(getattr(self.args, "data_dir", None))
        return self._journal

    @journal.setter
    def journal(self, value: Journal) -> None:
        self._journal = value

    @property
    def wants_json(self) -> bool:
        return bool(getattr(self.args, "json", False))

    # Human text passes through printable() here, the one door to the
    # terminal, so no note, name or file name can send it escape sequences.
    # Commands also make each table row one line (printable on the row),
    # since only they know where a row ends; JSON needs neither.

    def emit(self, data: Any, text: str | None = None) -> None:
        """Print ``data`` as JSON with ``--json``, otherwise ``text`` (made printable)."""
        if self.wants_json:
            print(dumps_json(data), file=self.out)
        elif text is not None:
            print(printable(text, one_line=False), file=self.out)

    def say(self, text: str) -> None:
        """A human line on stdout, made printable (suppressed under ``--json``)."""
        if not self.wants_json:
            print(printable(text, one_line=False), file=self.out)

    def warn(self, text: str) -> None:
        """A human line on stderr, made printable."""
        print(f"netjournal: {printable(text, one_line=False)}", file=self.err)

    @property
    def can_ask(self) -> bool:
        """A person can answer a question: stdin is a terminal and stdout is not JSON."""
        return not self.wants_json and sys.stdin.isatty()

    def confirm(self, question: str) -> bool:
        """Ask ``question [y/N]`` on the terminal: only ``y`` or ``yes`` is a yes.

        Call it only when stdin is a terminal (:attr:`can_ask`); end of input is a no.
        """
        try:
            answer = input(f"{question} [y/N] ")
        except EOFError:
            return False
        return answer.strip().lower() in {"y", "yes"}

    def overrule(self, refusal: Exception, question: str, declined: str) -> bool:
        """After ``refusal`` stopped a change: may it go ahead anyway?

        Asks ``question`` when a person can answer (:attr:`can_ask`); otherwise
        ``refusal`` is raised again, to end the command with its message. On a
        no, says ``declined`` and returns ``False``.
        """
        if not self.can_ask:
            raise refusal
        if self.confirm(question):
            return True
        self.say(declined)
        return False

    def progress(self, label: str) -> Any:
        """A ``(done, total)`` callback that draws progress on stderr when it is a TTY."""
        stream = self.err
        if not stream.isatty():
            return lambda done, total: None

        def report(done: int, total: int) -> None:
            pct = 100 * done // total if total else 100
            end = "\n" if done >= total else ""
            print(f"\r{label}: {done}/{total} ({pct}%)", end=end, file=stream, flush=True)

        return report
