"""Vietnamese as a secretary writes it (docs/glossary.md): none of the wordings found wrong is left in any catalog
entry or in any document the held demo writes, and no document prints a mathematical symbol."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

from tdkt_tui.documents import ballot_paper, count_minutes, covenant, minutes, proposal, report
from tdkt_tui.domain import voting
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.i18n import LOCALE_DIR
from tests.helpers.word_files import SYMBOLS, open_docx, texts

#: Each wrong wording (a pattern) with the glossary's word for it.
WRONG = {
    r"Ban tổ chức": "Tổ giúp việc (Ban Tổ chức is a member unit)",
    r"(?i:bỏ phiếu vừa nhập)|Đã bỏ phiếu \{seq\}": "Huỷ phiếu vừa nhập",
    r"(?i:số đơn vị được suy tôn)": "Số lượng suy tôn: N đơn vị",
    r"(?i:phó trưởng khối)": "Phó khối",
    r"\b[Tt]rúng\b(?! cử)": "được suy tôn (awards) or trúng cử (elections)",
    r"(?i:số lượng tối thiểu)": "đủ số đơn vị tham dự theo quy định",
    r"\b[Tt]hẻ (tiếp|trước|cuối)\b": "Trang tiếp (thẻ is the badge)",
    r"(?i:đại biểu chính thức|người có quyền bỏ phiếu|người bỏ phiếu|người biểu quyết)": "đại biểu biểu quyết",
    r"\b(trưởng khối|phó khối)\b": "Trưởng khối, Phó khối (capitals)",
    r"\b[Tt]oàn khối\b|\bcủa khối\b(?! thi đua)": "toàn Khối, của Khối (capitals)",
    r"(?<!CỘNG )(hòa|Hòa|HÒA)|hóa|xóa|khỏe|ủy|hủy|tùy|thủy|Ủy|Hủy|Tùy": "hoà, hoá, xoá, khoẻ, uỷ, huỷ, tuỳ (tone marks)",
}
PATTERN = re.compile("|".join(f"(?:{p})" for p in WRONG))


def wrong(text: str) -> list[str]:
    """Each wrong wording found in ``text`` with the word to use instead."""
    return [f"{m.group(0)!r} → {hint}" for m in PATTERN.finditer(text)
            for p, hint in WRONG.items() if re.fullmatch(p, m.group(0))]


def test_the_pattern_finds_each_wording() -> None:
    for text in ("Ban tổ chức", "Bỏ phiếu vừa nhập", "Số đơn vị được suy tôn: 2", "Phó Trưởng khối", "trúng 2",
                 "ĐỦ SỐ LƯỢNG TỐI THIỂU", "Thẻ tiếp", "người có quyền bỏ phiếu", "của trưởng khối", "Toàn khối",
                 "hòa giải", "Tỉnh ủy"):
        assert wrong(text), text
    for text in ("Ban Tổ chức Tỉnh uỷ", "Huỷ phiếu vừa nhập", "trúng cử", "Trưởng khối", "Phó khối", "toàn Khối",
                 "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "khối thi đua", "Tổ giúp việc"):
        assert not wrong(text), text


@pytest.mark.parametrize("path", sorted((LOCALE_DIR / "vi").glob("*.po")), ids=lambda p: p.name)
def test_no_catalog_entry_uses_a_wording_found_wrong(path: Path) -> None:
    found = [(entry.msgid, problem) for entry in polib.pofile(str(path)) if not entry.obsolete
             for problem in wrong(entry.msgstr)]
    assert found == []


def _documents(conference: Conference) -> list[Path]:
    polls = voting.polls(conference)
    papers = [proposal.write_proposal(conference).docx, covenant.write_covenant(conference),
              report.write_report(conference), minutes.write_minutes(conference)]
    papers += [count_minutes.write_count_minutes(conference, p.id or 0) for p in polls]
    return papers


def test_no_document_of_the_demo_uses_a_wording_found_wrong_or_a_symbol(demo_held: Conference) -> None:
    paths = _documents(demo_held)
    paths += [ballot_paper.write_ballot_papers(demo_held, p.id or 0) for p in voting.polls(demo_held)
              if p.kind is not voting.PollKind.MOTION]
    for path in paths:
        lines = texts(open_docx(path))
        assert [(line, wrong(line)) for line in lines if wrong(line)] == [], path.name
        assert [line for line in lines if SYMBOLS.search(line)] == [], path.name
