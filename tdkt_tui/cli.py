"""The ``tdkt`` command: open a conference in the app, write the demo, import a roster from a script.

Exit codes: 0 done, 1 refused or failed (a sentence says why), 2 wrong usage, 3 preview shown but not committed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tdkt_tui import __version__
from tdkt_tui.errors import TdktError
from tdkt_tui.i18n import _, choose_language, set_language
from tdkt_tui.locations import log_crash

COMMANDS = ("demo", "import")


def _parser(command: str | None) -> argparse.ArgumentParser:
    lang = argparse.ArgumentParser(add_help=False)
    lang.add_argument("--lang", choices=("vi", "en"), help=_("interface language (default vi, or $TDKT_LANG)"))
    if command == "demo":
        parser = argparse.ArgumentParser(prog="tdkt demo", parents=[lang],
                                         description=_("Write a fresh copy of the demo conference to PATH."))
        parser.add_argument("path", metavar="PATH", type=Path)
    elif command == "import":
        parser = argparse.ArgumentParser(prog="tdkt import", parents=[lang],
                                         description=_("Import a roster (CSV or XLSX) into the conference at PATH."))
        parser.add_argument("path", metavar="PATH", type=Path)
        parser.add_argument("roster", metavar="ROSTER", type=Path)
        parser.add_argument("--yes", action="store_true", help=_("commit without asking"))
        parser.add_argument("--dry-run", action="store_true", help=_("show the preview only"))
    else:
        parser = argparse.ArgumentParser(
            prog="tdkt", parents=[lang],
            description=_("Open the conference in PATH (created when missing); without PATH, the last one used."),
            epilog=_("Other commands: tdkt demo PATH, tdkt import PATH ROSTER."),
        )
        parser.add_argument("path", metavar="PATH", type=Path, nargs="?")
        parser.add_argument("--demo", action="store_true", help=_("open a fresh copy of the demo conference"))
        parser.add_argument("--version", action="version", version=f"tdkt-tui {__version__}")
    return parser


def _preset_language(argv: list[str]) -> None:
    """Pick the language before argparse prints any help or error."""
    requested = None
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            requested = argv[i + 1]
        elif arg.startswith("--lang="):
            requested = arg.split("=", 1)[1]
    set_language(choose_language(requested))


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    _preset_language(argv)
    command = argv[0] if argv and argv[0] in COMMANDS else None
    args = _parser(command).parse_args(argv[1:] if command else argv)
    set_language(choose_language(args.lang))
    try:
        if command == "demo":
            return _demo(args.path)
        if command == "import":
            return _import(args.path, args.roster, yes=args.yes, dry_run=args.dry_run)
        return _open(args.path, demo=args.demo)
    except TdktError as exc:
        print(_("Error: {message}", message=str(exc)), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 1
    except Exception as exc:  # noqa: BLE001 - a bug must still end in a sentence, with the details kept
        log = log_crash(exc)
        print(_("tdkt-tui stopped on an unexpected error. Every change shown as saved is kept. "
                "Start it again; the details are in {path}.", path=log), file=sys.stderr)
        return 1


def _demo(path: Path) -> int:
    from tdkt_tui.demo import write_demo

    conference = write_demo(path)
    att = conference.attendance()
    print(_("Demo conference written to {path}: {units} units, {people} people.", path=str(path),
            units=len(conference.units()), people=att.total_expected))
    conference.close()
    return 0


def _import(path: Path, roster: Path, *, yes: bool, dry_run: bool) -> int:
    from tabulate import tabulate

    from tdkt_tui.conference import Conference
    from tdkt_tui.importing import commit_roster, read_roster

    conference = Conference.open(path, create=False)
    preview = read_roster(roster, conference)
    print(_("{added} new, {updated} updated, {rejected} rejected.", added=preview.added, updated=preview.updated,
            rejected=len(preview.rejected)))
    if preview.new_units:
        print(_("New guest bodies will be created: {units}", units=", ".join(preview.new_units)))
    if preview.rejected:
        print(tabulate([(r.row, r.reason) for r in preview.rejected], headers=[_("Row"), _("Reason")]))
    if dry_run or not preview.rows:
        return 0 if dry_run else 1
    if not yes:
        if not sys.stdin.isatty():
            print(_("Nothing was imported: run again with --yes to import."), file=sys.stderr)
            return 3
        answer = input(_("Import these rows? [y/N] ")).strip().lower()
        if answer not in ("y", "yes", "c", "có", "co"):
            print(_("Nothing was imported."))
            return 3
    result = commit_roster(conference, preview)
    print(_("Imported: {added} added, {updated} updated, {units} units created.", added=result.added,
            updated=result.updated, units=result.units_added))
    conference.close()
    return 0


def _open(path: Path | None, *, demo: bool) -> int:
    from tdkt_tui.app import make_app
    from tdkt_tui.i18n import language

    app = make_app(path, demo=demo, lang=language())
    app.run()
    return app.return_code or 0
