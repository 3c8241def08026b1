"""Building 100,000 long-lived records at once without the cyclic garbage collector's pauses.

Every few hundred new containers CPython's collector runs, and its older generations walk every object alive: while a
conference of 100,000 people is decoded and indexed that is a third of the time, spent finding no garbage. The
records built here live until the conference closes, so the collector is paused while they are built and then told
to leave them alone (``gc.freeze``); reference counting still frees them when they are dropped.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def long_lived() -> Iterator[None]:
    """Pause the collector while the block builds records that stay; then exempt them from later collections."""
    if not gc.isenabled():  # an enclosing block already paused it
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()
