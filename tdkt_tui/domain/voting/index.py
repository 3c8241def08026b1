"""What the count reads at every ballot, kept current from the store's change feed instead of rescanned.

Entering the 5,000th ballot must cost what the 1st does: the number of ballots each clerk entered, the next
ballot number, the running votes of clerk 1's stack and the last event of each poll's chain are updated from the
documents that changed (:meth:`Store.drain_changes`), whichever desk wrote them. A full reload of the store
rebuilds everything. Nothing here is stored: it is always what the tables say.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import Any

from tdkt_tui.domain.audit import AUDIT
from tdkt_tui.domain.store import Store
from tdkt_tui.domain.voting.records import BALLOTS


@dataclass
class Counts:
    """The running count of one poll from clerk 1's stack: votes by candidate number (index 0 unused)."""

    votes: list[int] = field(default_factory=lambda: [0])
    counted: int = 0
    invalid: int = 0
    reasons: dict[str, int] = field(default_factory=dict)

    def add(self, kept: tuple[int, ...], invalid: str | None, sign: int) -> None:
        self.counted += sign
        if invalid:
            self.invalid += sign
            self.reasons[invalid] = self.reasons.get(invalid, 0) + sign
            if not self.reasons[invalid]:
                del self.reasons[invalid]
            return
        votes = self.votes
        for n in kept:
            if n < 0:  # off the list (a hand-edited ballot): never a candidate's vote, nor counted from the end
                continue
            if n >= len(votes):
                votes.extend([0] * (n + 1 - len(votes)))
            votes[n] += sign


_Entry = tuple[int, int, int, tuple[int, ...], "str | None"]  # poll, clerk, seq, kept, invalid


def _ballot_entry(doc: dict[str, Any]) -> _Entry | None:
    try:
        return (int(doc["poll"]), int(doc.get("clerk", 1)), int(doc["seq"]),
                tuple(int(n) for n in doc.get("kept") or ()), doc.get("invalid") or None)
    except (KeyError, TypeError, ValueError):
        return None  # a damaged document: left to the integrity check, never counted


class VotingIndex:
    """Ballots by (poll, clerk) and sequence number, the running counts, and each poll's chain of events."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.loads = -1
        self.ballots: dict[str, _Entry] = {}
        self.stacks: dict[tuple[int, int], dict[int, str]] = {}
        self.counts: dict[int, Counts] = {}
        self.events: dict[int, dict[str, int]] = {}  # poll → {doc key: seq}
        self.heads: dict[int, tuple[int, str]] = {}  # poll → (seq, hash) of its last event
        self.version = 0

    def sync(self) -> VotingIndex:
        loads, ballots = self.store.drain_changes(BALLOTS)
        _, events = self.store.drain_changes(AUDIT)
        if loads != self.loads:
            self._rebuild(loads)
        elif ballots or events:
            for key in sorted(ballots, key=int):  # in the table's order: a recount then reads memory in order
                self._ballot_changed(key)
            for poll in {p for key in events for p in self._event_changed(key)}:
                self._new_head(poll)
            self.version += 1
        return self

    def _rebuild(self, loads: int) -> None:
        self.loads = loads
        self.ballots, self.stacks, self.counts, self.events, self.heads = {}, {}, {}, {}, {}
        for key in self.store.docs(BALLOTS):
            self._ballot_changed(key)
        for key in self.store.docs(AUDIT):
            self._event_changed(key)
        for poll in list(self.events):
            self._new_head(poll)
        self.version += 1

    def _ballot_changed(self, key: str) -> None:
        old = self.ballots.pop(key, None)
        if old is not None:
            poll, clerk, seq, kept, invalid = old
            stack = self.stacks.get((poll, clerk), {})
            if stack.get(seq) == key:
                del stack[seq]
            if clerk == 1:
                self.counts[poll].add(kept, invalid, -1)
        doc = self.store.docs(BALLOTS).get(key)
        entry = _ballot_entry(doc) if doc is not None else None
        if entry is None:
            return
        self.ballots[key] = entry
        poll, clerk, seq, kept, invalid = entry
        self.stacks.setdefault((poll, clerk), {})[seq] = key
        if clerk == 1:
            self.counts.setdefault(poll, Counts()).add(kept, invalid, 1)

    def _event_changed(self, key: str) -> set[int]:
        """Re-file one event; returns the polls whose last event must be looked for again (an event removed or
        changed in place: tampering, or a reload). A new event after the last one just becomes the head."""
        again: set[int] = set()
        for poll, keys in self.events.items():
            if keys.pop(key, None) is not None:
                again.add(poll)
        doc = self.store.docs(AUDIT).get(key)
        if isinstance(doc, dict) and type(doc.get("poll")) is int and type(doc.get("seq")) is int:
            poll, seq = doc["poll"], doc["seq"]
            self.events.setdefault(poll, {})[key] = seq
            head = self.heads.get(poll)
            if poll not in again and (head is None or seq > head[0]):
                self.heads[poll] = (seq, str(doc.get("hash", "")))
            elif poll not in again:
                again.add(poll)
        return again

    def _new_head(self, poll: int) -> None:
        keys = self.events.get(poll)
        if not keys:
            self.heads.pop(poll, None)
            return
        key = max(keys, key=lambda k: (keys[k], int(k)))
        doc = self.store.docs(AUDIT)[key]
        self.heads[poll] = (int(doc["seq"]), str(doc.get("hash", "")))

    # -- reading -------------------------------------------------------------------------------------------------

    def entered(self, poll: int, clerk: int) -> int:
        """How many ballots the clerk has entered."""
        return len(self.stacks.get((poll, clerk), ()))

    def last_seq(self, poll: int, clerk: int) -> int:
        stack = self.stacks.get((poll, clerk))
        return max(stack) if stack else 0

    def stack(self, poll: int, clerk: int) -> dict[int, str]:
        """Sequence number → document key of one clerk's ballots."""
        return self.stacks.get((poll, clerk), {})

    def chain(self, poll: int) -> list[dict[str, Any]]:
        """The events of one poll, in order."""
        keys = self.events.get(poll, {})
        docs = self.store.docs(AUDIT)
        return [docs[k] for k in sorted(keys, key=lambda k: (keys[k], int(k)))]

    def polls_with_events(self) -> set[int]:
        return set(self.events)


_INDEXES: weakref.WeakKeyDictionary[Store, VotingIndex] = weakref.WeakKeyDictionary()


def index_of(store: Store) -> VotingIndex:
    """The store's voting index, brought up to date."""
    index = _INDEXES.get(store)
    if index is None:
        index = _INDEXES[store] = VotingIndex(store)
    return index.sync()
