"""The lock file deleted again and again under three writing desks (a cleanup tool, a sync client, a user).

Before the folder itself was locked, two desks then appended the same sequence number and a reopen skipped the
second without a word: acknowledged changes were lost, and some desks stopped on a false "journal damaged". Now every
acknowledged change is there exactly once and the folder opens, whether the folder is locked (POSIX) or only the lock
file can be (Windows, some network shares: there the journal's own lock catches a desk that did not wait its turn,
and the change is refused and tried again, never lost).
"""

from __future__ import annotations

import os
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest

from tdkt_tui.domain.store import Store
from tests.helpers.processes import ROOT, spawn, wait_ready

WRITER = ROOT / "tests" / "helpers" / "store_writer.py"
DESKS = 3
EACH = 150


def _delete_lock_repeatedly(folder: Path, stop: threading.Event) -> int:
    deleted = 0
    while not stop.is_set():
        try:
            (folder / ".lock").unlink()
            deleted += 1
        except FileNotFoundError:
            pass
        time.sleep(0.0003)
    return deleted


@pytest.mark.parametrize("mode", ["folder", "lock-file"])
def test_deleting_the_lock_under_three_desks_loses_nothing(tmp_path: Path, mode: str) -> None:
    folder = tmp_path / "hoi-nghi"
    Store.open(folder).close()
    options = ["--lock-file"] if mode == "lock-file" else []
    procs = [
        spawn(WRITER, str(folder), "--tag", f"d{n}", "--count", str(EACH), "--wait",
              *(["--compact-every", "40"] if n == 0 else []), *options)
        for n in range(DESKS)
    ]
    for proc in procs:
        wait_ready(proc, "writer")
    stop = threading.Event()
    deletions: list[int] = []
    deleter = threading.Thread(target=lambda: deletions.append(_delete_lock_repeatedly(folder, stop)))
    deleter.start()
    try:
        for proc in procs:
            proc.stdin.write("go\n")  # type: ignore[union-attr]
            proc.stdin.flush()  # type: ignore[union-attr]
        outs = []
        for proc in procs:
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, f"a desk stopped:\n{err}"
            outs.append(out)
    finally:
        stop.set()
        deleter.join()
    acknowledged = {}
    for n, out in enumerate(outs):
        for count, line in enumerate(out.split(), start=1):
            doc_id = int(line)
            assert doc_id not in acknowledged, f"id {doc_id} acknowledged twice"
            acknowledged[doc_id] = (f"d{n}", count)
    assert len(acknowledged) == DESKS * EACH
    with closing(Store.open(folder, create=False)) as store:  # opens: no damage, no repeated sequence number
        docs = store.docs("t")
        lost = [(i, who) for i, who in acknowledged.items() if (docs.get(str(i), {}).get("tag"),
                                                                 docs.get(str(i), {}).get("n")) != who]
        assert not lost, f"acknowledged changes lost: {lost[:10]}"
        assert len(docs) == DESKS * EACH, "a change is there twice"
    if mode == "lock-file" and os.name == "posix":
        assert deletions[0] > 10, "the lock file was hardly ever deleted: the test proved nothing"
