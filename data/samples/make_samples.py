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
``roster-office.xlsx``    a roster as offices have them: the letterhead and title rows, ``STT | Họ và tên | Chức vụ |
                          Đơn vị | Ghi chú`` with no role column, each unit merged down over its people (the head
                          not always first), units spelled their own way (ủy/uỷ, a missing "Tỉnh uỷ", an en dash
                          in "Hội đồng Thi đua – Khen thưởng tỉnh"), headings "II. KHÁCH MỜI" and "III. TỔ GIÚP
                          VIỆC", a former head of a member unit marked "Khách mời" in the note column
``roster-tcvn3.xlsx``     the same roster typed in TCVN3: the text is the legacy bytes read as Latin-1, the cells in
                          .VnTime (title rows in .VnTimeH, which draws the same bytes as capitals)
``roster-vni.csv``        part of it typed in VNI and saved as CSV from Excel on a Western Windows (the bytes are VNI)

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
    (None, "Tổng cộng: 6 người", "", "", "", ""),  # row 10: a total line, not a person: left out with a note
    (10, "", "", "", "", ""),  # row 11: only a number, skipped
    (11, "", "", "", "", ""),  # row 12: only a number, skipped
]
BAD_ACCEPTED_ROWS = [2, 9]
BAD_LEFT_OUT = [10]

# roster-office.xlsx: (unit as the office writes it, [(name, title, note, role the import must infer)]).
OFFICE_LETTERHEAD = [("ĐẢNG BỘ TỈNH BẮC NINH", "ĐẢNG CỘNG SẢN VIỆT NAM"),
                     ("KHỐI THI ĐUA CÁC BAN CƠ QUAN CỦA ĐẢNG TỈNH", "Bắc Ninh, ngày 28 tháng 11 năm 2018")]
