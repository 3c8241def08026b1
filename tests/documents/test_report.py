"""The bloc's annual report: every table of the Word draft, read back with python-docx, equals the stored data
(worked out here again from the records, not from the report's own code); what the app does not have is a visible
gap; a new run never replaces a file the secretary edited; the demo reads as a bloc's year-end report."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tdkt_tui.documents import report
from tdkt_tui.domain import i18n, scoring, tasks, voting
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.model import ConferenceInfo, Unit
from tdkt_tui.domain.scoring import ItemKind
from tdkt_tui.domain.tasks import Period, Status, TargetResult, TaskKind
from tdkt_tui.domain.i18n import decimal
from tdkt_tui.domain.text import format_date
from tests.helpers.clock import freeze_export_clock

Rows = list[tuple[str, ...]]
BLANK = "……………"
DASH = "—"


# -- what the tables must hold, worked out from the records --------------------------------------------------------


def _owners(conference: Conference, item: tasks.Task) -> str:
    if not item.owner_unit_ids:
        return "Toàn Khối"
    return ", ".join(conference.unit(i).name for i in item.owner_unit_ids)


def _status(item: tasks.Task, day: dt.date) -> str:
    if item.status is Status.DONE:
        return "Đã hoàn thành"
    if item.deadline is not None and item.deadline < day:
        return "Quá hạn"
    return {Status.NOT_STARTED: "Chưa thực hiện", Status.IN_PROGRESS: "Đang thực hiện"}[item.status]


def _value(value: Decimal | None, measure: str) -> str:
    return f"{tasks.format_amount(value)} {measure}".strip() if value is not None else BLANK


def _result(item: tasks.Task) -> TargetResult:
    if item.planned is None or item.actual is None:
        return TargetResult.PENDING
    better = item.actual > item.planned if item.higher_is_better else item.actual < item.planned
    return TargetResult.EXCEEDED if better else TargetResult.MET if item.actual == item.planned else \
        TargetResult.NOT_MET


RESULT_VI = {TargetResult.EXCEEDED: "Hoàn thành vượt", TargetResult.MET: "Hoàn thành",
             TargetResult.NOT_MET: "Không hoàn thành", TargetResult.PENDING: "Chưa có kết quả"}


def _points(value: Decimal) -> str:
    text = format(value.normalize(), "f") if value != value.to_integral_value() else str(int(value))
    return text.replace(".", ",")


def expected_tables(conference: Conference) -> list[tuple[tuple[str, ...], Rows]]:
    """Every table the draft must hold, in reading order, with its header row, from the stored records."""
    info = conference.info()
    year, day = info.year, info.date or dt.date.today()
    everything = tasks.tasks(conference)
    members = conference.member_units()
    out: list[tuple[tuple[str, ...], Rows]] = []
    plain = [t for t in everything if t.year == year and t.kind is TaskKind.TASK]
    for period in (Period.YEAR, Period.FIRST_HALF, Period.SECOND_HALF):
        chosen = [t for t in plain if t.period is period]
        if chosen:
            out.append((("STT", "Nội dung", "Đơn vị phụ trách", "Thời hạn", "Tiến độ", "Trạng thái"),
                        [(str(n), t.title, _owners(conference, t), format_date(t.deadline) or DASH, f"{t.progress}%",
                          _status(t, day)) for n, t in enumerate(chosen, start=1)]))
    targets = [t for t in everything if t.year == year and t.kind is TaskKind.TARGET]
    if targets:
        def planned(t: tasks.Task) -> str:
            text = _value(t.planned, t.measure_unit)
            return text if t.higher_is_better else f"{text} (mức trần)"

        out.append((("STT", "Chỉ tiêu", "Đơn vị phụ trách", "Kế hoạch", "Thực hiện", "Kết quả"),
                     [(str(n), t.title, _owners(conference, t), planned(t), _value(t.actual, t.measure_unit),
                       RESULT_VI[_result(t)]) for n, t in enumerate(targets, start=1)]))

        def counts(label: str, chosen: list[tasks.Task]) -> tuple[str, ...]:
            results = [_result(t) for t in chosen]
            return (label, str(len(chosen)), *(str(results.count(r)) for r in TargetResult))

        rows = [counts(u.name, [t for t in targets if u.id in t.owner_unit_ids]) for u in members]
        rows.append(counts("Toàn Khối", targets))
        out.append((("Đơn vị", "Số chỉ tiêu", "Hoàn thành vượt", "Hoàn thành", "Không hoàn thành",
                     "Chưa có kết quả"), rows))
    items = scoring.criteria(conference)
    values = scoring.scores(conference)
    figures = []
    for unit in members:
        sums = dict.fromkeys(ItemKind, Decimal(0))
        own, verified_any, self_any = Decimal(0), False, False
        for c in items:
            score = values.get((unit.id, c.id))
            if score is None:
                continue
            sign = -1 if c.kind is ItemKind.PENALTY else 1
            if score.self_score is not None:
                own += sign * score.self_score
                self_any = True
            if score.verified is not None:
                sums[c.kind] += score.verified
                verified_any = True
        total = sums[ItemKind.CRITERION] + sums[ItemKind.BONUS] - sums[ItemKind.PENALTY]
        figures.append((unit, own, self_any, verified_any, sums, total))
    ranked = sorted((f for f in figures if f[3]), key=lambda f: -f[5])
    rows = []
    for unit, own, self_any, verified_any, sums, total in ranked + [f for f in figures if not f[3]]:
        rank = str(1 + sum(1 for f in ranked if f[5] > total)) if verified_any else DASH
        shown = (_points(sums[ItemKind.CRITERION]), _points(sums[ItemKind.BONUS]), _points(sums[ItemKind.PENALTY]),
                 _points(total)) if verified_any else (DASH,) * 4
        rows.append((rank, unit.name, _points(own) if self_any else DASH, *shown))
    out.append((("Xếp hạng", "Đơn vị", "Tổng tự chấm", "Điểm tiêu chí (thẩm định)", "Điểm thưởng", "Điểm trừ",
                 "Tổng thẩm định"), rows))
    found = scoring.reports(conference)
    rows = []
    for n, unit in enumerate(members, start=1):
        r = found.get(unit.id)
        rows.append((str(n), unit.name, format_date(r.received) if r and r.received else "chưa nhận",
                     r.proposed_award if r and r.proposed_award else DASH))
    out.append((("STT", "Đơn vị", "Ngày nhận báo cáo", "Hình thức khen thưởng đơn vị đề nghị"), rows))
    awards = expected_awards(conference)
    if awards:
        out.append((("Hình thức khen thưởng", "Đơn vị được suy tôn", "Số phiếu bầu", "Tỷ lệ (%)", "Hình thức chọn"), awards))
    following = [t for t in everything if t.year == year + 1]
    plain = [t for t in following if t.kind is TaskKind.TASK]
    period_vi = {Period.YEAR: "Cả năm", Period.FIRST_HALF: "6 tháng đầu năm", Period.SECOND_HALF: "6 tháng cuối năm"}
    if plain:
        out.append((("STT", "Nội dung", "Đơn vị phụ trách", "Kỳ", "Thời hạn"),
                    [(str(n), t.title, _owners(conference, t), period_vi[t.period], format_date(t.deadline) or DASH)
                     for n, t in enumerate(plain, start=1)]))
    targets = [t for t in following if t.kind is TaskKind.TARGET]
    if targets:
        out.append((("STT", "Chỉ tiêu", "Đơn vị phụ trách", "Kế hoạch"),
                    [(str(n), t.title, _owners(conference, t),
                      _value(t.planned, t.measure_unit) + ("" if t.higher_is_better else " (mức trần)"))
                     for n, t in enumerate(targets, start=1)]))
    return out


def expected_awards(conference: Conference) -> Rows:
    """Per award vote (highest award first), per closed round: the units it chose with their votes of the base and
    share, then what is left: a count not finished, seats left open."""
    names = conference.unit_names()
    everything = voting.polls(conference)
    roots = sorted((p for p in everything if p.parent_id is None and p.kind is voting.PollKind.AWARD),
                   key=lambda p: (p.award_level or 99, p.id))
    rows: Rows = []
    for root in roots:
        chain = [root]
        while (child := next((p for p in everything if p.parent_id == chain[-1].id), None)) is not None:
            chain.append(child)
        open_seats = root.quota
        for poll in chain:
            if poll.status is not voting.Status.CLOSED:
                continue
            t = voting.tally(conference, poll.id)
            how = "Bỏ phiếu kín" if poll.round == 1 else f"Bỏ phiếu kín, vòng {poll.round}"
            for unit in t.winners:
                rows.append((root.award, names[unit], f"{t.votes[unit]}/{t.base_count}", decimal(t.percent[unit]),
                             how))
            for unit in t.decided_by_leaders:
                rows.append((root.award, names[unit], f"{t.votes.get(unit, 0)}/{t.base_count}",
                             decimal(t.percent.get(unit, "0.00")), "Trưởng khối và Phó khối quyết định"))
            open_seats = t.open_seats - len(t.decided_by_leaders)
        if any(p.status is not voting.Status.CLOSED for p in chain):
            rows.append((root.award, "(chưa kết thúc kiểm phiếu)", "", "", ""))
        elif open_seats > 0:
            rows.append((root.award, f"còn thiếu {open_seats} đơn vị", "", "", ""))
    return rows


# -- what the Word file holds ----------------------------------------------------------------------------------------


def data_tables(path: Path) -> list[tuple[tuple[str, ...], Rows]]:
    """The gridded tables of the document (not the borderless header and signature layouts), as text."""
    document = docx.Document(str(path))
    out = []
    for table in document.tables:
        borders = table._tbl.tblPr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblBorders")
        if borders is None or borders[0].get(
                "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val") == "nil":
            continue
        rows = [tuple(cell.text for cell in row.cells) for row in table.rows]
        out.append((rows[0], rows[1:]))
    return out


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def md_tables(text: str) -> list[tuple[tuple[str, ...], Rows]]:
    """The pipe tables of a Markdown text, as text."""
    out: list[tuple[tuple[str, ...], Rows]] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].startswith("|") and i + 1 < len(lines) and re.fullmatch(r"\|[:\-| ]+\|", lines[i + 1]):
            end = i
            while end < len(lines) and lines[end].startswith("|"):
                end += 1
            cells = [tuple(c.strip() for c in line.strip("|").split("|")) for line in lines[i:end]]
            out.append((cells[0], cells[2:]))
            i += len(cells)
        else:
            i += 1
    return out


# -- the tests -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("moment", ["demo", "demo_held"])
def test_every_table_of_the_demo_draft_equals_the_data(moment: str, request: pytest.FixtureRequest) -> None:
    conference: Conference = request.getfixturevalue(moment)
    path = report.write_report(conference)
    assert path.parent.name == "exports" and path.name.startswith("bao-cao-tong-ket-") and path.suffix == ".docx"
    expected = expected_tables(conference)
    assert len(expected) >= (9 if moment == "demo_held" else 6)
    assert data_tables(path) == expected


def test_the_markdown_holds_the_same_tables(demo_held: Conference) -> None:
    path = report.write_report(demo_held, "md")
    assert path.suffix == ".md"
    text = path.read_text(encoding="utf-8")
    assert [(h, [tuple(c.replace("\\|", "|") for c in row) for row in rows]) for h, rows in md_tables(text)] == \
        [(h, once(rows) if h[0] == "Hình thức khen thưởng" else rows) for h, rows in expected_tables(demo_held)]


def once(rows: Rows) -> Rows:
    """The awards table as Markdown writes it: each award's name on its first row only."""
    return [(("" if n and row[0] == rows[n - 1][0] else row[0]), *row[1:]) for n, row in enumerate(rows)]


