"""The vote-counting minutes (biên bản kiểm phiếu) of one poll, as text and as a Word file in the state's document
format (Nghị định 30/2020/NĐ-CP; docs/domain.md#documents).

Everything printed comes from the conference and the poll's tally; what the software does not record (the counting
committee, the hour counting began and ended) is left as a visible blank to fill in by hand, never invented. A poll
not closed yet still exports, marked "provisional" at the top, with no result column and no digest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.exports import export_file
from tdkt_tui.domain.i18n import N_, _, decimal
from tdkt_tui.domain.model import HeaderVariant
from tdkt_tui.domain.voting import (
    Base,
    Poll,
    PollKind,
    Status,
    Tally,
    get_poll,
    percent,
    polls,
    tally,
)

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM = MARGIN_BOTTOM_MM = 21
MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 30, 17  # inside 30–35 and 15–20 mm even after rounding to twips
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 165 mm
BODY_PT = 14
HEADER_LEFT_PT = 13  # the issuing body
NATIONAL_PT = 13  # CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / ĐẢNG CỘNG SẢN VIỆT NAM
MOTTO_PT = 14
TITLE_PT = 14
TABLE_PT = 13
AFTER_PT = 6  # between paragraphs
HEADER_LEFT_MM = 70  # the header's left column; the motto takes the rest

BLANK = "……………"
MISSING = N_("(not recorded)")

_BASE_PHRASE = {
    Base.VALID_BALLOTS: N_("the valid ballots"),
    Base.BALLOTS_ISSUED: N_("the ballots issued"),
    Base.ELIGIBLE_VOTERS: N_("the eligible voters"),
}

COLUMNS = (N_("No."), N_("Unit"), N_("Votes"), N_("% of base"), N_("Result"))


def date_line(place: str, date: dt.date | None) -> str:
    """"Bắc Ninh, ngày 03 tháng 12 năm 2018": a leading zero for days below 10 and for months 1 and 2; blanks to
    fill in by hand for what is not recorded."""
    if date is None:
        day = month = year = "……"
    else:
        day, year = f"{date.day:02d}", str(date.year)
        month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return _("{place}, day {day} month {month} year {year}", place=place or "……………", day=day, month=month,
             year=year)


@dataclass(frozen=True)
class Row:
    number: int
    unit: str
    votes: int
    percent: str  # with a decimal comma
    result: str


@dataclass(frozen=True)
class CountMinutes:
    """Everything the minutes of one poll say, in the interface language, in reading order."""

    header_left: str
    header_right: tuple[str, ...]
    party: bool
    date_line: str
    provisional: str  # "" once the poll is closed
    title: str
    poll_title: str
    body: tuple[str, ...]  # paragraphs before the table
    table_header: tuple[str, ...]
    rows: tuple[Row, ...]
    after: tuple[str, ...]  # paragraphs after the table
    signatures: tuple[tuple[str, str], ...]  # (role, name) left to right
    tally: Tally


def _names(conference: Conference, unit_ids: tuple[int, ...]) -> str:
    names = conference.unit_names()
    return "; ".join(names.get(u, str(u)) for u in unit_ids)


def _chain(conference: Conference, poll: Poll) -> list[Poll]:
    """The poll's rounds, first to last."""
    root = poll
    while root.parent_id is not None:
        root = get_poll(conference, root.parent_id)
    everything = polls(conference)
    chain: list[Poll] = []
    node: Poll | None = root
    while node is not None:
        chain.append(node)
        node = next((p for p in everything if p.parent_id == node.id), None)
    return chain


def _result(poll: Poll, result: Tally, unit: int, closed: bool) -> str:
    if not closed:
        return "—"
    if unit in result.winners:
        return _("Nominated") if poll.kind is PollKind.AWARD else _("Elected")
    if unit in result.decided_by_leaders:
        return _("Chosen by the leaders")
    if unit in result.tied:
        return _("Tied")
    return _("Not reached")


