"""Records read back from stored documents: what an older or newer version wrote still opens."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, fields

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tdkt_tui.domain.model import Attendee, Role


people = st.builds(
    Attendee, full_name=st.text(min_size=1, max_size=30), unit_id=st.one_of(st.none(), st.integers(1, 50)),
    title=st.text(max_size=5), role=st.sampled_from(list(Role)), phone=st.text(max_size=5),
    email=st.text(max_size=5), seat=st.text(max_size=5), note=st.text(max_size=5), checked_in_at=st.text(max_size=5),
    checkin_desk=st.text(max_size=5), code_version=st.integers(1, 500),
    substitute_for=st.one_of(st.none(), st.integers(1, 50)), id=st.integers(1, 10**6))


@given(person=people)
def test_every_field_is_read_back(person: Attendee) -> None:
    """from_doc sets the slots itself (for speed): every field of the record, none forgotten, none in another's
    place; the record is still frozen."""
    read = Attendee.from_doc(person.id, person.to_doc())  # type: ignore[arg-type]
    assert read == person and repr(read) == repr(person) and hash(read) == hash(person)
    assert {f.name for f in fields(Attendee)} == set(person.to_doc()) | {"id"}
    with pytest.raises(FrozenInstanceError):
        read.full_name = "X"  # type: ignore[misc]


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
