"""The projector view: the tally for the hall, live, at 80×24 and 200×60."""

from __future__ import annotations

from pathlib import Path

import pytest

from screens.projector import Board, ProjectorScreen, Row, TallyBoard, ellipsize
from tdkt_tui.domain import checkin, voting
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.demo import write_demo
from tdkt_tui.domain.model import Role
from tdkt_tui.domain.voting import Poll, PollKind, Rule, Threshold
from tdkt_tui.ui.app import TdktApp

AWARD = "Cờ thi đua của UBND tỉnh"
MID_COUNT = ["1 2 3 4", "1 2 3 5", "1 2 4 6", "1 3 7 8", "2 3 9 10", "1 2 3 11", "1 2 5 6"]
REST = ["1 2 3 4", "1 2 4 5", "1 3 2 4", "1 2 3 4"]


def hall_poll(conference: Conference, quota: int = 4, rule: Rule = Rule.AT_LEAST_TWO_THIRDS) -> Poll:
    """An open award poll among the 11 member units, all present, 11 ballots collected (threshold ≥ 2/3)."""
    for unit in conference.member_units():
        person = next(p for p in conference.attendees() if p.unit_id == unit.id and p.role is Role.VOTING)
        checkin.check_in_person(conference, person.id, "Bàn 1")
    poll = voting.create_poll(conference, Poll(PollKind.AWARD, award=AWARD, quota=quota, threshold=Threshold(rule),
                                               candidates=voting.default_candidates(conference)))
    voting.open_poll(conference, poll.id)
    return voting.set_collected(conference, poll.id, 11)


def screen_text(app: TdktApp) -> str:
    board = app.screen.query_one(TallyBoard)
    return "\n".join(str(line) for line in board.lines(board.size.width, board.size.height))


async def test_counts_grow_with_each_ballot_and_winners_show_after_closing(demo_app: TdktApp) -> None:
    poll = hall_poll(demo_app.conference)
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await demo_app.push_screen(ProjectorScreen(poll.id))
        await pilot.pause()
        text = screen_text(demo_app)
        assert "Cờ thi đua của UBND tỉnh — vòng 1" in text
        assert "Đã kiểm 0/11 phiếu" in text
        for ballot in MID_COUNT:
            voting.enter_ballot(demo_app.conference, poll.id, ballot)
            demo_app.changed()
            await pilot.pause()
        text = screen_text(demo_app)
        assert "Đã kiểm 7/11 phiếu" in text
        assert "cần 5 phiếu" in text and "≥ 2/3" in text  # 2/3 of 7 valid ballots is 4.67: 5 votes
        lines = text.splitlines()
        first = next(line for line in lines if line.lstrip().startswith("1. Ban Nội chính Tỉnh uỷ"))
        assert first.rstrip().endswith("6 85,71%")
        # the threshold rule stands at the same column on every bar
        columns = {line.index("┃") for line in lines if line[:3].strip().rstrip(".").isdigit()}
        assert len(columns) == 1
        assert "ĐẠT" not in text and "Trúng" not in text  # nothing is decided while counting

        for ballot in REST:
            voting.enter_ballot(demo_app.conference, poll.id, ballot)
        voting.close_poll(demo_app.conference, poll.id)
        demo_app.changed()
        await pilot.pause()
        text = screen_text(demo_app)
        assert "Đã kiểm 11/11 phiếu" in text and "Đã kết thúc kiểm phiếu" in text
        assert "cần 8 phiếu" in text
        marked = [line for line in text.splitlines() if "✓ ĐƯỢC SUY TÔN" in line]  # an award: nominated
        assert [line.split(".")[0].strip() for line in marked] == ["1", "2", "3"]
        assert "10 90,91% ✓ ĐƯỢC SUY TÔN" in marked[0]
        flat = " ".join(text.split())
        assert "Được suy tôn: Ban Nội chính Tỉnh uỷ, Ban Tuyên giáo Tỉnh uỷ, Ban Dân vận Tỉnh uỷ" in flat
        assert "Còn thiếu 1 đơn vị" in flat
        await pilot.press("escape")
        assert not isinstance(demo_app.screen, ProjectorScreen)


