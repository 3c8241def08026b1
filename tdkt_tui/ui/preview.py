"""Run the app on a fresh copy of the demo, opened on one mode: ``python -m tdkt_tui.ui.preview voting``.

For working on one screen: every start is a new copy, so nothing done while trying it out is kept.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tdkt_tui.domain.demo import write_demo
from tdkt_tui.domain.i18n import choose_language
from tdkt_tui.ui.app import TdktApp


def run_screen(mode: str) -> None:
    """Open the app on ``mode`` (a name of ``TdktApp.MODES``) over a fresh demo copy."""
    folder = Path(tempfile.mkdtemp(prefix="tdkt-demo-")) / "conference"
    app = TdktApp(write_demo(folder), lang=choose_language())
    app.DEFAULT_MODE = mode
    app.run()


if __name__ == "__main__":
    run_screen(sys.argv[1] if len(sys.argv) > 1 else "dashboard")