def test_the_demo_reads_as_a_year_end_report(demo_held: Conference) -> None:
    """The conference as it was held: the report its Trưởng khối presented, the conference approved."""
    path = report.write_report(demo_held)
    body = paragraphs(path)
    assert "BÁO CÁO" in body
    assert "Tổng kết công tác thi đua, khen thưởng năm 2018 và phương hướng, nhiệm vụ năm 2019" in body
    parts = [p for p in body if p.startswith("Phần ")]
    assert parts == ["Phần I. Kết quả công tác thi đua, khen thưởng năm 2018",
                     "Phần II. Phương hướng, nhiệm vụ năm 2019", "Phần III. Đề xuất, kiến nghị"]
    members = demo_held.member_units()
    assert f"Khối thi đua các Ban cơ quan của Đảng tỉnh Bắc Ninh gồm 11 đơn vị thành viên: " \
           f"{'; '.join(u.name for u in members)}." in body
    assert "Trưởng khối năm 2018: Ban Nội chính Tỉnh uỷ; Phó khối: Ban Tuyên giáo Tỉnh uỷ." in body
    assert "Tính đến ngày 03/12/2018 (ngày tổ chức hội nghị), trong 16 nhiệm vụ trọng tâm năm 2018: 11 nhiệm vụ " \
           "đã hoàn thành, 2 nhiệm vụ đang thực hiện, 1 nhiệm vụ chưa thực hiện, 2 nhiệm vụ quá hạn." in body
    assert "Trong 8 chỉ tiêu giao ước thi đua: 3 chỉ tiêu hoàn thành vượt, 3 chỉ tiêu hoàn thành, 2 chỉ tiêu " \
           "không hoàn thành." in body
    assert "Đơn vị dẫn đầu Khối năm 2018: Ban Nội chính Tỉnh uỷ." in body
    assert any(p.startswith("Trưởng khối năm 2019: Ban Tuyên giáo Tỉnh uỷ (") for p in body)
    gaps = [p for p in body if p.startswith("[Thư ký viết: ")]
    assert len(gaps) >= 10 and all(p.endswith("]") for p in gaps)
    document = docx.Document(str(path))
    highlighted = [p.text for p in document.paragraphs if p.runs and p.runs[0].font.highlight_color is not None]
    assert set(gaps) <= set(highlighted)
    head = [p.text for p in document.tables[0].rows[0].cells[0].paragraphs]
    assert head[:3] == ["TỈNH UỶ BẮC NINH", "KHỐI THI ĐUA CÁC BAN CƠ QUAN CỦA ĐẢNG", "*"] and "Số 25-BC/KTĐ" in head
    date = [p.text for p in document.tables[0].rows[0].cells[1].paragraphs]
    assert "Bắc Ninh, ngày 28 tháng 11 năm 2018" in date  # the demo's report was signed before the conference
    closing = [p.text for cell in document.tables[-1].rows[0].cells for p in cell.paragraphs]
    for line in ("T/M KHỐI THI ĐUA", "TRƯỞNG KHỐI", "Hoàng Minh Tuấn", "Nơi nhận:", "- Lưu: VT, KTĐ."):
        assert line in closing
    assert report.reference(demo_held) == \
        "Báo cáo số 25-BC/KTĐ ngày 28/11/2018 tổng kết công tác thi đua, khen thưởng năm 2018 của Khối"


