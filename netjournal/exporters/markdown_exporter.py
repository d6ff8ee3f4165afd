"""Markdown: readable as plain text, and renders as a tidy page on any forge.

Text from the journal is escaped so a note cannot break a table (``|``),
smuggle HTML into a rendered page (``<``) or become a link: a ``]`` directly
before ``(``, ``[`` or ``:`` is escaped, which undoes every CommonMark link,
image and reference form while redaction placeholders such as ``[phone]``
stay readable as plain text.
"""

from __future__ import annotations

import re

from netjournal.exporters.document import Document, Section, Table
from netjournal.exporters.report import CpdReport, Progress

_SPECIAL = re.compile(r"([\\`*_<>|]|\](?=[(\[:]))")


def escape(text: str) -> str:
    """Backslash-escape Markdown syntax and fold line breaks into spaces."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _table(table: Table) -> list[str]:
    if not table.rows:
        return [f"*{escape(table.empty_text)}*", ""]
    lines = [
        "| " + " | ".join(escape(c) for c in table.columns) + " |",
        "|"
        + "|".join("---:" if i in table.numeric else "---" for i in range(len(table.columns)))
        + "|",
    ]
    lines.extend("| " + " | ".join(escape(c) for c in row) + " |" for row in table.rows)
    if table.footer is not None:
        lines.append(
            "| " + " | ".join(f"**{escape(c)}**" if c else "" for c in table.footer) + " |"
        )
    lines.append("")
    return lines


def _section(section: Section) -> list[str]:
    lines = ["#" * section.level + " " + escape(section.title), ""]
    for paragraph in section.paragraphs:
        text = escape(paragraph)
        lines.extend([f"> {text}" if section.placeholder else text, ""])
    if section.facts:
        lines.extend(
            f"- **{escape(key)}{'' if key.endswith('?') else ':'}** {escape(value)}"
            for key, value in section.facts
        )
        lines.append("")
    if section.table is not None:
        lines.extend(_table(section.table))
    return lines


def render(document: Document, report: CpdReport, progress: Progress | None = None) -> bytes:
    del report, progress  # fast enough to need no progress of its own
    lines = [f"# {escape(document.title)}", "", escape(document.subtitle), ""]
    for section in document.sections:
        lines.extend(_section(section))
    while lines and lines[-1] == "":
        lines.pop()
    return ("\n".join(lines) + "\n").encode("utf-8")
