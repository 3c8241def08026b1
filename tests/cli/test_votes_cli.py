"""``tdkt poll``, ``tdkt ballot``, ``tdkt tally``, ``tdkt verify``: everything the counting screen does, with its
rules and messages, from a script; one real process (in Vietnamese), the rest in-process (``main``, in English) to
stay quick."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from tdkt_tui.cli import main
from tdkt_tui.domain import audit, checkin, voting
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.demo import write_demo
from tdkt_tui.domain.model import Role

ROOT = Path(__file__).resolve().parents[2]
GIVEN = "Giấy khen của Khối"  # an award nobody's report proposes: every member unit is a candidate


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The demo with every voting delegate checked in."""
    conference = write_demo(tmp_path / "d")
    for person in conference.attendees():
        if person.role is Role.VOTING:
            checkin.scan(conference, checkin.code_of(conference, person), "Bàn 1")
    conference.close()
    return tmp_path / "d"


def tdkt(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    """Run ``tdkt`` in English (the msgids: what this test checks is the content, not the wording)."""
    code = main([str(args[0]), "--lang", "en", *(str(a) for a in args[1:])])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def stored(folder: Path) -> Conference:
    return Conference.open(folder, create=False)


def test_a_whole_vote_in_a_real_process(folder: Path, tmp_path: Path) -> None:
    environment = {**os.environ, "TDKT_HOME": str(tmp_path / "home")}
    environment.pop("TDKT_LANG", None)

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "tdkt_tui", *args], capture_output=True, text=True,
                              env=environment, cwd=ROOT, timeout=60)

    created = run("poll", str(folder), "new", "--award", GIVEN, "--quota", "2", "--threshold", "2/3")
    assert created.returncode == 0, created.stderr
    poll = created.stdout.strip()
    assert run("poll", str(folder), "open", poll, "11").returncode == 0
    ballots = tmp_path / "phieu.csv"
    ballots.write_text("\n".join(["1,2"] * 8 + ["1,3", "2", "1,2,3"]) + "\n", encoding="utf-8")
    entered = run("ballot", str(folder), poll, "--csv", str(ballots))
    assert entered.returncode == 0, entered.stderr
    refused = run("ballot", str(folder), poll, "1")  # one more than collected
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    closed = run("poll", str(folder), "close", poll)
    assert closed.returncode == 0, closed.stderr
    result = json.loads(run("tally", str(folder), poll, "--json").stdout)
    assert result["counted"] == 11 and result["valid"] == 10 and result["invalid"] == 1
    assert result["votes_needed"] == 7  # at least 2/3 of 10 valid ballots
    assert len(result["winners"]) == 2 and result["digest"] in closed.stdout
    proved = run("verify", str(folder), "--poll", poll, "--digest", result["digest"])
    assert proved.returncode == 0, proved.stderr
    assert result["digest"] in proved.stdout


