"""The one spreadsheet writer: every XLSX and CSV export is written here.

CSV the way Excel on a Vietnamese Windows opens it right (UTF-8 with BOM, commas, CRLF); XLSX in Times New Roman,
printed on A4 fitted to the page width with the header row on every page, columns at set widths.

Nothing written can run in Excel: a text beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return —
a roster name such as ``=HYPERLINK("http://…"&B2,…)``, a desk name, a scanned string — is stored as text in XLSX
(never a formula, and quote-prefixed so that editing the cell keeps it text) and prefixed with ``'`` in CSV, as
OWASP recommends against CSV injection. Numbers stay numbers. :func:`save_workbook` checks every cell of every
sheet before saving, so an export cannot forget it.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.exports import export_file

FONT = "Times New Roman"
#: What Excel (and LibreOffice) read as the start of a formula when a cell begins with it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Light grey behind header rows and unit headings.
SHADE = "E7E6E6"


def is_formula_like(value: object) -> bool:
    """True for a text a spreadsheet would run as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_value(value: Any) -> Any:
    """A value as a CSV cell: a formula-like text gets a leading ``'``; numbers and other texts are unchanged."""
    return "'" + value if is_formula_like(value) else value


def write_csv(conference: Conference, stem: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> Path:
    """``exports/<stem>-<time>.csv``, the way Excel on a Vietnamese Windows opens it right: UTF-8 with BOM,
    commas, CRLF; formula-like texts neutralised."""
    with export_file(conference, stem, ".csv") as (path, handle):
        text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
        writer = csv.writer(text)
        writer.writerow([csv_value(v) for v in header])
        writer.writerows([csv_value(v) for v in row] for row in rows)
        text.flush()
        text.detach()
    return path


class Styles:
    """The fonts, fills and alignments every workbook uses (openpyxl is imported only when one is written)."""

    @cached_property
    def _styles(self) -> Any:
        from openpyxl import styles

        return styles

    @cached_property
    def plain(self) -> Any:
        return self._styles.Font(name=FONT)

    @cached_property
    def bold(self) -> Any:
        return self._styles.Font(name=FONT, bold=True)

    @cached_property
    def italic(self) -> Any:
        return self._styles.Font(name=FONT, italic=True)

    @cached_property
    def title(self) -> Any:
        return self._styles.Font(name=FONT, bold=True, size=13)

    @cached_property
    def shade(self) -> Any:
        return self._styles.PatternFill("solid", start_color=SHADE, end_color=SHADE)

    def fill(self, colour: str) -> Any:
        return self._styles.PatternFill("solid", start_color=colour, end_color=colour)

    @cached_property
    def wrap(self) -> Any:
        """Wrapped text from the top of the cell (names, notes)."""
        return self._styles.Alignment(wrap_text=True, vertical="top")

    @cached_property
    def top(self) -> Any:
        return self._styles.Alignment(vertical="top")

    @cached_property
    def middle(self) -> Any:
        """Wrapped text in the middle of the cell (header rows)."""
        return self._styles.Alignment(wrap_text=True, vertical="center")

    @cached_property
    def centre(self) -> Any:
        return self._styles.Alignment(horizontal="center", vertical="center", wrap_text=True)


def new_workbook() -> tuple[Any, Styles]:
    """An empty workbook (one sheet) and the styles to write it with."""
    from openpyxl import Workbook

    return Workbook(), Styles()


def put(sheet: Any, row: int, col: int, value: Any, font: Any = None, alignment: Any = None,
        fill: Any = None) -> Any:
    """Write one cell (text stays text, see :func:`save_workbook`) with its look; return the cell."""
    cell = sheet.cell(row=row, column=col, value=value)
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    if fill is not None:
        cell.fill = fill
    return cell


def put_row(sheet: Any, row: int, values: Sequence[Any], font: Any = None, alignment: Any = None,
            fill: Any = None) -> None:
    """Write ``values`` into ``row`` from column A, each cell with the same look."""
    for col, value in enumerate(values, start=1):
        put(sheet, row, col, value, font, alignment, fill)


def merged_line(sheet: Any, row: int, text: str, width: int, font: Any, *, chars_per_line: int = 0,
                alignment: Any = None) -> None:
    """A line of text over columns A…(width), merged; taller when ``chars_per_line`` says it wraps (Excel does not
    grow a merged row by itself)."""
    from openpyxl.utils import get_column_letter

    put(sheet, row, 1, text, font, alignment)
    if width > 1:
        sheet.merge_cells(f"A{row}:{get_column_letter(width)}{row}")
    lines = math.ceil(len(text) / chars_per_line) if chars_per_line else 1
    if lines > 1:
        sheet.row_dimensions[row].height = 15 * lines * (font.size or 11) / 11


def column_widths(sheet: Any, widths: Sequence[float], first: int = 1) -> None:
    """Set the widths (in characters) of consecutive columns from ``first``."""
    from openpyxl.utils import get_column_letter

    for col, width in enumerate(widths, start=first):
        sheet.column_dimensions[get_column_letter(col)].width = width


def print_setup(sheet: Any, *, landscape: bool, header_row: int) -> None:
    """Print on A4, fitted to the page width, with the header row repeated on every page."""
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def neutralise(book: Any) -> int:
    """Make every formula-like text of every sheet a plain, quote-prefixed text cell; return how many there were."""
    count = 0
    for sheet in book.worksheets:
        for line in sheet.iter_rows():
            for cell in line:
                if is_formula_like(cell.value):
                    cell.data_type = "s"
                    cell.quotePrefix = True
                    count += 1
    return count


def save_workbook(conference: Conference, book: Any, stem: str, title: str = "") -> Path:
    """``exports/<stem>-<time>.xlsx``: the workbook, every formula-like text neutralised first."""
    neutralise(book)
    if title:
        book.properties.title = title
    with export_file(conference, stem, ".xlsx") as (path, handle):
        book.save(handle)
    return path
