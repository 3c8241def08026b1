"""Measure every performance target of the project, each beside its baseline in the same run, and print one table.

    python benchmarks/bench.py            # 10,000 attendees
    python benchmarks/bench.py --people 2000 --rounds 100

Figures, the conference folder and the attendees:
- durable change of one attendee (journal append + fsync) vs TinyDB's default JSONStorage update (no fsync);
- opening a 10,000-attendee conference to the first painted dashboard;
- attendees screen with 10,000 rows: first paint and each filter keystroke, vs Textual's stock DataTable load.

The door: durable check-in by scan at 10,000 attendees; on the door desk, Enter to the result painted.
Import: roster preview of 10,000 rows (CSV, XLSX).
Counting: full recount of 2,000 ballots × 30 candidates; one ballot entered → projector repainted.

This is the one report of every figure; the other scripts in this folder measure one area in more detail.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tabulate import tabulate

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from tdkt_tui.domain.conference import Conference  # noqa: E402
from tdkt_tui.domain.model import Attendee, Role  # noqa: E402


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def p50(values: list[float]) -> float:
    return statistics.median(values)


def make_people(n: int) -> list[dict]:
    units = 11
    return [
        Attendee(full_name=f"Nguyễn Văn Đại Biểu {i:05d}", unit_id=i % units + 1, title="Chuyên viên",
                 role=Role.DELEGATE if i % 5 else Role.VOTING, phone=f"09{i:08d}", seat=f"S{i}").to_doc()
        for i in range(n)
    ]


def build(folder: Path, n: int) -> Conference:
    from tdkt_tui.domain.demo import write_demo

    conference = write_demo(folder)
    people = make_people(n)
    with conference.store.transaction() as txn:
        for doc in people:
            txn.insert("attendees", doc)
    conference.store.compact()
    return conference


def bench_store(folder: Path, n: int, rounds: int) -> tuple[float, float]:
    """p50 of one durable attendee change here, and of TinyDB's default update on the same data."""
    from tinydb import TinyDB

    conference = build(folder / "ours", n)
    ids = [p.id for p in conference.attendees()][: rounds]
    ours = []
    for i, person_id in enumerate(ids):
        start = time.perf_counter()
        with conference.store.transaction() as txn:
            txn.update("attendees", person_id, {"seat": f"R{i}"})
        ours.append(time.perf_counter() - start)
    conference.close()

    db = TinyDB(folder / "tinydb.json")
    table = db.table("attendees")
    table.insert_multiple(make_people(n))
    theirs = []
    for i in range(1, rounds + 1):
        start = time.perf_counter()
        table.update({"seat": f"R{i}"}, doc_ids=[i])
        theirs.append(time.perf_counter() - start)
    db.close()
    return p50(ours), p50(theirs)


async def bench_app(folder: Path, n: int, keystrokes: str) -> dict[str, float]:
    from screens.attendees import AttendeesScreen
    from screens.dashboard import DashboardScreen
    from screens.widgets.rowtable import RowTable
    from tdkt_tui.ui.app import make_app

    build(folder / "app", n).close()
    results: dict[str, float] = {}
    painted: list[float] = []

    def mark_first_paint(screen_class: type) -> None:
        """Note when a screen has finished its first paint (after its first refresh)."""
        original = screen_class.on_mount

        def on_mount(self: object) -> None:
            original(self)  # type: ignore[arg-type]
            self.call_after_refresh(lambda: painted.append(time.perf_counter()))  # type: ignore[attr-defined]

        screen_class.on_mount = on_mount  # type: ignore[attr-defined]

    mark_first_paint(DashboardScreen)
    mark_first_paint(AttendeesScreen)
    start = time.perf_counter()
    app = make_app(folder / "app", lang="vi")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        results["open"] = painted[-1] - start
        start = time.perf_counter()
        await pilot.press("f3")
        await pilot.pause()
        results["attendees_first_paint"] = painted[-1] - start
        assert len(app.screen.query_one("#people", RowTable).rows) == n + 38
        screen = app.screen
        painted: list[float] = []
        original = type(screen).reload

        def timed_reload(self: object) -> None:
            original(self)  # type: ignore[arg-type]
            screen.call_after_refresh(lambda: painted.append(time.perf_counter()))

        type(screen).reload = timed_reload  # type: ignore[method-assign]
        times = []
        for char in keystrokes:
            painted.clear()
            start = time.perf_counter()
            await pilot.press(char)
            await pilot.pause()
            times.append(painted[-1] - start)
        type(screen).reload = original  # type: ignore[method-assign]
        results["keystroke_p50"] = p50(times)
        results["keystroke_max"] = max(times)
    return results


def bench_checkin(folder: Path, n: int, rounds: int) -> float:
    """p50 of one durable check-in by scan (code read, person found, stored with fsync, log line written)."""
    from tdkt_tui.domain import checkin

    conference = build(folder / "checkin", n)
    people = conference.attendees()[:rounds]
    codes = [checkin.code_of(conference, p) for p in people]
    times = []
    for code in codes:
        start = time.perf_counter()
        result = checkin.scan(conference, code, "Bàn 1")
        times.append(time.perf_counter() - start)
        assert result.outcome is checkin.Outcome.CHECKED_IN
    conference.close()
    return p50(times)


