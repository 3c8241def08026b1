"""The conference at a glance: details, live attendance against the quorum, the agenda."""

from __future__ import annotations

from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Grid, Vertical, VerticalScroll
from textual.widgets import Static

from screens.common import TdktScreen
from tdkt_tui.attendance import Attendance
from tdkt_tui.conference import Conference
from tdkt_tui.i18n import _
from tdkt_tui.model import Role


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
    return table


def attendance_table(att: Attendance) -> Table:
    table = Table(expand=True, show_edge=False, box=None, header_style="bold")
    table.add_column(_("Role"))
    table.add_column(_("Present"), justify="right")
    table.add_column(_("Expected"), justify="right")
    for role in Role:
        table.add_row(_(role.label), str(att.present[role]), str(att.expected[role]))
    table.add_row(Text(_("Total"), style="bold"), Text(str(att.total_present), style="bold"),
                  Text(str(att.total_expected), style="bold"))
    return table


def quorum_text(att: Attendance) -> Text:
    text = Text()
    text.append(_("Member units present: {present}/{total}", present=att.member_units_present,
                  total=att.member_units), style="bold")
    text.append("\n")
    rule = _("Quorum: at least {rule} of member units = {needed}", rule=att.quorum.text(), needed=att.quorum_needed)
    text.append(rule + "\n")
    if att.quorum_met:
        text.append(" " + _("QUORUM REACHED") + " ", style="bold black on green")
    else:
        short = att.quorum_needed - att.member_units_present
        text.append(" " + _("NO QUORUM YET: {count} more units needed", count=max(short, 0)) + " ",
                    style="bold white on red")
    if att.missing_units and att.member_units_present:
        text.append("\n" + _("Missing: {units}", units=", ".join(att.missing_units)), style="italic")
    return text


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
                    yield Static(id="attendance", classes="panel")
                    yield Static(id="quorum", classes="panel")
                yield Static(id="agenda", classes="panel")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        titles = {"details": _("Conference"), "attendance": _("Attendance"), "quorum": _("Quorum"),
                  "agenda": _("Agenda")}
        for panel_id, title in titles.items():
            self.query_one(f"#{panel_id}", Static).border_title = title
        self.reload()

    def reload(self) -> None:
        att = self.conference.attendance()
        self.query_one("#details", Static).update(details_table(self.conference))
        self.query_one("#attendance", Static).update(attendance_table(att))
        quorum = self.query_one("#quorum", Static)
        quorum.update(quorum_text(att))
        quorum.set_class(att.quorum_met, "met")
        self.query_one("#agenda", Static).update(agenda_table(self.conference))


if __name__ == "__main__":
    from screens.preview import run_screen

    run_screen("dashboard")
