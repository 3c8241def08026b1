"""Substitutes as they happen: anyone of the unit, listed or not, stands in for an absent person with that person's
role; the absent one is then not expected and every count agrees (attendance, quorum, ballots issued, minutes); if
the absent person comes after all, the desk says who holds the ballot."""

from __future__ import annotations

import pytest

from tdkt_tui.documents.minutes import minutes_text
from tdkt_tui.domain import voting
from tdkt_tui.domain.checkin import (
    Outcome,
    check_in_person,
    code_of,
    log_entries,
    scan,
    settle_arrival,
    substitute,
    substitute_listed,
    undo,
)
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.errors import ValidationError
from tdkt_tui.domain.model import Attendee, Role

DESK = "Bàn 1"


def unit_people(conference: Conference, unit_name: str) -> dict[str, Attendee]:
    unit = conference.find_unit(unit_name)
    assert unit is not None
    return {p.full_name: p for p in conference.attendees() if p.unit_id == unit.id}


def role_of(conference: Conference, person: Attendee) -> Role:
    stored = conference.attendee(person.id or 0)
    assert stored is not None
    return stored.role


def counts(conference: Conference) -> tuple[int, int, int, int, int, int]:
    """Expected voting delegates, delegates, everyone; voting delegates present; ballots for one per unit and for
    every voting delegate present."""
    figures = conference.attendance()
    return (figures.expected[Role.VOTING], figures.expected[Role.DELEGATE], figures.total_expected,
            figures.present[Role.VOTING], voting.voters_present(conference, voting.Voters.ONE_PER_UNIT_PRESENT)[0],
            voting.voters_present(conference, voting.Voters.EVERY_VOTING_DELEGATE_PRESENT)[0])


def test_a_delegate_on_the_list_stands_in_for_the_absent_voting_delegate(demo: Conference) -> None:
    btg = unit_people(demo, "Ban Tuyên giáo Tỉnh uỷ")
    head, deputy = btg["Dương Diệu Hoa"], btg["Ngô Thành Hùng"]
    assert (head.role, deputy.role) == (Role.VOTING, Role.DELEGATE)
    before = counts(demo)
    assert before == (11, 22, 38, 0, 0, 0)
    result = substitute_listed(demo, head.id or 0, deputy.id or 0, DESK)
    assert result.outcome is Outcome.CHECKED_IN and result.attendee is not None
    assert (role_of(demo, deputy), role_of(demo, head)) == (Role.VOTING, Role.DELEGATE)
    # The absent head is not expected; the deputy is, as the unit's voting delegate, and present.
    assert counts(demo) == (11, 21, 37, 1, 1, 1)
    figures = demo.attendance()
    assert figures.member_units_present == 1 and "Ban Tuyên giáo Tỉnh uỷ" not in figures.missing_units
    text = minutes_text(demo)
    # the minutes count the member units' delegates apart from guests and organisers: 11 + 21 summoned
    assert "Đại biểu các đơn vị thành viên có mặt: 1/32 đại biểu được triệu tập" in text
    assert "Đơn vị thành viên có mặt: 1/11;" in text


def test_ballots_issued_follow_the_substitute(demo: Conference) -> None:
    btg = unit_people(demo, "Ban Tuyên giáo Tỉnh uỷ")
    substitute_listed(demo, btg["Dương Diệu Hoa"].id or 0, btg["Đặng Diệu Huyền"].id or 0, DESK)
    poll = voting.create_poll(demo, voting.Poll(kind=voting.PollKind.AWARD, title="Cờ thi đua", quota=1,
                                                candidates=tuple(u.id or 0 for u in demo.member_units()[:3])))
    opened = voting.open_poll(demo, poll.id or 0)
    assert opened.issued == 1


def test_someone_already_present_can_stand_in(demo: Conference) -> None:
    bbn = unit_people(demo, "Báo Bắc Ninh")
    head, reporter = bbn["Ngô Minh Khánh"], bbn["Lê Thu Nga"]
    check_in_person(demo, reporter.id or 0, DESK)
    assert counts(demo)[:4] == (11, 22, 38, 0)
    result = substitute_listed(demo, head.id or 0, reporter.id or 0, DESK)
    assert result.outcome is Outcome.SUBSTITUTE and result.outcome.ok
    assert log_entries(demo, 1)[0].outcome is Outcome.SUBSTITUTE
    assert counts(demo) == (11, 21, 37, 1, 1, 1)


