"""Unit reports and scoring (docs/domain.md#reports-and-scoring).

Each member unit sends an annual report and a self-score against the bloc's scoring table; the leader unit verifies
the scores; the ranking by verified total guides the nominations. Three tables of the store hold it:

``criteria``
    The scoring table: one document per item (criterion, bonus or penalty), with its code as printed in the bloc's
    table ("1.2", "C1", "T1"), its maximum and its place in the list.
``scores``
    One document per (member unit, item) that has anything: the self score, the verified score, the evidence.
``reports``
    One document per member unit, under the unit's own id: when the report came, where its file is, highlights and
    the award the unit proposes.

Points are :class:`~decimal.Decimal` with at most 2 decimals, never float; typed in with a decimal comma ("9,5") or
point ("9.5") through :func:`parse_points`. A penalty item's number is the points deducted (0 up to its maximum),
subtracted in the totals. Scores can also come from an Excel workbook (:func:`read_score_workbook`, previewed, then
:func:`commit_scores` all or nothing) and go out as one (:func:`write_score_workbook`), in a layout that reads back
unchanged.

No Textual here: the scoring screen, the import screen and the CLI all call this module.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from tdkt_tui.domain.conference import UNITS, Conference
from tdkt_tui.domain import validation
from tdkt_tui.domain.errors import TdktError, ValidationError
from tdkt_tui.domain.i18n import N_, decimal
from tdkt_tui.domain.labels import Labelled
from tdkt_tui.domain.model import Unit, parse_date_field
from tdkt_tui.domain.store import Doc, Transaction
from tdkt_tui.domain.text import SourceEncoding, clean, fold, format_date

CRITERIA, SCORES, REPORTS = "criteria", "scores", "reports"
EXPORT_STEM = "bang-diem"

MAX_CODE_CHARS = 20
MAX_TITLE_CHARS = 500
MAX_GROUP_CHARS = 300
MAX_EVIDENCE_CHARS = 2000
MAX_HIGHLIGHTS_CHARS = 5000
MAX_PATH_CHARS = 1000
MAX_AWARD_CHARS = 200
#: Points have at most this many digits before the decimal separator (999999,99 at most).
MAX_POINT_DIGITS = 6
#: A report may be dated at most this long after today (a desk whose clock is a little behind).
FUTURE_GRACE = dt.timedelta(days=1)

_CENT = Decimal("0.01")
_ZERO = Decimal(0)


class ItemKind(Labelled):
    """An item of the scoring table: a criterion, a bonus (added) or a penalty (deducted)."""

    CRITERION = "criterion", N_("Criterion")
    BONUS = "bonus", N_("Bonus")
    PENALTY = "penalty", N_("Penalty")


@dataclass(frozen=True)
class Criterion:
    """One item of the bloc's scoring table."""

    code: str  # as printed in the bloc's table: "I", "1", "1.2", "C1", "T1"...
    title: str
    max_points: Decimal  # > 0, at most 2 decimals
    group: str = ""  # e.g. "I. Thực hiện nhiệm vụ chính trị"
    kind: ItemKind = ItemKind.CRITERION
    order: int = 0
    id: int | None = None


@dataclass(frozen=True)
class Score:
    """What one member unit got for one item: self score, verified score (None: not given) and evidence."""

    unit_id: int
    criterion_id: int
    self_score: Decimal | None = None
    verified: Decimal | None = None
    evidence: str = ""

    @property
    def is_empty(self) -> bool:
        return self.self_score is None and self.verified is None and not self.evidence


@dataclass(frozen=True)
class Report:
    """A member unit's annual report: when it came, its file, highlights, the award the unit proposes."""

    unit_id: int
    received: dt.date | None = None
    file_path: str = ""
    highlights: str = ""
    proposed_award: str = ""

    @property
    def is_received(self) -> bool:
        return self.received is not None

    @property
    def is_empty(self) -> bool:
        return self.received is None and not (self.file_path or self.highlights or self.proposed_award)


@dataclass(frozen=True)
class Standing:
    """One line of the ranking. ``rank`` 0: not ranked (the unit has no verified score yet)."""

    unit: Unit
    self_total: Decimal
    verified_total: Decimal
    rank: int
    tied: bool
    complete: bool  # every criterion (ItemKind.CRITERION; bonus and penalty may stay blank) has a verified score


