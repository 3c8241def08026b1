"""Files built to hurt a spreadsheet reader, the way an attacker (or a broken tool) writes them, and a way to read
one in a child process under resource limits and learn how long it took and how much memory it needed."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl

from tdkt_tui.domain import i18n

ROOT = Path(__file__).resolve().parents[2]


def patched_workbook(path: Path, rows: list[list[object]], replace: dict[str, str], merge: str = "C2:D3") -> Path:
    """A workbook openpyxl writes (with ``merge`` merged), its sheet XML then edited by ``replace``: how a 5 KB
    file comes to merge C2:XFD1048576 without any program having to build the 17 billion cells."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.active.merge_cells(merge)
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                text = data.decode()
                for old, new in replace.items():
                    text = text.replace(old, new)
                data = text.encode()
            target.writestr(info, data)
    return path


def merged_bomb(path: Path) -> Path:
    """A 5 KB roster whose one merged range covers C2:XFD1048576 (17 billion cells)."""
    return patched_workbook(path, [["Họ và tên", "Đơn vị", "Ghi chú"], ["Lê Văn An", "Báo Bắc Ninh", "x"]],
                            {'ref="C2:D3"': 'ref="C2:XFD1048576"'}, merge="C2:D3")


def sheet_xml(body: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{body}</sheetData></worksheet>")


def replaced_sheet(path: Path, body: str) -> Path:
    """A real workbook whose sheet data is replaced by ``body`` (cells, rows…), compressed as Excel does."""
    book = openpyxl.Workbook()
    book.active.append(["Họ và tên"])
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = sheet_xml(body).encode() if info.filename == "xl/worksheets/sheet1.xml" else source.read(info)
            target.writestr(info.filename, data)
    return path


def many_cells(path: Path, count: int) -> Path:
    """``count`` numeric cells in ten columns: megabytes of XML in a zip of a few hundred KB."""
    rows = []
    for r in range(1, count // 10 + 2):
        cells = "".join(f'<c r="{col}{r}"><v>{r}</v></c>' for col in "ABCDEFGHIJ")
        rows.append(f'<row r="{r}">{cells}</row>')
    return replaced_sheet(path, "".join(rows))


def many_rows(path: Path, count: int) -> Path:
    """``count`` empty rows, each with a height: nothing to read, much for openpyxl to build."""
    return replaced_sheet(path, "".join(f'<row r="{r}" ht="20" customHeight="1"/>' for r in range(1, count + 1)))


def long_cell(path: Path, chars: int) -> Path:
    """One inline text cell of ``chars`` characters, more than Excel allows in a cell."""
    return replaced_sheet(path, f'<row r="1"><c r="A1" t="inlineStr"><is><t>{"x" * chars}</t></is></c></row>')


def far_cell(path: Path) -> Path:
    """A cell beyond Excel's last column."""
    return replaced_sheet(path, '<row r="1"><c r="ZZZ1"><v>1</v></c></row>')


_CHILD = """
import json, resource, sys, time
limit = int(sys.argv[3]) * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from tdkt_tui.domain import i18n
from tdkt_tui.domain.errors import TdktError
from tdkt_tui.sheets.reader import read_sheets
import openpyxl, openpyxl.styles  # imported before measuring: the reader imports it for workbooks
i18n.set_language(i18n.choose_language(None))


def status(field):
    # VmRSS / VmHWM of this process in MB; ru_maxrss would carry the parent's peak over the exec.
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith(field + ":")) / 1024


before = status("VmRSS")
with open("/proc/self/clear_refs", "w") as fh:
    fh.write("5")  # the peak starts again from here
start = time.perf_counter()
try:
    read_sheets(sys.argv[1], csv_allowed=sys.argv[2] == "csv")
    outcome = "read"
except TdktError as exc:
    outcome = str(exc)
except MemoryError:
    outcome = "MemoryError"
seconds = time.perf_counter() - start
peak = status("VmHWM")
print(json.dumps({"outcome": outcome, "seconds": seconds, "grown_mb": peak - before, "peak_mb": peak}))
"""


def measure_read(path: Path, *, address_space_mb: int = 1500, timeout: float = 120) -> dict[str, object]:
    """Read ``path`` with the one reader in a child limited to ``address_space_mb`` of memory: its outcome (the
    sentence, "read" or "MemoryError"), the seconds the read took, how much the peak resident memory grew while
    reading and that peak, in MB (Linux: /proc/self/status, the peak reset just before reading)."""
    env = {**os.environ, "TDKT_LANG": i18n.language()}  # the child speaks the test's language
    done = subprocess.run([sys.executable, "-c", _CHILD, str(path), "csv", str(address_space_mb)], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout, encoding="utf-8", env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])
