"""PDF through fpdf2 (the optional ``pdf`` extra), with bundled DejaVu Sans.

fpdf2's built-in fonts only know Latin-1: an en dash or a name with "ł" in
it would raise. DejaVu Sans (regular and bold, Bitstream Vera licence, see
``fonts/LICENSE``) ships inside the package, so the PDF renders the same
text as every other format, on any machine, offline. What those fonts cannot
show (Chinese, Arabic, Devanagari, most emoji …) is refused by name before
anything is written, never dropped: see ``pdf_coverage``. fpdf2 is imported here
only, when a PDF is actually asked for. The creation date is the report's
``generated_on`` so two exports of the same data are the same document.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

from netjournal.errors import InputError
from netjournal.exporters.document import Document, Section, Table
from netjournal.exporters.pdf_coverage import covered, refuse_unshown
from netjournal.exporters.report import CpdReport, Progress

FONT_DIR = Path(__file__).parent / "fonts"
FAMILY = "DejaVuSans"
FONT_FILES = (FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf")
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


# Whitespace DejaVu Sans has no glyph for, which fpdf2 would drop (a tab would
# glue two words together): drawn as a space. Table cells split on any
# whitespace already; this is for the paragraphs, facts and headings.
_BLANKS = dict.fromkeys([0x09, 0x0B, 0x0C, 0x1C, 0x1D, 0x1E, 0x1F, 0x85, 0x3000], " ")


def _plain(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_BLANKS)


_CELL_PADDING = 1.2  # mm of air on each side of a cell's text
_LONGEST_WORD = 45.0  # mm: longer words (URLs, file paths) wrap inside the word
_TABLE_SIZE = 8.0  # pt
_LINE = 3.6  # mm between table text lines at 8 pt


class _Measure:
    """Text widths from a per-character cache.

    fpdf2's own line breaking re-measures a line for every character added,
    which made a 10-year export (10,000 rows) take many minutes. Widths of a
    few hundred distinct characters are looked up once and summed instead.
    """

    def __init__(self, pdf: Any, style: str) -> None:
        self._pdf = pdf
        self._style = style
        self._cache: dict[str, float] = {}

    def __call__(self, text: str) -> float:
        cache = self._cache
        try:
            return sum(map(cache.__getitem__, text))
        except KeyError:
            self._pdf.set_font(FAMILY, self._style, _TABLE_SIZE)
            for ch in set(text) - cache.keys():
                cache[ch] = self._pdf.get_string_width(ch)
            return sum(map(cache.__getitem__, text))


def _wrap(text: str, width: float, measure: _Measure) -> list[str]:
    """Greedy word wrap to ``width`` mm; a word wider than a line is cut by characters."""
    space = measure(" ")
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        words: list[str] = []
        used = 0.0
        for word in paragraph.split():
            size = measure(word)
            if words and used + space + size <= width:
                words.append(word)
                used += space + size
                continue
            if words:
                lines.append(" ".join(words))
            while size > width and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and measure(word[:cut]) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
                size = measure(word)
            words, used = [word], size
        lines.append(" ".join(words))
    return lines


def _widths(pdf: Any, table: Table, regular: _Measure, bold: _Measure) -> tuple[float, ...]:
    """Column widths in mm that fill the page width.

    Every column first gets room for its longest word (so a date or
    "Participatory" never breaks mid-word); the space left is shared among
    text columns by how much more their typical (75th percentile) cell wants.
    """
    minimum: list[float] = []
    wanted: list[float] = []
    for index, column in enumerate(table.columns):
        cells = [row[index] for row in table.rows]
        if table.footer is not None:
            cells.append(table.footer[index])
        widest = max((bold(w) for w in column.split()), default=0.0)
        for text in cells:
            widest = max(widest, *(regular(w) for w in text.split()), 0.0)
        floor = min(widest, _LONGEST_WORD) + 2 * _CELL_PADDING
        filled = sorted(regular(c) for c in cells if c) or [0.0]
        typical = filled[len(filled) * 3 // 4] + 2 * _CELL_PADDING
        minimum.append(floor)
        wanted.append(0.0 if index in table.numeric else max(0.0, min(typical, 90.0) - floor))
    spare = pdf.epw - sum(minimum)
    if spare <= 0:
        scale = pdf.epw / sum(minimum)
        return tuple(m * scale for m in minimum)
    shares = wanted if sum(wanted) else [1.0] * len(wanted)
    return tuple(m + spare * w / sum(shares) for m, w in zip(minimum, shares, strict=True))


def _heading(pdf: Any, text: str, level: int) -> None:
    pdf.set_font(FAMILY, "B", _SIZES.get(level, 11.0))
    pdf.ln(2 if level > 2 else 4)
    pdf.multi_cell(0, 7, _plain(text), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 10)


def _layout(
    cells: tuple[str, ...], widths: tuple[float, ...], measure: _Measure, max_lines: int
) -> list[list[str]]:
    """Each cell's wrapped lines; a cell taller than a page is cut with "…"."""
    wrapped = [_wrap(c, w - 2 * _CELL_PADDING, measure) for c, w in zip(cells, widths, strict=True)]
    return [
        lines if len(lines) <= max_lines else [*lines[: max_lines - 1], lines[max_lines - 1] + " …"]
        for lines in wrapped
    ]


def _height(wrapped: list[list[str]]) -> float:
    return max(len(lines) for lines in wrapped) * _LINE + 2 * _CELL_PADDING


