"""A read-only copy of a conference (a CD, a write-protected stick, files one may not write) can be audited: the
reading commands and the app work on it and say that it is read-only; every change is refused with one sentence;
not a byte of the folder changes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tdkt_tui.domain import checkin, voting
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.demo import write_demo
from tdkt_tui.domain.model import Role
from tdkt_tui.domain.voting import Poll, PollKind
from tests.helpers.readonly import run_read_only

APP_SCRIPT = """
import asyncio, sys
from pathlib import Path
from tdkt_tui.ui.app import make_app

async def main():
    app = make_app(Path(sys.argv[1]), lang="en")
    told = []
    notify = app.notify
    app.notify = lambda message, **kw: (told.append(str(message)), notify(message, **kw))[1]
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        print(app.sub_title)
        print(" | ".join(told))
        print(type(app.screen).__name__)

asyncio.run(main())
"""


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A conference with check-ins and a closed poll, some of it only in the journal."""
    folder = tmp_path_factory.mktemp("ro") / "hoi-nghi"
    conference = write_demo(folder)
    voters = [p for p in conference.attendees() if p.role is Role.VOTING]
    for person in voters:
        checkin.check_in_person(conference, person.id, "Bàn 1")
    poll = voting.create_poll(conference, Poll(PollKind.AWARD, title="Cờ thi đua"))
    voting.open_poll(conference, poll.id)
    voting.set_collected(conference, poll.id, 3)
    conference.compact()
    for numbers in ("1 2", "1", "2 3"):
        voting.enter_ballot(conference, poll.id, numbers)
    voting.close_poll(conference, poll.id)
    conference.close()
    return folder


def tdkt(*args: str) -> list[str]:
    return [sys.executable, "-m", "tdkt_tui", *args, "--lang", "en"]


@pytest.mark.parametrize(
    ("args", "expect"),
    [
        (["verify"], "digest"),
        (["tally", "{path}", "1", "--json"], '"counted": 3'),
        (["poll", "{path}", "list"], "Cờ thi đua"),
        (["minutes", "{path}", "--format", "txt", "--stdout"], "Cờ thi đua"),
        (["attendance"], "Attendance written to {home}"),
    ],
    ids=["verify", "tally", "poll list", "minutes", "attendance"],
)
def test_reading_commands_work_on_a_read_only_copy(audited: Path, tmp_path: Path, args: list[str],
                                                   expect: str) -> None:
    home = tmp_path / "home"
    argv = [a.format(path=audited) for a in args] if "{path}" in args else [*args, str(audited)]
    before = files(audited)
    done = run_read_only(audited, tdkt(*argv), env={"TDKT_HOME": str(home)})
    assert done.returncode == 0, done.stderr
    assert expect.format(home=home) in done.stdout
    assert done.stderr.strip() == f"{audited} is read-only: it was read as it is, and nothing in it was changed."
    assert files(audited) == before
    if args == ["tally", "{path}", "1", "--json"]:
        assert json.loads(done.stdout)["counted"] == 3


@pytest.mark.parametrize("args", [["checkin", "{path}", "1234 5678 9012 3456"], ["compact", "{path}"],
                                  ["ballot", "{path}", "1", "1"]], ids=["checkin", "compact", "ballot"])
def test_changes_are_refused_in_one_sentence(audited: Path, tmp_path: Path, args: list[str]) -> None:
    before = files(audited)
    done = run_read_only(audited, tdkt(*[a.format(path=audited) for a in args]),
                         env={"TDKT_HOME": str(tmp_path / "home")})
    assert done.returncode == 1
    assert done.stderr.strip() == (f"Error: {audited} is read-only: it can be read but not changed; to change it, "
                                   "copy the folder to one you can write to.")
    assert files(audited) == before and not (tmp_path / "home" / "crash.log").exists()


def test_the_app_opens_a_read_only_copy_and_says_so(audited: Path, tmp_path: Path) -> None:
    before = files(audited)
    done = run_read_only(audited, [sys.executable, "-c", APP_SCRIPT, str(audited)],
                         env={"TDKT_HOME": str(tmp_path / "home")})
    assert done.returncode == 0, done.stderr
    title, notes, screen = done.stdout.splitlines()[-3:]
    assert title == f"{audited} — read-only"
    assert "is read-only: you can look at everything, but nothing can be changed" in notes
    assert screen == "AttendeesScreen"
    assert files(audited) == before
    Conference.open(audited, create=False).close()  # still a folder this process can open and write
