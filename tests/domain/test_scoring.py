"""Unit reports and scoring: the scoring table, scores, totals and ranking, reports, workbooks, demo data."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from tdkt_tui.domain import i18n, scoring
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.demo import write_demo
from tdkt_tui.domain.errors import TdktError, ValidationError
from tdkt_tui.domain.model import Unit
from tdkt_tui.domain.scoring import Criterion, ItemKind, Report, ScorePreview
from tdkt_tui.sheets import scores as score_sheets

ROOT = Path(__file__).resolve().parents[2]
DEMO_SCORING = json.loads((ROOT / "data" / "demo_scoring.json").read_text(encoding="utf-8"))
D = Decimal


def clear_scoring(conference: Conference) -> None:
    """Empty the three scoring tables (the demo may come with its scoring already loaded)."""
    with conference.store.transaction() as txn:
        for table in (scoring.CRITERIA, scoring.SCORES, scoring.REPORTS):
            for key in list(conference.store.docs(table)):
                txn.remove(table, int(key))


@pytest.fixture
def bloc(demo: Conference) -> Conference:
    """The demo's 11 member units and 2 guest bodies, with no scoring table yet."""
    clear_scoring(demo)
    return demo


@pytest.fixture
def table(bloc: Conference) -> dict[str, Criterion]:
    """A small scoring table: two criteria of 10 points, a bonus of 3, a penalty of 2."""
    items = [
        Criterion("1.1", "Hoàn thành chỉ tiêu", D(10), group="I. Nhiệm vụ chính trị"),
        Criterion("1.2", "Tham mưu đúng tiến độ", D(10), group="I. Nhiệm vụ chính trị"),
        Criterion("C1", "Có sáng kiến được nhân rộng", D(3), group="Điểm thưởng", kind=ItemKind.BONUS),
        Criterion("T1", "Chậm gửi báo cáo", D(2), group="Điểm trừ", kind=ItemKind.PENALTY),
    ]
    return {c.code: scoring.save_criterion(bloc, c) for c in items}


def members(conference: Conference) -> list[Unit]:
    return conference.member_units()


def guest(conference: Conference) -> Unit:
    return next(u for u in conference.units() if not u.is_member)


# -- points --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("", None), ("   ", None), ("9", D(9)), ("9,5", D("9.5")), ("9.5", D("9.5")), ("9.50", D("9.5")),
    (" 10 ", D(10)), (",5", D("0.5")), ("0,25", D("0.25")), ("-1", D(-1)), ("007", D(7)),
])
def test_parse_points_accepts(text: str, expected: Decimal | None) -> None:
    value = scoring.parse_points(text, "verified")
    assert value == expected
    assert value is None or isinstance(value, Decimal)


@pytest.mark.parametrize("text", ["abc", "1e3", "NaN", "nan", "Infinity", "9,555", "1.000", "9,5đ", "--1", "1,2,3",
                                  "9 ,5", "٣", "1/2"])
def test_parse_points_rejects(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        scoring.parse_points(text, "self_score")
    assert caught.value.field == "self_score"


def test_parse_points_messages_are_vietnamese() -> None:
    with pytest.raises(ValidationError) as caught:
        scoring.parse_points("abc", "verified")
    assert str(caught.value) == "“abc” không phải là số điểm; hãy gõ dạng 9 hoặc 9,5."
    with pytest.raises(ValidationError) as caught:
        scoring.parse_points("9,555", "verified")
    assert "quá 2 chữ số thập phân" in str(caught.value)
    assert scoring.format_points(D("9.50")) == "9,5"
    assert scoring.format_points(D("10.00")) == "10"
    i18n.set_language("en")
    assert scoring.format_points(D("9.5")) == "9.5"
    assert str(ValidationError("The criterion code is required.")) == "The criterion code is required."


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parse_points_raises_nothing_but_validation_errors(text: str) -> None:
    try:
        value = scoring.parse_points(text, "verified")
    except ValidationError as exc:
        assert exc.field == "verified"
        assert str(exc)
    else:
        assert value is None or isinstance(value, Decimal)
        assert value is None or (value.is_finite() and value == value.quantize(D("0.01")))


@settings(max_examples=300, deadline=None)
@given(st.decimals(min_value=-999_999, max_value=999_999, places=2, allow_nan=False, allow_infinity=False))
def test_parse_points_round_trips_valid_decimals(value: Decimal) -> None:
    text = format(value, "f")
    assert scoring.parse_points(text, "x") == value
    assert scoring.parse_points(text.replace(".", ","), "x") == value
    assert scoring.parse_points(scoring.format_points(value), "x") == value


# -- the scoring table ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"code": "  "}, "code", "Cần nhập mã tiêu chí."),
    ({"title": ""}, "title", "Cần nhập nội dung tiêu chí."),
    ({"max_points": D(0)}, "max_points", "Điểm tối đa phải lớn hơn 0."),
    ({"max_points": D(-5)}, "max_points", "Điểm tối đa phải lớn hơn 0."),
    ({"max_points": D("1.005")}, "max_points",
     "“1.005” có quá 2 chữ số thập phân; điểm chỉ lấy tối đa 2 chữ số thập phân, ví dụ 9,25."),
    ({"code": "x" * 21}, "code", "Mã quá dài (tối đa 20 ký tự)."),
])
def test_criterion_rules(bloc: Conference, change: dict[str, Any], field: str, message: str) -> None:
    base = Criterion("1.1", "Hoàn thành chỉ tiêu", D(10))
    with pytest.raises(ValidationError) as caught:
        scoring.save_criterion(bloc, Criterion(**{**base.__dict__, **change}))
    assert caught.value.field == field
    assert str(caught.value) == message
    assert scoring.criteria(bloc) == []