def test_new_poll_takes_what_the_screen_takes(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = tdkt(capsys, "poll", folder, "new", "--kind", "leader")  # no --title: the screen's default
    assert code == 0, err
    conference = stored(folder)
    leader = voting.get_poll(conference, int(out))
    assert leader.title == voting.default_title(voting.PollKind.LEADER, conference.info().year + 1)
    code, out, err = tdkt(capsys, "poll", folder, "new", "--award", GIVEN, "--quota", "20%", "--threshold",
                          "more than 3/5", "--voters", "delegates", "--all-crossed", "valid", "--mode", "crossed",
                          "--rounds", "3", "--no-cascade")
    assert code == 0, err
    poll = voting.get_poll(stored(folder), int(out))
    assert poll.quota == 2 and poll.quota_rule is not None and poll.quota_rule.text() == "20%"
    assert "20% of 11 member units" in err  # the computed number is shown
    assert poll.threshold.exact == (Fraction(3, 5), True)
    assert (poll.voters, poll.invalid_when_all_crossed, poll.entry_mode, poll.max_rounds, poll.cascade) == (
        voting.Voters.EVERY_VOTING_DELEGATE_PRESENT, False, voting.EntryMode.CROSSED, 3, False)
    code, out, err = tdkt(capsys, "poll", folder, "new", "--award", "Cờ thi đua của UBND tỉnh")
    assert len(voting.get_poll(stored(folder), int(out)).candidates) == 2  # the units the reports propose
    names = [u.name for u in stored(folder).member_units()[:3]]
    code, out, err = tdkt(capsys, "poll", folder, "edit", out.strip(), "--candidates", "; ".join(names))
    assert code == 0, err
    assert [n in out for n in names] == [True] * 3
    code, out, err = tdkt(capsys, "poll", folder, "new", "--award", GIVEN, "--threshold", "0/3")
    assert code == 1 and "threshold" in err.lower()


def test_opening_is_all_or_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_demo(tmp_path / "d").close()
    folder = tmp_path / "d"
    _code, out, _err = tdkt(capsys, "poll", folder, "new", "--award", GIVEN)
    poll = out.strip()
    code, out, err = tdkt(capsys, "poll", folder, "open", poll, "11")  # nobody checked in
    assert code == 1 and "Nobody is checked in" in err
    conference = stored(folder)
    assert voting.get_poll(conference, int(poll)).status is voting.Status.DRAFT
    assert not conference.store.docs(audit.AUDIT)
    code, out, err = tdkt(capsys, "poll", folder, "open", poll, "11", "--issued", "11")
    assert code == 1 and "why" in err
    code, out, err = tdkt(capsys, "poll", folder, "open", poll, "11", "--issued", "11", "--reason", "Danh sách giấy")
    assert code == 0, err
    opened = voting.get_poll(stored(folder), int(poll))
    assert (opened.issued, opened.collected) == (11, 11)
    code, out, err = tdkt(capsys, "poll", folder, "issued", poll, "12", "--reason", "Thêm một phiếu dự phòng")
    assert code == 0 and voting.get_poll(stored(folder), int(poll)).issued == 12
    code, out, err = tdkt(capsys, "poll", folder, "issued", poll, "13")
    assert code == 1 and "reason" in err


def test_ballots_as_typed(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, _err = tdkt(capsys, "poll", folder, "new", "--award", GIVEN, "--quota", "2")
    poll = out.strip()
    tdkt(capsys, "poll", folder, "open", poll, "5")
    for bad in ("-1", "+1", "1.3", "1-3", "1;2", "x"):
        code, out, err = tdkt(capsys, "ballot", folder, poll, "--", bad)
        assert code == 1 and bad in err and "separated by spaces or commas" in err
    assert not stored(folder).store.docs(voting.BALLOTS)
    code, out, err = tdkt(capsys, "ballot", folder, poll, "1", "2", "3")
    assert code == 0 and "Ballot 1: INVALID — Too many names kept" in out  # over-full: said to be invalid
    code, out, err = tdkt(capsys, "ballot", folder, poll, "1,2")
    assert code == 0 and "Ballot 2: valid" in out
    code, out, err = tdkt(capsys, "ballot", folder, poll, "--clerk", "2", "1", "3")
    assert code == 0, err
    code, out, err = tdkt(capsys, "ballot", folder, poll, "3", "--clerk", "2")
    assert code == 0, err
    code, out, err = tdkt(capsys, "ballot", folder, poll, "--invalid", "written")
    assert code == 0 and "INVALID" in out
    conference = stored(folder)
    assert [b.kept for b in voting.ballots(conference, int(poll), clerk=2)] == [(1, 3), (3,)]
    assert [b.invalid for b in voting.ballots(conference, int(poll))][::2] == [
        voting.InvalidReason.TOO_MANY_KEPT, voting.InvalidReason.WRITTEN_ON]
    assert voting.running_digest(conference, int(poll)) in out


def test_a_motion_from_the_command_line(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, _err = tdkt(capsys, "poll", folder, "new", "--kind", "motion", "--title", "Thông qua biên bản")
    poll = out.strip()
    tdkt(capsys, "poll", folder, "open", poll)
    code, out, err = tdkt(capsys, "ballot", folder, poll, "10", "1")
    assert code == 1 and "three numbers" in err
    code, out, err = tdkt(capsys, "ballot", folder, poll, "10", "1", "0")
    assert code == 0 and "passed" in out
    code, out, err = tdkt(capsys, "poll", folder, "close", poll)
    assert code == 0 and "The motion is passed." in out
    assert voting.tally(stored(folder), int(poll)).motion == voting.Motion(10, 1, 0)
    code, out, err = tdkt(capsys, "count-minutes", folder, poll)
    assert code == 0 and out.startswith("Record of the show of hands written:") and "bien-ban-bieu-quyet" in out


def test_rounds_decisions_committee_and_rotation(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, _err = tdkt(capsys, "poll", folder, "new", "--award", GIVEN, "--quota", "2", "--threshold",
                            "at least 1/2")
    poll = out.strip()
    tdkt(capsys, "poll", folder, "open", poll, "11")
    people = [p for p in stored(folder).attendees() if p.present][:3]
    code, out, err = tdkt(capsys, "poll", folder, "committee", poll, "--head", people[0].full_name, "--members",
                          f"{people[1].full_name}; {people[2].full_name}", "--began", "9h05")
    assert code == 0 and people[0].full_name in out and "09:05" in out
    ballots = ["1 2"] * 4 + ["1 3"] * 4 + ["2 3"] * 3  # 8, 7, 7: a tie for the second seat
    for text in ballots:
        assert tdkt(capsys, "ballot", folder, poll, text)[0] == 0
    code, out, err = tdkt(capsys, "poll", folder, "decide", poll, "2", "--note", "x")
    assert code == 1 and "Close the poll" in err
    code, out, err = tdkt(capsys, "poll", folder, "close", poll)
    assert code == 0 and "Reached the threshold and tied at the cut-off" in out and "round " + poll in out
    code, out, err = tdkt(capsys, "poll", folder, "decide", poll, "2", "--note", "x")
    assert code == 1 and "only after the last round" in err  # round 1 of 2: not yet
    code, out, err = tdkt(capsys, "poll", folder, "round", poll)
    assert code == 0, err
    second = out.strip()
    tdkt(capsys, "poll", folder, "open", second, "10")
    for text in ["1"] * 5 + ["2"] * 5:
        tdkt(capsys, "ballot", folder, second, text)
    tdkt(capsys, "poll", folder, "close", second)
    code, out, err = tdkt(capsys, "poll", folder, "decide", second, "2", "--note", "Hai đồng chí thống nhất")
    assert code == 0, err
    conference = stored(folder)
    decided = voting.get_poll(conference, int(second))
    assert decided.decision.unit_ids == (decided.candidates[1],)
    assert decided.digest in out
    code, out, err = tdkt(capsys, "poll", folder, "rotation", "--kind", "leader", "--unit",
                          conference.member_units()[4].name, "--note", "Theo thứ tự luân phiên")
    assert code == 0 and "by rotation" in out
    code, out, err = tdkt(capsys, "verify", folder)
    assert code == 0 and "Every chain matches the stored records" in out


def test_verify_with_no_polls_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_demo(tmp_path / "d").close()
    code, out, err = tdkt(capsys, "verify", tmp_path / "d")
    assert code == 0 and "no polls" in out and "digest" not in out.lower()


def test_a_stack_from_excel_or_a_semicolon_csv(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The file goes through the one spreadsheet reader: an .xlsx, or a CSV Excel wrote with ";"; an empty row is a
    ballot with every name crossed out."""
    import openpyxl

    _code, out, _err = tdkt(capsys, "poll", folder, "new", "--award", GIVEN, "--quota", "2")
    poll = out.strip()
    tdkt(capsys, "poll", folder, "open", poll, "8")
    book = openpyxl.Workbook()
    for row in ([1, 2], [3], [], ["2 4"]):
        book.active.append(row)
    book.save(tmp_path / "phieu.xlsx")
    code, out, err = tdkt(capsys, "ballot", folder, poll, "--csv", tmp_path / "phieu.xlsx")
    assert code == 0 and "4 ballots entered, 1 of them invalid" in out, err
    (tmp_path / "phieu.csv").write_text("1;3\n\n2;1\n", encoding="utf-8")
    code, out, err = tdkt(capsys, "ballot", folder, poll, "--csv", tmp_path / "phieu.csv")
    assert code == 0, err
    kept = [b.kept for b in voting.ballots(stored(folder), int(poll))]
    assert kept == [(1, 2), (3,), (), (2, 4), (1, 3), (), (1, 2)]
    (tmp_path / "bad.csv").write_text("1;3\n1-3\n", encoding="utf-8")
    code, out, err = tdkt(capsys, "ballot", folder, poll, "--csv", tmp_path / "bad.csv")
    assert code == 1 and "Line 2" in err and "Nothing was entered" in err
    assert len(voting.ballots(stored(folder), int(poll))) == 7


def test_the_next_step_and_an_altered_record(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """At the last round the command line points to the leaders, not to another round; a closed poll whose stored
    ballots were changed afterwards is reported as such by tdkt tally (exit 1), not shown as the signed result."""
    _code, out, _err = tdkt(capsys, "poll", folder, "new", "--award", GIVEN, "--quota", "1", "--rounds", "1",
                            "--threshold", "at least 1/3")
    poll = out.strip()
    tdkt(capsys, "poll", folder, "open", poll, "9")
    for text in ["1", "2", "3"] * 3:
        tdkt(capsys, "ballot", folder, poll, text)
    code, out, err = tdkt(capsys, "poll", folder, "close", poll)
    assert "Reached the threshold and tied at the cut-off" in out and "Nobody reached" not in out
    assert f"decide {poll}" in out and f"round {poll}" not in out
    code, out, err = tdkt(capsys, "poll", folder, "decide", poll, "2", "--note", "Thống nhất")
    code, out, err = tdkt(capsys, "tally", folder, poll)
    assert code == 0 and "Chosen by the bloc leader and deputy among the tied units" in out
    conference = stored(folder)
    key = next(k for k, d in conference.store.docs(voting.BALLOTS).items() if d["seq"] == 1)
    with conference.store.transaction() as txn:
        txn.update(voting.BALLOTS, int(key), {"kept": [2]})
    conference.close()
    code, out, err = tdkt(capsys, "tally", folder, poll)
    assert code == 1 and "DOES NOT MATCH ITS AUDIT CHAIN" in err and "ballot 1" in err


def test_verify_says_the_same_before_and_after_tdkt_compact(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Folding the journal into the snapshot (before copying the folder to a stick) changes nothing a check sees:
    the same answers, the same digests, and a change made afterwards is still caught against the printed one."""
    from tdkt_tui.domain.store import SNAPSHOT

    _code, out, _err = tdkt(capsys, "poll", folder, "new", "--award", GIVEN, "--quota", "2")
    poll = out.strip()
    tdkt(capsys, "poll", folder, "open", poll, "4")
    for text in ("1 2", "1 3", "2", "1"):
        assert tdkt(capsys, "ballot", folder, poll, text)[0] == 0
    _code, closed, _err = tdkt(capsys, "poll", folder, "close", poll)
    digest = json.loads(tdkt(capsys, "tally", folder, poll, "--json")[1])["digest"]
    assert digest in closed
    _code, out, _err = tdkt(capsys, "poll", folder, "new", "--kind", "leader")  # opened, not closed: no anchor
    tdkt(capsys, "poll", folder, "open", out.strip(), "1")
    before = [tdkt(capsys, "verify", folder), tdkt(capsys, "verify", folder, "--poll", poll, "--digest", digest)]
    assert [code for code, _out, _err in before] == [0, 0]
    assert "exactly the poll behind" in before[1][1] and "Not closed yet" in before[0][1]

    code, out, err = tdkt(capsys, "compact", folder)
    assert code == 0 and "folded into its snapshot" in out, err
    assert not any(stored(folder).store.journal_path.read_bytes().splitlines())  # everything is in the snapshot
    after = [tdkt(capsys, "verify", folder), tdkt(capsys, "verify", folder, "--poll", poll, "--digest", digest)]
    assert after == before
    code, out, err = tdkt(capsys, "verify", folder, "--digest", digest.replace("-", "").upper())  # as README types it
    assert code == 0 and f"Poll {poll} is exactly the poll behind" in out, err

    snapshot = json.loads((folder / SNAPSHOT).read_text(encoding="utf-8"))  # a ballot changed in the copy's file
    key = next(k for k, d in snapshot[voting.BALLOTS].items() if d["poll"] == int(poll) and d["seq"] == 4)
    snapshot[voting.BALLOTS][key]["kept"] = [2]
    (folder / SNAPSHOT).write_text(json.dumps(snapshot, ensure_ascii=False), encoding="utf-8")
    code, out, err = tdkt(capsys, "verify", folder, "--poll", poll, "--digest", digest)
    assert code == 1 and "NOT exactly the poll behind" in err and "ballot 4" in err


def test_the_leaders_hear_of_the_women_led_unit_and_decide_only_a_tie(folder: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """One round only, a tie for the second seat between a women-led unit and another: `decide` says which unit the
    law prefers and records it. Seats open without a tie are not the leaders' to fill: refused with the reason,
    then a further vote (bầu tiếp) among the units not yet chosen, and at the last round the seats stay unfilled."""
    _code, out, _err = tdkt(capsys, "poll", folder, "new", "--award", GIVEN, "--quota", "2", "--rounds", "1")
    poll = out.strip()
    tdkt(capsys, "poll", folder, "open", poll, "11")
    for text in ["1 2"] * 4 + ["1 4"] * 4 + ["2 4"] * 3:
        tdkt(capsys, "ballot", folder, poll, text)
    tdkt(capsys, "poll", folder, "close", poll)
    conference = stored(folder)
    candidates = voting.get_poll(conference, int(poll)).candidates
    tied = (candidates[1], candidates[3])  # the second and fourth in the ranking
    women = [u for u in tied if conference.unit(u).women_led]
    assert len(women) == 1, "the demo's second-ranked unit is women-led, its fourth is not"
    other = next(u for u in tied if u not in women)
    code, out, err = tdkt(capsys, "poll", folder, "decide", poll, str(candidates.index(other) + 1), "--note", "x")
    assert code == 0, err
    assert f"The law prefers a women-led unit among those tied: {conference.unit(women[0]).name}" in out
    assert voting.get_poll(stored(folder), int(poll)).decision.preferred == tuple(women)

    _code, out, _err = tdkt(capsys, "poll", folder, "new", "--award", GIVEN, "--quota", "3", "--no-cascade")
    poll = out.strip()
    tdkt(capsys, "poll", folder, "open", poll, "11")
    for text in ["1 2"] * 6 + ["1"] * 5:  # two units reach 6 of 11; one seat open, no tie
        tdkt(capsys, "ballot", folder, poll, text)
    code, out, err = tdkt(capsys, "poll", folder, "close", poll)
    assert f"round {poll}" in out and f"unfilled {poll}" in out  # both ways said
    code, out, err = tdkt(capsys, "poll", folder, "decide", poll, "3", "--note", "x")
    assert code == 1 and "only a tie at the cut-off" in err
    code, out, err = tdkt(capsys, "poll", folder, "round", poll)
    assert code == 0, err
    further = voting.get_poll(stored(folder), int(out))
    first = voting.get_poll(stored(folder), int(poll))
    assert further.candidates == first.candidates[2:] and further.quota == 1 and further.round == 2
    tdkt(capsys, "poll", folder, "open", str(further.id), "11")
    for text in ["1", "2", "3"] * 3 + ["4", "5"]:  # nobody reaches more than half
        tdkt(capsys, "ballot", folder, str(further.id), text)
    code, out, err = tdkt(capsys, "poll", folder, "close", str(further.id))
    assert f"unfilled {further.id}" in out and f"round {further.id}" not in out  # the last round
    code, out, err = tdkt(capsys, "poll", folder, "round", str(further.id))
    assert code == 1 and "last round" in err
    code, out, err = tdkt(capsys, "poll", folder, "unfilled", str(further.id), "--note", "Hội nghị thống nhất")
    assert code == 0 and "stay unfilled" in out
    assert voting.get_poll(stored(folder), further.id).decision.kind is voting.DecisionKind.UNFILLED


def test_the_deputy_list_and_presence_for_a_vote(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A unit is present for a vote when its voting delegate is, not when only its staff are; next year's leader
    (elected or by rotation) leaves the deputy's list and cannot be the deputy by rotation."""
    conference = write_demo(tmp_path / "d")
    units = conference.member_units()
    staff = next(p for p in conference.attendees() if p.unit_id == units[0].id and p.role is not Role.VOTING)
    checkin.check_in_person(conference, staff.id, "Bàn 1")
    for person in conference.attendees():
        if person.role is Role.VOTING and person.unit_id in {u.id for u in units[1:4]}:
            checkin.check_in_person(conference, person.id, "Bàn 1")
    conference.close()
    folder = tmp_path / "d"
    code, out, err = tdkt(capsys, "poll", folder, "rotation", "--kind", "leader", "--unit", units[5].name)
    assert code == 0 and "by rotation" in out
    code, out, err = tdkt(capsys, "poll", folder, "new", "--kind", "deputy")
    assert code == 0, err
    deputy = voting.get_poll(stored(folder), int(out))
    assert deputy.title == voting.default_title(voting.PollKind.DEPUTY, stored(folder).info().year + 1)
    assert units[5].id not in deputy.candidates and len(deputy.candidates) == len(units) - 1
    assert units[5].name not in err  # the candidates listed leave it out
    code, out, err = tdkt(capsys, "poll", folder, "open", str(deputy.id))
    assert code == 0 and "3 ballots issued" in out  # the three voting delegates; the staff member is not a voter
    code, out, err = tdkt(capsys, "poll", folder, "rotation", "--kind", "deputy", "--unit", units[5].name)
    assert code == 1 and "deputy must be another unit" in err


def test_the_committee_is_chosen_among_the_people_present(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The counting committee comes from the people checked in, and its count cannot end before it began; a refusal
    stores nothing."""
    _code, out, _err = tdkt(capsys, "poll", folder, "new", "--award", GIVEN)
    poll = out.strip()
    conference = stored(folder)
    absent = next(p for p in conference.attendees() if not p.present)
    present = [p for p in conference.attendees() if p.present][:2]
    code, out, err = tdkt(capsys, "poll", folder, "committee", poll, "--head", absent.full_name)
    assert code == 1 and f"{absent.full_name} is not among the people checked in" in err
    code, out, err = tdkt(capsys, "poll", folder, "committee", poll, "--head", present[0].full_name, "--members",
                          present[1].full_name, "--began", "10:00", "--ended", "9:30")
    assert code == 1 and "cannot end" in err
    assert voting.get_poll(stored(folder), int(poll)).committee == voting.Committee()
    code, out, err = tdkt(capsys, "poll", folder, "committee", poll, "--head", present[0].full_name, "--members",
                          present[1].full_name, "--began", "9:30", "--ended", "10:00")
    assert code == 0 and "09:30" in out and "10:00" in out
    committee = voting.get_poll(stored(folder), int(poll)).committee
    assert (committee.head.name, [m.name for m in committee.members]) == (present[0].full_name,
                                                                          [present[1].full_name])
