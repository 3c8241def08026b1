"""Live vote counting, domain layer: thresholds, polls, ballots, tally, rounds, double entry, motions,
the audit chain and the JSON for scripting."""

from __future__ import annotations

import contextlib
import json
import os
import random
import tempfile
from collections import Counter
from fractions import Fraction
from itertools import chain
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tdkt_tui.domain import audit, checkin, scoring, voting
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.demo import write_demo
from tdkt_tui.domain.errors import ValidationError
from tdkt_tui.domain.model import ConferenceInfo, Role, Unit
from tdkt_tui.domain.voting import counting
from tdkt_tui.domain.voting.index import index_of
from tdkt_tui.domain.voting import (
    Base,
    EntryMode,
    InvalidReason,
    Poll,
    PollKind,
    Rule,
    Status,
    Threshold,
    Voters,
    percent,
    votes_needed,
)

GOV_FLAG = "Cờ thi đua của Chính phủ"
PROV_FLAG = "Cờ thi đua của UBND tỉnh"
CERT = "Bằng khen của Chủ tịch UBND tỉnh"


# -- thresholds ----------------------------------------------------------------------------------------------------

NAMED = {
    Rule.MORE_THAN_HALF: {6: 4, 9: 5, 10: 6, 11: 6},
    Rule.AT_LEAST_TWO_THIRDS: {6: 4, 9: 6, 10: 7, 11: 8},
    Rule.AT_LEAST_70: {6: 5, 9: 7, 10: 7, 11: 8},
    Rule.AT_LEAST_80: {6: 5, 9: 8, 10: 8, 11: 9},
}
CASES = [(Threshold(rule), base, need) for rule, table in NAMED.items() for base, need in table.items()] + [
    (Threshold.custom(Fraction(3, 4), strict=True), b, n) for b, n in {6: 5, 9: 7, 10: 8, 11: 9}.items()
] + [
    (Threshold.custom(Fraction(1, 2)), b, n) for b, n in {6: 3, 9: 5, 10: 5, 11: 6}.items()
] + [
    (Threshold.custom("100%"), b, b) for b in (6, 9, 10, 11)
]


@pytest.mark.parametrize(("threshold", "base", "needed"), CASES, ids=lambda v: getattr(v, "value", None) or str(v))
def test_votes_needed_for_bases_6_9_10_11(threshold: Threshold, base: int, needed: int) -> None:
    assert votes_needed(threshold, base) == needed
    assert voting.meets(threshold, needed, base)
    assert not voting.meets(threshold, needed - 1, base)


def test_the_examples_of_the_issue() -> None:
    assert votes_needed(Threshold(Rule.MORE_THAN_HALF), 10) == 6
    assert votes_needed(Threshold(Rule.AT_LEAST_TWO_THIRDS), 9) == 6
    assert votes_needed(Threshold(Rule.AT_LEAST_TWO_THIRDS), 10) == 7
    assert votes_needed(Threshold(Rule.AT_LEAST_80), 11) == 9


@pytest.mark.parametrize("bad", [Threshold(Rule.CUSTOM, Fraction(0)), Threshold(Rule.CUSTOM, Fraction(101, 100)),
                                 Threshold(Rule.CUSTOM, Fraction(1), strict=True),
                                 Threshold(Rule.CUSTOM, Fraction(-1, 2))])
def test_a_threshold_of_0_or_over_100_percent_is_refused(bad: Threshold) -> None:
    with pytest.raises(ValidationError) as err:
        votes_needed(bad, 10)
    assert err.value.field == "threshold"
    with pytest.raises(ValidationError):
        bad.validated()


@pytest.mark.parametrize("text", ["0", "0%", "101%", "5/4", "abc", "1/0", ""])
def test_custom_threshold_text_is_checked(text: str) -> None:
    with pytest.raises(ValidationError):
        voting.parse_fraction(text)


def test_custom_threshold_text_forms() -> None:
    assert voting.parse_fraction("3/4") == Fraction(3, 4)
    assert voting.parse_fraction("75%") == Fraction(3, 4)
    assert voting.parse_fraction("0,75") == Fraction(3, 4)
    assert voting.parse_fraction("66,5 %") == Fraction(133, 200)
    assert Threshold(Rule.AT_LEAST_80).text() == "≥ 80%"
    assert Threshold(Rule.MORE_THAN_HALF).text() == "> 1/2"
    assert Threshold(Rule.AT_LEAST_TWO_THIRDS).text() == "≥ 2/3"


def test_percent_two_decimals_half_up() -> None:
    assert percent(2, 3) == "66.67"
    assert percent(1, 3) == "33.33"
    assert percent(1, 8) == "12.50"
    assert percent(1, 800) == "0.13"  # 0.125 rounds up, not to even
    assert percent(3, 800) == "0.38"
    assert percent(10, 10) == "100.00"
    assert percent(0, 0) == "0.00"


@given(st.integers(0, 500), st.integers(1, 100), st.integers(1, 100), st.booleans())
def test_votes_needed_is_the_least_integer_meeting_the_rule(base: int, p: int, q: int, strict: bool) -> None:
    fraction = Fraction(min(p, q), max(p, q))
    if strict and fraction == 1:
        return
    threshold = Threshold(Rule.CUSTOM, fraction, strict)
    need = votes_needed(threshold, base)

    def ok(votes: int) -> bool:
        return votes > fraction * base if strict else votes >= fraction * base

    assert ok(need)
    assert need == 0 or not ok(need - 1)


# -- helpers -------------------------------------------------------------------------------------------------------


@contextlib.contextmanager
def refused(start: str):
    """A ValidationError whose message (the English msgid, whatever the language) starts with ``start``."""
    with pytest.raises(ValidationError) as err:
        yield err
    assert err.value.message.startswith(start), err.value.message


def check_in_units(conference: Conference, count: int) -> None:
    """Check in one voting delegate of each of the first ``count`` member units."""
    for unit in conference.member_units()[:count]:
        person = next(p for p in conference.attendees() if p.unit_id == unit.id and p.role is Role.VOTING)
        checkin.check_in_person(conference, person.id, "test")


def award_poll(conference: Conference, award: str = GOV_FLAG, quota: int = 1, **settings: object) -> Poll:
    """An award poll among every member unit in ranking order (not only those the demo's reports propose)."""
    settings.setdefault("candidates", voting.default_candidates(conference))
    return voting.create_poll(conference, Poll(PollKind.AWARD, award=award, quota=quota, **settings))


