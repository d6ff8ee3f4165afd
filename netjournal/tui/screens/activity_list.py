"""Edit, delete and undo on a list of activities (Today and Journal share them).

Delete asks first and moves the activity to the trash through the facade;
``u`` takes back the last change of any kind, exactly like ``netjournal undo``.
The dialogs are imported when first opened, not with the Today screen that
every start shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.binding import Binding, BindingType

from netjournal.domain.timeparse import format_date, format_duration
from netjournal.errors import NetjournalError
from netjournal.tui.screens.base import DataScreen
from netjournal.tui.widgets.activity_table import ActivityTable
from netjournal.tui.widgets.columns import clip
from netjournal.tui.widgets.form_fields import activity_field_values

if TYPE_CHECKING:
    from netjournal.domain.models import Activity
    from netjournal.journal import ActivityInput


class ActivityListScreen(DataScreen):
    """A data screen whose main widget is an :class:`ActivityTable`."""

    MAIN: ClassVar[str] = "ActivityTable"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e,enter", "edit", "Edit the activity", show=False),
        Binding("d,delete", "delete", "Delete the activity", show=False),
        Binding("u", "undo", "Undo the last change", show=False),
        Binding("c", "cpd", "Edit the CPD record (topic, learning, standards …)", show=False),
    ]

    #: Actions on the highlighted row: only while the table has the focus, so
    #: a key typed elsewhere on the screen never changes a row out of sight.
    ROW_ACTIONS: ClassVar[frozenset[str]] = frozenset({"edit", "delete", "cpd"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.ROW_ACTIONS:
            return isinstance(self.focused, ActivityTable)
        return True

    def activity_table(self) -> ActivityTable:
        return self.query_one(ActivityTable)

    def _selected_activity(self, doing: str) -> Activity | None:
        """The highlighted activity, or ``None`` after saying why there is none to ``doing``."""
        activity_id = self.activity_table().selected_id
        if activity_id is None:
            self.notify(f"no activity here to {doing}", severity="warning")
            return None
        try:
            return self.journal.activities.get_activity(activity_id)
        except NetjournalError as exc:
            self.notify(exc.one_line(), severity="error")
            return None

    def action_edit(self) -> None:
        from netjournal.tui.dialogs.edit_activity import EditActivityDialog

        activity = self._selected_activity("edit")
        if activity is None:
            return
        try:
            by_id = self.journal.activities.contacts_by_id()
        except NetjournalError as exc:
            self.notify(exc.one_line(), severity="error")
            return
        names = self.journal.activities.contact_names(activity.contact_ids, by_id)
        title = (
            f"Edit activity of {format_date(activity.date, self.journal.config.date_order)}"
            f" · {activity.id[:8]}"
        )

        def save(entry: ActivityInput) -> object:
            return self.journal.activities.edit(activity.id, entry)

        def done(saved: bool | None) -> None:
            if saved:
                self.wrote("Activity saved")

        self.app.push_screen(
            EditActivityDialog(
                title,
                activity_field_values(activity, names),
                cpd=activity.is_cpd,
                contact_names=[c.name for c in by_id.values()],
                save=save,
            ),
            done,
        )

    def action_cpd(self) -> None:
        """Open the CPD record of the highlighted activity (marks it CPD when saved)."""
        from netjournal.tui.dialogs.edit_cpd import CpdDialog, cpd_values

        activity = self._selected_activity("record as CPD")
        if activity is None:
            return
        title = (
            f"CPD record of {format_date(activity.date, self.journal.config.date_order)}"
            f" · {clip(activity.note, 40) or activity.channel}"
        )

        def save(changes: dict[str, Any]) -> object:
            return self.journal.cpd.set_cpd(activity.id, **changes)

        def done(saved: bool | None) -> None:
            if saved:
                self.wrote("CPD record saved")

        self.app.push_screen(CpdDialog(title, save, values=cpd_values(activity.cpd)), done)

    @on(ActivityTable.Chosen)
    def _row_chosen(self, event: ActivityTable.Chosen) -> None:
        event.stop()
        self.action_edit()

    def action_delete(self) -> None:
        from netjournal.tui.dialogs.confirm import ConfirmDialog

        activity = self._selected_activity("delete")
        if activity is None:
            return
        what = (
            f"{format_duration(activity.minutes)} {activity.mode.value} on "
            f"{format_date(activity.date, self.journal.config.date_order)}"
        )
        note = f" “{activity.note[:40]}”" if activity.note else ""

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.journal.activities.remove_activity(activity.id)
            except NetjournalError as exc:
                self.notify(exc.one_line(), severity="error")
                return
            self.wrote(f"Deleted {what}. Press u to undo.")

        self.app.push_screen(
            ConfirmDialog(f"Delete {what}{note}?", yes="Delete", no="Keep"), answered
        )

    def action_undo(self) -> None:
        self.undo_last(self.activity_table().select_id)