def count_minutes(conference: Conference, poll_id: int) -> CountMinutes:
    """The content of the vote-counting minutes of poll ``poll_id`` (ValidationError for an unknown poll)."""
    poll = get_poll(conference, poll_id)
    result = tally(conference, poll_id)
    info = conference.info()
    names = conference.unit_names()
    party = info.header is HeaderVariant.PARTY
    right = (_("COMMUNIST PARTY OF VIET NAM"),) if party else (
        _("SOCIALIST REPUBLIC OF VIET NAM"), _("Independence - Freedom - Happiness"))
    closed = poll.status is Status.CLOSED
    when = info.date.strftime("%d/%m/%Y") if info.date else "……/……/………"

    body: list[str] = [
        _("Time: {hour} h {minute}, date {date}.", hour="……", minute="……", date=when),
        _("Place: {venue}.", venue=info.venue or BLANK),
        _("Conference: {bloc}, {year}.", bloc=info.bloc_name or BLANK, year=info.year),
        _("Chair: {name}.", name=info.chair or _(MISSING)),
        _("Secretary: {name}.", name=info.secretary or _(MISSING)),
        # The committee is not recorded in the software: a line to fill in, never invented names.
        _("The counting committee: {blank}", blank="……………………………………"),
        _("Round: {round} of at most {rounds}.", round=poll.round, rounds=poll.max_rounds),
    ]
    if poll.kind is PollKind.AWARD:
        body.append(_("Units to nominate: {quota}", quota=poll.quota))
    elif not poll.is_motion:
        body.append(_("Units to elect: {quota}", quota=poll.quota))
    body += [
        _("Ballots issued: {n}.", n=result.issued),
        _("Ballots collected: {n}.", n=result.collected),
    ]
    if not poll.is_motion:
        body += [
            _("Ballots entered: {n}.", n=result.counted),
            _("Valid ballots: {n}.", n=result.valid),
            _("Invalid ballots: {n}.", n=result.invalid),
        ]
        for reason, n in result.invalid_by_reason.items():
            body.append(_("  of which {reason}: {n}.", reason=_(reason.label), n=n))
    threshold = _("Threshold: {rule} of {base} → {needed} votes needed (on a base of {count}).",
                  rule=poll.threshold.text(), base=_(_BASE_PHRASE[poll.base]), needed=result.votes_needed,
                  count=result.base_count)
    body.append(threshold)
    body.append(_("Results of the count:"))

    rows: list[Row] = []
    if poll.is_motion:
        motion = result.motion
        for number, (label, votes) in enumerate(
                ((_("Agree"), motion.agree if motion else 0), (_("Disagree"), motion.disagree if motion else 0),
                 (_("Not voting"), motion.abstain if motion else 0)), start=1):
            rows.append(Row(number, label, votes, decimal(percent(votes, result.base_count)), ""))
    else:
        for number, unit in enumerate(poll.candidates, start=1):
            rows.append(Row(number, names.get(unit, str(unit)), result.votes.get(unit, 0),
                            decimal(result.percent.get(unit, "0.00")), _result(poll, result, unit, closed)))

    after: list[str] = []
    if not closed:
        after.append(_("Counting is not finished: no result is declared yet."))
    elif poll.is_motion:
        after.append(_("The motion is passed.") if result.passed else _("The motion is not passed."))
    else:
        if result.winners:
            after.append(_("Reached the threshold and won a seat: {units}.",
                           units=_names(conference, result.winners)))
        else:
            after.append(_("No unit reached the threshold and won a seat."))
        if result.tied:
            after.append(_("Tied at the cut-off for {seats} seat(s): {units}.", seats=result.open_seats,
                           units=_names(conference, result.tied)))
        elif result.open_seats:
            after.append(_("Seats left open: {seats}.", seats=result.open_seats))
    chain = _chain(conference, poll)
    if len(chain) > 1:
        after.append(_("Rounds of this vote:"))
        for node in chain:
            node_result = tally(conference, node.id or 0)
            won = _names(conference, node_result.winners) if node.status is Status.CLOSED else ""
            after.append(_("  Round {round}: {status}; won: {units}.", round=node.round, status=_(node.status.label),
                           units=won or "—"))
    if result.decided_by_leaders:
        after.append(_("Decision of the bloc leader and deputy: {units}. Note: {note}",
                       units=_names(conference, result.decided_by_leaders), note=result.decision_note or "—"))
    after.append(_("Audit digest: {digest}", digest=poll.digest) if poll.digest else
                 _("Audit digest: none yet (the poll is not closed)."))
    after.append(_("The counting ended at {hour} h {minute} the same day.", hour="……", minute="……"))

    return CountMinutes(
        header_left=(info.bloc_name or info.issuing_body or BLANK).upper(),
        header_right=right,
        party=party,
        date_line=date_line(info.place, info.date),
        provisional="" if closed else _("COUNTING NOT FINISHED — provisional figures"),
        title=_("VOTE-COUNTING MINUTES"),
        poll_title=poll.title or poll.award,
        body=tuple(body),
        table_header=tuple(_(c) for c in COLUMNS),
        rows=tuple(rows),
        after=tuple(after),
        signatures=(
            (_("SECRETARY"), info.secretary or _(MISSING)),
            (_("HEAD OF THE COUNTING COMMITTEE"), ""),
            (_("CHAIR"), info.chair or _(MISSING)),
        ),
        tally=result,
    )


