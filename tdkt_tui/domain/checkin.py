"""Check-in at the door: scans, the fallback by name, substitutes, walk-ins, undo, and the scan log.

Every attempt — failures included — is one line of the scan log, written in the same transaction as the check-in it
caused, so the log and the attendance can never disagree. The raw input is kept short and printable in the log.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import socket
from dataclasses import dataclass, replace

from tdkt_tui.domain import validation
from tdkt_tui.domain.codes import FIRST_LAYOUT_IDS, ScanKind, make_code, read_scan
from tdkt_tui.domain.conference import ATTENDEES, Conference
from tdkt_tui.domain.errors import ValidationError
from tdkt_tui.domain.i18n import N_, _
from tdkt_tui.domain.labels import Labelled
from tdkt_tui.domain.model import Attendee, Role
from tdkt_tui.domain.store import Transaction
from tdkt_tui.domain.text import clean

SECRETS, SCANLOG = "secrets", "scanlog"
RAW_KEPT = 64


class Outcome(Labelled):
    """The result of one attempt, with its exit code for ``tdkt checkin``."""

    CHECKED_IN = "checked_in", N_("Checked in")
    ALREADY = "already", N_("Already checked in")
    UNKNOWN = "unknown", N_("Unknown code: nobody has it")
    MISREAD = "misread", N_("Misread or mistyped code: scan or type it again")
    OTHER_CONFERENCE = "other_conference", N_("This code belongs to another conference")
    REVOKED = "revoked", N_("Revoked code: a newer code was issued to this person")
    FORGED = "forged", N_("Not a genuine code of this conference")
    NOT_A_CODE = "not_a_code", N_("Not a code")
    EMPTY = "empty", N_("Empty scan")
    UNDONE = "undone", N_("Check-in undone")
    SUBSTITUTE = "substitute", N_("Attending on behalf of an absent person")
    STOOD_IN = "stood_in", N_("Someone is attending on this person's behalf: say who holds the ballot")

    @property
    def ok(self) -> bool:
        return self in (Outcome.CHECKED_IN, Outcome.UNDONE, Outcome.SUBSTITUTE)

    @property
    def exit_code(self) -> int:
        return {
            "checked_in": 0, "already": 10, "unknown": 11, "misread": 12, "other_conference": 13, "revoked": 14,
            "forged": 15, "not_a_code": 16, "empty": 16, "undone": 0, "substitute": 0, "stood_in": 17,
        }[self.value]


_SCAN_OUTCOMES = {
    ScanKind.EMPTY: Outcome.EMPTY,
    ScanKind.NOT_A_CODE: Outcome.NOT_A_CODE,
    ScanKind.MISREAD: Outcome.MISREAD,
    ScanKind.OTHER_CONFERENCE: Outcome.OTHER_CONFERENCE,
    ScanKind.FORGED: Outcome.FORGED,
}


@dataclass(frozen=True)
class Result:
    """What the door desk shows after an attempt."""

    outcome: Outcome
    attendee: Attendee | None = None
    first_at: str = ""
    first_desk: str = ""
    substitute: Attendee | None = None  # STOOD_IN: who is attending on the arriving person's behalf


class How(Labelled):
    """How a check-in was asked for when it was not a scan: stored as a code, shown as words."""

    SCAN = "", N_("Scan")
    SEARCH = "search", N_("By name")
    LIST = "list", N_("From the list")
    WALK_IN = "walk-in", N_("Walk-in")
    SUBSTITUTE = "substitute", N_("Substitute")
    UNDO = "undo", N_("Undo")
    ARRIVED = "arrived", N_("Came after a substitute")


@dataclass(frozen=True)
class LogEntry:
    """One line of the scan log: ``raw`` is what was scanned or the person's name, ``how`` a :class:`How` code."""

    at: str
    raw: str
    outcome: Outcome
    desk: str
    attendee_id: int | None
    id: int | None = None
    how: str = ""

    @property
    def shown_input(self) -> str:
        """What the log shows as the input: the scan, or "By name: Lê Văn A" in the interface language."""
        try:
            how = How(self.how)
        except ValueError:
            how = How.SCAN
        return self.raw if how is How.SCAN else f"{_(how.label)}: {self.raw}"


def default_desk() -> str:
    """This desk's name: ``$TDKT_DESK``, else the computer's name."""
    return clean(os.environ.get("TDKT_DESK") or socket.gethostname() or "desk")[:40]


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def _printable(raw: str) -> str:
    shown = "".join(ch if ch.isprintable() else "·" for ch in raw[:RAW_KEPT])
    return shown + ("…" if len(raw) > RAW_KEPT else "")


