"""Badges and the invitation list: a Word file of badges to print as it is, the list in CSV and Excel, and each
person's QR code as PNG and SVG (for the invitation letters and e-mails; drawn by :mod:`tdkt_tui.documents.qr`).

Every file is a new one in the conference folder's ``exports/`` (see :mod:`tdkt_tui.domain.exports`); nothing is stored in
the conference.

Badges: A4, 2 × 4 per page (93 × 68 mm each, dashed lines to cut along), Times New Roman.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from tdkt_tui.documents import qr, word
from tdkt_tui.documents.word import LINE, PT_PER_MM
from tdkt_tui.domain.checkin import code_of
from tdkt_tui.domain.codes import group
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.exports import export_dir, in_list_order, slug
from tdkt_tui.domain.i18n import _
from tdkt_tui.domain.model import Attendee, Unit
from tdkt_tui.sheets.invitations import invitation_row, write_invitation_list

Progress = Callable[[int, int], None]

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM = MARGIN_BOTTOM_MM = 10
MARGIN_SIDE_MM = 12
SHEET = word.Page(top=MARGIN_TOP_MM, bottom=MARGIN_BOTTOM_MM, left=MARGIN_SIDE_MM, right=MARGIN_SIDE_MM,
                  header_distance=4)
COLUMNS, ROWS_PER_PAGE = 2, 4
BADGES_PER_PAGE = COLUMNS * ROWS_PER_PAGE
BADGE_WIDTH_MM = (PAGE_WIDTH_MM - 2 * MARGIN_SIDE_MM) / COLUMNS  # 93 mm
#: 4 × 68 = 272 mm of the 277 mm between the margins: four rows fit a page, a fifth never does.
BADGE_HEIGHT_MM = 68
QR_WIDTH_MM = 32


@dataclass(frozen=True)
class BadgeFiles:
    """What :func:`write_badges` wrote."""

    docx: Path
    csv: Path
    xlsx: Path
    qr_dir: Path
    count: int


def qr_png(code: str, box_size: int = 10) -> bytes:
    """The QR of ``code`` (the 16 digits, no spaces) as a black-and-white PNG, ``box_size`` pixels a module."""
    return qr.png(qr.matrix(code), box_size)


def qr_svg(code: str) -> str:
    """The QR of ``code`` as a standalone SVG document (one path on a white background, 1 mm a module)."""
    return qr.svg(qr.matrix(code))


def qr_file_stem(person: Attendee) -> str:
    """``12-do-duc-hung``: the name of a person's QR files."""
    name = slug(person.full_name)
    return f"{person.id}-{name}" if name else str(person.id)


@dataclass(frozen=True)
class _Badge:
    person: Attendee
    code: str
    unit: Unit | None


def write_badges(conference: Conference, progress: Progress | None = None,
                 people: list[Attendee] | None = None) -> BadgeFiles:
    """Write the badges (DOCX), the invitation list (CSV and XLSX) and every person's QR (PNG and SVG).

    ``people`` defaults to everyone; they are printed by unit (in the units' order, member units first) and by name
    in Vietnamese order. ``progress(done, total)`` follows the people as their codes are drawn.
    """
    ordered = in_list_order(conference, people)
    total = len(ordered)
    units = {u.id: u for u in conference.units()}
    if progress is not None:
        progress(0, total)
    qr_dir = export_dir(conference, "qr")
    sheets = _BadgeSheets(conference, total)  # reads the details first: a damaged folder stops here, unwritten
    codes = [code_of(conference, person) for person in ordered]
    with qr.drawings([(code, qr_dir, qr_file_stem(person)) for person, code in zip(ordered, codes)]) as pictures:
        # the words of every badge and the list, while other processes draw the codes
        rows: list[list[str | int]] = []
        for number, (person, code) in enumerate(zip(ordered, codes), start=1):
            unit = units.get(person.unit_id or 0)
            sheets.add(_Badge(person, code, unit))
            rows.append(invitation_row(number, person, unit.name if unit else "", code))
        csv_path, xlsx_path = write_invitation_list(conference, rows)
        try:
            for done, picture in enumerate(pictures, start=1):
                sheets.picture(picture)
                if progress is not None:
                    progress(done, total)
            docx_path = sheets.save()
        except BaseException:  # a code not drawn (a full disk): no list of codes without its badges
            for path in (csv_path, xlsx_path):
                with suppress(OSError):
                    path.unlink()
            raise
    return BadgeFiles(docx_path, csv_path, xlsx_path, qr_dir, total)


# -- the badges (DOCX) --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BadgeLayout:
    """Font sizes (pt) and QR width (mm) of one badge."""

    bloc: float = 8
    name: float = 17
    line: float = 10  # title, unit, role
    qr: float = QR_WIDTH_MM
    short_unit: bool = False  # the unit's short name instead of its full name


_TEXT_WIDTH_PT = (BADGE_WIDTH_MM - 4) * PT_PER_MM  # inside the 2 mm cell margins
#: The height a badge's content may take: the row less its 1 mm cell margins and 2 mm of safety.
BADGE_CONTENT_PT = (BADGE_HEIGHT_MM - 4) * PT_PER_MM
_GAP_BEFORE_NAME, _GAP_BEFORE_QR = 3, 2


