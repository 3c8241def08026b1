"""The promises of the conference folder (``tdkt_tui.domain.store``), checked on real files and real processes.

* an acknowledged change survives ``kill -9`` at any moment, also while a snapshot is being written;
* a journal line cut short by a crash is dropped and the next write goes on cleanly;
* damage anywhere else stops the opening with :class:`CorruptStore`, names the file and the last backup, and leaves
  every byte as it was;
* desks in several processes take turns: no lost writes, no duplicate ids, each sees what the others wrote;
* files are private to their owner; schema versions are checked and migrated; bad folders are refused clearly;
* a failed write (disk full) changes nothing, on disk or in memory;
* whatever the sequence of changes, compactions and reopenings, the store holds what a plain dict would.

Only the disk-full tests patch anything (``os.fsync``, ``os.replace`` or the journal handle's ``write``), plus one
test that forces a stat collision to prove a writer never appends to a journal a compaction retired.
"""

from __future__ import annotations

import ast
import errno
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
import zlib
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tdkt_tui.domain import i18n, validation
from tdkt_tui.domain import store as store_mod
from tdkt_tui.domain.errors import CorruptStore, StoreError
from tdkt_tui.domain.folderlock import FolderLock
from tdkt_tui.domain.journal import Entry, decode_entry, journal_name
from tdkt_tui.domain.store import SNAPSHOT, Store, latest_backup
from tests.helpers.processes import spawn as spawn_script
from tests.helpers.processes import wait_ready as wait_child

ROOT = Path(__file__).resolve().parents[2]
WRITER = ROOT / "tests" / "helpers" / "store_writer.py"
POSIX = os.name == "posix"
IS_ROOT = POSIX and os.geteuid() == 0
T = "t"

posix_only = pytest.mark.skipif(not POSIX, reason="POSIX signals and permission bits")
not_root = pytest.mark.skipif(IS_ROOT, reason="root bypasses file permissions")


# -- helpers -------------------------------------------------------------------------------------------------------


def spawn(folder: Path, *args: str) -> subprocess.Popen[str]:
    """Start ``tests/helpers/store_writer.py`` on ``folder``."""
    return spawn_script(WRITER, str(folder), *args)


def wait_ready(proc: subprocess.Popen[str]) -> None:
    wait_child(proc, "writer")


def acknowledged(out: str) -> list[list[int]]:
    """The ids of every complete stdout line (a line cut by the kill was never acknowledged)."""
    return [[int(x) for x in line.split()] for line in out.split("\n")[:-1]]


