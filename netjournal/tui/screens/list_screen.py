"""A data screen that lists records in a table, narrowed by a search line.

The Contacts and Conversations screens: each row of the table (``MAIN``) is
keyed by its record's id, and what is typed in the search ``Input``
(``SEARCH``) narrows the rows at every keystroke. ``/`` goes to the search
line, ``enter`` back to the table.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.widgets import DataTable, Input

from netjournal.tui.screens import LIST_CSS
from netjournal.tui.screens.base import DataScreen


class ListScreen(DataScreen):
    """Subclasses set ``MAIN`` (the table) and ``SEARCH`` (the search line) as selectors."""

    CSS_PATH = LIST_CSS
    SEARCH: ClassVar[str]

    def __init__(self) -> None:
        super().__init__()
        self.search_text = ""

    def selected_id(self) -> str | None:
        """The id of the record under the table's cursor, or ``None`` for an empty table."""
        table = self.query_one(self.MAIN, DataTable)
        if not table.row_count:
            return None
        key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return key.value

    def action_search(self) -> None:
        self.query_one(self.SEARCH, Input).focus()

    @on(Input.Changed)
    def _search_changed(self, event: Input.Changed) -> None:
        if event.input is self.query_one(self.SEARCH, Input):
            self.search_text = event.value.strip()
            self.reload()

    @on(Input.Submitted)
    def _search_submitted(self, event: Input.Submitted) -> None:
        if event.input is self.query_one(self.SEARCH, Input):
            event.stop()
            self.focus_main()
