"""The promises of the door desk (``tdkt_tui.domain.checkin``), checked on real conference folders.

* a genuine code checks its person in once, with the time and the desk; the same code again says when and where;
* every failure (misread, another conference, revoked, forged, unknown, garbage) has its own outcome, stores one
  scan-log line and nothing else, and never raises;
* the scan log keeps every attempt with the raw input short and printable;
* undo, walk-ins, substitutes and check-in by name keep the attendance and the log in step;
* the secret is made once and shared by every desk on the folder, so a code made at one desk scans at another;
* whatever the sequence of scans, undos, reissues and walk-ins at two desks, the log and the attendance agree.
"""

from __future__ import annotations

import copy
import datetime as dt
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from tdkt_tui.domain import checkin
from tdkt_tui.domain.attendance import replaced as replaced_ids
from tdkt_tui.domain.checkin import (
    SECRETS,
    LogEntry,
    Outcome,
    Result,
    check_in_person,
    code_of,
    reissue_code,
    scan,
    secret,
    settle_arrival,
    substitute,
    substitute_listed,
    undo,
    walk_in,
)
from tdkt_tui.domain.codes import conference_tag, damm, group, make_code
from tdkt_tui.domain.conference import AGENDA, ATTENDEES, INFO, UNITS, Conference
from tdkt_tui.domain.demo import write_demo
from tdkt_tui.domain.errors import ValidationError
from tdkt_tui.domain.model import Attendee, Role
from tests.helpers.codes import other_secret

DESK, DESK2 = "Bàn 1", "Bàn 2"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


# -- helpers -------------------------------------------------------------------------------------------------------


def log(conference: Conference) -> list[LogEntry]:
    """The scan log, oldest first (whatever order ``log_entries`` returns)."""
    return sorted(checkin.log_entries(conference), key=lambda e: e.id or 0)


def state(conference: Conference) -> dict[str, Any]:
    """Every stored table but the scan log, deep-copied, to prove a failure stored nothing."""
    return {t: copy.deepcopy(conference.store.docs(t)) for t in (INFO, UNITS, ATTENDEES, AGENDA, SECRETS)}


def voter(conference: Conference, index: int = 0) -> Attendee:
    return [p for p in conference.attendees() if p.role is Role.VOTING][index]


def guest(name: str) -> Attendee:
    return Attendee(full_name=name, role=Role.GUEST)


# -- a genuine scan ----------------------------------------------------------------------------------------------


def test_a_genuine_code_checks_in_once(demo: Conference) -> None:
    person = voter(demo)
    code = code_of(demo, person)
    before = dt.datetime.now().replace(microsecond=0)

    first = scan(demo, group(code) + "\r", DESK)
    assert first.outcome is Outcome.CHECKED_IN and first.outcome.ok and first.outcome.exit_code == 0
    assert first.attendee is not None and first.attendee.id == person.id and first.attendee.present
    stored = demo.attendee(person.id)  # type: ignore[arg-type]
    assert stored is not None and stored.present and stored.checkin_desk == DESK
    at = dt.datetime.fromisoformat(stored.checked_in_at)
    assert before <= at <= dt.datetime.now()
    assert stored.checked_in_at == first.attendee.checked_in_at

    again = scan(demo, code + "\n", DESK2)
    assert again.outcome is Outcome.ALREADY and not again.outcome.ok
    assert again.first_at == stored.checked_in_at and again.first_desk == DESK
    assert again.attendee is not None and again.attendee.id == person.id
    assert demo.attendee(person.id) == stored  # the second scan changed nothing

    entries = log(demo)
    assert [e.outcome for e in entries] == [Outcome.CHECKED_IN, Outcome.ALREADY]
    assert [e.desk for e in entries] == [DESK, DESK2]
    assert [e.attendee_id for e in entries] == [person.id, person.id]
    for entry in entries:
        dt.datetime.fromisoformat(entry.at)
    assert entries[0].raw.startswith(group(code))


@pytest.mark.parametrize("ending", ["\r", "\n", "\t", "\r\n", ""])
def test_every_scanner_ending_and_full_width_digits_check_in(demo: Conference, ending: str) -> None:
    people = demo.attendees()
    assert scan(demo, code_of(demo, people[0]) + ending, DESK).outcome is Outcome.CHECKED_IN
    assert scan(demo, group(code_of(demo, people[1])).replace(" ", "-") + ending, DESK).outcome is Outcome.CHECKED_IN
    assert scan(demo, code_of(demo, people[2]).translate(FULL_WIDTH) + ending, DESK).outcome is Outcome.CHECKED_IN


def test_check_in_survives_a_reopen(demo: Conference) -> None:
    person = voter(demo)
    scan(demo, code_of(demo, person), DESK)
    folder = demo.folder
    demo.close()
    reopened = Conference.open(folder)
    try:
        stored = reopened.attendee(person.id)  # type: ignore[arg-type]
        assert stored is not None and stored.present and stored.checkin_desk == DESK
        assert [e.outcome for e in log(reopened)] == [Outcome.CHECKED_IN]
        assert scan(reopened, code_of(reopened, person), DESK2).outcome is Outcome.ALREADY
    finally:
        reopened.close()


# -- failures: the right outcome, one log line, nothing else ---------------------------------------------------------


