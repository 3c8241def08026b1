"""``tdkt report PATH``: the draft as Word and Markdown, new files at every run, a sentence for a missing folder."""

from __future__ import annotations

from pathlib import Path

import docx

from tdkt_tui.domain.demo import write_demo
from tests.helpers.cli import tdkt


def test_report_writes_word_and_markdown(tmp_path: Path) -> None:
    write_demo(tmp_path / "d").close()
    result = tdkt("report", str(tmp_path / "d"), home=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and all(line.startswith("Đã lập dự thảo báo cáo tổng kết: ") for line in lines)
    written = [Path(line.split(": ", 1)[1]) for line in lines]
    assert [p.suffix for p in written] == [".docx", ".md"] and all(p.is_file() for p in written)
    assert "BÁO CÁO" in [p.text for p in docx.Document(str(written[0])).paragraphs]
    assert "# BÁO CÁO" in written[1].read_text(encoding="utf-8")
    again = tdkt("report", str(tmp_path / "d"), "--format", "md", home=tmp_path)
    assert again.returncode == 0 and len(again.stdout.splitlines()) == 1
    assert Path(again.stdout.split(": ", 1)[1].strip()) != written[1] and written[1].is_file()


def test_report_of_a_missing_folder_is_one_sentence(tmp_path: Path) -> None:
    result = tdkt("report", str(tmp_path / "nowhere"), home=tmp_path)
    assert result.returncode != 0 and "Traceback" not in result.stderr and result.stderr.strip()
    assert not (tmp_path / "nowhere").exists()
