"""What the audit chain of a poll records, and the check that the stored poll, its ballots and its result are
exactly those behind it (docs/counting.md#checking-a-count).

Each change of a count goes into the poll's chain (:mod:`tdkt_tui.domain.audit`) in the transaction that makes it:
the poll's definition at opening (kind, title, candidates in order with their names, seats and how they were given,
threshold and base, who votes, the invalid-ballot rules), every change of the ballots issued or collected with its
reason, every ballot and undo, the show of hands, the counting committee, a further round, the leaders' decision and
the close with the final counts. :func:`verify_poll` replays the chain against the stored records and names the
first difference; given the digest printed at close, it proves the records are those behind it — or says where they
are not.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tdkt_tui.domain import audit, snapshots
from tdkt_tui.domain.audit import AUDIT
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.errors import TdktError, ValidationError
from tdkt_tui.domain.i18n import N_, _
from tdkt_tui.domain.store import Transaction
from tdkt_tui.domain.voting.counting import Tally, recount
from tdkt_tui.domain.voting.index import index_of
from tdkt_tui.domain.voting.records import BALLOTS, POLLS, Poll, Status, polls

# -- recording -----------------------------------------------------------------------------------------------------


class Recorder:
    """Chains the events of one transaction (any number, of any polls) onto each poll's last event."""

    def __init__(self, conference: Conference, txn: Transaction) -> None:
        self.txn = txn
        self.index = index_of(conference.store)
        self.heads: dict[int, tuple[int, str]] = {}

    def head(self, poll: int) -> tuple[int, str]:
        """(number, hash) of the poll's last event, those of this transaction included; (0, genesis) for none."""
        return self.heads.get(poll) or self.index.heads.get(poll) or (0, audit.genesis(poll))

    def add(self, poll: int, kind: str, payload: dict[str, Any]) -> str:
        """Chain one event and return its full hash."""
        seq, prev = self.head(poll)
        doc = audit.make_event(prev, seq + 1, poll, kind, payload)
        self.txn.insert(AUDIT, doc)
        self.heads[poll] = (seq + 1, doc["hash"])
        return str(doc["hash"])


def running_digest(conference: Conference, poll_id: int) -> str:
    """The digest of the poll's chain as it stands ("" before it opens): the projector shows it as ballots go in."""
    head = index_of(conference.store).heads.get(poll_id)
    return audit.short_digest(head[1]) if head else ""


#: The fields of a poll's definition, in the order a difference is looked for.
DEFINITION_FIELDS = ("kind", "title", "award", "award_level", "round", "max_rounds", "parent", "candidates",
                     "quota", "quota_rule", "threshold", "base", "voters", "entry_mode", "invalid_when_all_crossed",
                     "cascade")


def definition(poll: Poll, names: dict[int, str]) -> dict[str, Any]:
    """What decides the result of a poll, as recorded at opening (candidates with their names, in ballot order)."""
    return {
        "kind": poll.kind.value, "title": poll.title, "award": poll.award, "award_level": poll.award_level,
        "round": poll.round, "max_rounds": poll.max_rounds, "parent": poll.parent_id,
        "candidates": [[unit, names.get(unit, "")] for unit in poll.candidates],
        "quota": poll.quota, "quota_rule": poll.quota_rule.to_doc() if poll.quota_rule else None,
        "threshold": poll.threshold.to_doc(), "base": poll.base.value, "voters": poll.voters.value,
        "entry_mode": poll.entry_mode.value, "invalid_when_all_crossed": poll.invalid_when_all_crossed,
        "cascade": poll.cascade,
    }


def result_payload(poll: Poll, result: Tally) -> dict[str, Any]:
    """The final counts the close event records (candidates by their number on the ballot)."""
    return {
        "issued": result.issued, "eligible": result.eligible, "collected": result.collected,
        "counted": result.counted, "valid": result.valid, "invalid": result.invalid,
        "invalid_by_reason": {r.value: n for r, n in sorted(result.invalid_by_reason.items())},
        "votes": [result.votes.get(u, 0) for u in poll.candidates], "base_count": result.base_count,
        "needed": result.votes_needed, "reached": list(result.reached), "winners": list(result.winners),
        "tied": list(result.tied), "open_seats": result.open_seats,
        "motion": [poll.motion.agree, poll.motion.disagree, poll.motion.abstain] if poll.motion else None,
        "passed": result.passed,
    }


