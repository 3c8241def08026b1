"""Write the sample rosters of this folder: the shapes Excel on Vietnamese-locale Windows really produces.

    python data/samples/make_samples.py [folder]      # default: this folder

``roster-utf8.csv``       comma separated UTF-8, 30 new people of the demo's units
``roster-excel-vn.csv``   ";" separated UTF-8 with BOM and CRLF, a title row and an empty row above the header,
                          units by short name, a new guest body, a phone without its leading 0
``roster-cp1258.csv``     Tab separated Windows-1258 (tones written as combining marks, as that code page does)
``roster.xlsx``           a title merged across the columns, an empty row, the header, a unit merged down over
                          several people, a section heading
``roster-bad-rows.xlsx``  rows the import must reject: empty name, bad phone, bad e-mail, unknown role, a person
                          listed twice, a total line; and empty rows it must skip

The tests import this module for the expected contents, so change the data here and regenerate.
"""

from __future__ import annotations

import csv
import io
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
TITLE = "DANH SÁCH ĐẠI BIỂU DỰ HỘI NGHỊ TỔNG KẾT"

# (full name, unit, title, role, phone, email, seat)
UTF8_PEOPLE = [
    ("Nguyễn Thị Ngọc Ánh", "Văn phòng Tỉnh uỷ", "Phó Chánh Văn phòng", "Đại biểu biểu quyết", "0912345601", "", "C01"),
    ("Trần Văn Khải", "Văn phòng Tỉnh uỷ", "Chuyên viên", "Đại biểu", "0912345602", "", "C02"),
    ("Lê Thị Hồng Nhung", "Văn phòng Tỉnh uỷ", "Chuyên viên Phòng Tổng hợp", "Ban tổ chức", "0912345603",
     "nhung.lth@example.vn", "TK3"),
    ("Phạm Quốc Việt", "Ban Tuyên giáo Tỉnh uỷ", "Trưởng phòng Tuyên truyền", "Đại biểu", "0912345604", "", "C04"),
    ("Vũ Thị Thu Trang", "Ban Tuyên giáo Tỉnh uỷ", "Chuyên viên", "", "0912345605", "", "C05"),
    ("Hoàng Đức Thịnh", "Ban Tổ chức Tỉnh uỷ", "Phó Trưởng phòng", "Đại biểu", "0912345606", "", "C06"),
    ("Đinh Thị Lụa", "Ban Tổ chức Tỉnh uỷ", "Chuyên viên", "Đại biểu", "0912345607", "lua.dt@example.vn", "C07"),
    ("Ngô Văn Quyết", "Uỷ ban Kiểm tra Tỉnh uỷ", "Phó Chủ nhiệm", "Đại biểu", "0912345608", "", "C08"),
    ("Bùi Thị Huệ", "Uỷ ban Kiểm tra Tỉnh uỷ", "Kiểm tra viên", "Đại biểu", "0912345609", "", "C09"),
    ("Đỗ Quang Vinh", "Ban Dân vận Tỉnh uỷ", "Trưởng phòng", "Đại biểu", "0912345610", "", "C10"),
    ("Trịnh Thị Yến", "Ban Dân vận Tỉnh uỷ", "Chuyên viên", "Đại biểu", "0912345611", "", "C11"),
    ("Lương Văn Tuấn", "Ban Nội chính Tỉnh uỷ", "Phó Trưởng phòng", "Đại biểu", "0912345612", "", "C12"),
    ("Mai Thị Phượng", "Ban Nội chính Tỉnh uỷ", "Chuyên viên", "Đại biểu", "0912345613", "", "C13"),
    ("Cao Minh Đức", "Đảng uỷ Khối các cơ quan tỉnh", "Phó Bí thư", "Đại biểu", "0912345614", "", "C14"),
    ("Tạ Thị Thanh Hương", "Đảng uỷ Khối các cơ quan tỉnh", "Trưởng Ban Tuyên giáo", "Đại biểu", "0912345615", "",
     "C15"),
    ("Lại Văn Hưng", "Đảng uỷ Khối doanh nghiệp tỉnh", "Phó Bí thư", "Đại biểu", "0912345616", "", "C16"),
    ("Kiều Thị Oanh", "Đảng uỷ Khối doanh nghiệp tỉnh", "Chuyên viên", "Đại biểu", "0912345617", "", "C17"),
    ("Nguyễn Hữu Nghĩa", "Trường Chính trị Nguyễn Văn Cừ", "Phó Hiệu trưởng", "Đại biểu", "0912345618", "", "C18"),
    ("Phan Thị Diễm", "Trường Chính trị Nguyễn Văn Cừ", "Giảng viên chính", "Đại biểu", "0912345619", "", "C19"),
    ("Hà Văn Thắng", "Báo Bắc Ninh", "Phó Tổng Biên tập", "Đại biểu", "0912345620", "thang.hv@example.vn", "C20"),
    ("Quách Thị Ngân", "Báo Bắc Ninh", "Phóng viên", "Đại biểu", "0912345621", "", "C21"),
    ("Đàm Văn Lực", "Ban Bảo vệ, chăm sóc sức khoẻ cán bộ tỉnh", "Phó Trưởng ban", "Đại biểu", "0912345622", "",
     "C22"),
    ("Tô Thị Mỹ Linh", "Ban Bảo vệ, chăm sóc sức khoẻ cán bộ tỉnh", "Bác sĩ", "Đại biểu", "0912345623", "", "C23"),
    ("Chu Văn Thành", "Hội đồng Thi đua - Khen thưởng tỉnh", "Uỷ viên Hội đồng", "Khách mời", "0912345624", "",
     "K04"),
    ("Lục Thị Hoài", "Sở Nội vụ tỉnh Bắc Ninh", "Phó Trưởng Ban Thi đua - Khen thưởng", "Khách mời", "0912345625",
     "", "K05"),
    ("Nông Văn Tiến", "Sở Nội vụ tỉnh Bắc Ninh", "Chuyên viên", "Khách mời", "0912345626", "", "K06"),
    ("Doãn Thị Xuân", "Văn phòng Tỉnh uỷ", "Chuyên viên Phòng Hành chính", "Ban tổ chức", "0912345627", "", "TK4"),
    ("Âu Văn Kiên", "Ban Tuyên giáo Tỉnh uỷ", "Chuyên viên", "Đại biểu", "0912345628", "", "C28"),
    ("Ưng Thị Thuý", "Ban Tổ chức Tỉnh uỷ", "Chuyên viên", "Đại biểu", "0912345629", "", "C29"),
    ("Ông Văn Phúc", "Báo Bắc Ninh", "Biên tập viên", "Đại biểu", "0912345630", "", "C30"),
]
UTF8_HEADER = ["STT", "Họ và tên", "Đơn vị", "Chức vụ", "Vai trò", "Điện thoại", "Email", "Ghế"]

