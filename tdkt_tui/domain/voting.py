"""Live vote counting (docs/domain.md#awards and #voting-rules).

Polls (award nominations, the election of next year's leader and deputy, show-of-hands motions), anonymous ballots,
the exact threshold arithmetic, the tally with ties and further rounds, double entry, and the audit chain.

Every decision is made with integers and :class:`~fractions.Fraction`: "at least two thirds of 9 is 6, not 7".
Percentages are only shown, with 2 decimals rounded half up.

Tables: ``polls`` (one document per poll, round 2 is a poll of its own with ``parent_id``), ``ballots`` (poll,
round, sequence number, clerk, the kept candidate numbers or an invalid reason: nothing links a ballot to a person,
a desk or a time), and ``audit`` (see :mod:`tdkt_tui.domain.audit`).
"""

from __future__ import annotations

import re
import time
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from tdkt_tui.domain import audit, scoring
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.errors import ValidationError
from tdkt_tui.domain.i18n import N_
from tdkt_tui.domain.labels import Labelled
from tdkt_tui.domain.model import Role, enum_or
from tdkt_tui.domain.store import Transaction
from tdkt_tui.domain.text import clean

POLLS, BALLOTS = "polls", "ballots"
DEFAULT_MAX_ROUNDS = 2

#: The awards a bloc nominates, highest first (docs/domain.md#awards): the default ``award_level`` of a poll whose
#: award is one of these. A smaller level is a higher award; 0 means "no rank" (the cascade leaves it alone).
AWARD_LEVELS = {
    "Cờ thi đua của Chính phủ": 1,
    "Cờ thi đua của UBND tỉnh": 2,
    "Bằng khen của Chủ tịch UBND tỉnh": 3,
}


# -- thresholds ----------------------------------------------------------------------------------------------------


class Rule(Labelled):
    MORE_THAN_HALF = "more_than_half", N_("More than half")
    AT_LEAST_TWO_THIRDS = "at_least_two_thirds", N_("At least two thirds")
    AT_LEAST_70 = "at_least_70", N_("At least 70%")
    AT_LEAST_80 = "at_least_80", N_("At least 80%")
    CUSTOM = "custom", N_("Custom fraction")


_RULES: dict[Rule, tuple[Fraction, bool]] = {
    Rule.MORE_THAN_HALF: (Fraction(1, 2), True),
    Rule.AT_LEAST_TWO_THIRDS: (Fraction(2, 3), False),
    Rule.AT_LEAST_70: (Fraction(7, 10), False),
    Rule.AT_LEAST_80: (Fraction(4, 5), False),
}


class Base(Labelled):
    """What the threshold is a fraction of."""

    VALID_BALLOTS = "valid_ballots", N_("Valid ballots")
    BALLOTS_ISSUED = "ballots_issued", N_("Ballots issued")
    ELIGIBLE_VOTERS = "eligible_voters", N_("Eligible voters")


@dataclass(frozen=True)
class Threshold:
    """More than (``strict``) or at least ``fraction`` of the base. For the named rules the fraction and the
    strictness come from the rule; only ``Rule.CUSTOM`` uses the fields."""

    rule: Rule = Rule.MORE_THAN_HALF
    fraction: Fraction = Fraction(1, 2)
    strict: bool = False

    def __post_init__(self) -> None:
        if self.rule in _RULES:  # a named rule's numbers are the rule's, whatever was passed
            fraction, strict = _RULES[self.rule]
            object.__setattr__(self, "fraction", fraction)
            object.__setattr__(self, "strict", strict)
        else:
            object.__setattr__(self, "fraction", Fraction(self.fraction))

    @classmethod
    def custom(cls, fraction: Fraction | str, strict: bool = False) -> Threshold:
        if isinstance(fraction, str):
            fraction = parse_fraction(fraction)
        return cls(Rule.CUSTOM, Fraction(fraction), strict).validated()

    @property
    def exact(self) -> tuple[Fraction, bool]:
        """(fraction, strict) of the rule."""
        return self.fraction, self.strict

    def validated(self) -> Threshold:
        fraction, strict = self.exact
        if fraction <= 0 or fraction > 1 or (strict and fraction == 1):
            raise ValidationError("A threshold must be more than 0 and at most 100%.", field="threshold")
        return self

    def to_doc(self) -> dict[str, Any]:
        fraction, strict = self.exact
        return {"rule": self.rule.value, "fraction": f"{fraction.numerator}/{fraction.denominator}", "strict": strict}

    @classmethod
    def from_doc(cls, doc: dict[str, Any] | None) -> Threshold:
        doc = doc or {}
        try:
            rule = Rule(doc.get("rule", Rule.MORE_THAN_HALF.value))
        except ValueError:
            rule = Rule.MORE_THAN_HALF
        return cls(rule, Fraction(str(doc.get("fraction", "1/2"))), bool(doc.get("strict", False)))

    def text(self) -> str:
        """"> 1/2", "≥ 2/3", "≥ 80%": the rule in one short line (the same in both languages)."""
        fraction, strict = self.exact
        sign = ">" if strict else "≥"
        hundred = fraction * 100
        if hundred.denominator == 1 and fraction.denominator not in (2, 3):
            return f"{sign} {hundred.numerator}%"
        return f"{sign} {fraction.numerator}/{fraction.denominator}"


