"""The conference folder: documents made durable by a journal and atomic snapshots.

This module owns every file of the folder:

``conference.json`` (:mod:`tdkt_tui.domain.snapshots`)
    The snapshot, in TinyDB's JSON layout (``{table: {doc_id: doc}}``), one document per line, with a ``_meta``
    table at the end: the schema version, the last journal sequence number it holds, its generation, where each
    table's lines are and their checksum. Replaced only by write-to-temporary, fsync, rename, fsync of the folder,
    so a crash leaves the old or the new one. Tables are decoded when they are first needed whole
    (:mod:`tdkt_tui.domain.tables`); a command that needs a few documents reads only their lines.
``journal-<generation>.log`` (:mod:`tdkt_tui.domain.journal`)
    One line per committed transaction, appended and fsynced before a change is acknowledged. Only a last line
    without its line end is a write a crash cut short; it is dropped. A complete line with a wrong checksum, or a
    sequence number that is not the next one (a repeat), is damage wherever it is: the folder is not opened and
    nothing is changed (:mod:`tdkt_tui.domain.recovery` writes a recovered copy).
The lock (:mod:`tdkt_tui.domain.folderlock`)
    Held while writing (and while creating the folder), so desks on one folder take turns; on POSIX it is the folder
    itself, which no cleanup tool can delete. Every write first reads what the other processes appended, so ids
    stay unique and nothing is written on top of a stale view, and checks, just before appending, that the journal
    ends where it read it and is still the current one.
Folding (:mod:`tdkt_tui.domain.fold`)
    When the journal is long, a desk folds it into a new snapshot in a thread of its own, off its hot path; every
    desk then takes the new snapshot in by reading its ``_meta`` and the new journal, without reloading anything.
``backups/``
    A copy of each of the newest snapshots, named by sequence number and generation; the way back after damage.

A crash can also leave a temporary snapshot and an old journal (both removed by the next fold). Every file is created
with mode 0600 and the folders with 0700 (:mod:`tdkt_tui.domain.files`): a conference holds personal data.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from tdkt_tui.domain import validation
from tdkt_tui.domain.errors import ConcurrentWrite, CorruptStore, StoreError
from tdkt_tui.domain.files import fsync_dir, open_append_private, private_dir, write_private
from tdkt_tui.domain.fold import FoldAbandoned, FoldJob, ReadSections, backup_snapshot, read_sections, stat_key
from tdkt_tui.domain.folderlock import LOCK_FILE, FolderLock, LockTimeout, appending
from tdkt_tui.domain.i18n import _
from tdkt_tui.domain.journal import (
    JOURNAL_GLOB,
    Op,
    decode_entry,
    encode_entry,
    intact_seq,
    journal_name,
    line_problem,
    retired_name,
)
from tdkt_tui.domain.snapshots import (
    BACKUPS,
    META,
    SNAPSHOT,
    Doc,
    SnapshotProblem,
    Tables,
    crc_matches,
    decode_snapshot,
    encode_snapshot,
    latest_backup,
    meta_of,
    read_meta,
    section_sizes,
    table_problem,
    tail_meta,
)
from tdkt_tui.domain.tables import LinesGone, Table

_R = TypeVar("_R")
_T = TypeVar("_T")

__all__ = ["SNAPSHOT", "Doc", "Op", "Store", "Tables", "Transaction", "is_conference", "is_read_only",
           "latest_backup"]

SCHEMA_VERSION = 1
LOCK = LOCK_FILE
#: A desk starts folding the journal once it holds this many entries (in the background: see fold.py).
COMPACT_AFTER = 1000
#: How often (in journal entries) a commit checks whether the journal has grown past ``COMPACT_AFTER``: one desk of
#: the folder at a time, the one whose commit lands on a multiple.
COMPACT_CHECK_EVERY = 250
LOCK_TIMEOUT = 15.0
#: About how many bytes of a log's newest lines a desk keeps in memory (some 1,800 scans); the older ones stay in the
#: snapshot file, read again only for an export or the whole log (:meth:`tdkt_tui.domain.tables.Table.keep_newest`).
LOG_IN_MEMORY = 256 * 1024
#: The first snapshot being written by a creation, renamed over ``conference.json`` once complete.
_SNAPSHOT_TMP = SNAPSHOT + ".tmp"

#: Schema migrations: ``MIGRATIONS[n]`` turns the tables of schema ``n`` into schema ``n + 1`` in place.
MIGRATIONS: dict[int, Callable[[Tables], None]] = {}


@dataclass
class Transaction:
    """Changes gathered under the folder lock and committed as one journal line, all or nothing."""

    store: Store
    ops: list[Op] = field(default_factory=list)
    _next: dict[str, int] = field(default_factory=dict)
    #: Whether each document touched so far exists once the ops gathered so far are applied.
    _exists: dict[tuple[str, int], bool] = field(default_factory=dict)

    def insert(self, table: str, doc: Doc) -> int:
        """Add a document and return its id, unique across every process on the folder."""
        doc_id = max(self._next.get(table, 0), self.store.next_id(table))
        self.put(table, doc_id, doc)
        return doc_id

    def put(self, table: str, doc_id: int, doc: Doc) -> None:
        """Store ``doc`` under ``doc_id``, replacing what was there."""
        _check_target(table, doc_id)
        if not isinstance(doc, dict):
            raise TypeError(f"a document is a dict, not {type(doc).__name__}")
        self.ops.append(Op("put", table, doc_id, dict(doc)))
        self._exists[table, doc_id] = True
        self._next[table] = max(self._next.get(table, 0), doc_id + 1)

    def update(self, table: str, doc_id: int, fields: Doc) -> None:
        """Change some fields of an existing document (one that exists with the changes gathered so far)."""
        _check_target(table, doc_id)
        exists = self._exists.get((table, doc_id))
        if exists is False or (exists is None and self.store.get(table, doc_id) is None):
            raise KeyError((table, doc_id))
        self.ops.append(Op("patch", table, doc_id, dict(fields)))

    def remove(self, table: str, doc_id: int) -> None:
        """Delete a document."""
        _check_target(table, doc_id)
        self.ops.append(Op("delete", table, doc_id))
        self._exists[table, doc_id] = False


def _check_target(table: str, doc_id: int) -> None:
    """Refuse what the journal could not read back (a programming error, so no translated message)."""
    if not isinstance(table, str) or table == META:
        raise ValueError(f"not a table one may write: {table!r}")
    if type(doc_id) is not int or doc_id < 1:
        raise ValueError(f"a document id is a positive int, not {doc_id!r}")


class _LockBroken(Exception):
    """The journal grew between the catch-up under the lock and the append."""


def _is_blank(folder: Path) -> bool:
    """True when ``folder`` holds nothing but what a creation cut short may leave: the lock, a tiny temporary
    snapshot, an empty first journal. Anything else (even an empty journal of a later generation) is someone's data.
    A snapshot is let through too: another desk may have just finished creating the folder (checked under the lock)."""
    for path in folder.iterdir():
        if path.name in (LOCK, SNAPSHOT):
            continue
        try:
            if path.name == journal_name(1) and path.is_file() and path.stat().st_size == 0:
                continue
            if path.name == _SNAPSHOT_TMP and path.is_file() and path.stat().st_size < 256:
                head = path.read_bytes()
                if head == b"" or head.replace(b"\n", b"").startswith(b'{"' + META.encode()):
                    continue
        except FileNotFoundError:
            continue  # renamed or removed meanwhile by a desk at work in the folder: not someone else's data
        return False
    return True


def is_conference(folder: Path) -> bool:
    """True when ``folder`` holds a conference snapshot."""
    return (folder / SNAPSHOT).is_file()


def is_read_only(folder: Path) -> bool:
    """True when this program may read the conference in ``folder`` but not change it: a read-only copy or medium,
    or files it is not allowed to write."""
    try:
        paths = [folder, folder / SNAPSHOT, *folder.glob(JOURNAL_GLOB)]
        return not all(os.access(path, os.W_OK) for path in paths if path.exists())
    except OSError:
        return True


def read_only_error(folder: Path) -> StoreError:
    return StoreError(
        "{path} is read-only: it can be read but not changed; to change it, copy the folder to one you can write to.",
        path=str(folder),
    )


def _os_error(message: str, exc: OSError, path: object) -> StoreError:
    """The error for a failed file operation: ``message`` names ``{path}`` and the system's ``{reason}``."""
    return StoreError(message, path=str(path), reason=exc.strerror or str(exc))


