"""The Word toolkit every DOCX of the app is made with: page setup, fonts, paragraphs, borders, the document header,
the place-and-date line, tables, signature blocks (docs/domain.md#document-layout).

The documents (minutes, vote-counting minutes, ballot papers, badges, and the ones sent upward) say *what* they
print; this module knows *how* Word is told to print it. python-docx is imported inside the functions, so a command
that writes no Word file does not pay for loading it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

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


def cell_margins(table: Any, top_mm: float, side_mm: float) -> None:
    """The space inside every cell of ``table``: ``top_mm`` above and below, ``side_mm`` left and right."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    margins = OxmlElement("w:tblCellMar")
    for edge, mm in (("top", top_mm), ("left", side_mm), ("bottom", top_mm), ("right", side_mm)):
        margin = OxmlElement(f"w:{edge}")
        margin.set(qn("w:w"), str(round(mm * 1440 / 25.4)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)


def cut_lines(table: Any) -> None:
    """Dashed grey lines to cut along, 1 mm and 2 mm inner margins: sheets of badges or ballots."""
    border(table._tbl.tblPr, _ALL_EDGES, val="dashed", size=4, container="w:tblBorders", color="999999")
    cell_margins(table, 1, 2)


def keep_row(row: Any, *, header: bool = False) -> None:
    """Never split this table row across pages (``row`` a python-docx row or its ``w:tr``); ``header`` repeats it
    at the top of every page. The flags go where the schema puts them, before the row height."""
    from docx.oxml import OxmlElement

    props = getattr(row, "_tr", row).get_or_add_trPr()
    if props.find(qn_w("cantSplit")) is None:
        props.insert_element_before(OxmlElement("w:cantSplit"), "w:trHeight", "w:tblHeader", "w:tblCellSpacing",
                                    "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")
    if header and props.find(qn_w("tblHeader")) is None:
        props.insert_element_before(OxmlElement("w:tblHeader"), "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins",
                                    "w:del", "w:trPrChange")


def qn_w(tag: str) -> str:
    """The qualified name of a WordprocessingML tag."""
    from docx.oxml.ns import qn

    return qn(f"w:{tag}")


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


def date_line(place: str, date: dt.date | None, year: int | None = None) -> str:
    """"Bắc Ninh, ngày 03 tháng 12 năm 2018": a leading zero for days below 10 and for months 1 and 2; blanks to
    fill in by hand for what is not recorded (the ``year`` alone when only it is known)."""
    if date is None:
        day = month = "……"
        year = str(year) if year else "……"  # type: ignore[assignment]
    else:
        day, year = f"{date.day:02d}", str(date.year)
        month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return _("{place}, day {day} month {month} year {year}", place=place or BLANK, day=day, month=month,
             year=year)


def number_line(kind: str, symbol: str, party: bool) -> str:
    """The number and symbol line with the number left to the records office: "Số: …/BB-KTĐ" (NĐ 30) or
    "Số …-BB/KTĐ" (HD 36); "…" where the issuer's symbol is not set."""
    symbol = symbol or "…"
    return _("No. …-{kind}/{symbol}", kind=kind, symbol=symbol) if party else \
        _("No.: …/{kind}-{symbol}", kind=kind, symbol=symbol)


@dataclass(frozen=True)
class Letterhead:
    """The top of a document (docs/domain.md#document-layout): at left the governing body over the issuing body
    (a rule under it, or a star for the Party) and the number line; at right the national motto or the Party's
    name, and the place-and-date line. Empty strings are left out (a ballot paper has no number and no date)."""

    issuing_body: str
    party: bool
    place_date: str = ""
    governing_body: str = ""
    number: str = ""

    @property
    def right(self) -> tuple[str, ...]:
        if self.party:
            return (_("COMMUNIST PARTY OF VIET NAM"),)
        return _("SOCIALIST REPUBLIC OF VIET NAM"), _("Independence - Freedom - Happiness")

    @property
    def left(self) -> tuple[str, ...]:
        """The lines at left, top to bottom, as printed (capitals)."""
        return tuple(line for line in (self.governing_body.upper(), self.issuing_body.upper(), self.number) if line)

    def text_lines(self) -> list[str]:
        """The header as lines of text (for the Markdown and text renderings)."""
        return [*self.left, " / ".join(self.right), self.place_date]


@dataclass(frozen=True)
class HeaderSizes:
    """Type sizes (pt) of a header: the left column (governing and issuing body), the number line, the national
    name (or the Party's name), the motto, the date line."""

    left: float
    number: float
    national: float
    motto: float
    date: float

    @classmethod
    def scaled(cls, base: float, party: bool) -> HeaderSizes:
        """Sizes in the decree's proportions around ``base`` (the issuing body): NĐ 30 sets the issuing body and the
        national name alike and the motto a point larger; HD 36 sets the Party's name a point above the body."""
        return cls(left=base, number=base, national=base + 1 if party else base, motto=base + 1, date=base + 1)


#: NĐ 30/2020 Phụ lục I: issuing body and national name 13 pt, number 13, motto and date line 14.
STATE_HEADER = HeaderSizes(left=13, number=13, national=13, motto=14, date=14)
#: HD 36-HD/VPTW: issuing body 14 pt, "ĐẢNG CỘNG SẢN VIỆT NAM" 15, number and date line 14.
PARTY_HEADER = HeaderSizes(left=14, number=14, national=15, motto=15, date=14)


def letterhead_into(left: Any, right: Any, head: Letterhead, sizes: HeaderSizes, widths_mm: tuple[float, float], *,
                    stacked: bool = False) -> None:
    """Write ``head`` into two cells (``left`` and ``right``; the same cell when ``stacked``), each rule as long as
    the decree asks: a third of the issuing body's line, the whole Party's name or motto."""
    left_w, right_w = widths_mm
    first = True
    if head.governing_body:
        para(left, head.governing_body.upper(), sizes.left, first=True)
        first = False
    para(left, head.issuing_body.upper(), sizes.left, bold=True, first=first)
    if head.party:
        para(left, "*", sizes.left, bold=True)
    else:
        rule_under(para(left, "", 2), left_w, min(left_w, text_mm(head.issuing_body, sizes.left, 0.66)) / 3)
    if head.number:
        para(left, head.number, sizes.number, before=4)
    lines = head.right
    national = para(right, lines[0], sizes.national, bold=True, first=not stacked, before=6 if stacked else 0)
    if head.party:
        rule_under(national, right_w, min(right_w, text_mm(lines[0], sizes.national, 0.75)))
    for line in lines[1:]:
        motto = para(right, line, sizes.motto, bold=True)
        # the rule as long as the motto (NĐ 30: "có đường kẻ ngang, nét liền, có độ dài bằng độ dài của dòng chữ")
        rule_under(motto, right_w, min(right_w, text_mm(line, sizes.motto, 0.6)))
    if head.place_date:
        para(right, head.place_date, sizes.date, italic=True, before=6 if head.party else 4)


#: The header's left column of an A4 document (the governing and issuing bodies); the motto takes the rest.
HEADER_LEFT_MM = 72


def letterhead(document: Any, head: Letterhead, page: Page = ADMINISTRATIVE) -> None:
    """The header of an A4 administrative document, across the text width, in the sizes of its variant."""
    widths = (HEADER_LEFT_MM, page.text_width - HEADER_LEFT_MM)
    left, right = side_by_side(document, widths)
    letterhead_into(left, right, head, PARTY_HEADER if head.party else STATE_HEADER, widths)


# -- the title and the body ----------------------------------------------------------------------------------------

BODY_PT = 14
TABLE_PT = 13
AFTER_PT = 6  # between paragraphs
#: NĐ 30: the first line of a paragraph indented 1 to 1.27 cm.
INDENT_MM = 12.7
#: The document kind: NĐ 30 13–14 pt; HD 36 15–16 pt.
STATE_TITLE_PT, PARTY_TITLE_PT = 14, 16


def title(document: Any, kind: str, subject: str, party: bool) -> None:
    """The document kind in bold capitals, the subject under it in bold (never repeating the kind), and under the
    subject a short rule (NĐ 30) or five dashes (HD 36)."""
    from docx.shared import Pt

    para(document, kind.upper(), PARTY_TITLE_PT if party else STATE_TITLE_PT, bold=True, before=18)
    if not subject:
        return
    line = para(document, subject, BODY_PT, bold=True)
    if party:
        para(document, "-----", BODY_PT, after=12)
    else:
        rule_under(para(document, "", 2, after=12), ADMINISTRATIVE.text_width,
                   min(ADMINISTRATIVE.text_width, text_mm(subject, BODY_PT, 0.5)) / 3)
    line.paragraph_format.keep_with_next = True
    document.paragraphs[-1].paragraph_format.space_after = Pt(12)


def body(document: Any, text: str, *, bold: bool = False, italic: bool = False, center: bool = False,
         size: float = BODY_PT, indent: bool = True, before: float = 0, after: float = AFTER_PT) -> Any:
    """A paragraph of the body: justified with its first line indented (or centred), ``after`` pt after it."""
    from docx.shared import Mm

    paragraph = para(document, text, size, bold=bold, italic=italic, center=center, after=after, before=before)
    if not center:
        paragraph.paragraph_format.first_line_indent = Mm(INDENT_MM if indent else 0)
    if bold:
        paragraph.paragraph_format.keep_with_next = True  # a heading never ends a page
    return paragraph


def gap(document: Any, text: str) -> Any:
    """A place the secretary must write in: the text in square brackets, italic, highlighted yellow, indented like
    the body (so it cannot be mistaken for written text, and is found at a glance)."""
    from docx.enum.text import WD_COLOR_INDEX

    paragraph = body(document, text if text.startswith("[") else f"[{text}]", italic=True)
    for run in paragraph.runs:
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    return paragraph


def page_numbers(document: Any, size: float = BODY_PT) -> None:
    """The page number centred in the top margin from the second page on; none on the first (NĐ 30, HD 36)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    section = document.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", ""), ("", " PAGE "), ("separate", ""), ("", "2"), ("end", "")):
        run = paragraph.add_run()
        run.font.size = Pt(size)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text.strip() == "PAGE":
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = text
            run._r.append(code)
        else:
            run.text = text  # shown until the field is updated
    section.first_page_header.is_linked_to_previous = False


#: Tables of at most this many rows are kept on one page (a longer one breaks, its header row repeated).
KEEP_TOGETHER_ROWS = 12


@dataclass(frozen=True)
class Table:
    """A data table: a header row, rows of text, an alignment ("left", "right", "center") and a width per column;
    ``merge_first`` merges equal neighbouring cells of the first column (a unit over its people)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    align: tuple[str, ...]
    widths_mm: tuple[float, ...]
    merge_first: int = -1  # the column whose equal neighbours merge; -1 for none


def table(document: Any, data: Table, *, size: float = TABLE_PT, space_after: bool = True) -> Any:
    """``data`` as a grid: the header row bold, centred and repeated on every page, fixed column widths, rows that
    never split across pages; an empty paragraph after it (Word joins two tables that touch) unless
    ``space_after`` is False."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    aligns = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT, "center": WD_ALIGN_PARAGRAPH.CENTER}
    out = document.add_table(rows=1 + len(data.rows), cols=len(data.headers))
    out.autofit = False
    grid(out)
    cell_margins(out, 0.5, 1.2)
    for i, (row, values) in enumerate(zip(out.rows, [data.headers, *data.rows])):
        keep_row(row, header=i == 0)
        for cell, value, width, align in zip(row.cells, values, data.widths_mm, data.align):
            cell.width = Mm(width)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if i == 0 else aligns[align]
            run = paragraph.add_run(value)
            run.font.size = Pt(size)
            run.bold = (i == 0) or None
    for column, width in zip(out.columns, data.widths_mm):
        column.width = Mm(width)
    if data.merge_first >= 0:
        _merge_runs(out, data)
    if len(data.rows) <= KEEP_TOGETHER_ROWS:  # a short table is never split across pages
        for row in out.rows[:-1]:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
    if space_after:
        document.add_paragraph().paragraph_format.space_after = Pt(0)
    return out


def _merge_runs(out: Any, data: Table) -> None:
    """Merge each run of equal values in column ``data.merge_first`` into one cell that keeps one copy."""
    column = data.merge_first
    start = 0
    values = [row[column] for row in data.rows] + [None]
    for index in range(1, len(values)):
        if values[index] != values[start] or not values[start]:
            if index - 1 > start:
                top = out.cell(start + 1, column)
                for below in range(start + 2, index + 1):
                    out.cell(below, column).paragraphs[0].text = ""
                merged = top.merge(out.cell(index, column))
                for extra in merged.paragraphs[1:]:
                    extra._p.getparent().remove(extra._p)
            start = index


# -- signatures and recipients -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signature:
    """One signature block: the capacity in capitals ("THƯ KÝ", "TM. KHỐI THI ĐUA"), the title if any, the space to
    sign, then the full name alone (:data:`MISSING` when nobody is recorded)."""

    capacity: str
    name: str
    title: str = ""

    def text_lines(self) -> list[str]:
        return [line for line in (self.capacity.upper(), self.title.upper(), self.name or _(MISSING)) if line]


SIGNING_SPACE_PT = 60  # about 2 cm: the signature (and the stamp over it)


def signature_into(cell: Any, sign: Signature, *, first: bool = True, name: bool = True,
                   size: float = BODY_PT) -> None:
    """The capacity and title (bold capitals), the space to sign, and the name unless ``name`` is False (the name
    then goes in a row of its own, so that the names of signers side by side stand on one line)."""
    for n, line in enumerate(line for line in sign.capacity.upper().split("\n") if line):
        para(cell, line, size, bold=True, first=first and n == 0)
    if sign.title:
        para(cell, sign.title.upper(), size, bold=True)
    if name:
        para(cell, "", size, after=SIGNING_SPACE_PT)
        name_into(cell, sign, size=size)


def name_into(cell: Any, sign: Signature, *, first: bool = False, size: float = BODY_PT) -> None:
    para(cell, sign.name or _(MISSING), size, bold=bool(sign.name), first=first)


#: Signers side by side in one row at most (the counting committee may have more).
SIGNERS_PER_ROW = 3


RECIPIENTS_PT, RECIPIENT_LINE_PT = 12, 11


def recipients_into(container: Any, lines: tuple[str, ...], *, first: bool = False) -> None:
    """"Nơi nhận:" (bold italic, 12 pt) and its lines (11 pt), each "- …;", the last "- Lưu: …." (NĐ 30)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    heading = para(container, _("Recipients:"), RECIPIENTS_PT, bold=True, italic=True, first=first)
    heading.alignment = WD_ALIGN_PARAGRAPH.LEFT
    for n, line in enumerate(lines):
        end = "." if n == len(lines) - 1 else ";"
        paragraph = para(container, f"- {line.rstrip(';.')}{end}", RECIPIENT_LINE_PT)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT


def recipient_lines(lines: tuple[str, ...]) -> list[str]:
    """The recipients as text lines, punctuated as printed."""
    return [_("Recipients:")] + [f"- {line.rstrip(';.')}{'.' if n == len(lines) - 1 else ';'}"
                                 for n, line in enumerate(lines)]


def closing(document: Any, signs: tuple[Signature, ...], recipients: tuple[str, ...] = (),
            page: Page = ADMINISTRATIVE) -> None:
    """The end of a document: one signer sits at right with "Nơi nhận" at left (NĐ 30); several signers side by
    side (three to a row), their names on one line, then "Nơi nhận" under them. The block is kept on one page, and
    with the paragraph before it."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.shared import Mm, Pt
    from docx.text.paragraph import Paragraph

    if document.paragraphs:
        document.paragraphs[-1].paragraph_format.keep_with_next = True
    if len(signs) == 1 and recipients:
        left, right = side_by_side(document, (page.text_width * 0.45, page.text_width * 0.55))
        recipients_into(left, recipients, first=True)
        signature_into(right, signs[0])
        rows = [left._tc.getparent()]
    else:
        per_row = min(SIGNERS_PER_ROW, max(1, len(signs)))
        size = BODY_PT if len(signs) <= SIGNERS_PER_ROW else BODY_PT - 1  # many signers: 13 pt, still in NĐ 30
        width = page.text_width / per_row
        chunks = [signs[i:i + per_row] for i in range(0, len(signs), per_row)]
        table = document.add_table(rows=2 * len(chunks), cols=per_row)
        table.autofit = False
        no_borders(table)
        for column in table.columns:
            column.width = Mm(width)
        rows = []
        for n, chunk in enumerate(chunks):
            top, bottom = table.rows[2 * n], table.rows[2 * n + 1]
            for cell, sign in zip(top.cells, chunk):
                cell.width = Mm(width)
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
                signature_into(cell, sign, name=False, size=size)
            for cell, sign in zip(bottom.cells, chunk):
                cell.width = Mm(width)
                name_into(cell, sign, first=True, size=size)
                cell.paragraphs[0].paragraph_format.space_before = Pt(SIGNING_SPACE_PT)
                cell.paragraphs[0].paragraph_format.space_after = Pt(12)
            rows += [top._tr, bottom._tr]
        if recipients:
            para(document, "", BODY_PT)
            recipients_into(document, recipients)
    for row in rows:
        keep_row(row)
    for row in rows[:-1]:  # the rows stay together: every paragraph of a row keeps with the next row
        for p in row.iter(qn_w("p")):
            Paragraph(p, None).paragraph_format.keep_with_next = True


# -- many repeated pieces, written as XML -------------------------------------------------------------------------
# A sheet of a thousand badges or ballots is a few thousand cells: built through python-docx's objects they cost a
# few milliseconds each (and its picture lookups grow with the pictures already in the file). These write the same
# elements as the functions above, as text, parsed once into the document by :func:`append_xml`.

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BREAKS = re.compile("([\t\n\r])")


def _run_xml(text: str) -> str:
    """A run's content: tabs and line breaks as Word's own elements, as python-docx writes them."""
    out = []
    for piece in _BREAKS.split(_NOT_XML.sub("", text)):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\n", "\r"):
            out.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if piece != piece.strip() else ""
            out.append(f"<w:t{space}>{escape(piece)}</w:t>")
    return "".join(out)


def para_xml(text: str, size: float, *, bold: bool = False, italic: bool = False, before: float = 0) -> str:
    """What :func:`para` writes for a centred paragraph (``run=False``), as XML: ``text`` at ``size`` pt,
    ``before`` pt above it."""
    from docx.shared import Pt

    spacing = f'<w:spacing w:before="{Pt(before).twips}"/>' if before else ""
    if not text:
        return f'<w:p><w:pPr>{spacing}<w:jc w:val="center"/></w:pPr></w:p>'
    looks = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") + f'<w:sz w:val="{int(Pt(size).pt * 2)}"/>'
    return (f'<w:p><w:pPr>{spacing}<w:jc w:val="center"/></w:pPr><w:r><w:rPr>{looks}</w:rPr>{_run_xml(text)}</w:r>'
            "</w:p>")


def picture_para_xml(rid: str, shape_id: int, name: str, width_mm: float, before: float = 0) -> str:
    """A centred paragraph holding a square picture ``width_mm`` wide: the related image ``rid`` (see
    :func:`add_png`), ``shape_id`` unique in the document, as python-docx's ``add_picture`` writes it."""
    from docx.oxml.ns import nsdecls
    from docx.shared import Mm, Pt

    size = int(Mm(width_mm))
    spacing = f'<w:spacing w:before="{Pt(before).twips}"/>' if before else ""
    return (f'<w:p><w:pPr>{spacing}<w:jc w:val="center"/></w:pPr><w:r><w:drawing>'
            f'<wp:inline {nsdecls("a", "pic")}><wp:extent cx="{size}" cy="{size}"/>'
            f'<wp:docPr id="{shape_id}" name="Picture {shape_id}"/>'
            '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
            f'<pic:nvPicPr><pic:cNvPr id="0" name="{escape(name, {chr(34): "&quot;"})}"/><pic:cNvPicPr/></pic:nvPicPr>'
            f'<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
            f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{size}" cy="{size}"/></a:xfrm>'
            '<a:prstGeom prst="rect"/></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>'
            "</w:p>")


def row_xml(cells: list[str], width_mm: float, height_mm: float) -> str:
    """A table row of exactly ``height_mm`` that never splits across pages (:func:`keep_row`), its cells
    ``width_mm`` wide and vertically centred, each holding the paragraphs given as XML (an empty one if none)."""
    from docx.shared import Mm

    width = Mm(width_mm).twips
    props = f'<w:tcPr><w:tcW w:type="dxa" w:w="{width}"/><w:vAlign w:val="center"/></w:tcPr>'
    inside = "".join(f"<w:tc>{props}{cell or '<w:p/>'}</w:tc>" for cell in cells)
    return (f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{Mm(height_mm).twips}" w:hRule="exact"/></w:trPr>'
            f"{inside}</w:tr>")


def append_xml(element: Any, xml: str) -> None:
    """Parse ``xml`` (elements of WordprocessingML, with pictures) once and append them to ``element``."""
    from docx.oxml.ns import nsdecls
    from docx.oxml.parser import parse_xml

    holder = parse_xml(f"<w:body {nsdecls('w', 'wp', 'r')}>{xml}</w:body>")
    element.extend(list(holder))


def add_png(document: Any, png: bytes, number: int) -> str:
    """Add the PNG ``png`` to the document as ``word/media/qr<number>.png`` and give its rId for
    :func:`picture_para_xml`: unlike python-docx's ``add_picture``, no search through the pictures already there
    (each picture given is a new one) and no parsing of the picture."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.parts.image import ImagePart

    rels = document.part.rels
    rid = f"rId{len(rels) + 1}"
    while rid in rels:  # python-docx numbers from 1 and fills gaps; never reuse one
        rid = f"rId{int(rid[3:]) + 1}"
    rels.add_relationship(RELATIONSHIP_TYPE.IMAGE, ImagePart(PackURI(f"/word/media/qr{number}.png"), "image/png",
                                                             png), rid)
    return rid


def save(conference: Conference, document: Any, stem: str) -> Path:
    """Save ``document`` as a new ``exports/<stem>-<time>.docx`` (never replacing a file)."""
    with export_file(conference, stem, ".docx") as (path, handle):
        document.save(handle)
    return path


__all__ = [
    "ADMINISTRATIVE", "AFTER_PT", "BLANK", "BODY_PT", "HeaderSizes", "gap", "LINE", "Letterhead", "MISSING", "PARTY_HEADER",
    "PT_PER_MM", "Page", "STATE_HEADER", "Signature", "TABLE_PT", "Table", "body", "border", "closing", "cut_lines",
    "date_line", "grid", "letterhead", "letterhead_into", "new_document", "no_borders", "number_line", "page_numbers",
    "para", "para_xml", "picture_para_xml", "row_xml", "append_xml", "add_png", "recipient_lines", "rule_under", "save", "set_fonts", "side_by_side", "signature_into", "table",
    "text_mm", "title",
]
