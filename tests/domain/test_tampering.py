"""An attacker's tour of a closed count: each change that alters who wins is caught — against the stored chain where
the chain was left alone, and against the digest printed at close where the chain was computed again — and the first
difference is named (poll, event or ballot number, or the field of the definition).

The changes are made as a person with the folder would make them: through the store (a hand-edited snapshot reads
the same), by rewriting ``conference.json`` on disk, or by rewriting journal lines with their checksums fixed.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tdkt_tui.domain import audit, checkin, i18n, voting
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.errors import ValidationError
from tdkt_tui.domain.model import Role
from tdkt_tui.domain.store import SNAPSHOT

AWARD = "Cờ thi đua của UBND tỉnh"
STACK = ["1 2"] * 5 + ["1 3"] * 3 + ["2 3"] * 2 + ["3"]  # 8, 7, 6 of 11 for 2 seats (6 needed)


@pytest.fixture(autouse=True)
def english() -> None:
    """Findings are compared as sentences: in English, the msgids."""
    i18n.set_language("en")


@pytest.fixture
def counted(demo: Conference) -> tuple[Conference, int, str]:
    """A closed award poll of the demo (11 voting delegates present, 11 ballots) and the digest printed at close."""
    for person in demo.attendees():
        if person.role is Role.VOTING:
            checkin.check_in_person(demo, person.id, "Bàn 1")
    poll = voting.create_poll(demo, voting.Poll(voting.PollKind.AWARD, award=AWARD, quota=2,
                                                candidates=voting.default_candidates(demo)))
    voting.open_poll(demo, poll.id, collected=len(STACK))
    for text in STACK:
        voting.enter_ballot(demo, poll.id, text)
    digest = voting.close_poll(demo, poll.id)
    assert voting.tally(demo, poll.id).winners == poll.candidates[:2]
    return demo, poll.id, digest


def messages(check: voting.PollCheck) -> list[str]:
    """The findings as their msgids with their fields, whatever the interface language."""
    return [f.message.format(**f.params) for f in check.findings]


def first(check: voting.PollCheck) -> str:
    assert not check.ok, "the change was not caught"
    return messages(check)[0]


def edit(conference: Conference, table: str, key: str, fields: dict[str, Any]) -> None:
    """Change stored fields the way a hand-edited snapshot would (no event, no rule)."""
    with conference.store.transaction() as txn:
        txn.update(table, int(key), fields)


def key_of(conference: Conference, table: str, match: Callable[[dict[str, Any]], bool]) -> str:
    return next(k for k, d in conference.store.docs(table).items() if match(d))


def rebuild_chain(conference: Conference, poll: int, change: Callable[[list[dict[str, Any]]], None]) -> str:
    """What an attacker who read audit.py does: change the events, compute every hash again, store the new chain and
    the new digest with the poll. Returns the new digest."""
    events = [dict(e) for e in sorted((e for e in conference.store.docs(audit.AUDIT).values() if e["poll"] == poll),
                                      key=lambda e: e["seq"])]
    change(events)
    prev = audit.genesis(poll)
    rebuilt = []
    for seq, event in enumerate(events, start=1):
        doc = audit.make_event(prev, seq, poll, event["kind"], event["payload"])
        rebuilt.append(doc)
        prev = doc["hash"]
    with conference.store.transaction() as txn:
        for key, doc in conference.store.docs(audit.AUDIT).items():
            if doc["poll"] == poll:
                txn.remove(audit.AUDIT, int(key))
        for doc in rebuilt:
            txn.insert(audit.AUDIT, doc)
        txn.update(voting.POLLS, poll, {"digest": audit.short_digest(prev)})
    return audit.short_digest(prev)


def test_an_untouched_count_is_proved_by_its_digest(counted: tuple[Conference, int, str]) -> None:
    conference, poll, digest = counted
    check = voting.verify_poll(conference, poll, digest)
    assert check.ok and check.anchor == check.events and check.anchor_kind and check.after == []
    assert voting.verify_poll(conference, poll, digest.replace("-", "").upper()).ok  # typed without dashes
    assert voting.verify(conference).ok and voting.verify(conference).unanchored == ()


def test_swapped_candidates_are_caught(counted: tuple[Conference, int, str]) -> None:
    conference, poll, digest = counted
    winners = voting.tally(conference, poll).winners
    candidates = list(voting.get_poll(conference, poll).candidates)
    candidates[0], candidates[2] = candidates[2], candidates[0]
    edit(conference, voting.POLLS, str(poll), {"candidates": candidates})
    assert voting.tally(conference, poll).winners != winners  # someone else wins
    assert "candidate 1:" in first(voting.verify_poll(conference, poll))
    assert "candidate 1:" in first(voting.verify_poll(conference, poll, digest))


@pytest.mark.parametrize(("fields", "named"), [
    ({"quota": 3}, "(quota)"),
    ({"threshold": {"rule": "at_least_80", "fraction": "4/5", "strict": False}}, "(threshold)"),
    ({"base": "eligible_voters"}, "(base)"),
    ({"invalid_when_all_crossed": False}, "(invalid_when_all_crossed)"),
    ({"entry_mode": "crossed"}, "(entry_mode)"),
    ({"voters": "every_voting_delegate_present"}, "(voters)"),
    ({"kind": "leader"}, "(kind)"),
])
def test_a_changed_definition_names_its_field(counted: tuple[Conference, int, str], fields: dict[str, Any],
                                              named: str) -> None:
    conference, poll, digest = counted
    edit(conference, voting.POLLS, str(poll), fields)
    assert named in first(voting.verify_poll(conference, poll))
    assert named in first(voting.verify_poll(conference, poll, digest))


def test_a_renamed_candidate_is_caught(counted: tuple[Conference, int, str]) -> None:
    """Swapping two units' names swaps who the minutes say won, without touching the poll."""
    conference, poll, digest = counted
    a, b = voting.get_poll(conference, poll).candidates[:2]
    name_a, name_b = conference.unit(a).name, conference.unit(b).name
    edit(conference, "units", str(a), {"name": name_b + " "})
    edit(conference, "units", str(b), {"name": name_a})
    assert "candidate 1:" in first(voting.verify_poll(conference, poll, digest))


