"""Ballots as they are read aloud: entered one by one (or a stack at once), taken back, checked between two clerks;
and the counts of a show of hands.

A ballot stores its poll, round, number in the clerk's stack, the clerk (1, or 2 for double entry) and the numbers
kept or the reason it is invalid — nothing else: no time, desk or person (docs/counting.md#what-is-recorded).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.errors import ValidationError
from tdkt_tui.domain.voting.counting import Tally, tally
from tdkt_tui.domain.voting.forms import parse_ballot
from tdkt_tui.domain.voting.index import index_of
from tdkt_tui.domain.voting.integrity import Recorder
from tdkt_tui.domain.voting.records import (
    BALLOTS,
    POLLS,
    Ballot,
    BallotInput,
    InvalidReason,
    get_poll,
    open_for_entry,
)


def _store_ballots(conference: Conference, poll_id: int, stack: Iterable[BallotInput], clerk: int) -> list[Ballot]:
    if clerk not in (1, 2):
        raise ValidationError("The clerk is 1 or 2.", field="clerk")
    stored: list[Ballot] = []
    with conference.store.transaction() as txn:
        poll = open_for_entry(conference, poll_id)
        if poll.is_motion:
            raise ValidationError("A motion is decided by show of hands; type its counts instead.")
        if poll.collected <= 0:
            raise ValidationError("Type the number of ballots collected before entering ballots.",
                                  field="collected")
        index = index_of(conference.store)
        entered, last = index.entered(poll_id, clerk), index.last_seq(poll_id, clerk)
        recorder = Recorder(conference, txn)
        for data in stack:
            if entered >= poll.collected:
                raise ValidationError(
                    "All {collected} ballots collected are entered; correct the ballots collected if this is wrong.",
                    collected=poll.collected)
            entered, last = entered + 1, last + 1
            ballot = Ballot(poll_id, poll.round, last, clerk, data.kept, data.invalid)
            doc = ballot.to_doc()
            ballot_id = txn.insert(BALLOTS, doc)
            recorder.add(poll_id, "ballot", {k: doc[k] for k in ("seq", "clerk", "kept", "invalid")})
            stored.append(replace(ballot, id=ballot_id))
    return stored


def enter_ballot(conference: Conference, poll_id: int, text: str, clerk: int = 1) -> Ballot:
    """Parse and store one ballot as read aloud; nothing is stored when it cannot be read."""
    return _store_ballots(conference, poll_id, [parse_ballot(text, get_poll(conference, poll_id))], clerk)[0]


def enter_ballots(conference: Conference, poll_id: int, texts: Iterable[str], clerk: int = 1) -> list[Ballot]:
    """A whole stack typed beforehand (a file), all or nothing: a line that cannot be read is refused with its
    number (``ValidationError.params["line"]``) and none of the stack is stored."""
    poll = get_poll(conference, poll_id)
    stack: list[BallotInput] = []
    for line, text in enumerate(texts, start=1):
        try:
            stack.append(parse_ballot(text, poll))
        except ValidationError as exc:
            raise ValidationError("Line {line}: {reason} Nothing was entered.", field=exc.field, line=line,
                                  reason=str(exc)) from exc
    if not stack:
        raise ValidationError("The file has no ballot.", field="ballot")
    return _store_ballots(conference, poll_id, stack, clerk)


def enter_invalid(conference: Conference, poll_id: int, reason: InvalidReason | str = InvalidReason.OTHER,
                  clerk: int = 1) -> Ballot:
    """Store one ballot the committee found invalid."""
    try:
        reason = InvalidReason(reason)
    except ValueError as exc:
        raise ValidationError("“{value}” is not a reason a ballot is invalid.", field="reason", value=reason) from exc
    return _store_ballots(conference, poll_id, [BallotInput((), reason)], clerk)[0]


def undo_last(conference: Conference, poll_id: int, clerk: int = 1) -> Ballot:
    """Take back the last ballot this clerk entered into an open poll; returns it."""
    with conference.store.transaction() as txn:
        open_for_entry(conference, poll_id)
        index = index_of(conference.store)
        stack = index.stack(poll_id, clerk)
        if not stack:
            raise ValidationError("No ballot has been entered yet; there is nothing to undo.")
        key = stack[max(stack)]
        doc = conference.store.docs(BALLOTS)[key]
        txn.remove(BALLOTS, int(key))
        Recorder(conference, txn).add(poll_id, "undo", {k: doc.get(k) for k in ("seq", "clerk", "kept", "invalid")})
    return Ballot.from_doc(int(key), doc)


def ballots(conference: Conference, poll_id: int, clerk: int = 1) -> list[Ballot]:
    """The ballots one clerk entered, in order."""
    docs = conference.store.docs(BALLOTS)
    stack = index_of(conference.store).stack(poll_id, clerk)
    return [Ballot.from_doc(int(stack[seq]), docs[stack[seq]]) for seq in sorted(stack)]


def entered(conference: Conference, poll_id: int, clerk: int = 1) -> int:
    """How many ballots one clerk has entered (without building them)."""
    return index_of(conference.store).entered(poll_id, clerk)


def mismatches(conference: Conference, poll_id: int) -> list[int]:
    """Ballot numbers where the two clerks' entries differ (one missing counts); [] without double entry."""
    index = index_of(conference.store)
    second = index.stack(poll_id, 2)
    if not second:
        return []
    first = index.stack(poll_id, 1)
    entries = index.ballots

    def content(key: str | None) -> object:
        return entries[key][3:] if key is not None else None

    return sorted(seq for seq in set(first) | set(second) if content(first.get(seq)) != content(second.get(seq)))


def record_motion(conference: Conference, poll_id: int, agree: int, disagree: int, abstain: int) -> Tally:
    """Record the counts of a show of hands (agree, disagree, not voting); their sum is at most the voters present."""
    with conference.store.transaction() as txn:
        poll = open_for_entry(conference, poll_id)
        if not poll.is_motion:
            raise ValidationError("Only a motion is decided by show of hands.")
        if min(agree, disagree, abstain) < 0:
            raise ValidationError("The counts cannot be negative.", field="agree")
        if agree + disagree + abstain > poll.issued:
            raise ValidationError("{total} hands counted, but only {present} voters are present.", field="agree",
                                  total=agree + disagree + abstain, present=poll.issued)
        txn.update(POLLS, poll_id, {"motion": [agree, disagree, abstain]})
        Recorder(conference, txn).add(poll_id, "motion", {"agree": agree, "disagree": disagree, "abstain": abstain})
    return tally(conference, poll_id)
