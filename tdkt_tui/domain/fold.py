"""Folding the journal into a new snapshot, off the desk's hot path.

At 100,000 people a snapshot is some 25 MB: writing it inside a change would stall the desk for most of a second.
So a fold is a job that a desk starts with a *view* of its tables (copies of the dicts, the unchanging bytes of the
tables still in lines) and that runs in a thread of its own while the desk goes on taking changes:

1. the new snapshot is written to a temporary file and fsynced, without any lock, and so is the new journal with
   the lines appended since the view so far;
2. under the folder lock (its own, so the desk's other thread waits its turn like any other desk) and under the old
   journal's lock, it checks that the snapshot on disk is still the one the view was folded onto (else another desk
   folded first, and this job stops), adds to the new journal the few lines appended since it was written (every
   desk's changes made meanwhile), renames both into place and retires the old journal under another name
   (a desk that lags behind still finds its last lines there; nobody can append to it any more);
3. a backup copy, made from the temporary file before the lock, gets its name.

Every desk — the one that folded too — takes the new snapshot in at its next catch-up by reading its ``_meta`` and
the new journal only (:meth:`tdkt_tui.domain.store.Store._take_in_snapshot`), never reloading the whole conference.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tdkt_tui.domain.files import (
    copy_private,
    fsync_dir,
    new_private_file,
    open_append_private,
    private_dir,
    steady_writer,
    write_all,
    write_private,
)
from tdkt_tui.domain.folderlock import FolderLock, appending
from tdkt_tui.domain.journal import JOURNAL_GLOB, intact_seq, journal_name, retired_name
from tdkt_tui.domain.snapshots import (
    BACKUPS,
    KEEP_BACKUPS,
    SNAPSHOT,
    Source,
    backup_name,
    backups,
    file_key,
    write_snapshot,
)
from tdkt_tui.domain.tables import LinesGone, OnDisk


class FoldAbandoned(Exception):
    """Another desk folded first, or the journal is not as the view left it: nothing was changed."""


def stat_key(path: Path) -> tuple[int, int, int]:
    return file_key(os.stat(path))


#: While a fold runs beside a desk's work, the interpreter hands over between threads this often (seconds) instead
#: of every 5 ms: a change made meanwhile waits for the fold's thread at each of its file operations, and a dozen
#: waits of 5 ms stalled a check-in at 100,000 people by 50–90 ms.
SWITCH_WHILE_FOLDING = 0.0005
_switching = threading.Lock()
_folds_beside: list[float] = []  # the switch interval before the first fold still running, once per running fold


@contextlib.contextmanager
def _quick_switching() -> Iterator[None]:
    with _switching:
        _folds_beside.append(_folds_beside[0] if _folds_beside else sys.getswitchinterval())
        sys.setswitchinterval(min(SWITCH_WHILE_FOLDING, _folds_beside[0]))
    try:
        yield
    finally:
        with _switching:
            before = _folds_beside.pop()
            if not _folds_beside:
                sys.setswitchinterval(before)


@dataclass
class FoldJob:
    """One fold (see the module's docstring); :meth:`run` it in a thread or in the caller's."""

    folder: Path
    generation: int  # the snapshot generation the view was made on
    offset: int  # where that generation's journal stood at the view, in bytes
    snapshot_key: tuple[int, int, int] | None  # the stat of that snapshot file
    meta: dict[str, Any]  # the new snapshot's _meta: schema, seq (the view's), generation + 1, max_ids
    tables: list[tuple[str, Source]]
    lock_timeout: float = 15.0
    lock_held: bool = False  # the caller holds the folder lock (a migration)
    error: BaseException | None = None
    done: threading.Event = field(default_factory=threading.Event)

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self._run_beside, name="tdkt-fold", daemon=True)
        thread.start()
        return thread

    def _run_beside(self) -> None:
        with _quick_switching():
            self.run()

    def run(self) -> None:
        try:
            self._run()
        except BaseException as exc:  # noqa: BLE001 - kept for whoever waits for the job
            self.error = exc
        finally:
            self.tables = []  # the view of 100,000 people goes as soon as it is written, not at the next fold
            self.done.set()

    def _run(self) -> None:
        ours = f"{os.getpid()}-{threading.get_ident()}"
        tmp = self.folder / f"{SNAPSHOT}.{ours}.tmp"
        journal_tmp = self.folder / f"{journal_name(self.meta['generation'])}.{ours}.tmp"
        # A second name for the snapshot being replaced, so that replacing it under the lock does not free its
        # 25 MB there (7–9 ms at 100,000 people, every desk's change waiting); it is freed after the lock.
        replaced = self.folder / f"{SNAPSHOT}.{ours}.old.tmp"
        backup: Path | None = None
        try:
            fd = new_private_file(tmp)
            try:
                write_snapshot(steady_writer(fd), self.tables, self.meta)
                os.fsync(fd)
            except LinesGone as exc:  # a log's older lines were in a snapshot another desk replaced: it folded first
                raise FoldAbandoned("another desk folded first") from exc
            finally:
                os.close(fd)
            with contextlib.suppress(OSError):  # a backup that cannot be made is made by the next fold
                backup = _copy_for_backup(self.folder, tmp)
            early = self._lines_since()
            write_private(journal_tmp, early)  # the new journal, as far as it goes now, on disk before the lock
            with contextlib.suppress(OSError):  # no hard links here (a FAT drive): it is freed under the lock
                os.link(self.folder / SNAPSHOT, replaced)
            if self.lock_held:
                self._install(tmp, journal_tmp, early, replaced)
            else:
                lock = FolderLock(self.folder, self.lock_timeout)
                with contextlib.closing(lock), lock:
                    self._install(tmp, journal_tmp, early, replaced)
            if backup is not None:
                with contextlib.suppress(OSError):
                    _keep_backup(self.folder, backup, self.meta["seq"], self.meta["generation"])
        finally:
            for leftover in (tmp, journal_tmp, replaced, backup):
                if leftover is not None:
                    with contextlib.suppress(OSError):
                        leftover.unlink()

    def _lines_since(self) -> bytes:
        """The whole lines appended to the view's journal since the view, read without the lock (checked again
        under it)."""
        try:
            with open(self.folder / journal_name(self.generation), "rb") as fh:
                fh.seek(self.offset)
                since = fh.read()
        except FileNotFoundError:
            return b""
        return since[: since.rfind(b"\n") + 1]

    def _install(self, tmp: Path, journal_tmp: Path, early: bytes, old_snapshot: Path) -> None:
        """Under the folder lock: the journal lines since the view into the new journal, the snapshot in place.

        The new journal was written and fsynced before the lock with the lines there were then (``early``), so
        only the few appended since are written here: a desk's change waits for this (every desk takes the lock
        to change anything), and creating and fsyncing a file here held check-ins up by 17–30 ms at 100,000
        people."""
        if self.snapshot_key is not None and stat_key(self.folder / SNAPSHOT) != self.snapshot_key:
            raise FoldAbandoned("another desk folded first")
        old = self.folder / journal_name(self.generation)
        new_generation = self.meta["generation"]
        try:
            fd = os.open(old, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        except FileNotFoundError:
            if self.offset:
                raise FoldAbandoned("the journal is gone") from None
            fd = None
        try:
            with appending(fd) if fd is not None else contextlib.nullcontext():
                since = b""
                if fd is not None:
                    if os.fstat(fd).st_size < self.offset:
                        raise FoldAbandoned("the journal is shorter than the view")
                    os.lseek(fd, self.offset, os.SEEK_SET)
                    since = _read_all(fd)
                    since = since[: since.rfind(b"\n") + 1]  # a last line a crash cut short was never saved
                    expected = self.meta["seq"] + 1
                    for line in since.splitlines(keepends=True):
                        if intact_seq(line) != expected:
                            raise FoldAbandoned("the journal does not follow the view")
                        expected += 1
                if not since.startswith(early):
                    raise FoldAbandoned("the journal does not follow the view")
                if len(since) > len(early):
                    journal = open_append_private(journal_tmp)
                    try:
                        write_all(journal, since[len(early) :])
                        os.fsync(journal)
                    finally:
                        os.close(journal)
                os.replace(journal_tmp, self.folder / journal_name(new_generation))
                os.replace(tmp, self.folder / SNAPSHOT)
                fsync_dir(self.folder)
                if fd is not None:
                    with contextlib.suppress(OSError):
                        os.replace(old, self.folder / retired_name(self.generation))
                keep = {journal_name(new_generation), retired_name(self.generation)}
                for stale in self.folder.glob(JOURNAL_GLOB):  # older retired journals, and what a crash left
                    if stale.name not in keep:
                        with contextlib.suppress(OSError):
                            stale.unlink()
        finally:
            if fd is not None:
                os.close(fd)
        for leftover in [*self.folder.glob(f"{SNAPSHOT}*.tmp"), *self.folder.glob("journal-*.tmp")]:
            if leftover not in (tmp, old_snapshot):  # what a fold cut short by a kill left
                with contextlib.suppress(OSError):
                    leftover.unlink()



def _copy_for_backup(folder: Path, snapshot: Path) -> Path:
    """A copy of ``snapshot`` under a temporary name in ``backups/``, renamed by :func:`_keep_backup`."""
    backup_folder = private_dir(folder / BACKUPS)
    tmp = backup_folder / f"{snapshot.name}.{os.getpid()}-{threading.get_ident()}.tmp"
    copy_private(snapshot, tmp)
    return tmp


def _keep_backup(folder: Path, tmp: Path, seq: int, generation: int, suffix: str = "") -> Path:
    """Give a backup copy its name (by sequence number and generation) and keep only the newest backups."""
    target = tmp.parent / backup_name(seq, generation, suffix)
    os.replace(tmp, target)
    fsync_dir(tmp.parent)
    for old in [*(b.path for b in backups(folder)[:-KEEP_BACKUPS])]:
        with contextlib.suppress(OSError):
            old.unlink()
    return target


def backup_snapshot(folder: Path, seq: int, generation: int, suffix: str = "") -> Path:
    """Copy the snapshot into ``backups/`` as it is now (a copy cut short is never left there)."""
    tmp = _copy_for_backup(folder, folder / SNAPSHOT)
    try:
        return _keep_backup(folder, tmp, seq, generation, suffix)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def read_sections(path: Path, key: tuple[int, int, int], sections: dict[str, tuple[int, int]],
                  newest: dict[str, int]) -> dict[str, tuple[bytes, OnDisk | None]] | None:
    """The lines of ``sections`` (table: where its lines are) of the snapshot ``path`` whose stat is ``key``; for
    a table in ``newest``, only about that many bytes of its newest lines, and where the older ones stay
    (:meth:`~tdkt_tui.domain.tables.Table.keep_newest`). None when the file is no longer that snapshot."""
    with open(path, "rb") as fh:
        if file_key(os.fstat(fh.fileno())) != key:
            return None
        lines = {}
        for name, (start, end) in sections.items():
            size = newest.get(name, end - start)
            disk = None
            if end - start > size:  # a log: its newest lines, from the first whole one
                fh.seek(end - size)
                data = fh.read(size)
                cut = data.find(b"\n") + 1
                if cut:
                    disk = OnDisk(path, key, start, end - size + cut - start)
                    data = data[cut:]
            else:
                fh.seek(start)
                data = fh.read(end - start)
            if disk is None and len(data) != end - start:
                fh.seek(start)
                data = fh.read(end - start)
            lines[name] = (data, disk)
    return lines


class ReadSections(threading.Thread):
    """The lines of some tables of a new snapshot, read in a thread of their own.

    A desk taking in a fold (its own or another desk's) needs the new snapshot's lines of the tables it keeps as
    lines: at 100,000 people some 25 MB, which read in the desk's own thread stalled a change by 20–30 ms. Until
    they are read, the desk goes on with the old lines and every change since them, which is the same documents;
    then it swaps them in (:meth:`~tdkt_tui.domain.store.Store._settle`). Reading a file lets the interpreter run
    the desk's thread meanwhile. If the snapshot was replaced before it is opened (yet another fold), nothing is
    read, and the next take-in starts another read.
    """

    def __init__(self, path: Path, key: tuple[int, int, int], sections: dict[str, tuple[int, int]], seq: int,
                 generation: int) -> None:
        super().__init__(name="tdkt-read-sections", daemon=True)
        self.path, self.key, self.sections = path, key, sections
        self.seq, self.generation = seq, generation  # what the lines hold: the journal up to seq; and of which snapshot
        self.lines: dict[str, tuple[bytes, OnDisk | None]] | None = None  # set when every section was read
        self.done = threading.Event()

    def run(self) -> None:
        try:
            self.lines = read_sections(self.path, self.key, self.sections, {})
        except OSError:
            pass  # the old lines serve until the next take-in
        finally:
            self.done.set()
