"""The real app driven with Pilot, the way a secretary uses it: keys only, Vietnamese text."""

from __future__ import annotations

import asyncio
import unicodedata
from pathlib import Path

import pytest
from textual.widgets import Input, Select, Static

from screens.attendees import AttendeesScreen
from screens.dashboard import DashboardScreen
from screens.help import HelpScreen
from screens.settings import SettingsScreen
from screens.widgets.record_form import RecordForm
from screens.widgets.rowtable import RowTable
from tdkt_tui.domain.checkin import check_in_person
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.model import Attendee, Role
from tdkt_tui.ui.app import TdktApp
from tests.helpers.pilot import go_to, rendered, text_of, type_like_unikey

SIZE = (120, 40)


async def test_demo_opens_on_the_dashboard(demo_app: TdktApp) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = demo_app.screen
        assert isinstance(screen, DashboardScreen)
        details = rendered(screen, "#details")
        assert "Khối thi đua các Ban cơ quan của Đảng tỉnh Bắc Ninh" in details
        assert "03/12/2018" in details and "Tổng kết năm" in details
        quorum = rendered(screen, "#quorum")
        assert "0/11" in quorum and "trở lên: 8 đơn vị" in quorum and "CHƯA ĐỦ" in quorum
        agenda = rendered(screen, "#agenda")
        assert "Bầu Trưởng khối, Phó khối năm 2019" in agenda
        attendance = rendered(screen, "#attendance")
        assert "Đại biểu biểu quyết" in attendance and "38" in attendance


async def test_filter_as_you_type_ignores_diacritics_and_unikey_nfd(demo_app: TdktApp) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        screen = await go_to(pilot, "f3", AttendeesScreen)
        table = screen.query_one("#people", RowTable)
        assert len(table.rows) == 38
        await pilot.press(*"tuyen giao")
        assert len(table.rows) == 3
        assert all(cells[2] == "Ban Tuyên giáo Tỉnh uỷ" for _, cells in table.rows)
        assert "3/38" in text_of(screen, "#count")
        await pilot.press("escape")
        await type_like_unikey(pilot, unicodedata.normalize("NFD", "Đảng uỷ Khối doanh"))
        assert len(table.rows) == 3
        await pilot.press("escape")
        await pilot.press(*"no such person")
        assert table.rows == []


async def test_add_a_person_with_the_form_and_validation(demo_app: TdktApp, demo: Conference) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("f3", "ctrl+n")
        await pilot.pause()
        form = demo_app.screen
        assert isinstance(form, RecordForm)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Cần nhập họ và tên" in text_of(form, "#form-error")
        assert len(demo.attendees()) == 38
        await type_like_unikey(pilot, unicodedata.normalize("NFD", "Nguyễn Thị Thuỳ Dương"))
        assert not unicodedata.is_normalized("NFC", form.query_one("#full_name", Input).value)
        await pilot.press("tab")
        form.query_one("#unit_id", Select).value = demo.find_unit("Báo Bắc Ninh").id  # type: ignore[union-attr]
        form.query_one("#phone", Input).value = "12ab"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "không phải là số điện thoại" in text_of(form, "#form-error")
        assert demo_app.screen is form and form.focused is form.query_one("#phone", Input)
        form.query_one("#phone", Input).value = "0912 345 678"
        form.query_one("#title", Input).value = "Phóng viên"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(demo_app.screen, AttendeesScreen)
        added = [p for p in demo.attendees() if p.full_name == "Nguyễn Thị Thuỳ Dương"]
        assert len(added) == 1 and unicodedata.is_normalized("NFC", added[0].full_name)
        assert added[0].unit_id == demo.find_unit("Báo Bắc Ninh").id  # type: ignore[union-attr]
        table = demo_app.screen.query_one("#people", RowTable)
        assert any(cells[1] == "Nguyễn Thị Thuỳ Dương" for _, cells in table.rows)
        reopened = Conference.open(demo.folder)
        assert any(p.full_name == "Nguyễn Thị Thuỳ Dương" for p in reopened.attendees())


