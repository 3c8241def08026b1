"""Commands of the count: polls, ballots, the tally, the audit check."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tdkt_tui.cli.table import PATH, POLL, arg, command
from tdkt_tui.domain.errors import TdktError
from tdkt_tui.domain.i18n import N_, _

THRESHOLDS = {"1/2": "more_than_half", "2/3": "at_least_two_thirds", "70%": "at_least_70", "80%": "at_least_80"}
BASES = {"valid": "valid_ballots", "issued": "ballots_issued", "eligible": "eligible_voters"}


def _threshold(text: str) -> object:
    from tdkt_tui.domain import voting

    rule = THRESHOLDS.get(text.replace(" ", ""))
    return voting.Threshold(voting.Rule(rule)) if rule else voting.Threshold.custom(text)


@command("poll", N_("Create, open, close or list the polls (secret ballots and motions)."),
         PATH, arg("action", choices=("new", "open", "collected", "close", "list", "papers"),
                   help=N_("what to do with the poll")),
         arg("poll", metavar="POLL", type=int, nargs="?", help=POLL.options["help"]),
         arg("number", metavar="N", type=int, nargs="?", help=N_("ballots collected (with collected)")),
         arg("--kind", choices=("award", "leader", "deputy", "motion"), default="award", help=N_("kind of poll")),
         arg("--title", default="", help=N_("the poll's title")),
         arg("--award", default="", help=N_("award name, e.g. “Cờ thi đua của Chính phủ”")),
         arg("--quota", type=int, default=1, help=N_("number of seats")),
         arg("--threshold", default="1/2",
             help=N_("1/2 (more than half), 2/3, 70%, 80% or another fraction such as 3/4")),
         arg("--base", choices=tuple(BASES), default="valid", help=N_("what the threshold is a share of")),
         arg("--mode", choices=("kept", "crossed"), default="kept",
             help=N_("the numbers typed are the names kept (default) or the names crossed out")))
def poll(args: argparse.Namespace) -> int:
    from tabulate import tabulate

    from tdkt_tui.domain import voting
    from tdkt_tui.domain.conference import Conference

    conference = Conference.open(args.path, create=False)
    if args.action == "list":
        rows = [(p.id, _(p.kind.label), p.title or p.award, p.round, _(p.status.label), p.issued, p.collected)
                for p in voting.polls(conference)]
        print(tabulate(rows, headers=["#", _("Kind"), _("Poll"), _("Round"), _("Status"), _("Issued"),
                                      _("Collected")], disable_numparse=True))
        return 0
    if args.action == "new":
        created = voting.create_poll(conference, voting.Poll(
            kind=voting.PollKind(args.kind), title=args.title, award=args.award, quota=args.quota,
            threshold=_threshold(args.threshold), base=voting.Base(BASES[args.base]),  # type: ignore[arg-type]
            entry_mode=voting.EntryMode(args.mode)))
        print(created.id)
        return 0
    if args.poll is None:
        print(_("Name the poll: tdkt poll PATH {action} POLL", action=args.action), file=sys.stderr)
        return 2
    if args.action == "open":
        opened = voting.open_poll(conference, args.poll)
        print(_("Poll {poll} open: {issued} ballots issued.", poll=opened.id, issued=opened.issued))
        if args.number is not None:
            voting.set_collected(conference, args.poll, args.number)
    elif args.action == "collected":
        voting.set_collected(conference, args.poll, args.number or 0)
    elif args.action == "papers":
        from tdkt_tui.documents.ballot_paper import write_ballot_papers

        print(_("Ballot papers written: {path}", path=str(write_ballot_papers(conference, args.poll,
                                                                               copies=args.number))))
    elif args.action == "close":
        print(_("Poll {poll} closed; audit digest {digest}", poll=args.poll,
                digest=voting.close_poll(conference, args.poll)))
    return 0


@command("ballot", N_("Enter one ballot: the numbers of the names kept."),
         PATH, POLL, arg("numbers", metavar="N", nargs="*", help=N_("the numbers of the names kept")),
         arg("--csv", type=Path, help=N_("a CSV file, one ballot per line")),
         arg("--invalid", action="store_true", help=N_("record an invalid ballot")),
         arg("--clerk", type=int, choices=(1, 2), default=1, help=N_("the clerk entering (1, or 2 for double entry)")))
def ballot(args: argparse.Namespace) -> int:
    import csv

    from tdkt_tui.domain import voting
    from tdkt_tui.domain.conference import Conference

    conference = Conference.open(args.path, create=False)
    if args.invalid:
        voting.enter_invalid(conference, args.poll, clerk=args.clerk)
        count = 1
    elif args.csv is not None:
        try:
            with open(args.csv, encoding="utf-8-sig", newline="") as fh:
                lines = [" ".join(cell for cell in row if cell.strip()) for row in csv.reader(fh)]
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            print(_("Error: {message}", message=f"{args.csv}: {exc}"), file=sys.stderr)
            return 1
        count = 0
        for number, line in enumerate(lines, start=1):
            try:
                voting.enter_ballot(conference, args.poll, line, clerk=args.clerk)
            except TdktError as exc:
                print(_("Line {line}: {message} Ballots before it were entered.", line=number,
                        message=str(exc)), file=sys.stderr)
                return 1
            count += 1
    else:
        voting.enter_ballot(conference, args.poll, " ".join(args.numbers), clerk=args.clerk)
        count = 1
    result = voting.tally(conference, args.poll)
    print(_("{count} ballots entered; {counted} of {collected} counted.", count=count, counted=result.counted,
            collected=result.collected))
    return 0


@command("tally", N_("Print the count of a poll."),
         PATH, POLL, arg("--json", action="store_true", help=N_("machine-readable output")))
def tally(args: argparse.Namespace) -> int:
    import json

    from tabulate import tabulate

    from tdkt_tui.domain import voting
    from tdkt_tui.domain.conference import Conference
    from tdkt_tui.domain.i18n import decimal

    conference = Conference.open(args.path, create=False)
    if args.json:
        print(json.dumps(voting.tally_json(conference, args.poll), ensure_ascii=False, indent=2))
        return 0
    poll = voting.get_poll(conference, args.poll)
    result = voting.tally(conference, args.poll)
    names = conference.unit_names()
    print(f"{poll.title or poll.award} — {_(poll.status.label)}")
    print(_("Issued {issued}, collected {collected}, valid {valid}, invalid {invalid}; needed {needed} votes "
            "({threshold}).", issued=result.issued, collected=result.collected, valid=result.valid,
            invalid=result.invalid, needed=result.votes_needed, threshold=poll.threshold.text()))
    rows = [(i, names.get(unit, "?"), result.votes.get(unit, 0),
             decimal(result.percent.get(unit, "")),
             "✓" if unit in result.winners else "")
            for i, unit in enumerate(poll.candidates, start=1)]
    print(tabulate(rows, headers=["#", _("Unit"), _("Votes"), "%", _("Elected")], disable_numparse=True))
    return 0


@command("verify", N_("Recompute the audit chain of every ballot."), PATH)
def verify(args: argparse.Namespace) -> int:
    from tdkt_tui.domain import voting
    from tdkt_tui.domain.conference import Conference

    result = voting.verify(Conference.open(args.path, create=False))
    if result.ok:
        print(_("The audit chain of {events} events is intact; digest {digest}.", events=result.events,
                digest=result.digest))
        return 0
    print(_("The audit chain is broken at event {seq} (poll {poll}).", seq=result.first_bad_seq,
            poll=result.first_bad_poll), file=sys.stderr)
    return 1
