"""A reader that stops early (``tdkt tally PATH 1 --json | head``) ends the command quietly: no traceback, no crash
log, exit code 141 as for SIGPIPE."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tdkt_tui.domain import voting
from tdkt_tui.domain.demo import write_demo
from tdkt_tui.domain.voting import Poll, PollKind

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(os.name != "posix", reason="POSIX pipes")
@pytest.mark.parametrize("args", [["tally", "{path}", "1", "--json"], ["poll", "{path}", "list"], ["verify", "{path}"],
                                  ["minutes", "{path}", "--format", "md", "--stdout"]],
                         ids=["tally", "poll list", "verify", "minutes"])
def test_a_closed_pipe_ends_quietly(tmp_path: Path, args: list[str]) -> None:
    folder = tmp_path / "hoi-nghi"
    conference = write_demo(folder)
    voting.create_poll(conference, Poll(PollKind.AWARD, title="Cờ thi đua"))
    conference.close()
    home = tmp_path / "home"
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line
    try:
        done = subprocess.run([sys.executable, "-m", "tdkt_tui", *[a.format(path=folder) for a in args]],
                              stdout=write_end, stderr=subprocess.PIPE, text=True, encoding="utf-8", cwd=ROOT,
                              env={**os.environ, "TDKT_HOME": str(home)}, timeout=60)
    finally:
        os.close(write_end)
    assert done.stderr == ""
    assert done.returncode == 141
    assert not (home / "crash.log").exists()
