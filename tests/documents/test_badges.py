"""Badges, invitation lists and the attendance list, read back the way a secretary's tools would read them.

* every QR (PNG, SVG, and the image inside each badge) scans back to exactly that person's genuine code, at error
  correction Q; the SVG is rasterised here by a few lines of our own, not by the library that wrote it;
* the Word file is A4 in Times New Roman, 2 × 4 badges a page that never split, with every name, code and image;
* the CSV opens in Excel (BOM, commas) with the right header, the XLSX holds the same rows, and the list imports
  back onto the same people;
* the attendance list says who is present and absent unit by unit, with the summary, the time and the desk;
* a reissued code is printed from then on and the old one scans as revoked; no export ever replaces another.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import docx
import openpyxl
import pytest
import qrcode
import qrcode.constants
import zxingcpp
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.oxml.ns import qn
from docx.shared import Mm
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw, ImageFilter

from tdkt_tui.documents import badges, qr
from tdkt_tui.documents.badges import (
    BadgeFiles,
    qr_file_stem,
    qr_png,
    qr_svg,
    write_badges,
)
from tdkt_tui.domain import checkin, i18n
from tdkt_tui.domain.checkin import (
    Outcome,
    check_in_person,
    code_of,
    reissue_code,
    scan,
    secret,
    substitute,
)
from tdkt_tui.domain.codes import ScanKind, group, make_code, read_scan
from tdkt_tui.domain.conference import ATTENDEES, Conference
from tdkt_tui.domain.exports import name_key, unit_groups
from tdkt_tui.domain.model import Attendee, Role, Unit
from tdkt_tui.sheets.attendance_list import (
    attendance_groups,
    attendance_rows,
    write_attendance,
)
from tdkt_tui.sheets.roster import read_roster

TIME = re.compile(r"^\d{2}:\d{2} \d{2}/\d{2}/\d{4}$")
HEADER_VI = ["STT", "Họ và tên", "Đơn vị", "Chức vụ", "Vai trò", "Mã điểm danh", "Điện thoại", "Thư điện tử", "Ghế"]


# -- helpers ------------------------------------------------------------------------------------------------------


def decode(image: Image.Image) -> list[zxingcpp.Barcode]:
    return [b for b in zxingcpp.read_barcodes(image) if b.format == zxingcpp.BarcodeFormat.QRCode]


def decode_one(image: Image.Image) -> zxingcpp.Barcode:
    found = decode(image)
    assert len(found) == 1, f"{len(found)} QR codes found"
    return found[0]


def decode_png(data: bytes) -> str:
    return decode_one(Image.open(io.BytesIO(data))).text


def _numbers(text: str) -> list[float]:
    return [float(n) for n in re.findall(r"-?\d*\.?\d+(?:[eE][-+]?\d+)?", text)]


def _path_polygons(d: str) -> list[list[tuple[float, float]]]:
    """The sub-paths of an SVG path made of M/L/H/V/Z commands (absolute or relative), as polygons."""
    polygons: list[list[tuple[float, float]]] = []
    x = y = 0.0
    current: list[tuple[float, float]] = []
    for command, args in re.findall(r"([MmLlHhVvZz])([^MmLlHhVvZz]*)", d):
        values = _numbers(args)
        relative = command.islower()
        kind = command.upper()
        if kind == "Z":
            if current:
                polygons.append(current)
                x, y = current[0]
            current = []
            continue
        step = 1 if kind in "HV" else 2
        for i in range(0, len(values), step):
            if kind == "H":
                x = values[i] + (x if relative else 0)
            elif kind == "V":
                y = values[i] + (y if relative else 0)
            else:
                x, y = (values[i] + x, values[i + 1] + y) if relative else (values[i], values[i + 1])
            if kind == "M" and i == 0:
                if current:
                    polygons.append(current)
                current = []
            current.append((x, y))
    if current:
        polygons.append(current)
    return polygons


def rasterise_svg(text: str, scale: int = 8) -> Image.Image:
    """Draw a QR SVG (rects and straight-edged paths, as any QR writer makes them) with Pillow."""
    root = ET.fromstring(text)
    assert root.tag.rsplit("}", 1)[-1] == "svg"
    if root.get("viewBox"):
        _, _, width, height = _numbers(root.get("viewBox", ""))
    else:
        width, height = _numbers(root.get("width", ""))[0], _numbers(root.get("height", ""))[0]
    image = Image.new("L", (round(width * scale), round(height * scale)), 255)
    draw = ImageDraw.Draw(image)
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        fill = (element.get("fill") or "black").lower()
        colour = 255 if fill in ("white", "#fff", "#ffffff", "none") else 0
        if tag == "rect":
            if "%" in (element.get("width") or ""):
                draw.rectangle((0, 0, image.width, image.height), fill=colour)
                continue
            x, y = (_numbers(element.get(a) or "0")[0] for a in ("x", "y"))
            w, h = (_numbers(element.get(a) or "0")[0] for a in ("width", "height"))
            draw.rectangle((x * scale, y * scale, (x + w) * scale - 1, (y + h) * scale - 1), fill=colour)
        elif tag == "path":
            for polygon in _path_polygons(element.get("d", "")):
                draw.polygon([(px * scale, py * scale) for px, py in polygon], fill=colour)
    return image


def read_csv(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "no BOM: Excel would read the Vietnamese as mojibake"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def read_xlsx(path: Path) -> list[list[str]]:
    sheet = openpyxl.load_workbook(path).active
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def cell_texts(cell: docx.table._Cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text]


def qr_files(files: BadgeFiles, person: Attendee, suffix: str) -> Path:
    matches = list(files.qr_dir.glob(f"{person.id}-*{suffix}"))
    assert len(matches) == 1, matches
    return matches[0]


def digest(path: Path) -> str:
    if path.is_dir():
        return hashlib.sha256(b"".join(p.name.encode() + p.read_bytes() for p in sorted(path.iterdir()))).hexdigest()
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- QR images ----------------------------------------------------------------------------------------------------


def test_every_qr_png_scans_to_the_persons_genuine_code(demo: Conference) -> None:
    files = write_badges(demo)
    key = secret(demo)
    people = demo.attendees()
    assert files.count == len(people) == 38
    assert len(list(files.qr_dir.iterdir())) == 2 * len(people)
    for person in people:
        symbol = decode_one(Image.open(qr_files(files, person, ".png")))
        assert symbol.text == code_of(demo, person)
        assert symbol.ec_level in ("M", "Q", "H")
        scanned = read_scan(symbol.text, key)
        assert scanned.kind is ScanKind.CODE
        assert scanned.attendee_id == person.id


def test_qr_error_correction_is_q_and_payload_is_the_bare_digits() -> None:
    code = make_code(b"k" * 32, 4321, 7)
    symbol = qr.symbol(code)
    assert symbol.error_correction == qrcode.constants.ERROR_CORRECT_Q
    assert [chunk.data for chunk in symbol.data_list] == [code.encode()]
    assert symbol.version == 1  # 21 × 21 modules: big modules, easy scans
    found = decode_one(Image.open(io.BytesIO(qr_png(code))))
    assert (found.text, found.ec_level) == (code, "Q")
    assert " " not in found.text and len(found.text) == 16


@pytest.mark.parametrize("box_size", [1, 3, 4, 10, qr.BADGE_BOX_SIZE])
def test_png_is_the_picture_qrcode_itself_draws(box_size: int) -> None:
    """Our few lines of PNG writing draw, pixel for pixel, what qrcode's own drawer (Pillow) draws; the file is a
    1-bit greyscale PNG any reader opens."""
    code = make_code(b"p" * 32, 12, 1)
    symbol = qr.symbol(code)
    symbol.box_size = box_size
    theirs = symbol.make_image().get_image().convert("L")
    data = qr_png(code, box_size=box_size)
    picture = Image.open(io.BytesIO(data))
    assert (picture.format, picture.mode) == ("PNG", "1")
    ours = picture.convert("L")
    assert ours.size == theirs.size == (29 * box_size, 29 * box_size)
    assert ours.tobytes() == theirs.tobytes()
    assert qr_png(code, box_size=box_size) == data  # the same bytes every time


def test_the_fixed_mask_scans_as_well_as_the_one_the_penalty_rules_choose() -> None:
    """The mask is fixed (choosing it by the standard's penalty score is nine tenths of a symbol's cost): blurred
    and shrunk the way a poor print or a far camera blurs them, codes across the whole id range scan with it
    wherever they scan with the mask qrcode would choose."""
    for n in range(40):
        code = make_code(bytes([n]) * 32, 1 + n * 2_499, n % 100)
        chosen = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q, border=qr.QUIET_ZONE)
        chosen.add_data(code)
        chosen.make(fit=True)
        ours = qr.symbol(code)
        assert ours.mask_pattern == qr.MASK and ours.version == chosen.version == 1
        for modules in (ours.get_matrix(), chosen.get_matrix()):
            picture = Image.open(io.BytesIO(qr.png(modules, 8))).convert("L").filter(ImageFilter.GaussianBlur(2.5))
            shrunk = picture.resize((picture.width * 2 // 5,) * 2, Image.Resampling.BILINEAR)
            assert decode_one(shrunk).text == code


def test_every_qr_svg_is_a_standalone_document_that_scans(demo: Conference) -> None:
    files = write_badges(demo)
    for person in demo.attendees():
        text = qr_files(files, person, ".svg").read_text(encoding="utf-8")
        assert text.startswith("<?xml")
        root = ET.fromstring(text)
        assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("width", "").endswith("mm")
        assert decode_one(rasterise_svg(text)).text == code_of(demo, person)


def test_the_svg_rasteriser_reads_relative_paths_and_rects() -> None:
    """The test's own rasteriser is not tied to the one layout qrcode writes today."""
    code = make_code(b"s" * 32, 77, 3)
    absolute = qr_svg(code)
    path = re.search(r' d="([^"]+)"', absolute).group(1)  # type: ignore[union-attr]
    rects = "".join(
        f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}"/>'
        for x0, y0, x1, y1 in ((p[0][0], p[0][1], p[1][0], p[2][1]) for p in _path_polygons(path))
    )
    as_rects = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 29 29">{rects}</svg>'
    assert decode_one(rasterise_svg(as_rects)).text == code
    relative = re.sub(r"M(\d+),(\d+)H(\d+)V(\d+)H\d+z", lambda m: f"M{m[1]},{m[2]}h1v1h-1z", path)
    assert relative != path
    assert decode_one(rasterise_svg(absolute.replace(path, relative))).text == code


