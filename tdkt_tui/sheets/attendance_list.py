"""The attendance list from check-in: who is present and who is absent, unit by unit, for the minutes.

Excel: a summary on top (bloc, date, member units present against the quorum, people present), then one bold row
per unit ("Đơn vị: X — có mặt a/b") over its people. CSV: the same people as flat rows with a Unit column.
Member units come first in their order, then guest bodies, then people without a unit (see
:func:`tdkt_tui.domain.exports.unit_groups`). Every export is a new file in ``exports/``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.exports import unit_groups
from tdkt_tui.domain.i18n import N_, _
from tdkt_tui.domain.model import Unit
from tdkt_tui.sheets.writer import (column_widths, merged_line, new_workbook, print_setup, put, put_row,
                                    save_workbook, write_csv)

FORMATS = ("xlsx", "csv")
STEM = "diem-danh"

#: Columns of a person's row (msgids); the CSV has the unit after the number.
COLUMNS = (
    N_("No."), N_("Full name"), N_("Title"), N_("Role"), N_("Present"), N_("Check-in time"), N_("Desk"), N_("Note"),
)
_WIDTHS = (6, 28, 30, 20, 9, 18, 14, 36)
_MERGED_CHARS_PER_LINE = int(sum(_WIDTHS) * 0.9)  # characters of 11 pt on a line of the merged summary cells


@dataclass(frozen=True)
class AttendanceRow:
    """One person of the list, with texts as printed."""

    number: int  # within the unit
    unit: str
    attendee_id: int | None
    full_name: str
    title: str
    role: str
    present: bool
    time: str  # HH:MM dd/mm/yyyy, "" when absent
    desk: str
    note: str

    @property
    def present_text(self) -> str:
        return _("yes") if self.present else _("no")

    def cells(self) -> list[str | int]:
        return [self.number, self.full_name, self.title, self.role, self.present_text, self.time, self.desk,
                self.note]


@dataclass(frozen=True)
class AttendanceGroup:
    """The people of one unit (``unit`` None: people without a unit)."""

    unit: Unit | None
    label: str
    rows: list[AttendanceRow]

    @property
    def present(self) -> int:
        return sum(1 for r in self.rows if r.present)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def heading(self) -> str:
        return _("Unit: {unit} — {present}/{total} present", unit=self.label, present=self.present,
                 total=self.total)


def time_text(stamp: str) -> str:
    """``2018-12-03T07:42:10`` → ``07:42 03/12/2018``; anything unreadable is shown as it is."""
    if not stamp:
        return ""
    try:
        return dt.datetime.fromisoformat(stamp).strftime("%H:%M %d/%m/%Y")
    except ValueError:
        return stamp


def attendance_groups(conference: Conference) -> list[AttendanceGroup]:
    """Everyone by unit, member units with nobody listed included (they count as absent for the quorum)."""
    people = conference.attendees()
    substitutes: dict[int, list[str]] = {}
    for person in people:
        if person.substitute_for is not None:
            substitutes.setdefault(person.substitute_for, []).append(person.full_name)
    groups = []
    for group in unit_groups(conference, people, include_empty_members=True):
        rows = []
        for number, person in enumerate(group.people, start=1):
            notes = [person.note] if person.note else []
            notes += [_("Attended by substitute {name}", name=name) for name in substitutes.get(person.id or 0, [])]
            rows.append(AttendanceRow(
                number=number, unit=group.label if group.unit is not None else "", attendee_id=person.id,
                full_name=person.full_name, title=person.title, role=_(person.role.label), present=person.present,
                time=time_text(person.checked_in_at), desk=person.checkin_desk, note="; ".join(notes),
            ))
        groups.append(AttendanceGroup(group.unit, group.label, rows))
    return groups


def attendance_rows(conference: Conference) -> list[AttendanceRow]:
    """Everyone, in list order."""
    return [row for group in attendance_groups(conference) for row in group.rows]


def summary_lines(conference: Conference) -> list[str]:
    """The lines above the list: bloc, date, member units present and the quorum, people present, when."""
    info = conference.info()
    figures = conference.attendance()
    lines = [info.bloc_name, _("Attendance list").upper()]
    if info.date:
        lines.append(_("Conference date: {date}", date=info.date_text()))
    lines.append(_("Member units present: {present}/{total}", present=figures.member_units_present,
                   total=figures.member_units))
    quorum = _("Quorum: at least {rule} of member units = {needed}", rule=figures.quorum.text(),
               needed=figures.quorum_needed)
    verdict = _("QUORUM REACHED") if figures.quorum_met else _(
        "NO QUORUM YET: {count} more units needed",
        count=max(0, figures.quorum_needed - figures.member_units_present))
    lines.append(f"{quorum} — {verdict}")
    if figures.missing_units:
        lines.append(_("Missing: {units}", units=", ".join(figures.missing_units)))
    lines.append(_("{present}/{total} people present", present=figures.total_present,
                   total=figures.total_expected))
    lines.append(_("As of {time}", time=dt.datetime.now().strftime("%H:%M %d/%m/%Y")))
    return [line for line in lines if line]


def write_attendance(conference: Conference, fmt: str = "xlsx") -> Path:
    """Write the attendance list as ``exports/diem-danh-<time>.xlsx`` (or ``.csv``) and return its path."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    groups = attendance_groups(conference)
    if fmt == "csv":
        header = [_(COLUMNS[0]), _("Unit"), *(_(c) for c in COLUMNS[1:])]
        rows: list[list[str | int]] = []
        for row in (r for g in groups for r in g.rows):
            cells = row.cells()
            rows.append([len(rows) + 1, row.unit or _("(no unit)"), *cells[1:]])
        return write_csv(conference, STEM, header, rows)
    return _write_xlsx(conference, groups)


def _write_xlsx(conference: Conference, groups: list[AttendanceGroup]) -> Path:
    book, look = new_workbook()
    sheet = book.active
    sheet.title = _("Attendance")[:31]
    width = len(COLUMNS)
    row = 0
    for index, line in enumerate(summary_lines(conference)):
        row += 1
        font = look.title if index < 2 else look.plain
        merged_line(sheet, row, line, width, font, chars_per_line=_MERGED_CHARS_PER_LINE, alignment=look.middle)
    row += 2
    put_row(sheet, row, [_(text) for text in COLUMNS], look.bold, look.middle)
    header_row = row
    for group in groups:
        row += 1
        merged_line(sheet, row, group.heading, width, look.bold, chars_per_line=_MERGED_CHARS_PER_LINE,
                    alignment=look.middle)
        sheet.cell(row=row, column=1).fill = look.shade
        for person in group.rows:
            row += 1
            for column, value in enumerate(person.cells(), start=1):
                put(sheet, row, column, value, look.plain, look.wrap if column in (2, 3, 8) else look.top)
    column_widths(sheet, _WIDTHS)
    sheet.freeze_panes = f"A{header_row + 1}"
    print_setup(sheet, landscape=False, header_row=header_row)
    return save_workbook(conference, book, STEM, _("Attendance list"))
