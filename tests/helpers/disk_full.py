"""Run the ``tdkt`` command with a disk that fills up under ``exports/``: ``python disk_full.py ROOM tdkt-args...``.

Every file tdkt writes goes through ``os.write`` or ``os.fdopen`` (``tdkt_tui/domain/files.py`` and ``exports.py``),
so wrapping those two is enough: writes to a file under an ``exports`` folder succeed for ``ROOM`` bytes in all, then
fail with ENOSPC, as on a full disk (Linux: the file's name comes from /proc/self/fd).
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

room = int(sys.argv[1])
_real_write, _real_fdopen = os.write, os.fdopen


def _full(fd: int) -> bool:
    try:
        return "/exports/" in os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return False


def _take(fd: int, data: Any) -> int:
    global room
    if room <= 0:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    size = min(len(data), room)
    room -= size
    return _real_write(fd, bytes(memoryview(data)[:size]))


def write(fd: int, data: Any) -> int:
    return _take(fd, data) if _full(fd) else _real_write(fd, data)


class _Filling:
    """A binary file object over ``fd`` whose writes come out of the room left."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def write(self, data: Any) -> int:
        view = memoryview(data)
        while view:
            view = view[_take(self.fd, view) :]
        return len(data)

    def close(self) -> None:
        os.close(self.fd)

    def __enter__(self) -> _Filling:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
    if "w" in mode and _full(fd):
        return _Filling(fd)
    return _real_fdopen(fd, mode, *args, **kwargs)


os.write = write
os.fdopen = fdopen  # type: ignore[assignment]

from tdkt_tui.cli import main  # noqa: E402

sys.exit(main(sys.argv[2:]))
