"""The door desk driven as a scanner and a secretary drive it: digits ending in CR, LF or Tab, names, keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from screens.checkin import CheckinScreen, ScanInput
from screens.dashboard import DashboardScreen
from screens.widgets.record_form import RecordForm
from screens.widgets.rowtable import RowTable
from tdkt_tui.domain import checkin
from tdkt_tui.domain.checkin import Outcome
from tdkt_tui.domain.codes import group, make_code
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.model import Attendee, Role
from tdkt_tui.ui.app import TdktApp
from tests.helpers.people import replaced_voter_and_next, voter_and_deputy
from tests.helpers.pilot import BURST, SCANNER, type_keys

SIZE = (120, 36)
ENDINGS = ("enter", "ctrl+j", "tab")


def panel(app: TdktApp) -> str:
    widget = app.screen.query_one("#result", Static)
    return str(widget.content)


def panel_state(app: TdktApp) -> str:
    widget = app.screen.query_one("#result", Static)
    return next(c for c in ("ok", "already", "fail") if widget.has_class(c))


KEY_NAMES = {" ": "space", "-": "minus", "\r": "enter", "\n": "ctrl+j", "\t": "tab"}
ENDING_CHARS = {"enter": "\r", "ctrl+j": "\n", "tab": "\t"}


async def scan(pilot, text: str, ending: str = "enter") -> None:
    """Type like a USB scanner: the whole code and its ending in one burst of key events, then wait once."""
    from textual import events

    for char in text + ENDING_CHARS[ending]:
        key = KEY_NAMES.get(char, char)
        pilot.app.post_message(events.Key(key, char))
    await pilot.pause()


def outcomes(conference: Conference) -> list[Outcome]:
    return [e.outcome for e in reversed(checkin.log_entries(conference))]


@pytest.fixture
def desk_app(demo: Conference) -> TdktApp:
    return TdktApp(demo, lang="vi", desk="Bàn 1", watch_interval=0.1)


@pytest.mark.parametrize("ending", ENDINGS)
async def test_valid_then_repeated_code_with_each_ending(desk_app: TdktApp, demo: Conference, ending: str) -> None:
    person = demo.attendees()[0]
    code = checkin.code_of(demo, person)
    async with desk_app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(desk_app.screen, CheckinScreen)
        await scan(pilot, code, ending)
        assert panel_state(desk_app) == "ok" and person.full_name in panel(desk_app)
        assert "ĐÃ ĐIỂM DANH" in panel(desk_app) and "A01" in panel(desk_app)
        field = desk_app.screen.query_one("#scan", ScanInput)
        assert field.value == "" and field.has_focus
        assert demo.attendee(person.id).checkin_desk == "Bàn 1"  # type: ignore[union-attr]
        await scan(pilot, group(code), ending)
        assert panel_state(desk_app) == "already"
        assert "Bàn 1" in panel(desk_app) and "ĐÃ ĐIỂM DANH TRƯỚC ĐÓ" in panel(desk_app)
        assert outcomes(demo) == [Outcome.CHECKED_IN, Outcome.ALREADY]
        assert field.has_focus


async def test_bad_codes_each_get_their_result_and_only_a_log_line(desk_app: TdktApp, demo: Conference) -> None:
    people = demo.attendees()
    good = checkin.code_of(demo, people[1])
    misread = good[:5] + str((int(good[5]) + 1) % 10) + good[6:]
    foreign = make_code(b"another conference secret" * 2, 7, 1)
    while foreign[:3] == good[:3]:
        foreign = make_code(foreign.encode(), 7, 1)
    revoked = checkin.code_of(demo, people[2])
    checkin.reissue_code(demo, people[2].id)  # type: ignore[arg-type]
    deleted_code = checkin.code_of(demo, people[3])
    demo.remove_attendee(people[3].id)  # type: ignore[arg-type]
    before = {k: dict(v) for k, v in demo.store.docs("attendees").items()}
    async with desk_app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        cases = [
            (misread, "ctrl+j", "nhầm"),
            (foreign, "tab", "HỘI NGHỊ KHÁC"),
            (revoked, "enter", "THU HỒI"),
            (deleted_code, "enter", "KHÔNG CÓ AI"),
            ("x" * 10_000, "enter", "KHÔNG PHẢI MÃ"),
            ("   ", "enter", "TRỐNG"),
        ]
        for text, ending, expected in cases:
            if len(text) > 100:
                desk_app.screen.query_one("#scan", ScanInput).value = text
                await pilot.press(ending)
                await pilot.pause()
            else:
                await scan(pilot, text, ending)
            assert panel_state(desk_app) == "fail", text[:20]
            assert expected.lower() in panel(desk_app).lower(), (expected, panel(desk_app))
        assert {k: dict(v) for k, v in demo.store.docs("attendees").items()} == before
        assert outcomes(demo) == [Outcome.MISREAD, Outcome.OTHER_CONFERENCE, Outcome.REVOKED, Outcome.UNKNOWN,
                                  Outcome.NOT_A_CODE, Outcome.EMPTY]
        assert all(len(e.raw) <= 65 for e in checkin.log_entries(demo))


async def test_rapid_scans_never_glue_and_tolerate_separators(desk_app: TdktApp, demo: Conference) -> None:
    people = demo.attendees()[:3]
    codes = [checkin.code_of(demo, p) for p in people]
    fullwidth = codes[2].translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    async with desk_app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        from textual import events

        burst = group(codes[0]) + "\r" + "-".join(group(codes[1]).split()) + "\n" + fullwidth + "\t" + codes[0] + "\r"
        for char in burst:  # four scans typed back to back, as fast as a scanner sends them
            desk_app.post_message(events.Key(KEY_NAMES.get(char, char), char))
        await pilot.pause()
        assert outcomes(demo) == [Outcome.CHECKED_IN] * 3 + [Outcome.ALREADY]
        assert all(demo.attendee(p.id).present for p in people)  # type: ignore[union-attr]


async def test_counters_and_quorum_follow_the_scans(desk_app: TdktApp, demo: Conference) -> None:
    voters = [p for p in demo.attendees() if p.role is Role.VOTING]
    async with desk_app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        for person in voters[:8]:
            await scan(pilot, checkin.code_of(demo, person))
        quorum = str(desk_app.screen.query_one("#quorum", Static).content)
        assert "8/11" in quorum and "ĐỦ SỐ ĐƠN VỊ THAM DỰ THEO QUY ĐỊNH" in quorum
        att = demo.attendance()
        assert att.present[Role.VOTING] == 8 and att.quorum_met
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(desk_app.screen, DashboardScreen)
        assert "8/11" in str(desk_app.screen.query_one("#quorum", Static).content)


async def test_find_by_name_then_enter_checks_in(desk_app: TdktApp, demo: Conference) -> None:
    person = next(p for p in demo.attendees() if p.full_name == "Ngô Thành Hùng")
    async with desk_app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press(*"ngo thanh hung")
        matches = desk_app.screen.query_one("#matches", RowTable)
        assert [cells[1] for _, cells in matches.rows] == ["Ngô Thành Hùng"]
        await pilot.press("enter")
        assert matches.has_focus
        await pilot.press("enter")
        await pilot.pause()
        assert demo.attendee(person.id).present  # type: ignore[union-attr]
        assert panel_state(desk_app) == "ok"
        assert desk_app.screen.query_one("#scan", ScanInput).has_focus


async def substitute_form(pilot: Pilot, absent: Attendee) -> RecordForm:
    """F5, the absent voter found by name, Ctrl+B: the form of their substitute."""
    await pilot.press("f5")
    await pilot.pause()
    await pilot.press(*absent.full_name, "enter", "ctrl+b")
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, RecordForm)
    return form


async def test_substitute_walk_in_and_undo(desk_app: TdktApp, demo: Conference) -> None:
    absent = next(p for p in demo.attendees() if p.role is Role.VOTING and p.unit_id == 3)
    async with desk_app.run_test(size=SIZE) as pilot:
        form = await substitute_form(pilot, absent)
        assert absent.full_name in form.form_title
        await pilot.press(*"Trịnh Văn Thay", "ctrl+s")
        await pilot.pause()
        stand_in = next(p for p in demo.attendees() if p.full_name == "Trịnh Văn Thay")
        assert stand_in.present and stand_in.unit_id == absent.unit_id and stand_in.role is Role.VOTING
        assert stand_in.substitute_for == absent.id and "đi thay" in stand_in.note
        assert not demo.attendee(absent.id).present  # type: ignore[union-attr]

        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press(*"Vũ Khách Mới", "ctrl+s")
        await pilot.pause()
        walk_in = next(p for p in demo.attendees() if p.full_name == "Vũ Khách Mới")
        assert walk_in.present and walk_in.role is Role.GUEST
        assert panel_state(desk_app) == "ok"

        await pilot.press("ctrl+u")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not demo.attendee(walk_in.id).present  # type: ignore[union-attr]
        assert outcomes(demo)[-1] is Outcome.UNDONE
        assert desk_app.screen.query_one("#scan", ScanInput).has_focus


async def test_scan_log_screen_and_export(desk_app: TdktApp, demo: Conference) -> None:
    async with desk_app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        await scan(pilot, "123")
        await scan(pilot, checkin.code_of(demo, demo.attendees()[0]))
        await pilot.press("ctrl+l")
        await pilot.pause()
        entries = desk_app.screen.query_one("#entries", RowTable)
        assert len(entries.rows) == 2
        await pilot.press("ctrl+s")
        await pilot.pause()
        exported = list((demo.folder / "exports").glob("nhat-ky-diem-danh-*.csv"))
        assert len(exported) == 1
        text = exported[0].read_text(encoding="utf-8-sig")
        assert "Bàn 1" in text and demo.attendees()[0].full_name in text
        await pilot.press("escape")
        assert isinstance(desk_app.screen, CheckinScreen)


async def test_another_desk_scan_shows_here(desk_app: TdktApp, demo: Conference) -> None:
    import asyncio

    other = Conference.open(demo.folder)
    async with desk_app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        checkin.scan(other, checkin.code_of(other, other.attendees()[5]), "Bàn 2")
        for _ in range(20):
            await asyncio.sleep(0.05)
            await pilot.pause()
            if desk_app.screen.query_one("#log", RowTable).rows:
                break
        rows = desk_app.screen.query_one("#log", RowTable).rows
        assert rows and rows[0][1][3] == "Bàn 2"
    other.close()


def test_result_states_look_right(snap_compare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One snapshot with every result kind in the log and the last (already) in the panel."""
    monkeypatch.setattr("tdkt_tui.domain.checkin._now", lambda: "2018-12-03T07:45:00")
    monkeypatch.setattr("tdkt_tui.domain.checkin.secrets.token_hex", lambda n: "ab" * n)
    from tdkt_tui.domain.demo import write_demo

    conference = write_demo(tmp_path / "snap")
    people = conference.attendees()
    code = checkin.code_of(conference, people[0])
    app = TdktApp(conference, lang="vi", desk="Bàn 1")
    presses = ["f5", *code, "enter", *code[:-1], str((int(code[-1]) + 1) % 10), "enter", *"abc", "tab",
               *code, "enter"]
    assert snap_compare(app, press=presses, terminal_size=SIZE)


