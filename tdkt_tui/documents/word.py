"""The Word toolkit every DOCX of the app is made with: page setup, fonts, paragraphs, borders, the document header,
the place-and-date line, tables, signature blocks (docs/domain.md#document-layout).

The documents (minutes, vote-counting minutes, ballot papers, badges, and the ones sent upward) say *what* they
print; this module knows *how* Word is told to print it. python-docx is imported inside the functions, so a command
that writes no Word file does not pay for loading it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.exports import export_file
from tdkt_tui.domain.i18n import N_, _
from tdkt_tui.sheets.writer import FONT

PT_PER_MM = 72 / 25.4
#: Line height of Times New Roman at single spacing, in font sizes (for estimating how much fits).
LINE = 1.15
BLANK = "……………"
#: What the software does not know, shown where a name would be (never a guessed name).
MISSING = N_("(not recorded)")

# -- the page ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """A4 portrait with its margins (mm)."""

    top: float
    bottom: float
    left: float
    right: float
    width: float = 210
    height: float = 297
    header_distance: float | None = None  # None: Word's default

    @property
    def text_width(self) -> float:
        return self.width - self.left - self.right


#: Administrative documents (NĐ 30/2020): top and bottom 20–25 mm, left 30–35, right 15–20 — inside the ranges even
#: after Word rounds to twips.
ADMINISTRATIVE = Page(top=21, bottom=21, left=30, right=17)


def new_document(page: Page, body_pt: float, title: str) -> Any:
    """An empty Word document on ``page``: Times New Roman in every script slot, Vietnamese proofing, ``body_pt``
    for the Normal style, no space between paragraphs, and ``title`` in its properties."""
    from docx import Document
    from docx.shared import Mm, Pt

    document = Document()
    set_fonts(document)
    document.styles["Normal"].font.size = Pt(body_pt)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(page.width), Mm(page.height)
    section.top_margin, section.bottom_margin = Mm(page.top), Mm(page.bottom)
    section.left_margin, section.right_margin = Mm(page.left), Mm(page.right)
    if page.header_distance is not None:
        section.header_distance = section.footer_distance = Mm(page.header_distance)
    document.core_properties.title = title
    document.core_properties.language = "vi-VN"
    return document


def set_fonts(document: Any) -> None:
    """Times New Roman everywhere (Latin, East Asian and complex-script slots, no theme font), Vietnamese proofing,
    no space between paragraphs."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        if attribute.endswith("Theme"):
            del fonts.attrib[attribute]  # a theme font would win over the named one
    for script in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{script}"), FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.element.rPr.rFonts.set(qn("w:cs"), FONT)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0


def save(conference: Conference, document: Any, stem: str) -> Path:
    """Save ``document`` as a new ``exports/<stem>-<time>.docx`` (never replacing a file)."""
    with export_file(conference, stem, ".docx") as (path, handle):
        document.save(handle)
    return path


# -- paragraphs ----------------------------------------------------------------------------------------------------


def para(container: Any, text: str, size: float, *, bold: bool = False, italic: bool = False, center: bool = True,
         before: float = 0, after: float = 0, first: bool = False, run: bool = True) -> Any:
    """A paragraph of ``text`` at ``size`` pt in a document or a cell, centred or justified; ``first`` writes into
    the container's first (empty) paragraph; ``run=False`` adds no run for an empty text."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = container.paragraphs[0] if first else container.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.JUSTIFY
    if before:
        paragraph.paragraph_format.space_before = Pt(before)
    if after:
        paragraph.paragraph_format.space_after = Pt(after)
    if text or run:
        piece = paragraph.add_run(text)
        piece.font.size = Pt(size)
        piece.bold = bold or None
        piece.italic = italic or None
    return paragraph


def text_mm(text: str, size: float, em: float) -> float:
    """The estimated width of ``text`` at ``size`` pt, ``em`` being the average character width in font sizes."""
    return len(text) * em * size / PT_PER_MM


# -- borders and table looks ---------------------------------------------------------------------------------------


def border(element: Any, edges: tuple[str, ...], val: str = "single", size: int = 6, container: str = "",
           color: str = "000000") -> None:
    """Lines on ``edges`` of a paragraph (``container="w:pBdr"``) or a table (``"w:tblBorders"``)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement(container)
    for edge in edges:
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), val)
        line.set(qn("w:sz"), str(size))
        line.set(qn("w:space"), "1" if container == "w:pBdr" else "0")
        line.set(qn("w:color"), color)
        borders.append(line)
    element.append(borders)