def parse_fraction(text: str) -> Fraction:
    """A custom threshold typed as "3/4", "75%", "0.75" or "75,5%"; ValidationError when out of (0, 100 %]."""
    raw = clean(text).replace(" ", "")
    try:
        if raw.endswith("%"):
            value = Fraction(raw[:-1].replace(",", ".")) / 100
        else:
            value = Fraction(raw.replace(",", "."))
    except (ValueError, ZeroDivisionError) as exc:
        raise ValidationError(
            "“{value}” is not a threshold; type a fraction such as 3/4 or a percentage such as 75%.",
            field="threshold", value=text,
        ) from exc
    if value <= 0 or value > 1:
        raise ValidationError("A threshold must be more than 0 and at most 100%.", field="threshold")
    return value


def votes_needed(threshold: Threshold, base_count: int) -> int:
    """The least number of votes meeting the threshold on ``base_count``, exactly.

    More than half of 10 is 6; at least 2/3 of 9 is 6 and of 10 is 7; at least 80% of 11 is 9.
    """
    fraction, strict = threshold.validated().exact
    if base_count < 0:
        raise ValueError("negative base")
    exact = fraction * base_count
    floor = exact.numerator // exact.denominator
    if strict:
        return floor + 1
    return floor + (1 if exact.denominator != 1 else 0)


def meets(threshold: Threshold, votes: int, base_count: int) -> bool:
    """Whether ``votes`` meet the threshold on ``base_count`` (exactly; nothing meets a threshold of an empty base)."""
    fraction, strict = threshold.validated().exact
    if base_count <= 0:
        return False
    share = Fraction(votes, base_count)
    return share > fraction if strict else share >= fraction


def percent(votes: int, base: int) -> str:
    """``votes`` as a percentage of ``base``, 2 decimals, rounded half up ("66.67"); "0.00" on an empty base."""
    if base <= 0:
        return "0.00"
    value = Decimal(votes * 100) / Decimal(base)
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


# -- polls ---------------------------------------------------------------------------------------------------------


class PollKind(Labelled):
    AWARD = "award", N_("Award nomination")
    LEADER = "leader", N_("Election of the bloc leader")
    DEPUTY = "deputy", N_("Election of the deputy bloc leader")
    MOTION = "motion", N_("Show-of-hands motion")


class Voters(Labelled):
    ONE_PER_UNIT_PRESENT = "one_per_unit_present", N_("One voter per member unit present")
    EVERY_VOTING_DELEGATE_PRESENT = "every_voting_delegate_present", N_("Every voting delegate present")


class EntryMode(Labelled):
    """Whether the numbers typed for a ballot are the names kept or the names crossed out."""

    KEPT = "kept", N_("Type the names kept")
    CROSSED = "crossed", N_("Type the names crossed out")


class Status(Labelled):
    DRAFT = "draft", N_("Not opened yet")
    OPEN = "open", N_("Counting")
    CLOSED = "closed", N_("Counting closed")


class InvalidReason(Labelled):
    TOO_MANY_KEPT = "too_many_kept", N_("Too many names kept")
    ALL_CROSSED = "all_crossed", N_("Every name crossed out")
    WRITTEN_ON = "written_on", N_("Names added or something written on it")
    NOT_OFFICIAL = "not_official", N_("Not the official ballot paper")
    OTHER = "other", N_("Invalid for another reason")


@dataclass(frozen=True)
class IssuedChange:
    """One correction of the ballots issued, with its reason (the opening count has reason "")."""

    old: int
    new: int
    reason: str


@dataclass(frozen=True)
class Motion:
    agree: int
    disagree: int
    abstain: int


@dataclass(frozen=True)
class Decision:
    """What the bloc leader and deputy decided after the last round (units chosen, and a note)."""

    unit_ids: tuple[int, ...]
    note: str



