"""Import a score workbook: pick it, see every problem cell named (Sheet!C5) and the scores it would store before
anything is stored, then all or nothing."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from screens.widgets.file_picker import WORKBOOKS, AsksForFile
from screens.widgets.rowtable import Column, RowTable
from tdkt_tui.domain import scoring
from tdkt_tui.domain.errors import TdktError
from tdkt_tui.domain.i18n import N_, _
from tdkt_tui.domain.text import encoding_note
from tdkt_tui.sheets import scores as score_sheets


class ImportScoresScreen(AsksForFile):
    """The picker opens by itself (Ctrl+F again); Enter on a typed path checks it, Ctrl+S imports, Esc goes back."""

    TITLE_MSGID = "Import scores"
    PICK_TITLE = N_("Choose the score workbook")
    PICK_TYPES = WORKBOOKS
    CSS_PATH = Path(__file__).with_suffix(".tcss")
    BINDINGS = [
        Binding("ctrl+s", "commit", "Import", priority=True),
        Binding("ctrl+f", "pick", "Choose file"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.preview: scoring.ScorePreview | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        with Vertical(id="body"):
            yield Static(_("An .xlsx with one table of units × criteria, or one sheet per unit (columns “Tự chấm”, "
                           "“Thẩm định”, “Minh chứng”). Nothing is stored while any cell has a problem."),
                         classes="hint")
            yield from self.compose_path_bar(_("Path of the score workbook"), _("Check"))
            yield Static("", id="summary")
            yield RowTable([Column(_("Cell"), 1, 12), Column(_("Problem"), 4, 20)],
                           empty_text=_("No problems found."), id="issues")
            yield RowTable([Column(_("Unit"), 3, 12), Column(_("Code"), 0, 6), Column(_("Self score"), 0, 8),
                            Column(_("Verified"), 0, 8), Column(_("Evidence"), 3, 12)],
                           empty_text=_("No scores to import yet."), id="values")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.action_pick()  # at once, so the keys typed behind the opening key wait for the picker

    def file_given(self, path: Path) -> None:
        self.preview = None
        self.query_one("#summary", Static).update(_("Reading {path}…", path=str(path)))
        self.read(path)

    @work(thread=True, exclusive=True)
    def read(self, path: Path) -> None:
        try:
            preview = score_sheets.read_score_workbook(self.conference, path)
        except TdktError as exc:
            self.app.call_from_thread(self.show, None, str(exc))
            return
        self.app.call_from_thread(self.show, preview, "")

    def show(self, preview: scoring.ScorePreview | None, error: str) -> None:
        summary = self.query_one("#summary", Static)
        issues = self.query_one("#issues", RowTable)
        values = self.query_one("#values", RowTable)
        if preview is None:
            self.app.bell()
            summary.update(f"[b red]{_('Nothing was imported.')}[/] {error}")
            issues.set_rows([])
            values.set_rows([])
            return
        self.preview = preview
        issues.set_rows([(i, (issue.where, issue.reason)) for i, issue in enumerate(preview.issues)])
        units = self.conference.unit_names()
        codes = {c.id: c.code for c in scoring.criteria(self.conference)}
        values.set_rows([(i, (units.get(unit_id, ""), codes.get(item_id, ""), scoring.format_points(own),
                              scoring.format_points(verified), evidence))
                         for i, (unit_id, item_id, own, verified, evidence) in enumerate(preview.values)])
        lines = [encoding_note(preview.encoding, preview.converted)]
        if preview.issues:
            self.app.bell()
            lines.insert(0, _("{count} problems: fix the workbook and check again; nothing was stored.",
                              count=len(preview.issues)))
        else:
            lines.insert(0, _("{count} scores ready to import from {sheets} sheets. Ctrl+S imports them.",
                              count=len(preview.values), sheets=len(preview.sheets)))
        summary.update("\n".join(line for line in lines if line))

    def action_commit(self) -> None:
        if self.preview is None or self.preview.issues or not self.preview.values:
            self.app.bell()
            self.notify(_("Check a workbook without problems first."), severity="warning")
            return
        preview = self.preview
        count = self.attempt(lambda: scoring.commit_scores(self.conference, preview))
        if count is None:
            return
        self.notify(_("{count} scores imported.", count=count))
        self.dismiss(None)

    def action_back(self) -> None:
        self.dismiss(None)
