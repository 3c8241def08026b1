"""Figure: a full recount of 2,000 ballots × 30 candidates (target ≤ 50 ms).

    python benchmarks/bench_voting.py
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tdkt_tui.domain import voting  # noqa: E402
from tdkt_tui.domain.conference import Conference  # noqa: E402
from tdkt_tui.domain.model import ConferenceInfo, Unit  # noqa: E402


def benchmark_recount(folder: Path, ballots: int = 2000, candidates: int = 30, repeat: int = 5) -> float:
    """Best time (seconds) of an uncached full recount, in a new conference made in ``folder``."""
    conference = Conference.open(folder)
    try:
        units = [Unit(name=f"Đơn vị số {i}") for i in range(1, candidates + 1)]
        conference.load(ConferenceInfo(bloc_name="Khối thi đua thử"), units, [], [])
        poll = voting.create_poll(conference, voting.Poll(voting.PollKind.AWARD, title="Bằng khen",
                                                          quota=candidates // 2))
        voting.open_poll(conference, poll.id, issued=ballots, reason="benchmark", collected=ballots)
        rng = random.Random(5)
        with conference.store.transaction() as txn:  # one transaction: the figure is the recount, not the fsyncs
            for seq in range(1, ballots + 1):
                kept = sorted(rng.sample(range(1, candidates + 1), rng.randint(1, candidates // 2)))
                txn.insert(voting.BALLOTS, {"poll": poll.id, "round": 1, "seq": seq, "clerk": 1, "kept": kept,
                                            "invalid": None if seq % 50 else "written_on"})
        best = min(voting.timed_recount(conference, poll.id) for _ in range(repeat))
        assert voting.tally(conference, poll.id).counted == ballots
        return best
    finally:
        conference.close()


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        seconds = benchmark_recount(Path(tmp) / "bench")
        print(f"full recount, 2,000 ballots × 30 candidates: {seconds * 1000:.1f} ms (best of 5; target ≤ 50 ms)")
