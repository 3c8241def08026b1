"""F6: unit reports and scores — reports received, the score grid of one unit, the ranking, the scoring table.

The grid is for reading a paper score sheet aloud: ←/→ picks the column (self score, verified score, evidence),
Enter or a digit opens the cell, Enter saves and moves down to the next criterion, Esc leaves the cell.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Select, Static, TabbedContent, TabPane

from screens.base import TdktScreen
from screens.widgets.confirm import ConfirmScreen
from screens.widgets.file_picker import REPORTS
from screens.widgets.record_form import Field, RecordForm
from screens.widgets.rowtable import Column, RowTable
from screens.widgets.text_input import TextInput
from tdkt_tui.domain import scoring
from tdkt_tui.domain.errors import TdktError, ValidationError
from tdkt_tui.domain.i18n import _
from tdkt_tui.domain.locations import open_with_system
from tdkt_tui.domain.model import parse_date_field
from tdkt_tui.domain.text import format_date
from tdkt_tui.sheets import scores as score_sheets

GRID_COLUMNS = {3: "self_score", 4: "verified", 5: "evidence"}
COLUMN_LABELS = {"self_score": "Self score", "verified": "Verified score", "evidence": "Evidence"}
TABS = ["tab-reports", "tab-scores", "tab-ranking", "tab-criteria"]


def points(value: Any) -> str:
    """A score as the bloc writes it (9,5 in Vietnamese), blank when none."""
    return scoring.format_points(value) if value is not None else ""


class GridCell(TextInput):
    """The one-cell editor under the grid; Esc gives the keys back to the grid."""

    BINDINGS = [Binding("escape", "leave", show=False)]

    def action_leave(self) -> None:
        self.display = False
        self.screen.query_one("#grid", RowTable).focus()


class ScoringScreen(TdktScreen):
    """Tabs (Ctrl+T cycles): reports, the score grid ([ and ] change the unit), the ranking, the scoring table."""

    TITLE_MSGID = "Reports and scores"
    CSS_PATH = Path(__file__).with_suffix(".tcss")
    BINDINGS = [
        Binding("ctrl+t", "next_tab(1)", "Next tab", priority=True),
        Binding("left_square_bracket", "unit(-1)", "Previous unit"),
        Binding("right_square_bracket", "unit(1)", "Next unit"),
        Binding("ctrl+n", "add", "Add", priority=True),
        Binding("ctrl+e", "edit", "Edit", priority=True),
        Binding("ctrl+d", "remove", "Remove", priority=True),
        Binding("shift+up", "move(-1)", "Move up", show=False),
        Binding("shift+down", "move(1)", "Move down", show=False),
        Binding("ctrl+o", "open_or_import", "Open / import", priority=True),
        Binding("ctrl+w", "export", "Export XLSX", priority=True),
        Binding("ctrl+g", "annual_report", "Annual report", priority=True),
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        with TabbedContent(id="tabs"):
            with TabPane(_("Reports"), id="tab-reports"):
                yield Static("", id="reports-summary", classes="hint")
                yield RowTable([Column(_("Unit"), 4, 16), Column(_("Received"), 0, 10), Column(_("Proposed award"), 2, 12),
                                Column(_("Report file"), 2, 10), Column(_("Highlights"), 4, 10)], id="reports")
            with TabPane(_("Scores"), id="tab-scores"):
                with Horizontal(id="unit-bar"):
                    yield Static(_("Unit ([ ]):"), classes="hint")
                    members = [(u.name, u.id) for u in self.conference.member_units()]
                    yield Select(members, value=members[0][1] if members else Select.NULL, id="score-unit",
                                 prompt=_("(no member units yet)"), compact=True)
                    yield Static("", id="score-totals")
                yield RowTable([Column(_("Code"), 0, 5), Column(_("Criterion"), 5, 16), Column(_("Max"), 0, 6),
                                Column(_("Self score"), 0, 10), Column(_("Verified score"), 0, 14),
                                Column(_("Evidence"), 3, 10)],
                               editable=list(GRID_COLUMNS), empty_text=_("No criteria yet: add them in the last tab."),
                               id="grid")
                yield Static("", id="cell-label", classes="hint")
                yield GridCell(id="cell", compact=True)
            with TabPane(_("Ranking"), id="tab-ranking"):
                yield RowTable([Column(_("Rank"), 0, 6), Column(_("Unit"), 5, 16), Column(_("Self total"), 0, 10),
                                Column(_("Verified total"), 0, 14), Column(_("Complete"), 0, 9)],
                               empty_text=_("No scores yet."), id="ranking")
            with TabPane(_("Scoring table"), id="tab-criteria"):
                yield RowTable([Column(_("Code"), 0, 5), Column(_("Group"), 2, 10), Column(_("Criterion"), 5, 16),
                                Column(_("Kind"), 1, 8), Column(_("Max"), 0, 5)],
                               empty_text=_("No criteria yet: press Ctrl+N to add one."), id="criteria")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#cell", GridCell).display = False
        self.reload()
        self.query_one("#reports", RowTable).focus()

    # -- drawing -------------------------------------------------------------------------------------------------

    @property
    def unit_id(self) -> int | None:
        value = self.query_one("#score-unit", Select).value
        return value if isinstance(value, int) else None

    def reload(self) -> None:
        reports = scoring.reports(self.conference)
        received, total = scoring.reports_received(self.conference)
        self.query_one("#reports-summary", Static).update(
            _("Reports received: {received}/{total} member units. Enter edits, Ctrl+O opens the report file.",
              received=received, total=total))
        rows = []
        for unit in self.conference.member_units():
            report = reports.get(unit.id or 0)
            rows.append((unit.id or 0, (unit.name, format_date(report.received) if report else "",
                                        report.proposed_award if report else "", report.file_path if report else "",
                                        report.highlights if report else "")))
        self.query_one("#reports", RowTable).set_rows(
            rows, marked={u.id or 0 for u in self.conference.member_units() if (u.id or 0) in reports
                          and reports[u.id or 0].received})
        self._reload_grid()
        standings = scoring.ranking(self.conference)
        self.query_one("#ranking", RowTable).set_rows([
            (s.unit.id or 0, (f"{s.rank}{' =' if s.tied else ''}" if s.rank else "—", s.unit.name, points(s.self_total),
                              points(s.verified_total), "✓" if s.complete else ""))
            for s in standings
        ])
        self.query_one("#criteria", RowTable).set_rows([
            (c.id or 0, (c.code, c.group, c.title, _(c.kind.label), points(c.max_points)))
            for c in scoring.criteria(self.conference)
        ])

    def _reload_grid(self) -> None:
        unit_id = self.unit_id
        values = scoring.scores(self.conference)
        rows = []
        for c in scoring.criteria(self.conference):
            score = values.get((unit_id or 0, c.id or 0))
            rows.append((c.id or 0, (c.code, c.title, points(c.max_points),
                                     points(score.self_score) if score else "",
                                     points(score.verified) if score else "", score.evidence if score else "")))
        self.query_one("#grid", RowTable).set_rows(rows)
        if unit_id is not None:
            own, verified = scoring.totals(self.conference, unit_id)
            self.query_one("#score-totals", Static).update(
                _("Self total {own} · verified total {verified}", own=points(own), verified=points(verified)))

    @on(Select.Changed, "#score-unit")
    def unit_changed(self) -> None:
        self._reload_grid()

    @property
    def active_tab(self) -> str:
        return self.query_one("#tabs", TabbedContent).active

    def action_next_tab(self, step: int) -> None:
        target = TABS[(TABS.index(self.active_tab) + step) % len(TABS)]
        self.query_one("#tabs", TabbedContent).active = target
        focus = {"tab-reports": "#reports", "tab-scores": "#grid", "tab-ranking": "#ranking",
                 "tab-criteria": "#criteria"}[target]
        self.query_one(focus).focus()

    def action_unit(self, step: int) -> None:
        members = [u.id for u in self.conference.member_units()]
        if not members:
            return
        current = members.index(self.unit_id) if self.unit_id in members else 0
        self.query_one("#score-unit", Select).value = members[(current + step) % len(members)]
        self.query_one("#cell", GridCell).display = False
        self._reload_grid()

    # -- the grid ------------------------------------------------------------------------------------------------

    def _open_cell(self, initial: str | None = None) -> None:
        grid = self.query_one("#grid", RowTable)
        if grid.current_key is None or self.unit_id is None or grid.column is None:
            return
        code, title, maximum = grid.rows[grid.cursor][1][:3]
        field = GRID_COLUMNS[grid.column]
        unit = self.conference.unit(self.unit_id)
        self.query_one("#cell-label", Static).update(
            f"{code} {title} · {_(COLUMN_LABELS[field])}" + (f" (≤ {maximum})" if field != "evidence" else "")
            + f" · {unit.name if unit else ''} — " + _("Enter saves and goes down, Esc leaves the cell"))
        cell = self.query_one("#cell", GridCell)
        cell.value = initial if initial is not None else grid.rows[grid.cursor][1][grid.column]
        cell.display = True
        cell.focus()
        cell.action_end()
        if initial is None:
            cell.action_select_all()

    def on_key(self, event: events.Key) -> None:
        """A number typed on the grid opens the cell with it. The keyboard then moves to the cell, so the keys typed
        behind it are held until it has (the app's keyboard gate); those already on their way to the grid join the
        open cell in order."""
        grid = self.query_one("#grid", RowTable)
        if grid.has_focus and event.character and (event.character.isdigit() or event.character in ",."):
            event.stop()
            cell = self.query_one("#cell", GridCell)
            if cell.display:
                cell.insert_text_at_cursor(event.character)
            else:
                self._open_cell(event.character)
                self.tdkt.settle_keys()

    def _cell_refused(self, exc: TdktError) -> None:
        self.query_one("#cell-label", Static).update(Text(str(exc), style="bold red"))
        self.query_one("#cell", GridCell).action_select_all()  # the next number typed replaces the refused one

    def _save_cell(self, value: str) -> bool:
        """Store what the cell holds for the grid's current row and column; False when refused (said in its label)."""
        grid = self.query_one("#grid", RowTable)
        criterion_id, field, unit_id = grid.current_key, GRID_COLUMNS.get(grid.column or 0), self.unit_id
        if criterion_id is None or field is None or unit_id is None:
            return True
        with self.attempting(self._cell_refused) as saved:
            scoring.set_score(self.conference, unit_id, criterion_id, **{field: value})
        return bool(saved)

    def unsaved(self) -> str:
        """A value typed in the open cell and not yet entered (Ctrl+Q saves it or asks)."""
        cell = self.query_one("#cell", GridCell)
        grid = self.query_one("#grid", RowTable)
        if not cell.display or grid.current_key is None or grid.column not in GRID_COLUMNS:
            return ""
        row = grid.rows[grid.cursor][1]
        if cell.value.strip() == row[grid.column]:
            return ""
        unit = self.conference.unit(self.unit_id)
        return _("a score typed in the grid ({code}, {unit}): {value}", code=row[0], unit=unit.name if unit else "",
                 value=cell.value.strip())

    def save_unsaved(self) -> bool:
        return self._save_cell(self.query_one("#cell", GridCell).value)

    @on(Input.Submitted, "#cell")
    def cell_submitted(self, event: Input.Submitted) -> None:
        grid = self.query_one("#grid", RowTable)
        if grid.current_key is None or GRID_COLUMNS.get(grid.column or 0) is None or self.unit_id is None:
            return
        if not self._save_cell(event.value):
            return
        if grid.cursor < len(grid.rows) - 1:
            grid.cursor += 1
            self._open_cell()
        else:
            event.input.display = False
            grid.focus()

    @on(RowTable.Chosen, "#grid")
    def grid_chosen(self) -> None:
        """Enter on the grid opens its cell; an Enter that reached the grid behind the number that opened the cell
        saves that number."""
        cell = self.query_one("#cell", GridCell)
        if cell.display:
            cell.action_submit()
        else:
            self._open_cell()

    @on(RowTable.Chosen, "#reports, #criteria")
    def row_chosen(self) -> None:
        self.action_edit()

    # -- reports and criteria ------------------------------------------------------------------------------------

    def _report_form(self, unit_id: int) -> RecordForm[scoring.Report]:
        current = scoring.reports(self.conference).get(unit_id) or scoring.Report(unit_id=unit_id)
        unit = self.conference.unit(unit_id)
        fields = [
            Field("received", _("Received on (dd/mm/yyyy)"), format_date(current.received)),
            Field("file_path", _("Report file"), current.file_path, "file", REPORTS),
            Field("proposed_award", _("Proposed award"), current.proposed_award),
            Field("highlights", _("Highlights"), current.highlights),
        ]

        def save(values: dict[str, Any]) -> scoring.Report:
            values["received"] = parse_date_field(values["received"], "received")
            return scoring.save_report(self.conference, replace(current, **values))

        return RecordForm(_("Report of {unit}", unit=unit.name if unit else ""), fields, save)

    def _criterion_form(self, criterion: scoring.Criterion | None) -> RecordForm[scoring.Criterion]:
        current = criterion or scoring.Criterion(code="", title="", max_points=Decimal(1))
        fields = [
            Field("code", _("Code"), current.code),
            Field("group", _("Group"), current.group),
            Field("title", _("Criterion"), current.title),
            Field("kind", _("Kind"), current.kind.value, "select",
                  [(_(k.label), k.value) for k in scoring.ItemKind]),
            Field("max_points", _("Maximum points"), points(current.max_points) if criterion else ""),
        ]

        def save(values: dict[str, Any]) -> scoring.Criterion:
            maximum = scoring.parse_points(values.pop("max_points"), "max_points")
            if maximum is None:
                raise ValidationError("The maximum points are required.", field="max_points")
            kind = scoring.ItemKind(values.pop("kind") or scoring.ItemKind.CRITERION.value)
            return scoring.save_criterion(self.conference, replace(current, **values, kind=kind, max_points=maximum))

        return RecordForm(_("Edit criterion") if criterion else _("Add a criterion"), fields, save)

    def action_add(self) -> None:
        if self.active_tab == "tab-criteria":
            self.app.push_screen(self._criterion_form(None), self.form_saved)

    def action_edit(self) -> None:
        if self.active_tab == "tab-reports":
            key = self.query_one("#reports", RowTable).current_key
            if key is not None:
                self.app.push_screen(self._report_form(key), self.form_saved)
        elif self.active_tab == "tab-criteria":
            key = self.query_one("#criteria", RowTable).current_key
            found = next((c for c in scoring.criteria(self.conference) if c.id == key), None)
            if found is not None:
                self.app.push_screen(self._criterion_form(found), self.form_saved)
        elif self.active_tab == "tab-scores":
            self._open_cell()

    def action_remove(self) -> None:
        if self.active_tab != "tab-criteria":
            return
        table = self.query_one("#criteria", RowTable)
        key = table.current_key
        if key is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.attempt(lambda: scoring.remove_criterion(self.conference, key))

        question = _("Remove criterion “{name}” and every score given for it?", name=table.rows[table.cursor][1][2])
        self.app.push_screen(ConfirmScreen(question), answered)

    def action_move(self, step: int) -> None:
        if self.active_tab == "tab-criteria":
            key = self.query_one("#criteria", RowTable).current_key
            if key is not None:
                self.attempt(lambda: scoring.move_criterion(self.conference, key, step))
                self.query_one("#criteria", RowTable).move_to_key(key)

    def action_open_or_import(self) -> None:
        if self.active_tab == "tab-reports":
            key = self.query_one("#reports", RowTable).current_key
            report = scoring.reports(self.conference).get(key or 0)
            if report is None or not report.file_path:
                self.app.bell()
                self.notify(_("No report file recorded for this unit: press Enter to add its path."),
                            severity="warning")
            elif not open_with_system(Path(report.file_path)):
                self.app.bell()
                self.notify(_("Cannot open {path}: the file is missing or no viewer is installed.",
                              path=report.file_path), severity="error", timeout=10)
        else:
            from screens.import_scores import ImportScoresScreen

            self.app.push_screen(ImportScoresScreen())

    def action_annual_report(self) -> None:
        """Write the draft of the bloc's annual report (Word and Markdown) from what the conference holds."""
        from tdkt_tui.documents import report

        paths = self.attempt(lambda: [report.write_report(self.conference, fmt) for fmt in report.DRAFT])
        if paths is not None:
            self.notify(_("Draft of the bloc's annual report written: {docx} (and {md} for a quick look).",
                          docx=str(paths[0]), md=paths[1].name), timeout=12)

    def action_export(self) -> None:
        path = self.attempt(lambda: score_sheets.write_score_workbook(self.conference))
        if path is not None:
            self.notify(_("Scores exported to {path}", path=str(path)), timeout=10)