@dataclass(frozen=True)
class ScoreIssue:
    """A problem cell of a workbook: ``where`` is "Sheet!C5", ``reason`` is in the interface language."""

    where: str
    reason: str


@dataclass(frozen=True)
class ScorePreview:
    """What importing a workbook would store; nothing is written until :func:`commit_scores`.

    ``values`` holds, for every (unit, item) the file gives anything for, the score as it will be stored: the values
    the file gives, and the stored ones for what it leaves blank or has no column for (a blank cell never clears a
    score). ``given`` says which of (self, verified, evidence) came from the file; :func:`commit_scores` takes the
    others again from the store at commit time. Without ``given`` entries all three values are written as they are.
    """

    source: Path
    values: list[tuple[int, int, Decimal | None, Decimal | None, str]]  # unit, criterion, self, verified, evidence
    issues: list[ScoreIssue]
    sheets: list[str]  # the sheets read as scoring tables
    given: dict[tuple[int, int], tuple[bool, bool, bool]] = field(default_factory=dict, compare=False)
    encoding: SourceEncoding = SourceEncoding.UNICODE  # how the workbook's text was typed (TCVN3, VNI: converted)
    converted: int = 0  # cells converted from a legacy encoding


# -- points --------------------------------------------------------------------------------------------------------

_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]+)?|[.,][0-9]+)")


def canonical_points(value: Decimal) -> Decimal:
    """``9.50`` → ``9.5``, ``10.00`` → ``10``, ``-0`` → ``0`` (never the exponent form ``1E+1``)."""
    value = value + 0
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def shown_text(text: str) -> str:
    return text if len(text) <= 30 else text[:29] + "…"


def _checked_decimal(value: Decimal, field_name: str) -> Decimal:
    shown = shown_text(str(value))
    if not value.is_finite():
        raise ValidationError("“{value}” is not a number of points; type it as 9 or 9,5.", field=field_name,
                              value=shown)
    if abs(value) >= Decimal(10) ** MAX_POINT_DIGITS:
        raise ValidationError("“{value}” is too large a number of points.", field=field_name, value=shown)
    if value != value.quantize(_CENT):
        raise ValidationError("“{value}” has more than 2 decimals; points have at most 2, for example 9,25.",
                              field=field_name, value=shown)
    return canonical_points(value)


def parse_points(text: str, field: str) -> Decimal | None:
    """Points as typed: ``""`` → None; ``"9"``, ``"9,5"`` (decimal comma), ``"9.50"`` → Decimal.

    Anything else — ``"abc"``, ``"1e3"``, ``"NaN"``, more than 2 decimals — raises :class:`ValidationError` naming
    ``field``; nothing else is ever raised. A minus sign is read (the callers reject negative scores with a message
    that names the criterion). A :class:`Decimal` or an ``int`` is checked the same way.
    """
    if text is None:
        return None
    if isinstance(text, Decimal):
        return _checked_decimal(text, field)
    if isinstance(text, int) and not isinstance(text, bool):
        return _checked_decimal(Decimal(text), field)
    value = clean(text)
    if not value:
        return None
    if not _NUMBER.fullmatch(value):
        raise ValidationError("“{value}” is not a number of points; type it as 9 or 9,5.", field=field,
                              value=shown_text(value))
    whole, _sep, decimals = value.lstrip("+-").replace(",", ".").partition(".")
    if len(decimals) > 2:
        raise ValidationError("“{value}” has more than 2 decimals; points have at most 2, for example 9,25.",
                              field=field, value=shown_text(value))
    if len(whole.lstrip("0")) > MAX_POINT_DIGITS:
        raise ValidationError("“{value}” is too large a number of points.", field=field, value=shown_text(value))
    return canonical_points(Decimal(value.replace(",", ".")))


def format_points(value: Decimal | None) -> str:
    """Points as shown: ``9,5`` in Vietnamese, ``9.5`` in English, ``10`` without decimals; None → ``""``."""
    if value is None:
        return ""
    text = format(canonical_points(value), "f")
    return decimal(text)


