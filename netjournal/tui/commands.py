"""The command palette (ctrl+p): every screen and every main action by name.

For people who would rather type "undo" than remember ``u``. Each command is
an app action string, so the palette, the key bindings and the help screen
all run the same code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


@dataclass(frozen=True, slots=True)
class PaletteCommand:
    title: str
    help: str
    action: str


COMMANDS: tuple[PaletteCommand, ...] = (
    PaletteCommand("Today", "Screen 1: today's and this week's activities", "show('today')"),
    PaletteCommand("Journal", "Screen 2: all activities, week by week", "show('journal')"),
    PaletteCommand("Contacts", "Screen 3: people, last contact, who is due", "show('contacts')"),
    PaletteCommand(
        "Conversations", "Screen 4: threads, who started, answered?", "show('conversations')"
    ),
    PaletteCommand("Trends", "Screen 5: online vs offline over the weeks", "show('trends')"),
    PaletteCommand("Targets", "Screen 6: your balance target", "show('targets')"),
    PaletteCommand("Export", "Screen 7: CPD record for NMC / HCPC", "show('export')"),
    PaletteCommand("New activity", "Log an activity (n)", "new_activity"),
    PaletteCommand(
        "Start / stop the timer", "Time an activity in progress (s on Today)", "toggle_timer"
    ),
    PaletteCommand("Search activities", "Filter the journal by words, mode, tag… (/)", "search"),
    PaletteCommand("Previous week", "Journal: the week before ([)", "go('journal', 'prev_week')"),
    PaletteCommand("Next week", "Journal: the week after (])", "go('journal', 'next_week')"),
    PaletteCommand("This week", "Journal: back to this week (t)", "go('journal', 'this_week')"),
    PaletteCommand("Jump to date", "Journal: show the week of a date (g)", "go('journal', 'jump')"),
    PaletteCommand("Undo", "Take back the last change of any kind (u)", "go('journal', 'undo')"),
    PaletteCommand("Add contact", "Contacts: a new person (a)", "go('contacts', 'add_contact')"),
    PaletteCommand(
        "Merge contacts", "Contacts: fold a duplicate into one (m)", "go('contacts', 'merge')"
    ),
    PaletteCommand(
        "Contacts due", "Contacts: only those due a catch-up (f)", "go('contacts', 'toggle_due')"
    ),
    PaletteCommand(
        "Open conversations",
        "Conversations: only those awaiting a reply (o)",
        "go('conversations', 'toggle_open')",
    ),
    PaletteCommand(
        "Revalidation",
        "NMC: hours, reflective accounts, feedback, discussion before renewal",
        "revalidation",
    ),
    PaletteCommand("Help", "Every key binding (?)", "help"),
    PaletteCommand("Toggle dark / light", "Switch between the dark and light theme", "toggle_dark"),
)


class NetJournalCommands(Provider):
    """Screens and actions of netjournal, for the command palette."""

    async def discover(self) -> Hits:
        for command in COMMANDS:
            yield DiscoveryHit(command.title, partial(self._run, command.action), help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in COMMANDS:
            score = max(matcher.match(command.title), matcher.match(command.help) * 0.5)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(command.title),
                    partial(self._run, command.action),
                    help=command.help,
                )

    async def _run(self, action: str) -> None:
        await self.app.run_action(action)