async def bench_checkin_screen(folder: Path, n: int, rounds: int) -> tuple[float, float]:
    """Enter to the result painted on the door desk, codes typed as a scanner bursts them."""
    from textual import events

    from screens.checkin import CheckinScreen
    from tdkt_tui.domain import checkin
    from tdkt_tui.ui.app import make_app

    build(folder / "door", n).close()
    app = make_app(folder / "door", lang="vi", desk="Bàn 1")
    codes = [checkin.code_of(app.conference, p) for p in app.conference.attendees()[:rounds]]
    painted: list[float] = []
    original = CheckinScreen.show

    def timed_show(self: CheckinScreen, result: checkin.Result) -> None:
        original(self, result)
        self.call_after_refresh(lambda: painted.append(time.perf_counter()))

    CheckinScreen.show = timed_show  # type: ignore[method-assign]
    times = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        for code in codes:
            for char in code:
                app.post_message(events.Key(char, char))
            await pilot.pause()
            painted.clear()
            start = time.perf_counter()
            app.post_message(events.Key("enter", "\r"))
            await pilot.pause()
            times.append(painted[-1] - start)
    CheckinScreen.show = original  # type: ignore[method-assign]
    return p50(times), max(times)


async def bench_datatable(n: int) -> float:
    """Baseline: the same rows loaded into Textual's stock DataTable."""
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    class Plain(App[None]):
        def compose(self) -> ComposeResult:
            yield DataTable()

    people = make_people(n)
    app = Plain()
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.query_one(DataTable)
        table.add_columns("✓", "Họ và tên", "Đơn vị", "Chức vụ", "Vai trò", "Ghế", "Điện thoại")
        start = time.perf_counter()
        table.add_rows([("", p["full_name"], str(p["unit_id"]), p["title"], p["role"], p["seat"], p["phone"])
                        for p in people])
        await pilot.pause()
        return time.perf_counter() - start


def bench_import(folder: Path, n: int) -> tuple[float, float]:
    """Seconds to preview a roster of ``n`` rows, CSV and XLSX (written with openpyxl)."""
    from import_roster import write_rosters

    from tdkt_tui.domain.demo import write_demo
    from tdkt_tui.sheets.roster import read_roster

    csv_path, xlsx_path = write_rosters(folder, n)
    out = []
    for path in (csv_path, xlsx_path):
        conference = write_demo(folder / f"roster-{path.suffix[1:]}")
        start = time.perf_counter()
        read_roster(path, conference)
        out.append(time.perf_counter() - start)
        conference.close()
    return out[0], out[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tdkt-bench-") as tmp:
        folder = Path(tmp)
        os.environ["TDKT_HOME"] = str(folder / "home")
        ours, tinydb = bench_store(folder, args.people, args.rounds)
        app = asyncio.run(bench_app(folder, args.people, "nguyen 0999"))
        table_baseline = asyncio.run(bench_datatable(args.people))
        checkin_p50 = bench_checkin(folder, args.people, args.rounds)
        door_p50, door_max = asyncio.run(bench_checkin_screen(folder, args.people, 50))
        csv_s, xlsx_s = bench_import(folder, args.people)
        from bench_projector import benchmark as bench_projector
        from bench_voting import benchmark_recount

        recount = benchmark_recount(folder / "recount")
        projector = bench_projector(folder / "projector")
    n = f"{args.people:,}"
    rows = [
        (f"durable change of one attendee at {n} (p50, fsync)", ms(ours), "≤ 5 ms",
         f"TinyDB default update (no fsync): {ms(tinydb)} → {tinydb / ours:.0f}× faster (≥ 15×)"),
        (f"open a {n}-attendee conference to painted dashboard", ms(app["open"]), "≤ 1500 ms", ""),
        (f"attendees screen, {n} rows: first paint", ms(app["attendees_first_paint"]), "≤ 300 ms",
         f"stock DataTable loading the same rows: {ms(table_baseline)}"),
        ("attendees screen: filter keystroke to repaint (p50 / max)",
         f"{ms(app['keystroke_p50'])} / {ms(app['keystroke_max'])}", "≤ 50 ms", ""),
    ]
    rows += [
        (f"durable check-in by scan at {n} (p50, fsync, log line)", ms(checkin_p50), "≤ 5 ms",
         f"TinyDB default update above: {ms(tinydb)}"),
        ("door desk: Enter to result painted (p50 / max)", f"{ms(door_p50)} / {ms(door_max)}", "≤ 50 ms", ""),
        (f"roster preview, {n} rows: CSV / XLSX", f"{csv_s:.2f} s / {xlsx_s:.2f} s", "a progress bar shows", ""),
        ("full recount, 2,000 ballots × 30 candidates (best of 5)", ms(recount), "≤ 50 ms", ""),
        ("one ballot → projector repainted, 30 candidates (median / max)",
         f"{projector['total_median_ms']:.2f} ms / {projector['total_max_ms']:.2f} ms", "≤ 50 ms", ""),
    ]
    print(tabulate(rows, headers=["figure", "measured", "target", "baseline in the same run"], tablefmt="github"))
    print(f"\nmachine: {platform.platform()}, {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}")


if __name__ == "__main__":
    main()