def test_the_number_and_date_set_are_printed_and_named(demo_held: Conference) -> None:
    demo_held.save_info(replace(demo_held.info(), number_report="Số 15-BC/KTĐ", report_date=dt.date(2018, 11, 28)))
    document = docx.Document(str(report.write_report(demo_held)))
    head = document.tables[0].rows[0].cells
    assert "Số 15-BC/KTĐ" in [p.text for p in head[0].paragraphs]
    assert "Bắc Ninh, ngày 28 tháng 11 năm 2018" in [p.text for p in head[1].paragraphs]
    assert report.reference(demo_held) == \
        "Báo cáo số 15-BC/KTĐ ngày 28/11/2018 tổng kết công tác thi đua, khen thưởng năm 2018 của Khối"
    demo_held.save_info(replace(demo_held.info(), report_date=None))
    assert report.reference(demo_held) == \
        "Báo cáo số 15-BC/KTĐ tổng kết công tác thi đua, khen thưởng năm 2018 của Khối"
    demo_held.save_info(replace(demo_held.info(), number_report="Số: …/BC-KTĐ"))
    assert report.reference(demo_held) == ""  # no number yet: the minutes do not name it
    demo_held.save_info(replace(demo_held.info(), number_report=""))
    document = docx.Document(str(report.write_report(demo_held)))
    head = document.tables[0].rows[0].cells
    assert "Số …-BC/KTĐ" in [p.text for p in head[0].paragraphs]  # the default line, numbered by hand
    assert "Bắc Ninh, ngày …… tháng …… năm 2018" in [p.text for p in head[1].paragraphs]  # dated by hand
    assert report.reference(demo_held) == ""