def test_criterion_codes_are_unique_folded(bloc: Conference, table: dict[str, Criterion]) -> None:
    for code in ("c1", " C1 ", "1.1.", "1. 1"):
        with pytest.raises(ValidationError) as caught:
            scoring.save_criterion(bloc, Criterion(code, "Trùng mã", D(1)))
        assert caught.value.field == "code"
    assert str(caught.value) == "Đã có tiêu chí mang mã “1.1”."
    assert [c.code for c in scoring.criteria(bloc)] == ["1.1", "1.2", "C1", "T1"]


def test_criterion_add_update_clean_and_order(bloc: Conference, table: dict[str, Criterion]) -> None:
    nfd = unicodedata.normalize("NFD", "Thực hiện cải cách hành chính")
    added = scoring.save_criterion(bloc, Criterion(" 1.3 ", f"  {nfd}\t ", D("7.5"), group="I. Nhiệm vụ"))
    assert added.id is not None and added.code == "1.3" and added.title == "Thực hiện cải cách hành chính"
    assert added.order == 5
    changed = scoring.save_criterion(bloc, Criterion("1.3", "Cải cách hành chính", D(8), order=99, id=added.id))
    assert changed.order == 5  # the order is moved with move_criterion only
    assert scoring.criteria(bloc)[-1] == changed
    with pytest.raises(ValidationError, match="vừa bị xoá"):
        scoring.save_criterion(bloc, Criterion("9", "Không còn", D(1), id=9999))


def test_maximum_cannot_go_below_a_given_score(bloc: Conference, table: dict[str, Criterion]) -> None:
    unit = members(bloc)[1]
    scoring.set_score(bloc, unit.id, table["1.1"].id, self_score="9,5")
    with pytest.raises(ValidationError) as caught:
        scoring.save_criterion(bloc, Criterion("1.1", "Hoàn thành chỉ tiêu", D(9), id=table["1.1"].id))
    assert caught.value.field == "max_points"
    assert str(caught.value) == ("Ban Tuyên giáo Tỉnh uỷ đã được 9,5 điểm ở tiêu chí 1.1, cao hơn điểm tối đa mới 9; "
                                 "hãy sửa điểm đó trước.")
    scoring.save_criterion(bloc, Criterion("1.1", "Hoàn thành chỉ tiêu", D("9.5"), id=table["1.1"].id))


def test_move_and_remove_criterion(bloc: Conference, table: dict[str, Criterion]) -> None:
    scoring.move_criterion(bloc, table["T1"].id, -2)
    assert [c.code for c in scoring.criteria(bloc)] == ["1.1", "T1", "1.2", "C1"]
    scoring.move_criterion(bloc, table["1.1"].id, -5)
    assert [c.code for c in scoring.criteria(bloc)] == ["1.1", "T1", "1.2", "C1"]
    unit = members(bloc)[0]
    scoring.set_score(bloc, unit.id, table["1.2"].id, verified="8")
    scoring.set_score(bloc, unit.id, table["1.1"].id, verified="7")
    scoring.remove_criterion(bloc, table["1.2"].id)
    assert [c.code for c in scoring.criteria(bloc)] == ["1.1", "T1", "C1"]
    assert list(scoring.scores(bloc)) == [(unit.id, table["1.1"].id)]
    assert not any(d["criterion_id"] == table["1.2"].id for d in bloc.store.docs(scoring.SCORES).values())
    scoring.remove_criterion(bloc, 9999)  # gone already: nothing to do


# -- scores --------------------------------------------------------------------------------------------------------