def points_value(value: object, field_name: str) -> Decimal | None:
    """Points from data (JSON, an Excel cell): text, int, Decimal, or a float rounded to cents when that is exact."""
    if value is None or isinstance(value, (str, Decimal)):
        return parse_points(value, field_name)  # type: ignore[arg-type]
    if isinstance(value, bool):
        raise ValidationError("“{value}” is not a number of points; type it as 9 or 9,5.", field=field_name,
                              value=str(value))
    if isinstance(value, int):
        return parse_points(value, field_name)  # type: ignore[arg-type]
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValidationError("“{value}” is not a number of points; type it as 9 or 9,5.", field=field_name,
                                  value=str(value))
        rounded = round(value, 2)
        if abs(value - rounded) > 1e-9 * max(1.0, abs(value)):
            raise ValidationError("“{value}” has more than 2 decimals; points have at most 2, for example 9,25.",
                                  field=field_name, value=shown_text(repr(value)))
        return _checked_decimal(Decimal(repr(rounded)), field_name)  # repr: the shortest exact text, "9.3"
    raise ValidationError("“{value}” is not a number of points; type it as 9 or 9,5.", field=field_name,
                          value=shown_text(clean(str(value))))


# -- documents -----------------------------------------------------------------------------------------------------


def _decimal_or_none(raw: object) -> Decimal | None:
    if raw is None or raw == "":
        return None
    try:
        value = Decimal(str(raw))
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def _criterion_doc(c: Criterion) -> Doc:
    return {"code": c.code, "title": c.title, "max_points": str(c.max_points), "group": c.group,
            "kind": c.kind.value, "order": c.order}


def _criterion_from_doc(doc_id: int, doc: Doc) -> Criterion:
    try:
        kind = ItemKind(doc.get("kind"))
    except ValueError:
        kind = ItemKind.CRITERION
    return Criterion(code=doc.get("code", ""), title=doc.get("title", ""),
                     max_points=_decimal_or_none(doc.get("max_points")) or _ZERO, group=doc.get("group", ""),
                     kind=kind, order=int(doc.get("order", 0)), id=doc_id)


def _score_doc(s: Score) -> Doc:
    return {"unit_id": s.unit_id, "criterion_id": s.criterion_id,
            "self_score": None if s.self_score is None else str(s.self_score),
            "verified": None if s.verified is None else str(s.verified), "evidence": s.evidence}


def score_from_doc(doc: Doc) -> Score:
    return Score(unit_id=int(doc.get("unit_id") or 0), criterion_id=int(doc.get("criterion_id") or 0),
                 self_score=_decimal_or_none(doc.get("self_score")), verified=_decimal_or_none(doc.get("verified")),
                 evidence=doc.get("evidence") or "")


def _report_doc(r: Report) -> Doc:
    return {"unit_id": r.unit_id, "received": r.received.isoformat() if r.received else None,
            "file_path": r.file_path, "highlights": r.highlights, "proposed_award": r.proposed_award}


def _report_from_doc(doc_id: int, doc: Doc) -> Report:
    received = None
    if doc.get("received"):
        try:
            received = dt.date.fromisoformat(doc["received"])
        except (TypeError, ValueError):
            received = None
    return Report(unit_id=int(doc.get("unit_id") or doc_id), received=received, file_path=doc.get("file_path", ""),
                  highlights=doc.get("highlights", ""), proposed_award=doc.get("proposed_award", ""))


# -- reading, with a cache per conference and store revision ---------------------------------------------------------

_CACHE: weakref.WeakKeyDictionary[Conference, dict[str, tuple[tuple[int, ...], Any]]] = weakref.WeakKeyDictionary()


def _cached(conference: Conference, key: str, tables: tuple[str, ...], build: Callable[[], Any]) -> Any:
    revision = conference.store.revision(*tables)
    entries = _CACHE.setdefault(conference, {})
    hit = entries.get(key)
    if hit is None or hit[0] != revision:
        hit = entries[key] = (revision, build())
    return hit[1]


