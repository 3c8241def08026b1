"""The demo conference: the 11-unit Bắc Ninh bloc of docs/domain.md#the-demo-conference — people, agenda, reports and
scores, tasks and targets — written as a fresh copy, never opened in place.

Two moments of the same day: the morning, before the doors open (``held=False``: nobody checked in, no vote; for
rehearsing the door and the count), and the conference as it was held (``held=True``: who came, the secretary's
notes, the counting committee, every vote closed with the outcomes of the record, ``data/demo_day.json``).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from tdkt_tui.domain import proceedings, scoring, tasks, voting
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.errors import StoreError
from tdkt_tui.domain.locations import shipped_data
from tdkt_tui.domain.model import (
    AgendaItem,
    Attendee,
    ConferenceInfo,
    Role,
    Unit,
    UnitKind,
)


def demo_source() -> Path:
    return shipped_data() / "demo.json"


def _shipped(name: str) -> Any:
    return json.loads((shipped_data() / name).read_text(encoding="utf-8"))


def write_demo(folder: Path, *, held: bool = False) -> Conference:
    """Create a new conference in ``folder`` (missing or empty) holding the demo bloc, and return it open; with
    ``held`` the conference as it was held (see the module's docstring)."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise StoreError("{path} is not empty; the demo is written only into a new or empty folder.", path=str(folder))
    raw = json.loads(demo_source().read_text(encoding="utf-8"))
    day = _shipped("demo_day.json") if held else None
    conference = Conference.open(folder)
    units = [
        Unit(name=u["name"], short_name=u["short_name"], kind=UnitKind(u["kind"]), women_led=u["women_led"])
        for u in raw["units"]
    ]
    absent = set(day["checkin"]["absent"]) if day else set()
    arrival = dt.datetime.fromisoformat(day["checkin"]["from"]) if day else None
    people = []
    for n, p in enumerate(raw["attendees"]):
        person = Attendee(full_name=p["full_name"], title=p["title"], role=Role(p["role"]), phone=p["phone"],
                          email=p["email"], seat=p["seat"])
        if arrival is not None and p["full_name"] not in absent:
            stamp = (arrival + dt.timedelta(seconds=40 * n)).isoformat(timespec="seconds")
            person = replace(person, checked_in_at=stamp, checkin_desk=day["checkin"]["desk"])  # type: ignore[index]
        people.append((p["unit"], person))
    agenda = [AgendaItem(title=a["title"], time=a["time"], presenter=a["presenter"]) for a in raw["agenda"]]
    info = ConferenceInfo.from_doc(raw["conference"])
    conference.load(info, units, people, agenda)
    chosen = {name: conference.find_unit(raw["conference"].get(key, ""))
              for name, key in (("host_unit_id", "host"), ("leader_unit_id", "leader"), ("deputy_unit_id", "deputy"))}
    conference.save_info(replace(conference.info(), **{name: u.id for name, u in chosen.items() if u is not None}))
    scoring.load_scoring(conference, _shipped("demo_scoring.json"))
    tasks.load_tasks(conference, _shipped("demo_tasks.json"))
    if day is not None:
        _hold(conference, day)
    return conference


def _hold(conference: Conference, day: dict[str, Any]) -> None:
    """Play the day: substitutes at the door, the secretary's notes, next year's tasks and targets, the votes and
    their committee."""
    by_name = {p.full_name: p for p in conference.attendees()}
    desk, late = day["checkin"]["desk"], day["minutes"]["opened_at"]
    for sub in day["checkin"]["substitutes"]:
        absent = by_name[sub["for"]]
        stamp = f"{day['checkin']['from'][:10]}T{late}:00"
        conference.add_attendee(Attendee(
            full_name=sub["full_name"], title=sub["title"], unit_id=absent.unit_id, role=absent.role,
            substitute_for=absent.id, note=f"đi thay {absent.full_name}", checked_in_at=stamp, checkin_desk=desk))
    for item, note in zip(conference.agenda(), day["minutes"]["notes"]):
        proceedings.save_note(conference, item.id or 0, note)
    proceedings.save_fields(conference, proceedings.MinutesFields(
        day["minutes"]["opened_at"], day["minutes"]["closed_at"], day["minutes"]["conclusions"]))
    tasks.load_tasks(conference, day["next_tasks"])  # next year's tasks and targets, agreed on the day
    units = {u.short_name: u.id for u in conference.member_units()}
    for spec in day["polls"]:
        _vote(conference, spec, units, day.get("committee"), by_name)


def _vote(conference: Conference, spec: dict[str, Any], units: dict[str, int | None], committee: Any,
          by_name: dict[str, Attendee]) -> None:
    kind = voting.PollKind(spec["kind"])
    poll = voting.Poll(kind=kind, title=spec.get("title", ""), award=spec.get("award", ""),
                       quota=spec.get("quota", 1))
    if kind is not voting.PollKind.MOTION:  # every member unit, in ranking order (the cascade removes the chosen)
        left = {units[s] for s in spec.get("without", ())}
        poll = replace(poll, candidates=tuple(c for c in voting.default_candidates(conference, voting.PollKind.LEADER) if c not in left))
    poll = voting.create_poll(conference, poll)
    pid = poll.id or 0
    _record_committee(conference, pid, committee, spec, by_name)
    opened = voting.open_poll(conference, pid)
    if kind is voting.PollKind.MOTION:
        voting.record_motion(conference, pid, *spec["motion"])
    else:
        numbers = {unit: n for n, unit in enumerate(opened.candidates, start=1)}
        voting.set_collected(conference, pid, len(spec["ballots"]))
        for ballot in spec["ballots"]:
            voting.enter_ballot(conference, pid, " ".join(str(numbers[units[s]]) for s in ballot.split()))
    voting.close_poll(conference, pid)


def _record_committee(conference: Conference, pid: int, committee: Any, spec: dict[str, Any],
                      by_name: dict[str, Attendee]) -> None:
    """The counting committee and the times of the count, recorded with the draft (as the counting desk can)."""
    if not committee or spec["kind"] == "motion":
        return
    head = by_name[committee["head"]]
    members = [by_name[name] for name in committee["members"]]
    voting.set_committee(conference, pid, voting.Committee(
        voting.Member(head.id or 0, head.full_name), tuple(voting.Member(m.id or 0, m.full_name) for m in members),
        spec.get("began", ""), spec.get("ended", "")))
