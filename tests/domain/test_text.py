"""Text every input passes through: NFC, search folding, Vietnamese dates; plus the exact quorum arithmetic."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tdkt_tui.domain.errors import ValidationError
from tdkt_tui.domain.model import Attendee, QuorumRule
from tdkt_tui.domain.text import (
    _CONTROL,
    clean,
    fold,
    fold_many,
    format_date,
    matches,
    parse_date,
    parse_time,
)

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ "
vietnamese_text = st.text(alphabet=VIETNAMESE + VIETNAMESE.upper(), max_size=40)


@given(st.text(max_size=200))
def test_clean_is_nfc_without_control_characters(text: str) -> None:
    for multiline in (False, True):
        cleaned = clean(text, multiline=multiline)
        assert unicodedata.is_normalized("NFC", cleaned)
        assert not _CONTROL.search(cleaned)
        assert cleaned == cleaned.strip()


@given(vietnamese_text)
def test_fold_ignores_form_case_and_marks(text: str) -> None:
    folded = fold(text)
    assert folded == fold(unicodedata.normalize("NFD", text)) == fold(text.upper())
    assert folded.isascii()
    assert fold(folded) == folded


@given(st.text(max_size=60))
def test_fold_never_fails_and_is_stable(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_the_ascii_shortcut_of_fold_agrees_with_the_full_path(text: str) -> None:
    full = " ".join(re.sub("[\u0300-\u036f]", "", unicodedata.normalize("NFD", text)).casefold().split())
    assert fold(text) == full


@settings(max_examples=300)
@given(st.lists(st.one_of(vietnamese_text, st.text(max_size=12)), max_size=8))
def test_folding_many_together_is_folding_each(texts: list[str]) -> None:
    """Any texts, line breaks, combining marks at a start, ß and ligatures included."""
    assert fold_many(texts) == [fold(text) for text in texts]


def test_fold_examples() -> None:
    assert fold("Đảng uỷ Khối các cơ quan") == "dang uy khoi cac co quan"
    assert fold("  BAN   Tuyên  GIÁO ") == "ban tuyen giao"
    assert matches("dang uy", "Đảng uỷ Khối doanh nghiệp tỉnh")
    assert matches(unicodedata.normalize("NFD", "Đảng uỷ"), "Đảng uỷ Khối")
    assert not matches("tuyen giao", "Ban Tổ chức Tỉnh uỷ")


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31)))
def test_dates_round_trip_in_vietnamese_form(date: dt.date) -> None:
    text = format_date(date)
    assert len(text) == 10 and text[2] == text[5] == "/"
    assert parse_date(text) == date
    assert parse_date(f"{date.day}-{date.month}-{date.year}") == date
    assert parse_date(date.isoformat()) == date


@settings(max_examples=300)
@given(st.text(max_size=30))
def test_parse_date_only_raises_value_error(text: str) -> None:
    """Any text gives a real date made of the numbers typed, or a ValueError; nothing else escapes."""
    try:
        parsed = parse_date(text)
    except ValueError:
        return
    assert isinstance(parsed, dt.date)
    assert sorted(int(n) for n in re.findall(r"\d+", text)) == sorted((parsed.day, parsed.month, parsed.year))
    assert parse_date(format_date(parsed)) == parsed


@pytest.mark.parametrize("text", ["31/02/2025", "00/01/2025", "12/13/2025", "1/1/25", "hôm nay", ""])
def test_impossible_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


def test_times() -> None:
    assert parse_time("8h30") == dt.time(8, 30)
    assert parse_time("14:05") == dt.time(14, 5)
    with pytest.raises(ValueError):
        parse_time("25:00")


@pytest.mark.parametrize(("members", "needed"), [(6, 4), (9, 6), (10, 7), (11, 8), (12, 8), (1, 1), (0, 0)])
def test_two_thirds_quorum_is_exact(members: int, needed: int) -> None:
    assert QuorumRule(2, 3).needed(members) == needed


@given(st.integers(1, 20), st.integers(1, 20), st.integers(0, 200))
def test_quorum_is_the_least_count_reaching_the_share(num: int, den: int, total: int) -> None:
    if num > den:
        num, den = den, num
    rule = QuorumRule(num, den)
    k = rule.needed(total)
    assert k * den >= num * total
    assert k == 0 or (k - 1) * den < num * total


def test_quorum_text_is_validated() -> None:
    assert QuorumRule.parse(" 3 / 4 ") == QuorumRule(3, 4)
    for bad in ("0/3", "4/3", "2/0", "two thirds", ""):
        with pytest.raises(ValidationError):
            QuorumRule.parse(bad)


def test_attendee_validation_normalises_and_names_the_field() -> None:
    person = Attendee(full_name=unicodedata.normalize("NFD", "  Lê   Thị Hồng\tNhung "), phone="0912.345.678").validated()
    assert person.full_name == "Lê Thị Hồng Nhung"
    with pytest.raises(ValidationError) as err:
        Attendee(full_name="A", email="not-an-email").validated()
    assert err.value.field == "email"
