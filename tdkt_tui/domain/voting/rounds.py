"""After the count: further rounds, the leaders' decision on a tie, seats left unfilled, a post filled by rotation,
and who was chosen in the end (docs/domain.md#winners-ties-and-further-rounds).

- A tie at the cut-off that does not fit in the seats leaves them open: another round among the tied units only
  (bầu vòng 2), within the round limit; after the last round the bloc leader and deputy choose among the tied units,
  all of which reached the threshold. The law prefers a women-led unit where they are otherwise equal: the decision
  records which of the tied units were women-led.
- Seats open without a tie (too few reached the threshold): another vote (bầu tiếp) among the units not yet chosen,
  within the round limit, or the seats stay unfilled. The leaders do not fill them.
- The leader or deputy may be recorded by rotation (luân phiên), without a ballot.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.errors import ValidationError
from tdkt_tui.domain.store import Transaction
from tdkt_tui.domain.text import clean
from tdkt_tui.domain.voting.counting import Tally, recount, tally
from tdkt_tui.domain.voting.forms import default_title
from tdkt_tui.domain.voting.integrity import Recorder, definition
from tdkt_tui.domain.voting.records import (
    POLLS,
    Decision,
    DecisionKind,
    Poll,
    PollKind,
    Status,
    get_poll,
    polls,
    rounds_of,
)


def _chosen(conference: Conference, chain: list[Poll]) -> list[int]:
    chosen: list[int] = []
    for poll in chain:
        if poll.status is Status.CLOSED:
            result = tally(conference, poll.id or 0)
            chosen.extend(result.winners)
            chosen.extend(result.decided_by_leaders)
    return chosen


def elected(conference: Conference, poll_id: int) -> tuple[int, ...]:
    """Everyone chosen in a vote and its further rounds (by vote, by the leaders' decision, or by rotation)."""
    return tuple(_chosen(conference, rounds_of(conference, poll_id)))


def awarded_higher(conference: Conference, level: int, exclude: int | None = None) -> set[int]:
    """Units chosen (by vote or by the leaders' decision) for an award ranked above ``level`` at this conference."""
    if level <= 0:
        return set()
    units: set[int] = set()
    for poll in polls(conference):
        if poll.kind is PollKind.AWARD and poll.parent_id is None and 0 < poll.award_level < level \
                and poll.id != exclude:
            units.update(elected(conference, poll.id or 0))
    return units


def leaders_elected(conference: Conference, kind: PollKind = PollKind.LEADER) -> set[int]:
    """Units elected (or recorded by rotation) as the next leader — or deputy — at this conference."""
    return {u for p in polls(conference) if p.kind is kind and p.parent_id is None for u in elected(conference, p.id or 0)}


def next_round_kind(poll: Poll, result: Tally) -> str:
    """"tie" (a round among the tied units), "further" (bầu tiếp among the units not yet chosen) or "" (none due)."""
    if poll.status is not Status.CLOSED or poll.is_motion or result.open_seats <= 0 or poll.decision is not None:
        return ""
    return "tie" if result.tied else "further"


def further_round(conference: Conference, poll_id: int) -> Poll:
    """A new draft poll for the seats a closed poll left open: among the tied units (a tie at the cut-off), or among
    the units not yet chosen (seats open without a tie), within the round limit."""
    with conference.store.transaction() as txn:
        poll = get_poll(conference, poll_id)
        if poll.status is not Status.CLOSED:
            raise ValidationError("Close the poll before starting another round.")
        if poll.is_motion:
            raise ValidationError("A motion has no further round.")
        result = recount(conference, poll)
        why = next_round_kind(poll, result)
        if not why:
            if poll.decision is not None:
                raise ValidationError("The seats this vote left open are already settled.")
            raise ValidationError("Every seat is filled; there is no further round to hold.")
        if poll.round >= poll.max_rounds:
            if why == "tie":
                raise ValidationError("This was the last round ({rounds}); record the decision of the bloc leader "
                                      "and deputy.", rounds=poll.max_rounds)
            raise ValidationError("This was the last round ({rounds}); the seats left open stay unfilled.",
                                  rounds=poll.max_rounds)
        if any(p.parent_id == poll_id for p in polls(conference)):
            raise ValidationError("The next round of this poll already exists.")
        chosen = set(elected(conference, poll_id))
        candidates = result.tied if why == "tie" else tuple(c for c in poll.candidates if c not in chosen)
        if not candidates:
            raise ValidationError("No unit is left to vote on.")
        child = replace(poll, candidates=candidates, quota=min(result.open_seats, len(candidates)), quota_rule=None,
                        round=poll.round + 1, parent_id=poll_id, status=Status.DRAFT, issued=0, eligible=0,
                        collected=0, issued_history=(), motion=None, decision=None, digest="", cascade=False,
                        committee=replace(poll.committee, began="", ended=""), id=None).validated()
        child = replace(child, id=txn.insert(POLLS, child.to_doc()))
        recorder = Recorder(conference, txn)
        head = recorder.add(poll_id, "round", {"poll": child.id, "round": child.round, "why": why,
                                               "candidates": list(candidates), "seats": child.quota})
        txn.update(POLLS, poll_id, {"digest": _short(head)})
    return child


def second_round(conference: Conference, poll_id: int) -> Poll:
    """The further round of a closed poll (kept under its old name: a tie's second round)."""
    return further_round(conference, poll_id)


def _short(full: str) -> str:
    from tdkt_tui.domain.audit import short_digest

    return short_digest(full)


def women_led_among(conference: Conference, unit_ids: Iterable[int]) -> tuple[int, ...]:
    """The women-led units (or with at least 70 % women) among ``unit_ids``: the law prefers them in a tie."""
    return tuple(u for u in unit_ids if (unit := conference.unit(u)) is not None and unit.women_led)


def leaders_choices(conference: Conference, poll_id: int) -> tuple[tuple[int, ...], int]:
    """(the tied units the leaders may choose among, the seats) — or a ValidationError saying why they may not."""
    poll = get_poll(conference, poll_id)
    if poll.status is not Status.CLOSED:
        raise ValidationError("Close the poll before recording the decision of the leaders.")
    if poll.decision is not None:
        raise ValidationError("The seats this vote left open are already settled.")
    result = recount(conference, poll)
    if result.open_seats <= 0:
        raise ValidationError("Every seat is filled; there is nothing for the leaders to decide.")
    if not result.tied:
        raise ValidationError("The leaders decide only a tie at the cut-off among units that reached the threshold; "
                              "here {seats} seats are open because too few units reached it. Hold another round "
                              "among the units not yet chosen, or leave the seats unfilled.", seats=result.open_seats)
    if poll.round < poll.max_rounds:
        raise ValidationError("The leaders decide only after the last round: hold round {round} among the tied "
                              "units first.", round=poll.round + 1)
    return result.tied, result.open_seats


def record_leaders_decision(conference: Conference, poll_id: int, unit_ids: Iterable[int], note: str) -> Poll:
    """Record which of the tied units the bloc leader and deputy chose for the seats left open after the last round;
    the women-led units among the tied ones are recorded with it (the law's preference)."""
    chosen = tuple(unit_ids)
    note = clean(note, multiline=True)
    with conference.store.transaction() as txn:
        tied, open_seats = leaders_choices(conference, poll_id)
        if not chosen or len(chosen) > open_seats or len(set(chosen)) != len(chosen) or not set(chosen) <= set(tied):
            raise ValidationError("Choose up to {seats} of the tied units.", field="units", seats=open_seats)
        if not note:
            raise ValidationError("Write who decided and how (the note goes into the minutes).", field="note")
        decision = Decision(chosen, note, DecisionKind.LEADERS, women_led_among(conference, tied))
        _settle(conference, txn, poll_id, decision)
    return get_poll(conference, poll_id)


def leave_unfilled(conference: Conference, poll_id: int, note: str = "") -> Poll:
    """Close the matter of a poll's open seats: they stay unfilled (the minutes say so)."""
    note = clean(note, multiline=True)
    with conference.store.transaction() as txn:
        poll = get_poll(conference, poll_id)
        if poll.status is not Status.CLOSED:
            raise ValidationError("Close the poll before recording the decision of the leaders.")
        if poll.decision is not None:
            raise ValidationError("The seats this vote left open are already settled.")
        if recount(conference, poll).open_seats <= 0:
            raise ValidationError("Every seat is filled; there is nothing for the leaders to decide.")
        if any(p.parent_id == poll_id for p in polls(conference)):
            raise ValidationError("The next round of this poll already exists.")
        _settle(conference, txn, poll_id, Decision((), note, DecisionKind.UNFILLED))
    return get_poll(conference, poll_id)


def _settle(conference: Conference, txn: Transaction, poll_id: int, decision: Decision) -> None:
    head = Recorder(conference, txn).add(poll_id, "decision", {"decision": decision.to_doc()})
    txn.update(POLLS, poll_id, {"decision": decision.to_doc(), "digest": _short(head)})


def record_rotation(conference: Conference, kind: PollKind, unit_id: int, note: str = "", title: str = "") -> Poll:
    """Record next year's leader (or deputy) unit chosen by rotation (luân phiên), without a ballot: a closed poll
    of its own, whose chain records the unit and the note, so the minutes and the dashboard show it."""
    if kind not in (PollKind.LEADER, PollKind.DEPUTY):
        raise ValidationError("Only the leader and the deputy can be chosen by rotation.", field="kind")
    note = clean(note, multiline=True)
    with conference.store.transaction() as txn:
        unit = conference.unit(unit_id)
        if unit is None or not unit.is_member:
            raise ValidationError("“{name}” is not a member unit of the bloc.", field="unit", name=str(unit_id))
        if kind is PollKind.DEPUTY and unit_id in leaders_elected(conference):
            raise ValidationError("{name} is next year's leader unit; the deputy must be another unit.", field="unit",
                                  name=unit.name)
        if leaders_elected(conference, kind):
            if kind is PollKind.LEADER:
                raise ValidationError("Next year's leader unit is already chosen at this conference.", field="kind")
            raise ValidationError("Next year's deputy unit is already chosen at this conference.", field="kind")
        title = clean(title) or default_title(kind, conference.info().year + 1)
        decision = Decision((unit_id,), note, DecisionKind.ROTATION)
        poll = Poll(kind, title=title, quota=1, candidates=(unit_id,), status=Status.CLOSED, max_rounds=1,
                    cascade=False, decision=decision).validated()
        poll_id = txn.insert(POLLS, poll.to_doc())
        poll = replace(poll, id=poll_id)
        recorder = Recorder(conference, txn)
        recorder.add(poll_id, "open", {"definition": definition(poll, conference.unit_names()), "issued": 0,
                                       "eligible": 0, "rotation": True})
        recorder.add(poll_id, "decision", {"decision": decision.to_doc()})
        head = recorder.add(poll_id, "close", {"rotation": True})
        txn.update(POLLS, poll_id, {"digest": _short(head)})
    return get_poll(conference, poll_id)
