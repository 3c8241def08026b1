"""Measure every performance target of the project, each beside its baseline in the same run, and print one table.

    python benchmarks/bench.py                    # 10,000 people
    python benchmarks/bench.py --people 100000    # the 10,000 column and the 100,000 column (a few minutes)

Each figure that depends on the size of the conference is measured at 10,000 people and, with ``--people N``, at N.
Baselines (floors) are measured in the same run: bare append+fsync of one line on the same disk, a bare Textual app
started and painted, a bare Textual app doing the door desk's repaint, ``python -c pass``, TinyDB's own storage.
The app's figures run in child processes (``--child``), so opening is timed from process start to the painted
dashboard and memory is the app's own. Each copy of a conference made for a figure is flushed to disk before the
figure is measured (:func:`copy_of`).

This is the one report of every figure; the other scripts in this folder measure one area in more detail.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from tdkt_tui.domain.conference import Conference  # noqa: E402
from tdkt_tui.domain.model import Attendee, Role  # noqa: E402

SMALL = 10_000
#: Scans sent to the door desk at 10,000 people (every frame counts) and at the larger size (the median counts).
DOOR_SCANS = 500
DOOR_SCANS_LARGE = 200
KEYSTROKES = "nguyen van 0999" + "\b" * 4 + "12"
#: In the run of consecutive check-ins, the other desk takes in the changes after every this many (and each fold).
FOLLOW_EVERY = 50
BADGES = 1_000


def ms(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1000:.1f} ms"


def p50(values: list[float]) -> float:
    return statistics.median(values)


def rss_mb() -> float:
    """Resident memory of this process now, in MB."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def make_people(n: int) -> list[dict]:
    units = 11
    return [
        Attendee(full_name=f"Nguyễn Văn Đại Biểu {i:05d}", unit_id=i % units + 1, title="Chuyên viên",
                 role=Role.DELEGATE if i % 5 else Role.VOTING, phone=f"09{i:08d}", seat=f"S{i}").to_doc()
        for i in range(n)
    ]


def build(folder: Path, n: int) -> Conference:
    """The demo conference (11 units, 38 people) with ``n`` more people, compacted: what a big roster import leaves."""
    from tdkt_tui.domain.demo import write_demo

    conference = write_demo(folder)
    with conference.store.transaction() as txn:
        for doc in make_people(n):
            txn.insert("attendees", doc)
    conference.store.compact()
    return conference


def copy_of(template: Path, folder: Path) -> Path:
    """A copy of the conference ``template`` for one figure, on disk before the figure is measured: otherwise the
    kernel writes back this run's own copies (some 100 MB at 100,000 people) while the figure runs, and a check-in's
    fsync waits behind them (the worst of 100,000 check-ins went from 29 to 67 ms that way)."""
    shutil.copytree(template, folder)
    if hasattr(os, "sync"):
        os.sync()
    return folder


def stage(text: str, _began: list[float] = []) -> None:  # noqa: B006 - the run's start, kept between calls
    """One progress line on stderr: what was just measured, and when."""
    if not _began:
        _began.append(time.perf_counter())
    print(f"[{time.perf_counter() - _began[0]:6.1f} s] {text}", file=sys.stderr, flush=True)


