"""The ``tdkt`` command: a table of subcommands, each a thin call into the domain, documents or sheets.

``tdkt PATH`` (no subcommand) opens the conference in the app. Every command is declared once with
:func:`tdkt_tui.cli.table.command` in the module of its area; this module builds the parser from that table and
turns every domain error into one sentence.

Exit codes: 0 done, 1 refused or failed (a sentence says why), 2 wrong usage, 3 preview shown but not committed,
141 the reader of the output stopped early (``| head``), quietly. A command that only read a read-only conference
folder says so on stderr.
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
        code = int(args.run(args) or 0)
        sys.stdout.flush()  # here, so a reader that stopped reading (| head) is met below, not at exit
    except BrokenPipeError:
        _quiet_stdout()
        return BROKEN_PIPE
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
    _read_only_note(args)
    return code


#: The exit code when whoever read the output stopped early (``tdkt tally … | head``), as for SIGPIPE.
BROKEN_PIPE = 141


def _quiet_stdout() -> None:
    """Point stdout at the null device, so the interpreter's last flush does not complain about the closed pipe."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _read_only_note(args: object) -> None:
    """After a command on a read-only conference folder, say so: what it showed is what the folder holds."""
    from pathlib import Path

    path = getattr(args, "path", None)
    if not isinstance(path, Path) or getattr(args, "run", None) is None or args.run.__name__ == "open_app":
        return
    from tdkt_tui.domain.store import is_conference, is_read_only

    if is_conference(path) and is_read_only(path):
        print(_("{path} is read-only: it was read as it is, and nothing in it was changed.", path=str(path)),
              file=sys.stderr)
