"""Ballot papers (phiếu bầu) to print for a poll, the way a bloc prints them (docs/domain.md#voting-rules).

One Word file, A4 portrait, Times New Roman, several ballots a page with dashed lines to cut along. Each ballot has
the header of an administrative document (the governing body over the issuing body at left in capitals, as in every
document of the bloc; the national motto or, for a Party bloc, "ĐẢNG CỘNG SẢN VIỆT NAM" at right; no number, no
date, no signature: the stamp makes it official), the title, the poll, the number of seats, how to vote for the poll's entry mode,
the candidates numbered 1..n in the poll's order (the numbers the clerks type when counting) and a box for the stamp.

As many ballots go on a page as legibly fit (body 13 pt): 4 (2 × 2) for short lists, then 2 (one above the other,
the names in one column, then in two), then one a page. Show-of-hands motions have no ballot paper.
"""

from __future__ import annotations

import copy
import math
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tdkt_tui.documents import issuer, word
from tdkt_tui.documents.word import LINE, PT_PER_MM
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.errors import ValidationError
from tdkt_tui.domain.i18n import _
from tdkt_tui.domain.voting import EntryMode, Poll, PollKind, get_poll, voters_present

Progress = Callable[[int, int], None]

MAX_COPIES = 5000
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_MM = 10
SHEET = word.Page(top=MARGIN_MM, bottom=MARGIN_MM, left=MARGIN_MM, right=MARGIN_MM, header_distance=4)
#: 2 × 137 = 274 mm of the 277 mm between the margins (room for the 1 pt paragraph Word needs after a table).
USABLE_WIDTH_MM, USABLE_HEIGHT_MM = PAGE_WIDTH_MM - 2 * MARGIN_MM, 274
BODY_PT = 13
TITLE_PT = 16
STAMP_WIDTH_MM, STAMP_HEIGHT_MM = 42, 24
STAMP_PT = 9
NUMBER_INDENT_MM = 8
CANDIDATE_GAP_PT = 3  # between names: room to cross one out cleanly

_CELL_MARGIN_MM = 2  # left and right inside a ballot (top and bottom 1 mm)


@dataclass(frozen=True)
class BallotLayout:
    """How ballots sit on a page: ``columns`` × ``rows`` of them, names in ``name_columns``, header side by side
    (``wide``) or stacked, header type ``header_pt``."""

    columns: int
    rows: int
    name_columns: int
    header_pt: float

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    @property
    def width_mm(self) -> float:
        return USABLE_WIDTH_MM / self.columns

    @property
    def height_mm(self) -> float:
        return USABLE_HEIGHT_MM / self.rows

    @property
    def wide(self) -> bool:
        return self.columns == 1

    @property
    def text_width_mm(self) -> float:
        return self.width_mm - 2 * _CELL_MARGIN_MM

    @property
    def content_pt(self) -> float:
        """The height a ballot's content may take: the cell less its 1 mm margins and 3 mm of safety."""
        return (self.height_mm - 5) * PT_PER_MM


#: Tried in order; the first whose estimated content fits is used (the last one always is: it may run on).
LAYOUTS = (
    BallotLayout(columns=2, rows=2, name_columns=1, header_pt=11),
    BallotLayout(columns=1, rows=2, name_columns=1, header_pt=12),
    BallotLayout(columns=1, rows=2, name_columns=2, header_pt=12),
    BallotLayout(columns=1, rows=1, name_columns=1, header_pt=13),
    BallotLayout(columns=1, rows=1, name_columns=2, header_pt=13),
)
#: In a wide ballot the header's left column (the bloc) takes this share of the width, the motto the rest.
_LEFT_SHARE = 0.42


@dataclass(frozen=True)
class BallotText:
    """Everything printed on one ballot, in the interface language."""

    head: word.Letterhead  # the bloc in capitals; the national motto or the Party's name; no date line
    title: str
    poll_title: str
    seats: str
    instruction: str
    candidates: tuple[tuple[int, str], ...]
    stamp: str


