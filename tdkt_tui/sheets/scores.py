"""Score workbooks: read one (either layout: units × criteria codes, or one sheet per unit), preview every problem
cell as ``Sheet!C5`` before anything is stored, commit all or nothing; and write one that reads back unchanged.

The records, their rules and the ranking are :mod:`tdkt_tui.domain.scoring`; this module only moves them between a
workbook and the conference.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.errors import TdktError, ValidationError
from tdkt_tui.domain.i18n import _
from tdkt_tui.domain.scoring import (
    EXPORT_STEM,
    Criterion,
    ItemKind,
    Score,
    ScoreIssue,
    ScorePreview,
    Unit,
    canonical_points,
    check_points,
    clean_evidence,
    code_key,
    criteria,
    parse_points,
    points_value,
    ranking,
    scores,
    shown_text,
    totals,
)
from tdkt_tui.domain.text import fold
from tdkt_tui.domain.unit_names import UnitIndex, UnitMatch
from tdkt_tui.sheets.reader import HEADER_SEARCH_ROWS, Headers, Sheet, cell_text, header_key, read_sheets
from tdkt_tui.sheets.writer import column_widths, merged_line, new_workbook, print_setup, put, put_row, save_workbook

# -- workbooks: reading --------------------------------------------------------------------------------------------

#: Column names of a per-unit sheet, as :func:`header_key` writes them. A header matches a name exactly or starts
#: with it followed by more words ("Điểm tự chấm của đơn vị"); the longest name wins.
HEADERS = Headers({
    "code": ("ma", "ma so", "ma tieu chi", "ky hieu", "code"),
    "number": ("stt", "tt", "so tt", "so thu tu", "no"),
    "title": ("tieu chi", "ten tieu chi", "noi dung", "noi dung tieu chi", "noi dung cham diem", "criterion",
              "criteria", "item"),
    "max": ("diem toi da", "toi da", "diem chuan", "thang diem", "maximum", "max", "max points", "maximum points"),
    "self": ("tu cham", "diem tu cham", "don vi tu cham", "diem don vi tu cham", "self score", "self"),
    "verified": ("tham dinh", "diem tham dinh", "khoi tham dinh", "diem khoi tham dinh", "truong khoi tham dinh",
                 "diem truong khoi tham dinh", "ket qua tham dinh", "verified", "verified score"),
    "evidence": ("minh chung", "tai lieu minh chung", "ghi chu", "evidence", "note", "notes"),
    "unit": ("don vi", "ten don vi", "co quan", "ten co quan", "unit", "units"),
})
#: Row labels of a units × criteria table (and titles in a per-unit sheet) that are not data: maximum, totals.
_NOT_DATA = {
    "diem toi da", "toi da", "diem chuan", "thang diem", "tong", "tong cong", "cong", "tong so", "tong diem",
    "trung binh", "maximum", "maximum points", "max", "max points", "total", "totals", "total score", "average",
}
_LOOKS_LIKE_CODE = re.compile(r"(?:[A-Za-zĐđ]{1,3}\.?\s?)?\d{1,2}(?:\.\d{1,2}){0,3}\.?|[IVXivx]{1,5}\.?")
_UNIT_LINE = re.compile(r"^\s*(?:đơn vị|don vi|unit)\s*[:：]\s*(.+)$", re.IGNORECASE)
_COLUMN_NUMBER = re.compile(r"\(?\d{1,2}\)?|[A-Z]")


class _Lookup:
    """Units and items as a workbook names them."""

    def __init__(self, conference: Conference) -> None:
        self.units = UnitIndex(conference.units())  # the roster import's matcher: dashes, case, a missing "tỉnh"
        self.items = criteria(conference)
        self.by_code = {code_key(c.code): c for c in self.items}
        self.by_title = {fold(c.title): c for c in self.items}
        self.headings = {fold(c.group) for c in self.items if c.group}
        self.group_codes = {code_key(re.split(r"[\s.:)\-–]+", c.group.strip() + " ")[0]) for c in self.items
                            if c.group} - {""}
        self.kind_labels = {header_key(text) for kind in ItemKind for text in (kind.label, _(kind.label))}

    def unit(self, name: str) -> Unit | None:
        """The unit ``name`` means for sure (its name or short name however written, or without "tỉnh")."""
        unit, how = self.units.match(name)
        return unit if how in (UnitMatch.SAME, UnitMatch.SUFFIX) else None

    def suggestion(self, name: str) -> Unit | None:
        """The unit a name that matches none only looks like, if any."""
        unit, how = self.units.match(name)
        return unit if how is UnitMatch.SUGGESTED else None

    def by_header(self, text: str) -> Criterion | None:
        """The item a header cell of a units × criteria table names: its code, or its code then more words."""
        if not text:
            return None
        found = self.by_code.get(code_key(text))
        if found is None:
            first = re.split(r"[\s(:\-–]+", text.strip())[0]
            found = self.by_code.get(code_key(first))
        return found

    def is_heading(self, code: str, title: str) -> bool:
        """A group heading, a bonus/penalty heading or a total row of a per-unit sheet (not an item)."""
        key = header_key(title)
        first = re.split(r"[\s.:)\-–]+", title.strip() + " ")[0]
        return bool(
            (code and code_key(code) in self.group_codes)
            or (not code and (fold(title) in self.headings or code_key(first) in self.group_codes))
            or key in _NOT_DATA or key in self.kind_labels
            or key.startswith(("tong ", "total ", "cong "))
        )


class _Collector:
    """Values gathered from every sheet, with the cell each came from; a second, different value is an issue."""

    def __init__(self) -> None:
        self.values: dict[tuple[int, int], list[Any]] = {}  # key → [self, verified, evidence]
        self.where: dict[tuple[int, int], list[str | None]] = {}
        self.issues: list[ScoreIssue] = []

    def issue(self, where: str, reason: str) -> None:
        self.issues.append(ScoreIssue(where, reason))

    def put(self, unit_id: int, criterion_id: int, index: int, value: Any, where: str) -> None:
        key = (unit_id, criterion_id)
        values = self.values.setdefault(key, [None, None, ""])
        seen = self.where.setdefault(key, [None, None, None])
        if seen[index] is not None:
            if values[index] != value:
                self.issue(where, _("This value differs from the one in {other} for the same unit and criterion.",
                                    other=seen[index]))
            return
        values[index] = value
        seen[index] = where


def _points_cell(sheet: Sheet, row: int, col: int, item: Criterion, field_name: str,
                 out: _Collector) -> Decimal | None:
    """The points in a cell, or None (blank, or an issue recorded)."""
    value = sheet.cells.get((row, col))
    if value is None:
        return None
    try:
        points = points_value(value, field_name)
        check_points(points, item, field_name)
    except ValidationError as exc:
        out.issue(sheet.where(row, col), str(exc))
        return None
    return points


def _is_numbering(sheet: Sheet, row: int) -> bool:
    """A row that numbers the columns under a header: (1) (2) (3)… or 1 2 3…, or A B C…."""
    cells = [v for _c, v in sheet.row_cells(row)]
    if len(cells) < 3:
        return False
    texts = [cell_text(v) for v in cells]
    if not all(_COLUMN_NUMBER.fullmatch(t) for t in texts):
        return False
    numbers = [int(t.strip("()")) for t in texts if t.strip("()").isdigit()]
    return numbers == sorted(numbers) and len(set(numbers)) == len(numbers)


def _data_rows(sheet: Sheet, header_row: int) -> list[int]:
    last = sheet.merged_down.get(header_row, header_row)
    rows = [r for r in sheet.rows if r > last]
    if rows and _is_numbering(sheet, rows[0]):
        rows = rows[1:]
    return rows


def _unit_header(sheet: Sheet) -> tuple[int, dict[str, int]] | None:
    """The header row of a per-unit sheet (layout b) and the columns it names."""
    for row in sheet.rows[:HEADER_SEARCH_ROWS]:
        columns: dict[str, int] = {}
        for col, value in sheet.row_cells(row, merged=True):
            name = HEADERS.field(cell_text(value))
            if name is not None and name not in columns:
                columns[name] = col
        if ({"code", "number", "title"} & set(columns)) and ({"self", "verified"} & set(columns)):
            return row, columns
    return None


def _read_unit_sheet(sheet: Sheet, header_row: int, columns: dict[str, int], lookup: _Lookup,
                     out: _Collector) -> None:
    """Layout (b): one sheet per unit, one row per item by code."""
    fields = [(i, columns.get(name)) for i, name in enumerate(("self", "verified", "evidence"))]
    rows = _data_rows(sheet, header_row)
    if not any((r, col) in sheet.cells for r in rows for _i, col in fields if col is not None):
        return  # an empty form: nothing to say about it
    unit = lookup.unit(sheet.title)
    if unit is None:
        for row in sheet.rows:
            if row >= header_row:
                break
            for _col, value in sheet.row_cells(row):
                m = _UNIT_LINE.match(cell_text(value))
                if m and (unit := lookup.unit(m.group(1))) is not None:
                    break
            if unit is not None:
                break
    if unit is None:
        out.issue(sheet.where(1, 1), _("The sheet “{sheet}” does not name a member unit: name the sheet after the "
                                       "unit (its name or short name) or write “Đơn vị: …” above the table.",
                                       sheet=sheet.title))
        return
    if not unit.is_member:
        out.issue(sheet.where(1, 1), _("{unit} is a guest body; only member units are scored.", unit=unit.name))
        return
    code_col = columns.get("code", columns.get("number"))
    title_col = columns.get("title")
    seen: dict[int, int] = {}
    for row in rows:
        code = cell_text(sheet.cells.get((row, code_col))) if code_col is not None else ""
        title = cell_text(sheet.cells.get((row, title_col))) if title_col is not None else ""
        item = lookup.by_code.get(code_key(code)) if code else None
        if item is None and title:
            item = lookup.by_title.get(fold(title))
        has_values = any((row, col) in sheet.cells for _i, col in fields if col is not None)
        if item is None:
            if not has_values or lookup.is_heading(code, title):
                continue
            if code:
                reason = _("Unknown criterion code “{code}”.", code=code)
            else:
                reason = _("“{title}” is not a criterion of the scoring table; write its code in the code column.",
                           title=shown_text(title))
            out.issue(sheet.where(row, code_col or title_col or 1), reason)
            continue
        if item.id in seen:
            if has_values:
                out.issue(sheet.where(row, code_col or title_col or 1),
                          _("Criterion {code} is listed twice in this sheet; the first is in row {row}.",
                            code=item.code, row=seen[item.id or 0]))
            continue
        seen[item.id or 0] = row
        for index, col in fields:
            if col is None or (row, col) not in sheet.cells:
                continue
            if index == 2:
                try:
                    value: Any = clean_evidence(cell_text(sheet.cells[row, col], multiline=True))
                except ValidationError as exc:
                    out.issue(sheet.where(row, col), str(exc))
                    continue
            else:
                value = _points_cell(sheet, row, col, item, ("self_score", "verified")[index], out)
                if value is None:
                    continue
            out.put(unit.id or 0, item.id or 0, index, value, sheet.where(row, col))


def _table_header(sheet: Sheet, lookup: _Lookup) -> tuple[int, dict[int, Criterion], dict[int, str]] | None:
    """The header row of a units × criteria sheet (layout a): the row naming the most item codes."""
    best: tuple[int, dict[int, Criterion], dict[int, str]] | None = None
    best_distinct = 0
    for row in sheet.rows[:HEADER_SEARCH_ROWS]:
        known: dict[int, Criterion] = {}
        unknown: dict[int, str] = {}
        for col, value in sheet.row_cells(row):
            text = cell_text(value)
            item = lookup.by_header(text)
            if item is not None:
                known[col] = item  # an item may have two columns: self and verified scores side by side
            elif _LOOKS_LIKE_CODE.fullmatch(text.strip()):
                unknown[col] = text
        distinct = len({c.id for c in known.values()})
        if distinct >= min(2, len(lookup.items)) and (best is None or distinct > best_distinct):
            best, best_distinct = (row, known, unknown), distinct
    return best


def _speaks_of(text: str) -> tuple[bool, bool]:
    """Whether ``text`` speaks of self scores ("tự chấm") and of verified ones ("thẩm định")."""
    key = f" {header_key(text)} "
    return " tu cham " in key or " self " in key, " tham dinh " in key or " verified " in key


def _column_kind(sheet: Sheet, header_row: int, col: int) -> int | None:
    """0 (self) or 1 (verified) when the nearest heading over the column says which ("Điểm tự chấm" merged over
    its codes); None when no heading says, or one says both."""
    for row in reversed([r for r in sheet.rows if r < header_row]):
        value = sheet.value(row, col, merged=True)
        if value is None:
            continue
        own, verified = _speaks_of(cell_text(value))
        if own or verified:
            return None if own and verified else (0 if own else 1)
    return None


def _read_table_sheet(sheet: Sheet, header_row: int, known: dict[int, Criterion], unknown: dict[int, str],
                      lookup: _Lookup, out: _Collector) -> bool:
    """Layout (a): one row per unit, one column per item (two when self and verified scores stand side by side,
    under headings "Tự chấm" and "Thẩm định"); verified scores unless the sheet's name or title says "tự chấm"."""
    first_code = min(known)
    rows = _data_rows(sheet, header_row)
    unit_col = next((col for col, value in sheet.row_cells(header_row, merged=True)
                     if col < first_code and HEADERS.field(cell_text(value)) == "unit"), None)
    if unit_col is None:
        texts: dict[int, int] = {}
        for row in rows:
            for col, value in sheet.row_cells(row):
                if col < first_code and isinstance(value, str) and _points_or_none(value) is None:
                    texts[col] = texts.get(col, 0) + 1
        if not texts:
            return False
        unit_col = max(texts, key=lambda c: (texts[c], -c))
    above = " ".join(cell_text(v) for (r, _c), v in sheet.cells.items()
                     if r <= sheet.merged_down.get(header_row, header_row))
    own, verified = _speaks_of(f"{sheet.title} {above}")
    default = 0 if own and not verified else 1
    kinds = {col: k if (k := _column_kind(sheet, header_row, col)) is not None else default for col in known}
    flagged: set[int] = set()
    for row in rows:
        columns = [c for c in (*known, *unknown) if (row, c) in sheet.cells]
        if not columns:
            continue
        label = cell_text(sheet.cells.get((row, unit_col)))
        if not label:
            label = next((t for c, v in sheet.row_cells(row) if c < first_code and isinstance(v, str)
                          and (t := cell_text(v))), "")
        if header_key(label) in _NOT_DATA:
            continue
        if not label:
            out.issue(sheet.where(row, unit_col), _("This row has scores but no unit name."))
            continue
        unit = lookup.unit(label)
        if unit is None:
            near = lookup.suggestion(label)
            out.issue(sheet.where(row, unit_col), _("“{name}” is not a member unit of the bloc.", name=shown_text(label))
                      if near is None else _("“{name}” is not a unit of the conference; is it {unit}? Write its name "
                                             "as the conference has it.", name=shown_text(label), unit=near.name))
            continue
        if not unit.is_member:
            out.issue(sheet.where(row, unit_col), _("{unit} is a guest body; only member units are scored.",
                                                    unit=unit.name))
            continue
        for col in columns:
            if col in unknown:
                if col not in flagged:
                    flagged.add(col)
                    out.issue(sheet.where(header_row, col), _("Unknown criterion code “{code}”.", code=unknown[col]))
                continue
            item, index = known[col], kinds[col]
            value = _points_cell(sheet, row, col, item, ("self_score", "verified")[index], out)
            if value is not None:
                out.put(unit.id or 0, item.id or 0, index, value, sheet.where(row, col))
    return True


