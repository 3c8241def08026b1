"""Check-in at the door: scans, the fallback by name, substitutes, walk-ins, undo, and the scan log.

Every attempt — failures included — is one line of the scan log, written in the same transaction as the check-in it
caused, so the log and the attendance can never disagree. The raw input is kept short and printable in the log.
"""

from __future__ import annotations

import datetime as dt
import itertools
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
from tdkt_tui.domain.model import Attendee
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

    @property
    def ok(self) -> bool:
        return self in (Outcome.CHECKED_IN, Outcome.UNDONE)

    @property
    def exit_code(self) -> int:
        return {
            "checked_in": 0, "already": 10, "unknown": 11, "misread": 12, "other_conference": 13, "revoked": 14,
            "forged": 15, "not_a_code": 16, "empty": 16, "undone": 0,
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


class How(Labelled):
    """How a check-in was asked for when it was not a scan: stored as a code, shown as words."""

    SCAN = "", N_("Scan")
    SEARCH = "search", N_("By name")
    LIST = "list", N_("From the list")
    WALK_IN = "walk-in", N_("Walk-in")
    SUBSTITUTE = "substitute", N_("Substitute")
    UNDO = "undo", N_("Undo")


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
        txn.update(ATTENDEES, attendee_id, {"checked_in_at": "", "checkin_desk": ""})
        _log(txn, person.full_name, Outcome.UNDONE, desk, attendee_id, How.UNDO)
    return Result(Outcome.UNDONE, replace(person, checked_in_at="", checkin_desk=""))


def walk_in(conference: Conference, person: Attendee, desk: str) -> Result:
    """Register someone who was not on the list (a guest by default) and check them in, as one change."""
    desk = _desk(desk)
    with conference.store.transaction() as txn:
        added = conference.add_attendee(person, txn)
        return _admit(conference, txn, added.full_name, added, desk, How.WALK_IN)


def substitute(conference: Conference, absent_id: int, person: Attendee, desk: str) -> Result:
    """Check in ``person`` attending on behalf of an absent delegate of the same unit ("đi thay"), as one change.

    The substitute takes the absent person's role (so a voting delegate's vote is not lost) and unit; an absent
    person has at most one substitute present.
    """
    desk = _desk(desk)
    with conference.store.transaction() as txn:
        absent = conference.attendee(absent_id)
        if absent is None:
            raise ValidationError("This person was removed meanwhile.")
        if absent.checked_in_at:
            raise ValidationError("{name} is already checked in; no substitute is needed.", name=absent.full_name)
        for doc in conference.store.docs(ATTENDEES).values():
            if doc.get("substitute_for") == absent_id and doc.get("checked_in_at"):
                raise ValidationError("{other} is already attending on behalf of {name}.",
                                      other=doc.get("full_name", ""), name=absent.full_name)
        note = clean(f"{person.note} " if person.note else "") + f"đi thay {absent.full_name}"
        added = conference.add_attendee(replace(person, unit_id=absent.unit_id, role=absent.role,
                                                substitute_for=absent_id, note=note), txn)
        return _admit(conference, txn, added.full_name, added, desk, How.SUBSTITUTE)


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
    docs = conference.store.docs(SCANLOG)
    items = reversed(docs.items())  # ids are handed out under the folder lock, so insertion order is id order
    entries = (_entry(k, d) for k, d in (itertools.islice(items, newest) if newest is not None else items))
    return [e for e in entries if e is not None]


validation.register(SCANLOG, LogEntry)
