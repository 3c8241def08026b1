"""The file picker, driven by the keyboard only: it opens where documents are, filters without diacritics, walks
folders, shows other types on request, takes a typed path, remembers the last folder."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from textual.app import App

from screens.widgets import file_picker
from screens.widgets.file_picker import SPREADSHEETS, FilePicker
from screens.widgets.rowtable import RowTable
from tdkt_tui.domain import preferences
from tests.helpers.pilot import SCANNER, TYPIST, type_keys


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A Documents folder as a secretary's looks, and a home around it."""
    home = tmp_path / "nha"
    docs = home / "Documents"
    (docs / "Hội nghị 2018").mkdir(parents=True)
    (home / "Downloads").mkdir()
    (home / "Desktop").mkdir()
    for name, age in [("Danh sách đại biểu.xlsx", 30), ("Bảng điểm thi đua.xlsx", 20), ("ghi chú.txt", 10),
                      ("ảnh hội trường.png", 5), ("~$Danh sách đại biểu.xlsx", 1), (".an.csv", 1)]:
        path = docs / name
        path.write_bytes(b"x" * 2048)
        os.utime(path, (time.time() - age * 60, time.time() - age * 60))
    (docs / "Hội nghị 2018" / "danh-sach-cu.csv").write_text("Họ và tên\n", encoding="utf-8")
    (home / "Downloads" / "DS dai bieu (1).xlsx").write_bytes(b"x")
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: home))
    monkeypatch.setattr(file_picker, "_user_dir", lambda name, fallback: home / fallback)
    return docs


class PickerApp(App[None]):
    def __init__(self, **options: object) -> None:
        super().__init__()
        self.options = options
        self.picked: list[Path | None] = []

    def on_mount(self) -> None:
        self.push_screen(FilePicker("Chọn tệp", **self.options), self.picked.append)  # type: ignore[arg-type]


def names(app: App[None]) -> list[str]:
    return [cells[0] for _key, cells in app.screen.query_one("#entries", RowTable).rows]


async def test_opens_in_documents_newest_first_without_hidden_or_lock_files(documents: Path) -> None:
    app = PickerApp(suffixes=SPREADSHEETS)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.folder == documents  # type: ignore[attr-defined]
        assert names(app) == [".." + os.sep, "Hội nghị 2018" + os.sep, "ghi chú.txt", "Bảng điểm thi đua.xlsx",
                              "Danh sách đại biểu.xlsx"]


@pytest.mark.parametrize("gap", [SCANNER, TYPIST])
async def test_typing_without_diacritics_filters_and_enter_picks(documents: Path, gap: float) -> None:
    app = PickerApp(suffixes=SPREADSHEETS)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_keys(pilot, "danh sach", gap)
        assert names(app) == ["Danh sách đại biểu.xlsx"]
        await type_keys(pilot, ["enter"], gap)
    assert app.picked == [documents / "Danh sách đại biểu.xlsx"]
    assert preferences.get(file_picker.LAST_FOLDER) == str(documents)


async def test_folders_are_walked_with_the_keys(documents: Path) -> None:
    app = PickerApp(suffixes=SPREADSHEETS)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_keys(pilot, "hoi nghi", TYPIST)
        await type_keys(pilot, ["enter"], TYPIST)  # into the folder
        assert app.screen.folder == documents / "Hội nghị 2018"  # type: ignore[attr-defined]
        assert names(app) == [".." + os.sep, "danh-sach-cu.csv"]
        await type_keys(pilot, ["backspace"], TYPIST)  # an empty filter: up a folder
        assert app.screen.folder == documents  # type: ignore[attr-defined]
        table = app.screen.query_one("#entries", RowTable)
        assert table.rows[table.cursor][1][0] == "Hội nghị 2018" + os.sep  # back on the folder it came from
        await pilot.press("down", "down", "up")
        assert table.rows[table.cursor][1][0] == "ghi chú.txt"
        await pilot.press("enter")
    assert app.picked == [documents / "ghi chú.txt"]


async def test_other_types_on_request_and_places_by_tab(documents: Path) -> None:
    app = PickerApp(suffixes=(".xlsx",))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "ảnh hội trường.png" not in names(app) and "ghi chú.txt" not in names(app)
        await pilot.press("ctrl+t")
        assert "ảnh hội trường.png" in names(app)
        await pilot.press("ctrl+t")
        assert "ảnh hội trường.png" not in names(app)
        await pilot.press("shift+tab")  # the places
        places = app.screen.query_one("#places", RowTable)
        assert places.has_focus
        labels = [cells[0] for _k, cells in places.rows]
        assert labels[:4] == ["Tài liệu", "Tải về", "Màn hình nền", "Thư mục nhà"]
        await pilot.press("down", "enter")  # Downloads
        assert app.screen.folder == documents.parent / "Downloads"  # type: ignore[attr-defined]
        await type_keys(pilot, "ds (1", TYPIST)
        await pilot.press("enter")
    assert app.picked == [documents.parent / "Downloads" / "DS dai bieu (1).xlsx"]


async def test_a_typed_path_goes_there_and_esc_cancels(documents: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "usb"
    elsewhere.mkdir()
    (elsewhere / "roster.csv").write_text("Họ và tên\n", encoding="utf-8")
    app = PickerApp(suffixes=SPREADSHEETS)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_keys(pilot, [*str(elsewhere), "enter"], SCANNER)
        assert app.screen.folder == elsewhere  # type: ignore[attr-defined]
        await type_keys(pilot, [*str(elsewhere / "nothing.csv"), "enter"], SCANNER)
        assert isinstance(app.screen, FilePicker)  # not found: said, and the picker stays
        app.screen.query_one("#filter").value = ""  # type: ignore[attr-defined]
        await pilot.press("escape")
    assert app.picked == [None]


async def test_it_opens_again_where_a_file_was_last_picked(documents: Path) -> None:
    preferences.put(file_picker.LAST_FOLDER, str(documents / "Hội nghị 2018"))
    app = PickerApp(suffixes=SPREADSHEETS)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.folder == documents / "Hội nghị 2018"  # type: ignore[attr-defined]
        assert app.screen.query_one("#places", RowTable).rows[0][1][0] == "Vừa dùng"


async def test_a_units_report_file_is_chosen_in_the_reports_form(documents: Path, demo_app: object,
                                                                 demo: object) -> None:
    from screens.scoring import ScoringScreen
    from screens.widgets.record_form import RecordForm
    from tdkt_tui.domain import scoring

    report = documents / "Báo cáo tổng kết BTG.docx"
    report.write_bytes(b"docx")
    async with demo_app.run_test(size=(120, 40)) as pilot:  # type: ignore[attr-defined]
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(demo_app.screen, ScoringScreen)  # type: ignore[attr-defined]
        table = demo_app.screen.query_one("#reports", RowTable)  # type: ignore[attr-defined]
        unit_id = table.current_key
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(demo_app.screen, RecordForm)  # type: ignore[attr-defined]
        demo_app.screen.query_one("#file_path").focus()  # type: ignore[attr-defined]
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(demo_app.screen, FilePicker)  # type: ignore[attr-defined]
        await type_keys(pilot, "bao cao tong", TYPIST)
        assert names(demo_app) == ["Báo cáo tổng kết BTG.docx"]  # type: ignore[arg-type]
        await type_keys(pilot, ["enter"], TYPIST)
        assert isinstance(demo_app.screen, RecordForm)  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert scoring.reports(demo)[unit_id].file_path == str(report)  # type: ignore[arg-type, index]