def opened(conference: Conference, poll: Poll, collected: int) -> Poll:
    voting.open_poll(conference, poll.id)
    return voting.set_collected(conference, poll.id, collected)


@pytest.fixture
def hall(demo: Conference) -> Conference:
    """The demo with all 11 member units present."""
    check_in_units(demo, 11)
    return demo


# -- polls ---------------------------------------------------------------------------------------------------------


def test_award_poll_defaults(demo: Conference) -> None:
    poll = voting.create_poll(demo, Poll(PollKind.AWARD, award=GOV_FLAG))
    assert poll.id is not None and poll.status is Status.DRAFT
    assert poll.title == GOV_FLAG and poll.award_level == 1
    assert poll.threshold.rule is Rule.MORE_THAN_HALF and poll.base is Base.VALID_BALLOTS
    assert voting.get_poll(demo, poll.id) == poll
    assert [p.id for p in voting.polls(demo)] == [poll.id]
    ranked = [s.unit.id for s in scoring.ranking(demo)]
    reports = scoring.reports(demo)
    proposed = [u for u in ranked if u in reports and reports[u].proposed_award == GOV_FLAG]
    assert list(poll.candidates) == proposed == [ranked[0]]  # the units the reports propose for it
    certificates = voting.create_poll(demo, Poll(PollKind.AWARD, award=CERT))
    assert len(certificates.candidates) == 4 and list(certificates.candidates) == sorted(
        certificates.candidates, key=ranked.index)
    nobody = voting.create_poll(demo, Poll(PollKind.AWARD, award="Giấy khen", title="Giấy khen của khối"))
    assert list(nobody.candidates) == ranked and len(ranked) == 11  # nobody proposed: every member unit
    leader = voting.create_poll(demo, Poll(PollKind.LEADER, title="Bầu trưởng khối"))
    assert list(leader.candidates) == ranked


def test_poll_validation(demo: Conference) -> None:
    units = [u.id for u in demo.member_units()]
    with pytest.raises(ValidationError):
        voting.create_poll(demo, Poll(PollKind.AWARD))  # no title, no award
    with pytest.raises(ValidationError):
        award_poll(demo, quota=0)
    with pytest.raises(ValidationError):
        award_poll(demo, candidates=(units[0], units[0]))
    with pytest.raises(ValidationError):
        award_poll(demo, candidates=(9999,))
    with pytest.raises(ValidationError):
        voting.create_poll(demo, Poll(PollKind.LEADER, title="Trưởng khối", quota=2))
    with pytest.raises(ValidationError):
        award_poll(demo, threshold=Threshold(Rule.CUSTOM, Fraction(0)))
    assert voting.polls(demo) == []


def test_update_only_while_draft(hall: Conference) -> None:
    poll = award_poll(hall)
    changed = voting.update_poll(hall, Poll(**{**poll.__dict__, "quota": 2, "entry_mode": EntryMode.CROSSED}))
    assert voting.get_poll(hall, poll.id).quota == 2 and changed.entry_mode is EntryMode.CROSSED
    voting.open_poll(hall, poll.id)
    with pytest.raises(ValidationError):
        voting.update_poll(hall, changed)
    with pytest.raises(ValidationError):
        voting.open_poll(hall, poll.id)


def test_open_takes_issued_and_eligible_from_checkin(demo: Conference) -> None:
    check_in_units(demo, 9)
    poll = voting.open_poll(demo, award_poll(demo).id)
    assert (poll.issued, poll.eligible, poll.status) == (9, 11, Status.OPEN)
    delegates = award_poll(demo, CERT, 3, voters=Voters.EVERY_VOTING_DELEGATE_PRESENT)
    opened_delegates = voting.open_poll(demo, delegates.id)
    att = demo.attendance()
    assert opened_delegates.issued == att.present[Role.VOTING] == 9
    assert opened_delegates.eligible == att.expected[Role.VOTING]


def test_issued_changes_need_a_reason_and_are_kept(demo: Conference) -> None:
    check_in_units(demo, 9)
    poll = voting.open_poll(demo, award_poll(demo).id)
    with pytest.raises(ValidationError):
        voting.set_issued(demo, poll.id, 10, "   ")
    poll = voting.set_issued(demo, poll.id, 10, "Một đại biểu đến muộn")
    assert poll.issued == 10
    assert [(c.old, c.new, c.reason) for c in voting.get_poll(demo, poll.id).issued_history] == [
        (0, 9, ""), (9, 10, "Một đại biểu đến muộn")]
    voting.set_collected(demo, poll.id, 10)
    with pytest.raises(ValidationError):
        voting.set_issued(demo, poll.id, 8, "sai")  # fewer issued than collected
    with pytest.raises(ValidationError):
        voting.set_collected(demo, poll.id, 11)  # more collected than issued


# -- ballots -------------------------------------------------------------------------------------------------------


def poll_of(n: int, quota: int, mode: EntryMode = EntryMode.KEPT, all_crossed_invalid: bool = True) -> Poll:
    return Poll(PollKind.AWARD, title="t", quota=quota, candidates=tuple(range(1, n + 1)), entry_mode=mode,
                invalid_when_all_crossed=all_crossed_invalid)


@pytest.mark.parametrize("text", ["1 3 4", "1,3,4", " 4 ,3 ,1 ", "1,  3\t4", "1, 3, 4,", "4 3 1"])
def test_parse_ballot_separators(text: str) -> None:
    assert voting.parse_ballot(text, poll_of(6, 4)).kept == (1, 3, 4)


@pytest.mark.parametrize(("text", "words"), [
    ("1 7", "7"), ("0", "0"), ("1 1", "1"), ("1 a", "a"), ("x", "x"), ("１", "１"), ("2.5e", "2.5e"),
    ("-1", "-1"), ("+1", "+1"), ("1.3", "1.3"), ("1-3", "1-3"), ("1-3-4", "1-3-4"), ("1/3", "1/3"), ("4;3", "4;3"),
])
def test_parse_ballot_refuses_anything_but_numbers_and_separators(text: str, words: str) -> None:
    with pytest.raises(ValidationError) as err:
        voting.parse_ballot(text, poll_of(6, 4))
    assert words in str(err.value) and err.value.field == "ballot"