def files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` but the lock, by relative path, with its bytes."""
    paths = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != ".lock")
    return {str(p.relative_to(folder)): p.read_bytes() for p in paths}


def journal_entries(path: Path) -> list[Entry]:
    """Every line of a journal, decoded; fails on any damaged or unterminated line."""
    data = path.read_bytes()
    assert data == b"" or data.endswith(b"\n"), "journal does not end with a newline"
    entries = []
    for line in data.splitlines(keepends=True):
        entry = decode_entry(line)
        assert entry is not None, f"damaged journal line {line!r}"
        entries.append(entry)
    return entries


def snapshot_meta(folder: Path) -> dict[str, Any]:
    return json.loads((folder / SNAPSHOT).read_text("utf-8"))["_meta"]["1"]


def fill(store: Store, count: int, table: str = T, **extra: Any) -> list[int]:
    """Insert ``count`` documents, one transaction each."""
    ids = []
    for n in range(count):
        with store.transaction() as txn:
            ids.append(txn.insert(table, {"n": n, **extra}))
    return ids


def ids_of(store: Store, table: str = T) -> set[int]:
    return {int(k) for k in store.docs(table)}


def reopened(folder: Path) -> Store:
    return Store.open(folder, create=False)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "hoi-nghi"


# -- 1. kill -9 ----------------------------------------------------------------------------------------------------


@posix_only
def test_kill_9_never_loses_an_acknowledged_write(folder: Path) -> None:
    """Kill a writing (and compacting) desk at random moments; every acknowledged pair is there, whole, every time."""
    with closing(Store.open(folder)) as store, store.transaction() as txn:
        for n in range(1500):  # a snapshot big enough that kills also land while it is written
            txn.insert("bulk", {"n": n, "name": "Trần Văn Bình", "unit": "Sở Kế hoạch và Đầu tư"})
    rng = random.Random(0x7D47)
    acked: list[int] = []
    started = time.monotonic()
    rounds = 0
    while rounds < 20 and time.monotonic() - started < 25:
        proc = spawn(folder, "--tag", f"r{rounds}", "--pairs", "--compact-every", "7")
        wait_ready(proc)
        time.sleep(rng.uniform(0.005, 0.150))
        os.kill(proc.pid, signal.SIGKILL)
        out, err = proc.communicate(timeout=10)
        assert proc.returncode == -signal.SIGKILL, f"the writer failed before the kill:\n{err}"
        for pair in acknowledged(out):
            acked.extend(pair)
        assert len(acked) == len(set(acked)), "an id was handed out twice"
        with closing(reopened(folder)) as store:  # never CorruptStore
            docs = store.docs(T)
            missing = set(acked) - ids_of(store)
            assert not missing, f"round {rounds}: acknowledged ids lost: {sorted(missing)}"
            for key, doc in docs.items():  # all or nothing: each document's partner is there and points back
                assert docs[str(doc["partner"])]["partner"] == int(key)
            assert len(store.docs("bulk")) == 1500
        rounds += 1
    assert rounds >= 5 and len(acked) >= 10, "too slow a machine to prove anything"
    with closing(reopened(folder)) as store:
        assert store.generation > 3, "the writers never compacted"
        with store.transaction() as txn:  # the folder still takes writes after all that
            last = txn.insert(T, {"partner": 0})
        assert last > max(acked)
    for backup in (folder / "backups").glob("*.json"):  # a kill during a backup copy leaves no torn "last good" file
        assert json.loads(backup.read_bytes())["_meta"]["1"]["schema"] == store_mod.SCHEMA_VERSION
    if POSIX:
        for path in folder.rglob("*"):
            if path.is_file():
                assert path.stat().st_mode & 0o777 == 0o600, path


# -- 2. torn tail --------------------------------------------------------------------------------------------------


def _line(seq: int, doc: dict[str, Any]) -> bytes:
    body = json.dumps({"seq": seq, "ops": [["put", T, seq, doc]]}, separators=(",", ":")).encode()
    return b"%08x %s\n" % (zlib.crc32(body), body)


def _torn_tails() -> dict[str, bytes]:
    """What a crash can leave at the end of the journal: a last line without its line end."""
    good = _line(4, {"n": 3})
    return {
        "half line": good[: len(good) // 2],
        "all but the newline": good[:-1],
        "zeros": b"\0" * 37,
        "garbage": b"\xde\xad\xbe\xef not a journal line \xff",
    }


@pytest.mark.parametrize("tail", list(_torn_tails().values()), ids=list(_torn_tails()))
def test_torn_tail_is_dropped_and_the_next_write_goes_on(folder: Path, tail: bytes) -> None:
    with closing(Store.open(folder)) as store:
        fill(store, 3)
        journal = store.journal_path
    with journal.open("ab") as fh:
        fh.write(tail)
    before = files(folder)
    with closing(reopened(folder)) as store:
        assert ids_of(store) == {1, 2, 3}
        assert files(folder) == before, "opening changed a file"
        with store.transaction() as txn:
            new_id = txn.insert(T, {"n": "after"})
        assert new_id == 4
    assert [e.seq for e in journal_entries(journal)] == [1, 2, 3, 4]
    with closing(reopened(folder)) as store:
        assert ids_of(store) == {1, 2, 3, 4} and store.get(T, 4) == {"n": "after"}


def _damaged_last_lines() -> dict[str, Any]:
    """A complete last line that is not the next good entry: damage, not a torn write."""
    body = json.dumps({"seq": 4, "ops": [["put", T, 4, {"n": 3}]]}, separators=(",", ":")).encode()
    return {
        "garbage and newline": lambda data: data + b"\xde\xad\xbe\xef not a journal line \xff\n",
        "bad checksum and newline": lambda data: data + b"00000000 " + body + b"\n",
        "half line then newline": lambda data: data + _line(4, {"n": 3})[:20] + b"\n",
        "the last entry changed, checksum kept": lambda data: data.replace(b'"n":2}', b'"n":9}'),
        "a repeated sequence number": lambda data: data + _line(3, {"n": "again"}),
        "a skipped sequence number": lambda data: data + _line(5, {"n": "gap"}),
    }


@pytest.mark.parametrize("damage", list(_damaged_last_lines().values()), ids=list(_damaged_last_lines()))
def test_a_complete_bad_last_line_is_damage_and_nothing_changes(folder: Path, damage: Any) -> None:
    """A changed last ballot or close event must not quietly disappear as if a crash had cut it."""
    with closing(Store.open(folder)) as store:
        fill(store, 3)
        journal = store.journal_path
    journal.write_bytes(damage(journal.read_bytes()))
    before = files(folder)
    for _ in range(2):
        with pytest.raises(CorruptStore) as exc:
            Store.open(folder)
        assert exc.value.params["path"] == str(journal) and "byte" in str(exc.value)
        assert files(folder) == before, "the journal was changed"


def assert_write_refused(store: Store, folder: Path) -> None:
    """The desk's next write stops with CorruptStore and leaves every file as it was; then the desk closes."""
    before = files(folder)
    with pytest.raises(CorruptStore), store.transaction() as txn:
        txn.insert(T, {"n": "lost"})
    assert files(folder) == before
    store.close()


def test_a_running_desk_meeting_a_bad_last_line_changes_nothing(folder: Path) -> None:
    store = Store.open(folder)
    fill(store, 3)
    with store.journal_path.open("ab") as fh:
        fh.write(_line(3, {"n": "a second desk that ignored the lock"}))
    assert_write_refused(store, folder)


def test_the_journal_carries_no_time(folder: Path) -> None:
    """Nothing links a ballot to when it was cast: a journal line holds its sequence number and changes only."""
    with closing(Store.open(folder)) as store:
        fill(store, 2)
        journal = store.journal_path
    for line in journal.read_bytes().splitlines():
        assert set(json.loads(line.split(b" ", 1)[1])) == {"seq", "ops"}


def test_a_writer_never_cuts_off_a_line_another_desk_committed(folder: Path) -> None:
    """A saw a torn tail under the lock, gave up its transaction; B then cut the tail and committed. A must not cut
    again at the old place when it writes next: that would erase B's acknowledged line."""
    a = Store.open(folder)
    fill(a, 2)
    with a.journal_path.open("ab") as fh:
        fh.write(b"0badf00d {\"seq\":3,\"ops\":[[")
    b = Store.open(folder)
    with pytest.raises(RuntimeError), a.transaction():
        raise RuntimeError("the desk changed its mind")
    with b.transaction() as txn:
        b_id = txn.insert(T, {"who": "b"})
    a.refresh()
    with a.transaction() as txn:
        a_id = txn.insert(T, {"who": "a"})
    assert a_id != b_id
    with closing(reopened(folder)) as fresh:
        assert fresh.get(T, b_id) == {"who": "b"} and fresh.get(T, a_id) == {"who": "a"}
    assert [e.seq for e in journal_entries(a.journal_path)] == [1, 2, 3, 4]
    a.close()
    b.close()


# -- 3. damage -----------------------------------------------------------------------------------------------------


def test_damage_before_good_journal_lines_stops_the_opening(folder: Path) -> None:
    with closing(Store.open(folder)) as store:
        fill(store, 4)
        journal = store.journal_path
    data = bytearray(journal.read_bytes())
    second_line = data.index(b"\n") + 1
    at = data.index(b'"n":1', second_line) + 4
    data[at] = ord("7")  # one flipped byte inside the second of four lines
    journal.write_bytes(bytes(data))
    before = files(folder)
    with pytest.raises(CorruptStore) as exc:
        Store.open(folder)
    assert str(journal) in str(exc.value)
    assert exc.value.params["path"] == str(journal)
    assert files(folder) == before


def test_damage_found_by_a_running_desk_is_reported_and_left_alone(folder: Path) -> None:
    """Another program rewrites the snapshot under a running desk: its next write stops, nothing is overwritten."""
    store = Store.open(folder)
    fill(store, 2)
    store.compact()
    (folder / SNAPSHOT).write_bytes(b'{"_default": {"1": {"a": 1}}}')
    assert_write_refused(store, folder)


def _deep(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def _bad_snapshots() -> dict[str, Any]:
    return {
        "cut in half": lambda good: good[: len(good) // 2],
        "empty": lambda good: b"",
        "random bytes": lambda good: random.Random(5).randbytes(400),
        "not utf-8": lambda good: good.replace(b"{", b"{\xff", 1),
        "a list": lambda good: b"[1, 2, 3]",
        "null": lambda good: b"null",
        "a plain TinyDB file": lambda good: b'{"_default": {"1": {"name": "x"}}}',
        "another program's JSON": lambda good: b'{"name": "my-app", "version": "1.0.0", "private": true}',
        "nested too deep": lambda good: _deep(200_000),
        "odd document ids": lambda good: json.dumps({"_meta": json.loads(good)["_meta"], "t": {"²": {}}}).encode(),
        "meta of the wrong type": lambda good: json.dumps(
            {"_meta": {"1": {"schema": "1", "seq": 0, "generation": 1}}}
        ).encode(),
        "max_ids of the wrong type": lambda good: json.dumps(
            {"_meta": {"1": {"schema": 1, "seq": 0, "generation": 1, "max_ids": [1, 2]}}}
        ).encode(),
        "a document that is not an object": lambda good: json.dumps(
            {"_meta": json.loads(good)["_meta"], "t": {"1": [1]}}
        ).encode(),
    }


@pytest.mark.parametrize("damage", list(_bad_snapshots().values()), ids=list(_bad_snapshots()))
def test_a_damaged_snapshot_is_reported_with_the_way_back_and_left_alone(folder: Path, damage: Any) -> None:
    with closing(Store.open(folder)) as store:
        fill(store, 3)
        store.compact()
        fill(store, 2)
    backup = latest_backup(folder)
    assert backup is not None
    snapshot = folder / SNAPSHOT
    snapshot.write_bytes(damage(snapshot.read_bytes()))
    before = files(folder)
    with pytest.raises(CorruptStore) as exc:
        Store.open(folder)
    message = str(exc.value)
    assert str(snapshot) in message and f'tdkt recover "{folder}"' in message
    assert files(folder) == before
    with pytest.raises(CorruptStore):  # also when asked not to create anything
        Store.open(folder, create=False)
    assert files(folder) == before


def test_a_lost_snapshot_is_reported_not_recreated(folder: Path) -> None:
    with closing(Store.open(folder)) as store:
        fill(store, 2)
        store.compact()
        fill(store, 1)
    (folder / SNAPSHOT).unlink()
    before = files(folder)
    for create in (True, False):
        with pytest.raises(CorruptStore) as exc:
            Store.open(folder, create=create)
        assert str(folder / SNAPSHOT) in str(exc.value) and f'tdkt recover "{folder}"' in str(exc.value)
    assert files(folder) == before


# -- 4. several desks ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("desks", [2, 3])
def test_desks_in_several_processes_lose_nothing(tmp_path: Path, desks: int) -> None:
    """Each desk inserts 200 documents at the same time as the others. With three desks the folder does not exist
    yet: they create it together too. The first desk also compacts every 50 writes."""
    folder = tmp_path / "hoi-nghi"
    if desks == 2:
        Store.open(folder).close()
    procs = []
    for n in range(desks):
        extra = ["--compact-every", "50"] if n == 0 else []
        procs.append(spawn(folder, "--tag", f"d{n}", "--count", "200", "--wait", *extra))
    for proc in procs:
        wait_ready(proc)
    for proc in procs:
        proc.stdin.write("go\n")  # type: ignore[union-attr]
        proc.stdin.flush()  # type: ignore[union-attr]
    given_ids: dict[int, str] = {}
    for n, proc in enumerate(procs):
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        for (doc_id,) in acknowledged(out):
            assert doc_id not in given_ids, f"id {doc_id} given to d{n} and {given_ids[doc_id]}"
            given_ids[doc_id] = f"d{n}"
    assert len(given_ids) == 200 * desks
    with closing(reopened(folder)) as store:
        docs = store.docs(T)
        assert {int(k) for k in docs} == set(given_ids)
        for key, doc in docs.items():
            assert doc["tag"] == given_ids[int(key)]
        for n in range(desks):
            assert sorted(d["n"] for d in docs.values() if d["tag"] == f"d{n}") == list(range(1, 201))
    assert journal_entries(folder / journal_name(store.generation)) is not None


def test_desks_creating_one_new_folder_together(tmp_path: Path) -> None:
    for round_ in range(3):
        folder = tmp_path / f"moi-{round_}"
        procs = [spawn(folder, "--tag", f"d{n}", "--count", "1", "--wait") for n in range(5)]
        for proc in procs:
            wait_ready(proc)
        for proc in procs:
            proc.stdin.write("go\n")  # type: ignore[union-attr]
            proc.stdin.flush()  # type: ignore[union-attr]
        for proc in procs:
            _, err = proc.communicate(timeout=60)
            assert proc.returncode == 0, err
        with closing(reopened(folder)) as store:
            assert len(store.docs(T)) == 5 and store.generation == 1


def test_a_desk_sees_another_desks_write(folder: Path) -> None:
    a = Store.open(folder)
    b = Store.open(folder)
    with a.transaction() as txn:
        first = txn.insert(T, {"who": "a"})
    assert b.get(T, first) is None
    assert b.refresh() is True
    assert b.get(T, first) == {"who": "a"}
    assert b.refresh() is False
    with a.transaction() as txn:
        second = txn.insert(T, {"who": "a", "n": 2})
    with b.transaction() as txn:  # no refresh: the write itself catches up under the lock
        assert b.get(T, second) == {"who": "a", "n": 2}
        third = txn.insert(T, {"who": "b"})
    assert len({first, second, third}) == 3
    a.refresh()
    for store in (a, b):
        assert store.docs(T) == {str(first): {"who": "a"}, str(second): {"who": "a", "n": 2}, str(third): {"who": "b"}}
    with closing(reopened(folder)) as fresh:
        assert fresh.docs(T) == a.docs(T)
    a.close()
    b.close()


def test_another_desk_takes_in_a_fold_without_reloading(folder: Path) -> None:
    """A fold by one desk is taken in by the others from the snapshot's _meta and the new journal: no desk reloads
    the conference (which at 100,000 people took seconds), and what each sees stays the same."""
    a = Store.open(folder)
    b = Store.open(folder)
    fill(a, 3, kind="x")
    b.refresh()
    loads = b.loads
    a.compact()
    fill(a, 2, kind="x")
    assert b.refresh() is True
    assert b.loads == loads and b.generation == a.generation
    assert b.docs(T) == a.docs(T) and len(b.docs(T)) == 5
    with b.transaction() as txn:  # and b writes on in the new journal
        txn.insert(T, {"kind": "y"})
    a.refresh()
    assert a.loads == 1 and len(a.docs(T)) == 6
    a.close()
    b.close()


def test_a_fold_is_taken_in_before_its_lines_are_read(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The new snapshot's lines are read beside the desk (at 100,000 people, 25 MB read in a change stalled it):
    meanwhile the desk answers from its old lines and the changes since, the same documents; then swaps them in.
    A read that finds the snapshot replaced again is dropped, and the next take-in reads anew."""
    from tdkt_tui.domain import fold

    a = Store.open(folder)
    fill(a, 3, kind="x")
    a.compact()
    b = Store.open(folder)  # its table of T is the snapshot's lines, not decoded
    held = threading.Event()
    read = fold.ReadSections.run
    monkeypatch.setattr(fold.ReadSections, "run", lambda self: (held.wait(10), read(self)))
    old_lines = b._tables[T].raw
    with a.transaction() as txn:
        txn.update(T, 1, {"n": 10})
    a.compact()
    fill(a, 1, kind="y")
    assert b.refresh() is True
    assert b._tables[T].raw is old_lines and b._tables[T].changes  # not read yet: the old lines and the changes
    expected = {"1": {"n": 10, "kind": "x"}, "2": {"n": 1, "kind": "x"}, "3": {"n": 2, "kind": "x"},
                "4": {"n": 0, "kind": "y"}}
    assert dict(b.items(T)) == expected and b.get(T, 1) == expected["1"]
    held.set()
    b._settle(wait=True)
    assert b._tables[T].raw is not old_lines and list(b._tables[T].changes) == ["4"]  # the fold's lines now
    assert dict(b.items(T)) == expected and not b.decoded(T)
    # a read that finds the snapshot replaced before it opened it reads nothing
    held.clear()
    with a.transaction() as txn:
        txn.update(T, 2, {"n": 20})
    a.compact()
    b.refresh()
    reading = b._reading
    a.compact() if fill(a, 1) else None
    held.set()
    assert reading is not None and reading.done.wait(10) and reading.lines is None
    b.refresh()
    b._settle(wait=True)
    assert dict(b.items(T)) == {str(k): v for k, v in a.docs(T).items()}
    a.close()
    b.close()


def test_a_log_keeps_its_newest_lines_in_memory_and_the_rest_on_disk(folder: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A desk holds only a log's newest lines (the door shows them); the older ones stay in the snapshot file and
    are read again for the whole log: from the file taken in, or, when another desk's fold replaced it since, from
    the new one after taking it in. Memory no longer grows with every scan of the day."""
    monkeypatch.setattr(store_mod, "LOG_IN_MEMORY", 200)
    a = Store.open(folder)
    ids = fill(a, 40, "testlog", desk="Bàn 1")
    a.compact()
    b = reopened(folder)
    table = b._tables["testlog"]
    assert table.disk is not None and len(table.raw) <= 200  # the newest lines only
    whole = {str(i): {"n": n, "desk": "Bàn 1"} for n, i in enumerate(ids)}
    assert dict(b.items("testlog")) == whole and b.get("testlog", ids[0]) == whole[str(ids[0])]
    assert [key for key, _doc in b.newest("testlog", 3)] == [str(i) for i in ids[:-4:-1]]
    assert [key for key, _doc in b.newest("testlog", 40)] == [str(i) for i in reversed(ids)]
    assert b.having("testlog", "desk") and len(table) == 40
    # another desk folds: the file b's older lines were in is replaced; b reads the whole log again
    more = fill(a, 5, "testlog", desk="Bàn 2")
    a.compact()
    whole.update({str(i): {"n": n, "desk": "Bàn 2"} for n, i in enumerate(more)})
    assert dict(b.items("testlog")) == whole
    b._settle(wait=True)
    assert b._tables["testlog"].disk is not None and len(b._tables["testlog"].raw) <= 200
    last = fill(b, 2, "testlog", desk="Bàn 3")  # and b folds a log most of which is on disk
    assert b.compact() is True
    whole.update({str(i): {"n": n, "desk": "Bàn 3"} for n, i in enumerate(last)})
    a.refresh()  # a log's older lines are in the snapshot taken in, at once (a read in a transaction finds them)
    assert a._tables["testlog"].disk is not None and a._tables["testlog"].disk.key == a._snapshot_key
    assert a.docs("testlog") == whole == b.docs("testlog")
    with closing(reopened(folder)) as fresh:
        assert dict(fresh.items("testlog")) == whole
    a.close()
    b.close()


def test_a_held_lock_gives_a_clear_error(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Store.open(folder).close()
    monkeypatch.setattr(store_mod, "LOCK_TIMEOUT", 0.2)
    store = Store.open(folder)
    with closing(FolderLock(folder)) as other, other:  # another desk holds the folder
        with pytest.raises(StoreError) as exc, store.transaction():
            pass
    assert exc.value.message.startswith("Another program has held")
    fill(store, 1)
    store.close()


# -- 5. private files ----------------------------------------------------------------------------------------------


@posix_only
@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_files_are_private(folder: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        with closing(Store.open(folder)) as store:
            fill(store, 3)
            store.compact()
            fill(store, 1)
            journal = store.journal_path
    finally:
        os.umask(old)
    private = [folder / SNAPSHOT, journal, *(folder / "backups").iterdir()]
    assert len(private) >= 3
    for path in private:
        assert path.stat().st_mode & 0o777 == 0o600, path
    for path in (folder, folder / "backups"):
        assert path.stat().st_mode & 0o777 == 0o700, path


# -- 6. versions ---------------------------------------------------------------------------------------------------


def _set_schema(folder: Path, schema: int) -> None:
    tables = json.loads((folder / SNAPSHOT).read_text("utf-8"))
    tables["_meta"]["1"]["schema"] = schema
    (folder / SNAPSHOT).write_text(json.dumps(tables), "utf-8")


def test_a_newer_snapshot_is_refused_and_left_alone(folder: Path) -> None:
    with closing(Store.open(folder)) as store:
        fill(store, 2)
        store.compact()
    _set_schema(folder, store_mod.SCHEMA_VERSION + 1)
    before = files(folder)
    with pytest.raises(StoreError) as exc:
        Store.open(folder)
    assert not isinstance(exc.value, CorruptStore)
    assert "newer version" in exc.value.message
    assert str(folder / SNAPSHOT) in str(exc.value)
    assert files(folder) == before


def test_an_old_snapshot_is_migrated_and_backed_up(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with closing(Store.open(folder)) as store:
        fill(store, 3)
        store.compact()
        fill(store, 2)  # these two are only in the journal
        old_docs = dict(store.docs(T))

    def add_status(tables: dict[str, dict[str, dict[str, Any]]]) -> None:
        for doc in tables.get(T, {}).values():
            doc["status"] = "moi"

    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(store_mod.MIGRATIONS, 1, add_status)
    with closing(Store.open(folder)) as store:
        assert store.schema == 2
        assert store.docs(T) == {k: {**d, "status": "moi"} for k, d in old_docs.items()}
        fill(store, 1, status="moi")
    assert snapshot_meta(folder)["schema"] == 2
    old_backups = [
        json.loads(p.read_bytes())
        for p in (folder / "backups").glob("*.json")
        if json.loads(p.read_bytes())["_meta"]["1"]["schema"] == 1
    ]
    assert any(b.get(T) == old_docs for b in old_backups), "no backup holds the whole conference as it was"
    with closing(reopened(folder)) as store:
        assert len(store.docs(T)) == 6 and all(d["status"] == "moi" for d in store.docs(T).values())


def test_a_missing_migration_is_refused(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with closing(Store.open(folder)) as store:
        fill(store, 1)
    before = files(folder)
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", 3)
    monkeypatch.setitem(store_mod.MIGRATIONS, 1, lambda tables: None)
    monkeypatch.delitem(store_mod.MIGRATIONS, 2, raising=False)
    with pytest.raises(StoreError):
        Store.open(folder)
    assert files(folder) == before


# -- 7. bad folders ------------------------------------------------------------------------------------------------


def test_a_file_is_not_a_folder(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("ghi chú")
    with pytest.raises(StoreError) as exc:
        Store.open(path)
    assert "is a file" in exc.value.message and str(path) in str(exc.value)
    assert path.read_text() == "ghi chú"
    with pytest.raises(StoreError):
        Store.open(path / "sub")


def test_a_foreign_folder_is_refused_and_nothing_is_created(tmp_path: Path) -> None:
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "a.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(StoreError) as exc:
        Store.open(folder)
    assert "not empty" in exc.value.message and str(folder) in str(exc.value)
    assert sorted(p.name for p in folder.iterdir()) == ["a.jpg"]


def test_create_false_on_a_missing_or_empty_folder(tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    with pytest.raises(StoreError) as exc:
        Store.open(missing, create=False)
    assert str(missing) in str(exc.value)
    assert not missing.exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(StoreError):
        Store.open(empty, create=False)
    assert list(empty.iterdir()) == []


def test_an_empty_folder_and_a_new_path_are_created(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    for folder in (empty, tmp_path / "new" / "deeper"):
        with closing(Store.open(folder)) as store:
            assert store.docs(T) == {} and store.seq == 0
        with closing(reopened(folder)) as store:
            assert store.generation == 1


def test_leftovers_of_a_creation_cut_short_do_not_block_it(folder: Path) -> None:
    folder.mkdir()
    (folder / "conference.json.tmp").write_bytes(b'{"_meta": {"1": {"sch')
    (folder / journal_name(1)).write_bytes(b"")
    with closing(Store.open(folder)) as store:
        fill(store, 1)
    with closing(reopened(folder)) as store:
        assert ids_of(store) == {1}


@posix_only
@not_root
def test_an_unwritable_parent_gives_a_clear_error(tmp_path: Path) -> None:
    parent = tmp_path / "locked"
    parent.mkdir()
    parent.chmod(0o500)
    try:
        with pytest.raises(StoreError) as exc:
            Store.open(parent / "hoi-nghi")
        assert "Cannot create" in exc.value.message and str(parent / "hoi-nghi") in str(exc.value)
        assert list(parent.iterdir()) == []
    finally:
        parent.chmod(0o700)


@posix_only
@not_root
def test_an_unreadable_or_read_only_folder_gives_a_clear_error(folder: Path) -> None:
    with closing(Store.open(folder)) as store:
        fill(store, 1)
    (folder / ".lock").unlink()
    try:
        folder.chmod(0o000)
        with pytest.raises(StoreError):
            Store.open(folder)
        folder.chmod(0o500)
        with pytest.raises(StoreError) as exc:
            Store.open(folder)
        assert str(folder) in str(exc.value)
    finally:
        folder.chmod(0o700)


# -- 8. compaction across processes --------------------------------------------------------------------------------

COMPACTOR = """
import sys
sys.path.insert(0, sys.argv[2])
from tdkt_tui.domain.store import Store
store = Store.open(sys.argv[1], create=False)
for n in range(int(sys.argv[3])):
    with store.transaction() as txn:
        txn.insert("t", {"who": "A", "n": n})
    store.compact()
print(store.generation)
"""


def run_compactor(folder: Path, times: int = 1) -> int:
    done = subprocess.run(
        [sys.executable, "-c", COMPACTOR, str(folder), str(ROOT), str(times)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return int(done.stdout)


def test_another_process_compacts_under_a_running_desk(folder: Path) -> None:
    b = Store.open(folder)
    fill(b, 3)  # b has the journal of generation 1 open
    old_journal = b.journal_path
    generation = run_compactor(folder)
    assert generation == 2 and not old_journal.exists()
    assert b.refresh() is True
    assert b.generation == generation and len(b.docs(T)) == 4
    with b.transaction() as txn:
        b_id = txn.insert(T, {"who": "B"})
    assert b.journal_path == folder / journal_name(generation)
    assert [e.ops[0].doc for e in journal_entries(b.journal_path)] == [{"who": "B"}]
    with closing(reopened(folder)) as fresh:
        assert fresh.get(T, b_id) == {"who": "B"} and len(fresh.docs(T)) == 5
    b.close()


def test_a_desk_writing_without_refresh_after_compactions_lands_in_the_new_journal(folder: Path) -> None:
    b = Store.open(folder)
    fill(b, 2)
    generation = run_compactor(folder, times=3)
    with b.transaction() as txn:
        b_id = txn.insert(T, {"who": "B"})
    assert b.generation == generation
    with closing(reopened(folder)) as fresh:
        assert fresh.get(T, b_id) == {"who": "B"} and len(fresh.docs(T)) == 6
    assert sorted(p.name for p in folder.glob("journal-*.log")) == sorted([  # the one before stays for laggards
        journal_name(generation), f"journal-{generation - 1:06d}.retired.log"])
    b.close()


@pytest.mark.parametrize("written_before", [2, 0])
def test_a_writer_never_appends_to_a_retired_journal(folder: Path, written_before: int) -> None:
    """Stat-based change detection can be fooled (coarse timestamps, a reused inode, the same size). Pretend it is:
    the writer must still notice its journal was retired by a compaction instead of writing into the void, whether
    it holds the old journal open (it wrote before) or has not touched it yet."""
    Store.open(folder).close()
    b = Store.open(folder)
    fill(b, written_before)
    run_compactor(folder)
    b._snapshot_key = b._stat_snapshot()  # the collision
    with b.transaction() as txn:
        b_id = txn.insert(T, {"who": "B"})
    with closing(reopened(folder)) as fresh:
        assert fresh.get(T, b_id) == {"who": "B"} and len(fresh.docs(T)) == written_before + 2
    b.close()


# -- 9. disk full --------------------------------------------------------------------------------------------------


def _enospc(*args: Any, **kwargs: Any) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _state(store: Store) -> tuple[Any, ...]:
    tables = {name: store.docs(name) for name in store.names()}
    return (json.dumps(tables, sort_keys=True), store.seq, store.generation, store.next_id(T))


@pytest.mark.parametrize(("code", "advice"), [(errno.ENOSPC, "free disk space"), (errno.EROFS, "read-only")])
def test_a_failed_fsync_saves_nothing(folder: Path, monkeypatch: pytest.MonkeyPatch, code: int, advice: str) -> None:
    def fail(*args: Any) -> None:
        raise OSError(code, os.strerror(code))

    store = Store.open(folder)
    fill(store, 2)
    before, journal = _state(store), store.journal_path.read_bytes()
    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(StoreError) as exc, store.transaction() as txn:
        txn.insert(T, {"n": "lost"})
        txn.remove(T, 1)
    monkeypatch.undo()
    assert not isinstance(exc.value, CorruptStore) and advice in exc.value.message
    assert _state(store) == before
    assert store.journal_path.read_bytes() == journal
    with closing(reopened(folder)) as fresh:
        assert ids_of(fresh) == {1, 2}
    with store.transaction() as txn:
        new_id = txn.insert(T, {"n": "saved"})
    assert new_id == 3
    with closing(reopened(folder)) as fresh:
        assert ids_of(fresh) == {1, 2, 3} and fresh.get(T, 3) == {"n": "saved"}
    store.close()


class HalfWriter:
    """A journal handle on a full disk: writes half of what it is given, then fails."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def write(self, data: bytes) -> int:
        self.real.write(data[: len(data) // 2])
        _enospc()
        return 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


def test_a_half_written_line_is_taken_back(folder: Path) -> None:
    store = Store.open(folder)
    fill(store, 2)
    before, journal = _state(store), store.journal_path.read_bytes()
    store._journal_fh = HalfWriter(store._journal_handle())
    with pytest.raises(StoreError), store.transaction() as txn:
        txn.insert(T, {"n": "lost"})
    assert _state(store) == before and store.journal_path.read_bytes() == journal
    fill(store, 1)
    with closing(reopened(folder)) as fresh:
        assert ids_of(fresh) == {1, 2, 3}
    store.close()


class ShortWriter(HalfWriter):
    """A journal handle whose writes come out short (as a raw write may on a disk filling up), without an error."""

    def __init__(self, real: Any, room: int) -> None:
        super().__init__(real)
        self.room = room

    def write(self, data: bytes) -> int:
        if self.room <= 0:
            _enospc()
        written = self.real.write(bytes(data[: min(len(data), self.room, 7)]))
        self.room -= written
        return written


@pytest.mark.parametrize("room", [10_000, 20])
def test_a_short_write_is_finished_or_taken_back(folder: Path, room: int) -> None:
    store = Store.open(folder)
    fill(store, 2)
    before, journal = _state(store), store.journal_path.read_bytes()
    store._journal_fh = ShortWriter(store._journal_handle(), room)
    if room > 1000:  # room enough: the line is written whole, seven bytes at a time
        fill(store, 1)
    else:
        with pytest.raises(StoreError), store.transaction() as txn:
            txn.insert(T, {"n": "lost"})
        assert _state(store) == before and store.journal_path.read_bytes() == journal
    with closing(reopened(folder)) as fresh:
        assert ids_of(fresh) == ({1, 2, 3} if room > 1000 else {1, 2})
        assert fresh.docs(T) == store.docs(T)
    store.close()


def test_a_failed_compaction_keeps_everything(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store.open(folder)
    fill(store, 3)
    snapshot = (folder / SNAPSHOT).read_bytes()
    before = _state(store)
    for target in ("fsync", "replace"):
        monkeypatch.setattr(os, target, _enospc)
        with pytest.raises(StoreError):
            store.compact()
        monkeypatch.undo()
        assert _state(store) == before
        assert (folder / SNAPSHOT).read_bytes() == snapshot
    with closing(reopened(folder)) as fresh:
        assert ids_of(fresh) == {1, 2, 3}
    store.compact()  # the disk has room again: the compaction really happens
    meta = snapshot_meta(folder)
    assert meta["seq"] == store.seq == 3 and meta["generation"] == store.generation == 2
    fill(store, 1)
    with closing(reopened(folder)) as fresh:
        assert ids_of(fresh) == {1, 2, 3, 4}
    store.close()


def test_a_failed_automatic_compaction_does_not_fail_the_saved_change(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_mod, "COMPACT_AFTER", 3)
    monkeypatch.setattr(store_mod, "COMPACT_CHECK_EVERY", 1, raising=False)
    store = Store.open(folder)
    fill(store, 2)
    with monkeypatch.context() as disk_full:
        disk_full.setattr(os, "replace", _enospc)
        with store.transaction() as txn:  # committed and acknowledged; the fold after it (in the background) fails
            txn.insert(T, {"n": "kept"})
        assert store.folding or store.generation == 1
        store.wait_fold()
    store.refresh()
    assert store.generation == 1 and not list(folder.glob("conference.json*.tmp"))
    with closing(reopened(folder)) as fresh:
        assert ids_of(fresh) == {1, 2, 3}
    fill(store, 1)  # and the next commit folds for real, beside the desk's work
    store.wait_fold()
    store.refresh()
    assert store.generation == 2 and snapshot_meta(folder)["seq"] == 4
    store.close()


# -- transactions --------------------------------------------------------------------------------------------------


def test_a_transaction_is_all_or_nothing(folder: Path) -> None:
    with closing(Store.open(folder)) as store:
        fill(store, 2)
        with pytest.raises(ValueError), store.transaction() as txn:
            txn.insert(T, {"n": "x"})
            txn.remove(T, 1)
            raise ValueError("the desk found a problem")
        assert ids_of(store) == {1, 2}
        with store.transaction() as txn:
            txn.put(T, 10, {"n": 10})
            after = txn.insert(T, {"n": 11})  # not on top of the put before it
            txn.remove(T, 2)
            with pytest.raises(KeyError):
                txn.update(T, 2, {"n": "back from the dead"})
            txn.update(T, 10, {"m": 1})
        assert after == 11
        assert store.docs(T) == {"1": {"n": 0}, "10": {"n": 10, "m": 1}, "11": {"n": 11}}
    with closing(reopened(folder)) as store:
        assert store.docs(T) == {"1": {"n": 0}, "10": {"n": 10, "m": 1}, "11": {"n": 11}}


def test_memory_holds_what_a_reopen_would(folder: Path) -> None:
    """Values go through JSON on the way to the journal; the memory view must not keep what JSON changes."""
    with closing(Store.open(folder)) as store:
        doc = {"seats": ("A1", "A2"), "tags": ["x"], 5: "five"}
        with store.transaction() as txn:
            txn.insert(T, doc)
        doc["tags"].append("changed later by the caller")
        in_memory = store.get(T, 1)
    with closing(reopened(folder)) as fresh:
        assert fresh.get(T, 1) == in_memory == {"seats": ["A1", "A2"], "tags": ["x"], "5": "five"}


def test_removed_ids_are_never_given_again(folder: Path) -> None:
    with closing(Store.open(folder)) as store:
        fill(store, 3)
        with store.transaction() as txn:
            txn.remove(T, 3)
        store.compact()
    with closing(reopened(folder)) as store, store.transaction() as txn:
        assert txn.insert(T, {}) == 4


# -- property: the store behaves like a dict -----------------------------------------------------------------------

@dataclass(frozen=True)
class _AnyLine:
    """The record of a test log: no field it checks."""


#: A log among the tables, whose older lines a desk leaves in the snapshot file (made tiny below, so they do).
validation.register("testlog", _AnyLine, log=True)
TABLES = ("units", "attendees", "testlog")
json_scalars = (
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.text("aăâbđêôơưỳ Ệ\n\"\\", max_size=6)
)
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=3), max_leaves=5)
documents = st.dictionaries(st.text("abcđ", min_size=1, max_size=3), json_values, max_size=3)
data_ops = st.one_of(
    st.tuples(st.just("insert"), st.sampled_from(TABLES), documents),
    st.tuples(st.just("update"), st.sampled_from(TABLES), st.integers(0, 30), documents),
    st.tuples(st.just("put"), st.sampled_from(TABLES), st.integers(0, 30), documents),
    st.tuples(st.just("remove"), st.sampled_from(TABLES), st.integers(0, 30)),
)
steps = st.lists(
    st.one_of(
        st.lists(data_ops, min_size=1, max_size=3),  # one transaction
        st.sampled_from(["compact", "reopen", "switch", "refresh", "settle"]),
    ),
    max_size=25,
)


def read(store: Store, name: str, desk: int) -> dict[str, Any]:
    """Desk 0 reads tables decoded; desk 1 leaves the snapshot's tables as lines, read one document or all at a
    time (as an open conference keeps its people): both must see the same."""
    if desk == 0:
        return store.docs(name)
    found = dict(store.items(name))
    assert all(store.get(name, int(key)) == doc for key, doc in found.items())
    return found


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_the_store_behaves_like_a_dict(program: list[Any]) -> None:
    kept, store_mod.LOG_IN_MEMORY = store_mod.LOG_IN_MEMORY, 64  # a log's newest line or two in memory
    try:
        behaves_like_a_dict(program)
    finally:
        store_mod.LOG_IN_MEMORY = kept


def behaves_like_a_dict(program: list[Any]) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="tdkt-prop-"))
    folder = tmp / "hoi-nghi"
    desks = [Store.open(folder), Store.open(folder)]
    model: dict[str, dict[int, dict[str, Any]]] = {name: {} for name in TABLES}
    highest = dict.fromkeys(TABLES, 0)
    active = 0
    try:
        for step in program:
            store = desks[active]
            if step == "compact":
                store.compact()
            elif step == "reopen":
                store.close()
                desks[active] = reopened(folder)
            elif step == "switch":
                active = 1 - active
            elif step == "refresh":
                store.refresh()
            elif step == "settle":  # the lines of a fold taken in, read beside the desk, are swapped in now
                store._settle(wait=True)
            else:
                with store.transaction() as txn:
                    for op in step:
                        kind, table = op[0], op[1]
                        existing = sorted(model[table])
                        if kind == "insert":
                            doc_id = txn.insert(table, op[2])
                            assert doc_id > highest[table], "an id was given twice"
                            model[table][doc_id] = dict(op[2])
                        elif kind == "put":
                            doc_id = existing[op[2] % len(existing)] if existing and op[2] % 2 else op[2] + 1
                            txn.put(table, doc_id, op[3])
                            model[table][doc_id] = dict(op[3])
                        elif existing and kind == "update":
                            doc_id = existing[op[2] % len(existing)]
                            txn.update(table, doc_id, op[3])
                            model[table][doc_id].update(op[3])
                        elif existing and kind == "remove":
                            doc_id = existing[op[2] % len(existing)]
                            txn.remove(table, doc_id)
                            del model[table][doc_id]
                        if model[table]:
                            highest[table] = max(highest[table], *model[table])
                for name in TABLES:  # the writing desk has caught up and applied its own change
                    assert read(store, name, active) == {str(k): v for k, v in model[name].items()}
        with closing(reopened(folder)) as fresh:
            for store in (*desks, fresh):
                store.refresh()
                for name in TABLES:
                    assert dict(store.items(name)) == {str(k): v for k, v in model[name].items()}
                    assert store.docs(name) == {str(k): v for k, v in model[name].items()}
    finally:
        for store in desks:
            store.close()
        shutil.rmtree(tmp, ignore_errors=True)


# -- messages ------------------------------------------------------------------------------------------------------


def _store_msgids() -> set[str]:
    """The English msgids of the store's modules: the first argument of StoreError, CorruptStore, ``_``, ``N_``."""
    found = set()
    for module in STORE_MODULES:
        found |= _msgids_of(ROOT / "tdkt_tui" / "domain" / f"{module}.py")
    return found


#: The modules of the conference folder, whose messages are in store.po.
STORE_MODULES = ("store", "journal", "snapshots", "recovery", "files", "folderlock", "validation")


def _msgids_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"StoreError", "CorruptStore", "ConcurrentWrite", "_", "N_"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.add(node.args[0].value)
    return found


def test_every_store_message_has_its_vietnamese_text() -> None:
    import string

    import polib

    po = polib.pofile(str(ROOT / "tdkt_tui" / "locale" / "vi" / "store.po"), encoding="utf-8")
    assert po.metadata.get("Language") == "vi"
    catalog = {e.msgid: e.msgstr for e in po if not e.obsolete}
    msgids = _store_msgids()
    assert len(msgids) >= 15
    for msgid in msgids:
        assert catalog.get(msgid), f"no Vietnamese for {msgid!r}"
        text = catalog[msgid]
        assert unicodedata.is_normalized("NFC", text) and unicodedata.is_normalized("NFC", msgid)
        fields = {f for _, f, _, _ in string.Formatter().parse(msgid) if f}
        assert {f for _, f, _, _ in string.Formatter().parse(text) if f} == fields, msgid


def test_errors_read_in_vietnamese_and_in_english(folder: Path) -> None:
    folder.mkdir()
    (folder / "x").write_text("x")
    with pytest.raises(StoreError) as exc:
        Store.open(folder)
    previous = i18n.language()
    try:
        i18n.set_language("vi")
        vietnamese = str(exc.value)
        i18n.set_language("en")
        english = str(exc.value)
    finally:
        i18n.set_language(previous)
    assert english.startswith(str(folder)) and "not empty" in english
    assert vietnamese != english and str(folder) in vietnamese


def test_having_finds_the_documents_with_a_field_set_without_decoding_the_table(folder: Path) -> None:
    """``having`` reads only the lines that set the field, and the journal's changes since the snapshot: a line set
    and unset by patches, a patch of another field, a document put or deleted; the table stays lines."""
    store = Store.open(folder)
    with store.transaction() as txn:
        for i in range(1, 41):
            txn.insert(T, {"name": f'"sub":{i} "{i}"', "sub": i - 1 if i % 10 == 0 else None, "n": i})
    store.compact()
    with store.transaction() as txn:
        txn.update(T, 3, {"sub": 7})  # set by a patch, null in the line
        txn.update(T, 10, {"sub": None})  # unset by a patch, set in the line
        txn.update(T, 20, {"n": 0})  # another field of a line that sets it
        txn.put(T, 41, {"name": "new", "sub": 5, "n": 41})
        txn.remove(T, 30)
        txn.update(T, 5, {"n": -5})
    expected = sorted((k, d) for k, d in store.docs(T).items() if d.get("sub") is not None)
    store.close()
    with closing(Store.open(folder)) as fresh:
        found = sorted(fresh.having(T, "sub"))
        assert not fresh.decoded(T)
        assert found == expected
        assert [k for k, _ in found] == ["20", "3", "40", "41"]
        assert fresh.having(T, "absent") == [] and fresh.having("no such table", "sub") == []


def test_a_fold_holds_the_lock_only_to_rename(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under the folder lock (every desk's change waits for it) a fold adds the few journal lines appended since
    it wrote the new journal and renames; the new journal was written and fsynced before, and the snapshot it
    replaces keeps a second name until the lock is released, so its blocks are not freed under the lock. What a
    killed fold left (its journal, its second name) goes at the next fold; every change stays."""
    from tdkt_tui.domain import fold as fold_mod

    store = Store.open(folder)
    fill(store, 5)
    (folder / "journal-000009.log.1-2.tmp").write_bytes(b"left by a killed fold\n")
    (folder / "conference.json.1-2.old.tmp").write_bytes(b"left by a killed fold")
    seen: dict[str, object] = {}
    install, lines_since = fold_mod.FoldJob._install, fold_mod.FoldJob._lines_since

    def early_lines(job: fold_mod.FoldJob) -> bytes:
        early = lines_since(job)
        with store.transaction() as txn:  # a change made after the new journal was written, before the lock
            txn.insert(T, {"n": "during"})
        return early

    def spy(job: fold_mod.FoldJob, tmp: Path, journal_tmp: Path, early: bytes, replaced: Path) -> None:
        seen["journal on disk before the lock"] = journal_tmp.read_bytes() == early
        seen["second name"] = replaced.exists() and replaced.stat().st_nlink == 2
        install(job, tmp, journal_tmp, early, replaced)

    monkeypatch.setattr(fold_mod.FoldJob, "_lines_since", early_lines)
    monkeypatch.setattr(fold_mod.FoldJob, "_install", spy)
    fill(store, 2)
    assert store.compact()
    assert seen == {"journal on disk before the lock": True, "second name": True}
    assert not list(folder.glob("*.tmp"))
    with closing(reopened(folder)) as fresh:
        assert len(ids_of(fresh)) == 8
    store.close()