def child(name: str, *args: object, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``bench.py --child name args`` in a new process; its last output line is a JSON object of figures."""
    command = [sys.executable, str(Path(__file__)), "--child", name, *map(str, args)]
    started = time.time()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"child {name} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["started"] = started
    stage(f"{name} {' '.join(map(str, args[1:]))}")
    return result


# -- children: each runs in its own process --------------------------------------------------------------------------


async def child_open(folder: str) -> dict[str, Any]:
    """Process start → painted dashboard; then the attendees screen: first paint, filter keystrokes; memory."""
    from screens.attendees import AttendeesScreen
    from screens.dashboard import DashboardScreen
    from screens.widgets.rowtable import RowTable
    from tdkt_tui.ui.app import make_app

    painted: list[float] = []

    def mark_first_paint(screen_class: type) -> None:
        original = screen_class.on_mount

        def on_mount(self: Any) -> None:
            original(self)
            self.call_after_refresh(lambda: painted.append(time.perf_counter()))

        screen_class.on_mount = on_mount  # type: ignore[attr-defined]

    mark_first_paint(DashboardScreen)
    mark_first_paint(AttendeesScreen)
    out: dict[str, Any] = {}
    app = make_app(Path(folder), lang="vi")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        out["open_at"] = time.time() - (time.perf_counter() - painted[-1])
        out["rss_dashboard"] = rss_mb()
        start = time.perf_counter()
        await pilot.press("f3")
        await pilot.pause()
        out["attendees_first_paint"] = painted[-1] - start
        out["rows"] = len(app.screen.query_one("#people", RowTable).rows)
        screen = app.screen
        times: list[float] = []
        original = type(screen).reload

        def timed_reload(self: Any) -> None:
            original(self)
            screen.call_after_refresh(lambda: painted.append(time.perf_counter()))

        type(screen).reload = timed_reload  # type: ignore[method-assign]
        for char in KEYSTROKES:
            painted.clear()
            start = time.perf_counter()
            await pilot.press("backspace" if char == "\b" else "space" if char == " " else char)
            await pilot.pause()
            times.append(painted[-1] - start)
        type(screen).reload = original  # type: ignore[method-assign]
        out["keystrokes"] = times
        out["rss_attendees"] = rss_mb()
    out["rss_peak"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
    return out


async def child_bare() -> dict[str, Any]:
    """Process start → painted, for a bare Textual app: the floor of opening."""
    from floors import BareApp

    app = BareApp()
    painted: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        app.call_after_refresh(lambda: painted.append(time.perf_counter()))
        await pilot.pause()
        return {"open_at": time.time() - (time.perf_counter() - painted[0]), "rss": rss_mb()}


async def _scan_into(app: Any, pilot: Any, code: str, painted: list[float]) -> float:
    """Type ``code`` as a scanner's burst, then Enter; seconds from Enter to the result painted."""
    from textual import events

    for char in code:
        app.post_message(events.Key(char, char))
    await pilot.pause()
    painted.clear()
    start = time.perf_counter()
    app.post_message(events.Key("enter", "\r"))
    await pilot.pause()
    return painted[-1] - start


async def child_door(folder: str, scans: str) -> dict[str, Any]:
    """The door desk: Enter to the result painted, over ``scans`` scans of different people."""
    from screens.checkin import CheckinScreen
    from tdkt_tui.domain import checkin
    from tdkt_tui.ui.app import make_app

    app = make_app(Path(folder), lang="vi", desk="Bàn 1")
    people = app.conference.attendees()
    step = max(1, len(people) // int(scans))
    codes = [checkin.code_of(app.conference, p) for p in people[::step][: int(scans)]]
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
            times.append(await _scan_into(app, pilot, code, painted))
        assert app.conference.attendance().total_present >= len(codes)
    return {"door": times}


async def child_bare_desk(scans: str) -> dict[str, Any]:
    """The same repaint in a bare Textual app: Textual's own floor for the door desk's frame."""
    from floors import BareDesk

    app = BareDesk()
    times = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for i in range(int(scans)):
            times.append(await _scan_into(app, pilot, f"{i:016d}", app.done))
    return {"door": times}


def child_marathon(folder: str, count: str) -> dict[str, Any]:
    """``count`` consecutive durable check-ins at one desk (folds included) while another desk follows."""
    from tdkt_tui.domain import checkin
    from tdkt_tui.domain.bulk import steady_memory

    steady_memory()  # as the app does at start (make_app)
    desk = Conference.open(folder)
    other = Conference.open(folder)
    people = desk.attendees()
    codes = [checkin.code_of(desk, p) for p in people[: int(count)]]
    other.attendees()
    changes, takes, fold_takes, rss = [], [], [], {}
    generation = desk.store.journal_path
    other_generation = generation
    for i, code in enumerate(codes, start=1):
        start = time.perf_counter()
        result = checkin.scan(desk, code, "Bàn 1")
        changes.append(time.perf_counter() - start)
        assert result.outcome is checkin.Outcome.CHECKED_IN, result
        if desk.store.journal_path != generation:
            generation = desk.store.journal_path
        if i % FOLLOW_EVERY == 0 or generation != other_generation:
            start = time.perf_counter()
            other.refresh()
            other.attendees()
            other.attendance()
            took = time.perf_counter() - start
            (fold_takes if generation != other_generation else takes).append(took)
            other_generation = generation
        if i % (len(codes) // 4 or 1) == 0:
            rss[i] = rss_mb()
    assert other.attendance().total_present >= len(codes)
    return {"changes": changes, "takes": takes, "fold_takes": fold_takes, "rss": rss}


CHILDREN: dict[str, Callable[..., Any]] = {
    "open": child_open, "bare": child_bare, "door": child_door, "bare_desk": child_bare_desk,
    "marathon": child_marathon,
}


def run_child(name: str, args: list[str]) -> None:
    result = CHILDREN[name](*args)
    if asyncio.iscoroutine(result):
        result = asyncio.run(result)
    print(json.dumps(result))


# -- figures measured from the parent --------------------------------------------------------------------------------


async def bench_datatable(n: int) -> float:
    """Baseline of the first paint: the same rows loaded into Textual's stock DataTable, until painted."""
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


def bench_store_vs_tinydb(folder: Path, n: int, rounds: int) -> tuple[float, float]:
    """p50 of one durable attendee change here, and of TinyDB's default update on the same data (no fsync)."""
    from tinydb import TinyDB

    conference = Conference.open(folder)
    ids = [p.id for p in conference.attendees()][:rounds]
    ours = []
    for i, person_id in enumerate(ids):
        start = time.perf_counter()
        with conference.store.transaction() as txn:
            txn.update("attendees", person_id, {"seat": f"R{i}"})
        ours.append(time.perf_counter() - start)
    conference.close()
    db = TinyDB(folder.with_name("tinydb.json"))
    table = db.table("attendees")
    table.insert_multiple(make_people(n))
    theirs = []
    for i in range(1, min(rounds, 30) + 1):
        start = time.perf_counter()
        table.update({"seat": f"R{i}"}, doc_ids=[i])
        theirs.append(time.perf_counter() - start)
    db.close()
    return p50(ours), p50(theirs)


def bench_checkin(folder: Path, rounds: int) -> float:
    """p50 of one durable check-in by scan (code read, person found, stored with fsync, log line written)."""
    from tdkt_tui.domain import checkin

    conference = Conference.open(folder)
    codes = [checkin.code_of(conference, p) for p in conference.attendees()[-rounds:]]
    times = []
    for code in codes:
        start = time.perf_counter()
        result = checkin.scan(conference, code, "Bàn 1")
        times.append(time.perf_counter() - start)
        assert result.outcome is checkin.Outcome.CHECKED_IN
    conference.close()
    return p50(times)


def wall(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, env=env, check=False)
    return time.perf_counter() - start


def bench_cli_checkin(folder: Path, env: dict[str, str], runs: int = 5) -> tuple[float, float]:
    """p50 wall of ``tdkt checkin PATH CODE`` (a new process each) and of ``python -c pass``."""
    from tdkt_tui.domain import checkin

    conference = Conference.open(folder)
    people = conference.attendees()
    codes = [checkin.code_of(conference, p) for p in people[len(people) // 2 :][:runs]]
    conference.close()
    ours = [wall([sys.executable, "-m", "tdkt_tui", "checkin", str(folder), code], env) for code in codes]
    floor = [wall([sys.executable, "-c", "pass"], env) for _ in range(runs)]
    return p50(ours), p50(floor)


#: What each command may import of the heavy libraries (everything else it imports is the domain and the stdlib).
HEAVY = ("textual", "rich", "docx", "openpyxl", "tabulate", "qrcode", "PIL", "tinydb", "filelock")
ALLOWED = {
    "checkin": {"tinydb", "filelock"},
    "tally --json": {"tinydb", "filelock"},
    "tally": {"tinydb", "filelock", "tabulate"},
    "ballot": {"tinydb", "filelock"},
    "verify": {"tinydb", "filelock"},
    "--help": set(),
}


def bench_cli_imports(folder: Path, env: dict[str, str]) -> tuple[list[str], float]:
    """Heavy libraries each command imports without using, and the largest import time of a command (ms)."""
    from tdkt_tui.domain import checkin, voting
    from tdkt_tui.domain.demo import write_demo

    conference = write_demo(folder / "poll")
    poll = voting.create_poll(conference, voting.Poll(voting.PollKind.AWARD, title="Bằng khen", quota=2)).id
    voting.open_poll(conference, poll or 0, issued=10, reason="benchmark", collected=10)
    code = checkin.code_of(conference, conference.attendees()[0])
    conference.close()
    path = str(folder / "poll")
    argv = {
        "checkin": ["checkin", path, code], "tally --json": ["tally", path, str(poll), "--json"],
        "tally": ["tally", path, str(poll)], "ballot": ["ballot", path, str(poll), "1", "2"],
        "verify": ["verify", path], "--help": ["--help"],
    }
    extras, slowest = [], 0.0
    probe = ("import sys, time; t = time.perf_counter(); import tdkt_tui.cli as c\n"
             "try: c.main(sys.argv[1:])\nexcept SystemExit: pass\n"
             "print(); print(sorted({m.split('.')[0] for m in sys.modules} & set(%r)))" % (HEAVY,))
    for name, args in argv.items():
        done = subprocess.run([sys.executable, "-X", "importtime", "-c", probe, *args], capture_output=True,
                              text=True, env=env, check=False)
        used = set(json.loads(done.stdout.strip().splitlines()[-1].replace("'", '"')))
        extras += [f"{name}: {lib}" for lib in sorted(used - ALLOWED[name])]
        total = sum(int(line.split("|")[0].split(":")[1]) for line in done.stderr.splitlines()
                    if line.startswith("import time:") and line.split("|")[0].split(":")[1].strip().isdigit())
        slowest = max(slowest, total / 1e6)
    return extras, slowest


def bench_badges(folder: Path, people: int, env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds of ``tdkt badges`` on a conference of ``people`` people (a new process), and the CPU seconds it
    and its drawing processes used (CPU / wall: how many cores were kept busy)."""
    build(folder, people - 38).close()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = wall([sys.executable, "-m", "tdkt_tui", "badges", str(folder)], env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def badges_only() -> None:
    """``--badges``: the badges figure alone (500 and 1,000 people), three runs."""
    with tempfile.TemporaryDirectory(prefix="tdkt-bench-") as tmp:
        folder = Path(tmp)
        env = dict(os.environ, TDKT_HOME=str(folder / "home"), PYTHONPATH=str(ROOT))
        os.environ["TDKT_HOME"] = env["TDKT_HOME"]
        for n in range(3):
            (half, _), (full, cpu) = (bench_badges(folder / f"{n}-{people}", people, env)
                                      for people in (BADGES // 2, BADGES))
            print(f"`tdkt badges` {BADGES // 2:,} / {BADGES:,} people: {half:.2f} s / {full:.2f} s "
                  f"({full / half:.2f}× for 2× people); CPU {cpu:.2f} s, {cpu / full:.1f} of {os.cpu_count()} cores")


def bench_codes() -> tuple[int, bool, str]:
    """The largest person id a code can carry; whether the largest round-trips; the forgery chance as documented."""
    from tdkt_tui.domain import codes

    secret = bytes(range(32))
    top = codes.MAX_ATTENDEE_ID
    ok = all(codes.read_scan(codes.make_code(secret, i, 7), secret).attendee_id == i for i in (1, 99_999, top))
    return top, ok, getattr(codes, "FORGERY_CHANCE", "")


def bench_import(folder: Path, n: int) -> tuple[float, float]:
    """Seconds to preview a roster of ``n`` rows, CSV and XLSX (written with openpyxl)."""
    from import_roster import write_rosters

    from tdkt_tui.domain.demo import write_demo
    from tdkt_tui.sheets.roster import read_roster

    folder.mkdir(parents=True, exist_ok=True)
    csv_path, xlsx_path = write_rosters(folder, n)
    out = []
    for path in (csv_path, xlsx_path):
        conference = write_demo(folder / f"roster-{path.suffix[1:]}")
        start = time.perf_counter()
        read_roster(path, conference)
        out.append(time.perf_counter() - start)
        conference.close()
    return out[0], out[1]


def bench_voting_figures(folder: Path) -> dict[str, Any]:
    """The counting figures, through the functions benchmarks/bench_voting.py exposes."""
    import bench_voting

    out: dict[str, Any] = {}
    if hasattr(bench_voting, "benchmark_entry"):
        each = bench_voting.benchmark_entry(folder / "entry", ballots=5000)
        out["entry_first"], out["entry_last"] = p50(each[:500]), p50(each[-500:])
    if hasattr(bench_voting, "benchmark_csv"):
        out["csv"] = bench_voting.benchmark_csv(folder / "csv", ballots=5000)
    out["recount"] = bench_voting.benchmark_recount(folder / "recount", ballots=20_000, candidates=100)
    return out


# -- the report ------------------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=SMALL)
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--checkins", type=int, default=None,
                        help="consecutive check-ins of the marathon (default: everyone at the largest size)")
    parser.add_argument("--badges", action="store_true", help="measure only `tdkt badges` (500 and 1,000 people)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.badges:
        badges_only()
        return
    if args.child:
        run_child(args.child[0], args.child[1:])
        return
    began = time.perf_counter()
    load_before = os.getloadavg()
    sizes = sorted({min(SMALL, args.people), args.people})
    with tempfile.TemporaryDirectory(prefix="tdkt-bench-") as tmp:
        per, run = measure(Path(tmp), sizes, args.rounds, args.checkins or sizes[-1])
    print_report(sizes, per, run)
    print(f"\nmachine: {platform.platform()}, {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}; load average {load_before[0]:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after; {time.perf_counter() - began:.0f} s in all")


def compile_app() -> None:
    """Compile the app's modules to bytecode, as installing the package does: started from the source tree with
    PYTHONDONTWRITEBYTECODE set, every process would otherwise compile each module it imports, every time (about
    0.1 s of a one-shot command), which no installed copy does."""
    import compileall

    for package in ("tdkt_tui", "screens"):
        compileall.compile_dir(ROOT / package, quiet=1)


def measure(folder: Path, sizes: list[int], rounds: int, checkins: int) -> tuple[dict[int, dict[str, Any]],
                                                                                dict[str, Any]]:
    """Every figure: those that depend on the size of the conference by size, the others once."""
    from bench_projector import benchmark as bench_projector
    from floors import fsync_floor

    compile_app()
    small, large = sizes[0], sizes[-1]
    env = dict(os.environ, TDKT_HOME=str(folder / "home"), PYTHONPATH=str(ROOT))
    os.environ["TDKT_HOME"] = env["TDKT_HOME"]
    run: dict[str, Any] = {"floor_total": fsync_floor(folder / "floor", 5000), "checkins": checkins}
    bare = child("bare", env=env)
    run["bare_open"] = bare["open_at"] - bare["started"]
    run["bare_desk"] = child("bare_desk", DOOR_SCANS, env=env)["door"]
    per: dict[int, dict[str, Any]] = {}
    for n in sizes:
        template = folder / f"people-{n}"
        build(template, n - 38).close()
        fig: dict[str, Any] = {}
        app = child("open", template, env=env)
        fig["open"] = app["open_at"] - app["started"]
        fig.update({k: app[k] for k in ("attendees_first_paint", "rss_dashboard", "rss_attendees", "rss_peak")})
        fig["keystroke_p50"], fig["keystroke_max"] = p50(app["keystrokes"]), max(app["keystrokes"])
        scans = DOOR_SCANS if n == small else DOOR_SCANS_LARGE
        door = child("door", copy_of(template, folder / f"door-{n}"), scans, env=env)["door"]
        fig["door_p50"], fig["door_max"] = p50(door), max(door)
        fig["checkin"] = bench_checkin(copy_of(template, folder / f"checkin-{n}"), rounds)
        fig["cli"], fig["python"] = bench_cli_checkin(copy_of(template, folder / f"cli-{n}"), env)
        per[n] = fig
    run["marathon"] = child("marathon", copy_of(folder / f"people-{large}", folder / "marathon"), checkins, env=env)
    run["datatable"] = asyncio.run(bench_datatable(small))
    run["ours"], run["tinydb"] = bench_store_vs_tinydb(copy_of(folder / f"people-{small}", folder / "tinydb"), small,
                                                       rounds)
    run["extras"], run["import_s"] = bench_cli_imports(folder / "imports", env)
    stage("imports")
    run["badges_half"], _ = bench_badges(folder / "badges-half", BADGES // 2, env)
    run["badges"], run["badges_cpu"] = bench_badges(folder / "badges", BADGES, env)
    stage("badges")
    run["top_id"], run["codes_ok"], run["forgery"] = bench_codes()
    run["csv_s"], run["xlsx_s"] = bench_import(folder / "roster", small)
    stage("roster")
    run["voting"] = bench_voting_figures(folder / "voting")
    stage("voting")
    run["projector"] = bench_projector(folder / "projector")
    stage("projector")
    return per, run


def print_report(sizes: list[int], per: dict[int, dict[str, Any]], run: dict[str, Any]) -> None:
    from tabulate import tabulate

    large = sizes[-1]
    floor_total = run["floor_total"]
    floor = floor_total / 5000
    headers = ["figure", *(f"{n:,}" for n in sizes), "target", "baseline (floor) in the same run"]

    def row(name: str, values: dict[int, str] | str, target: str, baseline: str = "", at: int = large
            ) -> tuple[str, ...]:
        cells = [values.get(n, "—") for n in sizes] if isinstance(values, dict) else \
            [values if n == at else "—" for n in sizes]
        return (name, *cells, target, baseline)

    def each(show: Callable[[dict[str, Any]], str]) -> dict[int, str]:
        return {n: show(per[n]) for n in sizes}

    bare_open, bare_desk = run["bare_open"], run["bare_desk"]
    door_floor = p50(bare_desk)
    marathon, voting, projector = run["marathon"], run["voting"], run["projector"]
    changes, takes, fold_takes = marathon["changes"], marathon["takes"], marathon["fold_takes"]
    rss = sorted(marathon["rss"].items(), key=lambda item: int(item[0]))
    extras = run["extras"]
    rows = [
        row("open to painted dashboard, whole process",
            each(lambda f: f"{ms(f['open'])} ({f['open'] / bare_open:.1f}×)"), "≤ 1500 ms, ≤ 8× floor",
            f"bare Textual app, whole process: {ms(bare_open)}"),
        row("memory of the app (RSS) after dashboard / attendees",
            each(lambda f: f"{f['rss_dashboard']:.0f} / {f['rss_attendees']:.0f} MB (peak {f['rss_peak']:.0f})"),
            "≤ 150 MB at 100,000", ""),
        row("attendees screen: first paint", each(lambda f: ms(f["attendees_first_paint"])), "≤ 300 ms",
            f"stock DataTable loading {sizes[0]:,} rows: {ms(run['datatable'])}"),
        row("attendees filter: keystroke to repaint (p50 / max)",
            each(lambda f: f"{ms(f['keystroke_p50'])} / {ms(f['keystroke_max'])}"), "p50 ≤ 25 ms, max ≤ 50 ms", ""),
        row(f"door desk: Enter to result painted (p50 / max; {DOOR_SCANS} scans at {sizes[0]:,}, "
            f"{DOOR_SCANS_LARGE} above)",
            each(lambda f: f"{ms(f['door_p50'])} / {ms(f['door_max'])} ({f['door_p50'] / door_floor:.1f}×)"),
            "10,000: max ≤ 50, p50 ≤ 20 ms; 100,000: p50 ≤ 30 ms; or ≤ 1.5× floor",
            f"bare Textual app, same repaint: {ms(door_floor)} / {ms(max(bare_desk))}"),
        row("durable check-in by scan (p50, fsync, log line)",
            each(lambda f: f"{ms(f['checkin'])} ({f['checkin'] / floor:.1f}×)"), "≤ 3× floor",
            f"append+fsync of one line: {ms(floor)}"),
        row("`tdkt checkin PATH CODE`, whole process (p50 of 5)", each(lambda f: ms(f["cli"])),
            "≤ 200 ms at 100,000", f"python -c pass: {ms(per[large]['python'])}"),
        row("CLI commands importing what they do not use", "none" if not extras else "; ".join(extras), "none",
            f"largest import time of a command: {ms(run['import_s'])}"),
        row(f"{run['checkins']:,} consecutive check-ins: one change (p50 / max, folds included)",
            f"{ms(p50(changes))} / {ms(max(changes))}", "max ≤ 50 ms", f"append+fsync: {ms(floor)}"),
        row("another desk takes in changes (p50 / max) and a fold (max)",
            f"{ms(p50(takes))} / {ms(max(takes))}; fold {ms(max(fold_takes) if fold_takes else None)}",
            "≤ 100 ms", f"{FOLLOW_EVERY} changes at a time"),
        row(f"memory over {run['checkins']:,} check-ins, two desks in one process (RSS at each quarter)",
            " → ".join(f"{v:.0f}" for _, v in rss) + " MB"
            + (f" (+{(rss[-1][1] - rss[0][1]) * 1e6 / (2 * (int(rss[-1][0]) - int(rss[0][0]))):.0f} bytes a desk "
               "per person checked in)" if len(rss) > 1 else ""),
            "bounded", "the scan log's older lines stay on disk"),
        row(f"`tdkt badges`, {BADGES // 2:,} / {BADGES:,} people, whole process",
            f"{run['badges_half']:.2f} s / {run['badges']:.2f} s "
            f"({run['badges'] / run['badges_half']:.2f}× for 2× people)", "≤ 2 s at 1,000; linear",
            f"{os.cpu_count()} CPUs; {run['badges_cpu'] / run['badges']:.1f} kept busy at 1,000"),
        row("codes: largest person id (every id round-trips)",
            f"{run['top_id']:,} ({'yes' if run['codes_ok'] else 'NO'})", "≥ 1,000,000", run["forgery"]),
        row("durable change of one attendee (p50, fsync)", ms(run["ours"]), "≤ 5 ms",
            f"TinyDB default update (no fsync): {ms(run['tinydb'])} → {run['tinydb'] / run['ours']:.0f}× slower",
            at=sizes[0]),
        row("roster preview: CSV / XLSX", f"{run['csv_s']:.2f} s / {run['xlsx_s']:.2f} s", "a progress bar shows",
            at=sizes[0]),
    ]
    if "entry_first" in voting:
        rows.append(row("ballot entry: ballots 1–500 / 4,501–5,000 (p50)",
                        f"{ms(voting['entry_first'])} / {ms(voting['entry_last'])} "
                        f"({voting['entry_last'] / voting['entry_first']:.2f}×)", "flat (±50 %)", ""))
    rows.append(row("`tdkt ballot --csv`, 5,000 ballots",
                    f"{voting['csv']:.2f} s ({voting['csv'] / floor_total:.1f}×)" if "csv" in voting
                    else "not measured yet", "≤ 3× floor", f"5,000 appends+fsyncs: {floor_total:.2f} s"))
    rows += [
        row("full recount, 20,000 ballots × 100 candidates (best of 5)", ms(voting["recount"]), "≤ 20 ms", ""),
        row("one ballot → projector repainted, 30 candidates (median / max)",
            f"{projector['total_median_ms']:.1f} ms / {projector['total_max_ms']:.1f} ms", "median ≤ 50 ms", ""),
    ]
    print(tabulate(rows, headers=headers, tablefmt="github", disable_numparse=True))


if __name__ == "__main__":
    main()
