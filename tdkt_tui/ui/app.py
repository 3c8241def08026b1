"""The Textual application: one conference, a screen per task, live refresh from other desks."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen

from screens.attendees import AttendeesScreen
from screens.base import translate_bindings
from screens.checkin import CheckinScreen
from screens.dashboard import DashboardScreen
from screens.help import HelpScreen
from screens.import_roster import ImportRosterScreen
from screens.minutes import MinutesScreen
from screens.scoring import ScoringScreen
from screens.settings import SettingsScreen
from screens.tasks import TasksScreen
from screens.voting import VotingScreen
from screens.widgets.progress import JobScreen
from tdkt_tui.domain import locations
from tdkt_tui.domain.checkin import default_desk
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.demo import write_demo
from tdkt_tui.domain.i18n import _, set_language
from tdkt_tui.domain.locations import log_crash

REFRESH_SECONDS = 0.5


class TdktApp(App[None]):
    """The secretary's app for one conference folder."""

    CSS = """
    .title-bar { dock: top; height: 1; background: $primary; color: $text; padding: 0 1; text-style: bold; }
    .hint { color: $text-muted; }
    .error { color: $error; }
    """
    MODES = {
        "dashboard": DashboardScreen,
        "checkin": CheckinScreen,
        "attendees": AttendeesScreen,
        "settings": SettingsScreen,
        "scoring": ScoringScreen,
        "tasks": TasksScreen,
        "voting": VotingScreen,
        "minutes": MinutesScreen,
    }
    DEFAULT_MODE = "dashboard"
    BINDINGS = [
        Binding("f1", "help", "Help", priority=True),
        Binding("f2", "switch_mode('dashboard')", "Dashboard"),
        Binding("f3", "switch_mode('attendees')", "Attendees"),
        Binding("f4", "switch_mode('settings')", "Settings"),
        Binding("f5", "switch_mode('checkin')", "Check-in"),
        Binding("f6", "switch_mode('scoring')", "Scores"),
        Binding("f7", "switch_mode('tasks')", "Tasks"),
        Binding("f8", "switch_mode('voting')", "Voting"),
        Binding("f10", "switch_mode('minutes')", "Minutes"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    #: Bumped whenever the conference changed, here or at another desk; screens watch it to redraw.
    data_version: reactive[int] = reactive(0)

    def __init__(self, conference: Conference, *, lang: str = "vi", desk: str | None = None,
                 watch_interval: float = REFRESH_SECONDS) -> None:
        set_language(lang)
        self.conference = conference
        self.desk = desk or default_desk()
        self.watch_interval = watch_interval
        super().__init__()
        translate_bindings(self)
        self.title = "tdkt-tui"
        self.sub_title = str(conference.folder)

    def on_mount(self) -> None:
        if not self.conference.info().is_set_up:
            self.switch_mode("settings")
        self.set_interval(self.watch_interval, self.poll_changes)

    def poll_changes(self) -> None:
        """Take in what other desks wrote; screens redraw when anything changed."""
        try:
            if self.conference.refresh():
                self.data_version += 1
        except Exception as exc:  # noqa: BLE001 - a damaged folder must not crash the door desk
            self.notify(str(exc), severity="error", timeout=10)

    def changed(self) -> None:
        """Call after a change made here, so every screen redraws."""
        self.data_version += 1

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_projector(self) -> None:
        from screens.projector import ProjectorScreen

        self.push_screen(ProjectorScreen())

    def action_import_roster(self) -> None:
        self.push_screen(ImportRosterScreen())

    def action_badges(self, only: list[int] | None = None) -> None:
        """Write badge sheets, QR images and the code list in a thread, with a progress bar (``only``: these ids)."""
        from tdkt_tui.documents.badges import BadgeFiles, write_badges

        people = [p for p in self.conference.attendees() if p.id in only] if only else None

        def done(files: BadgeFiles | None) -> None:
            if files is not None:
                self.notify(_("{count} badges written: {docx}", count=files.count, docx=str(files.docx)),
                            timeout=15)

        job = JobScreen(_("Writing badges, QR images and the list of codes…"),
                        lambda progress: write_badges(self.conference, progress, people))
        self.push_screen(job, done)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand(_("Dashboard"), _("The conference at a glance (F2)"), lambda: self.switch_mode("dashboard"))
        yield SystemCommand(_("Attendees"), _("The list of people (F3)"), lambda: self.switch_mode("attendees"))
        yield SystemCommand(_("Check-in"), _("The door desk: scan codes, find people by name (F5)"),
                            lambda: self.switch_mode("checkin"))
        yield SystemCommand(_("Reports and scores"), _("Reports received, the score grid, the ranking (F6)"),
                            lambda: self.switch_mode("scoring"))
        yield SystemCommand(_("Tasks and targets"), _("Priority tasks and covenant targets (F7)"),
                            lambda: self.switch_mode("tasks"))
        yield SystemCommand(_("Vote counting"), _("Polls, ballots, the tally (F8)"),
                            lambda: self.switch_mode("voting"))
        yield SystemCommand(_("Minutes"), _("Notes by agenda item, preview and export (F10)"),
                            lambda: self.switch_mode("minutes"))
        yield SystemCommand(_("Projector"), _("The live tally full screen, for the hall"), self.action_projector)
        yield SystemCommand(_("Settings"), _("Conference details, units, agenda (F4)"),
                            lambda: self.switch_mode("settings"))
        yield SystemCommand(_("Import roster"), _("Import people from CSV or Excel"), self.action_import_roster)
        yield SystemCommand(_("Badges"), _("Badge sheets (DOCX), QR images and the list of codes"),
                            self.action_badges)
        yield SystemCommand(_("Help"), _("Keys of this screen (F1)"), self.action_help)
        yield SystemCommand(_("Quit"), _("Close the app; everything is already saved"), self.exit)

    def _fatal_error(self) -> None:
        """No traceback on the secretary's screen: write it to a log and say what to do."""
        log = log_crash(self._exception) if self._exception is not None else "—"
        self.bell()
        self._exit_renderables.append(
            _("tdkt-tui stopped on an unexpected error. Every change shown as saved is kept. "
              "Start it again; the details are in {path}.", path=log)
        )
        self._close_messages_no_wait()

    def on_unmount(self) -> None:
        try:
            self.conference.compact()
        except Exception:  # noqa: BLE001 - the journal still holds everything; a snapshot can wait
            pass
        self.conference.close()


def make_app(folder: Path | None = None, *, demo: bool = False, lang: str = "vi", desk: str | None = None) -> TdktApp:
    """The one factory of the CLI and the benchmarks: the conference in ``folder`` (created when new), the last one
    used, or a fresh copy of the demo; the folder is remembered for the next start without a path."""
    if demo:
        conference = write_demo(folder or locations.new_demo_folder())
    else:
        conference = Conference.open(folder or locations.last_conference() or locations.default_conference())
    locations.remember_conference(conference.folder)
    return TdktApp(conference, lang=lang, desk=desk)