def _failure_inputs(demo: Conference) -> dict[str, tuple[str, Outcome]]:
    """Raw inputs of every failure, each with the outcome it must give (some need setting up first)."""
    key = secret(demo)
    people = demo.attendees()
    good = code_of(demo, people[0])

    misread = good[:5] + str((int(good[5]) + 1) % 10) + good[6:]
    swapped = next(good[:i] + good[i + 1] + good[i] + good[i + 2 :] for i in range(15) if good[i] != good[i + 1])
    foreign = make_code(other_secret(key, same_tag=False), people[0].id, 1)  # type: ignore[arg-type]
    collided = make_code(other_secret(key, same_tag=True), people[0].id, 1)  # type: ignore[arg-type]
    body = good[:10] + f"{(int(good[10:15]) + 1) % 100_000:05d}"
    forged = body + str(damm(body))

    revoked_person = people[1]
    revoked = code_of(demo, revoked_person)
    reissue_code(demo, revoked_person.id)  # type: ignore[arg-type]

    removed = people[2]
    unknown = code_of(demo, removed)
    demo.remove_attendee(removed.id)  # type: ignore[arg-type]

    return {
        "misread": (misread, Outcome.MISREAD),
        "swapped": (swapped, Outcome.MISREAD),
        "short": (good[:15], Outcome.MISREAD),
        "long": (good + "1", Outcome.MISREAD),
        "foreign": (foreign, Outcome.OTHER_CONFERENCE),
        "tag-collision": (collided, Outcome.FORGED),
        "forged": (forged, Outcome.FORGED),
        "revoked": (group(revoked) + "\r", Outcome.REVOKED),
        "unknown": (unknown, Outcome.UNKNOWN),
        "garbage": ("xin chào các đồng chí", Outcome.NOT_A_CODE),
        "telex-mangled": ("ddaay laf maax", Outcome.NOT_A_CODE),
        "paste-10000": (("Nguyễn Văn An, Ban Tuyên giáo; " * 400)[:10_000], Outcome.NOT_A_CODE),
        "control": ("\x00\x07\x1b[31m\x7f\u202e\ud800", Outcome.NOT_A_CODE),
        "code-and-nul": (good + "\x00", Outcome.NOT_A_CODE),
        "empty": ("", Outcome.EMPTY),
        "blank": (" \t\r\n", Outcome.EMPTY),
    }


FAILURES = [
    "misread", "swapped", "short", "long", "foreign", "tag-collision", "forged", "revoked", "unknown", "garbage",
    "telex-mangled", "paste-10000", "control", "code-and-nul", "empty", "blank",
]


@pytest.mark.parametrize("name", FAILURES)
def test_a_failure_gives_its_outcome_one_log_line_and_stores_nothing_else(demo: Conference, name: str) -> None:
    raw, expected = _failure_inputs(demo)[name]
    before, lines, seq = state(demo), len(log(demo)), demo.store.seq

    result = scan(demo, raw, DESK)

    assert isinstance(result, Result)
    assert result.outcome is expected, name
    assert not result.outcome.ok and result.outcome.exit_code != 0
    assert state(demo) == before  # the attendees (and everything else) untouched
    assert demo.store.seq == seq + 1  # one transaction: the log line
    entries = log(demo)
    assert len(entries) == lines + 1
    entry = entries[-1]
    assert entry.outcome is expected and entry.desk == DESK
    dt.datetime.fromisoformat(entry.at)
    assert len(entry.raw) <= 65 and entry.raw.isprintable()
    if len(raw) <= 64 and raw.isprintable():
        assert entry.raw == raw
    if len(raw) > 64:
        assert entry.raw.endswith("…")
    # and the failure survives a reopen exactly as it was logged
    folder = demo.folder
    reopened = Conference.open(folder)
    try:
        assert log(reopened)[-1] == entry
    finally:
        reopened.close()


def test_the_failure_outcomes_name_the_person_only_when_there_is_one(demo: Conference) -> None:
    inputs = _failure_inputs(demo)
    revoked = scan(demo, inputs["revoked"][0], DESK)
    assert revoked.attendee is not None and revoked.attendee.id == demo.attendees()[1].id
    assert log(demo)[-1].attendee_id == revoked.attendee.id
    unknown = scan(demo, inputs["unknown"][0], DESK)
    assert unknown.attendee is None
    for name in ("misread", "foreign", "forged", "garbage", "empty"):
        result = scan(demo, inputs[name][0], DESK)
        assert result.attendee is None
        assert log(demo)[-1].attendee_id is None


def test_a_code_of_a_removed_person_is_unknown_and_logged_with_the_id(demo: Conference) -> None:
    person = demo.attendees()[5]
    code = code_of(demo, person)
    demo.remove_attendee(person.id)  # type: ignore[arg-type]
    before = state(demo)
    assert scan(demo, code, DESK).outcome is Outcome.UNKNOWN
    assert state(demo) == before
    assert log(demo)[-1].attendee_id == person.id and log(demo)[-1].outcome is Outcome.UNKNOWN


