"""The draft of the bloc's annual report (báo cáo tổng kết công tác thi đua, khen thưởng năm N của Khối), written from
what the conference holds: the member units, the tasks and covenant targets, the units' highlights, the verified
scores and ranking, the awards proposed and voted, next year's tasks (docs/domain.md#documents).

The leading unit's secretary used to retype these figures from eleven reports, the score sheets and the task list;
here each figure is the stored one. What only the secretary can write — the assessment, the directions, the
proposals — is a visible gap ("[Thư ký viết: …]"), never invented text; a figure the app does not have is a gap too.
The content is assembled as records first (:func:`annual_report`), then rendered to Word and to Markdown.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from pathlib import Path

from tdkt_tui.documents import word
from tdkt_tui.documents.word import BLANK, Table
from tdkt_tui.domain import scoring, tasks
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.exports import export_file
from tdkt_tui.domain.i18n import N_, _
from tdkt_tui.domain.model import HeaderVariant, Unit
from tdkt_tui.domain.tasks import Period, Status, Task, TaskKind, TargetResult
from tdkt_tui.domain.text import fold, format_date

STEM = "bao-cao-tong-ket"
FORMATS = ("docx", "md")
#: The tables have up to seven columns: a point smaller than the minutes' tables.
TABLE_PT = 12
#: Where a table has no value to show (a task without a deadline, a unit without scores).
NONE = "—"

WRITE = N_("[For the secretary to write: {what}]")


class Style(Enum):
    """How a paragraph of the report is set."""

    TEXT = "text"
    HEADING = "heading"  # a numbered sub-heading, bold
    QUOTE = "quote"  # a unit's own words, italic, in quotation marks
    GAP = "gap"  # what the secretary must write or fill in, italic in brackets


@dataclass(frozen=True)
class Block:
    """A paragraph (``text`` in its ``style``) or a table."""

    text: str = ""
    style: Style = Style.TEXT
    table: Table | None = None


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Part:
    """"Phần I. Kết quả …": its sections."""

    heading: str
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class AnnualReport:
    """Everything the draft says, in the interface language, in reading order."""

    head: word.Letterhead
    kind: str  # "BÁO CÁO"
    subject: str
    opening: tuple[Block, ...]
    parts: tuple[Part, ...]
    signature: tuple[str, str]  # capacity, name
    year: int

    def tables(self) -> list[Table]:
        """Every table of the report, in reading order."""
        return [b.table for p in self.parts for s in p.sections for b in s.blocks if b.table is not None]


def gap(what: str) -> Block:
    """A visible place for the secretary's own text."""
    return Block(_(WRITE, what=what), Style.GAP)


def _text(message: str, **fields: object) -> Block:
    return Block(_(message, **fields))


def _names(units: list[Unit]) -> str:
    return "; ".join(u.name for u in units)


def as_of(conference: Conference) -> tuple[dt.date, str]:
    """The day tasks are judged on (done, overdue) and what that day is: the conference's date, or today when the
    conference has no date yet."""
    date = conference.info().date
    if date is not None:
        return date, _("the date of the conference")
    return dt.date.today(), _("the date this draft was written")


# -- I. the bloc and its year --------------------------------------------------------------------------------------


def _bloc(conference: Conference) -> Section:
    info = conference.info()
    members = conference.member_units()
    year = info.year
    this_year = [t for t in tasks.tasks(conference) if t.year == year]
    covenant_tasks = [t for t in this_year if t.kind is TaskKind.TASK and t.period is Period.YEAR]
    targets = [t for t in this_year if t.kind is TaskKind.TARGET]
    blocks = [
        _text(N_("{bloc} has {count} member units: {units}."), bloc=info.bloc_name or BLANK, count=len(members),
              units=_names(members) or BLANK),
    ]
    if covenant_tasks or targets:
        blocks.append(_text(N_("On {date}, the member units signed the emulation covenant for {year}: {tasks} priority "
                               "tasks for the whole year and {targets} targets."),
                            date=BLANK, year=year, tasks=len(covenant_tasks), targets=len(targets)))
    else:
        blocks.append(Block(_("No covenant for {year} is recorded: there is no priority task of the whole year and "
                              "no target.", year=year), Style.GAP))
    for period in (Period.FIRST_HALF, Period.SECOND_HALF):
        count = sum(1 for t in this_year if t.kind is TaskKind.TASK and t.period is period)
        if count:
            blocks.append(_text(N_("Priority tasks for {period}: {count}."), period=_period(period, year),
                                count=count))
    blocks.append(gap(_("the advantages and difficulties of the year")))
    return Section(_("I. The bloc and its year"), tuple(blocks))


