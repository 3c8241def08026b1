"""Exports (``tdkt_tui.domain.exports``): whole or not at all, private, one sentence when the disk is full."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.demo import write_demo
from tdkt_tui.domain.errors import StoreError
from tdkt_tui.domain.exports import export_dir, export_file, export_into

ROOT = Path(__file__).resolve().parents[2]
DISK_FULL = ROOT / "tests" / "helpers" / "disk_full.py"
linux_only = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="the full disk is simulated on Linux")


def test_a_failed_export_leaves_no_file(demo: Conference) -> None:
    with pytest.raises(RuntimeError), export_file(demo, "danh-sach", ".csv") as (path, handle):
        handle.write(b"half")
        raise RuntimeError("the writer failed")
    assert not path.exists()
    with export_file(demo, "danh-sach", ".csv") as (second, handle):
        handle.write(b"whole")
    assert second.read_bytes() == b"whole"


def test_two_exports_in_one_second_get_two_files(demo: Conference) -> None:
    paths = []
    for n in range(3):
        with export_file(demo, "danh-sach", ".csv") as (path, handle):
            handle.write(str(n).encode())
        paths.append(path)
    assert len(set(paths)) == 3 and [p.read_bytes() for p in paths] == [b"0", b"1", b"2"]


def test_export_into_a_folder_refuses_to_overwrite(demo: Conference) -> None:
    folder = export_dir(demo, "qr")
    export_into(folder, "1.png", b"png")
    with pytest.raises(StoreError):
        export_into(folder, "1.png", b"other")
    assert (folder / "1.png").read_bytes() == b"png"


@linux_only
@pytest.mark.parametrize(("command", "room"), [("attendance", 0), ("attendance", 3000), ("badges", 0),
                                                ("badges", 20_000), ("minutes", 5000)])
def test_a_full_disk_is_one_sentence_and_leaves_no_partial_file(tmp_path: Path, command: str, room: int) -> None:
    folder = tmp_path / "hoi-nghi"
    write_demo(folder).close()
    home = tmp_path / "home"
    done = subprocess.run([sys.executable, str(DISK_FULL), str(room), command, str(folder), "--lang", "en"],
                          capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120,
                          env={**os.environ, "TDKT_HOME": str(home)})
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, f"more than one sentence:\n{done.stderr}"
    assert lines[0].startswith("Error: Cannot write ") and lines[0].endswith(
        ": the disk is full; nothing was written there, so free some space and try again.")
    assert not (home / "crash.log").exists()
    exports = folder / "exports"
    empty = [p for p in exports.rglob("*") if p.is_file() and p.stat().st_size == 0]
    assert not empty, f"files left empty: {empty}"
    written = [p for p in exports.rglob("*") if p.is_file()]
    assert all(p.suffix in (".png", ".svg") for p in written), written  # documents are written whole or not at all