def _points_or_none(text: str) -> Decimal | None:
    """The points in ``text``, or None when it is blank or not points (never raises)."""
    try:
        return parse_points(text, "")
    except ValidationError:
        return None


def read_score_workbook(conference: Conference, path: Path) -> ScorePreview:
    """Read scores from an Excel workbook without storing anything; each sheet in either layout, found by itself:

    (a) units × criteria: a header row with the items' codes, a column of unit names (named "Đơn vị", else the
        column of names left of the codes); cells hold verified scores, or self scores when the sheet's name or
        title says "tự chấm". Rows "Điểm tối đa", "Tổng cộng" are skipped.
    (b) one sheet per unit (the sheet named after the unit's name or short name, or a line "Đơn vị: …" above the
        table): a header with a code column ("Mã", "STT", "TT"; or the items' titles in "Tiêu chí") and
        "Tự chấm", "Thẩm định", "Minh chứng"/"Ghi chú" columns; group headings and total rows are skipped.

    Title rows above the header and merged cells are fine. Every problem cell is an issue "Sheet!C5" with its
    reason; a file that is not a workbook raises :class:`TdktError` naming it.
    """
    path = Path(path)
    book = read_sheets(path, csv_allowed=False)
    sheets = book.sheets
    lookup = _Lookup(conference)
    if not lookup.items:
        raise TdktError("The scoring table has no criteria yet; add them before importing scores.")
    out = _Collector()
    read: list[str] = []
    for sheet in sheets:
        header = _unit_header(sheet)
        if header is not None:
            _read_unit_sheet(sheet, header[0], header[1], lookup, out)
            read.append(sheet.title)
            continue
        table = _table_header(sheet, lookup)
        if table is not None and _read_table_sheet(sheet, *table, lookup, out):
            read.append(sheet.title)
    if not read:
        examples = ", ".join(c.code for c in lookup.items[:4])
        raise TdktError("No scoring table was found in {path}: no sheet has a header row with the criteria codes "
                        "(such as {codes}), nor the columns “Mã” and “Tự chấm” or “Thẩm định”.", path=str(path),
                        codes=examples)
    stored = scores(conference)
    unit_order = {u.id: i for i, u in enumerate(conference.units())}
    item_order = {c.id: i for i, c in enumerate(lookup.items)}
    values: list[tuple[int, int, Decimal | None, Decimal | None, str]] = []
    given: dict[tuple[int, int], tuple[bool, bool, bool]] = {}
    for key in sorted(out.values, key=lambda k: (unit_order.get(k[0], 0), item_order.get(k[1], 0))):
        mask = tuple(w is not None for w in out.where[key])
        old = stored.get(key, Score(*key))
        new = out.values[key]
        values.append((key[0], key[1], new[0] if mask[0] else old.self_score, new[1] if mask[1] else old.verified,
                       new[2] if mask[2] else old.evidence))
        given[key] = mask  # type: ignore[assignment]
    return ScorePreview(source=path, values=values, issues=out.issues, sheets=read, given=given,
                        encoding=book.encoding, converted=book.converted)


