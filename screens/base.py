"""What every screen shares: translated key hints, the title line, the live-data hook, error reporting."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from textual.app import ComposeResult
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Footer, Static

from tdkt_tui.domain.errors import TdktError
from tdkt_tui.domain.i18n import _

if TYPE_CHECKING:
    from tdkt_tui.domain.conference import Conference
    from tdkt_tui.ui.app import TdktApp

T = TypeVar("T")


def translate_bindings(node: DOMNode) -> None:
    """Show the footer's key descriptions in the interface language (BINDINGS hold English msgids)."""
    table = node._bindings.key_to_bindings
    for key, items in table.items():
        table[key] = [replace(b, description=_(b.description)) if b.description else b for b in items]


class TdktScreen(Screen[None]):
    """A full screen of the app: a title line, the content, the footer of keys; redraws on data changes."""

    TITLE_MSGID = ""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        translate_bindings(self)

    @property
    def tdkt(self) -> TdktApp:
        return self.app  # type: ignore[return-value]

    @property
    def conference(self) -> Conference:
        return self.tdkt.conference

    def compose_title(self) -> ComposeResult:
        info = self.conference.info()
        bloc = info.bloc_name or _("New conference")
        yield Static(f"{_(self.TITLE_MSGID)} · {bloc}", classes="title-bar", id="title-bar")

    def compose_footer(self) -> ComposeResult:
        yield Footer()

    def on_mount(self) -> None:
        self._stale = False
        self.watch(self.app, "data_version", self._data_changed, init=False)

    def on_screen_resume(self) -> None:
        if self._stale:
            self._data_changed(0)

    def _data_changed(self, _version: int) -> None:
        """Redraw now if this screen is in front; otherwise when it comes back (a scan redraws one screen)."""
        self._stale = not self.is_current
        if self._stale:
            return
        title = f"{_(self.TITLE_MSGID)} · {self.conference.info().bloc_name or _('New conference')}"
        bar = self.query_one("#title-bar", Static)
        if str(bar.content) != title:
            bar.update(title)
        self.reload()

    def reload(self) -> None:
        """Redraw from the conference (override)."""

    def attempt(self, change: Callable[[], T]) -> T | None:
        """Run a change; a refused or failed one is told in a sentence, and nothing else happens."""
        try:
            result = change()
        except TdktError as exc:
            self.app.bell()
            self.notify(str(exc), severity="error", timeout=8)
            return None
        self.tdkt.changed()
        return result