@dataclass(frozen=True)
class Poll:
    kind: PollKind
    title: str = ""
    award: str = ""
    award_level: int = 0
    quota: int = 1
    candidates: tuple[int, ...] = ()
    threshold: Threshold = Threshold()
    base: Base = Base.VALID_BALLOTS
    voters: Voters = Voters.ONE_PER_UNIT_PRESENT
    entry_mode: EntryMode = EntryMode.KEPT
    invalid_when_all_crossed: bool = True
    issued: int = 0
    eligible: int = 0
    collected: int = 0
    status: Status = Status.DRAFT
    round: int = 1
    max_rounds: int = DEFAULT_MAX_ROUNDS
    parent_id: int | None = None
    cascade: bool = True
    issued_history: tuple[IssuedChange, ...] = ()
    motion: Motion | None = None
    decision: Decision | None = None
    digest: str = ""
    id: int | None = None

    @property
    def is_motion(self) -> bool:
        return self.kind is PollKind.MOTION

    def validated(self) -> Poll:
        poll = replace(self, title=clean(self.title), award=clean(self.award))
        if not poll.title:
            poll = replace(poll, title=poll.award)
        if not poll.title:
            raise ValidationError("The poll needs a title.", field="title")
        if len(poll.title) > 300:
            raise ValidationError("The poll title is too long (at most 300 characters).", field="title")
        poll.threshold.validated()
        if poll.kind in (PollKind.LEADER, PollKind.DEPUTY) and poll.round == 1 and poll.quota != 1:
            raise ValidationError("The bloc leader and the deputy are elected one seat at a time.", field="quota")
        if not poll.is_motion:
            if poll.quota < 1 or poll.quota > 100:
                raise ValidationError("The number of seats must be between 1 and 100.", field="quota")
            if not poll.candidates:
                raise ValidationError("The poll has no candidates.", field="candidates")
            if len(set(poll.candidates)) != len(poll.candidates):
                raise ValidationError("A unit is listed twice among the candidates.", field="candidates")
        if not 1 <= poll.max_rounds <= 5 or not 1 <= poll.round <= poll.max_rounds:
            raise ValidationError("The number of rounds must be between 1 and 5.", field="max_rounds")
        if poll.award_level < 0:
            raise ValidationError("The award level must be 0 (none) or a positive number.", field="award_level")
        return poll

    def to_doc(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "title": self.title,
            "award": self.award,
            "award_level": self.award_level,
            "quota": self.quota,
            "candidates": list(self.candidates),
            "threshold": self.threshold.to_doc(),
            "base": self.base.value,
            "voters": self.voters.value,
            "entry_mode": self.entry_mode.value,
            "invalid_when_all_crossed": self.invalid_when_all_crossed,
            "issued": self.issued,
            "eligible": self.eligible,
            "collected": self.collected,
            "status": self.status.value,
            "round": self.round,
            "max_rounds": self.max_rounds,
            "parent_id": self.parent_id,
            "cascade": self.cascade,
            "issued_history": [[c.old, c.new, c.reason] for c in self.issued_history],
            "motion": [self.motion.agree, self.motion.disagree, self.motion.abstain] if self.motion else None,
            "decision": {"units": list(self.decision.unit_ids), "note": self.decision.note} if self.decision else None,
            "digest": self.digest,
        }

    @classmethod
    def from_doc(cls, doc_id: int, doc: dict[str, Any]) -> Poll:
        motion = doc.get("motion")
        decision = doc.get("decision")
        return cls(
            kind=enum_or(PollKind, doc.get("kind"), PollKind.AWARD),
            title=doc.get("title", ""),
            award=doc.get("award", ""),
            award_level=int(doc.get("award_level", 0)),
            quota=int(doc.get("quota", 1)),
            candidates=tuple(int(c) for c in doc.get("candidates", ())),
            threshold=Threshold.from_doc(doc.get("threshold")),
            base=enum_or(Base, doc.get("base"), Base.VALID_BALLOTS),
            voters=enum_or(Voters, doc.get("voters"), Voters.ONE_PER_UNIT_PRESENT),
            entry_mode=enum_or(EntryMode, doc.get("entry_mode"), EntryMode.KEPT),
            invalid_when_all_crossed=bool(doc.get("invalid_when_all_crossed", True)),
            issued=int(doc.get("issued", 0)),
            eligible=int(doc.get("eligible", 0)),
            collected=int(doc.get("collected", 0)),
            status=enum_or(Status, doc.get("status"), Status.DRAFT),
            round=int(doc.get("round", 1)),
            max_rounds=int(doc.get("max_rounds", DEFAULT_MAX_ROUNDS)),
            parent_id=doc.get("parent_id"),
            cascade=bool(doc.get("cascade", True)),
            issued_history=tuple(IssuedChange(int(a), int(b), str(r)) for a, b, r in doc.get("issued_history", ())),
            motion=Motion(*(int(v) for v in motion)) if motion else None,
            decision=Decision(tuple(int(u) for u in decision.get("units", ())), decision.get("note", ""))
            if decision else None,
            digest=doc.get("digest", ""),
            id=doc_id,
        )


def polls(conference: Conference) -> list[Poll]:
    """Every poll, in the order created."""
    return [Poll.from_doc(int(k), d) for k, d in sorted(conference.store.docs(POLLS).items(), key=lambda kv: int(kv[0]))]


def get_poll(conference: Conference, poll_id: int) -> Poll:
    doc = conference.store.get(POLLS, poll_id)
    if doc is None:
        raise ValidationError("There is no poll {poll}.", poll=poll_id)
    return Poll.from_doc(poll_id, doc)


def default_candidates(conference: Conference) -> tuple[int, ...]:
    """Member units by the scoring rank (unranked units after, in the units' order)."""
    return tuple(s.unit.id for s in scoring.ranking(conference) if s.unit.id is not None)


def _elected_in_chain(conference: Conference, root: Poll, all_polls: list[Poll]) -> list[int]:
    chosen: list[int] = []
    poll: Poll | None = root
    while poll is not None:
        if poll.status is Status.CLOSED:
            result = tally(conference, poll.id or 0)
            chosen.extend(result.winners)
            chosen.extend(result.decided_by_leaders)
        poll = next((p for p in all_polls if p.parent_id == poll.id), None)
    return chosen


def awarded_higher(conference: Conference, level: int, exclude: int | None = None) -> set[int]:
    """Units chosen (by vote or by the leaders' decision) for an award ranked above ``level`` at this conference."""
    if level <= 0:
        return set()
    all_polls = polls(conference)
    units: set[int] = set()
    for poll in all_polls:
        if poll.kind is PollKind.AWARD and poll.parent_id is None and 0 < poll.award_level < level \
                and poll.id != exclude:
            units.update(_elected_in_chain(conference, poll, all_polls))
    return units


def _cascaded(conference: Conference, poll: Poll) -> Poll:
    if not poll.cascade or poll.kind is not PollKind.AWARD or poll.award_level <= 0:
        return poll
    higher = awarded_higher(conference, poll.award_level, exclude=poll.id)
    return replace(poll, candidates=tuple(c for c in poll.candidates if c not in higher))


def _check_candidates(conference: Conference, poll: Poll) -> None:
    members = {u.id for u in conference.member_units()}
    for unit_id in poll.candidates:
        if unit_id not in members:
            raise ValidationError("Candidate {unit} is not a member unit of the bloc.", field="candidates",
                                  unit=unit_id)


