"""Importers: one module per source, each a pure ``parse(path, options, progress)``.

This package's ``__init__`` holds only the registry (names, not modules), so
asking which sources exist imports nothing heavy; a parser module (and
``icalendar`` behind it) is imported only when that source is used.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from netjournal.errors import InputError

if TYPE_CHECKING:
    from netjournal.importers.base import ImportBatch, ImportOptions, Progress

#: Source name (as typed after ``netjournal import``) -> module implementing it.
SOURCES: dict[str, str] = {
    "linkedin": "netjournal.importers.linkedin",
    "x": "netjournal.importers.x",
    "vcard": "netjournal.importers.vcard",
    "ics": "netjournal.importers.ics",
    "mastodon": "netjournal.importers.mastodon",
    "bluesky": "netjournal.importers.bluesky",
    "activitywatch": "netjournal.importers.activitywatch",
}

#: Other names people use for the same sources.
ALIASES: dict[str, str] = {
    "twitter": "x",
    "vcf": "vcard",
    "contacts": "vcard",
    "ical": "ics",
    "icalendar": "ics",
    "calendar": "ics",
    "bsky": "bluesky",
    "aw": "activitywatch",
}


class Parser(Protocol):
    def __call__(
        self, path: Path, options: ImportOptions, progress: Progress | None = None
    ) -> ImportBatch: ...


def source_name(text: str) -> str:
    """The registry name for ``text`` (``Twitter`` -> ``x``), or an error listing the choices."""
    word = text.strip().lower()
    word = ALIASES.get(word, word)
    if word not in SOURCES:
        raise InputError(
            f"unknown import source {text!r}: use one of {', '.join(SOURCES)}", field="source"
        )
    return word


def parser_for(source: str) -> Parser:
    """The ``parse`` function of ``source``, importing its module now."""
    module = importlib.import_module(SOURCES[source_name(source)])
    parse: Parser = module.parse
    return parse