def test_a_changed_ballot_is_caught_and_named(counted: tuple[Conference, int, str]) -> None:
    conference, poll, digest = counted
    key = key_of(conference, voting.BALLOTS, lambda d: d["seq"] == 9)
    edit(conference, voting.BALLOTS, key, {"kept": [3]})
    for check in (voting.verify_poll(conference, poll), voting.verify_poll(conference, poll, digest)):
        assert first(check) == (f"Poll {poll}, ballot 9: entered as 2 3, now 3.")
        assert any("result at close" in m for m in messages(check))


def test_a_changed_event_is_caught_and_named(counted: tuple[Conference, int, str]) -> None:
    conference, poll, digest = counted
    key = key_of(conference, audit.AUDIT, lambda e: e["kind"] == "ballot" and e["payload"]["seq"] == 4)
    event = conference.store.get(audit.AUDIT, int(key))
    edit(conference, audit.AUDIT, key, {"payload": {**event["payload"], "kept": [3]}})
    check = voting.verify_poll(conference, poll)
    assert first(check) == f"Poll {poll}: event {event['seq']} (ballot 4) was changed after it was recorded."
    assert "ballot 4" in first(voting.verify_poll(conference, poll, digest))


def ballot_11_to_candidate_2(conference: Conference, poll: int, close_too: bool = False) -> str:
    """Ballot 11 given to candidate 2 instead of 3, the ballot and its event changed and every hash computed again
    (with ``close_too``, the close result too, to match); the digest of the forged chain."""
    key = key_of(conference, voting.BALLOTS, lambda d: d["seq"] == 11)
    edit(conference, voting.BALLOTS, key, {"kept": [2]})

    def change(events: list[dict[str, Any]]) -> None:
        for event in events:
            if event["kind"] == "ballot" and event["payload"]["seq"] == 11:
                event["payload"] = {**event["payload"], "kept": [2]}
            if close_too and event["kind"] == "close":
                fake = voting.integrity.result_payload(voting.get_poll(conference, poll),
                                                       voting.recount(conference, voting.get_poll(conference, poll)))
                event["payload"] = {**event["payload"], **fake}

    return rebuild_chain(conference, poll, change)


