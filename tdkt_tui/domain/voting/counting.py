"""The tally: votes, the base, the votes needed, who reached the threshold, the seats, ties at the cut-off
(docs/domain.md#winners-ties-and-further-rounds).

:func:`tally` is what every screen shows after each ballot: it reads the running count the index keeps, so the
5,000th ballot costs what the 1st does. :func:`recount` counts again from the stored ballots, with nothing cached:
closing a poll and checking its chain use it.
"""

from __future__ import annotations

import time
import weakref
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tdkt_tui.domain.conference import UNITS, Conference
from tdkt_tui.domain.i18n import N_
from tdkt_tui.domain.model import enum_or
from tdkt_tui.domain.voting.index import index_of
from tdkt_tui.domain.voting.records import (
    BALLOTS,
    POLLS,
    Base,
    InvalidReason,
    Motion,
    Poll,
    PollKind,
    Status,
    get_poll,
)
from tdkt_tui.domain.voting.thresholds import Threshold, percent, votes_needed


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
    #: For a closed poll: "" when the stored poll, ballots and result are those its chain records, else the first
    #: difference — whatever shows these figures beside the digest must say so instead.
    integrity: str = ""

    @property
    def elected(self) -> tuple[int, ...]:
        """Winners by vote, then the units the leaders chose (or the post filled by rotation)."""
        return self.winners + self.decided_by_leaders


#: What a show of hands' base is called: the same three bases, in the words of a motion.
_MOTION_BASES = {Base.VALID_BALLOTS: N_("Hands counted"), Base.BALLOTS_ISSUED: N_("Voting delegates present"),
                 Base.ELIGIBLE_VOTERS: N_("Eligible voters")}


def base_label(poll: Poll) -> str:
    """The msgid naming what the threshold is a share of (for a motion, in a motion's words)."""
    return _MOTION_BASES[poll.base] if poll.is_motion else poll.base.label


def base_count(poll: Poll, valid: int) -> int:
    """The number the threshold is a share of."""
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


def _result(poll: Poll, number_votes: list[int], counted: int, invalid: int, reasons: dict[str, int]) -> Tally:
    """The tally of a poll from the votes of each candidate number (index 0 unused) and the ballot counts."""
    count = len(poll.candidates)
    number_votes = (number_votes + [0] * (count + 1))[: count + 1]
    valid = counted - invalid
    votes = {unit: number_votes[i] for i, unit in enumerate(poll.candidates, start=1)}
    base = base_count(poll, valid)
    needed = votes_needed(poll.threshold, base)
    order = sorted(range(count), key=lambda i: -number_votes[i + 1])
    ranked = [(poll.candidates[i], number_votes[i + 1]) for i in order
              if number_votes[i + 1] > 0 and number_votes[i + 1] >= needed]
    winners, tied, open_seats = seats(ranked, poll.quota)
    by_reason: dict[InvalidReason, int] = {}
    for code, n in reasons.items():
        key = enum_or(InvalidReason, code, InvalidReason.OTHER)
        by_reason[key] = by_reason.get(key, 0) + n
    decision = poll.decision
    return Tally(
        poll_id=poll.id or 0, kind=poll.kind, status=poll.status, round=poll.round, quota=poll.quota,
        issued=poll.issued, eligible=poll.eligible, collected=poll.collected, counted=counted, valid=valid,
        invalid=invalid, invalid_by_reason=by_reason, votes=votes,
        percent={u: percent(v, base) for u, v in votes.items()}, base=poll.base, base_count=base,
        threshold=poll.threshold, votes_needed=needed, reached=tuple(u for u, _v in ranked), winners=winners,
        tied=tied, open_seats=open_seats, decided_by_leaders=decision.unit_ids if decision else (),
        decision_note=decision.note if decision else "", digest=poll.digest,
    )


def _motion_tally(poll: Poll) -> Tally:
    m = poll.motion
    cast = (m.agree + m.disagree + m.abstain) if m else 0
    base = base_count(poll, cast)
    needed = votes_needed(poll.threshold, base)
    return Tally(
        poll_id=poll.id or 0, kind=poll.kind, status=poll.status, round=poll.round, quota=1, issued=poll.issued,
        eligible=poll.eligible, collected=cast, counted=cast, valid=cast, invalid=0, invalid_by_reason={}, votes={},
        percent={}, base=poll.base, base_count=base, threshold=poll.threshold, votes_needed=needed,
        reached=(), winners=(), tied=(), open_seats=0, motion=m,
        passed=(m.agree > 0 and m.agree >= needed) if m else None, digest=poll.digest,
    )


