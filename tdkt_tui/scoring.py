"""Unit reports and scoring (issue 4; see ../shared/DOMAIN.md, "Reports and scoring").

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
import io
import math
import re
import warnings
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from enum import Enum
from pathlib import Path
from typing import Any

from tdkt_tui.conference import UNITS, Conference
from tdkt_tui.errors import TdktError, ValidationError
from tdkt_tui.exports import FONT, export_file, print_setup
from tdkt_tui.i18n import N_, _, language
from tdkt_tui.model import Unit, parse_date_field
from tdkt_tui.store import Doc, Transaction
from tdkt_tui.text import clean, fold, format_date

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

HEADER_SEARCH_ROWS = 20
MAX_FILE_MB = 50

_CENT = Decimal("0.01")
_ZERO = Decimal(0)


class ItemKind(str, Enum):
    """An item of the scoring table: a criterion, a bonus (added) or a penalty (deducted)."""

    CRITERION = "criterion"
    BONUS = "bonus"
    PENALTY = "penalty"

    @property
    def label(self) -> str:
        return {"criterion": N_("Criterion"), "bonus": N_("Bonus"), "penalty": N_("Penalty")}[self.value]


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


# -- points --------------------------------------------------------------------------------------------------------

_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]+)?|[.,][0-9]+)")


def _canonical(value: Decimal) -> Decimal:
    """``9.50`` → ``9.5``, ``10.00`` → ``10``, ``-0`` → ``0`` (never the exponent form ``1E+1``)."""
    value = value + 0
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _shown(text: str) -> str:
    return text if len(text) <= 30 else text[:29] + "…"


def _checked_decimal(value: Decimal, field_name: str) -> Decimal:
    shown = _shown(str(value))
    if not value.is_finite():
        raise ValidationError("“{value}” is not a number of points; type it as 9 or 9,5.", field=field_name,
                              value=shown)
    if abs(value) >= Decimal(10) ** MAX_POINT_DIGITS:
        raise ValidationError("“{value}” is too large a number of points.", field=field_name, value=shown)
    if value != value.quantize(_CENT):
        raise ValidationError("“{value}” has more than 2 decimals; points have at most 2, for example 9,25.",
                              field=field_name, value=shown)
    return _canonical(value)


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
                              value=_shown(value))
    whole, _sep, decimals = value.lstrip("+-").replace(",", ".").partition(".")
    if len(decimals) > 2:
        raise ValidationError("“{value}” has more than 2 decimals; points have at most 2, for example 9,25.",
                              field=field, value=_shown(value))
    if len(whole.lstrip("0")) > MAX_POINT_DIGITS:
        raise ValidationError("“{value}” is too large a number of points.", field=field, value=_shown(value))
    return _canonical(Decimal(value.replace(",", ".")))


def format_points(value: Decimal | None) -> str:
    """Points as shown: ``9,5`` in Vietnamese, ``9.5`` in English, ``10`` without decimals; None → ``""``."""
    if value is None:
        return ""
    text = format(_canonical(value), "f")
    return text.replace(".", ",") if language() == "vi" else text


def _points_value(value: object, field_name: str) -> Decimal | None:
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
                                  field=field_name, value=_shown(repr(value)))
        return _checked_decimal(Decimal(repr(rounded)), field_name)  # repr: the shortest exact text, "9.3"
    raise ValidationError("“{value}” is not a number of points; type it as 9 or 9,5.", field=field_name,
                          value=_shown(_cell_text(value)))


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


def _score_from_doc(doc: Doc) -> Score:
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


def _code_key(code: str) -> str:
    """The code compared for uniqueness and lookups: folded, without spaces and a trailing dot ("1.2." is "1.2")."""
    return fold(code).replace(" ", "").rstrip(".")


def criteria(conference: Conference) -> list[Criterion]:
    """The items of the scoring table in their order."""

    def build() -> list[Criterion]:
        items = [_criterion_from_doc(int(k), d) for k, d in conference.store.docs(CRITERIA).items()]
        return sorted(items, key=lambda c: (c.order, c.id or 0))

    return list(_cached(conference, "criteria", (CRITERIA,), build))


def _criterion(conference: Conference, criterion_id: int) -> Criterion:
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
            score = _score_from_doc(doc)
            if str(score.unit_id) in units and str(score.criterion_id) in items:
                found[score.unit_id, score.criterion_id] = score
        return found

    return dict(_cached(conference, "scores", (SCORES, CRITERIA, UNITS), build))


def _score_ids(conference: Conference) -> dict[tuple[int, int], int]:
    """The document id of each stored (unit, criterion) score (read under the lock before writing)."""
    ids: dict[tuple[int, int], int] = {}
    for key, doc in sorted(conference.store.docs(SCORES).items(), key=lambda kv: int(kv[0])):
        ids[int(doc.get("unit_id") or 0), int(doc.get("criterion_id") or 0)] = int(key)
    return ids


def _write_score(txn: Transaction, ids: dict[tuple[int, int], int], score: Score) -> None:
    """Put, add or (when nothing is left in it) remove a score; ``ids`` (from :func:`_score_ids`) is kept current."""
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
                              value=_shown(str(value))) from None


def _validated_criterion(c: Criterion) -> Criterion:
    """A cleaned copy, or a ValidationError naming the input to fix (the checks that need no store)."""
    maximum = c.max_points
    if not isinstance(maximum, Decimal):
        maximum = _points_value(maximum, "max_points")
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
        key = _code_key(c.code)
        for other in current:
            if other.id != c.id and _code_key(other.code) == key:
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
        for (_unit_id, c_id), doc_id in _score_ids(conference).items():
            if c_id == criterion_id:
                txn.remove(SCORES, doc_id)
        txn.remove(CRITERIA, criterion_id)


def move_criterion(conference: Conference, criterion_id: int, step: int) -> None:
    """Move an item up (``step`` < 0) or down the table."""
    conference.reorder(CRITERIA, lambda: criteria(conference), criterion_id, step)


# -- scores --------------------------------------------------------------------------------------------------------


def _member(conference: Conference, unit_id: int, *, report: bool = False) -> Unit:
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


def _check_points(value: Decimal | None, c: Criterion, field_name: str) -> None:
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


def _evidence(text: object) -> str:
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
    new_evidence = None if evidence is None else _evidence(evidence)
    with conference.store.transaction() as txn:
        _member(conference, unit_id)
        item = _criterion(conference, criterion_id)
        if self_score is not ...:
            _check_points(new_self, item, "self_score")
        if verified is not ...:
            _check_points(new_verified, item, "verified")
        ids = _score_ids(conference)
        doc_id = ids.get((unit_id, criterion_id))
        doc = conference.store.get(SCORES, doc_id) if doc_id is not None else None
        old = _score_from_doc(doc) if doc is not None else Score(unit_id, criterion_id)
        score = Score(
            unit_id=unit_id,
            criterion_id=criterion_id,
            self_score=old.self_score if self_score is ... else new_self,
            verified=old.verified if verified is ... else new_verified,
            evidence=old.evidence if new_evidence is None else new_evidence,
        )
        if score != old:
            _write_score(txn, ids, score)
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
    return _canonical(own), _canonical(verified), any_verified, complete


def totals(conference: Conference, unit_id: int) -> tuple[Decimal, Decimal]:
    """(self total, verified total) of a unit: criteria + bonus − penalty, blanks counting 0."""
    own, verified, _any, _complete = _unit_figures(criteria(conference), scores(conference), unit_id)
    return own, verified


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
        _member(conference, report.unit_id, report=True)
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
        by_code = {_code_key(c.code): c for c in criteria(conference)}
        next_order = max((c.order for c in by_code.values()), default=0) + 1
        loaded: set[str] = set()
        for entry in raw.get("criteria", []):
            item = _validated_criterion(Criterion(
                code=entry.get("code", ""), title=entry.get("title", ""),
                max_points=_points_value(entry.get("max_points"), "max_points"),  # type: ignore[arg-type]
                group=entry.get("group", ""), kind=_kind(entry.get("kind"))))
            key = _code_key(item.code)
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
        ids = _score_ids(conference)
        for entry in raw.get("scores", []):
            unit = _member_by_name(conference, entry.get("unit", ""))
            own, verified, evidence = (entry.get(k) or {} for k in ("self", "verified", "evidence"))
            for code in dict.fromkeys([*own, *verified, *evidence]):
                item = by_code.get(_code_key(code))
                if item is None:
                    raise ValidationError("Unknown criterion code “{code}”.", field="code", code=code)
                score = Score(unit.id or 0, item.id or 0, _points_value(own.get(code), "self_score"),
                              _points_value(verified.get(code), "verified"), _evidence(evidence.get(code, "")))
                _check_points(score.self_score, item, "self_score")
                _check_points(score.verified, item, "verified")
                _write_score(txn, ids, score)
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


# -- workbooks: reading --------------------------------------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9]+")


def _key(text: str) -> str:
    """``"Điểm tự chấm (1)"`` → ``"diem tu cham 1"``: folded, punctuation dropped."""
    return " ".join(_WORD.findall(fold(text)))


#: Column names of a per-unit sheet, as :func:`_key` writes them. A header matches a name exactly or starts with it
#: followed by more words ("Điểm tự chấm của đơn vị"); the longest name wins.
HEADERS: dict[str, tuple[str, ...]] = {
    "code": ("ma", "ma so", "ma tieu chi", "ky hieu", "code"),
    "number": ("stt", "tt", "so tt", "so thu tu", "no"),
    "title": ("tieu chi", "ten tieu chi", "noi dung", "noi dung tieu chi", "noi dung cham diem", "criterion",
              "criteria", "item"),
    "max": ("diem toi da", "toi da", "diem chuan", "thang diem", "maximum", "max", "max points", "maximum points"),
    "self": ("tu cham", "diem tu cham", "don vi tu cham", "diem don vi tu cham", "self score", "self"),
    "verified": ("tham dinh", "diem tham dinh", "khoi tham dinh", "diem khoi tham dinh", "truong khoi tham dinh",
                 "diem truong khoi tham dinh", "ket qua tham dinh", "verified", "verified score"),
    "evidence": ("minh chung", "tai lieu minh chung", "ghi chu", "evidence", "note", "notes"),
    "unit": ("don vi", "ten don vi", "co quan", "ten co quan", "unit", "units"),
}
_HEADER_NAMES = {name: f for f, names in HEADERS.items() for name in names}
#: Row labels of a units × criteria table (and titles in a per-unit sheet) that are not data: maximum, totals.
_NOT_DATA = {
    "diem toi da", "toi da", "diem chuan", "thang diem", "tong", "tong cong", "cong", "tong so", "tong diem",
    "trung binh", "maximum", "maximum points", "max", "max points", "total", "totals", "total score", "average",
}
_LOOKS_LIKE_CODE = re.compile(r"(?:[A-Za-zĐđ]{1,3}\.?\s?)?\d{1,2}(?:\.\d{1,2}){0,3}\.?|[IVXivx]{1,5}\.?")
_UNIT_LINE = re.compile(r"^\s*(?:đơn vị|don vi|unit)\s*[:：]\s*(.+)$", re.IGNORECASE)
_COLUMN_NUMBER = re.compile(r"\(?\d{1,2}\)?|[A-Z]")


def _header_field(text: str) -> str | None:
    key = _key(text)
    if not key:
        return None
    if key in _HEADER_NAMES:
        return _HEADER_NAMES[key]
    prefixes = [name for name in _HEADER_NAMES if key.startswith(name + " ")]
    return _HEADER_NAMES[max(prefixes, key=len)] if prefixes else None


def _cell_text(value: Any, *, multiline: bool = False) -> str:
    """A cell as cleaned text: whole numbers without ".0", dates as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, float):
        value = int(value) if value.is_integer() else repr(value)
    elif isinstance(value, dt.datetime):
        value = format_date(value.date())
    elif isinstance(value, dt.date):
        value = format_date(value)
    return clean(value, multiline=multiline)