def test_score_rules_name_the_field_and_the_criterion(bloc: Conference, table: dict[str, Criterion]) -> None:
    unit = members(bloc)[0]
    c12 = table["1.2"]
    with pytest.raises(ValidationError) as caught:
        scoring.set_score(bloc, unit.id, c12.id, verified="12")
    assert (caught.value.field, str(caught.value)) == ("verified", "Điểm 12 vượt điểm tối đa 10 của tiêu chí 1.2.")
    with pytest.raises(ValidationError) as caught:
        scoring.set_score(bloc, unit.id, c12.id, self_score="-0,5")
    assert (caught.value.field, str(caught.value)) == (
        "self_score", "Điểm -0,5 của tiêu chí 1.2 là số âm; điểm phải từ 0 trở lên.")
    with pytest.raises(ValidationError) as caught:
        scoring.set_score(bloc, unit.id, table["T1"].id, verified="2,5")  # a penalty deducts 0 up to its maximum
    assert str(caught.value) == "Điểm 2,5 vượt điểm tối đa 2 của tiêu chí T1."
    with pytest.raises(ValidationError) as caught:
        scoring.set_score(bloc, 9999, c12.id, verified="1")
    assert (caught.value.field, str(caught.value)) == ("unit_id", "Không có đơn vị nào mang số hiệu 9999.")
    with pytest.raises(ValidationError) as caught:
        scoring.set_score(bloc, unit.id, 9999, verified="1")
    assert (caught.value.field, str(caught.value)) == ("criterion_id", "Không có tiêu chí nào mang số hiệu 9999.")
    with pytest.raises(ValidationError) as caught:
        scoring.set_score(bloc, guest(bloc).id, c12.id, verified="1")
    assert caught.value.field == "unit_id"
    assert str(caught.value) == ("Hội đồng Thi đua - Khen thưởng tỉnh là cơ quan khách mời; chỉ chấm điểm các đơn vị "
                                 "thành viên.")
    with pytest.raises(ValidationError) as caught:
        scoring.set_score(bloc, unit.id, c12.id, verified="mười")
    assert caught.value.field == "verified"
    assert scoring.scores(bloc) == {}


def test_set_score_changes_only_what_is_given(bloc: Conference, table: dict[str, Criterion]) -> None:
    unit, c11 = members(bloc)[0].id, table["1.1"].id
    assert scoring.set_score(bloc, unit, c11, self_score="9,5") == scoring.Score(unit, c11, D("9.5"))
    scoring.set_score(bloc, unit, c11, verified="9.25", evidence=unicodedata.normalize("NFD", "Báo cáo số 12"))
    assert scoring.scores(bloc)[unit, c11] == scoring.Score(unit, c11, D("9.5"), D("9.25"), "Báo cáo số 12")
    scoring.set_score(bloc, unit, c11, self_score=D(10))
    assert scoring.scores(bloc)[unit, c11] == scoring.Score(unit, c11, D(10), D("9.25"), "Báo cáo số 12")
    scoring.set_score(bloc, unit, c11, verified="")
    assert scoring.scores(bloc)[unit, c11] == scoring.Score(unit, c11, D(10), None, "Báo cáo số 12")
    scoring.set_score(bloc, unit, c11, evidence="")
    assert scoring.scores(bloc)[unit, c11] == scoring.Score(unit, c11, D(10), None, "")
    scoring.set_score(bloc, unit, c11, self_score=None)  # nothing left: the score is gone
    assert scoring.scores(bloc) == {}
    assert bloc.store.docs(scoring.SCORES) == {}
    reopened = Conference.open(bloc.folder, create=False)
    assert scoring.scores(reopened) == {}
    reopened.close()


def test_totals_add_bonus_and_subtract_penalty_in_decimal(bloc: Conference, table: dict[str, Criterion]) -> None:
    unit = members(bloc)[0].id
    entries = (("1.1", "0,1", "0,1"), ("1.2", "0,2", "0,2"), ("C1", "1,5", "1,25"), ("T1", "", "0,75"))
    for code, own, verified in entries:
        scoring.set_score(bloc, unit, table[code].id, self_score=own, verified=verified)
    own, verified = scoring.totals(bloc, unit)
    assert isinstance(own, Decimal) and isinstance(verified, Decimal)
    assert own == D("1.8")  # 0.1 + 0.2 + 1.5, exactly (0.1 + 0.2 is not 0.3 in float)
    assert verified == D("0.8")  # 0.1 + 0.2 + 1.25 − 0.75
    assert str(verified) == "0.8"
    parts = scoring.verified_parts(bloc, unit)
    assert parts == scoring.Parts(criteria=D("0.3"), bonus=D("1.25"), penalty=D("0.75"))
    assert parts.total == verified
    assert scoring.verified_parts(bloc, members(bloc)[1].id) == scoring.Parts(D(0), D(0), D(0))
    assert scoring.totals(bloc, members(bloc)[1].id) == (D(0), D(0))
    reopened = Conference.open(bloc.folder, create=False)
    assert scoring.totals(reopened, unit) == (D("1.8"), D("0.8"))
    reopened.close()


