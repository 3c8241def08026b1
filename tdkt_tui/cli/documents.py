"""Commands that write the bloc's documents: the minutes, the vote-counting minutes, the annual report, the proposal
for awards and the covenant."""

from __future__ import annotations

import argparse

from tdkt_tui.cli.table import PATH, POLL, arg, command
from tdkt_tui.domain.i18n import N_, _

#: The formats of a written document: Word, the text of it (Markdown or plain), or a PDF made from the Word file.
FORMAT = arg("--format", choices=("docx", "md", "txt", "pdf"), default="docx",
             help=N_("file format (default docx; pdf needs LibreOffice)"))


@command("minutes", N_("Write the conference minutes."),
         PATH, FORMAT,
         arg("--stdout", action="store_true", help=N_("print the minutes as text (md or txt) instead of a file")))
def minutes(args: argparse.Namespace) -> int:
    from tdkt_tui.documents import minutes as document
    from tdkt_tui.domain.conference import Conference

    conference = Conference.open(args.path, create=False)
    if args.stdout:
        print(document.minutes_text(conference, args.format if args.format in ("md", "txt") else "txt"))
        return 0
    print(_("Minutes written: {path}", path=str(document.write_minutes(conference, args.format))))
    return 0


@command("count-minutes", N_("Write the vote-counting minutes of a poll."),
         PATH, POLL, arg("--format", choices=("docx", "txt"), default="docx",
                         help=N_("docx writes a file; txt prints the text")))
def count_minutes(args: argparse.Namespace) -> int:
    from tdkt_tui.documents.count_minutes import count_minutes_text, write_count_minutes
    from tdkt_tui.domain import voting
    from tdkt_tui.domain.conference import Conference

    conference = Conference.open(args.path, create=False)
    if args.format == "txt":
        print(count_minutes_text(conference, args.poll))
    else:
        path = str(write_count_minutes(conference, args.poll))
        print(_("Record of the show of hands written: {path}", path=path)
              if voting.get_poll(conference, args.poll).is_motion else
              _("Vote-counting minutes written: {path}", path=path))
    return 0


@command("report", N_("Write the draft of the bloc's annual report (Word, and Markdown for a quick look)."),
         PATH, arg("--format", choices=("docx", "md", "pdf", "both"), default="both",
                   help=N_("docx, md, pdf (needs LibreOffice) or both docx and md (the default); each run writes new "
                           "files, never replacing one")))
def report(args: argparse.Namespace) -> int:
    from tdkt_tui.documents import report as document
    from tdkt_tui.domain.conference import Conference

    conference = Conference.open(args.path, create=False)
    for fmt in document.DRAFT if args.format == "both" else (args.format,):
        print(_("Annual report draft written: {path}", path=str(document.write_report(conference, fmt))))
    return 0


@command("proposal", N_("Write the proposal for awards sent upward, and the list of the units proposed."),
         PATH, FORMAT)
def proposal(args: argparse.Namespace) -> int:
    from tdkt_tui.documents.proposal import write_proposal
    from tdkt_tui.domain.conference import Conference

    conference = Conference.open(args.path, create=False)
    files = write_proposal(conference, args.format)
    print(_("Proposal for awards written: {path}", path=str(files.docx)))
    print(_("List of the units proposed written: {path}", path=str(files.xlsx)))
    return 0


@command("covenant", N_("Write the emulation covenant of the next period, to be signed by every unit head."),
         PATH, FORMAT)
def covenant(args: argparse.Namespace) -> int:
    from tdkt_tui.documents.covenant import write_covenant
    from tdkt_tui.domain.conference import Conference

    conference = Conference.open(args.path, create=False)
    print(_("Covenant written: {path}", path=str(write_covenant(conference, args.format))))
    return 0