def create_poll(conference: Conference, poll: Poll) -> Poll:
    """Store a new poll as a draft. Award and election polls without candidates get the member units in scoring
    order; an award poll with the cascade on loses the units already chosen for a higher award."""
    if not poll.is_motion and not poll.candidates:
        poll = replace(poll, candidates=default_candidates(conference))
    if poll.kind is PollKind.AWARD and not poll.award_level:
        poll = replace(poll, award_level=AWARD_LEVELS.get(clean(poll.award), 0))
    if poll.is_motion:
        poll = replace(poll, candidates=(), quota=1)
    poll = replace(poll, status=Status.DRAFT, issued=0, eligible=0, collected=0, issued_history=(), motion=None,
                   decision=None, digest="", id=None)
    with conference.store.transaction() as txn:
        poll = _cascaded(conference, poll).validated()
        _check_candidates(conference, poll)
        return replace(poll, id=txn.insert(POLLS, poll.to_doc()))


def update_poll(conference: Conference, poll: Poll) -> Poll:
    """Change the settings of a draft poll (the counts and status are kept as stored)."""
    with conference.store.transaction() as txn:
        current = get_poll(conference, poll.id or 0)
        if current.status is not Status.DRAFT:
            raise ValidationError("Only a poll not yet opened can be changed.")
        if poll.is_motion:
            poll = replace(poll, candidates=(), quota=1)
        poll = replace(poll, status=current.status, issued=current.issued, eligible=current.eligible,
                       collected=current.collected, issued_history=current.issued_history, motion=None,
                       decision=None, digest="", round=current.round, parent_id=current.parent_id).validated()
        _check_candidates(conference, poll)
        txn.put(POLLS, poll.id or 0, poll.to_doc())
    return poll


def remove_poll(conference: Conference, poll_id: int) -> None:
    """Delete a draft poll (an opened poll is part of the record and stays)."""
    with conference.store.transaction() as txn:
        if get_poll(conference, poll_id).status is not Status.DRAFT:
            raise ValidationError("Only a poll not yet opened can be changed.")
        txn.remove(POLLS, poll_id)


def voters_present(conference: Conference, voters: Voters) -> tuple[int, int]:
    """(voters present, eligible voters) by the poll's voters rule, from check-in."""
    att = conference.attendance()
    if voters is Voters.ONE_PER_UNIT_PRESENT:
        return att.member_units_present, att.member_units
    return att.present.get(Role.VOTING, 0), att.expected.get(Role.VOTING, 0)


def _event(conference: Conference, txn: Transaction, poll_id: int, kind: str, payload: dict[str, Any]) -> str:
    return audit.append(conference.store, txn, poll_id, kind, payload)


def open_poll(conference: Conference, poll_id: int) -> Poll:
    """Open a draft poll: ballots issued and eligible voters are taken from check-in now (the cascade applies)."""
    with conference.store.transaction() as txn:
        poll = get_poll(conference, poll_id)
        if poll.status is not Status.DRAFT:
            raise ValidationError("This poll is already open or closed.")
        poll = _cascaded(conference, poll)
        if not poll.is_motion and not poll.candidates:
            raise ValidationError("The poll has no candidates.", field="candidates")
        issued, eligible = voters_present(conference, poll.voters)
        poll = replace(poll, status=Status.OPEN, issued=issued, eligible=eligible,
                       issued_history=(IssuedChange(0, issued, ""),))
        txn.put(POLLS, poll_id, poll.to_doc())
        _event(conference, txn, poll_id, "open", {
            "issued": issued, "eligible": eligible, "candidates": list(poll.candidates), "quota": poll.quota,
            "threshold": poll.threshold.to_doc(), "base": poll.base.value, "round": poll.round,
        })
    return poll


def _open(conference: Conference, poll_id: int) -> Poll:
    poll = get_poll(conference, poll_id)
    if poll.status is Status.DRAFT:
        raise ValidationError("This poll is not open yet.")
    if poll.status is Status.CLOSED:
        raise ValidationError("This poll is closed; nothing more can be entered.")
    return poll


def _ballot_docs(conference: Conference, poll_id: int, clerk: int | None = None) -> list[tuple[int, dict[str, Any]]]:
    return [(int(k), d) for k, d in conference.store.docs(BALLOTS).items()
            if d.get("poll") == poll_id and (clerk is None or d.get("clerk") == clerk)]


def set_issued(conference: Conference, poll_id: int, n: int, reason: str) -> Poll:
    """Correct the ballots issued of an open poll; the reason is required and every change is kept."""
    reason = clean(reason)
    if not reason:
        raise ValidationError("Give the reason for changing the ballots issued.", field="reason")
    with conference.store.transaction() as txn:
        poll = _open(conference, poll_id)
        if n < 0 or n > 100_000:
            raise ValidationError("The number of ballots must be between 0 and 100000.", field="issued")
        if n < poll.collected:
            raise ValidationError("Fewer ballots issued ({issued}) than collected ({collected}).", field="issued",
                                  issued=n, collected=poll.collected)
        poll = replace(poll, issued=n, issued_history=(*poll.issued_history, IssuedChange(poll.issued, n, reason)))
        txn.put(POLLS, poll_id, poll.to_doc())
        _event(conference, txn, poll_id, "issued", {"old": poll.issued_history[-1].old, "new": n, "reason": reason})
    return poll


