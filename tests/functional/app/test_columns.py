"""Which columns a table keeps at a given width (issue 14: readable at 80, wide at 120)."""

from __future__ import annotations

from netjournal.tui.widgets.columns import clip, fit_columns

COLUMNS = ("day", "time", "purpose", "style", "note", "cpd")
WIDTHS = {"day": 8, "time": 5, "purpose": 9, "style": 12, "note": 60, "cpd": 3}
DROP = ("style", "purpose", "time")


def test_a_wide_table_keeps_every_column_and_gives_the_note_the_rest() -> None:
    shown, note = fit_columns(COLUMNS, WIDTHS, flex="note", available=140, drop_first=DROP)
    assert shown == COLUMNS
    # 140 - 2 (scrollbar) - 6 columns x 2 padding - the other columns' 37 cells
    assert note == 60  # never more than the longest note needs


def test_a_narrow_table_drops_columns_in_order_until_the_note_is_readable() -> None:
    shown, note = fit_columns(COLUMNS, WIDTHS, flex="note", available=60, drop_first=DROP)
    assert shown == ("day", "time", "purpose", "note", "cpd")
    assert note >= 20
    shown, note = fit_columns(COLUMNS, WIDTHS, flex="note", available=45, drop_first=DROP)
    assert shown == ("day", "note", "cpd")
    assert note == 45 - 2 - 3 * 2 - 8 - 3


def test_the_note_keeps_its_minimum_when_nothing_more_can_go() -> None:
    shown, note = fit_columns(COLUMNS, WIDTHS, flex="note", available=30, drop_first=DROP)
    assert shown == ("day", "note", "cpd")
    assert note == 20


def test_clip_marks_a_cut_with_an_ellipsis_and_keeps_short_text() -> None:
    assert clip("Peer supervision group", 30) == "Peer supervision group"
    assert clip("Peer supervision group", 10) == "Peer super…"[:9] + "…"
    assert clip("two\nlines", 20) == "two lines"
