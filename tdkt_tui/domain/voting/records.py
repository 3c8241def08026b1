"""The records of a vote: polls, ballots and what is decided after the count, as the store keeps them.

Tables: ``polls`` (one document per poll; a further round is a poll of its own with ``parent_id``), ``ballots``
(poll, round, sequence number, clerk, the kept candidate numbers or an invalid reason — nothing links a ballot to a
person, a desk or a time; docs/counting.md says what is and is not recorded) and ``audit`` (the chain of each
poll, :mod:`tdkt_tui.domain.voting.integrity`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain import validation
from tdkt_tui.domain.errors import ValidationError
from tdkt_tui.domain.i18n import N_
from tdkt_tui.domain.labels import Labelled
from tdkt_tui.domain.model import enum_or
from tdkt_tui.domain.text import clean
from tdkt_tui.domain.voting.thresholds import MAX_SEATS, Base, Quota, Threshold

POLLS, BALLOTS = "polls", "ballots"
DEFAULT_MAX_ROUNDS = 2
MAX_BALLOTS = 100_000

#: The awards a bloc nominates, highest first (docs/domain.md#awards): the default ``award_level`` of a poll whose
#: award is one of these. A smaller level is a higher award; 0 means "no rank" (the cascade leaves it alone).
AWARD_LEVELS = {
    "Cờ thi đua của Chính phủ": 1,
    "Cờ thi đua của UBND tỉnh": 2,
    "Bằng khen của Chủ tịch UBND tỉnh": 3,
}


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


class DecisionKind(Labelled):
    """How the seats a count left open were settled (or a post filled without a ballot)."""

    LEADERS = "leaders", N_("Decided by the bloc leader and deputy among the tied units")
    UNFILLED = "unfilled", N_("Seats left unfilled")
    ROTATION = "rotation", N_("By rotation, without a ballot")


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
    """What settled the seats a vote left open: the leaders' choice among the tied units (``preferred``: the
    women-led units among them, which the law prefers), the seats left unfilled, or a post filled by rotation."""

    unit_ids: tuple[int, ...]
    note: str
    kind: DecisionKind = DecisionKind.LEADERS
    preferred: tuple[int, ...] = ()

    def to_doc(self) -> dict[str, Any]:
        return {"units": list(self.unit_ids), "note": self.note, "kind": self.kind.value,
                "preferred": list(self.preferred)}

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Decision:
        return cls(tuple(int(u) for u in doc.get("units", ())), str(doc.get("note", "")),
                   enum_or(DecisionKind, doc.get("kind"), DecisionKind.LEADERS),
                   tuple(int(u) for u in doc.get("preferred", ())))


@dataclass(frozen=True)
class Member:
    """A member of the counting committee, as recorded (the name is kept: the minutes print what was chosen)."""

    attendee_id: int
    name: str


@dataclass(frozen=True)
class Committee:
    """The counting committee (ban kiểm phiếu): its head (trưởng ban) and members, from the people present, and the
    times the count began and ended ("HH:MM", local time)."""

    head: Member | None = None
    members: tuple[Member, ...] = ()
    began: str = ""
    ended: str = ""

    @property
    def is_empty(self) -> bool:
        return self.head is None and not self.members and not self.began and not self.ended

    def validated(self) -> Committee:
        """The committee, or a ValidationError when the count would end before it began."""
        if self.began and self.ended and self.ended < self.began:
            raise ValidationError("The count cannot end ({ended}) before it began ({began}); correct both times.",
                                  field="ended", began=self.began, ended=self.ended)
        return self

    def to_doc(self) -> dict[str, Any]:
        return {"head": [self.head.attendee_id, self.head.name] if self.head else None,
                "members": [[m.attendee_id, m.name] for m in self.members], "began": self.began, "ended": self.ended}

    @classmethod
    def from_doc(cls, doc: dict[str, Any] | None) -> Committee:
        if not doc:
            return cls()
        head = doc.get("head")
        return cls(Member(int(head[0]), str(head[1])) if head else None,
                   tuple(Member(int(a), str(n)) for a, n in doc.get("members", ())),
                   str(doc.get("began", "")), str(doc.get("ended", "")))


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
    quota_rule: Quota | None = None  # None: ``quota`` as a plain number
    committee: Committee = Committee()
    id: int | None = None

    @property
    def is_motion(self) -> bool:
        return self.kind is PollKind.MOTION

    @property
    def by_rotation(self) -> bool:
        return self.decision is not None and self.decision.kind is DecisionKind.ROTATION

    @property
    def name(self) -> str:
        """What the poll is called on screen and in messages."""
        return self.title or self.award

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
            if poll.quota < 1 or poll.quota > MAX_SEATS:
                raise ValidationError("The number of seats must be between 1 and 100.", field="quota")
            if not poll.candidates:
                raise ValidationError("The poll has no candidates.", field="candidates")
            if len(set(poll.candidates)) != len(poll.candidates):
                raise ValidationError("A unit is listed twice among the candidates.", field="candidates")
            if poll.quota > len(poll.candidates):
                raise ValidationError("More seats ({seats}) than candidates ({candidates}).", field="quota",
                                      seats=poll.quota, candidates=len(poll.candidates))
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
            "quota_rule": self.quota_rule.to_doc() if self.quota_rule else None,
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
            "decision": self.decision.to_doc() if self.decision else None,
            "committee": None if self.committee.is_empty else self.committee.to_doc(),
            "digest": self.digest,
        }

    @classmethod
    def from_doc(cls, doc_id: int, doc: dict[str, Any]) -> Poll:
        motion = doc.get("motion")
        decision = doc.get("decision")
        quota = int(doc.get("quota", 1))
        return cls(
            kind=enum_or(PollKind, doc.get("kind"), PollKind.AWARD),
            title=doc.get("title", ""),
            award=doc.get("award", ""),
            award_level=int(doc.get("award_level", 0)),
            quota=quota,
            quota_rule=Quota.from_doc(doc["quota_rule"], quota) if doc.get("quota_rule") else None,
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
            decision=Decision.from_doc(decision) if decision else None,
            committee=Committee.from_doc(doc.get("committee")),
            digest=doc.get("digest", ""),
            id=doc_id,
        )


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

    def to_doc(self) -> dict[str, Any]:
        return {"poll": self.poll_id, "round": self.round, "seq": self.seq, "clerk": self.clerk,
                "kept": list(self.kept), "invalid": self.invalid.value if self.invalid else None}

    @classmethod
    def from_doc(cls, doc_id: int, doc: dict[str, Any]) -> Ballot:
        reason = doc.get("invalid")
        return cls(int(doc["poll"]), int(doc.get("round", 1)), int(doc["seq"]), int(doc.get("clerk", 1)),
                   tuple(doc.get("kept") or ()), enum_or(InvalidReason, reason, InvalidReason.OTHER) if reason else None,
                   doc_id)


def polls(conference: Conference) -> list[Poll]:
    """Every poll, in the order created."""
    return [Poll.from_doc(int(k), d) for k, d in sorted(conference.store.docs(POLLS).items(), key=lambda kv: int(kv[0]))]


def get_poll(conference: Conference, poll_id: int) -> Poll:
    doc = conference.store.get(POLLS, poll_id)
    if doc is None:
        raise ValidationError("There is no poll {poll}.", poll=poll_id)
    return Poll.from_doc(poll_id, doc)


def open_for_entry(conference: Conference, poll_id: int) -> Poll:
    """The poll, when it is open: counts and ballots go only into an open poll."""
    poll = get_poll(conference, poll_id)
    if poll.status is Status.DRAFT:
        raise ValidationError("This poll is not open yet.")
    if poll.status is Status.CLOSED:
        raise ValidationError("This poll is closed; nothing more can be entered.")
    return poll


def rounds_of(conference: Conference, poll_id: int) -> list[Poll]:
    """The rounds of the vote ``poll_id`` belongs to, first to last."""
    everything = polls(conference)
    by_id = {p.id: p for p in everything}
    root = by_id.get(poll_id) or get_poll(conference, poll_id)
    while root.parent_id is not None and root.parent_id in by_id:
        root = by_id[root.parent_id]
    chain: list[Poll] = []
    node: Poll | None = root
    while node is not None:
        chain.append(node)
        node = next((p for p in everything if p.parent_id == node.id), None)
    return chain


validation.register(POLLS, Poll, Poll.from_doc)
validation.register(BALLOTS, Ballot, Ballot.from_doc)
