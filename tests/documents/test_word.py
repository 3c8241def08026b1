"""The Word toolkit: the date line, and one way to make a DOCX (no private helper imported across modules)."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from tdkt_tui.documents.word import date_line
from tests.helpers.word_files import SYMBOLS

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


@pytest.mark.parametrize("fraction, strict, expected", [
    ("1/2", True, "quá một nửa"), ("2/3", False, "từ 2/3 trở lên"), ("7/10", False, "từ 70% trở lên"),
    ("4/5", False, "từ 80% trở lên"), ("3/4", True, "quá 75%"), ("5/8", False, "từ 5/8 trở lên"),
    ("1/2", False, "từ một nửa trở lên"),
])
def test_thresholds_in_words(fraction: str, strict: bool, expected: str) -> None:
    from fractions import Fraction

    from tdkt_tui.documents.wording import share_words, threshold_words
    from tdkt_tui.domain import voting

    assert share_words(Fraction(fraction), strict) == expected
    assert threshold_words(voting.Threshold.custom(Fraction(fraction), strict)) == expected


@pytest.mark.parametrize("rule", ["more_than_half", "at_least_two_thirds", "at_least_70", "at_least_80"])
def test_named_rules_have_no_symbols(rule: str) -> None:
    from tdkt_tui.documents.wording import threshold_words
    from tdkt_tui.domain import voting

    words = threshold_words(voting.Threshold(voting.Rule(rule)))
    assert not SYMBOLS.search(words) and ("quá" in words or "trở lên" in words)


def test_number_lines_and_times() -> None:
    from tdkt_tui.documents.word import number_line
    from tdkt_tui.documents.wording import clock

    assert number_line("BB", "KTĐ", party=False) == "Số: …/BB-KTĐ"
    assert number_line("BB", "KTĐ", party=True) == "Số …-BB/KTĐ"
    assert number_line("TTr", "", party=False) == "Số: …/TTr-…"
    assert clock("08:05") == "8 giờ 05 phút" and clock("") == "…… giờ …… phút" and clock("8h") == "…… giờ …… phút"
