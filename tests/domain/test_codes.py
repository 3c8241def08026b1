"""The promises of check-in codes (``tdkt_tui.domain.codes``), checked without any conference folder.

* a code is 16 ASCII digits; it reads back as the person and issue it was made for, for every id up to 1,099,999;
* codes printed before the second layout existed (ids up to 99,999) read as they always did;
* every single wrong digit and every swap of neighbours is caught by the Damm digit (MISREAD), never taken for
  another person;
* a code of another conference is recognised as that (or, when the two three-digit tags collide, as not genuine);
  changing the HMAC part makes a code FORGED;
* what scanners and hands add is tolerated: spaces, dashes, full-width digits, CR/LF/Tab endings;
* any text at all (control characters, 20,000 characters) gets a kind and never an exception;
* ``looks_like_code`` (scan or name search?) agrees with ``read_scan``.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tdkt_tui.domain import codes
from tdkt_tui.domain.codes import (
    CODE_LENGTH,
    FIRST_LAYOUT_IDS,
    MAX_ATTENDEE_ID,
    Scan,
    ScanKind,
    conference_tag,
    damm,
    group,
    looks_like_code,
    make_code,
    normalise,
    read_scan,
    second_tag,
)
from tests.helpers.codes import other_secret

SECRET = bytes.fromhex("5e" * 32)
#: The kinds of an input made of digits (with separators): what ``looks_like_code`` must announce.
DIGIT_KINDS = {ScanKind.MISREAD, ScanKind.OTHER_CONFERENCE, ScanKind.FORGED, ScanKind.CODE}
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def with_mac(code: str, mac: str) -> str:
    """``code`` with its HMAC part replaced and its Damm digit recomputed: well-formed, but not genuine."""
    body = code[:10] + mac
    return body + str(damm(body))


# -- layout and round trip -----------------------------------------------------------------------------------------


def test_a_code_is_sixteen_ascii_digits_with_a_valid_damm_digit() -> None:
    code = make_code(SECRET, 1, 1)
    assert len(code) == CODE_LENGTH == 16
    assert code.isascii() and code.isdigit()
    assert damm(code) == 0
    assert int(code[:3]) == conference_tag(SECRET)
    assert group(code) == " ".join([code[0:4], code[4:8], code[8:12], code[12:16]])


def test_damm_of_known_values() -> None:
    # The textbook example: the check digit of 572 is 4, and 5724 checks to 0.
    assert damm("572") == 4
    assert damm("5724") == 0
    assert damm("") == 0


#: Codes made before the second layout existed (secret 5e…5e): the badges already printed must keep reading.
PRINTED = [
    ("6910000100398952", 1, 0),
    ("6910000101123759", 1, 1),
    ("6910004203426281", 42, 3),
    ("6919999999854699", 99_999, 99),
    ("6911234567970969", 12_345, 67),
]


@pytest.mark.parametrize(("code", "attendee_id", "version"), PRINTED)
def test_codes_printed_before_the_second_layout_read_as_before(code: str, attendee_id: int, version: int) -> None:
    assert read_scan(code, SECRET) == Scan(ScanKind.CODE, code, attendee_id, version)
    assert make_code(SECRET, attendee_id, version) == code


def test_a_million_people_and_more_have_codes() -> None:
    assert MAX_ATTENDEE_ID >= 1_000_000 + FIRST_LAYOUT_IDS
    for attendee_id in (FIRST_LAYOUT_IDS, FIRST_LAYOUT_IDS + 1, 1_000_000, MAX_ATTENDEE_ID):
        code = make_code(SECRET, attendee_id, 42)
        assert read_scan(code, SECRET) == Scan(ScanKind.CODE, code, attendee_id, 42)


@settings(max_examples=300, deadline=None)
@given(secret=st.binary(min_size=1, max_size=64))
def test_the_two_layouts_never_share_a_start(secret: bytes) -> None:
    """No 16 digits can read in both layouts: the second tag is never the first two digits of the first."""
    first, second = conference_tag(secret), second_tag(secret)
    assert 0 <= first < 1000 and 0 <= second < 100
    assert f"{first:03d}"[:2] != f"{second:02d}"
    assert make_code(secret, FIRST_LAYOUT_IDS, 0)[:3] == f"{first:03d}"
    assert make_code(secret, FIRST_LAYOUT_IDS + 1, 0)[:2] == f"{second:02d}"


@pytest.mark.parametrize("attendee_id", [0, -1, MAX_ATTENDEE_ID + 1])
def test_ids_outside_the_layouts_are_refused(attendee_id: int) -> None:
    with pytest.raises(ValueError):
        make_code(SECRET, attendee_id, 1)


@settings(max_examples=300, deadline=None)
@given(
    secret=st.binary(min_size=1, max_size=64),
    attendee_id=st.integers(1, MAX_ATTENDEE_ID),
    version=st.integers(0, 99),
)
@example(secret=SECRET, attendee_id=1, version=0)
@example(secret=SECRET, attendee_id=MAX_ATTENDEE_ID, version=99)
def test_round_trip(secret: bytes, attendee_id: int, version: int) -> None:
    code = make_code(secret, attendee_id, version)
    assert len(code) == CODE_LENGTH and code.isascii() and code.isdigit()
    expected = Scan(ScanKind.CODE, code, attendee_id, version)
    assert read_scan(code, secret) == expected
    assert read_scan(group(code), secret) == expected
    assert read_scan(group(code).replace(" ", "-") + "\r", secret) == expected
    assert looks_like_code(group(code))


def test_the_issue_number_is_kept_modulo_one_hundred() -> None:
    assert make_code(SECRET, 7, 101) == make_code(SECRET, 7, 1)
    assert read_scan(make_code(SECRET, 7, 101), SECRET).version == 1


def test_codes_of_different_people_and_issues_differ() -> None:
    made = {make_code(SECRET, i, v) for i in range(1, 60) for v in range(0, 5)}
    assert len(made) == 59 * 5


# -- Damm: a single mistyped digit or a swap is a misread, never another person ------------------------------------


def _random_codes(count: int) -> list[tuple[bytes, str]]:
    """Half in each layout."""
    rng = random.Random(20181203)
    result = []
    for n in range(count):
        secret = rng.randbytes(32)
        attendee_id = rng.randint(1, FIRST_LAYOUT_IDS) if n % 2 else rng.randint(FIRST_LAYOUT_IDS + 1, MAX_ATTENDEE_ID)
        result.append((secret, make_code(secret, attendee_id, rng.randint(0, 99))))
    return result


def test_every_single_substitution_and_adjacent_transposition_is_a_misread() -> None:
    checked = 0
    for secret, code in _random_codes(600):
        mutants = []
        for i in range(CODE_LENGTH):
            for digit in "0123456789":
                if digit != code[i]:
                    mutants.append(code[:i] + digit + code[i + 1 :])
        for i in range(CODE_LENGTH - 1):
            if code[i] != code[i + 1]:
                mutants.append(code[:i] + code[i + 1] + code[i] + code[i + 2 :])
        for mutant in mutants:
            scan = read_scan(mutant, secret)
            assert scan.kind is ScanKind.MISREAD, (code, mutant, scan)
            assert scan.attendee_id is None
            checked += 1
    assert checked >= 600 * 16 * 9


@pytest.mark.parametrize("attendee_id", [42, 654_321])
def test_a_dropped_or_an_extra_digit_is_a_misread(attendee_id: int) -> None:
    code = make_code(SECRET, attendee_id, 3)
    for i in range(CODE_LENGTH):
        assert read_scan(code[:i] + code[i + 1 :], SECRET).kind is ScanKind.MISREAD
        assert read_scan(code[:i] + "7" + code[i:], SECRET).kind is ScanKind.MISREAD


# -- other conferences, forgeries ----------------------------------------------------------------------------------


def test_a_code_of_another_conference_is_recognised_as_that() -> None:
    other = other_secret(SECRET, same_tag=False)
    assert conference_tag(other) != conference_tag(SECRET)
    assert second_tag(other) != second_tag(SECRET) and f"{conference_tag(other):03d}"[:2] != f"{second_tag(SECRET):02d}"
    for attendee_id in (1, 2, 38, 9999, 100_000, 765_432):
        code = make_code(other, attendee_id, 1)
        scan = read_scan(code, SECRET)
        assert scan.kind is ScanKind.OTHER_CONFERENCE
        assert scan.attendee_id is None and scan.version is None
        assert read_scan(code, other).kind is ScanKind.CODE


def test_many_other_conferences_with_distinct_tags() -> None:
    rng = random.Random(7)
    tried = 0
    while tried < 200:
        other = rng.randbytes(32)
        if conference_tag(other) == conference_tag(SECRET):
            continue  # the chance collision has its own test
        tried += 1
        for code in (make_code(other, rng.randint(1, 500), 1),
                     make_code(other, rng.randint(FIRST_LAYOUT_IDS + 1, MAX_ATTENDEE_ID), 1)):
            # a conference that never passed 99,999 people tells every other conference's code as that
            assert read_scan(code, SECRET, second_layout=False).kind is ScanKind.OTHER_CONFERENCE
            # one that did reads two starts as its own: another conference's code starting like its second
            # layout (1 time in 100) is then not genuine; any other, another conference's
            expected = ScanKind.FORGED if code[:2] == f"{second_tag(SECRET):02d}" else ScanKind.OTHER_CONFERENCE
            assert read_scan(code, SECRET).kind is expected


def test_a_code_of_another_conference_with_the_same_tag_is_forged() -> None:
    other = other_secret(SECRET, same_tag=True)
    assert other != SECRET and conference_tag(other) == conference_tag(SECRET)
    code = make_code(other, 5, 1)
    assert code[10:15] != make_code(SECRET, 5, 1)[10:15]  # the HMAC parts differ (they could by 1 in 100,000)
    assert read_scan(code, SECRET).kind is ScanKind.FORGED
    assert read_scan(code, other).kind is ScanKind.CODE


@pytest.mark.parametrize("attendee_id", [12, 512_345])
def test_a_changed_hmac_part_is_forged(attendee_id: int) -> None:
    code = make_code(SECRET, attendee_id, 1)
    genuine = code[10:15]
    for mac in ("00000", "99999", f"{(int(genuine) + 1) % 100_000:05d}", genuine[::-1]):
        if mac == genuine:
            continue
        forged = with_mac(code, mac)
        assert damm(forged) == 0
        scan = read_scan(forged, SECRET)
        assert scan.kind is ScanKind.FORGED and scan.attendee_id is None


def test_a_changed_id_with_a_recomputed_damm_digit_is_forged() -> None:
    """Someone who knows the layout edits the id and fixes the check digit: the HMAC still says no."""
    code = make_code(SECRET, 12, 1)
    body = code[:3] + "00013" + code[8:15]
    assert read_scan(body + str(damm(body)), SECRET).kind is ScanKind.FORGED
    code = make_code(SECRET, 512_345, 1)
    body = code[:2] + "412346" + code[8:15]
    assert read_scan(body + str(damm(body)), SECRET).kind is ScanKind.FORGED


def test_a_first_layout_body_under_the_second_tag_is_forged() -> None:
    """Moving a genuine code into the other layout (new tag, same digits, check digit fixed) is no code."""
    code = make_code(SECRET, 12_345, 1)
    body = f"{second_tag(SECRET):02d}" + "0" + code[3:8] + code[8:15]
    assert read_scan(body + str(damm(body)), SECRET).kind is ScanKind.FORGED


# -- normalisation -------------------------------------------------------------------------------------------------


CODE = make_code(SECRET, 321, 4)
GENUINE = Scan(ScanKind.CODE, CODE, 321, 4)


@pytest.mark.parametrize(
    "raw",
    [
        CODE,
        group(CODE),
        "-".join(group(CODE).split()),
        "–".join(group(CODE).split()),  # an en dash, as a word processor writes it
        f"  {group(CODE)}  ",
        CODE + "\r",
        CODE + "\n",
        CODE + "\t",
        CODE + "\r\n",
        group(CODE) + "\r",
        CODE.translate(FULL_WIDTH),
        group(CODE).translate(FULL_WIDTH).replace(" ", "\u3000"),  # full-width digits and ideographic spaces
        CODE.translate(FULL_WIDTH) + "\n",
        ".".join(group(CODE).split()),
    ],
)
def test_what_scanners_and_hands_add_is_tolerated(raw: str) -> None:
    assert read_scan(raw, SECRET) == GENUINE
    assert looks_like_code(raw)


def test_normalise() -> None:
    assert normalise("１２３４") == "1234"
    assert normalise("12 34-56\t78\r\n") == "12345678"
    assert normalise("１２ ３４") == "1234"


@pytest.mark.parametrize("length", [n for n in range(1, 41) if n != CODE_LENGTH])
def test_a_wrong_number_of_digits_is_a_misread(length: int) -> None:
    digits = (CODE * 3)[:length]
    scan = read_scan(digits, SECRET)
    assert scan.kind is ScanKind.MISREAD
    assert scan.attendee_id is None
    assert looks_like_code(digits)


def test_seventeen_digits_that_pass_damm_are_still_a_misread() -> None:
    body = CODE
    seventeen = body + str(damm(body))
    assert damm(seventeen) == 0
    assert read_scan(seventeen, SECRET).kind is ScanKind.MISREAD


@pytest.mark.parametrize(
    "raw",
    [
        "abc",
        "Nguyễn Văn An",
        CODE[:8] + "O" + CODE[9:],  # the letter O for a zero
        CODE + "x",
        "1234 5678 9012 345a",
        "\x00",
        "\x1b[31m",
        CODE + "\x00",
        "٣٣٣٣",  # Arabic-Indic digits are digits, but not ASCII
        "\ud800",  # a lone surrogate
    ],
)
def test_letters_and_other_characters_are_not_a_code(raw: str) -> None:
    assert read_scan(raw, SECRET) == Scan(ScanKind.NOT_A_CODE)
    assert not looks_like_code(raw)


@pytest.mark.parametrize("raw", ["", " ", "\r", "\n", "\t", "\r\n", "   \t\r\n", "\u3000", "\u00a0"])
def test_an_empty_scan_is_empty(raw: str) -> None:
    assert read_scan(raw, SECRET) == Scan(ScanKind.EMPTY)
    assert not looks_like_code(raw)


def test_a_huge_paste_is_classified_quickly() -> None:
    for raw in ("x" * 10_000, "\x00" * 20_000, "漢" * 20_000, "\ufdfa" * 20_000, CODE * 1000):
        scan = read_scan(raw, SECRET)
        assert scan.kind in (ScanKind.NOT_A_CODE, ScanKind.MISREAD)
        assert scan.attendee_id is None


# -- any text at all -------------------------------------------------------------------------------------------------

_DIGITISH = st.text(alphabet=st.sampled_from("0123456789０１２３ -–\r\n\t.x"), max_size=40)
_ANY_TEXT = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec=None, categories=None), max_size=300),  # control characters, surrogates
    st.text(max_size=20_000),
    st.builds(lambda piece, times: (piece * times)[:20_000], st.text(min_size=1, max_size=40), st.integers(1, 20_000)),
    _DIGITISH,
    st.builds(lambda a, b: a + CODE + b, st.text(max_size=5), st.text(max_size=5)),
)


@settings(max_examples=400, deadline=None)
@given(raw=_ANY_TEXT)
@example(raw="\x00" * 20_000)
@example(raw="1" * 10_000)
@example(raw=CODE + "\ud800")
def test_read_scan_never_raises(raw: str) -> None:
    scan = read_scan(raw, SECRET)
    assert isinstance(scan, Scan)
    assert isinstance(scan.kind, ScanKind)
    if scan.kind is ScanKind.CODE:
        assert scan.digits.isascii() and len(scan.digits) == CODE_LENGTH
        assert make_code(SECRET, scan.attendee_id, scan.version) == scan.digits  # type: ignore[arg-type]
    else:
        assert scan.attendee_id is None and scan.version is None
    if scan.kind in DIGIT_KINDS:
        assert scan.digits.isascii() and scan.digits.isdigit()
    assert isinstance(looks_like_code(raw), bool)


@settings(max_examples=400, deadline=None)
@given(raw=st.one_of(st.text(max_size=200), _DIGITISH, st.text(alphabet=st.characters(codec=None), max_size=200)))
@example(raw="1234")
@example(raw="0912 345 678")
@example(raw=group(CODE))
def test_looks_like_code_agrees_with_read_scan(raw: str) -> None:
    """Input the scan field would read as digits is what the search box hands to the scan, and nothing else."""
    assert looks_like_code(raw) == (read_scan(raw, SECRET).kind in DIGIT_KINDS)


@pytest.mark.parametrize(
    "raw",
    [
        "1" * 1001,  # looks like a code, but read_scan says NOT_A_CODE
        CODE * 100,  # a scanner stuck in a loop: digits only, a misread
        " " * 250 + CODE,  # read_scan finds the code, looks_like_code sees only spaces
    ],
    ids=["1001-digits", "code-x100", "250-spaces-then-code"],
)
def test_long_input_is_classified_consistently(raw: str) -> None:
    kind = read_scan(raw, SECRET).kind
    assert looks_like_code(raw) == (kind in DIGIT_KINDS)
    if normalise(raw).isdigit() and len(normalise(raw)) != CODE_LENGTH:
        assert kind is ScanKind.MISREAD


def test_the_module_keeps_its_constants() -> None:
    assert codes.VERSIONS == 100
    assert codes.FIRST_LAYOUT_IDS == 99_999
    assert codes.MAX_ATTENDEE_ID == 1_099_999