def test_parse_ballot_modes() -> None:
    kept = poll_of(5, 2)
    assert voting.parse_ballot("", kept).invalid is InvalidReason.ALL_CROSSED
    assert voting.parse_ballot("", poll_of(5, 2, all_crossed_invalid=False)) == voting.BallotInput((), None, ())
    assert voting.parse_ballot("1 2 3", kept).invalid is InvalidReason.TOO_MANY_KEPT
    crossed = poll_of(5, 2, EntryMode.CROSSED)
    assert voting.parse_ballot("1 2 5", crossed).kept == (3, 4)
    assert voting.parse_ballot("", crossed).invalid is InvalidReason.TOO_MANY_KEPT  # all 5 kept, 2 seats
    assert voting.parse_ballot("", poll_of(2, 2, EntryMode.CROSSED)).kept == (1, 2)
    assert voting.parse_ballot("1 2 3 4 5", crossed).invalid is InvalidReason.ALL_CROSSED


def test_entering_ballots(hall: Conference) -> None:
    poll = award_poll(hall, quota=1)
    with pytest.raises(ValidationError):
        voting.enter_ballot(hall, poll.id, "1")  # not open yet
    voting.open_poll(hall, poll.id)
    with pytest.raises(ValidationError):
        voting.enter_ballot(hall, poll.id, "1")  # collected not typed
    voting.set_collected(hall, poll.id, 3)
    b1 = voting.enter_ballot(hall, poll.id, "2")
    assert (b1.seq, b1.clerk, b1.kept, b1.valid) == (1, 1, (2,), True)
    assert b1.kept_units(voting.get_poll(hall, poll.id)) == (poll.candidates[1],)
    b2 = voting.enter_ballot(hall, poll.id, "1 2")
    assert b2.invalid is InvalidReason.TOO_MANY_KEPT
    for bad in ("12", "x", "2 2"):
        with pytest.raises(ValidationError):
            voting.enter_ballot(hall, poll.id, bad)
    b3 = voting.enter_invalid(hall, poll.id, InvalidReason.WRITTEN_ON)
    assert b3.seq == 3
    with pytest.raises(ValidationError):
        voting.enter_ballot(hall, poll.id, "1")  # more than collected
    assert [b.seq for b in voting.ballots(hall, poll.id)] == [1, 2, 3]
    undone = voting.undo_last(hall, poll.id)
    assert undone.seq == 3 and undone.invalid is InvalidReason.WRITTEN_ON
    assert voting.enter_ballot(hall, poll.id, "1").seq == 3


def test_ballots_are_anonymous(hall: Conference) -> None:
    poll = award_poll(hall)
    opened(hall, poll, 1)
    voting.enter_ballot(hall, poll.id, "1")
    (doc,) = hall.store.docs(voting.BALLOTS).values()
    assert set(doc) == {"poll", "round", "seq", "clerk", "kept", "invalid"}
    events = list(hall.store.docs(audit.AUDIT).values())
    assert {frozenset(e) for e in events} == {frozenset({"poll", "seq", "kind", "payload", "prev_hash", "hash"})}
    ballot_event = next(e for e in events if e["kind"] == "ballot")
    assert set(ballot_event["payload"]) == {"seq", "clerk", "kept", "invalid"}


def test_undo_with_nothing_and_entry_after_close(hall: Conference) -> None:
    poll = award_poll(hall)
    opened(hall, poll, 1)
    with pytest.raises(ValidationError):
        voting.undo_last(hall, poll.id)
    voting.enter_ballot(hall, poll.id, "1")
    voting.close_poll(hall, poll.id)
    before = dict(hall.store.docs(voting.BALLOTS))
    with pytest.raises(ValidationError) as err:
        voting.enter_ballot(hall, poll.id, "1")
    assert "kết thúc kiểm phiếu" in str(err.value)  # Vietnamese: the count is closed
    with pytest.raises(ValidationError):
        voting.undo_last(hall, poll.id)
    with pytest.raises(ValidationError):
        voting.set_collected(hall, poll.id, 0)
    assert hall.store.docs(voting.BALLOTS) == before


# -- tally ---------------------------------------------------------------------------------------------------------


def enter_all(conference: Conference, poll_id: int, stack: list[str], clerk: int = 1) -> None:
    for text in stack:
        voting.enter_ballot(conference, poll_id, text, clerk)


def test_tally_counts_and_thresholds(hall: Conference) -> None:
    poll = award_poll(hall, PROV_FLAG, quota=2)
    opened(hall, poll, 11)
    stack = ["1 2"] * 5 + ["1 3"] * 3 + ["2"] + ["1 2 3", ""]
    enter_all(hall, poll.id, stack)
    t = voting.tally(hall, poll.id)
    c = poll.candidates
    assert (t.issued, t.collected, t.counted, t.valid, t.invalid) == (11, 11, 11, 9, 2)
    assert t.invalid_by_reason == {InvalidReason.TOO_MANY_KEPT: 1, InvalidReason.ALL_CROSSED: 1}
    assert t.votes[c[0]] == 8 and t.votes[c[1]] == 6 and t.votes[c[2]] == 3
    assert t.base_count == 9 and t.votes_needed == 5
    assert t.percent[c[0]] == "88.89" and t.percent[c[1]] == "66.67"
    assert t.reached == (c[0], c[1]) and t.winners == (c[0], c[1]) and t.tied == () and t.open_seats == 0
    assert list(t.votes) == list(c)


def test_base_issued_and_eligible(demo: Conference) -> None:
    check_in_units(demo, 10)
    poll = award_poll(demo, quota=1, base=Base.ELIGIBLE_VOTERS, threshold=Threshold(Rule.AT_LEAST_80))
    opened(demo, poll, 10)
    enter_all(demo, poll.id, ["1"] * 8 + ["2"] * 2)
    t = voting.tally(demo, poll.id)
    assert (t.base_count, t.votes_needed, t.reached) == (11, 9, ())  # 8 of 11 members is not 80 %
    assert t.open_seats == 1 and t.winners == ()
    poll2 = award_poll(demo, CERT, quota=1, base=Base.BALLOTS_ISSUED, threshold=Threshold(Rule.AT_LEAST_80))
    opened(demo, poll2, 10)
    enter_all(demo, poll2.id, ["1"] * 8 + ["2"] * 2)
    t2 = voting.tally(demo, poll2.id)
    assert (t2.base_count, t2.votes_needed, t2.winners) == (10, 8, (poll2.candidates[0],))


