"""Badges and the invitation list: a Word file of badges to print as it is, the list in CSV and Excel, and each
person's QR code as PNG and SVG (for the invitation letters and e-mails).

Every file is a new one in the conference folder's ``exports/`` (see :mod:`tdkt_tui.domain.exports`); nothing is stored in
the conference. The QR holds the 16 digits of :func:`tdkt_tui.domain.checkin.code_of` and nothing else (digits only, so a
keyboard-wedge scanner types them through Unikey untouched), at error correction level Q: a quarter of the symbol
can be scratched, folded or smudged and it still scans.

Badges: A4, 2 × 4 per page (93 × 68 mm each, dashed lines to cut along), Times New Roman.
"""

from __future__ import annotations

import io
import math
import multiprocessing
import os
import textwrap
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import qrcode
import qrcode.constants
from PIL import Image

from tdkt_tui.documents import word
from tdkt_tui.documents.word import LINE, PT_PER_MM
from tdkt_tui.domain.checkin import code_of
from tdkt_tui.domain.codes import group
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.exports import export_dir, export_into, in_list_order, slug
from tdkt_tui.domain.i18n import _
from tdkt_tui.domain.model import Attendee, Unit
from tdkt_tui.sheets.invitations import invitation_row, write_invitation_list

Progress = Callable[[int, int], None]

#: Error correction Q (about 25 % of the symbol recoverable); with 16 digits the symbol is still version 1 (21 × 21).
ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_Q
QUIET_ZONE = 4  # modules of white around the symbol, as the standard asks

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
#: Pixels per module of the PNGs: 29 modules × 16 px = 464 px, about 370 dpi at 32 mm, crisp on any printer.
BADGE_BOX_SIZE = 16

#: The columns of the invitation list (msgids; the header is written in the interface language).

@dataclass(frozen=True)
class BadgeFiles:
    """What :func:`write_badges` wrote."""

    docx: Path
    csv: Path
    xlsx: Path
    qr_dir: Path
    count: int


def _qr(code: str) -> qrcode.QRCode:
    """The symbol of ``code``; drawing it as PNG and SVG reuses it (choosing the mask is the costly part)."""
    symbol = qrcode.QRCode(error_correction=ERROR_CORRECTION, border=QUIET_ZONE)
    symbol.add_data(code)  # digits only: numeric mode, the most compact
    symbol.make(fit=True)
    return symbol


def _png(symbol: qrcode.QRCode, box_size: int) -> bytes:
    # One pixel a module (quiet zone included), then enlarged without smoothing: the same picture qrcode's own
    # PIL drawer makes, twenty times faster.
    matrix = symbol.get_matrix()
    size = len(matrix)
    image = Image.new("1", (size, size))
    image.putdata([0 if dark else 1 for row in matrix for dark in row])
    out = io.BytesIO()
    image.resize((size * box_size, size * box_size), Image.Resampling.NEAREST).save(out, format="PNG")
    return out.getvalue()


def _svg(symbol: qrcode.QRCode) -> str:
    """The document qrcode's ``SvgPathFillImage`` writes (one module 1 mm, a square per dark module), written from
    the matrix directly: the same bytes, without a drawer object called per module (a third of a badge's time)."""
    matrix = symbol.get_matrix()
    size = len(matrix)
    path = "".join(f"M{x},{y}H{x + 1}V{y + 1}H{x}z" for y, row in enumerate(matrix) for x, dark in enumerate(row)
                   if dark)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<svg width="{size}mm" height="{size}mm" version="1.1" viewBox="0 0 {size} {size}" '
            'xmlns="http://www.w3.org/2000/svg"><rect fill="white" x="0" y="0" width="100%" height="100%"/>'
            f'<path d="{path}" id="qr-path" fill="#000000" fill-opacity="1" fill-rule="nonzero" stroke="none"/>'
            "</svg>\n")


def _draw(jobs: list[tuple[str, Path, str]]) -> list[bytes]:
    """For each (code, folder, stem): draw the QR, write ``stem.png`` and ``stem.svg`` into ``folder``, and give the
    PNG back for the badge. The costly part of a badge, run on every core."""
    drawn = []
    for code, folder, stem in jobs:
        symbol = _qr(code)
        png = _png(symbol, BADGE_BOX_SIZE)
        export_into(folder, f"{stem}.png", png)
        export_into(folder, f"{stem}.svg", _svg(symbol).encode("utf-8"))
        drawn.append(png)
    return drawn


#: Below this many badges one process draws them all (starting the others would cost more than it saves).
PARALLEL_FROM = 200


