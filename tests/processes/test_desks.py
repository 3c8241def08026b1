"""Several desks in several processes on one conference folder, with the real check-in and voting code.

* three door desks check in 300 different people each at the same time: nobody is lost, nobody else changes, the
  scan log and the attendance agree;
* two counting desks enter ballots into one poll at the same time: every ballot number is handed out once;
* a desk that scans and counts is killed with SIGKILL at random moments: every acknowledged check-in and ballot is
  there after each kill, the folder opens and the audit chain verifies.

The desks are ``tests/helpers/desk_worker.py``; it prints a line only after the call returned, so what the parent reads
from its stdout was acknowledged.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from contextlib import closing
from pathlib import Path

import pytest

from tdkt_tui.domain import checkin, voting
from tdkt_tui.domain.checkin import Outcome
from tdkt_tui.domain.conference import ATTENDEES, Conference
from tdkt_tui.domain.demo import write_demo
from tdkt_tui.domain.model import Attendee, Role
from tdkt_tui.domain.store import Store
from tdkt_tui.domain.voting import Poll, PollKind
from tests.helpers.processes import spawn as spawn_script
from tests.helpers.processes import wait_ready as wait_child

ROOT = Path(__file__).resolve().parents[2]
WORKER = ROOT / "tests" / "helpers" / "desk_worker.py"
POSIX = os.name == "posix"


# -- helpers -------------------------------------------------------------------------------------------------------


def spawn(folder: Path, mode: str, arg: str, *options: str) -> subprocess.Popen[str]:
    return spawn_script(WORKER, str(folder), mode, arg, *options)


def wait_ready(proc: subprocess.Popen[str]) -> None:
    wait_child(proc, "desk")


def start_together(procs: list[subprocess.Popen[str]]) -> None:
    for proc in procs:
        wait_ready(proc)
    for proc in procs:
        proc.stdin.write("go\n")  # type: ignore[union-attr]
        proc.stdin.flush()  # type: ignore[union-attr]


def finish(procs: list[subprocess.Popen[str]], deadline: float) -> list[str]:
    """Wait for every desk (killing them all if the deadline passes); each must end cleanly."""
    outs = []
    for proc in procs:
        try:
            out, err = proc.communicate(timeout=max(1.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            for other in procs:
                other.kill()
                other.communicate()
            pytest.fail("the desks did not finish in time")
        assert proc.returncode == 0, err
        outs.append(out)
    return outs


def acknowledged(out: str) -> list[tuple[str, int]]:
    """Every complete stdout line as (kind, number); a line cut by a kill was never acknowledged."""
    rows = []
    for line in out.split("\n")[:-1]:
        if line == "ready":
            continue
        kind, number = line.split()
        rows.append((kind, int(number)))
    return rows


def add_people(conference: Conference, count: int) -> list[int]:
    """Insert ``count`` extra attendees in one transaction; their ids."""
    with conference.store.transaction() as txn:
        return [txn.insert(ATTENDEES, Attendee(full_name=f"Đại biểu {i:04d}").to_doc()) for i in range(count)]


def write_codes(conference: Conference, ids: list[int], path: Path) -> Path:
    lines = [f"{i} {checkin.code_of(conference, conference.attendee(i))}" for i in ids]  # type: ignore[arg-type]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def open_poll_for(conference: Conference, ballots: int) -> int:
    """An award poll opened with the 11 voting delegates present, then ``ballots`` issued and collected."""
    for person in conference.attendees():
        if person.role is Role.VOTING:
            assert checkin.check_in_person(conference, person.id, "test").outcome is Outcome.CHECKED_IN
    poll = voting.create_poll(conference, Poll(PollKind.AWARD, title="Bỏ phiếu thử nhiều bàn"))
    assert voting.open_poll(conference, poll.id).issued == 11
    voting.set_issued(conference, poll.id, ballots, "test")
    voting.set_collected(conference, poll.id, ballots)
    return poll.id  # type: ignore[return-value]


def checked_in(conference: Conference) -> set[int]:
    return {p.id for p in conference.attendees() if p.checked_in_at}  # type: ignore[misc]


# -- 1. three door desks -------------------------------------------------------------------------------------------


def test_three_door_desks_check_in_900_people_together(tmp_path: Path) -> None:
    started = time.monotonic()
    folder = tmp_path / "hoi-nghi"
    conference = write_demo(folder)
    extra = add_people(conference, 900)
    checkin.secret(conference)  # made once, before the desks start
    before = {k: dict(d) for k, d in conference.store.docs(ATTENDEES).items()}
    slices = [extra[n * 300:(n + 1) * 300] for n in range(3)]
    files = [write_codes(conference, ids, tmp_path / f"codes-{n}.txt") for n, ids in enumerate(slices)]
    log_before = len(checkin.log_entries(conference))
    conference.close()

    procs = [spawn(folder, "scan", str(path), "--desk", f"Bàn {n}", "--wait") for n, path in enumerate(files)]
    start_together(procs)
    outs = finish(procs, started + 30)
    for n, out in enumerate(outs):
        assert acknowledged(out) == [("c", i) for i in slices[n]], f"desk {n} did not check in its 300 people"

    Store.open(folder, create=False).close()  # opens cleanly
    with closing(Conference.open(folder, create=False)) as again:
        docs = again.store.docs(ATTENDEES)
        assert set(docs) == set(before)
        assert checked_in(again) == set(extra)
        for n, ids in enumerate(slices):
            for i in ids:
                assert docs[str(i)]["checked_in_at"] and docs[str(i)]["checkin_desk"] == f"Bàn {n}"
        for key, doc in docs.items():  # nobody else changed
            if int(key) not in extra:
                assert doc == before[key], key
        entries = checkin.log_entries(again)
        assert len(entries) == log_before + 900
        done = [e for e in entries if e.outcome is Outcome.CHECKED_IN]
        assert len(done) == 900
        assert sorted(e.attendee_id for e in done) == sorted(extra)  # type: ignore[type-var]
    assert time.monotonic() - started < 30


# -- 2. two counting desks -----------------------------------------------------------------------------------------


def test_two_counting_desks_enter_400_ballots_together(tmp_path: Path) -> None:
    started = time.monotonic()
    folder = tmp_path / "hoi-nghi"
    conference = write_demo(folder)
    poll = open_poll_for(conference, 400)
    conference.close()

    procs = [spawn(folder, "ballots", "200", "--poll", str(poll), "--clerk", "1", "--wait") for _ in range(2)]
    start_together(procs)
    outs = finish(procs, started + 30)
    acked = [seq for out in outs for kind, seq in acknowledged(out) if kind == "b"]
    assert all(len(acknowledged(out)) == 200 for out in outs)
    assert sorted(acked) == list(range(1, 401)), "a ballot number was handed out twice or skipped"

    with closing(Conference.open(folder, create=False)) as again:
        assert voting.tally(again, poll).counted == 400
        seqs = [b.seq for b in voting.ballots(again, poll)]
        assert sorted(seqs) == list(range(1, 401))
        assert voting.verify(again).ok
    assert time.monotonic() - started < 30


# -- 3. kill -9 ----------------------------------------------------------------------------------------------------


@pytest.mark.skipif(not POSIX, reason="no SIGKILL on Windows")
def test_kill_9_while_scanning_and_counting_loses_nothing_acknowledged(tmp_path: Path) -> None:
    rounds_wanted = max(8, int(os.environ.get("TDKT_KILL_ROUNDS", "8")))
    budget = 25.0
    started = time.monotonic()
    folder = tmp_path / "hoi-nghi"
    conference = write_demo(folder)
    ballots_max = 5000
    poll = open_poll_for(conference, ballots_max + 1000)  # a rescanned code also enters a ballot
    people = add_people(conference, ballots_max)
    codes = write_codes(conference, people, tmp_path / "codes.txt")
    conference.close()

    rng = random.Random(0xD35C)
    acked_in: list[int] = []
    acked_seq: list[int] = []
    next_code = 0
    rounds = 0
    while rounds < rounds_wanted and time.monotonic() - started < budget - 2 and next_code < len(people):
        proc = spawn(folder, "mixed", str(codes), "--poll", str(poll), "--start", str(next_code), "--desk", "Bàn K")
        wait_ready(proc)
        time.sleep(rng.uniform(0.020, 0.200))
        os.kill(proc.pid, signal.SIGKILL)
        out, err = proc.communicate(timeout=10)
        assert proc.returncode in (-signal.SIGKILL, 0), f"the desk failed before the kill:\n{err}"
        for kind, number in acknowledged(out):
            if kind == "c":
                acked_in.append(number)
            elif kind == "b":
                acked_seq.append(number)
            if kind in ("c", "a"):
                next_code = people.index(number) + 1
        rounds += 1
        assert len(acked_in) == len(set(acked_in)), "someone was checked in twice"
        assert len(acked_seq) == len(set(acked_seq)), "a ballot number was handed out twice"

        with closing(Conference.open(folder, create=False)) as again:  # never CorruptStore
            present = checked_in(again) & set(people)
            missing = set(acked_in) - present
            assert not missing, f"round {rounds}: acknowledged check-ins lost: {sorted(missing)}"
            assert len(present - set(acked_in)) <= rounds  # at most one unacknowledged check-in per kill
            seqs = [b.seq for b in voting.ballots(again, poll)]
            assert sorted(seqs) == list(range(1, len(seqs) + 1))
            lost = set(acked_seq) - set(seqs)
            assert not lost, f"round {rounds}: acknowledged ballots lost: {sorted(lost)}"
            assert len(seqs) - len(acked_seq) <= rounds  # at most one unacknowledged ballot per kill
            assert voting.verify(again).ok, f"round {rounds}: the audit chain does not verify"
            log_in = [e.attendee_id for e in checkin.log_entries(again) if e.outcome is Outcome.CHECKED_IN]
            assert set(log_in) >= present and len(log_in) == len(set(log_in))

    print(f"kill -9: {rounds} rounds, {len(acked_in)} check-ins and {len(acked_seq)} ballots acknowledged")
    assert rounds >= min(rounds_wanted, 5) and acked_in and acked_seq, "too slow a machine to prove anything"
    with closing(Conference.open(folder, create=False)) as again:  # the folder still takes work after all that
        ballot = voting.enter_ballot(again, poll, "1")
        assert ballot.seq == len(voting.ballots(again, poll)) and voting.verify(again).ok
    assert time.monotonic() - started < budget + 5