def _draw_row(
    pdf: Any,
    wrapped: list[list[str]],
    widths: tuple[float, ...],
    numeric: frozenset[int],
    measure: _Measure,
    *,
    style: str = "",
    fill: bool = False,
) -> None:
    """Draw one laid-out row's text at the current y, rule it off below, move below it.

    Vertical rules are drawn once per page by :func:`_table` (one line per
    column instead of a rectangle per cell keeps 10-year exports fast).
    """
    height = _height(wrapped)
    pdf.set_font(FAMILY, style, _TABLE_SIZE)
    x, y = pdf.l_margin, pdf.get_y()
    if fill:
        pdf.rect(x, y, sum(widths), height, style="F")
    for index, (lines, width) in enumerate(zip(wrapped, widths, strict=True)):
        for number, line in enumerate(lines):
            if not line:
                continue
            left = x + _CELL_PADDING
            if index in numeric:
                left = x + width - _CELL_PADDING - measure(line)
            pdf.text(left, y + _CELL_PADDING + (number + 0.78) * _LINE, line)
        x += width
    pdf.line(pdf.l_margin, y + height, pdf.l_margin + sum(widths), y + height)
    pdf.set_y(y + height)


def _table(pdf: Any, table: Table, progress: Progress | None = None) -> None:
    """A grid that repeats its header on each page and never splits a row."""
    if not table.rows:
        pdf.set_font(FAMILY, "", 10)
        pdf.multi_cell(0, 5.5, _plain(table.empty_text), align="L", new_x="LMARGIN", new_y="NEXT")
        return
    regular, bold = _Measure(pdf, ""), _Measure(pdf, "B")
    widths = _widths(pdf, table, regular, bold)
    edges = [pdf.l_margin]
    for width in widths:
        edges.append(edges[-1] + width)
    bottom = float(pdf.h - pdf.b_margin)
    max_lines = max(1, int((bottom - pdf.t_margin - 20) / _LINE))
    head = _layout(table.columns, widths, bold, max_lines)
    rows = [(_layout(r, widths, regular, max_lines), "", regular) for r in table.rows]
    if table.footer is not None:
        rows.append((_layout(table.footer, widths, bold, max_lines), "B", bold))
    pdf.set_fill_color(232, 232, 232)
    pdf.set_draw_color(120, 120, 120)
    pdf.set_line_width(0.2)

    def start_page_part() -> float:
        top = float(pdf.get_y())
        pdf.line(edges[0], top, edges[-1], top)
        _draw_row(pdf, head, widths, table.numeric, bold, style="B", fill=True)
        return top

    def close_page_part(top: float) -> None:
        for edge in edges:
            pdf.line(edge, top, edge, pdf.get_y())

    if pdf.get_y() + _height(head) + _height(rows[0][0]) > bottom:
        pdf.add_page()
    top = start_page_part()
    step = max(1, len(rows) // 100)
    for done, (wrapped, style, measure) in enumerate(rows, start=1):
        if progress is not None and done % step == 0 and done <= len(table.rows):
            progress(done, len(table.rows))  # the totals row is not a record
        if pdf.get_y() + _height(wrapped) > bottom:
            close_page_part(top)
            pdf.add_page()
            top = start_page_part()
        _draw_row(pdf, wrapped, widths, table.numeric, measure, style=style)
    close_page_part(top)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_font(FAMILY, "", 10)
    pdf.ln(2)


def _section(pdf: Any, section: Section, progress: Progress | None = None) -> None:
    _heading(pdf, section.title, section.level)
    for paragraph in section.paragraphs:
        if section.placeholder:
            pdf.set_draw_color(176, 0, 0)
            pdf.multi_cell(
                0,
                5.5,
                _plain(paragraph),
                border=1,
                padding=2,
                align="L",
                new_x="LMARGIN",
                new_y="NEXT",
            )
            pdf.set_draw_color(0, 0, 0)
        else:
            pdf.multi_cell(0, 5.5, _plain(paragraph), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    for key, value in section.facts:
        pdf.set_font(FAMILY, "B", 10)
        pdf.multi_cell(0, 5.5, _plain(key), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FAMILY, "", 10)
        pdf.set_x(pdf.l_margin + 6)
        pdf.multi_cell(0, 5.5, _plain(value), align="L", new_x="LMARGIN", new_y="NEXT")
    if section.table is not None:
        pdf.ln(1)
        _table(pdf, section.table, progress)


def document_text(document: Document) -> list[str]:
    """Every piece of text the PDF would draw."""
    texts = [document.title, document.subtitle]
    for section in document.sections:
        texts += [section.title, *section.paragraphs]
        texts += [part for fact in section.facts for part in fact]
        if section.table is not None:
            table = section.table
            texts += [*table.columns, table.empty_text, *(table.footer or ())]
            texts += [cell for row in table.rows for cell in row]
    return texts


def render(document: Document, report: CpdReport, progress: Progress | None = None) -> bytes:
    fpdf = _fpdf()
    refuse_unshown(document_text(document), covered(*FONT_FILES))
    pdf = fpdf.FPDF(orientation="landscape", format="A4")
    pdf.set_creation_date(datetime.combine(report.generated_on, time(0, 0), tzinfo=UTC))
    pdf.set_title(f"{document.title} — {document.subtitle}")
    pdf.set_creator("netjournal")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.set_margins(12, 12, 12)
    pdf.add_font(FAMILY, "", str(FONT_FILES[0]))
    pdf.add_font(FAMILY, "B", str(FONT_FILES[1]))
    pdf.alias_nb_pages()
    pdf.add_page()
    _heading(pdf, document.title, 1)
    pdf.multi_cell(0, 6, _plain(document.subtitle), align="L", new_x="LMARGIN", new_y="NEXT")
    for section in document.sections:
        _section(pdf, section, progress)
    return bytes(pdf.output())