def test_seats_rule() -> None:
    assert voting.seats([(1, 9), (2, 7), (3, 7)], 2) == ((1,), (2, 3), 1)
    assert voting.seats([(1, 9), (2, 7), (3, 6)], 2) == ((1, 2), (), 0)
    assert voting.seats([(1, 9), (2, 9), (3, 9)], 2) == ((), (1, 2, 3), 2)
    assert voting.seats([(1, 9)], 2) == ((1,), (), 1)
    assert voting.seats([(1, 9), (2, 9)], 2) == ((1, 2), (), 0)


def test_tie_goes_to_a_second_round_then_to_the_leaders(hall: Conference) -> None:
    poll = award_poll(hall, PROV_FLAG, quota=2, cascade=False)
    c = poll.candidates
    opened(hall, poll, 11)
    enter_all(hall, poll.id, ["1 2"] * 6 + ["1 3"] * 5)
    t = voting.tally(hall, poll.id)
    assert (t.votes[c[0]], t.votes[c[1]], t.votes[c[2]]) == (11, 6, 5) and t.winners == (c[0], c[1])
    voting.undo_last(hall, poll.id)
    voting.enter_ballot(hall, poll.id, "3 1")
    assert voting.tally(hall, poll.id) == t  # the same ballot typed in another order
    # a real tie: 8, 7, 7 of 11 for 2 seats (6 needed)
    tie = award_poll(hall, CERT, quota=2, cascade=False, title="Bằng khen — vòng thử",
                     threshold=Threshold.custom("1/2"))  # at least half: two units can both reach it in round 2
    c = tie.candidates
    opened(hall, tie, 11)
    enter_all(hall, tie.id, ["1 2"] * 4 + ["1 3"] * 4 + ["2 3"] * 3)
    t = voting.tally(hall, tie.id)
    assert t.winners == (c[0],) and t.tied == (c[1], c[2]) and t.open_seats == 1
    with refused("Close the poll"):
        voting.further_round(hall, tie.id)  # not closed yet
    with pytest.raises(ValidationError):
        voting.record_leaders_decision(hall, tie.id, [c[1]], "x")
    digest = voting.close_poll(hall, tie.id)
    assert len(digest) == 19 and digest.count("-") == 3
    with refused("The leaders decide only after the last round"):  # round 1 of 2
        voting.record_leaders_decision(hall, tie.id, [c[1]], "x")
    round2 = voting.further_round(hall, tie.id)
    assert (round2.candidates, round2.quota, round2.round, round2.parent_id) == ((c[1], c[2]), 1, 2, tie.id)
    assert voting.get_poll(hall, tie.id).digest != digest  # the round is in the first poll's chain
    with pytest.raises(ValidationError):
        voting.further_round(hall, tie.id)  # exists already
    opened(hall, round2, 10)
    enter_all(hall, round2.id, ["1"] * 5 + ["2"] * 5)  # 5 of 10 each: both reach "at least half", tied
    voting.close_poll(hall, round2.id)
    t2 = voting.tally(hall, round2.id)
    assert t2.tied == (c[1], c[2]) and t2.open_seats == 1
    with refused("This was the last round"):
        voting.further_round(hall, round2.id)
    assert voting.leaders_choices(hall, round2.id) == ((c[1], c[2]), 1)
    with pytest.raises(ValidationError):
        voting.record_leaders_decision(hall, round2.id, [c[1], c[2]], "x")  # two for one seat
    with pytest.raises(ValidationError):
        voting.record_leaders_decision(hall, round2.id, [c[3]], "x")  # not tied
    with pytest.raises(ValidationError):
        voting.record_leaders_decision(hall, round2.id, [c[2]], " ")
    decided = voting.record_leaders_decision(hall, round2.id, [c[2]], "Trưởng khối và phó khối thống nhất chọn")
    women = {u.id for u in hall.member_units() if u.women_led}
    assert decided.decision.preferred == tuple(u for u in (c[1], c[2]) if u in women)
    t2 = voting.tally(hall, round2.id)
    assert t2.decided_by_leaders == (c[2],) and t2.elected == (c[2],)
    assert voting.elected(hall, tie.id) == (c[0], c[2]) == voting.elected(hall, round2.id)
    with pytest.raises(ValidationError):
        voting.record_leaders_decision(hall, round2.id, [c[1]], "again")
    data = voting.tally_json(hall, round2.id)
    assert [r["round"] for r in data["rounds"]] == [1, 2]
    assert data["decided_by_leaders"] == [c[2]] and data["decision"]["kind"] == "leaders"
    assert voting.verify(hall).ok


def test_the_leaders_never_choose_a_unit_below_the_threshold(hall: Conference) -> None:
    """72.73 % against an 80 % threshold: nobody is nominated, and the leaders cannot make it otherwise."""
    poll = award_poll(hall, GOV_FLAG, quota=1, threshold=Threshold(Rule.AT_LEAST_80), max_rounds=1)
    opened(hall, poll, 11)
    enter_all(hall, poll.id, ["1"] * 8 + ["2"] * 3)
    voting.close_poll(hall, poll.id)
    t = voting.tally(hall, poll.id)
    assert t.percent[poll.candidates[0]] == "72.73" and t.reached == () and t.open_seats == 1
    with refused("The leaders decide only a tie at the cut-off among units that reached the threshold"):
        voting.record_leaders_decision(hall, poll.id, [poll.candidates[0]], "Hai đồng chí thống nhất")
    assert voting.get_poll(hall, poll.id).decision is None and voting.elected(hall, poll.id) == ()


def test_seats_open_without_a_tie_go_to_a_further_vote_or_stay_unfilled(hall: Conference) -> None:
    poll = award_poll(hall, CERT, quota=3, cascade=False)
    c = poll.candidates
    opened(hall, poll, 11)
    enter_all(hall, poll.id, ["1 2"] * 6 + ["1"] * 3 + ["3"] * 2)  # 9, 6, 2: two reach 6 of 11
    voting.close_poll(hall, poll.id)
    t = voting.tally(hall, poll.id)
    assert t.winners == (c[0], c[1]) and t.tied == () and t.open_seats == 1
    assert voting.next_round_kind(voting.get_poll(hall, poll.id), t) == "further"
    with refused("The leaders decide only a tie"):
        voting.record_leaders_decision(hall, poll.id, [c[2]], "x")  # no tie: the leaders do not fill it
    further = voting.further_round(hall, poll.id)  # bầu tiếp among the units not yet chosen
    assert further.candidates == c[2:] and further.quota == 1 and further.round == 2
    opened(hall, further, 11)
    enter_all(hall, further.id, ["1"] * 5 + ["2"] * 6)  # 5 and 6 of 11: 6 needed
    voting.close_poll(hall, further.id)
    assert voting.elected(hall, poll.id) == (c[0], c[1], c[3])
    # a vote where nobody else reaches it after the last round: the seat stays unfilled, and says so
    other = award_poll(hall, CERT, quota=2, cascade=False, title="Bằng khen — đợt 2", max_rounds=1)
    opened(hall, other, 11)
    enter_all(hall, other.id, ["1"] * 11)
    voting.close_poll(hall, other.id)
    with refused("This was the last round"):
        voting.further_round(hall, other.id)
    settled = voting.leave_unfilled(hall, other.id, "Không bầu tiếp")
    assert settled.decision.kind is voting.DecisionKind.UNFILLED and settled.decision.unit_ids == ()
    assert voting.elected(hall, other.id) == (other.candidates[0],)
    with pytest.raises(ValidationError):
        voting.leave_unfilled(hall, other.id, "again")
    assert voting.verify(hall).ok


