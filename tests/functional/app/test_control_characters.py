"""The app never draws a control character from a note or a name.

Every table cell goes through ``widgets.cells.as_text`` (one printable line),
and the labels and panels that quote names or notes (the contact card and
history, dialog titles, toasts) through ``netjournal.presentation.printable``.
The edit dialogs show the printable text but send only changed fields, so
opening and saving one leaves the stored text exactly as it was.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Label, Static

from netjournal.journal import ActivityInput, Journal
from netjournal.presentation import CONTROL_CODE_POINTS
from netjournal.tui.dialogs.confirm import ConfirmDialog
from netjournal.tui.dialogs.edit_activity import EditActivityDialog
from netjournal.tui.widgets.activity_table import ActivityTable
from netjournal.tui.widgets.cells import as_text, plain_cells
from tests.app_support import SIZE, app_over

CONTROLS = frozenset(map(chr, CONTROL_CODE_POINTS))
EVERY_CONTROL = "".join(f"{chr(cp)}x" for cp in CONTROL_CODE_POINTS) + "\r\nend"
MIXED = st.text(alphabet=st.sampled_from(sorted(CONTROLS) + list("ab é[]")), max_size=40)


def raw(text: str, *, lines: bool = False) -> set[str]:
    """Control characters in ``text`` (but line breaks in a multi-line panel)."""
    return set(text) & CONTROLS - ({"\n"} if lines else set())


@given(MIXED, st.booleans())
@settings(deadline=None)
def test_property_a_table_cell_is_one_printable_line(text: str, styled: bool) -> None:
    cell = Text(text, style="bold", justify="right") if styled else text
    shown = as_text(cell)
    assert not raw(shown.plain)
    assert shown.plain.count("\n") == 0
    if styled:
        assert (shown.style, shown.justify) == ("bold", "right")


def test_a_printable_styled_cell_is_kept_as_it_is() -> None:
    cell = Text("30m", justify="right")
    assert as_text(cell) is cell
    assert [c.plain for c in plain_cells("a\x1b[2Jb", "c\nd")] == ["a\\x1b[2Jb", "c d"]


def _cells(pilot: Pilot[Any], selector: str) -> list[str]:
    table = pilot.app.screen.query_one(selector, DataTable)
    return [cell.plain for row in range(table.row_count) for cell in table.get_row_at(row)]


def _seed(journal: Journal) -> tuple[str, str]:
    name = f"Ann{EVERY_CONTROL}Lee"
    result = journal.activities.log(
        ActivityInput(
            mode="online", duration="20m", channel="x", note=f"n{EVERY_CONTROL}", contacts=(name,)
        )
    )
    journal.conversations.add_conversation([name], "x", summary=f"s{EVERY_CONTROL}")
    return result.activity.id, result.activity.contact_ids[0]


async def test_no_screen_draws_a_control_character(demo: Journal) -> None:
    activity_id, contact_id = _seed(demo)
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key, table in (("1", ActivityTable), ("2", ActivityTable)):
            await pilot.press(key)
            await pilot.pause()
            shown = pilot.app.screen.query_one(table)
            cells = [cell for row in range(shown.row_count) for cell in shown.row_cells(row)]
            assert any("n\\x00x\\x01x" in c for c in cells)  # the note is there, escaped
            assert not raw("".join(cells)), key
        await pilot.press("3")
        await pilot.pause()
        contacts = pilot.app.screen.query_one("#contacts-table", DataTable)
        contacts.move_cursor(row=contacts.get_row_index(contact_id))
        await pilot.press("enter")
        await pilot.pause()
        assert not raw("".join(_cells(pilot, "#contacts-table")))
        card = str(pilot.app.screen.query_one("#contact-card", Static).render())
        assert "Ann\\x00x" in card and not raw(card, lines=True)
        history = str(pilot.app.screen.query_one("#contact-history", Static).render())
        assert not raw(history, lines=True)
        await pilot.press("4")
        await pilot.pause()
        assert any("s\\x00x" in c for c in _cells(pilot, "#conversations-table"))
        assert not raw("".join(_cells(pilot, "#conversations-table")))
        assert not raw(pilot.app.export_screenshot(), lines=True)
    assert demo.activities.get_activity(activity_id).note == f"n{EVERY_CONTROL}"


async def test_dialog_titles_are_printable_and_an_untouched_edit_keeps_the_note(
    demo: Journal,
) -> None:
    activity_id, contact_id = _seed(demo)
    async with app_over(demo).run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        table = pilot.app.screen.query_one(ActivityTable)
        table.move_cursor(row=table.get_row_index(activity_id))
        await pilot.press("e")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, EditActivityDialog)
        shown = dialog.query_one("#af-note", Input).value
        assert shown.startswith("n\\x00x") and not raw(shown)
        await pilot.press("ctrl+s")  # nothing changed: nothing is sent
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        contacts = pilot.app.screen.query_one("#contacts-table", DataTable)
        contacts.move_cursor(row=contacts.get_row_index(contact_id))
        await pilot.press("d")
        await pilot.pause()
        confirm = pilot.app.screen
        assert isinstance(confirm, ConfirmDialog)
        question = str(confirm.query_one(".dialog-question", Label).render())
        assert "Ann\\x00x" in question and not raw(question)
        await pilot.press("n")
        await pilot.pause()
    after = Journal.open()
    assert after.activities.get_activity(activity_id).note == f"n{EVERY_CONTROL}"
    assert "\x1b" in after.relationships.get_contact(contact_id).name
