"""The list of the units proposed for awards, as XLSX beside the proposal that goes upward (written for
:mod:`tdkt_tui.documents.proposal`, which makes the rows)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.exports import export_file
from tdkt_tui.domain.i18n import _
from tdkt_tui.sheets.writer import FONT, print_setup

STEM = "danh-sach-de-nghi-khen-thuong"
_WIDTHS = (6, 30, 36, 10, 8, 10, 28, 32)


def write_proposal_list(conference: Conference, heading: list[str], header: list[str],
                        rows: list[list[str | int | Decimal]]) -> Path:
    """A sheet with ``heading`` lines on top, then ``header`` and ``rows``; printed on A4 landscape."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = _("Proposal for awards")[:31]
    for line in heading:
        sheet.append([line])
        sheet.cell(sheet.max_row, 1).font = Font(name=FONT, bold=True)
    sheet.append([])
    sheet.append(header)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(name=FONT, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(name=FONT)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if isinstance(cell.value, Decimal):
                cell.number_format = "0.00"
    for index, width in enumerate(_WIDTHS[:len(header)], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    print_setup(sheet, landscape=True, header_row=header_row)
    with export_file(conference, STEM, ".xlsx") as (path, handle):
        book.save(handle)
    return path
