"""The CPD record of an activity is edited in the app, as `netjournal cpd set` does."""

from __future__ import annotations

from textual.widgets import Label

from netjournal.journal import ActivityInput, Journal
from netjournal.tui.dialogs.edit_cpd import CpdDialog, cpd_changes
from tests.app_support import SIZE, app_over, type_into


def one_activity() -> tuple[Journal, str]:
    journal = Journal.open()
    result = journal.activities.log(
        ActivityInput(
            mode="online", duration="45m", note="#WeNurses chat", channel="x", style="conversation"
        )
    )
    return journal, result.activity.id


async def test_c_opens_the_cpd_record_and_saves_it(netjournal_home: object) -> None:
    journal, activity_id = one_activity()
    async with app_over(journal).run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(pilot.app.screen, CpdDialog)
        await type_into(pilot, "#cpd-topic", "Safe staffing")
        await type_into(pilot, "#cpd-standards", "practise, preserve")
        await type_into(pilot, "#cpd-participatory", "yes")
        await type_into(pilot, "#cpd-reflect", "yes")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, CpdDialog)
    cpd = Journal.open().activities.get_activity(activity_id).cpd
    assert cpd is not None
    assert (cpd.topic, cpd.standards, cpd.participatory, cpd.reflect) == (
        "Safe staffing",
        ("practise", "preserve"),
        True,
        True,
    )


async def test_a_bad_answer_marks_the_field_and_saves_nothing(netjournal_home: object) -> None:
    journal, activity_id = one_activity()
    async with app_over(journal).run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        await type_into(pilot, "#cpd-topic", "Safe staffing")
        await type_into(pilot, "#cpd-participatory", "maybe")
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, CpdDialog)
        assert "yes or no" in str(dialog.query_one("#cpd-error", Label).render())
        assert dialog.query_one("#cpd-participatory").has_class("-invalid")
    assert Journal.open().activities.get_activity(activity_id).cpd is None


def test_changed_text_becomes_set_cpd_arguments() -> None:
    assert cpd_changes(
        {"participatory": "", "evidence": "a.pdf; https://x.org/a,b", "reflect": "no"}
    ) == {
        "participatory_auto": True,
        "evidence": ["a.pdf", "https://x.org/a,b"],
        "reflect": False,
    }
