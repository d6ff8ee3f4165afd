"""Typed errors, turned into one-line messages only at the edge (CLI, TUI).

Deep code raises one of these with a message a user can act on; it never
prints. The CLI maps ``exit_code`` to the process exit status: 2 for bad
usage or input, 1 for data and store problems.
"""

from __future__ import annotations

from netjournal.presentation import printable


class NetjournalError(Exception):
    """Base of every error netjournal reports to a user."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def one_line(self) -> str:
        """The message as a single line, with the hint appended when there is one.

        Messages quote what the user typed or a file held, so the line is
        made :func:`~netjournal.presentation.printable` for the terminal and the app.
        """
        text = " ".join(self.message.split())
        if self.hint:
            text = f"{text} ({' '.join(self.hint.split())})"
        return printable(text)


class InputError(NetjournalError):
    """Something the user typed cannot be used; ``field`` names which input."""

    exit_code = 2

    def __init__(self, message: str, *, field: str | None = None, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.field = field


class DateOutOfRangeError(InputError):
    """A date outside the years netjournal supports (``timeparse.MIN_DATE``-``MAX_DATE``)."""


class NotFoundError(InputError):
    """An id or name the user gave matches nothing (or more than one thing)."""


class StoreError(NetjournalError):
    """The store cannot be read or written safely."""


class CorruptStoreError(StoreError):
    """A store file is not what netjournal wrote; it is left untouched."""


class LockedError(StoreError):
    """Another netjournal process holds the store lock for too long."""


class ImportFormatError(InputError):
    """An import file is malformed; the message names the file and row/line."""
