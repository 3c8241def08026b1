"""A poll from draft to close: its candidates and seats, opening (all or nothing), the ballots issued and collected,
the counting committee, and the close that freezes the count and gives the digest the minutes carry.

Each change after opening is one transaction with its events in the poll's chain
(:mod:`~tdkt_tui.domain.voting.integrity`); a draft is not part of the record yet and changes freely.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from tdkt_tui.domain import audit, scoring
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.errors import ValidationError
from tdkt_tui.domain.i18n import _
from tdkt_tui.domain.model import Role
from tdkt_tui.domain.text import clean, fold
from tdkt_tui.domain.voting.counting import recount
from tdkt_tui.domain.voting.entry import mismatches
from tdkt_tui.domain.voting.index import index_of
from tdkt_tui.domain.voting.integrity import Recorder, definition, result_payload
from tdkt_tui.domain.voting.records import (
    AWARD_LEVELS,
    MAX_BALLOTS,
    POLLS,
    Committee,
    IssuedChange,
    Poll,
    PollKind,
    Status,
    Voters,
    get_poll,
    open_for_entry,
)
from tdkt_tui.domain.voting.rounds import awarded_higher, leaders_elected
from tdkt_tui.domain.voting.thresholds import QuotaOf

# -- candidates and seats ------------------------------------------------------------------------------------------


def proposed_for(conference: Conference, award: str) -> tuple[int, ...]:
    """Member units whose report proposes them for ``award`` (the "proposed award" field), in ranking order."""
    wanted = " ".join(fold(award).split())
    if not wanted:
        return ()
    reports = scoring.reports(conference)
    return tuple(s.unit.id for s in scoring.ranking(conference) if s.unit.id is not None
                 and (r := reports.get(s.unit.id)) is not None and " ".join(fold(r.proposed_award).split()) == wanted)


def default_candidates(conference: Conference, kind: PollKind = PollKind.AWARD, award: str = "") -> tuple[int, ...]:
    """The candidates of a new poll: for an award, the units proposed for it in their reports when any are, else
    every member unit; by the scoring rank (unranked units after, in the units' order). A motion has none."""
    if kind is PollKind.MOTION:
        return ()
    if kind is PollKind.AWARD:
        proposed = proposed_for(conference, award)
        if proposed:
            return proposed
    return tuple(s.unit.id for s in scoring.ranking(conference) if s.unit.id is not None)


def remaining_units(conference: Conference, poll: Poll) -> int:
    """Member units not chosen for an award above this poll's at this conference (what "of the remaining" counts)."""
    members = {u.id for u in conference.member_units()}
    if poll.kind is not PollKind.AWARD:
        return len(members)
    return len(members - awarded_higher(conference, poll.award_level, exclude=poll.id))


def seats_text(conference: Conference, poll: Poll) -> str:
    """The seats as the screen and the command line show them: "2", or "2 (20% of 11 member units, rounded down)"."""
    rule = poll.quota_rule
    if rule is None or not rule.is_share:
        return str(poll.quota)
    if rule.of is QuotaOf.MEMBER_UNITS:
        return _("{seats} ({share} of {units} member units, rounded down)", seats=poll.quota, share=rule.text(),
                 units=len(conference.member_units()))
    return _("{seats} ({share} of the {units} units not chosen for a higher award, rounded down)", seats=poll.quota,
             share=rule.text(), units=remaining_units(conference, poll))


def _settled(conference: Conference, poll: Poll) -> Poll:
    """The poll with the rules of the moment applied: units chosen for a higher award leave an award's list (the
    cascade), next year's leader leaves the deputy's list, and seats given as a share are counted again."""
    candidates = poll.candidates
    if poll.cascade and poll.kind is PollKind.AWARD and poll.award_level > 0:
        higher = awarded_higher(conference, poll.award_level, exclude=poll.id)
        candidates = tuple(c for c in candidates if c not in higher)
    if poll.kind is PollKind.DEPUTY and poll.round == 1:
        leader = leaders_elected(conference)
        candidates = tuple(c for c in candidates if c not in leader)
    poll = replace(poll, candidates=candidates)
    if poll.quota_rule is not None and poll.quota_rule.is_share and poll.round == 1:
        members = len(conference.member_units())
        seats = poll.quota_rule.count(members, remaining_units(conference, poll))
        if seats < 1:
            raise ValidationError("{share} of {units} units is less than one seat; type a number of seats instead.",
                                  field="quota", share=poll.quota_rule.text(),
                                  units=members if poll.quota_rule.of is QuotaOf.MEMBER_UNITS
                                  else remaining_units(conference, poll))
        poll = replace(poll, quota=seats)
    return poll


def _check_candidates(conference: Conference, poll: Poll) -> None:
    members = {u.id for u in conference.member_units()}
    for unit_id in poll.candidates:
        if unit_id not in members:
            raise ValidationError("Candidate {unit} is not a member unit of the bloc.", field="candidates",
                                  unit=unit_id)


def create_poll(conference: Conference, poll: Poll) -> Poll:
    """Store a new poll as a draft. Without candidates it gets :func:`default_candidates`; the cascade, the deputy
    rule and seats given as a share apply now and again at opening."""
    if poll.kind is PollKind.AWARD and not poll.award_level:
        poll = replace(poll, award_level=AWARD_LEVELS.get(clean(poll.award), 0))
    if poll.is_motion:
        poll = replace(poll, candidates=(), quota=1, quota_rule=None)
    poll = replace(poll, status=Status.DRAFT, issued=0, eligible=0, collected=0, issued_history=(), motion=None,
                   decision=None, digest="", round=1, parent_id=None, id=None)
    with conference.store.transaction() as txn:
        if not poll.is_motion and not poll.candidates:
            poll = replace(poll, candidates=default_candidates(conference, poll.kind, poll.award))
        poll = _settled(conference, poll).validated()
        _check_candidates(conference, poll)
        return replace(poll, id=txn.insert(POLLS, poll.to_doc()))


def update_poll(conference: Conference, poll: Poll) -> Poll:
    """Change the settings of a draft poll, its candidates included (the counts and status are kept as stored)."""
    with conference.store.transaction() as txn:
        current = get_poll(conference, poll.id or 0)
        if current.status is not Status.DRAFT:
            raise ValidationError("Only a poll not yet opened can be changed.")
        if poll.is_motion:
            poll = replace(poll, candidates=(), quota=1, quota_rule=None)
        elif not poll.candidates:
            poll = replace(poll, candidates=default_candidates(conference, poll.kind, poll.award))
        if poll.kind is PollKind.AWARD and (poll.award != current.award or not poll.award_level):
            poll = replace(poll, award_level=AWARD_LEVELS.get(clean(poll.award), 0))
        poll = replace(poll, status=current.status, issued=current.issued, eligible=current.eligible,
                       collected=current.collected, issued_history=current.issued_history, motion=None,
                       decision=None, digest="", round=current.round, parent_id=current.parent_id)
        poll = (_settled(conference, poll) if current.round == 1 else poll).validated()
        _check_candidates(conference, poll)
        txn.put(POLLS, poll.id or 0, poll.to_doc())
    return poll


def remove_poll(conference: Conference, poll_id: int) -> None:
    """Delete a draft poll (an opened poll is part of the record and stays)."""
    with conference.store.transaction() as txn:
        if get_poll(conference, poll_id).status is not Status.DRAFT:
            raise ValidationError("Only a poll not yet opened can be changed.")
        txn.remove(POLLS, poll_id)


# -- opening and the counts ----------------------------------------------------------------------------------------


def voters_present(conference: Conference, voters: Voters) -> tuple[int, int]:
    """(voters present, eligible voters) by the poll's voters rule, from check-in. A member unit is present for a
    vote when one of its voting delegates is (a substitute takes the absent delegate's role), not any of its staff."""
    members = {u.id for u in conference.member_units()}
    delegates = [p for p in conference.attendees() if p.role is Role.VOTING and p.unit_id in members]
    if voters is Voters.ONE_PER_UNIT_PRESENT:
        return len({p.unit_id for p in delegates if p.present}), len(members)
    return sum(1 for p in delegates if p.present), len(delegates)


def _now() -> str:
    """The time of day to the minute: the committee's times are never finer (docs/counting.md#what-is-recorded)."""
    return dt.datetime.now().strftime("%H:%M")


def open_poll(conference: Conference, poll_id: int, *, issued: int | None = None, reason: str = "",
              collected: int | None = None) -> Poll:
    """Open a draft poll, all or nothing: the ballots issued are the voters present at check-in (or ``issued`` with
    the ``reason`` it differs), the eligible voters are counted now, and ``collected`` may come with it.

    Refused, with nothing changed, when nobody is checked in as a voter and no number of ballots issued is given.
    """
    reason = clean(reason)
    with conference.store.transaction() as txn:
        poll = get_poll(conference, poll_id)
        if poll.status is not Status.DRAFT:
            raise ValidationError("This poll is already open or closed.")
        poll = _settled(conference, poll) if poll.round == 1 else poll
        if not poll.is_motion and not poll.candidates:
            raise ValidationError("The poll has no candidates.", field="candidates")
        poll = poll.validated()
        present, eligible = voters_present(conference, poll.voters)
        if issued is None:
            if present == 0:
                raise ValidationError("Nobody is checked in as a voter, so the poll was not opened. Check the voting "
                                      "delegates in at the door, or type the ballots issued with the reason (for "
                                      "example a paper attendance list).", field="issued")
            issued = present
        if not 1 <= issued <= MAX_BALLOTS:
            raise ValidationError("The number of ballots must be between 1 and 100000.", field="issued")
        if issued != present and not reason:
            raise ValidationError("Say why the ballots issued differ from check-in ({present} voters present).",
                                  field="reason", present=present)
        if collected is not None and not 0 <= collected <= issued:
            raise ValidationError("More ballots collected ({collected}) than issued ({issued}).", field="collected",
                                  issued=issued, collected=collected)
        history = (IssuedChange(0, present, ""),) + ((IssuedChange(present, issued, reason),)
                                                     if issued != present else ())
        committee = poll.committee
        if collected:
            committee = replace(committee, began=committee.began or _now())
        opened = replace(poll, status=Status.OPEN, issued=issued, eligible=eligible, issued_history=history,
                         collected=collected or 0, committee=committee)
        txn.put(POLLS, poll_id, opened.to_doc())
        recorder = Recorder(conference, txn)
        opening = {"definition": definition(opened, conference.unit_names()), "issued": present,
                   "eligible": eligible, "committee": None if poll.committee.is_empty else poll.committee.to_doc()}
        if poll.parent_id is not None:
            opening["parent_head"] = recorder.head(poll.parent_id)[1]
        recorder.add(poll_id, "open", opening)
        if issued != present:
            recorder.add(poll_id, "issued", {"old": present, "new": issued, "reason": reason})
        if collected:
            recorder.add(poll_id, "collected", {"old": 0, "new": collected})
            if committee != poll.committee:
                recorder.add(poll_id, "committee", {"committee": committee.to_doc()})
    return opened


def set_issued(conference: Conference, poll_id: int, n: int, reason: str) -> Poll:
    """Correct the ballots issued of an open poll; the reason is required and every change is kept."""
    reason = clean(reason)
    if not reason:
        raise ValidationError("Give the reason for changing the ballots issued.", field="reason")
    with conference.store.transaction() as txn:
        poll = open_for_entry(conference, poll_id)
        if n < 0 or n > MAX_BALLOTS:
            raise ValidationError("The number of ballots must be between 0 and 100000.", field="issued")
        if n < poll.collected:
            raise ValidationError("Fewer ballots issued ({issued}) than collected ({collected}).", field="issued",
                                  issued=n, collected=poll.collected)
        poll = replace(poll, issued=n, issued_history=(*poll.issued_history, IssuedChange(poll.issued, n, reason)))
        txn.put(POLLS, poll_id, poll.to_doc())
        Recorder(conference, txn).add(poll_id, "issued", {"old": poll.issued_history[-1].old, "new": n,
                                                         "reason": reason})
    return poll


def set_collected(conference: Conference, poll_id: int, n: int) -> Poll:
    """Type the ballots collected (at most the ballots issued, at least the ballots each clerk entered). The first
    time is when the count begins: the committee's start time is set then, unless typed."""
    with conference.store.transaction() as txn:
        poll = open_for_entry(conference, poll_id)
        if n < 0:
            raise ValidationError("The number of ballots must be between 0 and 100000.", field="collected")
        if n > poll.issued:
            raise ValidationError("More ballots collected ({collected}) than issued ({issued}).", field="collected",
                                  issued=poll.issued, collected=n)
        index = index_of(conference.store)
        entered = max(index.entered(poll_id, 1), index.entered(poll_id, 2))
        if n < entered:
            raise ValidationError("{entered} ballots are already entered; undo some before lowering the count.",
                                  field="collected", entered=entered)
        old = poll.collected
        committee = poll_committee_before = poll.committee
        if n and not committee.began:
            committee = replace(committee, began=_now())
        poll = replace(poll, collected=n, committee=committee)
        txn.put(POLLS, poll_id, poll.to_doc())
        recorder = Recorder(conference, txn)
        recorder.add(poll_id, "collected", {"old": old, "new": n})
        if committee != poll_committee_before:
            recorder.add(poll_id, "committee", {"committee": committee.to_doc()})
    return poll


def set_committee(conference: Conference, poll_id: int, committee: Committee) -> Poll:
    """Record the counting committee (head and members, from the people present) and the times the count began and
    ended. Before opening it is kept with the draft; after, each change is an event of the chain."""
    with conference.store.transaction() as txn:
        poll = get_poll(conference, poll_id)
        if poll.is_motion:
            raise ValidationError("A show of hands has no counting committee.")
        poll = replace(poll, committee=committee.validated())
        fields: dict[str, object] = {"committee": None if committee.is_empty else committee.to_doc()}
        if poll.status is not Status.DRAFT:
            head = Recorder(conference, txn).add(poll_id, "committee", {"committee": fields["committee"]})
            if poll.status is Status.CLOSED:
                fields["digest"] = audit.short_digest(head)
        txn.update(POLLS, poll_id, fields)
    return get_poll(conference, poll_id)


def close_poll(conference: Conference, poll_id: int) -> str:
    """Freeze an open poll and return the digest the minutes carry (its chain's close event).

    Refused while ballots collected are not all entered, while the two clerks' stacks differ, and for a motion
    without its counts.
    """
    with conference.store.transaction() as txn:
        poll = open_for_entry(conference, poll_id)
        if poll.is_motion:
            if poll.motion is None:
                raise ValidationError("Type the counts of the show of hands before closing.")
        else:
            counted = index_of(conference.store).entered(poll_id, 1)
            if counted != poll.collected:
                raise ValidationError("{counted} of {collected} ballots collected are entered; enter the rest "
                                      "or correct the ballots collected.", counted=counted, collected=poll.collected)
            wrong = mismatches(conference, poll_id)
            if wrong:
                raise ValidationError("The two clerks differ on ballots {numbers}; check them before closing.",
                                      numbers=", ".join(str(n) for n in wrong))
        committee = poll.committee
        if not poll.is_motion and not committee.ended and _now() >= committee.began:  # never an end before the start
            committee = replace(committee, ended=_now())
        closed = replace(poll, status=Status.CLOSED, committee=committee)
        payload = result_payload(closed, recount(conference, closed))
        payload["committee"] = None if committee.is_empty else committee.to_doc()
        digest = audit.short_digest(Recorder(conference, txn).add(poll_id, "close", payload))
        txn.update(POLLS, poll_id, {"status": Status.CLOSED.value, "digest": digest,
                                    "committee": payload["committee"]})
    return digest
