"""Import a roster (CSV or Excel): pick the file, check the preview — every rejected row with its reason, where each
unit name goes, everyone's role and why — change roles and units there, then commit all or nothing."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, ProgressBar, Static
from textual.worker import get_current_worker

from screens.widgets.file_picker import SPREADSHEETS, AsksForFile
from screens.widgets.rowtable import Column, RowTable
from tdkt_tui.domain import preferences, roster
from tdkt_tui.domain.errors import TdktError
from tdkt_tui.domain.i18n import N_, _
from tdkt_tui.domain.model import Role
from tdkt_tui.domain.roster import RosterPreview, VoterRule
from tdkt_tui.domain.unit_names import UnitMatch, unit_key
from tdkt_tui.sheets.roster import read_roster

#: Where the voter rule last chosen is remembered.
VOTER_RULE = "roster_voter_rule"
#: The keys that give the marked rows (or the current one) a role.
ROLE_KEYS = {"1": Role.VOTING, "2": Role.DELEGATE, "3": Role.GUEST, "4": Role.ORGANISER}


class ImportRosterScreen(AsksForFile):
    """Ctrl+F picks the file (it opens by itself), Enter on a typed path previews, Ctrl+S commits, Esc goes back."""

    TITLE_MSGID = "Import roster"
    PICK_TITLE = N_("Choose the roster file")
    PICK_TYPES = SPREADSHEETS
    CSS_PATH = Path(__file__).with_suffix(".tcss")
    BINDINGS = [
        Binding("ctrl+s", "commit", "Import", priority=True),
        Binding("ctrl+f", "pick", "Choose file"),
        Binding("ctrl+r", "voter_rule", "Voting delegate rule"),
        Binding("space", "mark", "Mark"),
        Binding("u", "mark_unit", "Mark unit"),
        Binding("1", "role('1')", "Voting"),
        Binding("2", "role('2')", "Delegate"),
        Binding("3", "role('3')", "Guest"),
        Binding("4", "role('4')", "Organiser"),
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
        self.marked: set[int] = set()
        try:
            self.rule = VoterRule(preferences.get(VOTER_RULE, VoterRule.HEAD.value))
        except ValueError:
            self.rule = VoterRule.HEAD

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        with Vertical(id="import-body"):
            yield from self.compose_path_bar(_("Path of the roster file (Ctrl+F to choose it)"), _("Preview"),
                                             self.initial_path)
            yield ProgressBar(id="progress", show_eta=False)
            yield Static(_("CSV or Excel .xlsx, in Unicode or the old TCVN3, VNI and Windows-1258 encodings; columns "
                           "such as “Họ và tên”, “Đơn vị”, “Chức vụ” are found by name."), id="summary")
            yield RowTable([Column(_("Unit in the file"), 3, 12), Column(_("Goes to"), 4, 14),
                            Column(_("Vot."), 0, 4), Column(_("Del."), 0, 4), Column(_("Gue."), 0, 4),
                            Column(_("Org."), 0, 4)], empty_text=_("No units yet."), id="units")
            yield RowTable([Column(_("Row"), 0, 5), Column(_("Reason"), 1, 20)], empty_text=_("No rejected rows."),
                           id="rejected")
            yield RowTable([Column(_("Row"), 0, 4), Column(_("Action"), 0, 8), Column(_("Full name"), 3, 12),
                            Column(_("Unit"), 2, 8), Column(_("Title"), 2, 8), Column(_("Role"), 1, 12),
                            Column(_("Why"), 1, 8)],
                           empty_text=_("Nothing to import yet."), id="accepted")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#progress", ProgressBar).display = False
        self.query_one("#rejected", RowTable).display = False
        if self.initial_path:
            self.query_one("#path", Input).focus()
            self.path_given()
        else:
            self.action_pick()  # at once, so the keys typed behind the opening key wait for the picker

    # -- the file ------------------------------------------------------------------------------------------------

    def file_given(self, path: Path) -> None:
        self.preview = None
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=None, progress=0)
        bar.display = True
        self.query_one("#summary", Static).update(_("Reading {path}…", path=str(path)))
        self.read_file(path, self.rule)

    @work(thread=True, exclusive=True)
    def read_file(self, path: Path, rule: VoterRule) -> None:
        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            if not worker.is_cancelled:
                self.post_message(self.Progress(done, total))

        try:
            preview = read_roster(path, self.conference, progress, rule=rule)
        except TdktError as exc:
            self.post_message(self.Previewed(None, str(exc)))
            return
        self.post_message(self.Previewed(preview))

    def on_import_roster_screen_progress(self, message: Progress) -> None:
        self.query_one("#progress", ProgressBar).update(total=message.total, progress=message.done)

    def on_import_roster_screen_previewed(self, message: Previewed) -> None:
        self.query_one("#progress", ProgressBar).display = False
        if message.preview is None:
            self.app.bell()
            self.query_one("#summary", Static).update(f"[b red]{_('Nothing was imported.')}[/] {message.error}")
            return
        self.marked = set()
        self.show(message.preview)
        table = self.query_one("#accepted", RowTable)
        table.cursor = 0
        table.focus()

    # -- the preview ---------------------------------------------------------------------------------------------

    def show(self, preview: RosterPreview) -> None:
        self.preview = preview
        self.query_one("#summary", Static).update("\n".join(roster.summary_lines(self.conference, preview)))
        counts = preview.counts()
        unit_rows = []
        for i, line in enumerate(preview.units):
            by_role = counts.get(line.written, dict.fromkeys(Role, 0))
            unit_rows.append((i, (line.written, roster.unit_target(self.conference, line),
                                  *(str(by_role[r]) for r in Role))))
        if "" in counts:
            unit_rows.append((-1, (_("(no unit)"), "", *(str(counts[""][r]) for r in Role))))
        pending = {i for i, line in enumerate(preview.units) if line.match is UnitMatch.SUGGESTED
                   and not line.accepted}
        self.query_one("#units", RowTable).set_rows(unit_rows, alert=pending)
        rejected = self.query_one("#rejected", RowTable)
        rejected.set_rows([(i, (str(r.row), r.reason)) for i, r in enumerate(preview.rejected)])
        rejected.display = bool(preview.rejected)
        new, update = _("new"), _("update")
        self.query_one("#accepted", RowTable).set_rows(
            [(i, (str(r.row), update if r.attendee_id else new, r.person.full_name, r.unit_name, r.person.title,
                  _(r.person.role.label), _(r.source.label)))
             for i, r in enumerate(preview.rows)], marked=set(self.marked))

    def _change(self, change: object) -> None:
        """Apply a change of the preview (a function of the conference and the preview); nothing is stored."""
        if self.preview is None:
            self.app.bell()
            return
        try:
            self.show(change(self.conference, self.preview))  # type: ignore[operator]
        except TdktError as exc:
            self.app.bell()
            self.notify(str(exc), severity="error", timeout=10)

    def action_mark(self) -> None:
        table = self.query_one("#accepted", RowTable)
        key = table.current_key
        if key is None or not table.has_focus:
            return
        self.marked ^= {key}
        table.set_rows(table.rows, marked=set(self.marked))
        table.action_move(1)

    def action_mark_unit(self) -> None:
        table = self.query_one("#accepted", RowTable)
        key = table.current_key
        if self.preview is None or key is None or not table.has_focus:
            return
        unit = unit_key(self.preview.rows[key].unit_name)
        same = {i for i, r in enumerate(self.preview.rows) if unit_key(r.unit_name) == unit}
        self.marked = self.marked - same if same <= self.marked else self.marked | same
        table.set_rows(table.rows, marked=set(self.marked))

    def action_role(self, key: str) -> None:
        table = self.query_one("#accepted", RowTable)
        if self.preview is None or not table.has_focus or table.current_key is None:
            return
        rows = sorted(self.marked) or [table.current_key]
        role = ROLE_KEYS[key]
        self.marked = set()
        self._change(lambda conference, preview: roster.set_roles(conference, preview, rows, role))
        self.notify(_("{count} rows: {role}", count=len(rows), role=_(role.label)), timeout=3)

    def action_voter_rule(self) -> None:
        self.rule = VoterRule.FIRST if self.rule is VoterRule.HEAD else VoterRule.HEAD
        preferences.put(VOTER_RULE, self.rule.value)
        self.notify(_("A member unit without a voting delegate gets {rule}.", rule=_(self.rule.label)), timeout=5)
        rule = self.rule
        self._change(lambda conference, preview: roster.with_voter_rule(conference, preview, rule))

    @on(RowTable.Chosen, "#units")
    def unit_chosen(self, event: RowTable.Chosen) -> None:
        """Enter on a unit name: use the known unit it looks like, or make it a new guest body after all."""
        if self.preview is None or event.key is None or event.key < 0:
            return
        line = self.preview.units[event.key]
        if line.suggestion_id is None:
            self.app.bell()
            return
        target = None if line.unit_id == line.suggestion_id else line.suggestion_id
        self._change(lambda conference, preview: roster.choose_unit(conference, preview, line.written, target))

    # -- the commit ----------------------------------------------------------------------------------------------

    def action_commit(self) -> None:
        if self.preview is None or not self.preview.rows:
            self.app.bell()
            self.notify(_("Preview a roster with rows to import first."), severity="warning")
            return
        preview = self.preview
        result = self.attempt(lambda: roster.commit_roster(self.conference, preview),
                              lambda exc: self.notify(_("Nothing was imported.") + " " + str(exc), severity="error",
                                                      timeout=10))
        if result is None:
            return
        self.notify(_("Imported: {added} added, {updated} updated, {units} units created.", added=result.added,
                      updated=result.updated, units=result.units_added))
        self.dismiss(None)

    def action_back(self) -> None:
        self.dismiss(None)
