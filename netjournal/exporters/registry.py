"""The export formats netjournal knows, each in a module of its own.

A format module defines ``render(document, report, progress=None) -> bytes``. Modules are
imported by name only when a format is used, which keeps the start-up of the
CLI light and makes the PDF dependency (fpdf2) truly optional. To add a
format, write the module and add one :class:`ExportFormat` line here.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Protocol, cast

from netjournal.errors import InputError
from netjournal.exporters.document import Document
from netjournal.exporters.report import CpdReport, Progress


class Renderer(Protocol):
    """``render(document, report, progress=None) -> bytes`` of a format module."""

    def __call__(
        self, document: Document, report: CpdReport, progress: Progress | None = None
    ) -> bytes: ...


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """One output format: its name on the command line and how files end."""

    name: str
    extension: str
    module: str
    description: str
    binary: bool = False


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("csv", "csv", "csv_exporter", "spreadsheet (UTF-8, opens in Excel)"),
        ExportFormat("md", "md", "markdown_exporter", "Markdown text"),
        ExportFormat("html", "html", "html_exporter", "one printable web page"),
        ExportFormat("json", "json", "json_exporter", "structured data (round-trippable)"),
        ExportFormat("pdf", "pdf", "pdf_exporter", "PDF document (needs the pdf extra)", True),
    )
}

_ALIASES = {"markdown": "md", "htm": "html"}


def get_format(name: str) -> ExportFormat:
    """The format called ``name`` (``markdown`` is accepted for ``md``)."""
    key = name.strip().lower().lstrip(".")
    key = _ALIASES.get(key, key)
    if key not in FORMATS:
        raise InputError(
            f"unknown export format {name!r}: use {', '.join(FORMATS)}", field="format"
        )
    return FORMATS[key]


def renderer(fmt: ExportFormat) -> Renderer:
    """Import the format's module now and return its ``render`` function."""
    module = importlib.import_module(f"netjournal.exporters.{fmt.module}")
    return cast(Renderer, module.render)


def render(report: CpdReport, fmt: ExportFormat, progress: Progress | None = None) -> bytes:
    """The file contents of ``report`` in ``fmt``; ``progress`` hears of long renders."""
    from netjournal.exporters.layout import document_for

    payload = renderer(fmt)(document_for(report), report, progress)
    if progress is not None:
        total = max(1, len(report.records) + len(report.activities))
        progress(total, total)
    return payload
