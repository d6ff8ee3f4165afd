"""Screen 1, Today: this week at a glance and a one-line way to log more.

The list holds this week's activities (today's marked •); beside it, the
gauge of online vs offline time against the target band and the contacts due
a catch-up. Everything shown comes from two facade calls over this week
only, so the screen opens as fast on ten years of data as on one day.

``n`` opens the quick-entry form below the list; it takes the same words as
``netjournal log`` (``yesterday``, ``1h30``, ``maintain``) and stays open once
used. Until then the hint line under the list says so: most starts only look
at the week, and the form's dozen widgets would double what the first frame
builds.

``s`` starts a timer (from the quick-entry form's mode, channel and note when
the form has a mode, else from a small dialog) or stops the running one; the
line above the list shows it ticking. The app reads the timer after the
first frame and calls :meth:`TodayScreen.show_timer` every second.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Static

from netjournal.domain.timeparse import format_date, format_duration
from netjournal.presentation import printable
from netjournal.tui.messages import ActivitySubmitted
from netjournal.tui.screens.activity_list import ActivityListScreen
from netjournal.tui.widgets.activity_table import NARROW, ActivityTable
from netjournal.tui.widgets.ratio_gauge import GaugeReading, RatioGauge

if TYPE_CHECKING:
    from netjournal.domain.keep_in_touch import DueContact
    from netjournal.domain.timer import RunningTimer
    from netjournal.tui.widgets.activity_form import ActivityForm

#: Reminders shown beside the list; the Contacts screen has the rest.
MAX_REMINDERS = 8


def reminder_lines(due: Sequence[DueContact], limit: int = MAX_REMINDERS) -> str:
    """``Aisha Khan · 12d overdue`` per contact due, most overdue first."""
    if not due:
        return "Nobody is due a catch-up."
    lines = [printable(f"{d.name} · {d.overdue_days}d overdue") for d in due[:limit]]
    if len(due) > limit:
        lines.append(f"… and {len(due) - limit} more (3 Contacts)")
    return "\n".join(lines)


class TodayScreen(ActivityListScreen):
    """This week's activities, the balance gauge, reminders and quick entry."""

    SUB_TITLE = "1 Today"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_activity", "New activity: to the form", show=False),
        Binding("s", "app.toggle_timer", "Start/stop the timer", show=False),
    ]

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="today-main"):
            with Vertical(id="today-list"):
                yield Label("", id="today-heading", classes="screen-heading", markup=False)
                yield ActivityTable(columns=NARROW, note_width=24, id="today-table")
                yield Label(
                    "n new · enter/e edit · d delete · u undo · ? help",
                    classes="hint",
                    markup=False,
                )
            with Vertical(id="today-side"):
                yield RatioGauge(id="today-gauge")
                yield Label("Keep in touch", classes="side-heading", markup=False)
                yield Static("", id="today-due", markup=False)

    def load(self) -> None:
        journal = self.journal
        today = journal.today()
        review = journal.review.balance("week", today)
        week = review.totals.period
        activities = journal.activities.list_activities(week.start, week.end)
        # The narrow list shows no contact names, so no contacts are read here.
        self.query_one(ActivityTable).show(activities, {}, today=today)
        todays = [a for a in activities if a.date == today]
        heading = (
            f"{format_date(today, journal.config.date_order)}: {len(todays)} today "
            f"({format_duration(sum(a.minutes for a in todays))}), {len(activities)} this week"
        )
        self.query_one("#today-heading", Label).update(heading)
        target = review.target
        self.query_one(RatioGauge).reading = GaugeReading(
            title=f"Balance {week.label}",
            online_minutes=review.totals.online_minutes,
            offline_minutes=review.totals.offline_minutes,
            low=target.online_min_share if target else None,
            high=target.online_max_share if target else None,
            status=review.band.status,
        )
        self.query_one("#today-due", Static).update(reminder_lines(review.contacts_due or ()))

    def show_timer(self, timer: RunningTimer | None, now: datetime) -> None:
        """The running timer above the list: mode, elapsed h:mm, channel, people, note.

        The line is mounted the first time a timer is shown, so a start
        without one builds nothing more than before.
        """
        from netjournal.domain.timer import clock_span, running_minutes

        found = self.query("#today-timer")
        if timer is None:
            if found:
                found.first(Label).remove_class("-running")
            return
        parts = [f"● {timer.mode.value} {clock_span(running_minutes(timer, now))}"]
        parts.append(f"since {timer.started.astimezone():%H:%M}")
        if timer.channel:
            parts.append(timer.channel)
        if timer.contacts:
            parts.append("with " + ", ".join(timer.contacts))
        if timer.note:
            parts.append(timer.note)
        text = printable(" · ".join(parts) + "  (s stops)")
        if found:
            line = found.first(Label)
            line.update(text)
            line.add_class("-running")
            return
        lists = self.query("#today-list")
        if lists:  # not yet composed, or closing: the next tick shows it
            lists.first().mount(
                Label(text, id="today-timer", classes="-running", markup=False), before=0
            )

    def start_timer(self) -> None:
        """``s`` with no timer running: start from the quick-entry form, or ask in a dialog."""
        form = self.quick_form() if self.query("#today-form") else None
        if form is None or not form.value_of("mode").strip():
            self.nj_app.open_timer_dialog()
            return
        fields = {name: form.value_of(name) for name in ("mode", "channel", "purpose", "style")}
        fields.update(
            note=form.value_of("note"),
            contacts=form.value_of("contacts"),
            tags=form.value_of("tags"),
            cpd="yes" if form.cpd_ticked() else "",
        )
        if form.apply(lambda: self.nj_app.start_timer_with(fields), refused="Not started") is None:
            return
        form.clear()
        self.nj_app.refresh_timer()
        self.wrote("Timer started; s stops it")

    def _contact_names(self) -> list[str]:
        return [c.name for c in self.journal.activities.contacts_by_id().values()]

    # -- quick entry ---------------------------------------------------------

    async def action_new_activity(self) -> None:
        """``n``: open the quick-entry form (the first time) and go to its first field.

        Keys typed meanwhile wait for this, so ``n`` and what follows land in
        the form.
        """
        await self.open_form()
        self.quick_form().focus_first()

    async def open_form(self) -> None:
        """Mount the quick-entry form under the list, once."""
        if self.query("#today-form"):
            return
        from netjournal.tui.widgets.activity_form import ActivityForm

        form = ActivityForm(id="today-form", classes="compact-form")
        form.set_contact_source(self._contact_names)
        await self.mount(form, after="#today-main")

    def quick_form(self) -> ActivityForm:
        """The quick-entry form (:meth:`open_form` first)."""
        from netjournal.tui.widgets.activity_form import ActivityForm

        return self.query_one("#today-form", ActivityForm)

    @on(ActivitySubmitted)
    def _log(self, message: ActivitySubmitted) -> None:
        message.stop()
        form = self.quick_form()
        result = form.apply(
            lambda: self.journal.activities.log(message.entry), refused="Not logged"
        )
        if result is None:
            return
        form.clear()
        form.focus_first()
        a = result.activity
        summary = f"Logged {format_duration(a.minutes)} {a.mode.value} on {a.channel}"
        if result.new_contacts:
            new = "new contact" if len(result.new_contacts) == 1 else "new contacts"
            summary += f"; {new}: {', '.join(result.new_contacts)}"
        self.wrote(summary)
