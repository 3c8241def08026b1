"""A roster as an office sends it — title rows, merged cells, `STT | Họ và tên | Chức vụ | Đơn vị | Ghi chú`, no role
column, the guest body spelled with an en dash and without "tỉnh", a guest marked only in the notes — imported
through the real screen with Ctrl+S and not a single edit: guests are guests, each member unit has one voting
delegate (its head by title), everyone else is a delegate, and the dashboard counts the voting delegates. The same
roster typed in TCVN3 (.VnTime fonts) comes in as Unicode."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font
from textual.widgets import Input

from screens.dashboard import DashboardScreen
from screens.import_roster import ImportRosterScreen
from screens.widgets.attendance_panel import AttendanceCounts
from screens.widgets.file_picker import FilePicker
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.model import Role
from tdkt_tui.domain.text import SourceEncoding
from tdkt_tui.sheets.legacy import encode
from tdkt_tui.ui.app import TdktApp
from tests.helpers.pilot import SPEEDS, TYPIST, text_of, type_keys

ROOT = Path(__file__).resolve().parents[2]
SIZE = (120, 40)

#: (full name, title, unit as typed, note); the head of each member unit by title, then its other people
PEOPLE = [
    ("Phạm Văn Hùng", "Phó Chánh Văn phòng", "Văn phòng Tỉnh ủy", ""),
    ("Đỗ Đức Hùng", "Chánh Văn phòng", "Văn phòng Tỉnh ủy", ""),
    ("Nguyễn Văn Thành", "Nguyên Chánh Văn phòng", "Văn phòng Tỉnh ủy", "Khách mời"),
    ("Dương Diệu Hoa", "Phó Trưởng ban", "Ban Tuyên giáo Tỉnh uỷ", ""),
    ("Ngô Thành Hùng", "Trưởng ban", "Ban Tuyên giáo Tỉnh uỷ", ""),
    ("Phạm Quang Sơn", "Trưởng ban", "BAN TỔ CHỨC TỈNH UỶ", ""),
    ("Hoàng Xuân Long", "Chủ nhiệm", "Ủy ban Kiểm tra Tỉnh ủy", ""),
    ("Lê Thị Hạnh", "Chuyên viên", "Ủy ban Kiểm tra Tỉnh ủy", ""),
    ("Vũ Thị Thuỷ", "Trưởng ban", "Ban Dân vận Tỉnh uỷ", ""),
    ("Hoàng Minh Tuấn", "Trưởng ban", "Ban Nội chính Tỉnh uỷ", ""),
    ("Trần Văn Quân", "Bí thư", "Đảng uỷ Khối các cơ quan", ""),
    ("Nguyễn Thị Lan", "Bí thư", "Đảng uỷ Khối doanh nghiệp tỉnh", ""),
    ("Lê Văn Cừ", "Hiệu trưởng", "Trường Chính trị Nguyễn Văn Cừ", ""),
    ("Trịnh Văn Báo", "Tổng Biên tập", "Báo Bắc Ninh", ""),
    ("Phan Thị Khoẻ", "Trưởng ban", "Ban Bảo vệ, chăm sóc sức khoẻ cán bộ tỉnh", ""),
    ("Nguyễn Trọng Bình", "Phó Chủ tịch", "Hội đồng Thi đua – Khen thưởng", ""),  # en dash, no "tỉnh"
    ("Lý Thị Mai", "Chuyên viên", "Hội đồng Thi đua – Khen thưởng tỉnh", ""),
]
HEADS = {"Đỗ Đức Hùng", "Ngô Thành Hùng", "Phạm Quang Sơn", "Hoàng Xuân Long", "Vũ Thị Thuỷ", "Hoàng Minh Tuấn",
         "Trần Văn Quân", "Nguyễn Thị Lan", "Lê Văn Cừ", "Trịnh Văn Báo", "Phan Thị Khoẻ"}
GUESTS = {"Nguyễn Văn Thành", "Nguyễn Trọng Bình", "Lý Thị Mai"}


def write_office_roster(path: Path, encoding: SourceEncoding | None = None) -> Path:
    """The workbook as offices make it: a merged title block, the header, one row a person, a total and a signature;
    in TCVN3 every text cell is in the legacy spelling with a .VnTime font."""
    spell = (lambda text: encode(text, encoding)) if encoding else (lambda text: text)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = spell("Danh sách")
    sheet.append([spell("KHỐI THI ĐUA CÁC BAN CƠ QUAN CỦA ĐẢNG TỈNH")])
    sheet.merge_cells("A1:E1")
    sheet.append([spell("DANH SÁCH ĐẠI BIỂU DỰ HỘI NGHỊ TỔNG KẾT NĂM 2018")])
    sheet.merge_cells("A2:E2")
    sheet.append([])
    sheet.append([spell(h) for h in ("STT", "Họ và tên", "Chức vụ", "Đơn vị", "Ghi chú")])
    for number, (name, title, unit, note) in enumerate(PEOPLE, start=1):
        sheet.append([number, spell(name), spell(title), spell(unit), spell(note)])
    sheet.append([None, spell(f"Tổng cộng: {len(PEOPLE)} người")])
    sheet.append([None, None, None, spell("Bắc Ninh, ngày 25 tháng 11 năm 2018")])
    if encoding is SourceEncoding.TCVN3:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.font = Font(name=".VnTime")
    book.save(path)
    return path


async def import_without_an_edit(conference: Conference, roster: Path) -> str:
    """F3, Ctrl+O, the path typed in the picker, Ctrl+S: the preview's summary as it was shown."""
    app = TdktApp(conference, lang="vi", watch_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await type_keys(pilot, ["f3", "ctrl+o"], TYPIST)
        assert isinstance(app.screen, FilePicker)
        await type_keys(pilot, [*str(roster), "enter"], TYPIST)
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ImportRosterScreen) and screen.preview is not None
        summary = text_of(screen, "#summary")
        await type_keys(pilot, ["ctrl+s"], TYPIST)
        assert not isinstance(app.screen, ImportRosterScreen)
        await type_keys(pilot, ["f2"], TYPIST)
        assert isinstance(app.screen, DashboardScreen)
        counts = str(app.screen.query_one(AttendanceCounts).render())
        assert re.search(r"Đại biểu biểu quyết\s+0\s+11\n", counts), counts  # the dashboard: 11 voters expected
    return summary


