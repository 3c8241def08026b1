"""Roster import: read the list of people from CSV or Excel, preview it, then commit it all or nothing.

Real rosters come from Excel on Vietnamese-locale Windows (see docs/domain.md#field-notes): CSV with ``,``
``;`` or Tab, in UTF-8 (with or without BOM) or the legacy cp1258 code page (which writes tones as combining
marks), and XLSX with title rows above the header and merged cells. :func:`read_roster` turns such a file into a
:class:`~tdkt_tui.domain.roster.RosterPreview` without changing anything;
:func:`tdkt_tui.domain.roster.commit_roster` writes the preview in one transaction.

Headers are recognised in Vietnamese or English, ignoring case and diacritics (:func:`tdkt_tui.domain.text.fold`); columns
that are not recognised (STT, No., date of birth …) are ignored. A person already in the conference — same folded
name in the same unit, :meth:`Conference.identities` — is updated rather than added again, keeping their check-in,
and a field whose column the file lacks keeps its current value.

No Textual here: the import screen and the CLI both call this module.
"""

from __future__ import annotations

import bisect
import contextlib
import csv
import datetime as dt
import io
import itertools
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.errors import TdktError, ValidationError
from tdkt_tui.domain.i18n import _
from tdkt_tui.domain.model import Attendee, Role, Unit
from tdkt_tui.domain.roster import (
    RejectedRow,
    RosterPreview,
    RosterRow,
    UnitIndex,
    merge_columns,
)
from tdkt_tui.domain.text import clean, fold, format_date, nfc

Progress = Callable[[int, int], None]

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
OLD_EXCEL_SUFFIXES = (".xls",)
HEADER_SEARCH_ROWS = 20
MAX_FILE_MB = 50
MAX_CELL_CHARS = 1000
PROGRESS_EVERY = 250
SNIFF_CHARS = 20_000
DELIMITERS = ",;\t"

#: The recognised header names of each field, as :func:`_header_key` writes them (folded, punctuation dropped).
#: A header matches a name exactly, or starts with it followed by more words ("Họ và tên đại biểu").
HEADERS: dict[str, tuple[str, ...]] = {
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
}
#: What the error for a file without a name column suggests.
NAME_HEADERS_SHOWN = "Họ và tên, Họ tên, Full name, Name"

#: Role values (as :func:`_header_key` writes them) besides each role's code, English label and translated label.
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


_WORD = re.compile(r"[a-z0-9]+")
_NOT_A_NAME = re.compile(r"[\d@]")
_PHONE_WITHOUT_ZERO = re.compile(r"[1-9]\d{8,9}")


# -- reading files into tables -------------------------------------------------------------------------------------


@dataclass
class _Table:
    """The rows that hold anything, as (row number in the file, cell values), and what merged cells tell."""

    rows: list[tuple[int, list[Any]]]
    #: (row number, column index) -> last column index, for cells merged across several columns.
    spans: dict[tuple[int, int], int] = field(default_factory=dict)
    #: row number -> last row number of a cell of that row merged downwards (a two-row header).
    merged_down: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class _Header:
    position: int  # index in _Table.rows of the header row
    last_row: int  # row number of the header's last row; data follows
    columns: dict[str, int]  # field -> column index
    labels: dict[str, str]  # field -> header text


def _load_tables(path: Path) -> Iterator[_Table]:
    """The tables of the file: one for CSV, one per worksheet (the active one first) for Excel."""
    suffix = path.suffix.lower()
    if suffix not in CSV_SUFFIXES + XLSX_SUFFIXES + OLD_EXCEL_SUFFIXES:
        raise TdktError(
            "{path} is not a roster file this program reads; use CSV (.csv, .tsv, .txt) or Excel (.xlsx).",
            path=str(path),
        )
    try:
        if not path.exists():
            raise TdktError("{path} was not found.", path=str(path))
        if path.is_dir():
            raise TdktError("{path} is a folder; choose a roster file (.csv or .xlsx).", path=str(path))
        size = path.stat().st_size
        if size > MAX_FILE_MB * 1024 * 1024:
            raise TdktError(
                "{path} is {size} MB; a roster file is expected to be smaller than {limit} MB.",
                path=str(path),
                size=size // (1024 * 1024),
                limit=MAX_FILE_MB,
            )
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise TdktError("Cannot read the file {path}: {reason}.", path=str(path), reason=reason) from exc
    if not data.strip():
        raise TdktError("{path} is empty.", path=str(path))
    ole = data.startswith(b"\xd0\xcf\x11\xe0")  # Excel 97-2003, or any workbook with a password
    if data.startswith(b"PK\x03\x04") or (suffix in XLSX_SUFFIXES and not ole):
        return _xlsx_tables(path, data)  # also a workbook saved under a .csv name
    if ole or suffix in OLD_EXCEL_SUFFIXES:
        raise TdktError(
            "{path} is in the old Excel 97-2003 format (.xls) or is password-protected; open it in Excel and "
            "save it as an Excel Workbook (.xlsx) or as CSV UTF-8.",
            path=str(path),
        )
    return iter([_csv_table(path, _decode(path, data))])


