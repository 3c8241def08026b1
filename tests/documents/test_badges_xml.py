"""The badge sheet is written as XML through the Word toolkit (python-docx's objects cost milliseconds a badge): the
XML is the very XML python-docx writes for the same paragraphs, pictures and rows, so Word and python-docx read the
file as before."""

from __future__ import annotations

import io

import docx
import pytest
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.shared import Mm
from lxml import etree

from tdkt_tui.documents import qr, word


def _xml(element: object) -> bytes:
    return etree.tostring(element, method="c14n")


def _cell() -> object:
    """An empty cell of a new document's one-cell table, its first paragraph removed."""
    document = word.new_document(word.ADMINISTRATIVE, 10, "t")
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell._tc.remove(cell.paragraphs[0]._p)
    return document, cell


@pytest.mark.parametrize("text", ["Đỗ Đức Hùng", "", " lề trước", "sau ", "a\tb", "dòng 1\ndòng 2", "A & B <C> \"q\"",
                                  "Nguyễn Văn A\r"])
@pytest.mark.parametrize(("size", "bold", "italic", "before"), [(17, True, False, 3), (10, False, True, 0),
                                                                (8, False, False, 0), (12.5, True, True, 2)])
def test_a_paragraph_is_what_para_writes(text: str, size: float, bold: bool, italic: bool, before: float) -> None:
    _document, theirs = _cell()
    word.para(theirs, text, size, bold=bold, italic=italic, before=before, run=False)
    _document, ours = _cell()
    word.append_xml(ours._tc, word.para_xml(text, size, bold=bold, italic=italic, before=before))
    assert _xml(ours._tc) == _xml(theirs._tc)
    assert [p.text for p in ours.paragraphs] == [p.text for p in theirs.paragraphs]


def test_a_picture_is_what_add_picture_writes() -> None:
    png = qr.png(qr.matrix("1234567890123456"), qr.BADGE_BOX_SIZE)
    theirs_doc, theirs = _cell()
    paragraph = word.para(theirs, "", 10, before=2, run=False)
    paragraph.add_run().add_picture(io.BytesIO(png), width=Mm(32))
    ours_doc, ours = _cell()
    rid = word.add_png(ours_doc, png, 1)
    theirs_rid = theirs._tc.xpath(".//a:blip/@r:embed")[0]
    shape_id = int(theirs._tc.xpath(".//wp:docPr/@id")[0])
    name = theirs._tc.xpath(".//pic:cNvPr/@name")[0]
    word.append_xml(ours._tc, word.picture_para_xml(rid, shape_id, name, 32, before=2))
    assert rid == theirs_rid
    assert _xml(ours._tc) == _xml(theirs._tc)
    assert ours_doc.part.related_parts[rid].blob == theirs_doc.part.related_parts[theirs_rid].blob == png
    saved = io.BytesIO()
    ours_doc.save(saved)
    again = docx.Document(saved)
    assert [shape.width for shape in again.inline_shapes] == [Mm(32)]
    assert again.part.related_parts[rid].content_type == "image/png"


def test_a_row_is_what_python_docx_writes_for_a_kept_exact_row() -> None:
    document = word.new_document(word.ADMINISTRATIVE, 10, "t")
    theirs = document.add_table(rows=1, cols=2)
    row = theirs.rows[0]
    row.height, row.height_rule = Mm(68), WD_ROW_HEIGHT_RULE.EXACTLY
    word.keep_row(row)
    for cell in row.cells:
        cell.width = Mm(93)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    word.para(row.cells[0], "x", 10, first=True)
    ours = document.add_table(rows=0, cols=2)
    word.append_xml(ours._tbl, word.row_xml([word.para_xml("x", 10), ""], 93, 68))
    assert _xml(ours._tbl.tr_lst[0]) == _xml(row._tr)
    assert [c.text for c in ours.rows[0].cells] == ["x", ""]
