"""Votes counted through the real screen: a whole nomination with the cascade, a tie and its second round, the
leader election and a motion — ballots typed as they are read aloud."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from fractions import Fraction

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Select, SelectionList

from screens.voting import AWARDS, VotingScreen
from screens.widgets.record_form import RecordForm
from tdkt_tui.domain import checkin, voting
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.errors import ValidationError
from tdkt_tui.domain.model import Role
from tdkt_tui.ui.app import TdktApp

SIZE = (130, 40)


@contextlib.asynccontextmanager
async def counting_desk(conference: Conference) -> AsyncIterator[tuple[TdktApp, Pilot]]:
    """The app at desk "Bàn 1", on the vote-counting screen (F8)."""
    app = TdktApp(conference, lang="vi", desk="Bàn 1")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        yield app, pilot


async def read_aloud(pilot, *ballots: str) -> None:
    """Type each ballot and Enter, as fast as the secretary types them."""
    app = pilot.app
    for ballot in ballots:
        for char in ballot:
            app.post_message(events.Key("space" if char == " " else char, char))
        app.post_message(events.Key("enter", "\r"))
        await pilot.pause()


async def poll_form(pilot: Pilot) -> RecordForm:
    """Ctrl+N: the form of a new poll."""
    await pilot.press("ctrl+n")
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, RecordForm)
    return form


async def new_poll(pilot, kind: str = "award", award: str | None = None, quota: int | str = 1,
                   everyone: bool = True) -> voting.Poll:
    """Ctrl+N, fill the form, Ctrl+S; ``everyone`` ticks every member unit as a candidate (else the default list)."""
    app = pilot.app
    form = await poll_form(pilot)
    form.query_one("#kind", Select).value = kind
    if award is not None:
        form.query_one("#award", Select).value = award
    form.query_one("#quota", Input).value = str(quota)
    if everyone:
        form.query_one("#candidates", SelectionList).select_all()
    await pilot.press("ctrl+s")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, VotingScreen), str(form.query_one("#form-error").content)
    return voting.get_poll(screen.conference, screen.poll_id)  # type: ignore[arg-type]


async def open_and_collect(pilot, collected: int = 11, issued: str = "", reason: str = "") -> None:
    """Ctrl+O: the opening form (ballots issued from check-in, or another number with its reason; collected)."""
    await pilot.press("ctrl+o")
    await pilot.pause()
    if issued:
        pilot.app.screen.query_one("#issued", Input).value = issued
        pilot.app.screen.query_one("#reason", Input).value = reason
    pilot.app.screen.query_one("#collected", Input).value = str(collected)
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert isinstance(pilot.app.screen, VotingScreen), str(pilot.app.screen.query_one("#form-error").content)
    pilot.app.screen.query_one("#ballot", Input).focus()


async def close(pilot) -> None:
    await pilot.press("ctrl+k")
    await pilot.pause()
    await pilot.press("y")
    await pilot.pause()


async def test_a_whole_nomination_with_the_cascade(hall: Conference) -> None:
    async with counting_desk(hall) as (app, pilot):
        government = await new_poll(pilot, award=AWARDS[0], quota=1)
        assert len(government.candidates) == 11
        await open_and_collect(pilot)
        await read_aloud(pilot, *["1"] * 9, "2", "3")
        assert "hợp lệ" in str(app.screen.query_one("#last-ballot").content)  # Vietnamese interface
        await close(pilot)
        first = voting.tally(hall, government.id)  # type: ignore[arg-type]
        assert first.winners == (government.candidates[0],) and first.digest
        assert f"Mã kiểm chứng: {first.digest}" in str(app.screen.query_one("#poll-info").content)  # printed at close
        assert first.digest in str(app.screen.query_one("#last-ballot").content)  # and said to put in the minutes

        province = await new_poll(pilot, award=AWARDS[1], quota=2)
        assert government.candidates[0] not in province.candidates and len(province.candidates) == 10
        await open_and_collect(pilot)
        await read_aloud(pilot, *["1 2"] * 10, "1 2 3")  # the last keeps too many: invalid by itself
        assert "KHÔNG HỢP LỆ" in str(app.screen.query_one("#last-ballot").content)
        await close(pilot)
        second = voting.tally(hall, province.id)  # type: ignore[arg-type]
        assert second.invalid == 1 and second.winners == province.candidates[:2]

        certificates = await new_poll(pilot, award=AWARDS[2], quota=4)
        assert len(certificates.candidates) == 8
        assert not set(certificates.candidates) & {*first.winners, *second.winners}
        await open_and_collect(pilot)
        await read_aloud(pilot, *["1 2 3 4"] * 11)
        await close(pilot)
        third = voting.tally(hall, certificates.id)  # type: ignore[arg-type]
        assert third.winners == certificates.candidates[:4]
        assert voting.verify(hall).ok
        await pilot.press("ctrl+g")
        await pilot.pause()
        import docx

        written = next((hall.folder / "exports").glob("bien-ban-kiem-phieu-*.docx"))
        text = "\n".join(p.text for p in docx.Document(str(written)).paragraphs)
        assert "BIÊN BẢN\nKiểm phiếu bầu suy tôn" in text and third.digest in text  # the kind, then the subject


async def test_a_tie_goes_to_a_second_round(hall: Conference) -> None:
    async with counting_desk(hall) as (app, pilot):
        poll = await new_poll(pilot, award=AWARDS[1], quota=2)
        await open_and_collect(pilot)
        await read_aloud(pilot, *["1 2"] * 4, *["1 3"] * 4, *["2 3"] * 3)
        await close(pilot)
        result = voting.tally(hall, poll.id)  # type: ignore[arg-type]
        assert result.winners == (poll.candidates[0],) and set(result.tied) == set(poll.candidates[1:3])
        assert result.open_seats == 1
        assert "vòng 2" in str(app.screen.query_one("#poll-info").content).lower() or result.open_seats
        await pilot.press("ctrl+r")
        await pilot.pause()
        second = voting.get_poll(hall, app.screen.poll_id)  # type: ignore[attr-defined]
        assert second.round == 2 and set(second.candidates) == set(result.tied) and second.quota == 1
        await open_and_collect(pilot)
        await read_aloud(pilot, *["1"] * 7, *["2"] * 4)
        await close(pilot)
        assert voting.tally(hall, second.id).winners == (second.candidates[0],)  # type: ignore[arg-type]


async def test_leader_election_and_a_motion(hall: Conference) -> None:
    async with counting_desk(hall) as (app, pilot):
        leader = await new_poll(pilot, kind="leader", quota=1)
        await open_and_collect(pilot)
        await read_aloud(pilot, *["2"] * 8, *["1"] * 3)
        await close(pilot)
        assert voting.tally(hall, leader.id).winners == (leader.candidates[1],)  # type: ignore[arg-type]
        await pilot.press("f2")
        await pilot.pause()
        from tests.helpers.pilot import rendered

        details = rendered(app.screen, "#details")
        assert "Trưởng khối năm sau" in details and hall.unit(leader.candidates[1]).name in details
        await pilot.press("f8")
        await pilot.pause()
        motion = await new_poll(pilot, kind="motion", everyone=False)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.screen.query_one("#issued", Input).value == "11"  # the voting delegates present
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert voting.get_poll(hall, motion.id).issued == 11  # type: ignore[arg-type]
        await read_aloud(pilot, "10 1")
        assert "ba số" in str(app.screen.query_one("#last-ballot").content)
        await read_aloud(pilot, "10 1 0")  # the refused "10 1" was selected: typing replaces it
        result = voting.tally(hall, motion.id)  # type: ignore[arg-type]
        assert result.passed and result.motion is not None and result.motion.agree == 10
        await read_aloud(pilot, "10 5 0")  # more hands than voters present
        assert voting.tally(hall, motion.id).motion.agree == 10  # type: ignore[arg-type,union-attr]


async def test_the_demo_runs_a_vote_with_paper_attendance_and_double_entry(demo: Conference) -> None:
    """Nobody checked in on the app (paper list): opening refuses to hand out 0 ballots and asks for the number issued
    with its reason, all in one form; then two clerks type the stack."""
    async with counting_desk(demo) as (app, pilot):
        poll = await new_poll(pilot, award=AWARDS[0], quota=1)
        await pilot.press("ctrl+o")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RecordForm) and form.query_one("#issued", Input).value == ""
        form.query_one("#collected", Input).value = "11"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and "điểm danh" in str(form.query_one("#form-error").content)
        assert voting.get_poll(demo, poll.id).status is voting.Status.DRAFT  # type: ignore[arg-type]
        form.query_one("#issued", Input).value = "11"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and "lý do" in str(form.query_one("#form-error").content).lower()
        form.query_one("#reason", Input).value = "Điểm danh bằng danh sách giấy"
        await pilot.press("ctrl+s")
        await pilot.pause()
        opened = voting.get_poll(demo, poll.id)  # type: ignore[arg-type]
        assert (opened.issued, opened.collected, opened.status) == (11, 11, voting.Status.OPEN)
        app.screen.query_one("#ballot", Input).focus()
        await read_aloud(pilot, *["1"] * 10, "2")
        await pilot.press("ctrl+e")
        await read_aloud(pilot, *["1"] * 9, "3", "2")
        assert voting.mismatches(demo, poll.id) == [10]  # type: ignore[arg-type]
        assert "10" in str(app.screen.query_one("#poll-info").content)
        await close(pilot)
        assert voting.get_poll(demo, poll.id).status is voting.Status.OPEN  # type: ignore[arg-type]
        await pilot.press("ctrl+z")
        await pilot.pause()
        await pilot.press("ctrl+z")
        await pilot.pause()
        await read_aloud(pilot, "1", "2")
        assert voting.mismatches(demo, poll.id) == []  # type: ignore[arg-type]
        await close(pilot)
        assert voting.tally(demo, poll.id).winners == (poll.candidates[0],)  # type: ignore[arg-type]


async def test_new_poll_form_settings_and_bad_threshold(hall: Conference) -> None:
    async with counting_desk(hall) as (app, pilot):
        form = await poll_form(pilot)
        form.query_one("#award", Select).value = AWARDS[2]
        form.query_one("#quota", Input).value = "4"
        form.query_one("#threshold", Input).value = "0/3"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and form.focused is form.query_one("#threshold", Input)
        assert voting.polls(hall) == []
        form.query_one("#threshold", Input).value = "từ 3/4 trở lên"
        form.query_one("#voters", Select).value = voting.Voters.EVERY_VOTING_DELEGATE_PRESENT.value
        from textual.widgets import Checkbox

        form.query_one("#cascade", Checkbox).value = False
        await pilot.press("ctrl+s")
        await pilot.pause()
        poll = voting.polls(hall)[0]
        assert poll.threshold.exact == (Fraction(3, 4), False) and not poll.cascade
        assert poll.voters is voting.Voters.EVERY_VOTING_DELEGATE_PRESENT


async def test_the_leaders_decide_a_tie_and_the_form_points_out_the_women_led_unit(hall: Conference) -> None:
    """One round only, a tie for the second seat between a women-led unit and another: Ctrl+L says which unit the
    law prefers; the leaders may still choose the other, and the decision records the preference."""
    async with counting_desk(hall) as (app, pilot):
        form = await poll_form(pilot)
        form.query_one("#award", Select).value = AWARDS[1]
        form.query_one("#quota", Input).value = "2"
        form.query_one("#rounds", Input).value = "1"
        form.query_one("#candidates", SelectionList).select_all()
        await pilot.press("ctrl+s")
        await pilot.pause()
        poll = voting.get_poll(hall, app.screen.poll_id)  # type: ignore[attr-defined]
        tied = (poll.candidates[1], poll.candidates[3])  # the second and fourth in the ranking
        women = [u for u in tied if hall.unit(u).women_led]
        assert len(women) == 1, "the demo's second-ranked unit is women-led, its fourth is not"
        await open_and_collect(pilot)
        await read_aloud(pilot, *["1 2"] * 4, *["1 4"] * 4, *["2 4"] * 3)
        await close(pilot)
        assert "Ctrl+L" in str(app.screen.query_one("#poll-info").content)  # the last round: the leaders decide
        await pilot.press("ctrl+l")
        await pilot.pause()
        decision = app.screen
        assert isinstance(decision, RecordForm)
        assert hall.unit(women[0]).name in str(decision.query_one("#form-title").content)
        other = next(u for u in tied if u not in women)
        decision.query_one("#units", SelectionList).select(other)
        decision.query_one("#note", Input).value = "Trưởng khối và Phó khối thống nhất"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, VotingScreen)
        decided = voting.get_poll(hall, poll.id)  # type: ignore[arg-type]
        assert decided.decision.unit_ids == (other,) and decided.decision.preferred == tuple(women)


async def test_open_seats_without_a_tie_are_not_the_leaders_to_fill(hall: Conference) -> None:
    async with counting_desk(hall) as (app, pilot):
        poll = await new_poll(pilot, award=AWARDS[2], quota=3)
        await open_and_collect(pilot)
        await read_aloud(pilot, *["1 2"] * 6, *["1"] * 5)  # two units reach 6 of 11; one seat stays open
        await close(pilot)
        assert "Ctrl+R" in str(app.screen.query_one("#poll-info").content)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, VotingScreen)  # refused, with its reason, no form
        said = str(app.screen.query_one("#last-ballot").content)
        with pytest.raises(ValidationError) as err:
            voting.leaders_choices(hall, poll.id)  # type: ignore[arg-type]
        assert said == str(err.value)
        await pilot.press("ctrl+d")
        await pilot.pause()
        app.screen.query_one("#note", Input).value = "Hội nghị không bầu tiếp"
        await pilot.press("ctrl+s")
        await pilot.pause()
        settled = voting.get_poll(hall, poll.id)  # type: ignore[arg-type]
        assert settled.decision.kind is voting.DecisionKind.UNFILLED
        assert "1" in str(app.screen.query_one("#poll-info").content)


async def test_committee_running_digest_and_a_draft_changed(hall: Conference) -> None:
    async with counting_desk(hall) as (app, pilot):
        poll = await new_poll(pilot, award=AWARDS[2], quota=2)
        await pilot.press("ctrl+u")  # change the draft: three candidates only
        await pilot.pause()
        form = app.screen
        chooser = form.query_one("#candidates", SelectionList)
        chooser.deselect_all()
        for unit in poll.candidates[:3]:
            chooser.select(unit)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert voting.get_poll(hall, poll.id).candidates == poll.candidates[:3]  # type: ignore[arg-type]
        present = [p for p in hall.attendees() if p.present]
        await pilot.press("ctrl+y")
        await pilot.pause()
        form = app.screen
        form.query_one("#head", Select).value = present[0].id
        form.query_one("#members", SelectionList).select(present[1].id)
        form.query_one("#members", SelectionList).select(present[2].id)
        form.query_one("#began", Input).value = "8h30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        committee = voting.get_poll(hall, poll.id).committee  # type: ignore[arg-type]
        assert committee.head.name == present[0].full_name and committee.began == "08:30"
        assert present[0].full_name in str(app.screen.query_one("#poll-info").content)
        await open_and_collect(pilot, collected=3)
        await read_aloud(pilot, "1 2", "3")
        running = voting.running_digest(hall, poll.id)  # type: ignore[arg-type]
        assert running and running in str(app.screen.query_one("#poll-info").content)
        await read_aloud(pilot, "-1")  # the command line's rule and message
        said = str(app.screen.query_one("#last-ballot").content)
        with pytest.raises(ValidationError) as err:
            voting.parse_ballot("-1", voting.get_poll(hall, poll.id))  # type: ignore[arg-type]
        assert said == str(err.value) and voting.tally(hall, poll.id).counted == 2  # type: ignore[arg-type]


async def test_a_leader_by_rotation_from_the_new_poll_form(hall: Conference) -> None:
    async with counting_desk(hall) as (app, pilot):
        form = await poll_form(pilot)
        form.query_one("#kind", Select).value = "leader"
        unit = hall.member_units()[3]
        form.query_one("#rotation", Select).value = unit.id
        await pilot.press("ctrl+s")
        await pilot.pause()
        (poll,) = voting.polls(hall)
        assert poll.by_rotation and poll.status is voting.Status.CLOSED and voting.elected(hall, poll.id) == (unit.id,)
        assert "luân phiên" in str(app.screen.query_one("#poll-info").content).lower()


async def test_a_stray_enter_stores_nothing_and_switching_polls_clears_the_desk(hall: Conference) -> None:
    async with counting_desk(hall) as (app, pilot):
        first = await new_poll(pilot, award=AWARDS[2], quota=2)
        await open_and_collect(pilot, collected=3)
        await read_aloud(pilot, "1", "")  # a second Enter, as a fast typist's
        assert voting.tally(hall, first.id).counted == 1  # type: ignore[arg-type]
        assert "Ctrl+B" in str(app.screen.query_one("#last-ballot").content)
        for char in "2 3":
            app.post_message(events.Key("space" if char == " " else char, char))
        await pilot.pause()
        leader = await new_poll(pilot, kind="leader", everyone=False)  # the new poll is the one shown …
        screen = app.screen
        assert screen.poll_id == leader.id and screen.query_one("#polls").current_key == leader.id
        assert screen.query_one("#ballot", Input).value == ""  # … and nothing typed for the other one follows it
        assert str(screen.query_one("#last-ballot").content) == ""


async def test_the_screen_opens_on_the_poll_being_counted(hall: Conference) -> None:
    polls = [voting.create_poll(hall, voting.Poll(voting.PollKind.AWARD, award=award, quota=1,
                                                  candidates=voting.default_candidates(hall))) for award in AWARDS]
    voting.open_poll(hall, polls[1].id, collected=11)  # type: ignore[arg-type]
    async with counting_desk(hall) as (app, pilot):
        assert app.screen.poll_id == polls[1].id and app.screen.query_one("#polls").current_key == polls[1].id
        names = [row[1][1] for row in app.screen.query_one("#polls").rows]
        assert len(set(names)) == 3 and "Cờ TĐ Chính phủ" in names  # the two flags told apart in the list


async def test_an_altered_closed_poll_is_shown_as_such_everywhere(hall: Conference) -> None:
    """A ballot changed in the folder after the count closed: the counting screen and the projector say the record
    does not match its chain instead of showing the altered result as the one behind the digest."""
    from screens.projector import ProjectorScreen, TallyBoard

    poll = voting.create_poll(hall, voting.Poll(voting.PollKind.AWARD, award=AWARDS[1], quota=1,
                                                candidates=voting.default_candidates(hall)))
    voting.open_poll(hall, poll.id, collected=3)  # type: ignore[arg-type]
    for text in ("1", "1", "2"):
        voting.enter_ballot(hall, poll.id, text)  # type: ignore[arg-type]
    voting.close_poll(hall, poll.id)  # type: ignore[arg-type]
    key = next(k for k, d in hall.store.docs(voting.BALLOTS).items() if d["seq"] == 1)
    with hall.store.transaction() as txn:
        txn.update(voting.BALLOTS, int(key), {"kept": [2]})
    assert voting.tally(hall, poll.id).integrity  # type: ignore[arg-type]
    async with counting_desk(hall) as (app, pilot):
        assert "KHÔNG KHỚP" in str(app.screen.query_one("#poll-info").content)
        await app.push_screen(ProjectorScreen(poll.id))
        await pilot.pause()
        board = app.screen.query_one(TallyBoard)
        assert "KHÔNG KHỚP" in "\n".join(str(line) for line in board.lines(130, 40))


async def test_a_motion_speaks_of_hands_not_ballots(hall: Conference) -> None:
    async with counting_desk(hall) as (app, pilot):
        motion = await new_poll(pilot, kind="motion", everyone=False)
        info = str(app.screen.query_one("#poll-info").content)
        assert "đồng ý" in info and "số lượng" not in info.lower() and "phiếu hợp lệ" not in info.lower()
        assert "Ban kiểm phiếu" not in info
        for key in ("ctrl+b", "ctrl+y", "ctrl+e"):  # no ballot, committee or second clerk for hands: said, no form
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, VotingScreen), key
            said = str(app.screen.query_one("#last-ballot").content)
            assert "giơ tay" in said, (key, said)
        assert app.screen.clerk == 1
        voting.open_poll(hall, motion.id)  # type: ignore[arg-type]
        app.screen.query_one("#ballot", Input).focus()
        await read_aloud(pilot, "10 1 0")
        await close(pilot)
        info = str(app.screen.query_one("#poll-info").content)
        assert "Đại biểu biểu quyết có mặt 11" in info
        assert "đồng ý 10, không đồng ý 1, không biểu quyết 0" in info.lower()
        await pilot.press("ctrl+g")
        await pilot.pause()
        (written,) = (hall.folder / "exports").glob("bien-ban-bieu-quyet-*.docx")  # its own record, no ballots
        assert not list((hall.folder / "exports").glob("bien-ban-kiem-phieu-*"))


async def test_seats_typed_are_the_seats(hall: Conference) -> None:
    """The seats field starts empty (1 when left so): typing 2 gives 2 seats, not 12."""
    async with counting_desk(hall) as (app, pilot):
        form = await poll_form(pilot)
        form.query_one("#award", Select).value = AWARDS[2]
        form.query_one("#candidates", SelectionList).select_all()
        form.query_one("#quota", Input).focus()
        await pilot.press("2")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert voting.polls(hall)[0].quota == 2


def counting_three(hall: Conference) -> tuple[voting.Poll, TdktApp]:
    """An award poll open with 3 ballots collected, and the app to count it in."""
    poll = voting.create_poll(hall, voting.Poll(voting.PollKind.AWARD, award=AWARDS[2], quota=2,
                                                candidates=voting.default_candidates(hall)))
    return voting.open_poll(hall, poll.id, collected=3), TdktApp(hall, lang="vi", desk="Bàn 1")  # type: ignore[arg-type]


@pytest.mark.parametrize("choice", ["save", "discard", "stay"])
async def test_a_ballot_typed_and_not_entered_is_not_dropped_by_ctrl_q(hall: Conference, choice: str) -> None:
    """A ballot read aloud, typed, no Enter yet, then Ctrl+Q: the app asks; saving enters it, as Enter would."""
    from screens.widgets.quit import QuitScreen

    poll, app = counting_three(hall)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        app.screen.query_one("#ballot", Input).focus()
        await read_aloud(pilot, "1 2")
        for char in "2 3":
            app.post_message(events.Key("space" if char == " " else char, char))
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, QuitScreen)
        asked = str(app.screen.query_one("Label").content)
        assert "phiếu đang gõ" in asked and "2 3" in asked, asked
        await pilot.click(f"#{choice}")
        await pilot.pause()
        assert app.is_running is (choice == "stay")
        if choice == "stay":
            assert app.screen.query_one("#ballot", Input).value == "2 3"  # still there, to Enter
    kept = [b.kept for b in voting.ballots(hall, poll.id)]  # type: ignore[arg-type]
    assert kept == ([(1, 2), (2, 3)] if choice == "save" else [(1, 2)])


async def test_a_refused_ballot_on_the_way_out_keeps_the_app_open(hall: Conference) -> None:
    """Saving on Ctrl+Q goes through the same check as Enter: "1-3" is refused, said, and the app stays."""
    from screens.widgets.quit import QuitScreen

    poll, app = counting_three(hall)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        app.screen.query_one("#ballot", Input).value = "1-3"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, QuitScreen)
        await pilot.click("#save")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, VotingScreen)
        assert "1-3" in str(app.screen.query_one("#last-ballot").content)
    assert voting.ballots(hall, poll.id) == []  # type: ignore[arg-type]


async def test_nothing_typed_or_a_closed_poll_quits_without_asking(hall: Conference) -> None:
    poll = voting.create_poll(hall, voting.Poll(voting.PollKind.AWARD, award=AWARDS[2], quota=1,
                                                candidates=voting.default_candidates(hall)))
    voting.open_poll(hall, poll.id, collected=1)  # type: ignore[arg-type]
    voting.enter_ballot(hall, poll.id, "1")  # type: ignore[arg-type]
    voting.close_poll(hall, poll.id)  # type: ignore[arg-type]
    async with counting_desk(hall) as (app, pilot):
        app.screen.query_one("#ballot", Input).value = "2"  # nothing can go into a closed poll
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_seats_as_a_share_and_the_candidates_the_reports_propose(hall: Conference) -> None:
    """Seats typed as a share of the member units, or of the units left after the higher awards, are rounded down
    and the number shown; with no candidate ticked an award's list is the units its reports propose."""
    async with counting_desk(hall) as (app, pilot):
        proposed = await new_poll(pilot, award=AWARDS[1], quota=1, everyone=False)
        assert proposed.candidates == voting.proposed_for(hall, AWARDS[1]) and len(proposed.candidates) == 2
        share = await new_poll(pilot, award=AWARDS[2], quota="20%")
        assert share.quota == 2  # 20 % of 11 is 2.2: 2
        assert "2 (20% của 11 đơn vị thành viên, làm tròn xuống)" in str(app.screen.query_one("#poll-info").content)
        government = await new_poll(pilot, award=AWARDS[0], quota=1)
        voting.open_poll(hall, government.id, collected=1)  # type: ignore[arg-type]
        voting.enter_ballot(hall, government.id, "1")  # type: ignore[arg-type]
        voting.close_poll(hall, government.id)  # type: ignore[arg-type]
        form = await poll_form(pilot)
        form.query_one("#award", Select).value = AWARDS[1]
        form.query_one("#quota", Input).value = "50%"
        form.query_one("#quota_of", Select).value = voting.QuotaOf.REMAINING_UNITS.value
        form.query_one("#candidates", SelectionList).select_all()
        await pilot.press("ctrl+s")
        await pilot.pause()
        remaining = voting.get_poll(hall, app.screen.poll_id)  # type: ignore[attr-defined]
        assert remaining.quota == 5  # 50 % of the 10 units not nominated for the Government's flag
        assert "5 (50% của 10 đơn vị chưa được suy tôn hình thức cao hơn, làm tròn xuống)" in \
            str(app.screen.query_one("#poll-info").content)


