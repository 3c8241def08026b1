"""Bringing a list of people into the conference: the preview of what an import would do — people, their units
and their roles — changed in the preview as the secretary decides, and its commit, all or nothing. Reading the
file itself is :mod:`tdkt_tui.sheets.roster`.

Rosters as offices have them have no role column (docs/domain.md#who-and-what), so the preview infers roles:
people of a guest body, and rows marked "Khách mời" (in any cell, or under such a heading), are guests; each member
unit gets one voting delegate — its head by title, or its first listed person (:class:`VoterRule`) — unless it
already has one; the rest are delegates. A person already stored keeps the role stored unless the file says
otherwise. Every role can be changed in the preview before anything is stored (:func:`set_roles`).

Unit names match across case, diacritics, dashes (– — -), punctuation and spacing; a name that differs from a
known unit only by a missing "tỉnh"/"Tỉnh uỷ" is matched and shown as such; a name that only looks like a known
unit is a suggestion the secretary accepts or not (:func:`choose_unit`), never a silent merge.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from tdkt_tui.domain.conference import ATTENDEES, Conference
from tdkt_tui.domain.i18n import N_, _
from tdkt_tui.domain.labels import Labelled
from tdkt_tui.domain.model import Attendee, Role, Unit, UnitKind
from tdkt_tui.domain.text import SourceEncoding, encoding_note, fold
from tdkt_tui.domain.unit_names import UnitIndex, UnitMatch, unit_key

#: Attendee fields a roster column fills (every field but the unit, which is resolved to ``unit_id``).
PERSON_FIELDS = ("full_name", "title", "role", "phone", "email", "seat", "note")


class VoterRule(Labelled):
    """Who becomes a member unit's voting delegate when the file does not say."""

    HEAD = "head", N_("the unit's head, by title")
    FIRST = "first", N_("the first listed")


class RoleSource(Labelled):
    """Why a row has its role, as the preview shows it."""

    FILE = "file", N_("role column")
    MARKED = "marked", N_("marked in the file")
    GUEST_BODY = "guest_body", N_("guest body")
    HEAD = "head", N_("head of the unit")
    FIRST = "first", N_("first listed")
    OTHER = "other", N_("the unit has its voting delegate")
    KEPT = "kept", N_("as stored")
    NO_UNIT = "no_unit", N_("no unit")
    CHOSEN = "chosen", N_("chosen in the preview")


@dataclass(frozen=True)
class RosterRow:
    """One accepted row: a person to add or to update."""

    row: int  # the row number the user sees in the file (1-based, title rows counted)
    unit_name: str  # the unit as written in the file (cleaned), "" if none
    person: Attendee  # unit and role resolved; for updates the stored record with the file's columns merged in
    attendee_id: int | None  # the existing person this row updates, None when new
    read: Attendee | None = None  # the person as the file has it (no unit), to resolve again after a change
    file_role: Role | None = None  # the role column's value
    marked: Role | None = None  # "Khách mời" (or "Tổ giúp việc") in a cell of the row or the heading above it
    source: RoleSource = RoleSource.FILE
    changes: bool = True  # for a stored person: whether importing the row changes anything


@dataclass(frozen=True)
class RejectedRow:
    """A row left out, with the reason in the interface language."""

    row: int
    reason: str


@dataclass(frozen=True)
class UnitLine:
    """A unit name as the file writes it, and where its people go."""

    written: str
    unit_id: int | None  # the unit its rows go to; None: a new guest body of that name
    match: UnitMatch
    suggestion_id: int | None = None  # the known unit it looks like (SUFFIX, SUGGESTED)

    @property
    def accepted(self) -> bool:
        """True when a suggested unit is used."""
        return self.suggestion_id is not None and self.unit_id == self.suggestion_id