@dataclass
class _Sheet:
    title: str
    cells: dict[tuple[int, int], Any]  # (row, column), 1-based → value, only cells that hold something
    filled: dict[tuple[int, int], Any]  # cells, with a merged range's value in every cell it covers
    merged_down: dict[int, int]  # row → last row of a cell of that row merged downwards
    rows: list[int]  # row numbers that hold anything, in order
    _rows: dict[int, list[tuple[int, Any]]] | None = None
    _rows_filled: dict[int, list[tuple[int, Any]]] | None = None

    def where(self, row: int, col: int) -> str:
        from openpyxl.utils import get_column_letter

        return f"{self.title}!{get_column_letter(col)}{row}"

    def row_cells(self, row: int, merged: bool = False) -> list[tuple[int, Any]]:
        """(column, value) of a row in column order; ``merged``: with merged ranges' values in every cell."""
        index = self._rows_filled if merged else self._rows
        if index is None:
            index = {}
            for (r, c), v in sorted((self.filled if merged else self.cells).items()):
                index.setdefault(r, []).append((c, v))
            if merged:
                self._rows_filled = index
            else:
                self._rows = index
        return index.get(row, [])


def _read_sheet(ws: Any) -> _Sheet:
    cells: dict[tuple[int, int], Any] = {}
    # Only the cells the file holds (ws._cells), never the rectangle up to max_row × max_column.
    for (row, col), cell in ws._cells.items():
        value = cell.value
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        cells[row, col] = value
    filled = dict(cells)
    merged_down: dict[int, int] = {}
    last_row = max((r for r, _c in cells), default=0)
    last_col = max((c for _r, c in cells), default=0)
    for merged in ws.merged_cells.ranges:
        value = cells.get((merged.min_row, merged.min_col))
        if value is None:
            continue
        for row in range(merged.min_row, min(merged.max_row, last_row) + 1):
            for col in range(merged.min_col, min(merged.max_col, last_col) + 1):
                filled.setdefault((row, col), value)
        if merged.max_row > merged.min_row:
            merged_down[merged.min_row] = max(merged_down.get(merged.min_row, 0), min(merged.max_row, last_row))
    return _Sheet(ws.title, cells, filled, merged_down, sorted({r for r, _c in cells}))