def test_highlights_are_quoted_as_the_units_wrote_them_in_bloc_order(demo: Conference) -> None:
    body = paragraphs(report.write_report(demo))
    found = scoring.reports(demo)
    start = body.index("III. Các phong trào thi đua")
    end = body.index("IV. Chấm điểm, xếp hạng thi đua")
    section = body[start:end]
    headings = [p for p in section if re.match(r"^\d+\. ", p)]
    assert headings == [f"{n}. {u.name}" for n, u in enumerate(demo.member_units(), start=1)]
    for unit in demo.member_units():
        at = section.index(next(h for h in headings if h.endswith(f". {unit.name}")))
        following = section[at + 1]
        r = found.get(unit.id)
        if r is None or not r.is_received:
            assert following == "[chưa nhận được báo cáo tổng kết của đơn vị]"
        else:
            assert following == f"“{r.highlights}”"


def test_ties_and_missing_sheets_are_named(demo: Conference) -> None:
    first, second = (standing.unit for standing in scoring.ranking(demo)[:2])
    with demo.store.transaction() as txn:  # the second unit never sent a self-score sheet
        for key, doc in demo.store.docs(scoring.SCORES).items():
            if doc["unit_id"] == second.id:
                txn.put(scoring.SCORES, int(key), {**doc, "self_score": None})
    target = scoring.totals(demo, second.id)[1]
    lead = scoring.totals(demo, first.id)[1] - target
    assert lead > 0
    values = scoring.scores(demo)
    item = next(c for c in scoring.criteria(demo) if c.kind is ItemKind.CRITERION
                and (values[first.id, c.id].verified or 0) >= lead)
    scoring.set_score(demo, first.id, item.id, verified=values[first.id, item.id].verified - lead)
    assert scoring.totals(demo, first.id)[1] == scoring.totals(demo, second.id)[1]
    path = report.write_report(demo)
    assert data_tables(path) == expected_tables(demo)
    body = paragraphs(path)
    points = scoring.format_points(target)
    tied = "; ".join(u.name for u in demo.member_units() if u.id in (first.id, second.id))  # in bloc order
    assert f"Đồng hạng 1 với {points} điểm: {tied}." in body
    assert f"Đơn vị chưa gửi bảng tự chấm điểm: {second.name}." in body