def test_someone_not_on_the_list_stands_in(demo: Conference) -> None:
    head = unit_people(demo, "Báo Bắc Ninh")["Ngô Minh Khánh"]
    result = substitute(demo, head.id or 0, Attendee(full_name="Phan Văn Thay", title="Phó Tổng Biên tập"), DESK)
    assert result.attendee is not None and result.attendee.role is Role.VOTING
    assert role_of(demo, head) is Role.DELEGATE
    assert counts(demo) == (11, 22, 38, 1, 1, 1)  # one more person listed, one less expected


@pytest.mark.parametrize("ballot_to_absent", [True, False])
def test_the_absent_person_arrives_and_the_desk_says_who_holds_the_ballot(demo: Conference,
                                                                          ballot_to_absent: bool) -> None:
    btg = unit_people(demo, "Ban Tuyên giáo Tỉnh uỷ")
    head, deputy = btg["Dương Diệu Hoa"], btg["Ngô Thành Hùng"]
    substitute_listed(demo, head.id or 0, deputy.id or 0, DESK)
    arrival = scan(demo, code_of(demo, head), DESK)
    assert arrival.outcome is Outcome.STOOD_IN and not arrival.outcome.ok
    assert arrival.substitute is not None and arrival.substitute.id == deputy.id
    assert not demo.attendee(head.id or 0).present  # type: ignore[union-attr]  # nothing decided yet
    assert log_entries(demo, 1)[0].outcome is Outcome.STOOD_IN
    result = settle_arrival(demo, head.id or 0, DESK, ballot_to_absent=ballot_to_absent)
    assert result.outcome is Outcome.CHECKED_IN
    voter, other = (head, deputy) if ballot_to_absent else (deputy, head)
    assert (role_of(demo, voter), role_of(demo, other)) == (Role.VOTING, Role.DELEGATE)
    # Both are here now; one voting delegate for the unit, one ballot.
    assert counts(demo) == (11, 22, 38, 1, 1, 1)
    assert scan(demo, code_of(demo, head), DESK).outcome is Outcome.ALREADY


def test_an_absent_delegate_arriving_takes_their_place_back_without_a_question(demo: Conference) -> None:
    btg = unit_people(demo, "Ban Tuyên giáo Tỉnh uỷ")
    absent = btg["Đặng Diệu Huyền"]
    substitute(demo, absent.id or 0, Attendee(full_name="Mai Văn Thế"), DESK)
    result = scan(demo, code_of(demo, absent), DESK)
    assert result.outcome is Outcome.CHECKED_IN  # a delegate holds no ballot: nothing to ask
    assert counts(demo)[:3] == (11, 23, 39)


def test_undoing_the_substitute_makes_the_absent_person_expected_again(demo: Conference) -> None:
    btg = unit_people(demo, "Ban Tuyên giáo Tỉnh uỷ")
    head, deputy = btg["Dương Diệu Hoa"], btg["Ngô Thành Hùng"]
    substitute_listed(demo, head.id or 0, deputy.id or 0, DESK)
    undo(demo, deputy.id or 0, DESK)
    assert (role_of(demo, head), role_of(demo, deputy)) == (Role.VOTING, Role.DELEGATE)
    assert demo.attendee(deputy.id or 0).substitute_for is None  # type: ignore[union-attr]
    assert counts(demo) == (11, 22, 38, 0, 0, 0)
    assert check_in_person(demo, head.id or 0, DESK).outcome is Outcome.CHECKED_IN


def test_who_cannot_stand_in(demo: Conference) -> None:
    btg = unit_people(demo, "Ban Tuyên giáo Tỉnh uỷ")
    head, deputy, other = btg["Dương Diệu Hoa"], btg["Ngô Thành Hùng"], btg["Đặng Diệu Huyền"]
    elsewhere = unit_people(demo, "Báo Bắc Ninh")["Lê Thu Nga"]
    voter_elsewhere = unit_people(demo, "Báo Bắc Ninh")["Ngô Minh Khánh"]
    with pytest.raises(ValidationError, match="cùng đơn vị"):
        substitute_listed(demo, head.id or 0, elsewhere.id or 0, DESK)
    with pytest.raises(ValidationError):
        substitute_listed(demo, head.id or 0, head.id or 0, DESK)
    with pytest.raises(ValidationError, match="biểu quyết"):
        substitute_listed(demo, deputy.id or 0, head.id or 0, DESK)  # the voter holds a ballot already
    substitute_listed(demo, head.id or 0, deputy.id or 0, DESK)
    with pytest.raises(ValidationError, match="đi thay"):
        substitute_listed(demo, head.id or 0, other.id or 0, DESK)  # one substitute at a time
    with pytest.raises(ValidationError):
        substitute_listed(demo, other.id or 0, deputy.id or 0, DESK)  # already standing in for the head
    check_in_person(demo, voter_elsewhere.id or 0, DESK)
    with pytest.raises(ValidationError, match="đã điểm danh"):
        substitute(demo, voter_elsewhere.id or 0, Attendee(full_name="Ai Đó"), DESK)
    assert counts(demo)[:3] == (11, 21, 37)


