"""PDF through fpdf2 (the optional ``pdf`` extra), with bundled DejaVu Sans.

fpdf2's built-in fonts only know Latin-1: an en dash or a name with "ł" in
it would raise. DejaVu Sans (regular and bold, Bitstream Vera licence, see
``fonts/LICENSE``) ships inside the package, so the PDF renders the same
text as every other format, on any machine, offline. fpdf2 is imported here
only, when a PDF is actually asked for. The creation date is the report's
``generated_on`` so two exports of the same data are the same document.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

from netjournal.errors import InputError
from netjournal.exporters.document import Document, Section, Table
from netjournal.exporters.report import CpdReport

FONT_DIR = Path(__file__).parent / "fonts"
FAMILY = "DejaVuSans"
_SIZES = {1: 16.0, 2: 13.0, 3: 11.0}


def _fpdf() -> Any:
    try:
        import fpdf
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise InputError(
            "PDF export needs fpdf2: install netjournal with the pdf extra "
            "(pip install 'netjournal[pdf]'), or choose --format html and print it",
            field="format",
        ) from exc
    return fpdf


_CELL_PADDING = 2.5  # mm: fpdf2's default cell padding on both sides, plus a little air
_LONGEST_WORD = 45.0  # mm: longer words (URLs, file paths) may wrap inside the word


def _widths(pdf: Any, table: Table) -> tuple[float, ...]:
    """Column widths in mm that fill the page width.

    Every column first gets room for its longest word (so a date or
    "Participatory" never breaks mid-word); the space left is shared among
    columns by how much more their typical (75th percentile) cell wants.
    """
    minimum: list[float] = []
    wanted: list[float] = []
    for index, column in enumerate(table.columns):
        cells = [row[index] for row in table.rows]
        if table.footer is not None:
            cells.append(table.footer[index])
        pdf.set_font(FAMILY, "B", 8)
        widest = max((pdf.get_string_width(w) for w in column.split()), default=0.0)
        pdf.set_font(FAMILY, "", 8)
        for text in cells:
            widest = max(widest, *(pdf.get_string_width(w) for w in text.split()), 0.0)
        floor = min(widest, _LONGEST_WORD) + _CELL_PADDING
        filled = sorted(pdf.get_string_width(c) for c in cells if c) or [0.0]
        typical = filled[len(filled) * 3 // 4] + _CELL_PADDING
        minimum.append(floor)
        wanted.append(0.0 if index in table.numeric else max(0.0, min(typical, 90.0) - floor))
    spare = pdf.epw - sum(minimum)
    if spare <= 0:
        scale = pdf.epw / sum(minimum)
        return tuple(m * scale for m in minimum)
    total_wanted = sum(wanted) or float(len(wanted))
    shares = wanted if sum(wanted) else [1.0] * len(wanted)
    return tuple(m + spare * w / total_wanted for m, w in zip(minimum, shares, strict=True))


def _heading(pdf: Any, text: str, level: int) -> None:
    pdf.set_font(FAMILY, "B", _SIZES.get(level, 11.0))
    pdf.ln(2 if level > 2 else 4)
    pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 10)


def _table(pdf: Any, table: Table) -> None:
    if not table.rows:
        pdf.set_font(FAMILY, "", 10)
        pdf.multi_cell(0, 5.5, table.empty_text, new_x="LMARGIN", new_y="NEXT")
        return
    pdf.set_font(FAMILY, "", 8)
    aligns = tuple("RIGHT" if i in table.numeric else "LEFT" for i in range(len(table.columns)))
    with pdf.table(
        col_widths=_widths(pdf, table),
        text_align=aligns,
        line_height=4.2,
        headings_style=_fpdf().FontFace(emphasis="BOLD", fill_color=(232, 232, 232)),
    ) as grid:
        grid.row(table.columns)
        for values in table.rows:
            grid.row(values)
        if table.footer is not None:
            grid.row(table.footer, style=_fpdf().FontFace(emphasis="BOLD"))
    pdf.set_font(FAMILY, "", 10)


def _section(pdf: Any, section: Section) -> None:
    _heading(pdf, section.title, section.level)
    for paragraph in section.paragraphs:
        if section.placeholder:
            pdf.set_draw_color(176, 0, 0)
            pdf.multi_cell(0, 5.5, paragraph, border=1, padding=2, new_x="LMARGIN", new_y="NEXT")
            pdf.set_draw_color(0, 0, 0)
        else:
            pdf.multi_cell(0, 5.5, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    for key, value in section.facts:
        pdf.set_font(FAMILY, "B", 10)
        pdf.multi_cell(0, 5.5, key, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FAMILY, "", 10)
        pdf.set_x(pdf.l_margin + 6)
        pdf.multi_cell(0, 5.5, value, new_x="LMARGIN", new_y="NEXT")
    if section.table is not None:
        pdf.ln(1)
        _table(pdf, section.table)


def render(document: Document, report: CpdReport) -> bytes:
    fpdf = _fpdf()
    pdf = fpdf.FPDF(orientation="landscape", format="A4")
    pdf.set_creation_date(datetime.combine(report.generated_on, time(0, 0), tzinfo=UTC))
    pdf.set_title(f"{document.title} — {document.subtitle}")
    pdf.set_creator("netjournal")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.set_margins(12, 12, 12)
    pdf.add_font(FAMILY, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.alias_nb_pages()
    pdf.add_page()
    _heading(pdf, document.title, 1)
    pdf.multi_cell(0, 6, document.subtitle, new_x="LMARGIN", new_y="NEXT")
    for section in document.sections:
        _section(pdf, section)
    return bytes(pdf.output())