def test_people_past_id_99999_check_in_with_second_layout_codes(demo: Conference) -> None:
    """A conference of a million: ids past 99,999 get codes of the second layout; those of the first still read."""
    first = voter(demo, 1)
    first_code = code_of(demo, first)
    other = write_demo(demo.folder.parent / "other")
    with other.store.transaction() as txn:
        txn.put(ATTENDEES, 200_000, Attendee(full_name="Người khác", unit_id=1).to_doc())
    foreign = code_of(other, other.attendee(200_000))  # type: ignore[arg-type]
    # before this conference passes 99,999 people, another conference's second-layout code is told as that
    assert scan(demo, foreign, DESK).outcome is Outcome.OTHER_CONFERENCE
    with demo.store.transaction() as txn:
        txn.put(ATTENDEES, 1_000_000, Attendee(full_name="Nguyễn Văn Triệu", unit_id=1).to_doc())
    person = demo.attendee(1_000_000)
    assert person is not None
    code = code_of(demo, person)
    assert code[:3] != first_code[:3]
    assert scan(demo, code, DESK).outcome is Outcome.CHECKED_IN
    assert scan(demo, first_code, DESK).outcome is Outcome.CHECKED_IN
    assert scan(demo, foreign, DESK).outcome in (Outcome.OTHER_CONFERENCE, Outcome.FORGED)
    new = reissue_code(demo, 1_000_000)
    assert scan(demo, code, DESK).outcome is Outcome.REVOKED and new != code


def test_a_reissued_code_revokes_the_old_one(demo: Conference) -> None:
    person = voter(demo, 1)
    old = code_of(demo, person)
    new = reissue_code(demo, person.id)  # type: ignore[arg-type]
    assert new != old and new == code_of(demo, demo.attendee(person.id))  # type: ignore[arg-type]
    newer = reissue_code(demo, person.id)  # type: ignore[arg-type]
    assert scan(demo, old, DESK).outcome is Outcome.REVOKED
    assert scan(demo, new, DESK).outcome is Outcome.REVOKED
    assert not demo.attendee(person.id).present  # type: ignore[union-attr]
    assert scan(demo, newer, DESK).outcome is Outcome.CHECKED_IN
    assert scan(demo, old, DESK).outcome is Outcome.REVOKED  # even once present, an old code stays revoked


def test_reissuing_keeps_a_check_in_and_a_removed_person_cannot_be_reissued(demo: Conference) -> None:
    person = voter(demo)
    scan(demo, code_of(demo, person), DESK)
    new = reissue_code(demo, person.id)  # type: ignore[arg-type]
    assert demo.attendee(person.id).present  # type: ignore[union-attr]
    assert scan(demo, new, DESK).outcome is Outcome.ALREADY
    demo.remove_attendee(person.id)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        reissue_code(demo, person.id)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "raw",
    [
        "x" * 10_000,
        "\x00" * 10_000,
        "\x1b[2J\x1b[H" * 50,
        "a\u0301" * 100,  # combining marks
        "漢字" * 100,
        "\ud800\udfff" * 40,
    ],
)
def test_the_log_keeps_raw_input_short_and_printable(demo: Conference, raw: str) -> None:
    scan(demo, raw, DESK)
    entry = log(demo)[-1]
    assert len(entry.raw) <= 65 and entry.raw.isprintable()
    assert entry.raw.encode("utf-8")  # no lone surrogates left to break a CSV export or the terminal


def test_exit_codes_are_distinct_per_outcome_family() -> None:
    families = [
        {Outcome.CHECKED_IN, Outcome.UNDONE, Outcome.SUBSTITUTE},
        {Outcome.ALREADY},
        {Outcome.STOOD_IN},
        {Outcome.UNKNOWN},
        {Outcome.MISREAD},
        {Outcome.OTHER_CONFERENCE},
        {Outcome.REVOKED},
        {Outcome.FORGED},
        {Outcome.NOT_A_CODE, Outcome.EMPTY},
    ]
    assert set().union(*families) == set(Outcome)
    codes_by_family = []
    for family in families:
        assert len({o.exit_code for o in family}) == 1, family
        codes_by_family.append(next(iter(family)).exit_code)
    assert len(set(codes_by_family)) == len(families)
    for outcome in Outcome:
        assert 0 <= outcome.exit_code <= 125
        assert (outcome.exit_code == 0) == outcome.ok
        assert outcome.exit_code not in (1, 2)  # kept for errors and usage mistakes
        assert outcome.label


# -- undo, walk-ins, substitutes, check-in by name ---------------------------------------------------------------


def test_undo_takes_back_a_check_in_and_is_logged(demo: Conference) -> None:
    person = voter(demo)
    code = code_of(demo, person)
    scan(demo, code, DESK)
    result = undo(demo, person.id, DESK2)  # type: ignore[arg-type]
    assert result.outcome is Outcome.UNDONE
    assert result.attendee is not None and not result.attendee.present
    stored = demo.attendee(person.id)  # type: ignore[arg-type]
    assert stored is not None and not stored.present and stored.checkin_desk == ""
    last = log(demo)[-1]
    assert last.outcome is Outcome.UNDONE and last.attendee_id == person.id and last.desk == DESK2
    assert len(last.raw) <= 65
    # the code works again afterwards
    assert scan(demo, code, DESK2).outcome is Outcome.CHECKED_IN
    assert demo.attendee(person.id).checkin_desk == DESK2  # type: ignore[union-attr]