@pytest.mark.parametrize("state", ["checked_in", "misread", "other_conference", "revoked"])
def test_each_result_state(snap_compare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, state: str) -> None:
    monkeypatch.setattr("tdkt_tui.domain.checkin._now", lambda: "2018-12-03T07:45:00")
    monkeypatch.setattr("tdkt_tui.domain.checkin.secrets.token_hex", lambda n: "cd" * n)
    from tdkt_tui.domain.demo import write_demo

    conference = write_demo(tmp_path / "snap")
    person = conference.attendees()[4]
    code = checkin.code_of(conference, person)
    text = {
        "checked_in": code,
        "misread": code[:-2] + code[-1] + code[-2] if code[-1] != code[-2] else code[:-1] + "0",
        "other_conference": make_code(b"x" * 32, 4, 1) if make_code(b"x" * 32, 4, 1)[:3] != code[:3]
        else make_code(b"y" * 32, 4, 1),
        "revoked": code,
    }[state]
    if state == "revoked":
        checkin.reissue_code(conference, person.id)  # type: ignore[arg-type]
    app = TdktApp(conference, lang="vi", desk="Bàn 1")
    assert snap_compare(app, press=["f5", *text, "enter"], terminal_size=SIZE)


async def test_reissue_from_the_list_revokes_the_old_badge_and_prints_a_new_one(desk_app: TdktApp,
                                                                               demo: Conference) -> None:
    person = demo.attendees()[6]
    old = checkin.code_of(demo, person)
    async with desk_app.run_test(size=SIZE) as pilot:
        await pilot.press("f3", *person.full_name, "ctrl+r")  # the search keeps the keyboard
        await pilot.pause()
        await pilot.press("y")
        await desk_app.workers.wait_for_complete()
        await pilot.pause()
    assert checkin.scan(demo, old, "Bàn 2").outcome is Outcome.REVOKED
    new = checkin.code_of(demo, demo.attendee(person.id))  # type: ignore[arg-type]
    assert new != old and checkin.scan(demo, new, "Bàn 2").outcome is Outcome.CHECKED_IN
    badges = list((demo.folder / "exports").glob("*.docx"))
    assert len(badges) == 1
    import docx

    text = "\n".join(cell.text for table in docx.Document(str(badges[0])).tables for row in table.rows
                     for cell in row.cells)
    assert group(new) in text and group(old) not in text


