"""Score workbooks typed years ago in TCVN3 or VNI read as Unicode: unit names match, evidence is stored converted,
and the preview says which encoding was found."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.styles import Font

from tdkt_tui.domain import scoring
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.text import SourceEncoding
from tdkt_tui.sheets import scores as score_sheets
from tdkt_tui.sheets.legacy import encode


def legacy_cell(sheet: openpyxl.worksheet.worksheet.Worksheet, ref: str, text: str, encoding: SourceEncoding,
                font: str) -> None:
    sheet[ref] = encode(text, encoding)
    sheet[ref].font = Font(name=font)


def test_a_tcvn3_table_of_units_and_a_vni_unit_sheet(demo: Conference, tmp_path: Path) -> None:
    items = scoring.criteria(demo)
    book = openpyxl.Workbook()
    table = book.active
    table.title = "Tong hop"
    legacy_cell(table, "A1", "BẢNG TỔNG HỢP ĐIỂM THẨM ĐỊNH", SourceEncoding.TCVN3, ".VnTimeH")
    legacy_cell(table, "A2", "Đơn vị", SourceEncoding.TCVN3, ".VnTime")
    table["B2"], table["C2"] = items[0].code, items[1].code
    legacy_cell(table, "A3", "Văn phòng Tỉnh uỷ", SourceEncoding.TCVN3, ".VnTime")
    table["B3"], table["C3"] = 18, 9.5
    legacy_cell(table, "A4", "Ban Tuyên giáo Tỉnh uỷ", SourceEncoding.TCVN3, ".VnTime")
    table["B4"], table["C4"] = 17, 9
    unit = book.create_sheet("BDV")
    legacy_cell(unit, "A1", "Đơn vị: Ban Dân vận Tỉnh uỷ", SourceEncoding.VNI, "VNI-Times")
    for col, text in zip("ABCD", ["Mã", "Nội dung", "Tự chấm", "Minh chứng"], strict=True):
        legacy_cell(unit, f"{col}3", text, SourceEncoding.VNI, "VNI-Times")
    unit["A4"] = items[0].code
    legacy_cell(unit, "B4", items[0].title, SourceEncoding.VNI, "VNI-Times")
    unit["C4"] = 19
    legacy_cell(unit, "D4", "Báo cáo số 12-BC/BDV ngày 20/11/2018, đạt 100% chỉ tiêu", SourceEncoding.VNI,
                "VNI-Times")
    book.save(tmp_path / "diem.xlsx")

    preview = score_sheets.read_score_workbook(demo, tmp_path / "diem.xlsx")
    assert preview.issues == []
    assert preview.encoding is SourceEncoding.VNI and preview.converted == 11  # 7 VNI cells, 4 TCVN3 ones
    names = demo.unit_names()
    got = {(names[u], i): (own, verified, evidence) for u, i, own, verified, evidence in preview.values}
    first, second = items[0].id, items[1].id
    assert got[("Văn phòng Tỉnh uỷ", first)][1] == 18 and got[("Ban Tuyên giáo Tỉnh uỷ", second)][1] == 9
    assert got[("Ban Dân vận Tỉnh uỷ", first)][0] == 19
    assert got[("Ban Dân vận Tỉnh uỷ", first)][2] == "Báo cáo số 12-BC/BDV ngày 20/11/2018, đạt 100% chỉ tiêu"
    scoring.commit_scores(demo, preview)
    dan_van = demo.find_unit("Ban Dân vận Tỉnh uỷ")
    assert dan_van is not None
    assert scoring.scores(demo)[(dan_van.id, first)].evidence.startswith("Báo cáo số 12")
