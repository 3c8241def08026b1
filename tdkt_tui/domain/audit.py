"""The hash chain of one poll (docs/counting.md#the-audit-chain): events linked by SHA-256, and the digest that
anchors them.

Every counting event of a poll — its definition at opening, each count change with its reason, each ballot and undo,
a further round, the leaders' decision, the close with the final counts — is one document of the table ``audit``,
written in the same transaction as the change it records::

    {"poll": poll id, "seq": n (1, 2, … within the poll), "kind": "...", "payload": {...},
     "prev_hash": "...", "hash": sha256(prev_hash + canonical JSON of {seq, poll, kind, payload})}

The first event of poll ``p`` links to :func:`genesis` ``(p)``. The chain is not keyed: anyone can recompute it,
so a chain that checks out proves nothing by itself. What proves a count is the **digest** printed when it closed
(on screen, by ``tdkt poll close``, on the projector, in the vote-counting minutes the committee signs): the first
64 bits of the hash of the close event, which commits to every event before it. A recomputed chain leads to another
digest. Payloads carry no time, desk or person.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

AUDIT = "audit"
#: Hex digits of a hash the printed digest keeps: 64 bits, out of reach of a search for a forged chain.
DIGEST_HEX = 16
#: The fewest hex digits accepted when a digest is typed back (a shorter one would match too easily).
MIN_DIGEST_HEX = 12


def canonical(value: Any) -> str:
    """The JSON text hashed for an event: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def genesis(poll: int) -> str:
    """What the first event of poll ``poll`` links to."""
    return hashlib.sha256(f"tdkt-tui poll {poll}".encode()).hexdigest()


def event_hash(prev_hash: str, seq: int, poll: int, kind: str, payload: dict[str, Any]) -> str:
    body = canonical({"seq": seq, "poll": poll, "kind": kind, "payload": payload})
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def make_event(prev_hash: str, seq: int, poll: int, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    """The document of one event, its payload as a reopened folder will read it back."""
    payload = json.loads(canonical(payload))
    return {"poll": poll, "seq": seq, "kind": kind, "payload": payload, "prev_hash": prev_hash,
            "hash": event_hash(prev_hash, seq, poll, kind, payload)}


def short_digest(full_hash: str) -> str:
    """The digest people read and copy: 16 hex digits in groups of four ("3f2a-9c01-be47-0d1e")."""
    head = full_hash[:DIGEST_HEX]
    return "-".join(head[i : i + 4] for i in range(0, len(head), 4))


def digest_hex(text: str) -> str | None:
    """The hex digits of a digest as typed ("3F2A 9C01-be47…"), or None when it cannot be one."""
    raw = re.sub(r"[\s\-–—.:]", "", text or "").lower()
    if not re.fullmatch(r"[0-9a-f]+", raw) or not MIN_DIGEST_HEX <= len(raw) <= 64:
        return None
    return raw


@dataclass(frozen=True)
class ChainCheck:
    """The result of recomputing one poll's chain: ``bad_seq`` names the first event whose stored content no longer
    gives its stored hash, whose link to the previous one is broken or whose number is out of sequence."""

    ok: bool
    events: int
    bad_seq: int | None = None
    head: str = ""


def check_chain(poll: int, chain: list[dict[str, Any]]) -> ChainCheck:
    """Recompute the chain of ``poll`` from its events (in stored order: by ``seq``)."""
    prev = genesis(poll)
    for expected_seq, doc in enumerate(chain, start=1):
        try:
            seq, kind, payload = doc["seq"], doc["kind"], doc["payload"]
            good = (
                seq == expected_seq
                and doc.get("poll") == poll
                and doc.get("prev_hash") == prev
                and event_hash(prev, seq, poll, kind, payload) == doc.get("hash")
            )
        except (KeyError, TypeError, ValueError):
            good = False
        if not good:
            return ChainCheck(False, len(chain), expected_seq, prev)
        prev = doc["hash"]
    return ChainCheck(True, len(chain), head=prev if chain else "")
