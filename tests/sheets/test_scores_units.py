"""Score workbooks name units as the roster import reads them: dashes, case, a missing "tỉnh"/"Tỉnh uỷ"; a name
that only looks like a unit is said so, with the unit it looks like."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from tdkt_tui.domain import i18n, scoring
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.model import Unit, UnitKind
from tdkt_tui.sheets import scores as score_sheets


def test_unit_spellings_match_like_the_roster_import(demo: Conference, tmp_path: Path) -> None:
    i18n.set_language("en")
    demo.add_unit(Unit(name="Sở Lao động - Thương binh và Xã hội", kind=UnitKind.MEMBER))
    items = scoring.criteria(demo)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Điểm"
    sheet.append(["Đơn vị", items[0].code, items[1].code])
    sheet.append(["Sở Lao động – Thương binh và Xã hội", 15, None])  # en dash for the conference's hyphen
    sheet.append(["BAN TUYÊN GIÁO", 16, None])  # capitals, without "Tỉnh uỷ"
    sheet.append(["Ban Dân vậm Tỉnh uỷ", 17, None])  # a typo
    book.save(tmp_path / "diem.xlsx")
    preview = score_sheets.read_score_workbook(demo, tmp_path / "diem.xlsx")
    names = demo.unit_names()
    assert {names[unit]: verified for unit, _item, _own, verified, _ev in preview.values} == {
        "Sở Lao động - Thương binh và Xã hội": 15, "Ban Tuyên giáo Tỉnh uỷ": 16}
    assert [(issue.where, issue.reason) for issue in preview.issues] == [
        ("Điểm!A4", "“Ban Dân vậm Tỉnh uỷ” is not a unit of the conference; is it Ban Dân vận Tỉnh uỷ? Write its "
                    "name as the conference has it.")]
