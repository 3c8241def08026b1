"""The table of subcommands: each declared once, with its arguments, beside the function that runs it.

The shared arguments (the conference folder, the desk, the language) are written once here and named in each
declaration, the way sqlite-utils shares its option decorators. argparse's own phrases ("usage:", "the following
arguments are required") go through the interface catalog, so ``tdkt --help`` speaks the secretary's language.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tdkt_tui import __version__
from tdkt_tui.domain.i18n import N_, _

#: The subcommand implied by ``tdkt PATH``.
OPEN = "open"

#: The modules that declare commands, in the order their commands are listed in ``tdkt --help``.
AREAS = ("tdkt_tui.cli.app", "tdkt_tui.cli.door", "tdkt_tui.cli.reports", "tdkt_tui.cli.votes",
         "tdkt_tui.cli.documents", "tdkt_tui.cli.folder")

Run = Callable[[argparse.Namespace], int]


@dataclass(frozen=True)
class Arg:
    """One ``add_argument`` call; ``help`` is a msgid, translated when the parser is built."""

    names: tuple[str, ...]
    options: dict[str, Any] = field(default_factory=dict)

    def add_to(self, parser: argparse.ArgumentParser) -> None:
        options = dict(self.options)
        if "help" in options:
            options["help"] = _(options["help"]).replace("%", "%%")
        parser.add_argument(*self.names, **options)


def arg(*names: str, **options: Any) -> Arg:
    return Arg(names, options)


PATH = arg("path", metavar="PATH", type=Path, help=N_("the conference folder"))
POLL = arg("poll", metavar="POLL", type=int, help=N_("the poll's number (tdkt poll PATH list shows them)"))
DESK = arg("--desk", help=N_("name of this desk in the scan log (default: $TDKT_DESK or the computer's name)"))


@dataclass(frozen=True)
class Command:
    name: str
    description: str  # msgid
    args: tuple[Arg, ...]
    run: Run


_TABLE: dict[str, Command] = {}


def command(name: str, description: str, *args: Arg) -> Callable[[Run], Run]:
    """Declare the subcommand ``name``: its one-line description (a msgid), its arguments, and its function."""

    def register(run: Run) -> Run:
        _TABLE[name] = Command(name, description, args, run)
        return run

    return register


def ask_yes(question: str) -> bool:
    """Ask at the terminal; only a yes (c, có, y, yes, in either language) goes ahead, Enter alone does not."""
    try:
        answer = input(question)
    except EOFError:
        return False
    return answer.strip().casefold() in {"y", "yes", "c", "có", "co"}


def commands() -> dict[str, Command]:
    """Every subcommand, in the order of :data:`AREAS`."""
    for module in AREAS:
        importlib.import_module(module)
    return _TABLE


def _argparse_phrases() -> None:
    """argparse builds its phrases with gettext's ``_``/``ngettext``; route them through the app's catalog."""

    def gettext(message: str) -> str:
        return _(message)

    def ngettext(singular: str, plural: str, n: int) -> str:
        return _(singular if n == 1 else plural)

    argparse._ = gettext  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]


class _CommandParser(argparse.ArgumentParser):
    """A subcommand's parser that takes its options anywhere among its arguments (``tdkt ballot PATH 1 --clerk 2
    1 3``): argparse's intermixed parsing, so numbers after an option are not left over."""

    _inside = False

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:  # type: ignore[override]
        if self._inside:
            return super().parse_known_args(args, namespace)
        if self.usage is None:  # argparse's intermixed parsing cuts "usage: " by its English length: give it ours
            formatter = self._get_formatter()
            formatter.add_usage(None, self._actions, self._mutually_exclusive_groups, prefix="")
            self.usage = formatter.format_help().strip()
        self._inside = True
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._inside = False


def build_parser() -> argparse.ArgumentParser:
    """The ``tdkt`` parser with one subparser per declared command, in the current language."""
    _argparse_phrases()
    language = argparse.ArgumentParser(add_help=False)
    language.add_argument("--lang", choices=("vi", "en"), help=_("interface language (default vi, or $TDKT_LANG)"))
    parser = argparse.ArgumentParser(
        prog="tdkt", parents=[language],
        description=_("Run the conference of an emulation bloc: tdkt PATH opens the conference in folder PATH "
                      "(created when missing; without PATH, the last one used). The commands below do one job "
                      "each from a script."))
    parser.add_argument("--version", action="version", version=f"tdkt-tui {__version__}",
                        help=_("show the version and exit"))
    sub = parser.add_subparsers(title=_("commands"), metavar=_("COMMAND"), parser_class=_CommandParser)
    for cmd in commands().values():
        child = sub.add_parser(cmd.name, parents=[language], help=_(cmd.description), description=_(cmd.description))
        for argument in cmd.args:
            argument.add_to(child)
        child.set_defaults(run=cmd.run)
    return parser
