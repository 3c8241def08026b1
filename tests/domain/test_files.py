"""Every file tdkt writes is private to its owner (0600) and every folder it makes is too (0700), whatever the umask:
in the conference folder, in exports (the scan log, the QR images that hold the codes, documents, lists) and in
tdkt's own folder (the crash log, the last conference, the exports of a read-only copy)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tdkt_tui.documents.badges import write_badges
from tdkt_tui.documents.minutes import write_minutes
from tdkt_tui.domain import checkin, locations
from tdkt_tui.domain.demo import write_demo
from tdkt_tui.domain.files import append_private, private_dir, replace_private, write_private
from tdkt_tui.sheets.attendance_list import write_attendance
from tdkt_tui.sheets.scan_log import export_log

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


def not_private(root: Path) -> dict[str, str]:
    """Every file under ``root`` that is not 0600 and every folder that is not 0700."""
    wrong = {}
    for path in root.rglob("*"):
        mode = stat.S_IMODE(path.lstat().st_mode)
        if mode != (0o700 if path.is_dir() else 0o600):
            wrong[str(path)] = oct(mode)
    return wrong


@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_everything_tdkt_writes_is_private(tmp_path: Path, private_home: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        conference = write_demo(tmp_path / "a" / "new" / "hoi-nghi")
        person = conference.attendees()[0]
        checkin.scan(conference, checkin.code_of(conference, person), "Bàn 1")
        checkin.scan(conference, "not a code", "Bàn 1")
        export_log(conference)  # the scan log, as CSV
        write_attendance(conference, "xlsx")
        write_attendance(conference, "csv")
        write_badges(conference)  # DOCX, CSV, XLSX and the QR images
        write_minutes(conference, "md")
        conference.compact()
        conference.close()
        locations.remember_conference(conference.folder)
        try:
            raise RuntimeError("a bug")
        except RuntimeError as exc:
            assert locations.log_crash(exc) == str(private_home / "crash.log")
    finally:
        os.umask(old)
    created = tmp_path / "a"
    names = [p.name for root in (created, private_home) for p in root.rglob("*")]
    for expected in (".png", ".svg", ".docx", ".xlsx", ".csv", ".md", "crash.log", "last-conference.txt"):
        assert any(name.endswith(expected) for name in names), expected
    assert any(name.startswith("nhat-ky-diem-danh") for name in names)
    assert not_private(created) == {} and not_private(private_home) == {}
    assert stat.S_IMODE(created.stat().st_mode) == 0o700  # folders tdkt made above the conference, too


def test_an_existing_file_becomes_private_when_written(tmp_path: Path) -> None:
    target = tmp_path / "x"
    target.write_text("old")
    target.chmod(0o644)
    write_private(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600 and target.read_bytes() == b"new"
    log = tmp_path / "log"
    log.write_text("")
    log.chmod(0o666)
    append_private(log, "line\n")
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    replace_private(tmp_path / "last", b"one")
    replace_private(tmp_path / "last", b"two")
    assert (tmp_path / "last").read_bytes() == b"two" and sorted(p.name for p in tmp_path.iterdir()) == [
        "last", "log", "x"]
    assert private_dir(tmp_path / "d" / "e", parents=True).is_dir()
    assert stat.S_IMODE((tmp_path / "d").stat().st_mode) == 0o700


def test_a_steady_writer_goes_to_disk_a_piece_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """However long a piece a fold writes (an unchanged run of 25 MB), it reaches the disk ``FLUSH_EVERY`` bytes at
    a time: a desk's fsync beside it waits behind one piece, not the whole."""
    from tdkt_tui.domain import files

    synced: list[int] = []
    monkeypatch.setattr(files, "FLUSH_EVERY", 1000)
    monkeypatch.setattr(files, "_datasync", lambda fd: synced.append(os.fstat(fd).st_size))
    fd = files.new_private_file(tmp_path / "big")
    try:
        write = files.steady_writer(fd)
        write(b"a" * 300)
        write(memoryview(b"b" * 4500))
        write(b"c" * 10)
    finally:
        os.close(fd)
    assert synced == [1000, 2000, 3000, 4000]
    assert (tmp_path / "big").read_bytes() == b"a" * 300 + b"b" * 4500 + b"c" * 10
