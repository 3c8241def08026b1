"""Each person's QR code as PNG and SVG, drawn on every core: the costly part of the badges.

The QR holds the 16 digits of :func:`tdkt_tui.domain.checkin.code_of` and nothing else (digits only, so a
keyboard-wedge scanner types them through Unikey untouched), at error correction level Q: a quarter of the symbol
can be scratched, folded or smudged and it still scans.

This module imports only qrcode and what writes an export: the worker processes that draw the codes import it
and nothing else of the app (no store, no python-docx), so they start in a few hundredths of a second.
"""

from __future__ import annotations

import multiprocessing
import os
import struct
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import qrcode
import qrcode.constants

from tdkt_tui.domain.exports import export_into

#: Error correction Q (about 25 % of the symbol recoverable); with 16 digits the symbol is still version 1 (21 × 21).
ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_Q
QUIET_ZONE = 4  # modules of white around the symbol, as the standard asks
#: The mask pattern, fixed. Choosing it by the standard's penalty score builds and scores the symbol eight times
#: (nine tenths of a symbol's cost) to avoid look-alikes of the finder patterns in large symbols; a decoder reads
#: any of the eight, and a version 1 symbol of digits scans with this one (tests/documents/test_badges.py decodes
#: every person's code, and codes across the whole id range).
MASK = 0
#: Pixels per module of the PNGs: 29 modules × 16 px = 464 px, about 370 dpi at 32 mm, crisp on any printer.
BADGE_BOX_SIZE = 16

Matrix = list[list[bool]]


def symbol(code: str) -> qrcode.QRCode:
    """The symbol of ``code``, made."""
    made = qrcode.QRCode(error_correction=ERROR_CORRECTION, border=QUIET_ZONE, mask_pattern=MASK)
    made.add_data(code)  # digits only: numeric mode, the most compact
    made.make(fit=True)
    return made


def matrix(code: str) -> Matrix:
    """The modules of ``code``'s symbol, quiet zone included, row by row (True: dark)."""
    return symbol(code).get_matrix()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(modules: Matrix, box_size: int) -> bytes:
    """A black-and-white PNG (1 bit a pixel), ``box_size`` pixels a module, written directly: each row of modules is
    one row of bits, and the ``box_size - 1`` rows under it say "as above" (PNG's Up filter: all zeros), which
    compress at the fastest level as well as anything — a quarter of the time Pillow takes to enlarge and encode."""
    size = len(modules) * box_size
    light = (1 << box_size) - 1  # in a 1-bit grey PNG, 1 is white
    pad = (-size) % 8
    width = (size + pad) // 8
    as_above = (b"\x02" + bytes(width)) * (box_size - 1)
    rows = []
    for row in modules:
        bits = 0
        for dark in row:
            bits = (bits << box_size) | (0 if dark else light)
        rows.append(b"\x00" + (bits << pad).to_bytes(width, "big") + as_above)  # filter 0 (none), then Up
    header = struct.pack(">IIBBBBB", size, size, 1, 0, 0, 0, 0)  # 1 bit, greyscale, deflate, no interlace
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(b"".join(rows), 1))
            + _chunk(b"IEND", b""))


def svg(modules: Matrix) -> str:
    """The document qrcode's ``SvgPathFillImage`` writes (one module 1 mm, a square per dark module), written from
    the modules directly: the same bytes, without a drawer object called per module."""
    size = len(modules)
    path = "".join(f"M{x},{y}H{x + 1}V{y + 1}H{x}z" for y, row in enumerate(modules) for x, dark in enumerate(row)
                   if dark)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<svg width="{size}mm" height="{size}mm" version="1.1" viewBox="0 0 {size} {size}" '
            'xmlns="http://www.w3.org/2000/svg"><rect fill="white" x="0" y="0" width="100%" height="100%"/>'
            f'<path d="{path}" id="qr-path" fill="#000000" fill-opacity="1" fill-rule="nonzero" stroke="none"/>'
            "</svg>\n")


Job = tuple[str, Path, str]


def draw(jobs: list[Job]) -> list[bytes]:
    """For each (code, folder, stem): write ``stem.png`` and ``stem.svg`` of the code into ``folder`` (new files),
    and give the PNG back for the badge."""
    drawn = []
    for code, folder, stem in jobs:
        modules = matrix(code)
        picture = png(modules, BADGE_BOX_SIZE)
        export_into(folder, f"{stem}.png", picture)
        export_into(folder, f"{stem}.svg", svg(modules).encode("utf-8"))
        drawn.append(picture)
    return drawn


#: Below this many codes one process draws them all (starting the others would cost more than it saves).
PARALLEL_FROM = 200


@contextmanager
def drawings(jobs: list[Job]) -> Iterator[Iterator[bytes]]:
    """:func:`draw` of ``jobs``, in order, on every core for a large list (spawned processes: safe beside the
    app's threads, and on Windows alike; each imports this module only); drawn here when no process can be
    started. The processes start on entering, so the caller's own work overlaps theirs until it takes the first
    picture; leaving stops whatever is left."""
    workers = min(os.cpu_count() or 1, 8)
    if workers < 2 or len(jobs) < PARALLEL_FROM:
        yield (picture for job in jobs for picture in draw([job]))
        return
    chunk = max(25, len(jobs) // (workers * 8))
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        futures = []
        with suppress(BrokenProcessPool):  # met again below, where it falls back to drawing here
            for start in range(0, len(jobs), chunk):
                futures.append(pool.submit(draw, jobs[start: start + chunk]))
        yield _collect(futures, jobs)
    finally:
        pool.shutdown(cancel_futures=True)


def _collect(futures: list[Future[list[bytes]]], jobs: list[Job]) -> Iterator[bytes]:
    done = 0
    try:
        for future in futures:
            for picture in future.result():
                yield picture
                done += 1
    except BrokenProcessPool:  # no process could start (a script without a __main__ guard…)
        if done:
            raise
    for job in jobs[done:]:
        yield from draw([job])
