"""Roster import: read the list of people from CSV or Excel, preview it, then commit it all or nothing.

Real rosters come from Excel on Vietnamese-locale Windows (see docs/domain.md#field-notes); the file itself —
encodings, separators, title rows, merged cells — is read by :mod:`tdkt_tui.sheets.reader`. :func:`read_roster`
turns it into a :class:`~tdkt_tui.domain.roster.RosterPreview` without changing anything;
:func:`tdkt_tui.domain.roster.commit_roster` writes the preview in one transaction.

Headers are recognised in Vietnamese or English, ignoring case and diacritics (:func:`tdkt_tui.domain.text.fold`);
columns that are not recognised (STT, No., date of birth …) are ignored. A person already in the conference — same folded
name in the same unit, :meth:`Conference.identities` — is updated rather than added again, keeping their check-in,
and a field whose column the file lacks keeps its current value.

No Textual here: the import screen and the CLI both call this module.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.errors import TdktError, ValidationError
from tdkt_tui.domain.i18n import _
from tdkt_tui.domain.model import Attendee, Role, Unit
from tdkt_tui.domain.roster import RejectedRow, RosterPreview, RosterRow, VoterRule, make_preview
from tdkt_tui.domain.unit_names import UnitIndex, UnitMatch, unit_key
from tdkt_tui.domain.text import fold
from tdkt_tui.sheets.reader import HEADER_SEARCH_ROWS, Headers, Sheet, cell_text, header_key, read_sheets

Progress = Callable[[int, int], None]

PROGRESS_EVERY = 250
#: A person's field longer than this is a mistake in the file (a whole paragraph pasted into a name).
MAX_CELL_CHARS = 1000

#: The recognised header names of each field, as :func:`header_key` writes them (folded, punctuation dropped).
#: A header matches a name exactly, or starts with it followed by more words ("Họ và tên đại biểu").
HEADERS = Headers({
    "full_name": (
        "ho va ten", "ho ten", "ho va ten dai bieu", "ten dai bieu", "name", "full name", "fullname",
        "delegate name", "attendee name",
    ),
    "unit": (
        "don vi", "ten don vi", "co quan", "ten co quan", "noi cong tac", "unit", "organisation", "organization",
        "agency",
    ),
    "title": ("chuc vu", "chuc danh", "title", "position", "job title"),
    "role": ("vai tro", "thanh phan", "role"),
    "phone": ("dien thoai", "so dien thoai", "sdt", "so dt", "dt", "di dong", "phone", "telephone", "mobile", "tel"),
    "email": ("email", "e mail", "thu dien tu", "mail"),
    "seat": ("ghe", "so ghe", "cho ngoi", "vi tri ngoi", "seat"),
    "note": ("ghi chu", "note", "notes", "remarks"),
})
#: What the error for a file without a name column suggests.
NAME_HEADERS_SHOWN = "Họ và tên, Họ tên, Full name, Name"

#: Role values (as :func:`header_key` writes them) besides each role's code, English label and translated label.
ROLE_VALUES: dict[str, Role] = {
    "dai bieu bieu quyet": Role.VOTING,
    "bieu quyet": Role.VOTING,
    "co bieu quyet": Role.VOTING,
    "dai bieu": Role.DELEGATE,
    "khach moi": Role.GUEST,
    "khach": Role.GUEST,
    "dai bieu khach moi": Role.GUEST,
    "ban to chuc": Role.ORGANISER,
    "to chuc": Role.ORGANISER,
    "btc": Role.ORGANISER,
    "organizer": Role.ORGANISER,
}


_NOT_A_NAME = re.compile(r"[\d@]")
_PHONE_WITHOUT_ZERO = re.compile(r"[1-9]\d{8,9}")


@dataclass(frozen=True)
class _Header:
    position: int  # index in Sheet.rows of the header row
    last_row: int  # row number of the header's last row; data follows
    columns: dict[str, int]  # field -> column (1-based)
    labels: dict[str, str]  # field -> header text


def _down(sheet: Sheet, row: int, col: int) -> Any:
    """A cell's value, or that of a range merged down over it (a unit over its people). A range merged across
    gives its value to its first column only, so a title over the columns stays in one cell."""
    value = sheet.cells.get((row, col))
    if value is None and (rng := sheet.merged_range(row, col)) is not None and rng.min_col == col:
        value = sheet.cells.get((rng.min_row, rng.min_col))
    return value


def _row_texts(sheet: Sheet, row: int) -> dict[int, str]:
    """column → text of every cell of the row that holds anything (merged downwards included)."""
    texts = {}
    for col, _value in sheet.row_cells(row, merged=True):
        if text := cell_text(_down(sheet, row, col)):
            texts[col] = text
    return texts


def _find_header(sheet: Sheet) -> _Header | None:
    """The first row (of the first ones that hold anything) with a full-name column, and the columns it names."""
    for position, number in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        first = _row_texts(sheet, number)
        if not any(HEADERS.field(t) == "full_name" for t in first.values()):
            continue
        last = sheet.merged_down.get(number, number)
        block = [_row_texts(sheet, n) for n in sheet.rows[position:] if n <= last]
        columns: dict[str, int] = {}
        labels: dict[str, str] = {}
        for col in sorted({c for texts in block for c in texts}):
            # In a two-row header, the lower cell names the column ("Liên hệ" above "Điện thoại").
            for label in reversed([texts[col] for texts in block if col in texts]):
                name = HEADERS.field(label)
                if name is not None:
                    if name not in columns:
                        columns[name] = col
                        labels[name] = label
                    break
        if "full_name" in columns:
            return _Header(position, last, columns, labels)
    return None


def _no_name_column(path: Path, sheet: Sheet) -> TdktError:
    candidates = [[t for _c, v in sheet.row_cells(n) if (t := cell_text(v))] for n in sheet.rows[:HEADER_SEARCH_ROWS]]
    found = max(candidates, key=len, default=[])
    shown = [t if len(t) <= 40 else t[:39] + "…" for t in found[:15]]
    return TdktError(
        "No column of full names was found in {path}. Columns found: {found}. Expected a column named one of: "
        "{expected}.",
        path=str(path),
        found=", ".join(f"“{t}”" for t in shown) or _("(none)"),
        expected=NAME_HEADERS_SHOWN,
    )


# -- rows ----------------------------------------------------------------------------------------------------------


def _role_values() -> dict[str, Role]:
    values = dict(ROLE_VALUES)
    for role in Role:
        for text in (role.value, role.label, _(role.label)):
            values.setdefault(header_key(text), role)
    return values


def _phone(text: str) -> str:
    """Put back the leading 0 that Excel drops from a phone number typed as a number (964191663)."""
    return "0" + text if _PHONE_WITHOUT_ZERO.fullmatch(text) else text


#: Words that mark a row (in any of its cells, or in the heading above it) as a guest or as organisers' staff.
_MARKS = [(re.compile(r"\bkhach moi\b"), Role.GUEST), (re.compile(r"\bto giup viec\b"), Role.ORGANISER)]
#: A section heading typed in the name column: numbered "II. KHÁCH MỜI", "B) Đại biểu", or just "Khách mời".
_NUMBERED_HEADING = re.compile(r"^\s*(?:[IVX]{1,5}|[A-Da-d])\s*[.)]\s*\S")
_HEADING_WORDS = re.compile(r"^(?:dai bieu )?(?:khach moi|to giup viec)$")


#: Rows that are no person: a total ("Tổng cộng: 38 người", "Cộng: 3"), left out where they stand; and the
#: letter's end under the table — the date line ("Bắc Ninh, ngày 28 tháng 11 năm 2018"), "Người lập biểu", "TM.",
#: "KT.", "Thủ trưởng đơn vị", "(Ký, ghi rõ họ tên)", "Nơi nhận" — after which nothing more is a person (the names
#: there are the signers').
_TOTAL = re.compile(r"^(?:tong cong|tong so)(?: |$)|^cong(?: \d.*)?$")
_LETTER_END = re.compile(r"\bngay (?:\S+ )?thang (?:\S+ )?nam \d{4}\b"
                         r"|^(?:nguoi lap bieu|nguoi lap|thu truong don vi|thu truong|tm|t m|kt|k t|noi nhan"
                         r"|xac nhan cua|ky ghi ro ho ten|ky va ghi ro ho ten|ky ten|da ky)(?: |$)")


def _is_heading(text: str) -> bool:
    return bool(_NUMBERED_HEADING.match(text) or _HEADING_WORDS.match(header_key(text)))


def _mark(texts: object) -> Role | None:
    """The role the words of these texts mark, if any ("Khách mời" → guest)."""
    for text in texts:  # type: ignore[attr-defined]
        key = header_key(text)
        for pattern, role in _MARKS:
            if pattern.search(key):
                return role
    return None


class _RowReader:
    """Turns the data rows of one table into accepted and rejected rows."""

    def __init__(self, conference: Conference, header: _Header) -> None:
        self.header = header
        self.units = UnitIndex(conference.units())
        self.roles = _role_values()
        self.role_cache: dict[str, Role | None] = {}
        self.unit_cache: dict[str, object] = {}
        self.rows: list[RosterRow] = []
        self.rejected: list[RejectedRow] = []
        self.seen: dict[tuple[str, object], int] = {}  # (folded name, unit key) -> first row number
        self.section: Role | None = None  # the role the last section heading marks
        self.left_out: list[int] = []  # rows of totals and of the letter's end
        self.letter_end = False  # the date line or a signature was passed: no more people

    def reject(self, row: int, reason: str) -> None:
        self.rejected.append(RejectedRow(row, reason))

    def role(self, text: str) -> Role | None:
        if text not in self.role_cache:
            self.role_cache[text] = self.roles.get(header_key(text))
        return self.role_cache[text]

    def unit(self, text: str) -> object:
        """What tells two rows' units apart (the unit's id, or its key if new), or a str: why it is unusable."""
        if text not in self.unit_cache:
            unit, how = self.units.match(text)
            if unit is not None and how in (UnitMatch.SAME, UnitMatch.SUFFIX):
                self.unit_cache[text] = unit.id
            else:
                try:
                    Unit(name=text).validated()
                    self.unit_cache[text] = ("new", unit_key(text))
                except ValidationError as exc:
                    self.unit_cache[text] = str(exc)
        return self.unit_cache[text]

    def read(self, sheet: Sheet, progress: Progress | None) -> None:
        rows = [n for n in sheet.rows[self.header.position :] if n > self.header.last_row]
        total = len(rows)
        for done, number in enumerate(rows):
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done, total)
            self.read_row(number, sheet)
        if progress is not None:
            progress(total, total)

    def not_a_person(self, number: int, sheet: Sheet) -> bool:
        """A total row, or the letter's end under the table (and every row after it): left out, with a note."""
        if self.letter_end:
            self.left_out.append(number)
            return True
        if not (self.rows or self.rejected):
            return False
        # Only a row without a person's name can be one: "Thủ trưởng" may be someone's title.
        name = header_key(cell_text(_down(sheet, number, self.header.columns["full_name"])))
        keys = [header_key(cell_text(v)) for _c, v in sheet.row_cells(number)]
        if (not name or _LETTER_END.search(name)) and any(_LETTER_END.search(k) for k in keys):
            self.letter_end = True
        elif not (_TOTAL.match(name) or (not name and any(_TOTAL.match(k) for k in keys[:2]))):
            return False
        self.left_out.append(number)
        return True

    def read_row(self, number: int, sheet: Sheet) -> None:
        if self.not_a_person(number, sheet):
            return
        columns = self.header.columns
        texts = {f: cell_text(_down(sheet, number, col), multiline=f == "note") for f, col in columns.items()}
        name_col = columns["full_name"]
        span = sheet.merged_range(number, name_col)
        if span is not None and span.min_row == number and any(
                col != name_col and span.min_col <= col <= span.max_col for col in columns.values()):
            # a section heading merged across the columns ("I. ĐƠN VỊ THÀNH VIÊN", "II. KHÁCH MỜI"): it marks the
            # rows below it
            self.section = _mark([cell_text(sheet.cells.get((span.min_row, span.min_col)))])
            return
        if not any(texts.values()):
            return  # an empty row, or one with only its number (STT) filled in
        if not any(text for f, text in texts.items() if f != "full_name") and _is_heading(texts["full_name"]):
            self.section = _mark([texts["full_name"]])  # a heading typed in the name column
            return
        for f, text in texts.items():
            if len(text) > MAX_CELL_CHARS:
                self.reject(number, _("Row {row}: the “{column}” cell is longer than {limit} characters.",
                                      row=number, column=self.header.labels[f], limit=MAX_CELL_CHARS))
                return
        name = texts["full_name"]
        if not name:
            self.reject(number, _("Row {row}: the full name is empty.", row=number))
            return
        if _NOT_A_NAME.search(name):
            self.reject(number, _("Row {row}: “{name}” does not look like a person's name.", row=number, name=name))
            return
        file_role = None
        if texts.get("role"):
            file_role = self.role(texts["role"])
            if file_role is None:
                self.reject(number, _("Row {row}: the role “{value}” is not known; write voting delegate, delegate, "
                                      "guest or organiser.", row=number, value=texts["role"]))
                return
        others = [cell_text(v) for c, v in sheet.row_cells(number) if c not in (name_col, columns.get("unit"))]
        unit_name = texts.get("unit", "")
        marked = _mark([*others, unit_name]) or self.section
        if _HEADING_WORDS.match(header_key(unit_name)):
            unit_name = ""  # "Khách mời" written where the unit goes
        unit = self.unit(unit_name) if unit_name else None
        if isinstance(unit, str):
            self.reject(number, _("Row {row}: {reason}", row=number, reason=unit))
            return
        try:
            person = Attendee(
                full_name=name,
                title=texts.get("title", ""),
                phone=_phone(texts.get("phone", "")),
                email=texts.get("email", ""),
                seat=texts.get("seat", ""),
                note=texts.get("note", ""),
            ).validated()
        except ValidationError as exc:
            self.reject(number, _("Row {row}: {reason}", row=number, reason=str(exc)))
            return
        key = (fold(person.full_name), unit)
        first = self.seen.get(key)
        if first is not None:
            if unit_name:
                reason = _("Row {row}: {name} ({unit}) is listed twice; the first entry is row {first}.", row=number,
                           name=person.full_name, unit=unit_name, first=first)
            else:
                reason = _("Row {row}: {name} is listed twice; the first entry is row {first}.", row=number,
                           name=person.full_name, first=first)
            self.reject(number, reason)
            return
        self.seen[key] = number
        self.rows.append(RosterRow(number, unit_name, person, None, read=person, file_role=file_role, marked=marked))


# -- the API -------------------------------------------------------------------------------------------------------


def _header_score(sheet: Sheet) -> int:
    header = _find_header(sheet)
    return len(header.columns) if header else 0


def read_roster(path: Path, conference: Conference, progress: Progress | None = None, *,
                rule: VoterRule = VoterRule.HEAD) -> RosterPreview:
    """Read a roster file and say what importing it would do; raises :class:`TdktError` for an unusable file.
    Roles the file does not give are inferred, each member unit's voting delegate chosen by ``rule``.

    ``progress(done, total)`` is called every few hundred data rows (once the file is loaded; for Excel the loading
    itself is most of the time).
    """
    path = Path(path)
    book = read_sheets(path, csv_score=_header_score)
    for sheet in book.sheets:
        header = _find_header(sheet)
        if header is not None:
            break
    else:
        raise _no_name_column(path, book.sheets[0] if book.sheets else Sheet("", {}))
    reader = _RowReader(conference, header)
    reader.read(sheet, progress)
    columns = {f: header.labels[f] for f in HEADERS.names if f in header.labels}
    return make_preview(conference, path, reader.rows, reader.rejected, columns, rule=rule, encoding=book.encoding,
                        converted=book.converted, left_out=reader.left_out)
