"""The snapshot file and its backups.

``conference.json`` is TinyDB's JSON layout (``{table: {doc_id: doc}}``) plus a ``_meta`` table with the schema
version, the last journal sequence number it holds, its generation and the highest id each table ever gave. It is
written one document per line, ``_meta`` last, and ``_meta`` says where each table's lines are (``sections``) and the
CRC-32 of everything before it (``crc``)::

    {
    "attendees":{
    "1":{"full_name":"Nguyễn Văn A",…},
    "2":{…}
    },
    "units":{
    …
    },
    "_meta":{"1":{"schema":1,"seq":1234,"generation":7,"max_ids":{…},"sections":{"attendees":[14,9051],…},"crc":…}}
    }

So the whole file is still one JSON object that any JSON (or TinyDB) reader takes, and a command that needs one
person of 100,000 reads the file, checks its CRC and decodes that person's line only. Snapshots written by older
versions (``_meta`` first, no sections) are read whole.

``backups/`` keeps a copy of the newest snapshots, named by sequence number and generation
(``conference-0000001234-g000007.json``), never by the clock: a clock that jumps cannot reorder them.
"""

from __future__ import annotations

import json
import os
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tdkt_tui.domain.i18n import N_, _

SNAPSHOT = "conference.json"
META = "_meta"
BACKUPS = "backups"
KEEP_BACKUPS = 10

Doc = dict[str, Any]
Tables = dict[str, dict[str, Doc]]

_BACKUP = re.compile(r"conference-(\d{10})-g(\d{6})(?:-[a-z0-9]+)?\.json")
#: Backups named by an older version: ``conference-<date>-<time>-<seq>[-<suffix>].json``.
_OLD_BACKUP = re.compile(r"conference-\d{8}-\d{6}-(\d{8})(?:-[a-z0-9]+)?\.json")


class SnapshotProblem(Exception):
    """A snapshot that cannot be read; the message is the detail, in the interface language."""


def table_problem(tables: Any) -> str | None:
    """Why ``tables`` is not a snapshot in TinyDB's layout with a valid ``_meta`` (a msgid), or None."""
    if not isinstance(tables, dict):
        return N_("not a table of documents")
    for docs in tables.values():
        if not isinstance(docs, dict):
            return N_("not a table of documents")
        for key, doc in docs.items():
            if not (key.isascii() and key.isdigit()) or not isinstance(doc, dict):
                return N_("not a table of documents")
    meta = tables.get(META, {}).get("1")
    if not isinstance(meta, dict) or not all(type(meta.get(k)) is int for k in ("schema", "seq", "generation")):
        return N_("no schema version")
    max_ids = meta.get("max_ids", {})
    if not isinstance(max_ids, dict) or not all(type(v) is int for v in max_ids.values()):
        return N_("no schema version")
    return None


def decode_snapshot(raw: bytes) -> Tables:
    """The tables of snapshot bytes; :class:`SnapshotProblem` says what is wrong with them."""
    try:
        tables = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise SnapshotProblem(_("not UTF-8 text")) from exc
    except json.JSONDecodeError as exc:
        raise SnapshotProblem(
            _("not valid JSON (line {line}, column {column})", line=exc.lineno, column=exc.colno)
        ) from exc
    except RecursionError as exc:
        raise SnapshotProblem(_("nested too deeply")) from exc
    problem = table_problem(tables)
    if problem:
        raise SnapshotProblem(_(problem))
    found = tail_meta(raw)
    if found is not None and not crc_matches(raw, *found):
        raise SnapshotProblem(_("its checksum does not match"))
    return tables  # type: ignore[no-any-return]


def meta_of(tables: Tables) -> Doc:
    """The ``_meta`` document of decoded tables."""
    return tables[META]["1"]


def encode_snapshot(tables: Tables, meta: Doc) -> bytes:
    """The bytes of a snapshot holding ``tables`` (see the module's docstring for the layout)."""
    chunks: list[bytes] = []
    write_snapshot(chunks.append, [(name, docs) for name, docs in tables.items() if name != META], meta)
    return b"".join(chunks)


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
#: Documents encoded per chunk written: a chunk is also when another thread may take its turn.
CHUNK_DOCS = 1000
#: Lines already encoded that are at least this long are written without being joined to the others.
BIG_PART = 1 << 16

#: A table's content for :func:`write_snapshot`: its documents, or a sequence of parts, each a ``(key, doc)`` or the
#: bytes of lines already encoded (lines of an earlier snapshot, joined by ``,\n``, without a comma at the end).
Source = dict[str, Doc] | Iterable[bytes | memoryview | tuple[str, Doc]]