async def test_the_deputy_list_presence_and_a_further_vote_on_screen(demo: Conference) -> None:
    """Only staff of a unit checked in: the opening form counts no voter for it. Next year's leader leaves the
    deputy's list. Seats open without a tie: Ctrl+R holds a further vote among the units not yet chosen."""
    units = demo.member_units()
    staff = next(p for p in demo.attendees() if p.unit_id == units[0].id and p.role is not Role.VOTING)
    checkin.check_in_person(demo, staff.id, "Bàn 1")
    voters = [p for p in demo.attendees() if p.role is Role.VOTING and p.unit_id != units[0].id]
    for person in voters:
        checkin.check_in_person(demo, person.id, "Bàn 1")
    leader = voting.record_rotation(demo, voting.PollKind.LEADER, units[3].id)  # type: ignore[arg-type]
    async with counting_desk(demo) as (app, pilot):
        deputy = await new_poll(pilot, kind="deputy", everyone=False)
        assert leader.candidates[0] not in deputy.candidates and len(deputy.candidates) == len(units) - 1
        await pilot.press("ctrl+o")
        await pilot.pause()
        present = len({p.unit_id for p in voters})
        assert app.screen.query_one("#issued", Input).value == str(present) == "10"  # not 11: staff do not vote
        await pilot.press("escape")
        await pilot.pause()
        award = await new_poll(pilot, award=AWARDS[2], quota=3)
        await open_and_collect(pilot, collected=10)
        await read_aloud(pilot, *["1 2"] * 6, *["1"] * 4)  # two reach 6 of 10; one seat open, no tie
        await close(pilot)
        assert "Ctrl+R" in str(app.screen.query_one("#poll-info").content)
        await pilot.press("ctrl+r")
        await pilot.pause()
        further = voting.get_poll(demo, app.screen.poll_id)  # type: ignore[attr-defined]
        assert further.parent_id == award.id and further.round == 2 and further.quota == 1
        assert further.candidates == award.candidates[2:]  # the units not yet chosen
