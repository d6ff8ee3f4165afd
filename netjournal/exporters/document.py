"""A format-neutral page: a title, then sections of paragraphs, facts and tables.

Templates (:mod:`netjournal.exporters.layout`) decide *what* a regulator
sees; format modules (csv, markdown, html, pdf) decide only *how* it looks.
Keeping the two apart is what makes "every template in every format" a
3 × 5 grid of tests rather than fifteen hand-written exporters.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from netjournal.presentation import printable


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of text cells under a header; ``numeric`` columns align right.

    ``footer`` is a totals row, rendered apart from the data rows so that
    sorting a spreadsheet never mixes totals into the records.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: frozenset[int] = frozenset()
    footer: tuple[str, ...] | None = None
    empty_text: str = "Nothing to report."


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and its content, rendered in this order: paragraphs, facts, table."""

    title: str
    paragraphs: tuple[str, ...] = ()
    facts: tuple[tuple[str, str], ...] = ()
    table: Table | None = None
    level: int = 2
    placeholder: bool = False  # text the user must replace before handing it in


@dataclass(frozen=True, slots=True)
class Document:
    """One export. ``records`` is the section whose table holds the records.

    CSV writes that table first, at row 1, so spreadsheet filters and sorts
    work on it; the other formats follow the section order.
    """

    title: str
    subtitle: str
    sections: tuple[Section, ...]
    records: int = 0

    @property
    def main(self) -> Section:
        return self.sections[self.records]


def printable_document(document: Document) -> Document:
    """``document`` with every piece of text made :func:`~netjournal.presentation.printable`.

    Notes, names and topics come from the journal as typed or imported; no
    format should carry an escape sequence or a bidi override into a file
    that is opened in a terminal, a browser or a PDF viewer. Headings become
    one line; paragraphs, facts and cells keep their line breaks, which each
    format lays out its own way.
    """

    def text(value: str) -> str:
        return printable(value, one_line=False)

    def row(cells: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(map(text, cells))

    def table(t: Table | None) -> Table | None:
        if t is None:
            return None
        return replace(
            t,
            columns=tuple(map(printable, t.columns)),
            rows=tuple(map(row, t.rows)),
            footer=None if t.footer is None else row(t.footer),
            empty_text=text(t.empty_text),
        )

    sections = tuple(
        replace(
            s,
            title=printable(s.title),
            paragraphs=row(s.paragraphs),
            facts=tuple((printable(k), text(v)) for k, v in s.facts),
            table=table(s.table),
        )
        for s in document.sections
    )
    return replace(
        document,
        title=printable(document.title),
        subtitle=printable(document.subtitle),
        sections=sections,
    )
