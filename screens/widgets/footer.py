"""Keys as the secretary reads them: the footer in the interface language, and one way to write a key (Ctrl+N, Esc, [).

Bindings hold English msgids as their descriptions (the language is chosen when the app starts, after the classes
exist); the footer translates them as it draws them, so no binding is ever rewritten.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.keys import format_key
from textual.widgets import Footer

from tdkt_tui.domain.i18n import N_, _

KEY_NAMES = {"ctrl": "Ctrl", "shift": "Shift", "alt": "Alt", "escape": "Esc", "delete": "Del", "insert": "Ins",
             "enter": "Enter", "tab": "Tab", "space": "Space", "up": "↑", "down": "↓", "left": "←", "right": "→",
             "pageup": "PgUp", "pagedown": "PgDn", "home": "Home", "end": "End", "backspace": "Backspace"}


def key_display(keys: str) -> str:
    """``ctrl+n,insert`` → ``Ctrl+N / Ins``; ``left_square_bracket`` → ``[``; ``f9`` → ``F9``."""
    shown = []
    for key in keys.split(","):
        parts = []
        for part in key.strip().split("+"):
            name = KEY_NAMES.get(part) or format_key(part)
            parts.append(name.upper() if len(name) == 1 or (name[0] == "f" and name[1:].isdigit()) else name)
        shown.append("+".join(parts))
    return " / ".join(shown)


#: The description Textual gives the command palette's key (Ctrl+P), translated like the others.
PALETTE = N_("palette")


class TdktFooter(Footer):
    """Textual's footer with each key's description in the interface language."""

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            description = getattr(widget, "description", None)
            if isinstance(description, str) and description:
                widget.description = _(description)  # type: ignore[attr-defined]
            yield widget
