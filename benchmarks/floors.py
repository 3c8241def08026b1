"""The floors the figures are compared with, measured in the same run on the same disk and the same Textual.

A ratio to a floor measured beside it is the stable figure on a shared, noisy machine: both move together.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static


def fsync_floor(folder: Path, appends: int) -> float:
    """Seconds for ``appends`` bare appends of one journal-sized line, each followed by an fsync."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "floor.log"
    line = b'0123abcd {"seq": 1, "ops": [["u", "attendees", 1, {"checked_in_at": "2018-12-03T08:00:00"}]]}\n'
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        start = time.perf_counter()
        for _ in range(appends):
            os.write(fd, line)
            os.fsync(fd)
        return time.perf_counter() - start
    finally:
        os.close(fd)
        path.unlink()


class BareApp(App[None]):
    """A bare Textual app: one Static. Its start to first paint is the floor of opening any Textual app."""

    def compose(self) -> ComposeResult:
        yield Static("tdkt")


class BareDesk(App[None]):
    """The door desk's repaint with nothing of ours: on Enter the field is cleared and a result panel, a counters
    panel and a 100-line log are repainted with texts of the same size. Textual's own cost of that frame."""

    CSS = """
    #left { width: 2fr; } #right { width: 1fr; }
    #result { height: 8; border: round green; } #counters { height: 8; border: round $primary; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.done: list[float] = []
        self.scans = 0

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="left"):
                yield Input(id="scan")
                yield Static("", id="result")
            with Vertical(id="right"):
                yield Static("", id="counters")
                yield Static("", id="log")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.scans += 1
        event.input.value = ""
        self.query_one("#result", Static).update(
            f"✔ ĐÃ ĐIỂM DANH\nNguyễn Văn Đại Biểu {self.scans:05d}\nChuyên viên · Ban Tổ chức · Đại biểu\nGhế: S{self.scans}"
        )
        self.query_one("#counters", Static).update(f"Có mặt {self.scans}\nVắng {100_000 - self.scans}")
        self.query_one("#log", Static).update(
            "\n".join(f"08:00:{i % 60:02d}  Đã điểm danh  Nguyễn Văn Đại Biểu {i:05d}  Bàn 1"
                      for i in range(self.scans, max(0, self.scans - 100), -1))
        )
        self.call_after_refresh(lambda: self.done.append(time.perf_counter()))
