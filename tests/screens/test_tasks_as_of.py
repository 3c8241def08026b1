"""F7 judges the tasks on the conference's date, whatever today is, and says which date it used."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from textual.widgets import Static

from tdkt_tui.domain import tasks
from tdkt_tui.ui.app import TdktApp


async def test_tasks_are_overdue_against_the_conferences_date(demo_app: TdktApp) -> None:
    conference = demo_app.conference
    day = conference.info().date
    assert day == dt.date(2018, 12, 3) and dt.date.today() > day  # the demo is years old: today would mark more
    expected = tasks.summary(conference, today=day)
    assert expected.tasks_overdue == 2 and tasks.summary(conference, today=dt.date.today()).tasks_overdue > 2
    async with demo_app.run_test(size=(200, 50)) as pilot:
        await pilot.press("f7")
        await pilot.pause()
        summary = str(demo_app.screen.query_one("#summary", Static).content)
        assert summary.startswith("Tình trạng tính đến ngày 03/12/2018 (ngày hội nghị)")
        assert "2 nhiệm vụ quá hạn" in summary
        conference.save_info(replace(conference.info(), date=None))  # a conference without a date: today, said so
        demo_app.screen.reload()
        await pilot.pause()
        summary = str(demo_app.screen.query_one("#summary", Static).content)
        assert summary.startswith(f"Tình trạng tính đến ngày {dt.date.today():%d/%m/%Y} (hôm nay)")
