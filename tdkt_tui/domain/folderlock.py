"""The lock desks take turns under when they write to one conference folder.

A lock kept in a file named ``.lock`` protects nothing once a cleanup tool, a sync client or a user deletes that file
while a desk holds it: the next desk creates a new ``.lock``, locks it too, and two desks append the same sequence
number. So the lock is held on something that cannot be swapped away:

* POSIX: ``flock`` on the conference folder itself (an open directory). Where the file system cannot lock a
  directory (some network shares), ``flock`` on ``.lock``, checking after each acquire that the name still leads to
  the file locked (a lock on a deleted file is dropped and taken again on the new one).
* Windows: ``msvcrt.locking`` on ``.lock``, which Windows lets nobody delete while a desk holds it open.

Whatever happens to that lock, an append to the journal is guarded by the journal file itself (:func:`appending`,
POSIX): the writer checks under it that the journal is still the one named and ends where the writer read it, so
two desks can never both append the same sequence number, nor one append to a journal a compaction retired.

A raw ``flock`` costs a few microseconds, against some 75 µs for the filelock package. The lock is reentrant within
one :class:`FolderLock`; two :class:`FolderLock` objects on one folder exclude each other, also in one process.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from collections.abc import Iterator
from pathlib import Path

LOCK_FILE = ".lock"
#: Lock the folder itself (POSIX). The tests turn it off to exercise the lock file, as on Windows.
LOCK_THE_FOLDER = os.name == "posix"

if os.name == "posix":
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

    @contextlib.contextmanager
    def appending(fd: int) -> Iterator[None]:
        """Hold the journal open as ``fd`` exclusively while checking where it ends and appending to it."""
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)

else:  # pragma: no cover - Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EDEADLK):
                return False
            raise
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]

    @contextlib.contextmanager
    def appending(fd: int) -> Iterator[None]:
        """Windows: ``.lock`` cannot be deleted while held, and a lock on the journal would stop its readers."""
        yield


class LockTimeout(Exception):
    """Another process held the folder longer than the timeout."""


class FolderLock:
    """An exclusive, reentrant lock on one conference folder (see the module's docstring for how)."""

    def __init__(self, folder: Path, timeout: float = 15.0) -> None:
        self.folder = folder
        self.timeout = timeout
        self._fd: int | None = None
        self._on_folder = LOCK_THE_FOLDER  # False once the folder turned out not to be lockable
        self._depth = 0

    @property
    def held(self) -> bool:
        return self._depth > 0

    def acquire(self) -> None:
        """Wait until this desk holds the folder (``LockTimeout`` after ``timeout`` seconds; ``OSError`` when the
        lock cannot be taken at all, e.g. ``.lock`` cannot be created in a read-only folder on Windows)."""
        if self._depth:
            self._depth += 1
            return
        deadline = time.monotonic() + self.timeout
        delay = 0.0002
        while True:
            fd = self._handle()
            try:
                locked = _try_lock(fd)
            except OSError as exc:
                if not self._on_folder or exc.errno in (errno.EINTR,):
                    raise
                self._fall_back()  # this file system cannot lock a directory: use the lock file
                continue
            if locked:
                if self._on_folder or self._still_named(fd):
                    break
                _unlock(fd)
                self._close_handle()  # .lock was deleted or replaced while we waited: lock the one there now
                continue
            if time.monotonic() >= deadline:
                raise LockTimeout(str(self.folder))
            time.sleep(delay)
            delay = min(delay * 2, 0.005)
        self._depth = 1

    def release(self) -> None:
        if self._depth == 0:
            return
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            _unlock(self._fd)

    def close(self) -> None:
        """Let go of the lock and its handle."""
        if self._depth and self._fd is not None:
            self._depth = 1
            self.release()
        self._close_handle()

    def __enter__(self) -> FolderLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __del__(self) -> None:
        self._close_handle()

    def _handle(self) -> int:
        if self._fd is None:
            if self._on_folder:
                self._fd = os.open(self.folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            else:
                flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOINHERIT", 0)
                self._fd = os.open(self.folder / LOCK_FILE, flags, 0o600)
        return self._fd

    def _fall_back(self) -> None:
        self._close_handle()
        self._on_folder = False

    def _still_named(self, fd: int) -> bool:
        """True when ``.lock`` in the folder is the very file ``fd`` locks."""
        try:
            named = os.stat(self.folder / LOCK_FILE)
        except FileNotFoundError:
            return False
        held = os.fstat(fd)
        return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)

    def _close_handle(self) -> None:
        fd, self._fd = getattr(self, "_fd", None), None
        if fd is not None:
            try:
                os.close(fd)
            except OSError:
                pass