def _period(period: Period, year: int) -> str:
    """"năm 2018", "6 tháng cuối năm 2018"."""
    if period is Period.YEAR:
        return _("the year {year}", year=year)
    return f"{_(period.label).lower()} {year}"


# -- II. tasks and targets -----------------------------------------------------------------------------------------


def _status_counts(items: list[Task], today: dt.date) -> dict[Status, int]:
    counts = dict.fromkeys(Status, 0)
    for item in items:
        counts[tasks.effective_status(item, today)] += 1
    return counts


def _deadline(item: Task) -> str:
    return format_date(item.deadline) or NONE


def task_table(conference: Conference, items: list[Task], today: dt.date) -> Table:
    """The priority tasks with their units in charge, deadline, progress and status as of ``today``."""
    rows = tuple((str(n), t.title, tasks.owners_text(conference, t), _deadline(t), f"{t.progress}%",
                  _(tasks.effective_status(t, today).label)) for n, t in enumerate(items, start=1))
    return Table((_("No."), _("Content"), _("Units in charge"), _("Deadline"), _("Progress"), _("Status")), rows,
                 ("center", "left", "left", "center", "right", "left"), (12, 52, 32, 25, 15, 27))


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
                 ("center", "left", "left", "right", "right", "left"), (12, 48, 32, 24, 24, 23))


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
                 ("left", "right", "right", "right", "right", "right"), (55, 20, 22, 22, 22, 22))


def _results(conference: Conference) -> Section:
    info = conference.info()
    year = info.year
    today, which = as_of(conference)
    this_year = [t for t in tasks.tasks(conference) if t.year == year]
    plain = [t for t in this_year if t.kind is TaskKind.TASK]
    targets = [t for t in this_year if t.kind is TaskKind.TARGET]
    blocks: list[Block] = [Block(_("1. Priority tasks"), Style.HEADING)]
    if plain:
        counts = _status_counts(plain, today)
        blocks.append(_text(
            N_("As of {date} ({which}), of the {total} priority tasks of {year}: {done} done, {in_progress} in "
               "progress, {not_started} not started and {overdue} overdue."),
            date=format_date(today), which=which, total=len(plain), year=year, done=counts[Status.DONE],
            in_progress=counts[Status.IN_PROGRESS], not_started=counts[Status.NOT_STARTED],
            overdue=counts[Status.OVERDUE]))
        for period in Period:
            chosen = [t for t in plain if t.period is period]
            if chosen:
                blocks.append(_text(N_("Priority tasks for {period}:"), period=_period(period, year)))
                blocks.append(Block(table=task_table(conference, chosen, today)))
        overdue = [t.title for t in plain if tasks.effective_status(t, today) is Status.OVERDUE]
        if overdue:
            blocks.append(_text(N_("Overdue: {tasks}."), tasks="; ".join(overdue)))
    else:
        blocks.append(Block(_("No priority task for {year} is recorded.", year=year), Style.GAP))
    blocks.append(gap(_("the bloc's assessment of the priority tasks")))
    blocks.append(Block(_("2. Covenant targets"), Style.HEADING))
    if targets:
        figures = tasks.summary(conference, year=year, today=today)
        if figures.targets_pending:
            blocks.append(_text(
                N_("Of the {total} covenant targets: {exceeded} exceeded, {met} met, {not_met} not met and "
                   "{pending} without a result yet."),
                total=figures.targets_total, exceeded=figures.targets_exceeded, met=figures.targets_met,
                not_met=figures.targets_not_met, pending=figures.targets_pending))
        else:
            blocks.append(_text(N_("Of the {total} covenant targets: {exceeded} exceeded, {met} met and {not_met} not "
                                   "met."),
                                total=figures.targets_total, exceeded=figures.targets_exceeded,
                                met=figures.targets_met, not_met=figures.targets_not_met))
        blocks.append(Block(table=target_table(conference, targets)))
        blocks.append(_text(N_("By unit in charge (a target of several units counts for each of them; the whole "
                               "bloc's line counts each target once):")))
        blocks.append(Block(table=targets_by_unit(conference, year)))
    else:
        blocks.append(Block(_("No covenant target for {year} is recorded.", year=year), Style.GAP))
    blocks.append(gap(_("the bloc's assessment of the covenant targets")))
    return Section(_("II. Priority tasks and covenant targets"), tuple(blocks))


# -- III. the emulation movements ----------------------------------------------------------------------------------


