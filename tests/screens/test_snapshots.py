"""How the key screens look (SVG snapshots; `pytest --snapshot-update` after an intended change)."""

from __future__ import annotations

from pathlib import Path

from tdkt_tui.domain.checkin import check_in_person
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.demo import write_demo
from tdkt_tui.ui.app import TdktApp

SIZE = (120, 36)


def demo_app(tmp_path: Path, lang: str = "vi", present: int = 0) -> TdktApp:
    conference = write_demo(tmp_path / "snap")
    for person in conference.attendees()[:present]:
        check_in_person(conference, person.id, "Bàn 1")  # type: ignore[arg-type]
    return TdktApp(conference, lang=lang)


def test_dashboard(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(demo_app(tmp_path, present=30), terminal_size=SIZE)


def test_dashboard_english(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(demo_app(tmp_path, lang="en"), terminal_size=SIZE)


def test_attendees_filtered(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(demo_app(tmp_path, present=6), press=["f3", *"ban to chuc"], terminal_size=SIZE)


def test_attendee_form_with_error(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(demo_app(tmp_path), press=["f3", "ctrl+n", "ctrl+s"], terminal_size=SIZE)


def test_settings_of_a_new_conference(snap_compare, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("tdkt_tui.domain.model.this_year", lambda: 2026)
    app = TdktApp(Conference.open(tmp_path / "new"), lang="vi")
    assert snap_compare(app, terminal_size=SIZE)  # the cursor is held steady for every snapshot (tests/conftest.py)


def test_settings_units_tab(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(demo_app(tmp_path), press=["f4", "ctrl+t"], terminal_size=SIZE)


def test_help(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(demo_app(tmp_path), press=["f3", "f1"], terminal_size=SIZE)


def test_score_grid(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(demo_app(tmp_path), press=["f6", "ctrl+t", "down", "right"], terminal_size=SIZE)


def test_tasks_on_the_conference_day(snap_compare, tmp_path: Path, monkeypatch) -> None:
    import datetime as dt

    from screens.tasks import TasksScreen

    monkeypatch.setattr(TasksScreen, "today", dt.date(2018, 12, 3))
    assert snap_compare(demo_app(tmp_path), press=["f7"], terminal_size=SIZE)