def test_quota_as_a_share_rounded_down(hall: Conference) -> None:
    share = voting.create_poll(hall, voting.build_poll(hall, voting.PollForm(award=GOV_FLAG, quota="20%",
                                                                              candidates=voting.default_candidates(hall))))
    assert share.quota == 2 and share.quota_rule.text() == "20%"  # 20 % of 11 member units is 2.2
    gov = award_poll(hall, GOV_FLAG, 1)
    opened(hall, gov, 11)
    enter_all(hall, gov.id, ["1"] * 11)
    voting.close_poll(hall, gov.id)
    prov = award_poll(hall, PROV_FLAG, 2)
    opened(hall, prov, 11)
    enter_all(hall, prov.id, ["1 2"] * 11)
    voting.close_poll(hall, prov.id)
    cert = voting.create_poll(hall, voting.build_poll(hall, voting.PollForm(
        award=CERT, quota="50% còn lại", candidates=voting.default_candidates(hall))))
    assert voting.remaining_units(hall, cert) == 8 and cert.quota == 4  # Bắc Ninh 2018: 50 % of 8 is 4
    assert len(cert.candidates) == 8
    small = voting.build_poll(hall, voting.PollForm(award=CERT, title="Thử", quota="5%"))
    with pytest.raises(ValidationError) as err:
        voting.create_poll(hall, small)  # 5 % of 11 is 0.55: not even one seat
    assert err.value.field == "quota"


def test_a_unit_counts_as_present_when_its_voting_delegate_is(demo: Conference) -> None:
    unit = demo.member_units()[0]
    staff = next(p for p in demo.attendees() if p.unit_id == unit.id and p.role is not Role.VOTING)
    checkin.check_in_person(demo, staff.id, "test")
    assert demo.attendance().member_units_present == 1  # present at the conference …
    assert voting.voters_present(demo, Voters.ONE_PER_UNIT_PRESENT) == (0, 11)  # … but not for the vote
    check_in_units(demo, 3)
    assert voting.voters_present(demo, Voters.ONE_PER_UNIT_PRESENT) == (3, 11)
    assert voting.voters_present(demo, Voters.EVERY_VOTING_DELEGATE_PRESENT)[0] == 3


def test_opening_is_all_or_nothing(demo: Conference) -> None:
    poll = award_poll(demo)
    with refused("Nobody is checked in as a voter") as err:
        voting.open_poll(demo, poll.id)
    assert err.value.field == "issued"
    assert voting.get_poll(demo, poll.id).status is Status.DRAFT and not demo.store.docs(audit.AUDIT)
    with pytest.raises(ValidationError) as err:
        voting.open_poll(demo, poll.id, issued=11)  # a number other than check-in needs its reason
    assert err.value.field == "reason"
    with pytest.raises(ValidationError):
        voting.open_poll(demo, poll.id, issued=11, reason="Danh sách giấy", collected=12)
    assert voting.get_poll(demo, poll.id).status is Status.DRAFT and not demo.store.docs(audit.AUDIT)
    opened_poll = voting.open_poll(demo, poll.id, issued=11, reason="Danh sách giấy", collected=11)
    assert (opened_poll.issued, opened_poll.collected, opened_poll.status) == (11, 11, Status.OPEN)
    assert [(c.old, c.new, c.reason) for c in opened_poll.issued_history] == [(0, 0, ""), (0, 11, "Danh sách giấy")]
    assert opened_poll.committee.began  # the count began when the ballots collected were known
    assert voting.verify(demo).ok


def test_the_deputy_list_leaves_out_the_new_leader_and_rotation(hall: Conference) -> None:
    leader = voting.create_poll(hall, Poll(PollKind.LEADER, title="Bầu trưởng khối"))
    opened(hall, leader, 11)
    enter_all(hall, leader.id, ["3"] * 11)
    voting.close_poll(hall, leader.id)
    chosen = leader.candidates[2]
    deputy = voting.create_poll(hall, Poll(PollKind.DEPUTY, title="Bầu phó khối"))
    assert chosen not in deputy.candidates and len(deputy.candidates) == 10
    with pytest.raises(ValidationError):
        voting.record_rotation(hall, PollKind.DEPUTY, chosen, "luân phiên")  # the leader cannot be deputy too
    with pytest.raises(ValidationError):
        voting.record_rotation(hall, PollKind.LEADER, deputy.candidates[0])  # the leader is already elected
    voting.remove_poll(hall, deputy.id)
    rotated = voting.record_rotation(hall, PollKind.DEPUTY, deputy.candidates[0], "Theo thứ tự luân phiên của khối")
    assert rotated.by_rotation and rotated.status is Status.CLOSED and rotated.digest
    assert voting.elected(hall, rotated.id) == (deputy.candidates[0],)
    assert voting.leaders_elected(hall, PollKind.DEPUTY) == {deputy.candidates[0]}
    assert voting.tally(hall, rotated.id).counted == 0
    assert voting.verify(hall).ok


