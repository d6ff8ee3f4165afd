"""Table cells as plain, printable text.

Textual's ``DataTable`` reads a ``str`` cell as Rich markup: a note such as
``[/nhs] tidy up`` stops the app with a markup error, and ``[b]`` turns the
rest bold. Every table of the app hands its cells over as :class:`rich.text.
Text`, which is shown as typed (and measured and drawn without the markup
parse, which the Today screen's first frame notices).

Shown as typed, except for control characters: an escape sequence in a note
would reach the terminal and retitle the window or clear the screen, and a
line break would break the row. Each cell is one line made
:func:`~netjournal.presentation.printable`.
"""

from __future__ import annotations

from rich.text import Text

from netjournal.presentation import printable


def as_text(cell: str | Text) -> Text:
    """``cell`` as a one-line, printable Text shown as typed.

    A Text whose characters are all printable is kept as it is (with its
    styles); one holding control characters is rebuilt from its printable
    form, keeping its overall style and justification but not its spans.
    """
    if isinstance(cell, Text):
        plain = cell.plain
        shown = printable(plain)
        if shown == plain:
            return cell
        return Text(shown, style=cell.style, justify=cell.justify, end="")
    return Text(printable(cell), end="")


def plain_cells(*cells: str | Text) -> list[Text]:
    """:func:`as_text` of each cell, for ``DataTable.add_row(*plain_cells(...))``."""
    return [as_text(cell) for cell in cells]
