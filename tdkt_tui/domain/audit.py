"""The audit hash chain of the vote count (docs/architecture.md#the-audit-chain).

Every counting event (a ballot entered or undone, a poll opened or closed, the ballots issued or collected changed)
is one document of the table ``audit``, written in the same transaction as the change it records::

    {"seq": n, "poll": poll id, "kind": "...", "payload": {...}, "prev_hash": "...", "hash": "..."}

with ``hash = sha256(prev_hash + canonical JSON of {seq, poll, kind, payload})``. :func:`verify_chain` recomputes
the chain and names the first event whose stored content no longer gives its stored hash (or whose link to the
previous event is broken). The payloads carry nothing that identifies a voter and no time.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from tdkt_tui.domain.store import Store, Transaction

AUDIT = "audit"
GENESIS = "0" * 64


def canonical(value: Any) -> str:
    """The JSON text hashed for an event: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_hash(prev_hash: str, seq: int, poll: int, kind: str, payload: dict[str, Any]) -> str:
    body = canonical({"seq": seq, "poll": poll, "kind": kind, "payload": payload})
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def short_digest(full_hash: str) -> str:
    """The digest the minutes carry: the first 12 hex characters in groups of four ("3f2a-9c01-be47")."""
    head = full_hash[:12]
    return "-".join(head[i : i + 4] for i in range(0, len(head), 4))


def last_event(store: Store) -> dict[str, Any] | None:
    """The newest event (ids are handed out under the folder lock, events are never removed)."""
    docs = store.docs(AUDIT)
    if not docs:
        return None
    return docs[max(docs, key=int)]


def append(store: Store, txn: Transaction, poll: int, kind: str, payload: dict[str, Any]) -> str:
    """Chain one event inside ``txn`` (one event per transaction) and return its hash."""
    if any(op.table == AUDIT for op in txn.ops):
        raise ValueError("one audit event per transaction")
    last = last_event(store)
    seq = int(last["seq"]) + 1 if last else 1
    prev = str(last["hash"]) if last else GENESIS
    payload = json.loads(canonical(payload))  # exactly what a reopen will read back
    digest = event_hash(prev, seq, poll, kind, payload)
    txn.insert(AUDIT, {"seq": seq, "poll": poll, "kind": kind, "payload": payload, "prev_hash": prev, "hash": digest})
    return digest


@dataclass(frozen=True)
class ChainCheck:
    """The result of recomputing the chain: ``bad_seq``/``bad_poll`` name the first altered event."""

    ok: bool
    events: int
    bad_seq: int | None = None
    bad_poll: int | None = None
    last_hash: str = GENESIS


def events(store: Store) -> list[dict[str, Any]]:
    """Every event in chain order."""
    return [doc for _key, doc in sorted(store.docs(AUDIT).items(), key=lambda kv: int(kv[0]))]


def verify_chain(store: Store) -> ChainCheck:
    prev = GENESIS
    chain = events(store)
    for expected_seq, doc in enumerate(chain, start=1):
        try:
            seq, poll, kind, payload = doc["seq"], doc["poll"], doc["kind"], doc["payload"]
            good = (
                seq == expected_seq
                and doc.get("prev_hash") == prev
                and event_hash(prev, seq, poll, kind, payload) == doc.get("hash")
            )
        except (KeyError, TypeError, ValueError):
            good = False
        if not good:
            poll_id = doc.get("poll") if isinstance(doc, dict) else None
            return ChainCheck(False, len(chain), expected_seq, poll_id if isinstance(poll_id, int) else None, prev)
        prev = doc["hash"]
    return ChainCheck(True, len(chain), last_hash=prev)