@dataclass(frozen=True)
class RosterPreview:
    """What importing a file would do; nothing is written until :func:`commit_roster`."""

    source: Path
    rows: list[RosterRow]
    rejected: list[RejectedRow]
    columns: dict[str, str]  # field name -> the header text found in the file
    units: list[UnitLine] = field(default_factory=list)  # in the order of their first row
    voter_rule: VoterRule = VoterRule.HEAD
    encoding: SourceEncoding = SourceEncoding.UNICODE  # how the file's text was written
    converted: int = 0  # cells (or lines) converted from a legacy encoding
    left_out: list[int] = field(default_factory=list)  # rows of totals, the date line, signatures: not people

    @property
    def added(self) -> int:
        return sum(1 for r in self.rows if r.attendee_id is None)

    @property
    def updated(self) -> int:
        """Stored people the file changes."""
        return sum(1 for r in self.rows if r.attendee_id is not None and r.changes)

    @property
    def unchanged(self) -> int:
        """Stored people the file lists as they are."""
        return sum(1 for r in self.rows if r.attendee_id is not None and not r.changes)

    @property
    def new_units(self) -> list[str]:
        """Unit names created as guest bodies (UnitKind.GUEST) on commit, in the order of their first row."""
        return [line.written for line in self.units if line.unit_id is None]

    def line(self, unit_name: str) -> UnitLine | None:
        key = unit_key(unit_name)
        return next((u for u in self.units if unit_key(u.written) == key), None) if key else None

    def counts(self) -> dict[str, dict[Role, int]]:
        """People by role for each unit name of the file ("" for people without a unit), in file order."""
        counts: dict[str, dict[Role, int]] = {}
        for row in self.rows:
            line = self.line(row.unit_name)
            name = line.written if line is not None else ""
            counts.setdefault(name, dict.fromkeys(Role, 0))[row.person.role] += 1
        return counts

    def role_totals(self) -> dict[Role, int]:
        totals = dict.fromkeys(Role, 0)
        for row in self.rows:
            totals[row.person.role] += 1
        return totals


@dataclass(frozen=True)
class ImportResult:
    """What :func:`commit_roster` wrote: people added and updated, guest bodies created."""

    added: int
    updated: int
    units_added: int


# -- unit names ----------------------------------------------------------------------------------------------------


def unit_lines(conference: Conference, names: Iterable[str]) -> list[UnitLine]:
    """One line per distinct unit name (by :func:`unit_key`), matched against the conference's units."""
    index = UnitIndex(conference.units())
    lines: dict[str, UnitLine] = {}
    for name in names:
        key = unit_key(name)
        if not key or key in lines:
            continue
        unit, how = index.match(name)
        if how is UnitMatch.SAME or how is UnitMatch.SUFFIX:
            lines[key] = UnitLine(name, unit.id if unit else None, how, unit.id if how is UnitMatch.SUFFIX and unit
                                  else None)
        else:
            lines[key] = UnitLine(name, None, how, unit.id if unit else None)
    return list(lines.values())


# -- roles ---------------------------------------------------------------------------------------------------------

_LEADER = ("bi thu|truong ban|chanh van phong|chu nhiem|chu tich|tong giam doc|giam doc|hieu truong|vien truong"
           "|tong bien tap|cuc truong|thu truong|truong khoi|truong")
#: Title ranks, best first, as folded prefixes: a head, a deputy head, a head of a department, its deputy.
_TITLE_RANKS = [
    (re.compile(r"^pho (?:truong phong|chanh van phong (?:ban|so|dang uy)|giam doc trung tam)\b"), 4),
    (re.compile(r"^(?:truong phong|chanh van phong (?:ban|so|dang uy)|giam doc trung tam|to truong)\b"), 3),
    (re.compile(rf"^pho (?:{_LEADER})\b"), 2),
    (re.compile(rf"^(?:{_LEADER})\b"), 1),
]
_ACTING = re.compile(r"^(?:q|quyen|phu trach)\b\s*")


def title_rank(title: str) -> int:
    """1 for a unit's head (Trưởng ban, Chánh Văn phòng, Chủ nhiệm, Bí thư, Giám đốc, Hiệu trưởng, Tổng Biên tập…),
    2 for a deputy head, 3 for a department's head, 4 for its deputy, 5 for anyone else; the best of the titles
    of a person who holds several ("Tỉnh uỷ viên, Trưởng ban")."""
    best = 5
    for part in re.split(r"[,;/]| kiêm | kiem ", title):
        key = _ACTING.sub("", unit_key(part))
        for pattern, rank in _TITLE_RANKS:
            if pattern.match(key):
                best = min(best, rank)
                break
    return best