def test_undo_of_someone_not_present_or_removed_changes_nothing(demo: Conference) -> None:
    person = voter(demo)
    before = state(demo)
    with pytest.raises(ValidationError, match="chưa điểm danh"):
        undo(demo, person.id, DESK)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        undo(demo, 99_999, DESK)
    assert state(demo) == before
    # nothing was undone, so no UNDONE line that would unbalance the log (a line of another outcome would be fine)
    assert [e.outcome for e in log(demo)].count(Outcome.UNDONE) == 0


def test_check_in_person_by_id(demo: Conference) -> None:
    person = demo.attendees()[3]
    first = check_in_person(demo, person.id, DESK)  # type: ignore[arg-type]
    assert first.outcome is Outcome.CHECKED_IN and first.attendee is not None and first.attendee.present
    stored = demo.attendee(person.id)  # type: ignore[arg-type]
    assert stored is not None and stored.checkin_desk == DESK
    again = check_in_person(demo, person.id, DESK2, how="list")  # type: ignore[arg-type]
    assert again.outcome is Outcome.ALREADY and again.first_desk == DESK and again.first_at == stored.checked_in_at
    assert scan(demo, code_of(demo, person), DESK2).outcome is Outcome.ALREADY
    entries = log(demo)
    assert [e.outcome for e in entries] == [Outcome.CHECKED_IN, Outcome.ALREADY, Outcome.ALREADY]
    assert entries[0].raw == person.full_name and entries[0].how == "search" and entries[1].how == "list"
    assert entries[1].shown_input == f"Từ danh sách: {person.full_name}"  # the code stored, the words shown
    before = state(demo)
    assert check_in_person(demo, 99_999, DESK).outcome is Outcome.UNKNOWN
    assert state(demo) == before and log(demo)[-1].outcome is Outcome.UNKNOWN


def test_walk_in_registers_and_checks_in_a_guest(demo: Conference) -> None:
    count = len(demo.attendees())
    result = walk_in(demo, guest("Phạm Thị Khách"), DESK)
    assert result.outcome is Outcome.CHECKED_IN
    added = result.attendee
    assert added is not None and added.id is not None and added.present
    assert len(demo.attendees()) == count + 1
    stored = demo.attendee(added.id)
    assert stored is not None and stored.present and stored.checkin_desk == DESK and stored.role is Role.GUEST
    assert stored.full_name == "Phạm Thị Khách"
    assert log(demo)[-1].outcome is Outcome.CHECKED_IN and log(demo)[-1].attendee_id == added.id
    # the walk-in has a code like everyone else
    assert scan(demo, code_of(demo, stored), DESK2).outcome is Outcome.ALREADY


def test_a_duplicate_walk_in_is_refused_and_stores_nothing(demo: Conference) -> None:
    person = demo.attendees()[0]
    before, lines = state(demo), len(log(demo))
    with pytest.raises(ValidationError):
        walk_in(demo, Attendee(full_name=person.full_name, unit_id=person.unit_id), DESK)
    assert state(demo) == before and len(log(demo)) == lines


def test_a_substitute_takes_the_absent_ones_unit_and_role(demo: Conference) -> None:
    absent = voter(demo, 2)
    result = substitute(demo, absent.id, guest("Lê Văn Thay"), DESK)  # type: ignore[arg-type]
    assert result.outcome is Outcome.CHECKED_IN
    sub = result.attendee
    assert sub is not None and sub.id is not None and sub.id != absent.id
    stored = demo.attendee(sub.id)
    assert stored is not None and stored.present and stored.checkin_desk == DESK
    assert stored.unit_id == absent.unit_id and stored.role is absent.role is Role.VOTING
    assert stored.substitute_for == absent.id
    assert "đi thay" in stored.note and absent.full_name in stored.note
    assert not demo.attendee(absent.id).present  # type: ignore[arg-type,union-attr]
    assert log(demo)[-1].outcome is Outcome.CHECKED_IN and log(demo)[-1].attendee_id == sub.id


def test_a_substitute_keeps_its_own_note(demo: Conference) -> None:
    absent = voter(demo, 2)
    person = Attendee(full_name="Lê Văn Thay", note="Phó trưởng ban")
    result = substitute(demo, absent.id, person, DESK)  # type: ignore[arg-type]
    note = demo.attendee(result.attendee.id).note  # type: ignore[arg-type,union-attr]
    assert "Phó trưởng ban" in note and "đi thay" in note


def test_no_substitute_for_someone_present_or_removed(demo: Conference) -> None:
    present = voter(demo)
    check_in_person(demo, present.id, DESK)  # type: ignore[arg-type]
    before, lines = state(demo), len(log(demo))
    with pytest.raises(ValidationError):
        substitute(demo, present.id, guest("Lê Văn Thay"), DESK)  # type: ignore[arg-type]
    removed = voter(demo, 1)
    demo.remove_attendee(removed.id)  # type: ignore[arg-type]
    before = state(demo)
    with pytest.raises(ValidationError):
        substitute(demo, removed.id, guest("Lê Văn Thay"), DESK)  # type: ignore[arg-type]
    assert state(demo) == before and len(log(demo)) == lines


def test_no_substitute_for_someone_checked_in_at_another_desk(demo: Conference) -> None:
    other = Conference.open(demo.folder)
    try:
        person = voter(other)
        other.attendee(person.id)  # desk 2 has read the list: person absent
        check_in_person(demo, person.id, DESK)  # type: ignore[arg-type]  # desk 1 checks them in meanwhile
        with pytest.raises(ValidationError):
            substitute(other, person.id, guest("Lê Văn Thay"), DESK2)  # type: ignore[arg-type]
    finally:
        other.close()