def _load_workbook(path: Path) -> list[_Sheet]:
    """The sheets of an .xlsx file; a :class:`TdktError` naming the file for anything that is not one."""
    try:
        if not path.exists():
            raise TdktError("{path} was not found.", path=str(path))
        if path.is_dir():
            raise TdktError("{path} is a folder; choose a scoring workbook (.xlsx).", path=str(path))
        size = path.stat().st_size
        if size > MAX_FILE_MB * 1024 * 1024:
            raise TdktError("{path} is {size} MB; a scoring workbook is expected to be smaller than {limit} MB.",
                            path=str(path), size=size // (1024 * 1024), limit=MAX_FILE_MB)
        data = path.read_bytes()
    except OSError as exc:
        raise TdktError("Cannot read the file {path}: {reason}.", path=str(path),
                        reason=exc.strerror or str(exc)) from exc
    if not data.strip():
        raise TdktError("{path} is empty.", path=str(path))
    if data.startswith(b"\xd0\xcf\x11\xe0") or path.suffix.lower() == ".xls":
        raise TdktError("{path} is in the old Excel 97-2003 format (.xls) or is password-protected; open it in "
                        "Excel and save it as an Excel Workbook (.xlsx).", path=str(path))
    if not data.startswith(b"PK\x03\x04"):
        raise TdktError("{path} is not an Excel workbook (.xlsx); save the scoring table in Excel as an Excel "
                        "Workbook (.xlsx).", path=str(path))
    import openpyxl  # the slow import is paid only by those who read workbooks

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # Not read_only: read-only worksheets do not expose merged ranges.
            book = openpyxl.load_workbook(io.BytesIO(data), data_only=True, keep_links=False)
        return [_read_sheet(ws) for ws in book.worksheets]
    except Exception as exc:  # openpyxl raises many kinds (BadZipFile, KeyError, XML errors) for a bad file
        raise TdktError("{path} is not an Excel workbook (.xlsx) or it is damaged; open it in Excel and save it "
                        "again.", path=str(path)) from exc


class _Lookup:
    """Units and items as a workbook names them."""

    def __init__(self, conference: Conference) -> None:
        self.units: dict[str, Unit] = {}
        units = conference.units()
        for unit in units:
            self.units.setdefault(fold(unit.short_name), unit)
        for unit in units:
            self.units[fold(unit.name)] = unit
        self.units.pop("", None)
        self.items = criteria(conference)
        self.by_code = {_code_key(c.code): c for c in self.items}
        self.by_title = {fold(c.title): c for c in self.items}
        self.headings = {fold(c.group) for c in self.items if c.group}
        self.group_codes = {_code_key(re.split(r"[\s.:)\-–]+", c.group.strip() + " ")[0]) for c in self.items
                            if c.group} - {""}
        self.kind_labels = {_key(text) for kind in ItemKind for text in (kind.label, _(kind.label))}

    def unit(self, name: str) -> Unit | None:
        return self.units.get(fold(name))

    def by_header(self, text: str) -> Criterion | None:
        """The item a header cell of a units × criteria table names: its code, or its code then more words."""
        if not text:
            return None
        found = self.by_code.get(_code_key(text))
        if found is None:
            first = re.split(r"[\s(:\-–]+", text.strip())[0]
            found = self.by_code.get(_code_key(first))
        return found

    def is_heading(self, code: str, title: str) -> bool:
        """A group heading, a bonus/penalty heading or a total row of a per-unit sheet (not an item)."""
        key = _key(title)
        first = re.split(r"[\s.:)\-–]+", title.strip() + " ")[0]
        return bool(
            (code and _code_key(code) in self.group_codes)
            or (not code and (fold(title) in self.headings or _code_key(first) in self.group_codes))
            or key in _NOT_DATA or key in self.kind_labels
            or key.startswith(("tong ", "total ", "cong "))
        )


class _Collector:
    """Values gathered from every sheet, with the cell each came from; a second, different value is an issue."""

    def __init__(self) -> None:
        self.values: dict[tuple[int, int], list[Any]] = {}  # key → [self, verified, evidence]
        self.where: dict[tuple[int, int], list[str | None]] = {}
        self.issues: list[ScoreIssue] = []

    def issue(self, where: str, reason: str) -> None:
        self.issues.append(ScoreIssue(where, reason))

    def put(self, unit_id: int, criterion_id: int, index: int, value: Any, where: str) -> None:
        key = (unit_id, criterion_id)
        values = self.values.setdefault(key, [None, None, ""])
        seen = self.where.setdefault(key, [None, None, None])
        if seen[index] is not None:
            if values[index] != value:
                self.issue(where, _("This value differs from the one in {other} for the same unit and criterion.",
                                    other=seen[index]))
            return
        values[index] = value
        seen[index] = where


def _points_cell(sheet: _Sheet, row: int, col: int, item: Criterion, field_name: str,
                 out: _Collector) -> Decimal | None:
    """The points in a cell, or None (blank, or an issue recorded)."""
    value = sheet.cells.get((row, col))
    if value is None:
        return None
    try:
        points = _points_value(value, field_name)
        _check_points(points, item, field_name)
    except ValidationError as exc:
        out.issue(sheet.where(row, col), str(exc))
        return None
    return points


def _is_numbering(sheet: _Sheet, row: int) -> bool:
    """A row that numbers the columns under a header: (1) (2) (3)… or 1 2 3…, or A B C…."""
    cells = [v for _c, v in sheet.row_cells(row)]
    if len(cells) < 3:
        return False
    texts = [_cell_text(v) for v in cells]
    if not all(_COLUMN_NUMBER.fullmatch(t) for t in texts):
        return False
    numbers = [int(t.strip("()")) for t in texts if t.strip("()").isdigit()]
    return numbers == sorted(numbers) and len(set(numbers)) == len(numbers)


def _data_rows(sheet: _Sheet, header_row: int) -> list[int]:
    last = sheet.merged_down.get(header_row, header_row)
    rows = [r for r in sheet.rows if r > last]
    if rows and _is_numbering(sheet, rows[0]):
        rows = rows[1:]
    return rows


def _unit_header(sheet: _Sheet) -> tuple[int, dict[str, int]] | None:
    """The header row of a per-unit sheet (layout b) and the columns it names."""
    for row in sheet.rows[:HEADER_SEARCH_ROWS]:
        columns: dict[str, int] = {}
        for col, value in sheet.row_cells(row, merged=True):
            name = _header_field(_cell_text(value))
            if name is not None and name not in columns:
                columns[name] = col
        if ({"code", "number", "title"} & set(columns)) and ({"self", "verified"} & set(columns)):
            return row, columns
    return None


def _read_unit_sheet(sheet: _Sheet, header_row: int, columns: dict[str, int], lookup: _Lookup,
                     out: _Collector) -> None:
    """Layout (b): one sheet per unit, one row per item by code."""
    fields = [(i, columns.get(name)) for i, name in enumerate(("self", "verified", "evidence"))]
    rows = _data_rows(sheet, header_row)
    if not any((r, col) in sheet.cells for r in rows for _i, col in fields if col is not None):
        return  # an empty form: nothing to say about it
    unit = lookup.unit(sheet.title)
    if unit is None:
        for row in sheet.rows:
            if row >= header_row:
                break
            for _col, value in sheet.row_cells(row):
                m = _UNIT_LINE.match(_cell_text(value))
                if m and (unit := lookup.unit(m.group(1))) is not None:
                    break
            if unit is not None:
                break
    if unit is None:
        out.issue(sheet.where(1, 1), _("The sheet “{sheet}” does not name a member unit: name the sheet after the "
                                       "unit (its name or short name) or write “Đơn vị: …” above the table.",
                                       sheet=sheet.title))
        return
    if not unit.is_member:
        out.issue(sheet.where(1, 1), _("{unit} is a guest body; only member units are scored.", unit=unit.name))
        return
    code_col = columns.get("code", columns.get("number"))
    title_col = columns.get("title")
    seen: dict[int, int] = {}
    for row in rows:
        code = _cell_text(sheet.cells.get((row, code_col))) if code_col is not None else ""
        title = _cell_text(sheet.cells.get((row, title_col))) if title_col is not None else ""
        item = lookup.by_code.get(_code_key(code)) if code else None
        if item is None and title:
            item = lookup.by_title.get(fold(title))
        has_values = any((row, col) in sheet.cells for _i, col in fields if col is not None)
        if item is None:
            if not has_values or lookup.is_heading(code, title):
                continue
            if code:
                reason = _("Unknown criterion code “{code}”.", code=code)
            else:
                reason = _("“{title}” is not a criterion of the scoring table; write its code in the code column.",
                           title=_shown(title))
            out.issue(sheet.where(row, code_col or title_col or 1), reason)
            continue
        if item.id in seen:
            if has_values:
                out.issue(sheet.where(row, code_col or title_col or 1),
                          _("Criterion {code} is listed twice in this sheet; the first is in row {row}.",
                            code=item.code, row=seen[item.id or 0]))
            continue
        seen[item.id or 0] = row
        for index, col in fields:
            if col is None or (row, col) not in sheet.cells:
                continue
            if index == 2:
                try:
                    value: Any = _evidence(_cell_text(sheet.cells[row, col], multiline=True))
                except ValidationError as exc:
                    out.issue(sheet.where(row, col), str(exc))
                    continue
            else:
                value = _points_cell(sheet, row, col, item, ("self_score", "verified")[index], out)
                if value is None:
                    continue
            out.put(unit.id or 0, item.id or 0, index, value, sheet.where(row, col))


def _table_header(sheet: _Sheet, lookup: _Lookup) -> tuple[int, dict[int, Criterion], dict[int, str]] | None:
    """The header row of a units × criteria sheet (layout a): the row naming the most item codes."""
    best: tuple[int, dict[int, Criterion], dict[int, str]] | None = None
    best_distinct = 0
    for row in sheet.rows[:HEADER_SEARCH_ROWS]:
        known: dict[int, Criterion] = {}
        unknown: dict[int, str] = {}
        for col, value in sheet.row_cells(row):
            text = _cell_text(value)
            item = lookup.by_header(text)
            if item is not None:
                known[col] = item  # an item may have two columns: self and verified scores side by side
            elif _LOOKS_LIKE_CODE.fullmatch(text.strip()):
                unknown[col] = text
        distinct = len({c.id for c in known.values()})
        if distinct >= min(2, len(lookup.items)) and (best is None or distinct > best_distinct):
            best, best_distinct = (row, known, unknown), distinct
    return best


def _speaks_of(text: str) -> tuple[bool, bool]:
    """Whether ``text`` speaks of self scores ("tự chấm") and of verified ones ("thẩm định")."""
    key = f" {_key(text)} "
    return " tu cham " in key or " self " in key, " tham dinh " in key or " verified " in key


def _column_kind(sheet: _Sheet, header_row: int, col: int) -> int | None:
    """0 (self) or 1 (verified) when the nearest heading over the column says which ("Điểm tự chấm" merged over
    its codes); None when no heading says, or one says both."""
    for row in reversed([r for r in sheet.rows if r < header_row]):
        value = sheet.filled.get((row, col))
        if value is None:
            continue
        own, verified = _speaks_of(_cell_text(value))
        if own or verified:
            return None if own and verified else (0 if own else 1)
    return None


def _read_table_sheet(sheet: _Sheet, header_row: int, known: dict[int, Criterion], unknown: dict[int, str],
                      lookup: _Lookup, out: _Collector) -> bool:
    """Layout (a): one row per unit, one column per item (two when self and verified scores stand side by side,
    under headings "Tự chấm" and "Thẩm định"); verified scores unless the sheet's name or title says "tự chấm"."""
    first_code = min(known)
    rows = _data_rows(sheet, header_row)
    unit_col = next((col for col, value in sheet.row_cells(header_row, merged=True)
                     if col < first_code and _header_field(_cell_text(value)) == "unit"), None)
    if unit_col is None:
        texts: dict[int, int] = {}
        for row in rows:
            for col, value in sheet.row_cells(row):
                if col < first_code and isinstance(value, str) and _points_or_none(value) is None:
                    texts[col] = texts.get(col, 0) + 1
        if not texts:
            return False
        unit_col = max(texts, key=lambda c: (texts[c], -c))
    above = " ".join(_cell_text(v) for (r, _c), v in sheet.cells.items()
                     if r <= sheet.merged_down.get(header_row, header_row))
    own, verified = _speaks_of(f"{sheet.title} {above}")
    default = 0 if own and not verified else 1
    kinds = {col: k if (k := _column_kind(sheet, header_row, col)) is not None else default for col in known}
    flagged: set[int] = set()
    for row in rows:
        columns = [c for c in (*known, *unknown) if (row, c) in sheet.cells]
        if not columns:
            continue
        label = _cell_text(sheet.cells.get((row, unit_col)))
        if not label:
            label = next((t for c, v in sheet.row_cells(row) if c < first_code and isinstance(v, str)
                          and (t := _cell_text(v))), "")
        if _key(label) in _NOT_DATA:
            continue
        if not label:
            out.issue(sheet.where(row, unit_col), _("This row has scores but no unit name."))
            continue
        unit = lookup.unit(label)
        if unit is None:
            out.issue(sheet.where(row, unit_col), _("“{name}” is not a member unit of the bloc.", name=_shown(label)))
            continue
        if not unit.is_member:
            out.issue(sheet.where(row, unit_col), _("{unit} is a guest body; only member units are scored.",
                                                    unit=unit.name))
            continue
        for col in columns:
            if col in unknown:
                if col not in flagged:
                    flagged.add(col)
                    out.issue(sheet.where(header_row, col), _("Unknown criterion code “{code}”.", code=unknown[col]))
                continue
            item, index = known[col], kinds[col]
            value = _points_cell(sheet, row, col, item, ("self_score", "verified")[index], out)
            if value is not None:
                out.put(unit.id or 0, item.id or 0, index, value, sheet.where(row, col))
    return True


def _points_or_none(text: str) -> Decimal | None:
    """The points in ``text``, or None when it is blank or not points (never raises)."""
    try:
        return parse_points(text, "")
    except ValidationError:
        return None


def read_score_workbook(conference: Conference, path: Path) -> ScorePreview:
    """Read scores from an Excel workbook without storing anything; each sheet in either layout, found by itself:

    (a) units × criteria: a header row with the items' codes, a column of unit names (named "Đơn vị", else the
        column of names left of the codes); cells hold verified scores, or self scores when the sheet's name or
        title says "tự chấm". Rows "Điểm tối đa", "Tổng cộng" are skipped.
    (b) one sheet per unit (the sheet named after the unit's name or short name, or a line "Đơn vị: …" above the
        table): a header with a code column ("Mã", "STT", "TT"; or the items' titles in "Tiêu chí") and
        "Tự chấm", "Thẩm định", "Minh chứng"/"Ghi chú" columns; group headings and total rows are skipped.

    Title rows above the header and merged cells are fine. Every problem cell is an issue "Sheet!C5" with its
    reason; a file that is not a workbook raises :class:`TdktError` naming it.
    """
    path = Path(path)
    sheets = _load_workbook(path)
    lookup = _Lookup(conference)
    if not lookup.items:
        raise TdktError("The scoring table has no criteria yet; add them before importing scores.")
    out = _Collector()
    read: list[str] = []
    for sheet in sheets:
        header = _unit_header(sheet)
        if header is not None:
            _read_unit_sheet(sheet, header[0], header[1], lookup, out)
            read.append(sheet.title)
            continue
        table = _table_header(sheet, lookup)
        if table is not None and _read_table_sheet(sheet, *table, lookup, out):
            read.append(sheet.title)
    if not read:
        examples = ", ".join(c.code for c in lookup.items[:4])
        raise TdktError("No scoring table was found in {path}: no sheet has a header row with the criteria codes "
                        "(such as {codes}), nor the columns “Mã” and “Tự chấm” or “Thẩm định”.", path=str(path),
                        codes=examples)
    stored = scores(conference)
    unit_order = {u.id: i for i, u in enumerate(conference.units())}
    item_order = {c.id: i for i, c in enumerate(lookup.items)}
    values: list[tuple[int, int, Decimal | None, Decimal | None, str]] = []
    given: dict[tuple[int, int], tuple[bool, bool, bool]] = {}
    for key in sorted(out.values, key=lambda k: (unit_order.get(k[0], 0), item_order.get(k[1], 0))):
        mask = tuple(w is not None for w in out.where[key])
        old = stored.get(key, Score(*key))
        new = out.values[key]
        values.append((key[0], key[1], new[0] if mask[0] else old.self_score, new[1] if mask[1] else old.verified,
                       new[2] if mask[2] else old.evidence))
        given[key] = mask  # type: ignore[assignment]
    return ScorePreview(source=path, values=values, issues=out.issues, sheets=read, given=given)


def commit_scores(conference: Conference, preview: ScorePreview) -> int:
    """Store the preview's scores in one transaction, all or nothing; return how many (unit, item) scores it holds.

    Refused (:class:`TdktError`) while the preview has issues. Units and items are checked again under the folder
    lock; what the file left blank is taken from the store as it is now.
    """
    if preview.issues:
        raise TdktError("The workbook has {count} problems; nothing was imported. Fix them in the file and read it "
                        "again.", count=len(preview.issues))
    with conference.store.transaction() as txn:
        ids = _score_ids(conference)
        written: dict[tuple[int, int], Score] = {}  # what this commit wrote so far (a hand-made preview may repeat)
        for unit_id, criterion_id, own, verified, evidence in preview.values:
            _member(conference, unit_id)
            item = _criterion(conference, criterion_id)
            own = parse_points(own, "self_score")  # type: ignore[arg-type]
            verified = parse_points(verified, "verified")  # type: ignore[arg-type]
            _check_points(own, item, "self_score")
            _check_points(verified, item, "verified")
            key = (unit_id, criterion_id)
            doc_id = ids.get(key)
            doc = conference.store.get(SCORES, doc_id) if doc_id is not None else None
            old = written.get(key) or (_score_from_doc(doc) if doc is not None else Score(unit_id, criterion_id))
            mask = preview.given.get(key, (True, True, True))
            score = Score(unit_id, criterion_id, own if mask[0] else old.self_score,
                          verified if mask[1] else old.verified, _evidence(evidence) if mask[2] else old.evidence)
            if score != old:
                _write_score(txn, ids, score)
            written[key] = score
    return len(preview.values)


# -- workbooks: writing --------------------------------------------------------------------------------------------

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(wanted: str, used: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub(" ", wanted).strip().strip("'")[:31].strip() or "Sheet"
    name, n = base, 1
    while name.casefold() in used:
        n += 1
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)].rstrip() + suffix
    used.add(name.casefold())
    return name


