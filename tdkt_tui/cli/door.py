"""Commands of the door and the roster: import a roster, check in, the attendance list, badges."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tdkt_tui.cli.table import DESK, PATH, arg, ask_yes, command
from tdkt_tui.domain.i18n import N_, _


def progress_bar(done: int, total: int) -> None:
    """A one-line progress bar on the terminal."""
    if sys.stderr.isatty() and total:
        filled = 30 * done // total
        print(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total}", end="" if done < total else "\n",
              file=sys.stderr, flush=True)


@command("import", N_("Import a roster (CSV or XLSX) into the conference at PATH."),
         PATH, arg("roster", metavar="ROSTER", type=Path, help=N_("the roster file (.xlsx, .csv)")),
         arg("--yes", action="store_true", help=N_("commit without asking")),
         arg("--dry-run", action="store_true", help=N_("show the preview only")),
         arg("--voter", choices=("head", "first"), default="head",
             help=N_("the voting delegate of a member unit without one: its head by title, or the first listed "
                     "(default head)")),
         arg("--use-suggested", action="store_true",
             help=N_("send the people of a unit name that only looks like a known unit to that unit")))
def import_roster(args: argparse.Namespace) -> int:
    from tabulate import tabulate

    from tdkt_tui.domain import roster
    from tdkt_tui.domain.conference import Conference
    from tdkt_tui.domain.model import Role
    from tdkt_tui.sheets.roster import read_roster

    conference = Conference.open(args.path, create=False)
    preview = read_roster(args.roster, conference, rule=roster.VoterRule(args.voter))
    if args.use_suggested:
        preview = roster.accept_suggestions(conference, preview)
    print("\n".join(roster.summary_lines(conference, preview)))
    counts = preview.counts()
    if counts:
        units = {line.written: roster.unit_target(conference, line) for line in preview.units}
        print(tabulate([(name or _("(no unit)"), units.get(name, ""), *(by_role[r] for r in Role))
                        for name, by_role in counts.items()],
                       headers=[_("Unit in the file"), _("Goes to"), *(_(r.label) for r in Role)]))
    if preview.rejected:
        print(tabulate([(r.row, r.reason) for r in preview.rejected], headers=[_("Row"), _("Reason")]))
    if args.dry_run or not preview.rows:
        return 0 if args.dry_run else 1
    if not args.yes:
        if not sys.stdin.isatty():
            print(_("Nothing was imported: run again with --yes to import."), file=sys.stderr)
            return 3
        if not ask_yes(_("Import these rows? [y/N] ")):
            print(_("Nothing was imported."))
            return 3
    result = roster.commit_roster(conference, preview)
    print(_("Imported: {added} added, {updated} updated, {units} units created.", added=result.added,
            updated=result.updated, units=result.units_added))
    conference.close()
    return 0


@command("checkin", N_("Check in the person whose code is CODE; the exit code tells the outcome (0 checked in, "
                       "10 already, 11 unknown, 12 misread, 13 other conference, 14 revoked, 15 not genuine, "
                       "16 not a code, 17 a substitute attends for this person: run again with --ballot)."),
         PATH, arg("code", metavar="CODE", nargs="+", help=N_("the 16 digits, as scanned or typed")), DESK,
         arg("--ballot", choices=("back", "keep"),
             help=N_("when a substitute attends for this person: give the ballot back to them (back) or leave it "
                     "with the substitute (keep)")))
def checkin(args: argparse.Namespace) -> int:
    from tdkt_tui.domain import checkin as door
    from tdkt_tui.domain.conference import Conference

    conference = Conference.open(args.path, create=False)
    desk = args.desk or door.default_desk()
    result = door.scan(conference, " ".join(args.code), desk)
    if result.outcome is door.Outcome.STOOD_IN and args.ballot and result.attendee is not None:
        result = door.settle_arrival(conference, result.attendee.id or 0, desk, ballot_to_absent=args.ballot == "back")
    line = _(result.outcome.label)
    if result.attendee is not None:
        unit = conference.unit(result.attendee.unit_id)
        line += f": {result.attendee.full_name}" + (f" — {unit.name}" if unit else "")
    if result.substitute is not None:
        line += " " + _("({name} attends on their behalf)", name=result.substitute.full_name)
    if result.first_at:
        line += " " + _("(first at {time}, {desk})", time=result.first_at.replace("T", " "), desk=result.first_desk)
    print(line, file=sys.stdout if result.outcome.ok else sys.stderr)
    conference.close()
    return result.outcome.exit_code


@command("attendance", N_("Export who is present and absent, by unit."),
         PATH, arg("--format", choices=("xlsx", "csv"), default="xlsx", help=N_("file format (default xlsx)")))
def attendance(args: argparse.Namespace) -> int:
    from tdkt_tui.domain.conference import Conference
    from tdkt_tui.sheets.attendance_list import write_attendance

    conference = Conference.open(args.path, create=False)
    out = write_attendance(conference, args.format)
    att = conference.attendance()
    print(_("Attendance written to {path}: {present} of {total} present, member units {units}/{members}.",
            path=str(out), present=att.total_present, total=att.total_expected, units=att.member_units_present,
            members=att.member_units))
    conference.close()
    return 0


@command("badges", N_("Write the badge sheets (DOCX), QR images and the list of codes (CSV, XLSX)."), PATH)
def badges(args: argparse.Namespace) -> int:
    from tdkt_tui.documents.badges import write_badges
    from tdkt_tui.domain.conference import Conference

    conference = Conference.open(args.path, create=False)
    files = write_badges(conference, progress_bar)
    print(_("{count} badges written: {docx}", count=files.count, docx=str(files.docx)))
    print(_("Codes for invitations: {csv} and {xlsx}; QR images in {folder}", csv=str(files.csv),
            xlsx=str(files.xlsx), folder=str(files.qr_dir)))
    conference.close()
    return 0