def _canon(value: Any) -> Any:
    """``value`` as the chain stores it (JSON's types)."""
    return json.loads(audit.canonical(value))


# -- checking ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One difference between a poll's chain and what is stored, as a sentence in the interface language."""

    message: str  # msgid
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return _(self.message, **self.params)


@dataclass
class PollCheck:
    """The check of one poll: its chain's events, the findings in chain order (the first is the first difference),
    and against a digest given: ``anchor`` the event it names (0: none), ``after`` the events recorded after it."""

    poll_id: int
    name: str
    status: Status | None
    events: int
    digest: str  # the digest of the stored chain as it stands ("" when it has no events)
    findings: list[Finding] = field(default_factory=list)
    anchored: bool = False  # the count was closed: a digest was printed
    given: str = ""
    anchor: int = 0
    anchor_kind: str = ""
    after: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings


@dataclass
class _Replay:
    """What a poll's events say, replayed in order."""

    opened: dict[str, Any] | None = None
    issued: int | None = None
    eligible: int | None = None
    collected: int = 0
    ballots: dict[tuple[int, int], tuple[tuple[int, ...], Any, int]] = field(default_factory=dict)
    motion: Any = None
    committee: Any = None
    decision: Any = None
    closed: dict[str, Any] | None = None
    close_seq: int = 0


_EVENT_NAMES = {
    "open": N_("opening"), "issued": N_("ballots issued"), "collected": N_("ballots collected"), "ballot": N_("ballot"),
    "undo": N_("ballot taken back"), "motion": N_("show of hands"), "committee": N_("counting committee"),
    "close": N_("close"), "decision": N_("decision"), "round": N_("further round"),
}


#: What each recorded field is called in a finding (its code follows in brackets, as ``tdkt tally --json`` names it).
_FIELD_NAMES = {
    "kind": N_("kind"), "title": N_("title"), "award": N_("award"), "award_level": N_("award level"),
    "round": N_("round"), "max_rounds": N_("rounds at most"), "parent": N_("previous round"),
    "candidates": N_("candidates"), "quota": N_("seats"), "quota_rule": N_("seats as a share"),
    "threshold": N_("threshold"), "base": N_("base of the threshold"), "voters": N_("who votes"),
    "entry_mode": N_("the numbers typed"), "invalid_when_all_crossed": N_("every name crossed out is invalid"),
    "cascade": N_("higher awards leave the list"), "issued": N_("ballots issued"), "eligible": N_("eligible voters"),
    "collected": N_("ballots collected"), "motion": N_("show of hands"), "committee": N_("counting committee"),
    "decision": N_("decision"), "counted": N_("ballots entered"), "valid": N_("valid ballots"),
    "invalid": N_("invalid ballots"), "invalid_by_reason": N_("invalid ballots by reason"),
    "votes": N_("votes"), "base_count": N_("base"), "needed": N_("votes needed"), "reached": N_("reached"),
    "winners": N_("chosen"), "tied": N_("tied"), "open_seats": N_("seats left open"), "passed": N_("passed"),
}


def _field(name: str) -> str:
    return f"{_(_FIELD_NAMES[name])} ({name})" if name in _FIELD_NAMES else name


def _event_name(event: dict[str, Any]) -> str:
    """"event 12 (ballot 10)": how a finding names an event."""
    kind = str(event.get("kind", ""))
    payload = event.get("payload") if isinstance(event.get("payload"), dict) else {}
    label = _(_EVENT_NAMES.get(kind, kind)) if kind in _EVENT_NAMES else kind
    if kind in ("ballot", "undo") and isinstance(payload, dict):
        label = f"{label} {payload.get('seq')}" + (f" · {_('clerk')} 2" if payload.get("clerk") == 2 else "")
    return _("event {seq} ({what})", seq=event.get("seq"), what=label)