def set_collected(conference: Conference, poll_id: int, n: int) -> Poll:
    """Type the ballots collected (at most the ballots issued, at least the ballots each clerk entered)."""
    with conference.store.transaction() as txn:
        poll = _open(conference, poll_id)
        if n < 0:
            raise ValidationError("The number of ballots must be between 0 and 100000.", field="collected")
        if n > poll.issued:
            raise ValidationError("More ballots collected ({collected}) than issued ({issued}).", field="collected",
                                  issued=poll.issued, collected=n)
        entered = max((sum(1 for _ in _ballot_docs(conference, poll_id, c)) for c in (1, 2)), default=0)
        if n < entered:
            raise ValidationError("{entered} ballots are already entered; undo some before lowering the count.",
                                  field="collected", entered=entered)
        old = poll.collected
        poll = replace(poll, collected=n)
        txn.put(POLLS, poll_id, poll.to_doc())
        _event(conference, txn, poll_id, "collected", {"old": old, "new": n})
    return poll


# -- ballots -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BallotInput:
    """A ballot as understood: the candidate numbers (1-based) kept, or the reason it is invalid."""

    kept: tuple[int, ...]
    invalid: InvalidReason | None = None
    typed: tuple[int, ...] = ()

    @property
    def valid(self) -> bool:
        return self.invalid is None


@dataclass(frozen=True)
class Ballot:
    poll_id: int
    round: int
    seq: int
    clerk: int
    kept: tuple[int, ...]
    invalid: InvalidReason | None = None
    id: int | None = None

    @property
    def valid(self) -> bool:
        return self.invalid is None

    def kept_units(self, poll: Poll) -> tuple[int, ...]:
        return tuple(poll.candidates[n - 1] for n in self.kept)

    @classmethod
    def from_doc(cls, doc_id: int, doc: dict[str, Any]) -> Ballot:
        reason = doc.get("invalid")
        return cls(int(doc["poll"]), int(doc.get("round", 1)), int(doc["seq"]), int(doc.get("clerk", 1)),
                   tuple(doc.get("kept") or ()), enum_or(InvalidReason, reason, InvalidReason.OTHER) if reason else None,
                   doc_id)


_TOKEN = re.compile(r"[^\s,;.\-/+]+")


def parse_ballot(text: str, poll: Poll) -> BallotInput:
    """Read a typed ballot: numbers separated by spaces, commas, dashes… ("1 3 4", "1,3,4", "1-3-4").

    In ``KEPT`` mode the numbers are the names kept (nothing typed: every name crossed out); in ``CROSSED`` mode the
    names crossed out (nothing typed: every name kept). More names kept than seats makes the ballot invalid.
    """
    count = len(poll.candidates)
    typed: list[int] = []
    for token in _TOKEN.findall(clean(text)):
        if not (token.isascii() and token.isdigit()):
            raise ValidationError("“{token}” is not a candidate number.", field="ballot", token=token)
        number = int(token)
        if not 1 <= number <= count:
            raise ValidationError("There is no candidate {number}; the list has {count} names.", field="ballot",
                                  number=number, count=count)
        if number in typed:
            raise ValidationError("Candidate {number} is typed twice.", field="ballot", number=number)
        typed.append(number)
    if poll.entry_mode is EntryMode.KEPT:
        kept = tuple(sorted(typed))
    else:
        kept = tuple(n for n in range(1, count + 1) if n not in typed)
    if not kept and poll.invalid_when_all_crossed:
        return BallotInput((), InvalidReason.ALL_CROSSED, tuple(typed))
    if len(kept) > poll.quota:
        return BallotInput((), InvalidReason.TOO_MANY_KEPT, tuple(typed))
    return BallotInput(kept, None, tuple(typed))


def _store_ballot(conference: Conference, poll_id: int, data: BallotInput, clerk: int) -> Ballot:
    if clerk not in (1, 2):
        raise ValidationError("The clerk is 1 or 2.", field="clerk")
    with conference.store.transaction() as txn:
        poll = _open(conference, poll_id)
        if poll.is_motion:
            raise ValidationError("A motion is decided by show of hands; type its counts instead.")
        entered = sum(1 for _ in _ballot_docs(conference, poll_id, clerk))
        if poll.collected <= 0:
            raise ValidationError("Type the number of ballots collected before entering ballots.",
                                  field="collected")
        if entered >= poll.collected:
            raise ValidationError(
                "All {collected} ballots collected are entered; correct the ballots collected if this is wrong.",
                collected=poll.collected)
        ballot = Ballot(poll_id, poll.round, entered + 1, clerk, data.kept, data.invalid)
        doc = {"poll": poll_id, "round": poll.round, "seq": ballot.seq, "clerk": clerk, "kept": list(data.kept),
               "invalid": data.invalid.value if data.invalid else None}
        ballot_id = txn.insert(BALLOTS, doc)
        _event(conference, txn, poll_id, "ballot", {k: doc[k] for k in ("seq", "clerk", "kept", "invalid")})
    return replace(ballot, id=ballot_id)


def enter_ballot(conference: Conference, poll_id: int, text: str, clerk: int = 1) -> Ballot:
    """Parse and store one ballot as read aloud; nothing is stored when it cannot be read."""
    return _store_ballot(conference, poll_id, parse_ballot(text, get_poll(conference, poll_id)), clerk)


def enter_invalid(conference: Conference, poll_id: int, reason: InvalidReason | str = InvalidReason.OTHER,
                  clerk: int = 1) -> Ballot:
    """Store one ballot the committee found invalid."""
    try:
        reason = InvalidReason(reason)
    except ValueError as exc:
        raise ValidationError("“{value}” is not a reason a ballot is invalid.", field="reason", value=reason) from exc
    return _store_ballot(conference, poll_id, BallotInput((), reason), clerk)


