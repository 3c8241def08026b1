"""An open conference: typed reads and validated, durable changes over the store.

Screens and the CLI go through this class; it holds the rules that involve more than one record (a unit's name is
unique, a person is not listed twice in one unit, a unit with people cannot be removed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from tdkt_tui.domain import validation
from tdkt_tui.domain.attendance import Attendance
from tdkt_tui.domain.bulk import long_lived, made_long_lived
from tdkt_tui.domain.errors import ValidationError
from tdkt_tui.domain.model import AgendaItem, Attendee, ConferenceInfo, Unit
from tdkt_tui.domain.people import People
from tdkt_tui.domain.store import Store, Transaction
from tdkt_tui.domain.text import fold

INFO, UNITS, ATTENDEES, AGENDA = "conference", "units", "attendees", "agenda"
validation.register(INFO, ConferenceInfo, lambda _id, doc: ConferenceInfo.from_doc(doc))
validation.register(UNITS, Unit)
validation.register(ATTENDEES, Attendee)
validation.register(AGENDA, AgendaItem)
#: Tables of per-unit records (scores, reports) that leave with their unit.
UNIT_RECORDS = ("scores", "reports")


class Conference:
    """The conference kept in one folder."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._units: tuple[tuple[int, ...], list[Unit]] | None = None
        self._people = People()
        self._people_rev: tuple[int, ...] | None = None
        self._people_units_rev: tuple[int, ...] | None = None
        self._people_loads = -1
        self._attendance: tuple[tuple[int, ...], Attendance] | None = None
        self._present: tuple[tuple[int, ...], set[int]] | None = None

    @classmethod
    def open(cls, folder: Path | str, *, create: bool = True) -> Conference:
        """Open (or create) the conference folder."""
        return cls(Store.open(folder, create=create))

    @property
    def folder(self) -> Path:
        return self.store.folder

    @property
    def read_only(self) -> bool:
        """Opened on a folder this program cannot write (a read-only copy): it reads, every change is refused."""
        return self.store.read_only

    def refresh(self) -> bool:
        """Take in other desks' changes; True when anything changed."""
        return self.store.refresh()

    def units_revision(self) -> tuple[int, ...]:
        """A token that changes whenever a unit changes, for the screens' caches of unit names."""
        return self.store.revision(UNITS)

    def check(self) -> None:
        """Check every table whose record type is known now (otherwise each is checked when first read); damage
        is a :class:`~tdkt_tui.domain.errors.CorruptStore` naming the record. The people are checked as the index
        of everyone is built, which reads each of them once and leaves the table as the snapshot's lines."""
        self._index_people()
        self.store.check(skip={ATTENDEES})

    def compact(self) -> bool:
        """Fold the journal into a new snapshot now (at close, before copying the folder); False: nothing to fold."""
        return self.store.compact()

    def close(self) -> None:
        self.store.close()

    # -- details -------------------------------------------------------------------------------------------------

    def info(self) -> ConferenceInfo:
        return ConferenceInfo.from_doc(self.store.get(INFO, 1))

    def save_info(self, info: ConferenceInfo) -> ConferenceInfo:
        info = info.validated()
        with self.store.transaction() as txn:
            if info.host_unit_id is not None and self.store.get(UNITS, info.host_unit_id) is None:
                raise ValidationError("The host unit is not in the list of units.", field="host_unit_id")
            for name in ("leading_unit_id", "leader_unit_id", "deputy_unit_id"):
                chosen = getattr(info, name)
                if chosen is not None and not ((unit := self.unit(chosen)) is not None and unit.is_member):
                    raise ValidationError("This must be a member unit of the bloc.", field=name)
            txn.put(INFO, 1, info.to_doc())
        return info

    # -- units ---------------------------------------------------------------------------------------------------

    def units(self) -> list[Unit]:
        """All units in their display order."""
        rev = self.store.revision(UNITS)
        if self._units is None or self._units[0] != rev:
            units = [Unit.from_doc(int(k), d) for k, d in self.store.docs(UNITS).items()]
            units.sort(key=lambda u: (u.order, u.id or 0))
            self._units = (rev, units)
        return self._units[1]

    def member_units(self) -> list[Unit]:
        return [u for u in self.units() if u.is_member]

    def unit(self, unit_id: int | None) -> Unit | None:
        doc = self.store.get(UNITS, unit_id) if unit_id is not None else None
        return Unit.from_doc(unit_id, doc) if doc is not None and unit_id is not None else None

    def unit_names(self) -> dict[int, str]:
        return {u.id: u.name for u in self.units() if u.id is not None}

    def find_unit(self, name: str) -> Unit | None:
        """The unit whose name or short name matches ``name`` ignoring case and diacritics."""
        key = fold(name)
        for unit in self.units():
            if key and key in (fold(unit.name), fold(unit.short_name)):
                return unit
        return None

    def _check_unit_name(self, unit: Unit) -> None:
        for other in self.units():
            if other.id != unit.id and fold(other.name) == fold(unit.name):
                raise ValidationError("A unit named “{name}” already exists.", field="name", name=other.name)

    def add_unit(self, unit: Unit, txn: Transaction | None = None) -> Unit:
        unit = unit.validated()
        if txn is not None:
            return self._add_unit(unit, txn)
        with self.store.transaction() as own:
            return self._add_unit(unit, own)

    def _add_unit(self, unit: Unit, txn: Transaction) -> Unit:
        self._check_unit_name(unit)
        order = max((u.order for u in self.units()), default=0) + 1 + sum(op.table == UNITS for op in txn.ops)
        unit = replace(unit, order=order)
        return replace(unit, id=txn.insert(UNITS, unit.to_doc()))

    def update_unit(self, unit: Unit) -> Unit:
        unit = unit.validated()
        with self.store.transaction() as txn:
            if unit.id is None or self.store.get(UNITS, unit.id) is None:
                raise ValidationError("This unit was removed meanwhile.", field="name")
            self._check_unit_name(unit)
            txn.put(UNITS, unit.id, unit.to_doc())
        return unit

    def remove_unit(self, unit_id: int) -> None:
        with self.store.transaction() as txn:
            people = sum(1 for person in self.attendees() if person.unit_id == unit_id)
            if people:
                raise ValidationError(
                    "This unit still has {count} people in the list; move or remove them first.", count=people
                )
            if self.info().host_unit_id == unit_id:
                raise ValidationError("This unit hosts the conference; choose another host first.")
            txn.remove(UNITS, unit_id)
            for table in UNIT_RECORDS:  # its scores and report go with it
                for key, doc in self.store.docs(table).items():
                    if doc.get("unit_id") == unit_id:
                        txn.remove(table, int(key))

    def move_unit(self, unit_id: int, step: int) -> None:
        """Move a unit up (``step`` < 0) or down the list."""
        self.reorder(UNITS, self.units, unit_id, step)

    def reorder(self, table: str, listing: Callable[[], list[Any]], record_id: int, step: int) -> None:
        """Move one record of an ordered table (units, agenda, criteria…) by ``step`` places and renumber the
        ``order`` fields that changed; ``listing`` gives the records, with ``id`` and ``order``, in order."""
        with self.store.transaction() as txn:
            records = list(listing())
            index = next((i for i, r in enumerate(records) if r.id == record_id), None)
            if index is None:
                return
            records.insert(max(0, min(len(records) - 1, index + step)), records.pop(index))
            for order, record in enumerate(records, start=1):
                if record.order != order and record.id is not None:
                    txn.update(table, record.id, {"order": order})

    # -- attendees -----------------------------------------------------------------------------------------------

    def _index_people(self) -> None:
        """Keep the index of everyone current, rebuilding only the people whose stored document changed (a
        check-in changes one document of 100,000)."""
        rev = self.store.revision(ATTENDEES, UNITS)
        if rev == self._people_rev:
            return
        loads, changed = self.store.drain_changes(ATTENDEES)
        units_rev = self.store.revision(UNITS)
        if loads != self._people_loads or units_rev != self._people_units_rev:
            # A full build: 100,000 records that stay, read in the stored order (the order people were added) a
            # few thousand at a time, so the store's documents are never all decoded at once and stay its lines.
            self._people = People()
            with long_lived():
                self._people.update(self.store.items(ATTENDEES), self.unit_names())
        else:
            self._people.update(((key, self.store.get(ATTENDEES, int(key))) for key in sorted(changed, key=int)),
                                self.unit_names())
            made_long_lived(len(changed))
        self._people_rev, self._people_units_rev, self._people_loads = rev, units_rev, loads

    def name_of(self, attendee_id: int | None) -> str:
        """A person's full name from the index ("" when unknown), without building a record."""
        self._index_people()
        person = self._people.get(attendee_id)
        return person.full_name if person else ""

    def attendees(self) -> list[Attendee]:
        """Everyone expected, in the order they were added."""
        self._index_people()
        return self._people.everyone

    def stand_ins(self) -> list[Attendee]:
        """The people registered as someone's substitute (a few), without walking the list of everyone; before the
        index of everyone is built (a one-shot command), without decoding everyone either."""
        if self._people_rev is None:
            return [Attendee.from_doc(int(key), doc) for key, doc in self.store.having(ATTENDEES, "substitute_for")]
        self._index_people()
        return list(self._people.stand_ins.values())

    def attendee(self, attendee_id: int) -> Attendee | None:
        doc = self.store.get(ATTENDEES, attendee_id)
        return Attendee.from_doc(attendee_id, doc) if doc is not None else None

    def search_attendees(self, query: str) -> Sequence[Attendee]:
        """People whose name, unit, title, phone, e-mail or seat contain every word of ``query`` (folded); typing
        narrows the previous result (:meth:`People.search`)."""
        words = tuple(fold(query).split())
        self._index_people()
        return self._people.search(words)

    def present_ids(self) -> set[int]:
        """The ids of the people checked in, computed once per change however many screens ask."""
        rev = self.store.revision(ATTENDEES)
        if self._present is None or self._present[0] != rev:
            self._present = (rev, {p.id for p in self.attendees() if p.checked_in_at and p.id is not None})
        return self._present[1]

    def identities(self) -> dict[tuple[str, int | None], int]:
        """Attendee id by (folded name, unit id): how re-imports and duplicate checks find a person.

        Built at the first add or import (not at opening, which only a search needs), then kept current."""
        self._index_people()
        return self._people.identities()

    def _check_attendee(self, person: Attendee) -> None:
        if person.unit_id is not None and self.store.get(UNITS, person.unit_id) is None:
            raise ValidationError("The unit of this person is not in the list of units.", field="unit_id")
        other_id = self.identities().get(person.identity())
        if other_id is not None and other_id != person.id:
            raise ValidationError(
                "{name} of this unit is already in the list.", field="full_name", name=person.full_name
            )

    def add_attendee(self, person: Attendee, txn: Transaction | None = None) -> Attendee:
        """Add a person (inside ``txn`` when given, so a caller can add and check in as one change)."""
        person = person.validated()
        if txn is None:
            with self.store.transaction() as own:
                return self.add_attendee(person, own)
        self._check_attendee(person)
        return replace(person, id=txn.insert(ATTENDEES, person.to_doc()))

    def update_attendee(self, person: Attendee) -> Attendee:
        person = person.validated()
        with self.store.transaction() as txn:
            current = self.attendee(person.id) if person.id is not None else None
            if current is None:
                raise ValidationError("This person was removed meanwhile.", field="full_name")
            self._check_attendee(person)
            person = replace(person, checked_in_at=current.checked_in_at, checkin_desk=current.checkin_desk,
                             code_version=current.code_version, substitute_for=current.substitute_for)
            txn.put(ATTENDEES, person.id, person.to_doc())  # type: ignore[arg-type]
        return person

    def remove_attendee(self, attendee_id: int) -> None:
        with self.store.transaction() as txn:
            if self.store.get(ATTENDEES, attendee_id) is not None:
                txn.remove(ATTENDEES, attendee_id)

    def attendance(self) -> Attendance:
        """Live attendance, computed once per change however many screens ask."""
        rev = self.store.revision(ATTENDEES, UNITS, INFO)
        if self._attendance is None or self._attendance[0] != rev:
            self._index_people()
            stood_for: dict[int | None, Attendee] = {}  # absent people a present substitute attends for: a few, found through the stand-ins
            for stand_in in self._people.stand_ins.values():
                person = self._people.get(stand_in.substitute_for) if stand_in.checked_in_at else None
                if person is not None and not person.checked_in_at:
                    stood_for[person.id] = person
            self._attendance = (rev, self._people.tally.attendance(stood_for.values(), self.units(),
                                                                   self.info().quorum))
        return self._attendance[1]

    # -- agenda --------------------------------------------------------------------------------------------------

    def agenda(self) -> list[AgendaItem]:
        items = [AgendaItem.from_doc(int(k), d) for k, d in self.store.docs(AGENDA).items()]
        return sorted(items, key=lambda i: (i.order, i.id or 0))

    def save_agenda_item(self, item: AgendaItem) -> AgendaItem:
        item = item.validated()
        with self.store.transaction() as txn:
            if item.id is None:
                order = max((i.order for i in self.agenda()), default=0) + 1
                item = replace(item, order=order)
                return replace(item, id=txn.insert(AGENDA, item.to_doc()))
            txn.put(AGENDA, item.id, item.to_doc())
        return item

    def remove_agenda_item(self, item_id: int) -> None:
        with self.store.transaction() as txn:
            txn.remove(AGENDA, item_id)

    def move_agenda_item(self, item_id: int, step: int) -> None:
        """Move an agenda item up (``step`` < 0) or down."""
        self.reorder(AGENDA, self.agenda, item_id, step)

    # -- bulk ----------------------------------------------------------------------------------------------------

    def load(self, info: ConferenceInfo, units: Iterable[Unit], people: Iterable[tuple[str, Attendee]],
             agenda: Iterable[AgendaItem]) -> None:
        """Fill an empty conference in one transaction: details, units, people (by unit name) and agenda."""
        with self.store.transaction() as txn:
            ids: dict[str, int] = {}
            for order, unit in enumerate(units, start=1):
                unit = replace(unit.validated(), order=order)
                ids[fold(unit.name)] = txn.insert(UNITS, unit.to_doc())
            host = ids.get(fold(info.issuing_body)) if info.host_unit_id is None else info.host_unit_id
            txn.put(INFO, 1, replace(info.validated(), host_unit_id=host).to_doc())
            for unit_name, person in people:
                person = replace(person, unit_id=ids.get(fold(unit_name))).validated()
                txn.insert(ATTENDEES, person.to_doc())
            for order, item in enumerate(agenda, start=1):
                txn.insert(AGENDA, replace(item.validated(), order=order).to_doc())
