"""The Textual application: one conference, a screen per task, live refresh from other desks."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

from rich.console import Console

from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import ModalScreen

from screens.help import HelpScreen
from screens.widgets.footer import key_display
from screens.widgets.progress import JobScreen
from screens.widgets.quit import QuitScreen
from tdkt_tui.domain import locations
from tdkt_tui.domain.bulk import exempt_what_lives, steady_memory
from tdkt_tui.domain.checkin import default_desk
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.demo import write_demo
from tdkt_tui.domain.i18n import _, set_language
from tdkt_tui.domain.locations import log_crash
from tdkt_tui.ui import modes
from tdkt_tui.ui.keyboard import KeyboardGate
from tdkt_tui.ui.palette import Palette, TdktCommands

REFRESH_SECONDS = 0.5


class TdktApp(KeyboardGate):
    """The secretary's app for one conference folder."""

    CSS = """
    .title-bar { dock: top; height: 1; background: $primary; color: $text; padding: 0 1; text-style: bold; }
    .hint { color: $text-muted; }
    .error { color: $error; }
    """
    MODES = modes.modes()
    DEFAULT_MODE = modes.DEFAULT_MODE
    BINDINGS = modes.bindings()
    COMMANDS = {TdktCommands}

    #: Bumped whenever the conference changed, here or at another desk; screens watch it to redraw. Not a repaint
    #: of its own: a reactive of the App repaints the whole screen by default, and each screen repaints only what
    #: its reload changed (a scan at the door repaints three panels, not the forty lines of the screen).
    data_version: reactive[int] = reactive(0, repaint=False)

    def __init__(self, conference: Conference, *, lang: str = "vi", desk: str | None = None,
                 watch_interval: float = REFRESH_SECONDS) -> None:
        set_language(lang)
        self.conference = conference
        self.desk = desk or default_desk()
        self.watch_interval = watch_interval
        super().__init__()
        #: What Textual prints when the app stops on an error (its traceback): kept for the crash log.
        self.crash_details = io.StringIO()
        self.error_console = Console(file=self.crash_details, markup=False, highlight=False, color_system=None,
                                     width=120)
        self.title = "tdkt-tui"
        self.sub_title = str(conference.folder)
        if conference.read_only:
            self.sub_title += " — " + _("read-only")

    def on_mount(self) -> None:
        if self.conference.read_only:  # every screen reads; any change is refused with the same sentence
            self.notify(_("{path} is read-only: you can look at everything, but nothing can be changed.",
                          path=str(self.conference.folder)), timeout=15)
        elif not self.conference.info().is_set_up:
            self.switch_mode("settings")
        self.set_interval(self.watch_interval, self.poll_changes)
        self.call_after_refresh(exempt_what_lives)

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

    def get_key_display(self, binding: Binding) -> str:
        """Keys as the README and the help write them (Ctrl+N, Esc, [), in the footer too."""
        return binding.key_display or key_display(binding.key)

    def action_command_palette(self) -> None:
        if not Palette.is_open(self):
            self.push_screen(Palette())

    def action_go(self, mode: str) -> None:
        """Show a mode's screen. A full screen pushed over the one being left (the projector, the scan log) is
        closed first, so the F-key of a screen always brings that screen; one with unsaved typing stays."""
        while len(self.screen_stack) > 1 and not isinstance(self.screen, ModalScreen) \
                and not self.unsaved_of(self.screen):
            self.pop_screen()
        self.switch_mode(mode)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_projector(self, poll_id: int | None = None) -> None:
        """The live tally full screen, over the screen in front; Esc comes back to it."""
        from screens.projector import ProjectorScreen

        if not isinstance(self.screen, ProjectorScreen):
            self.push_screen(ProjectorScreen(poll_id))

    def action_import_roster(self) -> None:
        from screens.import_roster import ImportRosterScreen  # imported when first asked for, not at every start

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

    @staticmethod
    def unsaved_of(screen: object) -> str:
        unsaved = getattr(screen, "unsaved", None)
        return unsaved() if callable(unsaved) else ""

    async def action_quit(self) -> None:
        """Ctrl+Q: quit at once when nothing typed is waiting; otherwise save it, or ask."""
        waiting = [(mode, screen, what) for mode, screen in self.every_screen()
                   if (what := self.unsaved_of(screen))]
        if not waiting:
            self.exit()
            return

        def answered(choice: str | None) -> None:
            if choice == "save":
                for mode, screen, _what in waiting:
                    if not screen.save_unsaved():  # type: ignore[attr-defined]
                        if mode != self.current_mode:
                            self.switch_mode(mode)  # the refusal is told on that screen; nothing is lost
                        return
                self.exit()
            elif choice == "discard":
                self.exit()

        self.push_screen(QuitScreen([what for _mode, _screen, what in waiting]), answered)

    def every_screen(self) -> list[tuple[str, object]]:
        """(mode, screen) of every screen of every mode opened so far, the ones in front first."""
        found = []
        for mode in [self.current_mode, *(m for m in self.MODES if m != self.current_mode)]:
            try:
                stack = self.get_screen_stack(mode)
            except KeyError:  # a mode never opened has no stack
                continue
            found.extend((mode, screen) for screen in reversed(stack))
        return found

    def run(self, *args: Any, **kwargs: Any) -> Any:
        """Textual's run, then a crash told in one sentence (see :meth:`report_crash`)."""
        try:
            return super().run(*args, **kwargs)
        finally:
            self.report_crash()

    def report_crash(self) -> None:
        """No traceback on the secretary's screen: Textual writes it to :attr:`error_console`, which holds it here;
        after an app stopped by an error it goes to the crash log, and the terminal gets one sentence."""
        details = self.crash_details.getvalue()
        self.crash_details.seek(0)
        self.crash_details.truncate()
        if not details.strip():
            return
        if not self.return_code:  # a message the app was closed with, not an error
            print(details, end="", file=sys.stderr)
            return
        print(_("tdkt-tui stopped on an unexpected error. Every change shown as saved is kept. "
                "Start it again; the details are in {path}.", path=log_crash(details)), file=sys.stderr)

    def on_unmount(self) -> None:
        try:
            if not self.conference.read_only:
                self.conference.compact()
        except Exception:  # noqa: BLE001 - the journal still holds everything; a snapshot can wait
            pass
        self.conference.close()


def make_app(folder: Path | None = None, *, demo: bool = False, lang: str = "vi", desk: str | None = None,
             morning: bool = False) -> TdktApp:
    """The one factory of the CLI and the benchmarks: the conference in ``folder`` (created when new), the last one
    used, or a fresh copy of the demo (as it was held; ``morning``: before the doors opened); the folder is
    remembered for the next start without a path."""
    steady_memory()
    if demo:
        conference = write_demo(folder or locations.new_demo_folder(), held=not morning)
    else:
        conference = Conference.open(folder or locations.last_conference() or locations.default_conference())
        conference.check()  # a damaged record is refused here, in one sentence, not by a screen halfway up
    locations.remember_conference(conference.folder)
    return TdktApp(conference, lang=lang, desk=desk)
