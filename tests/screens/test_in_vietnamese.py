"""A Vietnamese secretary reads Vietnamese everywhere: the door's scan log (how each person was found, and when, as
dates are written here), the command line's help with every command, the help of a screen's keys."""

from __future__ import annotations

import re

import pytest

from screens.scan_log import ScanLogScreen
from screens.widgets.rowtable import RowTable
from tdkt_tui.cli import main
from tdkt_tui.domain import checkin
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.model import Role
from tdkt_tui.ui.app import TdktApp
from tests.helpers.pilot import TYPIST, type_keys

SIZE = (120, 36)


async def test_the_scan_log_says_how_and_when_in_vietnamese(demo: Conference) -> None:
    """A badge, a person found by name, a walk-in and a substitute: the log shows the way each came in and the
    time as 01/12/2026 02:17 (it showed "[search]", "[walk-in]", "[substitute]" and 2026-12-01 02:17:48)."""
    people = demo.attendees()
    badge = people[0]
    by_name = next(p for p in people[1:] if p.role is Role.DELEGATE)
    absent = next(p for p in people if p.role is Role.VOTING and p.id not in (badge.id, by_name.id))
    async with TdktApp(demo, lang="vi", desk="Bàn 1", watch_interval=60).run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        await type_keys(pilot, [*checkin.code_of(demo, badge), "enter", *by_name.full_name, "enter", "enter"], TYPIST)
        assert demo.attendee(by_name.id).present  # type: ignore[union-attr]
        await type_keys(pilot, ["ctrl+g", *"Hoàng Thị Lý", "ctrl+s"], TYPIST)
        await type_keys(pilot, [*absent.full_name, "ctrl+b", *"Phan Văn Khải", "ctrl+s"], TYPIST)
        await type_keys(pilot, ["ctrl+l"], TYPIST)
        screen = pilot.app.screen
        assert isinstance(screen, ScanLogScreen)
        rows = [cells for _key, cells in screen.query_one("#entries", RowTable).rows]
    assert len(rows) == 4
    inputs = " | ".join(cells[2] for cells in rows)
    for english in ("[search]", "[walk-in]", "[substitute]", "search", "walk-in", "substitute", "By name"):
        assert english not in inputs
    assert [cells[2] for cells in rows] == ["Người đi thay: Phan Văn Khải", "Khách đến trực tiếp: Hoàng Thị Lý",
                                            f"Tìm theo tên: {by_name.full_name}", checkin.code_of(demo, badge)]
    assert all(re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", cells[0]) for cells in rows), [c[0] for c in rows]
    assert all(cells[1] and cells[1][0].isupper() and cells[4] == "Bàn 1" for cells in rows)


def test_the_command_line_help_is_vietnamese_and_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as ended:
        main(["--help"])
    assert ended.value.code == 0
    shown = capsys.readouterr().out
    for english in ("usage:", "show this help message", "positional arguments", "options:", "subcommands"):
        assert english not in shown
    assert shown.startswith("cách dùng: tdkt")
    for command in ("open", "demo", "projector", "serve", "import", "checkin", "minutes", "count-minutes", "poll",
                    "ballot", "tally"):
        assert re.search(rf"^\s+{re.escape(command)}\s", shown, re.MULTILINE), command

