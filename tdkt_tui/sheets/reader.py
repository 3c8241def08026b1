"""The one spreadsheet reader: rosters and score workbooks come in through here.

What a file is depends on its first bytes, not its name: a workbook saved as ``.csv`` is read as a workbook, a
CSV named ``.xlsx`` as a CSV, and a picture, a PDF or a Word document under any name gets one sentence saying
what it really is. Before openpyxl expands anything, a workbook is measured from its zip directory and a
streaming pass over its XML — parts' sizes, cells, rows, columns, merged ranges, the length of each text — so a
hostile file (a 5 KB workbook merging C2:XFD1048576, a zip bomb, a CSV cell longer than the csv module takes) is
refused in bounded time and memory, with a sentence. The limits are far above any roster or score table.

CSV: UTF-16 with BOM, UTF-8 with or without BOM, else the legacy code pages (Windows-1258, or the bytes of TCVN3
or VNI, told apart by how Vietnamese the text reads); separated by commas, semicolons or tabs. Workbook cells in
a ``.VnTime`` or ``VNI-Times`` font are converted from those encodings (:mod:`tdkt_tui.sheets.legacy`).

Every sheet comes out as a :class:`Sheet` of values; :func:`cell_text` makes one cell clean NFC text (numbers,
dates and times handled once, here); :class:`Headers` matches header cells to fields by folded Vietnamese or
English names.
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
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.parsers import expat

from tdkt_tui.domain.errors import TdktError
from tdkt_tui.domain.i18n import N_, _, integer
from tdkt_tui.domain.text import SourceEncoding, clean, fold, format_date
from tdkt_tui.sheets import legacy

#: Largest file read, in MB: a workbook (zip) and a CSV (text, decoded whole).
MAX_WORKBOOK_MB = 50
MAX_CSV_MB = 20
#: Largest unpacked workbook, and largest single part of it (a sheet, the shared strings), in MB.
MAX_UNPACKED_MB = 120
MAX_PART_MB = 80
MAX_PARTS = 2000
#: Filled cells in all sheets together; rows (row elements of a workbook, lines of a CSV).
MAX_CELLS = 300_000
MAX_ROWS = 100_000
#: Excel's own limits: columns of a sheet, rows of a sheet, characters in a cell.
MAX_COLUMNS = 16_384
MAX_ROW_NUMBER = 1_048_576
MAX_CELL_CHARS = 32_767
#: Cells covered by merged ranges, all sheets together: each becomes an object when openpyxl opens the file.
MAX_MERGED_CELLS = 100_000
#: The csv module's limit on one field (its default), named in the sentence when a cell is longer.
CSV_FIELD_LIMIT = csv.field_size_limit()
DELIMITERS = ",;\t"
SNIFF_CHARS = 20_000
HEADER_SEARCH_ROWS = 20


# -- sheets --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Merged:
    """A merged range whose top-left cell holds a value, 1-based and inclusive."""

    min_row: int
    min_col: int
    max_row: int
    max_col: int


class Sheet:
    """The cells of one worksheet (or a CSV) that hold anything, and what its merged ranges tell."""

    def __init__(self, title: str, cells: dict[tuple[int, int], Any], merged: list[Merged] | None = None) -> None:
        self.title = title
        #: (row, column), 1-based → value; only cells that hold something.
        self.cells = cells
        #: Row numbers that hold anything, in order.
        self.rows = sorted({r for r, _c in cells})
        self.last_col = max((c for _r, c in cells), default=0)
        #: row → last row of a cell of that row merged downwards (a two-row header, a unit over its people).
        self.merged_down: dict[int, int] = {}
        #: every covered cell of a row that holds anything (and each range's top row) → its range; columns end at
        #: the last column holding anything, so a range running to XFD costs no more than the data beside it.
        self._covering: dict[tuple[int, int], Merged] = {}
        for rng in merged or ():
            if (rng.min_row, rng.min_col) not in cells:
                continue
            lo = bisect.bisect_left(self.rows, rng.min_row)
            hi = bisect.bisect_right(self.rows, rng.max_row)
            for row in self.rows[lo:hi]:
                for col in range(rng.min_col, min(rng.max_col, self.last_col) + 1):
                    self._covering.setdefault((row, col), rng)
            if rng.max_row > rng.min_row:
                last = min(rng.max_row, self.rows[-1])
                self.merged_down[rng.min_row] = max(self.merged_down.get(rng.min_row, 0), last)
        self._by_row: dict[bool, dict[int, list[tuple[int, Any]]]] = {}

    def value(self, row: int, col: int, *, merged: bool = False) -> Any:
        """The cell's value; with ``merged``, a merged range's value in every cell it covers."""
        value = self.cells.get((row, col))
        if value is None and merged and (rng := self._covering.get((row, col))) is not None:
            value = self.cells.get((rng.min_row, rng.min_col))
        return value

    def merged_range(self, row: int, col: int) -> Merged | None:
        """The merged range covering a cell (of a row that holds anything), or None."""
        return self._covering.get((row, col))

    def row_cells(self, row: int, *, merged: bool = False) -> list[tuple[int, Any]]:
        """(column, value) of a row in column order; ``merged``: a merged range's value in every cell it covers."""
        index = self._by_row.get(merged)
        if index is None:
            index = {}
            for (r, c), v in self.cells.items():
                index.setdefault(r, []).append((c, v))
            if merged:
                for (r, c), rng in self._covering.items():
                    if (r, c) not in self.cells:
                        index.setdefault(r, []).append((c, self.cells[rng.min_row, rng.min_col]))
            for cells in index.values():
                cells.sort(key=lambda cv: cv[0])
            self._by_row[merged] = index
        return index.get(row, [])

    def where(self, row: int, col: int) -> str:
        """``Sheet!C5``: how Excel names the cell."""
        return f"{self.title}!{column_letter(col)}{row}"


