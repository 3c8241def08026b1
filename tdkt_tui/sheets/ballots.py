"""A stack of ballots typed beforehand in a file (``tdkt ballot --csv``): one ballot per line, its numbers in one
cell or across cells, the cells separated by "," ";" or Tab as Excel writes them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tdkt_tui.domain.errors import ValidationError
from tdkt_tui.domain.text import nfc


def read_ballot_lines(path: Path) -> list[str]:
    """The ballots of ``path`` as typed lines ("1 3 4"); a blank line is a ballot with nothing kept."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ValidationError("Cannot read {path}: {reason}.", path=str(path), reason=exc.strerror or str(exc)) from exc
    except UnicodeDecodeError as exc:
        raise ValidationError("{path} is not a UTF-8 text file.", path=str(path)) from exc
    lines = text.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()  # the file's last line end, or blank lines after the last ballot
    sample = "\n".join(lines[:50])
    delimiter = max(",;\t", key=sample.count) if any(c in sample for c in ",;\t") else ","
    rows = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    return [nfc(" ".join(cell.strip() for cell in row if cell.strip())) for row in rows]
