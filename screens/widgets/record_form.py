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
    """One input of a form: text, a choice among ``options`` (label, value), several of them ("multi"), or a
    check box."""

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
                    else:
                        yield TextInput(str(f.value or ""), id=f.name, compact=True)
            yield Static("", id="form-error", classes="error")
            with Horizontal(id="form-buttons"):
                yield Button(_("Save (Ctrl+S)"), variant="primary", id="save")
                yield Button(_("Cancel (Esc)"), id="cancel")

    def on_mount(self) -> None:
        self.query_one(f"#{self.first}").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#save")
    def save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save()

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
        with self.attempting(self.refused):
            self.dismiss(self.save(self.values()))

    def action_cancel(self) -> None:
        self.dismiss(None)
