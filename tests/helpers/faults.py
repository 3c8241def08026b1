"""Faults a test injects into a process of its own: a disk that fills up, a clock that jumps.

Every file tdkt writes goes through ``os.write`` or ``os.fdopen`` (``tdkt_tui/domain/files.py``, ``exports.py``, the
journal's handle in ``store.py``), so wrapping those two is enough for a full disk: writes to files whose path
contains ``where`` take from a budget of bytes and fail with ENOSPC once it is spent, possibly halfway through a
write, as a real disk does (Linux: a descriptor's path is read from /proc/self/fd). The clock: ``datetime.datetime``,
``time.time`` and ``time.time_ns`` are shifted by an offset that can jump forward or back.
"""

from __future__ import annotations

import datetime as _dt
import errno
import os
import time
from typing import Any

_real_write, _real_fdopen = os.write, os.fdopen
_real_time, _real_time_ns = time.time, time.time_ns
_RealDatetime = _dt.datetime


class _Disk:
    where = "/exports/"
    room: int | None = None  # None: as much room as the real disk has


DISK = _Disk()
_offset = 0.0


def _watched(fd: int) -> bool:
    if DISK.room is None:
        return False
    try:
        return DISK.where in os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return False


def _take(fd: int, data: Any, write: Any) -> int:
    """Write what the room left allows (all of it, or part, or ENOSPC when nothing is left)."""
    assert DISK.room is not None
    if DISK.room <= 0:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    size = min(len(data), DISK.room)
    DISK.room -= size
    return int(write(bytes(memoryview(data)[:size])))


def _write(fd: int, data: Any) -> int:
    return _take(fd, data, lambda chunk: _real_write(fd, chunk)) if _watched(fd) else _real_write(fd, data)


class _Filling:
    """A file object whose writes take from the disk's room; everything else is the real file's."""

    def __init__(self, real: Any) -> None:
        self._real = real

    def write(self, data: Any) -> int:
        if not _watched(self._real.fileno()):
            return int(self._real.write(data))
        if getattr(self._real, "raw", None) is None and not hasattr(self._real, "readinto1"):  # unbuffered: short
            return _take(self._real.fileno(), data, self._real.write)
        view = memoryview(data)
        while view:
            view = view[_take(self._real.fileno(), view, self._real.write) :]
        return len(data)

    def __enter__(self) -> _Filling:
        return self

    def __exit__(self, *exc: object) -> None:
        self._real.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


def _fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
    real = _real_fdopen(fd, mode, *args, **kwargs)
    return _Filling(real) if any(c in mode for c in "wa") else real


class _ShiftedDatetime(_RealDatetime):
    @classmethod
    def now(cls, tz: Any = None) -> Any:  # type: ignore[override]
        return _RealDatetime.now(tz) + _dt.timedelta(seconds=_offset)

    @classmethod
    def today(cls) -> Any:  # type: ignore[override]
        return cls.now()


def install_disk(where: str) -> None:
    """Route this process's writes to files whose path contains ``where`` through the disk's room (unlimited until
    :func:`fill_disk`)."""
    DISK.where = where
    os.write = _write
    os.fdopen = _fdopen  # type: ignore[assignment]


def install_clock() -> None:
    """Route this process's clock through :func:`jump_clock` (``datetime.datetime`` becomes a subclass: libraries
    that check for the exact class, such as openpyxl, will refuse it)."""
    _dt.datetime = _ShiftedDatetime  # type: ignore[misc]
    time.time = lambda: _real_time() + _offset
    time.time_ns = lambda: _real_time_ns() + int(_offset * 1e9)


def fill_disk(room: int | None) -> None:
    """From now on ``room`` more bytes fit on the watched files' disk (None: no limit)."""
    DISK.room = room


def jump_clock(seconds: float) -> None:
    """Move this process's clock by ``seconds`` (negative: back)."""
    global _offset
    _offset += seconds