async def test_a_scan_repaints_only_what_changed(desk_app: TdktApp, demo: Conference) -> None:
    """A layout or a full repaint of the door desk costs more than the rest of a scan's frame: typing a code keeps
    the field's virtual size (no layout per digit), and a change repaints the panels it changed, not the screen."""
    from textual.screen import Screen

    codes = [checkin.code_of(demo, p) for p in demo.attendees()[:4]]
    async with desk_app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        await scan(pilot, codes.pop())
        field = desk_app.screen.query_one("#scan", ScanInput)
        steady = field.virtual_size
        full: list[tuple] = []
        original_refresh = Screen.refresh
        Screen.refresh = lambda self, *a, **k: full.append(a) or original_refresh(self, *a, **k)  # type: ignore[method-assign]
        try:
            for code in codes:
                for digit in code:
                    await pilot.press(digit)
                    assert field.virtual_size == steady
                await pilot.press("enter")
                assert field.virtual_size == steady
        finally:
            Screen.refresh = original_refresh  # type: ignore[method-assign]
        assert panel_state(desk_app) == "ok" and outcomes(demo) == [Outcome.CHECKED_IN] * 4
        assert [a for a in full if not a] == []
        field.value = "9" * 200  # text wider than the field still scrolls
        await pilot.pause()
        assert field.virtual_size.width > steady.width