def _voter(rows: list[tuple[int, RosterRow]], rule: VoterRule) -> int:
    """The index of the row that becomes the unit's voting delegate."""
    if rule is VoterRule.FIRST:
        return rows[0][0]
    return min(rows, key=lambda ir: (title_rank(ir[1].person.title), ir[1].row))[0]


def _infer(conference: Conference, rows: list[RosterRow], units: dict[int, Unit], rule: VoterRule,
           lines: dict[str, UnitLine]) -> list[RosterRow]:
    """Every row's role and why (rows the secretary chose keep theirs)."""
    decided: list[tuple[Role, RoleSource] | None] = []
    groups: dict[int, list[int]] = {}  # member unit id -> rows whose role is the unit's to settle
    for i, row in enumerate(rows):
        unit = units.get(row.person.unit_id) if row.person.unit_id is not None else None
        if row.source is RoleSource.CHOSEN:
            decided.append((row.person.role, RoleSource.CHOSEN))
        elif row.file_role is not None:
            decided.append((row.file_role, RoleSource.FILE))
        elif row.marked is not None:
            decided.append((row.marked, RoleSource.MARKED))
        elif row.unit_name and (unit is None or not unit.is_member):
            decided.append((Role.GUEST, RoleSource.GUEST_BODY))
        elif unit is None:
            decided.append((row.person.role, RoleSource.KEPT) if row.attendee_id is not None
                           else (Role.DELEGATE, RoleSource.NO_UNIT))
        else:
            decided.append(None)
            groups.setdefault(unit.id or 0, []).append(i)
    in_file = {r.attendee_id for r in rows if r.attendee_id is not None}
    has_voter = {p.unit_id for p in conference.attendees()
                 if p.role is Role.VOTING and p.unit_id is not None and p.id not in in_file}
    has_voter |= {rows[i].person.unit_id for i, d in enumerate(decided) if d is not None and d[0] is Role.VOTING}
    for unit_id, members in groups.items():
        stored = [i for i in members if rows[i].attendee_id is not None and rows[i].person.role is Role.VOTING]
        voter = None if unit_id in has_voter or stored else _voter([(i, rows[i]) for i in members], rule)
        for i in members:
            if i == voter:
                decided[i] = (Role.VOTING, RoleSource.HEAD if rule is VoterRule.HEAD else RoleSource.FIRST)
            elif rows[i].attendee_id is not None:
                decided[i] = (rows[i].person.role, RoleSource.KEPT)
            else:
                decided[i] = (Role.DELEGATE, RoleSource.OTHER)
    return [replace(row, person=replace(row.person, role=role), source=source)
            for row, (role, source) in zip(rows, decided, strict=True)]  # type: ignore[misc]


# -- the preview ---------------------------------------------------------------------------------------------------


def merge_columns(existing: Attendee, person: Attendee, columns: dict[str, str]) -> Attendee:
    """``existing`` with the fields the file has a column for taken from ``person``; the check-in is kept."""
    return replace(existing, **{f: getattr(person, f) for f in PERSON_FIELDS if f in columns and f != "role"})