def undo_last(conference: Conference, poll_id: int, clerk: int = 1) -> Ballot:
    """Take back the last ballot this clerk entered into an open poll; returns it."""
    with conference.store.transaction() as txn:
        _open(conference, poll_id)
        docs = _ballot_docs(conference, poll_id, clerk)
        if not docs:
            raise ValidationError("No ballot has been entered yet; there is nothing to undo.")
        doc_id, doc = max(docs, key=lambda kv: kv[1]["seq"])
        txn.remove(BALLOTS, doc_id)
        _event(conference, txn, poll_id, "undo", {k: doc.get(k) for k in ("seq", "clerk", "kept", "invalid")})
    return Ballot.from_doc(doc_id, doc)


def ballots(conference: Conference, poll_id: int, clerk: int = 1) -> list[Ballot]:
    """The ballots one clerk entered, in order."""
    return sorted((Ballot.from_doc(k, d) for k, d in _ballot_docs(conference, poll_id, clerk)), key=lambda b: b.seq)


def mismatches(conference: Conference, poll_id: int) -> list[int]:
    """Ballot numbers where the two clerks' entries differ (one missing counts); [] without double entry."""
    first = {d["seq"]: (tuple(d.get("kept") or ()), d.get("invalid")) for _k, d in _ballot_docs(conference, poll_id, 1)}
    second = {d["seq"]: (tuple(d.get("kept") or ()), d.get("invalid")) for _k, d in _ballot_docs(conference, poll_id, 2)}
    if not second:
        return []
    return sorted(seq for seq in set(first) | set(second) if first.get(seq) != second.get(seq))


# -- the tally -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    poll_id: int
    kind: PollKind
    status: Status
    round: int
    quota: int
    issued: int
    eligible: int
    collected: int
    counted: int
    valid: int
    invalid: int
    invalid_by_reason: dict[InvalidReason, int]
    votes: dict[int, int]  # unit id → votes, in candidate order
    percent: dict[int, str]  # unit id → % of the base
    base: Base
    base_count: int
    threshold: Threshold
    votes_needed: int
    reached: tuple[int, ...]  # by votes, highest first
    winners: tuple[int, ...]
    tied: tuple[int, ...]
    open_seats: int
    decided_by_leaders: tuple[int, ...] = ()
    decision_note: str = ""
    motion: Motion | None = None
    passed: bool | None = None
    digest: str = ""

    @property
    def elected(self) -> tuple[int, ...]:
        """Winners by vote, then the units the leaders chose."""
        return self.winners + self.decided_by_leaders


def _base_count(poll: Poll, valid: int) -> int:
    return {Base.VALID_BALLOTS: valid, Base.BALLOTS_ISSUED: poll.issued, Base.ELIGIBLE_VOTERS: poll.eligible}[poll.base]


def seats(ranked: list[tuple[int, int]], quota: int) -> tuple[tuple[int, ...], tuple[int, ...], int]:
    """(winners, tied, open seats) from the candidates who reached the threshold as (unit, votes), votes
    descending: a tie at the cut-off that does not fit in the seats leaves those seats open."""
    if len(ranked) <= quota:
        return tuple(u for u, _v in ranked), (), quota - len(ranked)
    cut = ranked[quota - 1][1]
    above = tuple(u for u, v in ranked if v > cut)
    at_cut = tuple(u for u, v in ranked if v == cut)
    if len(above) + len(at_cut) <= quota:
        winners = above + at_cut
        return winners, (), quota - len(winners)
    return above, at_cut, quota - len(above)


def recount(conference: Conference, poll: Poll) -> Tally:
    """Count a poll from its stored ballots (clerk 1's stack is the record); no cache."""
    pid = poll.id or 0
    if poll.is_motion:
        return _motion_tally(poll)
    number_votes = [0] * (len(poll.candidates) + 1)
    counted = invalid = 0
    reasons: dict[InvalidReason, int] = {}
    for doc in conference.store.docs(BALLOTS).values():
        if doc["poll"] != pid or doc["clerk"] != 1:
            continue
        counted += 1
        reason = doc["invalid"]
        if reason:
            invalid += 1
            key = enum_or(InvalidReason, reason, InvalidReason.OTHER)
            reasons[key] = reasons.get(key, 0) + 1
            continue
        for n in doc["kept"]:
            number_votes[n] += 1
    valid = counted - invalid
    votes = {unit: number_votes[i] for i, unit in enumerate(poll.candidates, start=1)}
    base_count = _base_count(poll, valid)
    needed = votes_needed(poll.threshold, base_count)
    order = sorted(range(len(poll.candidates)), key=lambda i: -number_votes[i + 1])
    ranked = [(poll.candidates[i], number_votes[i + 1]) for i in order
              if number_votes[i + 1] > 0 and number_votes[i + 1] >= needed]
    winners, tied, open_seats = seats(ranked, poll.quota)
    return Tally(
        poll_id=pid, kind=poll.kind, status=poll.status, round=poll.round, quota=poll.quota, issued=poll.issued,
        eligible=poll.eligible, collected=poll.collected, counted=counted, valid=valid, invalid=invalid,
        invalid_by_reason=reasons, votes=votes, percent={u: percent(v, base_count) for u, v in votes.items()},
        base=poll.base, base_count=base_count, threshold=poll.threshold, votes_needed=needed,
        reached=tuple(u for u, _v in ranked), winners=winners, tied=tied, open_seats=open_seats,
        decided_by_leaders=poll.decision.unit_ids if poll.decision else (),
        decision_note=poll.decision.note if poll.decision else "", digest=poll.digest,
    )


