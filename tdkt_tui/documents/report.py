"""The draft of the bloc's annual report (báo cáo tổng kết công tác thi đua, khen thưởng năm N của Khối), written from
what the conference holds: the member units, the tasks and covenant targets, the units' highlights, the verified
scores and ranking, the awards proposed and voted, next year's tasks (docs/domain.md#documents).

The leading unit's secretary used to retype these figures from eleven reports, the score sheets and the task list;
here each figure is the stored one. What only the secretary can write — the assessment, the directions, the
proposals — is a visible gap ("[Thư ký viết: …]"), never invented text; a figure the app does not have is a gap too.
The content is a :class:`~tdkt_tui.documents.content.Paper`, laid out like every other document of the bloc.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from tdkt_tui.documents import content, issuer, results, word
from tdkt_tui.documents.content import Block, Paper, Section
from tdkt_tui.documents.word import BLANK, Table
from tdkt_tui.domain import scoring, tasks, voting
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.i18n import N_, _
from tdkt_tui.domain.model import Unit
from tdkt_tui.domain.tasks import Period, Status, Task, TaskKind, TargetResult
from tdkt_tui.domain.text import fold, format_date

STEM = "bao-cao-tong-ket"
FORMATS = ("docx", "md", "pdf")
#: What Ctrl+G and ``tdkt report`` write unless asked otherwise: the Word draft, and Markdown for a quick look.
DRAFT = ("docx", "md")
#: Where a table has no value to show (a task without a deadline, a unit without scores).
NONE = "—"

WRITE = N_("For the secretary to write: {what}")


def gap(text: str) -> Block:
    """A visible place to fill in: printed in brackets, highlighted."""
    return Block(text, gap=True)


def write(what: str) -> Block:
    """A visible place for the secretary's own text."""
    return gap(_(WRITE, what=what))


def _text(message: str, **fields: object) -> Block:
    return Block(_(message, **fields))


def _sub(text: str) -> Block:
    return Block(text, sub=True)


def _names(units: list[Unit]) -> str:
    return "; ".join(u.name for u in units)


def as_of(conference: Conference) -> tuple[dt.date, str]:
    """The day tasks are judged on (done, overdue), as everywhere (:func:`tasks.as_of`), and what that day is."""
    day = tasks.as_of(conference)
    return day, _("the date of the conference") if conference.info().date else _("the date this draft was written")


# -- the number and date, and how the minutes name the report ------------------------------------------------------


def reference(conference: Conference) -> str:
    """How another document names this report once it has a number: "Báo cáo số 15-BC/KTĐ ngày 28/11/2018 tổng kết
    công tác thi đua, khen thưởng năm 2018 của Khối"; "" while the number is not set (a draft has none)."""
    info = conference.info()
    number = re.sub(r"^\s*(số|no\.?)\s*:?\s*", "", info.number_report, flags=re.IGNORECASE).strip()
    if not number or "…" in number:
        return ""
    if info.report_date is None:
        return _("Report No. {number} reviewing the bloc's emulation and commendation work in {year}",
                 number=number, year=info.year)
    return _("Report No. {number} of {date} reviewing the bloc's emulation and commendation work in {year}",
             number=number, date=format_date(info.report_date), year=info.year)


def letterhead(conference: Conference) -> word.Letterhead:
    """The letterhead with the report's number line, dated the report's date or left to date by hand."""
    info = conference.info()
    return replace(issuer.letterhead(conference, issuer.REPORT),
                   place_date=word.date_line(info.place, info.report_date, info.year))


# -- I. the bloc and its year --------------------------------------------------------------------------------------


def _period(period: Period, year: int) -> str:
    """"năm 2018", "6 tháng cuối năm 2018"."""
    if period is Period.YEAR:
        return _("the year {year}", year=year)
    return f"{_(period.label).lower()} {year}"