#: Every byte value, to say which ones ``bytes.translate`` deletes.
_BYTE_VALUES = bytes(range(256))
#: Candidate numbers counted per pass over the names kept (see :func:`_byte_counts`).
_GROUP = 16


def _byte_counts(data: bytes, top: int) -> list[int]:
    """How many bytes of ``data`` hold each number 0..``top`` (other bytes are not counted).

    A recount's cost is counting half a million names (20,000 ballots × 100 candidates): ``Counter`` spends about
    35 ns on each (a hash, a dict update, a new int), while ``bytes.translate`` and ``bytes.count`` are C loops of
    about a nanosecond a byte. One ``translate`` keeps the names of 16 numbers, then ``count`` runs once per number
    on those names only (the group's last number is what is left): about 7 + 100 short passes instead of 100 long
    ones."""
    counts = [0] * (top + 1)
    for low in range(0, min(top, 255) + 1, _GROUP):
        high = min(low + _GROUP, top + 1)
        group = data.translate(None, _BYTE_VALUES[:low] + _BYTE_VALUES[high:])
        left = len(group)
        for number in range(low, high - 1):
            counts[number] = found = group.count(number)
            left -= found
        counts[high - 1] = left
    return counts


def _names_kept(ballots: Iterable[dict[str, Any]]) -> tuple[list[Any], dict[str, int]]:
    """Every number kept on a valid ballot, ballot after ballot, and the invalid ballots by reason, in stack order.

    Subscripts, not ``dict.get``: a recount reads 20,000 documents, and a missing key (only a hand-edited ballot)
    raises KeyError, for the caller to read the stack again with the missing keys as None."""
    names: list[Any] = []
    keep = names.extend
    reasons: dict[str, int] = {}
    for doc in ballots:
        if doc["invalid"]:
            reason = str(doc["invalid"])
            reasons[reason] = reasons.get(reason, 0) + 1
        else:
            keep(doc["kept"] or ())
    return names, reasons


def recount(conference: Conference, poll: Poll) -> Tally:
    """Count a poll again from its stored ballots (clerk 1's stack is the record), with nothing cached."""
    if poll.is_motion:
        return _motion_tally(poll)
    docs = conference.store.docs(BALLOTS)
    keys = index_of(conference.store).stack(poll.id or 0, 1).values()
    try:
        names, reasons = _names_kept(map(docs.__getitem__, keys))
    except KeyError:
        names, reasons = _names_kept({"invalid": docs[k].get("invalid"), "kept": docs[k].get("kept")} for k in keys)
    top = len(poll.candidates)
    try:
        data = bytes(names)
    except (TypeError, ValueError):  # a name that is not a number 0–255: only a hand-edited ballot has one
        counter = Counter(names)  # numbers outside the list are never read back
        number_votes = [counter.get(n, 0) for n in range(top + 1)]
    else:
        number_votes = _byte_counts(data, top)
    invalid = sum(reasons.values())
    return _result(poll, number_votes, len(keys), invalid, reasons)


_CACHE: weakref.WeakKeyDictionary[Conference, dict[int, tuple[tuple[int, ...], Tally]]] = weakref.WeakKeyDictionary()


def tally(conference: Conference, poll_id: int) -> Tally:
    """The tally of a poll as it stands (any desk's ballots included), from the running count; what the screens
    show is :func:`tdkt_tui.domain.voting.results.tally`, which adds the check of a closed poll's chain."""
    index = index_of(conference.store)
    rev = (index.version, *conference.store.revision(POLLS, UNITS))
    entries = _CACHE.setdefault(conference, {})
    hit = entries.get(poll_id)
    if hit is None or hit[0] != rev:
        poll = get_poll(conference, poll_id)
        if poll.is_motion:
            result = _motion_tally(poll)
        else:
            counts = index.counts.get(poll_id)
            result = _result(poll, counts.votes if counts else [0], counts.counted if counts else 0,
                             counts.invalid if counts else 0, counts.reasons if counts else {})
        hit = entries[poll_id] = (rev, result)
    return hit[1]


def timed_recount(conference: Conference, poll_id: int) -> float:
    """Seconds one uncached full recount of a poll takes (for the benchmark)."""
    poll = get_poll(conference, poll_id)
    start = time.perf_counter()
    recount(conference, poll)
    return time.perf_counter() - start