def code_key(code: str) -> str:
    """The code compared for uniqueness and lookups: folded, without spaces and a trailing dot ("1.2." is "1.2")."""
    return fold(code).replace(" ", "").rstrip(".")


def criteria(conference: Conference) -> list[Criterion]:
    """The items of the scoring table in their order."""

    def build() -> list[Criterion]:
        items = [_criterion_from_doc(int(k), d) for k, d in conference.store.docs(CRITERIA).items()]
        return sorted(items, key=lambda c: (c.order, c.id or 0))

    return list(_cached(conference, "criteria", (CRITERIA,), build))


def get_criterion(conference: Conference, criterion_id: int) -> Criterion:
    doc = conference.store.get(CRITERIA, criterion_id) if type(criterion_id) is int and criterion_id > 0 else None
    if doc is None:
        raise ValidationError("There is no criterion with id {id}.", field="criterion_id", id=criterion_id)
    return _criterion_from_doc(criterion_id, doc)


def scores(conference: Conference) -> dict[tuple[int, int], Score]:
    """(unit id, criterion id) → score, for the units and items that exist (member units or not)."""

    def build() -> dict[tuple[int, int], Score]:
        units = conference.store.docs(UNITS)
        items = conference.store.docs(CRITERIA)
        found: dict[tuple[int, int], Score] = {}
        for _key, doc in sorted(conference.store.docs(SCORES).items(), key=lambda kv: int(kv[0])):
            score = score_from_doc(doc)
            if str(score.unit_id) in units and str(score.criterion_id) in items:
                found[score.unit_id, score.criterion_id] = score
        return found

    return dict(_cached(conference, "scores", (SCORES, CRITERIA, UNITS), build))


def score_ids(conference: Conference) -> dict[tuple[int, int], int]:
    """The document id of each stored (unit, criterion) score (read under the lock before writing)."""
    ids: dict[tuple[int, int], int] = {}
    for key, doc in sorted(conference.store.docs(SCORES).items(), key=lambda kv: int(kv[0])):
        ids[int(doc.get("unit_id") or 0), int(doc.get("criterion_id") or 0)] = int(key)
    return ids


def write_score(txn: Transaction, ids: dict[tuple[int, int], int], score: Score) -> None:
    """Put, add or (when nothing is left in it) remove a score; ``ids`` (from :func:`score_ids`) is kept current."""
    key = (score.unit_id, score.criterion_id)
    doc_id = ids.get(key)
    if score.is_empty:
        if doc_id is not None:
            txn.remove(SCORES, doc_id)
            del ids[key]
    elif doc_id is not None:
        txn.put(SCORES, doc_id, _score_doc(score))
    else:
        ids[key] = txn.insert(SCORES, _score_doc(score))


# -- the scoring table ---------------------------------------------------------------------------------------------


def _kind(value: object) -> ItemKind:
    if isinstance(value, ItemKind):
        return value
    try:
        return ItemKind(value or ItemKind.CRITERION.value)
    except ValueError:
        raise ValidationError("“{value}” is not a kind of item; use criterion, bonus or penalty.", field="kind",
                              value=shown_text(str(value))) from None


def _validated_criterion(c: Criterion) -> Criterion:
    """A cleaned copy, or a ValidationError naming the input to fix (the checks that need no store)."""
    maximum = c.max_points
    if not isinstance(maximum, Decimal):
        maximum = points_value(maximum, "max_points")
    else:
        maximum = _checked_decimal(maximum, "max_points")
    kind = _kind(c.kind)
    c = replace(c, code=clean(c.code), title=clean(c.title), group=clean(c.group), max_points=maximum, kind=kind)
    if not c.code:
        raise ValidationError("The criterion code is required.", field="code")
    if len(c.code) > MAX_CODE_CHARS:
        raise ValidationError("The code is too long (at most {limit} characters).", field="code",
                              limit=MAX_CODE_CHARS)
    if not c.title:
        raise ValidationError("The criterion title is required.", field="title")
    if len(c.title) > MAX_TITLE_CHARS:
        raise ValidationError("The text is too long (at most {limit} characters).", field="title",
                              limit=MAX_TITLE_CHARS)
    if len(c.group) > MAX_GROUP_CHARS:
        raise ValidationError("The text is too long (at most {limit} characters).", field="group",
                              limit=MAX_GROUP_CHARS)
    if maximum is None or maximum <= 0:
        raise ValidationError("The maximum points must be more than 0.", field="max_points")
    return c


