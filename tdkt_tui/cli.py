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

COMMANDS = ("demo", "import", "checkin", "attendance", "badges", "tasks", "carry-over", "scores", "poll", "ballot",
            "tally", "verify", "projector", "count-minutes", "minutes", "serve")
THRESHOLDS = {"1/2": "more_than_half", "2/3": "at_least_two_thirds", "70%": "at_least_70", "80%": "at_least_80"}
BASES = {"valid": "valid_ballots", "issued": "ballots_issued", "eligible": "eligible_voters"}


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
    elif command == "checkin":
        parser = argparse.ArgumentParser(
            prog="tdkt checkin", parents=[lang],
            description=_("Check in the person whose code is CODE; the exit code tells the outcome "
                          "(0 checked in, 10 already, 11 unknown, 12 misread, 13 other conference, 14 revoked, "
                          "15 not genuine, 16 not a code)."))
        parser.add_argument("path", metavar="PATH", type=Path)
        parser.add_argument("code", metavar="CODE", nargs="+")
        parser.add_argument("--desk", help=_("name of this desk in the scan log (default: $TDKT_DESK or the "
                                             "computer's name)"))
    elif command == "attendance":
        parser = argparse.ArgumentParser(prog="tdkt attendance", parents=[lang],
                                         description=_("Export who is present and absent, by unit."))
        parser.add_argument("path", metavar="PATH", type=Path)
        parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    elif command == "badges":
        parser = argparse.ArgumentParser(
            prog="tdkt badges", parents=[lang],
            description=_("Write the badge sheets (DOCX), QR images and the list of codes (CSV, XLSX)."))
        parser.add_argument("path", metavar="PATH", type=Path)
    elif command == "tasks":
        parser = argparse.ArgumentParser(prog="tdkt tasks", parents=[lang],
                                         description=_("Print the priority tasks and targets with their summary."))
        parser.add_argument("path", metavar="PATH", type=Path)
        parser.add_argument("--export", action="store_true", help=_("also write them to an XLSX in exports/"))
    elif command == "carry-over":
        parser = argparse.ArgumentParser(
            prog="tdkt carry-over", parents=[lang],
            description=_("Copy the unfinished tasks and targets of the conference in OLD into the one in NEW."))
        parser.add_argument("old", metavar="OLD", type=Path)
        parser.add_argument("new", metavar="NEW", type=Path)
    elif command == "scores":
        parser = argparse.ArgumentParser(prog="tdkt scores", parents=[lang],
                                         description=_("Print the ranking; import or export the score workbook."))
        parser.add_argument("path", metavar="PATH", type=Path)
        parser.add_argument("--import", dest="workbook", type=Path, help=_("an .xlsx of scores to import"))
        parser.add_argument("--export", action="store_true", help=_("write the scores to an XLSX in exports/"))
    elif command == "poll":
        parser = argparse.ArgumentParser(
            prog="tdkt poll", parents=[lang],
            description=_("Create, open, close or list the polls (secret ballots and motions)."))
        parser.add_argument("path", metavar="PATH", type=Path)
        parser.add_argument("action", choices=("new", "open", "collected", "close", "list", "papers"))
        parser.add_argument("poll", metavar="POLL", type=int, nargs="?")
        parser.add_argument("number", metavar="N", type=int, nargs="?", help=_("ballots collected (with collected)"))
        parser.add_argument("--kind", choices=("award", "leader", "deputy", "motion"), default="award")
        parser.add_argument("--title", default="")
        parser.add_argument("--award", default="", help=_("award name, e.g. “Cờ thi đua của Chính phủ”"))
        parser.add_argument("--quota", type=int, default=1)
        parser.add_argument("--threshold", default="1/2",
                            help=_("1/2 (more than half), 2/3, 70%%, 80%% or another fraction such as 3/4"))
        parser.add_argument("--base", choices=tuple(BASES), default="valid")
        parser.add_argument("--mode", choices=("kept", "crossed"), default="kept",
                            help=_("the numbers typed are the names kept (default) or the names crossed out"))
    elif command == "ballot":
        parser = argparse.ArgumentParser(prog="tdkt ballot", parents=[lang],
                                         description=_("Enter one ballot: the numbers of the names kept."))
        parser.add_argument("path", metavar="PATH", type=Path)
        parser.add_argument("poll", metavar="POLL", type=int)
        parser.add_argument("numbers", metavar="N", nargs="*")
        parser.add_argument("--csv", type=Path, help=_("a CSV file, one ballot per line"))
        parser.add_argument("--invalid", action="store_true", help=_("record an invalid ballot"))
        parser.add_argument("--clerk", type=int, choices=(1, 2), default=1)
    elif command == "tally":
        parser = argparse.ArgumentParser(prog="tdkt tally", parents=[lang],
                                         description=_("Print the count of a poll."))
        parser.add_argument("path", metavar="PATH", type=Path)
        parser.add_argument("poll", metavar="POLL", type=int)
        parser.add_argument("--json", action="store_true", help=_("machine-readable output"))
    elif command == "projector":
        parser = argparse.ArgumentParser(prog="tdkt projector", parents=[lang],
                                         description=_("Show the live tally full screen, for the hall's projector."))
        parser.add_argument("path", metavar="PATH", type=Path)
        parser.add_argument("poll", metavar="POLL", type=int, nargs="?")
    elif command == "serve":
        parser = argparse.ArgumentParser(prog="tdkt serve", parents=[lang],
                                         description=_("Serve the app to browsers on the network; each browser "
                                                       "session runs its own copy on PATH."))
        parser.add_argument("path", metavar="PATH", type=Path)
        parser.add_argument("--host", default="127.0.0.1",
                            help=_("address to listen on (default 127.0.0.1: this computer only)"))
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--token", help=_("access token (default: a new random one)"))
    elif command == "minutes":
        parser = argparse.ArgumentParser(prog="tdkt minutes", parents=[lang],
                                         description=_("Write the conference minutes."))
        parser.add_argument("path", metavar="PATH", type=Path)
        parser.add_argument("--format", choices=("docx", "md", "txt", "pdf"), default="docx")
    elif command == "count-minutes":
        parser = argparse.ArgumentParser(prog="tdkt count-minutes", parents=[lang],
                                         description=_("Write the vote-counting minutes of a poll."))
        parser.add_argument("path", metavar="PATH", type=Path)
        parser.add_argument("poll", metavar="POLL", type=int)
        parser.add_argument("--format", choices=("docx", "txt"), default="docx")
    elif command == "verify":
        parser = argparse.ArgumentParser(prog="tdkt verify", parents=[lang],
                                         description=_("Recompute the audit chain of every ballot."))
        parser.add_argument("path", metavar="PATH", type=Path)
    else:
        parser = argparse.ArgumentParser(
            prog="tdkt", parents=[lang],
            description=_("Open the conference in PATH (created when missing); without PATH, the last one used."),
            epilog=_("Other commands: tdkt demo PATH, tdkt import PATH ROSTER, tdkt checkin PATH CODE, "
                     "tdkt attendance PATH, tdkt badges PATH, tdkt scores PATH, tdkt tasks PATH, "
                     "tdkt carry-over OLD NEW, tdkt poll PATH, tdkt ballot PATH POLL, tdkt tally PATH POLL, "
                     "tdkt verify PATH."),
        )
        parser.add_argument("path", metavar="PATH", type=Path, nargs="?")
        parser.add_argument("--demo", action="store_true", help=_("open a fresh copy of the demo conference"))
        parser.add_argument("--desk", help=_("name of this desk in the scan log (default: $TDKT_DESK or the "
                                             "computer's name)"))
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
        if command == "checkin":
            return _checkin(args.path, " ".join(args.code), args.desk)
        if command == "attendance":
            return _attendance(args.path, args.format)
        if command == "badges":
            return _badges(args.path)
        if command == "tasks":
            return _tasks(args.path, export=args.export)
        if command == "carry-over":
            return _carry_over(args.old, args.new)
        if command == "scores":
            return _scores(args.path, args.workbook, export=args.export)
        if command == "poll":
            return _poll(args)
        if command == "ballot":
            return _ballot(args)
        if command == "tally":
            return _tally(args.path, args.poll, as_json=args.json)
        if command == "verify":
            return _verify(args.path)
        if command == "projector":
            return _projector(args.path, args.poll)
        if command == "minutes":
            return _minutes(args.path, args.format)
        if command == "serve":
            return _serve(args.path, args.host, args.port, args.token)
        if command == "count-minutes":
            return _count_minutes(args.path, args.poll, args.format)
        return _open(args.path, demo=args.demo, desk=args.desk)
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


