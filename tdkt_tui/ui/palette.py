"""The command palette (Ctrl+P): every action of the app and of the screen in front, by name, in the interface
language, found with or without diacritics (``man chieu`` finds *Màn chiếu*, ``d`` finds *Đ*)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from tdkt_tui.domain.i18n import N_, _
from tdkt_tui.domain.text import fold
from tdkt_tui.ui.modes import COMMANDS


class Palette(CommandPalette):
    """Textual's palette in the interface language: its placeholder, and its keys as F1 lists them (the same keys
    and actions as Textual's, with our msgids). Textual's own "No matches found" never shows: the provider always
    answers a search (see :meth:`TdktCommands.search`)."""

    BINDINGS = [
        Binding("ctrl+end, shift+end", "command_list('last')", N_("Last command"), show=False),
        Binding("ctrl+home, shift+home", "command_list('first')", N_("First command"), show=False),
        Binding("down", "cursor_down", N_("Next command"), show=False),
        Binding("escape", "escape", N_("Close the command palette")),
        Binding("pagedown", "command_list('page_down')", N_("Next page"), show=False),
        Binding("pageup", "command_list('page_up')", N_("Previous page"), show=False),
        Binding("up", "command_list('cursor_up')", N_("Previous command"), show=False),
    ]

    def __init__(self) -> None:
        super().__init__(placeholder=_("Search for commands…"))


def folded_letters(text: str) -> str:
    """``text`` folded letter by letter, so positions match the original (for highlighting)."""
    return "".join((fold(ch) or ch)[:1] for ch in text)


class TdktCommands(Provider):
    """The app-wide commands of :data:`tdkt_tui.ui.modes.COMMANDS`, then the actions of the screen in front."""

    def entries(self) -> list[tuple[str, str, Callable[[], Any]]]:
        """(title, help line, what to run) of every command offered now."""
        app: App[Any] = self.app
        found: list[tuple[str, str, Callable[[], Any]]] = []
        seen: set[str] = set()
        for command in COMMANDS:
            key = f" ({app.get_key_display(Binding(command.key, command.action))})" if command.key else ""
            found.append((_(command.title), _(command.about) + key, partial(app.run_action, command.action)))
            seen.add(command.action)
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if not binding.description or binding.action in seen or active.node is app or not active.enabled:
                continue
            seen.add(binding.action)
            found.append((_(binding.description), app.get_key_display(binding),
                          partial(app.run_action, binding.action, active.node)))
        return found

    async def discover(self) -> Hits:
        for title, help_text, run in self.entries():
            yield DiscoveryHit(title, run, help=help_text)

    async def search(self, query: str) -> Hits:
        """The commands whose title (or else help line) matches ``query`` folded; when none does — whatever was
        typed, a lone Unikey mark or punctuation included — one line in the interface language saying so, which
        opens the help. Textual would otherwise say "No matches found" in English."""
        wanted = fold(query)
        matcher = self.matcher(wanted)
        hits = 0
        for title, help_text, run in self.entries() if wanted else ():
            letters = folded_letters(title)
            score = matcher.match(letters)
            if score <= 0:
                score = matcher.match(folded_letters(help_text)) * 0.5
                shown = Content(title)
            else:
                shown = Content(title, spans=list(matcher.highlight(letters).spans))
            if score > 0:
                hits += 1
                yield Hit(score, shown, run, title, help_text)
        if not hits:
            yield Hit(0.01, _("No command matches “{query}”: F1 lists the keys of this screen.", query=query),
                      partial(self.app.run_action, "help"))