def test_an_empty_conference_shows_gaps_not_figures(tmp_path: Path) -> None:
    conference = Conference.open(tmp_path / "empty")
    try:
        conference.load(ConferenceInfo(bloc_name="Khối thi đua số 5", year=2024), [Unit("Sở A"), Unit("Sở B")], [], [])
        path = report.write_report(conference)
        body = paragraphs(path)
        for missing in ("[chưa nhập nhiệm vụ trọng tâm năm 2024]", "[chưa nhập chỉ tiêu giao ước thi đua năm 2024]",
                        "[chưa nhập bảng tiêu chí chấm điểm thi đua]", "[chưa nhập nhiệm vụ trọng tâm năm 2025]",
                        "[chưa nhập chỉ tiêu giao ước thi đua năm 2025]",
                        "[hội nghị chưa bỏ phiếu suy tôn; lập lại dự thảo sau khi kết thúc kiểm phiếu]",
                        "Trưởng khối năm 2024: ……………; Phó khối: ……………."):
            assert missing in body
        assert body.count("[chưa nhận được báo cáo tổng kết của đơn vị]") == 2
        tables = data_tables(path)
        assert tables == expected_tables(conference)
        ranking = next(rows for header, rows in tables if header[0] == "Xếp hạng")
        assert ranking == [(DASH, "Sở A", DASH, DASH, DASH, DASH, DASH), (DASH, "Sở B", DASH, DASH, DASH, DASH, DASH)]
    finally:
        conference.close()


def test_a_target_without_its_actual_value_is_a_gap(demo: Conference) -> None:
    target = next(t for t in tasks.tasks(demo) if t.kind is TaskKind.TARGET)
    tasks.save_task(demo, replace(target, actual=None))
    path = report.write_report(demo)
    rows = next(rows for header, rows in data_tables(path) if header[1] == "Chỉ tiêu" and len(header) == 6)
    assert rows[0][4] == BLANK and rows[0][5] == "Chưa có kết quả"
    assert data_tables(path) == expected_tables(demo)
    assert any("1 chỉ tiêu chưa có kết quả" in p for p in paragraphs(path))


def test_next_years_tasks_and_targets(demo: Conference) -> None:
    owner = demo.member_units()[3]
    tasks.save_task(demo, tasks.Task(title="Chuyển đổi số trong cơ quan đảng", year=2019, owner_unit_ids=(owner.id,),
                                     deadline=dt.date(2019, 10, 31)))
    tasks.save_task(demo, tasks.Task(title="Số vụ vi phạm", kind=TaskKind.TARGET, year=2019, planned=Decimal(0),
                                     measure_unit="vụ", higher_is_better=False, period=Period.SECOND_HALF))
    path = report.write_report(demo)
    tables = data_tables(path)
    assert tables == expected_tables(demo)
    assert tables[-2][1] == [("1", "Chuyển đổi số trong cơ quan đảng", owner.name, "Cả năm", "31/10/2019")]
    assert tables[-1][1] == [("1", "Số vụ vi phạm", "Toàn Khối", "0 vụ (mức trần)")]