def test_ranking_shares_ranks_and_puts_units_without_scores_last(bloc: Conference,
                                                                table: dict[str, Criterion]) -> None:
    units = members(bloc)
    c11, c12, t1 = table["1.1"].id, table["1.2"].id, table["T1"].id
    for unit, (v11, v12, pen) in zip(units[:4], [("10", "10", ""), ("8", "7,5", ""), ("9", "7", "0,5"),
                                                 ("5", "", "")]):
        scoring.set_score(bloc, unit.id, c11, self_score="10", verified=v11)
        scoring.set_score(bloc, unit.id, c12, verified=v12)
        scoring.set_score(bloc, unit.id, t1, verified=pen)
    scoring.set_score(bloc, units[5].id, c11, self_score="10")  # self-scored only: not ranked yet
    standings = scoring.ranking(bloc)
    assert len(standings) == 11 and all(s.unit.is_member for s in standings)
    top = standings[:4]
    assert [s.unit.id for s in top] == [units[0].id, units[1].id, units[2].id, units[3].id]
    assert [s.rank for s in top] == [1, 2, 2, 4]
    assert [s.tied for s in top] == [False, True, True, False]
    assert [s.verified_total for s in top] == [D(20), D("15.5"), D("15.5"), D(5)]
    assert [s.complete for s in top] == [True, True, True, False]
    rest = standings[4:]
    assert [s.unit.id for s in rest] == [u.id for u in units[4:]]  # in the units' order
    assert all(s.rank == 0 and not s.tied and not s.complete for s in rest)
    assert rest[1].self_total == D(10) and rest[1].verified_total == D(0)


def test_ranking_is_consistent_with_totals(bloc: Conference, table: dict[str, Criterion]) -> None:
    units = [u.id for u in members(bloc)]
    c11, t1 = table["1.1"].id, table["T1"].id
    points = st.one_of(st.none(), st.integers(0, 4).map(Decimal), st.sampled_from([D("2.5"), D("3.75")]))
    penalty = st.one_of(st.none(), st.sampled_from([D(0), D("0.5"), D(2)]))

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.tuples(points, penalty), min_size=len(units), max_size=len(units)))
    def check(rows: list[tuple[Decimal | None, Decimal | None]]) -> None:
        values = [(u, c11, None, v, "") for u, (v, _p) in zip(units, rows)]
        values += [(u, t1, None, p, "") for u, (_v, p) in zip(units, rows)]
        scoring.commit_scores(bloc, ScorePreview(Path("test"), values, [], []))
        standings = scoring.ranking(bloc)
        ranked = [s for s in standings if s.rank]
        assert standings[: len(ranked)] == ranked  # the unranked come last
        expected_ranked = {u for u, (v, p) in zip(units, rows) if v is not None or p is not None}
        assert {s.unit.id for s in ranked} == expected_ranked
        for s in ranked:
            assert s.rank == 1 + sum(o.verified_total > s.verified_total for o in ranked)
            assert s.tied == (sum(o.verified_total == s.verified_total for o in ranked) > 1)
            assert s.verified_total == scoring.totals(bloc, s.unit.id)[1]
            assert s.verified_total == scoring.verified_parts(bloc, s.unit.id).total
        for a in ranked:
            for b in ranked:
                if a.verified_total > b.verified_total:
                    assert a.rank < b.rank
                if a.verified_total == b.verified_total:
                    assert a.rank == b.rank

    check()


# -- reports -------------------------------------------------------------------------------------------------------