def resolve(conference: Conference, preview: RosterPreview) -> RosterPreview:
    """The preview with every row's unit, match with a stored person and role worked out again, after reading or
    after the secretary changed a unit or the voter rule."""
    units = {u.id: u for u in conference.units() if u.id is not None}
    lines = {unit_key(line.written): line for line in preview.units}
    identities = conference.identities()
    stored: dict[int, Attendee] = {}
    rows = []
    for row in preview.rows:
        read = row.read or row.person
        line = lines.get(unit_key(row.unit_name))
        unit_id = line.unit_id if line is not None and line.unit_id in units else None
        attendee_id = identities.get((fold(read.full_name), unit_id)) if unit_id is not None or not row.unit_name \
            else None
        existing = conference.attendee(attendee_id) if attendee_id is not None else None
        if existing is None:
            attendee_id, person = None, replace(read, unit_id=unit_id)
        else:
            person = merge_columns(existing, read, preview.columns)
            stored[existing.id or 0] = existing
        if row.source is RoleSource.CHOSEN:
            person = replace(person, role=row.person.role)
        rows.append(replace(row, person=person, attendee_id=attendee_id, read=read))
    rows = [replace(row, changes=row.person.to_doc() != stored[row.attendee_id].to_doc())
            if row.attendee_id is not None else row
            for row in _infer(conference, rows, units, preview.voter_rule, lines)]
    return replace(preview, rows=rows)


def with_voter_rule(conference: Conference, preview: RosterPreview, rule: VoterRule) -> RosterPreview:
    """The preview with voting delegates chosen by ``rule`` (rows the secretary chose keep their roles)."""
    return resolve(conference, replace(preview, voter_rule=rule))


def choose_unit(conference: Conference, preview: RosterPreview, written: str, unit_id: int | None) -> RosterPreview:
    """Send the people of the unit name ``written`` to the unit ``unit_id`` (None: a new guest body)."""
    key = unit_key(written)
    units = [replace(line, unit_id=unit_id) if unit_key(line.written) == key else line for line in preview.units]
    return resolve(conference, replace(preview, units=units))


def set_roles(conference: Conference, preview: RosterPreview, indexes: Iterable[int], role: Role) -> RosterPreview:
    """Give the rows ``indexes`` the role ``role``. Making one person the voting delegate of a member unit makes the
    unit's inferred voting delegate a delegate: a unit has one unless the file or the secretary says more."""
    chosen = set(indexes)
    units = {r.person.unit_id for i, r in enumerate(preview.rows) if i in chosen} - {None}
    rows = []
    for i, row in enumerate(preview.rows):
        if i in chosen:
            row = replace(row, person=replace(row.person, role=role), source=RoleSource.CHOSEN)
        elif (role is Role.VOTING and row.person.unit_id in units and row.person.role is Role.VOTING
              and row.source in (RoleSource.HEAD, RoleSource.FIRST, RoleSource.KEPT)):
            row = replace(row, person=replace(row.person, role=Role.DELEGATE), source=RoleSource.CHOSEN)
        rows.append(row)
    return resolve(conference, replace(preview, rows=rows))


def make_preview(conference: Conference, source: Path, rows: list[RosterRow], rejected: list[RejectedRow],
                 columns: dict[str, str], *, rule: VoterRule = VoterRule.HEAD,
                 encoding: SourceEncoding = SourceEncoding.UNICODE, converted: int = 0,
                 left_out: list[int] | None = None) -> RosterPreview:
    """The preview of rows as read (``person`` without unit or role decided), units matched and roles inferred."""
    preview = RosterPreview(source, rows, rejected, columns, unit_lines(conference, (r.unit_name for r in rows)),
                            rule, encoding, converted, left_out or [])
    return resolve(conference, preview)


def accept_suggestions(conference: Conference, preview: RosterPreview) -> RosterPreview:
    """Every unit name that only looks like a known unit goes to that unit (``tdkt import --use-suggested``)."""
    units = [replace(line, unit_id=line.suggestion_id) if line.match is UnitMatch.SUGGESTED else line
             for line in preview.units]
    return resolve(conference, replace(preview, units=units))


def unit_target(conference: Conference, line: UnitLine) -> str:
    """Where the people of a unit name go, as the preview says it."""
    unit = conference.unit(line.unit_id) if line.unit_id is not None else None
    if unit is not None:
        if line.match is UnitMatch.SUFFIX:
            return _("{unit} (matched without “tỉnh”/“Tỉnh uỷ”)", unit=unit.name)
        if line.match is UnitMatch.SUGGESTED:
            return _("{unit} (as you chose)", unit=unit.name)
        return unit.name
    suggested = conference.unit(line.suggestion_id) if line.suggestion_id is not None else None
    if suggested is not None:
        return _("new guest body — or {unit}?", unit=suggested.name)
    return _("new guest body")