_ALL_EDGES = ("top", "left", "bottom", "right", "insideH", "insideV")


def rule_under(paragraph: Any, column_mm: float, rule_mm: float) -> None:
    """A line of ``rule_mm`` under ``paragraph``, centred in its ``column_mm`` column (a bottom border of the
    paragraph narrowed by its indents)."""
    from docx.shared import Mm

    indent = max(0.0, (column_mm - rule_mm) / 2)
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = Mm(indent)
    border(paragraph._p.get_or_add_pPr(), ("bottom",), size=6, container="w:pBdr")


def grid(table: Any) -> None:
    """Thin black lines around and between every cell: a data table."""
    border(table._tbl.tblPr, _ALL_EDGES, size=4, container="w:tblBorders")


def no_borders(table: Any) -> None:
    """No lines at all: a table used only to put things side by side (the header, the signatures)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tblBorders")
    for edge in _ALL_EDGES:
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "nil")
        borders.append(line)
    table._tbl.tblPr.append(borders)


def cut_lines(table: Any) -> None:
    """Dashed grey lines to cut along, 1 mm and 2 mm inner margins: sheets of badges or ballots."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    border(tbl_pr, _ALL_EDGES, val="dashed", size=4, container="w:tblBorders", color="999999")
    margins = OxmlElement("w:tblCellMar")
    for edge, twips in (("top", 57), ("left", 113), ("bottom", 57), ("right", 113)):  # 1 mm, 2 mm
        margin = OxmlElement(f"w:{edge}")
        margin.set(qn("w:w"), str(twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tbl_pr.append(margins)


def side_by_side(container: Any, widths_mm: tuple[float, ...]) -> list[Any]:
    """A borderless one-row table of fixed column widths in a document or a cell; its cells, left to right."""
    from docx.shared import Mm

    table = container.add_table(rows=1, cols=len(widths_mm))
    table.autofit = False
    no_borders(table)
    cells = table.rows[0].cells
    for column, cell, width in zip(table.columns, cells, widths_mm):
        column.width = cell.width = Mm(width)
    return list(cells)


# -- the document header -------------------------------------------------------------------------------------------


def date_line(place: str, date: dt.date | None) -> str:
    """"Bắc Ninh, ngày 03 tháng 12 năm 2018": a leading zero for days below 10 and for months 1 and 2; blanks to
    fill in by hand for what is not recorded."""
    if date is None:
        day = month = year = "……"
    else:
        day, year = f"{date.day:02d}", str(date.year)
        month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return _("{place}, day {day} month {month} year {year}", place=place or BLANK, day=day, month=month,
             year=year)


@dataclass(frozen=True)
class Letterhead:
    """The top of a document: the issuing body at left (a rule under it, or a star for the Party), at right the
    national motto or the Party's name, and the place-and-date line under it ("" for none)."""

    issuing_body: str
    party: bool
    place_date: str = ""

    @property
    def right(self) -> tuple[str, ...]:
        if self.party:
            return (_("COMMUNIST PARTY OF VIET NAM"),)
        return _("SOCIALIST REPUBLIC OF VIET NAM"), _("Independence - Freedom - Happiness")


def letterhead_into(left: Any, right: Any, head: Letterhead, size: float, widths_mm: tuple[float, float], *,
                    stacked: bool = False, date_pt: float | None = None) -> None:
    """Write ``head`` into two cells (``left`` and ``right``; the same cell when ``stacked``): the issuing body at
    ``size`` pt, the motto and the Party's name a point larger, each rule as long as its line."""
    left_w, right_w = widths_mm
    para(left, head.issuing_body, size, bold=True, first=True)
    if head.party:
        para(left, "*", size, bold=True)
    else:
        rule_under(para(left, "", 2), left_w, min(left_w, text_mm(head.issuing_body, size, 0.66)) / 3)
    lines = head.right
    national = para(right, lines[0], size if not head.party else size + 1, bold=True, first=not stacked,
                    before=6 if stacked else 0)
    if head.party:
        rule_under(national, right_w, min(right_w, text_mm(lines[0], size + 1, 0.75)))
    for line in lines[1:]:
        motto = para(right, line, size + 1, bold=True)
        # the rule as long as the motto (NĐ 30: "có đường kẻ ngang, nét liền, có độ dài bằng độ dài của dòng chữ")
        rule_under(motto, right_w, min(right_w, text_mm(line, size + 1, 0.6)))
    if head.place_date:
        para(right, head.place_date, date_pt or size + 1, italic=True, before=6)


#: The header's left column of an A4 document; the motto takes the rest.
HEADER_LEFT_MM = 70
HEADER_PT = 13


def letterhead(document: Any, head: Letterhead, page: Page = ADMINISTRATIVE) -> None:
    """The header of an A4 document, across the text width."""
    widths = (HEADER_LEFT_MM, page.text_width - HEADER_LEFT_MM)
    left, right = side_by_side(document, widths)
    letterhead_into(left, right, head, HEADER_PT, widths)


# -- the body ------------------------------------------------------------------------------------------------------

BODY_PT = 14
TITLE_PT = 14
TABLE_PT = 13
AFTER_PT = 6  # between paragraphs


def body(document: Any, text: str, *, bold: bool = False, center: bool = False, size: float = BODY_PT) -> Any:
    """A paragraph of the body: justified (or centred), ``AFTER_PT`` after it."""
    from docx.shared import Pt

    paragraph = para(document, text, size, bold=bold, center=center, after=AFTER_PT)
    if not center:
        paragraph.paragraph_format.first_line_indent = Pt(0)
    return paragraph


@dataclass(frozen=True)
class Table:
    """A data table: a header row, rows of text, an alignment ("left", "right", "center") and a width per column."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    align: tuple[str, ...]
    widths_mm: tuple[float, ...]


def table(document: Any, data: Table, *, size: float = TABLE_PT, space_after: bool = True) -> Any:
    """``data`` as a grid: the header row bold and centred, fixed column widths; an empty paragraph after it (Word
    joins two tables that touch) unless ``space_after`` is False."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    aligns = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT, "center": WD_ALIGN_PARAGRAPH.CENTER}
    out = document.add_table(rows=1 + len(data.rows), cols=len(data.headers))
    out.autofit = False
    grid(out)
    for i, (row, values) in enumerate(zip(out.rows, [data.headers, *data.rows])):
        for cell, value, width, align in zip(row.cells, values, data.widths_mm, data.align):
            cell.width = Mm(width)
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if i == 0 else aligns[align]
            run = paragraph.add_run(value)
            run.font.size = Pt(size)
            run.bold = (i == 0) or None
    for column, width in zip(out.columns, data.widths_mm):
        column.width = Mm(width)
    if space_after:
        document.add_paragraph().paragraph_format.space_after = Pt(0)
    return out


# -- signatures ----------------------------------------------------------------------------------------------------


def signatures(document: Any, blocks: tuple[tuple[str, str], ...], page: Page = ADMINISTRATIVE) -> None:
    """The signature blocks side by side: the capacity in capitals, "(signature, full name)", the space to sign,
    then the name (a blank line when none is known)."""
    width = page.text_width / len(blocks)
    for cell, (role, name) in zip(side_by_side(document, (width,) * len(blocks)), blocks):
        para(cell, role, BODY_PT, bold=True, first=True)
        para(cell, _("(signature, full name)"), BODY_PT - 1, italic=True)
        para(cell, "", BODY_PT, after=48)
        para(cell, name or BLANK, BODY_PT, bold=bool(name))


__all__ = [
    "ADMINISTRATIVE", "AFTER_PT", "BLANK", "BODY_PT", "LINE", "Letterhead", "MISSING", "PT_PER_MM", "Page", "TABLE_PT",
    "TITLE_PT", "Table", "body", "border", "cut_lines", "date_line", "grid", "letterhead", "letterhead_into",
    "new_document", "no_borders", "para", "rule_under", "save", "set_fonts", "side_by_side", "signatures", "table",
    "text_mm",
]