def test_one_substitute_per_absent_person(demo: Conference) -> None:
    absent = voter(demo, 2)
    substitute(demo, absent.id, guest("Lê Văn Thay"), DESK)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        substitute(demo, absent.id, guest("Trần Văn Thay Hai"), DESK2)  # type: ignore[arg-type]


@pytest.mark.parametrize("desk", ["", "   ", "\x1b[31mBàn\x00"], ids=["empty", "spaces", "control"])
def test_a_present_person_always_has_a_clean_desk(demo: Conference, desk: str) -> None:
    person = voter(demo)
    scan(demo, code_of(demo, person), desk)
    stored = demo.attendee(person.id)  # type: ignore[arg-type]
    assert stored is not None and stored.present
    assert stored.checkin_desk.strip() and stored.checkin_desk.isprintable()
    assert log(demo)[-1].desk.strip() and log(demo)[-1].desk.isprintable()


# -- the secret and several desks ------------------------------------------------------------------------------


def test_the_secret_is_made_once_and_survives_a_reopen(demo: Conference) -> None:
    assert demo.store.get(SECRETS, 1) is None
    key = secret(demo)
    assert len(key) >= 16
    seq = demo.store.seq
    assert secret(demo) == key and demo.store.seq == seq  # asking again writes nothing
    folder = demo.folder
    demo.close()
    reopened = Conference.open(folder)
    try:
        assert secret(reopened) == key
    finally:
        reopened.close()


def test_two_conferences_have_different_secrets(tmp_path: Path) -> None:
    one, two = write_demo(tmp_path / "one"), write_demo(tmp_path / "two")
    try:
        assert secret(one) != secret(two)
        person = one.attendees()[0]
        code = code_of(one, person)
        expected = Outcome.OTHER_CONFERENCE if conference_tag(secret(one)) != conference_tag(secret(two)) \
            else Outcome.FORGED
        assert scan(two, code, DESK).outcome is expected
        assert not two.attendee(person.id).present  # type: ignore[arg-type,union-attr]
    finally:
        one.close()
        two.close()


def test_the_secret_is_shared_by_every_desk_on_the_folder(demo: Conference) -> None:
    other = Conference.open(demo.folder)
    third = Conference.open(demo.folder)
    try:
        key = secret(demo)
        other.refresh()
        assert other.store.get(SECRETS, 1) is not None
        assert secret(other) == key
        # a desk that has not refreshed must not make a second secret of its own
        assert third.store.get(SECRETS, 1) is None
        assert secret(third) == key
    finally:
        other.close()
        third.close()


def test_a_code_made_at_one_desk_scans_at_another(demo: Conference) -> None:
    other = Conference.open(demo.folder)
    try:
        person = voter(demo)
        code = code_of(demo, person)
        result = scan(other, code, DESK2)  # no refresh: the scan's transaction catches up
        assert result.outcome is Outcome.CHECKED_IN
        again = scan(demo, code, DESK)
        assert again.outcome is Outcome.ALREADY and again.first_desk == DESK2
        # a person added at desk 1 after desk 2 opened scans at desk 2 too
        added = demo.add_attendee(Attendee(full_name="Vũ Thị Mới", unit_id=person.unit_id))
        assert scan(other, code_of(demo, added), DESK2).outcome is Outcome.CHECKED_IN
        demo.refresh()
        assert demo.attendee(added.id).checkin_desk == DESK2  # type: ignore[arg-type,union-attr]
        assert [e.desk for e in log(demo)] == [DESK2, DESK, DESK2]
    finally:
        other.close()


def test_a_code_reissued_at_one_desk_is_revoked_at_another(demo: Conference) -> None:
    other = Conference.open(demo.folder)
    try:
        person = voter(demo)
        old = code_of(other, other.attendee(person.id))  # type: ignore[arg-type]
        reissue_code(demo, person.id)  # type: ignore[arg-type]
        assert scan(other, old, DESK2).outcome is Outcome.REVOKED
    finally:
        other.close()


def test_a_burst_of_the_same_code_checks_in_once(demo: Conference) -> None:
    person = voter(demo)
    code = code_of(demo, person)
    results = [scan(demo, code + "\r", DESK) for _ in range(5)]
    assert [r.outcome for r in results] == [Outcome.CHECKED_IN] + [Outcome.ALREADY] * 4
    assert len({r.first_at for r in results[1:]}) == 1


def test_a_burst_at_five_desks_at_once_checks_in_once(demo: Conference) -> None:
    person = voter(demo)
    code = code_of(demo, person)
    desks = [Conference.open(demo.folder) for _ in range(5)]
    barrier = threading.Barrier(len(desks))
    results: list[Result] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(conference: Conference, name: str) -> None:
        try:
            barrier.wait()
            result = scan(conference, code, name)
            with lock:
                results.append(result)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(c, f"Bàn {i}")) for i, c in enumerate(desks, start=1)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        assert not errors
        outcomes = sorted(r.outcome.value for r in results)
        assert outcomes == ["already"] * 4 + ["checked_in"]
        winner = next(r for r in results if r.outcome is Outcome.CHECKED_IN)
        first_desk = winner.attendee.checkin_desk  # type: ignore[union-attr]
        assert all(r.first_desk == first_desk for r in results if r is not winner)
        demo.refresh()
        assert [e.outcome for e in log(demo)].count(Outcome.CHECKED_IN) == 1
        assert len(log(demo)) == 5
    finally:
        for c in desks:
            c.close()


