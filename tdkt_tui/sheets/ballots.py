"""A stack of ballots typed beforehand in a file (``tdkt ballot --csv``): one ballot per row, its numbers in one
cell or across cells — a CSV or text file with "," ";" or Tab between cells as Excel writes them, or an .xlsx.
Read through the one spreadsheet reader (:mod:`tdkt_tui.sheets.reader`: encodings, size limits, one sentence for a
file it cannot read)."""

from __future__ import annotations

from pathlib import Path

from tdkt_tui.sheets.reader import cell_text, read_sheets


def read_ballot_lines(path: Path) -> list[str]:
    """The ballots of ``path`` as typed lines ("1 3 4"), first row first; an empty row between two ballots is a
    ballot with nothing kept (trailing empty rows are not ballots)."""
    sheet = read_sheets(path).sheets[0]
    if not sheet.rows:
        return []
    first = min(1, sheet.rows[0])
    return [" ".join(text for _col, value in sheet.row_cells(row) if (text := cell_text(value)))
            for row in range(first, sheet.rows[-1] + 1)]
