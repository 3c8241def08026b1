"""The folder lock (``tdkt_tui.domain.folderlock``): exclusive, reentrant, and not fooled by a deleted lock file."""

from __future__ import annotations

import os
import stat
import time
from contextlib import closing
from pathlib import Path

import pytest

from tdkt_tui.domain import folderlock
from tdkt_tui.domain.folderlock import LOCK_FILE, FolderLock, LockTimeout


@pytest.fixture(params=["folder", "lock-file"] if os.name == "posix" else ["lock-file"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(folderlock, "LOCK_THE_FOLDER", request.param == "folder")
    return str(request.param)


def test_two_locks_on_one_folder_exclude_each_other(tmp_path: Path, mode: str) -> None:
    with closing(FolderLock(tmp_path, timeout=0.05)) as a, closing(FolderLock(tmp_path, timeout=0.05)) as b:
        a.acquire()
        started = time.monotonic()
        with pytest.raises(LockTimeout):
            b.acquire()
        assert time.monotonic() - started >= 0.05
        a.release()
        b.acquire()  # free again
        assert b.held and not a.held
        b.release()


def test_the_lock_is_reentrant(tmp_path: Path, mode: str) -> None:
    with closing(FolderLock(tmp_path, timeout=0.05)) as a, closing(FolderLock(tmp_path, timeout=0.05)) as b:
        with a, a:
            assert a.held
        assert not a.held
        with b:  # released by the outer exit only, and then free for another
            pass


@pytest.mark.skipif(os.name != "posix", reason="the folder is locked on POSIX only")
def test_on_posix_the_folder_itself_is_locked(tmp_path: Path) -> None:
    with closing(FolderLock(tmp_path)) as lock, lock:
        assert not (tmp_path / LOCK_FILE).exists(), "nothing a cleanup tool could delete"


@pytest.mark.skipif(os.name != "posix", reason="a held lock file cannot be deleted on Windows")
def test_a_deleted_lock_file_is_locked_anew(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A desk waiting on a lock file that gets deleted must not think it holds the folder: the next desk would lock
    the new file. It drops the orphan and locks the file the name now leads to."""
    monkeypatch.setattr(folderlock, "LOCK_THE_FOLDER", False)
    with closing(FolderLock(tmp_path, timeout=0.05)) as a, closing(FolderLock(tmp_path, timeout=0.05)) as b:
        a.acquire()
        a.release()
        (tmp_path / LOCK_FILE).unlink()  # a holds a handle on the deleted file
        b.acquire()  # creates and locks a new .lock
        with pytest.raises(LockTimeout):
            a.acquire()  # its old handle locks fine, but the name leads to b's file: it must wait for b
        b.release()
        a.acquire()
        assert os.path.samestat(os.stat(tmp_path / LOCK_FILE), os.fstat(a._fd))  # type: ignore[arg-type]
        a.release()


@pytest.mark.skipif(os.name != "posix", reason="POSIX file systems")
def test_a_folder_that_cannot_be_locked_falls_back_to_the_lock_file(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Some network shares cannot lock a directory: the lock file takes over."""
    real = folderlock._try_lock

    def no_directories(fd: int) -> bool:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(9, "Bad file descriptor")
        return real(fd)

    monkeypatch.setattr(folderlock, "_try_lock", no_directories)
    with closing(FolderLock(tmp_path, timeout=0.05)) as a, closing(FolderLock(tmp_path, timeout=0.05)) as b:
        a.acquire()
        assert (tmp_path / LOCK_FILE).exists()
        with pytest.raises(LockTimeout):
            b.acquire()
        a.release()