def ballot_text(conference: Conference, poll: Poll) -> BallotText:
    """The words of a ballot of ``poll``; ValidationError for a motion (voted by show of hands)."""
    if poll.kind is PollKind.MOTION:
        raise ValidationError("A show-of-hands motion has no ballot paper.", field="poll")
    if not poll.candidates:
        raise ValidationError("The poll has no candidates.", field="candidates")
    names = conference.unit_names()
    award = poll.kind is PollKind.AWARD
    quota = poll.quota
    count = len(poll.candidates)
    if poll.entry_mode is EntryMode.CROSSED and count > quota:
        instruction = _("Cross out the units you do not agree to nominate; cross out at least {crossed} units "
                        "(keep no more than {quota}).", crossed=count - quota, quota=quota) if award else \
            _("Cross out the units you do not agree to elect; cross out at least {crossed} units "
              "(keep no more than {quota}).", crossed=count - quota, quota=quota)
    else:
        instruction = _("Cross out the units you do not agree to nominate; keep no more than {quota} units.",
                        quota=quota) if award else \
            _("Cross out the units you do not agree to elect; keep no more than {quota} units.", quota=quota)
    seats = _("Units to nominate: {quota}", quota=quota) if award else _("Units to elect: {quota}", quota=quota)
    poll_title = poll.title or poll.award
    if award and poll.award and poll.award != poll_title:
        poll_title = f"{poll_title} ({poll.award})"
    return BallotText(
        head=issuer.letterhead(conference, None, dated=False),
        title=_("BALLOT PAPER"),
        poll_title=poll_title,
        seats=seats,
        instruction=instruction,
        candidates=tuple((n, names.get(unit_id, str(unit_id))) for n, unit_id in enumerate(poll.candidates, 1)),
        stamp=_("Stamp of the bloc / leader unit"),
    )


# -- fitting ------------------------------------------------------------------------------------------------------


def _lines(text: str, size: float, width_mm: float, em: float) -> int:
    """Lines ``text`` takes at ``size`` pt in ``width_mm``: an estimate by average character width (``em``: 0.46
    for Vietnamese in Times, 0.52 bold, 0.66 bold capitals), word-wrapped the way Word does it."""
    if not text:
        return 0
    per_line = max(1, int(width_mm * PT_PER_MM / (em * size)))
    return len(textwrap.wrap(text, per_line, break_long_words=True)) or 1


def _name_columns(text: BallotText, columns: int) -> list[list[tuple[int, str]]]:
    """The numbered names split into ``columns`` read down (1..k in the first, k+1.. in the next)."""
    per_column = math.ceil(len(text.candidates) / columns)
    return [list(text.candidates[i:i + per_column]) for i in range(0, len(text.candidates), per_column)]


def _header_widths(layout: BallotLayout) -> tuple[float, float]:
    if layout.wide:
        return layout.text_width_mm * _LEFT_SHARE, layout.text_width_mm * (1 - _LEFT_SHARE)
    return layout.text_width_mm, layout.text_width_mm


def ballot_height(text: BallotText, layout: BallotLayout) -> float:
    """The estimated height (pt) of one ballot's content in ``layout``."""
    size = layout.header_pt
    left_w, right_w = _header_widths(layout)
    left = sum(_lines(line, size, left_w, 0.66) for line in text.head.left) * size * LINE + size * LINE  # + star
    right = _lines(text.head.right[0], size, right_w, 0.66) * size * LINE
    right += sum(_lines(line, size + 1, right_w, 0.56) for line in text.head.right[1:]) * (size + 1) * LINE
    height = max(left, right) + BODY_PT * LINE if layout.wide else left + right + 4  # + the paragraph after
    width = layout.text_width_mm
    height += 8 + TITLE_PT * LINE
    height += 2 + _lines(text.poll_title, BODY_PT, width, 0.52) * BODY_PT * LINE
    height += _lines(text.seats, BODY_PT, width, 0.46) * BODY_PT * LINE
    height += 4 + _lines(text.instruction, BODY_PT, width, 0.46) * BODY_PT * LINE
    column_w = width / layout.name_columns - NUMBER_INDENT_MM - (2 if layout.name_columns > 1 else 0)
    height += 6 + max(
        sum(_lines(name, BODY_PT, column_w, 0.46) * BODY_PT * LINE + CANDIDATE_GAP_PT for _, name in column)
        for column in _name_columns(text, layout.name_columns)
    )
    if layout.name_columns > 1:
        height += BODY_PT * LINE  # the paragraph Word needs after the names' table
    return height + 6 + STAMP_HEIGHT_MM * PT_PER_MM + BODY_PT * LINE + 4


