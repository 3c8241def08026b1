"""The Word toolkit: the date line, and one way to make a DOCX (no private helper imported across modules)."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from tdkt_tui.documents.word import date_line

DOCUMENTS = Path(__file__).resolve().parents[2] / "tdkt_tui" / "documents"


@pytest.mark.parametrize("day, month, expected", [(3, 12, "ngày 03 tháng 12"), (15, 2, "ngày 15 tháng 02"),
                                                  (9, 3, "ngày 09 tháng 3")])
def test_date_line(day: int, month: int, expected: str) -> None:
    assert date_line("Bắc Ninh", dt.date(2018, month, day)) == f"Bắc Ninh, {expected} năm 2018"


def test_date_line_gaps() -> None:
    assert date_line("", None) == "……………, ngày …… tháng …… năm ……"


def test_no_private_helper_crosses_modules() -> None:
    """Every document reaches Word through tdkt_tui.documents.word: no ``_name`` imported from a sibling, and no
    python-docx ``Document()`` made outside the toolkit."""
    for path in sorted(DOCUMENTS.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tdkt_tui"):
                private = [a.name for a in node.names if a.name.startswith("_") and a.name != "_"]
                assert not private, f"{path.name} imports {private} from {node.module}"
            if path.name != "word.py" and isinstance(node, ast.ImportFrom) and node.module == "docx":
                assert all(a.name != "Document" for a in node.names), f"{path.name} makes its own Document()"
