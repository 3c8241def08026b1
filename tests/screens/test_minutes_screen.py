"""The minutes written during the meeting: notes typed, the app restarted, the notes still there and exported."""

from __future__ import annotations

import docx
from textual.widgets import Input, Static, TextArea

from screens.minutes import MinutesScreen, PreviewScreen
from screens.widgets.record_form import RecordForm
from screens.widgets.rowtable import RowTable
from tdkt_tui.domain import proceedings
from tdkt_tui.domain.conference import Conference
from tdkt_tui.ui.app import TdktApp
from tests.helpers.pilot import go_to

SIZE = (130, 40)
NOTE = "Đồng chí Trưởng khối trình bày báo cáo; các đơn vị thống nhất."


async def test_notes_survive_a_restart_and_reach_the_document(demo: Conference) -> None:
    second = demo.agenda()[1]
    app = TdktApp(demo, lang="vi", desk="Bàn 1")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, MinutesScreen)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.screen.query_one("#note", TextArea).has_focus
        await pilot.press(*"Đồng chí Trưởng khối trình bày báo cáo")
        await pilot.press("enter")
        app.screen.query_one("#note", TextArea).insert("các đơn vị thống nhất.")
        await pilot.pause()
        app.screen.query_one("#opened_at", Input).value = "08:05"
        await pilot.pause()
    # a new process on the same folder: what was typed is there, without any Save
    reopened = Conference.open(demo.folder)
    assert proceedings.notes(reopened)[second.id] == "Đồng chí Trưởng khối trình bày báo cáo\ncác đơn vị thống nhất."  # type: ignore[index]
    assert proceedings.fields(reopened).opened_at == "08:05"
    again = TdktApp(reopened, lang="vi", desk="Bàn 1")
    async with again.run_test(size=SIZE) as pilot:
        items = (await go_to(pilot, "f10", MinutesScreen)).query_one("#items", RowTable)
        items.move_to_key(second.id)  # type: ignore[arg-type]
        await pilot.press("enter")
        await pilot.pause()
        assert "các đơn vị thống nhất." in again.screen.query_one("#note", TextArea).text
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(again.screen, PreviewScreen)
        assert "các đơn vị thống nhất." in str(again.screen.query_one("#preview-text", Static).content)
        await pilot.press("escape", "ctrl+o")
        await pilot.pause()
        assert isinstance(again.screen, RecordForm)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(again.screen, MinutesScreen)
    written = next((demo.folder / "exports").glob("bien-ban-hoi-nghi-*.docx"))
    text = "\n".join(p.text for p in docx.Document(str(written)).paragraphs)
    assert "Đồng chí Trưởng khối trình bày báo cáo" in text and "các đơn vị thống nhất." in text
    reopened.close()


async def test_bad_time_is_refused_and_conclusions_are_kept(demo: Conference) -> None:
    app = TdktApp(demo, lang="vi", desk="Bàn 1")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f10")
        await pilot.pause()
        app.screen.query_one("#closed_at", Input).value = "25:99"
        await pilot.pause()
        assert "HH:MM" in str(app.screen.query_one("#saved", Static).content)
        assert proceedings.fields(demo).closed_at == ""
        items = app.screen.query_one("#items", RowTable)
        await pilot.press("end", "enter")
        await pilot.pause()
        assert items.rows[-1][0] == -1
        app.screen.query_one("#note", TextArea).insert("Hội nghị thống nhất đề nghị khen thưởng.")
        await pilot.pause()
        assert proceedings.fields(demo).conclusions == "Hội nghị thống nhất đề nghị khen thưởng."


async def test_gaps_are_told_on_screen(demo: Conference) -> None:
    app = TdktApp(demo, lang="vi", desk="Bàn 1")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f10")
        await pilot.pause()
        gaps = str(app.screen.query_one("#gaps", Static).content)
        assert "chưa ai điểm danh" in gaps and "chủ trì" not in gaps


async def test_times_are_marked_by_a_key_never_shown_as_placeholders(demo: Conference) -> None:
    app = TdktApp(demo, lang="vi", desk="Bàn 1")
    async with app.run_test(size=SIZE) as pilot:
        screen = await go_to(pilot, "f10", MinutesScreen)
        for name in ("opened_at", "closed_at"):
            field = screen.query_one(f"#{name}", Input)
            assert field.value == "" and not field.placeholder  # nothing that looks like a time
        gaps = str(screen.query_one("#gaps", Static).content)
        assert "giờ khai mạc (Ctrl+K)" in gaps and "giờ bế mạc (Ctrl+B)" in gaps
        await pilot.press("ctrl+k")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RecordForm)
        assert form.query_one("#opened_at", Input).value == "08:00"  # the agenda's start, to confirm
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert proceedings.fields(demo).opened_at == "08:00"
        assert screen.query_one("#opened_at", Input).value == "08:00"
        await pilot.press("ctrl+b")
        await pilot.pause()
        form = app.screen
        assert form.query_one("#closed_at", Input).value == "11:00"  # the agenda's last item
        form.query_one("#closed_at", Input).value = "11:2"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and proceedings.fields(demo).closed_at == ""  # refused, said on the form
        form.query_one("#closed_at", Input).value = "11:20"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MinutesScreen)
        assert proceedings.fields(demo).closed_at == "11:20"
        gaps = str(screen.query_one("#gaps", Static).content)
        assert "Ctrl+K" not in gaps and "Ctrl+B" not in gaps
        await pilot.press("ctrl+k")  # marking again shows the time recorded, not the agenda's
        await pilot.pause()
        assert app.screen.query_one("#opened_at", Input).value == "08:00"
        await pilot.press("escape")
