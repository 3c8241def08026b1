"""The whole scan log (every attempt at every desk, failures included), searchable and exportable to CSV."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, Static

from screens.base import Attempts
from screens.widgets.footer import TdktFooter
from screens.widgets.rowtable import Column, RowTable
from screens.widgets.text_input import TextInput
from tdkt_tui.domain import checkin
from tdkt_tui.domain.i18n import _
from tdkt_tui.domain.text import fold, format_stamp
from tdkt_tui.sheets.scan_log import export_log


class ScanLogScreen(Attempts, Screen[None]):
    """Type to filter; Ctrl+S exports the whole log to the conference's exports folder; Esc goes back."""

    TITLE_MSGID = "Scan log"
    CSS_PATH = Path(__file__).with_suffix(".tcss")
    BINDINGS = [
        Binding("ctrl+s", "export", "Export CSV", priority=True),
        Binding("escape", "back", "Back"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(_("Scan log"), classes="title-bar")
        yield TextInput(placeholder=_("Filter by name, input, outcome or desk…"), id="filter", compact=True)
        yield RowTable([Column(_("Time"), 0, 19), Column(_("Outcome"), 2, 12), Column(_("Input"), 2, 10),
                        Column(_("Full name"), 2, 10), Column(_("Desk"), 1, 6)],
                       empty_text=_("No scans yet."), id="entries")
        yield TdktFooter()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#filter", Input).focus()

    def reload(self) -> None:
        conference = self.app.conference  # type: ignore[attr-defined]
        names = {p.id: p.full_name for p in conference.attendees()}
        words = fold(self.query_one("#filter", Input).value).split()
        rows = []
        for e in checkin.log_entries(conference):
            cells = (format_stamp(e.at), _(e.outcome.label), e.shown_input, names.get(e.attendee_id, ""), e.desk)
            if all(w in fold(" ".join(cells)) for w in words):
                rows.append((e.id or 0, cells))
        self.query_one("#entries", RowTable).set_rows(rows)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.reload()

    def action_export(self) -> None:
        with self.attempting():
            path = export_log(self.app.conference)  # type: ignore[attr-defined]
            self.notify(_("Scan log exported to {path}", path=str(path)), timeout=10)

    def action_back(self) -> None:
        self.dismiss(None)
