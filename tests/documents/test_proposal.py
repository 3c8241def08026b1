"""The proposal for awards sent upward: addressed to the council of the settings, every unit proposed with its votes
and share equal to the tally, the threshold applied, the documents attached, the XLSX list equal to the DOCX."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import openpyxl
import pytest

from tdkt_tui.documents import results
from tdkt_tui.documents.covenant import write_covenant
from tdkt_tui.documents.proposal import write_proposal
from tdkt_tui.domain import voting
from tdkt_tui.domain.conference import Conference
from tests.helpers.clock import freeze_export_clock
from tests.helpers.word_files import find, open_docx, page_field, size, symbols, texts


def test_proposal_of_the_demo(demo_held: Conference) -> None:
    files = write_proposal(demo_held)
    assert files.docx.name.startswith("to-trinh-de-nghi-khen-thuong-") and files.xlsx.suffix == ".xlsx"
    document = open_docx(files.docx)
    all_texts = texts(document)
    assert all_texts[:4] == ["TỈNH UỶ BẮC NINH", "KHỐI THI ĐUA CÁC BAN CƠ QUAN CỦA ĐẢNG", "*", "Số …-TTr/KTĐ"]
    assert size(find(document, "TỜ TRÌNH")) == 16
    assert "Về việc đề nghị khen thưởng công tác thi đua năm 2018" in all_texts
    assert "Kính gửi: Hội đồng Thi đua - Khen thưởng tỉnh Bắc Ninh." in all_texts
    assert "1. Đơn vị dẫn đầu Khối năm 2018: Ban Nội chính Tỉnh uỷ." in all_texts
    tables = [t for t in document.tables if t.rows[0].cells[0].text == "STT"]
    awards = results.award_results(demo_held)
    assert len(tables) == len(awards) == 3
    for table, award in zip(tables, awards):
        rows = [[c.text for c in row.cells] for row in table.rows[1:]]
        assert rows == [[str(n), c.unit, f"{c.votes}/{c.base_count}", c.share, "Bỏ phiếu kín"]
                        for n, c in enumerate(award.chosen, start=1)]
        first = voting.tally(demo_held, award.poll.id)
        assert (f"Tỷ lệ cần đạt: quá một nửa số phiếu hợp lệ, cần ít nhất {first.votes_needed} phiếu; phiếu phát "
                f"ra {first.issued}, phiếu hợp lệ {first.valid}.") in all_texts
    assert [row.cells[1].text for row in tables[2].rows[1:]] == [
        "Uỷ ban Kiểm tra Tỉnh uỷ", "Đảng uỷ Khối các cơ quan tỉnh", "Trường Chính trị Nguyễn Văn Cừ", "Báo Bắc Ninh"]
    start = all_texts.index("Hồ sơ kèm theo:")
    attached = all_texts[start + 1:start + 12]
    assert attached[0] == "- Biên bản Hội nghị tổng kết công tác thi đua, khen thưởng năm 2018;"
    assert "- Biên bản kiểm phiếu bầu suy tôn đề nghị tặng Cờ thi đua của Chính phủ;" in attached
    assert any(t.startswith("- Báo cáo tổng kết năm của Ban Nội chính Tỉnh uỷ (nhận ngày") for t in attached)
    # signed for the bloc by the head of the leader unit, "Nơi nhận" beside it
    assert {"T/M KHỐI THI ĐUA", "TRƯỞNG KHỐI", "Hoàng Minh Tuấn", "Nơi nhận:", "- Như trên;", "- Lưu: VT, KTĐ."} \
        <= set(all_texts)
    different, codes, _first = page_field(document)
    assert different and any(code.strip() == "PAGE" for code in codes)
    assert not symbols(document)

    sheet = openpyxl.load_workbook(files.xlsx).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = values.index(["STT", "Hình thức khen thưởng", "Đơn vị", "Số phiếu bầu", "Tính trên", "Tỷ lệ (%)",
                           "Hình thức chọn", "Tỷ lệ cần đạt"])
    listed = values[header + 1:]
    expected = [[a.title, c.unit, c.votes, c.base_count, Decimal(c.percent)] for a in awards for c in a.chosen]
    assert [row[1:6] for row in listed] == [[t, u, v, b, float(p)] for t, u, v, b, p in expected]
    assert ["Đơn vị dẫn đầu Khối: Ban Nội chính Tỉnh uỷ"] in [[v for v in row if v] for row in values[:header]]


def test_a_vote_not_finished_is_a_gap(demo: Conference) -> None:
    voting.create_poll(demo, voting.Poll(kind=voting.PollKind.AWARD, award="Cờ thi đua của UBND tỉnh", quota=2))
    demo.save_info(replace(demo.info(), council=""))
    all_texts = texts(open_docx(write_proposal(demo).docx))
    assert "Kính gửi: Hội đồng Thi đua - Khen thưởng tỉnh." in all_texts  # the default recipient
    assert "2. Đề nghị tặng Cờ thi đua của UBND tỉnh (0 đơn vị):" in all_texts
    assert "Cuộc bỏ phiếu này chưa kết thúc kiểm phiếu; chưa có đơn vị nào được đề nghị." in all_texts
    assert "1. Đơn vị dẫn đầu Khối năm 2018: ……………." in all_texts


def test_a_new_run_never_replaces_an_edited_proposal_or_covenant(demo_held: Conference,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    freeze_export_clock(monkeypatch, dt.datetime(2018, 12, 3, 11, 30, 0))  # the same second for every run: names still differ
    first = write_proposal(demo_held)
    edited = open_docx(first.docx)
    edited.add_paragraph("Khối kính đề nghị Hội đồng xem xét.")
    edited.save(str(first.docx))
    before = (first.docx.read_bytes(), first.xlsx.read_bytes())
    second = write_proposal(demo_held)
    assert second.docx != first.docx and second.xlsx != first.xlsx and second.docx.exists()
    assert (first.docx.read_bytes(), first.xlsx.read_bytes()) == before
    assert "Khối kính đề nghị Hội đồng xem xét." in texts(open_docx(first.docx))
    signed = write_covenant(demo_held)
    kept = signed.read_bytes()
    again = write_covenant(demo_held)
    assert again != signed and signed.read_bytes() == kept
