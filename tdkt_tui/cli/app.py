"""Commands that open the app: the conference itself, the demo, the projector, serving to browsers."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tdkt_tui.cli.table import DESK, PATH, POLL, arg, ask_yes, command
from tdkt_tui.domain.i18n import N_, _, language


@command("open", N_("Open the conference in PATH in the app (created when missing; without PATH, the last one used)."),
         arg("path", metavar="PATH", type=Path, nargs="?", help=N_("the conference folder")),
         arg("--demo", action="store_true", help=N_("open a fresh copy of the demo conference, as it was held")),
         arg("--morning", action="store_true",
             help=N_("with --demo: the demo before the doors opened (nobody checked in, no vote yet)")),
         DESK)
def open_app(args: argparse.Namespace) -> int:
    from tdkt_tui.domain.errors import CorruptStore
    from tdkt_tui.ui.app import make_app

    try:
        app = make_app(args.path, demo=args.demo, lang=language(), desk=args.desk, morning=args.morning)
    except CorruptStore as exc:
        recovered = _offer_recovery(args.path, exc)
        if recovered is None:
            raise
        app = make_app(recovered, lang=language(), desk=args.desk)
    app.run()
    return app.return_code or 0


def at_terminal() -> bool:
    """Someone is there to answer: both stdin and stdout are a terminal."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _offer_recovery(path: Path | None, error: Exception) -> Path | None:
    """A damaged folder is refused; at a terminal the secretary is offered what ``tdkt recover`` does, into a new
    folder beside it, and the copy is opened. The damaged folder is never touched. None: not offered or declined."""
    from tdkt_tui.cli.folder import recovered_name, recover_into
    from tdkt_tui.domain.locations import last_conference

    folder = path or last_conference()
    if folder is None or not at_terminal():
        return None
    target = recovered_name(folder)
    print(str(error), file=sys.stderr)
    if not ask_yes(_("Write a recovered copy into {target} and open it? The damaged folder stays as it is. [y/N] ",
                     target=str(target))):
        return None
    recover_into(folder, target)
    return target


@command("demo", N_("Write a fresh copy of the demo conference to PATH, before the doors opened."), PATH,
         arg("--held", action="store_true",
             help=N_("the demo as it was held: check-in done, notes written, every vote closed")))
def demo(args: argparse.Namespace) -> int:
    from tdkt_tui.domain.demo import write_demo

    conference = write_demo(args.path, held=args.held)
    att = conference.attendance()
    print(_("Demo conference written to {path}: {units} units, {people} people.", path=str(args.path),
            units=len(conference.units()), people=att.total_expected))
    conference.close()
    return 0


@command("projector", N_("Show the live tally full screen, for the hall's projector."),
         PATH, arg("poll", metavar="POLL", type=int, nargs="?", help=POLL.options["help"]))
def projector(args: argparse.Namespace) -> int:
    """A second terminal on the same folder: the tally follows the counting desk within half a second."""
    from screens.projector import ProjectorScreen
    from tdkt_tui.domain.conference import Conference
    from tdkt_tui.ui.app import make_app

    Conference.open(args.path, create=False).close()
    app = make_app(args.path, lang=language())
    app.call_later(lambda: app.push_screen(ProjectorScreen(args.poll, exit_on_close=True)))
    app.run()
    return app.return_code or 0


@command("serve", N_("Serve the app to browsers on the network; each browser session runs its own copy on PATH."),
         PATH,
         arg("--host", default="127.0.0.1", help=N_("address to listen on (default 127.0.0.1: this computer only)")),
         arg("--port", type=int, default=8000, help=N_("port to listen on (default 8000)")),
         arg("--token", help=N_("access token of at least 128 bits (default: a new random one)")),
         arg("--cert", type=Path, help=N_("TLS certificate (PEM) to serve over https, with --key")),
         arg("--key", type=Path, help=N_("private key (PEM) of the --cert certificate")))
def serve(args: argparse.Namespace) -> int:
    from tdkt_tui.domain.conference import Conference
    from tdkt_tui.ui.serve import serve as serve_app

    Conference.open(args.path, create=False).close()
    try:
        serve_app(args.path, host=args.host, port=args.port, token=args.token, lang=language(), cert=args.cert,
                  key=args.key)
    except OSError as exc:
        print(_("Cannot listen on {host}:{port}: {reason}. Choose another --port.", host=args.host, port=args.port,
                reason=exc.strerror or str(exc)), file=sys.stderr)
        return 1
    return 0
