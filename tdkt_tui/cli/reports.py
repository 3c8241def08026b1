"""Commands of the year's work: the ranking and score workbooks, the tasks and targets, carrying them over."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tdkt_tui.cli.table import PATH, arg, command
from tdkt_tui.domain.i18n import N_, _


@command("scores", N_("Print the ranking; import or export the score workbook."),
         PATH, arg("--import", dest="workbook", type=Path, help=N_("an .xlsx of scores to import")),
         arg("--export", action="store_true", help=N_("write the scores to an XLSX in exports/")))
def scores(args: argparse.Namespace) -> int:
    from tabulate import tabulate

    from tdkt_tui.domain import scoring
    from tdkt_tui.domain.conference import Conference
    from tdkt_tui.sheets import scores as score_sheets

    conference = Conference.open(args.path, create=False)
    if args.workbook is not None:
        preview = score_sheets.read_score_workbook(conference, args.workbook)
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
    if args.export:
        print(_("Scores exported to {path}", path=str(score_sheets.write_score_workbook(conference))))
    conference.close()
    return 0


@command("tasks", N_("Print the priority tasks and targets with their summary."),
         PATH, arg("--export", action="store_true", help=N_("also write them to an XLSX in exports/")))
def tasks(args: argparse.Namespace) -> int:
    from tabulate import tabulate

    from tdkt_tui.domain import tasks as work
    from tdkt_tui.domain.conference import Conference
    from tdkt_tui.sheets.tasks import write_tasks_workbook

    conference = Conference.open(args.path, create=False)
    headers, rows = work.tasks_table(conference)
    print(tabulate(rows, headers=headers, tablefmt="simple"))
    if args.export:
        print(_("Tasks exported to {path}", path=str(write_tasks_workbook(conference))))
    conference.close()
    return 0


@command("carry-over", N_("Copy the unfinished tasks and targets of the conference in OLD into the one in NEW."),
         arg("old", metavar="OLD", type=Path, help=N_("last period's conference folder")),
         arg("new", metavar="NEW", type=Path, help=N_("this period's conference folder")))
def carry_over(args: argparse.Namespace) -> int:
    from tdkt_tui.domain import tasks as work
    from tdkt_tui.domain.conference import Conference

    conference = Conference.open(args.new, create=False)
    count = work.carry_over(args.old, conference)
    print(_("{count} unfinished tasks and targets carried over into {path}.", count=count, path=str(args.new)))
    conference.close()
    return 0