def _motion_tally(poll: Poll) -> Tally:
    m = poll.motion
    cast = (m.agree + m.disagree + m.abstain) if m else 0
    base_count = _base_count(poll, cast)
    needed = votes_needed(poll.threshold, base_count)
    return Tally(
        poll_id=poll.id or 0, kind=poll.kind, status=poll.status, round=poll.round, quota=1, issued=poll.issued,
        eligible=poll.eligible, collected=cast, counted=cast, valid=cast, invalid=0, invalid_by_reason={}, votes={},
        percent={}, base=poll.base, base_count=base_count, threshold=poll.threshold, votes_needed=needed,
        reached=(), winners=(), tied=(), open_seats=0, motion=m,
        passed=(m.agree > 0 and m.agree >= needed) if m else None, digest=poll.digest,
    )


_CACHE: weakref.WeakKeyDictionary[Conference, dict[int, tuple[tuple[int, ...], Tally]]] = weakref.WeakKeyDictionary()


def tally(conference: Conference, poll_id: int) -> Tally:
    """The tally of a poll, recounted whenever a ballot or the poll changed (any desk)."""
    rev = conference.store.revision(POLLS, BALLOTS)
    entries = _CACHE.setdefault(conference, {})
    hit = entries.get(poll_id)
    if hit is None or hit[0] != rev:
        hit = entries[poll_id] = (rev, recount(conference, get_poll(conference, poll_id)))
    return hit[1]


def close_poll(conference: Conference, poll_id: int) -> str:
    """Freeze an open poll and return the short audit digest the minutes carry.

    Refused while ballots collected are not all entered, while the two clerks' stacks differ, and for a motion
    without its counts.
    """
    with conference.store.transaction() as txn:
        poll = _open(conference, poll_id)
        if poll.is_motion:
            if poll.motion is None:
                raise ValidationError("Type the counts of the show of hands before closing.")
        else:
            counted = sum(1 for _ in _ballot_docs(conference, poll_id, 1))
            if counted != poll.collected:
                raise ValidationError("{counted} of {collected} ballots collected are entered; enter the rest "
                                      "or correct the ballots collected.", counted=counted, collected=poll.collected)
            wrong = mismatches(conference, poll_id)
            if wrong:
                raise ValidationError("The two clerks differ on ballots {numbers}; check them before closing.",
                                      numbers=", ".join(str(n) for n in wrong))
        result = recount(conference, replace(poll, status=Status.CLOSED))
        full = _event(conference, txn, poll_id, "close", {
            "counted": result.counted, "valid": result.valid, "invalid": result.invalid,
            "votes": {str(u): v for u, v in result.votes.items()}, "winners": list(result.winners),
            "tied": list(result.tied), "motion": [poll.motion.agree, poll.motion.disagree, poll.motion.abstain]
            if poll.motion else None,
        })
        digest = audit.short_digest(full)
        txn.update(POLLS, poll_id, {"status": Status.CLOSED.value, "digest": digest})
    return digest


def second_round(conference: Conference, poll_id: int) -> Poll:
    """A new draft poll among the candidates tied at the cut-off, for the seats left open."""
    poll = get_poll(conference, poll_id)
    if poll.status is not Status.CLOSED:
        raise ValidationError("Close the poll before starting another round.")
    result = tally(conference, poll_id)
    if not result.tied or result.open_seats <= 0:
        raise ValidationError("There is no tie to decide in another round.")
    if poll.round >= poll.max_rounds:
        raise ValidationError("This was the last round ({rounds}); record the decision of the bloc leader and deputy.",
                              rounds=poll.max_rounds)
    if any(p.parent_id == poll_id for p in polls(conference)):
        raise ValidationError("The next round of this poll already exists.")
    child = replace(poll, candidates=result.tied, quota=result.open_seats, round=poll.round + 1, parent_id=poll_id,
                    status=Status.DRAFT, issued=0, eligible=0, collected=0, issued_history=(), motion=None,
                    decision=None, digest="", cascade=False, id=None)
    with conference.store.transaction() as txn:
        if any(p.parent_id == poll_id for p in polls(conference)):
            raise ValidationError("The next round of this poll already exists.")
        return replace(child, id=txn.insert(POLLS, child.validated().to_doc()))


def record_leaders_decision(conference: Conference, poll_id: int, unit_ids: Iterable[int], note: str) -> Poll:
    """Record which units the bloc leader and deputy chose for the seats a vote left open: after a tie in the last
    round (among the tied units), or when no further round can fill them (among the candidates not elected)."""
    chosen = tuple(unit_ids)
    note = clean(note, multiline=True)
    with conference.store.transaction() as txn:
        poll = get_poll(conference, poll_id)
        if poll.status is not Status.CLOSED:
            raise ValidationError("Close the poll before recording the decision of the leaders.")
        result = recount(conference, poll)
        if result.open_seats <= 0 or (result.tied and poll.round < poll.max_rounds):
            raise ValidationError("The leaders decide only seats left open after the last round.")
        if poll.decision is not None:
            raise ValidationError("The decision of the leaders is already recorded.")
        choices = result.tied or tuple(c for c in poll.candidates if c not in result.winners)
        if not chosen or len(chosen) > result.open_seats or len(set(chosen)) != len(chosen) \
                or not set(chosen) <= set(choices):
            raise ValidationError("Choose up to {seats} of the units still in the running.", seats=result.open_seats)
        if not note:
            raise ValidationError("Write who decided and how (the note goes into the minutes).", field="note")
        _event(conference, txn, poll_id, "decision", {"units": list(chosen), "note": note})
        txn.update(POLLS, poll_id, {"decision": {"units": list(chosen), "note": note}})
    return get_poll(conference, poll_id)


