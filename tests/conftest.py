"""Shared fixtures: every test gets its own user folder and a fresh copy of the demo conference."""

from __future__ import annotations

from pathlib import Path

import pytest

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
