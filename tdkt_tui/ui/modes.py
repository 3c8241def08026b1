"""The app's places and app-wide commands in one table.

Each row gives one thing the secretary can reach from anywhere: the App's MODES, its key bindings, the F1 help lines
and the command palette's entries are all generated from it, so a new screen is one row here. A mode's screen is
named, not imported: its module is imported when the screen is first shown, so opening the app imports the
dashboard's screen only (the other seven cost some 80 ms of every start).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from textual.binding import Binding
from textual.screen import Screen

from tdkt_tui.domain.i18n import N_


@dataclass(frozen=True)
class Command:
    """One row: ``title`` and ``about`` are English msgids; ``action`` runs on the App; ``key`` ("" for none)
    reaches it from every screen; a row with ``screen`` ("module:Class") is a mode of that name."""

    title: str
    about: str
    action: str
    key: str = ""
    screen: str = ""
    priority: bool = False
    mode: str = ""

    def screen_class(self) -> type[Screen[None]] | None:
        """The class of this mode's screen, its module imported now if it was not yet."""
        if not self.screen:
            return None
        module, name = self.screen.split(":")
        screen: type[Screen[None]] = getattr(import_module(module), name)
        return screen


def place(name: str, key: str, screen: str, title: str, about: str) -> Command:
    """A mode: ``key`` shows ``screen`` ("module:Class"), whose ``TITLE_MSGID`` is ``title``."""
    return Command(title, about, f"go('{name}')", key, screen, mode=name)


COMMANDS: tuple[Command, ...] = (
    Command(N_("Help"), N_("Keys of this screen"), "help", "f1", priority=True),
    place("dashboard", "f2", "screens.dashboard:DashboardScreen", N_("Dashboard"), N_("The conference at a glance")),
    place("attendees", "f3", "screens.attendees:AttendeesScreen", N_("Attendees"), N_("The list of people")),
    place("settings", "f4", "screens.settings:SettingsScreen", N_("Settings"),
          N_("Conference details, units, agenda")),
    place("checkin", "f5", "screens.checkin:CheckinScreen", N_("Check-in"),
          N_("The door desk: scan codes, find people by name")),
    place("scoring", "f6", "screens.scoring:ScoringScreen", N_("Reports and scores"),
          N_("Reports received, the score grid, the ranking")),
    place("tasks", "f7", "screens.tasks:TasksScreen", N_("Tasks and targets"),
          N_("Priority tasks and covenant targets")),
    place("voting", "f8", "screens.voting:VotingScreen", N_("Vote counting"), N_("Polls, ballots, the tally")),
    Command(N_("Projector"), N_("The live tally full screen, for the hall (Esc comes back)"), "projector", "f9"),
    place("minutes", "f10", "screens.minutes:MinutesScreen", N_("Minutes"),
          N_("Notes by agenda item, preview and export")),
    Command(N_("Import roster"), N_("Import people from CSV or Excel"), "import_roster"),
    Command(N_("Badges"), N_("Badge sheets (DOCX), QR images and the list of codes"), "badges"),
    Command(N_("Quit"), N_("Close the app; unsaved typing is saved or asked about first"), "quit", "ctrl+q",
            priority=True),
)

DEFAULT_MODE = "dashboard"


def modes() -> dict[str, Callable[[], Screen[None]]]:
    """The App's MODES: each makes its screen, importing its module the first time."""
    return {c.mode: _maker(c) for c in COMMANDS if c.screen and c.mode}


def _maker(command: Command) -> Callable[[], Screen[None]]:
    def make() -> Screen[None]:
        screen = command.screen_class()
        assert screen is not None
        return screen()

    return make


def bindings() -> list[Binding]:
    """The App's BINDINGS: every row with a key."""
    return [Binding(c.key, c.action, c.title, priority=c.priority) for c in COMMANDS if c.key]