def _damaged(folder: Path, path: Path, detail: str) -> CorruptStore:
    """The error for a damaged file of ``folder``; ``detail`` is already in the interface language. It names the one
    command that recovers everything that can be (copying a backup by hand would drop the journal's changes)."""
    return CorruptStore(
        "{path} is damaged ({detail}) and was left untouched; tdkt recover \"{folder}\" NEW-FOLDER writes a "
        "recovered copy and says what it kept and what it had to drop.",
        path=str(path),
        detail=detail,
        folder=str(folder),
    )


def _lost_snapshot(folder: Path) -> bool:
    """True when ``folder`` was a conference whose snapshot is gone: it has backups or a journal with entries."""
    if not folder.is_dir():
        return False
    if (folder / BACKUPS).is_dir():
        return True
    for journal in folder.glob(JOURNAL_GLOB):
        try:
            if journal.name != journal_name(1) or journal.stat().st_size:
                return True
        except FileNotFoundError:
            return True  # retired by a compaction meanwhile: there was a conference here
    return False


class Store:
    """An open conference folder. Reads come from memory; :meth:`transaction` writes durably."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.seq = 0
        self.generation = 1
        self.schema = SCHEMA_VERSION
        self.revisions: dict[str, int] = {}
        self.loads = 0
        #: The snapshot's ``_meta`` (its sequence number says how much of the journal it already holds).
        self.meta: Doc = {}
        self._tables: dict[str, Table] = {}
        self._max_ids: dict[str, int] = {}
        #: Ids changed per table since the last drain, for the tables someone drains (:meth:`drain_changes`).
        self._changed: dict[str, set[str]] = {}
        self._watched: set[str] = set()
        #: Decoded tables not yet checked against their record type (:mod:`validation`): None for the whole table,
        #: else the ids other desks changed since; checked when first read.
        self._unchecked: dict[str, set[str] | None] = {}
        #: Documents changed by journal lines since the snapshot: damage found in them names the journal.
        self._from_journal: dict[str, set[str]] = {}
        self._snapshot_key: tuple[int, int, int] | None = None
        self._offset = 0
        self._torn_at: int | None = None
        #: The journal's size when it was last read or written here: an append checks it still ends there.
        self._journal_size = 0
        self._journal_fh: Any = None
        #: Paths asked for at every change, made once (a Path costs some 10 µs: a check-in is some 400).
        self._snapshot_path = folder / SNAPSHOT
        self._journal_at: tuple[int, Path] = (0, folder)
        self._lock = FolderLock(folder, LOCK_TIMEOUT)
        self._fold: FoldJob | None = None
        #: The lines of the snapshot taken in last, being read beside this thread (see _settle).
        self._reading: ReadSections | None = None
        #: Opened on a folder this program cannot write: every read works, every change is refused with a sentence.
        self.read_only = False

    # -- opening -------------------------------------------------------------------------------------------------

    @classmethod
    def open(cls, folder: Path | str, *, create: bool = True) -> Store:
        """Open the conference in ``folder``; create it when the folder is missing or empty and ``create`` is set."""
        folder = Path(folder).expanduser()
        try:
            if folder.exists() and not folder.is_dir():
                raise StoreError("{path} is a file, not a conference folder.", path=str(folder))
            if not is_conference(folder):
                # A snapshot never goes away once written, so checking again after the evidence of a lost one
                # tells it from another desk that was just creating the folder and writing to it.
                if _lost_snapshot(folder) and not is_conference(folder):
                    raise _damaged(folder, folder / SNAPSHOT, _("the file is missing"))
                if not create:
                    raise StoreError(
                        "{path} is not a conference folder (it has no conference.json).", path=str(folder)
                    )
                cls._create(folder)
            store = cls(folder)
            store.read_only = is_read_only(folder)
            with store._locked():
                store._load()
                store._migrate()
        except PermissionError as exc:
            raise StoreError("Cannot read {path}: permission denied.", path=str(exc.filename or folder)) from exc
        except OSError as exc:
            raise _os_error("Cannot read {path}: {reason}.", exc, exc.filename or folder) from exc
        return store

    @classmethod
    def _create(cls, folder: Path) -> None:
        """Make ``folder`` a new, empty conference. Desks creating the same folder at once take turns under the
        lock; the first creates it, the others find it made."""
        not_empty = StoreError(
            "{path} is not a conference folder and is not empty; choose an empty or new folder.", path=str(folder)
        )
        if folder.is_dir() and not _is_blank(folder) and not is_conference(folder):
            raise not_empty  # before anything is created in someone else's folder (same re-check as in open)
        try:
            private_dir(folder, parents=True)
            lock = FolderLock(folder, LOCK_TIMEOUT)
            with contextlib.closing(lock), lock:
                if is_conference(folder):
                    return
                if not _is_blank(folder):
                    raise not_empty
                tmp = folder / _SNAPSHOT_TMP
                write_private(tmp, encode_snapshot({}, {"schema": SCHEMA_VERSION, "seq": 0, "generation": 1}))
                write_private(folder / journal_name(1), b"")
                os.replace(tmp, folder / SNAPSHOT)
                fsync_dir(folder)
        except LockTimeout as exc:
            raise StoreError(
                "Another program has held {path} for {seconds} s; try again.",
                path=str(folder),
                seconds=int(LOCK_TIMEOUT),
            ) from exc
        except OSError as exc:
            raise _os_error(
                "Cannot create a conference in {path}: {reason}. Choose a folder you can write to.", exc, str(folder)
            ) from exc

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the folder lock. A read-only folder that cannot even be locked (Windows cannot create ``.lock``
        there) is read without it: nobody can be writing to it through this program."""
        try:
            self._lock.acquire()
        except LockTimeout as exc:
            raise StoreError(
                "Another program has held {path} for {seconds} s; try again.",
                path=str(self.folder),
                seconds=int(LOCK_TIMEOUT),
            ) from exc
        except OSError as exc:
            if not self.read_only:
                raise _os_error(
                    "Cannot write to {path}: {reason}. Check the folder is not read-only.", exc, str(self.folder)
                ) from exc
            locked = False
        else:
            locked = True
        try:
            yield
        finally:
            if locked:
                self._lock.release()

    def _damaged(self, path: Path, detail: str) -> CorruptStore:
        return _damaged(self.folder, path, detail)

    def _stat_snapshot(self) -> tuple[int, int, int]:
        return stat_key(self._snapshot_path)

    def _load(self) -> None:
        """Read the snapshot and replay the journal (the folder lock is held). The tables stay lines until they are
        needed (a snapshot of an older layout is decoded whole)."""
        path = self.folder / SNAPSHOT
        key = self._stat_snapshot()
        raw = path.read_bytes()
        try:
            meta, tables = _read_snapshot(raw)
        except SnapshotProblem as exc:
            raise self._damaged(path, str(exc)) from exc
        if meta["schema"] > SCHEMA_VERSION:
            raise StoreError(
                "{path} was written by a newer version of tdkt-tui (schema {schema}); update the program.",
                path=str(path),
                schema=meta["schema"],
            )
        self._tables, self.meta, self._reading = tables, meta, None
        self._max_ids = dict(meta.get("max_ids") or {})
        for name, table in tables.items():
            if table.docs is not None:
                self._max_ids[name] = max([self._max_ids.get(name, 0), *(int(k) for k in table.docs)])
        self.schema, self.seq, self.generation = meta["schema"], meta["seq"], meta["generation"]
        self._snapshot_key = key
        self._offset = 0
        self._torn_at = None
        self._close_journal()
        self._from_journal = {}
        self._unchecked = {name: None for name, table in self._tables.items() if table.decoded}
        for name, table in tables.items():
            if validation.is_log(name):
                table.keep_newest(LOG_IN_MEMORY, path, key, table.start)
        self._read_journal(locked=True, loading=True)
        self.loads += 1
        self._changed = {}
        for name in set(self.revisions) | set(self._tables):
            self.revisions[name] = self.revisions.get(name, 0) + 1

    def _migrate(self) -> None:
        """Bring an older snapshot to ``SCHEMA_VERSION`` (the folder lock is held), keeping a backup of the old one."""
        if self.schema == SCHEMA_VERSION:
            return
        if any(version not in MIGRATIONS for version in range(self.schema, SCHEMA_VERSION)) or self.schema < 1:
            raise StoreError(
                "{path} uses schema {schema}, which this version of tdkt-tui cannot convert; update the program.",
                path=str(self.folder / SNAPSHOT),
                schema=self.schema,
            )
        tables = {name: self._decoded(name) for name in list(self._tables)}
        old = self.schema
        if not self.read_only:  # else converted in memory only: the folder stays as it is
            with self._snapshot_errors():
                if self.seq != self.meta.get("seq"):  # first, so the backup holds the whole old conference
                    self._run_fold(self._fold_job(lock_held=True))
                    self._catch_up(locked=True)
                backup_snapshot(self.folder, self.seq, self.generation, f"schema{old}")
        for version in range(old, SCHEMA_VERSION):
            MIGRATIONS[version](tables)
        self.schema = SCHEMA_VERSION
        self.loads += 1
        for name, docs in tables.items():
            self._tables.setdefault(name, Table({})).docs = docs
            self._unchecked[name] = None
            self.revisions[name] = self.revisions.get(name, 0) + 1
        if not self.read_only:
            with self._snapshot_errors():
                self._run_fold(self._fold_job(lock_held=True))
                self._catch_up(locked=True)

    @contextlib.contextmanager
    def _snapshot_errors(self) -> Iterator[None]:
        """A failed snapshot write becomes a sentence; the journal still holds every change."""
        try:
            yield
        except OSError as exc:
            raise _os_error(
                "Cannot write a snapshot in {path}: {reason}. The journal still holds every change.",
                exc,
                self.folder,
            ) from exc

    # -- the journal ---------------------------------------------------------------------------------------------

    @property
    def journal_path(self) -> Path:
        if self._journal_at[0] != self.generation:
            self._journal_at = (self.generation, self.folder / journal_name(self.generation))
        return self._journal_at[1]

    def _read_journal(self, *, locked: bool, loading: bool = False, path: Path | None = None,
                      skip_to: int | None = None) -> bool:
        """Apply journal lines after ``_offset``. False when the view is stale and must be reloaded.

        Under the lock (``locked``) nobody is appending, so a last line without its line end is the remains of a
        crash: its position is kept in ``_torn_at`` and the next commit cuts it off. Without the lock it may be a
        line still being written, so reading just stops there. A complete line that does not decode, or whose
        sequence number is not the next one, is damage (found without the lock, it is judged again under it).
        Under the lock a missing journal, or one that is not the file our handle writes to, means a fold retired
        our generation (the snapshot's stat can look unchanged): the view must be taken in again.

        ``path`` reads another journal than the current one (a retired one, to catch up before a switch);
        ``skip_to`` passes over the lines up to that sequence number, already applied from the journal before
        (a new journal starts with copies of the lines appended while the fold was written).
        """
        path = path or self.journal_path
        self._torn_at = None  # recomputed by every read: a stale position would cut off other desks' lines
        if locked and self._journal_fh is not None and path == self.journal_path and self._nothing_new(path):
            return True
        try:
            fh = open(path, "rb")
        except FileNotFoundError:
            self._journal_size = 0
            return loading or (not locked and self._offset == 0)
        with fh:
            if locked and self._journal_fh is not None and path == self.journal_path:
                ours, current = os.fstat(self._journal_fh.fileno()), os.fstat(fh.fileno())
                if (ours.st_dev, ours.st_ino) != (current.st_dev, current.st_ino):
                    return False
            fh.seek(self._offset)
            data = fh.read()
        self._journal_size = self._offset + len(data)
        pos = 0
        while pos < len(data):
            end = data.find(b"\n", pos)
            if end < 0:
                self._torn_at = self._offset + pos
                break
            if skip_to is not None:  # a copy of a line applied from the journal before: its checksum is enough
                seq = intact_seq(data[pos : end + 1])
                if seq is not None and seq <= skip_to and seq <= self.seq:
                    pos = end + 1
                    continue
            entry = decode_entry(data[pos : end + 1])
            skip_to = None
            if entry is None or entry.seq != self.seq + 1:
                if not locked:
                    return False
                raise self._damaged(path, line_problem(entry, self._offset + pos, self.seq + 1))
            for op in entry.ops:
                self._apply(op, entry.seq)
                self._from_journal.setdefault(op.table, set()).add(str(op.doc_id))
                pending = self._unchecked.get(op.table, set())
                if pending is not None and op.kind != "delete" and self._tables[op.table].decoded:
                    self._unchecked[op.table] = pending | {str(op.doc_id)}
            self.seq = entry.seq
            pos = end + 1
        self._offset += pos
        return True

    def _nothing_new(self, path: Path) -> bool:
        """Under the lock, with our handle on the journal: whether it is still the file named ``path`` and ends
        where this desk last read or wrote it (the usual case at a change: two stats instead of opening it)."""
        ours = os.fstat(self._journal_fh.fileno())
        try:
            named = os.stat(path)
        except FileNotFoundError:
            return False
        if (named.st_dev, named.st_ino) != (ours.st_dev, ours.st_ino) or ours.st_size != self._offset:
            return False
        self._journal_size = self._offset
        return True

    def _apply(self, op: Op, seq: int) -> None:
        table = self._tables.get(op.table)
        if table is None:  # a log starts as lines too: after a fold it is the snapshot's bytes, not 100,000 dicts
            table = self._tables[op.table] = Table(None if validation.is_log(op.table) else {})
        table.apply(op, seq)
        if op.kind == "put" and op.doc_id > self._max_ids.get(op.table, 0):
            self._max_ids[op.table] = op.doc_id
        if op.table in self._watched:
            self._changed.setdefault(op.table, set()).add(str(op.doc_id))
        self.revisions[op.table] = self.revisions.get(op.table, 0) + 1

    def _catch_up(self, *, locked: bool) -> None:
        """Bring the memory view up to what the other processes committed."""
        self._settle()
        try:
            if self._snapshot_changed():
                if not locked:
                    with self._locked():
                        self._catch_up(locked=True)
                elif not self._take_in_snapshot():
                    self._load()
            elif not self._read_journal(locked=locked):
                if not locked:
                    with self._locked():
                        self._catch_up(locked=True)
                elif not self._take_in_snapshot():
                    self._load()
        except FileNotFoundError as exc:
            raise StoreError("{path} has disappeared.", path=str(exc.filename or self.folder / SNAPSHOT)) from exc
        except OSError as exc:
            raise _os_error("Cannot read {path}: {reason}.", exc, exc.filename or self.folder) from exc

    def _take_in_snapshot(self) -> bool:
        """Take in a snapshot another fold wrote (the folder lock is held) without reloading: read its ``_meta``,
        finish this generation's journal if this view is behind the fold, switch to the new journal and pass over
        the lines already applied. False when that cannot be done (an older layout, a view left too far behind):
        the caller reloads."""
        key = self._stat_snapshot()
        meta = read_meta(self.folder / SNAPSHOT)
        if meta is None or table_problem({META: {"1": meta}}) or meta["generation"] <= self.generation:
            return False
        if meta["seq"] > self.seq:
            retired = self.folder / retired_name(self.generation)
            current = self.journal_path if self.journal_path.exists() else retired
            if not self._read_journal(locked=True, path=current) or self.seq < meta["seq"]:
                return False
        sections = section_sizes(meta)
        lines = {name: sections[name] for name, table in self._tables.items()
                 if not table.decoded and name in sections}
        for name, table in self._tables.items():
            if not table.decoded and name not in sections:
                table.rebase(b"", 0, 0, meta["seq"])
        # A log's newest lines are read now (a few hundred kB), so its older ones are always in the snapshot this
        # desk has taken in. The other tables kept as lines go on with their old lines and every change since,
        # until the new lines are read beside this thread (fold.ReadSections) and swapped in by _settle.
        logs = {name: lines.pop(name) for name in list(lines) if validation.is_log(name)}
        if logs:
            newest = read_sections(self.folder / SNAPSHOT, key, logs, dict.fromkeys(logs, LOG_IN_MEMORY))
            if newest is None:
                return False
            for name, (raw, disk) in newest.items():
                self._tables[name].rebase(raw, 0, len(raw), meta["seq"], disk)
        self._reading = ReadSections(self.folder / SNAPSHOT, key, lines, meta["seq"], meta["generation"])
        self._reading.start()
        self._close_journal()
        self.meta, self.generation, self._snapshot_key = meta, meta["generation"], key
        self._offset = self._journal_size = 0
        self._torn_at = None
        self._from_journal = {}
        return self._read_journal(locked=True, loading=True, skip_to=self.seq)

    def _settle(self, *, wait: bool = False) -> None:
        """Swap in the lines of the snapshot taken in last, once they are read (``wait``: wait for them)."""
        reading = self._reading
        if reading is None or not reading.done.wait(None if wait else 0):
            return
        self._reading = None
        if reading.lines is None or reading.generation != self.generation:
            return  # not read (replaced meanwhile), or a newer snapshot was taken in: its own read follows
        for name, (raw, disk) in reading.lines.items():
            table = self._tables.get(name)
            if table is not None:
                table.rebase(raw, 0, len(raw), reading.seq, disk)

    def _snapshot_changed(self) -> bool:
        return self._stat_snapshot() != self._snapshot_key

    def refresh(self) -> bool:
        """Take in what other processes wrote; True when anything changed. Cheap when nothing did."""
        self._settle()
        before = self.seq, self._snapshot_key
        try:
            size = os.stat(self.journal_path).st_size
        except FileNotFoundError:
            size = -1
        try:
            unchanged = size == self._offset and not self._snapshot_changed()
        except FileNotFoundError as exc:
            raise StoreError("{path} has disappeared.", path=str(self.folder / SNAPSHOT)) from exc
        if unchanged:
            return False
        self._catch_up(locked=False)
        return (self.seq, self._snapshot_key) != before

    # -- writing -------------------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Lock the folder, catch up, let the caller gather changes, then commit them durably in one line."""
        if self.read_only:
            raise read_only_error(self.folder)
        with self._locked():
            self._catch_up(locked=True)
            txn = Transaction(self)
            yield txn
            if txn.ops:
                self._commit(txn.ops)
                if (self.seq % COMPACT_CHECK_EVERY == 0 and self.seq - self.meta.get("seq", 0) >= COMPACT_AFTER
                        and not self.folding):
                    # The change is committed and reported as saved; the fold goes on beside this desk's work.
                    self._fold = self._fold_job()
                    self._fold.start()

    def _journal_handle(self) -> Any:
        if self._journal_fh is None:
            path = self.journal_path
            existed = path.exists()
            fd = open_append_private(path)
            self._journal_fh = os.fdopen(fd, "ab", buffering=0)
            if not existed:
                fsync_dir(self.folder)
        return self._journal_fh

    def _close_journal(self) -> None:
        if self._journal_fh is not None:
            self._journal_fh.close()
            self._journal_fh = None

    def _commit(self, ops: list[Op]) -> None:
        line = encode_entry(self.seq + 1, ops)
        entry = decode_entry(line)  # memory takes what a reopen will read: JSON's types, the caller's dicts not shared
        if entry is None:
            raise ValueError("a transaction that cannot be read back")
        try:
            fh = self._journal_handle()
            with appending(fh.fileno()):
                self._check_journal_unchanged(fh.fileno())
                if self._torn_at is not None:
                    fh.truncate(self._torn_at)
                    self._offset = self._journal_size = self._torn_at
                    self._torn_at = None
                view = memoryview(line)
                while view:  # a raw write may be short (a disk filling up): the rest, or the error, comes next
                    view = view[fh.write(view) :]
                os.fsync(fh.fileno())
        except _LockBroken as exc:
            self._close_journal()
            raise ConcurrentWrite(
                "Another desk wrote to {path} at the same moment without waiting its turn; the change was not saved. "
                "Try again.",
                path=str(self.folder),
            ) from exc
        except OSError as exc:
            with contextlib.suppress(OSError):
                self._journal_handle().truncate(self._offset)
            self._close_journal()
            if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise _os_error(
                    "Cannot write to {path}: {reason}. Check the folder is not read-only.", exc, str(self.folder)
                ) from exc
            raise StoreError(
                "The change was not saved: {reason}. What was saved before is kept; free disk space and try again.",
                reason=exc.strerror or str(exc),
            ) from exc
        for op in entry.ops:
            self._apply(op, entry.seq)
        self.seq += 1
        self._offset += len(line)
        self._journal_size = self._offset

    def _check_journal_unchanged(self, fd: int) -> None:
        """Raise ``_LockBroken`` unless the journal ``fd`` is still the one named and ends where it was read.

        Under the folder lock this always holds; it fails only when desks wrote without waiting their turn (the lock
        file deleted under them on a file system that cannot lock the folder): then writing could repeat a
        sequence number, append to a retired journal or cut off another desk's line.
        """
        held = os.fstat(fd)
        try:
            named = os.stat(self.journal_path)
        except FileNotFoundError:
            raise _LockBroken from None
        if (named.st_dev, named.st_ino) != (held.st_dev, held.st_ino) or held.st_size != self._journal_size:
            raise _LockBroken

    # -- folding -------------------------------------------------------------------------------------------------

    @property
    def folding(self) -> bool:
        """True while a fold this desk started is still being written."""
        return self._fold is not None and not self._fold.done.is_set()

    def wait_fold(self, timeout: float | None = None) -> None:
        """Wait until the fold this desk started (if any) is done."""
        if self._fold is not None:
            self._fold.done.wait(timeout)

    def _view(self) -> list[tuple[str, Any]]:
        """Every table as a fold writes it, safe to read from the fold's thread (the folder lock is held)."""
        view = []
        for name, table in self._tables.items():
            copy = table.view()
            view.append((name, copy if isinstance(copy, dict) else copy.parts()))
        return view

    def _fold_job(self, *, lock_held: bool = False) -> FoldJob:
        """A fold of this view (the folder lock is held, the view caught up)."""
        meta = {"schema": self.schema, "seq": self.seq, "generation": self.generation + 1,
                "max_ids": dict(self._max_ids)}
        return FoldJob(self.folder, self.generation, self._offset, self._snapshot_key, meta, self._view(),
                       LOCK_TIMEOUT, lock_held)

    def _run_fold(self, job: FoldJob) -> None:
        """Run ``job`` in this thread; its failure is raised here."""
        job.run()
        if job.error is not None:
            raise job.error

    def compact(self) -> bool:
        """Fold the journal into a new snapshot (and a backup copy) now; False when there was nothing to fold."""
        if self.read_only:
            raise read_only_error(self.folder)
        self.wait_fold()
        with self._snapshot_errors():
            with self._locked():
                self._catch_up(locked=True)
                if self.seq == self.meta.get("seq"):
                    return False
                job = self._fold_job()
            try:
                self._run_fold(job)
            except FoldAbandoned:
                pass  # another desk folded meanwhile: taken in below
            except _LockBroken as exc:
                raise ConcurrentWrite(
                    "Another desk wrote to {path} at the same moment without waiting its turn; no snapshot was "
                    "written (the journal holds every change). Try again.",
                    path=str(self.folder),
                ) from exc
            with self._locked():
                self._catch_up(locked=True)
        return True

    def close(self) -> None:
        """Release file handles (the journal already holds every change); a fold under way is finished first."""
        self.wait_fold()
        self._close_journal()
        self._lock.close()

    # -- reading -------------------------------------------------------------------------------------------------

    def _decoded(self, name: str) -> dict[str, Doc]:
        table = self._tables.get(name)
        if table is None:
            return {}
        if not table.decoded:
            try:
                self._from_lines(name, Table.decode)
            except SnapshotProblem as exc:
                raise self._damaged(self.folder / SNAPSHOT, str(exc)) from exc
            table = self._tables[name]
            self._unchecked[name] = None
            for other in self._tables.values():  # the snapshot's bytes go once no table needs more than its lines
                other.own_lines()
        assert table.docs is not None
        return table.docs

    def docs(self, name: str) -> dict[str, Doc]:
        """The raw documents of a table by id string; callers must not change them."""
        docs = self._decoded(name)
        if name in self._unchecked:
            self._check(name)
        return docs

    def get(self, name: str, doc_id: int) -> Doc | None:
        """One document, or None."""
        table = self._tables.get(name)
        if table is None:
            return None
        if table.decoded:
            if name in self._unchecked:
                self._check(name)
            return table.docs.get(str(doc_id))  # type: ignore[union-attr]
        key = str(doc_id)
        return self._line_doc(name, key, lambda _key: self._from_lines(name, lambda lines: lines.get(key)))

    def _from_lines(self, name: str, read: Callable[[Table], _R]) -> _R:
        """``read`` table ``name``. When the older lines of a log are needed and the snapshot file holding them was
        replaced by a newer fold meanwhile, that one is taken in first and ``read`` runs again, under the lock
        (where no fold can replace the file)."""
        try:
            return read(self._table(name))
        except LinesGone:
            with self._locked():
                self._catch_up(locked=True)
                self._settle(wait=True)
                try:
                    return read(self._table(name))
                except LinesGone:
                    raise StoreError("{path} has disappeared.", path=str(self.folder / SNAPSHOT)) from None

    def _table(self, name: str) -> Table:
        table = self._tables.get(name)
        return Table({}) if table is None else table

    def _line_doc(self, name: str, key: str, read: Callable[[str], Doc | None]) -> Doc | None:
        """A document of a table still in lines, checked against its record type."""
        try:
            doc = read(key)
        except SnapshotProblem as exc:
            raise self._damaged(self.folder / SNAPSHOT, str(exc)) from exc
        if doc is not None:
            self._check_docs(name, {key: doc})
        return doc

    def newest(self, name: str, count: int) -> list[tuple[str, Doc]]:
        """The ``count`` documents of ``name`` with the highest ids, highest first, without decoding the table
        (the newest lines of a log)."""
        return self._undecoded(name, lambda table: table.newest(count)) if count > 0 else []

    def having(self, name: str, field: str) -> list[tuple[str, Doc]]:
        """The documents of ``name`` whose ``field`` is set (not null), without decoding the table: what a
        one-shot command asks of 100,000 people when only a few have that field."""
        return self._undecoded(name, lambda table: table.having(field))

    def _undecoded(self, name: str, read: Callable[[Table], list[tuple[str, Doc]]]) -> list[tuple[str, Doc]]:
        """A few documents ``read`` from table ``name`` without decoding it (a decoded table is brought up to
        date first); damage is named as for the whole snapshot, and what is read is checked like any record."""
        table = self._tables.get(name)
        if table is None:
            return []
        if table.decoded:
            self.docs(name)
        try:
            found = self._from_lines(name, read)
        except SnapshotProblem as exc:
            raise self._damaged(self.folder / SNAPSHOT, str(exc)) from exc
        if not self.decoded(name):
            self._check_docs(name, dict(found))
        return found

    def items(self, name: str) -> Iterator[tuple[str, Doc]]:
        """Every document of ``name`` in the table's order, without keeping the table decoded (a whole log)."""
        table = self._tables.get(name)
        if table is None:
            return
        if table.decoded:
            yield from list(self.docs(name).items())
            return
        try:
            for docs in self._from_lines(name, lambda lines: _begun(lines.chunks())):
                self._check_docs(name, docs)
                yield from docs.items()
        except SnapshotProblem as exc:
            raise self._damaged(self.folder / SNAPSHOT, str(exc)) from exc

    def check(self, *names: str, skip: Collection[str] = ()) -> None:
        """Check the tables ``names`` (default: every table but the logs, which are checked as they are read, and
        ``skip``, which the caller checks as it reads them whole) against their record types now."""
        for name in names or [n for n in list(self._tables) if not validation.is_log(n) and n not in skip]:
            self.docs(name)

    def _check(self, name: str) -> None:
        """Check what is unchecked in decoded table ``name`` against its record type: damage when it does not fit."""
        keys = self._unchecked[name]
        self._check_docs(name, self._tables[name].docs or {}, keys)
        if validation.known(name):  # a table whose record type is not known yet stays to be checked once it is
            del self._unchecked[name]

    def _check_docs(self, name: str, docs: dict[str, Doc], keys: set[str] | None = None) -> None:
        problem = validation.check(name, docs, keys)
        if problem is not None:
            source = self.journal_path if problem.doc_id in self._from_journal.get(name, ()) else SNAPSHOT
            raise self._damaged(self.folder / source, problem.detail)

    def decoded(self, name: str) -> bool:
        """Whether table ``name`` is held as documents (else as the snapshot's lines): a log should stay lines."""
        table = self._tables.get(name)
        return table is not None and table.decoded

    def names(self) -> list[str]:
        """The tables of the conference (those with documents, or that had some)."""
        return list(self._tables)

    def next_id(self, name: str) -> int:
        """The next id of a table, never one used before (valid under the lock, after catching up)."""
        return self._max_ids.get(name, 0) + 1

    def drain_changes(self, name: str) -> tuple[int, set[str]]:
        """The ids changed in table ``name`` since the last drain, and the count of full loads so far (when that
        count moved, everything may have changed). One consumer per table: it keeps a cache up to date cheaply."""
        self._watched.add(name)
        return self.loads, self._changed.pop(name, set())

    def revision(self, *names: str) -> tuple[int, ...]:
        """A token that changes whenever one of the tables changes, for caches."""
        return tuple(self.revisions.get(n, 0) for n in names)


def _begun(chunks: Iterator[_T]) -> Iterator[_T]:
    """``chunks`` with its first item already made (a table's lines are read when its first chunk is)."""
    first = next(chunks, _NONE)
    return chunks if first is _NONE else itertools.chain([first], chunks)  # type: ignore[list-item]


_NONE: Any = object()


def _read_snapshot(raw: bytes) -> tuple[Doc, dict[str, Table]]:
    """The ``_meta`` of snapshot bytes and its tables, still as lines (:class:`SnapshotProblem` when damaged)."""
    found = tail_meta(raw)
    if found is None:  # an older layout, or a file written by hand: decoded whole
        tables = decode_snapshot(raw)
        meta = meta_of(tables)
        return meta, {name: Table(docs) for name, docs in tables.items() if name != META}
    meta, at = found
    problem = table_problem({META: {"1": meta}})
    if problem:
        raise SnapshotProblem(_(problem))
    if not crc_matches(raw, meta, at):
        raise SnapshotProblem(_("its checksum does not match"))
    return meta, {name: Table(None, raw, start, end) for name, (start, end) in section_sizes(meta).items()}
