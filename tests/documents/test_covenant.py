"""The covenant for the next period: its tasks and targets as registered, a signature cell for every member unit's
head, a date left to write when it is signed later."""

from __future__ import annotations

from dataclasses import replace

from tdkt_tui.documents.covenant import next_period, write_covenant
from tdkt_tui.domain import tasks
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.model import ConferenceKind, Role
from tests.helpers.word_files import find, open_docx, size, symbols, texts


def test_covenant_for_next_year(demo_held: Conference) -> None:
    assert next_period(demo_held.info())[0] == 2019
    document = open_docx(write_covenant(demo_held))
    all_texts = texts(document)
    assert all_texts[3] == "Số …-GƯTĐ/KTĐ"
    assert "Bắc Ninh, ngày …… tháng …… năm 2019" in all_texts  # signed next year: dated by hand
    assert size(find(document, "GIAO ƯỚC THI ĐUA")) == 16
    assert "Năm 2019 của Khối thi đua các Ban cơ quan của Đảng tỉnh Bắc Ninh" in all_texts
    registered = [t for t in tasks.tasks(demo_held) if t.year == 2019]
    plain = [t for t in registered if t.kind is tasks.TaskKind.TASK]
    targets = [t for t in registered if t.kind is tasks.TaskKind.TARGET]
    task_table = next(t for t in document.tables if [c.text for c in t.rows[0].cells][-1] == "Thời hạn")
    assert [[c.text for c in r.cells][1:] for r in task_table.rows[1:]] == [
        [t.title, tasks.owners_text(demo_held, t), t.deadline.strftime("%d/%m/%Y")] for t in plain]
    target_table = next(t for t in document.tables if "Đơn vị tính" in [c.text for c in t.rows[0].cells])
    assert [[c.text for c in r.cells][1:] for r in target_table.rows[1:]] == [
        [t.title, t.measure_unit, tasks.format_amount(t.planned), tasks.owners_text(demo_held, t)] for t in targets]
    assert len(targets) == 11 and "2.600" in [r.cells[3].text for r in target_table.rows[1:]]
    # one signature block per member unit: the unit, its head's title, the head's name alone
    for unit in demo_held.member_units():
        head = next(p for p in demo_held.attendees() if p.unit_id == unit.id and p.role is Role.VOTING)
        assert unit.name.upper() in all_texts and head.full_name in all_texts
    assert "BÁO BẮC NINH" in all_texts and "TỔNG BIÊN TẬP" in all_texts
    assert all_texts[-1] == "- Lưu: VT, KTĐ."
    assert not symbols(document)


def test_nothing_registered_is_a_gap(demo: Conference) -> None:
    all_texts = texts(open_docx(write_covenant(demo)))  # the morning demo has no 2019 tasks yet
    assert "Chưa có nhiệm vụ trọng tâm nào của kỳ này: ……………" in all_texts
    assert "Chưa có chỉ tiêu nào được đăng ký cho kỳ này: ……………" in all_texts


def test_periods_follow_the_conference(demo: Conference) -> None:
    info = demo.info()
    assert next_period(replace(info, kind=ConferenceKind.MIDYEAR)) == (2018, (tasks.Period.SECOND_HALF,))
    assert next_period(replace(info, kind=ConferenceKind.COVENANT))[0] == 2018
    demo.save_info(replace(info, kind=ConferenceKind.COVENANT))
    assert "Bắc Ninh, ngày 03 tháng 12 năm 2018" in texts(open_docx(write_covenant(demo)))
