"""TCVN3 and VNI: every Vietnamese letter with every tone round-trips, known phrases convert as every converter
converts them, and a text tells which encoding it is in."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest

from tdkt_tui.domain.text import SourceEncoding
from tdkt_tui.sheets import legacy

TCVN3, VNI = SourceEncoding.TCVN3, SourceEncoding.VNI
VOWELS = "aăâeêioôơuưy"
TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]  # none, sắc, huyền, hỏi, ngã, nặng
LOWER = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES] + ["đ"]
LETTERS = LOWER + [letter.upper() for letter in LOWER]

#: VNI as published (VNI Windows table): base letters, then a mark byte; ơ ư đ and i, ỵ are one byte.
VNI_PUBLISHED = {
    "ấ": "aá", "ầ": "aà", "ẩ": "aå", "ẫ": "aã", "ậ": "aä", "ắ": "aé", "ằ": "aè", "ẳ": "aú", "ẵ": "aü", "ặ": "aë",
    "á": "aù", "à": "aø", "ả": "aû", "ã": "aõ", "ạ": "aï", "ê": "eâ", "ô": "oâ", "ă": "aê", "â": "aâ",
    "ơ": "ô", "ư": "ö", "đ": "ñ", "Đ": "Ñ", "í": "í", "ì": "ì", "ỉ": "æ", "ĩ": "ó", "ị": "ò", "ỵ": "î",
    "ớ": "ôù", "ự": "öï", "Ự": "ÖÏ", "Ấ": "AÁ", "ỳ": "yø",
}


def test_there_are_146_letters() -> None:
    assert len(set(LETTERS)) == 146 and all(len(letter) == 1 for letter in LETTERS)


@pytest.mark.parametrize("letter", LETTERS)
def test_every_letter_round_trips_through_vni(letter: str) -> None:
    spelled = legacy.encode(letter, VNI)
    assert 1 <= len(spelled) <= 2 and all(ord(ch) < 256 for ch in spelled)
    assert legacy.decode(spelled, VNI) == letter


@pytest.mark.parametrize("letter", LETTERS)
def test_every_letter_round_trips_through_tcvn3(letter: str) -> None:
    """TCVN3 has one byte a small letter; capitals with a tone are the same byte in a capitals font (.VnTimeH)."""
    spelled = legacy.encode(letter, TCVN3)
    assert len(spelled) == 1 and (spelled.isascii() or 0xA1 <= ord(spelled) <= 0xFE)
    capitals = letter.isupper() and letter not in "ĂÂÊÔƠƯĐ"
    assert legacy.decode(spelled, TCVN3, capitals=capitals) == letter


def test_the_vni_table_is_the_published_one() -> None:
    for letter, spelled in VNI_PUBLISHED.items():
        assert legacy.encode(letter, VNI) == spelled, letter
        assert legacy.decode(spelled, VNI) == letter


def test_tcvn3_bytes_are_distinct_and_agree_with_glibc() -> None:
    codes = {legacy.encode(letter, TCVN3) for letter in LOWER + list("ĂÂÊÔƠƯĐ")}
    assert len(codes) == 80  # distinct: 73 small letters (6 of them plain ASCII) and the 7 capitals TCVN3 has
    assert len({c for c in codes if not c.isascii()}) == len(legacy.TCVN3_DECODE) == 74
    if shutil.which("iconv") is None:
        pytest.skip("no iconv to compare with")
    for code, letter in legacy.TCVN3_DECODE.items():
        done = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=bytes([code]),
                              capture_output=True, check=False)
        if done.returncode == 0:
            assert done.stdout.decode() == letter, hex(code)


def test_phrases_as_old_documents_hold_them() -> None:
    assert legacy.decode("Céng hoµ x· héi chñ nghÜa ViÖt Nam", TCVN3) == "Cộng hoà xã hội chủ nghĩa Việt Nam"
    assert legacy.decode("§éc lËp - Tù do - H¹nh phóc", TCVN3) == "Độc lập - Tự do - Hạnh phúc"
    assert legacy.decode("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", VNI) == "Cộng hòa xã hội chủ nghĩa Việt Nam"
    assert legacy.decode("Ñoäc laäp - Töï do - Haïnh phuùc", VNI) == "Độc lập - Tự do - Hạnh phúc"
    assert legacy.decode("nguyÔn v¨n tr­êng", TCVN3, capitals=True) == "NGUYỄN VĂN TRƯỜNG"  # .VnTimeH


def test_cp1252_characters_excel_shows_go_back_to_their_bytes() -> None:
    # TCVN3 has no letters in 0x80-0x9F, but a cell can hold cp1252's “ ” – — for those bytes; they stay.
    assert legacy.decode("“Tr­êng”", TCVN3) == "“Trường”"


def test_unicode_text_is_left_alone() -> None:
    assert legacy.decode("Nguyễn Văn Trường", TCVN3) == "Nguyễn Văn Trường"
    assert legacy.decode("Nguyễn Văn Trường", VNI) == "Nguyễn Văn Trường"


@pytest.mark.parametrize("text", [
    "Đỗ Đức Hùng, Chánh Văn phòng Tỉnh uỷ; Ban Tuyên giáo Tỉnh uỷ; Hội đồng Thi đua - Khen thưởng tỉnh",
    "Nguyễn Thị Ngọc Ánh Phó Trưởng ban Dân vận; Lê Quang Cường Phó Trưởng phòng; Ngô Minh Thắng Trưởng ban",
])
def test_the_encoding_of_a_text_is_told(text: str) -> None:
    assert legacy.guess(legacy.encode(text, TCVN3)) is TCVN3
    assert legacy.guess(legacy.encode(text, VNI)) is VNI
    assert legacy.guess(text) is None
    assert legacy.guess("Nguyen Van An, Pham Thi Binh") is None
    assert legacy.guess("Café, crème brûlée, naïve façade") is None


def test_fonts_name_the_encoding() -> None:
    assert legacy.font_encoding(".VnTime") == (TCVN3, False)
    assert legacy.font_encoding(".VnTimeH") == (TCVN3, True)
    assert legacy.font_encoding(".VnArial NarrowH") == (TCVN3, True)
    assert legacy.font_encoding("VNI-Times") == (VNI, False)
    assert legacy.font_encoding("Times New Roman") == (None, False)
    assert legacy.font_encoding(None) == (None, False)


def test_syllables() -> None:
    assert all(legacy.is_syllable(w) for w in ["nguyễn", "Khoẻ", "thuyền", "giữa", "quốc", "ĐƯỜNG", "ngoằn"])
    assert not any(legacy.is_syllable(w) for w in ["nguyeãn", "v¨n", "nguyôn", "caáp", "hoàà"])