@settings(max_examples=30, deadline=None)
@given(
    attendee_id=st.integers(1, 99_999),
    version=st.integers(0, 99),
    key=st.binary(min_size=16, max_size=64),
)
def test_any_code_survives_the_qr_round_trip(attendee_id: int, version: int, key: bytes) -> None:
    code = make_code(key, attendee_id, version)
    assert decode_png(qr_png(code, box_size=3)) == code
    assert read_scan(code, key).attendee_id == attendee_id


# -- the badges ---------------------------------------------------------------------------------------------------


def test_badges_docx_is_a4_times_new_roman_eight_per_page(demo: Conference) -> None:
    files = write_badges(demo)
    document = docx.Document(str(files.docx))
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5) and abs(section.page_height - Mm(297)) < Mm(0.5)
    for margin in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin):
        assert Mm(8) <= margin <= Mm(15)

    assert len(document.tables) == 1
    table = document.tables[0]
    people = demo.attendees()
    assert len(table.columns) == 2 and len(table.rows) == (len(people) + 1) // 2
    usable_height = section.page_height - section.top_margin - section.bottom_margin
    usable_width = section.page_width - section.left_margin - section.right_margin
    for row in table.rows:
        assert row.height_rule == WD_ROW_HEIGHT_RULE.EXACTLY
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
        # exactly four rows fill a page, so every page holds 2 × 4 = 8 badges
        assert badges.ROWS_PER_PAGE * row.height <= usable_height < (badges.ROWS_PER_PAGE + 1) * row.height
        assert badges.BADGES_PER_PAGE == 8
        assert sum(cell.width for cell in row.cells) <= usable_width

    # every person on one badge: name, grouped code, and the image scanning to that very code
    by_code: dict[str, list[str]] = {}
    for cell in (c for row in table.rows for c in row.cells):
        texts = cell_texts(cell)
        if not texts:
            continue
        blips = cell._tc.xpath(".//a:blip/@r:embed")
        assert len(blips) == 1
        image = document.part.related_parts[blips[0]].blob
        assert decode_png(image) == texts[-1].replace(" ", "")
        by_code[texts[-1]] = texts
    assert len(by_code) == len(people)
    for person in people:
        texts = by_code[group(code_of(demo, person))]
        assert person.full_name in texts
        assert i18n._(person.role.label) in texts
        if person.title:
            assert person.title in texts
    assert len(document.inline_shapes) == len(people)
    assert {shape.width for shape in document.inline_shapes} == {Mm(badges.QR_WIDTH_MM)}

    assert document.styles["Normal"].font.name == "Times New Roman"
    fonts = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(
        qn("w:rFonts"))
    assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == "Times New Roman"
    assert not [a for a in fonts.attrib if a.endswith("Theme")]
    runs = [r for row in table.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    assert runs and all(r.font.name in (None, "Times New Roman") for r in runs)
    names = [r for r in runs if r.text in {p.full_name for p in people}]
    assert all(r.bold and r.font.size.pt >= 15 for r in names)


def test_badges_follow_unit_order_then_vietnamese_name_order(demo: Conference) -> None:
    files = write_badges(demo)
    rows = read_csv(files.csv)[1:]
    unit_order = [g.label for g in unit_groups(demo)]
    assert unit_order[:11] == [u.name for u in demo.member_units()]
    seen = [r[2] for r in rows]
    assert seen == sorted(seen, key=unit_order.index)
    for unit in unit_order:
        names = [r[1] for r in rows if r[2] == unit]
        assert names == sorted(names, key=name_key)
    assert [int(r[0]) for r in rows] == list(range(1, len(rows) + 1))


def test_long_texts_shrink_to_fit_the_badge() -> None:
    bloc = "Khối thi đua các cơ quan tham mưu, giúp việc Tỉnh uỷ và các Đảng uỷ trực thuộc Tỉnh uỷ tỉnh Bắc Ninh"
    unit = "Ban Chỉ đạo phòng, chống tham nhũng, lãng phí, tiêu cực tỉnh Bắc Ninh và các huyện thị"
    plain = badges.fit_badge("Khối thi đua các Ban cơ quan của Đảng tỉnh Bắc Ninh", "Đỗ Đức Hùng", "Chánh Văn phòng",
                             "Văn phòng Tỉnh uỷ", "VPTU", "Đại biểu biểu quyết")
    assert plain == badges.BadgeLayout()  # the usual badge: 17 pt name, 32 mm QR
    for name, title in [
        ("Nguyễn Thị Phương Thảo Quỳnh Anh Hoàng Hà", "Phó Trưởng ban Thường trực, phụ trách công tác thi đua khen "
                                                     "thưởng và kiểm tra giám sát"),
        ("Nguyễn Phước Bửu Long Hoàng Thiên Phúc Lộc Thọ An Khang", "Trưởng phòng Tổng hợp - Thi đua khen thưởng"),
    ]:
        layout = badges.fit_badge(bloc, name, title, unit, "BCĐ PCTN", "Đại biểu biểu quyết")
        shown = "BCĐ PCTN" if layout.short_unit else unit
        assert badges.badge_height(layout, bloc, name, [title, shown, "Đại biểu biểu quyết"]) <= badges.BADGE_CONTENT_PT
        assert layout.qr >= 26 and layout.name >= 11 and layout.line >= 8


def test_vietnamese_name_order() -> None:
    names = ["Lê Đông", "Phạm Thị Hạ", "Nguyễn Văn An", "Lê Ăn", "Đỗ Minh Dũng", "Lê Dung", "Trần Thị Ánh",
             "Phạm Thị Hà", "Lê Âu", "Đỗ Đức Hùng", "Lê Bình", "Phạm Thị Ha"]
    assert sorted(names, key=name_key) == [
        "Nguyễn Văn An", "Trần Thị Ánh", "Lê Ăn", "Lê Âu", "Lê Bình", "Lê Dung", "Đỗ Minh Dũng", "Lê Đông",
        "Phạm Thị Ha", "Phạm Thị Hà", "Phạm Thị Hạ", "Đỗ Đức Hùng",
    ]


def test_progress_and_a_chosen_few(demo: Conference) -> None:
    seen: list[tuple[int, int]] = []
    chosen = demo.attendees()[5:10]
    files = write_badges(demo, lambda done, total: seen.append((done, total)), people=chosen)
    assert files.count == 5
    assert seen == [(i, 5) for i in range(6)]
    assert len(docx.Document(str(files.docx)).inline_shapes) == 5
    assert sorted(r[1] for r in read_csv(files.csv)[1:]) == sorted(p.full_name for p in chosen)
    nobody = write_badges(demo, people=[])
    assert nobody.count == 0 and len(read_csv(nobody.csv)) == 1 and not list(nobody.qr_dir.iterdir())


def test_qr_file_names_are_ascii() -> None:
    assert qr_file_stem(Attendee(full_name="Đỗ Đức Hùng", id=12)) == "12-do-duc-hung"
    assert qr_file_stem(Attendee(full_name="Nguyễn Thị Ánh Tuyết", id=3)) == "3-nguyen-thi-anh-tuyet"
    assert qr_file_stem(Attendee(full_name="李明", id=9)) == "9"


# -- the invitation list ------------------------------------------------------------------------------------------


def test_invitation_csv_and_xlsx_hold_the_same_rows(demo: Conference) -> None:
    files = write_badges(demo)
    rows = read_csv(files.csv)
    assert rows[0] == HEADER_VI
    assert files.csv.read_bytes().count(b"\r\n") == len(rows)
    people = demo.attendees()
    assert len(rows) == 1 + len(people)
    units = demo.unit_names()
    by_name = {r[1]: r for r in rows[1:]}
    for person in people:
        row = by_name[person.full_name]
        assert row[2:] == [units.get(person.unit_id or 0, ""), person.title, i18n._(person.role.label),
                           group(code_of(demo, person)), person.phone, person.email, person.seat]
    assert read_xlsx(files.xlsx) == rows
    sheet = openpyxl.load_workbook(files.xlsx).active
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["B"].width >= 20
    assert all(isinstance(c.value, str) for c in sheet["G"][1:] if c.value)  # phones keep their leading 0


def test_invitation_list_imports_back_onto_the_same_people(demo: Conference) -> None:
    files = write_badges(demo)
    for path in (files.csv, files.xlsx):
        preview = read_roster(path, demo)
        assert not preview.rejected and not preview.new_units
        # every person found again, and nothing to change (the preview now tells updated from unchanged)
        assert (preview.added, preview.updated, preview.unchanged) == (0, 0, len(demo.attendees()))


def test_invitation_header_in_english(demo: Conference) -> None:
    i18n.set_language("en")
    files = write_badges(demo, people=demo.attendees()[:2])
    assert read_csv(files.csv)[0] == ["No.", "Full name", "Unit", "Title", "Role", "Check-in code", "Phone",
                                      "E-mail", "Seat"]


# -- reissue and files that never replace each other -------------------------------------------------------------


def test_a_reissued_code_is_printed_and_the_old_one_is_revoked(demo: Conference) -> None:
    person = demo.attendees()[3]
    old = code_of(demo, person)
    before = write_badges(demo)
    new = reissue_code(demo, person.id or 0)
    assert new != old
    after = write_badges(demo)
    assert before.docx != after.docx and before.csv != after.csv
    text = after.csv.read_text(encoding="utf-8-sig")
    assert group(new) in text and group(old) not in text
    assert group(old) in before.csv.read_text(encoding="utf-8-sig")
    assert decode_one(Image.open(qr_files(after, person, ".png"))).text == new
    document = docx.Document(str(after.docx))
    cells = [cell_texts(c) for row in document.tables[0].rows for c in row.cells]
    assert [person.full_name in t for t in cells if group(new) in t] == [True]
    assert scan(demo, old, "desk").outcome is Outcome.REVOKED
    assert scan(demo, new, "desk").outcome is Outcome.CHECKED_IN


def test_exports_never_overwrite(demo: Conference) -> None:
    first = write_badges(demo)
    fingerprints = {p: digest(p) for p in (first.docx, first.csv, first.xlsx, first.qr_dir)}
    second = write_badges(demo)
    for name in ("docx", "csv", "xlsx", "qr_dir"):
        assert getattr(first, name) != getattr(second, name)
        assert getattr(second, name).exists()
    assert {p: digest(p) for p in fingerprints} == fingerprints
    lists = [write_attendance(demo, fmt) for fmt in ("xlsx", "xlsx", "csv", "csv")]
    assert len(set(lists)) == 4 and all(p.exists() for p in lists)
    assert all(p.parent == demo.folder / "exports" for p in [*lists, first.docx, first.qr_dir])


# -- the attendance list ------------------------------------------------------------------------------------------


def _check_in_some(demo: Conference) -> tuple[set[int], Attendee]:
    """Two member units (one person each), one guest, a substitute for an absent delegate, one person without unit."""
    people = demo.attendees()
    units = demo.member_units()
    first = next(p for p in people if p.unit_id == units[0].id)
    second = next(p for p in people if p.unit_id == units[1].id)
    guest = next(p for p in people if p.role is Role.GUEST)
    for person in (first, second, guest):
        assert check_in_person(demo, person.id or 0, "Bàn 1").outcome is Outcome.CHECKED_IN
    absent = next(p for p in people if p.unit_id == units[2].id and p.role is Role.VOTING)
    stand_in = substitute(demo, absent.id or 0, Attendee(full_name="Lê Thị Thay"), "Bàn 2")
    assert stand_in.outcome is Outcome.CHECKED_IN
    demo.add_attendee(Attendee(full_name="Nguyễn Văn Tự Do", role=Role.GUEST))
    present = {first.id, second.id, guest.id, stand_in.attendee.id}  # type: ignore[union-attr]
    return {p for p in present if p is not None}, absent


def test_attendance_rows_by_unit(demo: Conference) -> None:
    present, absent = _check_in_some(demo)
    groups = attendance_groups(demo)
    members = [u.name for u in demo.member_units()]
    guests = [u.name for u in demo.units() if not u.is_member]
    assert [g.label for g in groups] == [*members, *guests, "(không thuộc đơn vị)"]
    rows = attendance_rows(demo)
    assert len(rows) == len(demo.attendees())
    for row in rows:
        assert row.present == (row.attendee_id in present)
        if row.present:
            assert TIME.match(row.time) and row.desk in ("Bàn 1", "Bàn 2")
        else:
            assert row.time == row.desk == ""
    by_name = {r.full_name: r for r in rows}
    assert "đi thay" in by_name["Lê Thị Thay"].note and by_name["Lê Thị Thay"].unit == members[2]
    assert by_name["Lê Thị Thay"].role == "Đại biểu biểu quyết"
    assert by_name[absent.full_name].note == "Có người đi thay: Lê Thị Thay"
    assert [g.present for g in groups[:3]] == [1, 1, 1]


def test_attendance_xlsx_and_csv(demo: Conference) -> None:
    present, _absent = _check_in_some(demo)
    figures = demo.attendance()
    assert (figures.member_units_present, figures.member_units) == (3, 11)
    book = openpyxl.load_workbook(write_attendance(demo, "xlsx"))
    lines = [row for row in read_xlsx_book(book)]
    texts = [r[0] for r in lines if r and r[0]]
    head = texts[:10]
    assert head[0] == demo.info().bloc_name
    assert "DANH SÁCH ĐIỂM DANH" in head
    assert "Ngày hội nghị: 03/12/2018" in head
    assert "Đơn vị thành viên có mặt: 3/11" in head
    assert any(t.startswith("Cần từ 2/3 số đơn vị thành viên trở lên: 8 đơn vị")
               and "CHƯA ĐỦ SỐ ĐƠN VỊ THAM DỰ THEO QUY ĐỊNH: cần thêm 5 đơn vị" in t
               for t in head)
    # The delegate a substitute attends for is not expected: one person, and one place, for the two.
    assert f"Có mặt {len(present)}/{len(demo.attendees()) - 1} người" in head
    assert any(t.startswith("Vắng: ") for t in head)

    headings = {t: i for i, t in enumerate(texts) if t.startswith("Đơn vị: ")}
    for unit_group in attendance_groups(demo):
        assert f"Đơn vị: {unit_group.label} — có mặt {unit_group.present}/{unit_group.total}" in headings
    assert "Đơn vị: Ban Dân vận Tỉnh uỷ — có mặt 0/3" in headings
    assert list(headings.values()) == sorted(headings.values())
    sheet = book.active
    heading_cells = [c for c in sheet["A"] if isinstance(c.value, str) and c.value.startswith("Đơn vị: ")]
    assert all(c.font.bold for c in heading_cells)
    header = next(r for r in lines if r[:2] == ["STT", "Họ và tên"])
    assert header == ["STT", "Họ và tên", "Chức vụ", "Vai trò", "Có mặt", "Giờ điểm danh", "Bàn", "Ghi chú"]
    people_rows = [r for r in lines if r and r[0].isdigit() and len(r) == 8 and r[1]]
    assert len(people_rows) == len(demo.attendees())
    yes = {r[1] for r in people_rows if r[4] == "có"}
    assert yes == {p.full_name for p in demo.attendees() if p.id in present}
    assert all(r[4] == "không" and r[5] == "" for r in people_rows if r[1] not in yes)
    assert all(TIME.match(r[5]) and r[6].startswith("Bàn ") for r in people_rows if r[1] in yes)

    rows = read_csv(write_attendance(demo, "csv"))
    assert rows[0] == ["STT", "Đơn vị", "Họ và tên", "Chức vụ", "Vai trò", "Có mặt", "Giờ điểm danh", "Bàn",
                       "Ghi chú"]
    flat = [[r[0], r[2], *r[3:]] for r in rows[1:]]
    assert [r[1:] for r in flat] == [r[1:] for r in people_rows]
    assert [r[1] for r in rows[1:]] == [r.unit or "(không thuộc đơn vị)" for r in attendance_rows(demo)]
    for unit_row in rows[1:]:
        person = next(p for p in demo.attendees() if p.full_name == unit_row[2])
        assert unit_row[5] == ("có" if person.id in present else "không")
        if person.id in present:
            assert unit_row[7] == person.checkin_desk


def read_xlsx_book(book: openpyxl.Workbook) -> list[list[str]]:
    return [["" if v is None else str(v) for v in row] for row in book.active.iter_rows(values_only=True)]


def test_attendance_long_unit_names_wrap(demo: Conference) -> None:
    long_name = "Ban Chỉ đạo " + "phòng, chống tham nhũng, lãng phí, tiêu cực " * 4
    unit = demo.add_unit(Unit(name=long_name.strip()))
    demo.add_attendee(Attendee(full_name="Vũ Văn Dài", unit_id=unit.id))
    sheet = openpyxl.load_workbook(write_attendance(demo, "xlsx")).active
    heading = next(c for c in sheet["A"] if isinstance(c.value, str) and long_name.strip() in c.value)
    assert heading.alignment.wrap_text and sheet.row_dimensions[heading.row].height >= 30


def test_attendance_rejects_an_unknown_format(demo: Conference) -> None:
    with pytest.raises(ValueError):
        write_attendance(demo, "pdf")


def test_many_people_stay_in_order_and_fit(demo: Conference) -> None:
    """A hundred more people in one transaction: still eight a page, every one with a badge."""
    unit = demo.member_units()[0].id
    with demo.store.transaction() as txn:
        for i in range(100):
            txn.insert(ATTENDEES, Attendee(full_name=f"Nguyễn Văn Thử {i:03d}", unit_id=unit).to_doc())
    files = write_badges(demo)
    assert files.count == len(demo.attendees()) == 138
    document = docx.Document(str(files.docx))
    assert len(document.inline_shapes) == 138 and len(document.tables[0].rows) == 69
    assert group(checkin.code_of(demo, demo.attendees()[-1])) in files.csv.read_text(encoding="utf-8-sig")


def test_the_svg_is_the_document_qrcode_itself_writes() -> None:
    import qrcode.image.svg

    for version in range(20):
        symbol = qr.symbol(make_code(b"s" * 32, 1000 + version * 50_000, version))
        symbol.box_size = 10
        theirs = symbol.make_image(image_factory=qrcode.image.svg.SvgPathFillImage).to_string(encoding="unicode")
        assert qr.svg(symbol.get_matrix()) == '<?xml version="1.0" encoding="UTF-8"?>\n' + theirs + "\n"


def test_drawing_on_every_core_writes_what_one_process_writes(demo: Conference,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Many badges are drawn by worker processes: the same pictures, files and Word file as drawn here."""
    alone = write_badges(demo)
    monkeypatch.setattr(qr, "PARALLEL_FROM", 2)
    monkeypatch.setattr(qr.os, "cpu_count", lambda: 2)
    together = write_badges(demo)
    assert together.qr_dir != alone.qr_dir and digest(together.qr_dir) == digest(alone.qr_dir)
    assert together.csv.read_bytes() == alone.csv.read_bytes()
    first, second = docx.Document(str(alone.docx)), docx.Document(str(together.docx))
    assert [shape._inline.graphic.graphicData.pic.blipFill.blip.embed for shape in second.inline_shapes] == \
        [shape._inline.graphic.graphicData.pic.blipFill.blip.embed for shape in first.inline_shapes]
    assert [c.text for r in second.tables[0].rows for c in r.cells] == \
        [c.text for r in first.tables[0].rows for c in r.cells]
    pictures = [second.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
                for shape in second.inline_shapes]
    assert pictures == [(alone.qr_dir / f"{qr_file_stem(p)}.png").read_bytes()
                        for p in badges.in_list_order(demo, None)]


def test_an_error_from_a_worker_process_tells_the_same_sentence() -> None:
    """An error met in a drawing process (a full disk) reaches the user as the same one sentence."""
    import pickle

    from tdkt_tui.domain.errors import StoreError, ValidationError

    for error in (StoreError("Cannot write {path}: the disk is full.", path="/x/qr.png"),
                  ValidationError("“{value}” is not a date.", field="date", value="31/02")):
        again = pickle.loads(pickle.dumps(error))
        assert type(again) is type(error) and str(again) == str(error) and again.__dict__ == error.__dict__
