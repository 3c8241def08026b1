"""Commands that write the bloc's documents: the minutes and the vote-counting minutes."""

from __future__ import annotations

import argparse

from tdkt_tui.cli.table import PATH, POLL, arg, command
from tdkt_tui.domain.i18n import N_, _


@command("minutes", N_("Write the conference minutes."),
         PATH, arg("--format", choices=("docx", "md", "txt", "pdf"), default="docx",
                   help=N_("file format (default docx; pdf needs LibreOffice)")))
def minutes(args: argparse.Namespace) -> int:
    from tdkt_tui.documents import minutes as document
    from tdkt_tui.domain.conference import Conference

    conference = Conference.open(args.path, create=False)
    print(_("Minutes written: {path}", path=str(document.write_minutes(conference, args.format))))
    return 0


@command("count-minutes", N_("Write the vote-counting minutes of a poll."),
         PATH, POLL, arg("--format", choices=("docx", "txt"), default="docx",
                         help=N_("docx writes a file; txt prints the text")))
def count_minutes(args: argparse.Namespace) -> int:
    from tdkt_tui.documents.count_minutes import count_minutes_text, write_count_minutes
    from tdkt_tui.domain.conference import Conference

    conference = Conference.open(args.path, create=False)
    if args.format == "txt":
        print(count_minutes_text(conference, args.poll))
    else:
        print(_("Vote-counting minutes written: {path}",
                path=str(write_count_minutes(conference, args.poll))))
    return 0
