"""Keeping 100,000 long-lived records without the cyclic garbage collector's pauses.

Every few hundred new containers CPython's collector runs, and its older generations walk every object alive: while a
conference of 100,000 people is decoded and indexed that is a third of the time, spent finding no garbage. The
records built here live until the conference closes, so the collector is paused while they are built and then told
to leave them alone (``gc.freeze``); reference counting still frees them when they are dropped.

The records made afterwards (a person checked in is a new record, at every desk) would pile up in the oldest
generation again: after 30,000–90,000 check-ins at 100,000 people, one full collection stalled a check-in by
30–100 ms. So every :data:`KEEP_AFTER` of them, the garbage is collected (a few milliseconds: only what is not
exempted yet is walked) and what is left is exempted too.
"""

from __future__ import annotations

import contextlib
import gc
import sys
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


#: How many records made after the opening (:func:`made_long_lived`) are exempted together; collecting before each
#: exemption walks about this many objects, some 3 ms.
KEEP_AFTER = 10_000
_made = 0


def made_long_lived(count: int) -> None:
    """Count ``count`` new records that stay; every :data:`KEEP_AFTER`, collect the garbage and exempt the rest."""
    global _made
    _made += count
    if _made >= KEEP_AFTER:
        exempt_what_lives()


def exempt_what_lives() -> None:
    """Collect what is garbage now, then exempt everything still alive from later collections (also called by the
    app once its first screen is painted: its widgets and styles live as long as it does)."""
    global _made
    if gc.isenabled():
        _made = 0
        gc.collect()  # nothing that is garbage now is exempted
        gc.freeze()


def steady_memory() -> None:
    """Let memory freed by big reads go back to the system (Linux with glibc; elsewhere nothing to do).

    A desk reads a snapshot's 25 MB of lines at every fold it takes in. glibc raises its threshold for giving big
    blocks their own mapping each time one such block is freed, so the next ones come from the heap, whose freed
    space it keeps: two desks at 100,000 people held 429 → 496 MB over 100,000 check-ins, against 244 → 268 MB
    with the threshold fixed, measured in the same minutes. Fixing the threshold (what setting it does) keeps every
    big block a mapping of its own, returned as soon as it is freed. Called once by a long-running process (the
    app) before it opens a conference."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes  # only here: a one-shot command does not pay for it

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (AttributeError, OSError):  # not glibc (musl has no mallopt)
        return
    mallopt(_M_MMAP_THRESHOLD, _BIG_BLOCK)


#: glibc's mallopt parameter for the size from which a block gets a mapping of its own, and the size set.
_M_MMAP_THRESHOLD = -3
_BIG_BLOCK = 256 * 1024
