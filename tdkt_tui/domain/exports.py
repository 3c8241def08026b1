"""What every exported file shares: a new file that never replaces an older export, the order of people in printed
lists (units in their order, then Vietnamese alphabetical order of names), and ASCII file names.

This is the one place export files and folders are created: in the conference's ``exports/``, or, for a read-only
conference, in tdkt's own folder (``exports/<conference folder>``). Every file is private (0600, folders 0700), is
written whole or not at all (a document is built in memory first, so a full disk leaves no half file and no
half-closed zip behind), and a failure is one sentence naming the file.
"""

from __future__ import annotations

import datetime as dt
import errno
import io
import os
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from tdkt_tui.domain.errors import StoreError
from tdkt_tui.domain.files import create_private, new_private_dir, private_dir, write_new_private
from tdkt_tui.domain.i18n import _
from tdkt_tui.domain.locations import user_dir
from tdkt_tui.domain.model import Attendee, Unit
from tdkt_tui.domain.text import fold

if TYPE_CHECKING:  # annotations only: the processes that draw QR codes write through here without loading a store
    from tdkt_tui.domain.conference import Conference

EXPORTS = "exports"


def write_error(path: Path, exc: OSError) -> StoreError:
    """One sentence for a file that could not be written: a full disk, a read-only place, or another reason."""
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return StoreError("Cannot write {path}: the disk is full; nothing was written there, so free some space and "
                          "try again.", path=str(path))
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StoreError("Cannot write to {path}: {reason}. Check the folder is not read-only.", path=str(path),
                          reason=reason)
    return StoreError("Cannot write {path} ({reason}); nothing was written there.", path=str(path), reason=reason)


def exports_folder(conference: Conference) -> Path:
    """Where exports go: the conference's ``exports/``, or for a read-only conference tdkt's own folder."""
    if conference.read_only:
        folder = user_dir() / EXPORTS / (slug(conference.folder.resolve().name) or "conference")
    else:
        folder = conference.folder / EXPORTS
    try:
        return private_dir(folder, parents=conference.read_only)
    except OSError as exc:
        raise write_error(folder, exc) from exc


def _new_name(folder: Path, stem: str, suffix: str) -> Path:
    """A name in ``folder`` stamped with the time, not yet taken."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = folder / f"{stem}-{stamp}{suffix}"
    n = 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{stem}-{stamp}-{n}{suffix}"
    return candidate


@contextmanager
def export_file(conference: Conference, stem: str, suffix: str) -> Iterator[tuple[Path, BinaryIO]]:
    """A new file ``<exports>/<stem>-<time><suffix>`` (see :func:`exports_folder`) and a handle to write it with.

    Two exports in the same second, even from two desks, get two files: the name is taken exclusively at once. What
    is written goes to memory and onto the disk when the block ends; if anything fails the file is removed and a
    :class:`StoreError` names it.
    """
    folder = exports_folder(conference)
    while True:
        path = _new_name(folder, stem, suffix)
        try:
            fd = create_private(path)
        except FileExistsError:
            continue
        except OSError as exc:
            raise write_error(path, exc) from exc
        break
    buffer = io.BytesIO()
    try:
        with os.fdopen(fd, "wb") as handle:
            yield path, buffer
            handle.write(buffer.getbuffer())
    except BaseException as exc:
        with suppress(OSError):
            path.unlink()
        if isinstance(exc, OSError):
            raise write_error(path, exc) from exc
        raise


def export_dir(conference: Conference, stem: str) -> Path:
    """A new, empty folder ``<exports>/<stem>-<time>`` (fill it with :func:`export_into`)."""
    folder = exports_folder(conference)
    while True:
        path = _new_name(folder, stem, "")
        try:
            new_private_dir(path)
        except FileExistsError:
            continue
        except OSError as exc:
            raise write_error(path, exc) from exc
        return path


def export_into(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` as the new file ``name`` of an export folder; a file cut short is removed, never left."""
    path = folder / name
    try:
        write_new_private(path, data)
    except OSError as exc:
        raise write_error(path, exc) from exc
    return path


def slug(text: str, limit: int = 60) -> str:
    """``Đỗ Đức Hùng`` → ``do-duc-hung``: a file name that survives USB sticks, zip files and old Windows."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text).encode("ascii", "ignore").decode())[:limit].strip("-")


# -- Vietnamese alphabetical order -------------------------------------------------------------------------------

#: The Vietnamese alphabet, with f j w z for foreign names: ă â after a, đ after d, ê after e, ô ơ after o, ư after u.
_ALPHABET = {letter: rank for rank, letter in enumerate("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")}
_LETTER_MARKS = frozenset("\u0306\u0302\u031b")  # breve, circumflex, horn: part of the letter, not a tone
#: Tones in dictionary order: level, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _word_key(word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    letters: list[int] = []
    tones: list[int] = []
    for ch in word.casefold():
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", parts[0] + "".join(m for m in parts[1:] if m in _LETTER_MARKS))
        letters.append(_ALPHABET.get(base, 100 + ord(parts[0])))
        tones.append(next((_TONES[m] for m in parts[1:] if m in _TONES), 0))
    return tuple(letters), tuple(tones)


def name_key(full_name: str) -> tuple[object, ...]:
    """Vietnamese list order: by given name (the last word), then family and middle names.

    Each word compares by letters in the Vietnamese alphabet, then by tone (Dung, Dũng, Dụng are three names).
    """
    words = full_name.split()
    return tuple(_word_key(w) for w in [*words[-1:], *words[:-1]]), full_name


@dataclass(frozen=True)
class UnitGroup:
    """The people of one unit (``unit`` None: people without a unit), in list order."""

    unit: Unit | None
    people: list[Attendee]

    @property
    def label(self) -> str:
        return self.unit.name if self.unit is not None else _("(no unit)")

    @property
    def present(self) -> int:
        return sum(1 for p in self.people if p.present)


def unit_groups(conference: Conference, people: list[Attendee] | None = None, *,
                include_empty_members: bool = False) -> list[UnitGroup]:
    """People by unit: member units in their order, then guest bodies, then people without a unit.

    Within a unit people follow Vietnamese alphabetical order (:func:`name_key`). Member units nobody is listed for
    are kept (as empty groups) when ``include_empty_members``: for the quorum they are absent units.
    """
    people = conference.attendees() if people is None else people
    units = conference.units()
    known = {u.id for u in units}
    by_unit: dict[int | None, list[Attendee]] = {}
    for person in people:
        by_unit.setdefault(person.unit_id if person.unit_id in known else None, []).append(person)
    groups = []
    for unit in [*(u for u in units if u.is_member), *(u for u in units if not u.is_member)]:
        members = by_unit.get(unit.id, [])
        if members or (include_empty_members and unit.is_member):
            groups.append(UnitGroup(unit, sorted(members, key=lambda p: name_key(p.full_name))))
    if None in by_unit:
        groups.append(UnitGroup(None, sorted(by_unit[None], key=lambda p: name_key(p.full_name))))
    return groups


def in_list_order(conference: Conference, people: list[Attendee] | None = None) -> list[Attendee]:
    """People in the order of every printed list (see :func:`unit_groups`)."""
    return [p for g in unit_groups(conference, people) for p in g.people]
