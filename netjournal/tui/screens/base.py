"""What every data screen shares: the facade, reloading, and where focus rests.

A screen reads the store only in :meth:`JournalScreen.reload`, on the UI
thread (see docs/architecture-tui.md). It remembers the store's data version
it last read, so when it is shown again, or when the app's poll sees another
process write, it reloads only if something really changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header

from netjournal.errors import NetjournalError
from netjournal.presentation import printable
from netjournal.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from textual.widgets import DataTable

    from netjournal.journal import Journal
    from netjournal.tui.app import NetJournalApp


class DataScreen(Screen[None]):
    """A full screen over the journal; subclasses compose a body and load data.

    ``MAIN`` is the CSS selector of the widget that holds focus when the
    screen opens and after ``escape`` leaves a text field, so single-key
    bindings work at once.
    """

    MAIN: ClassVar[str] = "DataTable"

    def __init__(self) -> None:
        super().__init__()
        self.loaded_version: tuple[Any, ...] | None = None
        self._away = False

    @property
    def nj_app(self) -> NetJournalApp:
        return cast("NetJournalApp", self.app)

    @property
    def journal(self) -> Journal:
        return self.nj_app.journal

    def compose(self) -> ComposeResult:
        yield Header()
        yield from self.compose_body()
        yield KeyBar(id="key-bar")

    def compose_body(self) -> ComposeResult:
        """The screen's own widgets, between the header and the footer."""
        yield from ()

    # -- data ------------------------------------------------------------------

    def on_mount(self) -> None:
        # Textual runs every class's on_mount in the MRO, subclass first: a
        # subclass adds its columns in its own on_mount and must not call
        # super().on_mount(), or the screen loads twice.
        self.reload()
        self.focus_main()

    def on_screen_suspend(self) -> None:
        self._away = True

    def on_screen_resume(self) -> None:
        # Only a screen coming back into view can be stale; the first resume
        # follows the mount, which has just loaded.
        if self._away and self.loaded_version != self.journal.maintenance.data_version():
            self.reload()
        self._away = False

    def reload(self) -> None:
        """Read what the screen shows from the facade and redraw it.

        A store problem (a locked or damaged file) becomes a notification:
        the screen keeps what it showed and the app keeps running.
        """
        try:
            self.loaded_version = self.journal.maintenance.data_version()
            self.load()
        except NetjournalError as exc:
            self.notify(exc.one_line(), title="Cannot read the journal", severity="error")

    def load(self) -> None:
        """Subclasses: fetch and show data (only the range shown)."""

    def attempt(self, change: Callable[[], object]) -> bool:
        """Run a facade call that changes the store; a refusal becomes a notification."""
        try:
            change()
        except NetjournalError as exc:
            self.notify(exc.one_line(), title="Not done", severity="error")
            return False
        return True

    def wrote(self, summary: str) -> None:
        """After this screen changed the store: reload it and tell the app."""
        from netjournal.tui.messages import StoreWritten

        self.reload()
        self.post_message(StoreWritten(summary))

    def undo_last(self, select: Callable[[str], bool] | None) -> None:
        """``u``: take back the last change of any kind, as ``netjournal undo`` does.

        After the reload the cursor goes to the first row the undone change
        touched, when that row is shown (``select(id)`` puts the cursor on
        the row keyed ``id`` and says whether there is one); otherwise it stays.
        """
        try:
            operation = self.journal.history.undo()
        except NetjournalError as exc:
            self.notify(exc.one_line(), title="Not undone", severity="warning")
            return
        self.wrote(printable(f"Undid {operation.summary}"))
        if select is None:
            return
        for change in operation.changes:
            if select(change.id):
                return

    # -- focus -----------------------------------------------------------------

    @staticmethod
    def select_in(table: DataTable[Any]) -> Callable[[str], bool]:
        """:meth:`undo_last`'s ``select`` for a ``DataTable`` keyed by record id."""

        from textual.widgets.data_table import RowDoesNotExist

        def select(key: str) -> bool:
            try:
                table.move_cursor(row=table.get_row_index(key))
            except (RowDoesNotExist, KeyError):
                return False
            return True

        return select

    def main_widget(self) -> Widget | None:
        found = self.query(self.MAIN)
        return found.first() if found else None

    def focus_main(self) -> None:
        widget = self.main_widget()
        if widget is not None:
            widget.focus()
