"""Import a roster (CSV or Excel): preview with every rejected row and its reason, then commit all or nothing."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Input, ProgressBar, Static
from textual.worker import get_current_worker

from screens.widgets.footer import TdktFooter
from screens.widgets.rowtable import Column, RowTable
from tdkt_tui.domain.errors import TdktError
from tdkt_tui.domain.i18n import _
from tdkt_tui.domain.roster import RosterPreview, commit_roster
from tdkt_tui.sheets.roster import read_roster


class ImportRosterScreen(Screen[None]):
    """Type or paste the file's path, Enter previews, Ctrl+S commits, Esc goes back."""

    TITLE_MSGID = "Import roster"
    CSS_PATH = Path(__file__).with_suffix(".tcss")
    BINDINGS = [
        Binding("ctrl+s", "commit", "Import", priority=True),
        Binding("escape", "back", "Back"),
    ]

    class Progress(Message):
        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done = done
            self.total = total

    class Previewed(Message):
        def __init__(self, preview: RosterPreview | None, error: str = "") -> None:
            super().__init__()
            self.preview = preview
            self.error = error

    def __init__(self, path: str = "") -> None:
        super().__init__()
        self.initial_path = path
        self.preview: RosterPreview | None = None

    def compose(self) -> ComposeResult:
        yield Static(_("Import roster"), classes="title-bar")
        with Vertical(id="import-body"):
            yield Static(_("CSV (comma, semicolon or tab; UTF-8 or Windows-1258) or Excel .xlsx. "
                           "Columns such as “Họ và tên”, “Đơn vị”, “Chức vụ” are found by name."), classes="hint")
            with Horizontal(id="path-bar"):
                yield Input(self.initial_path, placeholder=_("Path of the roster file"), id="path")
                yield Button(_("Preview"), id="preview")
            yield ProgressBar(id="progress", show_eta=False)
            yield Static("", id="summary")
            yield Static(_("Rejected rows"), classes="section", id="rejected-title")
            yield RowTable([Column(_("Row"), 0, 5), Column(_("Reason"), 1, 20)],
                           empty_text=_("No rejected rows."), id="rejected")
            yield Static(_("Rows to import"), classes="section")
            yield RowTable([Column(_("Row"), 0, 5), Column(_("Action"), 0, 10), Column(_("Full name"), 2, 12),
                            Column(_("Unit"), 3, 12), Column(_("Title"), 2, 8)],
                           empty_text=_("Nothing to import yet."), id="accepted")
            with Horizontal(id="import-buttons"):
                yield Button(_("Import all (Ctrl+S)"), variant="primary", id="commit", disabled=True)
                yield Button(_("Back (Esc)"), id="back")
        yield TdktFooter()

    def on_mount(self) -> None:
        self.query_one("#progress", ProgressBar).display = False
        self.query_one("#path", Input).focus()
        if self.initial_path:
            self.start_preview()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.start_preview()

    @on(Button.Pressed, "#commit")
    def commit_pressed(self) -> None:
        self.action_commit()

    @on(Button.Pressed, "#back")
    def back_pressed(self) -> None:
        self.action_back()

    @on(Button.Pressed, "#preview")
    def start_preview(self) -> None:
        path = self.query_one("#path", Input).value.strip().strip('"').strip("'")
        if not path:
            self.query_one("#summary", Static).update(_("Type the path of a roster file first."))
            return
        self.preview = None
        self.query_one("#commit", Button).disabled = True
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=None, progress=0)
        bar.display = True
        self.query_one("#summary", Static).update(_("Reading {path}…", path=path))
        self.read_file(Path(path).expanduser())

    @work(thread=True, exclusive=True)
    def read_file(self, path: Path) -> None:
        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            if not worker.is_cancelled:
                self.post_message(self.Progress(done, total))

        try:
            preview = read_roster(path, self.app.conference, progress)  # type: ignore[attr-defined]
        except TdktError as exc:
            self.post_message(self.Previewed(None, str(exc)))
            return
        self.post_message(self.Previewed(preview))

    def on_import_roster_screen_progress(self, message: Progress) -> None:
        self.query_one("#progress", ProgressBar).update(total=message.total, progress=message.done)

    def on_import_roster_screen_previewed(self, message: Previewed) -> None:
        self.query_one("#progress", ProgressBar).display = False
        summary = self.query_one("#summary", Static)
        if message.preview is None:
            self.app.bell()
            summary.update(f"[b red]{_('Nothing was imported.')}[/] {message.error}")
            return
        preview = self.preview = message.preview
        text = _("{added} new, {updated} updated, {rejected} rejected.", added=preview.added,
                 updated=preview.updated, rejected=len(preview.rejected))
        if preview.new_units:
            text += "\n" + _("New guest bodies will be created: {units}", units=", ".join(preview.new_units))
        summary.update(text)
        self.query_one("#rejected", RowTable).set_rows(
            [(i, (str(r.row), r.reason)) for i, r in enumerate(preview.rejected)]
        )
        new, update = _("new"), _("update")
        self.query_one("#accepted", RowTable).set_rows(
            [(i, (str(r.row), update if r.attendee_id else new, r.person.full_name, r.unit_name, r.person.title))
             for i, r in enumerate(preview.rows)]
        )
        self.query_one("#commit", Button).disabled = not preview.rows

    def action_commit(self) -> None:
        if self.preview is None or not self.preview.rows:
            self.app.bell()
            self.notify(_("Preview a roster with rows to import first."), severity="warning")
            return
        try:
            result = commit_roster(self.app.conference, self.preview)  # type: ignore[attr-defined]
        except TdktError as exc:
            self.app.bell()
            self.notify(_("Nothing was imported.") + " " + str(exc), severity="error", timeout=10)
            return
        self.app.changed()  # type: ignore[attr-defined]
        self.notify(_("Imported: {added} added, {updated} updated, {units} units created.", added=result.added,
                      updated=result.updated, units=result.units_added))
        self.dismiss(None)

    def action_back(self) -> None:
        self.dismiss(None)
