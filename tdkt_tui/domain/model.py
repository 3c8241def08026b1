"""The records of a conference and their rules of validity (docs/domain.md#who-and-what).

Every record that crosses a module boundary is a dataclass here. ``to_doc``/``from_doc`` turn them into the plain
documents the store keeps; text fields pass through :func:`tdkt_tui.domain.text.clean` on the way in, so the store only
ever holds NFC.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from enum import Enum
from fractions import Fraction
from typing import Any

from tdkt_tui.domain.errors import ValidationError
from tdkt_tui.domain.i18n import N_
from tdkt_tui.domain.labels import Labelled
from tdkt_tui.domain.text import clean, fold, format_date, parse_date


class ConferenceKind(Labelled):
    """The three conferences of a bloc's year."""

    COVENANT = "giao_uoc", N_("Covenant signing")
    MIDYEAR = "so_ket", N_("Mid-year review")
    YEAREND = "tong_ket", N_("Year-end review and nomination")


class HeaderVariant(Labelled):
    """The top-right line of documents: the national motto, or the Party's name for Party blocs."""

    STATE = "state", N_("State (national motto)")
    PARTY = "party", N_("Party (ĐẢNG CỘNG SẢN VIỆT NAM)")


class UnitKind(Labelled):
    """A member unit of the bloc, or a body that only sends guests."""

    MEMBER = "member", N_("Member unit")
    GUEST = "guest", N_("Guest body")


class Role(Labelled):
    """What a person does at the conference; only voting delegates vote, guests never do."""

    VOTING = "voting", N_("Voting delegate")
    DELEGATE = "delegate", N_("Delegate")
    GUEST = "guest", N_("Guest")
    ORGANISER = "organiser", N_("Organiser")


def enum_or(kind: type[Enum], value: Any, default: Enum) -> Any:
    """``kind(value)``, or ``default`` for a value a stored document should not hold (a newer or damaged one)."""
    try:
        return kind(value)
    except ValueError:
        return default


@dataclass(frozen=True)
class QuorumRule:
    """At least ``numerator/denominator`` of the member units present (default two thirds)."""

    numerator: int = 2
    denominator: int = 3

    @property
    def fraction(self) -> Fraction:
        return Fraction(self.numerator, self.denominator)

    def needed(self, total: int) -> int:
        """How many of ``total`` must be present, exactly: at least 2/3 of 9 is 6, of 10 is 7."""
        exact = self.fraction * total
        return exact.numerator // exact.denominator + (1 if exact.denominator != 1 else 0)

    def text(self) -> str:
        return f"{self.numerator}/{self.denominator}"

    @classmethod
    def parse(cls, text: str) -> QuorumRule:
        m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text or "")
        if not m or int(m.group(2)) == 0 or not 0 < int(m.group(1)) <= int(m.group(2)):
            raise ValidationError("The quorum must be a fraction such as 2/3 (at most 1).", field="quorum")
        return cls(int(m.group(1)), int(m.group(2)))


def this_year() -> int:
    """The default year of a new conference."""
    return dt.date.today().year


