"""Asked on Ctrl+Q when something typed is not saved yet: save it and quit, quit without it, or stay."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal
from textual.widgets import Button, Label

from screens.base import TdktModal
from tdkt_tui.domain.i18n import _


class QuitScreen(TdktModal[str | None]):
    """Returns "save", "discard" or None (stay); Enter saves, Esc stays."""

    DEFAULT_CSS = """
    QuitScreen { align: center middle; }
    QuitScreen > Grid { width: 76; max-width: 100%; height: auto; padding: 1 2; border: thick $warning;
                        background: $surface; grid-size: 1; grid-gutter: 1; }
    QuitScreen Horizontal { height: auto; align-horizontal: right; }
    QuitScreen Button { margin-left: 1; }
    """
    BINDINGS = [Binding("escape", "stay", "Cancel")]

    def __init__(self, waiting: list[str]) -> None:
        super().__init__()
        self.waiting = waiting

    def compose(self) -> ComposeResult:
        with Grid():
            yield Label(_("Not saved yet: {what}. Save before quitting?", what="; ".join(self.waiting)))
            with Horizontal():
                yield Button(_("Save and quit"), variant="primary", id="save")
                yield Button(_("Quit without saving"), variant="error", id="discard")
                yield Button(_("Cancel"), id="stay")

    def on_mount(self) -> None:
        self.query_one("#save", Button).focus()

    @on(Button.Pressed, "#save")
    def save(self) -> None:
        self.dismiss("save")

    @on(Button.Pressed, "#discard")
    def discard(self) -> None:
        self.dismiss("discard")

    @on(Button.Pressed, "#stay")
    def action_stay(self) -> None:
        self.dismiss(None)
