"""``tdkt import`` with rosters as offices have them: roles by unit, the encoding found, the voter rule, suggestions."""

from __future__ import annotations

import subprocess
from pathlib import Path

import openpyxl

from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.model import Role
from tests.helpers import cli

SAMPLES = cli.ROOT / "data" / "samples"


def tdkt(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """In English, so the assertions read the English sentences."""
    return cli.tdkt(*args, home=home, env={"TDKT_LANG": "en"}, timeout=60)


def test_a_tcvn3_roster_previews_and_imports_with_roles(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    assert tdkt(tmp_path, "demo", str(folder)).returncode == 0
    dry = tdkt(tmp_path, "import", str(folder), str(SAMPLES / "roster-tcvn3.xlsx"), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "1 new, " in dry.stdout and ", 0 rejected." in dry.stdout
    assert "Not people, left out: rows" in dry.stdout
    assert "typed in TCVN3 (ABC, .VnTime fonts)" in dry.stdout
    assert "Roles: 11 voting delegates, 22 delegates, 4 guests, 2 organisers." in dry.stdout
    assert "Ban Tổ chức Tỉnh uỷ (matched without “tỉnh”/“Tỉnh uỷ”)" in dry.stdout
    done = tdkt(tmp_path, "import", str(folder), str(SAMPLES / "roster-tcvn3.xlsx"), "--yes")
    assert done.returncode == 0, done.stderr
    conference = Conference.open(folder, create=False)
    try:
        thanh = next(p for p in conference.attendees() if p.full_name == "Nguyễn Văn Thành")
        assert thanh.role is Role.GUEST and thanh.title == "Nguyên Chánh Văn phòng"
    finally:
        conference.close()


def test_voter_rule_and_suggestions(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    assert tdkt(tmp_path, "demo", str(folder)).returncode == 0
    book = openpyxl.Workbook()
    for row in (["Họ và tên", "Chức vụ", "Đơn vị"], ["Kha Văn Một", "Chuyên viên", "Sở Tư pháp"],
                ["Kha Thị Hai", "Giám đốc", "Sở Tư pháp"], ["Lê Văn Ba", "Chuyên viên", "Bao Bac Ninhh"]):
        book.active.append(row)
    book.save(tmp_path / "r.xlsx")
    dry = tdkt(tmp_path, "import", str(folder), str(tmp_path / "r.xlsx"), "--dry-run", "--voter", "first")
    assert "“Bao Bac Ninhh” looks like Báo Bắc Ninh" in dry.stdout
    assert "New guest bodies will be created: Sở Tư pháp, Bao Bac Ninhh" in dry.stdout
    assert "A member unit without a voting delegate gets the first listed." in dry.stdout
    used = tdkt(tmp_path, "import", str(folder), str(tmp_path / "r.xlsx"), "--yes", "--use-suggested")
    assert used.returncode == 0, used.stderr
    conference = Conference.open(folder, create=False)
    try:
        ba = next(p for p in conference.attendees() if p.full_name == "Lê Văn Ba")
        assert conference.unit(ba.unit_id).name == "Báo Bắc Ninh"  # type: ignore[union-attr]
        assert ba.role is Role.DELEGATE  # Báo Bắc Ninh has its voting delegate
        assert {p.role for p in conference.attendees() if p.full_name.startswith("Kha")} == {Role.GUEST}
    finally:
        conference.close()
