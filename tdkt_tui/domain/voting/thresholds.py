"""The exact numbers of a vote: thresholds, what they are a share of, seats given as a share, percentages shown.

Every decision is made with integers and :class:`~fractions.Fraction` (docs/domain.md#thresholds-and-their-bases):
"at least two thirds of 9 is 6, not 7"; "at most 50 % of 7 remaining units is 3". Percentages are only shown, with
2 decimals rounded half up.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from tdkt_tui.domain.errors import ValidationError
from tdkt_tui.domain.i18n import N_
from tdkt_tui.domain.labels import Labelled
from tdkt_tui.domain.model import enum_or
from tdkt_tui.domain.text import clean

MAX_SEATS = 100


class Rule(Labelled):
    MORE_THAN_HALF = "more_than_half", N_("More than half")
    AT_LEAST_TWO_THIRDS = "at_least_two_thirds", N_("At least two thirds")
    AT_LEAST_70 = "at_least_70", N_("At least 70%")
    AT_LEAST_80 = "at_least_80", N_("At least 80%")
    CUSTOM = "custom", N_("Custom fraction")


_RULES: dict[Rule, tuple[Fraction, bool]] = {
    Rule.MORE_THAN_HALF: (Fraction(1, 2), True),
    Rule.AT_LEAST_TWO_THIRDS: (Fraction(2, 3), False),
    Rule.AT_LEAST_70: (Fraction(7, 10), False),
    Rule.AT_LEAST_80: (Fraction(4, 5), False),
}


class Base(Labelled):
    """What the threshold is a fraction of."""

    VALID_BALLOTS = "valid_ballots", N_("Valid ballots")
    BALLOTS_ISSUED = "ballots_issued", N_("Ballots issued")
    ELIGIBLE_VOTERS = "eligible_voters", N_("Eligible voters")


@dataclass(frozen=True)
class Threshold:
    """More than (``strict``) or at least ``fraction`` of the base. For the named rules the fraction and the
    strictness come from the rule; only ``Rule.CUSTOM`` uses the fields."""

    rule: Rule = Rule.MORE_THAN_HALF
    fraction: Fraction = Fraction(1, 2)
    strict: bool = False

    def __post_init__(self) -> None:
        if self.rule in _RULES:  # a named rule's numbers are the rule's, whatever was passed
            fraction, strict = _RULES[self.rule]
            object.__setattr__(self, "fraction", fraction)
            object.__setattr__(self, "strict", strict)
        else:
            object.__setattr__(self, "fraction", Fraction(self.fraction))

    @classmethod
    def custom(cls, fraction: Fraction | str, strict: bool = False) -> Threshold:
        """A threshold of any fraction; one equal to a named rule is stored as that rule."""
        if isinstance(fraction, str):
            fraction = parse_fraction(fraction)
        fraction = Fraction(fraction)
        for rule, exact in _RULES.items():
            if exact == (fraction, strict):
                return cls(rule)
        return cls(Rule.CUSTOM, fraction, strict).validated()

    @property
    def exact(self) -> tuple[Fraction, bool]:
        """(fraction, strict) of the rule."""
        return self.fraction, self.strict

    def validated(self) -> Threshold:
        fraction, strict = self.exact
        if fraction <= 0 or fraction > 1 or (strict and fraction == 1):
            raise ValidationError("A threshold must be more than 0 and at most 100%.", field="threshold")
        return self

    def to_doc(self) -> dict[str, Any]:
        fraction, strict = self.exact
        return {"rule": self.rule.value, "fraction": f"{fraction.numerator}/{fraction.denominator}", "strict": strict}

    @classmethod
    def from_doc(cls, doc: dict[str, Any] | None) -> Threshold:
        doc = doc or {}
        rule = enum_or(Rule, doc.get("rule", Rule.MORE_THAN_HALF.value), Rule.MORE_THAN_HALF)
        return cls(rule, Fraction(str(doc.get("fraction", "1/2"))), bool(doc.get("strict", False)))

    def text(self) -> str:
        """"> 1/2", "≥ 2/3", "≥ 80%": the rule in one short line (the same in both languages)."""
        fraction, strict = self.exact
        sign = ">" if strict else "≥"
        hundred = fraction * 100
        if hundred.denominator == 1 and fraction.denominator not in (2, 3):
            return f"{sign} {hundred.numerator}%"
        return f"{sign} {fraction.numerator}/{fraction.denominator}"


def parse_fraction(text: str) -> Fraction:
    """A share typed as "3/4", "75%", "0.75" or "75,5%"; ValidationError when out of (0, 100 %]."""
    raw = clean(text).replace(" ", "")
    try:
        if raw.endswith("%"):
            value = Fraction(raw[:-1].replace(",", ".")) / 100
        else:
            value = Fraction(raw.replace(",", "."))
    except (ValueError, ZeroDivisionError) as exc:
        raise ValidationError(
            "“{value}” is not a threshold; type a fraction such as 3/4 or a percentage such as 75%.",
            field="threshold", value=text,
        ) from exc
    if value <= 0 or value > 1:
        raise ValidationError("A threshold must be more than 0 and at most 100%.", field="threshold")
    return value


def votes_needed(threshold: Threshold, base_count: int) -> int:
    """The least number of votes meeting the threshold on ``base_count``, exactly.

    More than half of 10 is 6; at least 2/3 of 9 is 6 and of 10 is 7; at least 80% of 11 is 9.
    """
    fraction, strict = threshold.validated().exact
    if base_count < 0:
        raise ValueError("negative base")
    exact = fraction * base_count
    floor = exact.numerator // exact.denominator
    if strict:
        return floor + 1
    return floor + (1 if exact.denominator != 1 else 0)


def meets(threshold: Threshold, votes: int, base_count: int) -> bool:
    """Whether ``votes`` meet the threshold on ``base_count`` (exactly; nothing meets a threshold of an empty base)."""
    fraction, strict = threshold.validated().exact
    if base_count <= 0:
        return False
    share = Fraction(votes, base_count)
    return share > fraction if strict else share >= fraction


def percent(votes: int, base: int) -> str:
    """``votes`` as a percentage of ``base``, 2 decimals, rounded half up ("66.67"); "0.00" on an empty base."""
    if base <= 0:
        return "0.00"
    value = Decimal(votes * 100) / Decimal(base)
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


# -- seats ---------------------------------------------------------------------------------------------------------


class QuotaOf(Labelled):
    """How the number of seats is given: a number, or a share of some units, rounded down."""

    SEATS = "seats", N_("A number of seats")
    MEMBER_UNITS = "member_units", N_("A share of the member units")
    REMAINING_UNITS = "remaining_units", N_("A share of the units remaining after the higher awards")


@dataclass(frozen=True)
class Quota:
    """The seats of a poll as the rule gives them: ``seats``, or ``share`` of the member units (or of those not
    chosen for a higher award at this conference), rounded down: "at most 50 %" of 7 is 3."""

    seats: int = 1
    share: Fraction = Fraction(0)
    of: QuotaOf = QuotaOf.SEATS

    @property
    def is_share(self) -> bool:
        return self.of is not QuotaOf.SEATS

    def count(self, members: int, remaining: int) -> int:
        """The number of seats, exactly, rounded down."""
        if not self.is_share:
            return self.seats
        units = members if self.of is QuotaOf.MEMBER_UNITS else remaining
        exact = self.share * units
        return exact.numerator // exact.denominator

    def text(self) -> str:
        """"2", "20%", "1/3": the rule as typed, without the units it is a share of."""
        if not self.is_share:
            return str(self.seats)
        hundred = self.share * 100
        if hundred.denominator == 1:
            return f"{hundred.numerator}%"
        return f"{self.share.numerator}/{self.share.denominator}"

    def to_doc(self) -> dict[str, Any]:
        return {"of": self.of.value, "seats": self.seats,
                "share": f"{self.share.numerator}/{self.share.denominator}"}

    @classmethod
    def from_doc(cls, doc: dict[str, Any] | None, seats: int) -> Quota:
        if not doc:
            return cls(seats)
        return cls(int(doc.get("seats", seats)), Fraction(str(doc.get("share", "0"))),
                   enum_or(QuotaOf, doc.get("of"), QuotaOf.SEATS))
