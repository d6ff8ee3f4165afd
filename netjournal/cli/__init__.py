"""The ``netjournal`` command: parse argv, call the facade, print text or JSON.

With no arguments it opens the TUI (Textual is imported only then). Every
command module in :mod:`netjournal.cli.commands` registers itself: a module
defines ``ORDER`` and ``register(subparsers)``, so features live in their own
files. :data:`COMMANDS` names the words each module registers, so running a
command imports and builds that module only; a word missing there still works
(the full parser is built, as for ``--help``), and a test says what to add.

Errors become one line on stderr: exit 2 for bad usage or input, 1 for data
and store problems. ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any, NoReturn

from netjournal import __version__
from netjournal.cli.context import Context
from netjournal.errors import NetjournalError
from netjournal.presentation import printable

#: The command words (aliases included) that each module in
#: :mod:`netjournal.cli.commands` registers. Kept complete and exact by
#: tests/functional/cli/test_command_index.py.
COMMANDS: dict[str, tuple[str, ...]] = {
    "activities": ("log", "list", "ls", "show", "edit", "rm", "undo", "redo", "restore", "trash"),
    "review": ("week", "month", "quarter", "year", "trends", "target"),
    "contacts": ("contact", "contacts"),
    "conversations": ("conversation", "conv"),
    "imports": ("import",),
    "cpd": ("cpd", "export"),
    "store": ("backup", "doctor", "config", "demo"),
    "merge": ("merge",),
    "serve": ("serve",),
    "timer": ("start", "status", "stop", "cancel"),
    "search": ("search", "find"),
    "revalidation": ("revalidation", "feedback"),
}

_MODULE_OF: dict[str, str] = {word: module for module, words in COMMANDS.items() for word in words}


def error_json(code: str, message: str, field: str | None = None) -> str:
    """An error as ``--json`` users read it: one JSON object on stderr.

    ``code`` is stable for scripts (``usage``, ``input``, ``not_found``,
    ``import_format``, ``store``, ``corrupt_store``, ``locked``,
    ``interrupted``, ``internal``); ``message`` is the same line a person
    would see; ``field`` names the input at fault, when one is.
    """
    import json

    return json.dumps(
        {"error": {"code": code, "message": message, "field": field}}, ensure_ascii=False
    )


def _error_code(exc: NetjournalError) -> str:
    """The stable ``code`` of a typed error: its class name in snake case, less ``Error``."""
    name = type(exc).__name__.removesuffix("Error") or "Netjournal"
    snake = "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")
    return {"netjournal": "error", "store": "store"}.get(snake, snake)


def _terminal_columns() -> int:
    """``shutil.get_terminal_size().columns``, without importing shutil.

    argparse asks for the width every time it checks an argument, and
    importing :mod:`shutil` (with bz2, lzma, fnmatch) would slow down every
    command that never prints help. Same rules: ``COLUMNS``, then the terminal, then 80.
    """
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0 and sys.__stdout__ is not None:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, sized by :func:`_terminal_columns`."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:
            width = _terminal_columns() - 2  # as argparse does
        super().__init__(prog, indent_increment, max_help_position, width)


class OneLineParser(argparse.ArgumentParser):
    #: Set for the run when ``--json`` is on the command line: usage errors are JSON too.
    json_errors = False

    """argparse, but a usage error is one line (plus exit 2), not a usage dump.

    A command's own words are parsed *intermixed*: people type the note where
    it comes to mind (``log offline 1h --at 9am Ward huddle``), and plain
    argparse stops collecting positionals at the first option and refuses
    the rest as "unrecognized arguments". A parser that has subcommands
    (``contact add``) cannot be parsed that way (argparse refuses), so only
    leaf parsers are; their subcommand word has already been consumed.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)
        self.has_subcommands = False
        self.intermixing = False
        #: Positionals that may be left out (``note``), named by their dest.
        self.optional_words: set[str] = set()

    def add_subparsers(self, **kwargs: Any) -> Any:
        self.has_subcommands = True
        return super().add_subparsers(**kwargs)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        # parse_known_intermixed_args calls parse_known_args itself, twice:
        # those inner calls must be the plain ones.
        if self.has_subcommands or self.intermixing:
            return super().parse_known_args(args, namespace)
        self.intermixing = True
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self.intermixing = False

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        action = super().add_argument(*args, **kwargs)
        if not action.option_strings and action.nargs in ("*", "?"):
            self.optional_words.add(action.dest)
        return action

    def error(self, message: str) -> NoReturn:
        required = "the following arguments are required: "
        if message.startswith(required) and self.optional_words:
            # Intermixed parsing names every positional it did not fill, even
            # the optional note; only the ones really missing are reported.
            names = [
                n for n in message[len(required) :].split(", ") if n not in self.optional_words
            ]
            message = required + ", ".join(names)
        if self.json_errors:
            self.exit(2, error_json("usage", f"{message} (see `{self.prog} --help`)") + "\n")
        self.exit(2, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def _command_module(word: str) -> ModuleType | None:
    """The module that registers command ``word``, imported; ``None`` if not indexed."""
    module = _MODULE_OF.get(word)
    if module is None:
        return None
    return importlib.import_module(f"netjournal.cli.commands.{module}")


def _command_modules() -> list[ModuleType]:
    from netjournal.cli import commands

    # A directory listing, not pkgutil: importing pkgutil and importlib.util is slow.
    folder = commands.__path__[0]
    names = sorted(
        entry.name.removesuffix(".py")
        for entry in os.scandir(folder)
        if entry.name.endswith(".py") and not entry.name.startswith("_")
    )
    mods = [importlib.import_module(f"{commands.__name__}.{name}") for name in names]
    return sorted(mods, key=lambda m: (getattr(m, "ORDER", 100), m.__name__))


class _Ignored:
    """Stands in for the parsers of commands that were not asked for.

    Every call (``add_argument``, ``add_subparsers``, ``set_defaults`` …)
    returns the same object and does nothing, so a command module's
    ``register`` runs unchanged without building dozens of parsers.
    """

    def __getattr__(self, name: str) -> Any:
        return self

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self


class _OnlyCommand:
    """A subparsers action that builds the parser of one command (name or alias) only."""

    def __init__(self, sub: argparse._SubParsersAction[OneLineParser], wanted: str) -> None:
        self._sub = sub
        self._wanted = wanted
        self.found = False

    def add_parser(self, name: str, **kwargs: Any) -> Any:
        if name == self._wanted or self._wanted in kwargs.get("aliases", ()):
            self.found = True
            return self._sub.add_parser(name, **kwargs)
        return _Ignored()


def _requested_command(argv: Sequence[str]) -> str | None:
    """The command word in ``argv``, or ``None`` when the full parser is needed.

    Top-level help, version, or no command at all need every command's
    parser (for the listing); anything else needs only the one named.
    """
    args = list(argv)
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in ("-h", "--help", "--version") or arg == "--":
            return None
        if arg == "--data-dir":
            i += 2
            continue
        if arg.startswith("-"):
            i += 1
            continue
        return arg
    return None


def build_parser(only: str | None = None) -> OneLineParser:
    """The argument parser; with ``only``, just that command's subparser is built.

    Importing every command module and building all ~50 subparsers would
    cost a short command more than its store work, so ``netjournal log``
    imports the one module that registers ``log`` (see :data:`COMMANDS`) and
    builds only ``log``'s parser. An unknown ``only`` falls back to the full
    parser, so errors and help list every command exactly as before.
    """
    parser = OneLineParser(
        prog="netjournal",
        description=(
            "A local-first journal of your online and offline professional networking: "
            "balance, reciprocity and a CPD record. Run with no command to open the app."
        ),
    )
    parser.add_argument("--version", action="version", version=f"netjournal {__version__}")
    parser.add_argument(
        "--data-dir", metavar="DIR", help="keep all data and config in DIR (or set NETJOURNAL_HOME)"
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the app on a separate demo journal (12 weeks of data)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    module = None if only is None else _command_module(only)
    if only is None or module is None:
        for each in _command_modules():
            each.register(sub)
        return parser
    target = _OnlyCommand(sub, only)
    module.register(target)
    if not target.found:
        return build_parser()
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``netjournal`` console script; returns the exit status.

    Without ``argv`` (the console script, ``python -m netjournal``) this call
    is the whole program and the process exits as soon as it returns. Then
    everything the command loaded is frozen out of the interpreter's final
    garbage collection: at exit CPython traverses and frees every object
    (modules, the store's parsed documents), which costs a short command
    about as much as its own work; the OS takes the memory back at once
    instead. Nothing waits for that collection: a command writes, syncs and
    closes its files and releases its lock before it returns. With ``argv``
    (tests, scripts) the collector is left alone.
    """
    status = _run(argv)
    if argv is None:
        gc.freeze()
    return status


def _run(argv: Sequence[str] | None) -> int:
    """Parse ``argv`` (``sys.argv`` when ``None``), run the command, turn errors into one line."""
    words = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(_requested_command(words))
    OneLineParser.json_errors = "--json" in words
    args = parser.parse_args(argv)
    ctx = Context(args)
    as_json = bool(getattr(args, "json", False))
    try:
        if args.demo:
            from netjournal.cli.commands.store import open_demo

            return open_demo(args, ctx)
        handler = getattr(args, "handler", None)
        if handler is None:
            if args.command:
                parser.parse_args([args.command, "--help"])
            from netjournal.tui import run_app

            return run_app(ctx.journal)
        from netjournal.cli.notices import show_start_notices

        show_start_notices(args, ctx)
        result: int = handler(args, ctx)
        return result
    except NetjournalError as exc:
        if args.debug:
            raise
        field = getattr(exc, "field", None)
        _report(as_json, _error_code(exc), exc.one_line(), field)
        return exc.exit_code
    except KeyboardInterrupt:
        _report(as_json, "interrupted", "interrupted; nothing half-written was kept")
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last line of defence: never a traceback
        if args.debug:
            raise
        _report(
            as_json,
            "internal",
            f"internal error: {type(exc).__name__}: {printable(str(exc))} (run with --debug for details)",
        )
        return 1


def _report(as_json: bool, code: str, message: str, field: str | None = None) -> None:
    """One line on stderr: JSON under ``--json``, words otherwise."""
    if as_json:
        print(error_json(code, message, field), file=sys.stderr)
    else:
        print(f"netjournal: {message}", file=sys.stderr)