def secret(conference: Conference, txn: Transaction | None = None) -> bytes:
    """The conference's secret, made on first use under the folder lock so that every desk shares one
    (inside ``txn`` when given, so a first scan stores its log line and the secret as one change)."""
    doc = conference.store.get(SECRETS, 1)
    if doc is None:
        if txn is None:
            with conference.store.transaction() as own:
                return secret(conference, own)
        doc = {"key": secrets.token_hex(32)}
        txn.put(SECRETS, 1, doc)
    return bytes.fromhex(doc["key"])


def _desk(desk: str) -> str:
    """A desk name fit for the log and the attendance: cleaned, at most 40 characters, never blank."""
    return clean(desk)[:40] or default_desk()


def code_of(conference: Conference, person: Attendee) -> str:
    """The current check-in code of ``person``."""
    if person.id is None:
        raise ValueError("unsaved attendee")
    return make_code(secret(conference), person.id, person.code_version)


def reissue_code(conference: Conference, attendee_id: int) -> str:
    """Give a person a new code; the old one answers "revoked" from now on."""
    with conference.store.transaction() as txn:
        person = conference.attendee(attendee_id)
        if person is None:
            raise ValidationError("This person was removed meanwhile.")
        txn.update(ATTENDEES, attendee_id, {"code_version": person.code_version + 1})
    return code_of(conference, replace(person, code_version=person.code_version + 1))


def _log(txn: Transaction, raw: str, outcome: Outcome, desk: str, attendee_id: int | None, how: How = How.SCAN
         ) -> None:
    doc = {"at": _now(), "raw": _printable(raw), "outcome": outcome.value, "desk": desk, "attendee_id": attendee_id}
    if how is not How.SCAN:
        doc["how"] = how.value
    txn.insert(SCANLOG, doc)


def _admit(conference: Conference, txn: Transaction, raw: str, person: Attendee, desk: str, how: How = How.SCAN
           ) -> Result:
    if person.checked_in_at:
        _log(txn, raw, Outcome.ALREADY, desk, person.id, how)
        return Result(Outcome.ALREADY, person, person.checked_in_at, person.checkin_desk)
    person, _formers = _release(conference, txn, person)
    stand_in = standing_in_for(conference, person)
    if stand_in is not None:
        if stand_in.role is Role.VOTING:  # two people for one ballot: the desk asks (settle_arrival)
            _log(txn, raw, Outcome.STOOD_IN, desk, person.id, how)
            return Result(Outcome.STOOD_IN, person, substitute=stand_in)
        person = _end_substitution(txn, person, stand_in)
    return _check_in(txn, raw, person, desk, how)


def _check_in(txn: Transaction, raw: str, person: Attendee, desk: str, how: How = How.SCAN) -> Result:
    stamp = _now()
    txn.update(ATTENDEES, person.id, {"checked_in_at": stamp, "checkin_desk": desk})  # type: ignore[arg-type]
    _log(txn, raw, Outcome.CHECKED_IN, desk, person.id, how)
    return Result(Outcome.CHECKED_IN, replace(person, checked_in_at=stamp, checkin_desk=desk))


def scan(conference: Conference, raw: str, desk: str) -> Result:
    """Check in whoever ``raw`` (a scan or a typed code) names; every attempt is logged, nothing else is stored."""
    desk = _desk(desk)
    with conference.store.transaction() as txn:
        read = read_scan(raw, secret(conference, txn),
                         second_layout=conference.store.next_id(ATTENDEES) > FIRST_LAYOUT_IDS + 1)
        if read.kind is not ScanKind.CODE:
            outcome = _SCAN_OUTCOMES[read.kind]
            _log(txn, raw, outcome, desk, None)
            return Result(outcome)
        person = conference.attendee(read.attendee_id or 0)
        if person is None:
            _log(txn, raw, Outcome.UNKNOWN, desk, read.attendee_id)
            return Result(Outcome.UNKNOWN)
        if (person.code_version % 100) != read.version:
            _log(txn, raw, Outcome.REVOKED, desk, person.id)
            return Result(Outcome.REVOKED, person)
        return _admit(conference, txn, raw, person, desk)


def check_in_person(conference: Conference, attendee_id: int, desk: str, how: str = "search") -> Result:
    """Check in a person found by name (the fallback when a code will not scan)."""
    desk = _desk(desk)
    with conference.store.transaction() as txn:
        person = conference.attendee(attendee_id)
        if person is None:
            _log(txn, f"#{attendee_id}", Outcome.UNKNOWN, desk, attendee_id, How(how))
            return Result(Outcome.UNKNOWN)
        return _admit(conference, txn, person.full_name, person, desk, How(how))


