"""The one text field of the app: Textual's Input that does not select its text when it gets the focus.

Textual selects a field's whole text on focus, so one stray key replaced a bloc's name. Here the cursor goes to the
end instead; a screen that wants typing to replace a value (a refused ballot, a score cell) selects it on purpose.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Input


class TextInput(Input):
    """An Input with ``select_on_focus`` off unless asked for."""

    def __init__(self, value: str | None = None, *args: Any, select_on_focus: bool = False, **kwargs: Any) -> None:
        super().__init__(value, *args, select_on_focus=select_on_focus, **kwargs)
