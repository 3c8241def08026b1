"""A modal form for one record (a person, a unit, an agenda item); it returns the saved record or None."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    Select,
    SelectionList,
    Static,
)

from screens.base import TdktModal
from screens.widgets.text_input import TextInput
from tdkt_tui.domain.errors import TdktError
from tdkt_tui.domain.i18n import _

T = TypeVar("T")


@dataclass(frozen=True)
class Field:
    """One input of a form: text, a choice among ``options`` (label, value), several of them ("multi"), a check
    box, or a file's path ("file": typed, or chosen with the file picker among files of the ``options`` suffixes)."""

    name: str
    label: str
    value: Any = ""
    kind: str = "text"
    options: Sequence[tuple[str, Any]] = field(default_factory=tuple)
    blank: str | None = None


class RecordForm(TdktModal[T | None], Generic[T]):
    """Ctrl+S or Enter saves through ``save``; a refused field is named under the form and focused."""

    CSS_PATH = Path(__file__).with_suffix(".tcss")
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("ctrl+f", "pick_file", "Choose file", show=False),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, title: str, fields: Sequence[Field], save: Callable[[dict[str, Any]], T], *,
                 focus: str = "") -> None:
        """``focus``: the field the keyboard starts in (the first one by default)."""
        super().__init__()
        self.form_title = title
        self.fields = list(fields)
        self.save = save
        self.first = focus or self.fields[0].name
        self.opened_with: dict[str, Any] | None = None  # the values shown when it opened, or when last saved
        self.saved: tuple[T] | None = None  # what a save on the way out (quit) returned, while nothing changed since

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="form"):
            yield Static(self.form_title, id="form-title")
            with Grid(id="form-fields"):
                for f in self.fields:
                    yield Label(f.label, classes="field-label")
                    if f.kind == "check":
                        yield Checkbox("", bool(f.value), id=f.name, compact=True)
                    elif f.kind == "multi":
                        chosen = set(f.value or ())
                        yield SelectionList(*[(label, value, value in chosen) for label, value in f.options],
                                            id=f.name, classes="multi")
                    elif f.kind == "select":
                        value = f.value if f.value is not None and f.value != "" else Select.NULL
                        yield Select(list(f.options), value=value, allow_blank=f.blank is not None,
                                     prompt=f.blank or "", id=f.name, compact=True)
                    elif f.kind == "file":
                        with Horizontal(classes="file-field"):
                            yield Input(str(f.value or ""), id=f.name, compact=True)
                            yield Button(_("Choose file…"), id=f"{f.name}-pick", classes="pick", compact=True)
                    else:
                        yield TextInput(str(f.value or ""), id=f.name, compact=True)
            yield Static("", id="form-error", classes="error")
            with Horizontal(id="form-buttons"):
                yield Button(_("Save (Ctrl+S)"), variant="primary", id="save")
                yield Button(_("Cancel (Esc)"), id="cancel")

    def on_mount(self) -> None:
        self.query_one(f"#{self.first}").focus()
        self.opened_with = self.values()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#save")
    def save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, ".pick")
    def pick_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        name = (event.button.id or "").removesuffix("-pick")
        self.pick_file(next(f for f in self.fields if f.name == name))

    def action_pick_file(self) -> None:
        """Ctrl+F: the file picker for the file field that has the focus (or the first one)."""
        files = [f for f in self.fields if f.kind == "file"]
        focused = self.focused.id if self.focused is not None else None
        chosen = next((f for f in files if f.name == focused), files[0] if files else None)
        if chosen is not None:
            self.pick_file(chosen)

    def pick_file(self, f: Field) -> None:
        from screens.widgets.file_picker import FilePicker

        def picked(path: Path | None) -> None:
            field_input = self.query_one(f"#{f.name}", Input)
            if path is not None:
                field_input.value = str(path)
            field_input.focus()

        current = self.query_one(f"#{f.name}", Input).value.strip()
        start = Path(current).expanduser().parent if current else None
        self.app.push_screen(FilePicker(f.label, [str(s) for s in f.options], start), picked)

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()

    def values(self) -> dict[str, Any]:
        """What the form holds now: text of inputs, chosen values (None for none), booleans of check boxes."""
        result: dict[str, Any] = {}
        for f in self.fields:
            widget = self.query_one(f"#{f.name}")
            if isinstance(widget, Select):
                result[f.name] = None if widget.value is Select.NULL else widget.value
            elif isinstance(widget, SelectionList):
                result[f.name] = tuple(widget.selected)
            else:
                result[f.name] = widget.value  # type: ignore[attr-defined]
        return result

    def refused(self, exc: TdktError) -> None:
        """A refused field (ValidationError names it) or a refused change: said under the form, the field focused."""
        self.query_one("#form-error", Static).update(str(exc))
        field = getattr(exc, "field", "")
        if field:
            for widget in self.query(f"#{field}"):
                widget.focus()

    def action_save(self) -> None:
        if self.saved is not None and not self.unsaved():  # saved on the way out already: not a second time
            self.dismiss(self.saved[0])
            return
        with self.attempting(self.refused):
            self.dismiss(self.save(self.values()))

    def unsaved(self) -> str:
        """The form's title once anything in it differs from what it opened with (asked about on quit)."""
        if self.opened_with is None or not self.is_mounted:
            return ""
        return self.form_title if self.values() != self.opened_with else ""

    def save_unsaved(self) -> bool:
        """Save on the way out; the form closes when it is in front (else it stays, saved, and Ctrl+S closes it)."""
        values = self.values()
        with self.attempting(self.refused) as done:
            result = self.save(values)
        if not done:
            return False
        self.opened_with, self.saved = values, (result,)
        if self.app.screen is self:
            self.dismiss(result)
        return True

    def action_cancel(self) -> None:
        self.dismiss(None)
