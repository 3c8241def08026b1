"""What every screen and dialog shares: the one error path, the title line, the footer, the live-data hook.

The error path: every change a screen or dialog makes runs inside :meth:`Attempts.attempting` (or its expression
form :meth:`Attempts.attempt`). A domain error — a refused record, a busy or read-only conference folder, a file that cannot
be written — becomes one sentence on screen with a bell, and the app goes on; only a real bug stops it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from textual.app import ComposeResult
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from screens.widgets.footer import TdktFooter
from tdkt_tui.domain.errors import TdktError
from tdkt_tui.domain.i18n import _

if TYPE_CHECKING:
    from tdkt_tui.domain.conference import Conference
    from tdkt_tui.ui.app import TdktApp

T = TypeVar("T")

#: What a screen does with a refused change instead of the default notification (show it beside the field, …).
Refused = Callable[[TdktError], None]


class Done:
    """What :meth:`Attempts.attempting` yields: true once the block went through, false when it was refused."""

    def __init__(self) -> None:
        self.ok = False

    def __bool__(self) -> bool:
        return self.ok


class Attempts:
    """The error path of screens and dialogs (a mixin of :class:`textual.screen.Screen` subclasses)."""

    #: Whether a change that went through redraws every screen (dialogs leave that to the screen that opened them).
    REDRAW_AFTER_CHANGE = True

    @contextlib.contextmanager
    def attempting(self, refused: Refused | None = None, *, bell: bool = True) -> Iterator[Done]:
        """Run the block; a :class:`TdktError` inside ends it and is told in one sentence (by ``refused`` when
        given, else as a notification), with a bell (none for a value still being typed). After a block that went
        through, every screen redraws; the :class:`Done` it yields says which happened."""
        done = Done()
        try:
            yield done
        except TdktError as exc:
            screen: Screen[Any] = self  # type: ignore[assignment]
            if bell:
                screen.app.bell()
            if refused is not None:
                refused(exc)
            else:
                screen.notify(str(exc), severity="error", timeout=10)
            return
        done.ok = True
        if self.REDRAW_AFTER_CHANGE:
            changed = getattr(self.app, "changed", None)  # type: ignore[attr-defined]
            if changed is not None:
                changed()

    def attempt(self, change: Callable[[], T], refused: Refused | None = None) -> T | None:
        """``change()``'s result, or None when it was refused (and told); see :meth:`attempting`."""
        with self.attempting(refused):
            return change()
        return None

    def unsaved(self) -> str:
        """What was typed here and not yet saved, in a few words ("" when nothing): asked about before quitting
        (override in screens and dialogs that keep typing until a save)."""
        return ""

    def save_unsaved(self) -> bool:
        """Save what :meth:`unsaved` names; False when it was refused (the refusal is on screen)."""
        return True


class TdktModal(Attempts, ModalScreen[T]):
    """A dialog: it has the error path; the screen that opened it redraws when it returns."""

    REDRAW_AFTER_CHANGE = False


class TdktScreen(Attempts, Screen[None]):
    """A full screen of the app: a title line, the content, the footer of keys; redraws on data changes."""

    TITLE_MSGID = ""

    @property
    def tdkt(self) -> TdktApp:
        return self.app  # type: ignore[return-value]

    @property
    def conference(self) -> Conference:
        return self.tdkt.conference

    def title_text(self) -> str:
        bloc = self.conference.info().bloc_name or _("New conference")
        return f"{_(self.TITLE_MSGID)} · {bloc}"

    def compose_title(self) -> ComposeResult:
        yield Static(self.title_text(), classes="title-bar", id="title-bar")

    def compose_footer(self) -> ComposeResult:
        yield TdktFooter()

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
        title = self.title_text()
        bar = self.query_one("#title-bar", Static)
        if str(bar.content) != title:
            bar.update(title)
        self.reload()

    def reload(self) -> None:
        """Redraw from the conference (override)."""

    def form_saved(self, result: object | None) -> None:
        """What follows a record form (its ``push_screen`` callback): a record saved redraws every screen and says
        so; a form closed without saving changes nothing."""
        if result is not None:
            self.tdkt.changed()
            self.notify(_("Saved."))