def _ballot_name(clerk: int, seq: int) -> str:
    return _("ballot {seq} of clerk 2", seq=seq) if clerk == 2 else _("ballot {seq}", seq=seq)


def _replay(chain: list[dict[str, Any]], upto: int | None = None) -> _Replay:
    state = _Replay()
    for event in chain[:upto]:
        kind, p = event.get("kind"), event.get("payload")
        if not isinstance(p, dict):
            continue
        if kind == "open":
            state.opened = p.get("definition")
            state.issued, state.eligible = p.get("issued"), p.get("eligible")
            state.committee = p.get("committee", state.committee)
        elif kind == "issued":
            state.issued = p.get("new")
        elif kind == "collected":
            state.collected = p.get("new", 0)
        elif kind == "ballot":
            state.ballots[p.get("clerk"), p.get("seq")] = (tuple(p.get("kept") or ()), p.get("invalid"), event["seq"])
        elif kind == "undo":
            state.ballots.pop((p.get("clerk"), p.get("seq")), None)
        elif kind == "motion":
            state.motion = [p.get("agree"), p.get("disagree"), p.get("abstain")]
        elif kind == "committee":
            state.committee = p.get("committee")
        elif kind == "decision":
            state.decision = p.get("decision")
        elif kind == "close":
            state.closed, state.close_seq = p, int(event["seq"])
            state.committee = p.get("committee", state.committee)
    return state


def _describe(value: Any) -> str:
    """A recorded value as a short text in a finding."""
    if isinstance(value, list) and value and all(isinstance(v, list) and len(v) == 2 for v in value):
        return "; ".join(f"{i}. {name}" for i, (_unit, name) in enumerate(value, start=1))
    if isinstance(value, dict) and "fraction" in value:
        return f"{'>' if value.get('strict') else '≥'} {value.get('fraction')}"
    if isinstance(value, list):
        return " ".join(str(v) for v in value) or "—"
    if value is None or value == "":
        return "—"
    return str(value)


