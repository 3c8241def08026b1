"""One table of an open conference: decoded whole when it is needed whole, or read a line at a time.

After opening, a table's documents are still the lines of the snapshot (bytes): a command that checks in one person of
100,000 decodes that person's line only, and a scan log of 100,000 attempts stays bytes in memory while the door
shows its newest lines. The changes taken from the journal since the snapshot are kept beside the lines, per
document (the whole document, a deletion, or patches to apply to the line's document when it is read). When a
caller wants the whole table (:meth:`Table.decode`), the lines are decoded once and the table becomes a plain dict.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tdkt_tui.domain.journal import Op
from tdkt_tui.domain.snapshots import (
    decode_line,
    decode_section,
    file_key,
    find_line,
    in_id_order,
    line_key,
    line_span,
    section_lines,
)

Doc = dict[str, Any]
#: About how many bytes of lines :meth:`Table.chunks` decodes at a time (some 250 people: small pieces come and go without leaving holes in memory).
CHUNK_BYTES = 1 << 16
#: How many of the lines last looked up a table keeps at hand (see ``Table._found``).
_RECENT_LINES = 4


@dataclass
class Change:
    """What the journal did to one document since the snapshot: ``doc`` (None: deleted), or ``patches`` to apply to
    the snapshot's version; ``seq`` is the last journal entry that touched it."""

    seq: int
    doc: Doc | None = None
    patches: tuple[Doc, ...] | None = None


class LinesGone(Exception):
    """The snapshot file holding a log's older lines was replaced by a newer fold: take that one in first."""


@dataclass(frozen=True)
class OnDisk:
    """Where a log's older lines are: ``length`` bytes at ``at`` in the snapshot file ``path`` whose stat was
    ``key`` when they were left there (a snapshot is never changed in place, only replaced)."""

    path: Path
    key: tuple[int, int, int]
    at: int
    length: int

    def read(self) -> bytes:
        try:
            with open(self.path, "rb") as fh:
                if file_key(os.fstat(fh.fileno())) != self.key:
                    raise LinesGone
                fh.seek(self.at)
                data = fh.read(self.length)
        except FileNotFoundError:
            raise LinesGone from None
        if len(data) != self.length:
            raise LinesGone
        return data


def _changed(change: Change, line_doc: Doc | None) -> Doc | None:
    """A document as the journal left it: ``change`` applied to its snapshot version ``line_doc`` (if any)."""
    if change.patches is None:
        return change.doc
    doc = line_doc or {}
    for patch in change.patches:
        doc = {**doc, **patch}
    return doc