async def test_follows_the_open_poll_and_redraws_from_the_poll_timer(demo_app: TdktApp) -> None:
    async with demo_app.run_test(size=(200, 60)) as pilot:
        await demo_app.push_screen(ProjectorScreen())
        await pilot.pause()
        assert "Chưa có cuộc bỏ phiếu nào đang kiểm" in screen_text(demo_app)
        poll = hall_poll(demo_app.conference, quota=1)
        voting.enter_ballot(demo_app.conference, poll.id, "2")
        demo_app.changed()
        await pilot.pause()
        assert "Đã kiểm 1/11 phiếu" in screen_text(demo_app)
        # another desk writes: the app's poll timer (0.1 s here) notices and the board follows
        other = Conference.open(demo_app.conference.folder)
        try:
            voting.enter_ballot(other, poll.id, "2")
        finally:
            other.close()
        for _ in range(40):
            await pilot.pause(0.05)
            if "Đã kiểm 2/11 phiếu" in screen_text(demo_app):
                break
        text = screen_text(demo_app)
        assert "Đã kiểm 2/11 phiếu" in text
        assert "2 100,00%" in text
        await pilot.press("q")
        assert not isinstance(demo_app.screen, ProjectorScreen)


async def test_ties_are_marked(demo_app: TdktApp) -> None:
    poll = hall_poll(demo_app.conference, quota=2, rule=Rule.MORE_THAN_HALF)
    for ballot in ["1 2"] * 4 + ["1 3"] * 4 + ["2 3"] * 3:  # 8, 7, 7 votes for two seats
        voting.enter_ballot(demo_app.conference, poll.id, ballot)
    voting.close_poll(demo_app.conference, poll.id)
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await demo_app.push_screen(ProjectorScreen(poll.id))
        await pilot.pause()
        text = screen_text(demo_app)
        assert [line.split(".")[0].strip() for line in text.splitlines() if "= BẰNG PHIẾU" in line] == ["2", "3"]
        assert "8 72,73% ✓ ĐƯỢC SUY TÔN" in text
        flat = " ".join(text.split())  # wrapped at 80 columns
        assert "Được suy tôn: Ban Nội chính Tỉnh uỷ" in flat
        # both tied units reached the threshold: never "nobody reached"
        assert "Đạt tỷ lệ và bằng phiếu ở vị trí cuối: Ban Tuyên giáo Tỉnh uỷ, Ban Dân vận Tỉnh uỷ — còn thiếu 1 " \
            "đơn vị" in flat and "Không đơn vị nào" not in flat


async def test_seats_left_unfilled_and_a_leader_by_rotation(demo_app: TdktApp) -> None:
    conference = demo_app.conference
    poll = hall_poll(conference, quota=3, rule=Rule.MORE_THAN_HALF)
    for ballot in ["1 2"] * 6 + ["1"] * 5:  # two units reach 6 of 11: one seat open, no tie
        voting.enter_ballot(conference, poll.id, ballot)
    voting.close_poll(conference, poll.id)
    voting.leave_unfilled(conference, poll.id, "Không bầu tiếp")
    rotation = voting.record_rotation(conference, PollKind.LEADER, conference.member_units()[2].id)
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await demo_app.push_screen(ProjectorScreen(poll.id))
        await pilot.pause()
        assert "để trống 1" in screen_text(demo_app).lower()
        await demo_app.push_screen(ProjectorScreen(rotation.id))
        await pilot.pause()
        text = screen_text(demo_app)
        assert "LUÂN PHIÊN" in text and conference.member_units()[2].name in text
        assert rotation.digest in text


def many(n: int) -> Board:
    rows = [Row(f"{i}.", f"Đơn vị có tên rất dài để thử cắt tên số {i}", i, voting.percent(i, 40)) for i in range(1, n + 1)]
    return Board(title="Bằng khen", counted="Đã kiểm 40/40 phiếu", threshold="┃ ngưỡng", rows=rows, base=40, needed=21)


