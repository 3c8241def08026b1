"""How every screen and every dialog looks at 80×24 (a small laptop terminal) and 200×50 (a wide window or the
projector): SVG snapshots. After an intended change of look: `pytest tests/screens/test_looks.py --snapshot-update`,
then look at every SVG that changed."""

from __future__ import annotations

import datetime as dt
import shutil
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tdkt_tui.domain import checkin, voting
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.demo import write_demo
from tdkt_tui.domain.model import Attendee, Role
from tdkt_tui.sheets.scores import write_score_workbook
from tdkt_tui.ui.app import TdktApp

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"

SIZES = {"80x24": (80, 24), "200x50": (200, 50)}

#: Each screen and dialog, reached with the keys a secretary presses (the conference: the demo with its voting
#: delegates checked in, one poll open with three ballots and one not yet opened).
CASES: dict[str, list[str]] = {
    "dashboard": [],
    "attendees": ["f3"],
    "attendee_form_refused": ["f3", "ctrl+n", "ctrl+s"],
    "confirm_remove": ["f3", "ctrl+d"],
    "import_roster": ["f3", "ctrl+o"],
    "help": ["f3", "f1"],
    "settings_details": ["f4"],
    "settings_units": ["f4", "ctrl+t"],
    "settings_agenda": ["f4", "ctrl+t", "ctrl+t"],
    "unit_form": ["f4", "ctrl+t", "ctrl+n"],
    "agenda_form": ["f4", "ctrl+t", "ctrl+t", "ctrl+n"],
    "quit_asks": ["f4", "x", "ctrl+q"],
    "checkin": ["f5"],
    "walk_in_form": ["f5", "ctrl+g"],
    "scan_log": ["f5", "ctrl+l"],
    "reports": ["f6"],
    "report_form": ["f6", "enter"],
    "score_grid": ["f6", "ctrl+t", "down", "right"],
    "score_cell": ["f6", "ctrl+t", "enter"],
    "ranking": ["f6", "ctrl+t", "ctrl+t"],
    "criteria": ["f6", "ctrl+t", "ctrl+t", "ctrl+t"],
    "criterion_form": ["f6", "ctrl+t", "ctrl+t", "ctrl+t", "ctrl+n"],
    "import_scores": ["f6", "ctrl+t", "ctrl+o"],
    "tasks": ["f7"],
    "task_form_refused": ["f7", "ctrl+n", "ctrl+s"],
    "voting": ["f8"],
    "poll_form": ["f8", "ctrl+n"],
    "collected_form": ["f8", "ctrl+t"],
    "invalid_ballot_form": ["f8", "ctrl+b"],
    "open_poll_form": ["f8", "down", "ctrl+o"],
    "close_confirm": ["f8", "ctrl+k"],
    "projector": ["f9"],
    "minutes": ["f10"],
    "minutes_export_form": ["f10", "ctrl+o"],
    "minutes_preview": ["f10", "ctrl+r"],
    "opening_time_form": ["f10", "ctrl+k"],
    "committee_form": ["f8", "ctrl+y"],
    "change_poll_form": ["f8", "down", "ctrl+u"],
    "palette": ["ctrl+p"],
}


async def _substitute_form(pilot: Pilot) -> None:
    """The door: the name of an absent delegate typed, then Ctrl+B."""
    absent = next(p for p in pilot.app.conference.attendees() if p.role is Role.DELEGATE and not p.present)
    await pilot.press("f5", *absent.full_name, "ctrl+b")


async def _ballot_question(pilot: Pilot) -> None:
    """The door asks who holds the ballot: a voting delegate's substitute came first, then the delegate arrives."""
    conference = pilot.app.conference
    absent = next(p for p in conference.attendees() if p.role is Role.VOTING)
    checkin.undo(conference, absent.id or 0, "Bàn 1")
    checkin.substitute(conference, absent.id or 0, Attendee(full_name="Phan Văn Khải", title="Chuyên viên"), "Bàn 1")
    pilot.app.changed()
    await pilot.press("f5", *checkin.code_of(conference, absent), "enter")