def column_letter(col: int) -> str:
    """1 → A, 27 → AA, 16384 → XFD."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class SheetFile:
    """Everything read from one file: its sheets (the active one first) and how its text was written."""

    path: Path
    kind: str  # "xlsx" or "csv"
    sheets: list[Sheet]
    encoding: SourceEncoding = SourceEncoding.UNICODE
    #: For a legacy encoding: how many cells (workbook) or lines (CSV) were converted.
    converted: int = 0
    delimiter: str = ""


# -- cells and headers ---------------------------------------------------------------------------------------------


def cell_text(value: Any, *, multiline: bool = False) -> str:
    """A cell as clean NFC text: whole numbers without ".0", dates dd/mm/yyyy, times HH:MM (both for a date and
    time), True/False as written; control characters dropped, white space folded (line breaks kept if
    ``multiline``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        value = "TRUE" if value else "FALSE"
    elif isinstance(value, float):
        value = int(value) if value.is_integer() else repr(value)
    elif isinstance(value, dt.datetime):
        value = format_date(value.date()) if value.time() == dt.time() else value.strftime("%d/%m/%Y %H:%M")
    elif isinstance(value, dt.date):
        value = format_date(value)
    elif isinstance(value, dt.time):
        value = value.strftime("%H:%M")
    elif isinstance(value, dt.timedelta):  # a duration cell ("[h]:mm")
        minutes = int(value.total_seconds() // 60)
        value = f"{minutes // 60:02d}:{minutes % 60:02d}"
    return clean(value, multiline=multiline)


_WORD = re.compile(r"[a-z0-9]+")


def header_key(text: str) -> str:
    """``"Họ và tên (1)"`` → ``"ho va ten 1"``: folded, punctuation dropped."""
    return " ".join(_WORD.findall(fold(text)))


class Headers:
    """Header names of each field, as :func:`header_key` writes them. A header cell names a field when it is one of
    its names, or starts with one followed by more words ("Họ và tên đại biểu"); the longest name wins."""

    def __init__(self, names: dict[str, tuple[str, ...]]) -> None:
        self.names = names
        self._fields = {name: f for f, keys in names.items() for name in keys}

    def field(self, text: str) -> str | None:
        key = header_key(text)
        if not key:
            return None
        if key in self._fields:
            return self._fields[key]
        prefixes = [name for name in self._fields if key.startswith(name + " ")]
        return self._fields[max(prefixes, key=len)] if prefixes else None


# -- the file as a whole -------------------------------------------------------------------------------------------

_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"
#: Magic numbers of files people pick by mistake, with what to call them.
_OTHER_KINDS: list[tuple[bytes, str]] = [
    (b"%PDF", N_("a PDF document")),
    (b"\x89PNG", N_("a picture (PNG)")),
    (b"\xff\xd8\xff", N_("a picture (JPEG)")),
    (b"GIF8", N_("a picture (GIF)")),
    (b"{\\rtf", N_("a Word document (RTF)")),
    (b"Rar!", N_("a RAR archive")),
    (b"7z\xbc\xaf", N_("a 7-Zip archive")),
    (b"\x1f\x8b", N_("a compressed archive (gzip)")),
    (b"MZ", N_("a program")),
    (b"\x7fELF", N_("a program")),
]


def _not_a_spreadsheet(path: Path, what: str) -> TdktError:
    return TdktError("{path} is {really}, not a spreadsheet; choose the Excel workbook (.xlsx) or CSV file.",
                     path=str(path), really=_(what))


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, at most the size allowed for what its first bytes say it is."""
    try:
        if not path.exists():
            raise TdktError("{path} was not found.", path=str(path))
        if path.is_dir():
            raise TdktError("{path} is a folder; choose a file in it (.xlsx or .csv).", path=str(path))
        with path.open("rb") as handle:
            limit = MAX_WORKBOOK_MB if handle.read(4) == _ZIP else MAX_CSV_MB
            size = path.stat().st_size
            if size > limit * 1024 * 1024:
                raise TdktError("{path} is {size} MB; a roster or a score workbook is expected to be smaller than "
                              "{limit} MB.", path=str(path), size=size // (1024 * 1024), limit=limit)
            handle.seek(0)
            data = handle.read(limit * 1024 * 1024 + 1)  # a file that grows meanwhile is still bounded
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise TdktError("Cannot read the file {path}: {reason}.", path=str(path), reason=reason) from exc
    if not data.strip():
        raise TdktError("{path} is empty.", path=str(path))
    return data


def read_sheets(path: Path, *, csv_allowed: bool = True,
                csv_score: Callable[[Sheet], int] | None = None) -> SheetFile:
    """Read a roster or score file: a :class:`SheetFile`, or a :class:`TdktError` with one sentence.

    ``csv_score`` rates a CSV parsed with one separator (say, by the header fields it finds); the best-rated
    separator wins, csv.Sniffer's guess on a tie.
    """
    path = Path(path)
    data = _read_bytes(path)
    if data.startswith(_ZIP):
        return _read_workbook(path, data)
    if data.startswith(_OLE):
        raise TdktError("{path} is in the old Excel 97-2003 format (.xls) or is password-protected; open it in Excel "
                      "and save it as an Excel Workbook (.xlsx).", path=str(path))
    for magic, what in _OTHER_KINDS:
        if data.startswith(magic):
            raise _not_a_spreadsheet(path, what)
    text, encoding, converted = _decode(path, data)
    del data  # the text is all that is needed now: half the memory of a large CSV
    if not csv_allowed:
        raise TdktError("{path} is a text table (CSV); save the score table in Excel as an Excel Workbook "
                        "(.xlsx).", path=str(path))
    sheet, delimiter = _csv_sheet(path, text, csv_score)
    return SheetFile(path, "csv", [sheet], encoding, converted, delimiter)


#: Sentences of files refused for their size.
_TOO_MANY_CELLS = N_("{path} has more than {limit} filled cells, far more than a roster or a score table, so it was not "
                     "read; split it into smaller files.")
_TOO_MANY_ROWS = N_("{path} has more than {limit} rows, far more than a roster or a score table, so it was not read; "
                    "split it into smaller files.")


# -- CSV -----------------------------------------------------------------------------------------------------------


def _decode(path: Path, data: bytes) -> tuple[str, SourceEncoding, int]:
    """The text of a CSV file and how it was written; binary data is refused."""
    text: str | None = None
    encoding = SourceEncoding.UNICODE
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
            raise TdktError("{path} is not a text table (CSV): it holds binary data, such as a picture or a "
                          "document.", path=str(path))
    if text is None:  # a legacy code page: Windows-1258, or TCVN3 / VNI bytes saved from an old workbook
        latin = data.decode("latin-1")
        guessed = legacy.guess(latin)
        if guessed is not None:
            return _converted(latin, guessed)
        try:
            text = data.decode("cp1258")
        except UnicodeDecodeError:
            raise TdktError("The text of {path} is in an unknown encoding; save it from Excel as “CSV UTF-8”.",
                            path=str(path)) from None
        encoding = SourceEncoding.CP1258
    elif (guessed := legacy.guess(text)) is not None:  # "CSV UTF-8" saved from .VnTime cells
        return _converted(text, guessed)
    if not text.strip():
        raise TdktError("{path} is empty.", path=str(path))
    return text, encoding, 0


def _converted(text: str, encoding: SourceEncoding) -> tuple[str, SourceEncoding, int]:
    lines = text.splitlines()
    decoded = [legacy.decode(line, encoding) for line in lines]
    changed = sum(1 for a, b in zip(lines, decoded, strict=True) if a != b)
    return "\n".join(decoded), encoding, changed


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their endings, one at a time (io.StringIO would copy the whole text, four bytes a
    character)."""
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start : end + 1]
        start = end + 1


def _check_csv_shape(path: Path, text: str) -> None:
    """Rows and columns bounded before the csv module builds a list for any of them."""
    if text.count("\n") + 1 > MAX_ROWS:
        raise TdktError(_TOO_MANY_ROWS, path=str(path), limit=integer(MAX_ROWS))
    start, number, size = 0, 0, len(text)
    while start <= size:
        end = text.find("\n", start)
        end = size if end < 0 else end
        number += 1
        # a line shorter than the limit cannot hold that many separators: only long ones are counted
        if end - start >= MAX_COLUMNS and max(text.count(d, start, end) for d in DELIMITERS) >= MAX_COLUMNS:
            raise TdktError("Line {line} of {path} has more than {limit} columns, more than Excel allows, so the file "
                            "was not read.", path=str(path), line=number, limit=integer(MAX_COLUMNS))
        start = end + 1


def _delimiters(text: str) -> list[str]:
    """The separators to try: csv.Sniffer's guess first, then the others by how often they occur."""
    sample = text[:SNIFF_CHARS]
    if len(text) > SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    order: list[str] = []
    with contextlib.suppress(csv.Error):
        order.append(csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter)
    order += sorted((d for d in DELIMITERS if d not in order), key=lambda d: -sample.count(d))
    return order


def _parse_csv(path: Path, text: str, delimiter: str, limit: int | None = None) -> Sheet:
    """The records of the file, numbered as a spreadsheet numbers its rows (blank lines count, and are left out)."""
    # strict: a quotation mark left open must not swallow the rest of the file into one cell
    reader = csv.reader(_lines(text), delimiter=delimiter, doublequote=True, strict=True)
    cells: dict[tuple[int, int], str] = {}
    start = 1  # the line the current record starts on
    try:
        for number, record in enumerate(itertools.islice(reader, limit), start=1):
            for col, value in enumerate(record, start=1):
                if value:
                    cells[number, col] = value
            if len(cells) > MAX_CELLS:
                raise TdktError(_TOO_MANY_CELLS, path=str(path), limit=integer(MAX_CELLS))
            start = reader.line_num + 1
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise TdktError("Line {line} of {path} holds a cell longer than {limit} characters; no roster or score "
                          "table has cells that long, so the file was not read.", path=str(path), line=start,
                          limit=integer(CSV_FIELD_LIMIT)) from exc
        raise TdktError("{path} cannot be read as a CSV table at line {line}: a quotation mark there is not closed, "
                      "or more text follows it in the same cell.", path=str(path), line=start) from exc
    return Sheet(path.stem, cells)


def _csv_sheet(path: Path, text: str, score: Callable[[Sheet], int] | None) -> tuple[Sheet, str]:
    """The whole file parsed with the separator whose first rows ``score`` rates best."""
    _check_csv_shape(path, text)
    delimiters = _delimiters(text)
    best: tuple[int, str] = (-1, delimiters[0])
    if score is not None:
        for delimiter in delimiters:
            try:
                rating = score(_parse_csv(path, text, delimiter, 2 * HEADER_SEARCH_ROWS))
            except TdktError:
                continue  # quotes that only make sense with another separator
            if rating > best[0]:
                best = (rating, delimiter)
    return _parse_csv(path, text, best[1]), best[1]


# -- workbooks: measured before they are opened --------------------------------------------------------------------

_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d{1,7})$")


