"""F10: the minutes, written during the meeting. Pick an agenda item on the left and type its notes on the right.

Every keystroke is saved durably as it is typed — there is no Save to forget, and a crash loses nothing shown.
Ctrl+K records the opening time and Ctrl+B the closing time (proposing the agenda's, to confirm or correct); a
time not recorded is said on screen and left as a gap in the document, never shown as if it were a value.
Ctrl+R previews the whole document in the terminal; Ctrl+O exports it (DOCX, Markdown, text, PDF).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

from screens.base import TdktScreen
from screens.widgets.record_form import Field, RecordForm
from screens.widgets.rowtable import Column, RowTable
from screens.widgets.text_input import TextInput
from tdkt_tui.documents import minutes
from tdkt_tui.domain import proceedings, voting
from tdkt_tui.domain.errors import TdktError
from tdkt_tui.domain.i18n import _

CONCLUSIONS = -1


class PreviewScreen(ModalScreen[None]):
    """The whole document as text, scrollable; Esc closes it."""

    DEFAULT_CSS = """
    PreviewScreen { align: center middle; }
    PreviewScreen > VerticalScroll { width: 96%; height: 94%; border: thick $primary; background: $surface;
                                      padding: 0 1; }
    """
    BINDINGS = [Binding("escape,q", "close", "Close")]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self.text, markup=False, id="preview-text")

    def action_close(self) -> None:
        self.dismiss(None)


class MinutesScreen(TdktScreen):
    """Agenda items on the left; the notes of the chosen one on the right, saved as typed."""

    TITLE_MSGID = "Minutes"
    CSS_PATH = Path(__file__).with_suffix(".tcss")
    BINDINGS = [
        Binding("ctrl+r", "preview", "Preview", priority=True),
        Binding("ctrl+o", "export", "Export", priority=True),
        Binding("ctrl+l", "items", "Agenda list", priority=True),
        Binding("ctrl+k", "mark_time('opened_at')", "Opening time", priority=True),
        Binding("ctrl+b", "mark_time('closed_at')", "Closing time", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.item_id: int | None = None
        self.note_waiting: int | None = None  # the item whose note the folder refused (still in the editor)
        self.times_waiting = False  # the times typed were refused (or are half typed)

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        with Horizontal(id="minutes"):
            with Vertical(id="left"):
                with Horizontal(classes="times"):
                    yield Label(_("Opened at"), classes="field-label")
                    yield TextInput(id="opened_at", compact=True)
                with Horizontal(classes="times"):
                    yield Label(_("Closed at"), classes="field-label")
                    yield TextInput(id="closed_at", compact=True)
                yield RowTable([Column("✎", 0, 2), Column(_("Time"), 0, 5), Column(_("Agenda"), 1, 12)],
                               empty_text=_("No agenda yet: add it in Settings (F4)."), id="items")
            with Vertical(id="right"):
                yield Static("", id="item-title")
                yield TextArea(id="note", soft_wrap=True, tab_behavior="indent")
                yield Static(_("Saved as you type."), id="saved", classes="hint")
                yield Static("", id="gaps")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        f = proceedings.fields(self.conference)
        self.query_one("#opened_at", Input).value = f.opened_at
        self.query_one("#closed_at", Input).value = f.closed_at
        self.reload()
        items = self.query_one("#items", RowTable)
        if items.rows:
            self._choose(items.rows[0][0])
        items.focus()

    def gaps(self) -> list[str]:
        """What the minutes will show as missing: told here too, before the export."""
        info, att = self.conference.info(), self.conference.attendance()
        missing = []
        times = proceedings.fields(self.conference)
        if not times.opened_at:
            missing.append(_("the opening time (Ctrl+K)"))
        if not times.closed_at:
            missing.append(_("the closing time (Ctrl+B)"))
        if not info.chair:
            missing.append(_("the chair"))
        if not info.secretary:
            missing.append(_("the secretary"))
        if att.total_present == 0:
            missing.append(_("attendance (nobody checked in)"))
        if any(p.status is not voting.Status.CLOSED for p in voting.polls(self.conference)):
            missing.append(_("a poll not closed"))
        return missing

    def reload(self) -> None:
        missing = self.gaps()
        self.query_one("#gaps", Static).update(
            _("Shown as gaps in the minutes: {items}", items=", ".join(missing)) if missing else "")
        written = proceedings.notes(self.conference)
        rows = [(item.id or 0, ("✎" if written.get(item.id or 0, "").strip() else "", item.time, item.title))
                for item in self.conference.agenda()]
        conclusions = proceedings.fields(self.conference).conclusions
        rows.append((CONCLUSIONS, ("✎" if conclusions.strip() else "", "", _("Conclusions"))))
        self.query_one("#items", RowTable).set_rows(rows, keep_key=self.item_id)

    # -- choosing and typing -------------------------------------------------------------------------------------

    def _choose(self, key: int) -> None:
        if self.note_waiting is not None and self.note_waiting == self.item_id and key != self.item_id \
                and not self._save_note(self.query_one("#note", TextArea).text):
            self.query_one("#items", RowTable).move_to_key(self.item_id)  # refused again: its text stays in view
            return
        self.item_id = key
        if key == CONCLUSIONS:
            title, text = _("Conclusions"), proceedings.fields(self.conference).conclusions
        else:
            item = next((a for a in self.conference.agenda() if a.id == key), None)
            title = f"{item.time} {item.title}" + (f" — {item.presenter}" if item and item.presenter else "") \
                if item else ""
            text = proceedings.notes(self.conference).get(key, "")
        self.query_one("#item-title", Static).update(title)
        note = self.query_one("#note", TextArea)
        with note.prevent(TextArea.Changed):
            note.load_text(text)

    @on(RowTable.Chosen, "#items")
    def item_chosen(self, event: RowTable.Chosen) -> None:
        self._choose(event.key)
        self.query_one("#note", TextArea).focus()

    @on(RowTable.Moved, "#items")
    def item_moved(self, event: RowTable.Moved) -> None:
        if event.key is not None and event.key != self.item_id:
            self._choose(event.key)

    def _not_saved(self, exc: TdktError) -> None:
        self.query_one("#saved", Static).update(Text(str(exc), style="bold red"))

    @on(TextArea.Changed, "#note")
    def note_changed(self, event: TextArea.Changed) -> None:
        self._save_note(event.text_area.text)

    def _save_note(self, text: str) -> bool:
        """Keep the note as typed; a refused save (a busy folder) leaves it in the editor, waiting (see unsaved)."""
        if self.item_id is None:
            return True
        with self.attempting(self._not_saved) as saved:
            if self.item_id == CONCLUSIONS:
                current = proceedings.fields(self.conference)
                proceedings.save_fields(self.conference, proceedings.MinutesFields(current.opened_at, current.closed_at,
                                                                           text))
            else:
                proceedings.save_note(self.conference, self.item_id, text)
            self.query_one("#saved", Static).update(_("Saved as you type."))
        self.note_waiting = None if saved else self.item_id
        return bool(saved)

    @on(Input.Changed, "#opened_at, #closed_at")
    def times_changed(self) -> None:
        self._save_times(bell=False)  # "08:" is a time still being typed

    def _save_times(self, *, bell: bool) -> bool:
        current = proceedings.fields(self.conference)
        opened = self.query_one("#opened_at", Input).value
        closed = self.query_one("#closed_at", Input).value
        with self.attempting(self._not_saved, bell=bell) as saved:
            proceedings.save_fields(self.conference, proceedings.MinutesFields(opened, closed, current.conclusions))
            self.query_one("#saved", Static).update(_("Saved as you type."))
            self.reload()
        self.times_waiting = not saved
        return bool(saved)

    def unsaved(self) -> str:
        """Everything is saved as typed; what the folder refused (or a time still half typed) waits here."""
        waiting = []
        if self.note_waiting is not None and self.note_waiting == self.item_id:
            waiting.append(_("the minutes' notes being typed"))
        if self.times_waiting:
            waiting.append(_("the minutes' opening or closing time"))
        return "; ".join(waiting)

    def save_unsaved(self) -> bool:
        if self.note_waiting is not None and self.note_waiting == self.item_id \
                and not self._save_note(self.query_one("#note", TextArea).text):
            return False
        return not self.times_waiting or self._save_times(bell=True)

    def agenda_time(self, name: str) -> str:
        """The time the agenda gives: its start for the opening, its last item for the closing ("" if none)."""
        times = [item.time for item in self.conference.agenda() if item.time]
        if name == "opened_at":
            return self.conference.info().start_time or (times[0] if times else "")
        return times[-1] if times else ""

    def action_mark_time(self, name: str) -> None:
        """Record the opening (or closing) time: the time already recorded, else the agenda's, to confirm."""
        current = getattr(proceedings.fields(self.conference), name)
        label = _("Opened at (HH:MM)") if name == "opened_at" else _("Closed at (HH:MM)")

        def save(values: dict[str, Any]) -> str:
            now = proceedings.fields(self.conference)
            typed = replace(now, **{name: values[name]})
            return getattr(proceedings.save_fields(self.conference, typed), name)

        def done(value: str | None) -> None:
            if value is not None:
                widget = self.query_one(f"#{name}", Input)
                with widget.prevent(Input.Changed):
                    widget.value = value
                self.reload()
                self.tdkt.changed()

        title = _("The opening time") if name == "opened_at" else _("The closing time")
        self.app.push_screen(RecordForm(title, [Field(name, label, current or self.agenda_time(name))], save), done)

    def action_items(self) -> None:
        self.query_one("#items", RowTable).focus()

    # -- the document --------------------------------------------------------------------------------------------

    def action_preview(self) -> None:
        text = self.attempt(lambda: minutes.minutes_text(self.conference, "txt"))
        if text is not None:
            self.app.push_screen(PreviewScreen(text))

    def action_export(self) -> None:
        formats = [("DOCX", "docx"), ("PDF", "pdf"), ("Markdown", "md"), (_("Plain text"), "txt")]
        fields = [Field("fmt", _("Format"), "docx", "select", formats)]

        def save(values: dict[str, Any]) -> Path:
            return minutes.write_minutes(self.conference, values["fmt"] or "docx")

        def done(path: Path | None) -> None:
            if path is not None:
                self.notify(_("Minutes written: {path}", path=str(path)), timeout=15)

        self.app.push_screen(RecordForm(_("Export the minutes"), fields, save), done)
