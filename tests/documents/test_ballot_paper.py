"""Ballot papers, read back with python-docx: A4, Times New Roman, the header of a Party or a state bloc, the
instruction with the quota, every numbered name on every copy, as many copies as asked; motions have none."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import docx
import docx.table
import docx.text.paragraph
import pytest
from docx.shared import Mm

from tdkt_tui.documents import ballot_paper
from tdkt_tui.domain import checkin, voting
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.errors import ValidationError
from tdkt_tui.domain.model import HeaderVariant, Role

AWARD = "Bằng khen của Chủ tịch UBND tỉnh"


def award_poll(conference: Conference, **settings: object) -> voting.Poll:
    settings.setdefault("quota", 4)
    settings.setdefault("candidates", voting.default_candidates(conference))  # every member unit, ranked
    return voting.create_poll(conference, voting.Poll(kind=voting.PollKind.AWARD, award=AWARD, **settings))


def texts(container) -> list[str]:
    """Every paragraph's text in a cell, nested tables included, in order."""
    out: list[str] = []
    for child in container._element.iterchildren():
        if child.tag.endswith("}p"):
            out.append(docx.text.paragraph.Paragraph(child, container).text)
        elif child.tag.endswith("}tbl"):
            for row in docx.table.Table(child, container).rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        out.extend(texts(cell))
    return out


def ballots(path: Path) -> list[list[str]]:
    document = docx.Document(str(path))
    cells = [cell for table in document.tables for row in table.rows for cell in row.cells]
    found = [texts(cell) for cell in cells]
    return [lines for lines in found if "PHIẾU BẦU" in lines]


def test_ballot_papers_read_back(demo: Conference) -> None:
    poll = award_poll(demo)
    path = ballot_paper.write_ballot_papers(demo, poll.id, copies=5)
    assert path.parent.name == "exports" and path.name.startswith(f"phieu-bau-{poll.id}-") and path.suffix == ".docx"
    document = docx.Document(str(path))
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert document.styles["Normal"].font.size.pt == 13
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            assert run.font.name in (None, "Times New Roman")
    names = demo.unit_names()
    expected = [f"{n}.\t{names[unit]}" for n, unit in enumerate(poll.candidates, 1)]
    assert len(expected) == 11
    papers = ballots(path)
    assert len(papers) == 5
    for lines in papers:
        for line in expected:
            assert lines.count(line) == 1, line
        instruction = next(l for l in lines if l.startswith("Đồng chí gạch tên"))
        assert "không quá 4 đơn vị" in instruction
        assert "Số lượng suy tôn: 4 đơn vị" in lines
        assert AWARD in lines
        assert "Dấu của Khối / đơn vị Trưởng khối" in lines
        # the demo is a Party bloc
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in lines
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in lines
        # the letterhead of every document of the bloc: the governing body over the issuing body
        assert lines[:3] == ["TỈNH UỶ BẮC NINH", "KHỐI THI ĐUA CÁC BAN CƠ QUAN CỦA ĐẢNG", "*"]
    # ballots never split across pages
    outer = document.tables[0]
    assert all(row._tr.trPr is not None and row._tr.trPr.find(docx.oxml.ns.qn("w:cantSplit")) is not None
               for row in outer.rows)


def test_state_header(demo: Conference) -> None:
    demo.save_info(replace(demo.info(), header=HeaderVariant.STATE))
    poll = award_poll(demo)
    papers = ballots(ballot_paper.write_ballot_papers(demo, poll.id, copies=2))
    assert len(papers) == 2
    for lines in papers:
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines
        assert "Độc lập - Tự do - Hạnh phúc" in lines
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in lines


def test_default_copies(demo: Conference) -> None:
    poll = award_poll(demo)
    assert len(ballots(ballot_paper.write_ballot_papers(demo, poll.id))) == 1  # nobody checked in yet: at least 1
    for unit in demo.member_units()[:7]:
        person = next(p for p in demo.attendees() if p.unit_id == unit.id and p.role is Role.VOTING)
        checkin.check_in_person(demo, person.id, "test")
    assert len(ballots(ballot_paper.write_ballot_papers(demo, poll.id))) == 7
    voting.open_poll(demo, poll.id)
    voting.set_issued(demo, poll.id, 9, "thêm phiếu dự phòng")
    seen: list[tuple[int, int]] = []
    path = ballot_paper.write_ballot_papers(demo, poll.id, progress=lambda done, total: seen.append((done, total)))
    assert len(ballots(path)) == 9
    assert seen[0] == (0, 9) and seen[-1] == (9, 9)


def test_layout_follows_the_list(demo: Conference) -> None:
    few = award_poll(demo, candidates=tuple(u.id for u in demo.member_units()[:5]), quota=2)
    many = award_poll(demo)
    few_layout = ballot_paper.choose_layout(ballot_paper.ballot_text(demo, few))
    many_layout = ballot_paper.choose_layout(ballot_paper.ballot_text(demo, many))
    assert few_layout.per_page == 4
    assert 1 <= many_layout.per_page < few_layout.per_page
    document = docx.Document(str(ballot_paper.write_ballot_papers(demo, few.id, copies=6)))
    assert len(document.tables[0].columns) == 2 and len(document.tables[0].rows) == 3


def test_crossed_mode_instruction(demo: Conference) -> None:
    poll = award_poll(demo, entry_mode=voting.EntryMode.CROSSED)
    text = ballot_paper.ballot_text(demo, poll)
    assert "gạch ít nhất 7 đơn vị" in text.instruction and "không quá 4 đơn vị" in text.instruction


def test_motion_refused(demo: Conference) -> None:
    motion = voting.create_poll(demo, voting.Poll(kind=voting.PollKind.MOTION, title="Thông qua biên bản"))
    with pytest.raises(ValidationError):
        ballot_paper.write_ballot_papers(demo, motion.id)
    poll = award_poll(demo)
    with pytest.raises(ValidationError):
        ballot_paper.write_ballot_papers(demo, poll.id, copies=0)
    assert not list(demo.store.folder.glob("exports/phieu-bau-*"))
