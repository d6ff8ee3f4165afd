"""Screen 1, Today: this week at a glance and a one-line way to log more.

The list holds this week's activities (today's marked •); beside it, the
gauge of online vs offline time against the target band and the contacts due
a catch-up. Below, the quick-entry form takes the same words as
``netjournal log`` (``yesterday``, ``1h30``, ``maintain``). Everything shown
comes from two facade calls over this week only, so the screen opens as fast
on ten years of data as on one day.

Until the form is first used, the screen shows its picture
(:class:`~netjournal.tui.widgets.form_preview.FormPreview`, one widget) and
mounts the real form's widgets when they are wanted: ``n``, Tab into it or a
click on it. Most starts only look at the week, and the form's
widgets cost as much to build as the rest of the screen; see "First frame" in
docs/architecture-tui.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import AwaitMount, Widget
from textual.widgets import Label, Static

from netjournal.domain.timeparse import format_date, format_duration
from netjournal.errors import InputError, NetjournalError
from netjournal.tui.messages import ActivitySubmitted
from netjournal.tui.screens.activity_list import ActivityListScreen
from netjournal.tui.widgets.activity_table import NARROW, ActivityTable
from netjournal.tui.widgets.form_preview import FormPreview
from netjournal.tui.widgets.ratio_gauge import GaugeReading, RatioGauge

if TYPE_CHECKING:
    from netjournal.domain.keep_in_touch import DueContact
    from netjournal.tui.widgets.activity_form import ActivityForm

#: Reminders shown beside the list; the Contacts screen has the rest.
MAX_REMINDERS = 8


def reminder_lines(due: Sequence[DueContact], limit: int = MAX_REMINDERS) -> str:
    """``Aisha Khan · 12d overdue`` per contact due, most overdue first."""
    if not due:
        return "Nobody is due a catch-up."
    lines = [f"{d.name} · {d.overdue_days}d overdue" for d in due[:limit]]
    if len(due) > limit:
        lines.append(f"… and {len(due) - limit} more (3 Contacts)")
    return "\n".join(lines)


class TodayScreen(ActivityListScreen):
    """This week's activities, the balance gauge, reminders and quick entry."""

    SUB_TITLE = "1 Today"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_activity", "New activity: to the form", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._quick_form: ActivityForm | None = None
        self._form_mounting: AwaitMount | None = None

    @property
    def quick_form(self) -> ActivityForm:
        """The quick-entry form; made (and its module imported) when first wanted.

        Until then a FormPreview stands in, and the form's widgets are not
        even imported: most starts only look at the week.
        """
        if self._quick_form is None:
            from netjournal.tui.widgets.activity_form import ActivityForm

            self._quick_form = ActivityForm(id="today-form", classes="compact-form")
            self._quick_form.set_contact_source(self._contact_names)
        return self._quick_form

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="today-main"):
            with Vertical(id="today-list"):
                yield Label("", id="today-heading", classes="screen-heading", markup=False)
                table = ActivityTable(columns=NARROW, note_width=24, id="today-table")
                # The table is styled as focused from the start: the mount's
                # focus_main focuses it, and its focus then changes no style,
                # so Textual does not restyle it and its ten component styles
                # (~8 ms of the first frame). focus_main clears this if the
                # focus goes elsewhere.
                table.set_reactive(Widget.has_focus, True)
                yield table
                yield Label(
                    "n new · enter/e edit · d delete · u undo · ? help",
                    classes="hint",
                    markup=False,
                )
            with Vertical(id="today-side"):
                yield RatioGauge(id="today-gauge")
                yield Label("Keep in touch", classes="side-heading", markup=False)
                yield Static("", id="today-due", markup=False)
        yield FormPreview(id="today-form-preview")

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

    def _contact_names(self) -> list[str]:
        return [c.name for c in self.journal.activities.contacts_by_id().values()]

    # -- quick entry ---------------------------------------------------------

    async def open_form(self, field: str = "mode") -> None:
        """Put the real form in place of its picture (the first time) and focus ``field``.

        ``field`` is a form field name (``mode``, ``note``, ``cpd``, ``submit``
        …), or ``""`` to focus nothing. Keys typed meanwhile wait for this, so
        ``n`` and what follows land in the field.
        """
        if self._form_mounting is None:
            preview = self.query_one(FormPreview)
            self._form_mounting = self.mount(self.quick_form, after=preview)
            await self._form_mounting
            await preview.remove()
        else:
            await self._form_mounting
        if field:
            self.quick_form.focus_field(field)

    @on(FormPreview.Wanted)
    async def _form_wanted(self, message: FormPreview.Wanted) -> None:
        message.stop()
        await self.open_form(message.field)

    async def action_new_activity(self) -> None:
        await self.open_form()

    @on(ActivitySubmitted)
    def _log(self, message: ActivitySubmitted) -> None:
        message.stop()
        form = self.quick_form
        try:
            result = self.journal.activities.log(message.entry)
        except InputError as exc:
            form.show_error(exc)
            return
        except NetjournalError as exc:
            self.notify(exc.one_line(), title="Not logged", severity="error")
            return
        form.clear()
        form.focus_first()
        a = result.activity
        summary = f"Logged {format_duration(a.minutes)} {a.mode.value} on {a.channel}"
        if result.new_contacts:
            summary += f"; new contact(s): {', '.join(result.new_contacts)}"
        self.wrote(summary)
