"""Recovering a damaged conference folder into a new one, leaving the damaged one exactly as it was.

The copy starts from the newest snapshot or backup that can be read and replays every intact journal entry after it,
from every journal in the folder. What could not be kept is listed with its sequence number: a line whose checksum
does not match, a second line with a sequence number already replayed, a last line a crash cut short (never
acknowledged), a change to a record that is not there; and sequence numbers found in no readable file.

Copying a backup over ``conference.json`` and deleting the journals, by hand, drops every change made since that
backup, although the journal usually still holds them: the newest backup is the same generation as the snapshot.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

from tdkt_tui.domain.errors import StoreError
from tdkt_tui.domain.files import fsync_dir, private_dir, write_private
from tdkt_tui.domain.i18n import N_
from tdkt_tui.domain.journal import JOURNAL_GLOB, Entry, claimed_seq, journal_name, lines
from tdkt_tui.domain.snapshots import (
    META,
    SNAPSHOT,
    SnapshotProblem,
    Tables,
    backups,
    decode_snapshot,
    encode_snapshot,
    meta_of,
)

#: Why a journal line was not replayed (msgids).
DAMAGED = N_("its checksum does not match")
REPEATED = N_("it repeats a sequence number already replayed")
TORN = N_("a crash cut it short before it was saved")
ORPHAN = N_("it changes a record that is not there")


@dataclass(frozen=True)
class Dropped:
    """A journal line that was not replayed, and why (``reason`` is a msgid)."""

    journal: str
    offset: int
    seq: int | None
    reason: str


@dataclass
class Recovery:
    """What :func:`recover` wrote and what it could not keep."""

    target: Path
    source: Path | None  # the snapshot or backup started from; None: from the empty conference
    base_seq: int
    seq: int = 0
    replayed: list[int] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    missing: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class _Found:
    entry: Entry
    journal: str
    offset: int
    raw: bytes


def _bases(folder: Path) -> list[tuple[Tables, Path | None]]:
    """Every readable snapshot and backup, newest first (by sequence number, then generation)."""
    found: list[tuple[tuple[int, int, int], Tables, Path | None]] = []
    candidates = [folder / SNAPSHOT, *(b.path for b in reversed(backups(folder)))]
    for rank, path in enumerate(candidates):
        try:
            tables = decode_snapshot(path.read_bytes())
        except (OSError, SnapshotProblem):
            continue
        meta = meta_of(tables)
        found.append(((meta["seq"], meta["generation"], -rank), tables, path))
    found.sort(key=lambda item: item[0], reverse=True)
    empty: Tables = {META: {"1": {"schema": 1, "seq": 0, "generation": 1}}}
    return [(tables, path) for _, tables, path in found] + [(empty, None)]


def _journal_entries(folder: Path, dropped: list[Dropped]) -> dict[int, _Found]:
    """Every intact entry of every journal in ``folder`` by sequence number; the rest goes to ``dropped``."""
    entries: dict[int, _Found] = {}
    for path in sorted(folder.glob(JOURNAL_GLOB)):
        try:
            data = path.read_bytes()
        except OSError:
            continue
        for line in lines(data):
            if not line.complete:
                dropped.append(Dropped(path.name, line.offset, claimed_seq(line.data), TORN))
            elif line.entry is None:
                dropped.append(Dropped(path.name, line.offset, claimed_seq(line.data), DAMAGED))
            elif line.entry.seq in entries:
                if entries[line.entry.seq].raw != line.data:  # the same line in two journals is one change
                    dropped.append(Dropped(path.name, line.offset, line.entry.seq, REPEATED))
            else:
                entries[line.entry.seq] = _Found(line.entry, path.name, line.offset, line.data)
    return entries


def _replay(tables: Tables, max_ids: dict[str, int], entry: Entry) -> bool:
    """Apply one transaction whole; False (nothing applied) when it patches a record that is not there."""
    for op in entry.ops:
        if op.kind == "patch" and str(op.doc_id) not in tables.get(op.table, {}):
            if not any(o.kind == "put" and (o.table, o.doc_id) == (op.table, op.doc_id) for o in entry.ops):
                return False
    for op in entry.ops:
        table = tables.setdefault(op.table, {})
        key = str(op.doc_id)
        if op.kind == "put":
            table[key] = dict(op.doc or {})
            max_ids[op.table] = max(max_ids.get(op.table, 0), op.doc_id)
        elif op.kind == "patch":
            table[key] = {**table.get(key, {}), **(op.doc or {})}
        else:
            table.pop(key, None)
    return True


def _check_target(folder: Path, target: Path) -> None:
    source, new = folder.resolve(), target.resolve()
    if new == source or source in new.parents:
        raise StoreError("Write the recovered copy outside {path}, which must stay as it is.", path=str(folder))
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise StoreError("{path} is not empty; choose a new or empty folder for the recovered copy.",
                         path=str(target))


def recover(folder: Path, target: Path) -> Recovery:
    """Write into ``target`` (new or empty) the conference of the damaged ``folder``, which is never changed."""
    folder, target = Path(folder).expanduser(), Path(target).expanduser()
    if not folder.is_dir():
        raise StoreError("{path} is not a conference folder (it has no conference.json).", path=str(folder))
    _check_target(folder, target)
    dropped: list[Dropped] = []
    entries = _journal_entries(folder, dropped)
    bases = _bases(folder)
    if bases[0][1] is None and 1 not in entries:
        raise StoreError("{path} holds no readable snapshot, backup or journal to recover from.", path=str(folder))
    tables, source = bases[0]
    meta = dict(meta_of(tables))
    tables = {name: dict(docs) for name, docs in tables.items() if name != META}
    max_ids = {name: max([0, *(int(k) for k in docs)]) for name, docs in tables.items()}
    for name, top in (meta.get("max_ids") or {}).items():
        max_ids[name] = max(max_ids.get(name, 0), top)
    result = Recovery(target, source, meta["seq"])
    seq = meta["seq"]
    gaps: list[int] = []
    for number in sorted(n for n in entries if n > meta["seq"]):
        found = entries[number]
        gaps.extend(range(seq + 1, number))
        if _replay(tables, max_ids, found.entry):
            result.replayed.append(number)
        else:
            dropped.append(Dropped(found.journal, found.offset, number, ORPHAN))
        seq = number
    result.seq = seq
    result.dropped = sorted((d for d in dropped if d.seq is None or d.seq > meta["seq"]),
                            key=lambda d: (d.seq is None, d.seq or 0, d.journal, d.offset))
    named = {d.seq for d in result.dropped}
    result.missing = _ranges([n for n in gaps if n not in named])
    new_meta = {"schema": meta["schema"], "seq": seq, "generation": 1, "max_ids": max_ids}
    _write(target, encode_snapshot(tables, new_meta))
    return result


def _ranges(numbers: list[int]) -> list[tuple[int, int]]:
    """``[3, 4, 5, 9]`` → ``[(3, 5), (9, 9)]``."""
    ranges: list[tuple[int, int]] = []
    for n in sorted(numbers):
        if ranges and ranges[-1][1] == n - 1:
            ranges[-1] = (ranges[-1][0], n)
        else:
            ranges.append((n, n))
    return ranges


def _write(target: Path, snapshot: bytes) -> None:
    """Make ``target`` a conference folder holding ``snapshot`` and an empty journal."""
    try:
        private_dir(target, parents=True)
        tmp = target / (SNAPSHOT + ".tmp")
        write_private(tmp, snapshot)
        write_private(target / journal_name(1), b"")
        tmp.replace(target / SNAPSHOT)
        fsync_dir(target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            (target / (SNAPSHOT + ".tmp")).unlink()
        raise StoreError("Cannot write the recovered copy into {path}: {reason}.", path=str(target),
                         reason=exc.strerror or str(exc)) from exc
