"""The shell around the screens: one table of modes and keys, the palette, F9 from anywhere, the error path, quit."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from decimal import Decimal

import pytest
from textual.widgets import Input

from screens.help import HelpScreen
from screens.projector import ProjectorScreen
from screens.settings import SettingsScreen
from screens.voting import VotingScreen
from screens.widgets.quit import QuitScreen
from tdkt_tui.domain import scoring, voting
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.errors import StoreError
from tdkt_tui.ui import modes
from tdkt_tui.ui.app import TdktApp
from tdkt_tui.ui.palette import Palette, TdktCommands
from tests.helpers.pilot import SCANNER, rendered, text_of, type_keys

SIZE = (120, 36)


def test_one_table_makes_the_modes_and_keys() -> None:
    places = [c for c in modes.COMMANDS if c.screen]
    assert list(TdktApp.MODES) == [c.mode for c in places]
    keys = {b.key: b.action for b in TdktApp.BINDINGS}
    assert keys["f8"] == "go('voting')" and keys["f9"] == "projector" and keys["f1"] == "help"
    assert len(keys) == len([c for c in modes.COMMANDS if c.key])
    assert all(c.screen_class().TITLE_MSGID == c.title for c in places)  # type: ignore[union-attr]


def busy_folder(conference: Conference, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another program holds the folder's lock: every change is refused with the store's own sentence."""

    @contextlib.contextmanager
    def busy() -> Iterator[None]:
        raise StoreError("Another program has held {path} for {seconds} s; try again.", path=str(conference.folder),
                         seconds=10)
        yield

    monkeypatch.setattr(conference.store, "transaction", busy)