# -- workbooks: writing --------------------------------------------------------------------------------------------

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(wanted: str, used: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub(" ", wanted).strip().strip("'")[:31].strip() or "Sheet"
    name, n = base, 1
    while name.casefold() in used:
        n += 1
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)].rstrip() + suffix
    used.add(name.casefold())
    return name


def _number(value: Decimal | None) -> Decimal | int | None:
    """A cell value: whole points as int (Excel shows "10", not "10.0")."""
    if value is None:
        return None
    value = canonical_points(value)
    return int(value) if value == value.to_integral_value() else value


def write_score_workbook(conference: Conference) -> Path:
    """Write ``exports/bang-diem-<time>.xlsx``: the sheet "Tổng hợp" (units × items, verified scores, totals, ranks)
    and one sheet per member unit (self, verified, evidence per item) that :func:`read_score_workbook` reads back."""
    info = conference.info()
    items = criteria(conference)
    values = scores(conference)
    standings = ranking(conference)
    book, look = new_workbook()

    def title_rows(sheet: Any, lines: list[str], width: int) -> None:
        for row, text in enumerate(lines, start=1):
            merged_line(sheet, row, text, width, look.title if row <= 2 else look.bold)

    used: set[str] = set()
    summary = book.active
    summary.title = _sheet_name(_("Summary"), used)
    heading = [info.bloc_name, _("Verified scores of the member units, {year}", year=info.year).upper()]
    width = 2 + len(items) + 2
    title_rows(summary, heading, width)
    header_row = len(heading) + 2
    header = [_("No."), _("Unit"), *(c.code for c in items), _("Total score"), _("Rank")]
    put_row(summary, header_row, header, look.bold, look.centre, look.shade)
    put(summary, header_row + 1, 2, _("Maximum points"), look.italic)
    for col, item in enumerate(items, start=3):
        put(summary, header_row + 1, col, _number(item.max_points), look.italic, look.centre)
    row = header_row + 1
    for number, standing in enumerate(standings, start=1):
        row += 1
        unit_id = standing.unit.id or 0
        cells: list[Any] = [number, standing.unit.name]
        cells += [_number(s.verified) if (s := values.get((unit_id, c.id or 0))) else None for c in items]
        cells += [_number(standing.verified_total) if standing.rank else None, standing.rank or None]
        for col, value in enumerate(cells, start=1):
            put(summary, row, col, value, look.plain, look.wrap if col == 2 else look.centre)
    penalties = [c.code for c in items if c.kind is ItemKind.PENALTY]
    if penalties:
        row += 2
        put(summary, row, 2, _("Penalty items ({codes}) are deducted from the total.", codes=", ".join(penalties)),
            look.italic)
    column_widths(summary, [6, 36] + [8] * (width - 2))
    summary.freeze_panes = summary.cell(row=header_row + 2, column=3)
    print_setup(summary, landscape=True, header_row=header_row)

    columns = [_("Code"), _("Criterion"), _("Maximum points"), _("Self score"), _("Verified"), _("Evidence")]
    for unit in conference.member_units():
        unit_id = unit.id or 0
        sheet = book.create_sheet(_sheet_name(unit.short_name or unit.name, used))
        title_rows(sheet, [info.bloc_name, _("Scoring table, {year}", year=info.year).upper(),
                           _("Unit: {unit}", unit=unit.name)], len(columns))
        header_row = 5
        put_row(sheet, header_row, columns, look.bold, look.centre, look.shade)
        row, section = header_row, ""
        for item in items:
            heading_text = item.group or ("" if item.kind is ItemKind.CRITERION else _(item.kind.label))
            if heading_text and heading_text != section:
                row += 1
                put(sheet, row, 2, heading_text, look.bold, look.wrap)
            section = heading_text
            row += 1
            score = values.get((unit_id, item.id or 0), Score(unit_id, item.id or 0))
            cells = [item.code, item.title, _number(item.max_points), _number(score.self_score),
                     _number(score.verified), score.evidence or None]
            for col, value in enumerate(cells, start=1):
                put(sheet, row, col, value, look.plain, look.wrap if col in (2, 6) else look.centre)
        own, verified = totals(conference, unit_id)
        row += 1
        for col, value in ((2, _("Total score")), (4, _number(own)), (5, _number(verified))):
            put(sheet, row, col, value, look.bold, look.wrap if col == 2 else look.centre)
        column_widths(sheet, [8, 60, 10, 10, 10, 36])
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
        print_setup(sheet, landscape=False, header_row=header_row)
    return save_workbook(conference, book, EXPORT_STEM, _("Scoring table, {year}", year=info.year))
