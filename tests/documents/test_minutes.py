"""The conference minutes: notes and fields kept durably, the NĐ 30/2020 layout, figures equal to their sources,
visible gaps, and golden Markdown and text for the demo."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import docx
import pytest

from tdkt_tui.documents import minutes
from tdkt_tui.domain import proceedings, scoring
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.errors import TdktError, ValidationError
from tdkt_tui.domain.proceedings import MinutesFields

GOLDEN = Path(__file__).parent / "golden"
NOTE_OPENING = "Đồng chí Chánh Văn phòng tuyên bố lý do.\nGiới thiệu đại biểu: 38 đại biểu được triệu tập."
NOTE_REPORT = "Đồng chí Trưởng khối trình bày báo cáo tổng kết.\n\nCác đơn vị nhất trí với báo cáo."
FIELDS = MinutesFields(opened_at="8:05", closed_at="11:20",
                       conclusions="Hội nghị thống nhất nội dung báo cáo.\nGiao Văn phòng Tỉnh uỷ hoàn thiện hồ sơ.")


def _fill(demo: Conference) -> None:
    agenda = demo.agenda()
    proceedings.save_note(demo, agenda[0].id, NOTE_OPENING)
    proceedings.save_note(demo, agenda[1].id, NOTE_REPORT)
    proceedings.save_fields(demo, FIELDS)


def _texts(document) -> list[str]:
    out = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                out += [p.text for p in cell.paragraphs]
    return out


def test_notes_round_trip(demo: Conference, tmp_path: Path) -> None:
    item = demo.agenda()[2]
    proceedings.save_note(demo, item.id, "  Dòng\tmột  \r\nDòng hai\n\nĐoạn mới\x07  ")
    assert proceedings.notes(demo) == {item.id: "Dòng một\nDòng hai\n\nĐoạn mới"}
    reopened = Conference.open(demo.folder)  # durable: another desk reads it
    try:
        assert proceedings.notes(reopened)[item.id] == "Dòng một\nDòng hai\n\nĐoạn mới"
    finally:
        reopened.close()
    proceedings.save_note(demo, item.id, "   ")
    assert proceedings.notes(demo) == {}
    with pytest.raises(ValidationError):
        proceedings.save_note(demo, 999, "x")


def test_fields_round_trip_and_validation(demo: Conference) -> None:
    assert proceedings.fields(demo) == MinutesFields()
    saved = proceedings.save_fields(demo, FIELDS)
    assert saved.opened_at == "08:05" and saved.closed_at == "11:20"
    assert proceedings.fields(demo) == saved
    assert proceedings.save_fields(demo, MinutesFields()) == MinutesFields()
    for name in ("opened_at", "closed_at"):
        with pytest.raises(ValidationError) as caught:
            proceedings.save_fields(demo, replace(FIELDS, **{name: "25:00"}))
        assert caught.value.field == name
    with pytest.raises(ValidationError):
        proceedings.save_fields(demo, replace(FIELDS, opened_at="8 giờ"))


def test_docx(demo: Conference) -> None:
    _fill(demo)
    path = minutes.write_minutes(demo)
    assert path.parent.name == "exports" and path.name.startswith("bien-ban-hoi-nghi") and path.suffix == ".docx"
    document = docx.Document(str(path))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= section.top_margin.mm <= 25 and 20 <= section.bottom_margin.mm <= 25
    assert 30 <= section.left_margin.mm <= 35 and 15 <= section.right_margin.mm <= 20
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert document.styles["Normal"].font.size.pt == 14
    texts = _texts(document)
    assert "KHỐI THI ĐUA CÁC BAN CƠ QUAN CỦA ĐẢNG TỈNH BẮC NINH" in texts
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in texts
    date = next(p for p in document.tables[0].rows[0].cells[1].paragraphs
                if p.text == "Bắc Ninh, ngày 03 tháng 12 năm 2018")
    assert date.runs[0].italic
    body = [p.text for p in document.paragraphs]
    assert "BIÊN BẢN HỘI NGHỊ" in body
    assert "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2018" in body
    heading = body.index("1. 08:00 — Tuyên bố lý do, giới thiệu đại biểu")
    following = body.index(next(t for t in body if t.startswith("2. 08:15")))
    assert "Đồng chí Chánh Văn phòng tuyên bố lý do." in body[heading:following]
    assert "Giới thiệu đại biểu: 38 đại biểu được triệu tập." in body[heading:following]
    assert "Các đơn vị nhất trí với báo cáo." in body[following:]
    assert "3/8 chỉ tiêu hoàn thành vượt" in body
    assert "Thời gian: 08 giờ 05 phút, ngày 03/12/2018." in body
    assert "Hội nghị kết thúc vào hồi 11 giờ 20 phút cùng ngày." in body
    ranking = next(t for t in document.tables if t.rows[0].cells[0].text == "Xếp hạng")
    rows = [tuple(c.text for c in row.cells) for row in ranking.rows[1:]]
    assert rows == [(str(s.rank), s.unit.name, scoring.format_points(s.verified_total))
                    for s in scoring.ranking(demo)]
    assert "THƯ KÝ" in texts and "CHỦ TRÌ" in texts and "Trần Thị Trang" in texts
    signatures = document.tables[-1].rows[0].cells
    assert signatures[0].paragraphs[0].text == "THƯ KÝ" and signatures[1].paragraphs[0].text == "CHỦ TRÌ"
    assert minutes.write_minutes(demo) != path  # never overwrites


def test_gaps_are_marked(demo: Conference) -> None:
    demo.save_info(replace(demo.info(), chair="", secretary=""))
    document = docx.Document(str(minutes.write_minutes(demo)))
    texts = _texts(document)
    assert "Chủ trì: (chưa có)." in texts and "Thư ký: (chưa có)." in texts
    assert texts.count("(chưa có)") >= 2  # under the signatures
    assert "Đơn vị thành viên có mặt: (chưa điểm danh)" in texts
    assert "(chưa ghi)" in texts
    assert "Thời gian: …… giờ …… phút, ngày 03/12/2018." in texts


@pytest.mark.parametrize("fmt", ["md", "txt"])
def test_golden(demo: Conference, fmt: str) -> None:
    _fill(demo)
    text = minutes.minutes_text(demo, fmt)
    golden = GOLDEN / f"minutes-demo.{fmt}"
    if os.environ.get("TDKT_REGOLD"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
    written = minutes.write_minutes(demo, fmt)
    assert written.suffix == f".{fmt}" and written.read_text(encoding="utf-8") == text


def test_pdf_without_libreoffice(demo: Conference, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(TdktError) as caught:
        minutes.write_minutes(demo, "pdf")
    docx_path = Path(caught.value.params["path"])
    assert docx_path.exists() and docx_path.suffix == ".docx"
    assert "LibreOffice" in str(caught.value) and str(docx_path) in str(caught.value)
    assert not list(docx_path.parent.glob("*.pdf"))


def test_vote_results(demo: Conference) -> None:
    from tdkt_tui.domain import checkin, voting
    from tdkt_tui.domain.model import Role

    for person in demo.attendees():
        if person.role is Role.VOTING:
            checkin.scan(demo, checkin.code_of(demo, person), "Bàn 1")
    award = voting.create_poll(demo, voting.Poll(kind=voting.PollKind.AWARD, award="Cờ thi đua", quota=2)).id
    voting.open_poll(demo, award)
    voting.set_collected(demo, award, 11)
    for text in ["1 2", "1 2", "1 3", "1 2", "2 3", "1", "1 2", "1 2", "2", "1 2", "3"]:
        voting.enter_ballot(demo, award, text)
    digest = voting.close_poll(demo, award)
    voting.create_poll(demo, voting.Poll(kind=voting.PollKind.LEADER, title="Bầu Trưởng khối", quota=1))
    text = minutes.minutes_text(demo, "txt")
    assert "Cờ thi đua: trúng" in text and "Bầu Trưởng khối: chưa kết thúc kiểm phiếu." in text
    assert digest in text or voting.get_poll(demo, award).digest in text
    assert "(chưa điểm danh)" not in text and "Đơn vị thành viên có mặt (" in text
    document = docx.Document(str(minutes.write_minutes(demo)))
    votes = next(t for t in document.tables if t.rows[0].cells[0].text == "Cuộc bỏ phiếu")
    assert votes.rows[1].cells[0].text == "Cờ thi đua"
