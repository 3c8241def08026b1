"""A desk under attack, for ``tests/processes/test_attack.py``: ``python attack_desk.py FOLDER DESK [--lock-file]``.

It opens the folder (printing ``ready``, or ``corrupt <message>`` and exit code 4 when the folder does not open) and
then obeys one command per line on stdin, answering on stdout, every line flushed:

``w K A``
    K writes, one transaction each, inserting ``{"desk": DESK, "a": attempt}`` with attempts A, A+1, …; prints
    ``ok <attempt>`` once a write *returned* (acknowledged), ``no <attempt>`` when it was refused with a
    :class:`StoreError` (a full disk, another desk that did not wait its turn): not acknowledged, never retried.
``c``
    Compact; prints ``c`` (done or nothing to do) or ``c-no`` (refused: a full disk; the journal keeps everything).
``f ROOM`` / ``f -``
    From now on only ROOM more bytes fit on the folder's disk (``-``: no limit); prints ``f``.
``t SECONDS``
    The clock jumps by SECONDS (negative: back); prints ``t``.
``r``
    Take in the other desks' changes; prints ``r``.

Anything else, or an exception that is not a :class:`StoreError`, ends the desk with exit code 3 and the traceback on
stderr: the test fails on it.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.helpers import faults  # noqa: E402


def main() -> int:
    folder, desk = sys.argv[1], sys.argv[2]
    from tdkt_tui.domain import folderlock
    from tdkt_tui.domain.errors import CorruptStore, StoreError
    from tdkt_tui.domain.store import Store

    if "--lock-file" in sys.argv:
        folderlock.LOCK_THE_FOLDER = False
    faults.install_disk(str(Path(folder).resolve()) + "/")
    faults.install_clock()
    try:
        store = Store.open(folder, create=False)
    except CorruptStore as exc:
        print(f"corrupt {exc}", flush=True)
        return 4
    print("ready", flush=True)
    for line in sys.stdin:
        command = line.split()
        if not command:
            continue
        if command[0] == "w":
            count, first = int(command[1]), int(command[2])
            for attempt in range(first, first + count):
                try:
                    with store.transaction() as txn:
                        txn.insert("t", {"desk": desk, "a": attempt})
                except CorruptStore:
                    raise
                except StoreError:
                    print(f"no {attempt}", flush=True)
                    continue
                print(f"ok {attempt}", flush=True)
        elif command[0] == "c":
            try:
                store.compact()
                print("c", flush=True)
            except CorruptStore:
                raise
            except StoreError:
                print("c-no", flush=True)
        elif command[0] == "f":
            faults.fill_disk(None if command[1] == "-" else int(command[1]))
            print("f", flush=True)
        elif command[0] == "t":
            faults.jump_clock(float(command[1]))
            print("t", flush=True)
        elif command[0] == "r":
            store.refresh()
            print("r", flush=True)
        else:
            print(f"unknown command {line!r}", file=sys.stderr, flush=True)
            return 3
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