def choose_layout(text: BallotText) -> BallotLayout:
    """The layout with the most ballots a page whose content fits (the last one otherwise)."""
    for layout in LAYOUTS:
        if ballot_height(text, layout) <= layout.content_pt:
            return layout
    return LAYOUTS[-1]


# -- the document -------------------------------------------------------------------------------------------------


def _header(cell: Any, text: BallotText, layout: BallotLayout) -> None:
    widths = _header_widths(layout)
    sizes = word.HeaderSizes.scaled(layout.header_pt, text.head.party)
    if layout.wide:
        left, right = word.side_by_side(cell, widths)
        word.letterhead_into(left, right, text.head, sizes, widths)
    else:
        word.letterhead_into(cell, cell, text.head, sizes, widths, stacked=True)


def _candidates(container: Any, names: list[tuple[int, str]], *, first: bool = False) -> None:
    from docx.shared import Mm, Pt

    for index, (number, name) in enumerate(names):
        paragraph = container.paragraphs[0] if first and index == 0 else container.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.left_indent = Mm(NUMBER_INDENT_MM)
        fmt.first_line_indent = Mm(-NUMBER_INDENT_MM)
        fmt.tab_stops.add_tab_stop(Mm(NUMBER_INDENT_MM))
        fmt.space_after = Pt(CANDIDATE_GAP_PT)
        for part in (f"{number}.", "\t", name):
            paragraph.add_run(part).font.size = Pt(BODY_PT)


def _stamp(cell: Any, text: BallotText) -> None:
    from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
    from docx.shared import Mm

    word.para(cell, "", 4, before=2)
    box = cell.add_table(rows=1, cols=1)
    box.alignment = WD_TABLE_ALIGNMENT.RIGHT
    box.autofit = False
    word.border(box._tbl.tblPr, ("top", "left", "bottom", "right"), size=6, container="w:tblBorders")
    box.columns[0].width = box.rows[0].cells[0].width = Mm(STAMP_WIDTH_MM)
    box.rows[0].height = Mm(STAMP_HEIGHT_MM)
    box.rows[0].height_rule = WD_ROW_HEIGHT_RULE.EXACTLY
    word.para(box.rows[0].cells[0], text.stamp, STAMP_PT, italic=True, first=True)


def _fill(cell: Any, text: BallotText, layout: BallotLayout) -> None:
    """Write one ballot into an empty cell."""
    from docx.shared import Mm

    _header(cell, text, layout)
    word.para(cell, text.title, TITLE_PT, bold=True, before=8)
    word.para(cell, text.poll_title, BODY_PT, bold=True, before=2)
    word.para(cell, text.seats, BODY_PT)
    word.para(cell, text.instruction, BODY_PT, italic=True, center=False, before=4)
    columns = _name_columns(text, layout.name_columns)
    word.para(cell, "", 4, before=2)
    if len(columns) == 1:
        _candidates(cell, columns[0])
    else:
        table = cell.add_table(rows=1, cols=len(columns))
        table.autofit = False
        width = layout.text_width_mm / len(columns)
        for column, part, names in zip(table.columns, table.rows[0].cells, columns):
            column.width = part.width = Mm(width)
            _candidates(part, names, first=True)
    _stamp(cell, text)
    # python-docx leaves the cell's first (empty) paragraph first when the header is a table; drop it.
    first = cell._tc.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p")
    if first is not None and layout.wide and not first.xpath("string(.)"):
        cell._tc.remove(first)


