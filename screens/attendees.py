"""F3: everyone expected, filtered as you type; add, edit, remove, mark present, import a roster."""

from __future__ import annotations

from operator import attrgetter
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Static

from screens.attendee_form import attendee_form
from screens.base import TdktScreen
from screens.widgets.confirm import ConfirmScreen
from screens.widgets.rowtable import Column, Row, RowsOf, RowTable
from screens.widgets.text_input import TextInput
from tdkt_tui.domain import checkin
from tdkt_tui.domain.i18n import _
from tdkt_tui.domain.model import Attendee, Role


class AttendeesScreen(TdktScreen):
    """The people list. Typing filters (diacritics optional); the table is virtual, so 10,000 rows stay fast."""

    TITLE_MSGID = "Attendees"
    CSS_PATH = Path(__file__).with_suffix(".tcss")
    BINDINGS = [
        Binding("ctrl+n,insert", "add", "Add", priority=True),
        Binding("ctrl+e", "edit", "Edit", priority=True),
        Binding("ctrl+d", "remove", "Remove", priority=True),
        Binding("delete", "remove", "Remove", show=False),
        Binding("ctrl+t", "toggle_present", "Present", priority=True),
        Binding("ctrl+o", "import", "Import roster", priority=True),
        Binding("ctrl+b", "badges", "Badges", priority=True),
        Binding("ctrl+r", "reissue", "New code", priority=True),
        Binding("ctrl+f,slash", "focus_filter", "Search", show=False),
        Binding("escape", "clear_filter", "Clear search", show=False),
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._rows: dict[int, tuple[Attendee, Row]] = {}
        self._rows_units: tuple[int, ...] | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        with Horizontal(id="filter-bar"):
            yield TextInput(placeholder=_("Search by name, unit, title, phone… (diacritics optional)"), id="filter",
                            compact=True)
            yield Static("", id="count")
        yield RowTable(
            [
                Column("✓", 0, 2),
                Column(_("Full name"), 3, 12),
                Column(_("Unit"), 4, 12),
                Column(_("Title"), 3, 8),
                Column(_("Role"), 2, 8),
                Column(_("Seat"), 0, 5),
                Column(_("Phone"), 1, 8),
            ],
            empty_text=_("Nobody matches."),
            id="people",
        )
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.reload()
        self.query_one("#filter", Input).focus()

    def _rows_for(self, people: Sequence[Attendee]) -> RowsOf[Attendee]:
        """Table rows of ``people``, each made when painted; a person's row is remade only when the person (or the
        units) changed."""
        units_rev = self.conference.units_revision()
        if units_rev != self._rows_units:
            self._rows, self._rows_units = {}, units_rev
            self._unit_names = {u.id: u.display if len(u.name) > 40 else u.name for u in self.conference.units()}
        cache, units, roles = self._rows, self._unit_names, {role: _(role.label) for role in Role}

        def row(person: Attendee) -> Row:
            cached = cache.get(person.id or 0)
            if cached is None or cached[0] is not person:
                cells = ("✓" if person.present else "", person.full_name, units.get(person.unit_id, ""),
                         person.title, roles[person.role], person.seat, person.phone)
                cached = cache[person.id or 0] = (person, (person.id or 0, cells))
            return cached[1]

        return RowsOf(people, row, attrgetter("id"))  # a stored person always has an id

    def reload(self) -> None:
        query = self.query_one("#filter", Input).value
        people = self.conference.search_attendees(query)
        table = self.query_one("#people", RowTable)
        table.set_rows(self._rows_for(people), marked=self.conference.present_ids())
        total = len(self.conference.attendees())
        # The number shown takes as many cells as the total, so the line keeps its width while the filter is typed:
        # a line that changes width makes Textual lay the whole screen out again (20–30 ms at 100,000 people).
        text = _("{shown} of {total} · {present} present", shown=f"{len(people):>{len(str(total))}}", total=total,
                 present=len(self.conference.present_ids()))
        count = self.query_one("#count", Static)
        count.update(text, layout=len(text) != len(str(count.content)))

    @on(Input.Changed, "#filter")
    def filter_changed(self) -> None:
        self.reload()

    @on(Input.Submitted, "#filter")
    def filter_submitted(self) -> None:
        """Enter in the search opens the highlighted person; the search keeps the keyboard."""
        self.action_edit()

    def action_move(self, step: int) -> None:
        """↑/↓ from the search move in the list (the list's own keys do it when it has the focus)."""
        self.query_one("#people", RowTable).action_move(step)

    def action_page(self, step: int) -> None:
        self.query_one("#people", RowTable).action_page(step)

    def on_row_table_chosen(self, event: RowTable.Chosen) -> None:
        self.action_edit()

    def _current(self) -> Attendee | None:
        key = self.query_one("#people", RowTable).current_key
        return self.conference.attendee(key) if key is not None else None

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.value = ""
        field.focus()

    def _open_form(self, person: Attendee | None) -> None:
        conference = self.conference
        save = conference.update_attendee if person is not None else conference.add_attendee

        def saved(result: Attendee | None) -> None:
            if result is not None:
                self.tdkt.changed()
                self.reload()
                if result.id is not None:
                    self.query_one("#people", RowTable).move_to_key(result.id)
                self.notify(_("Saved: {name}", name=result.full_name))

        self.app.push_screen(attendee_form(person, conference.units(), save), saved)

    def action_add(self) -> None:
        self._open_form(None)

    def action_edit(self) -> None:
        person = self._current()
        if person is not None:
            self._open_form(person)

    def action_remove(self) -> None:
        person = self._current()
        if person is None:
            return

        def answered(yes: bool | None) -> None:
            if yes and person.id is not None:
                with self.attempting():
                    self.conference.remove_attendee(person.id)
                    self.notify(_("Removed: {name}", name=person.full_name))

        self.app.push_screen(ConfirmScreen(_("Remove {name} from the list?", name=person.full_name)), answered)

    def action_toggle_present(self) -> None:
        person = self._current()
        if person is not None and person.id is not None:
            desk = self.tdkt.desk
            if person.present:
                result = self.attempt(lambda: checkin.undo(self.conference, person.id, desk))  # type: ignore[arg-type]
            else:
                result = self.attempt(lambda: checkin.check_in_person(self.conference, person.id, desk, "list"))  # type: ignore[arg-type]
            if result is not None and result.attendee is not None:
                message = _("{name} is present.") if result.attendee.present else _("{name} is no longer marked present.")
                self.notify(message.format(name=result.attendee.full_name))

    def action_import(self) -> None:
        self.tdkt.action_import_roster()

    def action_badges(self) -> None:
        self.tdkt.action_badges()

    def action_reissue(self) -> None:
        """A lost or shared badge: give the person a new code (the old one scans as revoked) and print their badge."""
        person = self._current()
        if person is None or person.id is None:
            return

        def answered(yes: bool | None) -> None:
            if yes and person.id is not None:
                if self.attempt(lambda: checkin.reissue_code(self.conference, person.id)) is not None:  # type: ignore[arg-type]
                    self.tdkt.action_badges([person.id])

        question = _("Give {name} a new code? The old badge will scan as revoked.", name=person.full_name)
        self.app.push_screen(ConfirmScreen(question), answered)
