"""Check-in codes: 16 digits that pass Unikey/EVKey untouched and cannot be forged without the conference's secret.

Two layouts, told apart by their first digits (printed in groups of four, ``1234 5678 9012 3456``)::

    people 1 to 99,999                    people 100,000 to 1,099,999
    TTT IIIII VV MMMMM C                  UU IIIIII VV MMMMM C
    │   │     │  │     └ Damm check digit: every single wrong digit and every swap of neighbours is caught
    │   │     │  └ HMAC-SHA256 of the digits before it under the conference secret, 5 digits: unforgeable
    │   │     └ issue number of this person's code, mod 100 (reissuing revokes the older ones; only a
    │   │       hundredth reissue would bring the first code back)
    │   └ the person's id (the second layout: the id less 100,000, six digits)
    └ tag of the conference (from its secret): three digits, or a second tag of two digits that never equals the
      first two digits of the first, so no code reads in both layouts; a code of another conference is
      recognised as that

The first layout is the one every code was printed in before conferences passed 99,999 people: those badges read
as before. What a forger is up against is the same in both: a code that is not the conference's own passes only
if its 5 HMAC digits are right, 1 chance in 100,000 for one made-up code (the check digit and the tags are no
secret), and every attempt is logged. A random 16-digit string is taken for someone with a chance of one in 10^16
for each person in the conference (each person has one current code): one in ten billion at 1,000,000 people.

Digits only, because Telex and VNI rewrite letters typed by a keyboard-wedge scanner but leave digits alone.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass
from enum import Enum

CODE_LENGTH = 16
#: The largest person id of the first layout, and of any code.
FIRST_LAYOUT_IDS = 99_999
MAX_ATTENDEE_ID = FIRST_LAYOUT_IDS + 1_000_000
VERSIONS = 100
#: The chance that a made-up code in the right layout, with the right tag and check digit, passes as genuine.
FORGERY_CHANCE = "1 in 100,000 per made-up code (5 HMAC digits)"

_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)

#: What a scanner or a hand may add around the digits: spaces, dashes, dots, the scanner's CR/LF/Tab.
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―_.·/]+")


def damm(digits: str) -> int:
    """The Damm check digit of ``digits`` (0 when ``digits`` already ends in its own check digit)."""
    interim = 0
    for ch in digits:
        interim = _DAMM[interim][ord(ch) - 48]
    return interim


@functools.lru_cache(maxsize=16)
def conference_tag(secret: bytes) -> int:
    """The three-digit tag of a conference, derived from its secret: the start of its codes of the first layout."""
    return int.from_bytes(hmac.new(secret, b"tdkt-tag", hashlib.sha256).digest()[:8], "big") % 1000


@functools.lru_cache(maxsize=16)
def second_tag(secret: bytes) -> int:
    """The two-digit tag that starts the codes of the second layout; never the first two digits of the first tag."""
    tag = int.from_bytes(hmac.new(secret, b"tdkt-tag-2", hashlib.sha256).digest()[:8], "big") % 100
    return (tag + 1) % 100 if tag == conference_tag(secret) // 10 else tag


def _mac(secret: bytes, body: str) -> str:
    value = int.from_bytes(hmac.new(secret, body.encode("ascii"), hashlib.sha256).digest()[:8], "big") % 100_000
    return f"{value:05d}"


def make_code(secret: bytes, attendee_id: int, version: int) -> str:
    """The 16-digit code of person ``attendee_id``, issue ``version``."""
    if not 0 < attendee_id <= MAX_ATTENDEE_ID:
        raise ValueError(attendee_id)
    if attendee_id <= FIRST_LAYOUT_IDS:
        body = f"{conference_tag(secret):03d}{attendee_id:05d}{version % VERSIONS:02d}"
    else:
        body = f"{second_tag(secret):02d}{attendee_id - FIRST_LAYOUT_IDS - 1:06d}{version % VERSIONS:02d}"
    body += _mac(secret, body)
    return body + str(damm(body))


def group(code: str) -> str:
    """``1234567890123456`` → ``1234 5678 9012 3456``, the way it is printed under the QR."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


class ScanKind(str, Enum):
    """What a scan is, before anyone is looked up."""

    EMPTY = "empty"
    NOT_A_CODE = "not_a_code"
    MISREAD = "misread"
    OTHER_CONFERENCE = "other_conference"
    FORGED = "forged"
    CODE = "code"


@dataclass(frozen=True)
class Scan:
    """A scan read: its kind and, for a genuine code of this conference, whose code and which issue."""

    kind: ScanKind
    digits: str = ""
    attendee_id: int | None = None
    version: int | None = None


def normalise(raw: str) -> str:
    """Full-width digits to ASCII (NFKC), separators and scanner endings removed."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", raw))


#: Longer input is no scan: judged without NFKC (which can grow text 18-fold), with only separators removed.
_LONGEST_SCAN = 1000


def _scan_text(raw: str) -> str:
    return normalise(raw) if len(raw) <= _LONGEST_SCAN else _SEPARATORS.sub("", raw)


def looks_like_code(raw: str) -> bool:
    """True when the input is digits (with separators): a scan, not a name typed for the search."""
    text = _scan_text(raw)
    return bool(text) and text.isascii() and text.isdigit()


def read_scan(raw: str, secret: bytes, *, second_layout: bool = True) -> Scan:
    """Classify a scan. Never raises: any string (10,000 characters of garbage included) gets a kind.

    ``second_layout=False`` for a conference whose ids never passed 99,999: it has no code of the second layout, so
    one starting like them is another conference's (told as that, as before the second layout existed).
    """
    text = _scan_text(raw)
    if not text:
        return Scan(ScanKind.EMPTY)
    if not (text.isascii() and text.isdigit()):
        return Scan(ScanKind.NOT_A_CODE)
    if len(text) != CODE_LENGTH or damm(text) != 0:
        return Scan(ScanKind.MISREAD, text)
    if int(text[:3]) == conference_tag(secret):
        attendee_id = int(text[3:8])
    elif second_layout and int(text[:2]) == second_tag(secret):
        attendee_id = int(text[2:8]) + FIRST_LAYOUT_IDS + 1
    else:
        return Scan(ScanKind.OTHER_CONFERENCE, text)
    if not hmac.compare_digest(_mac(secret, text[:10]), text[10:15]):
        return Scan(ScanKind.FORGED, text)
    return Scan(ScanKind.CODE, text, attendee_id, int(text[8:10]))
