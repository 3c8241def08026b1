"""A desk writing to a conference folder, for the crash and concurrency tests of ``tests/test_store.py``.

Run as ``python tests/helpers/store_writer.py FOLDER --tag T [--count N] [--compact-every K] [--pairs] [--wait]
[--lock-file]``.

It opens the store and prints ``ready``; with ``--wait`` it prints ``ready`` once imported and opens the folder only
after a line on stdin, the start signal that lets several desks create, open and write together. Then it inserts
documents one transaction at a time. After each transaction has *returned* (the change is acknowledged) it prints the
inserted id(s) and flushes, so everything the parent reads from stdout was acknowledged. With ``--pairs`` every
transaction inserts two documents that name each other, so a half-applied transaction would show. With
``--compact-every K`` it compacts after every K transactions, so a kill can land while a snapshot is written.
``--lock-file`` locks ``.lock`` instead of the folder (as on Windows, or where a directory cannot be locked); a change
refused because another desk wrote at the same moment (:class:`ConcurrentWrite`) is tried again, and counted on
stderr as ``refused N``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tdkt_tui.domain import folderlock  # noqa: E402
from tdkt_tui.domain.errors import ConcurrentWrite  # noqa: E402
from tdkt_tui.domain.store import Store  # noqa: E402

TABLE = "t"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--tag", default="w")
    parser.add_argument("--count", type=int, default=0, help="0: until killed")
    parser.add_argument("--compact-every", type=int, default=0)
    parser.add_argument("--pairs", action="store_true")
    parser.add_argument("--wait", action="store_true")
    parser.add_argument("--lock-file", action="store_true")
    args = parser.parse_args()
    if args.lock_file:
        folderlock.LOCK_THE_FOLDER = False

    if args.wait:  # imported and waiting: open (or create) the folder together with the other desks
        print("ready", flush=True)
        sys.stdin.readline()
    store = Store.open(args.folder)
    if not args.wait:
        print("ready", flush=True)
    n = refused = 0
    while args.count == 0 or n < args.count:
        n += 1
        while True:
            try:
                with store.transaction() as txn:
                    first = txn.insert(TABLE, {"tag": args.tag, "n": n, "name": "Nguyễn Thị Hồng Nhung"})
                    if args.pairs:
                        second = txn.insert(TABLE, {"tag": args.tag, "n": n, "partner": first})
                        txn.update(TABLE, first, {"partner": second})
                break
            except ConcurrentWrite:
                refused += 1
        print(f"{first} {second}" if args.pairs else first, flush=True)
        if args.compact_every and n % args.compact_every == 0:
            try:
                store.compact()
            except ConcurrentWrite:
                refused += 1
    store.close()
    if refused:
        print(f"refused {refused}", file=sys.stderr)


if __name__ == "__main__":
    main()
