"""The keyboard gate always lets go. Keys typed behind a command key wait until the app has settled; whatever goes
wrong on the way — a settle that never comes back, a machine too slow for the gate's timer, a dialog closed during
quit, a screen popped while keys wait, a crash — the keys land in order, or the app ends. Never a frozen keyboard."""

from __future__ import annotations

import asyncio
import time
import unicodedata
from collections.abc import Callable

import pytest
from textual.widgets import Input, TextArea

from screens.checkin import CheckinScreen
from screens.minutes import MinutesScreen
from screens.projector import ProjectorScreen
from screens.settings import SettingsScreen
from screens.widgets.quit import QuitScreen
from screens.widgets.record_form import RecordForm
from tdkt_tui.domain import proceedings
from tdkt_tui.domain.conference import Conference
from tdkt_tui.ui.app import TdktApp
from tests.helpers.pilot import BURST, SCANNER, TYPIST, go_to, type_keys

SIZE = (120, 36)


def app_of(conference: Conference) -> TdktApp:
    return TdktApp(conference, lang="vi", desk="Bàn 1", watch_interval=60)


async def until(pilot: object, condition: Callable[[], bool], seconds: float = 15.0) -> bool:
    """Let the app run until ``condition()`` holds (False after ``seconds``: the keyboard is stuck)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.05)
    return True


async def open_first_note(pilot: object) -> TextArea:
    app = pilot.app  # type: ignore[attr-defined]
    await pilot.press("f10", "enter")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, MinutesScreen)
    note = app.screen.query_one("#note", TextArea)
    assert note.has_focus
    return note


async def test_the_minutes_then_ctrl_q_in_one_go_quits_with_everything_saved(demo: Conference) -> None:
    """What QA typed when the keyboard froze: the times, item 1, two lines typed as Unikey sends them (NFD), Enter,
    a last line and Ctrl+Q in one go. The app quits and every word is kept."""
    first = demo.agenda()[0]
    lines = [unicodedata.normalize("NFD", "Đồng chí Trần Văn Thuỷ phát biểu."),
             unicodedata.normalize("NFD", "Thêm một dòng có dấu – gạch.")]
    app = app_of(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f10")
        await pilot.pause()
        await type_keys(pilot, ["shift+tab", "shift+tab", *"08:00", "tab", *"11:30", "tab", "enter",
                                *lines[0], "enter", *lines[1]], TYPIST)
        await type_keys(pilot, ["enter", *"Ý kiến cuối cùng trước khi thoát", "ctrl+q"], BURST)
        assert await until(pilot, lambda: not app.is_running)
    assert app.keys_forced == 0  # every hold ended because the app settled
    expected = "\n".join([*lines, "Ý kiến cuối cùng trước khi thoát"])
    assert unicodedata.normalize("NFC", proceedings.notes(demo)[first.id]) == unicodedata.normalize("NFC", expected)  # type: ignore[index]


async def test_a_settle_that_never_comes_back_does_not_freeze_the_keyboard(demo: Conference,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The gate's pass is swallowed on its way (a widget removed under it, a message dropped): the keys still go on,
    in order, and Ctrl+Q still quits."""
    first = demo.agenda()[0]
    app = app_of(demo)
    async with app.run_test(size=SIZE) as pilot:
        note = await open_first_note(pilot)
        monkeypatch.setattr(TextArea, "on_settle", lambda self, message: message.stop(), raising=False)
        await type_keys(pilot, [*"Ý kiến", "enter", *"cuối"], BURST)
        assert await until(pilot, lambda: note.text == "Ý kiến\ncuối")
        await type_keys(pilot, ["enter", *"thêm", "ctrl+q"], BURST)
        assert await until(pilot, lambda: not app.is_running)
    assert app.keys_forced >= 1
    assert proceedings.notes(demo)[first.id] == "Ý kiến\ncuối\nthêm"  # type: ignore[index]


async def test_a_machine_slower_than_the_gate_timer_keeps_every_key_in_order(demo: Conference,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Every pass of the gate takes longer than its timer (a loaded machine, a screen busy saving): the gate waits for
    its pass instead of sending new ones, each overtaken in turn, for as long as the load lasts."""

    async def slow(self: MinutesScreen, message: object) -> None:
        await asyncio.sleep(0.08)  # the screen's queue is this far behind at every pass

    app = app_of(demo)
    async with app.run_test(size=SIZE) as pilot:
        note = await open_first_note(pilot)
        monkeypatch.setattr(MinutesScreen, "on_settle", slow, raising=False)
        await type_keys(pilot, [*"ab", "enter", *"cd", "enter", *"ef"], SCANNER)
        assert await until(pilot, lambda: note.text == "ab\ncd\nef")
        assert app.keys_forced == 0


async def test_a_form_slow_to_get_ready_gets_the_keys_typed_behind_its_key(demo: Conference,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """On a loaded machine the form takes longer than two seconds to be ready: the keys typed behind Ctrl+N still
    wait for it (they used to be given after two seconds wherever the keyboard was) and land in its first field."""
    ready = RecordForm.on_mount

    async def slow_mount(self: RecordForm) -> None:  # type: ignore[type-arg]
        await asyncio.sleep(2.2)
        ready(self)

    app = app_of(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        monkeypatch.setattr(RecordForm, "on_mount", slow_mount)
        await type_keys(pilot, ["ctrl+n", *"Lê Văn Tám"], SCANNER)
        assert await until(pilot, lambda: isinstance(app.screen, RecordForm)
                           and app.screen.query_one("#full_name", Input).value == "Lê Văn Tám")
        assert app.keys_forced == 0


async def test_a_quit_question_cancelled_in_a_burst_gives_the_keys_to_the_screen_under_it(
        demo: Conference) -> None:
    app = app_of(demo)
    async with app.run_test(size=SIZE) as pilot:
        screen = await go_to(pilot, "f4", SettingsScreen)
        venue = screen.query_one("#venue", Input)
        venue.focus()
        await pilot.pause()
        venue.value = ""
        await type_keys(pilot, [*"Hội trường", "ctrl+q", "escape", *" tầng 3"], BURST)
        assert app.screen is screen and venue.value == "Hội trường tầng 3"
        await type_keys(pilot, ["ctrl+q"], BURST)
        assert isinstance(app.screen, QuitScreen)
        await type_keys(pilot, ["enter"], BURST)
        assert await until(pilot, lambda: not app.is_running)
    assert demo.info().venue == "Hội trường tầng 3"


@pytest.mark.parametrize("gap", [BURST, SCANNER])
async def test_keys_behind_a_screen_popped_go_to_the_screen_under_it(demo: Conference, gap: float) -> None:
    app = app_of(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5", "f9")
        await pilot.pause()
        assert isinstance(app.screen, ProjectorScreen)
        await type_keys(pilot, ["escape", *"nguyen"], gap)
        assert isinstance(app.screen, CheckinScreen)
        assert app.screen.query_one("#scan", Input).value == "nguyen"


async def test_a_crash_while_keys_wait_ends_the_app(demo: Conference, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug met while keys are held stops the app (with its sentence and log), it does not leave it frozen."""

    def broken(self: TdktApp) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(TdktApp, "action_help", broken)
    app = app_of(demo)
    with pytest.raises(RuntimeError, match="a bug"):
        async with app.run_test(size=SIZE) as pilot:
            await type_keys(pilot, ["f1", *"abc"], BURST)
            assert await until(pilot, lambda: not app.is_running)
    assert app.return_code == 1
