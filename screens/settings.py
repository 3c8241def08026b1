"""F4: the conference's details, its member units and its agenda; a new conference starts here."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static, TabbedContent, TabPane

from screens.base import TdktScreen
from screens.widgets.confirm import ConfirmScreen
from screens.widgets.record_form import Field, RecordForm
from screens.widgets.rowtable import Column, RowTable
from screens.widgets.text_input import TextInput
from tdkt_tui.domain.errors import TdktError, ValidationError
from tdkt_tui.domain.i18n import _
from tdkt_tui.domain.model import (
    AgendaItem,
    ConferenceInfo,
    ConferenceKind,
    HeaderVariant,
    QuorumRule,
    Unit,
    UnitKind,
    parse_date_field,
)
from tdkt_tui.domain.text import format_date

DETAIL_LABELS = {
    "bloc_name": "Bloc name",
    "kind": "Conference",
    "year": "Year",
    "date": "Date (dd/mm/yyyy)",
    "start_time": "Start time (HH:MM)",
    "venue": "Venue",
    "place": "Place for the date line (e.g. Bắc Ninh)",
    "governing_body": "Governing body (document header, above the issuing body)",
    "issuing_body": "Issuing body (document header)",
    "issuer_symbol": "Issuing body's abbreviation in the number line (e.g. KTĐ)",
    "host_unit_id": "Host unit",
    "leader_unit_id": "Bloc leader (Trưởng khối) this year",
    "deputy_unit_id": "Deputy bloc leader (Phó khối) this year",
    "chair": "Chair (full name)",
    "chair_title": "Chair's title (in the signature block)",
    "secretary": "Secretary (full name)",
    "secretary_title": "Secretary's title (in the signature block)",
    "header": "Document header",
    "quorum": "Quorum: share of member units present (e.g. 2/3)",
    "leading_unit_id": "Leading unit of the bloc (empty: the unit proposed for the Government flag)",
    "council": "Proposal for awards addressed to (empty: Hội đồng Thi đua - Khen thưởng tỉnh)",
    "number_minutes": "Number line of the minutes (empty: Số: …/BB-abbreviation)",
    "number_count_minutes": "Number line of the vote-counting minutes (empty: the same form)",
    "number_proposal": "Number line of the proposal for awards (empty: Số: …/TTr-abbreviation)",
    "number_covenant": "Number line of the covenant (empty: Số: …/GƯTĐ-abbreviation)",
    "number_report": "Number line of the annual report (empty: Số: …/BC-abbreviation)",
    "report_date": "Date of the annual report (dd/mm/yyyy; empty: dated by hand)",
}
#: The fields that choose a member unit (a Select of the member units, "not chosen" allowed).
UNIT_FIELDS = ("host_unit_id", "leader_unit_id", "deputy_unit_id", "leading_unit_id")
#: The fields turned from text into something else; every other field is kept as typed (cleaned by the model).
PARSED = ("kind", "year", "date", "header", "quorum", "report_date")


def form_values(info: ConferenceInfo) -> dict[str, Any]:
    """What the details form shows for ``info``: text for inputs, stored values for choices."""
    text = {"date": info.date_text(), "year": str(info.year), "quorum": info.quorum.text(), "kind": info.kind.value,
            "header": info.header.value, "report_date": format_date(info.report_date)}
    return {name: text.get(name, getattr(info, name, "")) for name in DETAIL_LABELS}


def info_from_form(values: dict[str, Any], current: ConferenceInfo) -> ConferenceInfo:
    """Build the details from the form's text, naming the field of the first mistake."""
    try:
        year = int(str(values["year"]).strip())
    except ValueError as exc:
        raise ValidationError("The year must be between 2000 and 2100.", field="year") from exc
    typed = {name: values[name] for name in DETAIL_LABELS if name not in PARSED}  # text and unit choices
    return replace(
        current,
        **typed,
        kind=ConferenceKind(values["kind"] or ConferenceKind.YEAREND.value),
        year=year,
        date=parse_date_field(values["date"], "date"),
        report_date=parse_date_field(values["report_date"], "report_date"),
        header=HeaderVariant(values["header"] or HeaderVariant.STATE.value),
        quorum=QuorumRule.parse(values["quorum"]),
    )


