"""JSON: the report as structured data, readable back with ``CpdReport.from_dict``.

Unlike the other formats it writes the report, not the laid-out page, so a
program gets numbers (minutes, hours) rather than formatted text. Keys are
kept in a stable order and non-ASCII text is written as is (UTF-8).
"""

from __future__ import annotations

import json

from netjournal.exporters.document import Document
from netjournal.exporters.report import CpdReport, Progress


def render(document: Document, report: CpdReport, progress: Progress | None = None) -> bytes:
    del document, progress  # the structured report carries everything
    return (json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
