"""A door or counting desk in its own process, for the concurrency and kill -9 tests of ``tests/test_desks.py``.

Run as ``python tests/helpers/desk_worker.py FOLDER MODE ARG [options]``:

* ``scan CODES``: check in everyone listed in the file CODES (one ``<attendee id> <code>`` per line), by scanning
  their codes; prints ``c <attendee id>`` after each scan that returned ``checked_in``.
* ``ballots COUNT --poll P``: enter COUNT ballots ``1`` into poll P (``--clerk``, default 1); prints ``b <seq>``
  after each ballot was entered.
* ``mixed CODES --poll P --start N``: alternately scan the next code (from line N of CODES on) and enter a ballot,
  until the codes run out or the process is killed; prints ``c <id>`` / ``b <seq>`` after each acknowledged call. A
  code scanned before a kill but never acknowledged answers ``already`` when scanned again: that prints ``a <id>``.

Every line is printed and flushed only after the call *returned*, so whatever the parent reads was acknowledged.
With ``--wait`` it prints ``ready`` once imported and opens the folder only after a line on stdin (a common start
signal); otherwise it prints ``ready`` once the folder is open. Any other outcome stops the desk with exit code 3.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tdkt_tui.domain import checkin, voting  # noqa: E402
from tdkt_tui.domain.checkin import Outcome  # noqa: E402
from tdkt_tui.domain.conference import Conference  # noqa: E402


def read_codes(path: str, start: int = 0) -> list[tuple[int, str]]:
    rows = []
    for line in Path(path).read_text(encoding="utf-8").splitlines()[start:]:
        attendee_id, code = line.split(" ", 1)
        rows.append((int(attendee_id), code))
    return rows


def fail(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
    sys.exit(3)


def scan_one(conference: Conference, attendee_id: int, code: str, desk: str, *, again_ok: bool) -> None:
    result = checkin.scan(conference, code, desk)
    if result.outcome is Outcome.CHECKED_IN and result.attendee is not None and result.attendee.id == attendee_id:
        print(f"c {attendee_id}", flush=True)
    elif again_ok and result.outcome is Outcome.ALREADY:
        print(f"a {attendee_id}", flush=True)
    else:
        fail(f"scan of {attendee_id}: {result.outcome.value}")


def ballot_one(conference: Conference, poll: int, clerk: int) -> None:
    ballot = voting.enter_ballot(conference, poll, "1", clerk)
    print(f"b {ballot.seq}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("mode", choices=["scan", "ballots", "mixed"])
    parser.add_argument("arg", help="the codes file (scan, mixed) or the number of ballots (ballots)")
    parser.add_argument("--poll", type=int, default=0)
    parser.add_argument("--clerk", type=int, default=1)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--desk", default="desk")
    parser.add_argument("--wait", action="store_true")
    args = parser.parse_args()

    if args.wait:
        print("ready", flush=True)
        sys.stdin.readline()
    conference = Conference.open(args.folder, create=False)
    if not args.wait:
        print("ready", flush=True)

    if args.mode == "scan":
        for attendee_id, code in read_codes(args.arg):
            scan_one(conference, attendee_id, code, args.desk, again_ok=False)
    elif args.mode == "ballots":
        for _ in range(int(args.arg)):
            ballot_one(conference, args.poll, args.clerk)
    else:
        for attendee_id, code in read_codes(args.arg, args.start):
            scan_one(conference, attendee_id, code, args.desk, again_ok=True)
            ballot_one(conference, args.poll, args.clerk)
    conference.close()


if __name__ == "__main__":
    main()