def _compare_records(conference: Conference, poll: Poll, state: _Replay, check: PollCheck) -> None:
    """Add a finding for each stored record that is not what the chain recorded, in the order of the chain."""
    pid = poll.id or 0
    names = conference.unit_names()
    add = check.findings.append
    if state.opened is None:
        if poll.status is not Status.DRAFT:
            add(Finding("Poll {poll} is marked {status} but its chain has no opening: its events were removed.",
                        {"poll": pid, "status": _(poll.status.label).lower()}))
        return
    if poll.status is Status.DRAFT:
        add(Finding("Poll {poll} is marked not opened, but its chain records an opening.", {"poll": pid}))
    stored = _canon(definition(poll, names))
    for name in DEFINITION_FIELDS:
        recorded = state.opened.get(name)
        now = stored.get(name)
        if recorded == now:
            continue
        if name == "candidates" and isinstance(recorded, list) and isinstance(now, list):
            for number, (old, new) in enumerate(zip(recorded, now), start=1):
                if old != new:
                    add(Finding("Poll {poll}, candidate {number}: {recorded} at opening, now {stored}.",
                                {"poll": pid, "number": number, "recorded": _describe([old]).split(". ", 1)[-1],
                                 "stored": _describe([new]).split(". ", 1)[-1]}))
                    break
            else:
                add(Finding("Poll {poll}: {recorded} candidates at opening, now {stored}.",
                            {"poll": pid, "recorded": len(recorded), "stored": len(now)}))
            continue
        add(Finding("Poll {poll}, {field} of the definition: {recorded} at opening, now {stored}.",
                    {"poll": pid, "field": _field(name), "recorded": _describe(recorded), "stored": _describe(now)}))
    for name, recorded, now in (("issued", state.issued, poll.issued), ("eligible", state.eligible, poll.eligible),
                                ("collected", state.collected, poll.collected)):
        if recorded != now:
            add(Finding("Poll {poll}, {field}: {recorded} in the chain, now {stored}.",
                        {"poll": pid, "field": _field(name), "recorded": _describe(recorded),
                         "stored": _describe(now)}))
    motion = [poll.motion.agree, poll.motion.disagree, poll.motion.abstain] if poll.motion else None
    if state.motion != motion:
        add(Finding("Poll {poll}, {field}: {recorded} in the chain, now {stored}.",
                    {"poll": pid, "field": _field("motion"), "recorded": _describe(state.motion), "stored": _describe(motion)}))
    stored_ballots = {}
    docs = conference.store.docs(BALLOTS)
    for (ballot_poll, clerk), stack in index_of(conference.store).stacks.items():
        if ballot_poll == pid:
            for seq, key in stack.items():
                doc = docs[key]
                stored_ballots[clerk, seq] = (tuple(doc.get("kept") or ()), doc.get("invalid"))
    for key in sorted(set(state.ballots) | set(stored_ballots), key=lambda k: (k[1], k[0])):
        recorded_ballot = state.ballots.get(key)
        now_ballot = stored_ballots.get(key)
        if recorded_ballot is not None and recorded_ballot[:2] == now_ballot:
            continue
        clerk, seq = key
        if recorded_ballot is None:
            add(Finding("Poll {poll}, {ballot}: stored ({stored}) but never entered in the chain.",
                        {"poll": pid, "ballot": _ballot_name(clerk, seq), "stored": _ballot_text(now_ballot)}))
        elif now_ballot is None:
            add(Finding("Poll {poll}, {ballot}: entered as {recorded}, no longer stored.",
                        {"poll": pid, "ballot": _ballot_name(clerk, seq), "recorded": _ballot_text(recorded_ballot)}))
        else:
            add(Finding("Poll {poll}, {ballot}: entered as {recorded}, now {stored}.",
                        {"poll": pid, "ballot": _ballot_name(clerk, seq), "recorded": _ballot_text(recorded_ballot),
                         "stored": _ballot_text(now_ballot)}))
    committee = None if poll.committee.is_empty else _canon(poll.committee.to_doc())
    if (state.committee or None) != committee:
        add(Finding("Poll {poll}, {field}: {recorded} in the chain, now {stored}.",
                    {"poll": pid, "field": _field("committee"), "recorded": _committee_text(state.committee),
                     "stored": _committee_text(committee)}))
    decision = _canon(poll.decision.to_doc()) if poll.decision else None
    if state.decision != decision:
        add(Finding("Poll {poll}, {field}: {recorded} in the chain, now {stored}.",
                    {"poll": pid, "field": _field("decision"), "recorded": _describe((state.decision or {}).get("units")),
                     "stored": _describe((decision or {}).get("units"))}))
    closed = state.closed is not None
    if closed != (poll.status is Status.CLOSED):
        if closed:
            add(Finding("Poll {poll} was closed in its chain, but is stored as {status}.",
                        {"poll": pid, "status": _(poll.status.label).lower()}))
        else:
            add(Finding("Poll {poll} is stored as closed, but its chain ends without a close: the end of the count "
                        "was removed.", {"poll": pid}))
    if closed and state.closed is not None:
        result = _canon(result_payload(poll, recount(conference, poll)))
        for name, recorded in state.closed.items():
            if name in result and result[name] != recorded:
                add(Finding("Poll {poll}, result at close, {field}: {recorded} declared, {stored} counted again "
                            "from the stored ballots.", {"poll": pid, "field": _field(name), "recorded": _describe(recorded),
                                                          "stored": _describe(result[name])}))
                break


def _ballot_text(ballot: tuple[Any, ...] | None) -> str:
    if ballot is None:
        return "—"
    kept, invalid = ballot[0], ballot[1]
    if invalid:
        return _("invalid ({reason})", reason=invalid)
    return " ".join(str(n) for n in kept) or "—"