def _checkin(path: Path, code: str, desk: str | None) -> int:
    from tdkt_tui import checkin
    from tdkt_tui.conference import Conference

    conference = Conference.open(path, create=False)
    result = checkin.scan(conference, code, desk or checkin.default_desk())
    line = _(result.outcome.label)
    if result.attendee is not None:
        unit = conference.unit(result.attendee.unit_id)
        line += f": {result.attendee.full_name}" + (f" — {unit.name}" if unit else "")
    if result.first_at:
        line += " " + _("(first at {time}, {desk})", time=result.first_at.replace("T", " "), desk=result.first_desk)
    print(line, file=sys.stdout if result.outcome.ok else sys.stderr)
    conference.close()
    return result.outcome.exit_code


def _progress(done: int, total: int) -> None:
    """A one-line progress bar on the terminal."""
    if sys.stderr.isatty() and total:
        filled = 30 * done // total
        print(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total}", end="" if done < total else "\n",
              file=sys.stderr, flush=True)


def _attendance(path: Path, fmt: str) -> int:
    from tdkt_tui.attendance_list import write_attendance
    from tdkt_tui.conference import Conference

    conference = Conference.open(path, create=False)
    out = write_attendance(conference, fmt)
    att = conference.attendance()
    print(_("Attendance written to {path}: {present} of {total} present, member units {units}/{members}.",
            path=str(out), present=att.total_present, total=att.total_expected, units=att.member_units_present,
            members=att.member_units))
    conference.close()
    return 0