def test_the_counting_committee_and_its_times(hall: Conference, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tdkt_tui.domain.voting.lifecycle._now", lambda: "09:12")
    poll = award_poll(hall)
    present = [p for p in hall.attendees() if p.present]
    committee = voting.committee_from(hall, present[0].full_name, f"{present[1].full_name}; {present[2].full_name}",
                                      "8:05", "")
    assert committee.head.name == present[0].full_name and committee.began == "08:05"
    voting.set_committee(hall, poll.id, committee)  # kept with the draft, then recorded at opening
    opened(hall, poll, 2)
    enter_all(hall, poll.id, ["1", "1"])
    digest = voting.close_poll(hall, poll.id)
    closed = voting.get_poll(hall, poll.id)
    assert closed.committee.began == "08:05" and closed.committee.ended  # the close sets the end
    assert [m.name for m in closed.committee.members] == [present[1].full_name, present[2].full_name]
    absent = next(p for p in hall.attendees() if not p.present)
    with pytest.raises(ValidationError):
        voting.committee_from(hall, absent.full_name, "")
    later = voting.set_committee(hall, poll.id, voting.committee_from(hall, present[0].id, [present[3].id], "", "09:40",
                                                                      closed.committee))
    assert later.committee.ended == "09:40" and later.digest != digest  # a change after close is in the chain
    with refused("The count cannot end"):
        voting.set_committee(hall, poll.id, voting.committee_from(hall, present[0].id, [], "10:00", "",
                                                                  later.committee))
    by_comma = voting.committee_from(hall, None, f"{present[1].full_name}, {present[2].full_name}")
    assert [m.name for m in by_comma.members] == [present[1].full_name, present[2].full_name]
    assert voting.verify(hall).ok


def test_the_close_never_records_an_end_before_the_start(hall: Conference, monkeypatch: pytest.MonkeyPatch) -> None:
    """A start typed after the machine's clock (a clock set wrong): the close leaves the end to be typed."""
    monkeypatch.setattr("tdkt_tui.domain.voting.lifecycle._now", lambda: "06:04")
    poll = award_poll(hall)
    voting.set_committee(hall, poll.id, voting.Committee(began="09:35"))
    opened(hall, poll, 1)
    voting.enter_ballot(hall, poll.id, "1")
    voting.close_poll(hall, poll.id)
    assert voting.get_poll(hall, poll.id).committee.ended == ""


def test_more_seats_than_candidates_are_refused(hall: Conference) -> None:
    with refused("More seats ({seats}) than candidates"):
        award_poll(hall, quota=3, candidates=tuple(u.id for u in hall.member_units()[:2]))


def test_a_stack_from_a_file_is_all_or_nothing(hall: Conference) -> None:
    poll = award_poll(hall, PROV_FLAG, 2)
    opened(hall, poll, 5)
    with pytest.raises(ValidationError) as err:
        voting.enter_ballots(hall, poll.id, ["1 2", "3", "1-3", "2"])
    assert "3" in str(err.value) and "1-3" in str(err.value)
    assert not hall.store.docs(voting.BALLOTS)
    with pytest.raises(ValidationError):
        voting.enter_ballots(hall, poll.id, ["1"] * 6)  # one more than collected
    assert not hall.store.docs(voting.BALLOTS)
    stored = voting.enter_ballots(hall, poll.id, ["1 2", "3", "1 2 3", "", "2"])
    assert [b.seq for b in stored] == [1, 2, 3, 4, 5]
    assert [b.invalid for b in stored] == [None, None, InvalidReason.TOO_MANY_KEPT, InvalidReason.ALL_CROSSED, None]
    assert voting.tally(hall, poll.id).counted == 5 and voting.verify(hall).ok


def test_cascade_three_awards_quotas_1_2_4(hall: Conference) -> None:
    gov = award_poll(hall, GOV_FLAG, 1)
    opened(hall, gov, 11)
    enter_all(hall, gov.id, ["1"] * 11)
    voting.close_poll(hall, gov.id)
    assert voting.tally(hall, gov.id).winners == (gov.candidates[0],)
    prov = award_poll(hall, PROV_FLAG, 2)
    assert gov.candidates[0] not in prov.candidates and len(prov.candidates) == 10
    cert_early = award_poll(hall, CERT, 4)  # created before the province flags are decided
    opened(hall, prov, 11)
    enter_all(hall, prov.id, ["1 2"] * 11)
    voting.close_poll(hall, prov.id)
    won = set(voting.tally(hall, prov.id).winners)
    assert len(won) == 2
    cert = voting.open_poll(hall, cert_early.id)  # the cascade applies again on opening
    assert not won & set(cert.candidates) and gov.candidates[0] not in cert.candidates
    assert len(cert.candidates) == 8
    no_cascade = award_poll(hall, CERT, 4, cascade=False, title="Bằng khen (không loại trừ)")
    assert len(no_cascade.candidates) == 11


def test_double_entry(hall: Conference) -> None:
    poll = award_poll(hall, PROV_FLAG, 2)
    opened(hall, poll, 4)
    enter_all(hall, poll.id, ["1 2", "3", "2", "1"], clerk=1)
    enter_all(hall, poll.id, ["1 2", "4", "2"], clerk=2)
    assert voting.mismatches(hall, poll.id) == [2, 4]
    with pytest.raises(ValidationError) as err:
        voting.close_poll(hall, poll.id)
    assert "2, 4" in str(err.value)
    voting.enter_ballot(hall, poll.id, "1", clerk=2)
    assert voting.mismatches(hall, poll.id) == [2]
    for _ in range(3):
        voting.undo_last(hall, poll.id, clerk=2)
    enter_all(hall, poll.id, ["3", "2", "1"], clerk=2)
    assert voting.mismatches(hall, poll.id) == []
    assert voting.tally(hall, poll.id).counted == 4  # clerk 2's stack is a check, not more votes
    voting.close_poll(hall, poll.id)
    with pytest.raises(ValidationError):
        voting.enter_ballot(hall, poll.id, "1", clerk=3)


def test_close_needs_every_collected_ballot(hall: Conference) -> None:
    poll = award_poll(hall)
    opened(hall, poll, 2)
    voting.enter_ballot(hall, poll.id, "1")
    with pytest.raises(ValidationError):
        voting.close_poll(hall, poll.id)
    voting.enter_ballot(hall, poll.id, "1")
    voting.close_poll(hall, poll.id)
    assert voting.get_poll(hall, poll.id).status is Status.CLOSED
    with pytest.raises(ValidationError):
        voting.close_poll(hall, poll.id)


def test_leader_election_and_motion(hall: Conference) -> None:
    leader = voting.create_poll(hall, Poll(PollKind.LEADER, title="Bầu Trưởng khối năm sau"))
    opened(hall, leader, 11)
    enter_all(hall, leader.id, ["2"] * 7 + ["1"] * 4)
    voting.close_poll(hall, leader.id)
    assert voting.elected(hall, leader.id) == (leader.candidates[1],)

    motion = voting.create_poll(hall, Poll(PollKind.MOTION, title="Thông qua biên bản hội nghị",
                                           base=Base.BALLOTS_ISSUED))
    assert motion.candidates == ()
    with pytest.raises(ValidationError):
        voting.record_motion(hall, motion.id, 8, 1, 1)  # not open
    voting.open_poll(hall, motion.id)
    with pytest.raises(ValidationError):
        voting.close_poll(hall, motion.id)  # no counts
    with pytest.raises(ValidationError):
        voting.record_motion(hall, motion.id, 8, 3, 1)  # 12 hands, 11 present
    with pytest.raises(ValidationError):
        voting.record_motion(hall, motion.id, -1, 3, 1)
    with pytest.raises(ValidationError):
        voting.enter_ballot(hall, motion.id, "1")
    t = voting.record_motion(hall, motion.id, 6, 3, 2)
    assert t.passed and t.votes_needed == 6 and t.base_count == 11
    t = voting.record_motion(hall, motion.id, 5, 4, 2)
    assert t.passed is False
    voting.close_poll(hall, motion.id)
    data = voting.tally_json(hall, motion.id)
    assert data["motion"] == {"agree": 5, "disagree": 4, "abstain": 2, "passed": False}


# -- JSON ----------------------------------------------------------------------------------------------------------


def test_tally_json_keys(hall: Conference) -> None:
    poll = award_poll(hall, PROV_FLAG, 2)
    opened(hall, poll, 3)
    enter_all(hall, poll.id, ["1 2", "1", "2"])
    digest = voting.close_poll(hall, poll.id)
    data = voting.tally_json(hall, poll.id)
    json.dumps(data)
    assert set(data) == {
        "poll_id", "title", "kind", "award", "award_level", "status", "round", "max_rounds", "parent_id", "quota",
        "issued", "eligible", "collected", "counted", "valid", "invalid", "invalid_by_reason", "threshold", "base",
        "base_count", "votes_needed", "candidates", "reached", "winners", "ties", "open_seats",
        "decided_by_leaders", "decision_note", "motion", "rounds", "digest", "quota_rule", "decision", "committee",
        "integrity",
    }
    assert data["integrity"] == ""
    assert data["digest"] == digest and data["status"] == "closed"
    assert data["threshold"] == {"rule": "more_than_half", "fraction": "1/2", "strict": True, "text": "> 1/2"}
    assert data["candidates"][0] == {"unit_id": poll.candidates[0], "name": hall.unit_names()[poll.candidates[0]],
                                     "number": 1, "votes": 2, "percent": "66.67", "reached": True, "winner": True}
    assert data["ties"] == [] and data["winners"] == [poll.candidates[0], poll.candidates[1]]


# -- properties ----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fast_hall(tmp_path_factory: pytest.TempPathFactory) -> Conference:
    """One demo conference shared by the property tests (fsync off: durability is tested elsewhere)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "fsync", lambda fd: None)
        conference = write_demo(tmp_path_factory.mktemp("prop") / "demo")
        check_in_units(conference, 11)
        yield conference
        conference.close()


ballot_text = st.lists(st.integers(1, 5), unique=True, max_size=5).map(lambda ns: " ".join(map(str, ns)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(quota=st.integers(1, 3), mode=st.sampled_from(list(EntryMode)), stack=st.lists(ballot_text, max_size=11),
       undo=st.integers(0, 3), invalid=st.integers(0, 2))
def test_tally_properties(fast_hall: Conference, quota: int, mode: EntryMode, stack: list[str], undo: int,
                          invalid: int) -> None:
    units = tuple(u.id for u in fast_hall.member_units()[:5])
    poll = voting.create_poll(fast_hall, Poll(PollKind.AWARD, title="p", quota=quota, candidates=units,
                                              entry_mode=mode, cascade=False))
    opened(fast_hall, poll, 11)
    history = [voting.tally(fast_hall, poll.id)]
    for text in stack[: 11 - invalid]:
        voting.enter_ballot(fast_hall, poll.id, text)
        history.append(voting.tally(fast_hall, poll.id))
    for _ in range(invalid):
        voting.enter_invalid(fast_hall, poll.id, InvalidReason.NOT_OFFICIAL)
        history.append(voting.tally(fast_hall, poll.id))
    for t in history:
        assert t.valid + t.invalid == t.counted <= t.collected
        assert all(0 <= v <= t.valid for v in t.votes.values())
        assert sum(t.votes.values()) <= t.valid * quota
        assert len(t.winners) + t.open_seats == quota
        assert set(t.winners) <= set(t.reached)
        assert all(t.votes[u] >= t.votes_needed for u in t.reached)
    for _ in range(min(undo, len(history) - 1)):
        voting.undo_last(fast_hall, poll.id)
        history.pop()
        assert voting.tally(fast_hall, poll.id) == history[-1]
    assert voting.verify(fast_hall).ok


# -- the recount, against the count it replaced --------------------------------------------------------------------


def _recount_as_before(conference: Conference, poll: Poll) -> counting.Tally:
    """The recount as written before it counted bytes (one ``Counter`` over every name kept): the oracle the byte
    counting must match exactly."""
    docs = conference.store.docs(voting.BALLOTS)
    kept: list[list[int]] = []
    reasons: dict[str, int] = {}
    for key in index_of(conference.store).stack(poll.id or 0, 1).values():
        doc = docs[key]
        reason = doc.get("invalid")
        if reason:
            reasons[str(reason)] = reasons.get(str(reason), 0) + 1
        else:
            kept.append(doc.get("kept") or [])
    counter = Counter(chain.from_iterable(kept))
    number_votes = [counter.get(n, 0) for n in range(len(poll.candidates) + 1)]
    invalid = sum(reasons.values())
    return counting._result(poll, number_votes, len(kept) + invalid, invalid, reasons)


@pytest.fixture(scope="module")
def big_hall(tmp_path_factory: pytest.TempPathFactory) -> Conference:
    """300 units (more candidate numbers than a byte holds), fsync off: ballots are stored as documents directly, so
    a stack can hold what only a hand-edited folder has (numbers 0, negative, past the list or past 255)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "fsync", lambda fd: None)
        conference = Conference.open(tmp_path_factory.mktemp("recount") / "hall")
        conference.load(ConferenceInfo(bloc_name="Khối thử"), [Unit(name=f"Đơn vị {i}") for i in range(1, 301)],
                        [], [])
        yield conference
        conference.close()