async def test_scan_log_panel_always_shows_the_newest(desk_app: TdktApp, demo: Conference) -> None:
    from tests.helpers.pilot import SCANNER, type_keys

    person = demo.attendees()[2]
    async with desk_app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        await type_keys(pilot, "".join(f"{n:04d}\r" for n in range(60)), SCANNER)
        await type_keys(pilot, checkin.code_of(demo, person) + "\r", SCANNER)
        log = desk_app.screen.query_one("#log", RowTable)
        newest = checkin.log_entries(demo, newest=1)[0]
        assert log.rows[0][0] == newest.id and log.scroll_offset.y == 0
        assert log.rows[0][1][2] == person.full_name


async def test_a_listed_delegate_stands_in_and_the_absent_voter_comes_after_all(desk_app: TdktApp,
                                                                                 demo: Conference) -> None:
    from screens.checkin import BallotHolder
    from textual.widgets import Select

    absent, deputy = voter_and_deputy(demo)
    async with desk_app.run_test(size=SIZE) as pilot:
        form = await substitute_form(pilot, absent)
        form.query_one("#substitute_id", Select).value = deputy.id
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert demo.attendee(deputy.id).role is Role.VOTING  # type: ignore[arg-type, union-attr]
        assert demo.attendance().expected[Role.VOTING] == 11 and demo.attendance().total_expected == 37
        # The voting delegate comes after all: the desk asks who holds the ballot. The next badge is scanned at
        # once, digits and Enter in one burst: it answers nothing and is kept; ← then Enter gives the ballot back.
        next_in_line = next(p for p in demo.attendees() if p.unit_id != absent.unit_id and not p.present)
        await scan(pilot, checkin.code_of(demo, absent))
        assert isinstance(desk_app.screen, BallotHolder)
        desk = desk_app.screen_stack[-2]
        assert desk.query_one("#result", Static).has_class("already")
        await scan(pilot, checkin.code_of(demo, next_in_line))
        assert isinstance(desk_app.screen, BallotHolder)  # still asking: a code is not an answer
        assert desk_app.screen.scans == [checkin.code_of(demo, next_in_line)]
        await pilot.press("enter")  # Enter before a choice answers nothing either
        assert isinstance(desk_app.screen, BallotHolder)
        await pilot.press("left", "enter")
        await pilot.pause()
        assert isinstance(desk_app.screen, CheckinScreen)
        assert desk_app.screen.query_one("#scan", ScanInput).has_focus
        assert demo.attendee(next_in_line.id).present  # type: ignore[arg-type, union-attr]  # the kept scan
    assert demo.attendee(absent.id).present and demo.attendee(absent.id).role is Role.VOTING  # type: ignore[arg-type, union-attr]
    assert demo.attendee(deputy.id).role is Role.DELEGATE  # type: ignore[arg-type, union-attr]
    assert demo.attendance().expected[Role.VOTING] == 11 and demo.attendance().total_expected == 38