def _badges(path: Path) -> int:
    from tdkt_tui.badges import write_badges
    from tdkt_tui.conference import Conference

    conference = Conference.open(path, create=False)
    files = write_badges(conference, _progress)
    print(_("{count} badges written: {docx}", count=files.count, docx=str(files.docx)))
    print(_("Codes for invitations: {csv} and {xlsx}; QR images in {folder}", csv=str(files.csv),
            xlsx=str(files.xlsx), folder=str(files.qr_dir)))
    conference.close()
    return 0


def _tasks(path: Path, *, export: bool) -> int:
    from tabulate import tabulate

    from tdkt_tui import tasks
    from tdkt_tui.conference import Conference

    conference = Conference.open(path, create=False)
    headers, rows = tasks.tasks_table(conference)
    print(tabulate(rows, headers=headers, tablefmt="simple"))
    if export:
        print(_("Tasks exported to {path}", path=str(tasks.write_tasks_workbook(conference))))
    conference.close()
    return 0


def _carry_over(old: Path, new: Path) -> int:
    from tdkt_tui import tasks
    from tdkt_tui.conference import Conference

    conference = Conference.open(new, create=False)
    count = tasks.carry_over(old, conference)
    print(_("{count} unfinished tasks and targets carried over into {path}.", count=count, path=str(new)))
    conference.close()
    return 0


def _scores(path: Path, workbook: Path | None, *, export: bool) -> int:
    from tabulate import tabulate

    from tdkt_tui import scoring
    from tdkt_tui.conference import Conference

    conference = Conference.open(path, create=False)
    if workbook is not None:
        preview = scoring.read_score_workbook(conference, workbook)
        if preview.issues:
            print(tabulate([(i.where, i.reason) for i in preview.issues], headers=[_("Cell"), _("Problem")]),
                  file=sys.stderr)
            print(_("Nothing was imported."), file=sys.stderr)
            return 1
        print(_("{count} scores imported.", count=scoring.commit_scores(conference, preview)))
    rows = [(f"{s.rank}{'=' if s.tied else ''}" if s.rank else "—", s.unit.name, scoring.format_points(s.self_total),
             scoring.format_points(s.verified_total)) for s in scoring.ranking(conference)]
    print(tabulate(rows, headers=[_("Rank"), _("Unit"), _("Self total"), _("Verified total")]))
    received, total = scoring.reports_received(conference)
    print(_("Reports received: {received}/{total}", received=received, total=total))
    if export:
        print(_("Scores exported to {path}", path=str(scoring.write_score_workbook(conference))))
    conference.close()
    return 0


def _threshold(text: str) -> object:
    from tdkt_tui import voting

    rule = THRESHOLDS.get(text.replace(" ", ""))
    return voting.Threshold(voting.Rule(rule)) if rule else voting.Threshold.custom(text)


def _poll(args: argparse.Namespace) -> int:
    from tabulate import tabulate

    from tdkt_tui import voting
    from tdkt_tui.conference import Conference

    conference = Conference.open(args.path, create=False)
    if args.action == "list":
        rows = [(p.id, _(p.kind.label), p.title or p.award, p.round, _(p.status.label), p.issued, p.collected)
                for p in voting.polls(conference)]
        print(tabulate(rows, headers=["#", _("Kind"), _("Poll"), _("Round"), _("Status"), _("Issued"),
                                      _("Collected")], disable_numparse=True))
        return 0
    if args.action == "new":
        poll = voting.create_poll(conference, voting.Poll(
            kind=voting.PollKind(args.kind), title=args.title, award=args.award, quota=args.quota,
            threshold=_threshold(args.threshold), base=voting.Base(BASES[args.base]),  # type: ignore[arg-type]
            entry_mode=voting.EntryMode(args.mode)))
        print(poll.id)
        return 0
    if args.poll is None:
        print(_("Name the poll: tdkt poll PATH {action} POLL", action=args.action), file=sys.stderr)
        return 2
    if args.action == "open":
        poll = voting.open_poll(conference, args.poll)
        print(_("Poll {poll} open: {issued} ballots issued.", poll=poll.id, issued=poll.issued))
        if args.number is not None:
            voting.set_collected(conference, args.poll, args.number)
    elif args.action == "collected":
        voting.set_collected(conference, args.poll, args.number or 0)
    elif args.action == "papers":
        from tdkt_tui.ballot_paper import write_ballot_papers

        print(_("Ballot papers written: {path}", path=str(write_ballot_papers(conference, args.poll,
                                                                               copies=args.number))))
    elif args.action == "close":
        print(_("Poll {poll} closed; audit digest {digest}", poll=args.poll,
                digest=voting.close_poll(conference, args.poll)))
    return 0