#: A key left out of a hand-edited ballot document.
_MISSING = "missing"


def _stored_poll(conference: Conference, candidates: int, quota: int, stack: list[tuple[object, object]]) -> Poll:
    """A poll of the first ``candidates`` units whose clerk 1 stack is ``stack``: (kept, invalid) per ballot, stored
    as documents as they are (``_MISSING``: the key is left out)."""
    units = tuple(u.id for u in conference.units())[:candidates]
    poll = voting.create_poll(conference, Poll(PollKind.AWARD, title="Đếm lại", quota=min(quota, candidates),
                                               candidates=units, cascade=False))
    with conference.store.transaction() as txn:
        for seq, (kept, invalid) in enumerate(stack, start=1):
            doc = {"poll": poll.id, "round": 1, "seq": seq, "clerk": 1, "kept": kept, "invalid": invalid}
            txn.insert(voting.BALLOTS, {k: v for k, v in doc.items() if v != _MISSING})
    return voting.get_poll(conference, poll.id)


def _same_recount(conference: Conference, poll: Poll) -> counting.Tally:
    result = voting.recount(conference, poll)
    assert repr(result) == repr(_recount_as_before(conference, poll))  # every field, dicts in the same order
    return result


_REASONS = st.sampled_from([None, "", "written_on", "too_many_kept", "not_official", "all_crossed", "other",
                            "smudged"])