@dataclass(frozen=True)
class ConferenceInfo:
    """The conference at a glance, as the dashboard and the minutes show it."""

    bloc_name: str = ""
    kind: ConferenceKind = ConferenceKind.YEAREND
    year: int = field(default_factory=lambda: this_year())
    date: dt.date | None = None
    start_time: str = ""
    venue: str = ""
    place: str = ""
    issuing_body: str = ""
    host_unit_id: int | None = None
    chair: str = ""
    secretary: str = ""
    header: HeaderVariant = HeaderVariant.STATE
    quorum: QuorumRule = QuorumRule()
    # -- what the documents print (docs/domain.md#document-layout) --
    governing_body: str = ""  # cơ quan chủ quản, above the issuing body
    issuer_symbol: str = ""  # the issuing body's abbreviation in the number line: "Số: …/BB-KTĐ"
    chair_title: str = ""  # printed in the chair's signature block, the name alone under it
    secretary_title: str = ""
    council: str = ""  # whom the proposal for awards is addressed to ("Kính gửi: …")
    leading_unit_id: int | None = None  # the bloc's leading unit of the year (đơn vị dẫn đầu khối), a result
    leader_unit_id: int | None = None  # the offices of the year: Trưởng khối and Phó khối (two different units)
    deputy_unit_id: int | None = None
    number_minutes: str = ""  # each "" for the default of its kind (see tdkt_tui.documents.issuer)
    number_count_minutes: str = ""
    number_proposal: str = ""
    number_covenant: str = ""
    number_report: str = ""
    report_date: dt.date | None = None  # the bloc's annual report: dated by hand while unset

    @property
    def is_set_up(self) -> bool:
        return bool(self.bloc_name)

    def validated(self) -> ConferenceInfo:
        """A cleaned copy, or a ValidationError naming the field to fix."""
        info = replace(
            self,
            **{
                f.name: clean(value)
                for f in fields(self)
                if isinstance(value := getattr(self, f.name), str) and not isinstance(value, Enum)
            },
        )
        if not info.bloc_name:
            raise ValidationError("The bloc name is required.", field="bloc_name")
        if not 2000 <= info.year <= 2100:
            raise ValidationError("The year must be between 2000 and 2100.", field="year")
        if info.start_time and not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", info.start_time):
            raise ValidationError("Times are written HH:MM, for example 08:00.", field="start_time")
        if info.leader_unit_id is not None and info.leader_unit_id == info.deputy_unit_id:
            raise ValidationError("The bloc leader and the deputy are two different units.", field="deputy_unit_id")
        return info

    def to_doc(self) -> dict[str, Any]:
        doc = asdict(self)
        doc.update(
            kind=self.kind.value,
            header=self.header.value,
            date=self.date.isoformat() if self.date else None,
            report_date=self.report_date.isoformat() if self.report_date else None,
            quorum=[self.quorum.numerator, self.quorum.denominator],
        )
        return doc

    @classmethod
    def from_doc(cls, doc: dict[str, Any] | None) -> ConferenceInfo:
        if not doc:
            return cls()
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in doc.items() if k in known}
        values["kind"] = enum_or(ConferenceKind, doc.get("kind"), ConferenceKind.YEAREND)
        values["header"] = enum_or(HeaderVariant, doc.get("header"), HeaderVariant.STATE)
        values["date"] = dt.date.fromisoformat(doc["date"]) if doc.get("date") else None
        values["report_date"] = dt.date.fromisoformat(doc["report_date"]) if doc.get("report_date") else None
        quorum = doc.get("quorum") or [2, 3]
        values["quorum"] = QuorumRule(int(quorum[0]), int(quorum[1]))
        return cls(**values)

    def date_text(self) -> str:
        return format_date(self.date)


def parse_date_field(text: str, field_name: str) -> dt.date | None:
    """A dd/mm/yyyy input, empty allowed; ValidationError naming the field otherwise."""
    if not clean(text):
        return None
    try:
        return parse_date(text)
    except ValueError as exc:
        raise ValidationError(
            "“{value}” is not a date; type it as dd/mm/yyyy, for example 03/12/2018.", field=field_name, value=text
        ) from exc


@dataclass(frozen=True)
class Unit:
    """A member unit of the bloc, or a body whose people come as guests."""

    name: str
    short_name: str = ""
    kind: UnitKind = UnitKind.MEMBER
    women_led: bool = False
    order: int = 0
    id: int | None = None

    @property
    def is_member(self) -> bool:
        return self.kind is UnitKind.MEMBER

    @property
    def display(self) -> str:
        return self.short_name or self.name

    def validated(self) -> Unit:
        unit = replace(self, name=clean(self.name), short_name=clean(self.short_name))
        if not unit.name:
            raise ValidationError("The unit name is required.", field="name")
        if len(unit.name) > 200:
            raise ValidationError("The unit name is too long (at most 200 characters).", field="name")
        return unit

    def to_doc(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "short_name": self.short_name,
            "kind": self.kind.value,
            "women_led": self.women_led,
            "order": self.order,
        }

    @classmethod
    def from_doc(cls, doc_id: int, doc: dict[str, Any]) -> Unit:
        return cls(
            name=doc.get("name", ""),
            short_name=doc.get("short_name", ""),
            kind=enum_or(UnitKind, doc.get("kind"), UnitKind.MEMBER),
            women_led=bool(doc.get("women_led")),
            order=int(doc.get("order", 0)),
            id=doc_id,
        )


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[\d .\-()]{8,20}$")