def test_log_entries_are_newest_first_at_every_desk_and_after_a_reopen(demo: Conference) -> None:
    other = Conference.open(demo.folder)
    try:
        people = demo.attendees()
        for i, person in enumerate(people[:6]):
            conference, name = (demo, DESK) if i % 2 else (other, DESK2)
            scan(conference, code_of(conference, person), name)  # no refresh in between: each catches up
            scan(conference, "rác", name)
        demo.refresh()
        for conference in (demo, other):
            conference.refresh()
            entries = checkin.log_entries(conference)
            ids = [e.id for e in entries]
            assert len(ids) == 12 and ids == sorted(ids, reverse=True)  # type: ignore[type-var]
            assert checkin.log_entries(conference, newest=3) == entries[:3]
            assert checkin.log_entries(conference, newest=0) == []
        expected = checkin.log_entries(demo)
        demo.store.compact()
        folder = demo.folder
        reopened = Conference.open(folder)
        try:
            assert checkin.log_entries(reopened) == expected
        finally:
            reopened.close()
    finally:
        other.close()


# -- any sequence of operations at two desks -------------------------------------------------------------------


class CheckinMachine(RuleBasedStateMachine):
    """Scans, undos, reissues, walk-ins and substitutes at two desks on one folder, against a model."""

    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="tdkt-checkin-"))
        first = write_demo(self.tmp / "conf")
        self.desks = [(first, DESK), (Conference.open(self.tmp / "conf"), DESK2)]
        self.ids = [p.id for p in first.attendees() if p.id is not None][:12]
        self.codes = {i: code_of(first, first.attendee(i)) for i in self.ids}  # type: ignore[arg-type]
        self.revoked: list[str] = []
        self.present: dict[int, str] = {}
        self.standing: dict[int, int] = {}  # absent id -> the substitute present for them
        self.added = 0

    def teardown(self) -> None:
        for conference, _ in self.desks:
            conference.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def _pick(self, index: int) -> int:
        return self.ids[index % len(self.ids)]

    @rule(desk=st.integers(0, 1), index=st.integers(0, 100), ending=st.sampled_from(["", "\r", "\n", "\t"]))
    def scan_current_code(self, desk: int, index: int, ending: str) -> None:
        conference, name = self.desks[desk]
        who = self._pick(index)
        result = scan(conference, group(self.codes[who]) + ending, name)
        self._arrived(conference, who, name, result)

    def _arrived(self, conference: Conference, who: int, name: str, result: checkin.Result) -> None:
        """What a scan or a search of ``who`` must give: already here, or a substitute holding the ballot, or in."""
        if who in self.present:
            assert result.outcome is Outcome.ALREADY
            assert result.first_desk == self.present[who]
        elif (who in self.standing and self.standing[who] in self.present
              and conference.attendee(self.standing[who]).role is Role.VOTING):  # type: ignore[union-attr]
            assert result.outcome is Outcome.STOOD_IN and result.substitute is not None
            assert result.substitute.id == self.standing[who]
        else:
            assert result.outcome is Outcome.CHECKED_IN
            self.present[who] = name
            self.standing.pop(who, None)  # a substitute without the ballot, or gone: each has their own role again

    @precondition(lambda self: bool(self.revoked))
    @rule(desk=st.integers(0, 1), index=st.integers(0, 100))
    def scan_revoked_code(self, desk: int, index: int) -> None:
        conference, name = self.desks[desk]
        assert scan(conference, self.revoked[index % len(self.revoked)], name).outcome is Outcome.REVOKED

    @rule(desk=st.integers(0, 1), raw=st.one_of(st.text(max_size=50), st.text(alphabet="0123456789 ", max_size=20)))
    def scan_garbage(self, desk: int, raw: str) -> None:
        conference, name = self.desks[desk]
        result = scan(conference, raw, name)
        # a random digit string can, 1 in 10^8, be a genuine code; anything else is a failure
        assert result.outcome not in (Outcome.CHECKED_IN, Outcome.UNDONE)

    @rule(desk=st.integers(0, 1), index=st.integers(0, 100))
    def by_name(self, desk: int, index: int) -> None:
        conference, name = self.desks[desk]
        who = self._pick(index)
        self._arrived(conference, who, name, check_in_person(conference, who, name))

    @rule(desk=st.integers(0, 1), index=st.integers(0, 100))
    def undo_one(self, desk: int, index: int) -> None:
        conference, name = self.desks[desk]
        who = self._pick(index)
        if who not in self.present:
            with pytest.raises(ValidationError):
                undo(conference, who, name)
            return
        result = undo(conference, who, name)
        assert result.attendee is not None and not result.attendee.present
        self.present.pop(who, None)
        for absent, stand_in in list(self.standing.items()):
            if stand_in == who and absent not in self.present:
                del self.standing[absent]  # the substitute left: the absent person is expected again

    @rule(desk=st.integers(0, 1), index=st.integers(0, 100))
    def reissue(self, desk: int, index: int) -> None:
        conference, _ = self.desks[desk]
        who = self._pick(index)
        self.revoked.append(self.codes[who])
        self.codes[who] = reissue_code(conference, who)

    @rule(desk=st.integers(0, 1))
    def walk_in_guest(self, desk: int) -> None:
        conference, name = self.desks[desk]
        self.added += 1
        result = walk_in(conference, guest(f"Khách mời số {self.added}"), name)
        assert result.outcome is Outcome.CHECKED_IN and result.attendee is not None
        new = result.attendee.id
        assert new is not None and new not in self.ids
        self.ids.append(new)
        self.codes[new] = code_of(conference, result.attendee)
        self.present[new] = name

    @rule(desk=st.integers(0, 1), index=st.integers(0, 100))
    def substitute_absent(self, desk: int, index: int) -> None:
        conference, name = self.desks[desk]
        who = self._pick(index)
        self.added += 1
        person = guest(f"Người đi thay số {self.added}")
        if who in self.present:
            with pytest.raises(ValidationError):
                substitute(conference, who, person, name)
            return
        if who in self.standing and self.standing[who] in self.present:
            with pytest.raises(ValidationError):  # one substitute per absent person (while here)
                substitute(conference, who, person, name)
            return
        result = substitute(conference, who, person, name)
        assert result.outcome is Outcome.CHECKED_IN and result.attendee is not None
        assert result.attendee.id is not None
        self.standing[who] = result.attendee.id
        self.ids.append(result.attendee.id)
        self.codes[result.attendee.id] = code_of(conference, result.attendee)
        self.present[result.attendee.id] = name

    @rule(desk=st.integers(0, 1), index=st.integers(0, 100), other=st.integers(0, 100))
    def substitute_from_the_list(self, desk: int, index: int, other: int) -> None:
        conference, name = self.desks[desk]
        who, stand_in = self._pick(index), self._pick(other)
        absent, person = conference.attendee(who), conference.attendee(stand_in)
        assert absent is not None and person is not None
        # A substitute stands in while here for someone absent; one who left, or whose absent person came after
        # all, stands in for no one and may stand in for another (the link moves: a person has one).
        standing_now = {a: s for a, s in self.standing.items() if s in self.present and a not in self.present}
        # A substitute who left is no one's any more once someone else is to attend (or they come): the person
        # they stood in for, and each of them, take their own role back first.
        role = absent.role if self.standing.get(who) == stand_in and stand_in not in self.present else person.role
        if stand_in in self.standing and stand_in not in self.present and stand_in not in standing_now:
            role = conference.attendee(self.standing[stand_in]).role  # type: ignore[union-attr]
        allowed = (who not in self.present and who not in standing_now and who != stand_in
                   and role is not Role.VOTING
                   and absent.unit_id is not None and absent.unit_id == person.unit_id
                   and stand_in not in standing_now.values() and stand_in not in standing_now)
        if not allowed:
            with pytest.raises(ValidationError):
                substitute_listed(conference, who, stand_in, name)
            return
        result = substitute_listed(conference, who, stand_in, name)
        assert result.outcome is (Outcome.SUBSTITUTE if stand_in in self.present else Outcome.CHECKED_IN)
        for earlier in [a for a, s in self.standing.items() if s == stand_in or a == who
                        or (a == stand_in and stand_in not in self.present)]:
            del self.standing[earlier]
        self.standing[who] = stand_in
        self.present.setdefault(stand_in, name)

    @rule(desk=st.integers(0, 1), index=st.integers(0, 100), to_absent=st.booleans())
    def arrives_after_all(self, desk: int, index: int, to_absent: bool) -> None:
        conference, name = self.desks[desk]
        waiting = sorted(a for a in self.standing if a not in self.present)
        if not waiting:
            return
        who = waiting[index % len(waiting)]
        result = settle_arrival(conference, who, name, ballot_to_absent=to_absent)
        assert result.outcome is Outcome.CHECKED_IN
        if to_absent or self.standing[who] not in self.present:  # (a substitute who left holds nothing)
            del self.standing[who]
        self.present[who] = name

    @invariant()
    def log_and_attendance_agree(self) -> None:
        for conference, _ in self.desks:
            conference.refresh()
            entries = checkin.log_entries(conference)
            checked_in = sum(e.outcome is Outcome.CHECKED_IN for e in entries)
            undone = sum(e.outcome is Outcome.UNDONE for e in entries)
            people = conference.attendees()
            present = {p.id: p.checkin_desk for p in people if p.present}
            assert checked_in - undone == len(present)
            assert present == self.present
            assert all(desk in (DESK, DESK2) for desk in present.values())
            assert all(not p.checkin_desk for p in people if not p.present)
            assert all(len(e.raw) <= 65 and e.raw.isprintable() for e in entries)
            # A substitute takes the absent person's role: every member unit still has one voting delegate
            # expected, and the absent one is not expected.
            replaced = replaced_ids(people)
            # (only while the substitute is here: one who left after the absent person came is no one's stand-in)
            assert replaced == {a for a, s in self.standing.items() if a not in self.present and s in self.present}
            for unit in conference.member_units():
                assert sum(1 for p in people if p.unit_id == unit.id and p.role is Role.VOTING
                           and p.id not in replaced) == 1
            figures = conference.attendance()
            assert figures.total_expected == len(people) - len(replaced)
            assert figures.expected[Role.VOTING] == len(conference.member_units())


