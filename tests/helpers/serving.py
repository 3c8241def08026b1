"""``tdkt serve`` as a real process: start it on a free port, read its link, wait until it listens, stop it."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINK = re.compile(r"https?://\S+\?token=\S+")


def free_port() -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Served:
    """A running ``tdkt serve``: its process, the printed link, and what it printed before the link."""

    proc: subprocess.Popen[str]
    url: str
    port: int
    banner: str
    printed: tuple[str, str] | None = None

    def stop(self) -> tuple[str, str]:
        """Ctrl+C, then everything it printed (stdout, stderr); again, the same."""
        if self.printed is not None:
            return self.printed
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            out, err = self.proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate()
        self.printed = (self.banner + out, err)
        return self.printed


def start_serve(folder: Path, *args: str, port: int | None = None, env: dict[str, str] | None = None) -> Served:
    """Start ``tdkt serve folder`` in English; return once its link is printed and its port answers."""
    port = port or free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tdkt_tui", "serve", str(folder), "--port", str(port), "--lang", "en", *args],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
        cwd=ROOT, env={**os.environ, **(env or {})})
    banner = []
    url = ""
    while not url:
        line = proc.stdout.readline()  # type: ignore[union-attr]
        if not line:
            _, err = proc.communicate(timeout=10)
            pytest.fail(f"tdkt serve did not print its link:\n{''.join(banner)}{err}")
        banner.append(line)
        found = LINK.search(line)
        url = found.group(0) if found else ""
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                _, err = proc.communicate(timeout=10)
                pytest.fail(f"tdkt serve did not listen on {port}:\n{err}")
            time.sleep(0.05)
    return Served(proc, url, port, "".join(banner))
