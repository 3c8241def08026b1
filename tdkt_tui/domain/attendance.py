"""Who is here: counts by role, member units present and the quorum, from the attendee list."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

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


@dataclass
class Tally:
    """Running counts of attendance, kept one person at a time: a check-in at 100,000 people takes out the person as
    they were and adds them as they are, instead of counting everyone again."""

    expected: Counter[Role] = field(default_factory=Counter)
    present: Counter[Role] = field(default_factory=Counter)
    #: Present people who are not guests, by unit: a member unit is present while its count is above zero.
    here: Counter[int | None] = field(default_factory=Counter)

    def add(self, person: Attendee, sign: int = 1) -> None:
        """Count ``person`` in (``sign`` 1) or out (-1)."""
        role = person.role
        self.expected[role] += sign
        if person.checked_in_at:
            self.present[role] += sign
            if role is not Role.GUEST:
                self.here[person.unit_id] += sign

    def attendance(self, stood_for: Iterable[Attendee], units: list[Unit], quorum: QuorumRule) -> Attendance:
        """The figures, leaving out ``stood_for``: the absent people someone present attends for (see
        :func:`replaced`), each counted in by :meth:`add` and absent, so only their expected role changes."""
        expected = {role: self.expected[role] for role in Role}
        for person in stood_for:
            expected[person.role] -= 1
        here = {unit for unit, count in self.here.items() if count > 0}
        members = [u for u in units if u.is_member]
        present_units = [u for u in members if u.id in here]
        return Attendance(
            expected=expected,
            present={role: self.present[role] for role in Role},
            member_units=len(members),
            member_units_present=len(present_units),
            missing_units=tuple(u.name for u in members if u.id not in here),
            quorum=quorum,
            quorum_needed=quorum.needed(len(members)),
        )


def count_attendance(people: list[Attendee], units: list[Unit], quorum: QuorumRule) -> Attendance:
    """Count attendance; a member unit is present when at least one of its people (not a guest) is. An absent
    person with a substitute present is not expected: the substitute counts, in their role."""
    tally = Tally()
    for person in people:
        tally.add(person)
    stood_for = replaced(people)
    return tally.attendance([p for p in people if p.id in stood_for] if stood_for else [], units, quorum)
