"""Who is here: counts by role, member units present and the quorum, from the attendee list."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from tdkt_tui.model import Attendee, QuorumRule, Role, Unit


@dataclass(frozen=True)
class Attendance:
    """The live attendance figures the dashboard and (later) the minutes show."""

    expected: dict[Role, int]
    present: dict[Role, int]
    member_units: int
    member_units_present: int
    missing_units: tuple[str, ...]
    quorum: QuorumRule
    quorum_needed: int

    @property
    def quorum_met(self) -> bool:
        return self.member_units > 0 and self.member_units_present >= self.quorum_needed

    @property
    def total_expected(self) -> int:
        return sum(self.expected.values())

    @property
    def total_present(self) -> int:
        return sum(self.present.values())


def count_attendance(people: list[Attendee], units: list[Unit], quorum: QuorumRule) -> Attendance:
    """Count attendance; a member unit is present when at least one of its people (not a guest) is."""
    expected = Counter(p.role for p in people)
    present = Counter(p.role for p in people if p.present)
    members = [u for u in units if u.is_member]
    here = {p.unit_id for p in people if p.present and p.role is not Role.GUEST}
    present_units = [u for u in members if u.id in here]
    return Attendance(
        expected={role: expected.get(role, 0) for role in Role},
        present={role: present.get(role, 0) for role in Role},
        member_units=len(members),
        member_units_present=len(present_units),
        missing_units=tuple(u.name for u in members if u.id not in here),
        quorum=quorum,
        quorum_needed=quorum.needed(len(members)),
    )