_NUMBERS = st.integers(1, 8) | st.integers(-3, 300)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(candidates=st.integers(1, 300), quota=st.integers(1, 4), data=st.data())
def test_the_recount_is_the_count_it_replaced(big_hall: Conference, candidates: int, quota: int,
                                             data: st.DataObject) -> None:
    """Valid, blank, invalid (known reasons, an unknown one, an empty one) and hand-edited ballots (numbers off the
    list, a key left out), small lists that tie at the cut-off and long ones past 255: the same tally, ranking, ties
    and reasons, in the same order."""
    valid = st.lists(st.integers(1, candidates), unique=True, max_size=min(candidates, 30)).map(sorted)
    ballot = st.one_of(st.tuples(valid, st.none()), st.tuples(st.sampled_from([None, [], _MISSING]), st.none()),
                       st.tuples(st.just([]), _REASONS), st.tuples(st.lists(_NUMBERS, max_size=6), st.none()),
                       st.tuples(valid, st.sampled_from([_MISSING, "other"])))
    stack = data.draw(st.lists(ballot, max_size=40))
    _same_recount(big_hall, _stored_poll(big_hall, candidates, quota, stack))


def test_the_recount_matches_at_scale_with_a_tie_and_invalid_ballots(big_hall: Conference) -> None:
    """3,000 ballots × 100 candidates as the benchmark makes them, then a tie at the cut-off, and the fallback for a
    number no byte holds: the same result as before each time, and the running count agrees where it should."""
    rng = random.Random(15)
    stack: list[tuple[list[int] | None, str | None]] = [
        (sorted(rng.sample(range(1, 101), rng.randint(1, 50))), None) if seq % 50 else ([], "written_on")
        for seq in range(1, 3001)] + [([], None), (None, "smudged")]
    poll = _stored_poll(big_hall, 100, 20, stack)
    result = _same_recount(big_hall, poll)
    assert result.counted == 3002 and result.invalid == 61 and sum(result.votes.values()) > 3000
    assert repr(result) == repr(voting.tally(big_hall, poll.id))  # the running count, kept ballot by ballot
    hand_edited = _stored_poll(big_hall, 100, 20, [*stack[:500], ([5, 7], _MISSING), (_MISSING, None)])
    assert _same_recount(big_hall, hand_edited).counted == 502

    tie = _stored_poll(big_hall, 4, 1, [([1, 2], None), ([2, 1], None), ([3], None), ([], "other")])
    tied = _same_recount(big_hall, tie)
    assert tied.tied == (tie.candidates[0], tie.candidates[1]) and tied.winners == () and tied.open_seats == 1

    past_a_byte = _stored_poll(big_hall, 300, 2, [([1, 299], None), ([299, 300], None), ([0, -1, 400], None)])
    wide = _same_recount(big_hall, past_a_byte)
    assert wide.votes[past_a_byte.candidates[298]] == 2 and wide.votes[past_a_byte.candidates[0]] == 1


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=3000) | st.lists(st.integers(0, 40), max_size=3000).map(bytes),
       top=st.integers(0, 300))
def test_byte_counts_are_a_counter(data: bytes, top: int) -> None:
    counted = Counter(data)
    assert counting._byte_counts(data, top) == [counted.get(n, 0) for n in range(top + 1)]


# -- benchmark (a figure, not a timed test) --------------------------------------------------------------------------


def _bench() -> object:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    import bench_voting

    return bench_voting


def test_recount_and_check_of_2000_ballots_are_under_50_ms() -> None:
    bench = _bench()
    with tempfile.TemporaryDirectory() as folder:
        recount = bench.benchmark_recount(Path(folder) / "recount", ballots=2000, candidates=30)
        check = bench.benchmark_verify(Path(folder) / "verify", ballots=2000)
    assert 0 < recount < 0.05, f"a recount of 2,000 ballots took {recount * 1000:.1f} ms (target 50 ms)"
    assert 0 < check < 0.05 * 3, f"recount and check of 2,000 ballots took {check * 1000:.1f} ms (target 50 ms)"


def test_entering_a_ballot_stays_flat(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The 2,000th ballot costs what the 1st does: the code path only (fsync off, so a scan of every stored ballot or
    event per ballot would show as a slope). Compared within the run, with room for a loaded machine."""
    monkeypatch.setattr(os, "fsync", lambda fd: None)
    each = _bench().benchmark_entry(tmp_path / "entry", ballots=2000)
    first, last = sorted(each[:200])[100], sorted(each[-200:])[100]
    assert last < 2 * first, f"ballots 1–200: {first * 1000:.2f} ms, 1,801–2,000: {last * 1000:.2f} ms"


def test_a_negative_number_on_a_hand_edited_ballot_is_no_candidates_vote(big_hall: Conference) -> None:
    """The running count took -1 for the last candidate (a list counted from its end) and -2 past a short list
    crashed it: a number below the list is off the list, as the recount has it."""
    poll = _stored_poll(big_hall, 3, 1, [([3], None), ([-1], None), ([-2, 1], None)])
    running = counting.tally(big_hall, poll.id or 0)
    assert running.votes == _same_recount(big_hall, poll).votes
    assert [running.votes[unit] for unit in poll.candidates] == [1, 0, 1]
