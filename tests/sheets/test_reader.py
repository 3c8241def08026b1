"""The one spreadsheet reader: what a file really is, bounded reading of hostile files (time and memory measured
in a child process), CSV decoding, merged cells, cells to text, header matching."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import openpyxl
import pytest

from tdkt_tui.domain import i18n
from tdkt_tui.domain.errors import TdktError
from tdkt_tui.domain.text import SourceEncoding
from tdkt_tui.sheets.reader import (
    CSV_FIELD_LIMIT,
    MAX_CELLS,
    Headers,
    Sheet,
    cell_text,
    column_letter,
    header_key,
    read_sheets,
)
from tests.helpers import hostile_files

measured_in_a_child = pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(),
                                         reason="peak memory is measured through Linux's /proc")

#: The bounds every hostile file must be refused within (the reading itself, in the child).
SECONDS = 2.0
MEGABYTES = 200


@pytest.fixture(autouse=True)
def english() -> None:
    i18n.set_language("en")


def one_sentence(message: str, path: Path) -> None:
    assert str(path) in message
    assert "\n" not in message and "Traceback" not in message
    assert message.endswith(".") and not message.startswith("{")


# -- hostile files -------------------------------------------------------------------------------------------------


@measured_in_a_child
def test_a_5kb_workbook_merging_c2_to_xfd1048576_is_refused_fast_and_small(tmp_path: Path) -> None:
    path = hostile_files.merged_bomb(tmp_path / "danh-sach.xlsx")
    assert path.stat().st_size < 8 * 1024
    measured = hostile_files.measure_read(path)
    assert "merges the cells C2:XFD1048576 (17,177,755,650 cells)" in str(measured["outcome"])
    one_sentence(str(measured["outcome"]), path)
    assert measured["seconds"] < SECONDS, measured
    assert measured["grown_mb"] < MEGABYTES and measured["peak_mb"] < 400, measured


@measured_in_a_child
def test_a_small_workbook_with_too_many_cells_is_refused_fast_and_small(tmp_path: Path) -> None:
    path = hostile_files.many_cells(tmp_path / "cells.xlsx", MAX_CELLS + 50_000)
    assert path.stat().st_size < 2 * 1024 * 1024
    measured = hostile_files.measure_read(path)
    assert f"more than {MAX_CELLS:,} filled cells" in str(measured["outcome"])
    one_sentence(str(measured["outcome"]), path)
    assert measured["seconds"] < SECONDS and measured["grown_mb"] < MEGABYTES, measured


@pytest.mark.parametrize(("build", "fragment"), [
    (lambda p: hostile_files.many_rows(p, 150_000), "more than 100,000 rows"),
    (lambda p: hostile_files.long_cell(p, 40_000), "more than 32,767 characters"),
    (hostile_files.far_cell, "beyond Excel's last row or column"),
    (lambda p: hostile_files.patched_workbook(p, [["Họ và tên"]], {'ref="C2:D3"': 'ref="C2:C"'}),
     "not a range of cells"),
])
def test_other_hostile_workbooks_get_a_sentence(tmp_path: Path, build: object, fragment: str) -> None:
    path = build(tmp_path / "x.xlsx")  # type: ignore[operator]
    start = time.perf_counter()
    with pytest.raises(TdktError) as caught:
        read_sheets(path)
    assert time.perf_counter() - start < SECONDS
    assert fragment in str(caught.value)
    one_sentence(str(caught.value), path)


@measured_in_a_child
def test_a_csv_of_almost_the_largest_size_with_one_endless_cell_is_refused_fast_and_small(tmp_path: Path) -> None:
    path = tmp_path / "dai.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write('Họ và tên,Ghi chú\r\nLê Văn An,"')
        handle.write("x" * (19 * 1024 * 1024))
        handle.write('"\r\n')
    measured = hostile_files.measure_read(path)
    assert f"Line 2 of {path} holds a cell longer than" in str(measured["outcome"])
    assert measured["seconds"] < SECONDS and measured["grown_mb"] < MEGABYTES, measured


def test_a_csv_cell_over_the_field_limit_is_named_by_its_line(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text(f'Họ và tên,Ghi chú\r\nLê Văn An,ok\r\nTrần Bình,"{"x" * (CSV_FIELD_LIMIT + 10)}"\r\n',
                    encoding="utf-8")
    with pytest.raises(TdktError) as caught:
        read_sheets(path)
    assert f"Line 3 of {path} holds a cell longer than {CSV_FIELD_LIMIT:,} characters" in str(caught.value)
    one_sentence(str(caught.value), path)


def test_a_csv_line_wider_than_excel_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("Họ và tên\n" + "," * 20_000 + "\n", encoding="utf-8")
    with pytest.raises(TdktError, match="Line 2 of .* has more than 16,384 columns"):
        read_sheets(path)


@pytest.mark.parametrize(("name", "content", "really"), [
    ("danh-sach.xlsx", b"%PDF-1.7\n%\xe2\xe3", "a PDF document"),
    ("danh-sach.csv", b"\x89PNG\r\n\x1a\n" + bytes(64), "a picture (PNG)"),
    ("danh-sach.xlsx", b"\xff\xd8\xff\xe0" + bytes(64), "a picture (JPEG)"),
    ("danh-sach.csv", b"{\\rtf1\\ansi Danh sach}", "a Word document (RTF)"),
    ("danh-sach.xlsx", b"Rar!\x1a\x07\x00", "a RAR archive"),
])
def test_a_file_that_is_not_what_its_name_says(tmp_path: Path, name: str, content: bytes, really: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(TdktError) as caught:
        read_sheets(path)
    assert f"{path} is {really}, not a spreadsheet" in str(caught.value)
    one_sentence(str(caught.value), path)


def test_the_sentences_are_vietnamese_too(tmp_path: Path) -> None:
    i18n.set_language("vi")
    path = hostile_files.merged_bomb(tmp_path / "danh-sach.xlsx")
    with pytest.raises(TdktError) as caught:
        read_sheets(path)
    assert "gộp" in str(caught.value) and "C2:XFD1048576" in str(caught.value)
    pdf = tmp_path / "a.xlsx"
    pdf.write_bytes(b"%PDF-1.4")
    with pytest.raises(TdktError, match="tài liệu PDF"):
        read_sheets(pdf)


def test_score_workbooks_must_be_workbooks(tmp_path: Path) -> None:
    path = tmp_path / "diem.csv"
    path.write_text("Đơn vị,1.1\nVPTU,9\n", encoding="utf-8")
    with pytest.raises(TdktError, match="is a text table"):
        read_sheets(path, csv_allowed=False)


# -- sheets --------------------------------------------------------------------------------------------------------


def test_merged_ranges_fill_only_rows_that_hold_anything(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH"])
    sheet.merge_cells("A1:XFD1")  # a whole row merged: the title
    sheet.append(["Họ và tên", "Đơn vị"])
    sheet.append(["Lê Văn An", "Báo Bắc Ninh"])
    sheet.append(["Trần Bình"])
    sheet.merge_cells("B3:B900")  # the unit over its people, and far below them
    book.save(tmp_path / "m.xlsx")
    read = read_sheets(tmp_path / "m.xlsx").sheets[0]
    assert read.rows == [1, 2, 3, 4]
    assert read.value(4, 2) is None and read.value(4, 2, merged=True) == "Báo Bắc Ninh"
    assert read.merged_down == {3: 4}
    assert read.row_cells(1, merged=True) == [(1, "DANH SÁCH"), (2, "DANH SÁCH")]  # to the last used column only
    assert read.merged_range(4, 2) is not None and read.merged_range(4, 1) is None
    assert read.where(4, 2) == "Sheet!B4"


def test_cells_become_clean_nfc_text() -> None:
    assert cell_text(None) == ""
    assert cell_text(12.0) == "12" and cell_text(8.125) == "8.125" and cell_text(964191663) == "964191663"
    assert cell_text(dt.datetime(2018, 12, 3)) == "03/12/2018"
    assert cell_text(dt.datetime(2018, 12, 3, 8, 30)) == "03/12/2018 08:30"
    assert cell_text(dt.date(2018, 12, 3)) == "03/12/2018" and cell_text(dt.time(14, 5)) == "14:05"
    assert cell_text(dt.timedelta(hours=26, minutes=3)) == "26:03"
    assert cell_text(True) == "TRUE"
    assert cell_text("  Nguye\u0302\u0303n\t Văn\x07 A ") == "Nguyễn Văn A"
    assert cell_text("Dòng 1\r\nDòng\u200b 2", multiline=True) == "Dòng 1\nDòng 2"


def test_headers_match_folded_names_and_the_longest_prefix() -> None:
    headers = Headers({"full_name": ("ho va ten", "ho ten"), "note": ("ghi chu",), "self": ("tu cham",),
                       "self_total": ("tu cham tong",)})
    assert header_key("Họ và tên (1)") == "ho va ten 1"
    assert headers.field("HỌ VÀ TÊN ĐẠI BIỂU") == "full_name"
    assert headers.field("Ghi\nchú") == "note"
    assert headers.field("Tự chấm tổng cộng") == "self_total"
    assert headers.field("Họ") is None and headers.field("") is None


def test_column_letters() -> None:
    assert [column_letter(c) for c in (1, 26, 27, 702, 703, 16384)] == ["A", "Z", "AA", "ZZ", "AAA", "XFD"]


@pytest.mark.parametrize(("encoding", "bom"), [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"),
                                               ("utf-16-be", b"\xfe\xff")])
def test_unicode_csv_in_every_form_excel_saves(tmp_path: Path, encoding: str, bom: bytes) -> None:
    path = tmp_path / "u.csv"
    path.write_bytes(bom + "Họ và tên\tĐơn vị\r\nĐặng Thị Ước\tBan Dân vận\r\n".encode(encoding))
    read = read_sheets(path, csv_score=lambda s: len(s.row_cells(1)))
    assert read.encoding is SourceEncoding.UNICODE and read.delimiter == "\t"
    assert read.sheets[0].cells == {(1, 1): "Họ và tên", (1, 2): "Đơn vị", (2, 1): "Đặng Thị Ước",
                                    (2, 2): "Ban Dân vận"}


def test_windows_1258_csv() -> None:
    read = read_sheets(Path(__file__).resolve().parents[2] / "data" / "samples" / "roster-cp1258.csv")
    assert read.encoding is SourceEncoding.CP1258 and read.delimiter == "\t"
    assert cell_text(read.sheets[0].cells[2, 1]) == "Nguyễn Thị Diệp"


def test_a_sheet_without_merges() -> None:
    sheet = Sheet("t", {(2, 3): "x"})
    assert sheet.rows == [2] and sheet.last_col == 3 and sheet.row_cells(2) == [(3, "x")]
    assert sheet.value(2, 3, merged=True) == "x" and sheet.merged_down == {}