def save_criterion(conference: Conference, c: Criterion) -> Criterion:
    """Add (``id`` None, placed last) or update an item of the scoring table; the stored order is kept on update.

    Rules: code and title required; the code is unique (ignoring case, diacritics, spaces and a trailing dot);
    the maximum is more than 0 with at most 2 decimals, and not below a score already given for the item.
    """
    c = _validated_criterion(c)
    with conference.store.transaction() as txn:
        current = criteria(conference)
        key = code_key(c.code)
        for other in current:
            if other.id != c.id and code_key(other.code) == key:
                raise ValidationError("A criterion with the code “{code}” already exists.", field="code",
                                      code=other.code)
        if c.id is None:
            c = replace(c, order=max((x.order for x in current), default=0) + 1)
            return replace(c, id=txn.insert(CRITERIA, _criterion_doc(c)))
        old = next((x for x in current if x.id == c.id), None)
        if old is None:
            raise ValidationError("This criterion was removed meanwhile.", field="code")
        c = replace(c, order=old.order)
        names = conference.unit_names()
        for (unit_id, criterion_id), score in scores(conference).items():
            if criterion_id != c.id:
                continue
            for value in (score.self_score, score.verified):
                if value is not None and value > c.max_points:
                    raise ValidationError(
                        "{unit} already has {score} points for criterion {code}, above the new maximum {max}; "
                        "change that score first.",
                        field="max_points", unit=names.get(unit_id, ""), score=format_points(value), code=c.code,
                        max=format_points(c.max_points))
        txn.put(CRITERIA, c.id, _criterion_doc(c))
    return c


def remove_criterion(conference: Conference, criterion_id: int) -> None:
    """Remove an item and every score given for it, in one transaction."""
    with conference.store.transaction() as txn:
        if conference.store.get(CRITERIA, criterion_id) is None:
            return
        for (_unit_id, c_id), doc_id in score_ids(conference).items():
            if c_id == criterion_id:
                txn.remove(SCORES, doc_id)
        txn.remove(CRITERIA, criterion_id)


def move_criterion(conference: Conference, criterion_id: int, step: int) -> None:
    """Move an item up (``step`` < 0) or down the table."""
    conference.reorder(CRITERIA, lambda: criteria(conference), criterion_id, step)


# -- scores --------------------------------------------------------------------------------------------------------


def member_unit(conference: Conference, unit_id: int, *, report: bool = False) -> Unit:
    """The member unit ``unit_id``; a ValidationError for an unknown id or a guest body."""
    unit = conference.unit(unit_id) if type(unit_id) is int and unit_id > 0 else None
    if unit is None:
        raise ValidationError("There is no unit with id {id}.", field="unit_id", id=unit_id)
    if not unit.is_member:
        if report:
            raise ValidationError("{unit} is a guest body; reports are kept for member units only.",
                                  field="unit_id", unit=unit.name)
        raise ValidationError("{unit} is a guest body; only member units are scored.", field="unit_id",
                              unit=unit.name)
    return unit


def check_points(value: Decimal | None, c: Criterion, field_name: str) -> None:
    """A score is 0 up to the item's maximum (for a penalty: the points deducted)."""
    if value is None:
        return
    if value < 0:
        raise ValidationError("The score {score} of criterion {code} is negative; scores are 0 or more.",
                              field=field_name, score=format_points(value), code=c.code)
    if value > c.max_points:
        raise ValidationError("The score {score} is above the maximum {max} of criterion {code}.",
                              field=field_name, score=format_points(value), max=format_points(c.max_points),
                              code=c.code)


def clean_evidence(text: object) -> str:
    value = clean(text, multiline=True)
    if len(value) > MAX_EVIDENCE_CHARS:
        raise ValidationError("The text is too long (at most {limit} characters).", field="evidence",
                              limit=MAX_EVIDENCE_CHARS)
    return value