def _bloc(conference: Conference) -> Section:
    info = conference.info()
    members = conference.member_units()
    year = info.year
    this_year = [t for t in tasks.tasks(conference) if t.year == year]
    covenant_tasks = [t for t in this_year if t.kind is TaskKind.TASK and t.period is Period.YEAR]
    targets = [t for t in this_year if t.kind is TaskKind.TARGET]
    leader, deputy = conference.unit(info.leader_unit_id), conference.unit(info.deputy_unit_id)
    blocks = [
        _text(N_("{bloc} has {count} member units: {units}."), bloc=info.bloc_name or BLANK, count=len(members),
              units=_names(members) or BLANK),
        _text(N_("Bloc leader in {year}: {leader}; deputy bloc leader: {deputy}."), year=year,
              leader=leader.name if leader else BLANK, deputy=deputy.name if deputy else BLANK),
    ]
    if covenant_tasks or targets:
        blocks.append(_text(N_("On {date}, the member units signed the emulation covenant for {year}: {tasks} priority "
                               "tasks for the whole year and {targets} targets."),
                            date=BLANK, year=year, tasks=len(covenant_tasks), targets=len(targets)))
    else:
        blocks.append(gap(_("No covenant for {year} is recorded: there is no priority task of the whole year and "
                            "no target.", year=year)))
    for period in (Period.FIRST_HALF, Period.SECOND_HALF):
        count = sum(1 for t in this_year if t.kind is TaskKind.TASK and t.period is period)
        if count:
            blocks.append(_text(N_("Priority tasks for {period}: {count}."), period=_period(period, year),
                                count=count))
    blocks.append(write(_("the advantages and difficulties of the year")))
    return Section(_("I. The bloc and its year"), tuple(blocks))


# -- II. tasks and targets -----------------------------------------------------------------------------------------


def _deadline(item: Task) -> str:
    return format_date(item.deadline) or NONE


def task_table(conference: Conference, items: list[Task], today: dt.date) -> Table:
    """The priority tasks with their units in charge, deadline, progress and status as of ``today``."""
    rows = tuple((str(n), t.title, tasks.owners_text(conference, t), _deadline(t), f"{t.progress}%",
                  _(tasks.effective_status(t, today).label)) for n, t in enumerate(items, start=1))
    return Table((_("No."), _("Content"), _("Units in charge"), _("Deadline"), _("Progress"), _("Status")), rows,
                 ("center", "left", "left", "center", "right", "left"), (12, 48, 31, 27, 16, 29))


def planned_text(item: Task) -> str:
    """The planned value with its unit of measure; a ceiling says so."""
    value = tasks.value_text(item.planned, item.measure_unit) or BLANK
    return value if item.higher_is_better else _("{value} (ceiling)", value=value)


def target_table(conference: Conference, items: list[Task]) -> Table:
    """The targets with their units in charge, planned and actual values and result; an actual value not recorded
    is a gap to fill in."""
    rows = tuple((str(n), t.title, tasks.owners_text(conference, t), planned_text(t),
                  tasks.value_text(t.actual, t.measure_unit) or BLANK, _(tasks.target_result(t).label))
                 for n, t in enumerate(items, start=1))
    return Table((_("No."), _("Target"), _("Units in charge"), _("Planned"), _("Actual"), _("Result")), rows,
                 ("center", "left", "left", "right", "right", "left"), (12, 45, 31, 25, 25, 25))


def targets_by_unit(conference: Conference, year: int) -> Table:
    """Per member unit (targets in its charge) and for the whole bloc: how many targets, and how many exceeded, met,
    not met and without a result yet."""

    def row(label: str, figures: tasks.Summary) -> tuple[str, ...]:
        return (label, str(figures.targets_total), str(figures.targets_exceeded), str(figures.targets_met),
                str(figures.targets_not_met), str(figures.targets_pending))

    rows = [row(u.name, tasks.summary(conference, unit_id=u.id, year=year)) for u in conference.member_units()]
    rows.append(row(_("Whole bloc"), tasks.summary(conference, year=year)))
    return Table((_("Unit"), _("Number of targets"), _(TargetResult.EXCEEDED.label), _(TargetResult.MET.label),
                  _(TargetResult.NOT_MET.label), _(TargetResult.PENDING.label)), tuple(rows),
                 ("left", "right", "right", "right", "right", "right"), (53, 20, 22, 22, 24, 22))


def _priority_tasks(conference: Conference, plain: list[Task], year: int) -> list[Block]:
    if not plain:
        return [gap(_("No priority task for {year} is recorded.", year=year))]
    today, which = as_of(conference)
    counts = dict.fromkeys(Status, 0)
    for item in plain:
        counts[tasks.effective_status(item, today)] += 1
    blocks = [_text(
        N_("As of {date} ({which}), of the {total} priority tasks of {year}: {done} done, {in_progress} in "
           "progress, {not_started} not started and {overdue} overdue."),
        date=format_date(today), which=which, total=len(plain), year=year, done=counts[Status.DONE],
        in_progress=counts[Status.IN_PROGRESS], not_started=counts[Status.NOT_STARTED],
        overdue=counts[Status.OVERDUE])]
    for period in Period:
        chosen = [t for t in plain if t.period is period]
        if chosen:
            blocks.append(_text(N_("Priority tasks for {period}:"), period=_period(period, year)))
            blocks.append(Block(table=task_table(conference, chosen, today)))
    overdue = [t.title for t in plain if tasks.effective_status(t, today) is Status.OVERDUE]
    if overdue:
        blocks.append(_text(N_("Overdue: {tasks}."), tasks="; ".join(overdue)))
    return blocks


