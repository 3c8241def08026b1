"""Import a score workbook: every problem cell named (Sheet!C5) before anything is stored, then all or nothing."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, Static

from screens.widgets.footer import TdktFooter
from screens.widgets.rowtable import Column, RowTable
from tdkt_tui.domain import scoring
from tdkt_tui.domain.errors import TdktError
from tdkt_tui.domain.i18n import _
from tdkt_tui.sheets import scores as score_sheets


class ImportScoresScreen(Screen[None]):
    """Type or paste the workbook's path, Enter checks it, Ctrl+S imports, Esc goes back."""

    TITLE_MSGID = "Import scores"
    CSS_PATH = Path(__file__).with_suffix(".tcss")
    BINDINGS = [
        Binding("ctrl+s", "commit", "Import", priority=True),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.preview: scoring.ScorePreview | None = None

    def compose(self) -> ComposeResult:
        yield Static(_("Import scores"), classes="title-bar")
        with Vertical(id="body"):
            yield Static(_("An .xlsx with one table of units × criteria, or one sheet per unit (columns “Tự chấm”, "
                           "“Thẩm định”, “Minh chứng”). Nothing is stored while any cell has a problem."),
                         classes="hint")
            with Horizontal(id="path-bar"):
                yield Input(placeholder=_("Path of the score workbook"), id="path")
                yield Button(_("Check"), id="check")
            yield Static("", id="summary")
            yield RowTable([Column(_("Cell"), 1, 12), Column(_("Problem"), 4, 20)],
                           empty_text=_("No problems found."), id="issues")
        yield TdktFooter()

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.check()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.check()

    def check(self) -> None:
        path = self.query_one("#path", Input).value.strip().strip('"').strip("'")
        if not path:
            return
        self.preview = None
        self.query_one("#summary", Static).update(_("Reading {path}…", path=path))
        self.read(Path(path).expanduser())

    @work(thread=True, exclusive=True)
    def read(self, path: Path) -> None:
        try:
            preview = score_sheets.read_score_workbook(self.app.conference, path)  # type: ignore[attr-defined]
        except TdktError as exc:
            self.app.call_from_thread(self.show, None, str(exc))
            return
        self.app.call_from_thread(self.show, preview, "")

    def show(self, preview: scoring.ScorePreview | None, error: str) -> None:
        summary = self.query_one("#summary", Static)
        issues = self.query_one("#issues", RowTable)
        if preview is None:
            self.app.bell()
            summary.update(f"[b red]{_('Nothing was imported.')}[/] {error}")
            issues.set_rows([])
            return
        self.preview = preview
        issues.set_rows([(i, (issue.where, issue.reason)) for i, issue in enumerate(preview.issues)])
        if preview.issues:
            self.app.bell()
            summary.update(_("{count} problems: fix the workbook and check again; nothing was stored.",
                             count=len(preview.issues)))
        else:
            summary.update(_("{count} scores ready to import from {sheets} sheets. Ctrl+S imports them.",
                             count=len(preview.values), sheets=len(preview.sheets)))

    def action_commit(self) -> None:
        if self.preview is None or self.preview.issues or not self.preview.values:
            self.app.bell()
            self.notify(_("Check a workbook without problems first."), severity="warning")
            return
        try:
            count = scoring.commit_scores(self.app.conference, self.preview)  # type: ignore[attr-defined]
        except TdktError as exc:
            self.app.bell()
            self.notify(str(exc), severity="error", timeout=10)
            return
        self.app.changed()  # type: ignore[attr-defined]
        self.notify(_("{count} scores imported.", count=count))
        self.dismiss(None)

    def action_back(self) -> None:
        self.dismiss(None)
