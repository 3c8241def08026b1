"""Running a command on a conference folder this program cannot write, as on a read-only copy or medium.

Not root: the folder's permission bits are taken away for the duration. Root ignores permission bits, so the command
runs in its own mount namespace (``unshare -m``) where the folder is bind-mounted read-only: a real read-only file
system that vanishes with the process, never touching the machine's mounts. Where neither works, the test is skipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_BIND_READ_ONLY = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" "$1" && shift && exec "$@"'


def _can_unshare() -> bool:
    if shutil.which("unshare") is None:
        return False
    done = subprocess.run(["unshare", "-m", "sh", "-c", "mount --bind /tmp /tmp"], capture_output=True, timeout=10)
    return done.returncode == 0


@contextmanager
def _without_write_bits(folder: Path) -> Iterator[None]:
    modes = {path: path.stat().st_mode for path in [folder, *folder.rglob("*")]}
    for path in sorted(modes, key=lambda p: len(p.parts), reverse=True):
        path.chmod(modes[path] & ~0o222)
    try:
        yield
    finally:
        for path in sorted(modes, key=lambda p: len(p.parts)):
            path.chmod(modes[path])


def run_read_only(folder: Path, argv: list[str], *, env: dict[str, str] | None = None,
                  timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run ``argv`` (a whole command line) while ``folder`` is read-only for it."""
    full_env = {**os.environ, **(env or {})}
    if os.name != "posix":
        pytest.skip("read-only folders are set up with POSIX means here")
    if os.geteuid() != 0:
        with _without_write_bits(folder):
            return subprocess.run(argv, capture_output=True, text=True, encoding="utf-8", env=full_env, cwd=ROOT,
                                  timeout=timeout)
    if not _can_unshare():
        pytest.skip("running as root without mount namespaces: no way to make a folder read-only")
    return subprocess.run(["unshare", "-m", "sh", "-c", _BIND_READ_ONLY, "sh", str(folder), *argv],
                          capture_output=True, text=True, encoding="utf-8", env=full_env, cwd=ROOT, timeout=timeout)