def test_reports(bloc: Conference) -> None:
    units = members(bloc)
    assert scoring.reports(bloc) == {} and scoring.reports_received(bloc) == (0, 11)
    saved = scoring.save_report(bloc, Report(
        units[0].id, dt.date(2018, 11, 20), " bao-cao/VPTU 2018.pdf ",
        unicodedata.normalize("NFD", "Hoàn thành vượt 3/8 chỉ tiêu.\n100% cán bộ hoàn thành tốt nhiệm vụ."),
        "Cờ thi đua của Chính phủ"))
    assert saved.file_path == "bao-cao/VPTU 2018.pdf"
    assert unicodedata.is_normalized("NFC", saved.highlights) and "\n" in saved.highlights
    scoring.save_report(bloc, Report(units[1].id, dt.date.today() + dt.timedelta(days=1)))  # a clock a little behind
    scoring.save_report(bloc, Report(units[2].id, None, proposed_award="Bằng khen của Chủ tịch UBND tỉnh"))
    assert scoring.reports(bloc)[units[0].id] == saved
    assert set(scoring.reports(bloc)) == {units[0].id, units[1].id, units[2].id}
    assert scoring.reports_received(bloc) == (2, 11)  # the third is recorded but not received yet
    with pytest.raises(ValidationError) as caught:
        scoring.save_report(bloc, Report(units[3].id, dt.date.today() + dt.timedelta(days=3)))
    assert caught.value.field == "received" and "chưa tới" in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        scoring.save_report(bloc, Report(guest(bloc).id, dt.date(2018, 11, 20)))
    assert caught.value.field == "unit_id" and "cơ quan khách mời" in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        scoring.save_report(bloc, Report(9999, dt.date(2018, 11, 20)))
    assert caught.value.field == "unit_id"
    scoring.save_report(bloc, Report(units[2].id))  # emptied: removed
    assert set(scoring.reports(bloc)) == {units[0].id, units[1].id}
    reopened = Conference.open(bloc.folder, create=False)
    assert scoring.reports(reopened)[units[0].id] == saved
    reopened.close()


# -- workbooks -----------------------------------------------------------------------------------------------------


def write_book(path: Path, sheets: dict[str, list[list[Any]]], merges: dict[str, list[str]] | None = None) -> Path:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for cells in (merges or {}).get(title, []):
            sheet.merge_cells(cells)
    book.save(path)
    return path


def test_workbook_with_errors_names_every_cell_and_stores_nothing(bloc: Conference, table: dict[str, Criterion],
                                                                  tmp_path: Path) -> None:
    header_b = ["TT", "Nội dung tiêu chí", "Điểm tối đa", "Điểm tự chấm", "Điểm thẩm định", "Minh chứng"]
    path = write_book(tmp_path / "diem.xlsx", {
        "BTG": [
            ["BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2018"],  # a title merged across the columns
            [],
            header_b,
            ["I", "Nhiệm vụ chính trị", 20],  # a group heading, no scores
            ["1.1", "Hoàn thành chỉ tiêu", 10, 12, 9, "Báo cáo số 12"],  # D5 over the maximum
            ["1.2", "Tham mưu đúng tiến độ", 10, -1, "chín"],  # D6 negative, E6 not a number
            ["9.9", "Tiêu chí lạ", 5, 5, 4],  # A7 unknown code
            [None, "Tổng cộng", 20, 21, 9],  # a total row: skipped
        ],
        "Sở Xây dựng": [header_b, ["1.1", "Hoàn thành chỉ tiêu", 10, 8, 8]],  # not a unit of the bloc
        "Thẩm định": [
            ["BẢNG TỔNG HỢP ĐIỂM THẨM ĐỊNH"],
            ["STT", "Đơn vị", "1.1", "1.2", "C1", "X9", "Tổng"],
            [None, "Điểm tối đa", 10, 10, 3, None, 23],
            [1, "Văn phòng Tỉnh uỷ", 9, 8.5, 1, None, 18.5],
            [2, "Sở Giao thông vận tải", 5, 5, None, None, 10],  # B5 unknown unit
            [3, "Sở Nội vụ tỉnh Bắc Ninh", 5, 5, None, None, 10],  # B6 a guest body
            [4, "BTC", "chín", 8.125, 4, 1, 13],  # C7 text, D7 three decimals, E7 over max, F3 unknown code
        ],
    }, merges={"BTG": ["A1:F1"], "Thẩm định": ["A1:G1"]})
    preview = score_sheets.read_score_workbook(bloc, path)
    where = {issue.where: issue.reason for issue in preview.issues}
    assert set(where) == {"BTG!D5", "BTG!D6", "BTG!E6", "BTG!A7", "Sở Xây dựng!A1", "Thẩm định!B5",
                          "Thẩm định!B6", "Thẩm định!C7", "Thẩm định!D7", "Thẩm định!E7", "Thẩm định!F2"}
    assert where["BTG!D5"] == "Điểm 12 vượt điểm tối đa 10 của tiêu chí 1.1."
    assert where["BTG!D6"] == "Điểm -1 của tiêu chí 1.2 là số âm; điểm phải từ 0 trở lên."
    assert where["BTG!E6"] == "“chín” không phải là số điểm; hãy gõ dạng 9 hoặc 9,5."
    assert where["BTG!A7"] == "Không có tiêu chí mang mã “9.9”."
    assert where["Thẩm định!F2"] == "Không có tiêu chí mang mã “X9”."
    assert where["Thẩm định!B5"] == "“Sở Giao thông vận tải” không phải là đơn vị thành viên của Khối."
    assert "cơ quan khách mời" in where["Thẩm định!B6"]
    assert "Sở Xây dựng" in where["Sở Xây dựng!A1"]
    assert "quá 2 chữ số thập phân" in where["Thẩm định!D7"]
    assert where["Thẩm định!E7"] == "Điểm 4 vượt điểm tối đa 3 của tiêu chí C1."
    assert preview.sheets == ["BTG", "Sở Xây dựng", "Thẩm định"]
    with pytest.raises(TdktError, match="11 lỗi"):
        scoring.commit_scores(bloc, preview)
    assert scoring.scores(bloc) == {}