async def test_a_busy_folder_during_ballot_entry_is_a_sentence(hall: Conference, monkeypatch) -> None:
    poll = voting.create_poll(hall, voting.Poll(kind=voting.PollKind.AWARD, award=list(voting.AWARD_LEVELS)[2], quota=1))
    voting.open_poll(hall, poll.id)  # type: ignore[arg-type]
    voting.set_collected(hall, poll.id, 11)  # type: ignore[arg-type]
    app = TdktApp(hall, lang="vi", watch_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        await pilot.press("enter")  # count the poll
        await pilot.pause()
        busy_folder(hall, monkeypatch)
        await type_keys(pilot, "3\r", SCANNER)
        screen = app.screen
        assert isinstance(screen, VotingScreen) and app.is_running
        assert "Chương trình khác" in text_of(screen, "#last-ballot") or "giữ" in text_of(screen, "#last-ballot")
        field = screen.query_one("#ballot", Input)
        assert field.value == "3" and field.selected_text == "3"  # kept for Enter again, replaced by typing
        assert voting.ballots(hall, poll.id or 0) == []
        monkeypatch.undo()
        await type_keys(pilot, ["enter"], SCANNER)
        assert [b.kept for b in voting.ballots(hall, poll.id or 0)] == [(3,)]
        assert field.value == ""


async def test_a_busy_folder_during_score_entry_is_a_sentence(demo: Conference, monkeypatch) -> None:
    app = TdktApp(demo, lang="vi", watch_interval=60)
    unit = demo.member_units()[0]
    first = scoring.criteria(demo)[0]
    stored = scoring.scores(demo)[(unit.id, first.id)].self_score
    assert stored != Decimal("9.5")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6", "ctrl+t", "enter")  # the grid, its first cell open
        await pilot.pause()
        busy_folder(demo, monkeypatch)
        await type_keys(pilot, "9,5\r", SCANNER)
        assert app.is_running
        label = text_of(app.screen, "#cell-label")
        assert str(demo.folder) in label
        cell = app.screen.query_one("#cell", Input)
        assert cell.has_focus and cell.value == "9,5"
        assert scoring.scores(demo)[(unit.id, first.id)].self_score == stored  # as before
        monkeypatch.undo()
        await type_keys(pilot, ["enter"], SCANNER)
        assert scoring.scores(demo)[(unit.id, first.id)].self_score == Decimal("9.5")


async def test_a_busy_folder_in_a_form_and_a_confirmation(demo: Conference, monkeypatch) -> None:
    app = TdktApp(demo, lang="vi", watch_interval=60)
    told: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        monkeypatch.setattr(app, "notify", lambda message, **kw: told.append(str(message)))
        await pilot.press("f3", "enter")  # Enter in the search opens the first person
        await pilot.pause()
        busy_folder(demo, monkeypatch)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert str(demo.folder) in text_of(app.screen, "#form-error")
        await pilot.press("escape", "ctrl+d", "y")  # remove, confirmed: refused, told, nothing removed
        await pilot.pause()
        assert app.is_running and len(demo.attendees()) == 38
        assert any(str(demo.folder) in message for message in told)


async def test_f9_from_every_screen_and_back_with_esc(demo_app: TdktApp) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        for command in modes.COMMANDS:
            screen = command.screen_class()
            if screen is None:
                continue
            await pilot.press(command.key)
            await pilot.pause()
            assert isinstance(demo_app.screen, screen)
            await pilot.press("f9")
            await pilot.pause()
            assert isinstance(demo_app.screen, ProjectorScreen)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(demo_app.screen, screen)
        await pilot.press("f8", "f9", "f2", "f8")  # the projector left on top of the counting screen is closed
        await pilot.pause()
        assert isinstance(demo_app.screen, VotingScreen)



@pytest.mark.parametrize("keys", [["f5", "ctrl+l", *"ban"], ["f3", "ctrl+o", "escape", *"~/ds"],
                                  ["f6", "ctrl+t", "ctrl+o", "escape", *"~/diem"]],
                         ids=["scan_log", "import_roster", "import_scores"])
async def test_f9_from_a_screen_opened_on_top_and_back_where_you_were(demo_app: TdktApp, keys: list[str]) -> None:
    """Not only the F-key screens: from the scan log or an import F9 shows the projector and Esc comes back to that
    screen, as it was (what was typed in it still there). Dialogs keep F9 out: they are answered first."""
    async with demo_app.run_test(size=SIZE) as pilot:
        await type_keys(pilot, keys, SCANNER)
        where = demo_app.screen
        focused, typed = where.focused, getattr(where.focused, "value", None)
        await type_keys(pilot, ["f9"], SCANNER)
        assert isinstance(demo_app.screen, ProjectorScreen)
        await type_keys(pilot, ["escape"], SCANNER)
        assert demo_app.screen is where and where.focused is focused
        assert getattr(where.focused, "value", None) == typed


async def test_help_writes_keys_as_printed(demo_app: TdktApp) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("f6", "f1")
        await pilot.pause()
        assert isinstance(demo_app.screen, HelpScreen)
        table = rendered(demo_app.screen, "#keys")
        assert "Left_square_bracket" not in table
        lines = {line.split()[0]: line for line in table.splitlines() if line.split()}
        assert "Đơn vị trước" in lines["["] and "Đơn vị sau" in lines["]"]
        assert "Ctrl+T" in lines and "F9" in lines and "Màn chiếu" in lines["F9"]


async def palette_hits(app: TdktApp, query: str) -> list[str]:
    provider = TdktCommands(app.screen)
    return [str(hit.text) async for hit in provider.search(query)]


async def test_palette_ignores_diacritics_and_offers_every_action(demo_app: TdktApp) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        assert "Màn chiếu" in await palette_hits(demo_app, "man chieu")
        assert "Màn chiếu" in await palette_hits(demo_app, "màn chiếu")
        assert "Đại biểu" in await palette_hits(demo_app, "dai bieu")
        titles = [str(h.text) async for h in TdktCommands(demo_app.screen).discover()]
        assert {"Thêm", "Sửa", "Xoá", "Có mặt", "Cấp mã mới", "Nhập danh sách", "Thẻ đại biểu", "Màn chiếu"} \
            <= set(titles)
        nothing = await palette_hits(demo_app, "zzzz")
        assert len(nothing) == 1 and "Không có lệnh nào khớp" in nothing[0]
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(demo_app.screen, Palette)
        await type_keys(pilot, "man chieu", SCANNER)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(demo_app.screen, ProjectorScreen)


async def test_quit_with_typed_settings_asks(demo_app: TdktApp, demo: Conference) -> None:
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(demo_app.screen, SettingsScreen)
        demo_app.screen.query_one("#venue", Input).value = "Hội trường tầng 3"
        await pilot.press("f2", "ctrl+q")
        await pilot.pause()
        assert isinstance(demo_app.screen, QuitScreen)
        await pilot.press("enter")  # save and quit
        await pilot.pause()
        assert demo.info().venue == "Hội trường tầng 3"
        assert not demo_app.is_running


def option_texts(palette: Palette) -> list[str]:
    from rich.align import Align
    from textual.command import CommandList

    options = palette.query_one(CommandList)
    texts = []
    for index in range(options.option_count):
        prompt = options.get_option_at_index(index).prompt
        texts.append(str(prompt.renderable if isinstance(prompt, Align) else prompt))
    return texts


@pytest.mark.parametrize("query", ["zzzz", "?!", "\u0301", "  \u0301 \u0300  "])
async def test_the_palette_never_answers_in_english(demo_app: TdktApp, query: str) -> None:
    """Whatever is typed (a lone Unikey mark, punctuation), the palette answers in the interface language; Textual's
    own "No matches found" never shows. F1 over the palette lists its keys in Vietnamese too."""
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = demo_app.screen
        assert isinstance(palette, Palette)
        palette.query_one(Input).value = query
        await pilot.pause(1.2)  # well past the half second Textual waits before saying "No matches found"
        texts = option_texts(palette)
        assert texts and not any("No matches" in text for text in texts)
        assert "Không có lệnh nào khớp" in texts[0]
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(demo_app.screen, HelpScreen)
        table = rendered(demo_app.screen, "#keys")
        for english in ("Exit the command palette", "Next command", "Previous command", "Go to top", "Next page"):
            assert english not in table
        assert "Đóng bảng lệnh" in table


def test_a_crash_ends_in_one_sentence_and_a_crash_log(demo: Conference, private_home, capsys,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A real bug stops the app: the terminal gets one sentence naming the log, the log gets the traceback."""

    def broken(self: TdktApp) -> None:
        raise RuntimeError("a bug")

    async def press_f1(pilot: object) -> None:
        await pilot.press("f1")  # type: ignore[attr-defined]

    monkeypatch.setattr(TdktApp, "action_help", broken)
    app = TdktApp(demo, lang="vi", watch_interval=60)
    app.run(headless=True, size=SIZE, auto_pilot=press_f1)
    assert app.return_code == 1
    shown = capsys.readouterr()
    log = private_home / "crash.log"
    assert "Traceback" not in shown.out + shown.err and "a bug" not in shown.out + shown.err
    assert " ".join(shown.err.split()) == ("tdkt-tui dừng do một lỗi không lường trước; mọi thay đổi đã báo lưu vẫn "
                                           f"được giữ, hãy mở lại chương trình (chi tiết lỗi ở {log}).")
    assert "RuntimeError" in log.read_text(encoding="utf-8") and "a bug" in log.read_text(encoding="utf-8")
