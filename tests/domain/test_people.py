"""The index of everyone stays what a build from scratch gives, ids in order or not; and an open conference of many
people keeps its people table as the snapshot's lines (the memory of 100,000 people, docs/scale.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tdkt_tui.domain import checkin
from tdkt_tui.domain.conference import ATTENDEES, Conference
from tdkt_tui.domain.model import Attendee
from tdkt_tui.domain.people import People

UNITS = {1: "Ban Nội chính", 2: "Báo Bắc Ninh"}
people_docs = st.builds(
    lambda name, unit, checked: Attendee(full_name=name, unit_id=unit, title="Chuyên viên",
                                         checked_in_at="2018-12-03T08:00:00" if checked else "").to_doc(),
    st.sampled_from(["Nguyễn Văn An", "Lê Thu Hà", "Đỗ Đức Anh"]), st.sampled_from([1, 2]), st.booleans())
changes = st.lists(st.tuples(st.integers(1, 30), st.one_of(st.none(), people_docs)), max_size=30)


def built(stored: dict[int, dict[str, Any]]) -> People:
    people = People()
    people.update(((str(k), doc) for k, doc in stored.items()), UNITS)
    return people


@settings(max_examples=150, deadline=None)
@given(batches=st.lists(changes, max_size=6))
def test_changes_in_any_id_order_give_what_a_fresh_build_gives(batches: list[list[Any]]) -> None:
    """Removals, people put back under an old id, changes: the list (in the stored order), lookups, identities,
    the tally and the searches are those of an index built from the stored documents at once."""
    stored: dict[int, dict[str, Any]] = {}
    people = People()
    people.identities()  # kept current from now on
    for batch in batches:
        final = {person_id: doc for person_id, doc in batch}  # what the store drains: each changed id once
        for person_id in sorted(final):
            doc = final[person_id]
            if doc is None:
                stored.pop(person_id, None)
            else:  # one name per person: the conference refuses a second person of the same name in a unit
                stored[person_id] = {**doc, "full_name": f"{doc['full_name']} {person_id}"}
        people.update(((str(k), stored.get(k)) for k in sorted(final)), UNITS)
        fresh = built(stored)
        assert people.everyone == fresh.everyone
        assert [p.id for p in people.everyone] == list(stored)
        assert people.identities() == fresh.identities()
        assert people.tally == fresh.tally
        for person_id in range(0, 32):
            assert people.get(person_id) == fresh.get(person_id) == (
                Attendee.from_doc(person_id, stored[person_id]) if person_id in stored else None)
        for words in [("an",), ("nguyen", "noi"), ("bac", "ha"), ("zzz",)]:
            assert people.search(words) == fresh.search(words)


def test_titles_and_desks_are_one_string_each() -> None:
    a, b = (Attendee.from_doc(i, {"full_name": f"Người {i}", "title": "Chuyên " + "viên", "checkin_desk": "Bàn " + "1"})
            for i in (1, 2))
    assert a.title is b.title and a.checkin_desk is b.checkin_desk


def test_an_open_conference_keeps_its_people_as_lines(tmp_path: Path) -> None:
    """Opening, checking, listing, searching, counting and checking in never decode the people table whole: at
    100,000 people its documents would take 80 MB beside the records the index holds."""
    conference = Conference.open(tmp_path / "many")
    with conference.store.transaction() as txn:
        for i in range(500):
            txn.insert(ATTENDEES, Attendee(full_name=f"Nguyễn Văn {i}", unit_id=None, phone=f"09{i:08d}").to_doc())
    conference.store.compact()
    conference.close()
    conference, other = Conference.open(tmp_path / "many"), Conference.open(tmp_path / "many")
    conference.check()
    assert len(conference.attendees()) == 500 and conference.search_attendees("van 12")
    person = conference.attendees()[250]
    assert checkin.scan(conference, checkin.code_of(conference, person), "Bàn 1").outcome is checkin.Outcome.CHECKED_IN
    assert conference.attendance().total_present == 1 and conference.compact()
    other.refresh()
    assert other.attendance().total_present == 1 and other.attendee(person.id or 0).checked_in_at  # type: ignore[union-attr]
    for desk in (conference, other):
        assert not desk.store.decoded(ATTENDEES)
        desk.close()


def test_memory_freed_by_big_reads_goes_back_to_the_system() -> None:
    """After steady_memory (the app calls it at start), a freed 25 MB read no longer leaves the heap holding
    whatever comes after it: five rounds of reads as big as 100,000 people's lines, each followed by many small
    records that stay, grow the process by about what stays, not by the reads."""
    import subprocess
    import sys

    script = """
