"""Run one screen on its own against a fresh copy of the demo: ``python -m screens.dashboard``."""

from __future__ import annotations

import tempfile
from pathlib import Path

from tdkt_tui.app import TdktApp
from tdkt_tui.demo import write_demo
from tdkt_tui.i18n import choose_language


def run_screen(mode: str) -> None:
    folder = Path(tempfile.mkdtemp(prefix="tdkt-demo-")) / "conference"
    app = TdktApp(write_demo(folder), lang=choose_language())
    app.DEFAULT_MODE = mode
    app.run()