def _committee_text(doc: Any) -> str:
    if not isinstance(doc, dict):
        return "—"
    head = doc.get("head")
    people = ([head[1]] if head else []) + [m[1] for m in doc.get("members", ())]
    return ", ".join(str(p) for p in people) or "—"


def verify_poll(conference: Conference, poll_id: int, digest: str = "", copies: Sequence[Path] = ()) -> PollCheck:
    """Replay the chain of ``poll_id`` against the stored poll, ballots and result; against ``digest`` (as printed
    at close) when given. ``findings`` lists every difference, the first one first.

    When the stored chain was computed again and no longer leads to the digest, the first difference can still be
    named if a record of the count behind the digest survives: the folder's backups, or ``copies`` (another copy of
    the folder, or a snapshot file)."""
    given = ""
    if digest:
        hexd = audit.digest_hex(digest)
        if hexd is None:
            raise ValidationError("“{digest}” is not a digest: 16 letters and digits in groups of four, such as "
                                  "3f2a-9c01-be47-0d1e.", field="digest", digest=digest)
        given = hexd
    index = index_of(conference.store)
    doc = conference.store.get(POLLS, poll_id)
    chain = index.chain(poll_id)
    poll = Poll.from_doc(poll_id, doc) if doc is not None else None
    check = PollCheck(poll_id, poll.name if poll else "", poll.status if poll else None, len(chain),
                      audit.short_digest(index.heads[poll_id][1]) if poll_id in index.heads else "",
                      anchored=poll is not None and poll.status is Status.CLOSED,
                      given=audit.short_digest(given) if given else "")
    if poll is None:
        check.findings.append(Finding("There is no poll {poll}.", {"poll": poll_id}) if not chain else
                              Finding("Poll {poll} has {events} events in the chain but is no longer stored: it was "
                                      "removed.", {"poll": poll_id, "events": len(chain)}))
        return check
    # the chain itself, recomputed from the stored content of each event
    recomputed: list[str] = []
    structure = audit.check_chain(poll_id, chain)
    prev = audit.genesis(poll_id)
    for event in chain:
        try:
            prev = audit.event_hash(prev, event["seq"], poll_id, event["kind"], event["payload"])
        except (KeyError, TypeError, ValueError):
            prev = ""
        recomputed.append(prev)
    if given:
        position = next((i for i, h in enumerate(recomputed, start=1) if h.startswith(given)), 0)
        if position:
            check.anchor = position
            kind = str(chain[position - 1].get("kind", ""))
            check.anchor_kind = _(_EVENT_NAMES[kind]) if kind in _EVENT_NAMES else kind
            check.after = [_event_name(e) for e in chain[position:]]
            if not structure.ok:
                check.findings.append(Finding("Poll {poll}: {event} was changed after it was recorded.",
                                              {"poll": poll_id, "event": _event_name(chain[(structure.bad_seq or 1) - 1])}))
        else:
            check.findings.append(_missing_anchor(conference, poll, chain, structure, given, copies))
    elif not structure.ok:
        check.findings.append(Finding("Poll {poll}: {event} was changed after it was recorded.",
                                      {"poll": poll_id, "event": _event_name(chain[(structure.bad_seq or 1) - 1])}))
    _compare_records(conference, poll, _replay(chain), check)
    _check_parent(conference, poll, chain, check)
    if poll.status is Status.CLOSED and recomputed and poll.digest and poll.digest != audit.short_digest(recomputed[-1]):
        check.findings.append(Finding("Poll {poll}: the digest stored with it ({stored}) is not that of its chain "
                                      "({chain}).", {"poll": poll_id, "stored": poll.digest,
                                                     "chain": audit.short_digest(recomputed[-1])}))
    return check


def _check_parent(conference: Conference, poll: Poll, chain: list[dict[str, Any]], check: PollCheck) -> None:
    """A further round is tied to the round before: its opening names that round's last event, which must still be
    in that round's chain (so changing round 1 after round 2 opened shows in round 2's check too)."""
    if poll.parent_id is None or not chain or chain[0].get("kind") != "open":
        return
    head = (chain[0].get("payload") or {}).get("parent_head")
    parent = index_of(conference.store).chain(poll.parent_id)
    if not isinstance(head, str) or not _leads_to(poll.parent_id, parent, head):
        check.findings.append(Finding("Poll {poll} was opened as round {round} after poll {parent} as it then stood; "
                                      "poll {parent}'s chain no longer holds that state.",
                                      {"poll": poll.id, "round": poll.round, "parent": poll.parent_id}))


