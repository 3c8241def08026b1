"""The tasks and targets workbook: one sheet of priority tasks, one of targets, each under the summary the minutes
quote, overdue rows in red."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.i18n import N_, _
from tdkt_tui.domain.tasks import (
    STEM,
    Status,
    TaskKind,
    as_of,
    cell_title,
    effective_status,
    owners_text,
    summary,
    target_result,
    tasks,
)
from tdkt_tui.domain.text import format_date
from tdkt_tui.sheets.writer import column_widths, merged_line, new_workbook, print_setup, put, put_row, save_workbook

TASK_COLUMNS = (
    N_("No."), N_("Content"), N_("Units in charge"), N_("Period"), N_("Deadline"), N_("Status"), N_("Progress"),
    N_("Carried over from"), N_("Note"),
)
TARGET_COLUMNS = (
    N_("No."), N_("Content"), N_("Units in charge"), N_("Period"), N_("Unit of measure"), N_("Planned"),
    N_("Actual"), N_("Result"), N_("Status"), N_("Note"),
)
_TASK_WIDTHS = (6, 50, 28, 22, 12, 16, 10, 22, 30)
_TARGET_WIDTHS = (6, 50, 28, 22, 14, 12, 12, 18, 16, 30)
#: The fill of overdue rows (Excel's light red "bad" cell style).
OVERDUE_FILL = "FFC7CE"


def write_tasks_workbook(conference: Conference, today: dt.date | None = None) -> Path:
    """``exports/nhiem-vu-<time>.xlsx``: sheet "Nhiệm vụ" (priority tasks) and sheet "Chỉ tiêu" (targets), each
    under a summary block (bloc, title, as of, the summary lines); overdue rows filled light red. Status as of
    ``today`` (default: the conference's date, see :func:`tdkt_tui.domain.tasks.as_of`)."""
    today = today or as_of(conference)
    info = conference.info()
    figures = summary(conference, today=today)
    everything = tasks(conference)
    book, look = new_workbook()
    red = look.fill(OVERDUE_FILL)
    title = _("Priority tasks and targets of {year}", year=info.year).upper()

    def fill_sheet(sheet: Any, columns: tuple[str, ...], widths: tuple[int, ...],
                   rows: list[tuple[list[Any], bool]]) -> None:
        block = [(info.bloc_name, True), (title, True), (_("As of {time}", time=format_date(today)), False)]
        block += [(line, False) for line in figures.lines]
        if any(overdue for _cells, overdue in rows):
            block.append((_("Rows in red: overdue"), False))
        row = 0
        for text, is_bold in block:
            if text:
                row += 1
                merged_line(sheet, row, text, len(columns), look.bold if is_bold else look.plain)
        row += 2
        put_row(sheet, row, [_(text) for text in columns], look.bold, look.middle)
        header_row = row
        for cells, overdue in rows:
            row += 1
            for column, value in enumerate(cells, start=1):
                cell = put(sheet, row, column, value, look.plain, look.wrap, red if overdue else None)
                if isinstance(value, Decimal):
                    cell.number_format = "#,##0" if value == value.to_integral_value() else "#,##0.0#####"
        column_widths(sheet, widths)
        sheet.freeze_panes = f"A{header_row + 1}"
        print_setup(sheet, landscape=True, header_row=header_row)

    task_rows: list[tuple[list[Any], bool]] = []
    for number, item in enumerate((t for t in everything if t.kind is TaskKind.TASK), start=1):
        status = effective_status(item, today)
        task_rows.append(([
            number, cell_title(item), owners_text(conference, item), item.period.text(item.year),
            format_date(item.deadline), _(status.label), f"{item.progress}%", item.carried_from, item.notes,
        ], status is Status.OVERDUE))
    target_rows: list[tuple[list[Any], bool]] = []
    for number, item in enumerate((t for t in everything if t.kind is TaskKind.TARGET), start=1):
        status = effective_status(item, today)
        target_rows.append(([
            number, cell_title(item), owners_text(conference, item), item.period.text(item.year),
            item.measure_unit, item.planned, item.actual, _(target_result(item).label), _(status.label),
            "\n".join(x for x in (item.notes, item.carried_from and _("Carried over from {origin}",
                                                                     origin=item.carried_from)) if x),
        ], status is Status.OVERDUE))
    sheet = book.active
    sheet.title = _("Tasks")[:31]
    fill_sheet(sheet, TASK_COLUMNS, _TASK_WIDTHS, task_rows)
    fill_sheet(book.create_sheet(_("Targets")[:31]), TARGET_COLUMNS, _TARGET_WIDTHS, target_rows)
    return save_workbook(conference, book, STEM, _("Priority tasks and targets of {year}", year=info.year))