OFFICE_TITLE = "DANH SÁCH ĐẠI BIỂU DỰ HỘI NGHỊ TỔNG KẾT CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM 2018"
OFFICE_SUBTITLE = "(Kèm theo Giấy mời số 25/GM-KTĐ ngày 20/11/2018 của Khối thi đua)"
OFFICE_HEADER = ["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Ghi chú"]
OFFICE_MEMBERS_HEADING = "I. ĐẠI BIỂU CÁC ĐƠN VỊ THÀNH VIÊN"
OFFICE_GUESTS_HEADING = "II. KHÁCH MỜI"
OFFICE_ORGANISERS_HEADING = "III. TỔ GIÚP VIỆC"
V, D, G, O = "voting", "delegate", "guest", "organiser"
OFFICE_MEMBERS = [
    ("Văn phòng Tỉnh ủy", [("Đỗ Minh Dũng", "Chuyên viên", "", D), ("Đỗ Đức Hùng", "Chánh Văn phòng", "", V),
                           ("Phạm Văn Hùng", "Chánh Văn phòng Ban", "", D),
                           ("Nguyễn Văn Thành", "Nguyên Chánh Văn phòng", "Khách mời", G)]),
    ("Ban Tuyên giáo Tỉnh uỷ", [("Ngô Thành Hùng", "Chánh Văn phòng Ban", "", D),
                                ("Dương Diệu Hoa", "Phó Trưởng ban", "", V),
                                ("Đặng Diệu Huyền", "Phó Trưởng phòng", "", D)]),
    ("Ban Tổ chức", [("Phạm Quang Sơn", "Phó Trưởng ban", "", V), ("Nguyễn Diệu Thuỷ", "Trưởng phòng", "", D),
                     ("Ngô Thanh Nga", "Phó Trưởng phòng", "", D)]),
    ("Uỷ ban Kiểm tra Tỉnh uỷ", [("Đỗ Diệu Mai", "Chánh Văn phòng Ban", "", D), ("Hoàng Xuân Long", "Chủ nhiệm", "", V),
                                 ("Dương Thị Mai", "Phó Trưởng phòng", "", D)]),
    ("Ban Dân vận Tỉnh uỷ", [("Vũ Thị Thuỷ", "Phó Trưởng ban", "", V), ("Phạm Thu Hằng", "Chánh Văn phòng Ban", "", D),
                             ("Phạm Minh Khánh", "Phó Trưởng phòng", "", D)]),
    ("Ban Nội chính Tỉnh uỷ", [("Hoàng Văn Nam", "Trưởng phòng", "", D), ("Phạm Minh Hùng", "Chuyên viên", "", D),
                               ("Hoàng Minh Tuấn", "Phó Trưởng ban", "", V)]),
    ("Đảng uỷ Khối các cơ quan tỉnh", [("Lý Thành Hùng", "Bí thư Đảng uỷ Khối", "", V),
                                       ("Lê Quang Cường", "Phó Trưởng phòng", "", D),
                                       ("Hoàng Thị Yến", "Chuyên viên", "", D)]),
    ("Đảng uỷ khối Doanh nghiệp tỉnh", [("Lê Văn Sơn", "Phó Trưởng phòng", "", D),
                                        ("Lê Xuân Cường", "Bí thư Đảng uỷ Khối", "", V),
                                        ("Phạm Diệu Mai", "Phó Trưởng phòng", "", D)]),
    ("Trường Chính trị Nguyễn Văn Cừ", [("Lý Ngọc Thuỷ", "Trưởng phòng", "", D),
                                        ("Dương Thanh Mai", "Trưởng phòng", "", D),
                                        ("Dương Thành Trung", "Hiệu trưởng", "", V)]),
    ("Báo Bắc Ninh", [("Ngô Minh Khánh", "Tổng Biên tập", "", V), ("Lê Thu Nga", "Trưởng phòng", "", D),
                      ("Đỗ Ngọc Yến", "Chuyên viên", "", D)]),
    ("Ban Bảo vệ, chăm sóc sức khỏe cán bộ tỉnh", [("Vũ Thanh Huyền", "Chánh Văn phòng Ban", "", D),
                                                   ("Ngô Minh Thắng", "Trưởng ban", "", V),
                                                   ("Bùi Hữu Đạt", "Chánh Văn phòng Ban", "", D)]),
]
OFFICE_GUESTS = [
    ("Hội đồng Thi đua – Khen thưởng tỉnh", [
        ("Nguyễn Trọng Bình", "Phó Chủ tịch Hội đồng Thi đua - Khen thưởng tỉnh, Phó Giám đốc Sở Nội vụ", "", G)]),
    ("Sở Nội vụ", [("Vũ Ngọc Hương", "Trưởng Ban Thi đua - Khen thưởng", "", G),
                   ("Đặng Minh Nam", "Chuyên viên Ban Thi đua - Khen thưởng", "", G)]),
]
OFFICE_ORGANISERS = [
    ("Ban Nội chính Tỉnh uỷ", [("Trần Thị Trang", "Chuyên viên", "", O), ("Trần Đức Đạt", "Chuyên viên", "", O)]),
]
#: The units as the demo names them, for each spelling above.
OFFICE_UNITS = {
    "Văn phòng Tỉnh ủy": "Văn phòng Tỉnh uỷ", "Ban Tổ chức": "Ban Tổ chức Tỉnh uỷ",
    "Đảng uỷ khối Doanh nghiệp tỉnh": "Đảng uỷ Khối doanh nghiệp tỉnh",
    "Ban Bảo vệ, chăm sóc sức khỏe cán bộ tỉnh": "Ban Bảo vệ, chăm sóc sức khoẻ cán bộ tỉnh",
    "Hội đồng Thi đua – Khen thưởng tỉnh": "Hội đồng Thi đua - Khen thưởng tỉnh", "Sở Nội vụ": "Sở Nội vụ tỉnh Bắc Ninh",
}
OFFICE_SECTIONS = [(OFFICE_MEMBERS_HEADING, OFFICE_MEMBERS), (OFFICE_GUESTS_HEADING, OFFICE_GUESTS),
                   (OFFICE_ORGANISERS_HEADING, OFFICE_ORGANISERS)]
OFFICE_HEADER_ROW = 6
#: Under the table, as the letter ends: the date line, who drew the list up and who signs, their names.
OFFICE_FOOTER = [
    [None, None, None, "Bắc Ninh, ngày 28 tháng 11 năm 2018"],
    [None, "NGƯỜI LẬP BIỂU", None, "TM. KHỐI THI ĐUA"],
    [None, "(Ký, ghi rõ họ tên)", None, "TRƯỞNG KHỐI"],
    [],
    [None, "Trần Thị Trang", None, "Đỗ Đức Hùng"],
]
#: roster-vni.csv: the first units of the office roster, with the same header.
VNI_UNITS = 3
BAD_REJECTED_ROWS = [3, 4, 6, 7, 8]


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


def office_people() -> list[tuple[str, str, str, str, str]]:
    """(name, title, unit as written, note, role expected) of roster-office.xlsx, in file order."""
    return [(name, title, unit, note, role) for _heading, groups in OFFICE_SECTIONS for unit, people in groups
            for name, title, note, role in people]