def test_clean_workbooks_commit_in_both_layouts(bloc: Conference, table: dict[str, Criterion],
                                                tmp_path: Path) -> None:
    units = members(bloc)
    c11, c12, c1, t1 = (table[c].id for c in ("1.1", "1.2", "C1", "T1"))
    scoring.set_score(bloc, units[0].id, c11, self_score="10", evidence="đã có")  # kept: the file has no self column
    path = write_book(tmp_path / "diem.xlsx", {
        "Tổng hợp thẩm định": [
            ["Khối thi đua các Ban cơ quan của Đảng tỉnh Bắc Ninh"],
            ["BẢNG TỔNG HỢP KẾT QUẢ THẨM ĐỊNH"],
            ["STT", "Đơn vị", "1.1 (10 điểm)", "1.2 (10 điểm)", "Tổng"],
            ["(1)", "(2)", "(3)", "(4)", "(5)"],  # the columns' numbers
            [1, "Văn phòng Tỉnh uỷ", 9.5, "8,75", 18.25],
            [2, "ban tuyen giao tinh uy", 9, 8, 17],  # folded match
            [3, "Uỷ ban Kiểm tra Tỉnh uỷ"],  # nothing given
        ],
        "Tự chấm": [["Đơn vị", "1.1", "1.2"], ["BTC", 10, 9]],  # a units × criteria sheet of self scores
        "ĐUKCCQ": [
            ["Đơn vị: Đảng uỷ Khối các cơ quan tỉnh"],
            ["Mã", "Tiêu chí", "Điểm", None, "Ghi chú"],  # a two-row header with merged cells
            [None, None, "Tự chấm", "Thẩm định", None],
            ["1.1", "Hoàn thành chỉ tiêu", 10, 9, "Báo cáo tổng kết"],
            ["c1", "Có sáng kiến", 2, 1.5],
            ["T1", "Chậm gửi báo cáo", None, 1, "Gửi chậm 3 ngày"],
        ],
        "Báo BN": [  # the sheet name does not match: the line "Đơn vị:" does
            ["Đơn vị: Báo Bắc Ninh"], [],
            ["STT", "Nội dung", "Tự chấm", "Thẩm định"],
            [1, "Hoàn thành chỉ tiêu", 8, 7],  # found by its title (the STT is a row number)
            [2, "Tham mưu đúng tiến độ", 6, 6],
        ],
        "Hướng dẫn": [["Điền điểm vào các trang tính của từng đơn vị."]],  # not a table: ignored
    }, merges={"ĐUKCCQ": ["A2:A3", "B2:B3", "C2:D2", "E2:E3"]})
    preview = score_sheets.read_score_workbook(bloc, path)
    assert preview.issues == []
    assert preview.sheets == ["Tổng hợp thẩm định", "Tự chấm", "ĐUKCCQ", "Báo BN"]
    assert len(preview.values) == 11
    assert scoring.scores(bloc) == {(units[0].id, c11): scoring.Score(units[0].id, c11, D(10), None, "đã có")}
    assert scoring.commit_scores(bloc, preview) == 11
    stored = scoring.scores(bloc)
    vptu, btg, btc, dukccq, bbn = units[0].id, units[1].id, units[2].id, units[6].id, units[9].id
    assert stored[vptu, c11] == scoring.Score(vptu, c11, D(10), D("9.5"), "đã có")
    assert stored[vptu, c12] == scoring.Score(vptu, c12, None, D("8.75"))
    assert stored[btg, c11].verified == D(9)
    assert stored[btc, c12] == scoring.Score(btc, c12, D(9), None)
    assert stored[dukccq, c11] == scoring.Score(dukccq, c11, D(10), D(9), "Báo cáo tổng kết")
    assert stored[dukccq, c1] == scoring.Score(dukccq, c1, D(2), D("1.5"))
    assert stored[dukccq, t1] == scoring.Score(dukccq, t1, None, D(1), "Gửi chậm 3 ngày")
    assert stored[bbn, c12] == scoring.Score(bbn, c12, D(6), D(6))
    assert scoring.totals(bloc, dukccq) == (D(12), D("9.5"))
    assert (units[3].id, c11) not in stored