def _targets(conference: Conference, targets: list[Task], year: int) -> list[Block]:
    if not targets:
        return [gap(_("No covenant target for {year} is recorded.", year=year))]
    figures = tasks.summary(conference, year=year)
    if figures.targets_pending:
        line = _text(N_("Of the {total} covenant targets: {exceeded} exceeded, {met} met, {not_met} not met and "
                        "{pending} without a result yet."),
                     total=figures.targets_total, exceeded=figures.targets_exceeded, met=figures.targets_met,
                     not_met=figures.targets_not_met, pending=figures.targets_pending)
    else:
        line = _text(N_("Of the {total} covenant targets: {exceeded} exceeded, {met} met and {not_met} not met."),
                     total=figures.targets_total, exceeded=figures.targets_exceeded, met=figures.targets_met,
                     not_met=figures.targets_not_met)
    return [line, Block(table=target_table(conference, targets)),
            _text(N_("By unit in charge (a target of several units counts for each of them; the whole bloc's line "
                     "counts each target once):")),
            Block(table=targets_by_unit(conference, year))]


def _results(conference: Conference) -> Section:
    year = conference.info().year
    this_year = [t for t in tasks.tasks(conference) if t.year == year]
    return Section(_("II. Priority tasks and covenant targets"), (
        _sub(_("1. Priority tasks")),
        *_priority_tasks(conference, [t for t in this_year if t.kind is TaskKind.TASK], year),
        write(_("the bloc's assessment of the priority tasks")),
        _sub(_("2. Covenant targets")),
        *_targets(conference, [t for t in this_year if t.kind is TaskKind.TARGET], year),
        write(_("the bloc's assessment of the covenant targets")),
    ))


# -- III. the emulation movements ----------------------------------------------------------------------------------


def _movements(conference: Conference) -> Section:
    found = scoring.reports(conference)
    blocks = [write(_("the movements the bloc launched in the year and their results")),
              _text(N_("The highlights of the member units, as each wrote them in its annual report:"))]
    for number, unit in enumerate(conference.member_units(), start=1):
        blocks.append(_sub(f"{number}. {unit.name}"))
        report = found.get(unit.id or 0)
        if report is None or not report.is_received:
            blocks.append(gap(_("the report has not been received")))
        if report is not None and report.highlights:
            blocks += [Block(f"“{line}”") for line in report.highlights.split("\n") if line.strip()]
        elif report is not None and report.is_received:
            blocks.append(gap(_("no highlights recorded from this report")))
    return Section(_("III. Emulation movements"), tuple(blocks))


# -- IV. scoring and ranking ---------------------------------------------------------------------------------------


def has_self_scores(conference: Conference, unit_id: int) -> bool:
    """Whether the unit's self-score sheet is in: a self score for at least one item."""
    return any(s.self_score is not None for (u, _c), s in scoring.scores(conference).items() if u == unit_id)


def ranking_table(conference: Conference) -> Table:
    """The ranking by verified total with the self total and the verified points by kind; units without a verified
    score last, unranked."""
    rows = []
    for s in scoring.ranking(conference):
        unit_id = s.unit.id or 0
        own = scoring.format_points(s.self_total) if has_self_scores(conference, unit_id) else NONE
        if s.rank:
            parts = scoring.verified_parts(conference, unit_id)
            figures = tuple(scoring.format_points(v) for v in (parts.criteria, parts.bonus, parts.penalty,
                                                               s.verified_total))
        else:
            figures = (NONE,) * 4
        rows.append((str(s.rank) if s.rank else NONE, s.unit.name, own, *figures))
    return Table((_("Rank"), _("Unit"), _("Self total"), _("Criteria (verified)"), _("Bonus"), _("Penalty"),
                  _("Verified total")), tuple(rows),
                 ("center", "left", "right", "right", "right", "right", "right"), (16, 49, 20, 24, 18, 16, 20))


