"""Ctrl+Q never drops typing: whatever was typed and not yet saved — a score in the grid's cell, an open form, a
note the folder refused, badges scanned while the door's question was open — is saved on the way out or asked
about; keys typed while a progress dialog runs wait for the screen underneath."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from decimal import Decimal

import pytest
from textual.widgets import Input, Static, TextArea

from screens.attendees import AttendeesScreen
from screens.widgets.progress import JobScreen
from screens.widgets.quit import QuitScreen
from screens.widgets.record_form import RecordForm
from tdkt_tui.domain import checkin, proceedings, scoring
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.errors import StoreError
from tdkt_tui.ui.app import TdktApp
from tests.helpers.people import replaced_voter_and_next
from tests.helpers.pilot import BURST, SCANNER, TYPIST, type_keys

SIZE = (120, 36)


def app_of(conference: Conference) -> TdktApp:
    return TdktApp(conference, lang="vi", desk="Bàn 1", watch_interval=60)


def asked(app: TdktApp) -> str:
    screen = app.screen
    assert isinstance(screen, QuitScreen), type(screen).__name__
    return str(screen.query_one("Label").content)


@contextlib.contextmanager
def busy(conference: Conference, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Another program holds the folder for a while: every change is refused, then goes through again."""

    @contextlib.contextmanager
    def refused() -> Iterator[None]:
        raise StoreError("Another program has held {path} for {seconds} s; try again.", path=str(conference.folder),
                         seconds=10)
        yield

    with monkeypatch.context() as patch:
        patch.setattr(conference.store, "transaction", refused)
        yield


@pytest.mark.parametrize("choice", ["save", "discard"])
async def test_a_score_typed_in_the_cell_is_not_dropped_by_ctrl_q(demo: Conference, choice: str) -> None:
    """QA F10: F6, the grid, `12` typed (the cell open, no Enter), F10, Ctrl+Q: the app asked nothing."""
    unit = demo.member_units()[0]
    first = scoring.criteria(demo)[0]
    before = scoring.scores(demo)[(unit.id, first.id)].self_score
    app = app_of(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6", "ctrl+t")
        await pilot.pause()
        await type_keys(pilot, ["1", "2", "f10", "ctrl+q"], TYPIST)
        assert "12" in asked(app) and first.code in asked(app)
        await pilot.click(f"#{choice}")
        await pilot.pause()
        assert not app.is_running
    expected = Decimal(12) if choice == "save" else before
    assert scoring.scores(demo)[(unit.id, first.id)].self_score == expected


async def test_an_open_form_with_typing_is_saved_on_the_way_out(demo: Conference) -> None:
    app = app_of(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await type_keys(pilot, ["ctrl+n", *"Hà Văn Minh", "ctrl+q"], SCANNER)
        assert "Thêm" in asked(app) or "đại biểu" in asked(app).lower()
        await type_keys(pilot, ["enter"], SCANNER)  # save and quit
        assert not app.is_running
    assert [p.full_name for p in demo.attendees() if p.full_name == "Hà Văn Minh"] == ["Hà Văn Minh"]


async def test_a_form_opened_and_left_as_it_was_does_not_ask(demo: Conference) -> None:
    app = app_of(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await type_keys(pilot, ["ctrl+n", "ctrl+q"], SCANNER)
        assert not app.is_running


async def test_a_form_saved_on_a_quit_that_stopped_is_not_saved_twice(demo: Conference,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Save and quit saved the open form (under the help), then the minutes' note was refused: the app stays, on the
    minutes. The form, already saved, closes on Ctrl+S without adding the person again."""
    from screens.minutes import MinutesScreen

    def named() -> int:
        return len([p for p in demo.attendees() if p.full_name == "Hà Văn Minh"])

    app = app_of(demo)
    async with app.run_test(size=SIZE) as pilot:
        monkeypatch.setattr(proceedings, "save_note", _refuse)  # the folder refuses the minutes' notes only
        await pilot.press("f10", "enter")
        await pilot.pause()
        await type_keys(pilot, [*"Ý kiến", "f3", "ctrl+n", *"Hà Văn Minh", "f1", "ctrl+q"], TYPIST)
        asked(app)
        await type_keys(pilot, ["enter"], SCANNER)  # save and quit: the form (under the help) first
        assert app.is_running and isinstance(app.screen, MinutesScreen)
        assert app.screen.query_one("#note", TextArea).text == "Ý kiến" and named() == 1
        monkeypatch.undo()
        await type_keys(pilot, ["f3", "escape"], SCANNER)
        assert isinstance(app.screen, RecordForm)
        await type_keys(pilot, ["ctrl+s"], SCANNER)
        assert isinstance(app.screen, AttendeesScreen) and named() == 1


def _refuse(*args: object, **kwargs: object) -> None:
    raise StoreError("Another program has held {path} for {seconds} s; try again.", path="…", seconds=10)


async def test_a_note_the_folder_refused_is_asked_about_and_saved(demo: Conference,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    first = demo.agenda()[0]
    app = app_of(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f10", "enter")
        await pilot.pause()
        with busy(demo, monkeypatch):
            await type_keys(pilot, [*"Ý kiến cuối"], TYPIST)
        assert proceedings.notes(demo).get(first.id or 0, "") != "Ý kiến cuối"
        await type_keys(pilot, ["ctrl+q"], SCANNER)
        assert first.title in asked(app) or "ghi" in asked(app).lower()
        await type_keys(pilot, ["enter"], SCANNER)
        assert not app.is_running
    assert proceedings.notes(demo)[first.id] == "Ý kiến cuối"  # type: ignore[index]


async def test_badges_scanned_during_the_ballot_question_are_not_lost_on_quit(demo: Conference) -> None:
    from screens.checkin import BallotHolder

    absent, _deputy, late = replaced_voter_and_next(demo)
    app = app_of(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        await type_keys(pilot, checkin.code_of(demo, absent) + "\r" + checkin.code_of(demo, late) + "\r", BURST)
        assert isinstance(app.screen, BallotHolder)
        await type_keys(pilot, ["ctrl+q"], SCANNER)
        assert "1" in asked(app)
        await type_keys(pilot, ["enter"], SCANNER)
        assert not app.is_running
    assert demo.attendee(late.id).present  # type: ignore[arg-type, union-attr]


async def test_keys_typed_while_badges_are_written_wait_for_the_screen_underneath(
        demo: Conference, monkeypatch: pytest.MonkeyPatch) -> None:
    from tdkt_tui.documents import badges

    def slow_badges(conference: Conference, progress: object, people: object = None) -> None:
        time.sleep(0.6)  # in the job's thread: the app goes on taking keys

    monkeypatch.setattr(badges, "write_badges", slow_badges)
    app = app_of(demo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        app.action_badges()
        await pilot.pause()
        assert isinstance(app.screen, JobScreen)
        await type_keys(pilot, [*"bao", "down"], TYPIST)
        assert isinstance(app.screen, JobScreen)
        assert "4" in str(app.screen.query_one("#held", Static).content)
        for _ in range(100):
            if not isinstance(app.screen, JobScreen):
                break
            await pilot.pause(0.05)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AttendeesScreen)
        assert screen.query_one("#filter", Input).value == "bao"
