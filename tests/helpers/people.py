"""People of the demo conference that several tests need: a unit's voting delegate and the delegate who can stand
in for them."""

from __future__ import annotations

from tdkt_tui.domain import checkin
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.model import Attendee, Role

#: A demo unit with a voting delegate and a listed delegate.
UNIT = "Ban Tuyên giáo Tỉnh uỷ"


def voter_and_deputy(demo: Conference, unit_name: str = UNIT) -> tuple[Attendee, Attendee]:
    """The unit's voting delegate and its (non-voting) delegate."""
    unit = demo.find_unit(unit_name)
    assert unit is not None
    absent = next(p for p in demo.attendees() if p.unit_id == unit.id and p.role is Role.VOTING)
    deputy = next(p for p in demo.attendees() if p.unit_id == unit.id and p.role is Role.DELEGATE)
    return absent, deputy


def replaced_voter_and_next(demo: Conference) -> tuple[Attendee, Attendee, Attendee]:
    """The voting delegate of :data:`UNIT` replaced by the unit's delegate at desk "Bàn 1": the voter, the
    delegate, and the first person of another unit not yet present (whose badge comes next)."""
    absent, deputy = voter_and_deputy(demo)
    checkin.substitute_listed(demo, absent.id or 0, deputy.id or 0, "Bàn 1")
    return absent, deputy, next(p for p in demo.attendees() if p.unit_id != absent.unit_id and not p.present)
