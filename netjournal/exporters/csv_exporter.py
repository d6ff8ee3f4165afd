"""CSV that opens cleanly in Excel and LibreOffice, and cannot run formulas.

* UTF-8 with a byte-order mark: without it Excel reads UTF-8 as Windows-1252
  and "–" turns into "â€“".
* CRLF line ends and standard quoting (RFC 4180).
* One rectangular table: a header row, then one row per record, every row with
  every column, so ``csv``, pandas, Excel filters and sorting read it as it is.
  No total or summary rows: the totals and the other sections are in the
  Markdown, HTML, PDF and JSON exports and in ``netjournal cpd summary``
  (docs/cpd.md). The NMC table gains two columns, whether the record is a
  reflective account and what was learnt, so no record's text is lost with
  the reflective-account sections.
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

from netjournal.exporters.document import Document
from netjournal.exporters.report import CpdReport, Progress, Template
from netjournal.presentation import printable

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """``cell`` made safe for a spreadsheet: formula-looking text gets a leading ``'``,
    control characters are shown escaped."""
    shown = printable(cell, one_line=False)
    return f"'{shown}" if cell.startswith(_FORMULA_STARTS) else shown


#: What the NMC record's other sections say of each record, as columns of its one table.
NMC_EXTRA_COLUMNS = ("Reflective account", "What I learnt")


def render(document: Document, report: CpdReport, progress: Progress | None = None) -> bytes:
    del progress  # fast enough to need no progress of its own
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")

    def write(row: list[str]) -> None:
        writer.writerow([neutralise(cell) for cell in row])

    table = document.main.table
    assert table is not None  # every template's main section is its records table
    if report.template is Template.NMC:
        write([*table.columns, *NMC_EXTRA_COLUMNS])
        for row, record in zip(table.rows, report.records, strict=True):
            write([*row, "yes" if record.reflect else "no", record.learning])
    else:
        write(list(table.columns))
        for row in table.rows:
            write(list(row))
    return out.getvalue().encode("utf-8-sig")