def _movements(conference: Conference) -> Section:
    found = scoring.reports(conference)
    blocks = [gap(_("the movements the bloc launched in the year and their results")),
              _text(N_("The highlights of the member units, as each wrote them in its annual report:"))]
    for number, unit in enumerate(conference.member_units(), start=1):
        blocks.append(Block(f"{number}. {unit.name}", Style.HEADING))
        report = found.get(unit.id or 0)
        if report is None or not report.is_received:
            blocks.append(Block(_("(the report has not been received)"), Style.GAP))
        if report is not None and report.highlights:
            blocks += [Block(line, Style.QUOTE) for line in report.highlights.split("\n") if line.strip()]
        elif report is not None and report.is_received:
            blocks.append(Block(_("(no highlights recorded from this report)"), Style.GAP))
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
                 ("center", "left", "right", "right", "right", "right", "right"), (16, 51, 20, 22, 18, 16, 20))


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
        blocks.append(Block(_("No scoring table has been entered."), Style.GAP))
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
                 ("center", "left", "center", "left"), (12, 63, 28, 60))


def _awards(conference: Conference) -> Section:
    found = scoring.reports(conference)
    groups: dict[str, tuple[str, list[Unit]]] = {}
    for unit in conference.member_units():
        report = found.get(unit.id or 0)
        if report is not None and report.proposed_award:
            groups.setdefault(fold(report.proposed_award), (report.proposed_award, []))[1].append(unit)
    blocks = [Block(_("1. Awards proposed in the units' reports"), Style.HEADING),
              Block(table=proposals_table(conference))]
    for award, units in groups.values():
        blocks.append(_text(N_("{award}: {count} unit(s) ({units})."), award=award, count=len(units),
                            units=_names(units)))
    blocks.append(Block(_("2. Result of the nomination vote"), Style.HEADING))
    blocks.extend(_votes(conference))
    return Section(_("V. Award nominations"), tuple(blocks))


def _votes(conference: Conference) -> list[Block]:
    return [Block(_("(no nomination vote has been counted yet; write the draft again after the count)"),
                  Style.GAP)]


# -- VI. overall assessment; Part II; Part III ---------------------------------------------------------------------


def _assessment() -> Section:
    return Section(_("VI. Overall assessment"), (
        Block(_("1. Strengths"), Style.HEADING), gap(_("strengths")),
        Block(_("2. Shortcomings and their causes"), Style.HEADING), gap(_("shortcomings and their causes")),
        Block(_("3. Lessons learned"), Style.HEADING), gap(_("lessons learned")),
    ))


def next_task_table(conference: Conference, items: list[Task]) -> Table:
    rows = tuple((str(n), t.title, tasks.owners_text(conference, t), _(t.period.label), _deadline(t))
                 for n, t in enumerate(items, start=1))
    return Table((_("No."), _("Content"), _("Units in charge"), _("Period"), _("Deadline")), rows,
                 ("center", "left", "left", "left", "center"), (12, 68, 36, 22, 25))


def next_target_table(conference: Conference, items: list[Task]) -> Table:
    rows = tuple((str(n), t.title, tasks.owners_text(conference, t), planned_text(t))
                 for n, t in enumerate(items, start=1))
    return Table((_("No."), _("Target"), _("Units in charge"), _("Planned")), rows,
                 ("center", "left", "left", "right"), (12, 81, 40, 30))


def _next_year(conference: Conference) -> Part:
    year = conference.info().year + 1
    items = [t for t in tasks.tasks(conference) if t.year == year]
    plain = [t for t in items if t.kind is TaskKind.TASK]
    targets = [t for t in items if t.kind is TaskKind.TARGET]
    blocks: list[Block] = [gap(_("the bloc's general direction for {year}", year=year)),
                           Block(_("1. Priority tasks for {year}", year=year), Style.HEADING)]
    if plain:
        blocks.append(Block(table=next_task_table(conference, plain)))
    else:
        blocks.append(Block(_("(no priority task for {year} has been entered)", year=year), Style.GAP))
    blocks.append(Block(_("2. Covenant targets for {year}", year=year), Style.HEADING))
    if targets:
        blocks.append(Block(table=next_target_table(conference, targets)))
    else:
        blocks.append(Block(_("(no target for {year} has been entered)", year=year), Style.GAP))
    return Part(_("Part II. Directions and tasks for {year}", year=year), (Section("", tuple(blocks)),))


def _proposals(conference: Conference) -> Part:
    return Part(_("Part III. Proposals"), (Section("", (
        gap(_("the bloc's proposals to the provincial emulation and commendation council")),)),))


# -- the whole -----------------------------------------------------------------------------------------------------


