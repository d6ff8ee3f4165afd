"""ModalScreen dialogs: each returns its answer through ``dismiss`` (ModalScreen[T])."""

from pathlib import Path

#: Every dialog's layout (each dialog's ``CSS_PATH``): read when the first one
#: opens, not with the first screen. An absolute path, as the help screen
#: (a dialog in ``screens/``) shares it.
DIALOG_CSS = Path(__file__).with_name("dialogs.tcss")
