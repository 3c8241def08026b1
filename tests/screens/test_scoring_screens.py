"""Reports, scores and tasks entered through the real screens with the keyboard, as a secretary does."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
from textual.widgets import Input, Static

from screens.import_scores import ImportScoresScreen
from screens.scoring import ScoringScreen
from screens.tasks import TasksScreen
from screens.widgets.record_form import RecordForm
from screens.widgets.rowtable import RowTable
from tdkt_tui.domain import scoring, tasks
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.tasks import Status
from tdkt_tui.ui.app import TdktApp
from tests.helpers.pilot import go_to, score_grid

SIZE = (130, 40)


def content(screen: object, selector: str) -> str:
    return str(screen.query_one(selector, Static).content)  # type: ignore[attr-defined]


async def test_enter_scores_in_the_grid(demo_app: TdktApp, demo: Conference) -> None:
    unit = demo.member_units()[10]
    first = scoring.criteria(demo)[0]
    async with demo_app.run_test(size=SIZE) as pilot:
        await score_grid(pilot, unit=10)
        await pilot.pause()
        assert demo_app.screen.unit_id == unit.id
        grid = demo_app.screen.query_one("#grid", RowTable)
        assert grid.has_focus and grid.column == 3
        await pilot.press("right")  # the verified column
        await pilot.press("1", "5", "comma", "5", "enter")  # 15,5 typed as read aloud
        await pilot.pause()
        assert scoring.scores(demo)[(unit.id, first.id)].verified == Decimal("15.5")
        assert grid.cursor == 1 and demo_app.screen.query_one("#cell", Input).has_focus  # next row, still typing
        too_much = str(int(scoring.criteria(demo)[1].max_points) + 5)
        await pilot.press("ctrl+a", *too_much, "enter")
        await pilot.pause()
        assert "vượt" in content(demo_app.screen, "#cell-label")
        assert scoring.scores(demo)[(unit.id, scoring.criteria(demo)[1].id)].verified != Decimal(too_much)
        await pilot.press("escape")
        assert grid.has_focus
        totals = content(demo_app.screen, "#score-totals")
        assert scoring.format_points(scoring.totals(demo, unit.id)[1]) in totals  # type: ignore[arg-type]


async def test_ranking_tab_shows_ties(demo_app: TdktApp, demo: Conference) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("f6", "ctrl+t", "ctrl+t")
        await pilot.pause()
        rows = demo_app.screen.query_one("#ranking", RowTable).rows
        assert [cells[0] for _, cells in rows][:3] == ["1", "2", "3"]
        assert any(cells[0].endswith("=") for _, cells in rows)  # the demo has ties among the lower ranks
        standings = scoring.ranking(demo)
        assert [cells[1] for _, cells in rows] == [s.unit.name for s in standings]


async def test_record_a_report(demo_app: TdktApp, demo: Conference, tmp_path: Path) -> None:
    missing = next(u for u in demo.member_units() if u.id not in scoring.reports(demo)
                   or not scoring.reports(demo)[u.id].received)
    report_file = tmp_path / "bao-cao.docx"
    report_file.write_bytes(b"report")
    async with demo_app.run_test(size=SIZE) as pilot:
        table = (await go_to(pilot, "f6", ScoringScreen)).query_one("#reports", RowTable)
        table.move_to_key(missing.id)  # type: ignore[arg-type]
        await pilot.press("enter")
        await pilot.pause()
        form = demo_app.screen
        assert isinstance(form, RecordForm)
        await pilot.press(*"31/02/2018", "ctrl+s")
        await pilot.pause()
        assert "không phải là ngày" in str(form.query_one("#form-error", Static).content)
        form.query_one("#received", Input).value = "02/12/2018"
        form.query_one("#file_path", Input).value = str(report_file)
        form.query_one("#proposed_award", Input).value = "Bằng khen của Chủ tịch UBND tỉnh"
        await pilot.press("ctrl+s")
        await pilot.pause()
        report = scoring.reports(demo)[missing.id]  # type: ignore[index]
        assert report.received == dt.date(2018, 12, 2) and report.file_path == str(report_file)
        assert scoring.reports_received(demo) == (10, 11)
        assert "10/11" in content(demo_app.screen, "#reports-summary")


async def test_import_a_score_workbook_with_errors(demo_app: TdktApp, demo: Conference, tmp_path: Path) -> None:
    units = demo.member_units()
    items = scoring.criteria(demo)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tổng hợp"
    sheet.append(["BẢNG TỔNG HỢP ĐIỂM THẨM ĐỊNH"])
    sheet.append(["Đơn vị", *[c.code for c in items[:3]]])
    sheet.append([units[0].name, 15, 999, "abc"])
    sheet.append(["Sở Không Có", 5, 5, 5])
    bad = tmp_path / "diem-loi.xlsx"
    book.save(bad)
    before = scoring.scores(demo)
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("f6", "ctrl+t", "ctrl+o")
        await pilot.pause()
        await pilot.press("escape")  # the file picker opens by itself; Esc leaves the path to be typed
        assert isinstance(demo_app.screen, ImportScoresScreen)
        demo_app.screen.query_one("#path", Input).value = str(bad)
        await pilot.press("enter")
        await demo_app.workers.wait_for_complete()
        await pilot.pause()
        issues = demo_app.screen.query_one("#issues", RowTable).rows
        cells = [row[0] for _, row in issues]
        assert "Tổng hợp!C3" in cells and "Tổng hợp!D3" in cells and any(c.endswith("A4") for c in cells)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(demo_app.screen, ImportScoresScreen)  # refused: nothing stored
        assert scoring.scores(demo) == before
        sheet["C3"] = 9
        sheet["D3"] = 8
        sheet.delete_rows(4)
        good = tmp_path / "diem.xlsx"
        book.save(good)
        demo_app.screen.query_one("#path", Input).value = str(good)
        await pilot.press("enter")
        await demo_app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(demo_app.screen, ScoringScreen)
    assert scoring.scores(demo)[(units[0].id, items[1].id)].verified == Decimal(9)


async def test_tasks_screen_filters_overdue_and_adds_a_task(demo: Conference) -> None:
    app = TdktApp(demo, lang="vi")
    TasksScreen.today = dt.date(2018, 12, 3)
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = await go_to(pilot, "f7", TasksScreen)
            table = screen.query_one("#tasks", RowTable)
            overdue = [t for t in tasks.tasks(demo)
                       if tasks.effective_status(t, dt.date(2018, 12, 3)) is Status.OVERDUE]
            assert overdue and table.alert == {t.id for t in overdue}
            summary = content(screen, "#summary")
            assert "3/8 chỉ tiêu hoàn thành vượt" in summary and "2 nhiệm vụ quá hạn" in summary
            screen.query_one("#filter-status").value = Status.OVERDUE.value
            await pilot.pause()
            assert {key for key, _ in table.rows} == {t.id for t in overdue}
            screen.query_one("#filter-status").clear()
            await pilot.pause()
            await pilot.press("ctrl+n")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, RecordForm)
            form.query_one("#title", Input).value = "Tổ chức Hội nghị ký giao ước thi đua năm 2019"
            form.query_one("#year", Input).value = "2019"
            form.query_one("#deadline", Input).value = "31/02/2019"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "không phải là ngày" in str(form.query_one("#form-error", Static).content)
            form.query_one("#deadline", Input).value = "15/03/2019"
            form.query_one("#progress", Input).value = "150"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is form and form.focused is form.query_one("#progress", Input)
            form.query_one("#progress", Input).value = "0"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, TasksScreen)
            added = [t for t in tasks.tasks(demo) if t.year == 2019]
            assert len(added) == 1 and added[0].deadline == dt.date(2019, 3, 15)
    finally:
        TasksScreen.today = None
