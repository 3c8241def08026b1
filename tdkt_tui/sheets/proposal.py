"""The list of the units proposed for awards, as XLSX beside the proposal that goes upward (written for
:mod:`tdkt_tui.documents.proposal`, which makes the rows)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.i18n import _
from tdkt_tui.sheets.writer import column_widths, merged_line, new_workbook, print_setup, put_row, save_workbook

STEM = "danh-sach-de-nghi-khen-thuong"
_WIDTHS = (6, 30, 36, 10, 8, 10, 28, 32)


def write_proposal_list(conference: Conference, heading: list[str], header: list[str],
                        rows: list[list[str | int | Decimal]]) -> Path:
    """A sheet with ``heading`` lines on top, then ``header`` and ``rows``; printed on A4 landscape."""
    book, look = new_workbook()
    sheet = book.active
    sheet.title = _("Proposal for awards")[:31]
    for row, line in enumerate(heading, start=1):
        merged_line(sheet, row, line, len(header), look.title if row == 1 else look.bold)
    header_row = len(heading) + 2
    put_row(sheet, header_row, header, look.bold, look.centre)
    for row, values in enumerate(rows, start=header_row + 1):
        put_row(sheet, row, values, look.plain, look.wrap)
        for cell in sheet[row]:
            if isinstance(cell.value, Decimal):
                cell.number_format = "0.00"
    column_widths(sheet, _WIDTHS[:len(header)])
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    print_setup(sheet, landscape=True, header_row=header_row)
    return save_workbook(conference, book, STEM, _("Proposal for awards"))