async def test_duplicate_person_is_refused(demo_app: TdktApp, demo: Conference) -> None:
    first = demo.attendees()[0]
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("f3", "ctrl+n")
        await pilot.pause()
        form = demo_app.screen
        form.query_one("#full_name", Input).value = first.full_name.upper()
        form.query_one("#unit_id", Select).value = first.unit_id
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "đã có trong danh sách" in text_of(form, "#form-error")
        await pilot.press("escape")
        assert len(demo.attendees()) == 38


async def test_edit_remove_and_mark_present(demo_app: TdktApp, demo: Conference) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.press(*"bao bac ninh")
        table = demo_app.screen.query_one("#people", RowTable)
        person_id = table.current_key
        await pilot.press("enter")  # Enter in the search opens the highlighted person
        await pilot.pause()
        form = demo_app.screen
        assert isinstance(form, RecordForm)
        form.query_one("#seat", Input).value = "C12"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert demo.attendee(person_id).seat == "C12"  # type: ignore[union-attr]
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert demo.attendee(person_id).present  # type: ignore[union-attr]
        assert person_id in table.marked
        await pilot.press("down", "ctrl+d")
        await pilot.pause()
        doomed = table.current_key
        await pilot.press("y")
        await pilot.pause()
        assert demo.attendee(doomed) is None  # type: ignore[arg-type]
        assert len(demo.attendees()) == 37


async def test_quorum_follows_attendance(demo_app: TdktApp, demo: Conference) -> None:
    voters = [p for p in demo.attendees() if p.role is Role.VOTING]
    for person in voters[:7]:
        check_in_person(demo, person.id, "Bàn 1")  # type: ignore[arg-type]
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "7/11" in rendered(demo_app.screen, "#quorum")
        assert "cần thêm 1 đơn vị" in rendered(demo_app.screen, "#quorum")
        await pilot.press("f3")
        await pilot.press(*voters[7].full_name)
        await pilot.press("ctrl+t", "f2")  # the search keeps the keyboard; Ctrl+T marks the highlighted person
        await pilot.pause()
        quorum = rendered(demo_app.screen, "#quorum")
        assert "8/11" in quorum and "ĐỦ SỐ ĐƠN VỊ THAM DỰ THEO QUY ĐỊNH" in quorum
        rows = {line.rsplit(None, 2)[0]: line.split()[-2:] for line in
                rendered(demo_app.screen, "#attendance").splitlines() if line.strip()}
        assert rows["Đại biểu biểu quyết"] == ["8", "11"] and rows["Tổng"] == ["8", "38"]


async def test_another_desk_shows_within_a_second(demo_app: TdktApp, demo: Conference) -> None:
    other_desk = Conference.open(demo.folder)
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        other_desk.add_attendee(Attendee(full_name="Hoàng Văn Bàn Khác", role=Role.GUEST))
        for _ in range(20):
            await asyncio.sleep(0.05)
            await pilot.pause()
            if len(demo_app.screen.query_one("#people", RowTable).rows) == 39:
                break
        assert len(demo_app.screen.query_one("#people", RowTable).rows) == 39
    other_desk.close()


async def test_new_conference_starts_in_settings(tmp_path: Path) -> None:
    conference = Conference.open(tmp_path / "new")
    app = TdktApp(conference, lang="vi")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        await pilot.press(*"Cụm thi đua số 3")
        screen.query_one("#date", Input).value = "31/02/2025"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "không phải là ngày" in text_of(screen, "#details-error")
        assert not conference.info().is_set_up
        screen.query_one("#date", Input).value = "5/1/2025"
        screen.query_one("#year", Input).value = "2025"
        await pilot.press("ctrl+s")
        await pilot.pause()
        info = conference.info()
        assert info.bloc_name == "Cụm thi đua số 3" and info.date.isoformat() == "2025-01-05"  # type: ignore[union-attr]
        assert screen.query_one("#date", Input).value == "05/01/2025"
        # units: add two, then move the second up
        await pilot.press("ctrl+t")
        assert screen.active_tab == "tab-units"
        for name in ("Sở Tư pháp", "Sở Y tế"):
            await pilot.press("ctrl+n")
            await pilot.pause()
            await pilot.press(*name)
            await pilot.press("ctrl+s")
            await pilot.pause()
        assert [u.name for u in conference.units()] == ["Sở Tư pháp", "Sở Y tế"]
        await pilot.press("end", "shift+up")
        await pilot.pause()
        assert [u.name for u in conference.units()] == ["Sở Y tế", "Sở Tư pháp"]
        # agenda
        await pilot.press("ctrl+t")
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press(*"08:00", "tab", *"Khai mạc")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [(a.time, a.title) for a in conference.agenda()] == [("08:00", "Khai mạc")]
        await pilot.press("f2")
        await pilot.pause()
        assert "Khai mạc" in rendered(app.screen, "#agenda")
    conference.close()


