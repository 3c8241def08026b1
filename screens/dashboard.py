"""The conference at a glance: details, live attendance against the quorum, the agenda."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len, set_cell_size
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Grid, Vertical, VerticalScroll
from textual.widgets import Static

from screens.base import TdktScreen
from screens.widgets.attendance_panel import AttendanceCounts, quorum_text
from tdkt_tui.domain import scoring, tasks, voting
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.i18n import _


def details_table(conference: Conference) -> Table:
    info = conference.info()
    host = conference.unit(info.host_unit_id)
    missing = Text(_("not set"), style="italic red")
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    rows = [
        (_("Bloc"), info.bloc_name),
        (_("Conference"), f"{_(info.kind.label)} {info.year}"),
        (_("Date"), ", ".join(x for x in (info.start_time, info.date_text()) if x)),
        (_("Venue"), info.venue),
        (_("Host unit"), host.name if host else ""),
        (_("Chair"), info.chair),
        (_("Secretary"), info.secretary),
    ]
    for label, value in rows:
        table.add_row(label, value or missing)
    names = conference.unit_names()
    for kind, label in ((voting.PollKind.LEADER, _("Next leader unit")), (voting.PollKind.DEPUTY,
                                                                          _("Next deputy unit"))):
        chosen = [u for p in voting.polls(conference) if p.kind is kind and p.round == 1
                  for u in voting.elected(conference, p.id or 0)]
        if chosen:
            table.add_row(label, Text(", ".join(names.get(u, "?") for u in chosen), style="bold green"))
    return table


def agenda_table(conference: Conference) -> Table | Text:
    items = conference.agenda()
    if not items:
        return Text(_("No agenda yet: add it in Settings (F4)."), style="italic")
    table = Table.grid(padding=(0, 1))
    table.add_column(style="bold cyan", width=5)
    table.add_column(ratio=1)
    table.add_column(style="italic")
    for item in items:
        table.add_row(item.time, item.title, item.presenter)
    return table


TOP = 5


def standing_text(conference: Conference) -> Text:
    """Reports received of member units, and the top of the ranking by verified score."""
    received, total = scoring.reports_received(conference)
    text = Text()
    text.append(_("Reports received: {received}/{total}", received=received, total=total) + "\n", style="bold")
    standings = [s for s in scoring.ranking(conference) if s.rank]
    if not standings:
        text.append(_("No scores yet."), style="italic")
    width = max((cell_len(s.unit.name) for s in standings[:TOP]), default=0) + 2
    for s in standings[:TOP]:
        text.append(f"{s.rank:>2}{'=' if s.tied else ' '} ", style="bold cyan")
        text.append(set_cell_size(s.unit.name, width))
        text.append(scoring.format_points(s.verified_total), style="bold")
        text.append("\n")
    return text


class DashboardScreen(TdktScreen):
    """F2: what the secretary glances at during the conference."""

    TITLE_MSGID = "Dashboard"
    CSS_PATH = Path(__file__).with_suffix(".tcss")

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        with VerticalScroll():
            with Grid(id="panels"):
                yield Static(id="details", classes="panel")
                with Vertical(id="right"):
                    yield AttendanceCounts(id="attendance", classes="panel")
                    yield Static(id="quorum", classes="panel")
                yield Static(id="standing", classes="panel")
                yield Static(id="tasks", classes="panel")
                yield Static(id="agenda", classes="panel")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        titles = {"details": _("Conference"), "attendance": _("Attendance"), "quorum": _("Quorum"),
                  "standing": _("Reports and ranking (F6)"), "tasks": _("Tasks and targets (F7)"),
                  "agenda": _("Agenda")}
        for panel_id, title in titles.items():
            self.query_one(f"#{panel_id}", Static).border_title = title
        self.reload()

    def reload(self) -> None:
        att = self.conference.attendance()
        self.query_one("#details", Static).update(details_table(self.conference))
        self.query_one("#attendance", AttendanceCounts).show(att)
        quorum = self.query_one("#quorum", Static)
        quorum.update(quorum_text(att))
        quorum.set_class(att.quorum_met, "met")
        self.query_one("#agenda", Static).update(agenda_table(self.conference))
        self.query_one("#standing", Static).update(standing_text(self.conference))
        summary = tasks.summary(self.conference)
        self.query_one("#tasks", Static).update(
            "\n".join([tasks.as_of_text(self.conference), *summary.lines]) if summary.lines else
            _("No tasks or targets yet."))