def _decode(path: Path, data: bytes) -> str:
    """The text of a CSV file: UTF-16 with BOM, else UTF-8 (BOM or not), else cp1258; binary data is refused."""
    text: str | None = None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode Text"
        with contextlib.suppress(UnicodeDecodeError):
            text = data.decode("utf-16")
    head = data[:65536]
    if text is None:
        with contextlib.suppress(UnicodeDecodeError):
            text = data.decode("utf-8-sig")
        # A NUL never occurs in a text table; control bytes are many in binary data that is not UTF-8.
        controls = 0 if text is not None else sum(1 for b in head if b < 0x20 and b not in b"\t\n\r\x0c")
        if b"\x00" in head or controls > len(head) // 100:
            raise TdktError(
                "{path} is not a text table (CSV): it holds binary data, such as a picture or a document.",
                path=str(path),
            )
    if text is None:
        try:
            text = data.decode("cp1258")
        except UnicodeDecodeError:
            raise TdktError(
                "The text of {path} is in an unknown encoding; save it from Excel as “CSV UTF-8”.", path=str(path)
            ) from None
    if not text.strip():
        raise TdktError("{path} is empty.", path=str(path))
    return text


def _delimiters(text: str) -> list[str]:
    """The separators to try: csv.Sniffer's guess first, then the others by how often they occur."""
    sample = text[:SNIFF_CHARS]
    if len(text) > SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    order: list[str] = []
    try:
        order.append(csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter)
    except csv.Error:
        pass
    order += sorted((d for d in DELIMITERS if d not in order), key=lambda d: -sample.count(d))
    return order


