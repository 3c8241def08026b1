"""Every keystroke lands: each input screen typed at a scanner's burst (1 ms) and a fast typist's (30 ms), and
right after a dialog closes; what was stored is compared with what was typed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from textual.widgets import Input, TextArea

from screens.attendees import AttendeesScreen
from screens.checkin import CheckinScreen
from screens.minutes import MinutesScreen
from screens.settings import SettingsScreen
from screens.voting import VotingScreen
from screens.widgets.record_form import RecordForm
from screens.widgets.rowtable import RowTable
from tdkt_tui.domain import checkin, proceedings, scoring, voting
from tdkt_tui.domain.conference import Conference
from tdkt_tui.ui.app import TdktApp
from tests.helpers.pilot import SPEEDS, type_keys

SIZE = (120, 36)
SPEED = pytest.mark.parametrize("speed", sorted(SPEEDS))


def app_of(conference: Conference) -> TdktApp:
    return TdktApp(conference, lang="vi", desk="Bàn 1", watch_interval=60)


@SPEED
async def test_score_grid_keys_that_open_the_cell_are_kept(demo: Conference, speed: str) -> None:
    """`39,5` as a burst was saved as `5`; `17` at 30 ms as `7`: the keys that open the editor must land in it."""
    unit = demo.member_units()[0]
    for code in ("5.1", "5.2"):
        scoring.save_criterion(demo, scoring.Criterion(code=code, title="Đóng góp " + code, max_points=Decimal(50)))
    rows = scoring.criteria(demo)
    big = next(c for c in rows if c.code == "5.1")
    async with app_of(demo).run_test(size=SIZE) as pilot:
        await pilot.press("f6", "ctrl+t")
        await pilot.pause()
        grid = pilot.app.screen.query_one("#grid", RowTable)
        grid.cursor = rows.index(big)
        await pilot.pause()
        assert grid.has_focus and not pilot.app.screen.query_one("#cell", Input).display
        await type_keys(pilot, "39,5\r17\r", SPEEDS[speed])
        following = rows[rows.index(big) + 1]
        values = scoring.scores(demo)
        assert values[(unit.id, big.id)].self_score == Decimal("39.5")
        assert following.code == "5.2" and values[(unit.id, following.id)].self_score == Decimal("17")


@SPEED
async def test_a_whole_score_sheet_read_aloud(demo: Conference, speed: str) -> None:
    unit = demo.member_units()[1]
    rows = scoring.criteria(demo)[:6]
    typed = ["1", "2,5", "0", "1,25", "3", "2"]
    async with app_of(demo).run_test(size=SIZE) as pilot:
        await pilot.press("f6", "ctrl+t", "right_square_bracket")
        await pilot.pause()
        await type_keys(pilot, "\r".join(typed) + "\r", SPEEDS[speed])
        values = scoring.scores(demo)
        assert [values[(unit.id, c.id)].self_score for c in rows] == [Decimal(t.replace(",", ".")) for t in typed]


@SPEED
async def test_first_ballot_after_papers_open_and_collected_is_recorded(hall: Conference, speed: str) -> None:
    """Ctrl+W → Ctrl+O → Ctrl+T (collected, save): the first ballot typed then was lost."""
    async with app_of(hall).run_test(size=SIZE) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        poll = voting.create_poll(hall, voting.Poll(kind=voting.PollKind.AWARD, award=list(voting.AWARD_LEVELS)[2],
                                                    quota=2))
        pilot.app.changed()
        await pilot.pause()
        await type_keys(pilot, ["ctrl+w"], SPEEDS[speed])
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await type_keys(pilot, ["ctrl+o", "enter", "ctrl+t"], SPEEDS[speed])  # open with the issued count of check-in
        form = pilot.app.screen
        assert isinstance(form, RecordForm) and form.focused is form.query_one("#collected", Input)
        await type_keys(pilot, ["1", "1", "enter", "1", " ", "3", "enter", "2", "enter", "2", " ", "1", "enter"],
                        SPEEDS[speed])
        assert isinstance(pilot.app.screen, VotingScreen)
        assert voting.get_poll(hall, poll.id).collected == 11  # type: ignore[arg-type]
        assert [b.kept for b in voting.ballots(hall, poll.id or 0)] == [(1, 3), (2,), (1, 2)]


@SPEED
async def test_ballots_back_to_back(hall: Conference, speed: str) -> None:
    poll = voting.create_poll(hall, voting.Poll(kind=voting.PollKind.AWARD, award=list(voting.AWARD_LEVELS)[2],
                                                quota=3))
    voting.open_poll(hall, poll.id)  # type: ignore[arg-type]
    voting.set_collected(hall, poll.id, 11)  # type: ignore[arg-type]
    ballots = ["1 2 3", "2", "1 3", "", "3", "2 1", "1"]
    assert len(voting.get_poll(hall, poll.id).candidates) >= 3  # type: ignore[arg-type]
    async with app_of(hall).run_test(size=SIZE) as pilot:
        await pilot.press("f8", "enter")
        await pilot.pause()
        await type_keys(pilot, "".join(b + "\r" for b in ballots if b), SPEEDS[speed])
        stored = [tuple(sorted(b.kept)) for b in voting.ballots(hall, poll.id or 0)]
        assert stored == [tuple(sorted(int(n) for n in b.split())) for b in ballots if b]


@SPEED
async def test_door_scans_back_to_back_and_a_name(demo: Conference, speed: str) -> None:
    people = demo.attendees()[:5]
    codes = [checkin.code_of(demo, p) for p in people]
    async with app_of(demo).run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        await type_keys(pilot, "".join(c + "\r" for c in codes), SPEEDS[speed])
        assert all(demo.attendee(p.id).present for p in people)  # type: ignore[union-attr]
        target = demo.attendees()[7]
        await type_keys(pilot, target.full_name + "\r\r", SPEEDS[speed])
        assert demo.attendee(target.id).present  # type: ignore[union-attr]
        assert pilot.app.screen.query_one("#scan", Input).has_focus


@SPEED
async def test_attendee_form_typed_right_after_it_opens(demo: Conference, speed: str) -> None:
    name, title, seat = "Trần Thị Thu Hà", "Phó Chánh Văn phòng", "D07"
    async with app_of(demo).run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await type_keys(pilot, ["ctrl+n", *name, "tab", "tab", *title, "tab", "tab", "tab", "tab", *seat, "ctrl+s",
                                *"thu ha"], SPEEDS[speed])
        added = [p for p in demo.attendees() if p.full_name == name]
        assert len(added) == 1 and added[0].title == title and added[0].seat == seat
        screen = pilot.app.screen
        assert isinstance(screen, AttendeesScreen)
        assert screen.query_one("#filter", Input).value == "thu ha"  # letters after saving go to the search


@SPEED
async def test_attendee_search_enter_opens_and_arrows_move(demo: Conference, speed: str) -> None:
    async with app_of(demo).run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await type_keys(pilot, [*"bao bac ninh", "down", "enter"], SPEEDS[speed])
        form = pilot.app.screen
        assert isinstance(form, RecordForm)
        people = [p for p in demo.attendees() if demo.unit(p.unit_id) and demo.unit(p.unit_id).name == "Báo Bắc Ninh"]
        assert form.query_one("#full_name", Input).value == people[1].full_name
        field = form.query_one("#full_name", Input)
        assert field.selected_text == ""  # a stray key does not replace the name
        await type_keys(pilot, ["end", *" Jr", "enter", *"xy"], SPEEDS[speed])
        assert demo.attendee(people[1].id).full_name == people[1].full_name + " Jr"  # type: ignore[union-attr]
        assert pilot.app.screen.query_one("#filter", Input).value == "bao bac ninhxy"


@SPEED
async def test_settings_details_typed_and_saved(tmp_path, speed: str) -> None:
    conference = Conference.open(tmp_path / "new")
    async with app_of(conference).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(pilot.app.screen, SettingsScreen)
        await type_keys(pilot, [*"Cụm thi đua số 3", "tab", "tab", "home", "ctrl+k", *"2025", "tab", *"5/1/2025", "ctrl+s"],
                        SPEEDS[speed])
        info = conference.info()
        assert info.bloc_name == "Cụm thi đua số 3" and info.year == 2025 and info.date.isoformat() == "2025-01-05"
    conference.close()


@SPEED
async def test_minutes_note_typed(demo: Conference, speed: str) -> None:
    text = "Đồng chí Trưởng khối khai mạc, 08:05."
    async with app_of(demo).run_test(size=SIZE) as pilot:
        await pilot.press("f10")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, MinutesScreen)
        await type_keys(pilot, ["enter", *text], SPEEDS[speed])
        assert screen.query_one("#note", TextArea).text == text
        first = demo.agenda()[0]
        assert proceedings.notes(demo)[first.id] == text


@SPEED
async def test_scan_log_search_typed(demo: Conference, speed: str) -> None:
    async with app_of(demo).run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        await type_keys(pilot, ["ctrl+l", *"ban 1"], SPEEDS[speed])
        assert pilot.app.screen.query_one("#filter", Input).value == "ban 1"
        assert isinstance(pilot.app.screen, type(pilot.app.screen))
        await type_keys(pilot, ["escape", *"abc"], SPEEDS[speed])
        assert isinstance(pilot.app.screen, CheckinScreen)
        assert pilot.app.screen.query_one("#scan", Input).value == "abc"