import os
from tdkt_tui.domain.bulk import steady_memory
steady_memory()
def rss():
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
start, kept = rss(), []
for _ in range(5):
    lines = bytes(25_000_000)
    del lines
    kept += [bytes(8_000) for _ in range(200)]  # 1.6 MB a round that stays
print((rss() - start) / 1e6)
"""
    if not sys.platform.startswith("linux"):
        return
    grown = float(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout)
    assert grown < 15, grown  # 8 MB stays; without steady_memory the process grew by 30 MB here


def test_people_checked_in_leave_the_collector_little_to_walk(tmp_path: Path, monkeypatch: Any) -> None:
    """A person checked in is a new record at every desk. Left to the collector, 200,000 of them (100,000 check-ins,
    two desks) made one full collection stall a check-in by up to 100 ms; every ``KEEP_AFTER`` they are exempted,
    after the garbage made meanwhile is collected (a cycle dropped before is not kept for ever)."""
    import gc
    import weakref

    from tdkt_tui.domain import bulk

    monkeypatch.setattr(bulk, "KEEP_AFTER", 50)
    folder = tmp_path / "many"
    conference = Conference.open(folder)
    with conference.store.transaction() as txn:
        for i in range(400):
            txn.insert(ATTENDEES, Attendee(full_name=f"Nguyễn Văn {i}", unit_id=None).to_doc())
    conference.close()
    desk, other = Conference.open(folder), Conference.open(folder)
    people = desk.attendees()
    other.attendees()

    class Node:
        pass

    cycle = Node()
    cycle.itself = cycle  # type: ignore[attr-defined]
    dropped = weakref.ref(cycle)
    del cycle
    for person in people[:300]:
        checkin.scan(desk, checkin.code_of(desk, person), "Bàn 1")
        other.refresh()
        other.attendees()
    walked = sum(isinstance(o, Attendee) for o in gc.get_objects())
    assert walked <= 2 * 50 + 2, walked  # 600 without the exemptions
    assert dropped() is None
    assert other.attendance().total_present == 300
    desk.close()
    other.close()


def test_a_check_in_looks_its_person_up_once(tmp_path: Path, monkeypatch: Any) -> None:
    """A check-in reads its person, checks they exist and then (at the next one) indexes them: one bisection of the
    people's lines for all three, not three (each about 30 µs at 100,000 people), and no journal opened when no
    other desk wrote."""
    import builtins

    from tdkt_tui.domain import tables

    folder = tmp_path / "many"
    conference = Conference.open(folder)
    with conference.store.transaction() as txn:
        for i in range(300):
            txn.insert(ATTENDEES, Attendee(full_name=f"Nguyễn Văn {i}", unit_id=None).to_doc())
    conference.store.compact()
    conference.close()
    desk = Conference.open(folder)
    people = desk.attendees()
    checkin.scan(desk, checkin.code_of(desk, people[0]), "Bàn 1")
    looked_up: list[str] = []
    opened: list[str] = []
    find_line, real_open = tables.find_line, builtins.open
    monkeypatch.setattr(tables, "find_line", lambda *a, **k: looked_up.append(a[3]) or find_line(*a, **k))
    monkeypatch.setattr(builtins, "open", lambda path, *a, **k: opened.append(str(path)) or real_open(path, *a, **k))
    for person in people[1:21]:
        assert checkin.scan(desk, checkin.code_of(desk, person), "Bàn 1").outcome is checkin.Outcome.CHECKED_IN
    assert len(looked_up) == 20, looked_up
    assert not [path for path in opened if "journal" in path], opened
    desk.close()


def test_a_search_result_held_by_a_screen_stays_whole() -> None:
    """A result is positions in the list of everyone (the collector never walks it); a screen holding one while
    people are checked in, added or removed reads people from it, never a gap left by a removal."""
    people = built({i: Attendee(full_name=f"Nguyễn Văn {i}", unit_id=1).to_doc() for i in range(1, 21)})
    held = people.search(("van",))
    narrowed = people.search(("van", "1"))
    assert len(held) == 20 and [p.id for p in narrowed] == [1, *range(10, 20)]
    assert held == people.everyone and narrowed[1:3] == [people.get(10), people.get(11)]
    people.update([("12", None), ("3", None), ("21", Attendee(full_name="Lê Thu Hà", unit_id=2).to_doc())], UNITS)
    assert all(isinstance(p, Attendee) for p in held) and all(isinstance(p, Attendee) for p in narrowed)
    assert [p.id for p in people.search(("van", "1"))] == [1, 10, 11, *range(13, 20)]
    assert held == [people.get(i) or Attendee(full_name=f"Nguyễn Văn {i}", unit_id=1, id=i) for i in range(1, 21)]