def set_score(conference: Conference, unit_id: int, criterion_id: int, *,
              self_score: str | Decimal | None = ..., verified: str | Decimal | None = ...,  # type: ignore[assignment]
              evidence: str | None = None) -> Score:
    """Change a member unit's score for one item and return the score as stored.

    A keyword not given (``...`` for the points, ``None`` for the evidence) leaves the stored value; ``""`` (or
    ``None`` for the points) clears it. Points are text as typed ("9,5", "9.5") or Decimal.
    """
    new_self = None if self_score is ... else parse_points(self_score, "self_score")  # type: ignore[arg-type]
    new_verified = None if verified is ... else parse_points(verified, "verified")  # type: ignore[arg-type]
    new_evidence = None if evidence is None else clean_evidence(evidence)
    with conference.store.transaction() as txn:
        member_unit(conference, unit_id)
        item = get_criterion(conference, criterion_id)
        if self_score is not ...:
            check_points(new_self, item, "self_score")
        if verified is not ...:
            check_points(new_verified, item, "verified")
        ids = score_ids(conference)
        doc_id = ids.get((unit_id, criterion_id))
        doc = conference.store.get(SCORES, doc_id) if doc_id is not None else None
        old = score_from_doc(doc) if doc is not None else Score(unit_id, criterion_id)
        score = Score(
            unit_id=unit_id,
            criterion_id=criterion_id,
            self_score=old.self_score if self_score is ... else new_self,
            verified=old.verified if verified is ... else new_verified,
            evidence=old.evidence if new_evidence is None else new_evidence,
        )
        if score != old:
            write_score(txn, ids, score)
    return score


def _signed(c: Criterion, value: Decimal | None) -> Decimal:
    if value is None:
        return _ZERO
    return -value if c.kind is ItemKind.PENALTY else value


def _unit_figures(items: list[Criterion], values: dict[tuple[int, int], Score],
                  unit_id: int) -> tuple[Decimal, Decimal, bool, bool]:
    """(self total, verified total, has any verified score, every criterion verified)."""
    own = verified = _ZERO
    any_verified, complete = False, any(c.kind is ItemKind.CRITERION for c in items)
    for c in items:
        score = values.get((unit_id, c.id or 0))
        if score is None:
            if c.kind is ItemKind.CRITERION:
                complete = False
            continue
        own += _signed(c, score.self_score)
        verified += _signed(c, score.verified)
        any_verified = any_verified or score.verified is not None
        if c.kind is ItemKind.CRITERION and score.verified is None:
            complete = False
    return canonical_points(own), canonical_points(verified), any_verified, complete


def totals(conference: Conference, unit_id: int) -> tuple[Decimal, Decimal]:
    """(self total, verified total) of a unit: criteria + bonus − penalty, blanks counting 0."""
    own, verified, _any, _complete = _unit_figures(criteria(conference), scores(conference), unit_id)
    return own, verified


@dataclass(frozen=True)
class Parts:
    """A unit's verified points as the total is made of them: criteria + bonus − penalty (the penalty is the points
    deducted, 0 or more)."""

    criteria: Decimal
    bonus: Decimal
    penalty: Decimal

    @property
    def total(self) -> Decimal:
        return canonical_points(self.criteria + self.bonus - self.penalty)


def verified_parts(conference: Conference, unit_id: int) -> Parts:
    """The verified points of a unit by kind of item (blanks count 0); ``.total`` is the verified total."""
    values = scores(conference)
    sums = {kind: _ZERO for kind in ItemKind}
    for c in criteria(conference):
        score = values.get((unit_id, c.id or 0))
        if score is not None and score.verified is not None:
            sums[c.kind] += score.verified
    return Parts(*(canonical_points(sums[kind]) for kind in (ItemKind.CRITERION, ItemKind.BONUS, ItemKind.PENALTY)))


