"""Nothing stored with a ballot — its record, its journal line, its chain event, a snapshot or a backup — carries a
time finer than the poll's opening and closing, a desk or a person (docs/counting.md#what-is-recorded)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tdkt_tui.domain import audit, checkin, voting
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.model import Role
from tdkt_tui.domain.store import SNAPSHOT

#: Anything that reads as a time or a date: "08:05", "2018-12-03", "20181203-080500", "T08:05:01".
TIME = re.compile(r"\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}|\d{8}-\d{6}")
BALLOT_FIELDS = {"poll", "round", "seq", "clerk", "kept", "invalid"}


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (str(k), *strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def counted(demo: Conference) -> tuple[int, list[str]]:
    """A vote with double entry, an undo and an invalid ballot; the names of the desk and the people involved."""
    desk = "Bàn kiểm phiếu số 3"
    voters = [p for p in demo.attendees() if p.role is Role.VOTING]
    for person in voters:
        checkin.check_in_person(demo, person.id, desk)
    poll = voting.create_poll(demo, voting.Poll(voting.PollKind.AWARD, award="Bằng khen", quota=2,
                                                candidates=voting.default_candidates(demo)))
    voting.open_poll(demo, poll.id, collected=5)
    for clerk in (1, 2):
        for text in ("1 2", "3", "2 4", "1 2 3", "5"):
            voting.enter_ballot(demo, poll.id, text, clerk=clerk)
    voting.undo_last(demo, poll.id)
    voting.enter_invalid(demo, poll.id, voting.InvalidReason.WRITTEN_ON)
    voting.undo_last(demo, poll.id, clerk=2)
    voting.enter_invalid(demo, poll.id, voting.InvalidReason.WRITTEN_ON, clerk=2)
    voting.close_poll(demo, poll.id)
    return poll.id, [desk, *(p.full_name for p in voters)]


def test_ballot_records_and_their_events_carry_no_time_desk_or_person(demo: Conference) -> None:
    poll, identities = counted(demo)
    ballots = list(demo.store.docs(voting.BALLOTS).values())
    assert ballots and all(set(doc) == BALLOT_FIELDS for doc in ballots)
    events = [e for e in demo.store.docs(audit.AUDIT).values() if e["kind"] in ("ballot", "undo")]
    assert len(events) == 14  # 10 ballots, 2 taken back, 2 invalid
    for doc in [*ballots, *(e["payload"] for e in events)]:
        found = strings(doc)
        assert not [s for s in found if TIME.search(s)], doc
        assert not [s for s in found if any(name in s for name in identities)], doc
    assert all(set(e["payload"]) == {"seq", "clerk", "kept", "invalid"} for e in events)


def test_no_journal_line_or_file_name_carries_a_time(demo: Conference) -> None:
    poll, identities = counted(demo)
    journal = demo.store.journal_path.read_bytes().splitlines()
    ballot_lines = [json.loads(line.split(b" ", 1)[1]) for line in journal if b'"ballots"' in line]
    assert len(ballot_lines) == 14  # one transaction per ballot entered or taken back
    for entry in ballot_lines:
        assert set(entry) == {"seq", "ops"}, entry  # no time of the transaction
        assert {op[1] for op in entry["ops"]} <= {voting.BALLOTS, audit.AUDIT}, entry
        assert not [s for s in strings(entry["ops"]) if TIME.search(s) or any(n in s for n in identities)]
    demo.compact()  # the snapshot and its backup
    snapshot = json.loads((demo.folder / SNAPSHOT).read_text(encoding="utf-8"))
    for table in (voting.BALLOTS,):
        assert not [s for s in strings(snapshot[table]) if TIME.search(s)]
    names = [p.name for p in Path(demo.folder).rglob("*")]
    assert not [n for n in names if re.search(r"\d{8}-\d{6}", n)], names


def test_the_only_times_of_a_poll_are_its_counts_beginning_and_end(demo: Conference) -> None:
    """The committee's times, to the minute, are on the poll and its opening/committee/close events — never on a
    ballot or its event."""
    poll, _ = counted(demo)
    timed = {e["kind"] for e in demo.store.docs(audit.AUDIT).values() if e["poll"] == poll
             and any(TIME.search(s) for s in strings(e["payload"]))}
    assert timed <= {"committee", "close"}
    committee = voting.get_poll(demo, poll).committee
    assert re.fullmatch(r"\d\d:\d\d", committee.began) and re.fullmatch(r"\d\d:\d\d", committee.ended)
