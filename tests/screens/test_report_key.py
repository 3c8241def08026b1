"""The annual report from the reports screen (F6, Ctrl+G): a score typed in the grid is in the draft's ranking the
moment after; a folder that cannot take the file is told in a sentence."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import docx

from screens.scoring import ScoringScreen
from tdkt_tui.domain import scoring
from tdkt_tui.domain.conference import Conference
from tdkt_tui.ui.app import TdktApp
from tests.helpers.pilot import score_grid

SIZE = (130, 40)


def _told(app: TdktApp) -> list[tuple[str, str]]:
    """Every notification the app shows from now on, as (message, severity)."""
    told: list[tuple[str, str]] = []
    shown = app.notify

    def notify(message: str, **options: object) -> None:
        told.append((message, str(options.get("severity", "information"))))
        shown(message, **options)  # type: ignore[arg-type]

    app.notify = notify  # type: ignore[method-assign]
    return told


def _exports(conference: Conference, suffix: str) -> list[Path]:
    return sorted((conference.folder / "exports").glob(f"bao-cao-tong-ket-*{suffix}"))


async def test_ctrl_g_writes_the_draft_with_the_score_just_typed(demo_app: TdktApp, demo: Conference) -> None:
    unit = demo.member_units()[10]
    first = scoring.criteria(demo)[0]
    told = _told(demo_app)
    async with demo_app.run_test(size=SIZE) as pilot:
        await score_grid(pilot, unit=10)
        await pilot.press("right", "1", "2", "comma", "5", "enter", "escape")  # verified 12,5, typed fast
        await pilot.pause()
        assert scoring.scores(demo)[(unit.id, first.id)].verified == Decimal("12.5")
        await pilot.press("ctrl+g")
        await pilot.pause()
        written = _exports(demo, ".docx")
        assert len(written) == 1 and len(_exports(demo, ".md")) == 1
        assert any(str(written[0]) in m and m.startswith("Đã lập dự thảo báo cáo tổng kết của Khối") for m, _s in told)
        ranking = next(t for t in docx.Document(str(written[0])).tables if t.rows[0].cells[0].text == "Xếp hạng")
        row = next(r for r in ranking.rows if r.cells[1].text == unit.name)
        assert row.cells[6].text == scoring.format_points(scoring.totals(demo, unit.id)[1])
        await pilot.press("ctrl+g")  # again: a second file, the first one kept
        await pilot.pause()
        assert len(_exports(demo, ".docx")) == 2


async def test_a_folder_that_cannot_take_the_file_is_told(demo_app: TdktApp, demo: Conference) -> None:
    (demo.folder / "exports").write_text("not a folder")
    told = _told(demo_app)
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.pause()
        errors = [m for m, severity in told if severity == "error"]
        assert len(errors) == 1 and "exports" in errors[0] and "Traceback" not in errors[0]
        assert isinstance(demo_app.screen, ScoringScreen)
