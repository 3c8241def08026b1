"""The app's places and app-wide commands in one table.

Each row gives one thing the secretary can reach from anywhere: the App's MODES, its key bindings, the F1 help lines
and the command palette's entries are all generated from it, so a new screen is one row here.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.screen import Screen

from screens.attendees import AttendeesScreen
from screens.checkin import CheckinScreen
from screens.dashboard import DashboardScreen
from screens.minutes import MinutesScreen
from screens.scoring import ScoringScreen
from screens.settings import SettingsScreen
from screens.tasks import TasksScreen
from screens.voting import VotingScreen
from tdkt_tui.domain.i18n import N_


@dataclass(frozen=True)
class Command:
    """One row: ``title`` and ``about`` are English msgids; ``action`` runs on the App; ``key`` ("" for none)
    reaches it from every screen; a row with ``screen`` is a mode of that name."""

    title: str
    about: str
    action: str
    key: str = ""
    screen: type[Screen[None]] | None = None
    priority: bool = False
    mode: str = ""


def place(name: str, key: str, screen: type[Screen[None]], about: str) -> Command:
    """A mode: ``key`` shows ``screen`` (its title is the screen's own)."""
    return Command(getattr(screen, "TITLE_MSGID", name), about, f"go('{name}')", key, screen, mode=name)


COMMANDS: tuple[Command, ...] = (
    Command(N_("Help"), N_("Keys of this screen"), "help", "f1", priority=True),
    place("dashboard", "f2", DashboardScreen, N_("The conference at a glance")),
    place("attendees", "f3", AttendeesScreen, N_("The list of people")),
    place("settings", "f4", SettingsScreen, N_("Conference details, units, agenda")),
    place("checkin", "f5", CheckinScreen, N_("The door desk: scan codes, find people by name")),
    place("scoring", "f6", ScoringScreen, N_("Reports received, the score grid, the ranking")),
    place("tasks", "f7", TasksScreen, N_("Priority tasks and covenant targets")),
    place("voting", "f8", VotingScreen, N_("Polls, ballots, the tally")),
    Command(N_("Projector"), N_("The live tally full screen, for the hall (Esc comes back)"), "projector", "f9"),
    place("minutes", "f10", MinutesScreen, N_("Notes by agenda item, preview and export")),
    Command(N_("Import roster"), N_("Import people from CSV or Excel"), "import_roster"),
    Command(N_("Badges"), N_("Badge sheets (DOCX), QR images and the list of codes"), "badges"),
    Command(N_("Quit"), N_("Close the app; unsaved typing is saved or asked about first"), "quit", "ctrl+q",
            priority=True),
)

DEFAULT_MODE = "dashboard"


def modes() -> dict[str, type[Screen[None]]]:
    """The App's MODES."""
    return {c.mode: c.screen for c in COMMANDS if c.screen is not None and c.mode}


def bindings() -> list[Binding]:
    """The App's BINDINGS: every row with a key."""
    return [Binding(c.key, c.action, c.title, priority=c.priority) for c in COMMANDS if c.key]