def undo(conference: Conference, attendee_id: int, desk: str) -> Result:
    """Take back a check-in (the desk confirmed it); logged like any attempt."""
    desk = _desk(desk)
    with conference.store.transaction() as txn:
        person = conference.attendee(attendee_id)
        if person is None:
            raise ValidationError("This person was removed meanwhile.")
        if not person.checked_in_at:
            raise ValidationError("{name} is not checked in; there is nothing to undo.", name=person.full_name)
        absent = conference.attendee(person.substitute_for) if person.substitute_for is not None else None
        if absent is not None and not absent.checked_in_at:  # a substitute leaves: each has their own role again
            _end_substitution(txn, absent, person)
            person = replace(person, role=absent.role, substitute_for=None)
        txn.update(ATTENDEES, attendee_id, {"checked_in_at": "", "checkin_desk": ""})
        _log(txn, person.full_name, Outcome.UNDONE, desk, attendee_id, How.UNDO)
    return Result(Outcome.UNDONE, replace(person, checked_in_at="", checkin_desk=""))


def walk_in(conference: Conference, person: Attendee, desk: str) -> Result:
    """Register someone who was not on the list (a guest by default) and check them in, as one change."""
    desk = _desk(desk)
    with conference.store.transaction() as txn:
        added = conference.add_attendee(person, txn)
        return _admit(conference, txn, added.full_name, added, desk, How.WALK_IN)


# -- substitutes ---------------------------------------------------------------------------------------------------
# A substitute ("người đi thay") attends for an absent person of the same unit and takes that person's role, so a
# voting delegate's vote is not lost: the two swap roles (the absent one takes the substitute's own, a delegate for
# someone not on the list) and ``substitute_for`` links them. An absent person with a substitute present is not
# expected (domain/attendance.py), so every count — attendance, quorum, ballots issued, the minutes — has one
# person, and one ballot, for the two. If the absent person comes after all, the desk says who holds the ballot.
# A person who is here is stood in for by no one; a substitute who left holds nothing once the person they stood
# in for comes back or gets another substitute: each takes their own role back (_release).


def standing_in_for(conference: Conference, absent: Attendee) -> Attendee | None:
    """The person present on behalf of ``absent`` while ``absent`` is not here, if any. Once they come after all
    nobody stands in for them (domain/attendance.py counts each of the two in their own seat), even though the link
    stays: if they leave again, the substitute who kept their role attends for them again."""
    if absent.checked_in_at:
        return None
    return next((p for p in conference.stand_ins() if p.substitute_for == absent.id and p.checked_in_at), None)


def _absent(conference: Conference, absent_id: int) -> Attendee:
    """The absent person a substitute is for, or why there cannot be one."""
    absent = conference.attendee(absent_id)
    if absent is None:
        raise ValidationError("This person was removed meanwhile.")
    if absent.checked_in_at:
        raise ValidationError("{name} is already checked in; no substitute is needed.", name=absent.full_name)
    other = standing_in_for(conference, absent)
    if other is not None:
        raise ValidationError("{other} is already attending on behalf of {name}.", other=other.full_name,
                              name=absent.full_name)
    return absent


def _swap_roles(txn: Transaction, absent: Attendee, stand_in: Attendee) -> tuple[Attendee, Attendee]:
    """The substitute takes the absent person's role, the absent person the substitute's own; linked."""
    txn.update(ATTENDEES, stand_in.id, {"role": absent.role.value, "substitute_for": absent.id})  # type: ignore[arg-type]
    txn.update(ATTENDEES, absent.id, {"role": stand_in.role.value})  # type: ignore[arg-type]
    return (replace(absent, role=stand_in.role),
            replace(stand_in, role=absent.role, substitute_for=absent.id))


def _end_substitution(txn: Transaction, absent: Attendee, stand_in: Attendee) -> Attendee:
    """Give each of the two their own role back and unlink them; return the absent person as now stored."""
    txn.update(ATTENDEES, absent.id, {"role": stand_in.role.value})  # type: ignore[arg-type]
    txn.update(ATTENDEES, stand_in.id, {"role": absent.role.value, "substitute_for": None})  # type: ignore[arg-type]
    return replace(absent, role=stand_in.role)


def _release(conference: Conference, txn: Transaction, person: Attendee) -> tuple[Attendee, dict[int, Attendee]]:
    """End what is left of a substitution for ``person`` whose substitute is not here (they left while ``person``
    was here): when ``person`` comes, or someone else is to attend for them, nobody holds their seat, so they take
    their own role back. Return ``person`` and those former substitutes (by id) as now stored."""
    formers: dict[int, Attendee] = {}
    for former in [p for p in conference.stand_ins() if p.substitute_for == person.id and not p.checked_in_at]:
        formers[former.id or 0] = replace(former, role=person.role, substitute_for=None)
        person = _end_substitution(txn, person, former)
    return person, formers


