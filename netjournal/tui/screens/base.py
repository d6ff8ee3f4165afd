"""What every data screen shares: the facade, reloading, and where focus rests.

A screen reads the store only in :meth:`JournalScreen.reload`, on the UI
thread (see docs/architecture-tui.md). It remembers the store's data version
it last read, so when it is shown again, or when the app's poll sees another
process write, it reloads only if something really changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import events, on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget

from netjournal.errors import NetjournalError
from netjournal.tui.widgets.app_header import AppHeader
from netjournal.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
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
        self._resumed_once = False
        self._focused_once = False

    @property
    def nj_app(self) -> NetJournalApp:
        return cast("NetJournalApp", self.app)

    @property
    def journal(self) -> Journal:
        return self.nj_app.journal

    def compose(self) -> ComposeResult:
        yield AppHeader()
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

    @on(events.ScreenResume)
    def _styles_are_fresh_on_the_first_resume(self, event: events.ScreenResume) -> None:
        """Spare Textual's restyle of the whole screen on the resume that follows the mount.

        Textual restyles every widget of a screen when it is resumed; the
        first resume comes right after the mount, which styled each widget as
        it arrived (and a focus change restyles what it changes), so the pass
        finds nothing new: ~10 ms of the first frame. Later resumes (back from
        a dialog or another screen, maybe after a theme change) restyle as
        usual. Runs before Screen's own handler (subclass first).
        """
        if not self._resumed_once:
            self._resumed_once = True
            event.refresh_styles = False

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

    # -- focus -----------------------------------------------------------------

    def main_widget(self) -> Widget | None:
        found = self.query(self.MAIN)
        return found.first() if found else None

    def focus_main(self) -> None:
        widget = self.main_widget()
        if widget is not None:
            widget.focus()
        if not self._focused_once:
            self._focused_once = True
            self.call_after_refresh(self._drop_styled_focus)

    def _drop_styled_focus(self) -> None:
        """Restyle any widget composed as focused (see TodayScreen) that did not get the focus."""
        for widget in self.query(Widget):
            if widget.has_focus and widget is not self.focused:
                widget.has_focus = False
