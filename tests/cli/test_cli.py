"""The ``tdkt`` command as a script or a secretary uses it: clear sentences and exit codes, never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

from tdkt_tui.domain import locations
from tdkt_tui.domain.conference import Conference
from tests.helpers.cli import ROOT, tdkt

SAMPLES = ROOT / "data" / "samples"


def test_demo_writes_a_fresh_copy(tmp_path: Path) -> None:
    result = tdkt("demo", str(tmp_path / "d"), home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "11" not in result.stderr and "13 đơn vị, 38 người" in result.stdout
    conference = Conference.open(tmp_path / "d", create=False)
    assert len(conference.member_units()) == 11 and len(conference.attendees()) == 38
    again = tdkt("demo", str(tmp_path / "d"), home=tmp_path)
    assert again.returncode == 1 and "không trống" in again.stderr and "Traceback" not in again.stderr


def test_demo_json_ships_with_the_package() -> None:
    assert (locations.shipped_data() / "demo.json").is_file()


def test_english_messages(tmp_path: Path) -> None:
    result = tdkt("demo", str(tmp_path / "d"), "--lang", "en", home=tmp_path)
    assert "Demo conference written" in result.stdout
    env_result = tdkt("demo", str(tmp_path / "e"), env={"TDKT_LANG": "en"}, home=tmp_path)
    assert "Demo conference written" in env_result.stdout


def test_bad_folders_give_a_sentence_not_a_traceback(tmp_path: Path) -> None:
    stranger = tmp_path / "photos"
    stranger.mkdir()
    (stranger / "holiday.jpg").write_bytes(b"\xff\xd8\xff")
    result = tdkt("import", str(stranger), str(SAMPLES / "roster-utf8.csv"), "--yes", home=tmp_path)
    assert result.returncode == 1
    assert "không phải là thư mục hội nghị" in result.stderr or "conference" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in stranger.iterdir()) == ["holiday.jpg"]

    missing = tdkt("import", str(tmp_path / "nowhere"), str(SAMPLES / "roster-utf8.csv"), home=tmp_path)
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    assert not (tmp_path / "nowhere").exists()


def test_corrupt_conference_is_named_and_left_alone(tmp_path: Path) -> None:
    assert tdkt("demo", str(tmp_path / "d"), home=tmp_path).returncode == 0
    snapshot = tmp_path / "d" / "conference.json"
    damaged = snapshot.read_bytes()[: len(snapshot.read_bytes()) // 2]
    snapshot.write_bytes(damaged)
    result = tdkt("import", str(tmp_path / "d"), str(SAMPLES / "roster-utf8.csv"), "--yes", home=tmp_path)
    assert result.returncode == 1
    assert "conference.json" in result.stderr and "Traceback" not in result.stderr
    assert snapshot.read_bytes() == damaged


def test_import_preview_then_commit(tmp_path: Path) -> None:
    assert tdkt("demo", str(tmp_path / "d"), home=tmp_path).returncode == 0
    dry = tdkt("import", str(tmp_path / "d"), str(SAMPLES / "roster-bad-rows.xlsx"), "--dry-run", home=tmp_path)
    assert dry.returncode == 0, dry.stderr
    assert "bị từ chối" in dry.stdout and "Dòng" in dry.stdout
    assert len(Conference.open(tmp_path / "d").attendees()) == 38
    refused = tdkt("import", str(tmp_path / "d"), str(SAMPLES / "roster-utf8.csv"), home=tmp_path)
    assert refused.returncode == 3 and "--yes" in refused.stderr
    done = tdkt("import", str(tmp_path / "d"), str(SAMPLES / "roster-utf8.csv"), "--yes", home=tmp_path)
    assert done.returncode == 0, done.stderr
    after = len(Conference.open(tmp_path / "d").attendees())
    assert after > 38
    again = tdkt("import", str(tmp_path / "d"), str(SAMPLES / "roster-utf8.csv"), "--yes", home=tmp_path)
    assert again.returncode == 0
    assert len(Conference.open(tmp_path / "d").attendees()) == after


def test_import_of_junk_changes_nothing(tmp_path: Path) -> None:
    assert tdkt("demo", str(tmp_path / "d"), home=tmp_path).returncode == 0
    junk = tmp_path / "roster.csv"
    junk.write_bytes(os.urandom(2_000_000))
    result = tdkt("import", str(tmp_path / "d"), str(junk), "--yes", home=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(Conference.open(tmp_path / "d").attendees()) == 38


def test_last_conference_is_remembered(tmp_path: Path) -> None:
    folder = tmp_path / "conf"
    folder.mkdir()
    locations.remember_conference(folder)
    assert locations.last_conference() == folder.resolve()
    folder.rmdir()
    assert locations.last_conference() is None


def test_an_unexpected_error_ends_in_a_sentence_and_a_log(tmp_path: Path, monkeypatch) -> None:
    from dataclasses import replace

    from tdkt_tui import cli
    from tdkt_tui.cli import table

    def broken(args: object) -> int:
        raise RuntimeError("a bug")

    monkeypatch.setitem(table.commands(), "demo", replace(table.commands()["demo"], run=broken))
    assert cli.main(["demo", str(tmp_path / "d")]) == 1
    log = locations.user_dir() / "crash.log"
    assert "RuntimeError: a bug" in log.read_text(encoding="utf-8")


def test_make_app_remembers_the_folder(tmp_path: Path) -> None:
    from tdkt_tui.ui.app import make_app

    app = make_app(tmp_path / "c", lang="en")
    assert locations.last_conference() == (tmp_path / "c").resolve()
    assert make_app(lang="en").conference.folder.resolve() == (tmp_path / "c").resolve()
    demo_app = make_app(demo=True)  # the demo as it was held: one substitute came for an absent delegate
    assert len(demo_app.conference.attendees()) == 39
    assert demo_app.conference.folder.parent == locations.user_dir() / "demo"
    app.conference.close()


def test_checkin_exit_codes_per_outcome(tmp_path: Path) -> None:
    from tdkt_tui.domain import checkin
    from tdkt_tui.domain.codes import group

    assert tdkt("demo", str(tmp_path / "d"), home=tmp_path).returncode == 0
    conference = Conference.open(tmp_path / "d")
    person = conference.attendees()[0]
    code = checkin.code_of(conference, person)
    conference.close()
    first = tdkt("checkin", str(tmp_path / "d"), *group(code).split(), "--desk", "Cửa Đông", home=tmp_path)
    assert first.returncode == 0 and person.full_name in first.stdout
    again = tdkt("checkin", str(tmp_path / "d"), code, home=tmp_path)
    assert again.returncode == 10 and "Cửa Đông" in again.stderr
    assert tdkt("checkin", str(tmp_path / "d"), code[:-1] + str((int(code[-1]) + 1) % 10),
                home=tmp_path).returncode == 12
    assert tdkt("checkin", str(tmp_path / "d"), "abc", home=tmp_path).returncode == 16
    missing = tdkt("checkin", str(tmp_path / "nowhere"), code, home=tmp_path)
    assert missing.returncode == 1 and "Traceback" not in missing.stderr


def test_badges_and_attendance_commands(tmp_path: Path) -> None:
    assert tdkt("demo", str(tmp_path / "d"), home=tmp_path).returncode == 0
    badges = tdkt("badges", str(tmp_path / "d"), home=tmp_path)
    assert badges.returncode == 0, badges.stderr
    assert "38" in badges.stdout and list((tmp_path / "d" / "exports").glob("*.docx"))
    for fmt in ("xlsx", "csv"):
        result = tdkt("attendance", str(tmp_path / "d"), "--format", fmt, home=tmp_path)
        assert result.returncode == 0, result.stderr
        assert list((tmp_path / "d" / "exports").glob(f"diem-danh-*.{fmt}"))


def test_scores_tasks_and_carry_over_commands(tmp_path: Path) -> None:
    assert tdkt("demo", str(tmp_path / "old"), home=tmp_path).returncode == 0
    ranking = tdkt("scores", str(tmp_path / "old"), "--export", home=tmp_path)
    assert ranking.returncode == 0, ranking.stderr
    assert "Văn phòng Tỉnh uỷ" in ranking.stdout and "9/11" in ranking.stdout
    exported = next((tmp_path / "old" / "exports").glob("bang-diem-*.xlsx"))
    again = tdkt("scores", str(tmp_path / "old"), "--import", str(exported), home=tmp_path)
    assert again.returncode == 0, again.stderr
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a workbook")
    refused = tdkt("scores", str(tmp_path / "old"), "--import", str(junk), home=tmp_path)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    listing = tdkt("tasks", str(tmp_path / "old"), home=tmp_path)
    assert listing.returncode == 0 and "3/8 chỉ tiêu hoàn thành vượt" in listing.stdout
    assert listing.stdout.count("3/8 chỉ tiêu hoàn thành vượt") == 1

    from tdkt_tui.domain.conference import Conference as Conf

    new = Conf.open(tmp_path / "new")
    new.store.close()
    carried = tdkt("carry-over", str(tmp_path / "old"), str(tmp_path / "new"), home=tmp_path)
    assert carried.returncode == 0, carried.stderr
    twice = tdkt("carry-over", str(tmp_path / "old"), str(tmp_path / "new"), home=tmp_path)
    assert twice.returncode == 0 and " 0 " in f" {twice.stdout} "