@pytest.mark.parametrize("gap", [BURST, SCANNER])
async def test_two_badges_in_one_burst_while_the_ballot_question_opens(desk_app: TdktApp, demo: Conference,
                                                                      gap: float) -> None:
    """QA F0: the replaced voter's badge and the next person's right behind it, before the question is even on
    screen. The second code answers nothing, is not misread, and is checked in once the desk has answered."""
    from screens.checkin import BallotHolder

    absent, deputy, next_in_line = replaced_voter_and_next(demo)
    codes = [checkin.code_of(demo, absent), checkin.code_of(demo, next_in_line)]
    async with desk_app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        await type_keys(pilot, codes[0] + "\r" + codes[1] + "\r", gap)
        question = desk_app.screen
        assert isinstance(question, BallotHolder) and question.scans == [codes[1]]
        assert not demo.attendee(next_in_line.id).present  # type: ignore[arg-type, union-attr]  # after the answer
        await type_keys(pilot, ["right", "enter"], gap)  # the substitute keeps the ballot
        assert isinstance(desk_app.screen, CheckinScreen)
    assert demo.attendee(next_in_line.id).present  # type: ignore[arg-type, union-attr]
    assert demo.attendee(absent.id).present and demo.attendee(deputy.id).role is Role.VOTING  # type: ignore[arg-type, union-attr]
    assert Outcome.MISREAD not in outcomes(demo)
