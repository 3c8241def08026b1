"""Every form takes what is typed into it, at a scanner's burst (1 ms), a fast typist's (30 ms) and all in one read,
typed from the key that opens it, through Ctrl+S, to the keys typed right after it closes: what was stored is
compared with what was typed.

The keys are those a secretary presses: the form is opened once to read the order its fields take the keyboard in
(Tab), closed, and then everything is typed in one stream, so the first letters arrive while the form is still
being drawn."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from textual.widgets import Input, TextArea

from screens.settings import DETAIL_LABELS, SettingsScreen, form_values
from screens.widgets.record_form import RecordForm
from tdkt_tui.domain import checkin, proceedings, scoring, tasks, voting
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.model import Role
from tdkt_tui.domain.text import format_date
from tdkt_tui.ui.app import TdktApp
from tests.helpers.pilot import SPEEDS, text_of, type_keys

SIZE = (120, 36)
SPEED = pytest.mark.parametrize("speed", sorted(SPEEDS))


def fill_keys(screen: object, typed: dict[str, str]) -> list[str]:
    """The keys that type ``typed`` (field id → text) into the screen's fields, from the focused one along its focus
    chain: Tab to move, Home and Shift+End to take what a field already holds, then the text."""
    chain = list(screen.focus_chain)  # type: ignore[attr-defined]
    start = chain.index(screen.focused)  # type: ignore[attr-defined]
    left, keys = dict(typed), []
    for widget in chain[start:] + chain[:start]:
        if widget.id in left:
            assert isinstance(widget, Input), widget
            keys += ["home", "shift+end", *left.pop(widget.id)]
        if not left:
            return keys
        assert not isinstance(widget, TextArea), "Tab is typed into a note, not a move"
        keys.append("tab")
    raise AssertionError(f"not in the focus chain: {sorted(left)}")


def person_named(conference: Conference, name: str) -> dict[str, str]:
    found = [p for p in conference.attendees() if p.full_name == name]
    assert len(found) == 1, found
    person = found[0]
    return {"full_name": person.full_name, "title": person.title, "phone": person.phone,
            "present": "yes" if person.present else "no"}


@dataclass
class Case:
    opens: list[str]  # the keys that open the form
    typed: dict[str, str]  # field id → what is typed into it
    stored: Callable[[Conference], dict[str, str]]  # what was stored, field id → text
    extra: dict[str, str] = field(default_factory=dict)  # stored beside the fields typed (present: yes)
    after: Callable[[Conference], tuple[list[str], Callable[[Conference], bool]]] | None = None
    first: list[str] = field(default_factory=list)  # keys in the field the form opens in, before the typing


def _hall_poll(conference: Conference, *, opened: bool, rounds: int = voting.DEFAULT_MAX_ROUNDS) -> voting.Poll:
    for person in conference.attendees():
        if person.role is Role.VOTING:
            checkin.scan(conference, checkin.code_of(conference, person), "Bàn 1")
    poll = voting.create_poll(conference, voting.Poll(kind=voting.PollKind.AWARD, award=list(voting.AWARD_LEVELS)[2],
                                                      quota=2, max_rounds=rounds))
    if opened:
        voting.open_poll(conference, poll.id)  # type: ignore[arg-type]
        voting.set_collected(conference, poll.id, 11)  # type: ignore[arg-type]
    return poll


def _counted(conference: Conference, ballots: list[str]) -> None:
    """A poll for two seats in one round, counted and closed with these ballots (11 voters checked in)."""
    poll = _hall_poll(conference, opened=True, rounds=1)
    voting.enter_ballots(conference, poll.id or 0, ballots)
    voting.close_poll(conference, poll.id or 0)


def _decision(conference: Conference) -> dict[str, str]:
    decision = _only_poll(conference).decision
    assert decision is not None
    return {"note": decision.note, "units": str(len(decision.unit_ids))}


def _only_poll(conference: Conference) -> voting.Poll:
    polls = voting.polls(conference)
    assert len(polls) == 1
    return polls[0]


def _a_code_then_present(conference: Conference) -> tuple[list[str], Callable[[Conference], bool]]:
    """After the form: the next badge scanned at the door is checked in."""
    person = next(p for p in conference.attendees() if not p.present and p.role is Role.DELEGATE)
    return ([*checkin.code_of(conference, person), "enter"],
            lambda c: bool(c.attendee(person.id).present))  # type: ignore[union-attr]


def _a_ballot_then_stored(conference: Conference) -> tuple[list[str], Callable[[Conference], bool]]:
    """After the form: the next ballot typed is recorded as typed."""
    poll = _only_poll(conference)
    before = len(voting.ballots(conference, poll.id or 0))
    return (["1", " ", "2", "enter"],
            lambda c: [b.kept for b in voting.ballots(c, poll.id or 0)][before:] == [(1, 2)])


def _absent_voter(conference: Conference) -> str:
    return next(p.full_name for p in conference.attendees() if p.role is Role.VOTING and not p.present)


def _task(conference: Conference) -> dict[str, str]:
    task = next(t for t in tasks.tasks(conference) if t.title == "Tuyên truyền Nghị quyết Đại hội")
    return {"title": task.title, "description": task.description, "year": str(task.year),
            "deadline": format_date(task.deadline), "progress": str(task.progress), "notes": task.notes}


def _report(conference: Conference) -> dict[str, str]:
    report = next(r for r in scoring.reports(conference).values() if r.proposed_award == "Cờ thi đua của UBND tỉnh"
                  and r.highlights.startswith("Hoàn thành"))
    return {"received": format_date(report.received), "file_path": report.file_path,
            "proposed_award": report.proposed_award, "highlights": report.highlights}


def _criterion(conference: Conference) -> dict[str, str]:
    found = next(c for c in scoring.criteria(conference) if c.code == "6.1")
    return {"code": found.code, "group": found.group, "title": found.title, "max_points": str(found.max_points)}


CASES: dict[str, Case] = {
    "walk_in": Case(["f5", "ctrl+g"], {"full_name": "Hoàng Thị Lý", "title": "Chuyên viên Văn phòng UBND tỉnh"},
                    lambda c: person_named(c, "Hoàng Thị Lý"), {"present": "yes"}, _a_code_then_present),
    "substitute": Case([], {"full_name": "Phan Văn Khải", "title": "Phó Trưởng ban", "phone": "0912 345 678"},
                       lambda c: person_named(c, "Phan Văn Khải"), {"present": "yes"}, _a_code_then_present),
    "unit": Case(["f4", "ctrl+t", "ctrl+n"], {"name": "Ban Dân vận Huyện uỷ Tiên Du", "short_name": "BDV Tiên Du"},
                 lambda c: next({"name": u.name, "short_name": u.short_name} for u in c.units()
                                if u.short_name == "BDV Tiên Du")),
    "agenda_item": Case(["f4", "ctrl+t", "ctrl+t", "ctrl+n"],
                        {"time": "15:45", "title": "Bế mạc hội nghị", "presenter": "Đồng chí Trưởng khối"},
                        lambda c: next({"time": a.time, "title": a.title, "presenter": a.presenter}
                                       for a in c.agenda() if a.title == "Bế mạc hội nghị")),
    "report": Case(["f6", "enter"], {"received": "28/11/2018", "file_path": "D:\\Báo cáo\\BC năm 2018.docx",
                                     "proposed_award": "Cờ thi đua của UBND tỉnh",
                                     "highlights": "Hoàn thành xuất sắc; 3 sáng kiến"}, _report),
    "criterion": Case(["f6", "ctrl+t", "ctrl+t", "ctrl+t", "ctrl+n"],
                      {"code": "6.1", "group": "Điểm thưởng", "title": "Sáng kiến được công nhận",
                       "max_points": "2.5"}, _criterion),
    "task": Case(["f7", "ctrl+n"], {"title": "Tuyên truyền Nghị quyết Đại hội", "description": "Đến mọi chi bộ",
                                    "year": "2019", "deadline": "30/06/2019", "progress": "40",
                                    "notes": "Báo cáo quý"}, _task),
    "new_poll": Case(["f8", "ctrl+n"], {"title": "Bầu Cờ thi đua năm 2018", "quota": "3", "rounds": "2"},
                     lambda c: next({"title": f.title, "quota": f.quota, "rounds": f.rounds}
                                    for f in map(voting.forms.form_of, voting.polls(c))
                                    if f.title == "Bầu Cờ thi đua năm 2018")),
    "change_poll": Case(["f8", "ctrl+u"], {"title": "Bầu Bằng khen", "quota": "20%"},
                        lambda c: {k: getattr(voting.forms.form_of(_only_poll(c)), k) for k in ("title", "quota")}),
    "open_poll": Case(["f8", "ctrl+o"], {"issued": "12", "reason": "Một đại biểu đến sau khi điểm danh",
                                         "collected": "12"},
                      lambda c: {"issued": str(_only_poll(c).issued), "reason": _only_poll(c).issued_history[-1].reason,
                                 "collected": str(_only_poll(c).collected)}, after=_a_ballot_then_stored),
    "committee": Case(["f8", "ctrl+y"], {"began": "14:05", "ended": "14:40"},
                      lambda c: {"began": _only_poll(c).committee.began, "ended": _only_poll(c).committee.ended},
                      after=_a_ballot_then_stored),
    "unfilled": Case(["f8", "ctrl+d"], {"note": "Hai Trưởng khối thống nhất để trống một suất"}, _decision,
                     {"units": "0"}),
    "leaders": Case(["f8", "ctrl+l"], {"note": "Trưởng khối và Phó khối chọn theo thành tích"}, _decision,
                    {"units": "1"}, first=["space"]),
    "opening_time": Case(["f10", "ctrl+k"], {"opened_at": "07:58"},
                         lambda c: {"opened_at": proceedings.fields(c).opened_at}),
    "closing_time": Case(["f10", "ctrl+b"], {"closed_at": "11:20"},
                         lambda c: {"closed_at": proceedings.fields(c).closed_at}),
}

#: The state each form is opened in, when the demo as written is not enough.
SETUP: dict[str, Callable[[Conference], None]] = {
    "change_poll": lambda c: _hall_poll(c, opened=False) and None,
    "open_poll": lambda c: _hall_poll(c, opened=False) and None,
    "committee": lambda c: _hall_poll(c, opened=True) and None,
    "unfilled": lambda c: _counted(c, ["1"] * 11),  # one unit reached the threshold: a seat open
    "leaders": lambda c: _counted(c, ["1 2"] * 4 + ["1 3"] * 4 + ["2 3"] * 3),  # 8, 7, 7: a tie at the cut-off
}


@SPEED
@pytest.mark.parametrize("name", list(CASES))
async def test_a_form_typed_from_the_key_that_opens_it(demo: Conference, name: str, speed: str) -> None:
    case = CASES[name]
    SETUP.get(name, lambda c: None)(demo)
    opens = case.opens or ["f5", *_absent_voter(demo), "ctrl+b"]  # the substitute: the absent one found by name
    after_keys, after_ok = case.after(demo) if case.after else ([], None)
    async with TdktApp(demo, lang="vi", desk="Bàn 1", watch_interval=60).run_test(size=SIZE) as pilot:
        # once, to read the order of the fields; Esc leaves nothing behind
        await pilot.press(*opens)
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, RecordForm), form
        keys = case.first + fill_keys(form, case.typed)
        await pilot.press("escape")
        await pilot.pause()
        underneath = pilot.app.screen
        assert not isinstance(underneath, RecordForm)
        opens_again = ["escape", *opens[1:]] if name == "substitute" else opens[-1:]
        # then as typed: the key that opens it, the fields, Ctrl+S, and what comes next, in one stream
        await type_keys(pilot, [*opens_again, *keys, "ctrl+s", *after_keys], SPEEDS[speed])
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if isinstance(pilot.app.screen, RecordForm):  # refused: say why
            raise AssertionError(f"{text_of(pilot.app.screen, '#form-error')} {pilot.app.screen.values()}")
        assert pilot.app.screen is underneath, pilot.app.screen
        stored, expected = case.stored(demo), case.typed | case.extra
        assert {key: stored.get(key) for key in expected} == expected
        if after_ok is not None:
            assert after_ok(demo), f"the keys typed after {name} closed were not taken"


@SPEED
async def test_every_settings_field_typed_and_saved(demo: Conference, speed: str) -> None:
    """Every text field of the conference details, typed field after field with Tab, then Ctrl+S."""
    typed = {
        "bloc_name": "Khối thi đua các cơ quan Đảng tỉnh", "year": "2019", "date": "04/12/2019",
        "start_time": "07:30", "venue": "Hội trường tầng 3, Tỉnh uỷ", "place": "Bắc Ninh",
        "governing_body": "TỈNH UỶ BẮC NINH", "issuing_body": "KHỐI THI ĐUA CÁC CƠ QUAN ĐẢNG",
        "issuer_symbol": "KTĐ", "chair": "Nguyễn Văn Hùng", "chair_title": "Trưởng ban",
        "secretary": "Lê Thị Mai", "secretary_title": "Chuyên viên", "quorum": "2/3",
        "council": "Hội đồng Thi đua - Khen thưởng tỉnh", "number_minutes": "Số: 12/BB-KTĐ",
        "number_count_minutes": "Số: 13/BB-KTĐ", "number_proposal": "Số: 14/TTr-KTĐ",
        "number_covenant": "Số: 15/GƯTĐ-KTĐ", "number_report": "Số: 16/BC-KTĐ", "report_date": "10/12/2019",
    }
    text_fields = [n for n in DETAIL_LABELS if n not in ("kind", "header") and not n.endswith("_unit_id")]
    assert sorted(typed) == sorted(text_fields)
    async with TdktApp(demo, lang="vi", desk="Bàn 1", watch_interval=60).run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, SettingsScreen)
        keys = fill_keys(screen, typed)
        await pilot.press("f2")
        await pilot.pause()
        await type_keys(pilot, ["f4", *keys, "ctrl+s"], SPEEDS[speed])
        stored = form_values(demo.info())
        assert {name: str(stored[name]) for name in typed} == typed
        assert isinstance(pilot.app.screen, SettingsScreen) and not pilot.app.screen.unsaved()


@SPEED
async def test_the_minutes_times_typed_in_place(demo: Conference, speed: str) -> None:
    """The opening and closing times above the agenda list, reached with Shift+Tab from it, then the note."""
    async with TdktApp(demo, lang="vi", desk="Bàn 1", watch_interval=60).run_test(size=SIZE) as pilot:
        await pilot.press("f10")
        await pilot.pause()
        screen = pilot.app.screen
        assert screen.focused is screen.query_one("#items")
        await type_keys(pilot, ["shift+tab", "shift+tab", "home", "shift+end", *"07:58", "tab", "home", "shift+end",
                                *"11:20", "tab", "tab", *"Khai mạc"], SPEEDS[speed])
        fields = proceedings.fields(demo)
        assert (fields.opened_at, fields.closed_at) == ("07:58", "11:20")
        assert proceedings.notes(demo)[demo.agenda()[0].id] == "Khai mạc"  # type: ignore[index]


@SPEED
async def test_the_palette_typed_without_marks_runs_the_command(demo: Conference, speed: str) -> None:
    from screens.projector import ProjectorScreen

    async with TdktApp(demo, lang="vi", desk="Bàn 1", watch_interval=60).run_test(size=SIZE) as pilot:
        await type_keys(pilot, ["f3", "ctrl+p", *"man chieu"], SPEEDS[speed])
        await pilot.pause(0.3)
        assert pilot.app.screen.query_one(Input).value == "man chieu"
        await type_keys(pilot, ["enter"], SPEEDS[speed])
        assert isinstance(pilot.app.screen, ProjectorScreen)

