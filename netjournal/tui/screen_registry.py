"""The seven numbered screens: key, mode name, footer label and where each class lives.

Apart from :mod:`netjournal.tui.app` so that the help screen can list every
screen's keys without importing the app that opens it.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from textual.screen import Screen


@dataclass(frozen=True, slots=True)
class ScreenEntry:
    """One numbered screen: its mode name, footer label and where its class lives."""

    key: str
    mode: str
    label: str
    module: str
    cls: str


SCREENS: tuple[ScreenEntry, ...] = (
    ScreenEntry("1", "today", "Today", "netjournal.tui.screens.today", "TodayScreen"),
    ScreenEntry("2", "journal", "Journal", "netjournal.tui.screens.journal", "JournalScreen"),
    ScreenEntry("3", "contacts", "Contacts", "netjournal.tui.screens.contacts", "ContactsScreen"),
    ScreenEntry(
        "4",
        "conversations",
        "Convos",
        "netjournal.tui.screens.conversations",
        "ConversationsScreen",
    ),
    ScreenEntry("5", "trends", "Trends", "netjournal.tui.screens.trends", "TrendsScreen"),
    ScreenEntry("6", "targets", "Targets", "netjournal.tui.screens.targets", "TargetsScreen"),
    ScreenEntry("7", "export", "Export", "netjournal.tui.screens.export", "ExportScreen"),
)


def screen_class(entry: ScreenEntry) -> type[Screen[Any]]:
    """Import the screen class of ``entry`` (done lazily, on first use)."""
    module = importlib.import_module(entry.module)
    cls: type[Screen[Any]] = getattr(module, entry.cls)
    return cls
