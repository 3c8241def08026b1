"""Driving screens in Pilot tests: typing as a terminal sends it, and reading what a widget shows."""

from __future__ import annotations

from textual.widgets import Static


async def type_like_unikey(pilot: object, text: str) -> None:
    """Send each code point as a key event, as a terminal does; Pilot.press drops combining marks."""
    from textual import events

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