def _number(value: Decimal | None) -> Decimal | int | None:
    """A cell value: whole points as int (Excel shows "10", not "10.0")."""
    if value is None:
        return None
    value = _canonical(value)
    return int(value) if value == value.to_integral_value() else value


def write_score_workbook(conference: Conference) -> Path:
    """Write ``exports/bang-diem-<time>.xlsx``: the sheet "Tổng hợp" (units × items, verified scores, totals, ranks)
    and one sheet per member unit (self, verified, evidence per item) that :func:`read_score_workbook` reads back."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    info = conference.info()
    items = criteria(conference)
    values = scores(conference)
    standings = ranking(conference)
    bold, plain, title_font = Font(name=FONT, bold=True), Font(name=FONT), Font(name=FONT, bold=True, size=13)
    shade = PatternFill("solid", start_color="E7E6E6")
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def title_rows(sheet: Any, lines: list[str], width: int) -> None:
        last = get_column_letter(width)
        for row, text in enumerate(lines, start=1):
            cell = sheet.cell(row=row, column=1, value=text)
            cell.font = title_font if row <= 2 else bold
            sheet.merge_cells(f"A{row}:{last}{row}")

    book = Workbook()
    used: set[str] = set()
    summary = book.active
    summary.title = _sheet_name(_("Summary"), used)
    heading = [info.bloc_name, _("Verified scores of the member units, {year}", year=info.year).upper()]
    width = 2 + len(items) + 2
    title_rows(summary, heading, width)
    header_row = len(heading) + 2
    header = [_("No."), _("Unit"), *(c.code for c in items), _("Total score"), _("Rank")]
    for col, text in enumerate(header, start=1):
        cell = summary.cell(row=header_row, column=col, value=text)
        cell.font, cell.alignment, cell.fill = bold, centre, shade
    summary.cell(row=header_row + 1, column=2, value=_("Maximum points")).font = Font(name=FONT, italic=True)
    for col, item in enumerate(items, start=3):
        cell = summary.cell(row=header_row + 1, column=col, value=_number(item.max_points))
        cell.font, cell.alignment = Font(name=FONT, italic=True), centre
    row = header_row + 1
    for number, standing in enumerate(standings, start=1):
        row += 1
        unit_id = standing.unit.id or 0
        cells: list[Any] = [number, standing.unit.name]
        cells += [_number(s.verified) if (s := values.get((unit_id, c.id or 0))) else None for c in items]
        cells += [_number(standing.verified_total) if standing.rank else None, standing.rank or None]
        for col, value in enumerate(cells, start=1):
            cell = summary.cell(row=row, column=col, value=value)
            cell.font = plain
            cell.alignment = wrap if col == 2 else centre
    penalties = [c.code for c in items if c.kind is ItemKind.PENALTY]
    if penalties:
        row += 2
        note = summary.cell(row=row, column=2, value=_("Penalty items ({codes}) are deducted from the total.",
                                                       codes=", ".join(penalties)))
        note.font = Font(name=FONT, italic=True)
    summary.column_dimensions["A"].width = 6
    summary.column_dimensions["B"].width = 36
    for col in range(3, width + 1):
        summary.column_dimensions[get_column_letter(col)].width = 8
    summary.freeze_panes = summary.cell(row=header_row + 2, column=3)
    print_setup(summary, landscape=True, header_row=header_row)

    columns = [_("Code"), _("Criterion"), _("Maximum points"), _("Self score"), _("Verified"), _("Evidence")]
    widths = [8, 60, 10, 10, 10, 36]
    for unit in conference.member_units():
        unit_id = unit.id or 0
        sheet = book.create_sheet(_sheet_name(unit.short_name or unit.name, used))
        title_rows(sheet, [info.bloc_name, _("Scoring table, {year}", year=info.year).upper(),
                           _("Unit: {unit}", unit=unit.name)], len(columns))
        header_row = 5
        for col, text in enumerate(columns, start=1):
            cell = sheet.cell(row=header_row, column=col, value=text)
            cell.font, cell.alignment, cell.fill = bold, centre, shade
        row, section = header_row, ""
        for item in items:
            heading_text = item.group or ("" if item.kind is ItemKind.CRITERION else _(item.kind.label))
            if heading_text and heading_text != section:
                row += 1
                cell = sheet.cell(row=row, column=2, value=heading_text)
                cell.font, cell.alignment = bold, wrap
            section = heading_text
            row += 1
            score = values.get((unit_id, item.id or 0), Score(unit_id, item.id or 0))
            cells = [item.code, item.title, _number(item.max_points), _number(score.self_score),
                     _number(score.verified), score.evidence or None]
            for col, value in enumerate(cells, start=1):
                cell = sheet.cell(row=row, column=col, value=value)
                cell.font = plain
                cell.alignment = wrap if col in (2, 6) else centre
        own, verified = totals(conference, unit_id)
        row += 1
        for col, value in ((2, _("Total score")), (4, _number(own)), (5, _number(verified))):
            cell = sheet.cell(row=row, column=col, value=value)
            cell.font, cell.alignment = bold, (wrap if col == 2 else centre)
        for col, w in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(col)].width = w
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
        print_setup(sheet, landscape=False, header_row=header_row)
    book.properties.title = _("Scoring table, {year}", year=info.year)
    with export_file(conference, EXPORT_STEM, ".xlsx") as (path, handle):
        book.save(handle)
    return path
