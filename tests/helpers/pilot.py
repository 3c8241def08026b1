"""Driving screens in Pilot tests: typing as a terminal sends it, and reading what a widget shows.

A terminal's driver posts every key to the App as it reads it, without waiting for the app to handle the one before
(Pilot.press waits for the app to be idle after each key, which hides keys lost when focus or screens change).
:func:`type_keys` posts keys the driver's way, ``gap`` seconds apart: :data:`BURST` (all in one read), :data:`SCANNER`
(a USB scanner, 1 ms) or :data:`TYPIST` (a fast typist, 30 ms).
"""

from __future__ import annotations

import asyncio
import unicodedata
from collections.abc import Iterable
from typing import TypeVar

from textual import events
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

from screens.scoring import ScoringScreen

S = TypeVar("S", bound=Screen)

BURST = 0.0  # keys read from the terminal in one go (a scanner's code often arrives in a single read)
SCANNER = 0.001
TYPIST = 0.03
SPEEDS = {"burst": BURST, "scanner": SCANNER, "typist": TYPIST}

NAMED = {" ": "space", "\r": "enter", "\n": "ctrl+j", "\t": "tab"}


def key_event(item: str) -> events.Key:
    """A key event as the driver makes it: one character (``"a"``, ``"ắ"``, ``","``) or a key name (``"enter"``)."""
    if len(item) > 1:
        character = {"enter": "\r", "tab": "\t", "space": " ", "ctrl+j": "\n"}.get(item)
        return events.Key(item, character)
    if item in NAMED:
        return events.Key(NAMED[item], item)
    if item.isalnum():
        return events.Key(item, item)
    try:
        name = unicodedata.name(item).lower().replace("-", "_").replace(" ", "_")
    except ValueError:
        name = item
    return events.Key(name, item)


async def type_keys(pilot: object, keys: Iterable[str], gap: float = SCANNER) -> None:
    """Post ``keys`` (a string types each character; a list may mix characters and key names) ``gap`` seconds
    apart, then wait until the app has handled them (keys the keyboard gate still holds behind a slow command key
    included: a long form takes a while to move its focus on a loaded machine; not those a progress dialog keeps
    for the screen underneath until it closes, nor any once the app has quit)."""
    app = pilot.app  # type: ignore[attr-defined]
    for item in keys:
        app.post_message(key_event(item))
        if gap:
            await asyncio.sleep(gap)
    await pilot.pause()  # type: ignore[attr-defined]
    deadline = asyncio.get_running_loop().time() + 60
    while app.is_running and getattr(app, "holding_keys", False) and not getattr(app.screen, "HOLDS_KEYS", False) \
            and asyncio.get_running_loop().time() < deadline:  # a progress dialog keeps them on purpose; an app
        await asyncio.sleep(0.02)  # that quit gives out nothing more
    await pilot.pause()  # type: ignore[attr-defined]


async def type_like_unikey(pilot: object, text: str) -> None:
    """Send each code point as a key event, as a terminal does; Pilot.press drops combining marks."""
    app = pilot.app  # type: ignore[attr-defined]
    for char in text:
        app.screen.focused.post_message(events.Key(char, char))
    await pilot.pause()  # type: ignore[attr-defined]


def text_of(screen: object, selector: str) -> str:
    widget = screen.query_one(selector, Static)  # type: ignore[attr-defined]
    content = widget.content
    return content.plain if hasattr(content, "plain") else str(content)


def rendered(screen: object, selector: str) -> str:
    """What a Static shows, as plain text (Rich tables rendered)."""
    from rich.console import Console

    widget = screen.query_one(selector, Static)  # type: ignore[attr-defined]
    console = Console(width=100, record=True, color_system=None)
    console.print(widget.content)
    return console.export_text()


async def go_to(pilot: Pilot, key: str, kind: type[S]) -> S:
    """Press a mode's key (``"f6"``) and wait: the screen it shows, checked to be a ``kind``."""
    await pilot.press(key)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, kind), screen
    return screen


async def score_grid(pilot: Pilot, unit: int = 0) -> None:
    """F6 and Ctrl+T: the score grid, then ``]`` to the member unit at index ``unit``."""
    await go_to(pilot, "f6", ScoringScreen)
    await pilot.press("ctrl+t")
    for _ in range(unit):
        await pilot.press("right_square_bracket")
