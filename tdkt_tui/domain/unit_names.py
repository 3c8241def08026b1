"""Unit names as people write them: one matcher for every import (rosters, score workbooks).

A roster or a workbook names a unit its own way: another case, no diacritics, an en dash for a hyphen, a comma
more, ủy for uỷ, or without the "tỉnh"/"Tỉnh uỷ" that ends its name in the conference. :func:`unit_key` makes
those the same; :meth:`UnitIndex.match` also says when a name is the same but for that suffix, and which unit a
mistyped name only looks like (a suggestion, never a silent merge).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from tdkt_tui.domain.i18n import N_
from tdkt_tui.domain.labels import Labelled
from tdkt_tui.domain.model import Unit
from tdkt_tui.domain.text import fold


class UnitMatch(Labelled):
    """How a unit name of the file was matched to the conference's units."""

    SAME = "same", N_("known unit")
    SUFFIX = "suffix", N_("known unit, without “tỉnh”/“Tỉnh uỷ”")
    SUGGESTED = "suggested", N_("looks like a known unit")
    NEW = "new", N_("new guest body")


_KEY_WORDS = re.compile(r"[a-z0-9]+")
#: A trailing "tỉnh uỷ", or "tỉnh" and up to three words of a province's name, folded.
_PROVINCE_SUFFIX = re.compile(r"(?: tinh uy| tinh(?: [a-z0-9]+){0,3})$")
#: How alike two names must be (difflib's ratio, folded, without the suffix) for a suggestion.
SUGGESTION_RATIO = 0.88


def unit_key(name: str) -> str:
    """``"Hội đồng Thi đua – Khen thưởng tỉnh"`` → ``"hoi dong thi dua khen thuong tinh"``: case, diacritics,
    dashes, punctuation and spacing do not count."""
    return " ".join(_KEY_WORDS.findall(fold(name)))


def _base(key: str) -> str:
    return _PROVINCE_SUFFIX.sub("", key)


class UnitIndex:
    """The conference's units by what a roster may write for them: name or short name (:func:`unit_key`)."""

    def __init__(self, units: Sequence[Unit]) -> None:
        self.units = list(units)
        self.by_key: dict[str, Unit] = {}
        for unit in units:
            self.by_key.setdefault(unit_key(unit.short_name), unit)
        for unit in units:
            self.by_key[unit_key(unit.name)] = unit
        self.by_key.pop("", None)
        self.by_base: dict[str, list[Unit]] = {}
        for unit in units:
            base = _base(unit_key(unit.name))
            if base:
                self.by_base.setdefault(base, []).append(unit)

    def find(self, name: str) -> Unit | None:
        """The unit of this exact name or short name (as :func:`unit_key` compares them)."""
        return self.by_key.get(unit_key(name))

    def match(self, name: str) -> tuple[Unit | None, UnitMatch]:
        """The unit ``name`` means, and how sure: the same name, the same but for "tỉnh"/"Tỉnh uỷ", or one it only
        looks like (a suggestion); (None, NEW) when none."""
        key = unit_key(name)
        if not key:
            return None, UnitMatch.NEW
        if key in self.by_key:
            return self.by_key[key], UnitMatch.SAME
        base = _base(key)
        same_base = self.by_base.get(base, []) if base else []
        if len(same_base) == 1:
            return same_base[0], UnitMatch.SUFFIX
        candidates = same_base or self.units
        best: tuple[float, Unit | None] = (0.0, None)
        for unit in candidates:
            ratio = difflib.SequenceMatcher(None, base, _base(unit_key(unit.name))).ratio()
            if ratio > best[0]:
                best = (ratio, unit)
        if best[1] is not None and (same_base or best[0] >= SUGGESTION_RATIO):
            return best[1], UnitMatch.SUGGESTED
        return None, UnitMatch.NEW