def record_motion(conference: Conference, poll_id: int, agree: int, disagree: int, abstain: int) -> Tally:
    """Record the counts of a show of hands (agree, disagree, not voting); their sum is at most the voters present."""
    with conference.store.transaction() as txn:
        poll = _open(conference, poll_id)
        if not poll.is_motion:
            raise ValidationError("Only a motion is decided by show of hands.")
        if min(agree, disagree, abstain) < 0:
            raise ValidationError("The counts cannot be negative.", field="agree")
        if agree + disagree + abstain > poll.issued:
            raise ValidationError("{total} hands counted, but only {present} voters are present.", field="agree",
                                  total=agree + disagree + abstain, present=poll.issued)
        txn.update(POLLS, poll_id, {"motion": [agree, disagree, abstain]})
        _event(conference, txn, poll_id, "motion", {"agree": agree, "disagree": disagree, "abstain": abstain})
    return tally(conference, poll_id)


def elected(conference: Conference, poll_id: int) -> tuple[int, ...]:
    """Everyone chosen in a poll and its further rounds (by vote, then by the leaders' decision)."""
    all_polls = polls(conference)
    root = get_poll(conference, poll_id)
    while root.parent_id is not None:
        root = get_poll(conference, root.parent_id)
    return tuple(_elected_in_chain(conference, root, all_polls))


# -- audit ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VerifyResult:
    """``ok`` when the chain is whole and the stored ballots are exactly those the chain records."""

    ok: bool
    events: int
    first_bad_seq: int | None = None
    first_bad_poll: int | None = None
    ballots_differ: tuple[int, ...] = ()  # polls whose stored ballots are not what the chain recorded
    digest: str = ""


def verify(conference: Conference) -> VerifyResult:
    """Recompute the audit chain and replay its ballot events against the stored ballots."""
    check = audit.verify_chain(conference.store)
    if not check.ok:
        return VerifyResult(False, check.events, check.bad_seq, check.bad_poll)
    replay: dict[tuple[int, int, int], tuple[tuple[int, ...], Any]] = {}
    for event in audit.events(conference.store):
        p = event["payload"]
        if event["kind"] == "ballot":
            replay[event["poll"], p["clerk"], p["seq"]] = (tuple(p["kept"]), p["invalid"])
        elif event["kind"] == "undo":
            replay.pop((event["poll"], p["clerk"], p["seq"]), None)
    stored = {(d.get("poll"), d.get("clerk"), d.get("seq")): (tuple(d.get("kept") or ()), d.get("invalid"))
              for d in conference.store.docs(BALLOTS).values()}
    differ = tuple(sorted({k[0] for k in set(replay) | set(stored) if replay.get(k) != stored.get(k)}))
    return VerifyResult(not differ, check.events, ballots_differ=differ,
                        digest=audit.short_digest(check.last_hash) if check.events else "")


# -- JSON for scripting --------------------------------------------------------------------------------------------


def tally_json(conference: Conference, poll_id: int) -> dict[str, Any]:
    """The tally as plain JSON with stable English keys (for ``tdkt tally --json`` and outside checkers)."""
    poll = get_poll(conference, poll_id)
    result = tally(conference, poll_id)
    names = conference.unit_names()
    chain = []
    root = poll
    while root.parent_id is not None:
        root = get_poll(conference, root.parent_id)
    all_polls = polls(conference)
    node: Poll | None = root
    while node is not None:
        chain.append({"poll": node.id, "round": node.round, "status": node.status.value})
        node = next((p for p in all_polls if p.parent_id == node.id), None)
    fraction, strict = poll.threshold.exact

    def unit(u: int) -> dict[str, Any]:
        return {"unit_id": u, "name": names.get(u, "")}

    return {
        "poll_id": poll_id,
        "title": poll.title,
        "kind": poll.kind.value,
        "award": poll.award,
        "award_level": poll.award_level,
        "status": poll.status.value,
        "round": poll.round,
        "max_rounds": poll.max_rounds,
        "parent_id": poll.parent_id,
        "quota": poll.quota,
        "issued": result.issued,
        "eligible": result.eligible,
        "collected": result.collected,
        "counted": result.counted,
        "valid": result.valid,
        "invalid": result.invalid,
        "invalid_by_reason": {r.value: n for r, n in result.invalid_by_reason.items()},
        "threshold": {"rule": poll.threshold.rule.value, "fraction": f"{fraction.numerator}/{fraction.denominator}",
                      "strict": strict, "text": poll.threshold.text()},
        "base": poll.base.value,
        "base_count": result.base_count,
        "votes_needed": result.votes_needed,
        "candidates": [{**unit(u), "number": i, "votes": result.votes.get(u, 0), "percent": result.percent.get(u,
                        "0.00"), "reached": u in result.reached, "winner": u in result.winners}
                       for i, u in enumerate(poll.candidates, start=1)],
        "reached": list(result.reached),
        "winners": list(result.winners),
        "ties": list(result.tied),
        "open_seats": result.open_seats,
        "decided_by_leaders": list(result.decided_by_leaders),
        "decision_note": result.decision_note,
        "motion": {"agree": result.motion.agree, "disagree": result.motion.disagree, "abstain": result.motion.abstain,
                   "passed": result.passed} if result.motion else None,
        "rounds": chain,
        "digest": poll.digest,
    }


def timed_recount(conference: Conference, poll_id: int) -> float:
    """Seconds one uncached full recount of a poll takes (for the benchmark)."""
    poll = get_poll(conference, poll_id)
    start = time.perf_counter()
    recount(conference, poll)
    return time.perf_counter() - start