def write_snapshot(write: Callable[[bytes | memoryview], object], tables: list[tuple[str, Source]], meta: Doc) -> int:
    """Write a snapshot of ``tables`` through ``write``, one document per line, ``_meta`` (with the sections and
    the CRC) last; return the number of bytes written."""
    crc = 0
    pos = 0
    sections: dict[str, list[int]] = {}

    def put(data: bytes) -> None:
        nonlocal crc, pos
        if data:
            write(data)
            crc = zlib.crc32(data, crc)
            pos += len(data)

    put(b"{\n")
    for name, source in tables:
        put(_encode(name).encode("utf-8") + b":{\n")
        start = pos
        parts = source.items() if isinstance(source, dict) else source
        batch: list[bytes | memoryview] = []
        empty = True
        for part in parts:
            if isinstance(part, tuple):
                batch.append(f'"{part[0]}":{_encode(part[1])}'.encode())
            elif not part:
                continue
            elif len(part) >= BIG_PART:  # written as it is: joining would copy it, holding up the desk's thread
                if batch:
                    put((b"" if empty else b",\n") + b",\n".join(batch))
                    batch, empty = [], False
                put(b"" if empty else b",\n")
                put(part)
                empty = False
                continue
            else:
                batch.append(part)
            if len(batch) >= CHUNK_DOCS:
                put((b"" if empty else b",\n") + b",\n".join(batch))
                batch, empty = [], False
        if batch:
            put((b"" if empty else b",\n") + b",\n".join(batch))
            empty = False
        sections[name] = [start, pos]
        put(b"},\n" if empty else b"\n},\n")
    full = {**meta, "sections": sections, "crc": crc}
    tail = b'"' + META.encode() + b'":{"1":' + _encode(full).encode("utf-8") + b"}\n}\n"
    write(tail)
    return pos + len(tail)


_META_LINE = b'\n"' + META.encode() + b'":{"1":'
_DECODER = json.JSONDecoder()


