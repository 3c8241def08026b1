"""The result as shown anywhere (the counting screen, the projector, the command line, the minutes): the tally of
:mod:`.counting`, with a closed poll checked against its audit chain (:mod:`.integrity`), in sentences and as JSON.

A closed poll whose stored records no longer match its chain carries the finding, so no screen or document presents
altered figures as the count (docs/counting.md).
"""

from __future__ import annotations

import weakref
from dataclasses import replace
from typing import Any

from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.voting import counting
from tdkt_tui.domain.voting.counting import Tally
from tdkt_tui.domain.voting.integrity import verify_poll
from tdkt_tui.domain.voting.records import Poll, PollKind, Status, get_poll, rounds_of

#: Per conference and poll: the count last checked and the tally shown for it (a count is the same object until the
#: folder changes, so the chain is checked once per change, not per screen paint: ~10 ms at 2,000 ballots).
_CHECKED: weakref.WeakKeyDictionary[Conference, dict[int, tuple[Tally, Tally]]] = weakref.WeakKeyDictionary()


def tally(conference: Conference, poll_id: int) -> Tally:
    """The tally of a poll as it stands; a closed poll's carries the first difference from its chain, if any."""
    result = counting.tally(conference, poll_id)
    if result.status is not Status.CLOSED:
        return result
    checked = _CHECKED.setdefault(conference, {})
    hit = checked.get(poll_id)
    if hit is None or hit[0] is not result:
        check = verify_poll(conference, poll_id)
        hit = checked[poll_id] = (result, replace(result, integrity=str(check.findings[0]) if check.findings else ""))
    return hit[1]


def outcome(conference: Conference, poll: Poll, result: Tally) -> list[str]:
    """The result in sentences, the same on the screen, the projector, the command line and in the minutes: who
    won, who reached the threshold but tied at the cut-off, who reached nothing, what settled the open seats."""
    from tdkt_tui.domain.i18n import _
    from tdkt_tui.domain.voting.records import DecisionKind

    names = conference.unit_names()

    def listing(units: tuple[int, ...]) -> str:
        return ", ".join(names.get(u, "?") for u in units)

    if result.integrity:
        return [_("THE STORED RECORD DOES NOT MATCH ITS AUDIT CHAIN: {finding} Do not use these figures; check the "
                  "count with tdkt verify and the digest the committee signed.", finding=result.integrity)]
    if poll.is_motion:
        return [_("The motion is passed.") if result.passed else _("The motion is not passed.")]
    decision = poll.decision
    if decision is not None and decision.kind is DecisionKind.ROTATION:
        return [_("{units}: by rotation, without a ballot.", units=listing(decision.unit_ids))]
    lines: list[str] = []
    award = poll.kind is PollKind.AWARD
    if result.winners:
        lines.append(_("Nominated: {units}.", units=listing(result.winners)) if award
                     else _("Elected: {units}.", units=listing(result.winners)))
    if result.tied:
        lines.append(_("Reached the threshold and tied at the cut-off: {units} — {seats} seats left open.",
                       units=listing(result.tied), seats=result.open_seats))
    elif not result.reached:
        lines.append(_("Nobody reached the threshold ({needed} votes).", needed=result.votes_needed))
    elif result.open_seats:
        lines.append(_("{seats} seats left open: no other unit reached the threshold ({needed} votes).",
                       seats=result.open_seats, needed=result.votes_needed))
    if decision is not None and decision.kind is DecisionKind.LEADERS:
        lines.append(_("Chosen by the bloc leader and deputy among the tied units: {units}.",
                       units=listing(decision.unit_ids)))
        if decision.preferred:
            lines.append(_("Women-led among the tied units (the law's preference): {units}.",
                           units=listing(decision.preferred)))
    elif decision is not None and decision.kind is DecisionKind.UNFILLED:
        lines.append(_("{seats} seats left unfilled (the minutes say so).", seats=result.open_seats))
    return lines


# -- JSON for scripting --------------------------------------------------------------------------------------------


def tally_json(conference: Conference, poll_id: int) -> dict[str, Any]:
    """The tally as plain JSON with stable English keys (for ``tdkt tally --json`` and outside checkers)."""
    poll = get_poll(conference, poll_id)
    result = tally(conference, poll_id)
    names = conference.unit_names()
    chain = [{"poll": node.id, "round": node.round, "status": node.status.value}
             for node in rounds_of(conference, poll_id)]
    fraction, strict = poll.threshold.exact
    decision = poll.decision

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
        "quota_rule": poll.quota_rule.to_doc() if poll.quota_rule else None,
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
        "decision": decision.to_doc() if decision else None,
        "committee": poll.committee.to_doc(),
        "motion": {"agree": result.motion.agree, "disagree": result.motion.disagree, "abstain": result.motion.abstain,
                   "passed": result.passed} if result.motion else None,
        "rounds": chain,
        "digest": poll.digest,
        "integrity": result.integrity,
    }