def test_a_rebuilt_chain_is_caught_against_the_printed_digest(counted: tuple[Conference, int, str]) -> None:
    """Ballot 11 given to candidate 2 instead of 3, the ballot and its event changed, the close result changed to
    match and every hash computed again: the stored records agree with themselves, and only the digest the
    committee signed tells."""
    conference, poll, digest = counted
    forged = ballot_11_to_candidate_2(conference, poll, close_too=True)
    assert forged != digest
    assert voting.verify(conference).ok  # the folder agrees with itself …
    check = voting.verify_poll(conference, poll, digest)  # … but not with what was signed
    assert not check.ok and "computed again after a change" in first(check)
    assert voting.verify_poll(conference, poll, forged).ok


def test_a_rebuilt_chain_is_named_from_a_backup_or_a_copy(counted: tuple[Conference, int, str],
                                                          tmp_path: Path) -> None:
    """The folder was compacted after the count (as before copying it to a stick), then ballot 11 changed and the
    chain computed again: the backup the compaction left holds the count behind the digest, so the check names the
    ballot that changed. A copy of the folder kept elsewhere serves the same way when the backups are gone too."""
    import shutil

    conference, poll, digest = counted
    assert conference.compact()
    shutil.copytree(conference.folder, tmp_path / "stick")
    ballot_11_to_candidate_2(conference, poll)
    named = first(voting.verify_poll(conference, poll, digest))
    assert "(ballot 11), ballot: 3 in the count behind" in named and "backups" in named and "now 2" in named
    shutil.rmtree(conference.folder / "backups")
    assert "computed again after a change" in first(voting.verify_poll(conference, poll, digest))
    named = first(voting.verify_poll(conference, poll, digest, [tmp_path / "stick"]))
    assert "(ballot 11), ballot: 3 in the count behind" in named and "stick" in named


def test_a_cut_tail_is_caught(counted: tuple[Conference, int, str]) -> None:
    """The last ballot and the close removed, the poll put back to counting: a recount would give another result."""
    conference, poll, digest = counted
    with conference.store.transaction() as txn:
        txn.remove(voting.BALLOTS, int(key_of(conference, voting.BALLOTS, lambda d: d["seq"] == 11)))
        for kind, match in (("close", lambda p: True), ("ballot", lambda p: p["seq"] == 11)):
            txn.remove(audit.AUDIT, int(key_of(conference, audit.AUDIT,
                                               lambda e, k=kind, m=match: e["kind"] == k and m(e["payload"]))))
        committee = {**conference.store.get(voting.POLLS, poll)["committee"], "ended": ""}
        txn.update(voting.POLLS, poll, {"status": "open", "digest": "", "committee": committee})
    assert voting.verify(conference).ok and voting.verify(conference).unanchored == (poll,)
    check = voting.verify_poll(conference, poll, digest)
    assert "the end of the count was removed" in first(check)
    # the same cut, leaving the poll marked closed, is caught without the digest
    conference2, poll2 = conference, poll
    edit(conference2, voting.POLLS, str(poll2), {"status": "closed", "digest": digest})
    assert "chain ends without a close" in " ".join(messages(voting.verify_poll(conference2, poll2)))