def _missing_anchor(conference: Conference, poll: Poll, chain: list[dict[str, Any]], structure: audit.ChainCheck,
                    given: str, copies: Sequence[Path] = ()) -> Finding:
    """Why the digest given is nowhere in the poll's chain: the first difference, as far as it can be told."""
    pid = poll.id or 0
    if not structure.ok:
        return Finding("Poll {poll}: {event} was changed after it was recorded; the chain no longer leads to "
                       "{digest}.", {"poll": pid, "event": _event_name(chain[(structure.bad_seq or 1) - 1]),
                                     "digest": audit.short_digest(given)})
    original = _witness(conference, pid, given, copies)
    if original is not None:
        source, events = original
        return _first_event_difference(pid, events, chain, source, given)
    if not any(e.get("kind") == "close" for e in chain):
        last = _event_name(chain[-1]) if chain else _("no event")
        return Finding("Poll {poll}: the count was closed with {digest}, but its chain now ends at {event}, "
                       "before any close: the end of the count was removed.",
                       {"poll": pid, "digest": audit.short_digest(given), "event": last})
    other = _owner_of(conference, given, pid)
    if other is not None:
        return Finding("{digest} is the digest of poll {other}, not of poll {poll}.",
                       {"digest": audit.short_digest(given), "other": other, "poll": pid})
    return Finding("Poll {poll}: its chain is whole but leads to {chain}, not {digest}: it was computed again after "
                   "a change, so the stored poll, its ballots or its result are not those behind {digest}.",
                   {"poll": pid, "chain": audit.short_digest(chain[-1].get("hash", "")) if chain else "—",
                    "digest": audit.short_digest(given)})


def _leads_to(poll: int, events: list[dict[str, Any]], given: str) -> int:
    """The number of the event whose hash, computed from the content, starts with ``given`` (0: none)."""
    prev = audit.genesis(poll)
    for number, event in enumerate(events, start=1):
        try:
            prev = audit.event_hash(prev, event["seq"], poll, event["kind"], event["payload"])
        except (KeyError, TypeError, ValueError):
            return 0
        if prev.startswith(given):
            return number
    return 0


def _witness(conference: Conference, poll: int, given: str,
             copies: Sequence[Path]) -> tuple[str, list[dict[str, Any]]] | None:
    """A record of the poll's chain that still leads to ``given``: in ``copies`` (folders or snapshot files), then
    in the folder's backups, newest first. (Where it was found, its events up to the digest.)"""
    sources: list[Path] = [*copies, *(b.path for b in reversed(snapshots.backups(conference.folder)))]
    for source in sources:
        try:
            if source.is_dir():
                other = Conference.open(source, create=False)
                try:
                    docs = dict(other.store.docs(AUDIT))
                finally:
                    other.close()
            else:
                docs = snapshots.decode_snapshot(source.read_bytes()).get(AUDIT, {})
        except (OSError, snapshots.SnapshotProblem, TdktError):
            continue
        events = sorted((e for e in docs.values() if isinstance(e, dict) and e.get("poll") == poll
                         and type(e.get("seq")) is int), key=lambda e: e["seq"])
        found = _leads_to(poll, events, given)
        if found:
            return str(source), events[:found]
    return None