def _drawings(jobs: list[tuple[str, Path, str]]) -> Iterator[bytes]:
    """:func:`_draw` of ``jobs``, in order, on every core for a large list (spawned processes: safe beside the
    app's threads, and on Windows alike); drawn here when no process can be started."""
    done = 0
    workers = min(os.cpu_count() or 1, 8)
    if workers > 1 and len(jobs) >= PARALLEL_FROM:
        chunk = max(25, len(jobs) // (workers * 8))
        pieces = [jobs[i : i + chunk] for i in range(0, len(jobs), chunk)]
        try:
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
                for drawn in pool.map(_draw, pieces):
                    for png in drawn:
                        yield png
                        done += 1
        except BrokenProcessPool:  # no process could start (a script without a __main__ guard…)
            if done:
                raise
    for job in jobs[done:]:
        yield from _draw([job])


def qr_png(code: str, box_size: int = 10) -> bytes:
    """The QR of ``code`` (the 16 digits, no spaces) as a black-and-white PNG, ``box_size`` pixels a module."""
    return _png(_qr(code), box_size)


def qr_svg(code: str) -> str:
    """The QR of ``code`` as a standalone SVG document (one path on a white background, 1 mm a module)."""
    return _svg(_qr(code))


def qr_file_stem(person: Attendee) -> str:
    """``12-do-duc-hung``: the name of a person's QR files."""
    name = slug(person.full_name)
    return f"{person.id}-{name}" if name else str(person.id)


@dataclass(frozen=True)
class _Badge:
    person: Attendee
    code: str
    unit: Unit | None
    png: bytes


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
    drawings = _drawings([(code, qr_dir, qr_file_stem(person)) for person, code in zip(ordered, codes)])
    rows: list[list[str | int]] = []
    for done, (person, code, png) in enumerate(zip(ordered, codes, drawings), start=1):
        unit = units.get(person.unit_id or 0)
        sheets.add(_Badge(person, code, unit, png))
        rows.append(invitation_row(done, person, unit.name if unit else "", code))
        if progress is not None:
            progress(done, total)
    docx_path = sheets.save()
    csv_path, xlsx_path = write_invitation_list(conference, rows)
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
    """The Word file of badges, filled one badge at a time (so progress follows the real work)."""

    def __init__(self, conference: Conference, count: int) -> None:
        from docx.enum.table import (
            WD_CELL_VERTICAL_ALIGNMENT,
            WD_ROW_HEIGHT_RULE,
            WD_TABLE_ALIGNMENT,
        )
        from docx.shared import Mm, Pt

        self.conference = conference
        self.bloc = conference.info().bloc_name
        self.document = document = word.new_document(
            SHEET, 10, f"{_('Delegate badges')} — {self.bloc}".strip(" —"))

        body = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
        table = document.add_table(rows=max(1, math.ceil(count / COLUMNS)), cols=COLUMNS)
        body._p.addprevious(table._tbl)  # the table first, then the one paragraph Word needs after a table,
        body.paragraph_format.line_spacing = Pt(1)  # 1 pt high: a full last page is not followed by a blank one
        body.add_run().font.size = Pt(1)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        word.cut_lines(table)
        for column in table.columns:
            column.width = Mm(BADGE_WIDTH_MM)
        self.cells = []
        for row in table.rows:
            row.height = Mm(BADGE_HEIGHT_MM)
            row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY
            word.keep_row(row)  # a badge never splits across pages
            for cell in row.cells:
                cell.width = Mm(BADGE_WIDTH_MM)
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                self.cells.append(cell)
        self.filled = 0
        self._pictures = 0
        self._next_id = max((int(i) for i in document.element.xpath("//@id") if i.isdigit()), default=0)
        self._next_rid = len(document.part.rels) + 1

    def add(self, badge: _Badge) -> None:
        from docx.shared import Mm

        cell = self.cells[self.filled]
        self.filled += 1
        person = badge.person
        unit_name = badge.unit.name if badge.unit else ""
        role = _(person.role.label)
        layout = fit_badge(self.bloc, person.full_name, person.title, unit_name,
                           badge.unit.short_name if badge.unit else "", role)
        word.para(cell, self.bloc, layout.bloc, first=True, run=False)
        word.para(cell, person.full_name, layout.name, bold=True, before=_GAP_BEFORE_NAME, run=False)
        shown_unit = badge.unit.display if badge.unit and layout.short_unit else unit_name
        for line in (person.title, shown_unit):
            if line:
                word.para(cell, line, layout.line, run=False)
        word.para(cell, role, layout.line, italic=True, run=False)
        self._picture(word.para(cell, "", layout.line, before=_GAP_BEFORE_QR, run=False).add_run(), badge.png,
                      f"qr-{person.id}.png", Mm(layout.qr))
        word.para(cell, group(badge.code), 12, bold=True, run=False)

    def _picture(self, run: Any, png: bytes, name: str, width: int) -> None:
        """``run.add_picture`` without its cost that grows with the pictures already in the file.

        python-docx looks every earlier picture up (for duplicates), scans the whole document for a free id and
        counts up through the relationships for a free rId on each call: quadratic in pictures. Each QR is
        different, so none of it is needed; the ids and rIds are counted here instead.
        """
        from docx.image.image import Image as Picture
        from docx.opc.constants import RELATIONSHIP_TYPE
        from docx.opc.packuri import PackURI
        from docx.oxml.shape import CT_Inline
        from docx.parts.image import ImagePart

        picture = Picture.from_blob(png)
        self._pictures += 1
        part = ImagePart.from_image(picture, PackURI(f"/word/media/qr{self._pictures}.png"))
        rels = self.document.part.rels
        while f"rId{self._next_rid}" in rels:
            self._next_rid += 1
        rid = f"rId{self._next_rid}"
        rels.add_relationship(RELATIONSHIP_TYPE.IMAGE, part, rid)
        width_emu, height_emu = picture.scaled_dimensions(width, None)
        self._next_id += 1
        run._r.add_drawing(CT_Inline.new_pic_inline(self._next_id, rid, name, width_emu, height_emu))

    def save(self) -> Path:
        return word.save(self.conference, self.document, "the-dai-bieu")
