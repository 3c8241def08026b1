"""Fixtures the screen tests share."""

from __future__ import annotations

import pytest

from tdkt_tui.domain import checkin
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.model import Role


@pytest.fixture
def hall(demo: Conference) -> Conference:
    """The demo with its 11 voting delegates checked in."""
    for person in demo.attendees():
        if person.role is Role.VOTING:
            checkin.scan(demo, checkin.code_of(demo, person), "Bàn 1")
    return demo