def test_tables_follow_any_change(demo: Conference) -> None:
    """Whatever the secretary changes (statuses, deadlines, actual values, verified scores, reports), every table of
    the next draft equals the data."""
    targets = [t for t in tasks.tasks(demo) if t.kind is TaskKind.TARGET]
    plain = [t for t in tasks.tasks(demo) if t.kind is TaskKind.TASK]
    members = demo.member_units()
    items = scoring.criteria(demo)
    change = st.one_of(
        st.tuples(st.just("status"), st.integers(0, len(plain) - 1), st.sampled_from(list(tasks.STORED_STATUSES)),
                  st.integers(0, 180)),
        st.tuples(st.just("actual"), st.integers(0, len(targets) - 1),
                  st.one_of(st.none(), st.decimals(0, 3000, places=1))),
        st.tuples(st.just("score"), st.integers(0, len(members) - 1), st.integers(0, len(items) - 1),
                  st.one_of(st.none(), st.integers(0, 2))),
        st.tuples(st.just("report"), st.integers(0, len(members) - 1)),
    )

    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                     HealthCheck.function_scoped_fixture])
    @given(st.lists(change, min_size=1, max_size=4))
    def check(changes: list[tuple]) -> None:
        for what, *args in changes:
            if what == "status":
                item = tasks.get_task(demo, plain[args[0]].id)
                tasks.save_task(demo, replace(item, status=args[1], progress=50 if args[1] is Status.IN_PROGRESS
                                              else item.progress,
                                              deadline=item.period.span(2018)[0] + dt.timedelta(days=args[2])))
            elif what == "actual":
                tasks.save_task(demo, replace(tasks.get_task(demo, targets[args[0]].id), actual=args[1]))
            elif what == "score":
                c = items[args[1]]
                value = None if args[2] is None else min(c.max_points, Decimal(args[2]))
                scoring.set_score(demo, members[args[0]].id, c.id, verified=value)
            else:
                scoring.save_report(demo, scoring.Report(members[args[0]].id))
        assert data_tables(report.write_report(demo)) == expected_tables(demo)

    check()


def test_a_new_run_never_replaces_the_secretarys_edited_copy(demo: Conference,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    freeze_export_clock(monkeypatch, dt.datetime(2018, 12, 1, 9, 0, 0))  # the same second for every run: names still differ
    first = report.write_report(demo)
    edited = docx.Document(str(first))
    edited.add_paragraph("Năm 2018, Khối đã tổ chức tốt phong trào thi đua yêu nước.")
    edited.save(str(first))
    before = first.read_bytes()
    tasks.save_task(demo, replace(next(t for t in tasks.tasks(demo) if t.kind is TaskKind.TARGET), actual=None))
    second = report.write_report(demo)  # the same second, after a change
    assert second != first and second.exists()
    assert first.read_bytes() == before
    assert "Năm 2018, Khối đã tổ chức tốt phong trào thi đua yêu nước." in paragraphs(first)
    assert data_tables(second) == expected_tables(demo)
    assert report.write_report(demo, "md") != report.write_report(demo, "md")


def test_english(demo: Conference) -> None:
    i18n.set_language("en")
    body = paragraphs(report.write_report(demo))
    assert "REPORT" in body and "Part II. Directions and tasks for 2019" in body
    assert any(p.startswith("[For the secretary to write: ") for p in body)


def test_a_vote_not_finished_is_said_so(demo_held: Conference) -> None:
    poll = voting.create_poll(demo_held, voting.Poll(kind=voting.PollKind.AWARD, award="Giấy khen của Khối",
                                                     quota=1, award_level=4))
    voting.open_poll(demo_held, poll.id)
    path = report.write_report(demo_held)
    awards = next(rows for header, rows in data_tables(path) if header[0] == "Hình thức khen thưởng")
    assert awards[-1] == ("Giấy khen của Khối", "(chưa kết thúc kiểm phiếu)", "", "", "")
    assert data_tables(path) == expected_tables(demo_held)