def annual_report(conference: Conference) -> AnnualReport:
    """The content of the draft."""
    info = conference.info()
    year = info.year
    bloc = info.bloc_name or BLANK
    return AnnualReport(
        head=word.Letterhead((info.issuing_body or info.bloc_name or BLANK).upper(),
                             info.header is HeaderVariant.PARTY, word.date_line(info.place, None)),
        kind=_("REPORT"),
        subject=_("Review of emulation and commendation work in {year} and directions and tasks for {next}",
                  year=year, next=year + 1),
        opening=(gap(_("the documents this report follows")),
                 _text(N_("{bloc} reports on its emulation and commendation work in {year} and on its directions "
                          "and tasks for {next} as follows:"), bloc=bloc, year=year, next=year + 1)),
        parts=(
            Part(_("Part I. Results of emulation and commendation work in {year}", year=year), (
                _bloc(conference), _results(conference), _movements(conference), _scoring(conference),
                _awards(conference), _assessment())),
            _next_year(conference),
            _proposals(conference),
        ),
        signature=(_("ON BEHALF OF THE BLOC"), info.chair or _(word.MISSING)),
        year=year,
    )


# -- Markdown ------------------------------------------------------------------------------------------------------


def _md_table(table: Table) -> str:
    from tabulate import tabulate

    return tabulate(list(table.rows), headers=list(table.headers), tablefmt="pipe", disable_numparse=True,
                    colalign=table.align)


def _md_block(block: Block) -> str:
    if block.table is not None:
        return _md_table(block.table)
    text = block.text
    if re.match(r"^\d+\. ", text):
        text = text.replace(". ", "\\. ", 1)  # not a Markdown list item
    if block.style is Style.HEADING:
        return f"**{text}**"
    if block.style is Style.QUOTE:
        return f"> “{text}”"
    if block.style is Style.GAP:
        return f"_{text}_"
    return text


def report_markdown(conference: Conference) -> str:
    """The draft as Markdown, for a quick look."""
    r = annual_report(conference)
    out = [r.head.issuing_body, " / ".join(r.head.right), f"_{r.head.place_date}_", f"# {r.kind}",
           f"**{r.subject}**", *(_md_block(b) for b in r.opening)]
    for part in r.parts:
        out.append(f"## {part.heading}")
        for section in part.sections:
            if section.heading:
                out.append(f"### {section.heading}")
            out += [_md_block(b) for b in section.blocks]
    out.append(f"**{r.signature[0]}**  \n{r.signature[1]}")
    return "\n\n".join(out) + "\n"


# -- Word ----------------------------------------------------------------------------------------------------------


def _docx_block(document: object, block: Block) -> None:
    if block.table is not None:
        word.table(document, block.table, size=TABLE_PT)
    elif block.style is Style.HEADING:
        word.body(document, block.text, bold=True)
    elif block.style is Style.QUOTE:
        word.para(document, f"“{block.text}”", word.BODY_PT, italic=True, center=False, after=word.AFTER_PT)
    elif block.style is Style.GAP:
        word.para(document, block.text, word.BODY_PT, italic=True, center=False, after=word.AFTER_PT)
    else:
        word.body(document, block.text)


def _write_docx(conference: Conference) -> Path:
    from docx.shared import Pt

    r = annual_report(conference)
    document = word.new_document(word.ADMINISTRATIVE, word.BODY_PT, f"{r.kind} — {r.subject}")
    word.letterhead(document, r.head)
    kind = word.body(document, r.kind, bold=True, center=True)
    kind.paragraph_format.space_before = Pt(12)
    word.body(document, r.subject, bold=True, center=True)
    for block in r.opening:
        _docx_block(document, block)
    for part in r.parts:
        word.body(document, part.heading, bold=True, center=True).paragraph_format.space_before = Pt(word.AFTER_PT)
        for section in part.sections:
            if section.heading:
                word.body(document, section.heading, bold=True)
            for block in section.blocks:
                _docx_block(document, block)
    word.closing(document, (word.Signature(r.signature[0], r.signature[1]),))
    return word.save(conference, document, STEM)


def write_report(conference: Conference, fmt: str = "docx") -> Path:
    """Write the draft into ``exports/bao-cao-tong-ket-<time>.<fmt>``: a new file, never replacing one (the
    secretary's edited copy stays as it is)."""
    if fmt not in FORMATS:
        raise ValueError(f"not a report format: {fmt!r}")
    if fmt == "docx":
        return _write_docx(conference)
    with export_file(conference, STEM, ".md") as (path, handle):
        handle.write(report_markdown(conference).encode("utf-8"))
    return path


__all__ = ["AnnualReport", "Block", "Part", "Section", "Style", "annual_report", "report_markdown", "write_report"]