def test_the_checkin_command_settles_an_arrival(demo: Conference) -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    btg = unit_people(demo, "Ban Tuyên giáo Tỉnh uỷ")
    head, deputy = btg["Dương Diệu Hoa"], btg["Ngô Thành Hùng"]
    substitute_listed(demo, head.id or 0, deputy.id or 0, DESK)
    code = code_of(demo, head)
    env = {**os.environ, "TDKT_LANG": "en"}
    root = Path(__file__).resolve().parents[2]

    def tdkt(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "tdkt_tui", "checkin", str(demo.folder), code, *args],
                              capture_output=True, text=True, env=env, cwd=root, timeout=60)

    asked = tdkt()
    assert asked.returncode == 17 and "Ngô Thành Hùng attends on their behalf" in asked.stderr
    kept = tdkt("--ballot", "keep")
    assert kept.returncode == 0, kept.stderr
    demo.refresh()
    assert (role_of(demo, head), role_of(demo, deputy)) == (Role.DELEGATE, Role.VOTING)
    assert counts(demo)[:4] == (11, 22, 38, 1)


def test_a_person_who_came_after_all_can_then_stand_in_for_another(demo: Conference) -> None:
    """A walk-in stood in for the absent deputy, who then came after all (the walk-in keeping the role): the deputy
    is here, so nobody attends on the deputy's behalf any more, and the deputy may attend for the absent head."""
    btg = unit_people(demo, "Ban Tuyên giáo Tỉnh uỷ")
    head, deputy = btg["Dương Diệu Hoa"], btg["Ngô Thành Hùng"]
    walk_in = substitute(demo, deputy.id or 0, Attendee(full_name="Mai Văn Thế"), DESK).attendee
    assert walk_in is not None
    assert settle_arrival(demo, deputy.id or 0, DESK, ballot_to_absent=False).outcome is Outcome.CHECKED_IN
    assert counts(demo) == (11, 23, 39, 0, 0, 0)  # both here: each counted once, in their own seat
    result = substitute_listed(demo, head.id or 0, deputy.id or 0, DESK)
    assert result.outcome is Outcome.SUBSTITUTE
    assert (role_of(demo, deputy), role_of(demo, head), role_of(demo, walk_in)) == (
        Role.VOTING, Role.DELEGATE, Role.DELEGATE)
    assert counts(demo) == (11, 22, 38, 1, 1, 1)  # the absent head is not expected; the deputy holds the ballot
    # The deputy leaves: the head is expected again in her own role; the walk-in again attends for the deputy.
    undo(demo, deputy.id or 0, DESK)
    assert (role_of(demo, head), role_of(demo, deputy)) == (Role.VOTING, Role.DELEGATE)
    assert counts(demo) == (11, 22, 38, 0, 0, 0)


def test_a_substitute_who_left_holds_nothing_once_the_absent_person_comes_back(demo: Conference) -> None:
    """A walk-in stood in for the absent head and kept the ballot when she came; the walk-in left, then she left.
    When she comes back nobody is here on her behalf: she is checked in without a question and holds her own ballot
    again, and the walk-in, coming back later while she is away, attends for no one."""
    head = unit_people(demo, "Ban Tuyên giáo Tỉnh uỷ")["Dương Diệu Hoa"]
    walk_in = substitute(demo, head.id or 0, Attendee(full_name="Mai Văn Thế"), DESK).attendee
    assert walk_in is not None
    settle_arrival(demo, head.id or 0, DESK, ballot_to_absent=False)
    undo(demo, walk_in.id or 0, DESK)
    undo(demo, head.id or 0, DESK)
    back = scan(demo, code_of(demo, head), DESK)
    assert back.outcome is Outcome.CHECKED_IN and back.substitute is None
    assert (role_of(demo, head), role_of(demo, walk_in)) == (Role.VOTING, Role.DELEGATE)
    assert demo.attendee(walk_in.id or 0).substitute_for is None  # type: ignore[union-attr]
    assert counts(demo) == (11, 23, 39, 1, 1, 1)
    undo(demo, head.id or 0, DESK)
    check_in_person(demo, walk_in.id or 0, DESK)
    assert counts(demo) == (11, 23, 39, 0, 0, 0)  # she is expected, in her own role; he is here in his
