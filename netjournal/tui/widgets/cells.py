"""Table cells as plain text.

Textual's ``DataTable`` reads a ``str`` cell as Rich markup: a note such as
``[/nhs] tidy up`` stops the app with a markup error, and ``[b]`` turns the
rest bold. Every table of the app hands its cells over as :class:`rich.text.
Text`, which is shown as typed (and measured and drawn without the markup
parse, which the Today screen's first frame notices).
"""

from __future__ import annotations

from rich.text import Text


def as_text(cell: str | Text) -> Text:
    """``cell`` as a Text shown as typed (a Text is kept as it is)."""
    return cell if isinstance(cell, Text) else Text(cell, end="")


def plain_cells(*cells: str | Text) -> list[Text]:
    """:func:`as_text` of each cell, for ``DataTable.add_row(*plain_cells(...))``."""
    return [as_text(cell) for cell in cells]
