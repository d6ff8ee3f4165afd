"""CSV that opens cleanly in Excel and LibreOffice, and cannot run formulas.

* UTF-8 with a byte-order mark: without it Excel reads UTF-8 as Windows-1252
  and "–" turns into "â€“".
* CRLF line ends and standard quoting (RFC 4180).
* The records table starts at row 1 so filters and sorting work; totals and
  the other sections follow after a blank row.
* Formula injection: a cell starting with ``=``, ``+``, ``-``, ``@``, tab or
  carriage return is prefixed with an apostrophe, so a note such as
  ``=HYPERLINK(...)`` is shown as text, never evaluated (OWASP advice).
* Control characters are shown escaped (``\\x1b``), as everywhere else
  (:func:`~netjournal.presentation.printable`); line breaks inside a cell
  stay, quoted, as spreadsheets expect.
"""

from __future__ import annotations

import csv
import io

from netjournal.exporters.document import Document, Section
from netjournal.exporters.report import CpdReport, Progress
from netjournal.presentation import printable

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """``cell`` made safe for a spreadsheet: formula-looking text gets a leading ``'``,
    control characters are shown escaped."""
    shown = printable(cell, one_line=False)
    return f"'{shown}" if cell.startswith(_FORMULA_STARTS) else shown


def _rows_of(section: Section, *, with_table: bool) -> list[list[str]]:
    rows: list[list[str]] = [[section.title]]
    rows.extend([p] for p in section.paragraphs)
    rows.extend([key, value] for key, value in section.facts)
    if with_table and section.table is not None:
        rows.extend(_table_rows(section))
    return rows


def _table_rows(section: Section) -> list[list[str]]:
    table = section.table
    assert table is not None
    rows: list[list[str]] = [list(table.columns)]
    if not table.rows:
        rows.append([table.empty_text])
        return rows
    rows.extend(list(r) for r in table.rows)
    if table.footer is not None:
        rows.append(list(table.footer))
    return rows


def render(document: Document, report: CpdReport, progress: Progress | None = None) -> bytes:
    del report, progress  # fast enough to need no progress of its own
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")

    def write(row: list[str]) -> None:
        writer.writerow([neutralise(cell) for cell in row])

    main = document.main
    for row in _table_rows(main):
        write(row)
    write([])
    write([document.title])
    write([document.subtitle])
    for index, section in enumerate(document.sections):
        write([])
        for row in _rows_of(section, with_table=index != document.records):
            write(row)
    return out.getvalue().encode("utf-8-sig")
