"""Child processes the tests start (a writer, a desk): one way to start them and to wait until they are ready."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def spawn(script: Path, *args: str) -> subprocess.Popen[str]:
    """Start ``script`` with ``args`` under this Python, pipes for stdin/stdout/stderr, in the project folder."""
    return subprocess.Popen(
        [sys.executable, str(script), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
    )


def wait_ready(proc: subprocess.Popen[str], what: str = "child") -> None:
    """Wait for the child's ``ready`` line; fail the test with its stderr when it does not come."""
    line = proc.stdout.readline()  # type: ignore[union-attr]
    if line != "ready\n":
        proc.kill()
        _, err = proc.communicate(timeout=10)
        pytest.fail(f"{what} did not start: {line!r}\n{err}")
