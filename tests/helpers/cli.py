"""Running ``tdkt`` as a user does: a real process, ``python -m tdkt_tui``, from the repository's root."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def tdkt(*args: str, env: dict[str, str] | None = None, home: Path | None = None,
         timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``tdkt ARGS`` with ``env`` added to this process's environment and ``home`` as TDKT_HOME; the language is
    the default (Vietnamese) unless ``env`` sets TDKT_LANG."""
    environment = {**os.environ, **(env or {})}
    if home is not None:
        environment["TDKT_HOME"] = str(home)
    if "TDKT_LANG" not in (env or {}):
        environment.pop("TDKT_LANG", None)
    return subprocess.run([sys.executable, "-m", "tdkt_tui", *args], capture_output=True, text=True,
                          env=environment, cwd=ROOT, timeout=timeout)
