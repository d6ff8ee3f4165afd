"""The app shell and screens 1–4, driven with Pilot through the real ``make_app``.

Each test checks the result where it matters: in the store, read back through
the facade, not only on screen.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from netjournal.domain.models import Mode
from netjournal.journal import ActivityInput, Journal
from netjournal.tui.app import NetJournalApp
from netjournal.tui.dialogs.confirm import ConfirmDialog
from netjournal.tui.dialogs.edit_activity import EditActivityDialog
from netjournal.tui.dialogs.welcome import WelcomeDialog
from netjournal.tui.screens.help import HelpScreen
from netjournal.tui.widgets.activity_form import ActivityForm
from netjournal.tui.widgets.activity_table import ActivityTable
from netjournal.tui.widgets.ratio_gauge import RatioGauge
from tests.app_support import (
    SIZE,
    app_over,
    column_texts,
    label_text,
    open_journal,
    table_ids,
    type_into,
)
from tests.conftest import FROZEN_TODAY, run_cli

# --- shell --------------------------------------------------------------------------


async def test_focus_starts_on_the_list_so_single_keys_work(demo: Journal) -> None:
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(pilot.app.focused, ActivityTable)
        await pilot.press("2")
        assert pilot.app.current_mode == "journal"


async def test_question_mark_opens_help_listing_bindings_of_every_screen(demo: Journal) -> None:
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        shown = "\n".join(
            str(s.render()) for s in pilot.app.screen.query(".help-keys, .help-section")
        )
        for words in ("Previous week", "Mark as replied", "Merge another contact", "Undo", "Quit"):
            assert words in shown
        for heading in ("Everywhere", "1 Today", "2 Journal", "3 Contacts", "4 Convos"):
            assert f"\n{heading}\n" in f"\n{shown}\n"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, HelpScreen)


async def test_escape_leaves_a_text_field_so_number_keys_switch_again(demo: Journal) -> None:
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(pilot.app.focused, Input)
        await pilot.press("2")  # typed into the field, not a screen switch
        assert pilot.app.current_mode == "today"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.focused, ActivityTable)
        await pilot.press("2")
        await pilot.pause()
        assert pilot.app.current_mode == "journal"


async def test_command_palette_opens_a_screen_by_name(demo: Journal) -> None:
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Conversations")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.current_mode == "conversations"


async def test_first_run_welcome_offers_demo_in_a_separate_journal(empty: Journal) -> None:
    async with app_over(empty).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(pilot.app.screen, WelcomeDialog)
        await pilot.press("d")
        await pilot.pause()
        app = pilot.app
        assert isinstance(app, NetJournalApp)
        assert app.journal.paths.data_dir != empty.paths.data_dir
        assert app.journal.activities.count_activities() > 0
        assert pilot.app.screen.query_one(ActivityTable).row_count > 0
    assert Journal.open().maintenance.is_empty()  # the user's own journal was not touched


async def test_welcome_is_not_shown_once_the_journal_has_data(demo: Journal) -> None:
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not isinstance(pilot.app.screen, WelcomeDialog)


# --- Today: quick entry ---------------------------------------------------------------


async def test_logging_through_the_form_stores_the_activity(empty: Journal) -> None:
    async with app_over(empty).run_test(size=SIZE) as pilot:
        await pilot.press("s")  # "start my journal" on the welcome
        await pilot.press("n")
        await pilot.pause()
        await type_into(pilot, "#af-mode", "on")
        await type_into(pilot, "#af-duration", "1h30")
        await type_into(pilot, "#af-date", "yesterday")
        await type_into(pilot, "#af-channel", "twitter")
        await type_into(pilot, "#af-purpose", "maintain")
        await type_into(pilot, "#af-contacts", "Teresa Chinn, @wenurses")
        await type_into(pilot, "#af-tags", "#WeNurses cpd")
        await type_into(pilot, "#af-note", "Replied in the #WeNurses chat")
        await pilot.press("enter")
        await pilot.pause()
        form = pilot.app.screen.query_one(ActivityForm)
        assert form.invalid_fields() == []
        assert form.value_of("note") == ""  # cleared, ready for the next one
        assert pilot.app.screen.query_one(ActivityTable).row_count == 1
    yesterday = FROZEN_TODAY - timedelta(days=1)
    [logged] = Journal.open().activities.list_activities(yesterday, yesterday)
    journal = Journal.open()
    assert logged.mode is Mode.ONLINE
    assert logged.minutes == 90
    assert logged.channel == "x"
    assert logged.purpose.value == "maintain-connections"
    assert logged.tags == ("wenurses", "cpd")
    assert logged.note == "Replied in the #WeNurses chat"
    assert journal.activities.contact_names(logged.contact_ids) == ["Teresa Chinn", "@wenurses"]


async def test_invalid_duration_marks_the_field_and_saves_nothing(demo: Journal) -> None:
    before = demo.activities.count_activities()
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await type_into(pilot, "#af-mode", "offline")
        await type_into(pilot, "#af-duration", "ages")
        await type_into(pilot, "#af-note", "Coffee with the practice educator")
        await pilot.press("enter")
        await pilot.pause()
        form = pilot.app.screen.query_one(ActivityForm)
        assert form.invalid_fields() == ["duration"]
        assert "cannot read duration" in label_text(pilot, "#af-error")
        assert pilot.app.focused is form.query_one("#af-duration")
        assert form.value_of("note") == "Coffee with the practice educator"  # nothing lost
        # Fixing the field clears the mark and logs.
        await type_into(pilot, "#af-duration", "45m")
        assert form.invalid_fields() == []
        await pilot.press("enter")
        await pilot.pause()
    assert Journal.open().activities.count_activities() == before + 1


async def test_future_date_and_unknown_purpose_are_refused_by_field(demo: Journal) -> None:
    before = demo.activities.count_activities()
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await type_into(pilot, "#af-mode", "online")
        await type_into(pilot, "#af-duration", "20m")
        await type_into(pilot, "#af-purpose", "gossip")
        await pilot.press("enter")
        await pilot.pause()
        form = pilot.app.screen.query_one(ActivityForm)
        assert form.invalid_fields() == ["purpose"]
        await type_into(pilot, "#af-purpose", "share")
        await type_into(pilot, "#af-date", "2030-01-01")
        await pilot.press("enter")
        await pilot.pause()
        assert form.invalid_fields() == ["date"]
    assert Journal.open().activities.count_activities() == before


async def test_notes_with_square_brackets_show_as_typed(demo: Journal) -> None:
    note = "[/nhs] tidy [b]up"  # Rich markup, if a table cell read it as markup
    demo.activities.log(ActivityInput(mode="online", duration="20m", channel="x", note=note))
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = pilot.app.screen.query_one(ActivityTable)
        notes = column_texts(table, "note")
        assert note in notes
        assert note in pilot.app.export_screenshot().replace("&#160;", " ")


async def test_gauge_shows_this_weeks_balance_and_moves_when_logging(demo: Journal) -> None:
    review = demo.review.balance("week", FROZEN_TODAY)
    async with app_over(demo).run_test(size=SIZE) as pilot:
        gauge = pilot.app.screen.query_one(RatioGauge)
        assert gauge.reading.online_minutes == review.totals.online_minutes
        assert gauge.reading.offline_minutes == review.totals.offline_minutes
        assert gauge.reading.low == 0.3 and gauge.reading.high == 0.5
        assert gauge.reading.status == review.band.status
        await pilot.press("n")
        await type_into(pilot, "#af-mode", "online")
        await type_into(pilot, "#af-duration", "2h")
        await pilot.press("enter")
        await pilot.pause()
        assert gauge.reading.online_minutes == review.totals.online_minutes + 120


async def test_contact_autocomplete_offers_known_names(demo: Journal) -> None:
    known = sorted(c.name for c in demo.relationships.list_contacts())[0]
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await type_into(pilot, "#af-contacts", f"Somebody New, {known[:4].lower()}")
        await pilot.pause(0.2)
        await pilot.press("right")  # accept the suggestion
        await pilot.pause()
        form = pilot.app.screen.query_one(ActivityForm)
        assert form.value_of("contacts").startswith("Somebody New, ")
        completed = form.value_of("contacts").split(", ")[1]
        assert completed.casefold().startswith(known[:4].casefold())
        assert completed in {c.name for c in demo.relationships.list_contacts()}


# --- Journal: weeks, filter, edit, delete, undo -----------------------------------------


async def test_week_keys_move_between_weeks_and_jump_to_a_date(demo: Journal) -> None:
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await open_journal(pilot)
        assert "2026-W48" in label_text(pilot, "#journal-heading")
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert "2026-W47" in label_text(pilot, "#journal-heading")
        expected = {
            a.id for a in demo.activities.list_activities(date(2026, 11, 16), date(2026, 11, 22))
        }
        assert set(table_ids(pilot)) == expected and expected
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert "2026-W49" in label_text(pilot, "#journal-heading")
        assert table_ids(pilot) == []
        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*"3/11")
        await pilot.press("enter")
        await pilot.pause()
        assert "2026-W45" in label_text(pilot, "#journal-heading")
        await pilot.press("t")
        await pilot.pause()
        assert "2026-W48" in label_text(pilot, "#journal-heading")


async def test_jump_to_an_unreadable_date_keeps_the_dialog_open(demo: Journal) -> None:
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await open_journal(pilot)
        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*"someday")
        await pilot.press("enter")
        await pilot.pause()
        field = pilot.app.screen.query_one("#ask-input", Input)
        assert field.has_class("-invalid")
        assert "cannot read date" in label_text(pilot, "#ask-error")


async def test_filter_line_narrows_the_week_and_marks_bad_values(demo: Journal) -> None:
    week = (date(2026, 11, 16), date(2026, 11, 22))
    online = {a.id for a in demo.activities.list_activities(*week, mode="online")}
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await open_journal(pilot)
        await pilot.press("left_square_bracket")
        await pilot.press("slash")
        await pilot.press(*"mode:online")
        await pilot.press("enter")
        await pilot.pause()
        assert set(table_ids(pilot)) == online
        assert isinstance(pilot.app.focused, ActivityTable)
        assert "filter: online" in label_text(pilot, "#journal-heading")
        await pilot.press("slash")
        await type_into(pilot, "#journal-filter", "mode:sideways")
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen.query_one("#journal-filter").has_class("-invalid")
        assert "unknown mode" in label_text(pilot, "#journal-heading")


async def test_search_across_all_weeks_finds_notes_outside_the_week(demo: Journal) -> None:
    everywhere = demo.activities.list_activities(None, None, text="restraint")
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await open_journal(pilot)
        await pilot.press("slash")
        await pilot.press(*"restraint")
        await pilot.press("enter", "a")
        await pilot.pause()
        assert set(table_ids(pilot)) == {a.id for a in everywhere}
        assert len(everywhere) > len(
            demo.activities.list_activities(
                date(2026, 11, 23), date(2026, 11, 29), text="restraint"
            )
        )
        await pilot.press("x")
        await pilot.pause()
        assert "2026-W48" in label_text(pilot, "#journal-heading")


async def test_edit_dialog_saves_the_changed_field(demo: Journal) -> None:
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await open_journal(pilot)
        target = table_ids(pilot)[0]
        before = demo.activities.get_activity(target)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(pilot.app.screen, EditActivityDialog)
        await type_into(pilot, "#af-note", "Rewritten note")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, EditActivityDialog)
    after = Journal.open().activities.get_activity(target)
    assert after.note == "Rewritten note"
    assert (after.minutes, after.mode, after.channel, after.contact_ids, after.tags) == (
        before.minutes,
        before.mode,
        before.channel,
        before.contact_ids,
        before.tags,
    )


async def test_edit_never_overwrites_what_another_process_changed_meanwhile(
    demo: Journal,
) -> None:
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await open_journal(pilot)
        target = table_ids(pilot)[0]
        await pilot.press("e")
        await pilot.pause()
        # While the dialog is open, "the CLI" changes the note.
        Journal.open().activities.edit(target, ActivityInput(note="Changed from the CLI"))
        await type_into(pilot, "#af-duration", "50m")
        await pilot.press("ctrl+s")
        await pilot.pause()
    after = Journal.open().activities.get_activity(target)
    assert after.minutes == 50
    assert after.note == "Changed from the CLI"


async def test_invalid_edit_keeps_the_dialog_open_and_the_activity_unchanged(
    demo: Journal,
) -> None:
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await open_journal(pilot)
        target = table_ids(pilot)[0]
        before = demo.activities.get_activity(target)
        await pilot.press("enter")  # enter on a row edits too
        await pilot.pause()
        await type_into(pilot, "#af-mode", "sideways")
        await pilot.press("enter")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, EditActivityDialog)
        assert dialog.query_one(ActivityForm).invalid_fields() == ["mode"]
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, EditActivityDialog)
    assert Journal.open().activities.get_activity(target) == before


async def test_delete_asks_first_and_undo_brings_it_back(demo: Journal) -> None:
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await open_journal(pilot)
        target = table_ids(pilot)[0]
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("n")  # keep it
        await pilot.pause()
        assert target in table_ids(pilot)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert target not in table_ids(pilot)
        assert target not in {a.id for a in Journal.open().activities.list_activities()}
        await pilot.press("u")
        await pilot.pause()
        assert target in table_ids(pilot)
    assert target in {a.id for a in Journal.open().activities.list_activities()}


# --- Contacts and Conversations ------------------------------------------------------------


def contact_rows(pilot: Pilot[Any]) -> list[str]:
    table = pilot.app.screen.query_one("#contacts-table", DataTable)
    return [str(table.get_row(key)[0]) for key in table.rows]


async def test_contacts_search_narrows_the_list(demo: Journal) -> None:
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        everyone = contact_rows(pilot)
        assert len(everyone) == len(demo.relationships.list_contacts())
        await pilot.press("slash")
        await pilot.press(*"rcn")
        await pilot.pause()
        expected = [c.name for c in demo.relationships.list_contacts(search="rcn")]
        assert contact_rows(pilot) == expected
        assert 0 < len(expected) < len(everyone)
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.focused is pilot.app.screen.query_one("#contacts-table")


async def test_enter_shows_a_contacts_activities_and_conversations(demo: Journal) -> None:
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        first = demo.relationships.list_contacts()[0]
        history = str(pilot.app.screen.query_one("#contact-history", Static).render())
        assert "Conversations" not in history  # read on request, not on every cursor move
        await pilot.press("enter")
        await pilot.pause()
        history = str(pilot.app.screen.query_one("#contact-history", Static).render())
        acts = demo.activities.list_activities(date(2025, 11, 25), FROZEN_TODAY, contact=first.id)
        assert f"Last 12 months: {len(acts)} activities" in history
        convs = demo.conversations.list_conversations(with_name=first.id)
        assert f"Conversations: {len(convs)}" in history
        card = str(pilot.app.screen.query_one("#contact-card", Static).render())
        assert first.name in card


async def test_adding_a_contact_through_the_dialog(demo: Journal) -> None:
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await type_into(pilot, "#cf-name", "Teresa Chinn")
        await type_into(pilot, "#cf-cadence", "4w")
        await type_into(pilot, "#cf-x", "@wenurses")
        await pilot.press("enter")
        await pilot.pause()
        assert "Teresa Chinn" in contact_rows(pilot)
    added = Journal.open().relationships.get_contact("Teresa Chinn")
    assert added.cadence_days == 28
    assert added.handles["x"].lstrip("@") == "wenurses"


async def test_bad_cadence_marks_the_field_in_the_contact_dialog(demo: Journal) -> None:
    before = len(demo.relationships.list_contacts())
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.press("a")
        await pilot.pause()
        await type_into(pilot, "#cf-name", "Someone")
        await type_into(pilot, "#cf-cadence", "fortnightly-ish")
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen.query_one("#cf-cadence").has_class("-invalid")
    assert len(Journal.open().relationships.list_contacts()) == before


async def test_merge_folds_the_chosen_contact_into_the_highlighted_one(demo: Journal) -> None:
    keep, other = demo.relationships.list_contacts()[:2]
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        await pilot.press(*other.name)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert other.name not in contact_rows(pilot)
    names = [c.name for c in Journal.open().relationships.list_contacts()]
    assert keep.name in names and other.name not in names


def conversation_ids(pilot: Pilot[Any]) -> list[str]:
    table = pilot.app.screen.query_one("#conversations-table", DataTable)
    return [str(key.value) for key in table.rows]


async def test_mark_conversation_replied(demo: Journal) -> None:
    open_ones = demo.conversations.list_conversations(open_only=True)
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        ids = conversation_ids(pilot)
        assert set(ids) == {c.id for c in open_ones}
        target = pilot.app.screen.selected_id()
        assert target in ids
        await pilot.press("r")
        await pilot.pause()
        assert target not in conversation_ids(pilot)  # no longer open
    replied = Journal.open().conversations.get_conversation(target)
    assert replied.replied
    assert replied.replied_on == FROZEN_TODAY


async def test_conversations_are_listed_by_month(demo: Journal) -> None:
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await pilot.pause()
        november = set(conversation_ids(pilot))
        await pilot.press("left_square_bracket")
        await pilot.pause()
        october = set(conversation_ids(pilot))
        assert "October 2026" in label_text(pilot, "#conversations-heading")
    for conv in demo.conversations.list_conversations():
        started_or_last = {conv.started, conv.last_date}
        assert (conv.id in november) == any(d and d.month == 11 for d in started_or_last)
        assert (conv.id in october) == any(d and d.month == 10 for d in started_or_last)


@pytest.mark.parametrize(
    ("key", "table_id"), [("3", "#contacts-table"), ("4", "#conversations-table")]
)
async def test_names_and_summaries_with_square_brackets_show_as_typed(
    demo: Journal, key: str, table_id: str
) -> None:
    name, summary = "[/x] Jo [b]Bloggs", "[/nhs] follow-up [i]soon"  # Rich markup if read so
    demo.conversations.add_conversation([name], "x", summary=summary)
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await pilot.press(key)
        await pilot.pause()
        table = pilot.app.screen.query_one(table_id, DataTable)
        cells = {str(cell) for row in range(table.row_count) for cell in table.get_row_at(row)}
        assert name in cells
        if key == "4":
            assert summary in cells


# --- live refresh -----------------------------------------------------------------------


async def test_a_write_by_a_second_process_shows_up_after_the_poll(demo: Journal) -> None:
    note = "Logged from another terminal"
    async with app_over(demo, poll_seconds=0.2).run_test(size=SIZE) as pilot:
        await open_journal(pilot)
        shown_before = set(table_ids(pilot))
        result = run_cli("log", "online", "25m", note, "--channel", "linkedin")
        assert result.returncode == 0, result.stderr
        [added] = [a for a in Journal.open().activities.list_activities() if a.note == note]
        for _ in range(100):  # the poll runs every 0.2 s; allow a slow machine 10 s
            await pilot.pause(0.1)
            if added.id in table_ids(pilot):
                break
        assert set(table_ids(pilot)) == shown_before | {added.id}


async def test_screen_reloads_when_shown_again_after_an_outside_change(demo: Journal) -> None:
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await open_journal(pilot)
        await pilot.press("1")
        Journal.open().activities.log(
            ActivityInput(mode="offline", duration="1h", note="Ward huddle")
        )
        await pilot.press("2")
        await pilot.pause()
        notes = [demo.activities.get_activity(i).note for i in table_ids(pilot)]
        assert "Ward huddle" in notes


def test_the_app_and_today_screen_do_not_import_the_charting_library() -> None:
    code = (
        "import sys, netjournal.tui.app, netjournal.tui.screens.today;"
        "print(sorted(m for m in ('textual_plotext', 'plotext') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_importing_the_tui_package_does_not_import_textual() -> None:
    code = "import sys, netjournal.tui; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


async def test_theme_change_is_remembered_in_the_config(demo: Journal) -> None:
    async with app_over(demo).run_test(size=SIZE) as pilot:
        assert pilot.app.theme == "textual-dark"
        await pilot.app.run_action("toggle_dark")
        await pilot.pause()
        assert pilot.app.theme == "textual-light"
    assert Journal.open().config.theme == "textual-light"
    async with app_over(Journal.open()).run_test(size=SIZE) as pilot:
        assert pilot.app.theme == "textual-light"


async def test_key_bar_shows_the_screen_keys_and_typing_keys(demo: Journal) -> None:
    from netjournal.tui.widgets.key_bar import KeyBar

    async with app_over(demo).run_test(size=SIZE) as pilot:
        bar = pilot.app.screen.query_one(KeyBar)
        shown = [b.description for b, _ in bar.shown_bindings()]
        assert shown[:7] == [
            "Today",
            "Journal",
            "Contacts",
            "Convos",
            "Trends",
            "Targets",
            "Export",
        ]
        assert "Help" in shown and "Leave the field" not in shown
        await pilot.press("n")
        await pilot.pause()
        shown = [b.description for b, _ in bar.shown_bindings()]
        assert "Leave the field" in shown and "Save" in shown and "Today" not in shown


async def test_clicking_a_key_in_the_key_bar_presses_it(demo: Journal) -> None:
    from netjournal.tui.widgets.key_bar import KeyBar

    async with app_over(demo).run_test(size=SIZE) as pilot:
        bar = pilot.app.screen.query_one(KeyBar)
        [start] = [s for s, _, b, _ in bar._spans if b.description == "Contacts"]
        await pilot.click(KeyBar, offset=(start + 1, 0))
        await pilot.pause()
        assert pilot.app.current_mode == "contacts"


async def test_all_weeks_search_lists_only_the_newest_rows_when_there_are_many(
    demo: Journal, monkeypatch: Any
) -> None:
    import netjournal.tui.screens.journal as journal_screen

    monkeypatch.setattr(journal_screen, "MAX_ROWS", 5)
    online = demo.activities.list_activities(None, None, mode="online")
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await open_journal(pilot)
        await pilot.press("slash", *"mode:online", "enter", "a")
        await pilot.pause()
        assert table_ids(pilot) == [a.id for a in online[-5:]]
        heading = label_text(pilot, "#journal-heading")
        assert f"All weeks · {len(online)} activities" in heading
        assert "newest 5 shown" in heading
