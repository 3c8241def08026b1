"""The people index of an open conference (search keys, identities) stays what a full rebuild would give, however
people are added, changed, removed and checked in, here or at another desk."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tdkt_tui.domain.attendance import count_attendance
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.errors import ValidationError
from tdkt_tui.domain.model import Attendee
from tdkt_tui.domain.text import fold

NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Đức Anh", "Phạm Thu Hà", "Đỗ Văn An"]
TITLES = ["Chuyên viên", "Phó Chánh Văn phòng", ""]


def fresh(conference: Conference) -> Conference:
    """The same folder opened anew: its index is built from scratch."""
    return Conference.open(conference.folder)


def assert_index_is_current(conference: Conference) -> None:
    rebuilt = fresh(conference)
    assert conference.attendees() == rebuilt.attendees()
    assert conference.identities() == rebuilt.identities()
    expected = {p.identity(): p.id for p in rebuilt.attendees()}
    assert rebuilt.identities() == expected
    stand_ins = sorted((p.id or 0, p.substitute_for) for p in rebuilt.attendees() if p.substitute_for is not None)
    assert sorted((p.id or 0, p.substitute_for) for p in conference.stand_ins()) == stand_ins
    # the running tally of attendance is what counting everyone again gives
    assert conference.attendance() == count_attendance(rebuilt.attendees(), rebuilt.units(), rebuilt.info().quorum)
    units = rebuilt.unit_names()
    for query in ("an", "van an", "chuyen", "vien phong", "09", "s1", "dang uy", ""):
        words = fold(query).split()
        by_hand = [p for p in rebuilt.attendees()
                   if all(w in fold(" ".join([p.full_name, units.get(p.unit_id or 0, ""), p.title, p.phone, p.email,
                                               p.seat])) for w in words)]
        assert conference.search_attendees(query) == by_hand, query
    rebuilt.close()


operation = st.one_of(
    st.tuples(st.just("add"), st.sampled_from(NAMES), st.integers(1, 4), st.sampled_from(TITLES)),
    st.tuples(st.just("rename"), st.integers(0, 60), st.sampled_from(NAMES), st.integers(1, 4)),
    st.tuples(st.just("remove"), st.integers(0, 60)),
    st.tuples(st.just("check_in"), st.integers(0, 60)),
    st.tuples(st.just("check_out"), st.integers(0, 60)),
    st.tuples(st.just("role"), st.integers(0, 60), st.sampled_from(["voting", "delegate", "guest"])),
    st.tuples(st.just("stands_in"), st.integers(0, 60), st.integers(1, 40)),
    st.tuples(st.just("other_desk_adds"), st.sampled_from(NAMES), st.integers(1, 4)),
    st.tuples(st.just("rename_unit"), st.integers(1, 4)),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(operation, max_size=12))
def test_the_index_follows_every_change(demo: Conference, operations: list[tuple]) -> None:
    conference = fresh(demo)
    conference.identities()  # built now, so every later change must keep it current
    other = fresh(demo)
    seats = iter(range(10_000))
    for op in operations:
        people = conference.attendees()
        pick = people[op[1] % len(people)] if people and isinstance(op[1], int) else None
        try:
            if op[0] == "add":
                conference.add_attendee(Attendee(full_name=op[1], unit_id=op[2], title=op[3], seat=f"S{next(seats)}"))
            elif op[0] == "rename" and pick is not None:
                conference.update_attendee(replace(pick, full_name=op[2], unit_id=op[3]))
            elif op[0] == "remove" and pick is not None:
                conference.remove_attendee(pick.id or 0)
            elif op[0] == "check_in" and pick is not None:
                with conference.store.transaction() as txn:
                    txn.update("attendees", pick.id or 0, {"checked_in_at": "2018-12-03T08:00:00"})
            elif op[0] in ("check_out", "role") and pick is not None:
                with conference.store.transaction() as txn:
                    txn.update("attendees", pick.id or 0,
                               {"checked_in_at": ""} if op[0] == "check_out" else {"role": op[2]})
            elif op[0] == "stands_in" and pick is not None:
                with conference.store.transaction() as txn:
                    txn.update("attendees", pick.id or 0, {"substitute_for": op[2]})
            elif op[0] == "other_desk_adds":
                other.refresh()
                other.add_attendee(Attendee(full_name=op[1], unit_id=op[2], phone=f"09{next(seats):08d}"))
                conference.refresh()
            elif op[0] == "rename_unit":
                unit = conference.unit(op[1])
                assert unit is not None
                conference.update_unit(replace(unit, name=unit.name + " mới"))
        except ValidationError:  # a refused change (a duplicate name in a unit) changes nothing
            pass
        assert_index_is_current(conference)
    other.close()
    conference.close()


def test_the_index_of_a_new_folder_is_empty(tmp_path: Path) -> None:
    conference = Conference.open(tmp_path / "new")
    assert conference.attendees() == [] and conference.identities() == {}
    assert conference.search_attendees("an") == []


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(keys=st.lists(st.one_of(st.sampled_from(list("anvđê ")), st.just("\b")), max_size=20))
def test_typing_and_backspacing_finds_what_a_fresh_search_finds(demo: Conference, keys: list[str]) -> None:
    """Each keystroke narrows the previous result or takes a recent one back; the answer is always the full one."""
    typed = ""
    for key in keys:
        typed = typed[:-1] if key == "\b" else typed + key
        fresh_result = fresh(demo).search_attendees(typed)
        assert demo.search_attendees(typed) == fresh_result, typed
    person = demo.attendees()[0]
    demo.update_attendee(replace(person, full_name="Zzz Mới Đổi"))
    assert [p.full_name for p in demo.search_attendees("zzz")] == ["Zzz Mới Đổi"]