@dataclass(frozen=True, slots=True)
class Attendee:
    """A person expected at the conference (slots: 100,000 of them stay in memory while a conference is open)."""

    full_name: str
    unit_id: int | None = None
    title: str = ""
    role: Role = Role.DELEGATE
    phone: str = ""
    email: str = ""
    seat: str = ""
    note: str = ""
    checked_in_at: str = ""
    checkin_desk: str = ""
    code_version: int = 1
    substitute_for: int | None = None
    id: int | None = None

    @property
    def present(self) -> bool:
        return bool(self.checked_in_at)

    def validated(self) -> Attendee:
        person = replace(
            self,
            full_name=clean(self.full_name),
            title=clean(self.title),
            phone=clean(self.phone),
            email=clean(self.email),
            seat=clean(self.seat),
            note=clean(self.note, multiline=True),
        )
        if not person.full_name:
            raise ValidationError("The full name is required.", field="full_name")
        if len(person.full_name) > 120:
            raise ValidationError("The full name is too long (at most 120 characters).", field="full_name")
        if person.phone and not (_PHONE.match(person.phone) and 8 <= sum(c.isdigit() for c in person.phone) <= 15):
            raise ValidationError("“{value}” is not a phone number.", field="phone", value=person.phone)
        if person.email and not _EMAIL.match(person.email):
            raise ValidationError("“{value}” is not an e-mail address.", field="email", value=person.email)
        return person

    def identity(self) -> tuple[str, int | None]:
        """Who this is for matching on re-import: the folded name within the unit."""
        return fold(self.full_name), self.unit_id

    def to_doc(self) -> dict[str, Any]:
        doc = asdict(self)
        doc.pop("id")
        doc["role"] = self.role.value
        return doc

    @classmethod
    def from_doc(cls, doc_id: int, doc: dict[str, Any]) -> Attendee:
        """The person of a stored document; keys this version does not know (a newer one wrote them) are ignored."""
        return _attendee(cls, doc_id, doc)


def _attendee_builder() -> Callable[[type[Attendee], int, dict[str, Any]], Attendee]:
    """:meth:`Attendee.from_doc`. Opening a conference builds one per person (100,000), so each field goes straight
    into its slot, as the frozen dataclass's own ``__init__`` does, without building and parsing keywords: 1.9 µs a
    person instead of 5. A few titles and desks are repeated over 100,000 people: one string each."""
    slot = {f.name: getattr(Attendee, f.name).__set__ for f in fields(Attendee)}  # a new field is set below too
    full_name, unit_id, title_, role_ = slot["full_name"], slot["unit_id"], slot["title"], slot["role"]
    phone, email, seat, note = slot["phone"], slot["email"], slot["seat"], slot["note"]
    checked_in_at, checkin_desk, code_version = slot["checked_in_at"], slot["checkin_desk"], slot["code_version"]
    substitute_for, person_id = slot["substitute_for"], slot["id"]
    roles: dict[Any, Role] = {role.value: role for role in Role}
    new, intern, delegate = object.__new__, sys.intern, Role.DELEGATE

    def build(cls: type[Attendee], doc_id: int, doc: dict[str, Any]) -> Attendee:
        person, get = new(cls), doc.get
        full_name(person, doc["full_name"])
        unit_id(person, get("unit_id"))
        title = get("title", "")
        title_(person, intern(title) if type(title) is str else title)
        role = get("role")
        role_(person, roles.get(role, delegate) if type(role) is str else delegate)
        phone(person, get("phone", ""))
        email(person, get("email", ""))
        seat(person, get("seat", ""))
        note(person, get("note", ""))
        checked_in_at(person, get("checked_in_at", ""))
        desk = get("checkin_desk", "")
        checkin_desk(person, intern(desk) if desk and type(desk) is str else desk)
        code_version(person, get("code_version", 1))
        substitute_for(person, get("substitute_for"))
        person_id(person, doc_id)
        return person

    return build


_attendee = _attendee_builder()


@dataclass(frozen=True)
class AgendaItem:
    """One item of the programme: a time, a title, who presents it."""

    title: str
    time: str = ""
    presenter: str = ""
    order: int = 0
    id: int | None = None

    def validated(self) -> AgendaItem:
        item = replace(self, title=clean(self.title), time=clean(self.time), presenter=clean(self.presenter))
        if not item.title:
            raise ValidationError("The agenda item needs a title.", field="title")
        if item.time and not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", item.time):
            raise ValidationError("Times are written HH:MM, for example 08:00.", field="time")
        return item

    def to_doc(self) -> dict[str, Any]:
        return {"title": self.title, "time": self.time, "presenter": self.presenter, "order": self.order}

    @classmethod
    def from_doc(cls, doc_id: int, doc: dict[str, Any]) -> AgendaItem:
        return cls(
            title=doc.get("title", ""),
            time=doc.get("time", ""),
            presenter=doc.get("presenter", ""),
            order=int(doc.get("order", 0)),
            id=doc_id,
        )
