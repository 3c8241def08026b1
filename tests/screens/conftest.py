"""Fixtures the screen tests share."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tdkt_tui.domain import checkin
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.model import ConferenceInfo, Role, Unit, UnitKind

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def hall(demo: Conference) -> Conference:
    """The demo with its 11 voting delegates checked in."""
    for person in demo.attendees():
        if person.role is Role.VOTING:
            checkin.scan(demo, checkin.code_of(demo, person), "Bàn 1")
    return demo


@pytest.fixture
def units_only(tmp_path: Path) -> Iterator[Conference]:
    """A new conference with the demo's bloc and its units, nobody in it yet: where a roster is brought in."""
    conference = Conference.open(tmp_path / "new", create=True)
    conference.save_info(ConferenceInfo(bloc_name="Khối thi đua các Ban cơ quan của Đảng tỉnh Bắc Ninh"))
    for unit in json.loads((ROOT / "data" / "demo.json").read_text(encoding="utf-8"))["units"]:
        conference.add_unit(Unit(name=unit["name"], short_name=unit["short_name"], kind=UnitKind(unit["kind"])))
    yield conference
    conference.close()