def ranking(conference: Conference) -> list[Standing]:
    """Member units by verified total, highest first; equal totals share a rank (1, 2, 2, 4) and are ``tied``.

    Units without any verified score come last, in the units' order, with ``rank`` 0 (not ranked).
    """
    items = criteria(conference)
    values = scores(conference)
    ranked: list[tuple[Unit, Decimal, Decimal, bool]] = []
    unranked: list[Standing] = []
    for unit in conference.member_units():
        own, verified, any_verified, complete = _unit_figures(items, values, unit.id or 0)
        if any_verified:
            ranked.append((unit, own, verified, complete))
        else:
            unranked.append(Standing(unit, own, verified, 0, False, complete))
    ranked.sort(key=lambda r: -r[2])  # stable: units in their order within a tie
    counts: dict[Decimal, int] = {}
    for row in ranked:
        counts[row[2]] = counts.get(row[2], 0) + 1
    standings: list[Standing] = []
    for position, (unit, own, verified, complete) in enumerate(ranked, start=1):
        rank = position if not standings or standings[-1].verified_total != verified else standings[-1].rank
        standings.append(Standing(unit, own, verified, rank, counts[verified] > 1, complete))
    return standings + unranked


# -- reports -------------------------------------------------------------------------------------------------------


def reports(conference: Conference) -> dict[int, Report]:
    """Member unit id → its report (member units without one are absent)."""
    members = {u.id for u in conference.member_units()}
    found: dict[int, Report] = {}
    for key, doc in conference.store.docs(REPORTS).items():
        report = _report_from_doc(int(key), doc)
        if report.unit_id in members:
            found[report.unit_id] = report
    return found


def _validated_report(report: Report) -> Report:
    received = report.received
    if isinstance(received, str):
        received = parse_date_field(received, "received")
    elif isinstance(received, dt.datetime):
        received = received.date()
    elif received is not None and not isinstance(received, dt.date):
        raise ValidationError("The date received is not a date.", field="received")
    report = replace(report, received=received, file_path=clean(report.file_path),
                     highlights=clean(report.highlights, multiline=True), proposed_award=clean(report.proposed_award))
    if received is not None and received > dt.date.today() + FUTURE_GRACE:
        raise ValidationError("The report cannot have been received on {date}: that is in the future.",
                              field="received", date=format_date(received))
    for name, limit in (("file_path", MAX_PATH_CHARS), ("highlights", MAX_HIGHLIGHTS_CHARS),
                        ("proposed_award", MAX_AWARD_CHARS)):
        if len(getattr(report, name)) > limit:
            raise ValidationError("The text is too long (at most {limit} characters).", field=name, limit=limit)
    return report


def save_report(conference: Conference, report: Report) -> Report:
    """Store a member unit's report (a report with nothing in it is removed) and return it cleaned."""
    report = _validated_report(report)
    with conference.store.transaction() as txn:
        member_unit(conference, report.unit_id, report=True)
        if report.is_empty:
            if conference.store.get(REPORTS, report.unit_id) is not None:
                txn.remove(REPORTS, report.unit_id)
        else:
            txn.put(REPORTS, report.unit_id, _report_doc(report))
    return report


def reports_received(conference: Conference) -> tuple[int, int]:
    """(member units whose report has a received date, member units)."""
    members = conference.member_units()
    found = reports(conference)
    return sum(1 for u in members if (r := found.get(u.id or 0)) is not None and r.is_received), len(members)


# -- loading (the demo) --------------------------------------------------------------------------------------------


def _member_by_name(conference: Conference, name: str) -> Unit:
    unit = conference.find_unit(name)
    if unit is None or not unit.is_member:
        raise ValidationError("“{name}” is not a member unit of the bloc.", field="unit", name=name)
    return unit


