"""F1: the keys of the screen in front and of the whole app, in the interface language."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from screens.base import TdktModal
from screens.widgets.footer import key_display
from tdkt_tui.domain.i18n import _

GENERAL = [
    ("Ctrl+P", "Command palette: every action by name"),
    ("Tab / Shift+Tab", "Move between fields"),
    ("↑ ↓ PgUp PgDn", "Move in a list; Enter opens the row"),
    ("Esc", "Close a dialog without saving"),
]


def bindings_of(node: object) -> list[tuple[str, str]]:
    """(keys, what they do) of a screen's or the app's own bindings, in the interface language."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for binding in getattr(type(node), "BINDINGS", []):
        if isinstance(binding, Binding) and binding.description and binding.action not in seen:
            seen.add(binding.action)
            rows.append((key_display(binding.key), _(binding.description)))
    return rows


class HelpScreen(TdktModal[None]):
    """A table of keys; any of Esc, F1 or q closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 80; max-width: 100%; max-height: 100%; height: auto; border: thick $primary;
                                   background: $surface; padding: 1 2; }
    """
    BINDINGS = [Binding("escape,f1,q", "close", "Close")]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        table = Table(expand=True, box=None, header_style="bold", show_header=True)
        table.add_column(_("Key"), style="bold cyan", no_wrap=True)
        table.add_column(_("What it does"))
        for keys, what in bindings_of(self.under):
            table.add_row(keys, what)
        table.add_section()
        for keys, what in bindings_of(self.app):
            table.add_row(keys, what)
        for keys, what in GENERAL:
            table.add_row(keys, _(what))
        with VerticalScroll():
            yield Static(_("Help: {screen}", screen=_(getattr(self.under, "TITLE_MSGID", "") or "tdkt-tui")),
                         classes="title")
            yield Static(table, id="keys")
            yield Static(_("Every change is saved the moment it is shown; there is no Save to forget."),
                         classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)