def summary_lines(conference: Conference, preview: RosterPreview) -> list[str]:
    """What the preview says above its tables (and ``tdkt import`` prints): counts, the encoding found, roles, how
    voting delegates were chosen, new guest bodies, names that only look like a known unit."""
    lines = [_("{added} new, {updated} updated, {unchanged} unchanged, {rejected} rejected.", added=preview.added,
               updated=preview.updated, unchanged=preview.unchanged, rejected=len(preview.rejected))]
    if preview.left_out:
        lines.append(_("Not people, left out: rows {rows} (totals, the date line, signatures).",
                       rows=", ".join(str(n) for n in preview.left_out)))
    if note := encoding_note(preview.encoding, preview.converted):
        lines.append(note)
    totals = preview.role_totals()
    lines.append(_("Roles: {voting} voting delegates, {delegates} delegates, {guests} guests, {organisers} "
                   "organisers.", voting=totals[Role.VOTING], delegates=totals[Role.DELEGATE],
                   guests=totals[Role.GUEST], organisers=totals[Role.ORGANISER]))
    if preview.new_units:
        lines.append(_("New guest bodies will be created: {units}", units=", ".join(preview.new_units)))
    for line in preview.units:
        if line.match is UnitMatch.SUGGESTED and not line.accepted and line.suggestion_id is not None:
            unit = conference.unit(line.suggestion_id)
            if unit is not None:
                lines.append(_("“{written}” looks like {unit} but is not merged with it unless you choose so.",
                               written=line.written, unit=unit.name))
    lines.append(_("A member unit without a voting delegate gets {rule}.", rule=_(preview.voter_rule.label)))
    return lines


# -- the commit ----------------------------------------------------------------------------------------------------


def commit_roster(conference: Conference, preview: RosterPreview) -> ImportResult:
    """Write the preview in one transaction: the new units (as guest bodies), the updates, the new people.

    Units and matches are looked up again under the folder lock, so what another desk did meanwhile is respected:
    a unit it created is used, a person it added is updated rather than added twice. If anything fails, nothing is
    written.
    """
    added = updated = 0
    with conference.store.transaction() as txn:
        index = UnitIndex(conference.units())
        known = {u.id for u in index.units}
        lines = {unit_key(line.written): line for line in preview.units}
        created: dict[str, int] = {}  # unit key -> id of a unit created now
        handled: set[tuple[str, int | None]] = set()
        identities = conference.identities()
        for row in preview.rows:  # units are created in the order of their first row
            unit_id = None
            if row.unit_name:
                key = unit_key(row.unit_name)
                line = lines.get(key)
                if line is not None and line.unit_id in known:
                    unit_id = line.unit_id
                elif (unit := index.find(row.unit_name)) is not None:
                    unit_id = unit.id  # another desk created it meanwhile
                elif (unit_id := created.get(key)) is None:
                    name = line.written if line is not None else row.unit_name
                    unit = conference.add_unit(Unit(name=name, kind=UnitKind.GUEST), txn)
                    unit_id = created[key] = unit.id
            person = replace(row.person, unit_id=unit_id)
            if person.identity() in handled:
                continue  # two spellings of one unit that now name the same unit (another desk renamed one)
            handled.add(person.identity())
            existing_id = identities.get(person.identity())
            existing = conference.attendee(existing_id) if existing_id is not None else None
            if existing is not None:
                merged = merge_columns(existing, person, preview.columns)
                if row.source is not RoleSource.KEPT:
                    merged = replace(merged, role=person.role)
                if merged.to_doc() != existing.to_doc():
                    txn.put(ATTENDEES, existing_id, merged.to_doc())  # type: ignore[arg-type]
                updated += 1
            else:
                txn.insert(ATTENDEES, replace(person, id=None, checked_in_at="", checkin_desk="").to_doc())
                added += 1
    return ImportResult(added=added, updated=updated, units_added=len(created))
