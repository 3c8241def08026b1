"""The ``tdkt`` command: a table of subcommands, each a thin call into the domain, documents or sheets.

``tdkt PATH`` (no subcommand) opens the conference in the app. Every command is declared once with
:func:`tdkt_tui.cli.table.command` in the module of its area; this module builds the parser from that table and
turns every domain error into one sentence.

Exit codes: 0 done, 1 refused or failed (a sentence says why), 2 wrong usage, 3 preview shown but not committed.
"""

from __future__ import annotations

import sys

from tdkt_tui.cli.table import OPEN, build_parser, commands
from tdkt_tui.domain.errors import TdktError
from tdkt_tui.domain.i18n import _, choose_language, set_language


def _preset_language(argv: list[str]) -> None:
    """Pick the language before argparse prints any help or error."""
    requested = None
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            requested = argv[i + 1]
        elif arg.startswith("--lang="):
            requested = arg.split("=", 1)[1]
    set_language(choose_language(requested))


def _with_command(argv: list[str]) -> list[str]:
    """``tdkt PATH``, ``tdkt --demo`` and plain ``tdkt`` open the app: the subcommand ``open`` is implied."""
    if argv and (argv[0] in commands() or argv[0] in ("-h", "--help", "--version")):
        return argv
    return [OPEN, *argv]


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    from tdkt_tui.domain.locations import log_crash

    argv = list(sys.argv[1:] if argv is None else argv)
    _preset_language(argv)
    args = build_parser().parse_args(_with_command(argv))
    set_language(choose_language(args.lang))
    try:
        return int(args.run(args) or 0)
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