def test_a_deleted_poll_and_a_digest_of_another_poll(counted: tuple[Conference, int, str]) -> None:
    conference, poll, digest = counted
    other = voting.create_poll(conference, voting.Poll(voting.PollKind.MOTION, title="Thông qua biên bản"))
    voting.open_poll(conference, other.id)
    voting.record_motion(conference, other.id, 10, 1, 0)
    other_digest = voting.close_poll(conference, other.id)
    assert first(voting.verify_poll(conference, poll, other_digest)) == \
        f"{other_digest} is the digest of poll {other.id}, not of poll {poll}."
    assert voting.integrity.poll_of_digest(conference, digest) == poll
    with pytest.raises(ValidationError):
        voting.verify_poll(conference, poll, "12-34")
    with conference.store.transaction() as txn:
        txn.remove(voting.POLLS, poll)
    assert "no longer stored" in first(voting.verify_poll(conference, poll, digest))
    assert not voting.verify(conference).ok


def test_events_after_the_digest_are_listed_not_hidden(counted: tuple[Conference, int, str]) -> None:
    conference, poll, digest = counted
    present = [p for p in conference.attendees() if p.present]
    voting.set_committee(conference, poll, voting.committee_from(conference, present[0].id, [present[1].id]))
    check = voting.verify_poll(conference, poll, digest)
    assert check.ok and len(check.after) == 1 and check.digest == voting.get_poll(conference, poll).digest != digest


# -- files edited on disk ------------------------------------------------------------------------------------------


def _reopen(conference: Conference) -> Conference:
    folder = conference.folder
    conference.close()
    return Conference.open(folder, create=False)


def test_an_edited_snapshot_is_caught(counted: tuple[Conference, int, str]) -> None:
    conference, poll, digest = counted
    conference.compact()  # everything in conference.json, as before copying the folder to a stick
    path = conference.folder / SNAPSHOT
    conference.close()
    tables = json.loads(path.read_text(encoding="utf-8"))
    for doc in tables[voting.BALLOTS].values():
        if doc["seq"] == 10:
            doc["kept"] = [1, 2]  # 2 3 → 1 2
    path.write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")
    again = Conference.open(conference.folder, create=False)
    try:
        assert first(voting.verify_poll(again, poll, digest)) == f"Poll {poll}, ballot 10: entered as 2 3, now 1 2."
    finally:
        again.close()


def rewrite_journal(journal: Path, poll: int, mutate: Callable[[str, str, dict[str, Any]], None]) -> str:
    """Rewrite every journal line: ``mutate(kind, table, doc)`` changes documents in place; then the poll's chain is
    computed again, the poll's digest set to match, and each line given a correct checksum. Returns the new digest."""
    entries = [json.loads(line.split(b" ", 1)[1]) for line in journal.read_bytes().splitlines()]
    prev = audit.genesis(poll)
    for entry in entries:
        for kind, table, _doc_id, doc in entry["ops"]:
            if doc is not None:
                mutate(kind, table, doc)
            if table == audit.AUDIT and kind == "put" and doc["poll"] == poll:
                rebuilt = audit.make_event(prev, doc["seq"], poll, doc["kind"], doc["payload"])
                doc.update(prev_hash=rebuilt["prev_hash"], hash=rebuilt["hash"])
                prev = rebuilt["hash"]
    out = []
    for entry in entries:
        for _kind, table, doc_id, doc in entry["ops"]:
            if table == voting.POLLS and doc_id == poll and doc and doc.get("digest"):
                doc["digest"] = audit.short_digest(prev)
        body = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        out.append(b"%08x %s\n" % (zlib.crc32(body), body))
    journal.write_bytes(b"".join(out))
    return audit.short_digest(prev)