class _BallotSheets:
    def __init__(self, conference: Conference, text: BallotText, layout: BallotLayout, copies: int) -> None:
        from docx.enum.table import (
            WD_CELL_VERTICAL_ALIGNMENT,
            WD_ROW_HEIGHT_RULE,
            WD_TABLE_ALIGNMENT,
        )
        from docx.shared import Mm, Pt

        self.conference = conference
        self.document = document = word.new_document(SHEET, BODY_PT, f"{text.title} — {text.poll_title}")

        body = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
        table = document.add_table(rows=max(1, math.ceil(copies / layout.columns)), cols=layout.columns)
        body._p.addprevious(table._tbl)
        body.paragraph_format.line_spacing = Pt(1)
        body.add_run().font.size = Pt(1)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        word.cut_lines(table)
        for column in table.columns:
            column.width = Mm(layout.width_mm)
        fits = ballot_height(text, layout) <= layout.content_pt
        self.cells = []
        for row in table.rows:
            row.height = Mm(layout.height_mm)
            # A ballot that fits never splits across pages; one too long for a whole page may run on (at least).
            row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY if fits else WD_ROW_HEIGHT_RULE.AT_LEAST
            if fits:
                word.keep_row(row)
            for cell in row.cells:
                cell.width = Mm(layout.width_mm)
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
                self.cells.append(cell)
        self.text, self.layout = text, layout
        self.template: list[Any] | None = None

    def add(self, index: int) -> None:
        """Write ballot ``index`` (0-based): the first is built, the others are copies of it."""
        cell = self.cells[index]
        if self.template is None:
            _fill(cell, self.text, self.layout)
            self.template = [child for child in cell._tc if not child.tag.endswith("}tcPr")]
            return
        tc = cell._tc
        for child in [c for c in tc if not c.tag.endswith("}tcPr")]:
            tc.remove(child)
        for child in self.template:
            tc.append(copy.deepcopy(child))

    def save(self, stem: str) -> Path:
        return word.save(self.conference, self.document, stem)


def default_copies(conference: Conference, poll: Poll) -> int:
    """The ballots issued if set, else the voters present by the poll's rule (one per member unit present by
    default); at least 1."""
    if poll.issued > 0:
        return poll.issued
    return max(1, voters_present(conference, poll.voters)[0])


def write_ballot_papers(conference: Conference, poll_id: int, copies: int | None = None,
                        progress: Progress | None = None) -> Path:
    """Write ``copies`` ballot papers of poll ``poll_id`` to ``exports/phieu-bau-<poll id>-<time>.docx``.

    ``copies`` defaults to :func:`default_copies`. ``progress(done, total)`` follows the ballots written.
    ValidationError for a motion, an unknown poll or a number of copies out of 1..5000.
    """
    poll = get_poll(conference, poll_id)
    text = ballot_text(conference, poll)
    if copies is None:
        copies = default_copies(conference, poll)
    if not 1 <= copies <= MAX_COPIES:
        raise ValidationError("The number of ballot papers must be between 1 and {max}.", field="copies",
                              max=MAX_COPIES)
    layout = choose_layout(text)
    if progress is not None:
        progress(0, copies)
    sheets = _BallotSheets(conference, text, layout, copies)
    for index in range(copies):
        sheets.add(index)
        if progress is not None:
            progress(index + 1, copies)
    return sheets.save(f"phieu-bau-{poll_id}")


__all__ = [
    "BallotLayout", "BallotText", "LAYOUTS", "ballot_height", "ballot_text", "choose_layout", "default_copies",
    "write_ballot_papers",
]