async def _previewed(pilot: Pilot, keys: list[str], path: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()
    await pilot.press("escape", *path, "enter")  # the picker closed: the path typed instead
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _roster_preview(pilot: Pilot) -> None:
    """An office's roster (title rows, no role column) as the preview shows it: roles inferred, counts by role."""
    shutil.copy(SAMPLES / "roster-office.xlsx", Path("~/Documents/Danh sách hội nghị.xlsx").expanduser())
    await _previewed(pilot, ["f3", "ctrl+o"], "~/Documents/Danh sách hội nghị.xlsx")


async def _scores_preview(pilot: Pilot) -> None:
    """The bloc's own score workbook, brought back: the preview of what would change."""
    written = write_score_workbook(pilot.app.conference)
    shutil.copy(written, Path("~/Documents/Điểm tự chấm.xlsx").expanduser())
    await _previewed(pilot, ["f6", "ctrl+t", "ctrl+o"], "~/Documents/Điểm tự chấm.xlsx")


async def _progress(pilot: Pilot) -> None:
    """A long job (badges) a third of the way, with keys typed meanwhile waiting for the screen underneath."""
    from screens.widgets.progress import JobScreen

    release = threading.Event()

    def job(progress: Callable[[int, int], None]) -> None:
        progress(12, 38)
        release.wait(5)  # the app closes after the snapshot; the job then ends by itself

    await pilot.press("f3")
    pilot.app.push_screen(JobScreen("Đang viết thẻ đại biểu, ảnh mã QR và danh sách mã…", job))
    await pilot.pause()
    await pilot.press("a", "b", "c")
    await pilot.pause()


def _closed_poll(pilot: Pilot, level: int, quota: int, ballots: list[str]) -> None:
    """A third poll, counted and closed: every member unit a candidate, one round at the most."""
    conference = pilot.app.conference
    units = tuple(u.id or 0 for u in conference.member_units())
    poll = voting.create_poll(conference, voting.Poll(kind=voting.PollKind.AWARD, award=list(voting.AWARD_LEVELS)[level],
                                                      quota=quota, max_rounds=1, candidates=units))
    voting.open_poll(conference, poll.id or 0)
    voting.set_collected(conference, poll.id or 0, len(ballots))
    for ballot in ballots:
        voting.enter_ballot(conference, poll.id or 0, ballot)
    voting.close_poll(conference, poll.id or 0)
    pilot.app.changed()


async def _leaders_form(pilot: Pilot) -> None:
    """The last round left a tie at the cut-off: the leaders' decision, with the women-led unit pointed out."""
    _closed_poll(pilot, 1, 2, ["1 2"] * 4 + ["1 4"] * 4 + ["2 4"] * 3)
    await pilot.press("f8", "down", "down", "ctrl+l")


async def _unfilled_form(pilot: Pilot) -> None:
    """A seat left open without a tie: the form that leaves it unfilled, with its note for the minutes."""
    _closed_poll(pilot, 0, 3, ["1 2"] * 6 + ["1"] * 5)
    await pilot.press("f8", "down", "down", "ctrl+d")


#: Screens and dialogs reached through a state made on the way (a substitute at the door, a file brought in).
PREPARED: dict[str, Callable[[Pilot], Awaitable[None]]] = {
    "substitute_form": _substitute_form,
    "ballot_question": _ballot_question,
    "import_roster_preview": _roster_preview,
    "import_scores_preview": _scores_preview,
    "progress": _progress,
    "leaders_form": _leaders_form,
    "unfilled_form": _unfilled_form,
}


def conference_for_looks(folder: Path) -> Conference:
    conference = write_demo(folder)
    for person in conference.attendees():
        if person.role is Role.VOTING:
            checkin.scan(conference, checkin.code_of(conference, person), "Bàn 1")
    poll = voting.create_poll(conference, voting.Poll(kind=voting.PollKind.AWARD,
                                                      award=list(voting.AWARD_LEVELS)[2], quota=2))
    voting.open_poll(conference, poll.id)  # type: ignore[arg-type]
    voting.set_collected(conference, poll.id, 11)  # type: ignore[arg-type]
    for ballot in ("1 2", "2", "1 3"):
        voting.enter_ballot(conference, poll.id or 0, ballot)
    voting.create_poll(conference, voting.Poll(kind=voting.PollKind.LEADER, title="Bầu Trưởng khối năm 2019", quota=1))
    return conference


@pytest.fixture
def pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    """The clock of the demo's conference day, so the snapshots do not move with the calendar."""
    from screens.tasks import TasksScreen

    monkeypatch.setattr("tdkt_tui.domain.checkin._now", lambda: "2018-12-03T07:45:00")
    monkeypatch.setattr("tdkt_tui.domain.voting.lifecycle._now", lambda: "09:30")
    monkeypatch.setattr("tdkt_tui.domain.checkin.secrets.token_hex", lambda n: "ab" * n)
    monkeypatch.setattr(TasksScreen, "today", dt.date(2018, 12, 3))


@pytest.fixture
def pinned_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The file picker's folders: a home with two files in Documents, dated the conference's eve, no drives."""
    import os

    from screens.widgets import file_picker

    home = tmp_path / "nha"
    (home / "Documents" / "Hội nghị 2018").mkdir(parents=True)
    for name, size in (("Danh sách đại biểu.xlsx", 9_216), ("Bảng điểm thi đua.xlsx", 15_360)):
        path = home / "Documents" / name
        path.write_bytes(b"x" * size)
        stamp = dt.datetime(2018, 12, 2, 16, 30).timestamp()
        os.utime(path, (stamp, stamp))
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: home))
    monkeypatch.setenv("HOME", str(home))  # a path typed with ~ goes there too
    monkeypatch.setattr(file_picker, "_user_dir", lambda name, fallback: home / fallback)
    monkeypatch.setattr(file_picker, "removable_roots", lambda: [])


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("case", list(CASES))
def test_looks(snap_compare, tmp_path: Path, pinned: None, pinned_files: None, case: str, size: str) -> None:
    app = TdktApp(conference_for_looks(tmp_path / "looks"), lang="vi", desk="Bàn 1", watch_interval=60)
    # the conference is made inside the pinned clock: the count's start time and the audit digest stay put
    assert snap_compare(app, terminal_size=SIZES[size], run_before=keys_then_still(CASES[case]))


def keys_then_still(keys: list[str]) -> Any:
    """Press ``keys`` one by one, then let the app settle (the cursor is held steady for every snapshot by
    tests/conftest.py)."""

    async def run_before(pilot: Any) -> None:
        for key in keys:
            await pilot.press(key)
        await pilot.pause()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("case", list(PREPARED))
def test_looks_prepared(snap_compare, tmp_path: Path, pinned: None, pinned_files: None, case: str, size: str) -> None:
    app = TdktApp(conference_for_looks(tmp_path / "looks"), lang="vi", desk="Bàn 1", watch_interval=60)
    assert snap_compare(app, run_before=PREPARED[case], terminal_size=SIZES[size])


def test_new_conference_settings(snap_compare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tdkt_tui.domain.model.this_year", lambda: 2026)
    app = TdktApp(Conference.open(tmp_path / "new"), lang="vi", watch_interval=60)
    assert snap_compare(app, terminal_size=SIZES["80x24"], run_before=keys_then_still([]))