# -- text ----------------------------------------------------------------------------------------------------------


def count_minutes_text(conference: Conference, poll_id: int) -> str:
    """The minutes as Markdown-ish plain text (the table drawn by tabulate, wide characters measured by wcwidth)."""
    from tabulate import tabulate

    m = count_minutes(conference, poll_id)
    lines = [m.header_left, " / ".join(m.header_right), "", f"_{m.date_line}_", ""]
    if m.provisional:
        lines += [f"**{m.provisional}**", ""]
    lines += [f"# {m.title}", f"## {m.poll_title}", ""]
    lines += list(m.body) + [""]
    lines.append(tabulate([(r.number, r.unit, r.votes, r.percent, r.result) for r in m.rows],
                          headers=list(m.table_header), tablefmt="pipe", disable_numparse=True,
                          colalign=("right", "left", "right", "right", "left")))
    lines += [""] + list(m.after) + [""]
    lines.append("    ".join(f"{role}: {name or BLANK}" for role, name in m.signatures))
    return "\n".join(lines) + "\n"


# -- Word ----------------------------------------------------------------------------------------------------------


def _no_borders(table: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "nil")
        borders.append(line)
    table._tbl.tblPr.append(borders)


def _grid(table: Any) -> None:
    from tdkt_tui.documents.ballot_paper import _border

    _border(table._tbl.tblPr, ("top", "left", "bottom", "right", "insideH", "insideV"), size=4,
            container="w:tblBorders")


def _header(document: Any, m: CountMinutes) -> None:
    from docx.shared import Mm

    from tdkt_tui.documents.ballot_paper import _para, _rule_under, _text_mm

    left_w, right_w = HEADER_LEFT_MM, TEXT_WIDTH_MM - HEADER_LEFT_MM
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    _no_borders(table)
    left, right = table.rows[0].cells
    for column, cell, width in ((table.columns[0], left, left_w), (table.columns[1], right, right_w)):
        column.width = cell.width = Mm(width)
    _para(left, m.header_left, HEADER_LEFT_PT, bold=True, first=True)
    if m.party:
        _para(left, "*", HEADER_LEFT_PT, bold=True)
    else:
        _rule_under(_para(left, "", 2), left_w, min(left_w, _text_mm(m.header_left, HEADER_LEFT_PT, 0.66)) / 3)
    national = _para(right, m.header_right[0], NATIONAL_PT if not m.party else MOTTO_PT, bold=True, first=True)
    if m.party:
        _rule_under(national, right_w, min(right_w, _text_mm(m.header_right[0], MOTTO_PT, 0.75)))
    for line in m.header_right[1:]:
        motto = _para(right, line, MOTTO_PT, bold=True)
        # the rule as long as the motto (NĐ 30: "có đường kẻ ngang, nét liền, có độ dài bằng độ dài của dòng chữ")
        _rule_under(motto, right_w, min(right_w, _text_mm(line, MOTTO_PT, 0.6)))
    _para(right, m.date_line, MOTTO_PT, italic=True, before=6)


