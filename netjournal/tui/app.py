"""NetJournalApp: seven screens on the number keys, help, palette, live refresh.

Screens are Textual *modes*, one per number key (1 Today … 7 Export), each
with its own stack so a dialog opened on one screen stays with it. Screen
modules are imported the first time their key is pressed: the Trends screen
pulls in textual-plotext, and the Today screen must open fast.

Contract for every screen (including Trends/Targets/Export):

* it reads the facade as ``self.app.journal`` (a :class:`netjournal.journal.Journal`);
* if it shows store data it defines ``reload()`` (re-read and redraw) and,
  optionally, ``loaded_version`` (the ``journal.maintenance.data_version()`` it last read);
  the app calls ``reload()`` when another process changed the store;
* screens derived from :class:`netjournal.tui.screens.base.DataScreen` get
  both, plus focus on their main list and a reload when shown again.

Store access happens on the UI thread only (docs/architecture-tui.md): every
facade call is short (a week is one or two month files), and one thread
means TinyDB is never touched concurrently.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Input

from netjournal.errors import NetjournalError
from netjournal.presentation import printable
from netjournal.tui.messages import StoreWritten
from netjournal.tui.screen_registry import SCREENS, ScreenEntry, screen_class

if TYPE_CHECKING:
    from netjournal.domain.timer import RunningTimer
    from netjournal.journal import Journal


LIGHT_THEME = "textual-light"
DARK_THEME = "textual-dark"


def _palette_commands() -> type[Provider]:
    # Textual asks for the provider when the palette first opens, not at start.
    from netjournal.tui.commands import NetJournalCommands

    return NetJournalCommands


def _lazy_screen(entry: ScreenEntry) -> Callable[[], Screen[Any]]:
    def build() -> Screen[Any]:
        return screen_class(entry)()

    return build


#: Whether an app of this process has frozen its start-up objects (see NetJournalApp).
_start_up_frozen = False


class NetJournalApp(App[int]):
    """The netjournal terminal app over one :class:`Journal`."""

    CSS_PATH = "app.tcss"
    TITLE = "netjournal"
    DEFAULT_MODE = "today"
    COMMANDS = App.COMMANDS | {_palette_commands}
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        e.mode: _lazy_screen(e) for e in SCREENS
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(e.key, f"show('{e.mode}')", e.label) for e in SCREENS),
        Binding("question_mark", "help", "Help"),
        Binding("n", "new_activity", "New activity", show=False),
        Binding("ctrl+t", "toggle_timer", "Start/stop the timer", show=False),
        Binding("slash", "search", "Search", show=False),
        Binding("q", "quit", "Quit", show=False),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        Binding("escape", "leave_field", "Leave the field"),
    ]

    def __init__(
        self, journal: Journal, *, poll_seconds: float = 2.0, cursor_blink: bool = True
    ) -> None:
        super().__init__()
        self.journal = journal
        self.poll_seconds = poll_seconds
        #: Whether text fields blink their cursor; off for screenshots and tests,
        #: where a blink would make the picture depend on the moment it is taken.
        self.cursor_blink = cursor_blink
        self.known_version: tuple[Any, ...] | None = None
        self.demo_mode = False
        self._last_poll_error: str | None = None
        self._collector_was_enabled = False
        #: The running timer as last read from the store (``None``: none runs,
        #: or not read yet: it is read after the first frame, not before).
        self.running_timer: RunningTimer | None = None
        #: How the app steps aside while an external editor has the terminal
        #: (``App.suspend``). Tests replace it: under ``run_test`` there is no
        #: terminal to give away.
        self.suspend_for_editor: Callable[[], AbstractContextManager[None]] = self.suspend
        if journal.config.theme in self.available_themes:
            self.theme = journal.config.theme

    # -- start-up --------------------------------------------------------------

    def on_load(self) -> None:
        """Pause the cyclic garbage collector until the first screen is drawn.

        Building the first screen allocates tens of thousands of objects
        (widgets, styles, segments) that live as long as the app; the
        collector would walk them again in every collection it starts
        meanwhile. Reference counting
        still frees everything that is not in a cycle; :meth:`_start_up_done`
        gives the collector back once the screen is up.
        """
        self._collector_was_enabled = gc.isenabled()
        gc.disable()

    def _start_up_done(self) -> None:
        """Give the collector back (once), first freezing what start-up built.

        Resumed without a freeze, the collector's first pass would walk all
        of the screen's objects at once. The freeze is done once per
        process, as for the imports (:func:`netjournal.tui.make_app`): a
        process runs one app, but the test suite runs hundreds, and freezing
        each would keep every earlier app's garbage for good.
        """
        global _start_up_frozen
        if self._collector_was_enabled:
            self._collector_was_enabled = False
            if not _start_up_frozen:
                _start_up_frozen = True
                gc.freeze()
            gc.enable()

    def on_unmount(self) -> None:
        self._start_up_done()  # an app that stops before its first frame

    def on_mount(self) -> None:
        self.call_after_refresh(self._start_up_done)
        # The timer is read after the first frame: most starts only look.
        self.call_after_refresh(self.refresh_timer)
        self.set_interval(self.poll_seconds, self.check_for_changes, name="store-poll")
        # Only the display ticks; the store is read when it changes.
        self.set_interval(1.0, self.tick_timer, name="timer-tick")
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if self.journal.maintenance.is_empty():
            from netjournal.tui.dialogs.welcome import WelcomeDialog

            self.push_screen(WelcomeDialog(), self._welcome_answered)
        notice = self.journal.conflict_notice()
        if notice:
            self.notify(notice, title="Another device's changes", severity="warning", timeout=15)

    @on(events.DescendantFocus)
    def _steady_cursor(self, event: events.DescendantFocus) -> None:
        # Input and TextArea both have ``cursor_blink``; TextArea is not
        # imported here, only by the dialogs that use it.
        if not self.cursor_blink and hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = False

    def _welcome_answered(self, answer: str | None) -> None:
        if answer == "demo":
            self.open_demo_journal()

    def open_demo_journal(self) -> None:
        """Switch this session to the separate demo journal (your own stays untouched)."""
        from netjournal.journal import Journal
        from netjournal.paths import demo_paths
        from netjournal.sample_data import demo_journal

        demo = Journal.open(paths=demo_paths())
        if demo.maintenance.is_empty():
            demo.maintenance.load_sample(demo_journal(demo.today()))
        self.journal = demo
        self.demo_mode = True
        self.sub_title = "demo journal"
        self.known_version = demo.maintenance.data_version()
        self._reload_screen(self.screen)
        self.notify("This is the demo journal. Your own journal is empty and untouched.")

    # -- live refresh ----------------------------------------------------------

    def check_for_changes(self) -> None:
        """Reload the shown screen if any store file changed since we last looked.

        Writes by this app and by another process (a ``netjournal log`` in
        another terminal) look the same here; the screen re-reads from the
        store, so what another process wrote is shown, never overwritten.
        """
        try:
            version = self.journal.maintenance.data_version()
        except NetjournalError as exc:  # a store problem must not kill the app
            self._report_poll_error(exc)
            return
        if version == self.known_version:
            return
        # The first look only learns the version: screens loaded what they show.
        self.known_version = version
        self.refresh_timer()
        if self.screen_stack:  # none between two screens of a mode switch
            self._reload_screen(self.screen_stack[-1])

    def _reload_screen(self, screen: Screen[Any]) -> None:
        reload: Callable[[], None] | None = getattr(screen, "reload", None)
        if reload is None or not callable(reload):
            return
        if getattr(screen, "loaded_version", None) == self.known_version:
            return
        try:
            reload()
        except NetjournalError as exc:
            self._report_poll_error(exc)

    def _report_poll_error(self, exc: NetjournalError) -> None:
        message = exc.one_line()
        if message != self._last_poll_error:  # say it once, not every two seconds
            self._last_poll_error = message
            self.notify(message, title="Cannot read the journal", severity="error")

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Textual's notification, its text made printable.

        Every toast of the app (and of its screens and widgets, which call
        this) may quote a name, a note or an error about a file, so control
        characters are shown escaped rather than sent to the terminal.
        """
        super().notify(
            printable(message, one_line=False),
            title=printable(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    @on(StoreWritten)
    def _store_written(self, message: StoreWritten) -> None:
        self.known_version = self.journal.maintenance.data_version()
        self.refresh_timer()
        if message.summary:
            self.notify(message.summary)

    # -- the running timer -----------------------------------------------------

    def refresh_timer(self) -> None:
        """Read the running timer from the store (it changes only when the store does)."""
        try:
            self.running_timer = self.journal.timer.running()
        except NetjournalError as exc:
            self._report_poll_error(exc)
            return
        self.tick_timer()

    def tick_timer(self) -> None:
        """Show the running timer's elapsed time in the header and on the screen.

        Called every second; reads only the clock (``clock.now``, which tests
        set with ``NETJOURNAL_NOW``), never the store.
        """
        from netjournal import clock
        from netjournal.domain.timer import timer_badge

        timer = self.running_timer
        now = clock.now()
        # The header of every screen shows the app's title (screens set only
        # their sub-title), so the badge goes there.
        self.title = f"{self.TITLE}  {timer_badge(timer, now)}" if timer else self.TITLE
        if not self.screen_stack:
            return  # between two screens of a mode switch, or shutting down
        show: Callable[[RunningTimer | None, Any], None] | None = getattr(
            self.screen_stack[-1], "show_timer", None
        )
        if show is not None and callable(show):
            show(timer, now)

    def action_toggle_timer(self) -> None:
        """Start a timer (a small dialog), or stop the running one (asking if it is odd)."""
        if self.screen.is_modal:
            return
        self.refresh_timer()
        if self.running_timer is None:
            start: Callable[[], None] | None = getattr(self.screen, "start_timer", None)
            if start is not None and callable(start):
                start()
            else:
                self.open_timer_dialog()
        else:
            self.stop_timer()

    def open_timer_dialog(self) -> None:
        """The start dialog: mode, channel, with whom, note."""
        from netjournal.tui.dialogs.timer import TimerDialog

        self.push_screen(TimerDialog(self.start_timer_with), self._timer_dialog_closed)

    def start_timer_with(self, fields: dict[str, str]) -> object:
        """Start a timer from text fields (``mode``, ``channel``, ``note``, ``contacts`` …).

        An :class:`~netjournal.errors.InputError` is the caller's to show.
        """
        from netjournal.journal.timer import TimerInput

        def opt(name: str) -> str | None:
            return fields.get(name, "").strip() or None

        contacts = tuple(n.strip() for n in fields.get("contacts", "").split(",") if n.strip())
        tags = tuple(fields.get("tags", "").replace(",", " ").split())
        inp = TimerInput(
            mode=fields.get("mode", "").strip(),
            note=fields.get("note", "").strip(),
            channel=opt("channel"),
            purpose=opt("purpose"),
            style=opt("style"),
            contacts=contacts,
            tags=tags,
            cpd=fields.get("cpd") == "yes",
        )
        return self.journal.timer.start(inp)

    def _timer_dialog_closed(self, started: bool | None) -> None:
        if started:
            self._after_timer_change("Timer started; s (or ctrl+t) stops it")

    def stop_timer(self) -> None:
        """Stop the running timer; past midnight or over 12 hours, ask first (as the CLI)."""
        try:
            plan = self.journal.timer.plan()
        except NetjournalError as exc:
            self.notify(exc.one_line(), title="The timer was not stopped", severity="error")
            return
        if plan.confirm_because is None:
            self._stop_timer(True)
            return
        from netjournal.domain.timer import clock_span
        from netjournal.tui.dialogs.confirm import ConfirmDialog

        question = (
            f"The timer was not stopped: {plan.confirm_because}.\n"
            f"Log {clock_span(plan.minutes)} of {plan.timer.mode.value} time?"
        )
        self.push_screen(ConfirmDialog(question, yes="Log it", no="Keep running"), self._stop_timer)

    def _stop_timer(self, confirmed: bool | None) -> None:
        if not confirmed:
            self.notify("The timer is still running")
            return
        from netjournal.domain.timeparse import format_duration

        try:
            result = self.journal.timer.stop(confirmed=True)
        except NetjournalError as exc:
            self.notify(exc.one_line(), title="The timer was not stopped", severity="error")
            return
        a = result.activity
        self._after_timer_change(
            f"Logged {format_duration(a.minutes)} {a.mode.value} on {a.channel}"
        )

    def _after_timer_change(self, summary: str) -> None:
        self.refresh_timer()
        self._reload_screen(self.screen)
        self.post_message(StoreWritten(summary))

    # -- the external editor ---------------------------------------------------

    def edit_externally(self, text: str) -> str | None:
        """Open ``text`` in ``$VISUAL``/``$EDITOR`` (as the CLI's ``--edit``); the saved text.

        ``None`` when nothing came back (saved empty or unchanged, the
        editor failed, or this terminal cannot be handed over), with a
        notification saying why.
        """
        from textual.app import SuspendNotSupported

        from netjournal.cli.editor import edit_text

        try:
            with self.suspend_for_editor():
                saved = edit_text(text + "\n" if text else "", suffix=".txt")
        except SuspendNotSupported:
            self.notify(
                "an editor cannot be opened here (no terminal to hand over)", severity="warning"
            )
            return None
        except NetjournalError as exc:
            self.notify(exc.one_line(), title="Not changed", severity="warning")
            return None
        finally:
            self.refresh()
        return saved.strip()

    # -- actions ---------------------------------------------------------------

    async def action_show(self, mode: str) -> None:
        """Switch to the numbered screen ``mode``."""
        if isinstance(self.screen, Screen) and self.screen.is_modal:
            return
        try:
            await self.switch_mode(mode)
        except ImportError as exc:
            self.notify(f"the {mode} screen is not available: {exc}", severity="error")

    async def action_go(self, mode: str, action: str) -> None:
        """Switch to ``mode`` and run one of its screen actions (command palette)."""
        await self.action_show(mode)
        if self.current_mode == mode:
            await self.screen.run_action(action)

    async def action_new_activity(self) -> None:
        await self.action_go("today", "new_activity")

    async def action_search(self) -> None:
        """``/``: the current screen's search, or the Journal's filter from elsewhere."""
        if self.screen.is_modal:
            return
        if hasattr(self.screen, "action_search"):
            await self.screen.run_action("search")
        else:
            await self.action_go("journal", "search")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show ``escape`` in the footer only while a text field has the focus."""
        if action == "leave_field":
            return isinstance(self.focused, Input) and not self.screen.is_modal
        return True

    def action_leave_field(self) -> None:
        """``escape`` in a text field: back to the screen's list, so keys work again."""
        if isinstance(self.focused, Input) and not self.screen.is_modal:
            focus_main: Callable[[], None] | None = getattr(self.screen, "focus_main", None)
            if focus_main is not None:
                focus_main()
            else:
                self.screen.set_focus(None)

    def action_help(self) -> None:
        from netjournal.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_revalidation(self) -> None:
        """The NMC revalidation picture (command palette)."""
        from netjournal.domain.revalidation import picture_text
        from netjournal.tui.dialogs.revalidation import RevalidationDialog

        if self.screen.is_modal:
            return
        try:
            text = picture_text(self.journal.revalidation.picture())
        except NetjournalError as exc:
            self.notify(exc.one_line(), title="Cannot read the journal", severity="error")
            return
        self.push_screen(RevalidationDialog(text))

    def action_toggle_dark(self) -> None:
        self.theme = LIGHT_THEME if self.current_theme.dark else DARK_THEME

    def _remember_theme(self, theme: object) -> None:
        """Keep the chosen theme for next time (``theme`` in config.toml)."""
        name = self.theme
        if self.demo_mode or name == self.journal.config.theme:
            return
        try:
            self.journal.maintenance.set_setting("theme", name)
        except NetjournalError as exc:
            self.notify(exc.one_line(), severity="warning")
