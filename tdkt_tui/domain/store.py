"""The conference folder: TinyDB documents made durable by a journal and atomic snapshots.

TinyDB's own JSONStorage rewrites the whole file in place on every write: torn by a crash, blind to a second process
and slow at 10,000 rows. Here TinyDB holds the documents in memory and this module owns every file of the folder:

``conference.json`` (:mod:`tdkt_tui.domain.snapshots`)
    The snapshot, in TinyDB's JSON layout (``{table: {doc_id: doc}}``) plus a ``_meta`` table with the schema
    version, the last journal sequence number it holds and its generation. Replaced only by write-to-temporary,
    fsync, rename, fsync of the folder, so a crash leaves the old or the new one.
``journal-<generation>.log`` (:mod:`tdkt_tui.domain.journal`)
    One line per committed transaction, appended and fsynced before a change is acknowledged. Only a last line
    without its line end is a write a crash cut short; it is dropped. A complete line with a wrong checksum, or a
    sequence number that is not the next one (a repeat), is damage wherever it is: the folder is not opened and
    nothing is changed (:mod:`tdkt_tui.domain.recovery` writes a recovered copy).
The lock (:mod:`tdkt_tui.domain.folderlock`)
    Held while writing (and while creating the folder), so desks on one folder take turns; on POSIX it is the folder
    itself, which no cleanup tool can delete. Every write first reads what the other processes appended, so ids
    stay unique and nothing is written on top of a stale view, and checks, just before appending, that the journal
    ends where it read it. A compaction retires the journal other desks may still hold open; under the lock a desk
    checks that its journal is still the current one, not only that the snapshot's stat looks unchanged.
``backups/``
    A copy of each of the newest snapshots, named by sequence number and generation; the way back after damage.
    Written to a temporary name, fsynced and renamed like the snapshot, so a copy cut short never poses as the last
    good backup.

A crash can also leave a temporary snapshot and an old journal (both removed by the next compaction). Every file is
created with mode 0600 and the folders with 0700 (:mod:`tdkt_tui.domain.files`): a conference holds personal data.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import MemoryStorage
from tinydb.table import Table

from tdkt_tui.domain.errors import ConcurrentWrite, CorruptStore, StoreError
from tdkt_tui.domain.files import fsync_dir, open_append_private, private_dir, write_private
from tdkt_tui.domain.folderlock import LOCK_FILE, FolderLock, LockTimeout, appending
from tdkt_tui.domain import validation
from tdkt_tui.domain.i18n import _
from tdkt_tui.domain.journal import JOURNAL_GLOB, Op, decode_entry, encode_entry, journal_name, line_problem
from tdkt_tui.domain.snapshots import (
    BACKUPS,
    KEEP_BACKUPS,
    META,
    SNAPSHOT,
    Doc,
    SnapshotProblem,
    Tables,
    backup_name,
    backups,
    decode_snapshot,
    encode_snapshot,
    latest_backup,
    meta_of,
)

__all__ = ["SNAPSHOT", "Doc", "Op", "Store", "Tables", "Transaction", "is_conference", "is_read_only",
           "latest_backup"]

SCHEMA_VERSION = 1
LOCK = LOCK_FILE
COMPACT_AFTER = 20_000
#: How often (in journal entries) a commit checks whether the journal has grown past ``COMPACT_AFTER``.
COMPACT_CHECK_EVERY = 500
LOCK_TIMEOUT = 15.0
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
                if head == b"" or head.startswith(b'{"' + META.encode()):
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
        self.db = TinyDB(storage=MemoryStorage)
        self.seq = 0
        self.generation = 1
        self.schema = SCHEMA_VERSION
        self.revisions: dict[str, int] = {}
        self.loads = 0
        self._changed: dict[str, set[str]] = {}
        #: Documents not yet checked against their record type (:mod:`validation`): a table whose every document
        #: is unchecked (None, after a load), or the ids other desks changed since; checked when first read.
        self._unchecked: dict[str, set[str] | None] = {}
        #: Documents changed by journal lines since the snapshot: damage found in them names the journal.
        self._from_journal: dict[str, set[str]] = {}
        self._snapshot_key: tuple[int, int, int] | None = None
        self._offset = 0
        self._torn_at: int | None = None
        #: The journal's size when it was last read or written here: an append checks it still ends there.
        self._journal_size = 0
        self._journal_fh: Any = None
        self._lock = FolderLock(folder, LOCK_TIMEOUT)
        #: Opened on a folder this program cannot write: every read works, every change is refused with a sentence.
        self.read_only = False
        self._tables: Tables = {}
        self._max_ids: dict[str, int] = {}

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
                tables: Tables = {META: {"1": {"schema": SCHEMA_VERSION, "seq": 0, "generation": 1}}}
                tmp = folder / _SNAPSHOT_TMP
                write_private(tmp, encode_snapshot({}, meta_of(tables)))
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
        st = os.stat(self.folder / SNAPSHOT)
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def _load(self) -> None:
        """Read the snapshot and replay the journal (the folder lock is held)."""
        path = self.folder / SNAPSHOT
        key = self._stat_snapshot()
        try:
            tables = decode_snapshot(path.read_bytes())
        except SnapshotProblem as exc:
            raise self._damaged(path, str(exc)) from exc
        meta = meta_of(tables)
        if meta["schema"] > SCHEMA_VERSION:
            raise StoreError(
                "{path} was written by a newer version of tdkt-tui (schema {schema}); update the program.",
                path=str(path),
                schema=meta["schema"],
            )
        self._tables = tables
        self._max_ids = dict(meta.get("max_ids") or {})
        for name, docs in tables.items():
            self._max_ids[name] = max([self._max_ids.get(name, 0), *(int(k) for k in docs)])
        self.schema, self.seq, self.generation = meta["schema"], meta["seq"], meta["generation"]
        self._snapshot_key = key
        self._offset = 0
        self._torn_at = None
        self._close_journal()
        self._read_journal(locked=True, loading=True)
        self._install_tables()

    def _install_tables(self) -> None:
        """Hand the tables to TinyDB and tell every cache (ours, TinyDB's query cache) that they changed."""
        self.db.storage.write(self._tables)
        self.loads += 1
        self._unchecked = dict.fromkeys(self._tables)
        self._from_journal = {name: set(keys) for name, keys in self._changed.items()}
        self._changed.clear()
        for name in set(self.revisions) | set(self._tables):
            self.revisions[name] = self.revisions.get(name, 0) + 1
            self.db.table(name).clear_cache()

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
        if self.read_only:  # converted in memory only: the folder stays as it is
            for version in range(self.schema, SCHEMA_VERSION):
                MIGRATIONS[version](self._tables)
            self.schema = SCHEMA_VERSION
            self._install_tables()
            return
        with self._snapshot_errors():
            self._fold_journal()  # first, so the backup holds the whole old conference
            self._backup_snapshot(suffix=f"schema{self.schema}")
            for version in range(self.schema, SCHEMA_VERSION):
                MIGRATIONS[version](self._tables)
            self.schema = SCHEMA_VERSION
            self._write_snapshot()
        self._install_tables()

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

    def _fold_journal(self) -> bool:
        """Write a new snapshot when the journal holds changes the current one lacks; True when it did."""
        if self.seq == self._snapshot_meta().get("seq"):
            return False
        self._write_snapshot()
        return True

    def _snapshot_meta(self) -> dict[str, Any]:
        """The ``_meta`` document of the snapshot the memory view was loaded from (or last wrote)."""
        return self._tables.get(META, {}).get("1", {})

    # -- the journal ---------------------------------------------------------------------------------------------

    @property
    def journal_path(self) -> Path:
        return self.folder / journal_name(self.generation)

    def _read_journal(self, *, locked: bool, loading: bool = False) -> bool:
        """Apply journal lines after ``_offset``. False when the view is stale and must be reloaded.

        Under the lock (``locked``) nobody is appending, so a last line without its line end is the remains of a
        crash: its position is kept in ``_torn_at`` and the next commit cuts it off. Without the lock it may be a
        line still being written, so reading just stops there. A complete line that does not decode, or whose
        sequence number is not the next one, is damage (found without the lock, it is judged again under it).
        Under the lock a missing journal, or one that is not the file our handle writes to, means a compaction
        retired our generation (the snapshot's stat can look unchanged): the view must be reloaded.
        """
        path = self.journal_path
        self._torn_at = None  # recomputed by every read: a stale position would cut off other desks' lines
        try:
            fh = open(path, "rb")
        except FileNotFoundError:
            self._journal_size = 0
            return loading or (not locked and self._offset == 0)
        with fh:
            if locked and self._journal_fh is not None:
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
            entry = decode_entry(data[pos : end + 1])
            if entry is None or entry.seq != self.seq + 1:
                if not locked:
                    return False
                raise self._damaged(path, line_problem(entry, self._offset + pos, self.seq + 1))
            for op in entry.ops:
                self._apply(op)
                self._from_journal.setdefault(op.table, set()).add(str(op.doc_id))
                pending = self._unchecked.get(op.table, set())
                if pending is not None and op.kind != "delete":
                    self._unchecked[op.table] = pending | {str(op.doc_id)}
            self.seq = entry.seq
            pos = end + 1
        self._offset += pos
        return True

    def _apply(self, op: Op) -> None:
        table = self._tables.setdefault(op.table, {})
        key = str(op.doc_id)
        if op.kind == "put":
            table[key] = dict(op.doc or {})
            if op.doc_id > self._max_ids.get(op.table, 0):
                self._max_ids[op.table] = op.doc_id
        elif op.kind == "patch":
            table[key] = {**table.get(key, {}), **(op.doc or {})}
        else:
            table.pop(key, None)
        self._changed.setdefault(op.table, set()).add(key)
        self.revisions[op.table] = self.revisions.get(op.table, 0) + 1
        self.db.table(op.table).clear_cache()

    def _catch_up(self, *, locked: bool) -> None:
        """Bring the memory view up to what the other processes committed."""
        try:
            if self._snapshot_changed() or not self._read_journal(locked=locked):
                if not locked:
                    with self._locked():
                        self._load()
                else:
                    self._load()
        except FileNotFoundError as exc:
            raise StoreError("{path} has disappeared.", path=str(exc.filename or self.folder / SNAPSHOT)) from exc
        except OSError as exc:
            raise _os_error("Cannot read {path}: {reason}.", exc, exc.filename or self.folder) from exc

    def _snapshot_changed(self) -> bool:
        return self._stat_snapshot() != self._snapshot_key

    def refresh(self) -> bool:
        """Take in what other processes wrote; True when anything changed. Cheap when nothing did."""
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
                if self.seq % COMPACT_CHECK_EVERY == 0 and self._journal_entries_exceed(COMPACT_AFTER):
                    # The change is committed and must be reported as saved: a snapshot that fails here (disk full)
                    # is tried again later, the journal still holds everything.
                    with contextlib.suppress(OSError, ConcurrentWrite):
                        self._write_snapshot()

    def _journal_entries_exceed(self, count: int) -> bool:
        return self.seq - self._snapshot_meta().get("seq", 0) >= count

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
            self._apply(op)
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

    # -- snapshots -----------------------------------------------------------------------------------------------

    def _write_snapshot(self) -> None:
        """Write the whole state atomically as generation ``generation + 1`` and start its empty journal.

        Nothing in memory changes until the new snapshot is in place: a failure (disk full) leaves the store as it
        was, still on the old snapshot and journal, and removes the temporary file. The switch happens under the
        old journal's own lock, after checking nobody appended to it since it was read here.
        """
        new_gen = self.generation + 1
        meta = {"schema": self.schema, "seq": self.seq, "generation": new_gen, "max_ids": dict(self._max_ids)}
        data = encode_snapshot(self._tables, meta)
        tmp = self.folder / f"{SNAPSHOT}.{os.getpid()}.tmp"
        try:
            write_private(tmp, data)
            with self._journal_guard() as fd:
                if fd is not None:
                    self._check_journal_unchanged(fd)
                write_private(self.folder / journal_name(new_gen), b"")
                os.replace(tmp, self.folder / SNAPSHOT)
                fsync_dir(self.folder)
                self._tables[META] = {"1": meta}
                self._from_journal = {}
                self._close_journal()
                self.generation = new_gen
                self._offset = self._journal_size = 0
                self._torn_at = None
                self._snapshot_key = self._stat_snapshot()
                for old in self.folder.glob(JOURNAL_GLOB):  # the one just retired, and any a crash left behind
                    if old.name != journal_name(new_gen):
                        with contextlib.suppress(OSError):
                            old.unlink()
        except _LockBroken as exc:
            raise ConcurrentWrite(
                "Another desk wrote to {path} at the same moment without waiting its turn; no snapshot was written "
                "(the journal holds every change). Try again.",
                path=str(self.folder),
            ) from exc
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink()
        for leftover in self.folder.glob(f"{SNAPSHOT}*.tmp"):  # what a crash in an earlier compaction left
            with contextlib.suppress(OSError):
                leftover.unlink()
        with contextlib.suppress(OSError):  # the snapshot is safe; a backup copy that fails is made next time
            self._backup_snapshot(data=data)

    @contextlib.contextmanager
    def _journal_guard(self) -> Iterator[int | None]:
        """The current journal held under its own lock (None when there is no journal file)."""
        try:
            fd = os.open(self.journal_path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        except FileNotFoundError:
            if self._journal_size:
                raise _LockBroken from None
            yield None
            return
        try:
            with appending(fd):
                yield fd
        finally:
            os.close(fd)

    def _backup_snapshot(self, suffix: str = "", data: bytes | None = None) -> Path:
        """Copy the snapshot (``data``, else the file) into ``backups/``; a copy cut short is never left there."""
        folder = private_dir(self.folder / BACKUPS)
        target = folder / backup_name(self.seq, self.generation, suffix)
        tmp = target.with_name(target.name + ".tmp")
        write_private(tmp, (self.folder / SNAPSHOT).read_bytes() if data is None else data)
        os.replace(tmp, target)
        fsync_dir(folder)
        for old in [*(b.path for b in backups(self.folder)[:-KEEP_BACKUPS]), *folder.glob("*.tmp")]:
            with contextlib.suppress(OSError):
                old.unlink()
        return target

    def compact(self) -> bool:
        """Fold the journal into a new snapshot (and a backup copy) now; False when there was nothing to fold."""
        if self.read_only:
            raise read_only_error(self.folder)
        with self._snapshot_errors(), self._locked():
            self._catch_up(locked=True)
            return self._fold_journal()

    def close(self) -> None:
        """Release file handles (the journal already holds every change)."""
        self._close_journal()
        self._lock.close()

    # -- reading -------------------------------------------------------------------------------------------------

    def table(self, name: str) -> Table:
        """The TinyDB table ``name``, for queries."""
        if name in self._unchecked:
            self._check(name)
        return self.db.table(name)

    def docs(self, name: str) -> dict[str, Doc]:
        """The raw documents of a table by id string; callers must not change them."""
        if name in self._unchecked:
            self._check(name)
        return self._tables.get(name, {})

    def get(self, name: str, doc_id: int) -> Doc | None:
        """One document, or None."""
        if name in self._unchecked:
            self._check(name)
        return self._tables.get(name, {}).get(str(doc_id))

    def check(self, *names: str) -> None:
        """Check the tables ``names`` (default: every table) against their record types now."""
        for name in names or list(self._unchecked):
            if name in self._unchecked:
                self._check(name)

    def _check(self, name: str) -> None:
        """Check what is unchecked in table ``name`` against its record type: damage when it does not fit."""
        keys = self._unchecked[name]
        problem = validation.check(name, self._tables.get(name, {}), keys)
        if problem is not None:
            source = self.journal_path if problem.doc_id in self._from_journal.get(name, ()) else SNAPSHOT
            raise self._damaged(self.folder / source, problem.detail)
        if validation.known(name):  # a table whose record type is not known yet stays to be checked once it is
            del self._unchecked[name]

    def next_id(self, name: str) -> int:
        """The next id of a table, never one used before (valid under the lock, after catching up)."""
        return self._max_ids.get(name, 0) + 1

    def drain_changes(self, name: str) -> tuple[int, set[str]]:
        """The ids changed in table ``name`` since the last drain, and the count of full loads so far (when that
        count moved, everything may have changed). One consumer per table: it keeps a cache up to date cheaply."""
        return self.loads, self._changed.pop(name, set())

    def revision(self, *names: str) -> tuple[int, ...]:
        """A token that changes whenever one of the tables changes, for caches."""
        return tuple(self.revisions.get(n, 0) for n in names)