async def test_help_lists_the_keys_of_the_screen(demo_app: TdktApp) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("f3", "f1")
        await pilot.pause()
        assert isinstance(demo_app.screen, HelpScreen)
        statics = " ".join(str(s.content) for s in demo_app.screen.query(Static))
        assert "Trợ giúp: Đại biểu" in statics
        await pilot.press("escape")
        assert isinstance(demo_app.screen, AttendeesScreen)


async def test_english_interface(demo: Conference) -> None:
    app = TdktApp(demo, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        assert "Attendees ·" in text_of(app.screen, "#title-bar")
        assert "of 38" in text_of(app.screen, "#count")


async def test_ten_thousand_people_filter(tmp_path: Path) -> None:
    conference = Conference.open(tmp_path / "big")
    with conference.store.transaction() as txn:
        for i in range(10_000):
            txn.insert("attendees", Attendee(full_name=f"Nguyễn Văn Số {i:05d}", title="Chuyên viên").to_doc())
    app = TdktApp(conference, lang="vi")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        table = app.screen.query_one("#people", RowTable)
        assert len(table.rows) == 10_000
        await pilot.press(*"so 0999")
        assert len(table.rows) == 11  # 00999 and 09990…09999
        await pilot.press("tab", "end")  # into the list, to its last row
        assert table.cursor == 10
    conference.close()


async def test_import_a_roster_with_bad_rows_through_the_screen(demo_app: TdktApp, demo: Conference) -> None:
    from screens.import_roster import ImportRosterScreen

    roster = Path(__file__).resolve().parents[2] / "data" / "samples" / "roster-bad-rows.xlsx"
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("f3", "ctrl+o")
        await pilot.pause()
        await pilot.press("escape")  # the file picker opens by itself; Esc leaves the path to be typed
        screen = demo_app.screen
        assert isinstance(screen, ImportRosterScreen)
        await pilot.press(*"/no/such/file.xlsx", "enter")
        await demo_app.workers.wait_for_complete()
        await pilot.pause()
        assert "Chưa nhập gì" in text_of(screen, "#summary")
        screen.query_one("#path", Input).value = str(roster)
        await pilot.press("enter")
        await demo_app.workers.wait_for_complete()
        await pilot.pause()
        rejected = screen.query_one("#rejected", RowTable).rows
        accepted = screen.query_one("#accepted", RowTable).rows
        assert rejected and all(cells[0].isdigit() and cells[1] for _, cells in rejected)
        assert accepted
        assert len(demo.attendees()) == 38  # a preview stores nothing
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(demo_app.screen, AttendeesScreen)
        assert len(demo.attendees()) == 38 + sum(1 for _, cells in accepted if cells[1] == "mới")
        assert len(demo_app.screen.query_one("#people", RowTable).rows) == len(demo.attendees())


async def test_the_count_keeps_its_width_while_the_filter_is_typed(demo_app: TdktApp,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The line "shown of total" takes the same cells whatever is shown, so a keystroke repaints it without making
    Textual lay the whole screen out again (20–30 ms at 100,000 people)."""
    layouts: list[bool] = []
    update = Static.update

    def spy(self: Static, content: object = "", *, layout: bool = True) -> None:
        if self.id == "count":
            layouts.append(layout)
        update(self, content, layout=layout)  # type: ignore[arg-type]

    monkeypatch.setattr(Static, "update", spy)
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        for key in "nguyen":
            await pilot.press(key)
            await pilot.pause()
        shown = text_of(demo_app.screen, "#count")
    assert len(layouts) > len("nguyen") and not any(layouts[1:]), layouts
    number = shown.split("/")[0]  # "{shown}/{total} · …" in Vietnamese
    assert number.strip().isdigit() and len(number) == len(str(len(demo_app.conference.attendees())))
