"""Vietnamese typed before Unicode: TCVN3 (ABC, the ``.VnTime`` fonts) and VNI (the ``VNI-Times`` fonts).

Offices still receive rosters and score tables typed that way. Such a file holds no Vietnamese letters at all: it
holds bytes that only the old font draws as Vietnamese. Excel keeps them as the Latin-1 characters of those bytes
(``ViÖt Nam`` in TCVN3, ``Vieät Nam`` in VNI) with the font set on the cell; a CSV saved from it holds the bytes
themselves. This module turns such text into Unicode NFC, and tells which encoding a text most likely is.

The tables: TCVN3 is TCVN 5712:1993 "VN3", one byte a letter, lower case only (the ``…H`` fonts such as
``.VnTimeH`` draw the same bytes as capitals). VNI writes a base letter followed by a mark byte (``a`` + ``ù`` =
á). Both were checked letter by letter against two independent converters (Unikey's and glibc's TCVN5712-1 for
TCVN3; Unikey's and xvnkb's for VNI); ``tests/sheets/test_legacy.py`` round-trips every letter with every tone.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from tdkt_tui.domain.text import SourceEncoding

# -- TCVN3 ---------------------------------------------------------------------------------------------------------

#: The letters of bytes 0xA0–0xFF, sixteen a line; "·" marks a byte that is no Vietnamese letter in VN3.
_TCVN3_HIGH = (
    "·ĂÂÊÔƠƯĐăâêôơưđ·"  # A0
    "·····àảãáạ·ằẳẵắ·"  # B0
    "······ặầẩẫấậè·ẻẽ"  # C0
    "éẹềểễếệìỉ···ĩíịò"  # D0
    "·ỏõóọồổỗốộờởỡớợù"  # E0
    "·ủũúụừửữứựỳỷỹýỵ·"  # F0
)
TCVN3_DECODE: dict[int, str] = {0xA0 + i: ch for i, ch in enumerate(_TCVN3_HIGH) if ch != "·"}
_TCVN3_TABLE = str.maketrans(TCVN3_DECODE)
_TCVN3_ENCODE = {ch: chr(code) for code, ch in TCVN3_DECODE.items()}

# -- VNI -----------------------------------------------------------------------------------------------------------

_TONE_BYTES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}  # sắc huyền hỏi ngã nặng
#: After a, e or o: the circumflex, alone or with a tone, one byte.
_CIRCUMFLEX_BYTES = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
#: After a only: the breve, alone or with a tone, one byte.
_BREVE_BYTES = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
#: Letters VNI writes as one byte: đ, ơ and ư (also the base of a tone), and i and ỵ with their tones.
_VNI_SINGLE = {"ñ": "đ", "ô": "ơ", "ö": "ư", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}


def _vni_tables() -> tuple[dict[str, str], dict[str, str]]:
    """Every VNI spelling (one or two Latin-1 characters) → its Unicode letter, and each letter's usual spelling
    (capital base with capital mark byte, small with small)."""
    decode: dict[str, str] = {}
    encode: dict[str, str] = {}

    def add(spelling: str, letter: str) -> None:
        for written, shown in ((spelling, letter), (spelling.upper(), letter.upper())):
            decode[written] = shown
            encode.setdefault(shown, written)  # ỵ is î, not y + ï
        if len(spelling) == 2:  # Excel users mix the cases of the two bytes: Aù, aÙ
            decode[spelling[0].upper() + spelling[1]] = letter.upper()
            decode[spelling[0] + spelling[1].upper()] = letter

    for single, letter in _VNI_SINGLE.items():
        add(single, letter)
    for written, base in {"a": "a", "e": "e", "o": "o", "u": "u", "y": "y", "ô": "ơ", "ö": "ư"}.items():
        marks = [(b, "", tone) for b, tone in _TONE_BYTES.items()]
        if base in "aeo":
            marks += [(b, "\u0302", tone) for b, tone in _CIRCUMFLEX_BYTES.items()]
        if base == "a":
            marks += [(b, "\u0306", tone) for b, tone in _BREVE_BYTES.items()]
        for mark_byte, shape, tone in marks:
            add(written + mark_byte, unicodedata.normalize("NFC", base + shape + tone))
    return decode, encode


VNI_DECODE, _VNI_ENCODE = _vni_tables()
_VNI_PAIRS = re.compile("|".join(sorted((re.escape(k) for k in VNI_DECODE), key=len, reverse=True)))

# -- decoding ------------------------------------------------------------------------------------------------------

#: Bytes 0x80–0x9F hold no letter in TCVN3 or VNI; Excel on a Western Windows shows them as cp1252's “ ” – — …,
#: and a CSV read as Latin-1 holds them as control characters, which become those symbols.
_C1_TO_CP1252 = {chr(b): ch for b in range(0x80, 0xA0) if (ch := bytes([b]).decode("cp1252", errors="ignore"))}
_LEGACY_RANGE = re.compile("^[\x00-\xff" + "".join(_C1_TO_CP1252.values()) + "]*$")
_C1_TABLE = str.maketrans(_C1_TO_CP1252)


def could_be_legacy(text: str) -> bool:
    """True when ``text`` holds nothing but the Latin-1 characters legacy bytes become (no real Vietnamese)."""
    return bool(_LEGACY_RANGE.match(text))


def decode(text: str, encoding: SourceEncoding, *, capitals: bool = False) -> str:
    """``text`` (legacy bytes as Latin-1 or cp1252 characters) in Unicode NFC; ``capitals`` for an ``…H`` font."""
    if not could_be_legacy(text):
        return text  # already Unicode: someone retyped the cell
    text = text.translate(_C1_TABLE)
    if encoding is SourceEncoding.TCVN3:
        text = text.translate(_TCVN3_TABLE)
    elif encoding is SourceEncoding.VNI:
        text = _VNI_PAIRS.sub(lambda m: VNI_DECODE[m.group()], text)
    if capitals:
        text = text.upper()
    return unicodedata.normalize("NFC", text)


def encode(text: str, encoding: SourceEncoding) -> str:
    """Unicode → the legacy spelling as Latin-1 characters (TCVN3 writes capitals with tones in lower case)."""
    text = unicodedata.normalize("NFC", text)
    if encoding is SourceEncoding.TCVN3:
        return "".join(_TCVN3_ENCODE.get(ch) or _TCVN3_ENCODE.get(ch.lower(), ch) for ch in text)
    return "".join(_VNI_ENCODE.get(ch, ch) for ch in text)


def font_encoding(font: str | None) -> tuple[SourceEncoding | None, bool]:
    """The legacy encoding a cell's font implies, and whether the font draws capitals only (``.VnTimeH``)."""
    name = (font or "").strip()
    if name.startswith(".Vn"):
        return SourceEncoding.TCVN3, name.endswith("H")
    if name.upper().startswith("VNI-") or name.upper().startswith("VNI "):
        return SourceEncoding.VNI, False
    return None, False


