"""Recovering a damaged folder (``tdkt_tui.domain.recovery`` and ``tdkt recover``): everything that can be kept is
kept, everything dropped is named with its sequence number, and the damaged folder is never touched."""

from __future__ import annotations

import json
import zlib
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from tdkt_tui.cli import main
from tdkt_tui.domain import i18n
from tdkt_tui.domain.errors import CorruptStore, StoreError
from tdkt_tui.domain.journal import journal_name
from tdkt_tui.domain.recovery import DAMAGED, ORPHAN, REPEATED, TORN, recover
from tdkt_tui.domain.snapshots import KEEP_BACKUPS, SNAPSHOT, backups, latest_backup
from tdkt_tui.domain.store import Store

T = "t"


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def fill(store: Store, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        with store.transaction() as txn:
            txn.insert(T, {"n": n})


def numbers(folder: Path) -> list[int]:
    with closing(Store.open(folder, create=False)) as store:
        return sorted(doc["n"] for doc in store.docs(T).values())


def line(seq: int, ops: list[Any]) -> bytes:
    body = json.dumps({"seq": seq, "ops": ops}, separators=(",", ":")).encode()
    return b"%08x %s\n" % (zlib.crc32(body), body)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "hoi-nghi"


def test_a_damaged_snapshot_is_recovered_with_every_change_the_journal_holds(folder: Path, tmp_path: Path) -> None:
    """Copying the newest backup over the snapshot and deleting the journals (the old README's advice) dropped every
    change after that backup; replaying the journal on top of it keeps them all."""
    with closing(Store.open(folder)) as store:
        fill(store, 50)
        store.compact()
        fill(store, 900, start=50)  # only in the journal
    (folder / SNAPSHOT).write_bytes(b'{"_meta": {"1": {"sch')
    with pytest.raises(CorruptStore):
        Store.open(folder)
    before = files(folder)
    result = recover(folder, tmp_path / "phuc-hoi")
    assert files(folder) == before, "the damaged folder was changed"
    assert result.source == latest_backup(folder) and result.base_seq == 50
    assert result.replayed == list(range(51, 951)) and result.seq == 950
    assert not result.dropped and not result.missing
    assert numbers(tmp_path / "phuc-hoi") == list(range(950))
    with closing(Store.open(tmp_path / "phuc-hoi", create=False)) as copy, copy.transaction() as txn:
        assert txn.insert(T, {"n": "next"}) == 951  # ids go on after the highest ever given


def test_a_damaged_journal_line_is_dropped_by_number_and_the_rest_replayed(folder: Path, tmp_path: Path) -> None:
    with closing(Store.open(folder)) as store:
        fill(store, 6)
        journal = store.journal_path
    data = journal.read_bytes().replace(b'"n":2}', b'"n":7}')  # line 3 no longer matches its checksum
    journal.write_bytes(data + b"0badf00d {\"seq\":7,\"ops\":[[")  # and a last line a crash cut short
    before = files(folder)
    result = recover(folder, tmp_path / "copy")
    assert files(folder) == before
    assert result.source == folder / SNAPSHOT and result.base_seq == 0
    assert result.replayed == [1, 2, 4, 5, 6]
    assert [(d.seq, d.reason) for d in result.dropped] == [(3, DAMAGED), (7, TORN)]
    third = len(b"".join(data.splitlines(keepends=True)[:2]))
    assert result.dropped[0].journal == journal.name and result.dropped[0].offset == third
    assert not result.missing
    assert numbers(tmp_path / "copy") == [0, 1, 3, 4, 5]


def test_a_repeated_sequence_number_keeps_the_first_and_names_the_second(folder: Path, tmp_path: Path) -> None:
    """What two desks wrote when the lock file was deleted under them (before the folder itself was locked)."""
    with closing(Store.open(folder)) as store:
        fill(store, 2)
        journal = store.journal_path
    with journal.open("ab") as fh:
        fh.write(line(3, [["put", T, 3, {"n": "desk 1"}]]))
        fh.write(line(3, [["put", T, 3, {"n": "desk 2"}]]))
        fh.write(line(4, [["put", T, 4, {"n": "after"}]]))
    result = recover(folder, tmp_path / "copy")
    assert result.replayed == [1, 2, 3, 4]
    assert [(d.seq, d.reason) for d in result.dropped] == [(3, REPEATED)]
    with closing(Store.open(tmp_path / "copy", create=False)) as copy:
        assert copy.get(T, 3) == {"n": "desk 1"} and copy.get(T, 4) == {"n": "after"}


def test_a_change_to_a_missing_record_is_dropped_whole(folder: Path, tmp_path: Path) -> None:
    with closing(Store.open(folder)) as store:
        fill(store, 1)
        journal = store.journal_path
    with journal.open("ab") as fh:
        fh.write(b"00000000 " + line(2, [["put", T, 2, {"n": "lost"}]]).split(b" ", 1)[1])
        fh.write(line(3, [["patch", T, 2, {"x": 1}], ["put", T, 9, {"n": "same transaction"}]]))
        fh.write(line(4, [["patch", T, 1, {"x": 1}]]))
    result = recover(folder, tmp_path / "copy")
    assert [(d.seq, d.reason) for d in result.dropped] == [(2, DAMAGED), (3, ORPHAN)]
    assert result.replayed == [1, 4]
    with closing(Store.open(tmp_path / "copy", create=False)) as copy:
        assert copy.docs(T) == {"1": {"n": 0, "x": 1}}


def test_without_any_readable_snapshot_the_journal_is_replayed_from_the_start(folder: Path, tmp_path: Path) -> None:
    with closing(Store.open(folder)) as store:
        fill(store, 4)
    (folder / SNAPSHOT).write_bytes(b"\0" * 100)
    result = recover(folder, tmp_path / "copy")
    assert result.source is None and result.replayed == [1, 2, 3, 4]
    assert numbers(tmp_path / "copy") == [0, 1, 2, 3]


def test_a_backup_older_than_the_journal_names_the_changes_found_nowhere(folder: Path, tmp_path: Path) -> None:
    with closing(Store.open(folder)) as store:
        fill(store, 3)
        store.compact()  # backup of sequence 3
        fill(store, 2, start=3)
        store.compact()  # snapshot and backup of sequence 5; journal from 6
        fill(store, 2, start=5)
    (folder / SNAPSHOT).write_bytes(b"{")
    newest = latest_backup(folder)
    assert newest is not None
    newest.write_bytes(b"[")  # the backup of sequence 5 is damaged too
    kept = recover(folder, tmp_path / "kept")  # the journal before the last fold is still there: nothing is lost
    assert kept.base_seq == 3 and kept.replayed == [4, 5, 6, 7] and not kept.missing
    for retired in folder.glob("journal-*.retired.log"):
        retired.unlink()
    result = recover(folder, tmp_path / "copy")
    assert result.base_seq == 3 and result.replayed == [6, 7]
    assert result.missing == [(4, 5)]
    assert numbers(tmp_path / "copy") == [0, 1, 2, 5, 6]


def test_the_copy_never_goes_into_the_damaged_folder_or_onto_data(folder: Path, tmp_path: Path) -> None:
    with closing(Store.open(folder)) as store:
        fill(store, 2)
    before = files(folder)
    for target in (folder, folder / "inside"):
        with pytest.raises(StoreError):
            recover(folder, target)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "photo.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(StoreError):
        recover(folder, busy)
    assert files(folder) == before and files(busy) == {"photo.jpg": b"\xff\xd8"}
    with pytest.raises(StoreError):
        recover(tmp_path / "missing", tmp_path / "copy")


def test_backups_are_named_and_kept_by_sequence_not_by_clock(folder: Path) -> None:
    with closing(Store.open(folder)) as store:
        for n in range(KEEP_BACKUPS + 3):
            fill(store, 1, start=n)
            store.compact()
        found = backups(folder)
    assert [b.seq for b in found] == list(range(4, KEEP_BACKUPS + 4))
    assert [p.name for p in sorted((folder / "backups").iterdir())] == [b.path.name for b in found]
    legacy = folder / "backups" / "conference-20991231-235959-00000002.json"  # a clock far ahead, an old name
    legacy.write_bytes(found[0].path.read_bytes())
    assert backups(folder)[0].path == legacy and latest_backup(folder) == found[-1].path


def test_tdkt_recover_says_what_it_kept_and_dropped(folder: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    with closing(Store.open(folder)) as store:
        fill(store, 3)
        journal = store.journal_path
    journal.write_bytes(journal.read_bytes().replace(b'"n":1}', b'"n":8}'))
    assert main(["recover", str(folder), str(tmp_path / "copy"), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert f"Recovered copy written to {tmp_path / 'copy'} from {folder / SNAPSHOT} (sequence 0)" in out
    assert f"Dropped sequence 2 ({journal_name(1)}, byte " in out and "checksum does not match" in out
    assert f'open the copy with: tdkt "{tmp_path / "copy"}"' in out
    assert main(["recover", str(folder), str(tmp_path / "copy"), "--lang", "en"]) == 1  # not onto the copy
    assert "not empty" in capsys.readouterr().err
    i18n.set_language("vi")


def test_tdkt_compact_folds_the_journal_now(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with closing(Store.open(folder)) as store:
        fill(store, 3)
    assert main(["compact", str(folder), "--lang", "en"]) == 0
    assert "is folded into its snapshot (sequence 3)" in capsys.readouterr().out
    assert (folder / journal_name(2)).read_bytes() == b"" and not (folder / journal_name(1)).exists()
    assert main(["compact", str(folder), "--lang", "en"]) == 0
    assert "already holds every change (sequence 3)" in capsys.readouterr().out
    assert numbers(folder) == [0, 1, 2]
    i18n.set_language("vi")