def test_self_and_verified_side_by_side(bloc: Conference, table: dict[str, Criterion], tmp_path: Path) -> None:
    path = write_book(tmp_path / "diem.xlsx", {
        "Bảng điểm": [
            ["BẢNG TỔNG HỢP ĐIỂM TỰ CHẤM VÀ THẨM ĐỊNH NĂM 2018"],
            ["Đơn vị", "Điểm tự chấm", None, "Điểm thẩm định", None],
            [None, "1.1", "1.2", "1.1", "1.2"],
            ["VPTU", 10, 9.5, 9, 9],
            ["BTG", 10, 10, 12, 10],  # D5 over the maximum
        ],
    }, merges={"Bảng điểm": ["A1:E1", "A2:A3", "B2:C2", "D2:E2"]})
    preview = score_sheets.read_score_workbook(bloc, path)
    assert [(i.where, i.reason) for i in preview.issues] == [
        ("Bảng điểm!D5", "Điểm 12 vượt điểm tối đa 10 của tiêu chí 1.1.")]
    vptu = members(bloc)[0].id
    assert [v for v in preview.values if v[0] == vptu] == [
        (vptu, table["1.1"].id, D(10), D(9), ""), (vptu, table["1.2"].id, D("9.5"), D(9), "")]


def test_the_same_score_twice_must_agree(bloc: Conference, table: dict[str, Criterion], tmp_path: Path) -> None:
    path = write_book(tmp_path / "diem.xlsx", {
        "Tổng hợp": [["Đơn vị", "1.1", "1.2"], ["VPTU", 9, 8]],
        "VPTU": [["Mã", "Tự chấm", "Thẩm định"], ["1.1", 10, 9], ["1.2", 9, 7], ["1.2", 9, 7]],
    })
    preview = score_sheets.read_score_workbook(bloc, path)
    assert [(i.where, i.reason) for i in preview.issues] == [
        ("VPTU!C3", "Giá trị này khác với giá trị ở ô Tổng hợp!C2 của cùng đơn vị và tiêu chí."),
        ("VPTU!A4", "Tiêu chí 1.2 xuất hiện hai lần trong trang tính này; lần đầu ở dòng 3."),
    ]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_export_then_import_gives_back_the_same_scores(bloc: Conference, tmp_path: Path, lang: str) -> None:
    i18n.set_language(lang)
    scoring.load_scoring(bloc, DEMO_SCORING)
    before = scoring.scores(bloc)
    path = score_sheets.write_score_workbook(bloc)
    assert path.parent == bloc.folder / "exports" and path.name.startswith("bang-diem-") and path.suffix == ".xlsx"
    book = load_workbook(path)
    summary = book.worksheets[0]
    assert summary.title == ("Tổng hợp" if lang == "vi" else "Summary")
    assert len(book.worksheets) == 12
    other = write_demo(tmp_path / "other")
    clear_scoring(other)
    scoring.load_scoring(other, {"criteria": DEMO_SCORING["criteria"]})
    preview = score_sheets.read_score_workbook(other, path)
    assert preview.issues == []
    assert len(preview.sheets) == 12
    assert scoring.commit_scores(other, preview) == len(before)

    def by_name(conference: Conference) -> dict[tuple[str, str], tuple[Any, ...]]:
        names = conference.unit_names()
        codes = {c.id: c.code for c in scoring.criteria(conference)}
        return {(names[u], codes[c]): (s.self_score, s.verified, s.evidence)
                for (u, c), s in scoring.scores(conference).items()}

    assert by_name(other) == by_name(bloc)
    assert [(s.unit.name, s.rank, s.verified_total) for s in scoring.ranking(other)] == [
        (s.unit.name, s.rank, s.verified_total) for s in scoring.ranking(bloc)]
    again = score_sheets.read_score_workbook(bloc, path)  # into the conference it came from: nothing changes
    assert again.issues == [] and scoring.commit_scores(bloc, again) == len(before)
    assert scoring.scores(bloc) == before
    other.close()


def test_summary_sheet_holds_verified_totals_and_ranks(bloc: Conference) -> None:
    scoring.load_scoring(bloc, DEMO_SCORING)
    sheet = load_workbook(score_sheets.write_score_workbook(bloc)).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(r for r in rows if r[:2] == ["STT", "Đơn vị"])
    assert header[-2:] == ["Tổng điểm", "Xếp hạng"]
    first = rows[rows.index(header) + 2]
    assert first[1] == "Ban Nội chính Tỉnh uỷ" and first[-2:] == [99.5, 1]
    body = rows[rows.index(header) + 2:]
    assert [r[-1] for r in body[:11]] == [1, 2, 3, 4, 5, 6, 7, 8, 8, 10, 10]
    assert body[-1][1] == "Các mục điểm trừ (T1) được trừ vào tổng điểm."


