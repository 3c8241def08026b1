"""The document settings on the settings screen: typed, saved, and printed in the documents."""

from __future__ import annotations

from textual.widgets import Input, Select

from screens.settings import SettingsScreen
from tdkt_tui.documents import minutes
from tdkt_tui.domain.conference import Conference
from tdkt_tui.ui.app import TdktApp
from tests.helpers.pilot import go_to
from tests.helpers.word_files import open_docx, texts

SIZE = (140, 50)


async def test_document_fields_are_saved_and_printed(demo: Conference) -> None:
    app = TdktApp(demo, lang="vi", desk="Bàn 1")
    async with app.run_test(size=SIZE) as pilot:
        screen = await go_to(pilot, "f4", SettingsScreen)
        assert screen.query_one("#governing_body", Input).value == "Tỉnh uỷ Bắc Ninh"
        screen.query_one("#issuer_symbol", Input).value = "BNC"
        screen.query_one("#number_minutes", Input).value = "Số 05-BB/BNC"
        screen.query_one("#chair_title", Input).value = "Trưởng ban Nội chính Tỉnh uỷ, Trưởng khối năm 2018"
        tuyen_giao = next(u for u in demo.member_units() if u.short_name == "BTG")
        screen.query_one("#leading_unit_id", Select).value = tuyen_giao.id
        await pilot.press("ctrl+s")
        await pilot.pause()
    info = demo.info()
    assert (info.issuer_symbol, info.number_minutes, info.leading_unit_id) == ("BNC", "Số 05-BB/BNC", tuyen_giao.id)
    all_texts = texts(open_docx(minutes.write_minutes(demo)))
    assert "Số 05-BB/BNC" in all_texts  # typed: printed as typed
    assert "- Lưu: VT, BNC." in all_texts
    assert "TRƯỞNG BAN NỘI CHÍNH TỈNH UỶ, TRƯỞNG KHỐI NĂM 2018" in all_texts
    assert "Đơn vị dẫn đầu Khối năm 2018: Ban Tuyên giáo Tỉnh uỷ." in all_texts


def test_offices_of_the_year_and_the_report_date(demo: Conference) -> None:
    import datetime as dt
    from dataclasses import replace

    import pytest

    from tdkt_tui.domain.errors import ValidationError

    info = demo.info()
    names = demo.unit_names()
    assert (names[info.leader_unit_id], names[info.deputy_unit_id]) == ("Ban Nội chính Tỉnh uỷ",
                                                                         "Ban Tuyên giáo Tỉnh uỷ")
    with pytest.raises(ValidationError) as caught:
        demo.save_info(replace(info, deputy_unit_id=info.leader_unit_id))
    assert caught.value.field == "deputy_unit_id"
    guest = next(u for u in demo.units() if not u.is_member)
    with pytest.raises(ValidationError) as caught:
        demo.save_info(replace(info, leader_unit_id=guest.id))
    assert caught.value.field == "leader_unit_id"
    saved = demo.save_info(replace(info, report_date=dt.date(2018, 11, 28), number_report="Số 18-BC/KTĐ"))
    reopened = Conference.open(demo.folder)
    try:
        assert reopened.info().report_date == dt.date(2018, 11, 28) == saved.report_date
        assert reopened.info().number_report == "Số 18-BC/KTĐ"
    finally:
        reopened.close()
