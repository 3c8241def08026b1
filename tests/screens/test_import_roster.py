"""The roster import screen, as a secretary drives it: the picker opens by itself, the preview shows roles by unit and
the encoding found, roles and units change there with single keys, and Ctrl+S stores exactly what was shown."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from screens.import_roster import ImportRosterScreen
from screens.widgets.file_picker import FilePicker
from screens.widgets.rowtable import RowTable
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.model import Role
from tdkt_tui.ui.app import TdktApp
from tests.helpers.pilot import TYPIST, text_of, type_keys

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples"
SIZE = (120, 40)


async def open_preview(app: TdktApp, pilot: object, roster: Path) -> ImportRosterScreen:
    app.action_import_roster()
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, FilePicker)
    await type_keys(pilot, [*str(roster), "enter"], TYPIST)
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]
    screen = app.screen
    assert isinstance(screen, ImportRosterScreen) and screen.preview is not None
    return screen


def row_of(screen: ImportRosterScreen, name: str) -> int:
    assert screen.preview is not None
    return next(i for i, r in enumerate(screen.preview.rows) if r.person.full_name == name)


async def test_a_tcvn3_office_roster_imports_with_roles_and_single_key_changes(units_only: Conference) -> None:
    app = TdktApp(units_only, lang="vi", watch_interval=0.1)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_preview(app, pilot, SAMPLES / "roster-tcvn3.xlsx")
        summary = text_of(screen, "#summary")
        assert "39 mới, 0 cập nhật, 0 không đổi, 0 bị từ chối." in summary and "TCVN3" in summary
        assert "Vai trò: 11 đại biểu biểu quyết, 22 đại biểu, 4 khách mời, 2 Tổ giúp việc." in summary
        units = screen.query_one("#units", RowTable).rows
        assert units[0][1][:3] == ("Văn phòng Tỉnh ủy", "Văn phòng Tỉnh uỷ", "1")
        accepted = screen.query_one("#accepted", RowTable)
        assert accepted.has_focus
        shown = {cells[2]: cells[5] for _k, cells in accepted.rows}
        assert shown["Đỗ Đức Hùng"] == "Đại biểu biểu quyết" and shown["Nguyễn Văn Thành"] == "Khách mời"

        # One key: this delegate is a guest. Space marks two rows; 4 makes both organisers.
        accepted.move_to_key(row_of(screen, "Đỗ Minh Dũng"))
        await type_keys(pilot, "3", TYPIST)
        accepted.move_to_key(row_of(screen, "Lê Thu Nga"))
        await type_keys(pilot, [" "], TYPIST)
        accepted.move_to_key(row_of(screen, "Đỗ Ngọc Yến"))
        await type_keys(pilot, [" ", "4"], TYPIST)
        # U marks a whole unit; 2 makes all its people delegates; 1 on one of them makes her its voting delegate.
        accepted.move_to_key(row_of(screen, "Vũ Thị Thuỷ"))
        await type_keys(pilot, ["u", "2"], TYPIST)
        accepted.move_to_key(row_of(screen, "Phạm Thu Hằng"))
        await type_keys(pilot, ["1"], TYPIST)
        assert len(units_only.attendees()) == 0  # nothing stored while previewing
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ImportRosterScreen)
    roles = {p.full_name: p.role for p in units_only.attendees()}
    assert len(roles) == 39
    assert roles["Đỗ Minh Dũng"] is Role.GUEST
    assert roles["Lê Thu Nga"] is roles["Đỗ Ngọc Yến"] is Role.ORGANISER
    assert roles["Phạm Thu Hằng"] is Role.VOTING and roles["Vũ Thị Thuỷ"] is Role.DELEGATE
    assert roles["Đỗ Đức Hùng"] is Role.VOTING and roles["Ngô Minh Khánh"] is Role.VOTING
    assert sum(1 for r in roles.values() if r is Role.VOTING) == 11


async def test_the_voter_rule_and_a_suggested_unit_change_in_the_preview(units_only: Conference,
                                                                         tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    for row in (["STT", "Họ và tên", "Chức vụ", "Đơn vị"], [1, "Lê Văn An", "Chuyên viên", "Ban Tuyên gio Tỉnh uỷ"],
                [2, "Trần Thị Bình", "Trưởng ban", "Ban Tuyên gio Tỉnh uỷ"]):
        book.active.append(row)
    book.save(tmp_path / "typo.xlsx")
    app = TdktApp(units_only, lang="vi", watch_interval=0.1)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_preview(app, pilot, tmp_path / "typo.xlsx")
        assert screen.preview is not None and screen.preview.new_units == ["Ban Tuyên gio Tỉnh uỷ"]
        assert "giống Ban Tuyên giáo Tỉnh uỷ" in text_of(screen, "#summary")
        units = screen.query_one("#units", RowTable)
        assert units.alert == {0}
        units.focus()
        await pilot.press("enter")  # use the suggested unit
        assert screen.preview.new_units == []
        assert [r.person.role for r in screen.preview.rows] == [Role.DELEGATE, Role.VOTING]
        await pilot.press("ctrl+r")  # the first listed instead of the head
        assert [r.person.role for r in screen.preview.rows] == [Role.VOTING, Role.DELEGATE]
        await pilot.press("ctrl+s")
        await pilot.pause()
    tuyen_giao = units_only.find_unit("Ban Tuyên giáo Tỉnh uỷ")
    assert tuyen_giao is not None
    assert {p.full_name: (p.unit_id, p.role) for p in units_only.attendees()} == {
        "Lê Văn An": (tuyen_giao.id, Role.VOTING), "Trần Thị Bình": (tuyen_giao.id, Role.DELEGATE)}
    assert len(units_only.units()) == 13