# Excel (Vietnamese Windows), "CSV (Comma delimited)" with ";" as list separator: (name, unit, title, role, phone,
# note). Units by short name; one guest body not in the demo; a phone Excel stripped of its leading 0.
EXCEL_VN_NEW_UNIT = "Sở Tài chính tỉnh Bắc Ninh"
EXCEL_VN_PEOPLE = [
    ("Nguyễn Văn Bảy", "VPTU", "Phó Chánh Văn phòng; kiêm Trưởng phòng", "Biểu quyết", "0987000001", ""),
    ("Trần Thị Mười", "BTG", "Phó Trưởng ban", "Đại biểu", "0987000002", "Đến muộn, ngồi hàng sau"),
    ("Lê Văn Tám", "BTC", "Chuyên viên", "Đại biểu", "987000003", ""),
    ("Phạm Thị Chín", "UBKT", "Chuyên viên", "Đại biểu", "0987000004", ""),
    ("Hoàng Văn Sáu", "BDV", "Chuyên viên", "Đại biểu", "0987000005", ""),
    ("Vũ Thị Năm", "BNC", "Chuyên viên", "Đại biểu", "0987000006", ""),
    ("Đặng Văn Tư", "ĐUKCCQ", "Chuyên viên", "Đại biểu", "0987000007", ""),
    ("Bùi Thị Ba", "ĐUKDN", "Chuyên viên", "Đại biểu", "0987000008", ""),
    ("Đỗ Văn Hai", EXCEL_VN_NEW_UNIT, "Phó Giám đốc", "Khách mời", "0987000009", ""),
    ("Hồ Thị Một", EXCEL_VN_NEW_UNIT, "Trưởng phòng", "Khách mời", "0987000010", ""),
]
EXCEL_VN_HEADER = ["STT", "Họ và tên", "Cơ quan", "Chức vụ", "Thành phần", "SĐT", "Ghi chú"]
EXCEL_VN_FIRST_ROW = 4  # title, empty row, header