def test_more_candidates_than_fit_show_the_top_ones_and_a_count() -> None:
    board = TallyBoard()
    board.board = many(30)
    lines = [str(line) for line in board.lines(78, 24)]
    assert len(lines) == 24 and all(len(line) <= 78 for line in lines)
    bars = [line for line in lines if "┃" in line and line[:3].strip().rstrip(".").isdigit()]
    assert bars[0].lstrip().startswith("30.") and "…" in bars[0]  # most votes first, names cut
    shown = len(bars)
    assert f"+{30 - shown} đơn vị khác ít phiếu hơn" in "\n".join(lines)
    # the marker sits at 21/40 of every bar
    assert len({line.index("┃") for line in bars}) == 1


def test_big_screen_draws_tall_bars() -> None:
    board = TallyBoard()
    board.board = many(11)
    lines = [str(line) for line in board.lines(198, 60)]
    named = [i for i, line in enumerate(lines) if "Đơn vị có tên" in line]
    assert len(named) == 11 and named[1] - named[0] == 4  # three rows of bar and a blank line each
    assert "Đơn vị có tên rất dài để thử cắt tên số 11" in lines[named[-1]]  # room for whole names


def test_ellipsize() -> None:
    assert ellipsize("Ban Tuyên giáo Tỉnh uỷ", 10) == "Ban Tuyên…"
    assert ellipsize("Báo Bắc Ninh", 20) == "Báo Bắc Ninh"


# -- snapshots -----------------------------------------------------------------------------------------------------


def snap_app(tmp_path: Path, closed: bool, monkeypatch: pytest.MonkeyPatch) -> TdktApp:
    """The demo mid-count or closed; the committee's times are fixed, so the digest on the board is the same."""
    monkeypatch.setattr("tdkt_tui.domain.voting.lifecycle._now", lambda: "09:30")
    conference = write_demo(tmp_path / "snap")
    poll = hall_poll(conference)
    for ballot in MID_COUNT + (REST if closed else []):
        voting.enter_ballot(conference, poll.id, ballot)
    if closed:
        voting.close_poll(conference, poll.id)
    return TdktApp(conference, lang="vi", desk="Bàn 1")


async def push_projector(pilot) -> None:
    await pilot.app.push_screen(ProjectorScreen())
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=["80x24", "200x60"])
@pytest.mark.parametrize("closed", [False, True], ids=["mid_count", "closed"])
def test_snapshot(snap_compare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, closed: bool,
                  size: tuple[int, int]) -> None:
    assert snap_compare(snap_app(tmp_path, closed=closed, monkeypatch=monkeypatch), run_before=push_projector,
                        terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_the_hall_sees_the_running_digest_as_ballots_go_in(demo_app: TdktApp, size: tuple[int, int]) -> None:
    """Each ballot moves the audit digest on; the projector shows the digest of the moment, and the final one (the
    one the committee signs) once the count closes."""
    poll = hall_poll(demo_app.conference)
    async with demo_app.run_test(size=size) as pilot:
        await demo_app.push_screen(ProjectorScreen(poll.id))
        await pilot.pause()
        seen = []
        for ballot in [*MID_COUNT, *REST]:
            voting.enter_ballot(demo_app.conference, poll.id, ballot)
            demo_app.changed()
            await pilot.pause()
            running = voting.running_digest(demo_app.conference, poll.id)
            text = " ".join(screen_text(demo_app).split())
            assert f"Mã kiểm chứng đến lúc này: {running}" in text
            assert not seen or seen[-1] not in text  # the digest of the ballot before is gone
            seen.append(running)
        assert len(set(seen)) == len(seen)  # a new digest with every ballot
        digest = voting.close_poll(demo_app.conference, poll.id)
        demo_app.changed()
        await pilot.pause()
        text = " ".join(screen_text(demo_app).split())
        assert f"Mã kiểm chứng: {digest}" in text and "đến lúc này" not in text
