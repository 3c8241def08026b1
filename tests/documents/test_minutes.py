"""The conference minutes: notes and fields kept durably, the NĐ 30/2020 and HD 36 layout read back with python-docx
(letterhead sizes per variant, number line, page numbers from page 2, first-line indents, signature blocks with the
name alone, Nơi nhận, no symbols), figures equal to their sources, visible gaps, and golden Markdown and text."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from docx.oxml.ns import qn

from tdkt_tui.documents import minutes, results
from tdkt_tui.domain import proceedings, scoring, tasks, voting
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.errors import TdktError, ValidationError
from tdkt_tui.domain.model import HeaderVariant
from tdkt_tui.domain.proceedings import MinutesFields
from tests.helpers.word_files import find, open_docx, page_field, paragraphs, size, starting, symbols, texts

GOLDEN = Path(__file__).parent / "golden"
NOTE_OPENING = "Đồng chí Trưởng phòng Tổng hợp tuyên bố lý do.\nGiới thiệu đại biểu: 38 đại biểu được triệu tập."
NOTE_REPORT = "Đồng chí Trưởng khối trình bày báo cáo tổng kết.\n\nCác đơn vị nhất trí với báo cáo."
FIELDS = MinutesFields(opened_at="8:05", closed_at="11:20",
                       conclusions="Hội nghị thống nhất nội dung báo cáo.\nGiao Ban Nội chính Tỉnh uỷ hoàn thiện hồ sơ.")


def _fill(demo: Conference) -> None:
    agenda = demo.agenda()
    proceedings.save_note(demo, agenda[0].id, NOTE_OPENING)
    proceedings.save_note(demo, agenda[1].id, NOTE_REPORT)
    proceedings.save_fields(demo, FIELDS)


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


def test_docx_party_layout(demo: Conference) -> None:
    """The demo is a Party bloc: HD 36 sizes, the star, "Số …-BB/KTĐ", the title at 16 pt."""
    _fill(demo)
    path = minutes.write_minutes(demo)
    assert path.parent.name == "exports" and path.name.startswith("bien-ban-hoi-nghi") and path.suffix == ".docx"
    document = open_docx(path)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= section.top_margin.mm <= 25 and 20 <= section.bottom_margin.mm <= 25
    assert 30 <= section.left_margin.mm <= 35 and 15 <= section.right_margin.mm <= 20
    fonts = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")) \
        .find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == {"Times New Roman"}
    assert document.styles["Normal"].font.size.pt == 14
    header = document.tables[0].rows[0].cells
    left = [p for p in header[0].paragraphs if p.text]
    assert [p.text for p in left] == ["TỈNH UỶ BẮC NINH", "KHỐI THI ĐUA CÁC BAN CƠ QUAN CỦA ĐẢNG", "*", "Số …-BB/KTĐ"]
    governing, issuing = left[0], left[1]
    assert size(governing) == 14 and not governing.runs[0].bold  # the governing body: 14 pt, not bold
    assert size(issuing) == 14 and issuing.runs[0].bold  # the issuing body: 14 pt bold, a star under it
    party = find(document, "ĐẢNG CỘNG SẢN VIỆT NAM")
    assert size(party) == 15 and party.runs[0].bold and party._p.pPr.find(qn("w:pBdr")) is not None
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in texts(document)
    date = find(document, "Bắc Ninh, ngày 03 tháng 12 năm 2018")
    assert date.runs[0].italic and size(date) == 14
    kind = find(document, "BIÊN BẢN")
    assert kind.runs[0].bold and 15 <= size(kind) <= 16 and kind.alignment == 1
    subject = find(document, "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2018")
    assert subject.runs[0].bold
    assert "BIÊN BẢN HỘI NGHỊ" not in texts(document)  # the kind, then a subject that does not repeat it
    assert not symbols(document)


def test_docx_state_layout(demo: Conference) -> None:
    """A State bloc: NĐ 30 sizes, the rule under the issuing body, "Số: …/BB-KTĐ", the title at 14 pt."""
    demo.save_info(replace(demo.info(), header=HeaderVariant.STATE))
    document = open_docx(minutes.write_minutes(demo))
    left = [p for p in document.tables[0].rows[0].cells[0].paragraphs]
    issuing = next(p for p in left if p.text == "KHỐI THI ĐUA CÁC BAN CƠ QUAN CỦA ĐẢNG")
    assert size(issuing) == 13 and issuing.runs[0].bold
    assert any(p._p.pPr is not None and p._p.pPr.find(qn("w:pBdr")) is not None for p in left)  # the short rule
    assert "*" not in [p.text for p in left] and "Số: …/BB-KTĐ" in [p.text for p in left]
    national = find(document, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    motto = find(document, "Độc lập - Tự do - Hạnh phúc")
    assert national.runs[0].bold and 12 <= size(national) <= 13
    assert motto.runs[0].bold and 13 <= size(motto) <= 14 and motto._p.pPr.find(qn("w:pBdr")) is not None
    assert 13 <= size(find(document, "BIÊN BẢN")) <= 14
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in texts(document)


def test_body_page_numbers_signatures_and_recipients(demo_held: Conference) -> None:
    document = open_docx(minutes.write_minutes(demo_held))
    different, codes, first = page_field(document)
    assert different and any(code.strip() == "PAGE" for code in codes) and not any(first)
    body = starting(document, "Thời gian bắt đầu:")
    assert 10 <= body.paragraph_format.first_line_indent.mm <= 12.7 and size(body) in (13, 14)
    assert body.paragraph_format.space_after.pt == 6 and body.alignment == 3  # justified
    body_end = [p.text for p in document.paragraphs].index("Nơi nhận:")
    for paragraph in document.paragraphs[:body_end]:
        if paragraph.text and paragraph.alignment != 1:  # every paragraph of the body that is not centred
            assert paragraph.paragraph_format.first_line_indent.mm > 10, paragraph.text
    signatures = next(t for t in document.tables if t.rows[0].cells[0].paragraphs[0].text == "THƯ KÝ")
    top, names = signatures.rows[0].cells, signatures.rows[1].cells
    assert [p.text for p in top[1].paragraphs] == ["CHỦ TRÌ", "TRƯỞNG BAN NỘI CHÍNH TỈNH UỶ"]
    assert [c.paragraphs[0].text for c in names] == ["Trần Thị Trang", "Hoàng Minh Tuấn"]  # the name alone
    assert all(c.paragraphs[0].runs[0].bold for c in names)
    after = [p.text for p in document.paragraphs]
    start = after.index("Nơi nhận:")
    assert after[start + 1:] == ["- Hội đồng Thi đua - Khen thưởng tỉnh Bắc Ninh (để báo cáo);",
                                 "- Các đơn vị thành viên Khối;", "- Lưu: VT, KTĐ."]
    heading = find(document, "Nơi nhận:")
    assert heading.runs[0].bold and heading.runs[0].italic and size(heading) == 12
    assert size(find(document, "- Lưu: VT, KTĐ.")) == 11
    assert not symbols(document)


def test_minutes_say_what_happened(demo_held: Conference) -> None:
    document = open_docx(minutes.write_minutes(demo_held))
    all_texts = texts(document)
    assert "Thời gian bắt đầu: 8 giờ 00 phút, ngày 03/12/2018." in all_texts
    assert "Địa điểm: Hội trường Ban Nội chính Tỉnh uỷ." in all_texts
    assert ("- Nguyễn Trọng Bình, Phó Chủ tịch Hội đồng Thi đua - Khen thưởng tỉnh, Phó Giám đốc Sở Nội vụ;"
            in all_texts)  # the title names the body: not repeated
    assert "- Vũ Ngọc Hương, Trưởng Ban Thi đua - Khen thưởng, Sở Nội vụ tỉnh Bắc Ninh;" in all_texts
    assert "Đơn vị thành viên có mặt: 11/11; vắng mặt: không có." in all_texts
    assert any(t.startswith("Đại biểu các đơn vị thành viên có mặt: 33/33 đại biểu được triệu tập") for t in all_texts)
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Đơn vị thành viên")
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    present = [p for p in demo_held.attendees() if p.present and p.role.value in ("voting", "delegate")]
    assert len(rows) == len(present) == 33
    assert ["5. Ban Dân vận Tỉnh uỷ", "Nguyễn Thị Thu Hà (đi thay Phạm Minh Khánh)", "Phó Trưởng phòng Dân vận"] in rows
    assert ["6. Ban Nội chính Tỉnh uỷ", "Hoàng Minh Tuấn", "Trưởng ban"] in rows  # the head first in each unit
    assert not any("Phạm Minh Khánh" == row[1] for row in rows)  # absent
    assert "Chủ trì: Hoàng Minh Tuấn, Trưởng ban Nội chính Tỉnh uỷ." in all_texts
    awards = next(t for t in document.tables if t.rows[0].cells[0].text == "Hình thức khen thưởng")
    chosen = [(r.cells[0].text, r.cells[1].text, r.cells[2].text, r.cells[3].text) for r in awards.rows[1:]]
    expected = [(a.title, c.unit, f"{c.votes}/{c.base_count}", c.share)
                for a in results.award_results(demo_held) for c in a.chosen]
    assert chosen == expected
    assert [unit for _a, unit, _v, _s in chosen] == [
        "Ban Nội chính Tỉnh uỷ", "Ban Tuyên giáo Tỉnh uỷ", "Ban Dân vận Tỉnh uỷ", "Uỷ ban Kiểm tra Tỉnh uỷ",
        "Đảng uỷ Khối các cơ quan tỉnh", "Trường Chính trị Nguyễn Văn Cừ", "Báo Bắc Ninh"]  # equal votes: ranking
    assert "Đơn vị dẫn đầu Khối năm 2018: Ban Nội chính Tỉnh uỷ." in all_texts
    assert "Trưởng khối năm 2019: Ban Tuyên giáo Tỉnh uỷ (8/11 phiếu, 72,73%)." in all_texts
    assert any(t.startswith("Phó khối năm 2019: Ban Dân vận Tỉnh uỷ") for t in all_texts)
    assert ("Biên bản đã được đọc lại trước hội nghị và được thông qua với 100,00% đại biểu biểu quyết nhất trí "
            "(11/11).") in all_texts
    assert "Hội nghị kết thúc vào hồi 11 giờ 20 phút cùng ngày." in all_texts
    assert "Tình hình thực hiện tính đến ngày 03/12/2018:" in all_texts
    summary = tasks.summary(demo_held, today=demo_held.info().date)
    assert f"- {summary.tasks_overdue} nhiệm vụ quá hạn." in all_texts
    ranking = next(t for t in document.tables if t.rows[0].cells[0].text == "Xếp hạng")
    assert [tuple(c.text for c in row.cells) for row in ranking.rows[1:]] == [
        (str(s.rank), s.unit.name, scoring.format_points(s.verified_total)) for s in scoring.ranking(demo_held)]
    assert not symbols(document)


def test_the_report_presented_is_named_by_its_number_and_date(demo_held: Conference) -> None:
    all_texts = texts(open_docx(minutes.write_minutes(demo_held)))
    cited = "Văn bản trình bày: Báo cáo số 25-BC/KTĐ ngày 28/11/2018 tổng kết công tác thi đua, khen thưởng năm 2018 " \
        "của Khối."
    item = all_texts.index("2. Báo cáo tổng kết công tác thi đua, khen thưởng năm 2018 của Khối")
    assert all_texts[item + 1:item + 3] == ["Trình bày: Trưởng khối.", cited]
    assert all_texts.count(cited) == 1
    # no agenda item presents it: the reports section names it; no number set: nothing is named
    for entry in demo_held.agenda():
        demo_held.save_agenda_item(replace(entry, title=entry.title.replace("Báo cáo tổng kết", "Báo cáo")))
    all_texts = texts(open_docx(minutes.write_minutes(demo_held)))
    assert cited not in all_texts
    section = all_texts.index("IV. Báo cáo và chấm điểm")
    assert all_texts[section + 1] == ("Báo cáo tổng kết của Khối: Báo cáo số 25-BC/KTĐ ngày 28/11/2018 tổng kết công "
                                      "tác thi đua, khen thưởng năm 2018 của Khối.")
    demo_held.save_info(replace(demo_held.info(), number_report=""))
    assert not any("25-BC/KTĐ" in t for t in texts(open_docx(minutes.write_minutes(demo_held))))


def test_the_demo_ranking_agrees_with_its_awards(demo_held: Conference) -> None:
    """The leading unit ranks first, and every unit the bloc put forward ranks above every unit it did not."""
    ranked = [s.unit.name for s in scoring.ranking(demo_held)]
    leading = results.leading_unit(demo_held)
    assert leading is not None and ranked[0] == leading.name == "Ban Nội chính Tỉnh uỷ"
    chosen = [c.unit for a in results.award_results(demo_held) for c in a.chosen]
    assert sorted(ranked[:len(chosen)]) == sorted(chosen)
    proposed = {unit_id: r.proposed_award for unit_id, r in scoring.reports(demo_held).items()}
    by_name = {u.name: u.id for u in demo_held.member_units()}
    for award in results.award_results(demo_held):
        for choice in award.chosen:
            assert proposed[by_name[choice.unit]] == award.title  # each unit proposed the award it was given


def test_gaps_are_marked(demo: Conference) -> None:
    demo.save_info(replace(demo.info(), chair="", secretary="", chair_title="", secretary_title=""))
    all_texts = texts(open_docx(minutes.write_minutes(demo)))
    assert "Chủ trì: (chưa có)." in all_texts and "Thư ký: (chưa có)." in all_texts
    assert all_texts.count("(chưa có)") >= 2  # under the signatures
    assert "Đơn vị thành viên có mặt: (chưa điểm danh)" in all_texts
    assert "(chưa ghi)" in all_texts
    assert "Thời gian bắt đầu: …… giờ …… phút, ngày 03/12/2018." in all_texts  # a gap, never a placeholder value
    assert "Hội nghị kết thúc vào hồi …… giờ …… phút cùng ngày." in all_texts
    assert "Biên bản đã được đọc lại trước hội nghị và được thông qua với ……% đại biểu biểu quyết nhất trí." \
        in all_texts
    assert "Đơn vị dẫn đầu Khối năm 2018: ……………." in all_texts


def test_a_name_typed_with_its_title_keeps_the_name_alone(demo: Conference) -> None:
    demo.save_info(replace(demo.info(), chair="Đỗ Đức Hùng, Chánh Văn phòng Tỉnh uỷ", chair_title=""))
    document = open_docx(minutes.write_minutes(demo))
    signatures = next(t for t in document.tables if t.rows[0].cells[0].paragraphs[0].text == "THƯ KÝ")
    assert [p.text for p in signatures.rows[0].cells[1].paragraphs] == ["CHỦ TRÌ", "CHÁNH VĂN PHÒNG TỈNH UỶ"]
    assert signatures.rows[1].cells[1].paragraphs[0].text == "Đỗ Đức Hùng"


@pytest.mark.parametrize("fmt", ["md", "txt"])
def test_golden(demo_held: Conference, fmt: str) -> None:
    text = minutes.minutes_text(demo_held, fmt)
    digests = [p.digest for p in voting.polls(demo_held) if p.digest]
    for n, digest in enumerate(digests):  # the digests chain real event times: the golden files name them by place
        text = text.replace(digest, f"<digest {n + 1}>")
    golden = GOLDEN / f"minutes-demo.{fmt}"
    if os.environ.get("TDKT_REGOLD"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
    written = minutes.write_minutes(demo_held, fmt)
    assert written.suffix == f".{fmt}" and written.read_text(encoding="utf-8") == minutes.minutes_text(demo_held, fmt)


def test_pdf_without_libreoffice(demo: Conference, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(TdktError) as caught:
        minutes.write_minutes(demo, "pdf")
    docx_path = Path(caught.value.params["path"])
    assert docx_path.exists() and docx_path.suffix == ".docx"
    assert "LibreOffice" in str(caught.value) and str(docx_path) in str(caught.value)
    assert not list(docx_path.parent.glob("*.pdf"))


def test_vote_results_while_a_vote_is_open(demo: Conference) -> None:
    from tdkt_tui.domain import checkin
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
    assert "Trưởng khối năm 2019: chưa kết thúc kiểm phiếu." in text
    assert digest in text
    assert "(chưa điểm danh)" not in text and "Đơn vị thành viên có mặt: 11/11" in text
    document = open_docx(minutes.write_minutes(demo))
    awards = next(t for t in document.tables if t.rows[0].cells[0].text == "Hình thức khen thưởng")
    result = voting.tally(demo, award)
    names = demo.unit_names()
    assert [r.cells[1].text for r in awards.rows[1:]] == [names[u] for u in result.winners]
    assert not [p.text for p in paragraphs(document) if "trúng " in p.text]  # never "trúng" alone
