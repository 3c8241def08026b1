"""Rosters as offices have them: no role column, title rows, merged cells, units spelled their own way, old
encodings. Roles are inferred in the preview (guests, one voting delegate per member unit), changeable there in bulk,
and the roster imports without a single edit."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.demo import write_demo
from tdkt_tui.domain.model import Attendee, Role, Unit, UnitKind
from tdkt_tui.domain.roster import (
    RoleSource,
    VoterRule,
    choose_unit,
    commit_roster,
    set_roles,
    title_rank,
    with_voter_rule,
)
from tdkt_tui.domain.unit_names import UnitIndex, UnitMatch, unit_key
from tdkt_tui.domain.text import SourceEncoding
from tdkt_tui.sheets.roster import read_roster
from tests.helpers.samples import ROOT, SAMPLES, load_generator


gen = load_generator()
EXPECTED = {name: Role(role) for name, _title, _unit, _note, role in gen.office_people()}


@pytest.fixture
def units_only(tmp_path: Path) -> Iterator[Conference]:
    """A new conference with the demo's units (members and guest bodies) and nobody listed yet."""
    conference = Conference.open(tmp_path / "new", create=True)
    for unit in json.loads((ROOT / "data" / "demo.json").read_text(encoding="utf-8"))["units"]:
        conference.add_unit(Unit(name=unit["name"], short_name=unit["short_name"], kind=UnitKind(unit["kind"])))
    yield conference
    conference.close()


@pytest.fixture
def demo_conference(tmp_path: Path) -> Iterator[Conference]:
    conference = write_demo(tmp_path / "demo")
    yield conference
    conference.close()


def roles_by_name(conference: Conference) -> dict[str, Role]:
    return {p.full_name: p.role for p in conference.attendees()}


def test_an_office_roster_imports_without_a_single_edit(units_only: Conference) -> None:
    preview = read_roster(SAMPLES / "roster-office.xlsx", units_only)
    assert preview.rejected == [] and preview.new_units == []
    # The date line, who drew the list up and the signers' names under the table are not people.
    assert len(preview.left_out) == sum(1 for line in gen.OFFICE_FOOTER if line)  # its empty row is just empty
    assert not any(r.row in preview.left_out for r in preview.rows)
    assert preview.columns == {"full_name": "Họ và tên", "title": "Chức vụ", "unit": "Đơn vị", "note": "Ghi chú"}
    assert {r.person.full_name: r.person.role for r in preview.rows} == EXPECTED
    by_unit = preview.counts()
    assert by_unit["Hội đồng Thi đua – Khen thưởng tỉnh"][Role.GUEST] == 1
    assert preview.role_totals() == {Role.VOTING: 11, Role.DELEGATE: 22, Role.GUEST: 4, Role.ORGANISER: 2}
    matches = {line.written: line.match for line in preview.units}
    assert matches["Hội đồng Thi đua – Khen thưởng tỉnh"] is UnitMatch.SAME  # the en dash matches the hyphen
    assert matches["Ban Tổ chức"] is UnitMatch.SUFFIX and matches["Sở Nội vụ"] is UnitMatch.SUFFIX
    why = {r.person.full_name: r.source for r in preview.rows}
    assert why["Dương Diệu Hoa"] is RoleSource.HEAD and why["Ngô Thành Hùng"] is RoleSource.OTHER
    assert why["Nguyễn Văn Thành"] is RoleSource.MARKED  # "Khách mời" in the note column, of a member unit
    assert why["Trần Thị Trang"] is RoleSource.MARKED  # under "III. TỔ GIÚP VIỆC"

    result = commit_roster(units_only, preview)
    assert (result.added, result.updated, result.units_added) == (39, 0, 0)
    assert roles_by_name(units_only) == EXPECTED
    voters = Counter(p.unit_id for p in units_only.attendees() if p.role is Role.VOTING)
    assert sorted(voters) == sorted(u.id for u in units_only.member_units()) and set(voters.values()) == {1}
    assert units_only.attendance().expected[Role.VOTING] == 11
    hdtd = units_only.find_unit("Hội đồng Thi đua - Khen thưởng tỉnh")
    assert hdtd is not None and [p.full_name for p in units_only.attendees() if p.unit_id == hdtd.id] == [
        "Nguyễn Trọng Bình"]

    # The same file again (or spelled with a hyphen) updates the same people, creating nobody and nothing.
    again = read_roster(SAMPLES / "roster-office.xlsx", units_only)
    assert (again.added, again.updated, again.unchanged, again.new_units) == (0, 0, 39, [])
    assert {r.person.full_name: r.person.role for r in again.rows} == EXPECTED
    assert commit_roster(units_only, again) == type(result)(added=0, updated=39, units_added=0)
    assert len(units_only.attendees()) == 39 and len(units_only.units()) == 13


