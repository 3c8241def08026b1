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

The hold always ends, and never by the clock while the app is still working:

* a pass is waited for as long as work is queued on its way (a loaded machine makes passes slow, not lost);
* a pass with nothing left on its way that has not come back (its widget was removed under it, the message was
  dropped) is sent again from the widget focused now; after :attr:`KeyboardGate.LOST_LIMIT` lost passes the keys go
  on anyway;
* a screen in front that stays as it is without ever taking keys (nothing focused) is taken as settled after
  :attr:`KeyboardGate.STILL_PASSES` passes, one that keeps changing after :attr:`KeyboardGate.PASS_LIMIT` passes;
* last resort, a pass stuck behind a widget that never finishes its work: :attr:`KeyboardGate.BUSY_LIMIT` seconds.

A screen with ``HOLDS_KEYS = True`` in front (a progress dialog) takes no keys: every key typed while it is there
waits, however long, and goes to the screen underneath once it has closed; the screen shows how many wait.

These limits count passes and watchdog ticks, which slow down with the machine, so a loaded machine waits longer
rather than giving keys to a screen that is not ready.
"""

from __future__ import annotations

import time
from collections import deque
from typing import Any

from textual import events
from textual.app import App, ScreenStackError
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget


class Settle(Message):
    """Sent behind a key; when it reaches the App every message queued before it on its way has been handled."""

    def __init__(self, pass_id: int) -> None:
        super().__init__()
        self.pass_id = pass_id


class KeyboardGate(App[Any]):
    """The App's keyboard: keys in order, none lost while the focus or the screen in front changes."""

    #: How often a pass that is out is looked at (seconds).
    TICK = 0.05
    #: Ticks with nothing queued on a pass's way before the pass counts as lost (and another is sent).
    LOST_TICKS = 4
    #: Lost passes in one hold before the keys go on anyway (a settle that never comes back).
    LOST_LIMIT = 5
    #: Passes in a row finding the same screen in front, not taking keys, before it counts as settled as it is.
    STILL_PASSES = 8
    #: Passes in one hold before the keys go on anyway (a screen in front that never stops changing).
    PASS_LIMIT = 200
    #: Seconds a pass may wait behind work queued on its way before the keys go on anyway (a widget stuck in a
    #: handler: only then does the clock count).
    BUSY_LIMIT = 30.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._keys_held: deque[events.Key] = deque()
        self._keys_holding = False
        self._keys_pass = 0  # the pass out now (ids never repeat, so a pass of an earlier hold is never taken)
        self._keys_target: Widget | None = None  # where that pass was sent
        self._keys_passes = 0  # passes that came back in this hold
        self._keys_same = 0  # passes in a row that found the front as it was
        self._keys_state: tuple[int, int, bool] = (0, 0, False)
        self._keys_idle = 0  # ticks the pass out has had nothing queued on its way
        self._keys_lost = 0  # passes of this hold given up as lost
        self._keys_busy_since = 0.0  # when the pass out was first seen waiting behind work (0: not waiting)
        self._keys_watch: Timer | None = None
        self._keys_unsettled = False  # characters were given since the last settle
        self._keys_waiting_for: Screen[Any] | None = None  # a screen in front that keeps the keys (HOLDS_KEYS)
        #: Holds ended by a limit rather than by the app settling (a sign of a screen that does not settle).
        self.keys_forced = 0

    @property
    def holding_keys(self) -> bool:
        return self._keys_holding

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self.holding_keys:
                self._keys_held.append(event)
                self._tell_held()
                return
            await self._give_key_to_app(event)
            return
        await super().on_event(event)

    async def _give_key_to_app(self, event: events.Key) -> None:
        screen = self.screen
        if getattr(screen, "HOLDS_KEYS", False):  # a progress dialog: the key waits for the screen underneath
            self._keys_held.appendleft(event)
            if not self.holding_keys:
                self.settle_keys()
            else:
                self._wait_for_front(screen)
            return
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
            self._keys_holding = True
            self._keys_passes = self._keys_lost = 0
            if self._keys_watch is None:
                self._keys_watch = self.set_interval(self.TICK, self._watch_hold)
            else:
                self._keys_watch.resume()
        self._keys_same = 0
        self._keys_state = self._keys_front()
        self._send_settle()

    def _front(self) -> Screen[Any] | None:
        """The screen in front (None while the app closes)."""
        try:
            return self.screen
        except ScreenStackError:
            return None

    def _keys_front(self) -> tuple[int, int, bool]:
        screen = self._front()
        if screen is None:  # shutting down: nothing will take keys any more
            return 0, 0, True
        return id(screen), id(screen.focused), self._takes_keys(screen)

    @staticmethod
    def _takes_keys(screen: Screen[Any]) -> bool:
        """Mounted, with the focus placed (a screen with nothing to focus is ready as it is)."""
        return screen.is_mounted and (screen.focused is not None or not screen.focus_chain)

    def _send_settle(self) -> None:
        """A new pass from the widget focused now (else the screen, else straight to the App)."""
        self._keys_pass += 1
        self._keys_idle = 0
        self._keys_busy_since = 0.0
        # sent by the App wherever it was made (a screen calling settle_keys): Textual stops a message that bubbles
        # up to its sender's child, so one made by a screen would never get past it
        message = Settle(self._keys_pass).set_sender(self)
        screen = self._front()
        for target in (screen.focused if screen else None, screen):
            if target is not None and target.post_message(message):
                self._keys_target = target
                return
        self._keys_target = None
        self.post_message(message)

    async def on_settle(self, message: Settle) -> None:
        message.stop()
        if not self.holding_keys or message.pass_id != self._keys_pass:
            return  # an earlier pass, given up as lost, or one of a hold already over
        self._keys_passes += 1
        state = self._keys_front()
        if state == self._keys_state:
            self._keys_same += 1
        else:
            self._keys_same = 0
            self._keys_state = state
        front = self._front()
        if front is not None and getattr(front, "HOLDS_KEYS", False):
            self._wait_for_front(front)
            return
        settled = self._keys_same >= (2 if state[2] else self.STILL_PASSES)
        if settled or self._keys_passes >= self.PASS_LIMIT:
            await self._release_keys(forced=not settled)
        else:
            self._send_settle()

    async def _watch_hold(self) -> None:
        """The watchdog of a hold: a pass lost on its way is sent again; a hold that cannot settle ends."""
        if not self.holding_keys:
            if self._keys_watch is not None:
                self._keys_watch.pause()
            return
        if self._keys_waiting_for is not None:
            if self._keys_waiting_for is self._front():
                return  # still in front: its job goes on, the keys wait (it says how many)
            self._keys_waiting_for = None
            self._keys_same = 0
            self._keys_state = self._keys_front()
            self._send_settle()
            return
        target = self._keys_target
        if target is not None and target.is_attached and any(
                node.message_queue_size for node in target.ancestors_with_self if node is not self):
            # work is queued on the pass's way: it is slow, not lost
            now = time.monotonic()
            self._keys_idle = 0
            self._keys_busy_since = self._keys_busy_since or now
            if now - self._keys_busy_since >= self.BUSY_LIMIT:
                await self._release_keys(forced=True)
            return
        self._keys_busy_since = 0.0
        self._keys_idle += 1
        if target is not None and target.is_attached and self._keys_idle < self.LOST_TICKS:
            return  # on its last step, or in the App's own queue
        self._keys_lost += 1
        if self._keys_lost >= self.LOST_LIMIT:
            await self._release_keys(forced=True)
        else:
            self._send_settle()

    def _wait_for_front(self, screen: Screen[Any]) -> None:
        """Keep every key until ``screen`` (in front, HOLDS_KEYS) has closed; no pass goes out meanwhile."""
        self._keys_pass += 1  # a pass still out no longer counts
        self._keys_target = None
        self._keys_waiting_for = screen
        self._tell_held()

    def _tell_held(self) -> None:
        """A screen that keeps the keys shows how many wait (its ``keys_held(count)``)."""
        told = getattr(self._keys_waiting_for, "keys_held", None)
        if callable(told):
            told(len(self._keys_held))

    async def _release_keys(self, *, forced: bool) -> None:
        """The hold is over: the held keys go on in order (a command key among them may start the next hold)."""
        self._keys_holding = False
        self._keys_target = self._keys_waiting_for = None
        self._keys_unsettled = False
        if self._keys_watch is not None:
            self._keys_watch.pause()
        if forced:
            self.keys_forced += 1
        while self._keys_held and not self.holding_keys:
            key = self._keys_held.popleft()
            try:
                await self._give_key_to_app(key)
            except ScreenStackError:  # the app is closing: nothing takes keys any more
                self._keys_held.clear()
