"""The Textual application: one conference, a screen per task, live refresh from other desks — and ``tdkt serve``,
the same app in browsers, one process per browser session, behind an access token.

Serving is built on ``textual-serve``: every browser session runs its own ``python -m tdkt_tui PATH``, so several
desks work on the same conference folder at once. Every request (the page, its assets, the websocket, downloads)
must carry the token: as ``?token=`` on the first page load, then as an HttpOnly, SameSite=Strict cookie set by
that load. Anything else gets a 403 with one short sentence and nothing more.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import shlex
import socket
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen

from screens.attendees import AttendeesScreen
from screens.checkin import CheckinScreen
from screens.common import translate_bindings
from screens.dashboard import DashboardScreen
from screens.help import HelpScreen
from screens.import_roster import ImportRosterScreen
from screens.minutes import MinutesScreen
from screens.progress import JobScreen
from screens.scoring import ScoringScreen
from screens.settings import SettingsScreen
from screens.tasks import TasksScreen
from screens.voting import VotingScreen
from tdkt_tui import locations
from tdkt_tui.checkin import default_desk
from tdkt_tui.conference import Conference
from tdkt_tui.demo import write_demo
from tdkt_tui.i18n import _, choose_language, set_language
from tdkt_tui.locations import log_crash

if TYPE_CHECKING:  # pragma: no cover
    from textual_serve.server import Server

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
        from tdkt_tui.badges import BadgeFiles, write_badges

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
            self.conference.store.compact()
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


# -- serving the app to browsers -----------------------------------------------------------------------------------

COOKIE = "tdkt_token"
QUERY = "token"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
ANY_ADDRESS = ("", "0.0.0.0", "::")


def new_token() -> str:
    """A fresh random access token (URL-safe)."""
    return secrets.token_urlsafe(16)


def token_matches(given: str | None, token: str) -> bool:
    """Whether ``given`` is the access token (constant-time comparison)."""
    if not given:
        return False
    return hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))


def is_loopback(host: str) -> bool:
    """Whether binding to ``host`` keeps the server reachable from this computer only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _lan_address() -> str:
    """This computer's address on the local network, for the printed link (no packet is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))
            return probe.getsockname()[0]
    except OSError:
        return socket.gethostname()


def public_base(host: str, port: int) -> str:
    """The base URL browsers use: the bind address, or the LAN address when bound to every interface."""
    shown = _lan_address() if host in ANY_ADDRESS else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"


def access_url(base: str, token: str) -> str:
    """The link to open, token included."""
    return f"{base.rstrip('/')}/?{QUERY}={quote(token, safe='')}"


def app_command(folder: Path, lang: str) -> str:
    """The shell command textual-serve runs for each browser session."""
    parts = [sys.executable, "-m", "tdkt_tui", str(Path(folder).resolve()), "--lang", lang]
    return " ".join(shlex.quote(part) for part in parts)


def token_middleware(token: str) -> Any:
    """An aiohttp middleware refusing (403) every request that lacks the token, and setting the cookie."""
    from aiohttp import web

    @web.middleware
    async def check_token(request: web.Request, handler: Any) -> web.StreamResponse:
        from_query = request.query.get(QUERY)
        if token_matches(from_query, token):
            response = await handler(request)
            if not response.prepared:
                response.set_cookie(COOKIE, token, httponly=True, samesite="Strict", path="/")
                response.headers["Cache-Control"] = "no-store"
                response.headers["Referrer-Policy"] = "no-referrer"
            return response
        if from_query is None and token_matches(request.cookies.get(COOKIE), token):
            return await handler(request)
        return web.Response(status=403, text=_("Access denied: open the link printed by tdkt serve, token "
                                               "included.") + "\n")

    return check_token


def build_server(folder: Path, host: str, port: int, token: str, lang: str) -> Server:
    """A textual-serve ``Server`` for the conference at ``folder`` that checks ``token`` on every request."""
    from textual_serve.server import Server

    if not token:
        raise ValueError("empty access token")
    middleware = token_middleware(token)

    class TokenServer(Server):
        """textual-serve's server with the token check on every route (page, static files, websocket)."""

        access_token = token

        async def _make_app(self) -> Any:
            app = await super()._make_app()
            app.middlewares.append(middleware)
            return app

        async def on_startup(self, app: Any) -> None:  # textual-serve's banner shows the URL without the token
            return None

    return TokenServer(app_command(folder, lang), host=host, port=port, title="tdkt-tui",
                       public_url=public_base(host, port))


def print_qr(url: str, out: TextIO | None = None) -> None:
    """Print ``url`` as a QR code drawn with text (falls back to plain characters on a non-UTF-8 terminal)."""
    import io

    import qrcode

    out = out or sys.stdout
    qr = qrcode.QRCode(border=2)
    qr.add_data(url)
    qr.make(fit=True)
    buffer = io.StringIO()
    qr.print_ascii(out=buffer, invert=True)
    text = buffer.getvalue()
    try:
        text.encode(out.encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):
        text = "\n".join("".join("##" if cell else "  " for cell in row) for row in qr.get_matrix()) + "\n"
    out.write(text)
    out.flush()


def announce(server: Server, token: str, host: str, folder: Path, out: TextIO | None = None) -> str:
    """Print the link (with its token), its QR code and, off loopback, a warning; returns the link."""
    out = out or sys.stdout
    url = access_url(server.public_url, token)
    if not is_loopback(host):
        print(_("Warning: listening on {host}, so other computers on the network can reach this server; "
                "only people with the link (and its token) get in.", host=host), file=out)
    print(_("Open this link in a browser (it contains the access token): {url}", url=url), file=out)
    print_qr(url, out)
    print(_("Each browser tab runs its own copy of the app on {folder}. Press Ctrl+C to stop.",
            folder=Path(folder).resolve()), file=out)
    out.flush()
    return url


def serve(folder: Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, token: str | None = None,
          lang: str = "vi") -> None:
    """Serve the app at ``folder`` to browsers until Ctrl+C (blocking)."""
    lang = choose_language(lang)
    set_language(lang)
    token = token or new_token()
    server = build_server(Path(folder), host, port, token, lang)
    announce(server, token, host, Path(folder))
    server.serve()