def _first_event_difference(poll: int, original: list[dict[str, Any]], chain: list[dict[str, Any]], source: str,
                            given: str) -> Finding:
    """The first event where the stored chain departs from the one behind ``given`` (found in ``source``)."""
    common = {"poll": poll, "digest": audit.short_digest(given), "source": source}
    for number, recorded in enumerate(original, start=1):
        stored = chain[number - 1] if number <= len(chain) else None
        if stored is None:
            return Finding("Poll {poll}: {event} of the count behind {digest} (found in {source}) is no longer "
                           "stored: the end of the count was removed.", {**common, "event": _event_name(recorded)})
        if (stored.get("kind"), stored.get("payload")) == (recorded.get("kind"), recorded.get("payload")):
            continue
        what, before, now = _payload_difference(recorded, stored)
        return Finding("Poll {poll}, {event}, {what}: {recorded} in the count behind {digest} (found in {source}), "
                       "now {stored}.", {**common, "event": _event_name(recorded), "what": what,
                                         "recorded": before, "stored": now})
    return Finding("Poll {poll}: the count behind {digest} (found in {source}) ends at event {seq}; the stored chain "
                   "goes on differently after it.", {**common, "seq": len(original)})


def _payload_difference(recorded: dict[str, Any], stored: dict[str, Any]) -> tuple[str, str, str]:
    """(what differs, as recorded, as stored) between two versions of one event."""
    a, b = recorded.get("payload") or {}, stored.get("payload") or {}
    if recorded.get("kind") != stored.get("kind"):
        return _("kind"), str(recorded.get("kind")), str(stored.get("kind"))
    if recorded.get("kind") in ("ballot", "undo"):
        return _("ballot"), _ballot_text((tuple(a.get("kept") or ()), a.get("invalid"))), \
            _ballot_text((tuple(b.get("kept") or ()), b.get("invalid")))
    if recorded.get("kind") == "open" and isinstance(a.get("definition"), dict) and isinstance(b.get("definition"), dict):
        for name in DEFINITION_FIELDS:
            if a["definition"].get(name) != b["definition"].get(name):
                return _field(name), _describe(a["definition"].get(name)), _describe(b["definition"].get(name))
    for name in sorted(set(a) | set(b)):
        if a.get(name) != b.get(name):
            return _field(name), _describe(a.get(name)), _describe(b.get(name))
    return "", "—", "—"


def _owner_of(conference: Conference, given: str, exclude: int) -> int | None:
    index = index_of(conference.store)
    for poll in index.polls_with_events():
        if poll != exclude and any(str(e.get("hash", "")).startswith(given) for e in index.chain(poll)):
            return poll
    return None


def verify_all(conference: Conference) -> list[PollCheck]:
    """Every poll's check (and the chains of polls no longer stored), in the order the polls were created."""
    index = index_of(conference.store)
    ids = sorted({p.id or 0 for p in polls(conference)} | index.polls_with_events())
    return [verify_poll(conference, pid) for pid in ids]


@dataclass(frozen=True)
class Verification:
    """Every poll checked: ``ok`` when no chain differs from the stored records; ``unanchored`` lists the polls
    whose count is not closed yet (no digest printed: nothing outside the folder vouches for them)."""

    checks: tuple[PollCheck, ...]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def events(self) -> int:
        return sum(c.events for c in self.checks)

    @property
    def unanchored(self) -> tuple[int, ...]:
        return tuple(c.poll_id for c in self.checks if c.status is not None and not c.anchored)

    @property
    def failed(self) -> tuple[PollCheck, ...]:
        return tuple(c for c in self.checks if not c.ok)


def verify(conference: Conference) -> Verification:
    """Check every poll's chain against the stored records (:func:`verify_poll` without a digest)."""
    return Verification(tuple(verify_all(conference)))


def poll_of_digest(conference: Conference, digest: str) -> int:
    """The poll whose chain holds the event ``digest`` names (a digest given without its poll's number)."""
    hexd = audit.digest_hex(digest)
    if hexd is None:
        raise ValidationError("“{digest}” is not a digest: 16 letters and digits in groups of four, such as "
                              "3f2a-9c01-be47-0d1e.", field="digest", digest=digest)
    found = _owner_of(conference, hexd, exclude=0)
    if found is None:
        raise ValidationError("No poll's chain holds {digest}: give the poll's number with --poll to see where it "
                              "differs.", field="digest", digest=audit.short_digest(hexd))
    return found
