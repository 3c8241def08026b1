"""The demo conference: the 11-unit Bắc Ninh bloc of docs/domain.md#the-demo-conference — people, agenda, reports and scores, tasks and
targets — written as a fresh copy, never opened in place."""

from __future__ import annotations

import json
from pathlib import Path

from tdkt_tui.domain import scoring, tasks
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


def write_demo(folder: Path) -> Conference:
    """Create a new conference in ``folder`` (missing or empty) holding the demo bloc, and return it open."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise StoreError("{path} is not empty; the demo is written only into a new or empty folder.", path=str(folder))
    raw = json.loads(demo_source().read_text(encoding="utf-8"))
    conference = Conference.open(folder)
    units = [
        Unit(name=u["name"], short_name=u["short_name"], kind=UnitKind(u["kind"]), women_led=u["women_led"])
        for u in raw["units"]
    ]
    people = [
        (
            p["unit"],
            Attendee(
                full_name=p["full_name"],
                title=p["title"],
                role=Role(p["role"]),
                phone=p["phone"],
                email=p["email"],
                seat=p["seat"],
            ),
        )
        for p in raw["attendees"]
    ]
    agenda = [AgendaItem(title=a["title"], time=a["time"], presenter=a["presenter"]) for a in raw["agenda"]]
    conference.load(ConferenceInfo.from_doc(raw["conference"]), units, people, agenda)
    scoring.load_scoring(conference, json.loads((shipped_data() / "demo_scoring.json").read_text(encoding="utf-8")))
    tasks.load_tasks(conference, json.loads((shipped_data() / "demo_tasks.json").read_text(encoding="utf-8")))
    return conference