def _cell_ref(ref: str) -> tuple[int, int] | None:
    """``"XFD1048576"`` → (1048576, 16384); None for anything else."""
    m = _REF.match(ref.strip().upper())
    if not m:
        return None
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


class _PartMeter:
    """Streaming passes over the worksheets and the shared strings, stopping at the first limit passed; the counts
    run over every part of the workbook."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.cells = self.rows = self.merged_cells = 0
        self.text = 0  # characters of the text element being read
        self.in_text = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if local == "c" or local == "si":
            self.cells += 1
            if self.cells > MAX_CELLS:
                raise TdktError(_TOO_MANY_CELLS, path=str(self.path), limit=integer(MAX_CELLS))
            ref = _cell_ref(attrs.get("r", "A1")) if local == "c" else (1, 1)
            if ref is None or ref[0] > MAX_ROW_NUMBER or ref[1] > MAX_COLUMNS:
                raise TdktError("{path} names a cell “{ref}” beyond Excel's last row or column; it is damaged or was "
                                "not written by a spreadsheet program.", path=str(self.path),
                                ref=attrs.get("r", "")[:20])
        elif local == "row":
            self.rows += 1
            if self.rows > MAX_ROWS:
                raise TdktError(_TOO_MANY_ROWS, path=str(self.path), limit=integer(MAX_ROWS))
        elif local == "mergeCell":
            self.merge(attrs.get("ref", ""))
        elif local in ("v", "t"):
            self.in_text, self.text = True, 0

    def merge(self, ref: str) -> None:
        first, _sep, last = ref.partition(":")
        corners = _cell_ref(first), _cell_ref(last or first)
        if corners[0] is None or corners[1] is None:
            raise TdktError("{path} has a merged range “{range}” that is not a range of cells; it is damaged.",
                            path=str(self.path), range=ref[:40])
        (r1, c1), (r2, c2) = corners
        area = (abs(r2 - r1) + 1) * (abs(c2 - c1) + 1)
        self.merged_cells += area
        if self.merged_cells > MAX_MERGED_CELLS:
            raise TdktError("{path} merges the cells {range} ({count} cells), far more than any roster or score "
                            "table, so it was not opened; unmerge them in Excel and save it again.",
                            path=str(self.path), range=ref[:40], count=integer(area))

    def end(self, name: str) -> None:
        if self.in_text and name.rpartition(":")[2] in ("v", "t"):
            self.in_text = False

    def data(self, text: str) -> None:
        if self.in_text:
            self.text += len(text)
            if self.text > MAX_CELL_CHARS:
                raise TdktError("A cell of {path} holds more than {limit} characters, more than Excel allows, so the "
                                "file was not opened.", path=str(self.path), limit=integer(MAX_CELL_CHARS))

    def feed(self, stream: Any) -> None:
        """Measure one part (a worksheet, the shared strings)."""
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.data
        self.in_text = False
        while chunk := stream.read(1 << 16):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)


def _measure(path: Path, archive: zipfile.ZipFile) -> None:
    """Refuse a workbook whose parts, cells, rows, columns, merged ranges or texts pass the limits, before openpyxl
    expands anything. Sizes come from the zip directory; zipfile never unpacks more than a part declares."""
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise TdktError("{path} holds {count} parts, far more than a workbook has, so it was not opened.",
                        path=str(path), count=len(infos))
    total = sum(i.file_size for i in infos)
    biggest = max(infos, key=lambda i: i.file_size)
    if total > MAX_UNPACKED_MB * 1024 * 1024 or biggest.file_size > MAX_PART_MB * 1024 * 1024:
        raise TdktError("{path} unpacks to {size} MB, far more than a roster or a score workbook, so it was not "
                        "opened.", path=str(path), size=total // (1024 * 1024))
    meter = _PartMeter(path)
    for info in infos:
        name = info.filename.lower()
        if name.startswith("xl/worksheets/") and name.endswith(".xml") or name.endswith("sharedstrings.xml"):
            try:
                with archive.open(info) as stream:
                    meter.feed(stream)
            except (expat.ExpatError, zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:
                raise TdktError("{path} is not an Excel workbook (.xlsx) or it is damaged; open it in Excel and save "
                              "it again.", path=str(path)) from exc


def _zip_kind(archive: zipfile.ZipFile) -> str:
    names = set(archive.namelist())
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    if any(n.startswith("word/") for n in names):
        return N_("a Word document (.docx)")
    if any(n.startswith("ppt/") for n in names):
        return N_("a PowerPoint presentation (.pptx)")
    if "mimetype" in names:
        with contextlib.suppress(KeyError, OSError, zipfile.BadZipFile):
            if archive.read("mimetype")[:100].endswith(b"spreadsheet"):
                return "ods"
        return N_("a LibreOffice document")
    return N_("a zip archive")


def _read_workbook(path: Path, data: bytes) -> SheetFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise TdktError("{path} is not an Excel workbook (.xlsx) or it is damaged; open it in Excel and save it "
                      "again.", path=str(path)) from exc
    with archive:
        kind = _zip_kind(archive)
        if kind == "ods":
            raise TdktError("{path} is a LibreOffice spreadsheet (.ods); save it as an Excel Workbook (.xlsx) and "
                          "choose that.", path=str(path))
        if kind != "xlsx":
            raise _not_a_spreadsheet(path, kind)
        _measure(path, archive)
    import openpyxl  # the slow import is paid only by those who read workbooks

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # Not read_only: read-only worksheets expose neither merged ranges nor fonts.
            book = openpyxl.load_workbook(io.BytesIO(data), data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds (KeyError, XML errors, ValueError) for a bad file
        raise TdktError("{path} is not an Excel workbook (.xlsx) or it is damaged; open it in Excel and save it "
                      "again.", path=str(path)) from exc
    worksheets = [ws for ws in book.worksheets if hasattr(ws, "_cells")]  # chart sheets hold no cells
    if book.active in worksheets:
        worksheets.remove(book.active)
        worksheets.insert(0, book.active)
    found: Counter[SourceEncoding] = Counter()
    sheets = [_sheet(ws, found) for ws in worksheets]
    encoding = found.most_common(1)[0][0] if found else SourceEncoding.UNICODE  # a mixed file names the most used
    return SheetFile(path, "xlsx", sheets, encoding, sum(found.values()))


def _sheet(ws: Any, found: Counter[SourceEncoding]) -> Sheet:
    """One worksheet's filled cells (never the rectangle up to its last cell), legacy text converted by font."""
    cells: dict[tuple[int, int], Any] = {}
    for (row, col), cell in ws._cells.items():  # only the cells the file holds
        value = cell.value
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if isinstance(value, str):
            encoding, capitals = legacy.font_encoding(cell.font.name if cell.has_style else None)
            if encoding is not None and legacy.could_be_legacy(value):
                converted = legacy.decode(value, encoding, capitals=capitals)
                if converted != value:
                    found[encoding] += 1
                    value = converted
        cells[row, col] = value
    merged = [Merged(r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges]
    return Sheet(ws.title, cells, merged)