class SettingsScreen(TdktScreen):
    """Three tabs (Ctrl+T cycles): details (Ctrl+S saves), units and agenda (Ctrl+N add, Enter edit, Ctrl+D remove,
    Shift+↑↓ move)."""

    TITLE_MSGID = "Settings"
    CSS_PATH = Path(__file__).with_suffix(".tcss")
    BINDINGS = [
        Binding("ctrl+s", "save_details", "Save", priority=True),
        Binding("ctrl+n", "add", "Add", priority=True),
        Binding("ctrl+e", "edit", "Edit", priority=True),
        Binding("ctrl+d", "remove", "Remove", priority=True),
        Binding("ctrl+t", "next_tab(1)", "Next tab", priority=True),
        Binding("shift+up", "move(-1)", "Move up"),
        Binding("shift+down", "move(1)", "Move down"),
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        with TabbedContent(id="tabs"):
            with TabPane(_("Conference details"), id="tab-details"):
                with VerticalScroll(id="details-scroll"):
                    with Grid(id="details-form"):
                        yield from self._compose_details()
                    yield Static("", id="details-error", classes="error")
                    with Horizontal(id="details-buttons"):
                        yield Button(_("Save (Ctrl+S)"), variant="primary", id="save-details")
            with TabPane(_("Units"), id="tab-units"):
                yield Static(_("Member units vote and count for the quorum; guest bodies only send guests."),
                             classes="hint")
                yield RowTable(
                    [Column("#", 0, 3), Column(_("Unit"), 5, 20), Column(_("Short name"), 1, 8),
                     Column(_("Kind"), 1, 10), Column(_("Women-led"), 0, 9)],
                    empty_text=_("No units yet: press Ctrl+N to add one."),
                    id="units",
                )
            with TabPane(_("Agenda"), id="tab-agenda"):
                yield RowTable(
                    [Column(_("Time"), 0, 6), Column(_("Item"), 4, 20), Column(_("Presenter"), 2, 10)],
                    empty_text=_("No agenda yet: press Ctrl+N to add an item."),
                    id="agenda",
                )
        yield from self.compose_footer()

    def _compose_details(self) -> ComposeResult:
        info = self.conference.info()
        shown = form_values(info)
        members = [(u.name, u.id) for u in self.conference.member_units()]
        for name, label in DETAIL_LABELS.items():
            yield Label(_(label), classes="field-label")
            if name == "kind":
                yield Select([(_(k.label), k.value) for k in ConferenceKind], value=info.kind.value,
                             allow_blank=False, id=name, compact=True)
            elif name == "header":
                yield Select([(_(h.label), h.value) for h in HeaderVariant], value=info.header.value,
                             allow_blank=False, id=name, compact=True)
            elif name in UNIT_FIELDS:
                chosen = getattr(info, name)
                value = chosen if chosen in {m[1] for m in members} else Select.NULL
                yield Select(members, value=value, prompt=_("(not chosen)"), id=name, compact=True)
            else:
                yield TextInput(str(shown[name]), id=name, compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.reload()
        self.query_one("#bloc_name", Input).focus()
        if not self.conference.info().is_set_up:
            self.notify(_("A new conference: fill in its details, then its units and agenda."), timeout=8)

    def reload(self) -> None:
        units = self.conference.units()
        self.query_one("#units", RowTable).set_rows([
            (u.id or 0, (str(i), u.name, u.short_name, _(u.kind.label), "✓" if u.women_led else ""))
            for i, u in enumerate(units, start=1)
        ])
        self.query_one("#agenda", RowTable).set_rows([
            (a.id or 0, (a.time, a.title, a.presenter)) for a in self.conference.agenda()
        ])
        options = [(u.name, u.id) for u in self.conference.member_units()]
        for name in UNIT_FIELDS:
            select = self.query_one(f"#{name}", Select)
            chosen = select.value
            select.set_options(options)
            if chosen in {o[1] for o in options}:
                select.value = chosen

    @property
    def active_tab(self) -> str:
        return self.query_one("#tabs", TabbedContent).active

    def action_next_tab(self, step: int) -> None:
        """Ctrl+T: the next tab, with the keyboard focus in it (a focused field elsewhere would pull the tab back)."""
        order = ["tab-details", "tab-units", "tab-agenda"]
        target = order[(order.index(self.active_tab) + step) % len(order)]
        self.query_one("#tabs", TabbedContent).active = target
        focus = {"tab-details": "#bloc_name", "tab-units": "#units", "tab-agenda": "#agenda"}[target]
        self.query_one(focus).focus()

    # -- details -------------------------------------------------------------------------------------------------

    @on(Button.Pressed, "#save-details")
    @on(Input.Submitted, "#details-form Input")
    def details_submitted(self) -> None:
        self.action_save_details()

    def _details_refused(self, exc: TdktError) -> None:
        self.query_one("#details-error", Static).update(str(exc))
        self.query_one("#tabs", TabbedContent).active = "tab-details"
        field = getattr(exc, "field", "")
        if field:
            self.query_one(f"#{field}").focus()

    def typed_details(self) -> dict[str, Any]:
        """What the details form holds now (None for a choice left empty)."""
        values: dict[str, Any] = {}
        for name in DETAIL_LABELS:
            value = self.query_one(f"#{name}").value  # type: ignore[attr-defined]
            values[name] = None if value is Select.NULL else value
        return values

    def unsaved(self) -> str:
        stored = form_values(self.conference.info())
        typed = self.typed_details()
        if any(str(typed[name] or "").strip() != str(stored[name] or "").strip() for name in DETAIL_LABELS):
            return _("the conference details typed in Settings")
        return ""

    def save_unsaved(self) -> bool:
        return self.action_save_details()

    def action_save_details(self) -> bool:
        with self.attempting(self._details_refused) as saved:
            info = self.conference.save_info(info_from_form(self.typed_details(), self.conference.info()))
            self.query_one("#details-error", Static).update("")
            self.query_one("#date", Input).value = info.date_text()
            self.notify(_("Conference details saved."))
        return bool(saved)

    # -- units and agenda ----------------------------------------------------------------------------------------

    def _unit_form(self, unit: Unit | None) -> RecordForm[Unit]:
        current = unit or Unit(name="")
        fields = [
            Field("name", _("Unit name"), current.name),
            Field("short_name", _("Short name"), current.short_name),
            Field("kind", _("Kind"), current.kind.value, "select", [(_(k.label), k.value) for k in UnitKind]),
            Field("women_led", _("Women-led collective (tie-break preference)"), current.women_led, "check"),
        ]

        def save(values: dict[str, Any]) -> Unit:
            changed = replace(current, **{**values, "kind": UnitKind(values["kind"] or "member")})
            if unit is None:
                return self.conference.add_unit(changed)
            return self.conference.update_unit(changed)

        return RecordForm(_("Edit unit") if unit else _("Add a unit"), fields, save)

    def _agenda_form(self, item: AgendaItem | None) -> RecordForm[AgendaItem]:
        current = item or AgendaItem(title="")
        fields = [
            Field("time", _("Time (HH:MM)"), current.time),
            Field("title", _("Item"), current.title),
            Field("presenter", _("Presenter"), current.presenter),
        ]
        title = _("Edit agenda item") if item else _("Add an agenda item")
        return RecordForm(title, fields, lambda v: self.conference.save_agenda_item(replace(current, **v)))

    def action_add(self) -> None:
        if self.active_tab == "tab-units":
            self.app.push_screen(self._unit_form(None), self.form_saved)
        elif self.active_tab == "tab-agenda":
            self.app.push_screen(self._agenda_form(None), self.form_saved)

    def action_edit(self) -> None:
        if self.active_tab == "tab-units":
            key = self.query_one("#units", RowTable).current_key
            unit = self.conference.unit(key) if key is not None else None
            if unit is not None:
                self.app.push_screen(self._unit_form(unit), self.form_saved)
        elif self.active_tab == "tab-agenda":
            key = self.query_one("#agenda", RowTable).current_key
            item = next((a for a in self.conference.agenda() if a.id == key), None)
            if item is not None:
                self.app.push_screen(self._agenda_form(item), self.form_saved)

    def on_row_table_chosen(self, event: RowTable.Chosen) -> None:
        self.action_edit()

    def action_remove(self) -> None:
        tab = self.active_tab
        if tab not in ("tab-units", "tab-agenda"):
            return
        table = self.query_one("#units" if tab == "tab-units" else "#agenda", RowTable)
        key = table.current_key
        if key is None:
            return
        name = table.rows[table.cursor][1][1]

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            if tab == "tab-units":
                self.attempt(lambda: self.conference.remove_unit(key))
            else:
                self.attempt(lambda: self.conference.remove_agenda_item(key))

        self.app.push_screen(ConfirmScreen(_("Remove “{name}”?", name=name)), answered)

    def action_move(self, step: int) -> None:
        tab = self.active_tab
        if tab == "tab-units":
            key = self.query_one("#units", RowTable).current_key
            if key is not None:
                self.attempt(lambda: self.conference.move_unit(key, step))
                self.query_one("#units", RowTable).move_to_key(key)
        elif tab == "tab-agenda":
            key = self.query_one("#agenda", RowTable).current_key
            if key is not None:
                self.attempt(lambda: self.conference.move_agenda_item(key, step))
                self.query_one("#agenda", RowTable).move_to_key(key)
