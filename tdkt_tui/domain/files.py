"""Every file tdkt writes is private to its owner: 0600 files, 0700 folders, whatever the umask.

A conference holds personal data (names, phone numbers, check-in codes), and so do its exports (QR images carry the
codes, the scan log says who came when) and tdkt's own folder (the crash log, the last conference's path). Every write
goes through these functions: the conference folder (:mod:`tdkt_tui.domain.store`), exports
(:mod:`tdkt_tui.domain.exports`) and tdkt's own folder (:mod:`tdkt_tui.domain.locations`).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
_BINARY = getattr(os, "O_BINARY", 0)


def private_dir(path: Path, *, parents: bool = False) -> Path:
    """Make the folder ``path`` (0700) unless it exists; ``parents`` makes the missing folders above it too (0700:
    tdkt made them)."""
    missing = [path]
    if parents:
        for above in path.parents:
            if above.exists():
                break
            missing.append(above)
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            if not folder.is_dir():
                raise
    return path


def new_private_dir(path: Path) -> None:
    """Make the folder ``path`` (0700); ``FileExistsError`` when it exists."""
    path.mkdir(mode=DIR_MODE)


def write_all(fd: int, data: bytes | memoryview) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


#: A big file written beside a desk's work (a fold's snapshot, its backup copy) goes to disk this many bytes at a
#: time: a desk's fsync of one journal line then waits behind at most this much of it, not behind 25 MB at once
#: (which stalled check-ins at 100,000 people by 30–80 ms). Over 30,000 check-ins at 100,000 people, in the same
#: minutes, the worst journal fsync was 106 ms with 4 MB pieces, 21 ms with 1 MB, 14 ms with 256 kB, 11 ms with
#: 128 kB, and the median started to grow below that.
FLUSH_EVERY = 1 << 18
_datasync = getattr(os, "fdatasync", os.fsync)


def steady_writer(fd: int) -> Callable[[bytes | memoryview], None]:
    """:func:`write_all` to ``fd``, flushed to disk every :data:`FLUSH_EVERY` bytes, however long the pieces
    written (the caller fsyncs at the end)."""
    written = 0

    def write(data: bytes | memoryview) -> None:
        nonlocal written
        view = memoryview(data)
        while view:
            piece, view = view[: FLUSH_EVERY - written], view[FLUSH_EVERY - written :]
            write_all(fd, piece)
            written += len(piece)
            if written >= FLUSH_EVERY:
                _datasync(fd)
                written = 0

    return write


def write_private(path: Path, data: bytes, *, fsync: bool = True) -> None:
    """Write ``data`` as the whole of ``path`` (created 0600, or emptied and made 0600), fsynced by default."""
    fd = new_private_file(path)
    try:
        write_all(fd, data)
        if fsync:
            os.fsync(fd)
    finally:
        os.close(fd)


def new_private_file(path: Path) -> int:
    """Open ``path`` for writing, created or emptied, made 0600; return its descriptor."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _BINARY, FILE_MODE)
    _fchmod(fd)
    return fd


def copy_private(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` (0600), :data:`FLUSH_EVERY` bytes at a time, each on disk before the next,
    fsynced."""
    fd = new_private_file(target)
    try:
        write = steady_writer(fd)
        with open(source, "rb") as fh:
            while chunk := fh.read(FLUSH_EVERY):
                write(chunk)
        os.fsync(fd)
    finally:
        os.close(fd)


def create_private(path: Path) -> int:
    """Create ``path`` (0600) for writing and return its descriptor; ``FileExistsError`` when it exists."""
    return os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | _BINARY, FILE_MODE)


def write_new_private(path: Path, data: bytes) -> None:
    """Create ``path`` (0600) holding ``data``; a file cut short (a full disk) is removed, never left behind."""
    fd = create_private(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise


def replace_private(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically: a crash or a full disk leaves the old file or the new one."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        write_private(tmp, data)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    fsync_dir(path.parent)


def open_append_private(path: Path) -> int:
    """Open ``path`` for appending (created 0600 when new) and return its descriptor."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | _BINARY, FILE_MODE)


def append_private(path: Path, text: str) -> None:
    """Append ``text`` (UTF-8) to ``path``, created 0600 when new."""
    fd = open_append_private(path)
    try:
        _fchmod(fd)
        write_all(fd, text.encode("utf-8"))
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Make a rename or a new file in ``path`` durable (POSIX; Windows has no directory handles)."""
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fchmod(fd: int) -> None:
    """Make an existing file private too (a file created by an older version, or by hand)."""
    if os.name == "posix":
        with contextlib.suppress(OSError):
            os.fchmod(fd, FILE_MODE)
