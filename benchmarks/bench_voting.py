"""The counting figures, each beside its floor measured in the same run (``benchmarks/bench.py`` calls these):

- ballot entry stays flat: each durable ballot (parse, store, its chain event, fsync) timed as ballots accumulate,
  the 4,501st–5,000th against the 1st–500th (target ±50 %);
- ``tdkt ballot --csv`` of 5,000 ballots, the whole command in-process, against 5,000 bare appends+fsyncs of one
  line on the same disk (target ≤ 3×);
- a full recount of 20,000 ballots × 100 candidates from the stored ballots, nothing cached (target ≤ 20 ms);
- recount and check of a closed 2,000-ballot poll against its digest (target ≤ 50 ms).

    python benchmarks/bench_voting.py              # every figure; --ballots N for the entry and CSV figures
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import tempfile
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from floors import fsync_floor  # noqa: E402

from tdkt_tui.domain import voting  # noqa: E402
from tdkt_tui.domain.conference import Conference  # noqa: E402
from tdkt_tui.domain.model import ConferenceInfo, Unit  # noqa: E402


def _hall(folder: Path, candidates: int) -> Conference:
    conference = Conference.open(folder)
    units = [Unit(name=f"Đơn vị số {i}") for i in range(1, candidates + 1)]
    conference.load(ConferenceInfo(bloc_name="Khối thi đua thử"), units, [], [])
    return conference


def _open_poll(conference: Conference, ballots: int, quota: int) -> int:
    """A poll of every unit, opened with ``ballots`` issued and collected (paper attendance: no check-in)."""
    poll = voting.create_poll(conference, voting.Poll(voting.PollKind.AWARD, title="Bằng khen", quota=quota))
    voting.open_poll(conference, poll.id or 0, issued=ballots, reason="benchmark", collected=ballots)
    return poll.id or 0


def _stack(ballots: int, candidates: int, most: int, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(map(str, sorted(rng.sample(range(1, candidates + 1), rng.randint(1, most)))))
            for _ in range(ballots)]


def benchmark_entry(folder: Path, ballots: int = 5000, candidates: int = 30) -> list[float]:
    """Seconds of each durable ballot entry (``voting.enter_ballot``), in the order entered."""
    conference = _hall(folder, candidates)
    try:
        poll = _open_poll(conference, ballots, candidates // 2)
        each = []
        for text in _stack(ballots, candidates, candidates // 2):
            start = time.perf_counter()
            voting.enter_ballot(conference, poll, text)
            each.append(time.perf_counter() - start)
        assert voting.tally(conference, poll).counted == ballots
        return each
    finally:
        conference.close()


def benchmark_csv(folder: Path, ballots: int = 5000, candidates: int = 30) -> float:
    """Seconds of ``tdkt ballot PATH POLL --csv FILE`` with ``ballots`` lines, run in-process (the conference opened
    by the command, the file read, the stack parsed, stored with its chain, the answer printed)."""
    from tdkt_tui.cli import main

    conference = _hall(folder / "conference", candidates)
    poll = _open_poll(conference, ballots, candidates // 2)
    conference.close()
    path = folder / "phieu.csv"
    path.write_text("\n".join(t.replace(" ", ",") for t in _stack(ballots, candidates, candidates // 2)) + "\n",
                    encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["ballot", str(folder / "conference"), str(poll), "--csv", str(path)])
    seconds = time.perf_counter() - start
    assert code == 0, err.getvalue()
    return seconds


def benchmark_recount(folder: Path, ballots: int = 2000, candidates: int = 30, repeat: int = 5) -> float:
    """Best time (seconds) of a full recount from the stored ballots, nothing cached, in a new conference."""
    conference = _hall(folder, candidates)
    try:
        poll = _open_poll(conference, ballots, candidates // 2)
        rng = random.Random(5)
        with conference.store.transaction() as txn:  # one transaction: the figure is the recount, not the fsyncs
            for seq in range(1, ballots + 1):
                kept = sorted(rng.sample(range(1, candidates + 1), rng.randint(1, candidates // 2)))
                txn.insert(voting.BALLOTS, {"poll": poll, "round": 1, "seq": seq, "clerk": 1, "kept": kept,
                                            "invalid": None if seq % 50 else "written_on"})
        best = min(voting.timed_recount(conference, poll) for _ in range(repeat))
        assert voting.recount(conference, voting.get_poll(conference, poll)).counted == ballots
        return best
    finally:
        conference.close()


def benchmark_verify(folder: Path, ballots: int = 2000, candidates: int = 30, repeat: int = 5) -> float:
    """Best time (seconds) of a recount plus the check of a closed poll (its chain, definition, ballots and result)
    against the digest printed at close."""
    conference = _hall(folder, candidates)
    try:
        poll = _open_poll(conference, ballots, candidates // 2)
        voting.enter_ballots(conference, poll, _stack(ballots, candidates, candidates // 2))
        digest = voting.close_poll(conference, poll)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            voting.recount(conference, voting.get_poll(conference, poll))
            check = voting.verify_poll(conference, poll, digest)
            times.append(time.perf_counter() - start)
            assert check.ok
        return min(times)
    finally:
        conference.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ballots", type=int, default=5000)
    args = parser.parse_args()
    n = args.ballots
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        floor = fsync_floor(folder / "floor", n)
        each = benchmark_entry(folder / "entry", n)
        block = max(1, n // 10)
        first, last = statistics.median(each[:block]), statistics.median(each[-block:])
        csv = benchmark_csv(folder / "csv", n)
        recount = benchmark_recount(folder / "recount", ballots=20_000, candidates=100)
        check = benchmark_verify(folder / "verify", ballots=2000)
    print(f"append+fsync of one line (floor): {floor / n * 1000:.2f} ms each, {floor:.2f} s for {n:,}")
    print(f"ballot entry, p50 of ballots 1–{block:,} / {n - block + 1:,}–{n:,}: {first * 1000:.2f} ms / "
          f"{last * 1000:.2f} ms ({last / first:.2f}×; target within ±50 %)")
    print(f"tdkt ballot --csv, {n:,} ballots: {csv:.2f} s ({csv / floor:.2f}× the floor; target ≤ 3×)")
    print(f"full recount, 20,000 ballots × 100 candidates: {recount * 1000:.1f} ms (best of 5; target ≤ 20 ms)")
    print(f"recount + check against the digest, 2,000 ballots: {check * 1000:.1f} ms (best of 5; target ≤ 50 ms)")


if __name__ == "__main__":
    main()
