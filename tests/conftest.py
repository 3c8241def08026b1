"""Shared fixtures: every test gets its own user folder and a fresh copy of the demo conference."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.reactive import reactive
from textual.widgets import Input, TextArea

from tdkt_tui.domain import i18n
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.demo import write_demo
from tdkt_tui.ui.app import TdktApp


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep the user's real data folder out of the tests; start every test in Vietnamese."""
    home = tmp_path / "home"
    monkeypatch.setenv("TDKT_HOME", str(home))
    monkeypatch.delenv("TDKT_LANG", raising=False)
    i18n.set_language("vi")
    return home


@pytest.fixture(autouse=True)
def collectable_after_each_test() -> Iterator[None]:
    """A conference exempts its records from the cyclic collector (``domain/bulk.py``); a desk keeps them as long
    as it runs, but in one process running thousands of tests each test's conference and app, once dropped, would
    never be collected (tests/domain alone: 298 MB at most with them, 201 MB without). So the exemptions end with
    each test."""
    yield
    gc.unfreeze()


@pytest.fixture(autouse=True)
def steady_cursor(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a snapshot the text cursor is always drawn: with Textual's 0.5 s blink, whether it showed depended on how
    busy the machine was when the picture was taken (the same screen failed one run in two under load)."""
    if "snap_compare" not in request.fixturenames:
        return
    for widget in (Input, TextArea):
        steady = reactive(False, init=False)
        steady.__set_name__(widget, "cursor_blink")
        monkeypatch.setattr(widget, "cursor_blink", steady)


@pytest.fixture
def demo(tmp_path: Path) -> Conference:
    conference = write_demo(tmp_path / "demo")
    yield conference
    conference.close()


@pytest.fixture
def demo_held(tmp_path: Path) -> Conference:
    """The demo conference as it was held: check-in done, notes written, every vote closed (docs/domain.md)."""
    conference = write_demo(tmp_path / "demo-held", held=True)
    yield conference
    conference.close()


@pytest.fixture
def demo_app(demo: Conference) -> TdktApp:
    return TdktApp(demo, lang="vi", watch_interval=0.1)
