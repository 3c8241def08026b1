"""Every keystroke lands: keys typed behind a command key wait until the app has finished with that key.

Textual gives each key to the widget focused at the moment the App reads it, and every widget handles its keys in its
own task. A key typed right behind Enter could therefore reach a form that Enter is closing, a field Enter's handler
is about to clear, or a list the focus is just leaving; a key typed right behind Ctrl+N reaches a dialog that is not
mounted yet. A USB scanner or a fast secretary does exactly that.

So after a command key (anything that is not a character, or a character bound to an action) — and whenever a screen
asks with :meth:`KeyboardGate.settle_keys` because a key moves the keyboard (a digit that opens the score cell) —
the App holds the keys behind it and follows the command key: a :class:`Settle` message sent behind it from the widget
it went to bubbles up to the App, then again from the widget focused then, until the screen in front is mounted, has
its focus, and two passes in a row changed nothing. The held keys then go on in order, each with the same rule.
Characters typed while nothing is pending are not held, so a scanner's burst costs nothing; a command key behind
characters waits until they have landed (Ctrl+S saves what was typed before it, not less).
"""

from __future__ import annotations

import time
from collections import deque
from typing import Any

from textual import events
from textual.app import App
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget

#: A pass that has not come back by then (its widget was removed on the way) is sent again.
PASS_TIMEOUT = 0.05
#: Held keys are given to the app anyway after this long (a screen that never settles must not eat the keyboard).
HOLD_LIMIT = 2.0


class Settle(Message):
    """Sent behind a key; when it reaches the App every message queued before it on its way has been handled."""

    def __init__(self, pass_id: int) -> None:
        super().__init__()
        self.pass_id = pass_id


class KeyboardGate(App[Any]):
    """The App's keyboard: keys in order, none lost while the focus or the screen in front changes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._keys_held: deque[events.Key] = deque()
        self._keys_pass = 0  # the current settle pass (0: the keyboard is not held)
        self._keys_stable = 0
        self._keys_state: tuple[int, int, bool] = (0, 0, False)
        self._keys_since = 0.0
        self._keys_unsettled = False  # characters were given since the last settle

    @property
    def holding_keys(self) -> bool:
        return self._keys_pass != 0

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self.holding_keys:
                self._keys_held.append(event)
                return
            await self._give_key_to_app(event)
            return
        await super().on_event(event)

    async def _give_key_to_app(self, event: events.Key) -> None:
        screen = self.screen
        command = not event.is_printable or event.key in self.screen.active_bindings
        if command and self._keys_unsettled:
            # characters given before it may still be on their way (Ctrl+S must save what was typed before it)
            self._keys_held.appendleft(event)
            self.settle_keys()
            return
        await super().on_event(event)  # priority bindings, or on to the focused widget
        if command or self.screen is not screen:
            self.settle_keys()
        else:
            self._keys_unsettled = True

    def settle_keys(self) -> None:
        """Hold the keys typed from now on until the app has settled (the keyboard is moving elsewhere)."""
        if not self.holding_keys:
            self._keys_since = time.monotonic()
        self._keys_pass += 1
        self._keys_stable = 0
        self._keys_state = self._keys_front()
        self._send_settle()

    def _keys_front(self) -> tuple[int, int, bool]:
        screen = self.screen
        return id(screen), id(screen.focused), self._takes_keys(screen)

    @staticmethod
    def _takes_keys(screen: Screen[Any]) -> bool:
        """Mounted, with the focus placed (a screen with nothing to focus is ready as it is)."""
        return screen.is_mounted and (screen.focused is not None or not screen.focus_chain)

    def _send_settle(self) -> None:
        pass_id = self._keys_pass
        target: Widget = self.screen.focused or self.screen
        target.post_message(Settle(pass_id))
        self.set_timer(PASS_TIMEOUT, lambda: self._settle_lost(pass_id))

    def _settle_lost(self, pass_id: int) -> None:
        if self._keys_pass == pass_id:
            self._keys_stable = 0
            self._next_settle()

    def _next_settle(self) -> None:
        self._keys_pass += 1
        self._send_settle()

    async def on_settle(self, message: Settle) -> None:
        message.stop()
        if message.pass_id != self._keys_pass:
            return  # an earlier pass, overtaken
        state = self._keys_front()
        if state[2] and state == self._keys_state:
            self._keys_stable += 1
        else:
            self._keys_stable = 0
            self._keys_state = state
        if self._keys_stable < 2 and time.monotonic() - self._keys_since < HOLD_LIMIT:
            self._next_settle()
            return
        self._keys_pass = 0
        self._keys_unsettled = False
        while self._keys_held and not self.holding_keys:
            await self._give_key_to_app(self._keys_held.popleft())