def test_an_edited_journal_with_its_checksums_fixed_is_caught(counted: tuple[Conference, int, str]) -> None:
    """Ballot 7 and its event rewritten in the journal, the declared result made to match, every later hash and the
    poll's digest computed again, every line given a correct checksum: the store opens it and the folder agrees
    with itself — only the printed digest tells."""
    conference, poll, digest = counted
    journal, folder = conference.store.journal_path, conference.folder
    conference.close()

    def ballot_7(kind: str, table: str, doc: dict[str, Any]) -> None:
        if table == voting.BALLOTS and kind == "put" and doc["seq"] == 7:
            doc["kept"] = [2, 3]  # 1 3 → 2 3
        if table == audit.AUDIT and doc.get("kind") == "ballot" and doc["payload"]["seq"] == 7:
            doc["payload"]["kept"] = [2, 3]

    rewrite_journal(journal, poll, ballot_7)
    again = Conference.open(folder, create=False)
    fake = voting.integrity.result_payload(voting.get_poll(again, poll),
                                           voting.recount(again, voting.get_poll(again, poll)))
    again.close()

    def declared(kind: str, table: str, doc: dict[str, Any]) -> None:
        if table == audit.AUDIT and doc.get("kind") == "close" and doc["poll"] == poll:
            doc["payload"].update(json.loads(audit.canonical(fake)))

    forged = rewrite_journal(journal, poll, declared)
    again = Conference.open(folder, create=False)
    try:
        assert voting.get_poll(again, poll).digest == forged != digest
        assert voting.verify(again).ok  # consistent with itself
        check = voting.verify_poll(again, poll, digest)
        assert not check.ok and "computed again after a change" in first(check)
    finally:
        again.close()


def test_a_round_is_tied_to_the_round_before(demo: Conference) -> None:
    """Round 2 opened after round 1 closed: changing round 1 afterwards (even with its chain computed again) shows in
    round 2's check as well."""
    for person in demo.attendees():
        if person.role is Role.VOTING:
            checkin.check_in_person(demo, person.id, "Bàn 1")
    first_round = voting.create_poll(demo, voting.Poll(voting.PollKind.AWARD, award=AWARD, quota=2,
                                                       candidates=voting.default_candidates(demo)))
    voting.open_poll(demo, first_round.id, collected=len(STACK[:8] + ["2 3"] * 3))
    for text in ["1 2"] * 4 + ["1 3"] * 4 + ["2 3"] * 3:
        voting.enter_ballot(demo, first_round.id, text)
    voting.close_poll(demo, first_round.id)
    second = voting.further_round(demo, first_round.id)
    voting.open_poll(demo, second.id, collected=1)
    assert voting.verify_poll(demo, second.id).ok

    def change(events: list[dict[str, Any]]) -> None:
        for event in events:
            if event["kind"] == "ballot" and event["payload"]["seq"] == 1:
                event["payload"] = {**event["payload"], "kept": [1]}

    rebuild_chain(demo, first_round.id, change)
    assert "round 2 after poll" in first(voting.verify_poll(demo, second.id))


@pytest.mark.parametrize("which", ["close", "last ballot"])
def test_a_changed_last_line_is_damage_not_a_torn_write(counted: tuple[Conference, int, str], which: str) -> None:
    """The close (or the last ballot) rewritten in the journal without fixing its checksum: the folder is refused
    with a sentence, and the journal is left byte for byte as it was — nothing silently dropped or cut off."""
    from tdkt_tui.domain.errors import CorruptStore

    conference, poll, _digest = counted
    journal, folder = conference.store.journal_path, conference.folder
    conference.close()
    lines = journal.read_bytes().splitlines(keepends=True)
    marker = b'"kind":"close"' if which == "close" else b'"seq":11,"clerk":1'
    number = max(i for i, line in enumerate(lines) if marker in line)
    if which == "close":
        lines[number] = lines[number].replace(b'"winners":[', b'"winners":[99,')
    else:
        lines[number] = lines[number].replace(b'"kept":[3]', b'"kept":[1]', 1)
    assert lines[number].endswith(b"\n")  # a complete line
    changed = b"".join(lines)
    journal.write_bytes(changed)
    with pytest.raises(CorruptStore):
        Conference.open(folder, create=False)
    assert journal.read_bytes() == changed
