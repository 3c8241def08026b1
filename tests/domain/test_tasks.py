"""Priority tasks and targets: the rules, overdue and results, filters, the summary the minutes quote,
carrying over from an earlier conference, the workbook and the table of ``tdkt tasks``."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tdkt_tui.domain import i18n
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.demo import write_demo
from tdkt_tui.domain.errors import StoreError, ValidationError
from tdkt_tui.domain.locations import shipped_data
from tdkt_tui.domain.model import ConferenceKind, Unit, UnitKind
from tdkt_tui.domain.tasks import (
    TASKS,
    Period,
    Status,
    Summary,
    TargetResult,
    Task,
    TaskKind,
    carry_over,
    effective_status,
    filter_tasks,
    format_amount,
    load_tasks,
    parse_amount,
    parse_deadline,
    parse_progress,
    remove_task,
    save_task,
    summary,
    target_result,
    tasks,
    tasks_table,
)
from tdkt_tui.domain.text import format_date
from tdkt_tui.sheets.tasks import write_tasks_workbook

CONFERENCE_DAY = dt.date(2018, 12, 3)
RAW = json.loads((shipped_data() / "demo_tasks.json").read_text(encoding="utf-8"))


def with_demo_tasks(conference: Conference) -> Conference:
    """The demo conference with the tasks of data/demo_tasks.json, loaded once (write_demo may already do it)."""
    if not tasks(conference):
        load_tasks(conference, RAW)
    return conference


def without_tasks(conference: Conference) -> Conference:
    """The conference with no task at all (write_demo may load the demo's), cleared in one transaction."""
    with conference.store.transaction() as txn:
        for key in list(conference.store.docs(TASKS)):
            txn.remove(TASKS, int(key))
    return conference


@pytest.fixture
def bloc(demo: Conference) -> Conference:
    return with_demo_tasks(demo)


@pytest.fixture
def blank(demo: Conference) -> Conference:
    return without_tasks(demo)


def unit_id(conference: Conference, short_name: str) -> int:
    unit = conference.find_unit(short_name)
    assert unit is not None and unit.id is not None
    return unit.id


def refused(conference: Conference, task: Task, field: str) -> ValidationError:
    """Saving ``task`` is refused naming ``field``, and nothing is written."""
    before, seq = dict(conference.store.docs(TASKS)), conference.store.seq
    with pytest.raises(ValidationError) as caught:
        save_task(conference, task, today=CONFERENCE_DAY)
    assert caught.value.field == field
    assert str(caught.value)  # a sentence in the interface language
    assert conference.store.seq == seq and dict(conference.store.docs(TASKS)) == before
    return caught.value


# -- the rules -------------------------------------------------------------------------------------------------


def test_a_task_is_saved_cleaned_with_the_conference_year(blank: Conference) -> None:
    owner = unit_id(blank, "BTG")
    saved = save_task(blank, Task(title="  Tuyên truyền  Đại hội   ", owner_unit_ids=(owner, owner),
                                 deadline=dt.date(2018, 12, 31)), today=CONFERENCE_DAY)
    assert saved.id is not None and saved.year == 2018 and saved.title == "Tuyên truyền Đại hội"
    assert saved.owner_unit_ids == (owner,)
    reopened = Conference.open(blank.folder, create=False)
    try:
        assert tasks(reopened) == [saved]
    finally:
        reopened.close()
    updated = save_task(blank, replace(saved, status=Status.IN_PROGRESS, progress=40), today=CONFERENCE_DAY)
    assert tasks(blank) == [updated] and updated.progress == 40


def test_title_is_required(blank: Conference) -> None:
    refused(blank, Task(title="   "), "title")
    refused(blank, Task(title="x" * 501), "title")


def test_progress_is_0_to_100_and_done_forces_100(blank: Conference) -> None:
    refused(blank, Task(title="A", progress=101), "progress")
    refused(blank, Task(title="A", progress=-1), "progress")
    refused(blank, Task(title="A", progress="1000"), "progress")  # type: ignore[arg-type]
    assert save_task(blank, Task(title="A", status=Status.DONE, progress=30)).progress == 100
    still = save_task(blank, Task(title="B", status=Status.IN_PROGRESS, progress=100))
    assert still.status is Status.IN_PROGRESS and still.progress == 100
    assert save_task(blank, Task(title="C", progress=" 75 % ")).progress == 75  # type: ignore[arg-type]


def test_overdue_is_never_stored(blank: Conference) -> None:
    refused(blank, Task(title="A", status=Status.OVERDUE), "status")


def test_deadline_before_the_period_is_refused(blank: Conference) -> None:
    error = refused(blank, Task(title="A", period=Period.SECOND_HALF, deadline=dt.date(2018, 3, 1)), "deadline")
    assert str(error) == "Thời hạn 01/03/2018 sớm hơn ngày bắt đầu của kỳ 6 tháng cuối năm 2018 (01/07/2018)."
    refused(blank, Task(title="A", year=2019, deadline=dt.date(2018, 12, 31)), "deadline")
    assert save_task(blank, Task(title="A", period=Period.SECOND_HALF, deadline=dt.date(2018, 7, 1))).id
    assert save_task(blank, Task(title="B", period=Period.FIRST_HALF, deadline="30/06/2018")).deadline == \
        dt.date(2018, 6, 30)  # type: ignore[arg-type]


def test_impossible_dates_are_refused(blank: Conference) -> None:
    for text in ("31/02/2018", "29/02/2019", "32/01/2018", "12/13/2018", "3 tháng 12", "2018"):
        with pytest.raises(ValidationError) as caught:
            parse_deadline(text)
        assert caught.value.field == "deadline"
    refused(blank, Task(title="A", deadline="31/02/2018"), "deadline")  # type: ignore[arg-type]
    assert parse_deadline("29/02/2020") == dt.date(2020, 2, 29)
    assert parse_deadline("  ") is None


def test_planned_and_actual_only_for_targets(blank: Conference) -> None:
    refused(blank, Task(title="A", planned=Decimal(5)), "planned")
    refused(blank, Task(title="A", actual=Decimal(5)), "actual")
    refused(blank, Task(title="A", kind=TaskKind.TARGET), "planned")
    refused(blank, Task(title="A", kind=TaskKind.TARGET, actual=Decimal(3)), "planned")
    refused(blank, Task(title="A", kind=TaskKind.TARGET, planned="1,2,3"), "planned")  # type: ignore[arg-type]
    refused(blank, Task(title="A", kind=TaskKind.TARGET, planned=Decimal("NaN")), "planned")
    refused(blank, Task(title="A", kind=TaskKind.TARGET, planned=Decimal(1), actual="abc"), "actual")  # type: ignore
    target = save_task(blank, Task(title="Kết nạp đảng viên", kind=TaskKind.TARGET, measure_unit="đảng viên",
                                  planned="1.200", actual=Decimal("1250.5")))  # type: ignore[arg-type]
    assert target.planned == Decimal(1200) and target.actual == Decimal("1250.5")
    assert tasks(blank)[0].planned == Decimal(1200)
    task = save_task(blank, Task(title="B", measure_unit="lượt"))
    assert task.measure_unit == ""  # a task has no unit of measure


def test_owners_must_be_member_units(blank: Conference) -> None:
    guest = next(u for u in blank.units() if u.kind is UnitKind.GUEST)
    error = refused(blank, Task(title="A", owner_unit_ids=(guest.id,)), "owners")  # type: ignore[arg-type]
    assert guest.name in str(error)
    refused(blank, Task(title="A", owner_unit_ids=(9999,)), "owners")
    refused(blank, Task(title="A", owner_unit_ids=(unit_id(blank, "BTG"), 9999)), "owners")


def test_a_task_removed_meanwhile_is_not_brought_back(blank: Conference) -> None:
    saved = save_task(blank, Task(title="A"))
    assert saved.id is not None
    remove_task(blank, saved.id)
    remove_task(blank, saved.id)  # already gone: nothing happens
    refused(blank, replace(saved, title="B"), "title")
    assert tasks(blank) == []


def test_load_tasks_is_all_or_nothing(blank: Conference) -> None:
    before = dict(blank.store.docs(TASKS))
    bad = [*RAW[:3], {**RAW[3], "owners": ["Sở Nội vụ tỉnh Bắc Ninh"]}]  # a guest body, not a member unit
    with pytest.raises(ValidationError) as caught:
        load_tasks(blank, bad)
    assert caught.value.field == "owners" and "Mục 4" in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        load_tasks(blank, [{**RAW[0], "deadline": "31/06/2018"}])
    assert caught.value.field == "deadline"
    assert dict(blank.store.docs(TASKS)) == before


# -- overdue and results ---------------------------------------------------------------------------------------


def test_overdue_comes_from_the_deadline_and_the_day() -> None:
    task = Task(title="A", status=Status.IN_PROGRESS, deadline=dt.date(2018, 11, 30))
    assert effective_status(task, dt.date(2018, 11, 30)) is Status.IN_PROGRESS  # due today is not late yet
    assert effective_status(task, dt.date(2018, 12, 1)) is Status.OVERDUE
    assert effective_status(replace(task, status=Status.NOT_STARTED), CONFERENCE_DAY) is Status.OVERDUE
    assert effective_status(replace(task, status=Status.DONE), CONFERENCE_DAY) is Status.DONE
    assert effective_status(replace(task, deadline=None), CONFERENCE_DAY) is Status.IN_PROGRESS


def test_target_results_both_ways() -> None:
    more = Task(title="Kết nạp đảng viên", kind=TaskKind.TARGET, planned=Decimal(250))
    assert target_result(more) is TargetResult.PENDING
    assert target_result(replace(more, actual=Decimal(268))) is TargetResult.EXCEEDED
    assert target_result(replace(more, actual=Decimal("250.0"))) is TargetResult.MET
    assert target_result(replace(more, actual=Decimal("249.99"))) is TargetResult.NOT_MET
    fewer = Task(title="Số vụ vi phạm", kind=TaskKind.TARGET, planned=Decimal(0), higher_is_better=False)
    assert target_result(replace(fewer, actual=Decimal(0))) is TargetResult.MET
    assert target_result(replace(fewer, actual=Decimal(2))) is TargetResult.NOT_MET
    assert target_result(replace(fewer, planned=Decimal(1), actual=Decimal("0.6"))) is TargetResult.EXCEEDED
    assert target_result(Task(title="A")) is TargetResult.PENDING
    # Decimal, not float: 0.1 + 0.2 is exactly 0.3
    exact = Task(title="A", kind=TaskKind.TARGET, planned=Decimal("0.3"), actual=Decimal("0.1") + Decimal("0.2"))
    assert target_result(exact) is TargetResult.MET


# -- filters and the summary -----------------------------------------------------------------------------------


def test_filters_by_unit_status_kind_and_period(bloc: Conference) -> None:
    assert len(tasks(bloc)) == 24
    assert len(filter_tasks(bloc)) == 24  # no unit: bloc-wide tasks included
    btg = unit_id(bloc, "BTG")
    mine = filter_tasks(bloc, unit_id=btg)
    assert mine and all(btg in t.owner_unit_ids for t in mine) and not any(t.bloc_wide for t in mine)
    assert {t.title for t in mine} >= {"Tổ chức hội thi tìm hiểu lịch sử Đảng bộ tỉnh trong cán bộ, đảng viên"}
    overdue = filter_tasks(bloc, status=Status.OVERDUE, today=CONFERENCE_DAY)
    assert sorted(format_date(t.deadline) for t in overdue) == ["15/11/2018", "30/11/2018"]
    assert filter_tasks(bloc, status=Status.OVERDUE, today=dt.date(2018, 11, 1)) == []
    assert filter_tasks(bloc, unit_id=unit_id(bloc, "BTC"), status=Status.OVERDUE, today=CONFERENCE_DAY) == \
        [t for t in overdue if t.title.startswith("Thực hiện Nghị quyết số 18")]
    assert len(filter_tasks(bloc, kind=TaskKind.TARGET)) == 8
    assert len(filter_tasks(bloc, kind=TaskKind.TASK, period=Period.SECOND_HALF)) == 6
    assert len(filter_tasks(bloc, status=Status.NOT_STARTED, today=CONFERENCE_DAY)) == 1


def test_summary_of_the_demo_at_the_conference(bloc: Conference) -> None:
    figures = summary(bloc, today=CONFERENCE_DAY)
    assert figures == Summary(
        tasks_total=16, tasks_done=11, tasks_overdue=2, targets_total=8, targets_exceeded=3, targets_met=3,
        targets_not_met=2, lines=figures.lines,
    )
    assert figures.lines == [
        "10 nhiệm vụ trọng tâm năm 2018",
        "6 nhiệm vụ trọng tâm 6 tháng cuối năm",
        "11/16 nhiệm vụ trọng tâm đã hoàn thành",
        "2 nhiệm vụ quá hạn",
        "3/8 chỉ tiêu hoàn thành vượt",
        "3/8 chỉ tiêu hoàn thành",
        "2/8 chỉ tiêu không hoàn thành",
    ]
    assert "3/8 chỉ tiêu hoàn thành vượt" in figures.lines
    assert summary(bloc, today=dt.date(2018, 11, 1)).tasks_overdue == 0
    second_half = summary(bloc, period=Period.SECOND_HALF, today=CONFERENCE_DAY)
    assert (second_half.tasks_total, second_half.targets_total) == (6, 0)
    one_unit = summary(bloc, unit_id=unit_id(bloc, "UBKT"), today=CONFERENCE_DAY)
    assert (one_unit.tasks_total, one_unit.targets_total, one_unit.targets_not_met) == (1, 1, 1)
    empty = summary(bloc, year=2019)
    assert empty.tasks_total == empty.targets_total == 0 and empty.lines == [
        "Chưa có nhiệm vụ trọng tâm hay chỉ tiêu nào của năm 2019."]
    i18n.set_language("en")
    assert "Targets exceeded: 3/8" in summary(bloc, today=CONFERENCE_DAY).lines


def test_tasks_of_next_year_stay_out_of_this_years_summary(bloc: Conference) -> None:
    save_task(bloc, Task(title="Nhiệm vụ năm 2019", year=2019))
    assert summary(bloc, today=CONFERENCE_DAY).tasks_total == 16
    assert summary(bloc, year=2019, today=CONFERENCE_DAY).lines[0] == "1 nhiệm vụ trọng tâm năm 2019"


# -- carrying over ---------------------------------------------------------------------------------------------


def test_carry_over_into_the_next_conference(tmp_path: Path) -> None:
    old = with_demo_tasks(write_demo(tmp_path / "2018"))
    new = write_demo(tmp_path / "2019")
    try:
        new.save_info(replace(new.info(), kind=ConferenceKind.COVENANT, year=2019, date=dt.date(2019, 1, 15)))
        without_tasks(new)  # only the carried tasks in the new folder
        # A unit renamed away in the new bloc: its tasks lose it and say so.
        ubkt = new.find_unit("UBKT")
        assert ubkt is not None
        new.update_unit(replace(ubkt, name="Uỷ ban Kiểm tra (mới)", short_name="UBKTM"))
        old_undone = [t for t in tasks(old) if t.status is not Status.DONE]
        old_seq = old.store.seq
        old.close()

        assert carry_over(tmp_path / "2018", new, today=CONFERENCE_DAY) == len(old_undone) == 7
        carried = tasks(new)
        assert {t.title for t in carried} == {t.title for t in old_undone}
        assert all(t.year == 2019 and t.period is Period.YEAR and t.id for t in carried)
        assert {t.carried_from for t in carried} == {"Tổng kết năm, bình xét thi đua 2018"}
        by_title = {t.title: t for t in carried}
        reform = by_title["Cải cách hành chính, ứng dụng công nghệ thông tin trong hoạt động của cơ quan"]
        assert reform.progress == 80 and reform.status is Status.IN_PROGRESS
        assert reform.owner_unit_ids == (unit_id(new, "VPTU"),)
        assert reform.deadline is None and "Thời hạn trước đây: 30/11/2018" in reform.notes
        checks = by_title["Tỷ lệ cán bộ diện Ban Thường vụ Tỉnh uỷ quản lý được khám sức khoẻ định kỳ"]
        assert checks.kind is TaskKind.TARGET and checks.planned == 100 and checks.actual is None
        assert "Kết quả năm 2018: 96,5 %" in checks.notes
        inspections = by_title["Cuộc kiểm tra, giám sát chuyên đề"]
        assert inspections.bloc_wide and "Uỷ ban Kiểm tra Tỉnh uỷ" in inspections.notes

        # Running it again copies nothing; the folder of the old conference is unchanged.
        assert carry_over(tmp_path / "2018", new, today=CONFERENCE_DAY) == 0
        assert len(tasks(new)) == 7
        reopened = Conference.open(tmp_path / "2018", create=False)
        assert reopened.store.seq == old_seq
        reopened.close()
    finally:
        new.close()


def test_carry_over_drops_unknown_owners_and_keeps_the_task(tmp_path: Path) -> None:
    old = write_demo(tmp_path / "old")
    new = write_demo(tmp_path / "new")
    try:
        without_tasks(old), without_tasks(new)
        gone = old.add_unit(Unit(name="Ban Kinh tế Tỉnh uỷ", short_name="BKT"))
        old.save_info(replace(old.info(), kind=ConferenceKind.COVENANT))
        save_task(old, Task(title="Nghiên cứu đề án kinh tế", owner_unit_ids=(gone.id,),  # type: ignore[arg-type]
                            status=Status.IN_PROGRESS, progress=30, deadline=dt.date(2018, 10, 1)))
        save_task(old, Task(title="Phối hợp tuyên truyền", owner_unit_ids=(gone.id, unit_id(old, "BTG"))))
        save_task(old, Task(title="Đã xong", status=Status.DONE))
        new.save_info(replace(new.info(), kind=ConferenceKind.MIDYEAR))
        old.close()
        assert carry_over(tmp_path / "old", new) == 2
        lone, shared = sorted(tasks(new), key=lambda t: t.title)
        assert lone.bloc_wide and "Ban Kinh tế Tỉnh uỷ" in lone.notes and lone.progress == 30
        assert lone.period is Period.SECOND_HALF and lone.deadline == dt.date(2018, 10, 1)
        assert lone.carried_from == "Ký giao ước thi đua 2018"
        assert shared.owner_unit_ids == (unit_id(new, "BTG"),) and "Ban Kinh tế Tỉnh uỷ" in shared.notes
        i18n.set_language("en")  # a second run in English still finds the first run's copies
        assert carry_over(tmp_path / "old", new, period=Period.SECOND_HALF) == 0
        with pytest.raises(ValidationError):
            carry_over(new.folder, new)
        with pytest.raises(StoreError):
            carry_over(tmp_path / "nowhere", new)
        assert not (tmp_path / "nowhere").exists()
    finally:
        new.close()


# -- the workbook and the table --------------------------------------------------------------------------------


def test_workbook_has_tasks_and_targets_with_overdue_in_red(bloc: Conference) -> None:
    from openpyxl import load_workbook

    path = write_tasks_workbook(bloc, today=CONFERENCE_DAY)
    assert path.parent == bloc.folder / "exports" and path.name.startswith("nhiem-vu-") and path.suffix == ".xlsx"
    book = load_workbook(path)
    assert book.sheetnames == ["Nhiệm vụ", "Chỉ tiêu"]

    def rows(name: str) -> tuple[list[str], list[list[object]], list[str], list[bool]]:
        sheet = book[name]
        values = [list(r) for r in sheet.iter_rows(values_only=True)]
        header = next(i for i, r in enumerate(values) if r[0] == "STT")
        block = [r[0] for r in values[:header] if r[0]]
        body = values[header + 1:]
        red = [sheet.cell(row=header + 2 + i, column=1).fill.fgColor.rgb.endswith("FFC7CE") for i in range(len(body))]
        return values[header], body, block, red

    header, body, block, red = rows("Nhiệm vụ")
    assert header[:3] == ["STT", "Nội dung", "Đơn vị phụ trách"]
    assert len(body) == 16 and [r[0] for r in body] == list(range(1, 17))
    assert "3/8 chỉ tiêu hoàn thành vượt" in block and "2 nhiệm vụ quá hạn" in block
    overdue_rows = [r for r, is_red in zip(body, red) if is_red]
    assert len(overdue_rows) == 2 and all(r[5] == "Quá hạn" for r in overdue_rows)
    assert all(r[5] != "Quá hạn" for r, is_red in zip(body, red) if not is_red)
    header, body, block, red = rows("Chỉ tiêu")
    assert len(body) == 8 and not any(red)
    results = [r[header.index("Kết quả")] for r in body]
    assert results.count("Hoàn thành vượt") == 3 and results.count("Hoàn thành") == 3
    thousands = next(r for r in body if r[4] == "lượt")
    assert thousands[5] == 2500 and thousands[6] == 2500


def test_tasks_table_rows_then_the_summary(bloc: Conference) -> None:
    from tabulate import tabulate

    headers, rows = tasks_table(bloc, today=CONFERENCE_DAY)
    assert headers[:3] == ["STT", "Loại", "Nội dung"]
    assert all(len(r) == len(headers) for r in rows)
    kinds = [r[1] for r in rows[:24]]
    assert kinds == ["Nhiệm vụ trọng tâm"] * 16 + ["Chỉ tiêu"] * 8
    assert [r[0] for r in rows[:24]] == [str(i) for i in range(1, 17)] + [str(i) for i in range(1, 9)]
    assert sum(r[6] == "Quá hạn" for r in rows) == 2
    target = next(r for r in rows if r[2] == "Học viên được đào tạo, bồi dưỡng lý luận chính trị")
    assert target[7] == "2.500/2.500 lượt: Hoàn thành" and target[3] == "TCT"
    assert rows[24] == [""] * len(headers)
    # the day the statuses are judged on, then the summary
    assert [r[2] for r in rows[25:]] == ["Tình trạng tính đến ngày 03/12/2018 (ngày hội nghị)",
                                         *summary(bloc, today=CONFERENCE_DAY).lines]
    assert "3/8 chỉ tiêu hoàn thành vượt" in tabulate(rows, headers=headers)


# -- typed values: property tests ------------------------------------------------------------------------------


def test_progress_examples() -> None:
    assert [parse_progress(t) for t in ("", "50", "50%", " 75 % ", "0", "100", "100%")] == [0, 50, 50, 75, 0, 100, 100]
    for text in ("101", "-5", "50.5", "năm mươi", "%", "50%%", "1e2"):
        with pytest.raises(ValidationError) as caught:
            parse_progress(text)
        assert caught.value.field == "progress"


def test_amount_examples() -> None:
    cases = {
        "1.200": Decimal(1200), "1.200,5": Decimal("1200.5"), "1200.5": Decimal("1200.5"), "1200": Decimal(1200),
        "1,5": Decimal("1.5"), "0,6": Decimal("0.6"), "0.75": Decimal("0.75"), "1.234.567": Decimal(1234567),
        "1.234.567,89": Decimal("1234567.89"), "1,200.5": Decimal("1200.5"), "1,200,000": Decimal(1200000),
        " -3,5 ": Decimal("-3.5"), "0": Decimal(0), "12.5": Decimal("12.5"),
    }
    for text, value in cases.items():
        assert parse_amount(text, "planned") == value, text
    assert parse_amount("  ", "actual") is None
    for text in ("abc", "1.2.3", "1,2,3", "1.200,5,5", "1..2", ",5", "5,", "1e3", "NaN", "Infinity", "1 200",
                 "1.20.000", "1" * 16, "0,1234567", "--1"):
        with pytest.raises(ValidationError) as caught:
            parse_amount(text, "actual")
        assert caught.value.field == "actual", text
    assert format_amount(Decimal("1234567.890")) == "1.234.567,89"
    assert format_amount(Decimal("-0.5")) == "-0,5" and format_amount(Decimal(0)) == "0"


REFUSED = object()


def parsed(parse: Callable[[str], Any], text: str, field: str) -> Any:
    """What ``parse`` makes of ``text``, or :data:`REFUSED` when it refuses it with a sentence naming ``field``."""
    try:
        return parse(text)
    except ValidationError as exc:
        assert exc.field == field and str(exc)
        return REFUSED


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_any_progress_text_is_a_progress_or_a_validation_error(text: str) -> None:
    value = parsed(parse_progress, text, "progress")
    assert value is REFUSED or 0 <= value <= 100


@given(st.integers(0, 100), st.sampled_from(["{}", "{}%", " {} % ", "{} %"]))
def test_progress_round_trips(value: int, form: str) -> None:
    assert parse_progress(form.format(value)) == value


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=30), st.text(alphabet="0123456789.,-+ %", max_size=20)))
def test_any_amount_text_is_a_number_or_a_validation_error(text: str) -> None:
    value = parsed(lambda typed: parse_amount(typed, "planned"), text, "planned")
    assert value is REFUSED or value is None or value.is_finite()


@given(st.decimals(min_value=Decimal("-999999999999999"), max_value=Decimal("999999999999999"), places=6,
                   allow_nan=False, allow_infinity=False))
def test_amounts_round_trip_in_vietnamese_form(value: Decimal) -> None:
    text = format_amount(value)
    assert parse_amount(text, "actual") == value
    if value == value.to_integral_value() and abs(value) >= 1000:
        assert "." in text and "," not in text  # dots between thousands, no decimal comma


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=30), st.from_regex(r"\A\d{1,2}[/.-]\d{1,2}[/.-]\d{4}\Z")))
def test_any_date_text_is_a_date_or_a_validation_error(text: str) -> None:
    value = parsed(parse_deadline, text, "deadline")
    assert value is REFUSED or value is None or isinstance(value, dt.date)


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_dates_round_trip(value: dt.date) -> None:
    assert parse_deadline(format_date(value)) == value
    assert parse_deadline(f" {value.day}/{value.month}/{value.year} ") == value