def _scoring(conference: Conference) -> Section:
    members = conference.member_units()
    total = len(members)
    found = scoring.reports(conference)
    standings = scoring.ranking(conference)
    items = scoring.criteria(conference)
    blocks: list[Block] = []
    if items:
        def most(kind: scoring.ItemKind) -> str:
            return scoring.format_points(sum((c.max_points for c in items if c.kind is kind), Decimal(0)))

        blocks.append(_text(
            N_("The scoring table has {count} criteria worth {max} points at most, bonus items worth {bonus} points "
               "and penalty items worth {penalty} points."),
            count=sum(1 for c in items if c.kind is scoring.ItemKind.CRITERION),
            max=most(scoring.ItemKind.CRITERION), bonus=most(scoring.ItemKind.BONUS),
            penalty=most(scoring.ItemKind.PENALTY)))
    else:
        blocks.append(gap(_("No scoring table has been entered.")))
    no_report = [u for u in members if not ((r := found.get(u.id or 0)) is not None and r.is_received)]
    no_sheet = [u for u in members if not has_self_scores(conference, u.id or 0)]
    unverified = [s.unit for s in standings if not s.complete]
    blocks.append(_text(
        N_("Annual reports received: {reports}/{total} member units; self-score sheets: {sheets}/{total}; verified "
           "on every criterion: {verified}/{total}."),
        reports=total - len(no_report), sheets=total - len(no_sheet), verified=total - len(unverified), total=total))
    blocks.append(_text(N_("Ranking by verified total (criteria plus bonus, minus penalty):")))
    blocks.append(Block(table=ranking_table(conference)))
    by_rank: dict[int, list[scoring.Standing]] = {}
    for s in standings:
        if s.tied:
            by_rank.setdefault(s.rank, []).append(s)
    for rank, tied in by_rank.items():
        blocks.append(_text(N_("Tied at rank {rank} with {points} points: {units}."), rank=rank,
                            points=scoring.format_points(tied[0].verified_total),
                            units=_names([s.unit for s in tied])))
    if no_report:
        blocks.append(_text(N_("Member units whose annual report has not been received: {units}."),
                            units=_names(no_report)))
    if no_sheet:
        blocks.append(_text(N_("Member units without a self-score sheet: {units}."), units=_names(no_sheet)))
    if unverified:
        blocks.append(_text(N_("Member units not yet verified on every criterion: {units}."),
                            units=_names(unverified)))
    if not (no_report or no_sheet or unverified):
        blocks.append(_text(N_("Every member unit sent its annual report and self-score sheet, and every score was "
                               "verified.")))
    return Section(_("IV. Scoring and ranking"), tuple(blocks))


# -- V. awards -----------------------------------------------------------------------------------------------------


def proposals_table(conference: Conference) -> Table:
    """Each member unit's report: the day it was received and the award the unit proposes for itself."""
    found = scoring.reports(conference)
    rows = []
    for number, unit in enumerate(conference.member_units(), start=1):
        report = found.get(unit.id or 0)
        received = format_date(report.received) if report is not None and report.received else _("not received")
        award = report.proposed_award if report is not None and report.proposed_award else NONE
        rows.append((str(number), unit.name, received, award))
    return Table((_("No."), _("Unit"), _("Report received"), _("Award proposed by the unit")), tuple(rows),
                 ("center", "left", "center", "left"), (12, 61, 28, 62))


def _awards(conference: Conference) -> Section:
    found = scoring.reports(conference)
    groups: dict[str, tuple[str, list[Unit]]] = {}
    for unit in conference.member_units():
        report = found.get(unit.id or 0)
        if report is not None and report.proposed_award:
            groups.setdefault(fold(report.proposed_award), (report.proposed_award, []))[1].append(unit)
    blocks = [_sub(_("1. Awards proposed in the units' reports")), Block(table=proposals_table(conference))]
    for award, units in groups.values():
        blocks.append(_text(N_("{award}: {count} unit(s) ({units})."), award=award, count=len(units),
                            units=_names(units)))
    blocks.append(_sub(_("2. Result of the nomination vote")))
    awards = results.award_results(conference)
    if awards:
        blocks.append(Block(table=results.awards_table(awards)))
    else:
        blocks.append(gap(_("no nomination vote has been held yet; write the draft again after the count")))
    leading = results.leading_unit(conference)
    blocks.append(_text(N_("Leading unit of the bloc in {year}: {unit}."), year=conference.info().year,
                        unit=leading.name if leading else BLANK))
    return Section(_("V. Award nominations"), tuple(blocks))


# -- VI. overall assessment; Part II; Part III ---------------------------------------------------------------------