class Table:
    """The documents of one table (see the module's docstring)."""

    __slots__ = ("_found", "_in_order", "changes", "disk", "docs", "end", "raw", "start")

    def __init__(self, docs: dict[str, Doc] | None = None, raw: bytes = b"", start: int = 0, end: int = 0) -> None:
        self.docs = docs  # None while the table is still lines
        self.raw, self.start, self.end = raw, start, end
        self.changes: dict[str, Change] = {}
        #: The last few lines looked up, by key: a check-in reads its person, the transaction checks they exist,
        #: and the index takes in the person checked in before (each a bisection through 25 MB at 100,000 people).
        self._found: dict[str, bytes | None] = {}
        #: Whether the lines are in id order (then a lookup that misses by bisection is an answer); None: not known.
        self._in_order: bool | None = None
        #: The older lines of a log, left in the snapshot file (the lines in memory are its newest); None: all here.
        self.disk: OnDisk | None = None

    @property
    def decoded(self) -> bool:
        return self.docs is not None

    # -- reading -------------------------------------------------------------------------------------------------

    def _lines(self) -> tuple[bytes, int, int]:
        """Every line: those in memory, after the older ones read from the snapshot file when a log left them
        there (:class:`LinesGone` when that file was replaced since)."""
        if self.disk is None:
            return self.raw, self.start, self.end
        lines = self.disk.read() + self.raw[self.start : self.end]
        return lines, 0, len(lines)

    def _line_doc(self, key: str) -> Doc | None:
        if key in self._found:
            line = self._found[key]
        else:
            line = find_line(self.raw, self.start, self.end, key, ascending=self._in_order is True)
            if line is None and self._in_order is None:  # missed: once known to be in order, a miss is an answer
                self._in_order = in_id_order(self.raw, self.start, self.end)
            if line is None and self.disk is not None:  # an older line of a log (rarely asked for)
                line = find_line(*self._lines(), key)
            if len(self._found) >= _RECENT_LINES:
                del self._found[next(iter(self._found))]  # the oldest
            self._found[key] = line
        return decode_line(line)[1] if line is not None else None

    def get(self, key: str) -> Doc | None:
        if self.docs is not None:
            return self.docs.get(key)
        change = self.changes.get(key)
        if change is None:
            return self._line_doc(key)
        return _changed(change, self._line_doc(key) if change.patches is not None else None)

    def decode(self) -> dict[str, Doc]:
        """Every document, as a dict (the table stays decoded from now on)."""
        if self.docs is None:
            docs = decode_section(*self._lines())
            for key, change in self.changes.items():
                doc = _changed(change, docs.get(key))
                if doc is None:
                    docs.pop(key, None)
                else:
                    docs[key] = doc
            self.docs, self.raw, self.changes, self.disk = docs, b"", {}, None
        return self.docs

    def newest(self, count: int) -> list[tuple[str, Doc]]:
        """The ``count`` documents with the highest ids, highest first (the newest of a log)."""
        if self.docs is not None:
            found = itertools.islice(reversed(self.docs.items()), count)
            return sorted(found, key=lambda kv: -int(kv[0]))[:count] if count else []
        candidates: dict[str, Doc] = {}
        for key in self.changes:
            doc = self.get(key)
            if doc is not None:
                candidates[key] = doc
        wanted = count + len(self.changes)
        raw, start, end = self.raw, self.start, self.end
        if self.disk is not None and raw.count(b"\n", start, end) + 1 < wanted:
            raw, start, end = self._lines()  # more than the newest lines kept in memory
        for line in itertools.islice(section_lines(raw, start, end, newest_first=True), wanted):
            key = line_key(line)
            if key not in self.changes:
                candidates[key] = decode_line(line)[1]
        return sorted(candidates.items(), key=lambda kv: -int(kv[0]))[:count]

    def having(self, field: str) -> list[tuple[str, Doc]]:
        """The documents whose ``field`` is set (present and not null), without decoding the others: the lines are
        searched for the field's name followed by a value that is not ``null`` (a few of 100,000 people are someone's
        substitute), and only those lines are decoded."""
        if self.docs is not None:
            return [(key, doc) for key, doc in self.docs.items() if doc.get(field) is not None]
        lines: dict[str, Doc] = {}  # the lines where the field is set
        pattern = re.compile(rb'"' + re.escape(field.encode()) + rb'":[^n]')
        raw, start, end = self._lines()
        for match in pattern.finditer(raw, start, end):
            begin = max(raw.rfind(b"\n", start, match.start()) + 1, start)
            stop = raw.find(b"\n", match.end(), end)
            key, doc = decode_line(raw[begin : end if stop < 0 else stop])
            lines[key] = doc
        found = {key: doc for key, doc in lines.items() if key not in self.changes}
        for key, change in self.changes.items():
            if change.patches is None:
                doc = change.doc
            elif key in lines:
                doc = lines[key]
                for patch in change.patches:
                    doc = {**doc, **patch}
            elif any(field in patch for patch in change.patches):
                doc = self.get(key)
            else:  # the line does not set it and no change did
                continue
            if doc is not None:
                found[key] = doc
        return [(key, doc) for key, doc in found.items() if doc.get(field) is not None]

    def items(self) -> Iterator[tuple[str, Doc]]:
        """Every document, without keeping them decoded (see :meth:`chunks`)."""
        for docs in self.chunks():
            yield from docs.items()

    def chunks(self, size: int = CHUNK_BYTES) -> Iterator[dict[str, Doc]]:
        """Every document, in the order :meth:`decode` gives, as dicts of about ``size`` bytes of lines each: a
        reader of the whole table (the index of everyone) never holds all of it decoded at once. The journal's
        changes are in place; documents added since the snapshot come last."""
        if self.docs is not None:
            yield dict(self.docs)
            return
        (raw, pos, end), changes = self._lines(), self.changes
        placed: set[str] = set()
        while pos < end:
            stop = raw.find(b"\n", min(pos + size, end), end)
            stop = end if stop < 0 else stop
            docs = decode_section(raw, pos, stop - 1 if raw[stop - 1 : stop] == b"," else stop)
            for key in changes.keys() & docs.keys() if changes else ():
                placed.add(key)
                doc = _changed(changes[key], docs[key])
                if doc is None:
                    del docs[key]
                else:
                    docs[key] = doc
            yield docs
            pos = stop + 1
        added = {key: doc for key, change in changes.items()
                 if key not in placed and (doc := _changed(change, None)) is not None}
        if added:
            yield added

    def __len__(self) -> int:
        if self.docs is not None:
            return len(self.docs)
        raw, start, end = self._lines()
        lines = sum(1 for _ in section_lines(raw, start, end))
        return lines + sum(1 for key in self.changes if self.get(key) is not None) - sum(
            1 for key in self.changes if find_line(raw, start, end, key) is not None)

    def own_lines(self) -> None:
        """Keep a copy of this table's own lines rather than the whole snapshot they were read from (after another
        table was decoded, the rest of the snapshot's bytes can go)."""
        if self.docs is None and (self.start or self.end < len(self.raw)):
            self.raw, self.start, self.end = self.raw[self.start : self.end], 0, self.end - self.start
            self._found = {}  # its order stays what it was

    def keep_newest(self, size: int, path: Path, key: tuple[int, int, int], at: int) -> None:
        """Keep only about the newest ``size`` bytes of these lines in memory and leave the older ones in the
        snapshot file ``path`` (stat ``key``), where these lines start at byte ``at``: a log of 100,000 scans
        holds 15 MB a desk never shows but in an export."""
        if self.docs is not None or self.disk is not None or self.end - self.start <= size:
            return
        cut = self.raw.find(b"\n", self.end - size, self.end) + 1
        if cut <= self.start:
            return
        self.disk = OnDisk(path, key, at, cut - self.start)
        self.raw, self.start, self.end = self.raw[cut : self.end], 0, self.end - cut
        self._found = {}

    # -- changing ------------------------------------------------------------------------------------------------

    def apply(self, op: Op, seq: int) -> None:
        key = str(op.doc_id)
        if self.docs is not None:
            if op.kind == "put":
                self.docs[key] = dict(op.doc or {})
            elif op.kind == "patch":
                self.docs[key] = {**self.docs.get(key, {}), **(op.doc or {})}
            else:
                self.docs.pop(key, None)
            return
        change = self.changes.get(key)
        if op.kind == "put":
            self.changes[key] = Change(seq, dict(op.doc or {}))
        elif op.kind == "delete":
            self.changes[key] = Change(seq, None)
        elif change is None:
            self.changes[key] = Change(seq, None, (dict(op.doc or {}),))
        elif change.patches is not None:
            self.changes[key] = Change(seq, None, (*change.patches, dict(op.doc or {})))
        else:
            self.changes[key] = Change(seq, {**(change.doc or {}), **(op.doc or {})})

    def rebase(self, raw: bytes, start: int, end: int, folded: int, disk: OnDisk | None = None) -> None:
        """Read the lines of a newer snapshot holding every change up to sequence ``folded``: changes up to it are
        in those lines now (``disk``: the older of them are left in that snapshot's file)."""
        if self.docs is not None:
            return
        self.raw, self.start, self.end, self.disk = raw, start, end, disk
        self._found, self._in_order = {}, None
        self.changes = {key: change for key, change in self.changes.items() if change.seq > folded}

    # -- a fold's view -------------------------------------------------------------------------------------------

    def view(self) -> dict[str, Doc] | Table:
        """What a fold writes for this table, safe to read from another thread while this one goes on: a copy of
        the dict, or a copy of this line table (its bytes never change)."""
        if self.docs is not None:
            return dict(self.docs)
        copy = Table(None, self.raw, self.start, self.end)
        copy.changes, copy._in_order, copy.disk = dict(self.changes), self._in_order, self.disk
        return copy

    def parts(self) -> Iterator[memoryview | tuple[str, Doc]]:
        """This line table for :func:`~tdkt_tui.domain.snapshots.write_snapshot`, in its order: the lines as they
        are where nothing changed them (long runs of bytes, not looked at and not copied), changed documents in
        their place, new documents (by id) at the end. The changed lines are found by bisection: a fold of 1,000
        check-ins among 100,000 people reads a thousand lines, not every line. A log's older lines on disk are read
        and written first, then the newest ones in memory: each a run of its own, never joined into one copy (a
        copy of megabytes holds up the desk's own thread for as long as it takes)."""
        assert self.docs is None
        segments = [(self.raw, self.start, self.end, self._in_order)]
        if self.disk is not None:
            older = self.disk.read()
            segments.insert(0, (older, 0, len(older), None))
        placed: set[str] = set()
        for raw, start, end, in_order in segments:
            view = memoryview(raw)

            def span_of(key: str) -> tuple[int, int] | None:
                nonlocal in_order
                span = line_span(raw, start, end, key, ascending=True)
                if span is None and in_order is None:  # a miss: an answer once the lines are known to be in order
                    in_order = in_id_order(raw, start, end)
                return span if span is not None or in_order else line_span(raw, start, end, key)

            spans = sorted((span, key) for key in self.changes
                           if key not in placed and (span := span_of(key)) is not None)
            if raw is self.raw:
                self._in_order = in_order
            pos = start
            for (at, stop), key in spans:
                if at > pos:
                    yield _run(view, pos, at)
                doc = _changed(self.changes[key], decode_line(raw[at:stop])[1])
                if doc is not None:
                    yield key, doc
                pos = stop + 1
            if pos < end:
                yield _run(view, pos, end)
            placed.update(key for _span, key in spans)
        for key in sorted(self.changes, key=int):
            if key not in placed:
                doc = _changed(self.changes[key], None)
                if doc is not None:
                    yield key, doc


def _run(view: memoryview, start: int, stop: int) -> memoryview:
    """The lines from ``start`` to ``stop`` without the line break and comma after the last one (not copied)."""
    if stop > start and view[stop - 1] == 0x0A:  # "\n"
        stop -= 1
    if stop > start and view[stop - 1] == 0x2C:  # ","
        stop -= 1
    return view[start:stop]
