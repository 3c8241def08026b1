"""The README shows the first page of each document the bloc sends or signs, rendered from the PDF and kept under
data/readme, and documents the command that writes each."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("picture", "command"), [
    ("bien-ban-hoi-nghi-1.png", "tdkt minutes PATH"),
    ("bien-ban-kiem-phieu-1.png", "tdkt count-minutes PATH 1"),
    ("to-trinh-de-nghi-khen-thuong-1.png", "tdkt proposal PATH"),
    ("giao-uoc-thi-dua-1.png", "tdkt covenant PATH"),
    ("bao-cao-tong-ket-1.png", "tdkt report PATH"),
])
def test_each_document_has_its_first_page_and_its_command(picture: str, command: str) -> None:
    path = ROOT / "data" / "readme" / picture
    assert f"(data/readme/{picture})" in README and command in README
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 20_000  # a page, not a stub