def test_any_sequence_keeps_the_log_and_the_attendance_in_step() -> None:
    run_state_machine_as_test(
        CheckinMachine,
        settings=settings(
            max_examples=50, stateful_step_count=30, deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )


def test_log_lines_written_before_the_how_code_read_alike(demo: Conference) -> None:
    """Older scan logs kept "[walk-in] Name" in the raw text: read as the code and the name."""
    with demo.store.transaction() as txn:
        txn.insert("scanlog", {"at": "2018-12-03T07:45:00", "raw": "[walk-in] Lê Văn Khách", "outcome": "checked_in",
                               "desk": DESK, "attendee_id": None})
    entry = log(demo)[-1]
    assert (entry.how, entry.raw) == ("walk-in", "Lê Văn Khách")
    assert entry.shown_input == "Khách đến trực tiếp: Lê Văn Khách"


def test_the_scan_log_stays_lines_in_memory_and_reads_newest_first(demo: Conference) -> None:
    """A desk that scans all day does not hold its log as documents: after a fold the log is the snapshot's bytes,
    the door's newest lines and the whole log (newest first) read from them, here and at another desk."""
    people = demo.attendees()
    for person in people[:6]:
        scan(demo, code_of(demo, person), "Bàn 1")
    scan(demo, "12345", "Bàn 1")
    demo.compact()
    for person in people[6:9]:
        scan(demo, code_of(demo, person), "Bàn 2")
    whole = checkin.log_entries(demo)
    assert [e.attendee_id for e in whole[:4]] == [people[8].id, people[7].id, people[6].id, None]
    assert [e.id for e in whole] == sorted((e.id for e in whole), reverse=True) and len(whole) == 10
    assert checkin.log_entries(demo, newest=4) == whole[:4]
    other = Conference.open(demo.folder)
    assert checkin.log_entries(other, newest=5) == whole[:5] and checkin.log_entries(other) == whole
    for conference in (demo, other):
        assert not conference.store.decoded(checkin.SCANLOG)
    other.close()


def test_a_substitute_who_left_after_the_absent_person_came_stands_in_for_no_one(demo: Conference) -> None:
    """The sequence the state machine found: a substitute checked in for an absent voting delegate, who then came
    after all (the substitute keeping the ballot); the substitute leaves, then the delegate: nobody is here on the
    delegate's behalf, so the delegate is expected again."""
    absent = next(p for p in demo.attendees() if p.role is Role.VOTING and p.unit_id is not None)
    stand_in = substitute(demo, absent.id or 0, guest("Người đi thay"), DESK).attendee
    assert stand_in is not None and replaced_ids(demo.attendees()) == {absent.id}
    settle_arrival(demo, absent.id or 0, DESK, ballot_to_absent=False)
    undo(demo, stand_in.id or 0, DESK)
    undo(demo, absent.id or 0, DESK)
    assert replaced_ids(demo.attendees()) == set()
    assert demo.attendance().expected[Role.VOTING] == sum(p.role is Role.VOTING for p in demo.attendees())


def test_a_person_who_came_after_their_substitute_can_stand_in_for_another() -> None:
    """The sequence the state machine found, replayed step by step: a walk-in stood in for an absent person who then
    came after all; that person, here now, is then chosen to attend on behalf of someone else of the unit. They are
    here, so nobody stands in for them any more: the substitution goes through and the counts stay in step."""
    machine = CheckinMachine()
    try:
        steps = [
            lambda: machine.substitute_absent(desk=0, index=52),
            lambda: machine.walk_in_guest(desk=0),
            lambda: machine.walk_in_guest(desk=0),
            *[lambda: machine.scan_garbage(desk=0, raw="")] * 4,
            lambda: machine.arrives_after_all(desk=0, index=0, to_absent=False),
            lambda: machine.substitute_from_the_list(desk=0, index=63, other=79),
        ]
        for step in steps:
            step()
            machine.log_and_attendance_agree()
        assert machine.standing[machine._pick(63)] == machine._pick(79)
    finally:
        machine.teardown()


def test_a_substitute_who_left_does_not_stand_in_again_after_the_absent_person_came() -> None:
    """The second sequence the state machine found: a walk-in stood in for an absent person, who came after all
    (the walk-in keeping the role); the walk-in left, then the person; the person came again, taking their own role
    back, and left; the walk-in, coming back, attends for no one."""
    machine = CheckinMachine()
    try:
        absent, walk_in = 8, 12  # indexes of the absent person and of the walk-in registered for them
        steps = [
            lambda: machine.substitute_absent(desk=0, index=absent),
            lambda: machine.arrives_after_all(desk=0, index=0, to_absent=False),
            lambda: machine.undo_one(desk=0, index=walk_in),
            lambda: machine.undo_one(desk=0, index=absent),
            lambda: machine.arrives_after_all(desk=0, index=0, to_absent=True),
            lambda: machine.undo_one(desk=0, index=absent),
            lambda: machine.by_name(desk=0, index=walk_in),
        ]
        for step in steps:
            step()
            machine.log_and_attendance_agree()
        assert machine.standing == {}
    finally:
        machine.teardown()
