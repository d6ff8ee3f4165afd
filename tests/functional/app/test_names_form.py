"""The quick-entry form reads "with" as the CLI does: an ambiguous name is an error there.

Issue 14: on the code before, "Teresa" typed in the form made a new contact
beside Teresa Chinn and Teresa Lee.
"""

from __future__ import annotations

from netjournal.journal import ActivityInput, Journal
from netjournal.tui.widgets.activity_form import ActivityForm
from tests.app_support import app_over, label_text, type_into


async def test_an_ambiguous_name_is_an_error_in_the_form_not_a_new_contact(
    empty: Journal,
) -> None:
    empty.relationships.add_contact("Teresa Chinn")
    empty.relationships.add_contact("Teresa Lee")
    empty.activities.log(ActivityInput(mode="online", duration="5m", note="first"))
    app = app_over(empty)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await type_into(pilot, "#af-mode", "on")
        await type_into(pilot, "#af-duration", "30m")
        await type_into(pilot, "#af-contacts", "Teresa")
        await type_into(pilot, "#af-note", "Chat")
        await pilot.press("enter")
        await pilot.pause()
        form = pilot.app.screen.query_one(ActivityForm)
        assert form.invalid_fields() == ["contacts"]
        error = label_text(pilot, "#af-error")
        assert "Teresa Chinn" in error and "Teresa Lee" in error
    journal = Journal.open()
    assert journal.activities.count_activities() == 1
    assert sorted(c.name for c in journal.relationships.list_contacts()) == [
        "Teresa Chinn",
        "Teresa Lee",
    ]
