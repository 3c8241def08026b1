"""Time the roster preview (and commit) of a large roster, CSV and XLSX.

    python benchmarks/import_roster.py [rows]     # default 10000

Writes the rosters and a demo conference into a temporary folder, then prints the seconds each step took.
"""

from __future__ import annotations

import csv
import itertools
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tdkt_tui.domain.demo import write_demo  # noqa: E402
from tdkt_tui.domain.roster import commit_roster  # noqa: E402
from tdkt_tui.sheets.roster import read_roster  # noqa: E402

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Ngọc", "Thu", "Quang", "Hữu", "Thanh", "Xuân", "Kim", "Bảo"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hằng", "Hiếu", "Hoa", "Hùng", "Hương", "Khánh",
         "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vân",
         "Yến", "Thắng", "Lộc", "Nhung", "Đạt", "Tùng", "Hạnh", "Phương", "Thủy", "Oanh", "Duy", "Kiên", "Toàn"]
UNITS = [f"Sở ngành số {chr(0x41 + i)}" for i in range(26)] + ["Văn phòng Tỉnh uỷ", "Báo Bắc Ninh"]
HEADER = ["STT", "Họ và tên", "Đơn vị", "Chức vụ", "Vai trò", "Điện thoại", "Email", "Ghế", "Ghi chú"]


def people(count: int) -> list[list[object]]:
    names = itertools.product(FAMILY, MIDDLE, GIVEN, GIVEN)
    rows = []
    for i, (family, middle, given1, given2) in zip(range(count), names):
        rows.append([i + 1, f"{family} {middle} {given1} {given2}", UNITS[i % len(UNITS)], "Chuyên viên",
                     "Đại biểu", f"09{i:08d}", f"nguoi{i}@example.vn", f"A{i % 500}", "Ghi chú"])
    return rows


def write_rosters(folder: Path, count: int) -> tuple[Path, Path]:
    import openpyxl

    rows = people(count)
    csv_path = folder / "roster.csv"
    with open(csv_path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(["DANH SÁCH ĐẠI BIỂU"])
        writer.writerow(HEADER)
        writer.writerows(rows)
    xlsx_path = folder / "roster.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH ĐẠI BIỂU"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet.append([])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(xlsx_path)
    return csv_path, xlsx_path


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_path, xlsx_path = write_rosters(folder, count)
        for path in (csv_path, xlsx_path):
            conference = write_demo(folder / f"conf-{path.suffix[1:]}")
            start = time.perf_counter()
            preview = read_roster(path, conference)
            read = time.perf_counter() - start
            start = time.perf_counter()
            result = commit_roster(conference, preview)
            commit = time.perf_counter() - start
            start = time.perf_counter()
            again = read_roster(path, conference)
            reread = time.perf_counter() - start
            print(
                f"{path.suffix[1:]:>4} {count} rows: preview {read:.2f} s ({preview.added} new, "
                f"{len(preview.rejected)} rejected), commit {commit:.2f} s ({result.units_added} units), "
                f"re-import preview {reread:.2f} s ({again.updated} to update)"
            )
            conference.close()


if __name__ == "__main__":
    main()