def _office_book(encode: object = None, body_font: str = "Times New Roman", title_font: str = "Times New Roman",
                 encode_title: object = None) -> object:
    """The office roster as a workbook; ``encode`` turns each text into what the cell holds (legacy bytes),
    ``encode_title`` each text in ``title_font``."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    def text(value: str) -> str:
        return encode(value) if encode else value  # type: ignore[operator]

    def in_capitals(value: str) -> str:
        return encode_title(value) if encode_title else text(value)  # type: ignore[operator]

    book = Workbook()
    sheet = book.active
    sheet.title = "DS dai bieu"
    width = len(OFFICE_HEADER)
    for row, (left, right) in enumerate(OFFICE_LETTERHEAD, start=1):
        sheet.cell(row, 1, in_capitals(left)).font = Font(name=title_font, bold=True)
        sheet.cell(row, 4, text(right) if row == 2 else in_capitals(right)).font = Font(
            name=body_font if row == 2 else title_font, italic=row == 2, bold=row == 1)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        sheet.merge_cells(start_row=row, start_column=4, end_row=row, end_column=width)
    for row, (line, font) in enumerate(((in_capitals(OFFICE_TITLE), Font(name=title_font, bold=True, size=13)),
                                        (text(OFFICE_SUBTITLE), Font(name=body_font, italic=True))), start=4):
        sheet.cell(row, 1, line).font = font
        sheet.cell(row, 1).alignment = Alignment(horizontal="center", wrap_text=True)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    for col, label in enumerate(OFFICE_HEADER, start=1):
        sheet.cell(OFFICE_HEADER_ROW, col, text(label)).font = Font(name=body_font, bold=True)
    number = 0
    for heading, groups in OFFICE_SECTIONS:
        row = sheet.max_row + 1
        sheet.cell(row, 1, in_capitals(heading)).font = Font(name=title_font, bold=True)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        for unit, people in groups:
            first = sheet.max_row + 1
            for i, (name, title, note, _role) in enumerate(people):
                number += 1
                row = sheet.max_row + 1
                values = [number, text(name), text(title), text(unit) if i == 0 else None, text(note) or None]
                for col, value in enumerate(values, start=1):
                    if value is not None:
                        sheet.cell(row, col, value).font = Font(name=body_font)
            if len(people) > 1:
                sheet.merge_cells(start_row=first, start_column=4, end_row=first + len(people) - 1, end_column=4)
                sheet.cell(first, 4).alignment = Alignment(vertical="center", wrap_text=True)
    sheet.append([])
    for cells in OFFICE_FOOTER:
        sheet.append([text(v) if isinstance(v, str) else v for v in cells])
        for cell in sheet[sheet.max_row]:
            if cell.value is not None:
                cell.font = Font(name=body_font, bold=str(cell.value).isupper())
    for letter, size in zip("ABCDE", (6, 26, 34, 36, 16)):
        sheet.column_dimensions[letter].width = size
    return book


def write_office(folder: Path) -> Path:
    path = folder / "roster-office.xlsx"
    _office_book().save(path)  # type: ignore[attr-defined]
    return path


def write_tcvn3(folder: Path) -> Path:
    from tdkt_tui.domain.text import SourceEncoding
    from tdkt_tui.sheets.legacy import encode

    path = folder / "roster-tcvn3.xlsx"
    # Text in a capitals font (.VnTimeH) was typed in small letters: the font draws them as capitals.
    book = _office_book(lambda t: encode(t, SourceEncoding.TCVN3) if t else t, ".VnTime", ".VnTimeH",
                        lambda t: encode(t.lower(), SourceEncoding.TCVN3))
    book.save(path)  # type: ignore[attr-defined]
    return path


def write_vni(folder: Path) -> Path:
    from tdkt_tui.domain.text import SourceEncoding
    from tdkt_tui.sheets.legacy import encode

    rows: list[list[object]] = [OFFICE_HEADER]
    number = 0
    for unit, people in OFFICE_MEMBERS[:VNI_UNITS]:
        for name, title, note, _role in people:
            number += 1
            rows.append([number, name, title, unit, note])
    text = encode(_csv_text(rows, ","), SourceEncoding.VNI)
    path = folder / "roster-vni.csv"
    path.write_bytes(text.encode("cp1252"))  # what Excel on a Western Windows saves from VNI-Times cells
    return path


def main(folder: Path = HERE) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [write(folder) for write in (write_utf8, write_excel_vn, write_cp1258, write_xlsx, write_bad_rows,
                                        write_office, write_tcvn3, write_vni)]


if __name__ == "__main__":
    for written in main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(written)
