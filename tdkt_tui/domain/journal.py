"""The journal's lines: one committed transaction each, ``<crc32 in hex> <json>\\n``.

The JSON holds the sequence number and the changes (``{"seq": 12, "ops": [...]}``) and nothing else: no time, so a
ballot's line cannot tell when it was cast. Only a last line without its line end is a write a crash cut short; a
complete line with a wrong checksum, or a sequence number that is not the next one, is damage wherever it is.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from tdkt_tui.domain.i18n import _

Doc = dict[str, Any]


def journal_name(generation: int) -> str:
    """The journal of the snapshot of ``generation``."""
    return f"journal-{generation:06d}.log"


def retired_name(generation: int) -> str:
    """The journal of ``generation`` once a newer snapshot holds it: kept for desks that lag behind, never appended
    to (no desk writes under this name)."""
    return f"journal-{generation:06d}.retired.log"


#: Every journal, the retired ones too.
JOURNAL_GLOB = "journal-*.log"


@dataclass(frozen=True)
class Op:
    """One change inside a transaction: put a whole document, patch some fields, or delete."""

    kind: str
    table: str
    doc_id: int
    doc: Doc | None = None

    def to_json(self) -> list[Any]:
        return [self.kind, self.table, self.doc_id, self.doc]

    @classmethod
    def from_json(cls, raw: list[Any]) -> Op:
        if not isinstance(raw, list):
            raise ValueError(raw)
        kind, table, doc_id, doc = raw
        if kind not in ("put", "patch", "delete") or not isinstance(table, str) or type(doc_id) is not int:
            raise ValueError(raw)
        if (kind == "delete") != (doc is None) or not (doc is None or isinstance(doc, dict)):
            raise ValueError(raw)
        return cls(kind, table, doc_id, doc)


@dataclass(frozen=True)
class Entry:
    """One decoded journal line."""

    seq: int
    ops: list[Op]


def encode_entry(seq: int, ops: list[Op]) -> bytes:
    body = json.dumps(
        {"seq": seq, "ops": [op.to_json() for op in ops]}, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")
    return b"%08x %s\n" % (zlib.crc32(body), body)


def decode_entry(line: bytes) -> Entry | None:
    """The entry of one journal line, or None when the line is damaged."""
    try:
        crc, body = line.rstrip(b"\n").split(b" ", 1)
        if int(crc, 16) != zlib.crc32(body):
            return None
        raw = json.loads(body)
        if not isinstance(raw, dict) or type(raw.get("seq")) is not int or not isinstance(raw.get("ops"), list):
            return None
        return Entry(raw["seq"], [Op.from_json(op) for op in raw["ops"]])
    except (ValueError, TypeError, UnicodeDecodeError, RecursionError):
        return None


_SEQ = re.compile(rb'[0-9a-f]{8} \{"seq":(\d{1,18})[,}]')


def claimed_seq(line: bytes) -> int | None:
    """The sequence number a damaged or cut line seems to carry, for telling what was dropped (None: unreadable)."""
    m = _SEQ.match(line)
    return int(m.group(1)) if m else None


def intact_seq(line: bytes) -> int | None:
    """The sequence number of a journal line whose checksum matches, without decoding its changes (None: damaged or
    not a line of ours): how a fold checks, and a desk passes over, the lines it already holds."""
    m = _SEQ.match(line)
    if m is None or zlib.crc32(line[9:].rstrip(b"\n")) != int(line[:8], 16):
        return None
    return int(m.group(1))


@dataclass(frozen=True)
class Line:
    """A line of a journal as found: where it starts, its bytes, its entry (None: damaged), whether it is whole."""

    offset: int
    data: bytes
    entry: Entry | None
    complete: bool


def lines(data: bytes, start: int = 0) -> Iterator[Line]:
    """Every line of journal bytes ``data`` (read from byte ``start`` of the file), the incomplete last one too."""
    pos = 0
    while pos < len(data):
        end = data.find(b"\n", pos)
        if end < 0:
            yield Line(start + pos, data[pos:], None, False)
            return
        raw = data[pos : end + 1]
        yield Line(start + pos, raw, decode_entry(raw), True)
        pos = end + 1


def line_problem(entry: Entry | None, offset: int, expected: int) -> str:
    """What is wrong with the complete journal line at byte ``offset``, in the interface language."""
    if entry is None:
        return _("the line at byte {offset} does not match its checksum", offset=offset)
    if entry.seq < expected:
        return _("the line at byte {offset} repeats sequence number {seq}", offset=offset, seq=entry.seq)
    return _("the line at byte {offset} has sequence number {seq} where {expected} was due", offset=offset,
             seq=entry.seq, expected=expected)