def tail_meta(raw: bytes) -> tuple[Doc, int] | None:
    """The ``_meta`` of snapshot bytes written one document per line and where its line starts; None for a snapshot
    in another layout (written by an older version, or by hand)."""
    at = raw.rfind(_META_LINE)
    if at < 0:
        return None
    try:
        meta, _end = _DECODER.raw_decode(raw[at + len(_META_LINE) :].decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    if not isinstance(meta, dict) or not isinstance(meta.get("sections"), dict) or type(meta.get("crc")) is not int:
        return None
    return meta, at + 1


def crc_matches(raw: bytes, meta: Doc, meta_at: int) -> bool:
    return zlib.crc32(memoryview(raw)[:meta_at]) == meta["crc"]


def read_meta(path: Path, tail: int = 1 << 16) -> Doc | None:
    """The ``_meta`` of the snapshot at ``path``, read from its end only (None: another layout, or unreadable)."""
    with open(path, "rb") as fh:
        size = fh.seek(0, 2)
        fh.seek(max(0, size - tail))
        data = fh.read()
    found = tail_meta(data if size <= tail else b"\n" + data)
    return found[0] if found else None


def section_sizes(meta: Doc) -> dict[str, tuple[int, int]]:
    """Where each table's lines are, checked: ``{name: (start, end)}``."""
    sections = {}
    for name, span in meta["sections"].items():
        if not (isinstance(name, str) and isinstance(span, list) and len(span) == 2
                and all(type(v) is int for v in span) and 0 <= span[0] <= span[1]):
            raise SnapshotProblem(_("not a table of documents"))
        sections[name] = (span[0], span[1])
    return sections


def decode_section(raw: bytes, start: int, end: int) -> dict[str, Doc]:
    """Every document of one table's lines ``raw[start:end]``; :class:`SnapshotProblem` when they are not that."""
    try:
        docs = json.loads(b"{" + raw[start:end] + b"}")
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise SnapshotProblem(_("not valid JSON (line {line}, column {column})", line=0, column=0)) from exc
    problem = table_problem({"t": docs, META: {"1": {"schema": 1, "seq": 0, "generation": 1}}})
    if problem:
        raise SnapshotProblem(_(problem))
    return docs  # type: ignore[no-any-return]


def file_key(st: os.stat_result) -> tuple[int, int, int]:
    """Which file a stat is of, to tell a snapshot from the one that replaced it (a snapshot is never changed in
    place, only replaced by a rename)."""
    return st.st_ino, st.st_size, st.st_mtime_ns


def find_line(raw: bytes, start: int, end: int, key: str, *, ascending: bool = False) -> bytes | None:
    """The line of document ``key`` in one table's lines (without its comma), or None (see :func:`line_span`)."""
    span = line_span(raw, start, end, key, ascending=ascending)
    return None if span is None else raw[span[0] : span[1]].removesuffix(b",")


def line_span(raw: bytes, start: int, end: int, key: str, *, ascending: bool = False) -> tuple[int, int] | None:
    """Where the line of document ``key`` starts and ends (before its line end) in one table's lines, or None.

    Ids are given in increasing order, so a table's lines are nearly always in id order: the line is first looked
    for by bisection (a few dozen bytes read at 100,000 people, instead of a search through megabytes). When that
    misses, the lines are searched in full, unless the caller knows they are in id order (``ascending``)."""
    found = _bisect_line(raw, start, end, int(key)) if key.isascii() and key.isdigit() else None
    if found is not None:
        at = found
    elif ascending:
        return None
    else:
        marker = b'"' + key.encode() + b'":'
        if raw.startswith(marker, start):
            at = start
        else:
            at = raw.find(b"\n" + marker, start, end)
            if at < 0:
                return None
            at += 1
    stop = raw.find(b"\n", at, end)
    return at, end if stop < 0 else stop


def _bisect_line(raw: bytes, start: int, end: int, target: int) -> int | None:
    """Where the line of id ``target`` starts, found by bisection as if the lines were in id order; None when not
    found that way (absent, or the lines are not in order there)."""
    lo, hi = start, end  # the line sought starts in [lo, hi)
    while lo < hi:
        at = raw.rfind(b"\n", lo, (lo + hi) // 2) + 1 or lo
        if raw[at : at + 1] != b'"':
            return None
        close = raw.find(b'"', at + 1, at + 24)
        digits = raw[at + 1 : close]
        if close < 0 or not digits.isdigit():
            return None
        found = int(digits)
        if found == target:
            return at
        if found < target:
            lo = raw.find(b"\n", at, hi) + 1
            if lo == 0:
                return None
        else:
            hi = at
    return None


_LINE_KEY = re.compile(rb'\n"(\d+)":')


def in_id_order(raw: bytes, start: int, end: int) -> bool:
    """Whether one table's lines are in increasing id order (then a bisection that misses is an answer)."""
    if start >= end:
        return True
    last = int(line_key(raw[start : raw.find(b'"', start + 1) + 1]))
    for match in _LINE_KEY.finditer(raw, start, end):
        key = int(match[1])
        if key <= last:
            return False
        last = key
    return True


def decode_line(line: bytes) -> tuple[str, Doc]:
    """``"12":{…}`` → ``("12", {…})``; :class:`SnapshotProblem` when the line is not that."""
    try:
        ((key, doc),) = json.loads(b"{" + line.removesuffix(b",") + b"}").items()
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise SnapshotProblem(_("not valid JSON (line {line}, column {column})", line=0, column=0)) from exc
    if not (key.isascii() and key.isdigit()) or not isinstance(doc, dict):
        raise SnapshotProblem(_("not a table of documents"))
    return key, doc


def section_lines(raw: bytes, start: int, end: int, *, newest_first: bool = False) -> Iterator[bytes]:
    """The document lines of one table, in file order or newest (last) first."""
    if start >= end:
        return
    if not newest_first:
        pos = start
        while pos < end:
            stop = raw.find(b"\n", pos, end)
            if stop < 0:
                yield raw[pos:end]
                return
            yield raw[pos:stop]
            pos = stop + 1
        return
    stop = end
    while stop > start:
        at = raw.rfind(b"\n", start, stop)
        yield raw[(at + 1 if at >= 0 else start) : stop]
        stop = at if at >= 0 else start


def line_key(line: bytes) -> str:
    """The document id a line starts with (``"12":{…`` → ``"12"``)."""
    return line[1 : line.index(b'"', 1)].decode("ascii")


# -- backups -----------------------------------------------------------------------------------------------------


def backup_name(seq: int, generation: int, suffix: str = "") -> str:
    return f"conference-{seq:010d}-g{generation:06d}{'-' + suffix if suffix else ''}.json"


@dataclass(frozen=True, order=True)
class Backup:
    """A snapshot copy in ``backups/``, ordered by the sequence number and generation in its name."""

    seq: int
    generation: int
    path: Path


def backups(folder: Path) -> list[Backup]:
    """The backups of ``folder``, oldest first (by sequence number, then generation)."""
    found = []
    try:
        paths = list((folder / BACKUPS).glob("conference-*.json"))
    except OSError:
        return []
    for path in paths:
        if m := _BACKUP.fullmatch(path.name):
            found.append(Backup(int(m.group(1)), int(m.group(2)), path))
        elif m := _OLD_BACKUP.fullmatch(path.name):
            found.append(Backup(int(m.group(1)), 0, path))
    return sorted(found)


def latest_backup(folder: Path) -> Path | None:
    """The newest snapshot copy in the folder's backups, if any."""
    found = backups(folder)
    return found[-1].path if found else None