def test_the_office_roster_into_the_demo_updates_its_people(demo_conference: Conference) -> None:
    before = roles_by_name(demo_conference)
    preview = read_roster(SAMPLES / "roster-office.xlsx", demo_conference)
    assert (preview.added, preview.updated + preview.unchanged) == (1, 38)
    assert [r.person.full_name for r in preview.rows if r.attendee_id is None] == ["Nguyễn Văn Thành"]
    commit_roster(demo_conference, preview)
    assert roles_by_name(demo_conference) == {**before, "Nguyễn Văn Thành": Role.GUEST}
    assert len(demo_conference.units()) == 13


@pytest.mark.parametrize(("name", "encoding", "people"), [
    ("roster-tcvn3.xlsx", SourceEncoding.TCVN3, None),
    ("roster-vni.csv", SourceEncoding.VNI, 10),
])
def test_legacy_rosters_import_as_unicode(units_only: Conference, name: str, encoding: SourceEncoding,
                                          people: int | None) -> None:
    unicode = read_roster(SAMPLES / "roster-office.xlsx", units_only)
    preview = read_roster(SAMPLES / name, units_only)
    assert preview.encoding is encoding and preview.converted > 0 and preview.rejected == []
    expected = [(r.person.full_name, r.person.title, r.unit_name, r.person.note, r.person.role)
                for r in unicode.rows][:people]
    assert [(r.person.full_name, r.person.title, r.unit_name, r.person.note, r.person.role)
            for r in preview.rows] == expected
    commit_roster(units_only, preview)
    assert "Đỗ Đức Hùng" in roles_by_name(units_only)


def test_a_tcvn3_file_holds_legacy_bytes_in_vntime_cells() -> None:
    """The sample is built as such files are: Latin-1 characters of the TCVN3 bytes, the font on the cell."""
    sheet = openpyxl.load_workbook(SAMPLES / "roster-tcvn3.xlsx").active
    name = next(c for c in sheet["B"] if c.value == "§ç §øc Hïng")
    assert name.font.name == ".VnTime"
    title = sheet["A4"]
    assert title.font.name == ".VnTimeH" and title.value.startswith("danh s¸ch")  # capitals drawn by the font


def test_the_voting_delegate_can_be_the_first_listed(units_only: Conference) -> None:
    preview = read_roster(SAMPLES / "roster-office.xlsx", units_only, rule=VoterRule.FIRST)
    voters = {r.unit_name: r.person.full_name for r in preview.rows if r.person.role is Role.VOTING}
    assert voters["Văn phòng Tỉnh ủy"] == "Đỗ Minh Dũng" and voters["Ban Nội chính Tỉnh uỷ"] == "Hoàng Văn Nam"
    assert all(r.source is RoleSource.FIRST for r in preview.rows if r.person.role is Role.VOTING)
    back = with_voter_rule(units_only, preview, VoterRule.HEAD)
    assert {r.person.full_name: r.person.role for r in back.rows} == EXPECTED


def test_roles_change_in_bulk_before_anything_is_stored(units_only: Conference) -> None:
    preview = read_roster(SAMPLES / "roster-office.xlsx", units_only)
    seq = units_only.store.seq
    index = {r.person.full_name: i for i, r in enumerate(preview.rows)}
    # Two delegates become organisers at once; a deputy becomes the unit's voter instead of the head.
    changed = set_roles(units_only, preview, [index["Đỗ Minh Dũng"], index["Phạm Văn Hùng"]], Role.ORGANISER)
    changed = set_roles(units_only, changed, [index["Nguyễn Diệu Thuỷ"]], Role.VOTING)
    roles = {r.person.full_name: (r.person.role, r.source) for r in changed.rows}
    assert roles["Đỗ Minh Dũng"] == roles["Phạm Văn Hùng"] == (Role.ORGANISER, RoleSource.CHOSEN)
    assert roles["Nguyễn Diệu Thuỷ"] == (Role.VOTING, RoleSource.CHOSEN)
    assert roles["Phạm Quang Sơn"][0] is Role.DELEGATE  # the inferred voter of Ban Tổ chức gave way
    assert units_only.store.seq == seq  # nothing stored yet
    # A later change of rule keeps what was chosen.
    again = with_voter_rule(units_only, changed, VoterRule.FIRST)
    assert {r.person.full_name: r.person.role for r in again.rows if r.source is RoleSource.CHOSEN} == {
        "Đỗ Minh Dũng": Role.ORGANISER, "Phạm Văn Hùng": Role.ORGANISER, "Nguyễn Diệu Thuỷ": Role.VOTING,
        "Phạm Quang Sơn": Role.DELEGATE}
    commit_roster(units_only, changed)
    assert roles_by_name(units_only)["Nguyễn Diệu Thuỷ"] is Role.VOTING
    assert roles_by_name(units_only)["Phạm Quang Sơn"] is Role.DELEGATE


