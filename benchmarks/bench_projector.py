"""Figure: one ballot entered → the projector repainted, at 30 candidates and 2,000 ballots
(target ≤ 50 ms).

    python benchmarks/bench_projector.py

The time runs from ``voting.enter_ballot`` (parse, store with its audit event) through ``app.changed()`` and the
recount to the projector's next refresh (``call_after_refresh`` after the redraw), in a headless 200×60 app.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from screens.projector import ProjectorScreen, TallyBoard  # noqa: E402
from tdkt_tui.domain import voting  # noqa: E402
from tdkt_tui.domain.conference import Conference  # noqa: E402
from tdkt_tui.domain.model import ConferenceInfo, Unit  # noqa: E402
from tdkt_tui.ui.app import TdktApp  # noqa: E402


def prepare(folder: Path, ballots: int, candidates: int, extra: int) -> tuple[Conference, int]:
    """A conference with one open poll of ``candidates`` units holding ``ballots`` ballots, room for ``extra``."""
    conference = Conference.open(folder)
    units = [Unit(name=f"Đơn vị số {i}") for i in range(1, candidates + 1)]
    conference.load(ConferenceInfo(bloc_name="Khối thi đua thử"), units, [], [])
    poll = voting.create_poll(conference, voting.Poll(voting.PollKind.AWARD, title="Bằng khen", quota=candidates // 2))
    voting.open_poll(conference, poll.id, issued=ballots + extra, reason="benchmark", collected=ballots + extra)
    rng = random.Random(5)
    with conference.store.transaction() as txn:  # one transaction: the ballots already counted
        for seq in range(1, ballots + 1):
            kept = sorted(rng.sample(range(1, candidates + 1), rng.randint(1, candidates // 2)))
            txn.insert(voting.BALLOTS, {"poll": poll.id, "round": 1, "seq": seq, "clerk": 1, "kept": kept,
                                        "invalid": None})
    return conference, poll.id  # type: ignore[return-value]


async def measure(conference: Conference, poll_id: int, rounds: int, candidates: int) -> dict[str, list[float]]:
    app = TdktApp(conference, lang="vi", watch_interval=3600)  # the timer stays out of the figure
    times: dict[str, list[float]] = {"enter": [], "repaint": [], "total": []}
    rng = random.Random(7)
    async with app.run_test(size=(200, 60)) as pilot:
        screen = ProjectorScreen(poll_id)
        await app.push_screen(screen)
        await pilot.pause()
        board = screen.query_one(TallyBoard)
        for _ in range(rounds):
            ballot = " ".join(str(n) for n in sorted(rng.sample(range(1, candidates + 1), 5)))
            painted = asyncio.get_running_loop().create_future()
            start = time.perf_counter()
            voting.enter_ballot(conference, poll_id, ballot)
            stored = time.perf_counter()
            app.changed()  # the watcher recounts and calls board.show(); the next refresh paints it
            board.call_after_refresh(lambda: painted.done() or painted.set_result(time.perf_counter()))
            end = await painted
            times["enter"].append(stored - start)
            times["repaint"].append(end - stored)
            times["total"].append(end - start)
            await pilot.pause()
        counted = voting.tally(conference, poll_id).counted
    return times | {"counted": [counted]}


def benchmark(folder: Path, ballots: int = 2000, candidates: int = 30, rounds: int = 20) -> dict[str, float]:
    """Median and worst milliseconds over ``rounds`` ballots entered one at a time."""
    conference, poll_id = prepare(folder, ballots, candidates, rounds)
    try:
        times = asyncio.run(measure(conference, poll_id, rounds, candidates))
        assert times["counted"][0] == ballots + rounds
    finally:
        conference.close()
    out = {}
    for key in ("enter", "repaint", "total"):
        out[f"{key}_median_ms"] = statistics.median(times[key]) * 1000
        out[f"{key}_max_ms"] = max(times[key]) * 1000
    return out


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        r = benchmark(Path(tmp) / "bench")
    print("one ballot entered → projector repainted, 30 candidates, 2,000 ballots, 200×60 (target ≤ 50 ms):")
    print(f"  total   median {r['total_median_ms']:.1f} ms, worst {r['total_max_ms']:.1f} ms")
    print(f"  of which storing the ballot   median {r['enter_median_ms']:.1f} ms, worst {r['enter_max_ms']:.1f} ms")
    print(f"  of which recount + repaint    median {r['repaint_median_ms']:.1f} ms, worst {r['repaint_max_ms']:.1f} ms")
