"""F5: the door desk. A scan field that keeps the focus, a large colour-coded result, live counters, the scan log.

A USB scanner types the 16 digits and ends with CR, LF (ctrl+j) or Tab: all three submit. Letters typed in the same
field search people by name or unit instead (diacritics optional); Enter then moves to the list, where Enter checks
the highlighted person in and the focus goes back to the scan field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.widgets import Input, Label, Static

from screens.base import TdktModal, TdktScreen
from screens.widgets.attendance_panel import AttendanceCounts, quorum_text
from screens.widgets.confirm import ConfirmScreen
from screens.widgets.record_form import Field, RecordForm
from screens.widgets.rowtable import Column, RowTable
from screens.widgets.text_input import TextInput
from tdkt_tui.domain import checkin
from tdkt_tui.domain.checkin import Outcome, Result
from tdkt_tui.domain.codes import looks_like_code
from tdkt_tui.domain.i18n import _
from tdkt_tui.domain.model import Attendee, Role
from tdkt_tui.domain.text import fold, format_stamp

MATCHES_SHOWN = 200
LOG_SHOWN = 100

OUTCOME_CLASS = {Outcome.CHECKED_IN: "ok", Outcome.UNDONE: "ok", Outcome.SUBSTITUTE: "ok", Outcome.ALREADY: "already",
                 Outcome.STOOD_IN: "already"}


class BallotHolder(TdktModal[tuple[bool | None, list[str]]]):
    """An absent person came while their substitute holds the ballot: who holds it now?

    The door does not stop for the question, so it takes only deliberate keys: ← or → picks one of the two, then
    Enter (or a click). A badge scanned meanwhile is not an answer: its digits and the Enter behind them are kept
    and checked in right after the answer. Esc decides nothing (the person who came is not checked in yet); kept
    scans are still made. Returns (True: the ballot back to the absent person, False: the substitute keeps it,
    None: not decided; the scans kept)."""

    DEFAULT_CSS = """
    BallotHolder { align: center middle; }
    BallotHolder > Grid { width: 76; max-width: 100%; height: auto; padding: 1 2; border: thick $warning;
                          background: $surface; grid-size: 1; grid-gutter: 1; }
    BallotHolder Horizontal { height: auto; }
    BallotHolder .choice { width: 1fr; height: 3; border: round $primary; content-align: center middle;
                           margin-right: 1; }
    BallotHolder .choice.picked { background: $accent; color: $text; text-style: bold; border: heavy $accent; }
    BallotHolder #ballot-hint { color: $text-muted; }
    BallotHolder #ballot-kept { color: $warning; }
    """

    def __init__(self, absent: Attendee, stand_in: Attendee) -> None:
        super().__init__()
        self.absent, self.stand_in = absent, stand_in
        self.choice: int | None = None
        self.typed = ""
        self.scans: list[str] = []

    def compose(self) -> ComposeResult:
        with Grid():
            yield Label(_("{absent} has come while {substitute} attends on their behalf. Who holds the ballot?",
                          absent=self.absent.full_name, substitute=self.stand_in.full_name))
            with Horizontal():
                yield Static(self.absent.full_name, classes="choice", id="absent")
                yield Static(self.stand_in.full_name, classes="choice", id="stand-in")
            yield Static(_("← or → picks, then Enter · Esc: decide later"), id="ballot-hint")
            yield Static("", id="ballot-kept")

    def pick(self, choice: int) -> None:
        self.choice = choice
        for index, widget_id in enumerate(("#absent", "#stand-in")):
            self.query_one(widget_id, Static).set_class(index == choice, "picked")

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        if event.key in ("left", "right"):
            self.pick(0 if event.key == "left" else 1)
        elif event.key in ("enter", "tab", "ctrl+j"):
            if self.typed:  # a badge scanned while the question is open: kept, never an answer
                self.scans.append(self.typed)
                self.typed = ""
                self.app.bell()
                self.query_one("#ballot-kept", Static).update(
                    _("{count} badges scanned meanwhile: checked in after the answer.", count=len(self.scans)))
            elif event.key == "enter" and self.choice is not None:
                self.dismiss((self.choice == 0, self.scans))
            else:
                self.app.bell()
        elif event.key == "escape":
            self.dismiss((None, self.scans + ([self.typed] if self.typed else [])))
        elif event.character and event.character.isprintable():
            self.typed += event.character

    def on_click(self, event: events.Click) -> None:
        widget = event.widget
        if widget is not None and widget.id in ("absent", "stand-in"):
            self.dismiss((widget.id == "absent", self.scans))

    def unsaved(self) -> str:
        """Badges scanned while the question was open (Ctrl+Q checks them in, or asks)."""
        kept = self.scans + ([self.typed] if self.typed else [])
        return _("{count} badges scanned while the ballot question was open", count=len(kept)) if kept else ""

    def save_unsaved(self) -> bool:
        """Check the kept scans in (the question itself stays unanswered: that person is not checked in yet)."""
        kept = self.scans + ([self.typed] if self.typed else [])
        desk = self.app.desk  # type: ignore[attr-defined]
        conference = self.app.conference  # type: ignore[attr-defined]
        while kept:
            with self.attempting() as done:
                checkin.scan(conference, kept[0], desk)
            if not done:
                break
            kept.pop(0)
        self.scans, self.typed = kept, ""
        return not kept


class ScanInput(TextInput):
    """The scan field: Enter, ctrl+j (a scanner's LF) and Tab all submit, so the focus never leaves it.

    A scanner sends a code and its ending in one burst, and the next code right behind it. Key bindings run only
    after the key has bubbled up to the App, by which time this field has already taken the keys queued behind it,
    so two codes would glue together. So the endings are handled here, in the field's own key order: the value is
    taken and the field cleared before the next key is looked at.
    """

    SUBMIT_KEYS = frozenset({"enter", "tab", "ctrl+j"})

    @property
    def content_width(self) -> int:
        """At least the field's own width. Textual's Input makes its virtual size the width of what is typed, so
        every digit of a scan and the clearing after it re-laid out the whole door desk (17 layouts a scan); a
        code fits the field, so its virtual size now stays put and only text wider than the field scrolls."""
        return max(super().content_width, self.scrollable_content_region.width)

    def on_key(self, event: events.Key) -> None:
        """A code's ending submits here, before Input's own handling of the key (prevent_default skips it)."""
        if event.key in self.SUBMIT_KEYS:
            event.stop()
            event.prevent_default()
            value = self.value
            with self.prevent(Input.Changed):
                self.value = ""
            self.post_message(self.Submitted(self, value))


class CheckinScreen(TdktScreen):
    """The door: scan, or type a name; Ctrl+G walk-in guest, Ctrl+B substitute, Ctrl+U undo, Ctrl+L scan log."""

    TITLE_MSGID = "Check-in"
    CSS_PATH = Path(__file__).with_suffix(".tcss")
    BINDINGS = [
        Binding("ctrl+g", "walk_in", "Walk-in guest", priority=True),
        Binding("ctrl+b", "substitute", "Substitute", priority=True),
        Binding("ctrl+u", "undo", "Undo check-in", priority=True),
        Binding("ctrl+l", "log", "Scan log", priority=True),
        Binding("escape", "back_to_scan", "Back to scan", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.last: Result | None = None
        self._quorum_shown = ""

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        with Horizontal(id="desk"):
            with Vertical(id="left"):
                yield ScanInput(placeholder=_("Scan a QR code, type a code, or type a name…"), id="scan")
                yield Static(_("Ready: scan the first code."), id="result")
                yield Static(_("Search by name or unit: type letters, Enter to pick, Enter to check in."),
                             classes="hint", id="matches-hint")
                yield RowTable([Column("✓", 0, 2), Column(_("Full name"), 3, 12), Column(_("Unit"), 4, 12),
                                Column(_("Role"), 2, 8), Column(_("Seat"), 0, 5)],
                               empty_text=_("Nobody matches."), id="matches")
            with Vertical(id="right"):
                yield AttendanceCounts(id="counters", classes="panel")
                yield Static(id="quorum", classes="panel")
                yield RowTable([Column(_("Time"), 0, 8), Column(_("Outcome"), 2, 10), Column(_("Input"), 2, 8),
                                Column(_("Desk"), 1, 6)], empty_text=_("No scans yet."), cursor=False, id="log")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#counters", Static).border_title = _("Attendance")
        self.query_one("#quorum", Static).border_title = _("Quorum")
        self.query_one("#log", RowTable).border_title = _("Scan log")
        self.query_one("#log", RowTable).can_focus = False
        self.reload()
        self.focus_scan()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.focus_scan()

    def focus_scan(self) -> None:
        self.query_one("#scan", ScanInput).focus()

    # -- drawing -------------------------------------------------------------------------------------------------

    def reload(self) -> None:
        att = self.conference.attendance()
        self.query_one("#counters", AttendanceCounts).show(att)
        quorum = self.query_one("#quorum", Static)
        text = quorum_text(att)
        if text.plain != self._quorum_shown:
            self._quorum_shown = text.plain
            quorum.update(text)
        quorum.set_class(att.quorum_met, "met")
        name_of = self.conference.name_of
        log = self.query_one("#log", RowTable)
        log.set_rows([
            (e.id or 0, (e.at[11:19], _(e.outcome.label), name_of(e.attendee_id) or e.shown_input, e.desk))
            for e in checkin.log_entries(self.conference, newest=LOG_SHOWN)
        ])
        log.action_edge(0)  # newest first, and the newest in view however full the log is
        self._search(self.query_one("#scan", ScanInput).value)

    def _search(self, query: str) -> None:
        table = self.query_one("#matches", RowTable)
        if looks_like_code(query) or not fold(query):
            if table.rows:
                table.set_rows([])
            return
        units = {u.id: u.display if len(u.name) > 32 else u.name for u in self.conference.units()}
        people = self.conference.search_attendees(query)[:MATCHES_SHOWN]
        table.set_rows(
            [(p.id or 0, ("✓" if p.present else "", p.full_name, units.get(p.unit_id, ""), _(p.role.label), p.seat))
             for p in people],
            marked={p.id or 0 for p in people if p.present},
        )

    def show(self, result: Result) -> None:
        """Paint the big result panel; ring the bell on every failure."""
        self.last = result
        panel = self.query_one("#result", Static)
        for name in ("ok", "already", "fail"):
            panel.remove_class(name)
        panel.add_class(OUTCOME_CLASS.get(result.outcome, "fail"))
        text = Text()
        text.append(("✔ " if result.outcome.ok else "✘ " if result.outcome is not Outcome.ALREADY else "● ")
                    + _(result.outcome.label).upper() + "\n", style="bold")
        person = result.attendee
        if person is not None:
            unit = self.conference.unit(person.unit_id)
            text.append(person.full_name + "\n", style="bold")
            details = [x for x in (person.title, unit.name if unit else "", _(person.role.label)) if x]
            text.append(" · ".join(details))
            if person.seat:
                text.append("\n" + _("Seat: {seat}", seat=person.seat), style="bold")
        if result.outcome is Outcome.ALREADY:
            text.append("\n" + _("First checked in at {time} at {desk}.", time=format_stamp(result.first_at),
                                 desk=result.first_desk or "—"))
        panel.update(text, layout=False)
        if not result.outcome.ok:
            self.app.bell()

    # -- scanning ------------------------------------------------------------------------------------------------

    @on(Input.Changed, "#scan")
    def scan_changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    @on(Input.Submitted, "#scan")
    def scan_submitted(self, event: Input.Submitted) -> None:
        raw = event.value
        if fold(raw) and not looks_like_code(raw) and any(ch.isalpha() for ch in raw):
            self._search(raw)
            matches = self.query_one("#matches", RowTable)
            if matches.rows:
                matches.focus()
                return
        self.run_change(lambda: checkin.scan(self.conference, raw, self.tdkt.desk))

    def run_change(self, change: Any, pending: list[str] | None = None) -> None:
        """Make a change and show its result; a person a substitute attends for opens the ballot question, and
        ``pending`` scans (kept while a question was open) are made after it."""
        result = self.attempt(change)
        if result is not None:
            self.show(result)
            if result.outcome is Outcome.STOOD_IN and result.attendee and result.substitute:
                self.ask_ballot(result.attendee, result.substitute, pending or [])
                return
        if pending:
            raw, rest = pending[0], pending[1:]
            self.run_change(lambda: checkin.scan(self.conference, raw, self.tdkt.desk), rest)
            return
        self.focus_scan()

    def ask_ballot(self, absent: Attendee, stand_in: Attendee, pending: list[str]) -> None:
        def answered(answer: tuple[bool | None, list[str]] | None) -> None:
            to_absent, scans = answer if answer is not None else (None, [])
            queue = pending + scans
            if to_absent is None:
                if queue:
                    self.run_change(lambda: checkin.scan(self.conference, queue[0], self.tdkt.desk), queue[1:])
                else:
                    self.focus_scan()
                return
            self.run_change(lambda: checkin.settle_arrival(self.conference, absent.id or 0, self.tdkt.desk,
                                                           ballot_to_absent=to_absent), queue)

        self.app.push_screen(BallotHolder(absent, stand_in), answered)

    @on(RowTable.Chosen, "#matches")
    def match_chosen(self, event: RowTable.Chosen) -> None:
        key = event.key
        self.run_change(lambda: checkin.check_in_person(self.conference, key, self.tdkt.desk))
        self.query_one("#matches", RowTable).set_rows([])

    def action_back_to_scan(self) -> None:
        self.query_one("#scan", ScanInput).value = ""
        self.query_one("#matches", RowTable).set_rows([])
        self.focus_scan()

    # -- fallbacks -----------------------------------------------------------------------------------------------

    def _chosen_person(self) -> Attendee | None:
        key = self.query_one("#matches", RowTable).current_key
        return self.conference.attendee(key) if key is not None else None

    def action_walk_in(self) -> None:
        fields = [
            Field("full_name", _("Full name")),
            Field("unit_id", _("Unit"), None, "select", [(u.name, u.id) for u in self.conference.units()],
                  _("(no unit)")),
            Field("title", _("Title")),
            Field("role", _("Role"), Role.GUEST.value, "select", [(_(r.label), r.value) for r in Role]),
        ]

        def save(values: dict[str, Any]) -> Result:
            person = Attendee(full_name=values["full_name"], unit_id=values["unit_id"], title=values["title"],
                              role=Role(values["role"] or Role.GUEST.value))
            return checkin.walk_in(self.conference, person, self.tdkt.desk)

        self.app.push_screen(RecordForm(_("Walk-in: register and check in"), fields, save), self._form_done)

    def action_substitute(self) -> None:
        absent = self._chosen_person()
        if absent is None or absent.present:
            self.app.bell()
            self.notify(_("First find the absent delegate by name (type the name), then press Ctrl+B."),
                        severity="warning", timeout=8)
            self.focus_scan()
            return
        listed = sorted((p for p in self.conference.attendees() if absent.unit_id is not None
                         and p.unit_id == absent.unit_id and p.id != absent.id and p.role is not Role.VOTING),
                        key=lambda p: fold(p.full_name))
        fields = [Field("full_name", _("Full name")), Field("title", _("Title")), Field("phone", _("Phone"))]
        if listed:  # or someone already on the unit's list (here or not): the name above is then not needed
            fields.append(Field("substitute_id", _("Or on the unit's list"), None, "select",
                                [(p.full_name + (" ✓" if p.present else ""), p.id) for p in listed],
                                _("(nobody: the name above)")))

        def save(values: dict[str, Any]) -> Result:
            if values.get("substitute_id") is not None:
                return checkin.substitute_listed(self.conference, absent.id or 0, values["substitute_id"],
                                                 self.tdkt.desk)
            person = Attendee(full_name=values["full_name"], title=values["title"], phone=values["phone"])
            return checkin.substitute(self.conference, absent.id or 0, person, self.tdkt.desk)

        title = _("Substitute for {name} ({role})", name=absent.full_name, role=_(absent.role.label))
        self.app.push_screen(RecordForm(title, fields, save), self._form_done)

    def _form_done(self, result: Result | None) -> None:
        """Saved: the name typed to find the absent person is done with, so the next badge scanned is read alone
        (it used to be appended to that name and lost). Cancelled: the name and its matches stay."""
        scan = self.query_one("#scan", ScanInput)
        if result is not None:
            self.tdkt.changed()
            self.show(result)
            scan.value = ""
            self.query_one("#matches", RowTable).set_rows([])
        else:
            self._search(scan.value)
        self.focus_scan()

    def action_undo(self) -> None:
        matches = self.query_one("#matches", RowTable)
        person = self._chosen_person() if matches.has_focus else None
        if person is None and self.last is not None and self.last.outcome is Outcome.CHECKED_IN:
            person = self.conference.attendee(self.last.attendee.id or 0) if self.last.attendee else None
        if person is None or not person.present:
            self.app.bell()
            self.notify(_("Nothing to undo: check someone in first, or pick a present person by name."),
                        severity="warning")
            self.focus_scan()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_change(lambda: checkin.undo(self.conference, person.id or 0, self.tdkt.desk))
            else:
                self.focus_scan()

        self.app.push_screen(ConfirmScreen(_("Undo the check-in of {name}?", name=person.full_name)), answered)

    def action_log(self) -> None:
        from screens.scan_log import ScanLogScreen

        self.app.push_screen(ScanLogScreen())
