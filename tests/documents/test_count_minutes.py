"""The vote-counting minutes: NĐ 30/2020 and HD 36 layout read back with python-docx, the header per bloc, the
threshold in words, the counting committee's signatures, and figures equal to the tally."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.shared import Mm

from tdkt_tui.documents.count_minutes import count_minutes_text, write_count_minutes
from tdkt_tui.documents.wording import clock
from tests.helpers.word_files import find as _paragraph
from tests.helpers.word_files import page_field, size, symbols
from tests.helpers.word_files import texts as _texts
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
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in texts and size(_paragraph(document, "ĐẢNG CỘNG SẢN VIỆT NAM")) == 15
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in texts
    assert texts[:4] == ["TỈNH UỶ BẮC NINH", "KHỐI THI ĐUA CÁC BAN CƠ QUAN CỦA ĐẢNG", "*", "Số …-BB/KTĐ"]
    line = _paragraph(document, "Bắc Ninh, ngày 03 tháng 12 năm 2018")
    assert all(run.italic for run in line.runs)
    kind = _paragraph(document, "BIÊN BẢN")
    assert kind.runs[0].bold and kind.alignment == 1 and 15 <= size(kind) <= 16  # centred, HD 36 size
    assert f"Kiểm phiếu bầu suy tôn đề nghị tặng {AWARD}" in texts  # the subject, not the bare award name
    assert "CHƯA KẾT THÚC KIỂM PHIẾU — số liệu tạm thời" not in texts
    # signed by the counting committee: its members, then its head; nobody recorded yet: gaps, no names
    for role in ("THÀNH VIÊN BAN KIỂM PHIẾU", "TRƯỞNG BAN KIỂM PHIẾU"):
        assert role in texts
    assert "THƯ KÝ" not in texts and "CHỦ TRÌ" not in texts
    assert "Ban kiểm phiếu gồm:" in texts and any(t.startswith("- chưa ghi nhận: ……") for t in texts)
    committee = voting.get_poll(demo, pid).committee  # the desk stamps the times; no names typed
    assert committee.began and committee.ended
    assert f"Thời gian bắt đầu kiểm phiếu: {clock(committee.began)}, ngày 03/12/2018." in texts
    assert f"Việc kiểm phiếu kết thúc vào hồi {clock(committee.ended)} cùng ngày." in texts
    assert "Tổng số đơn vị thành viên của Khối: 11; số đơn vị có mặt: 11." in texts
    body = [p for p in document.paragraphs if p.text.startswith("Số phiếu hợp lệ")][0]
    assert body.paragraph_format.space_after.pt == 6 and body.runs[0].font.size.pt in (13, 14)
    assert 10 <= body.paragraph_format.first_line_indent.mm <= 12.7
    different, codes, _first = page_field(document)
    assert different and any(code.strip() == "PAGE" for code in codes)
    assert texts[-3:] == ["- Chủ trì hội nghị;", "- Hồ sơ đề nghị khen thưởng;", "- Lưu: VT, KTĐ."]
    assert not symbols(document)


def test_table_equals_the_tally(demo: Conference) -> None:
    pid = _counted(demo)
    result = voting.tally(demo, pid)
    poll = voting.get_poll(demo, pid)
    names = demo.unit_names()
    document = docx.Document(str(write_count_minutes(demo, pid)))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    assert [c.text for c in table.rows[0].cells] == ["STT", "Đơn vị", "Số phiếu bầu", "Tỷ lệ (%)", "Kết quả"]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert len(rows) == len(poll.candidates)
    for number, (row, unit) in enumerate(zip(rows, poll.candidates), start=1):
        assert row[:4] == [str(number), names[unit], str(result.votes[unit]), result.percent[unit].replace(".", ",")]
        assert (row[4] == "Được suy tôn") == (unit in result.winners)
    assert any("," in row[3] for row in rows) and not any("." in row[3] for row in rows)
    texts = _texts(document)
    assert f"Số phiếu hợp lệ: {result.valid}." in texts and f"Số phiếu không hợp lệ: {result.invalid}." in texts
    assert result.invalid == 1 and any(t.startswith("- trong đó giữ lại nhiều tên") for t in texts)
    assert f"Số phiếu phát ra: {result.issued}." in texts and f"Số phiếu thu vào: {result.collected}." in texts
    assert f"Số lượng suy tôn: {poll.quota} đơn vị." in texts  # the seats, not a result
    assert (f"Tỷ lệ cần đạt: quá một nửa, tính trên số phiếu hợp lệ ({result.valid}); cần ít nhất "
            f"{result.votes_needed} phiếu." in texts)
    assert poll.digest and f"Mã kiểm chứng: {poll.digest}" in texts

    text = count_minutes_text(demo, pid)
    assert "# BIÊN BẢN" in text and "## Kiểm phiếu bầu suy tôn" in text and poll.digest in text
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
    assert "Số: …/BB-KTĐ" in texts
    national = _paragraph(document, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    motto = _paragraph(document, "Độc lập - Tự do - Hạnh phúc")
    assert national.runs[0].bold and 12 <= national.runs[0].font.size.pt <= 13
    assert motto.runs[0].bold and 13 <= motto.runs[0].font.size.pt <= 14
    assert motto._p.pPr.find(qn("w:pBdr")) is not None  # the rule under the motto
    assert 13 <= size(_paragraph(document, "BIÊN BẢN")) <= 14
    assert texts.count("(chưa có)") >= 2  # under the committee's signatures


def test_unclosed_poll_is_marked(demo: Conference) -> None:
    pid = _counted(demo, close=False)
    document = docx.Document(str(write_count_minutes(demo, pid)))
    texts = _texts(document)
    assert "CHƯA KẾT THÚC KIỂM PHIẾU — số liệu tạm thời" in texts
    marker = texts.index("CHƯA KẾT THÚC KIỂM PHIẾU — số liệu tạm thời")
    assert marker < texts.index("Số phiếu hợp lệ: 10.") if "Số phiếu hợp lệ: 10." in texts else True
    assert "Mã kiểm chứng: chưa có (chưa kết thúc kiểm phiếu)." in texts
    assert "Được suy tôn" not in texts  # no result declared
    assert "CHƯA KẾT THÚC KIỂM PHIẾU — số liệu tạm thời" in count_minutes_text(demo, pid)


def test_an_election_and_a_motion(demo_held: Conference) -> None:
    everything = voting.polls(demo_held)
    leader = next(p for p in everything if p.kind is voting.PollKind.LEADER)
    document = docx.Document(str(write_count_minutes(demo_held, leader.id)))
    texts = _texts(document)
    assert "Kiểm phiếu bầu Trưởng khối năm 2019" in texts
    assert "Đơn vị đạt tỷ lệ và trúng cử: Ban Tuyên giáo Tỉnh uỷ." in texts
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    chosen = [row.cells[1].text for row in table.rows[1:] if row.cells[4].text == "Trúng cử"]
    assert chosen == ["Ban Tuyên giáo Tỉnh uỷ"]
    assert not any("suy tôn" in t for t in texts)  # an election, not an award
    motion = next(p for p in everything if p.kind is voting.PollKind.MOTION and "biên bản" in p.title)
    texts = _texts(docx.Document(str(write_count_minutes(demo_held, motion.id))))
    assert "Kết quả biểu quyết: Thông qua biên bản hội nghị" in texts
    assert [t for t in texts if t in ("Đồng ý", "Không đồng ý", "Không biểu quyết")] == [
        "Đồng ý", "Không đồng ý", "Không biểu quyết"]


def test_the_committee_signs(demo_held: Conference) -> None:
    flag = next(p for p in voting.polls(demo_held) if p.award == "Cờ thi đua của Chính phủ")
    document = docx.Document(str(write_count_minutes(demo_held, flag.id)))
    texts = _texts(document)
    assert ["- Trưởng ban: Hoàng Thị Yến;", "- Thành viên: Dương Thị Mai;", "- Thành viên: Đỗ Ngọc Yến."] == \
        texts[texts.index("Ban kiểm phiếu gồm:") + 1:texts.index("Ban kiểm phiếu gồm:") + 4]
    assert "Thời gian bắt đầu kiểm phiếu: 9 giờ 35 phút, ngày 03/12/2018." in texts
    assert "Việc kiểm phiếu kết thúc vào hồi 9 giờ 45 phút cùng ngày." in texts
    signatures = next(t for t in document.tables if t.rows[0].cells[0].paragraphs[0].text ==
                      "THÀNH VIÊN BAN KIỂM PHIẾU")
    assert [c.paragraphs[0].text for c in signatures.rows[0].cells] == [
        "THÀNH VIÊN BAN KIỂM PHIẾU", "THÀNH VIÊN BAN KIỂM PHIẾU", "TRƯỞNG BAN KIỂM PHIẾU"]
    assert [c.paragraphs[0].text for c in signatures.rows[1].cells] == ["Dương Thị Mai", "Đỗ Ngọc Yến", "Hoàng Thị Yến"]
    assert "Số phiếu không hợp lệ: 1." in texts
    assert "- trong đó giữ lại nhiều tên hơn số lượng suy tôn hoặc bầu (bầu thừa): 1." in texts
    assert not symbols(document)


def test_a_show_of_hands_is_a_short_record_of_its_own(demo_held: Conference) -> None:
    """A motion (biểu quyết) is not a count of ballots: no ballots issued, no counting committee; the voting
    delegates present, the three counts and the verdict, signed by the secretary and the chair."""
    from tdkt_tui.documents import issuer

    motion = next(p for p in voting.polls(demo_held) if p.kind is voting.PollKind.MOTION and "biên bản" in p.title)
    path = write_count_minutes(demo_held, motion.id)
    assert path.name.startswith(f"bien-ban-bieu-quyet-{motion.id}-")
    document = docx.Document(str(path))
    texts = _texts(document)
    assert "Kết quả biểu quyết: Thông qua biên bản hội nghị" in texts
    present = voting.tally(demo_held, motion.id).issued
    assert f"Số đại biểu biểu quyết có mặt: {present}." in texts
    assert not [t for t in texts if "phiếu phát ra" in t or "Ban kiểm phiếu" in t or "kiểm phiếu" in t.lower()]
    assert "Nội dung biểu quyết được thông qua." in texts
    info = demo_held.info()
    signers = [issuer.secretary(info), issuer.chair(info)]
    signatures = next(t for t in document.tables if t.rows[0].cells[0].paragraphs[0].text == signers[0].capacity)
    assert [c.paragraphs[0].text for c in signatures.rows[0].cells] == [s.capacity for s in signers]
    assert motion.digest in " ".join(texts)


def test_seats_left_unfilled_are_said_and_rotation_has_no_count(demo: Conference) -> None:
    """The minutes say which way open seats went: left unfilled (with the note), not silently "open"; a leader by
    rotation has no count to minute, and the conference minutes say it was by rotation."""
    import pytest

    from tdkt_tui.documents.minutes import minutes_text
    from tdkt_tui.domain.errors import ValidationError

    pid = _poll(demo)
    voting.open_poll(demo, pid, collected=11)
    for text in ["1"] * 6 + ["2", "3", "4", "5", "6"]:  # one unit reaches more than half; one seat stays open
        voting.enter_ballot(demo, pid, text)
    voting.close_poll(demo, pid)
    voting.leave_unfilled(demo, pid, "Hội nghị không bầu tiếp")
    texts = _texts(docx.Document(str(write_count_minutes(demo, pid))))
    assert "Hội nghị không bầu tiếp: 1 đơn vị còn thiếu để trống. Ghi chú: Hội nghị không bầu tiếp" in texts
    unit = demo.member_units()[2]
    leader = voting.record_rotation(demo, voting.PollKind.LEADER, unit.id, "Theo thứ tự luân phiên")
    with pytest.raises(ValidationError) as refused:
        write_count_minutes(demo, leader.id)
    assert "luân phiên" in str(refused.value)
    assert f"{unit.name} (Luân phiên)" in minutes_text(demo)
