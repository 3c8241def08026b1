"""F7: the bloc's priority tasks (nhiệm vụ trọng tâm) and the units' covenant targets (chỉ tiêu).

Views by unit, status and kind; overdue rows in red (computed from the deadline and the conference's date, shown
with the summary); the summary
the minutes quote at the bottom. Tasks for the next period are created here during the conference.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Select, Static

from screens.base import TdktScreen
from screens.widgets.confirm import ConfirmScreen
from screens.widgets.record_form import Field, RecordForm
from screens.widgets.rowtable import Column, RowTable
from tdkt_tui.domain import tasks
from tdkt_tui.domain.i18n import _
from tdkt_tui.domain.model import parse_date_field
from tdkt_tui.domain.tasks import Period, Status, Task, TaskKind
from tdkt_tui.domain.text import format_date
from tdkt_tui.sheets.tasks import write_tasks_workbook


def amount(value: Any) -> str:
    """1200.5 → 1.200,5 (Vietnamese grouping); blank when none."""
    if value is None:
        return ""
    whole, _dot, frac = f"{value:f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".") if whole.lstrip("-").isdigit() else whole
    frac = frac.rstrip("0")
    return grouped + ("," + frac if frac else "")


class TasksScreen(TdktScreen):
    """Ctrl+N adds, Enter edits, Ctrl+D removes, Ctrl+W exports; the three lists at the top filter the view."""

    TITLE_MSGID = "Tasks and targets"
    CSS_PATH = Path(__file__).with_suffix(".tcss")
    BINDINGS = [
        Binding("ctrl+n", "add", "Add", priority=True),
        Binding("ctrl+e", "edit", "Edit", priority=True),
        Binding("ctrl+d", "remove", "Remove", priority=True),
        Binding("ctrl+w", "export", "Export XLSX", priority=True),
    ]

    #: The date overdue is computed against; tests and the demo conference may pin it.
    today: dt.date | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        with Horizontal(id="filters"):
            yield Select([], prompt=_("All units"), id="filter-unit", compact=True)
            yield Select([(_(s.label), s.value) for s in Status], prompt=_("Any status"), id="filter-status",
                         compact=True)
            yield Select([(_(k.label), k.value) for k in TaskKind], prompt=_("Tasks and targets"),
                         id="filter-kind", compact=True)
        yield RowTable([Column(_("Kind"), 0, 9), Column(_("Content"), 6, 20), Column(_("Owners"), 2, 10),
                        Column(_("Period"), 1, 16), Column(_("Deadline"), 0, 10), Column(_("Status"), 1, 11),
                        Column(_("Progress"), 0, 8), Column(_("Result"), 1, 12)],
                       empty_text=_("No tasks or targets here: Ctrl+N adds one."), id="tasks")
        yield Static("", id="summary")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#filter-unit", Select).set_options([(u.name, u.id) for u in self.conference.member_units()])
        self.reload()
        self.query_one("#tasks", RowTable).focus()

    def _today(self) -> dt.date:
        return self.today or tasks.as_of(self.conference)

    def _filter(self, widget_id: str) -> Any:
        value = self.query_one(widget_id, Select).value
        return None if value is Select.NULL else value

    def reload(self) -> None:
        today = self._today()
        unit_id = self._filter("#filter-unit")
        status = self._filter("#filter-status")
        kind = self._filter("#filter-kind")
        shown = tasks.filter_tasks(self.conference, unit_id=unit_id, status=Status(status) if status else None,
                                   kind=TaskKind(kind) if kind else None, today=today)
        names = {u.id: u.display for u in self.conference.units()}
        rows, overdue, done = [], set(), set()
        for task in shown:
            state = tasks.effective_status(task, today)
            owners = ", ".join(names.get(i, "?") for i in task.owner_unit_ids) or _("Whole bloc")
            result = ""
            if task.kind is TaskKind.TARGET:
                result = f"{_(tasks.target_result(task).label)} ({amount(task.actual)}/{amount(task.planned)}" \
                         f"{' ' + task.measure_unit if task.measure_unit else ''})"
            rows.append((task.id or 0, (_(task.kind.label), task.title, owners, f"{_(task.period.label)} {task.year}",
                                        format_date(task.deadline), _(state.label), f"{task.progress} %", result)))
            if state is Status.OVERDUE:
                overdue.add(task.id or 0)
            elif state is Status.DONE:
                done.add(task.id or 0)
        self.query_one("#tasks", RowTable).set_rows(rows, marked=done, alert=overdue)
        summary = tasks.summary(self.conference, unit_id=unit_id, today=today)
        self.query_one("#summary", Static).update(
            "\n".join([tasks.as_of_text(self.conference, today), *summary.lines]) if summary.lines else
            _("Nothing to summarise yet."))

    @on(Select.Changed, "#filters Select")
    def filter_changed(self) -> None:
        self.reload()

    # -- editing -------------------------------------------------------------------------------------------------

    def _form(self, task: Task | None) -> RecordForm[Task]:
        info = self.conference.info()
        current = task or Task(title="", year=info.year)
        members = [(u.name, u.id) for u in self.conference.member_units()]
        stored = [s for s in Status if s is not Status.OVERDUE]
        fields = [
            Field("kind", _("Kind"), current.kind.value, "select", [(_(k.label), k.value) for k in TaskKind]),
            Field("title", _("Content"), current.title),
            Field("description", _("Description"), current.description),
            Field("owner_unit_ids", _("Owner units (none: the whole bloc)"), current.owner_unit_ids, "multi",
                  members),
            Field("year", _("Year"), str(current.year or info.year)),
            Field("period", _("Period"), current.period.value, "select", [(_(p.label), p.value) for p in Period]),
            Field("deadline", _("Deadline (dd/mm/yyyy)"), format_date(current.deadline)),
            Field("status", _("Status"), current.status.value, "select", [(_(s.label), s.value) for s in stored]),
            Field("progress", _("Progress (%)"), str(current.progress)),
            Field("notes", _("Notes"), current.notes),
            Field("measure_unit", _("Unit of measure (targets)"), current.measure_unit),
            Field("planned", _("Planned value (targets)"), amount(current.planned)),
            Field("actual", _("Actual value (targets)"), amount(current.actual)),
            Field("higher_is_better", _("More is better (uncheck for a ceiling)"), current.higher_is_better, "check"),
        ]

        def save(values: dict[str, Any]) -> Task:
            try:
                year = int(str(values["year"]).strip())
            except ValueError:
                year = 0
            changed = replace(
                current,
                kind=TaskKind(values["kind"] or TaskKind.TASK.value),
                title=values["title"],
                description=values["description"],
                owner_unit_ids=tuple(values["owner_unit_ids"]),
                year=year,
                period=Period(values["period"] or Period.YEAR.value),
                deadline=parse_date_field(values["deadline"], "deadline"),
                status=Status(values["status"] or Status.NOT_STARTED.value),
                progress=tasks.parse_progress(values["progress"]),
                notes=values["notes"],
                measure_unit=values["measure_unit"],
                planned=tasks.parse_amount(values["planned"], "planned"),
                actual=tasks.parse_amount(values["actual"], "actual"),
                higher_is_better=bool(values["higher_is_better"]),
            )
            return tasks.save_task(self.conference, changed, today=self._today())

        return RecordForm(_("Edit task or target") if task else _("Add a task or target"), fields, save)

    def _current(self) -> Task | None:
        key = self.query_one("#tasks", RowTable).current_key
        return next((t for t in tasks.tasks(self.conference) if t.id == key), None)

    def action_add(self) -> None:
        self.app.push_screen(self._form(None), self.form_saved)

    def action_edit(self) -> None:
        task = self._current()
        if task is not None:
            self.app.push_screen(self._form(task), self.form_saved)

    def on_row_table_chosen(self, event: RowTable.Chosen) -> None:
        self.action_edit()

    def action_remove(self) -> None:
        task = self._current()
        if task is None or task.id is None:
            return

        def answered(yes: bool | None) -> None:
            if yes and task.id is not None:
                self.attempt(lambda: tasks.remove_task(self.conference, task.id))  # type: ignore[arg-type]

        self.app.push_screen(ConfirmScreen(_("Remove “{name}”?", name=task.title)), answered)

    def action_export(self) -> None:
        path = self.attempt(lambda: write_tasks_workbook(self.conference, today=self._today()))
        if path is not None:
            self.notify(_("Tasks exported to {path}", path=str(path)), timeout=10)