def load_scoring(conference: Conference, raw: dict[str, Any]) -> None:
    """Fill the scoring table, and optionally scores and reports, from a dict like ``data/demo_scoring.json``.

    ``{"criteria": [{code, title, max_points, group, kind}], "scores": [{unit, self: {code: points},
    verified: {code: points}, evidence: {code: text}}], "reports": [{unit, received (yyyy-mm-dd or dd/mm/yyyy),
    file_path, highlights, proposed_award}]}``; units by name (or short name), items by code. An item whose code is
    already in the table is updated in place, so loading twice changes nothing. One transaction: all or nothing.
    """
    with conference.store.transaction() as txn:
        by_code = {code_key(c.code): c for c in criteria(conference)}
        next_order = max((c.order for c in by_code.values()), default=0) + 1
        loaded: set[str] = set()
        for entry in raw.get("criteria", []):
            item = _validated_criterion(Criterion(
                code=entry.get("code", ""), title=entry.get("title", ""),
                max_points=points_value(entry.get("max_points"), "max_points"),  # type: ignore[arg-type]
                group=entry.get("group", ""), kind=_kind(entry.get("kind"))))
            key = code_key(item.code)
            if key in loaded:
                raise ValidationError("A criterion with the code “{code}” already exists.", field="code",
                                      code=item.code)
            loaded.add(key)
            old = by_code.get(key)
            if old is not None:
                item = replace(item, id=old.id, order=old.order)
                txn.put(CRITERIA, old.id, _criterion_doc(item))  # type: ignore[arg-type]
            else:
                item = replace(item, order=next_order)
                next_order += 1
                item = replace(item, id=txn.insert(CRITERIA, _criterion_doc(item)))
            by_code[key] = item
        ids = score_ids(conference)
        for entry in raw.get("scores", []):
            unit = _member_by_name(conference, entry.get("unit", ""))
            own, verified, evidence = (entry.get(k) or {} for k in ("self", "verified", "evidence"))
            for code in dict.fromkeys([*own, *verified, *evidence]):
                item = by_code.get(code_key(code))
                if item is None:
                    raise ValidationError("Unknown criterion code “{code}”.", field="code", code=code)
                score = Score(unit.id or 0, item.id or 0, points_value(own.get(code), "self_score"),
                              points_value(verified.get(code), "verified"), clean_evidence(evidence.get(code, "")))
                check_points(score.self_score, item, "self_score")
                check_points(score.verified, item, "verified")
                write_score(txn, ids, score)
        for entry in raw.get("reports", []):
            unit = _member_by_name(conference, entry.get("unit", ""))
            received = entry.get("received") or None
            report = _validated_report(Report(
                unit_id=unit.id or 0,
                received=parse_date_field(received, "received") if isinstance(received, str) else received,
                file_path=entry.get("file_path", ""), highlights=entry.get("highlights", ""),
                proposed_award=entry.get("proposed_award", "")))
            if not report.is_empty:
                txn.put(REPORTS, report.unit_id, _report_doc(report))


# -- committing a previewed workbook ---------------------------------------------------------------------------


def commit_scores(conference: Conference, preview: ScorePreview) -> int:
    """Store the preview's scores in one transaction, all or nothing; return how many (unit, item) scores it holds.

    Refused (:class:`TdktError`) while the preview has issues. Units and items are checked again under the folder
    lock; what the file left blank is taken from the store as it is now.
    """
    if preview.issues:
        raise TdktError("The workbook has {count} problems; nothing was imported. Fix them in the file and read it "
                        "again.", count=len(preview.issues))
    with conference.store.transaction() as txn:
        ids = score_ids(conference)
        written: dict[tuple[int, int], Score] = {}  # what this commit wrote so far (a hand-made preview may repeat)
        for unit_id, criterion_id, own, verified, evidence in preview.values:
            member_unit(conference, unit_id)
            item = get_criterion(conference, criterion_id)
            own = parse_points(own, "self_score")  # type: ignore[arg-type]
            verified = parse_points(verified, "verified")  # type: ignore[arg-type]
            check_points(own, item, "self_score")
            check_points(verified, item, "verified")
            key = (unit_id, criterion_id)
            doc_id = ids.get(key)
            doc = conference.store.get(SCORES, doc_id) if doc_id is not None else None
            old = written.get(key) or (score_from_doc(doc) if doc is not None else Score(unit_id, criterion_id))
            mask = preview.given.get(key, (True, True, True))
            score = Score(unit_id, criterion_id, own if mask[0] else old.self_score,
                          verified if mask[1] else old.verified, clean_evidence(evidence) if mask[2] else old.evidence)
            if score != old:
                write_score(txn, ids, score)
            written[key] = score
    return len(preview.values)


validation.register(CRITERIA, Criterion, _criterion_from_doc)
validation.register(SCORES, Score, lambda _id, doc: score_from_doc(doc))
validation.register(REPORTS, Report, _report_from_doc)
