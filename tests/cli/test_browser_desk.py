"""The browser desk in a real browser: Debian's Chromium, driven over the DevTools protocol, against ``tdkt serve``.

One walk through what a secretary does with a second desk on the network: open the printed link, name the desk,
see the dashboard, check people in at the door with a scanner, while a terminal desk on the same folder (another
process) shows each check-in within a second under the browser desk's name; a second server on another port
does not lock the first one out; a browser without the token sees only the refusal.
"""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import time
from contextlib import closing
from pathlib import Path

import pytest

pytest.importorskip("textual_serve")

from tdkt_tui.domain import checkin  # noqa: E402
from tdkt_tui.domain.conference import Conference  # noqa: E402
from tdkt_tui.domain.demo import write_demo  # noqa: E402
from tests.helpers.browser import Browser, find_chromium  # noqa: E402
from tests.helpers.processes import ROOT, spawn, wait_ready  # noqa: E402
from tests.helpers.serving import start_serve  # noqa: E402

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium on this machine: install Debian's chromium package (.ci/run does) to "
                             "test the browser desk")
REFUSAL = "Access denied: open the link printed by tdkt serve, token included."
DESK = "Bàn 2"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    write_demo(tmp_path / "demo").close()
    return tmp_path / "demo"


def codes(folder: Path, count: int) -> list[tuple[str, str]]:
    """(name, code) of ``count`` people not checked in yet."""
    with closing(Conference.open(folder, create=False)) as conference:
        return [(person.full_name, checkin.code_of(conference, person)) for person in conference.attendees()[:count]]


async def desk_row(desk: subprocess.Popen[str]) -> tuple[float, str, str]:
    """The next row the terminal desk drew: (when, input shown, desk); fails after 10 s without one."""
    line = await asyncio.wait_for(asyncio.to_thread(desk.stdout.readline), 10)  # type: ignore[union-attr]
    assert line.startswith("row "), f"the terminal desk said {line!r}"
    when, rest = line[4:].rstrip("\n").split(" ", 1)
    shown, desk_name = rest.split("\t")
    return float(when), shown, desk_name


async def test_a_desk_in_a_browser(folder: Path) -> None:
    people = codes(folder, 3)
    terminal = spawn(ROOT / "tests" / "helpers" / "terminal_desk.py", str(folder))
    first = second = None
    try:
        wait_ready(terminal, "terminal desk")
        first = start_serve(folder)
        second = start_serve(folder)
        origin = first.url.split("/?")[0]
        token = first.url.split("token=")[1]
        async with Browser(CHROMIUM) as browser:  # type: ignore[arg-type]
            page = await browser.new_page()
            # The printed link: the token becomes this port's cookie, and the page asks for the desk's name.
            await page.goto(first.url)
            assert "Name of this desk in the scan log:" in await page.text()
            cookie = (await page.cookies(origin))[f"tdkt_token_{first.port}"]
            assert cookie["value"] == token and cookie["httpOnly"] and cookie["sameSite"] == "Strict"
            await page.evaluate("document.getElementById('desk').focus()")
            await page.type(DESK, delay=0.03)
            await page.press("\r")
            await page.wait_screen("Dashboard", "Attendance", "Quorum")
            assert "token" not in await page.evaluate("location.href")  # the form's answer left the token behind

            # The door: F5, then a scanner's burst for each code; the terminal desk shows each check-in.
            await page.focus_terminal()
            await page.press("F5")
            await page.wait_screen("Scan log")
            delays = []
            for name, code in people:
                await page.type(code + "\r")
                sent = time.monotonic()
                await page.wait_screen(name)
                when, shown, desk_name = await desk_row(terminal)
                assert (shown, desk_name) == (name, DESK)
                delays.append(when - sent)
            assert statistics.median(delays) < 1.0 and max(delays) < 3.0, delays

            # A second server on another port: its link sets its own cookie, and the first still lets us in.
            other = await browser.new_page()
            await other.goto(second.url)
            assert "Name of this desk in the scan log:" in await other.text()
            again = await browser.new_page()
            await again.goto(f"{origin}/?desk=B%C3%A0n%203")
            await again.wait_screen("Dashboard")
            names = set(await again.cookies(origin))
            assert {f"tdkt_token_{first.port}", f"tdkt_token_{second.port}"} <= names

            # Another browser (no cookies) sees the refusal and nothing else, with or without a desk in the link.
            stranger = await browser.new_page(own_cookies=True)
            for path in ("/", "/?desk=B%C3%A0n%202", f"/?token={token[:-1]}"):
                await stranger.goto(origin + path)
                assert (await stranger.text()).strip() == REFUSAL
                assert await stranger.screen() == ""
    finally:
        outputs = [served.stop() for served in (first, second) if served is not None]
        terminal.stdin.close()  # type: ignore[union-attr]
        terminal.wait(30)
    for out, err in outputs:
        assert out.count("token=") == 1 and err == "", (out, err)
    with closing(Conference.open(folder, create=False)) as conference:
        log = checkin.log_entries(conference, newest=10)
    assert sorted(entry.desk for entry in log) == [DESK] * len(people)
