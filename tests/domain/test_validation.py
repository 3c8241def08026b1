"""Documents of the wrong type are damage, named with their record (``tdkt_tui.domain.validation``).

A snapshot that is valid JSON with a number where a name belongs used to stop the attendance list, the badges and
the minutes on "unexpected error". Now the first read of the table names the record and the field, and says how to
recover; nothing changes on disk. Everything the app itself writes passes the check (a rich conference is built
through the domain and checked whole).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tdkt_tui.domain import checkin, i18n, proceedings, validation, voting
from tdkt_tui.domain.conference import ATTENDEES, Conference
from tdkt_tui.domain.demo import write_demo
from tdkt_tui.domain.errors import CorruptStore
from tdkt_tui.domain.model import Role
from tdkt_tui.domain.snapshots import SNAPSHOT
from tdkt_tui.domain.store import Store
from tdkt_tui.domain.voting import Poll, PollKind

ROOT = Path(__file__).resolve().parents[2]


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def tamper(folder: Path, table: str, doc_id: str, field: str, value: Any) -> None:
    """Change one field of one document in the snapshot (after folding the journal into it)."""
    Conference.open(folder, create=False).compact()
    tables = json.loads((folder / SNAPSHOT).read_text("utf-8"))
    tables[table][doc_id][field] = value
    (folder / SNAPSHOT).write_text(json.dumps(tables, ensure_ascii=False), "utf-8")


def rich(folder: Path) -> Conference:
    """A conference with something in every table the app writes: the demo (units, people, agenda, criteria,
    scores, reports, tasks), check-ins and the scan log, a closed award poll with ballots, a motion, notes."""
    conference = write_demo(folder)
    for person in conference.attendees():
        if person.role is Role.VOTING:
            checkin.scan(conference, checkin.code_of(conference, person), "Bàn 1")
    checkin.scan(conference, "not a code", "Bàn 1")
    poll = voting.create_poll(conference, Poll(PollKind.AWARD, title="Cờ thi đua",
                                               candidates=voting.default_candidates(conference)))
    voting.open_poll(conference, poll.id)
    voting.set_collected(conference, poll.id, 3)
    for numbers in ("1 2", "1", "2 3"):
        voting.enter_ballot(conference, poll.id, numbers)
    voting.close_poll(conference, poll.id)
    motion = voting.create_poll(conference, Poll(PollKind.MOTION, title="Thông qua chương trình"))
    voting.open_poll(conference, motion.id)
    voting.record_motion(conference, motion.id, 10, 1, 0)
    item = conference.agenda()[0]
    proceedings.save_note(conference, item.id, "Đồng chí Trưởng khối phát biểu khai mạc.")
    return conference


def test_everything_the_app_writes_fits_its_record_types(tmp_path: Path) -> None:
    rich(tmp_path / "hoi-nghi").close()
    with closing(Store.open(tmp_path / "hoi-nghi", create=False)) as store:
        tables = set(store.names())
        assert {"attendees", "units", "scanlog", "polls", "ballots", "tasks", "scores"} <= tables
        for name in tables:
            assert validation.check(name, store.docs(name)) is None, name
        store.check()  # the same through the store, every table


DAMAGE = {
    "name a number": ("attendees", "3", "full_name", 5, "record 3 of attendees: full_name is a whole number, not text"),
    "time null": ("attendees", "4", "checked_in_at", None, "record 4 of attendees: checked_in_at is empty, not text"),
    "unit id text": ("attendees", "5", "unit_id", "1", "record 5 of attendees: unit_id is text"),
    "unit name a list": ("units", "2", "name", ["Sở"], "record 2 of units: name is a list, not text"),
    "year text": ("conference", "1", "year", "2018", "record 1 of conference: year is not of its type"),
    "title an object": ("agenda", "1", "title", {"vi": "Khai mạc"}, "record 1 of agenda: title is an object, not text"),
}
#: The commands of the issue, each with the damage in a table it reads (the agenda is read by the minutes only).
CASES = [(command, case) for command in ("attendance", "badges", "minutes") for case in DAMAGE
         if case != "title an object" or command == "minutes"]


@pytest.mark.parametrize(("command", "case"), CASES, ids=[f"{c}-{d}" for c, d in CASES])
def test_wrong_types_are_damage_named_with_the_record(tmp_path: Path, command: str, case: str) -> None:
    table, doc_id, field, value, named = DAMAGE[case]
    folder = tmp_path / "hoi-nghi"
    write_demo(folder).close()
    tamper(folder, table, doc_id, field, value)
    before = files(folder)
    home = tmp_path / "home"
    done = subprocess.run([sys.executable, "-m", "tdkt_tui", command, str(folder), "--lang", "en"],
                          capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120,
                          env={**os.environ, "TDKT_HOME": str(home)})
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith(f"Error: {folder / SNAPSHOT} is damaged ({named}")
    assert f'tdkt recover "{folder}"' in done.stderr
    assert not (home / "crash.log").exists()
    assert files(folder) == before


def test_wrong_types_in_a_poll_stop_the_tally_with_a_sentence(tmp_path: Path) -> None:
    folder = tmp_path / "hoi-nghi"
    rich(folder).close()
    tamper(folder, "polls", "1", "candidates", ["một", "hai"])
    i18n.set_language("en")
    with pytest.raises(CorruptStore) as exc, closing(Conference.open(folder, create=False)) as conference:
        voting.tally(conference, 1)
    assert exc.value.params["detail"].startswith("record 1 of polls cannot be read (ValueError")


def test_a_wrong_type_from_another_desks_journal_line_names_the_journal(tmp_path: Path) -> None:
    folder = tmp_path / "hoi-nghi"
    conference = write_demo(folder)
    conference.attendees()
    i18n.set_language("en")
    other = Store.open(folder, create=False)
    with other.transaction() as txn:  # a desk (or a hand) that writes a number as a name
        txn.update(ATTENDEES, 2, {"full_name": 42})
    other.close()
    assert conference.refresh()
    with pytest.raises(CorruptStore) as exc:
        conference.attendees()
    assert exc.value.params["path"] == str(conference.store.journal_path)
    assert "record 2 of attendees: full_name" in str(exc.value)
    conference.close()


def test_the_check_is_quick_at_100000_people() -> None:
    """A whole column check of 100,000 attendees takes well under a second (it is done once per load)."""
    import time

    from tdkt_tui.domain.model import Attendee

    docs = {str(i): Attendee(full_name=f"Đại biểu {i}", unit_id=i % 40).to_doc() for i in range(1, 100_001)}
    started = time.perf_counter()
    assert validation.check(ATTENDEES, docs) is None
    assert time.perf_counter() - started < 1.0
    docs["77777"] = {**docs["77777"], "seat": 12}
    problem = validation.check(ATTENDEES, docs)
    assert problem is not None and problem.doc_id == "77777"


@given(rows=st.lists(st.dictionaries(st.sampled_from(["full_name", "unit_id", "seat", "role", "extra"]),
                                     st.one_of(st.none(), st.integers(), st.text(max_size=2), st.booleans(),
                                               st.lists(st.integers(), max_size=1))), max_size=6))
def test_the_types_of_every_column_are_found_by_either_path(rows: list[dict[str, Any]]) -> None:
    """Rows holding every column are turned into columns in one pass; a row missing one makes it a pass per column.
    Either way, every type found is the type of a value there (or "missing")."""
    from operator import methodcaller

    from tdkt_tui.domain.model import Attendee

    columns = validation._columns(Attendee)
    full = [{**dict.fromkeys(columns, ""), **row} for row in rows]  # every column: the one-pass path
    for case in (rows, full):
        expected = {name: set(map(type, map(methodcaller("get", name, validation._MISSING), case)))
                    for name in columns}
        assert validation._column_types(columns, case) == expected


def test_the_app_refuses_a_damaged_record_before_it_starts(tmp_path: Path) -> None:
    from tdkt_tui.ui.app import make_app

    folder = tmp_path / "hoi-nghi"
    rich(folder).close()
    tamper(folder, "ballots", "2", "kept", "1 2")
    i18n.set_language("en")
    with pytest.raises(CorruptStore) as exc:
        make_app(folder, lang="en")
    assert "record 2 of ballots" in exc.value.params["detail"]