@lru_cache(maxsize=4096)  # the bloc, titles, units and roles repeat on every badge
def _lines(text: str, size: float, *, bold: bool = False) -> int:
    """Lines ``text`` takes on a badge: an estimate by character widths (Vietnamese in Times averages under 0.46 em,
    0.52 em in bold), word-wrapped the way Word does it."""
    if not text:
        return 0
    per_line = max(1, int(_TEXT_WIDTH_PT / ((0.52 if bold else 0.46) * size)))
    return len(textwrap.wrap(text, per_line, break_long_words=True)) or 1


def badge_height(layout: BadgeLayout, bloc: str, name: str, lines: list[str]) -> float:
    """The estimated height (pt) of a badge's content."""
    height = _lines(bloc, layout.bloc) * layout.bloc * LINE
    height += _GAP_BEFORE_NAME + _lines(name, layout.name, bold=True) * layout.name * LINE
    height += sum(_lines(line, layout.line) for line in lines) * layout.line * LINE
    height += _GAP_BEFORE_QR + layout.qr * PT_PER_MM + 0.25 * layout.line  # the picture sits on a text line
    return height + 12 * LINE  # the code


def fit_badge(bloc: str, name: str, title: str, unit: str, short_unit: str, role: str) -> BadgeLayout:
    """The largest layout whose content fits the badge.

    Long names, titles, units or bloc names shrink the type and the QR a step at a time (the QR down to 26 mm, still
    0.9 mm a module); last, a long unit name gives way to its short name.
    """
    layout = BadgeLayout(name=17 if len(name) <= 26 else 15 if len(name) <= 32 else 13)
    steps = [
        {"bloc": 7}, {"line": 9}, {"qr": 30}, {"name": -2}, {"qr": 28}, {"bloc": 6}, {"line": 8}, {"name": -2},
        {"qr": 26}, {"short_unit": True}, {"name": -2},
    ]

    def height(candidate: BadgeLayout) -> float:
        shown_unit = short_unit if candidate.short_unit and short_unit else unit
        return badge_height(candidate, bloc, name, [title, shown_unit, role])

    for step in steps:
        if height(layout) <= BADGE_CONTENT_PT:
            break
        if "name" in step:
            step = {"name": max(11, layout.name + step["name"])}
        layout = replace(layout, **step)
    return layout


class _BadgeSheets:
    """The Word file of badges: the words of each badge first, its picture when drawn, then one table of them all
    (written as XML through the Word toolkit: python-docx's objects would cost milliseconds a badge)."""

    def __init__(self, conference: Conference, count: int) -> None:
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.shared import Mm, Pt

        self.conference = conference
        self.bloc = conference.info().bloc_name
        self.document = document = word.new_document(
            SHEET, 10, f"{_('Delegate badges')} — {self.bloc}".strip(" —"))

        body = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
        self.table = table = document.add_table(rows=0, cols=COLUMNS)
        body._p.addprevious(table._tbl)  # the table first, then the one paragraph Word needs after a table,
        body.paragraph_format.line_spacing = Pt(1)  # 1 pt high: a full last page is not followed by a blank one
        body.add_run().font.size = Pt(1)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        word.cut_lines(table)
        for column in table.columns:
            column.width = Mm(BADGE_WIDTH_MM)
        self.rows = max(1, math.ceil(count / COLUMNS))
        self._texts: list[tuple[str, str, float, int | None]] = []  # above the picture, below it, its width, id
        self._cells: list[str] = []
        self._next_id = max((int(i) for i in document.element.xpath("//@id") if i.isdigit()), default=0)

    def add(self, badge: _Badge) -> None:
        """The words of the next badge (its picture follows with :meth:`picture`)."""
        person = badge.person
        unit_name = badge.unit.name if badge.unit else ""
        role = _(person.role.label)
        layout = fit_badge(self.bloc, person.full_name, person.title, unit_name,
                           badge.unit.short_name if badge.unit else "", role)
        shown_unit = badge.unit.display if badge.unit and layout.short_unit else unit_name
        above = [word.para_xml(self.bloc, layout.bloc),
                 word.para_xml(person.full_name, layout.name, bold=True, before=_GAP_BEFORE_NAME)]
        above += [word.para_xml(line, layout.line) for line in (person.title, shown_unit) if line]
        above.append(word.para_xml(role, layout.line, italic=True))
        self._texts.append(("".join(above), word.para_xml(group(badge.code), 12, bold=True), layout.qr, person.id))

    def picture(self, png: bytes) -> None:
        """The QR of the next badge, in the order of :meth:`add`."""
        above, below, width, person_id = self._texts[len(self._cells)]
        rid = word.add_png(self.document, png, len(self._cells) + 1)
        self._next_id += 1
        picture = word.picture_para_xml(rid, self._next_id, f"qr-{person_id}.png", width, before=_GAP_BEFORE_QR)
        self._cells.append(above + picture + below)

    def save(self) -> Path:
        cells = self._cells + [""] * (self.rows * COLUMNS - len(self._cells))
        word.append_xml(self.table._tbl, "".join(
            word.row_xml(cells[i: i + COLUMNS], BADGE_WIDTH_MM, BADGE_HEIGHT_MM) for i in range(0, len(cells), COLUMNS)))
        return word.save(self.conference, self.document, "the-dai-bieu")