# Windows-1258, Tab separated: (name, unit, title, role, phone); letters like ệ ộ ữ ặ ỹ need combining marks there.
CP1258_PEOPLE = [
    ("Nguyễn Thị Diệp", "Văn phòng Tỉnh uỷ", "Chuyên viên", "Đại biểu", "0978111001"),
    ("Trần Quốc Huỳnh", "Ban Tuyên giáo Tỉnh uỷ", "Phó Trưởng phòng", "Đại biểu", "0978111002"),
    ("Lê Thị Mộng Tuyền", "Ban Tổ chức Tỉnh uỷ", "Chuyên viên", "Đại biểu", "0978111003"),
    ("Phạm Đức Kỷ", "Uỷ ban Kiểm tra Tỉnh uỷ", "Kiểm tra viên", "Đại biểu", "0978111004"),
    ("Võ Thị Nguyệt Ánh", "Ban Dân vận Tỉnh uỷ", "Chuyên viên", "Đại biểu", "0978111005"),
    ("Đoàn Hữu Lộc", "Ban Nội chính Tỉnh uỷ", "Chuyên viên", "Đại biểu", "0978111006"),
    ("Huỳnh Thị Mỹ Dạ", "Báo Bắc Ninh", "Phóng viên", "Đại biểu", "0978111007"),
    ("Dương Văn Thuỵ", "Trường Chính trị Nguyễn Văn Cừ", "Giảng viên", "Đại biểu", "0978111008"),
    ("Ngô Thị Ngữ", "Đảng uỷ Khối doanh nghiệp tỉnh", "Chuyên viên", "Ban tổ chức", "0978111009"),
    ("Lý Văn Trượng", "Sở Nội vụ tỉnh Bắc Ninh", "Chuyên viên", "Khách mời", "0978111010"),
]
CP1258_HEADER = ["Họ và tên", "Đơn vị", "Chức vụ", "Vai trò", "Điện thoại"]

# roster.xlsx: (unit, [(name, title, role, phone, email, seat)]) — each unit's cell merged down over its people.
XLSX_HEADER = ["STT", "Họ và tên đại biểu", "Đơn vị", "Chức vụ", "Vai trò", "Điện thoại", "Email", "Số ghế"]
XLSX_NEW_UNIT = "Sở Kế hoạch và Đầu tư tỉnh Bắc Ninh"
XLSX_GROUPS = [
    ("Ban Tuyên giáo Tỉnh uỷ", [
        ("Nguyễn Thị Thanh Hải", "Phó Trưởng ban", "Đại biểu biểu quyết", "0915000001", "", "D01"),
        ("Trần Văn Lâm", "Trưởng phòng Lý luận chính trị", "Đại biểu", "0915000002", "", "D02"),
        ("Lê Thị Thu Hà", "Chuyên viên", "Đại biểu", 915000003, "ha.ltt@example.vn", 3),
    ]),
    ("Ban Dân vận Tỉnh uỷ", [
        ("Phạm Văn Đông", "Trưởng phòng", "Đại biểu", "0915000004", "", "D04"),
        ("Hoàng Thị Kim Liên", "Chuyên viên", "Đại biểu", "0915000005", "", "D05"),
    ]),
    ("Báo Bắc Ninh", [
        ("Vũ Minh Tâm", "Phóng viên", "Đại biểu", "0915000006", "", "D06"),
    ]),
]
XLSX_GUEST_HEADING = "II. KHÁCH MỜI"
XLSX_GUESTS = (XLSX_NEW_UNIT, [
    ("Đặng Quốc Bảo", "Phó Giám đốc Sở", "Khách mời", "0915000007", "", "K10"),
    ("Bùi Thị Phương Thảo", "Trưởng phòng Tổng hợp", "Khách mời", "0915000008", "", "K11"),
])
XLSX_HEADER_ROW = 3

