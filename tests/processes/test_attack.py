"""The attack suite: random sequences of work from several desk processes with faults in between, property-based.

Hypothesis drives a state machine over one conference folder and two or three desks (``tests/helpers/attack_desk.py``,
each its own process). A step is a burst of writes at every desk at once, during which a desk may be killed with
SIGKILL at a random moment and the lock file may be deleted again and again; or a compaction; or a clock that jumps
forward or back; or a disk that fills up in the middle of writes and compactions. After every step: every
acknowledged change is in the folder exactly once, nothing is there that was never tried, the folder opens, and the
backups are in the order of their sequence numbers.

In CI the run is small and derandomized (a few seconds). ``TDKT_ATTACK_ROUNDS=N`` runs N random examples instead and
prints the figures (the README's come from such a run).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections import Counter
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from tdkt_tui.domain.snapshots import backups
from tdkt_tui.domain.store import Store
from tests.helpers.processes import ROOT, spawn

DESK = ROOT / "tests" / "helpers" / "attack_desk.py"
ROUNDS = int(os.environ.get("TDKT_ATTACK_ROUNDS", "0"))
POSIX = os.name == "posix"

#: Totals over the whole run, printed at the end.
FIGURES: Counter[str] = Counter()


def _read_line(proc: subprocess.Popen[str]) -> str:
    line = proc.stdout.readline()  # type: ignore[union-attr]
    if not line.endswith("\n"):
        _, err = proc.communicate(timeout=10)
        raise AssertionError(f"a desk stopped (exit {proc.returncode}):\n{err}")
    return line.rstrip("\n")


class Attack(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="tdkt-attack-"))
        self.folder = self.tmp / "hoi-nghi"
        Store.open(self.folder).close()
        self.desks: list[subprocess.Popen[str]] = []
        self.options: list[str] = []
        self.next_attempt = 1
        self.tried: set[tuple[str, int]] = set()
        self.acked: set[tuple[str, int]] = set()
        FIGURES["examples"] += 1

    # -- desks ---------------------------------------------------------------------------------------------------

    def _spawn(self, n: int) -> subprocess.Popen[str]:
        proc = spawn(DESK, str(self.folder), f"d{n}", *self.options)
        line = _read_line(proc)
        assert line == "ready", f"desk d{n} could not open the folder: {line}"
        return proc

    def _ask(self, n: int, command: str, answer: str) -> None:
        proc = self.desks[n]
        proc.stdin.write(command + "\n")  # type: ignore[union-attr]
        proc.stdin.flush()  # type: ignore[union-attr]
        assert _read_line(proc) == answer

    @initialize(desks=st.integers(2, 3), lock_file=st.booleans())
    def start(self, desks: int, lock_file: bool) -> None:
        """Lock the folder itself (POSIX) or only the lock file (as on Windows), for the whole example."""
        self.options = ["--lock-file"] if lock_file else []
        self.desks = [self._spawn(n) for n in range(desks)]

    def teardown(self) -> None:
        for proc in self.desks:
            if proc.poll() is None:
                proc.stdin.close()  # type: ignore[union-attr]
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
            for stream in (proc.stdout, proc.stderr):
                if stream is not None:
                    stream.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    # -- steps ---------------------------------------------------------------------------------------------------

    @rule(counts=st.lists(st.integers(0, 25), min_size=3, max_size=3), kill=st.none() | st.integers(0, 2),
          delay=st.floats(0.0, 0.04), delete_lock=st.booleans())
    def burst(self, counts: list[int], kill: int | None, delay: float, delete_lock: bool) -> None:
        """Every desk writes at once; maybe the lock file is deleted throughout; maybe one desk is killed."""
        FIGURES["bursts"] += 1
        sent: dict[int, int] = {}
        for n, proc in enumerate(self.desks):
            count = counts[n % 3]
            if count:
                first = self.next_attempt
                self.next_attempt += count
                self.tried |= {(f"d{n}", a) for a in range(first, first + count)}
                proc.stdin.write(f"w {count} {first}\n")  # type: ignore[union-attr]
                proc.stdin.flush()  # type: ignore[union-attr]
                sent[n] = count
        stop = threading.Event()
        deleted = [0]

        def delete_again_and_again() -> None:
            while not stop.is_set():
                try:
                    (self.folder / ".lock").unlink()
                    deleted[0] += 1
                except FileNotFoundError:
                    pass
                time.sleep(0.0005)

        deleter = threading.Thread(target=delete_again_and_again) if delete_lock else None
        if deleter is not None:
            deleter.start()
        victim = kill % len(self.desks) if kill is not None else None
        if victim is not None:
            time.sleep(delay)
            os.kill(self.desks[victim].pid, signal.SIGKILL)
            FIGURES["kills"] += 1
        try:
            for n, count in sent.items():
                proc = self.desks[n]
                if n == victim:
                    out, _ = proc.communicate(timeout=30)
                    lines = out.split("\n")[:-1]  # a line cut by the kill was never acknowledged
                else:
                    lines = [_read_line(proc) for _ in range(count)]
                for line in lines:
                    verdict, attempt = line.split()
                    if verdict == "ok":
                        self.acked.add((f"d{n}", int(attempt)))
                        FIGURES["acknowledged"] += 1
                    else:
                        FIGURES["refused"] += 1
        finally:
            stop.set()
            if deleter is not None:
                deleter.join()
        if delete_lock:
            FIGURES["lock deletions during a burst"] += 1
            FIGURES["lock files deleted"] += deleted[0]
        if victim is not None:
            self.desks[victim] = self._spawn(victim)  # the folder opens after the kill

    @rule(n=st.integers(0, 2))
    def compact(self, n: int) -> None:
        proc = self.desks[n % len(self.desks)]
        proc.stdin.write("c\n")  # type: ignore[union-attr]
        proc.stdin.flush()  # type: ignore[union-attr]
        assert _read_line(proc) in ("c", "c-no")
        FIGURES["compactions"] += 1

    @rule(n=st.integers(0, 2), seconds=st.sampled_from([-400 * 86400, -3600, -1, 1, 3600, 30 * 86400]))
    def clock_jumps(self, n: int, seconds: int) -> None:
        self._ask(n % len(self.desks), f"t {seconds}", "t")
        FIGURES["clock jumps"] += 1

    @rule(n=st.integers(0, 2), room=st.integers(0, 600), writes=st.integers(1, 6), compact=st.booleans())
    def disk_fills_up(self, n: int, room: int, writes: int, compact: bool) -> None:
        """The disk has ``room`` bytes left for this desk's writes and compaction, then is freed again."""
        n %= len(self.desks)
        proc = self.desks[n]
        self._ask(n, f"f {room}", "f")
        if compact:
            proc.stdin.write("c\n")  # type: ignore[union-attr]
            proc.stdin.flush()  # type: ignore[union-attr]
            assert _read_line(proc) in ("c", "c-no")
        first = self.next_attempt
        self.next_attempt += writes
        self.tried |= {(f"d{n}", a) for a in range(first, first + writes)}
        proc.stdin.write(f"w {writes} {first}\n")  # type: ignore[union-attr]
        proc.stdin.flush()  # type: ignore[union-attr]
        for _ in range(writes):
            verdict, attempt = _read_line(proc).split()
            if verdict == "ok":
                self.acked.add((f"d{n}", int(attempt)))
                FIGURES["acknowledged"] += 1
            else:
                FIGURES["refused on a full disk"] += 1
        self._ask(n, "f -", "f")
        FIGURES["disk full"] += 1

    # -- after every step ----------------------------------------------------------------------------------------

    @invariant()
    def every_acknowledged_change_is_there_exactly_once(self) -> None:
        if not self.desks:
            return
        with closing(Store.open(self.folder, create=False)) as store:  # the folder opens: never CorruptStore
            found = Counter((doc["desk"], doc["a"]) for doc in store.docs("t").values())
        lost = self.acked - set(found)
        assert not lost, f"acknowledged changes lost: {sorted(lost)[:10]}"
        twice = [key for key, times in found.items() if times > 1]
        assert not twice, f"changes there twice: {twice[:10]}"
        assert set(found) <= self.tried, "a change nobody made"
        seqs = [b.seq for b in backups(self.folder)]
        assert seqs == sorted(seqs) and len(seqs) <= 10
        FIGURES["checks"] += 1


def _faults() -> int:
    return sum(FIGURES[k] for k in ("kills", "lock deletions during a burst", "clock jumps", "disk full"))


@pytest.mark.skipif(not POSIX or not Path("/proc/self/fd").is_dir(), reason="SIGKILL and the simulated full disk")
def test_the_folder_survives_random_attacks() -> None:
    FIGURES.clear()
    started = time.monotonic()
    run: Any = settings(
        max_examples=ROUNDS or 4,
        stateful_step_count=25 if ROUNDS else 12,
        deadline=None,
        derandomize=not ROUNDS,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    )(Attack)
    run.TestCase().runTest()
    seconds = time.monotonic() - started
    summary = ", ".join(f"{v} {k}" for k, v in sorted(FIGURES.items()))
    print(f"\nattack: {_faults()} faults in {seconds:.0f} s ({summary}); no acknowledged change lost")
    assert FIGURES["checks"] > 0 and FIGURES["acknowledged"] > 0
