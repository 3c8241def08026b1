"""Numbers and conditions as a document writes them: in words, never in symbols (docs/glossary.md#rules-of-writing).

"quá một nửa", "từ 2/3 trở lên", "từ 70% trở lên"; times as "8 giờ 05 phút"; a time not recorded as a gap to fill
by hand ("…… giờ …… phút"), never a value that was not typed.
"""

from __future__ import annotations

from fractions import Fraction

from tdkt_tui.domain.i18n import _
from tdkt_tui.domain.proceedings import TIME


def share_words(fraction: Fraction, strict: bool) -> str:
    """"quá một nửa" (more than half), "từ 2/3 trở lên" (at least two thirds), "từ 70% trở lên", "quá 3/4"."""
    if fraction == Fraction(1, 2):
        return _("more than half") if strict else _("at least half")
    hundred = fraction * 100
    share = f"{hundred.numerator}%" if hundred.denominator == 1 and fraction.denominator not in (2, 3) else \
        f"{fraction.numerator}/{fraction.denominator}"
    return _("more than {share}", share=share) if strict else _("at least {share}", share=share)


def threshold_words(threshold: object) -> str:
    """A voting threshold (anything with ``exact`` = (fraction, strict)) in words."""
    fraction, strict = threshold.exact  # type: ignore[attr-defined]
    return share_words(Fraction(fraction), bool(strict))


def clock(value: str) -> str:
    """"8 giờ 05 phút" for "08:05"; "…… giờ …… phút" when no time is recorded."""
    match = TIME.fullmatch(value or "")
    if match is None:
        return _("{hour} h {minute} min", hour="……", minute="……")
    return _("{hour} h {minute} min", hour=str(int(match.group(1))), minute=match.group(2))


__all__ = ["clock", "share_words", "threshold_words"]
