"""Writing spreadsheets: CSV the way Excel on a Vietnamese Windows opens it, XLSX printed on A4."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.exports import export_file

FONT = "Times New Roman"


def write_csv(conference: Conference, stem: str, header: list[str], rows: list[list[Any]]) -> Path:
    """A CSV the way Excel on a Vietnamese Windows opens it right: UTF-8 with BOM, commas, CRLF."""
    with export_file(conference, stem, ".csv") as (path, handle):
        text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
        writer = csv.writer(text)
        writer.writerow(header)
        writer.writerows(rows)
        text.flush()
        text.detach()
    return path


def print_setup(sheet: Any, *, landscape: bool, header_row: int) -> None:
    """Print on A4, fitted to the page width, with the header row repeated on every page."""
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