def _parse_csv(path: Path, text: str, delimiter: str, limit: int | None = None) -> _Table:
    """The records of the file, numbered as a spreadsheet numbers its rows (blank lines count, and are left out)."""
    # strict: a quotation mark left open must not swallow the rest of the file into one cell
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, doublequote=True, strict=True)
    table = _Table([])
    start = 1  # the line the current record starts on
    try:
        for number, cells in enumerate(itertools.islice(reader, limit), start=1):
            if any(cells):
                table.rows.append((number, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise TdktError(
            "{path} cannot be read as a CSV table at line {line}: a quotation mark there is not closed, or more "
            "text follows it in the same cell.",
            path=str(path),
            line=start,
        ) from exc
    return table


def _csv_table(path: Path, text: str) -> _Table:
    """The whole file parsed with the separator whose header row is recognised best."""
    delimiters = _delimiters(text)
    best: tuple[int, str] = (-1, delimiters[0])
    for delimiter in delimiters:
        try:
            header = _find_header(_parse_csv(path, text, delimiter, 2 * HEADER_SEARCH_ROWS))
        except TdktError:
            continue  # quotes that only make sense with another separator
        score = len(header.columns) if header else 0
        if score > best[0]:
            best = (score, delimiter)
    return _parse_csv(path, text, best[1])


def _xlsx_tables(path: Path, data: bytes) -> Iterator[_Table]:
    """One table per worksheet, the active sheet first; merged cells resolved."""
    import openpyxl  # the slow import is paid only by those who import Excel files

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # Not read_only: read-only worksheets do not expose merged ranges.
            workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds (BadZipFile, KeyError, XML errors) for a bad file
        raise TdktError(
            "{path} is not an Excel workbook (.xlsx) or it is damaged; open it in Excel and save it again.",
            path=str(path),
        ) from exc
    sheets = list(workbook.worksheets)
    if workbook.active in sheets:
        sheets.remove(workbook.active)
        sheets.insert(0, workbook.active)
    return (_sheet_table(sheet) for sheet in sheets)


def _sheet_table(sheet: Any) -> _Table:
    # Only the cells the file holds (sheet._cells), never the rectangle up to max_row × max_column: one stray cell
    # at XFD1048576 must not mean 17 billion empty ones.
    values: dict[int, dict[int, Any]] = {}
    for (row, col), cell in sheet._cells.items():
        if cell.value is not None and cell.value != "":
            values.setdefault(row, {})[col - 1] = cell.value
    numbers = sorted(values)
    table = _Table([])
    for merged in sheet.merged_cells.ranges:
        value = values.get(merged.min_row, {}).get(merged.min_col - 1)
        if value is None:
            continue
        covered = numbers[bisect.bisect_left(numbers, merged.min_row) : bisect.bisect_right(numbers, merged.max_row)]
        for row in covered:
            # A unit merged down over several people belongs to each of them (not to the empty rows it may cover);
            # only the first column gets the value, so a title merged across the columns stays in one cell.
            values[row][merged.min_col - 1] = value
            if merged.max_col > merged.min_col:
                table.spans[(row, merged.min_col - 1)] = merged.max_col - 1
        if merged.max_row > merged.min_row:
            table.merged_down[merged.min_row] = max(table.merged_down.get(merged.min_row, 0), merged.max_row)
    for row in numbers:
        cells: list[Any] = [None] * (max(values[row]) + 1)
        for col, value in values[row].items():
            cells[col] = value
        table.rows.append((row, cells))
    return table


# -- headers -------------------------------------------------------------------------------------------------------


def _header_key(text: str) -> str:
    """``"Họ và tên (1)"`` → ``"ho va ten 1"``: folded, punctuation dropped."""
    return " ".join(_WORD.findall(fold(text)))


_HEADER_FIELDS = {name: f for f, names in HEADERS.items() for name in names}


def _header_field(text: str) -> str | None:
    key = _header_key(text)
    if not key:
        return None
    if key in _HEADER_FIELDS:
        return _HEADER_FIELDS[key]
    prefixes = [name for name in _HEADER_FIELDS if key.startswith(name + " ")]
    return _HEADER_FIELDS[max(prefixes, key=len)] if prefixes else None


def _cell_text(value: Any, *, multiline: bool = False) -> str:
    """A cell as cleaned text: whole numbers without ".0", dates as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, dt.datetime):
        value = format_date(value.date()) if value.time() == dt.time() else value.strftime("%d/%m/%Y %H:%M")
    elif isinstance(value, dt.date):
        value = format_date(value)
    elif isinstance(value, dt.time):
        value = value.strftime("%H:%M")
    if multiline:
        # clean(multiline=True) drops control characters after composing, which can leave "e" + U+0301 apart.
        return nfc(clean(value, multiline=True))
    return clean(value)


def _find_header(table: _Table) -> _Header | None:
    """The first row (of the first ones that hold anything) with a full-name column, and the columns it names."""
    for position, (number, cells) in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        if not any(_header_field(_cell_text(c)) == "full_name" for c in cells):
            continue
        last = table.merged_down.get(number, number)
        block = [r for n, r in table.rows[position : position + last - number + 1] if n <= last]
        columns: dict[str, int] = {}
        labels: dict[str, str] = {}
        for col in range(max(len(r) for r in block)):
            # In a two-row header, the lower cell names the column ("Liên hệ" above "Điện thoại").
            texts = [t for r in block if col < len(r) and (t := _cell_text(r[col]))]
            for label in reversed(texts):
                name = _header_field(label)
                if name is not None:
                    if name not in columns:
                        columns[name] = col
                        labels[name] = label
                    break
        if "full_name" in columns:
            return _Header(position, last, columns, labels)
    return None


def _no_name_column(path: Path, table: _Table) -> TdktError:
    candidates = [[t for c in row if (t := _cell_text(c))] for _n, row in table.rows[:HEADER_SEARCH_ROWS]]
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
            values.setdefault(_header_key(text), role)
    return values


def _phone(text: str) -> str:
    """Put back the leading 0 that Excel drops from a phone number typed as a number (964191663)."""
    return "0" + text if _PHONE_WITHOUT_ZERO.fullmatch(text) else text


class _RowReader:
    """Turns the data rows of one table into accepted and rejected rows."""

    def __init__(self, conference: Conference, header: _Header) -> None:
        self.conference = conference
        self.header = header
        self.units = UnitIndex(conference.units())
        self.identities = conference.identities()
        self.roles = _role_values()
        self.role_cache: dict[str, Role | None] = {}
        self.unit_cache: dict[str, tuple[int | None, object] | str] = {}
        self.rows: list[RosterRow] = []
        self.rejected: list[RejectedRow] = []
        self.new_units: dict[str, str] = {}  # folded name -> name as first written
        self.seen: dict[tuple[str, object], int] = {}  # (folded name, unit key) -> first row number

    def reject(self, row: int, reason: str) -> None:
        self.rejected.append(RejectedRow(row, reason))

    def role(self, text: str) -> Role | None:
        if text not in self.role_cache:
            self.role_cache[text] = self.roles.get(_header_key(text))
        return self.role_cache[text]

    def unit(self, text: str) -> tuple[int | None, object] | str:
        """(unit id, or None for a new unit; the unit's key for duplicates), or why the unit name is unusable."""
        if text not in self.unit_cache:
            unit = self.units.find(text)
            if unit is not None:
                self.unit_cache[text] = (unit.id, unit.id)
            else:
                try:
                    Unit(name=text).validated()
                    self.unit_cache[text] = (None, ("new", fold(text)))
                except ValidationError as exc:
                    self.unit_cache[text] = str(exc)
        return self.unit_cache[text]

    def read(self, table: _Table, progress: Progress | None) -> None:
        rows = [(n, cells) for n, cells in table.rows[self.header.position :] if n > self.header.last_row]
        total = len(rows)
        for done, (number, cells) in enumerate(rows):
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done, total)
            self.read_row(number, cells, table)
        if progress is not None:
            progress(total, total)

    def read_row(self, number: int, cells: list[Any], table: _Table) -> None:
        columns = self.header.columns
        texts = {
            f: _cell_text(cells[col], multiline=f == "note") if col < len(cells) else "" for f, col in columns.items()
        }
        if not any(texts.values()):
            return  # an empty row, or one with only its number (STT) filled in
        name_col = columns["full_name"]
        span_end = table.spans.get((number, name_col))
        if span_end is not None and any(name_col < col <= span_end for col in columns.values()):
            return  # a section heading merged across the columns ("I. ĐƠN VỊ THÀNH VIÊN")
        for f, text in texts.items():
            if len(text) > MAX_CELL_CHARS:
                self.reject(
                    number,
                    _(
                        "Row {row}: the “{column}” cell is longer than {limit} characters.",
                        row=number,
                        column=self.header.labels[f],
                        limit=MAX_CELL_CHARS,
                    ),
                )
                return
        name = texts["full_name"]
        if not name:
            self.reject(number, _("Row {row}: the full name is empty.", row=number))
            return
        if _NOT_A_NAME.search(name):
            self.reject(number, _("Row {row}: “{name}” does not look like a person's name.", row=number, name=name))
            return
        role = Role.DELEGATE
        if texts.get("role"):
            found = self.role(texts["role"])
            if found is None:
                self.reject(
                    number,
                    _(
                        "Row {row}: the role “{value}” is not known; write voting delegate, delegate, guest or "
                        "organiser.",
                        row=number,
                        value=texts["role"],
                    ),
                )
                return
            role = found
        unit_name = texts.get("unit", "")
        unit = self.unit(unit_name) if unit_name else (None, None)
        if isinstance(unit, str):
            self.reject(number, _("Row {row}: {reason}", row=number, reason=unit))
            return
        unit_id, unit_key = unit
        try:
            person = Attendee(
                full_name=name,
                unit_id=unit_id,
                title=texts.get("title", ""),
                role=role,
                phone=_phone(texts.get("phone", "")),
                email=texts.get("email", ""),
                seat=texts.get("seat", ""),
                note=texts.get("note", ""),
            ).validated()
        except ValidationError as exc:
            self.reject(number, _("Row {row}: {reason}", row=number, reason=str(exc)))
            return
        name_key = fold(person.full_name)
        key = (name_key, unit_key)
        first = self.seen.get(key)
        if first is not None:
            if unit_name:
                reason = _(
                    "Row {row}: {name} ({unit}) is listed twice; the first entry is row {first}.",
                    row=number,
                    name=person.full_name,
                    unit=unit_name,
                    first=first,
                )
            else:
                reason = _(
                    "Row {row}: {name} is listed twice; the first entry is row {first}.",
                    row=number,
                    name=person.full_name,
                    first=first,
                )
            self.reject(number, reason)
            return
        self.seen[key] = number
        attendee_id = None
        if isinstance(unit_key, tuple):
            self.new_units.setdefault(unit_key[1], unit_name)
        else:
            attendee_id = self.identities.get((name_key, unit_id))
            existing = self.conference.attendee(attendee_id) if attendee_id is not None else None
            if existing is None:
                attendee_id = None
            else:
                person = merge_columns(existing, person, self.header.labels)
        self.rows.append(RosterRow(number, unit_name, person, attendee_id))


# -- the API -------------------------------------------------------------------------------------------------------


def read_roster(path: Path, conference: Conference, progress: Progress | None = None) -> RosterPreview:
    """Read a roster file and say what importing it would do; raises :class:`TdktError` for an unusable file.

    ``progress(done, total)`` is called every few hundred data rows (once the file is loaded; for Excel the loading
    itself is most of the time).
    """
    path = Path(path)
    first: _Table | None = None
    for table in _load_tables(path):
        first = first or table
        header = _find_header(table)
        if header is not None:
            break
    else:
        raise _no_name_column(path, first or _Table([]))
    reader = _RowReader(conference, header)
    reader.read(table, progress)
    return RosterPreview(
        source=path,
        rows=reader.rows,
        rejected=reader.rejected,
        new_units=list(reader.new_units.values()),
        columns={f: header.labels[f] for f in HEADERS if f in header.labels},
    )
