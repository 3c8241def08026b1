"""The vote-counting minutes: NĐ 30/2020 layout, the header per bloc, and figures equal to the tally."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.shared import Mm

from tdkt_tui.documents.count_minutes import count_minutes_text, write_count_minutes
from tdkt_tui.domain import checkin, voting
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.model import HeaderVariant, Role

AWARD = "Cờ thi đua của UBND tỉnh"


def _poll(demo: Conference) -> int:
    poll = voting.create_poll(demo, voting.Poll(kind=voting.PollKind.AWARD, award=AWARD, quota=2,
                                                candidates=voting.default_candidates(demo)))
    for person in demo.attendees():
        if person.role is Role.VOTING:
            checkin.scan(demo, checkin.code_of(demo, person), "Bàn 1")
    return poll.id


def _counted(demo: Conference, close: bool = True) -> int:
    pid = _poll(demo)
    voting.open_poll(demo, pid)
    ballots = ["1 2", "1 2", "1 3", "1 2", "2 3", "1", "1 2", "1 2 3 4", "2", "1 2", "3"]
    voting.set_collected(demo, pid, len(ballots))
    for text in ballots:
        voting.enter_ballot(demo, pid, text)
    if close:
        voting.close_poll(demo, pid)
    return pid


def _texts(document: docx.document.Document) -> list[str]:
    out = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                out += [p.text for p in cell.paragraphs]
    return out


def _paragraph(document: docx.document.Document, text: str):
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    if p.text == text:
                        return p
    return next(p for p in document.paragraphs if p.text == text)


def test_layout_and_party_header(demo: Conference) -> None:
    pid = _counted(demo)
    path = write_count_minutes(demo, pid)
    assert isinstance(path, Path) and path.name.startswith(f"bien-ban-kiem-phieu-{pid}") and path.suffix == ".docx"
    document = docx.Document(str(path))
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5) and abs(section.page_height - Mm(297)) < Mm(0.5)
    assert Mm(20) <= section.top_margin <= Mm(25) and Mm(20) <= section.bottom_margin <= Mm(25)
    assert Mm(30) <= section.left_margin <= Mm(35) and Mm(15) <= section.right_margin <= Mm(20)
    fonts = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")) \
        .find(qn("w:rFonts"))
    assert fonts.get(qn("w:ascii")) == "Times New Roman" and document.styles["Normal"].font.name == "Times New Roman"
    assert 13 <= document.styles["Normal"].font.size.pt <= 14
    texts = _texts(document)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in texts
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in texts
    assert demo.info().bloc_name.upper() in texts
    line = _paragraph(document, "Bắc Ninh, ngày 03 tháng 12 năm 2018")
    assert all(run.italic for run in line.runs)
    title = _paragraph(document, "BIÊN BẢN KIỂM PHIẾU")
    assert title.runs[0].bold and title.alignment == 1  # centred
    assert AWARD in texts
    assert "CHƯA KẾT THÚC KIỂM PHIẾU — số liệu tạm thời" not in texts
    for role in ("THƯ KÝ", "CHỦ TRÌ", "TRƯỞNG BAN KIỂM PHIẾU"):
        assert role in texts
    assert demo.info().secretary in texts and demo.info().chair in texts
    assert any(t.startswith("Ban kiểm phiếu gồm: ……") for t in texts)  # not recorded: a blank, no names
    body = [p for p in document.paragraphs if p.text.startswith("Số phiếu hợp lệ")][0]
    assert body.paragraph_format.space_after.pt == 6 and body.runs[0].font.size.pt in (13, 14)


def test_table_equals_the_tally(demo: Conference) -> None:
    pid = _counted(demo)
    result = voting.tally(demo, pid)
    poll = voting.get_poll(demo, pid)
    names = demo.unit_names()
    document = docx.Document(str(write_count_minutes(demo, pid)))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    assert [c.text for c in table.rows[0].cells] == ["STT", "Đơn vị", "Số phiếu", "Tỷ lệ %", "Kết quả"]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert len(rows) == len(poll.candidates)
    for number, (row, unit) in enumerate(zip(rows, poll.candidates), start=1):
        assert row[:4] == [str(number), names[unit], str(result.votes[unit]), result.percent[unit].replace(".", ",")]
        assert (row[4] == "Được đề nghị") == (unit in result.winners)
    assert any("," in row[3] for row in rows) and not any("." in row[3] for row in rows)
    texts = _texts(document)
    assert f"Số phiếu hợp lệ: {result.valid}." in texts and f"Số phiếu không hợp lệ: {result.invalid}." in texts
    assert result.invalid == 1 and any(t.startswith("  trong đó Để lại nhiều tên") for t in texts)
    assert f"Số phiếu phát ra: {result.issued}." in texts and f"Số phiếu thu vào: {result.collected}." in texts
    rule = poll.threshold.text()
    assert any(t.startswith(f"Ngưỡng: {rule} số phiếu hợp lệ → cần {result.votes_needed} phiếu") for t in texts)
    assert poll.digest and f"Mã kiểm chứng: {poll.digest}" in texts

    text = count_minutes_text(demo, pid)
    assert "BIÊN BẢN KIỂM PHIẾU" in text and poll.digest in text
    for unit in poll.candidates:
        line = next(x for x in text.splitlines() if x.startswith("|") and f" {names[unit]} " in x)
        assert f" {result.votes[unit]} " in line and result.percent[unit].replace(".", ",") in line
    widths = {len(x) for x in text.splitlines() if x.startswith("|")}
    assert len(widths) == 1  # the table's columns line up


def test_state_header_and_missing_people(demo: Conference) -> None:
    demo.save_info(replace(demo.info(), header=HeaderVariant.STATE, chair="", secretary=""))
    pid = _counted(demo)
    document = docx.Document(str(write_count_minutes(demo, pid)))
    texts = _texts(document)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts and "ĐẢNG CỘNG SẢN VIỆT NAM" not in texts
    national = _paragraph(document, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    motto = _paragraph(document, "Độc lập - Tự do - Hạnh phúc")
    assert national.runs[0].bold and 12 <= national.runs[0].font.size.pt <= 13
    assert motto.runs[0].bold and 13 <= motto.runs[0].font.size.pt <= 14
    assert motto._p.pPr.find(qn("w:pBdr")) is not None  # the rule under the motto
    assert "Chủ trì: (chưa có)." in texts and "Thư ký: (chưa có)." in texts
    assert texts.count("(chưa có)") >= 2  # under the signatures


def test_unclosed_poll_is_marked(demo: Conference) -> None:
    pid = _counted(demo, close=False)
    document = docx.Document(str(write_count_minutes(demo, pid)))
    texts = _texts(document)
    assert "CHƯA KẾT THÚC KIỂM PHIẾU — số liệu tạm thời" in texts
    marker = texts.index("CHƯA KẾT THÚC KIỂM PHIẾU — số liệu tạm thời")
    assert marker < texts.index("Số phiếu hợp lệ: 10.") if "Số phiếu hợp lệ: 10." in texts else True
    assert "Mã kiểm chứng: chưa có (chưa kết thúc kiểm phiếu)." in texts
    assert "Được đề nghị" not in texts  # no result declared
    assert "CHƯA KẾT THÚC KIỂM PHIẾU — số liệu tạm thời" in count_minutes_text(demo, pid)