def check_roles(conference: Conference) -> None:
    people = {p.full_name: p for p in conference.attendees()}
    assert sorted(people) == sorted(unicodedata.normalize("NFC", name) for name, *_rest in PEOPLE)
    assert {name for name, p in people.items() if p.role is Role.VOTING} == HEADS
    assert {name for name, p in people.items() if p.role is Role.GUEST} == GUESTS
    assert {name for name, p in people.items() if p.role is Role.DELEGATE} == set(people) - HEADS - GUESTS
    voters_by_unit = [p.unit_id for p in people.values() if p.role is Role.VOTING]
    member_units = [u.id for u in conference.member_units()]
    assert sorted(voters_by_unit) == sorted(member_units)  # one voting delegate per member unit
    council = [u for u in conference.units() if "Thi đua" in u.name]
    assert [u.name for u in council] == ["Hội đồng Thi đua - Khen thưởng tỉnh"]  # no second guest body
    assert people["Nguyễn Trọng Bình"].unit_id == people["Lý Thị Mai"].unit_id == council[0].id
    attendance = conference.attendance()
    assert attendance.expected[Role.VOTING] == len(member_units) == 11
    assert attendance.expected[Role.GUEST] == 3


async def test_an_office_roster_imports_with_guests_and_one_voter_per_unit_without_an_edit(
        units_only: Conference, tmp_path: Path) -> None:
    summary = await import_without_an_edit(units_only, write_office_roster(tmp_path / "Danh sách đại biểu.xlsx"))
    assert "17 mới, 0 cập nhật, 0 không đổi, 0 bị từ chối." in summary
    assert "Vai trò: 11 đại biểu biểu quyết, 3 đại biểu, 3 khách mời" in summary
    check_roles(units_only)


async def test_a_tcvn3_roster_imports_as_unicode(units_only: Conference, tmp_path: Path) -> None:
    roster = write_office_roster(tmp_path / "Danh sach TCVN3.xlsx", SourceEncoding.TCVN3)
    typed = openpyxl.load_workbook(roster).active.cell(5, 2).value
    assert typed != "Phạm Văn Hùng" and typed == encode("Phạm Văn Hùng", SourceEncoding.TCVN3)
    summary = await import_without_an_edit(units_only, roster)
    assert "TCVN3" in summary
    check_roles(units_only)
    for person in units_only.attendees():
        assert person.full_name == unicodedata.normalize("NFC", person.full_name)
        assert person.title in {title for _n, title, _u, _note in PEOPLE}


@pytest.mark.parametrize("speed", sorted(SPEEDS))
async def test_roles_changed_in_the_preview_with_keys_at_any_speed(units_only: Conference, tmp_path: Path,
                                                                   speed: str) -> None:
    """The preview's single keys typed in one stream: 3 makes the row a guest; Space marks a row and moves on; 4 makes
    the marked rows organisers; Ctrl+S stores exactly that."""
    roster = write_office_roster(tmp_path / "Danh sách đại biểu.xlsx")
    app = TdktApp(units_only, lang="vi", watch_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await type_keys(pilot, ["f3", "ctrl+o", *str(roster), "enter"], TYPIST)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ImportRosterScreen) and app.screen.query_one("#accepted").has_focus
        await type_keys(pilot, ["3", "down", "space", "space", "4", "ctrl+s"], SPEEDS[speed])
        assert not isinstance(app.screen, ImportRosterScreen)
    roles = {p.full_name: p.role for p in units_only.attendees()}
    assert roles["Phạm Văn Hùng"] is Role.GUEST
    assert roles["Đỗ Đức Hùng"] is roles["Nguyễn Văn Thành"] is Role.ORGANISER
    assert roles["Dương Diệu Hoa"] is Role.DELEGATE and roles["Ngô Thành Hùng"] is Role.VOTING
    assert len(roles) == len(PEOPLE)


@pytest.mark.parametrize("speed", sorted(SPEEDS))
async def test_a_path_typed_in_the_import_screen_is_read(units_only: Conference, tmp_path: Path, speed: str) -> None:
    """Esc on the picker, then the path typed in the screen's own field and Enter, all in one stream."""
    roster = write_office_roster(tmp_path / "Danh sách đại biểu.xlsx")
    app = TdktApp(units_only, lang="vi", watch_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await type_keys(pilot, ["f3", "ctrl+o", "escape", *str(roster), "enter"], SPEEDS[speed])
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ImportRosterScreen) and screen.query_one("#path", Input).value == str(roster)
        assert screen.preview is not None and len(screen.preview.rows) == len(PEOPLE)