def _body(document: Any, text: str, *, bold: bool = False, center: bool = False, size: float = BODY_PT) -> Any:
    from docx.shared import Pt

    from tdkt_tui.documents.ballot_paper import _para

    paragraph = _para(document, text, size, bold=bold, center=center, after=AFTER_PT)
    if not center:
        paragraph.paragraph_format.first_line_indent = Pt(0)
    return paragraph


def _candidates_table(document: Any, m: CountMinutes) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    widths = (14, 81, 22, 24, 24)
    table = document.add_table(rows=1 + len(m.rows), cols=len(widths))
    table.autofit = False
    _grid(table)
    cells = [list(m.table_header)] + [[str(r.number), r.unit, str(r.votes), r.percent, r.result] for r in m.rows]
    for i, (row, values) in enumerate(zip(table.rows, cells)):
        for j, (cell, value, width) in enumerate(zip(row.cells, values, widths)):
            cell.width = Mm(width)
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if j == 1 and i else WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(value)
            run.font.size = Pt(TABLE_PT)
            run.bold = (i == 0) or None
    for column, width in zip(table.columns, widths):
        column.width = Mm(width)


def _signatures(document: Any, m: CountMinutes) -> None:
    from docx.shared import Mm

    from tdkt_tui.documents.ballot_paper import _para

    table = document.add_table(rows=1, cols=len(m.signatures))
    table.autofit = False
    _no_borders(table)
    width = TEXT_WIDTH_MM / len(m.signatures)
    for column, cell, (role, name) in zip(table.columns, table.rows[0].cells, m.signatures):
        column.width = cell.width = Mm(width)
        _para(cell, role, BODY_PT, bold=True, first=True)
        _para(cell, _("(signature, full name)"), BODY_PT - 1, italic=True)
        _para(cell, "", BODY_PT, after=48)
        _para(cell, name or BLANK, BODY_PT, bold=bool(name))


def write_count_minutes(conference: Conference, poll_id: int) -> Path:
    """Write the vote-counting minutes of poll ``poll_id`` to ``exports/bien-ban-kiem-phieu-<poll>-<time>.docx``."""
    from docx import Document
    from docx.shared import Mm, Pt

    from tdkt_tui.documents.badges import _set_fonts

    m = count_minutes(conference, poll_id)
    document = Document()
    _set_fonts(document)
    document.styles["Normal"].font.size = Pt(BODY_PT)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    document.core_properties.title = f"{m.title} — {m.poll_title}"
    document.core_properties.language = "vi-VN"

    _header(document, m)
    if m.provisional:
        _body(document, m.provisional, bold=True, center=True).paragraph_format.space_before = Pt(12)
    title = _body(document, m.title, bold=True, center=True, size=TITLE_PT)
    title.paragraph_format.space_before = Pt(12)
    _body(document, m.poll_title, bold=True, center=True)
    for text in m.body:
        _body(document, text)
    _candidates_table(document, m)
    for text in m.after:
        _body(document, text).paragraph_format.space_before = Pt(AFTER_PT)
    _signatures(document, m)
    with export_file(conference, f"bien-ban-kiem-phieu-{poll_id}", ".docx") as (path, handle):
        document.save(handle)
    return path


__all__ = ["CountMinutes", "Row", "count_minutes", "count_minutes_text", "date_line",
           "write_count_minutes"]