def _ballot(args: argparse.Namespace) -> int:
    import csv

    from tdkt_tui import voting
    from tdkt_tui.conference import Conference

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


def _tally(path: Path, poll_id: int, *, as_json: bool) -> int:
    import json

    from tdkt_tui.i18n import language

    from tabulate import tabulate

    from tdkt_tui import voting
    from tdkt_tui.conference import Conference

    conference = Conference.open(path, create=False)
    if as_json:
        print(json.dumps(voting.tally_json(conference, poll_id), ensure_ascii=False, indent=2))
        return 0
    poll = voting.get_poll(conference, poll_id)
    result = voting.tally(conference, poll_id)
    names = conference.unit_names()
    print(f"{poll.title or poll.award} — {_(poll.status.label)}")
    print(_("Issued {issued}, collected {collected}, valid {valid}, invalid {invalid}; needed {needed} votes "
            "({threshold}).", issued=result.issued, collected=result.collected, valid=result.valid,
            invalid=result.invalid, needed=result.votes_needed, threshold=poll.threshold.text()))
    comma = language() == "vi"
    rows = [(i, names.get(unit, "?"), result.votes.get(unit, 0),
             result.percent.get(unit, "").replace(".", ",") if comma else result.percent.get(unit, ""),
             "✓" if unit in result.winners else "")
            for i, unit in enumerate(poll.candidates, start=1)]
    print(tabulate(rows, headers=["#", _("Unit"), _("Votes"), "%", _("Elected")], disable_numparse=True))
    return 0


def _verify(path: Path) -> int:
    from tdkt_tui import voting
    from tdkt_tui.conference import Conference

    result = voting.verify(Conference.open(path, create=False))
    if result.ok:
        print(_("The audit chain of {events} events is intact; digest {digest}.", events=result.events,
                digest=result.digest))
        return 0
    print(_("The audit chain is broken at event {seq} (poll {poll}).", seq=result.first_bad_seq,
            poll=result.first_bad_poll), file=sys.stderr)
    return 1


def _serve(path: Path, host: str, port: int, token: str | None) -> int:
    from tdkt_tui.conference import Conference
    from tdkt_tui.i18n import language
    from tdkt_tui.app import serve

    Conference.open(path, create=False).close()
    try:
        serve(path, host=host, port=port, token=token, lang=language())
    except OSError as exc:
        print(_("Cannot listen on {host}:{port}: {reason}. Choose another --port.", host=host, port=port,
                reason=exc.strerror or str(exc)), file=sys.stderr)
        return 1
    return 0


def _minutes(path: Path, fmt: str) -> int:
    from tdkt_tui import minutes
    from tdkt_tui.conference import Conference

    conference = Conference.open(path, create=False)
    print(_("Minutes written: {path}", path=str(minutes.write_minutes(conference, fmt))))
    return 0


def _count_minutes(path: Path, poll_id: int, fmt: str) -> int:
    from tdkt_tui.conference import Conference
    from tdkt_tui.count_minutes import count_minutes_text, write_count_minutes

    conference = Conference.open(path, create=False)
    if fmt == "txt":
        print(count_minutes_text(conference, poll_id))
    else:
        print(_("Vote-counting minutes written: {path}", path=str(write_count_minutes(conference, poll_id))))
    return 0


def _projector(path: Path, poll_id: int | None) -> int:
    """A second terminal on the same folder: the tally follows the counting desk within half a second."""
    from screens.projector import ProjectorScreen
    from tdkt_tui.app import make_app
    from tdkt_tui.conference import Conference
    from tdkt_tui.i18n import language

    Conference.open(path, create=False).close()
    app = make_app(path, lang=language())
    app.call_later(lambda: app.push_screen(ProjectorScreen(poll_id, exit_on_close=True)))
    app.run()
    return app.return_code or 0


def _open(path: Path | None, *, demo: bool, desk: str | None) -> int:
    from tdkt_tui.app import make_app
    from tdkt_tui.i18n import language

    app = make_app(path, demo=demo, lang=language(), desk=desk)
    app.run()
    return app.return_code or 0
