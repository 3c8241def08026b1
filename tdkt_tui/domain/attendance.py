"""Who is here: counts by role, member units present and the quorum, from the attendee list."""

from __future__ import annotations

from dataclasses import dataclass

from tdkt_tui.domain.model import Attendee, QuorumRule, Role, Unit


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


def replaced(people: list[Attendee]) -> set[int]:
    """Ids of the absent people someone present attends for (a substitute, domain/checkin.py): they are not
    expected, their substitute is, in their role."""
    stood_for = {p.substitute_for for p in people if p.substitute_for is not None and p.checked_in_at}
    return {p.id for p in people if p.id in stood_for and not p.checked_in_at} if stood_for else set()


def count_attendance(people: list[Attendee], units: list[Unit], quorum: QuorumRule) -> Attendance:
    """Count attendance; a member unit is present when at least one of its people (not a guest) is. An absent
    person with a substitute present is not expected: the substitute counts, in their role.

    Two plain passes over the list: it runs after every scan, over up to 10,000 people.
    """
    expected = dict.fromkeys(Role, 0)
    present = dict.fromkeys(Role, 0)
    here: set[int | None] = set()
    guest = Role.GUEST
    stood_for = replaced(people)
    for person in people:
        if stood_for and person.id in stood_for:
            continue
        role = person.role
        expected[role] += 1
        if person.checked_in_at:
            present[role] += 1
            if role is not guest:
                here.add(person.unit_id)
    members = [u for u in units if u.is_member]
    present_units = [u for u in members if u.id in here]
    return Attendance(
        expected=expected,
        present=present,
        member_units=len(members),
        member_units_present=len(present_units),
        missing_units=tuple(u.name for u in members if u.id not in here),
        quorum=quorum,
        quorum_needed=quorum.needed(len(members)),
    )
