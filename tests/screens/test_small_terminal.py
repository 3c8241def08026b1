"""At 80×24 (a small laptop terminal) nothing the secretary needs is cut off or wrapped out of place: the attendance
counts stay on their rows, dialogs keep their right edge and their buttons, the settings labels leave the fields
room; at 140×40 the task form's refusal is read whole. The snapshots (test_looks) show it; these measure it."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from screens.widgets.attendance_panel import AttendanceCounts, attendance_table
from screens.widgets.record_form import RecordForm
from tdkt_tui.domain.conference import Conference
from tdkt_tui.ui.app import TdktApp
from tests.helpers.pilot import SCANNER, type_keys

SMALL = (80, 24)


def inside(widget: Widget, size: tuple[int, int]) -> bool:
    region = widget.region
    return region.width > 0 and region.x >= 0 and region.y >= 0 and region.right <= size[0] \
        and region.bottom <= size[1]


@pytest.mark.parametrize("fit", [0, 40, 36, 30, 27, 24])
def test_attendance_counts_keep_their_rows_in_any_width(demo: Conference, fit: int) -> None:
    lines = attendance_table(demo.attendance(), fit).plain.splitlines()
    assert len(lines) == 6  # the header, four roles, the total
    if fit:
        assert all(cell_len(line) <= fit for line in lines), lines
    assert all(line.split()[-2:][0].isdigit() and line.split()[-1].isdigit() for line in lines[1:]), lines


@pytest.mark.parametrize("keys", [["f2"], ["f5"]], ids=["dashboard", "door"])
async def test_attendance_counts_fit_their_panel_at_80_columns(demo: Conference, keys: list[str]) -> None:
    async with TdktApp(demo, lang="vi", watch_interval=60).run_test(size=SMALL) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        panel = pilot.app.screen.query_one(AttendanceCounts)
        content = panel.render()
        plain = content.plain if hasattr(content, "plain") else str(content)
        lines = plain.splitlines()
        assert len(lines) == 6 and all(cell_len(line) <= panel.content_size.width for line in lines), lines


@pytest.mark.parametrize("keys", [["f8", "ctrl+n"], ["f7", "ctrl+n"], ["f3", "ctrl+n"], ["f5", "ctrl+g"],
                                  ["f6", "enter"], ["f4", "ctrl+t", "ctrl+n"], ["f10", "ctrl+o"]],
                         ids=["poll", "task", "attendee", "walk_in", "report", "unit", "minutes_export"])
async def test_a_dialog_keeps_its_right_edge_and_its_buttons_at_80x24(demo: Conference, keys: list[str]) -> None:
    async with TdktApp(demo, lang="vi", watch_interval=60).run_test(size=SMALL) as pilot:
        await type_keys(pilot, keys, SCANNER)
        form = pilot.app.screen
        assert isinstance(form, RecordForm), form
        assert inside(form.query_one("#form"), SMALL)
        for button in form.query(Button).filter("#save, #cancel"):
            assert inside(button, SMALL), button


async def test_settings_labels_leave_the_fields_room_at_80_columns(demo: Conference) -> None:
    async with TdktApp(demo, lang="vi", watch_interval=60).run_test(size=SMALL) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        screen = pilot.app.screen
        label = screen.query(Label).filter(".field-label").first()
        field = screen.query_one("#bloc_name", Input)
        assert label.region.width < field.region.width
        assert field.region.width >= 40  # the bloc's name is read, not three words of it


async def test_the_task_forms_refusal_is_read_whole_at_140x40(demo: Conference) -> None:
    size = (140, 40)
    async with TdktApp(demo, lang="vi", watch_interval=60).run_test(size=size) as pilot:
        await type_keys(pilot, ["f7", "ctrl+n", "ctrl+s"], SCANNER)
        form = pilot.app.screen
        assert isinstance(form, RecordForm)
        error = form.query_one("#form-error", Static)
        text = str(error.render())
        assert text.strip() and inside(error, size)
        wrapped = Text(text).wrap(Console(width=size[0]), error.content_size.width)
        assert len(wrapped) <= error.content_size.height, (text, error.content_size)