def substitute(conference: Conference, absent_id: int, person: Attendee, desk: str) -> Result:
    """Register ``person`` (not on the list) attending on behalf of an absent person of the same unit ("đi thay")
    and check them in, as one change; they take the absent person's role and unit."""
    desk = _desk(desk)
    with conference.store.transaction() as txn:
        absent, _formers = _release(conference, txn, _absent(conference, absent_id))
        note = clean(f"{person.note} " if person.note else "") + f"đi thay {absent.full_name}"
        added = conference.add_attendee(replace(person, unit_id=absent.unit_id, role=Role.DELEGATE, note=note), txn)
        _absent_now, added = _swap_roles(txn, absent, added)
        return _check_in(txn, added.full_name, added, desk, How.SUBSTITUTE)


def substitute_listed(conference: Conference, absent_id: int, substitute_id: int, desk: str) -> Result:
    """``substitute_id``, someone on the list of the absent person's unit, attends on their behalf, as one change:
    checked in if not yet here, taking the absent person's role (and giving them their own)."""
    desk = _desk(desk)
    with conference.store.transaction() as txn:
        absent, formers = _release(conference, txn, _absent(conference, absent_id))
        stand_in = formers.get(substitute_id) or conference.attendee(substitute_id)
        if stand_in is None:
            raise ValidationError("This person was removed meanwhile.")
        if not stand_in.checked_in_at and stand_in.id != absent.id:  # they come now
            stand_in, _formers = _release(conference, txn, stand_in)
        if stand_in.id == absent.id:
            raise ValidationError("A person cannot attend on their own behalf.")
        if absent.unit_id is None or stand_in.unit_id != absent.unit_id:
            raise ValidationError("{other} is not of the same unit as {name}; a substitute comes from the same "
                                  "unit.", other=stand_in.full_name, name=absent.full_name)
        if stand_in.role is Role.VOTING:
            raise ValidationError("{other} is a voting delegate and holds a ballot already; a substitute is someone "
                                  "of the unit who would not vote otherwise.", other=stand_in.full_name)
        replaced = conference.attendee(stand_in.substitute_for) if stand_in.substitute_for is not None else None
        if replaced is not None and not replaced.checked_in_at and stand_in.checked_in_at:
            raise ValidationError("{other} is already attending on behalf of {name}.", other=stand_in.full_name,
                                  name=replaced.full_name)
        if standing_in_for(conference, stand_in) is not None:  # absent, with someone here on their behalf
            raise ValidationError("Someone else is attending on behalf of {name}.", name=stand_in.full_name)
        _absent_now, stand_in = _swap_roles(txn, absent, stand_in)
        if stand_in.checked_in_at:
            _log(txn, stand_in.full_name, Outcome.SUBSTITUTE, desk, stand_in.id, How.SUBSTITUTE)
            return Result(Outcome.SUBSTITUTE, stand_in)
        return _check_in(txn, stand_in.full_name, stand_in, desk, How.SUBSTITUTE)


def settle_arrival(conference: Conference, absent_id: int, desk: str, *, ballot_to_absent: bool) -> Result:
    """Check in a person who came after all while a substitute attends for them: with ``ballot_to_absent`` they take
    their role back (the substitute keeps their own, still checked in); otherwise the substitute keeps the role and
    the ballot and the person who came is checked in with the substitute's own role."""
    desk = _desk(desk)
    with conference.store.transaction() as txn:
        person = conference.attendee(absent_id)
        if person is None:
            raise ValidationError("This person was removed meanwhile.")
        if not person.checked_in_at:
            person, _formers = _release(conference, txn, person)
        stand_in = standing_in_for(conference, person)
        if stand_in is not None and ballot_to_absent:
            person = _end_substitution(txn, person, stand_in)
        if person.checked_in_at:
            _log(txn, person.full_name, Outcome.ALREADY, desk, person.id, How.ARRIVED)
            return Result(Outcome.ALREADY, person, person.checked_in_at, person.checkin_desk)
        return _check_in(txn, person.full_name, person, desk, How.ARRIVED)


def _entry(key: str, doc: dict) -> LogEntry | None:
    try:
        outcome = Outcome(doc.get("outcome"))
    except ValueError:
        return None
    raw, how = doc.get("raw", ""), doc.get("how", "")
    if not how and raw.startswith("[") and "] " in raw:  # logged before the code had its own field: "[search] Lê A"
        how, raw = raw[1:].split("] ", 1)
    return LogEntry(doc.get("at", ""), raw, outcome, doc.get("desk", ""), doc.get("attendee_id"), int(key), how)


def log_entries(conference: Conference, newest: int | None = None) -> list[LogEntry]:
    """The scan log, newest first; only the ``newest`` entries when given (cheap even after 10,000 scans)."""
    store = conference.store
    if newest is not None:  # the newest lines only: the log is never decoded whole in memory
        found = store.newest(SCANLOG, newest)
    else:
        found = sorted(store.items(SCANLOG), key=lambda item: -int(item[0]))
    entries = (_entry(k, d) for k, d in found)
    return [e for e in entries if e is not None]


validation.register(SCANLOG, LogEntry, log=True)
