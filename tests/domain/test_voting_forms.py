"""The one path from typed input to vote records (tdkt_tui/domain/voting/forms.py), attacked with what people type:
any fraction "more than"/"at least" in both languages, seats as numbers or shares, ballots of any text."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tdkt_tui.domain import voting
from tdkt_tui.domain.errors import ValidationError
from tdkt_tui.domain.voting import EntryMode, InvalidReason, Poll, PollKind, QuotaOf, Rule, Threshold

fractions = st.builds(Fraction, st.integers(1, 99), st.integers(1, 99)).filter(lambda f: 0 < f <= 1)


@given(fraction=fractions, strict=st.booleans(), words=st.sampled_from([
    ("more than {}", "at least {}"), ("quá {}", "từ {} trở lên"), ("> {}", "≥ {}"), ("trên {}", ">= {}"),
    ("hơn {}", "ít nhất {}")]))
def test_any_fraction_more_than_or_at_least(fraction: Fraction, strict: bool, words: tuple[str, str]) -> None:
    text = (words[0] if strict else words[1]).format(f"{fraction.numerator}/{fraction.denominator}")
    if strict and fraction == 1:
        with pytest.raises(ValidationError):
            voting.parse_threshold(text)
        return
    threshold = voting.parse_threshold(text)
    assert threshold.exact == (fraction, strict)
    needed = voting.votes_needed(threshold, 11)
    assert voting.meets(threshold, needed, 11) and not voting.meets(threshold, needed - 1, 11)


@pytest.mark.parametrize(("text", "rule"), [
    ("", Rule.MORE_THAN_HALF), ("1/2", Rule.MORE_THAN_HALF), ("50%", Rule.MORE_THAN_HALF),
    ("quá một nửa", Rule.MORE_THAN_HALF), ("more than half", Rule.MORE_THAN_HALF), ("2/3", Rule.AT_LEAST_TWO_THIRDS),
    ("từ 2/3 trở lên", Rule.AT_LEAST_TWO_THIRDS), ("70%", Rule.AT_LEAST_70), ("at least 80%", Rule.AT_LEAST_80),
])
def test_the_usual_thresholds_are_the_named_rules(text: str, rule: Rule) -> None:
    assert voting.parse_threshold(text).rule is rule


def test_a_bare_half_means_more_than_half_and_at_least_half_is_kept() -> None:
    assert voting.parse_threshold("at least 1/2").exact == (Fraction(1, 2), False)
    assert voting.parse_threshold("", Rule.AT_LEAST_80.value) == Threshold(Rule.AT_LEAST_80)
    assert voting.parse_threshold("3/4", Rule.AT_LEAST_80.value).exact == (Fraction(3, 4), False)  # typed wins


@pytest.mark.parametrize("text", ["0/3", "1/0", "abc", "quá", "120%", "-1/2", "at least 0"])
def test_a_threshold_that_is_not_one_names_its_field(text: str) -> None:
    with pytest.raises(ValidationError) as err:
        voting.parse_threshold(text)
    assert err.value.field == "threshold"


@given(seats=st.integers(1, 100))
def test_a_number_of_seats(seats: int) -> None:
    quota = voting.parse_quota(str(seats), "remaining")  # a plain number is seats, whatever a share would be of
    assert not quota.is_share and quota.count(11, 3) == seats


@given(percent=st.integers(1, 100), members=st.integers(0, 60), remaining=st.integers(0, 60),
       of=st.sampled_from(["", "members", "remaining"]))
def test_a_share_of_seats_is_rounded_down(percent: int, members: int, remaining: int, of: str) -> None:
    quota = voting.parse_quota(f"{percent}%", of)
    units = remaining if of == "remaining" else members
    assert quota.count(members, remaining) == percent * units // 100  # at most: rounded down, exactly
    assert quota.of is (QuotaOf.REMAINING_UNITS if of == "remaining" else QuotaOf.MEMBER_UNITS)


@pytest.mark.parametrize(("text", "of", "count"), [
    ("50% còn lại", QuotaOf.REMAINING_UNITS, 3), ("50% remaining", QuotaOf.REMAINING_UNITS, 3),
    ("20%", QuotaOf.MEMBER_UNITS, 2), ("1/5", QuotaOf.MEMBER_UNITS, 2), ("50 % of the remaining units",
                                                                          QuotaOf.REMAINING_UNITS, 3),
])
def test_shares_as_written(text: str, of: QuotaOf, count: int) -> None:
    quota = voting.parse_quota(text)
    assert quota.of is of and quota.count(11, 7) == count  # 20 % of 11 is 2; 50 % of 7 remaining is 3


@pytest.mark.parametrize("text", ["0", "101", "two", "", "5 units", "0%"])
def test_seats_that_are_not_refused(text: str) -> None:
    with pytest.raises(ValidationError) as err:
        voting.parse_quota(text)
    assert err.value.field == "quota"


def poll_of(n: int, quota: int, mode: EntryMode = EntryMode.KEPT) -> Poll:
    return Poll(PollKind.AWARD, title="t", quota=quota, candidates=tuple(range(1, n + 1)), entry_mode=mode)


@given(text=st.text(alphabet="0123456789 ,.-+;/\t1", max_size=12), n=st.integers(1, 12), quota=st.integers(1, 5),
       mode=st.sampled_from(list(EntryMode)))
def test_a_ballot_is_read_or_refused_never_half_understood(text: str, n: int, quota: int, mode: EntryMode) -> None:
    poll = poll_of(n, quota, mode)
    try:
        ballot = voting.parse_ballot(text, poll)
    except ValidationError as err:
        assert err.field == "ballot"
        return
    assert set(text) <= set("0123456789 ,\t")  # only numbers separated by spaces or commas get through
    numbers = [int(t) for t in text.replace(",", " ").split()]
    assert ballot.typed == tuple(numbers) and all(1 <= x <= n for x in numbers)
    if ballot.valid:
        assert len(ballot.kept) <= quota and ballot.kept == tuple(sorted(ballot.kept))
    else:
        assert ballot.invalid in (InvalidReason.TOO_MANY_KEPT, InvalidReason.ALL_CROSSED)


@pytest.mark.parametrize(("text", "counts"), [("10 1 0", (10, 1, 0)), ("10,1,0", (10, 1, 0)), (" 7  2 ,2 ", (7, 2, 2))])
def test_motion_counts(text: str, counts: tuple[int, int, int]) -> None:
    assert voting.parse_motion(text) == voting.Motion(*counts)


@pytest.mark.parametrize("text", ["10 1", "10 1 0 0", "10 -1 0", "a b c", "10.5 1 0"])
def test_motion_counts_refused(text: str) -> None:
    with pytest.raises(ValidationError):
        voting.parse_motion(text)


@pytest.mark.parametrize(("typed", "expected"), [("9:05", "09:05"), ("9h05", "09:05"), ("21.30", "21:30"), ("", "")])
def test_times_of_the_count(typed: str, expected: str) -> None:
    assert voting.forms.parse_time(typed, "began") == expected


def test_a_form_built_twice_is_the_same_poll(demo) -> None:  # type: ignore[no-untyped-def]
    """What the screen's form and the command line hand over gives one poll, and a stored poll's form gives it back."""
    form = voting.PollForm(kind="award", award="Bằng khen của Chủ tịch UBND tỉnh", quota="50% còn lại",
                           threshold="từ 2/3 trở lên", voters="delegates", mode="crossed", all_crossed_invalid=False,
                           rounds="3", candidates=voting.default_candidates(demo))
    stored = voting.create_poll(demo, voting.build_poll(demo, form))
    again = voting.build_poll(demo, voting.forms.form_of(stored), existing=stored)
    assert voting.update_poll(demo, again) == stored
    leader = voting.build_poll(demo, voting.PollForm(kind="leader"))
    assert leader.title == voting.default_title(PollKind.LEADER, demo.info().year + 1)