def test_a_unit_that_only_looks_known_is_a_suggestion(units_only: Conference, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    for row in (["Họ và tên", "Chức vụ", "Đơn vị"], ["Lê Văn An", "Trưởng ban", "Ban Tuyên gio Tỉnh uỷ"],
                ["Trần Thị Bình", "Chuyên viên", "Ban Tuyên gio Tỉnh uỷ"]):
        book.active.append(row)
    book.save(tmp_path / "typo.xlsx")
    preview = read_roster(tmp_path / "typo.xlsx", units_only)
    line = preview.units[0]
    tuyen_giao = units_only.find_unit("Ban Tuyên giáo Tỉnh uỷ")
    assert tuyen_giao is not None
    assert (line.match, line.unit_id, line.suggestion_id) == (UnitMatch.SUGGESTED, None, tuyen_giao.id)
    assert preview.new_units == ["Ban Tuyên gio Tỉnh uỷ"]  # not merged silently: a new guest body until accepted
    assert {r.person.role for r in preview.rows} == {Role.GUEST}
    accepted = choose_unit(units_only, preview, line.written, tuyen_giao.id)
    assert accepted.units[0].accepted and accepted.new_units == []
    assert [r.person.role for r in accepted.rows] == [Role.VOTING, Role.DELEGATE]
    assert {r.person.unit_id for r in accepted.rows} == {tuyen_giao.id}
    result = commit_roster(units_only, accepted)
    assert (result.added, result.units_added) == (2, 0)


def test_a_unit_with_a_voting_delegate_stored_keeps_him(units_only: Conference, tmp_path: Path) -> None:
    bao = units_only.find_unit("Báo Bắc Ninh")
    assert bao is not None
    units_only.add_attendee(Attendee(full_name="Ngô Minh Khánh", unit_id=bao.id, title="Tổng Biên tập",
                                     role=Role.VOTING))
    book = openpyxl.Workbook()
    for row in (["Họ và tên", "Chức vụ", "Đơn vị"], ["Lê Thu Nga", "Phó Tổng Biên tập", "Báo Bắc Ninh"]):
        book.active.append(row)
    book.save(tmp_path / "more.xlsx")
    preview = read_roster(tmp_path / "more.xlsx", units_only)
    assert [(r.person.role, r.source) for r in preview.rows] == [(Role.DELEGATE, RoleSource.OTHER)]


def test_people_stored_with_wrong_roles_get_a_voter_on_reimport(units_only: Conference) -> None:
    """A roster imported before roles were inferred left everyone a delegate: importing it again fixes that."""
    preview = read_roster(SAMPLES / "roster-office.xlsx", units_only)
    everyone_delegate = set_roles(units_only, preview, range(len(preview.rows)), Role.DELEGATE)
    commit_roster(units_only, everyone_delegate)
    assert units_only.attendance().expected[Role.VOTING] == 0
    again = read_roster(SAMPLES / "roster-office.xlsx", units_only)
    assert sum(1 for r in again.rows if r.person.role is Role.VOTING) == 11
    commit_roster(units_only, again)
    assert units_only.attendance().expected[Role.VOTING] == 11


@pytest.mark.parametrize("written", [
    "Hội đồng Thi đua – Khen thưởng tỉnh", "Hội đồng Thi đua — Khen thưởng tỉnh", "Hội đồng Thi đua-Khen thưởng tỉnh",
    "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG TỈNH", "  Hội đồng  Thi đua -  Khen thưởng tỉnh ", "Hội đồng Thi đua - Khen thưởng",
])
def test_unit_names_match_across_dashes_spacing_case_and_suffix(units_only: Conference, written: str) -> None:
    unit, how = UnitIndex(units_only.units()).match(written)
    assert unit is not None and unit.name == "Hội đồng Thi đua - Khen thưởng tỉnh"
    assert how is (UnitMatch.SUFFIX if written.endswith("thưởng") else UnitMatch.SAME)


def test_unit_keys() -> None:
    assert unit_key("Ban Bảo vệ, chăm sóc sức khỏe cán bộ tỉnh") == unit_key("Ban Bảo vệ chăm sóc sức khoẻ cán bộ tỉnh")
    assert unit_key("Văn phòng Tỉnh ủy") == unit_key("VĂN PHÒNG TỈNH UỶ") == "van phong tinh uy"


@pytest.mark.parametrize(("title", "rank"), [
    ("Chánh Văn phòng", 1), ("Trưởng ban", 1), ("Chủ nhiệm", 1), ("Bí thư Đảng uỷ Khối", 1), ("Hiệu trưởng", 1),
    ("Tổng Biên tập", 1), ("Giám đốc", 1), ("Tỉnh uỷ viên, Trưởng Ban Tổ chức", 1), ("Q. Trưởng ban", 1),
    ("Phó Trưởng ban", 2), ("Phó Chủ nhiệm", 2), ("Phó Bí thư", 2), ("Phó Tổng Biên tập", 2),
    ("Trưởng phòng", 3), ("Chánh Văn phòng Ban", 3), ("Phó Trưởng phòng", 4), ("Phó Chánh Văn phòng Ban", 4),
    ("Chuyên viên", 5), ("Nguyên Chánh Văn phòng", 5), ("", 5), ("Giảng viên chính", 5),
])
def test_title_ranks(title: str, rank: int) -> None:
    assert title_rank(title) == rank