# roster-bad-rows.xlsx: header on row 1, then these rows (None: an empty row). Expected: row -> reason fragment.
BAD_HEADER = ["STT", "Họ và tên", "Đơn vị", "Vai trò", "Điện thoại", "Email"]
BAD_ROWS = [
    (1, "Nguyễn Văn Bình", "Ban Nội chính Tỉnh uỷ", "Đại biểu", "0904000001", ""),  # row 2: accepted
    (2, "", "Ban Nội chính Tỉnh uỷ", "Đại biểu", "0904000002", ""),  # row 3: empty name
    (3, "Trần Thị Cúc", "Báo Bắc Ninh", "Đại biểu", "12345", ""),  # row 4: bad phone
    None,  # row 5: empty, skipped
    (5, "NGUYỄN VĂN BÌNH", "ban noi chinh tinh uy", "Đại biểu", "", ""),  # row 6: duplicate of row 2
    (6, "Lê Văn Dũng", "Báo Bắc Ninh", "Đại biểu", "", "dung@"),  # row 7: bad e-mail
    (7, "Phạm Thị Hoa", "Báo Bắc Ninh", "Thư ký hội nghị", "", ""),  # row 8: unknown role
    (8, "Đỗ Văn Giang", "", "Khách mời", "0904000008", ""),  # row 9: accepted, no unit
    (None, "Tổng cộng: 6 người", "", "", "", ""),  # row 10: a total line, not a name
    (10, "", "", "", "", ""),  # row 11: only a number, skipped
    (11, "", "", "", "", ""),  # row 12: only a number, skipped
]
BAD_ACCEPTED_ROWS = [2, 9]
BAD_REJECTED_ROWS = [3, 4, 6, 7, 8, 10]


def to_cp1258(text: str) -> bytes:
    """Encode like Windows does: letters cp1258 lacks become a base letter plus a combining tone mark."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        tones = "\u0300\u0301\u0303\u0309\u0323"
        letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in tones))
        out += (letter + "".join(m for m in marks if m in tones)).encode("cp1258")
    return bytes(out)


def _csv_text(rows: list[list[object]], delimiter: str, lineterminator: str = "\r\n") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=lineterminator)
    writer.writerows(rows)
    return buffer.getvalue()


def write_utf8(folder: Path) -> Path:
    rows: list[list[object]] = [UTF8_HEADER]
    rows += [[i, *person] for i, person in enumerate(UTF8_PEOPLE, start=1)]
    path = folder / "roster-utf8.csv"
    path.write_bytes(_csv_text(rows, ",", "\n").encode("utf-8"))
    return path


def write_excel_vn(folder: Path) -> Path:
    width = len(EXCEL_VN_HEADER)
    rows: list[list[object]] = [[TITLE] + [""] * (width - 1), [""] * width, EXCEL_VN_HEADER]
    rows += [[i, *person] for i, person in enumerate(EXCEL_VN_PEOPLE, start=1)]
    path = folder / "roster-excel-vn.csv"
    path.write_bytes(b"\xef\xbb\xbf" + _csv_text(rows, ";").encode("utf-8"))
    return path


def write_cp1258(folder: Path) -> Path:
    rows: list[list[object]] = [CP1258_HEADER, *map(list, CP1258_PEOPLE)]
    path = folder / "roster-cp1258.csv"
    path.write_bytes(to_cp1258(_csv_text(rows, "\t")))
    return path


def write_xlsx(folder: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    width = len(XLSX_HEADER)
    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    sheet.cell(1, 1).alignment = Alignment(horizontal="center")
    sheet.append([])
    sheet.append(XLSX_HEADER)
    for cell in sheet[XLSX_HEADER_ROW]:
        cell.font = Font(bold=True)
    number = 0

    def group(unit: str, people: list[tuple[object, ...]]) -> None:
        nonlocal number
        first = sheet.max_row + 1
        for i, (name, title, role, phone, email, seat) in enumerate(people):
            number += 1
            sheet.append([number, name, unit if i == 0 else None, title, role, phone, email, seat])
        if len(people) > 1:
            sheet.merge_cells(start_row=first, start_column=3, end_row=first + len(people) - 1, end_column=3)
            sheet.cell(first, 3).alignment = Alignment(vertical="center", wrap_text=True)

    for unit, people in XLSX_GROUPS:
        group(unit, people)
    sheet.append([XLSX_GUEST_HEADING])
    sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=width)
    group(*XLSX_GUESTS)
    for letter, size in zip("ABCDEFGH", (6, 28, 30, 30, 20, 14, 24, 8)):
        sheet.column_dimensions[letter].width = size
    path = folder / "roster.xlsx"
    book.save(path)
    return path


def write_bad_rows(folder: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(BAD_HEADER)
    for row in BAD_ROWS:
        sheet.append(list(row) if row else [])
    path = folder / "roster-bad-rows.xlsx"
    book.save(path)
    return path


def main(folder: Path = HERE) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [write(folder) for write in (write_utf8, write_excel_vn, write_cp1258, write_xlsx, write_bad_rows)]


if __name__ == "__main__":
    for written in main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(written)
