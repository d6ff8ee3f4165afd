"""Long text in the user's own editor: ``$VISUAL``, ``$EDITOR``, or the platform's usual one.

The text goes to a private temporary file (``mkstemp``: mode 0600, a name
nobody can guess), the editor runs in the foreground, and what it saved is
read back. The file is removed whatever happens (an editor that fails, a
Ctrl-C, an error in the answers), so no note or reflection is left in the
temp folder. Saving the file empty, or unchanged, cancels: that is how
people back out of ``git commit`` too.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

from netjournal.errors import InputError, NetjournalError

#: Tried in order when neither $VISUAL nor $EDITOR is set (POSIX).
_FALLBACKS = ("sensible-editor", "editor", "nano", "vi")


class EditCancelled(NetjournalError):
    """The user saved nothing new: nothing is changed (exit 1)."""


def editor_command() -> list[str]:
    """The editor to run, as argv: ``$VISUAL``, ``$EDITOR``, then a platform default."""
    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "").strip()
        if value:
            return shlex.split(value, posix=os.name != "nt")
    if os.name == "nt":
        return ["notepad"]
    for name in _FALLBACKS:
        if shutil.which(name):
            return [name]
    raise InputError(
        "no text editor found", hint="set $EDITOR, e.g. `export EDITOR=nano`, and try again"
    )


def edit_text(initial: str, *, suffix: str = ".md") -> str:
    """Open ``initial`` in the editor; the saved text, or :class:`EditCancelled`."""
    command = editor_command()
    fd, name = tempfile.mkstemp(prefix="netjournal-", suffix=suffix)
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(initial)
        try:
            status = subprocess.call([*command, str(path)])
        except OSError as exc:
            raise InputError(
                f"cannot run the editor {command[0]!r}: {exc.strerror or exc}",
                hint="check $VISUAL / $EDITOR",
            ) from exc
        if status != 0:
            raise EditCancelled(
                f"the editor {command[0]!r} exited with status {status}; nothing was changed"
            )
        try:
            saved = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read what the editor saved: {exc}") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    if not saved.strip():
        raise EditCancelled("the file was saved empty; nothing was changed")
    if saved.strip() == initial.strip():
        raise EditCancelled("the file was saved unchanged; nothing was changed")
    return saved
