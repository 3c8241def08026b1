"""Records read back from stored documents: what an older or newer version wrote still opens."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tdkt_tui.domain.model import Attendee, Role


@given(
    name=st.text(min_size=1, max_size=30),
    role=st.sampled_from(list(Role)),
    unit=st.one_of(st.none(), st.integers(1, 50)),
    version=st.integers(1, 500),
)
def test_a_person_round_trips_through_the_stored_document(name: str, role: Role, unit: int | None,
                                                          version: int) -> None:
    person = Attendee(full_name=name, role=role, unit_id=unit, code_version=version, id=7)
    assert Attendee.from_doc(7, person.to_doc()) == person


def test_keys_a_newer_version_wrote_are_ignored_and_missing_ones_take_their_defaults() -> None:
    person = Attendee.from_doc(3, {"full_name": "Lê Thị Hoa", "role": "voting", "badge_colour": "red"})
    assert person == Attendee(full_name="Lê Thị Hoa", role=Role.VOTING, id=3)


def test_a_role_this_version_does_not_know_reads_as_delegate() -> None:
    for stored in ("observer", None, 3, ["voting"]):
        assert Attendee.from_doc(1, {"full_name": "A", "role": stored}).role is Role.DELEGATE