def _assessment() -> Section:
    return Section(_("VI. Overall assessment"), (
        _sub(_("1. Strengths")), write(_("strengths")),
        _sub(_("2. Shortcomings and their causes")), write(_("shortcomings and their causes")),
        _sub(_("3. Lessons learned")), write(_("lessons learned")),
    ))


def next_task_table(conference: Conference, items: list[Task]) -> Table:
    rows = tuple((str(n), t.title, tasks.owners_text(conference, t), _(t.period.label), _deadline(t))
                 for n, t in enumerate(items, start=1))
    return Table((_("No."), _("Content"), _("Units in charge"), _("Period"), _("Deadline")), rows,
                 ("center", "left", "left", "left", "center"), (12, 66, 36, 24, 25))


def next_target_table(conference: Conference, items: list[Task]) -> Table:
    rows = tuple((str(n), t.title, tasks.owners_text(conference, t), planned_text(t))
                 for n, t in enumerate(items, start=1))
    return Table((_("No."), _("Target"), _("Units in charge"), _("Planned")), rows,
                 ("center", "left", "left", "right"), (12, 81, 40, 30))


def _part(heading: str) -> Block:
    return Block(heading, sub=True, center=True)


def _next_year(conference: Conference) -> Section:
    year = conference.info().year + 1
    items = [t for t in tasks.tasks(conference) if t.year == year]
    plain = [t for t in items if t.kind is TaskKind.TASK]
    targets = [t for t in items if t.kind is TaskKind.TARGET]
    blocks: list[Block] = [_part(_("Part II. Directions and tasks for {year}", year=year)),
                           write(_("the bloc's general direction for {year}", year=year)),
                           _sub(_("1. Priority tasks for {year}", year=year))]
    blocks.append(Block(table=next_task_table(conference, plain)) if plain else
                  gap(_("no priority task for {year} has been entered", year=year)))
    blocks.append(_sub(_("2. Covenant targets for {year}", year=year)))
    blocks.append(Block(table=next_target_table(conference, targets)) if targets else
                  gap(_("no target for {year} has been entered", year=year)))
    blocks.append(_sub(_("3. Bloc leader and deputy for {year}", year=year)))
    for kind, label in ((voting.PollKind.LEADER, _("Bloc leader for {year}", year=year)),
                        (voting.PollKind.DEPUTY, _("Deputy bloc leader for {year}", year=year))):
        line = results.elected_line(conference, kind)
        blocks.append(Block(line) if line else _text(N_("{title}: {unit}."), title=label, unit=BLANK))
    blocks.append(write(_("the bloc's other tasks and solutions for {year}", year=year)))
    return Section("", tuple(blocks))


def _proposals() -> Section:
    return Section("", (_part(_("Part III. Proposals")),
                        write(_("the bloc's proposals to the provincial emulation and commendation council"))))


# -- the whole -----------------------------------------------------------------------------------------------------


def annual_report(conference: Conference) -> Paper:
    """The content of the draft."""
    info = conference.info()
    year = info.year
    return Paper(
        head=letterhead(conference),
        kind=_("REPORT"),
        subject=_("Review of emulation and commendation work in {year} and directions and tasks for {next}",
                  year=year, next=year + 1),
        sections=(
            Section("", (write(_("the documents this report follows")),
                         _text(N_("{bloc} reports on its emulation and commendation work in {year} and on its "
                                  "directions and tasks for {next} as follows:"),
                               bloc=info.bloc_name or BLANK, year=year, next=year + 1),
                         _part(_("Part I. Results of emulation and commendation work in {year}", year=year)))),
            _bloc(conference), _results(conference), _movements(conference), _scoring(conference),
            _awards(conference), _assessment(), _next_year(conference), _proposals(),
        ),
        signatures=(issuer.for_the_bloc(info),),
        recipients=(_("{council} (to report)", council=issuer.council(info)), _("The member units of the bloc"),
                    issuer.filed(info)),
    )


def report_markdown(conference: Conference) -> str:
    """The draft as Markdown, for a quick look."""
    return content.text(annual_report(conference), "md")


def write_report(conference: Conference, fmt: str = "docx") -> Path:
    """Write the draft into ``exports/bao-cao-tong-ket-<time>.<fmt>`` (docx, md, or pdf through LibreOffice): a new
    file, never replacing one (the secretary's edited copy stays as it is)."""
    if fmt not in FORMATS:
        raise ValueError(f"not a report format: {fmt!r}")
    return content.write(conference, annual_report(conference), STEM, fmt)


__all__ = ["DRAFT", "FORMATS", "annual_report", "reference", "report_markdown", "write_report"]
