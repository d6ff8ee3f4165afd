"""One self-contained HTML page that prints well: no scripts, fonts or links to fetch.

Everything the page needs is inline, so the file can be e-mailed, opened
offline years later, or printed to PDF from any browser. Print CSS turns the
page landscape (the NMC log has eight columns), repeats table headers on
each printed page and keeps rows and reflective accounts from splitting.
Every piece of journal text is HTML-escaped.
"""

from __future__ import annotations

from html import escape

from netjournal.exporters.document import Document, Section, Table
from netjournal.exporters.report import CpdReport, Progress

STYLE = """
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; font-size: 11pt;
       line-height: 1.4; color: #111; max-width: 75rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.25rem; border-bottom: 1px solid #999; padding-bottom: 0.15rem;
     margin-top: 1.8rem; }
h3 { font-size: 1.05rem; margin-top: 1.2rem; }
.subtitle { color: #444; margin-top: 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
dt { font-weight: bold; }
dd { margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; }
th, td { border: 1px solid #999; padding: 0.25rem 0.4rem; vertical-align: top; text-align: left; }
th { background: #e8e8e8; }
td.num, th.num { text-align: right; white-space: nowrap; }
tfoot td { font-weight: bold; background: #f4f4f4; }
.empty { font-style: italic; }
.placeholder { border: 2px dashed #b00; padding: 0.6rem; background: #fff8f8; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  thead { display: table-header-group; }
  tfoot { display: table-footer-group; }
  tr, dl, section.level-3 { break-inside: avoid; page-break-inside: avoid; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
}
""".strip()


def _cell(tag: str, text: str, numeric: bool) -> str:
    css = ' class="num"' if numeric else ""
    return f"<{tag}{css}>{escape(text)}</{tag}>"


def _table(table: Table) -> list[str]:
    if not table.rows:
        return [f'<p class="empty">{escape(table.empty_text)}</p>']
    head = "".join(_cell("th", c, i in table.numeric) for i, c in enumerate(table.columns))
    lines = ["<table>", f"<thead><tr>{head}</tr></thead>", "<tbody>"]
    lines.extend(
        "<tr>" + "".join(_cell("td", c, i in table.numeric) for i, c in enumerate(row)) + "</tr>"
        for row in table.rows
    )
    lines.append("</tbody>")
    if table.footer is not None:
        foot = "".join(_cell("td", c, i in table.numeric) for i, c in enumerate(table.footer))
        lines.append(f"<tfoot><tr>{foot}</tr></tfoot>")
    lines.append("</table>")
    return lines


def _section(section: Section) -> list[str]:
    level = min(max(section.level, 2), 6)
    lines = [f'<section class="level-{level}">', f"<h{level}>{escape(section.title)}</h{level}>"]
    css = ' class="placeholder"' if section.placeholder else ""
    lines.extend(f"<p{css}>{escape(p)}</p>" for p in section.paragraphs)
    if section.facts:
        lines.append("<dl>")
        lines.extend(
            f"<dt>{escape(key)}</dt><dd>{escape(value)}</dd>" for key, value in section.facts
        )
        lines.append("</dl>")
    if section.table is not None:
        lines.extend(_table(section.table))
    lines.append("</section>")
    return lines


def render(document: Document, report: CpdReport, progress: Progress | None = None) -> bytes:
    del report, progress  # fast enough to need no progress of its own
    lines = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(document.title)} — {escape(document.subtitle)}</title>",
        f"<style>\n{STYLE}\n</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{escape(document.title)}</h1>",
        f'<p class="subtitle">{escape(document.subtitle)}</p>',
        "</header>",
        "<main>",
    ]
    for section in document.sections:
        lines.extend(_section(section))
    lines.extend(["</main>", "</body>", "</html>"])
    return ("\n".join(lines) + "\n").encode("utf-8")
