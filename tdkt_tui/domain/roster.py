"""Bringing a list of people into the conference: the preview of what an import would do, and its commit, all
or nothing. Reading the file itself is :mod:`tdkt_tui.sheets.roster`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from tdkt_tui.domain.conference import ATTENDEES, Conference
from tdkt_tui.domain.model import Attendee, Unit, UnitKind
from tdkt_tui.domain.text import fold

#: Attendee fields a roster column fills (every field but the unit, which is resolved to ``unit_id``).
PERSON_FIELDS = ("full_name", "title", "role", "phone", "email", "seat", "note")


@dataclass(frozen=True)
class RosterRow:
    """One accepted row: a person to add or to update."""

    row: int  # the row number the user sees in the file (1-based, title rows counted)
    unit_name: str  # the unit as written in the file (cleaned), "" if none
    person: Attendee  # unit_id resolved when the unit exists, else None; for updates the merged record
    attendee_id: int | None  # the existing person this row updates, None when new


@dataclass(frozen=True)
class RejectedRow:
    """A row left out, with the reason in the interface language."""

    row: int
    reason: str


@dataclass(frozen=True)
class RosterPreview:
    """What importing a file would do; nothing is written until :func:`commit_roster`."""

    source: Path
    rows: list[RosterRow]
    rejected: list[RejectedRow]
    new_units: list[str]  # created as guest bodies (UnitKind.GUEST) on commit
    columns: dict[str, str]  # field name -> the header text found in the file

    @property
    def added(self) -> int:
        return sum(1 for r in self.rows if r.attendee_id is None)

    @property
    def updated(self) -> int:
        return sum(1 for r in self.rows if r.attendee_id is not None)


@dataclass(frozen=True)
class ImportResult:
    """What :func:`commit_roster` wrote: people added and updated, guest bodies created."""

    added: int
    updated: int
    units_added: int


class UnitIndex:
    """Unit lookup by folded name or short name, like :meth:`Conference.find_unit`, for many rows."""

    def __init__(self, units: Sequence[Unit]) -> None:
        self.by_key: dict[str, Unit] = {}
        for unit in units:
            self.by_key.setdefault(fold(unit.short_name), unit)
        for unit in units:
            self.by_key[fold(unit.name)] = unit
        self.by_key.pop("", None)

    def find(self, name: str) -> Unit | None:
        return self.by_key.get(fold(name))


def merge_columns(existing: Attendee, person: Attendee, columns: dict[str, str]) -> Attendee:
    """``existing`` with the fields the file has a column for taken from ``person``; the check-in is kept."""
    return replace(existing, **{f: getattr(person, f) for f in PERSON_FIELDS if f in columns})


def commit_roster(conference: Conference, preview: RosterPreview) -> ImportResult:
    """Write the preview in one transaction: the new units (as guest bodies), the updates, the new people.

    Units and matches are looked up again under the folder lock, so what another desk did meanwhile is respected:
    a unit it created is used, a person it added is updated rather than added twice. If anything fails, nothing is
    written.
    """
    added = updated = 0
    with conference.store.transaction() as txn:
        units = UnitIndex(conference.units())
        created: dict[str, int] = {}  # folded name -> id of a unit created now
        handled: set[tuple[str, int | None]] = set()
        for row in preview.rows:  # preview.new_units are in the order of their first row
            unit_id = None
            if row.unit_name:
                unit = units.find(row.unit_name)
                if unit is not None:
                    unit_id = unit.id
                elif (unit_id := created.get(fold(row.unit_name))) is None:
                    unit = conference.add_unit(Unit(name=row.unit_name, kind=UnitKind.GUEST), txn)
                    unit_id = created[fold(row.unit_name)] = unit.id
            person = replace(row.person, unit_id=unit_id)
            if person.identity() in handled:
                continue  # two spellings of one unit that now name the same unit (another desk renamed one)
            handled.add(person.identity())
            existing_id = conference.identities().get(person.identity())
            existing = conference.attendee(existing_id) if existing_id is not None else None
            if existing is not None:
                person = merge_columns(existing, person, preview.columns)
                if person.to_doc() != existing.to_doc():
                    txn.put(ATTENDEES, existing_id, person.to_doc())  # type: ignore[arg-type]
                updated += 1
            else:
                txn.insert(ATTENDEES, replace(person, id=None, checked_in_at="").to_doc())
                added += 1
    return ImportResult(added=added, updated=updated, units_added=len(created))