# -- telling which encoding a text is in ---------------------------------------------------------------------------

_INITIAL = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx]"
_NUCLEI = (
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ôô ua uâ uê ui uô uơ uy ưa ưi ươ "
    "ưu yê iêu yêu oai oay oao oeo uây uôi ươi ươu uya uyê uyu"
).split()
_SYLLABLE = re.compile(
    f"^(?:{_INITIAL})?(?:{'|'.join(sorted(_NUCLEI, key=len, reverse=True))})(?:ch|ng|nh|[cmnpt])?$"
)
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_TOKEN = re.compile(r"[^\s\d,;:.!?()\[\]{}\"'/\\|<>=+*&%$#@_~^`“”‘’–—-]+")


@lru_cache(maxsize=4096)
def is_syllable(word: str) -> bool:
    """True for one written Vietnamese syllable (``nguyễn``, ``khoẻ``); any case; at most one tone."""
    parts = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for ch in parts if ch in _TONES)
    bare = unicodedata.normalize("NFC", "".join(ch for ch in parts if ch not in _TONES))
    return tones <= 1 and bool(_SYLLABLE.match(bare))


def vietnamese_score(text: str, limit: int = 4000) -> int:
    """Syllables read as Vietnamese minus words that are not, over the first ``limit`` words with a non-ASCII
    character: the higher, the likelier the text is decoded right."""
    score = counted = 0
    for match in _TOKEN.finditer(unicodedata.normalize("NFC", text)):
        word = match.group()
        if word.isascii():
            continue
        score += 1 if is_syllable(word) else -1
        counted += 1
        if counted >= limit:
            break
    return score


def guess(text: str) -> SourceEncoding | None:
    """TCVN3 or VNI when ``text`` (legacy bytes read as Latin-1) reads far better converted; else None."""
    if not could_be_legacy(text):
        return None
    sample = text[:200_000]
    plain = vietnamese_score(sample)
    best: tuple[int, SourceEncoding | None] = (max(plain, 0), None)
    for encoding in (SourceEncoding.TCVN3, SourceEncoding.VNI):
        score = vietnamese_score(decode(sample, encoding))
        if score > best[0]:
            best = (score, encoding)
    return best[1]
