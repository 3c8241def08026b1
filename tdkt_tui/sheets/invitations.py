"""The invitation list: everyone with their check-in code, as CSV and XLSX, for the letters and e-mails."""

from __future__ import annotations

from pathlib import Path

from tdkt_tui.domain.codes import group
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.i18n import N_, _
from tdkt_tui.domain.model import Attendee
from tdkt_tui.sheets.writer import column_widths, new_workbook, print_setup, put_row, save_workbook, write_csv

STEM = "danh-sach-moi"
INVITATION_COLUMNS = (
    N_("No."), N_("Full name"), N_("Unit"), N_("Title"), N_("Role"), N_("Check-in code"), N_("Phone"), N_("E-mail"),
    N_("Seat"),
)
_INVITATION_WIDTHS = (6, 28, 36, 26, 20, 22, 14, 28, 8)


def invitation_row(number: int, person: Attendee, unit: str, code: str) -> list[str | int]:
    return [number, person.full_name, unit, person.title, _(person.role.label), group(code), person.phone,
            person.email, person.seat]


def invitation_header() -> list[str]:
    return [_(column) for column in INVITATION_COLUMNS]


def write_invitation_list(conference: Conference, rows: list[list[str | int]]) -> tuple[Path, Path]:
    """Write the rows (from :func:`invitation_row`) as CSV and as XLSX; return both paths."""
    header = invitation_header()
    return write_csv(conference, STEM, header, rows), _write_xlsx(conference, header, rows)


def _write_xlsx(conference: Conference, header: list[str], rows: list[list[str | int]]) -> Path:
    from openpyxl.utils import get_column_letter

    book, look = new_workbook()
    sheet = book.active
    sheet.title = _("Invitation list")[:31]
    put_row(sheet, 1, header, look.bold, look.middle)
    for number, row in enumerate(rows, start=2):
        put_row(sheet, number, row, look.plain)
    column_widths(sheet, _INVITATION_WIDTHS)
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    print_setup(sheet, landscape=True, header_row=1)
    return save_workbook(conference, book, STEM, _("Invitation list"))