@pytest.mark.parametrize(("name", "content"), [
    ("diem.xlsx", b"this is not a workbook"),
    ("diem.csv", "Đơn vị,1.1\nVPTU,9\n".encode()),
    ("diem.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100),
    ("diem.xlsx", b""),
    ("diem.xlsx", None),  # a zip that is not a workbook
    ("missing.xlsx", "missing"),
    ("folder.xlsx", "folder"),
])
def test_junk_files_are_refused_naming_the_file(bloc: Conference, table: dict[str, Criterion], tmp_path: Path,
                                                name: str, content: Any) -> None:
    path = tmp_path / name
    if content is None:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("word/document.xml", "<w:document/>")
    elif content == "folder":
        path.mkdir()
    elif content != "missing":
        path.write_bytes(content)
    with pytest.raises(TdktError) as caught:
        score_sheets.read_score_workbook(bloc, path)
    assert str(path) in str(caught.value)
    assert scoring.scores(bloc) == {}


def test_a_workbook_without_a_scoring_table(bloc: Conference, table: dict[str, Criterion], tmp_path: Path) -> None:
    path = write_book(tmp_path / "roster.xlsx", {"Danh sách": [["Họ và tên", "Đơn vị"], ["Lê Văn A", "VPTU"]]})
    with pytest.raises(TdktError, match="Không tìm thấy bảng điểm"):
        score_sheets.read_score_workbook(bloc, path)
    clear_scoring(bloc)
    with pytest.raises(TdktError, match="chưa có tiêu chí"):
        score_sheets.read_score_workbook(bloc, path)


# -- the demo ------------------------------------------------------------------------------------------------------


def test_demo_scoring_data(bloc: Conference) -> None:
    names = [u["name"] for u in json.loads((ROOT / "data" / "demo.json").read_text(encoding="utf-8"))["units"]]
    assert {s["unit"] for s in DEMO_SCORING["scores"]} <= set(names)
    assert {r["unit"] for r in DEMO_SCORING["reports"]} <= set(names)
    scoring.load_scoring(bloc, DEMO_SCORING)
    items = scoring.criteria(bloc)
    main = [c for c in items if c.kind is ItemKind.CRITERION]
    assert sum(c.max_points for c in main) == 100 and len({c.group for c in main}) == 4
    assert [c.kind for c in items].count(ItemKind.BONUS) == 2
    assert [c.kind for c in items].count(ItemKind.PENALTY) == 1
    standings = scoring.ranking(bloc)
    assert len(standings) == 11 and all(s.rank and s.complete for s in standings)
    assert [s.rank for s in standings] == [1, 2, 3, 4, 5, 6, 7, 8, 8, 10, 10]
    assert standings[0].unit.name == "Ban Nội chính Tỉnh uỷ"  # the leading unit of the year
    assert all(s.verified_total <= s.self_total for s in standings)
    assert scoring.reports_received(bloc) == (9, 11)
    awards = [r.proposed_award for r in scoring.reports(bloc).values()]
    assert (awards.count("Cờ thi đua của Chính phủ"), awards.count("Cờ thi đua của UBND tỉnh"),
            awards.count("Bằng khen của Chủ tịch UBND tỉnh")) == (1, 2, 4)
    before = (scoring.criteria(bloc), scoring.scores(bloc), scoring.reports(bloc))
    scoring.load_scoring(bloc, DEMO_SCORING)  # loading again changes nothing
    assert (scoring.criteria(bloc), scoring.scores(bloc), scoring.reports(bloc)) == before


def test_load_scoring_is_all_or_nothing(bloc: Conference) -> None:
    broken = json.loads(json.dumps(DEMO_SCORING))
    broken["scores"][-1]["verified"]["1.1"] = "25"
    with pytest.raises(ValidationError, match="vượt điểm tối đa 20 của tiêu chí 1.1"):
        scoring.load_scoring(bloc, broken)
    broken = json.loads(json.dumps(DEMO_SCORING))
    broken["reports"][0]["unit"] = "Sở Nội vụ tỉnh Bắc Ninh"
    with pytest.raises(ValidationError, match="không phải là đơn vị thành viên"):
        scoring.load_scoring(bloc, broken)
    assert scoring.criteria(bloc) == [] and scoring.scores(bloc) == {} and scoring.reports(bloc) == {}
