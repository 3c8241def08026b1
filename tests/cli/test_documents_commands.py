"""`tdkt proposal` and `tdkt covenant` from a real process on the demo as it was held; `tdkt demo --held`."""

from __future__ import annotations

from pathlib import Path

import docx

from tests.helpers.cli import tdkt


def test_held_demo_proposal_and_covenant(tmp_path: Path) -> None:
    folder = str(tmp_path / "d")
    made = tdkt("demo", folder, "--held", home=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "13 đơn vị, 38 người" in made.stdout  # the substitute is counted in the place of the absent delegate
    proposal = tdkt("proposal", folder, home=tmp_path)
    assert proposal.returncode == 0, proposal.stderr
    written = sorted((tmp_path / "d" / "exports").glob("to-trinh-de-nghi-khen-thuong-*.docx"))
    assert len(written) == 1 and str(written[0]) in proposal.stdout
    assert list((tmp_path / "d" / "exports").glob("danh-sach-de-nghi-khen-thuong-*.xlsx"))
    text = "\n".join(p.text for p in docx.Document(str(written[0])).paragraphs)
    assert "Kính gửi: Hội đồng Thi đua - Khen thưởng tỉnh Bắc Ninh." in text
    covenant = tdkt("covenant", folder, "--format", "md", home=tmp_path)
    assert covenant.returncode == 0, covenant.stderr
    markdown = next((tmp_path / "d" / "exports").glob("giao-uoc-thi-dua-*.md")).read_text(encoding="utf-8")
    assert "# GIAO ƯỚC THI ĐUA" in markdown and "Kết nạp đảng viên mới" in markdown
    missing = tdkt("proposal", str(tmp_path / "nowhere"), home=tmp_path)
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
