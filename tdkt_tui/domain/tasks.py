"""Priority tasks (*nhiệm vụ trọng tâm*) and covenant targets (*chỉ tiêu*) of the bloc: progress, results, summary.

See docs/domain.md#the-year-and-its-conferences and #reports-and-scoring. At the covenant signing the
units register targets (content, unit of measure, planned value) and the bloc agrees its priority tasks; the mid-year
review sets the tasks of the second half; the year-end review quotes the results ("3/8 chỉ tiêu hoàn thành vượt").

Both kinds are one record, :class:`Task`, kept in the store table ``tasks``. Rules:

- A task belongs to a year and a period (the whole year, or one half); its deadline may not fall before the
  period's start. "Overdue" is never stored: :func:`effective_status` works it out from the deadline and the day.
- Done forces the progress to 100 (100 while still in progress is allowed).
- Only targets have planned and actual values, and a target needs its planned value; they are ``Decimal``, typed
  the Vietnamese way (``1.200`` is one thousand two hundred, ``1.200,5`` has a decimal comma, see
  :func:`parse_amount`). A target's result compares actual with planned, the other way round for maxima
  (``higher_is_better=False``: "số vụ vi phạm ≤ 0").
- The units in charge must be member units of the conference; none means the whole bloc.

Everything is validated before anything is written, and each change is one transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from tdkt_tui.domain import validation
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.errors import ValidationError
from tdkt_tui.domain.i18n import N_, _, catalog
from tdkt_tui.domain.labels import Labelled
from tdkt_tui.domain.locations import shipped_data
from tdkt_tui.domain.model import ConferenceKind, Unit, enum_or, parse_date_field
from tdkt_tui.domain.text import clean, fold, format_date

TASKS = "tasks"
STEM = "nhiem-vu"
TITLE_MAX = 500
#: Digits a planned or actual value may have before and after the decimal comma.
INT_DIGITS, FRACTION_DIGITS = 15, 6


class TaskKind(Labelled):
    """A priority task of the bloc, or a target a unit registered at the covenant signing."""

    TASK = "task", N_("Priority task")
    TARGET = "target", N_("Target")


class Period(Labelled):
    """The part of the year a task belongs to."""

    YEAR = "year", N_("Whole year")
    FIRST_HALF = "h1", N_("First half of the year")
    SECOND_HALF = "h2", N_("Second half of the year")

    def span(self, year: int) -> tuple[dt.date, dt.date]:
        """The first and last day of the period in ``year``."""
        if self is Period.FIRST_HALF:
            return dt.date(year, 1, 1), dt.date(year, 6, 30)
        if self is Period.SECOND_HALF:
            return dt.date(year, 7, 1), dt.date(year, 12, 31)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)

    def text(self, year: int) -> str:
        """The period as printed: ``6 tháng cuối năm 2018``."""
        return f"{_(self.label)} {year}"


_PERIOD_ORDER = {Period.YEAR: 0, Period.FIRST_HALF: 1, Period.SECOND_HALF: 2}


class Status(Labelled):
    """Where a task stands. OVERDUE is computed (:func:`effective_status`), never stored."""

    NOT_STARTED = "not_started", N_("Not started")
    IN_PROGRESS = "in_progress", N_("In progress")
    DONE = "done", N_("Done")
    OVERDUE = "overdue", N_("Overdue")


#: The statuses a task can be saved with.
STORED_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.DONE)


class TargetResult(Labelled):
    """A target's result: actual against planned."""

    EXCEEDED = "exceeded", N_("Exceeded")
    MET = "met", N_("Met")
    NOT_MET = "not_met", N_("Not met")
    PENDING = "pending", N_("No result yet")


@dataclass(frozen=True)
class Task:
    """A priority task or a target (``kind``), of one year and period, in the charge of some member units."""

    title: str
    kind: TaskKind = TaskKind.TASK
    description: str = ""
    owner_unit_ids: tuple[int, ...] = ()  # empty = the whole bloc
    year: int = 0  # 0 → the conference's year on save
    period: Period = Period.YEAR
    deadline: dt.date | None = None
    status: Status = Status.NOT_STARTED  # stored: NOT_STARTED / IN_PROGRESS / DONE only
    progress: int = 0  # 0..100
    notes: str = ""
    measure_unit: str = ""  # targets: "%", "lượt", "đảng viên"...
    planned: Decimal | None = None
    actual: Decimal | None = None
    higher_is_better: bool = True  # some targets are maxima (e.g. "số vụ vi phạm" ≤ 0)
    carried_from: str = ""  # "Sơ kết 6 tháng 2018" etc. when carried over
    id: int | None = None

    @property
    def is_target(self) -> bool:
        return self.kind is TaskKind.TARGET

    @property
    def bloc_wide(self) -> bool:
        return not self.owner_unit_ids

    def to_doc(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "kind": self.kind.value,
            "description": self.description,
            "owner_unit_ids": list(self.owner_unit_ids),
            "year": self.year,
            "period": self.period.value,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "status": self.status.value,
            "progress": self.progress,
            "notes": self.notes,
            "measure_unit": self.measure_unit,
            "planned": None if self.planned is None else str(self.planned),
            "actual": None if self.actual is None else str(self.actual),
            "higher_is_better": self.higher_is_better,
            "carried_from": self.carried_from,
        }

    @classmethod
    def from_doc(cls, doc_id: int, doc: dict[str, Any]) -> Task:
        """The task of a stored document; anything unreadable falls back to its default."""
        status = enum_or(Status, doc.get("status"), Status.NOT_STARTED)
        try:
            deadline = dt.date.fromisoformat(doc["deadline"]) if doc.get("deadline") else None
        except (TypeError, ValueError):
            deadline = None
        owners = doc.get("owner_unit_ids") or []
        return cls(
            title=str(doc.get("title", "")),
            kind=enum_or(TaskKind, doc.get("kind"), TaskKind.TASK),
            description=str(doc.get("description", "")),
            owner_unit_ids=tuple(i for i in owners if type(i) is int) if isinstance(owners, list) else (),
            year=doc.get("year") if type(doc.get("year")) is int else 0,
            period=enum_or(Period, doc.get("period"), Period.YEAR),
            deadline=deadline,
            status=Status.IN_PROGRESS if status is Status.OVERDUE else status,
            progress=doc.get("progress") if type(doc.get("progress")) is int else 0,
            notes=str(doc.get("notes", "")),
            measure_unit=str(doc.get("measure_unit", "")),
            planned=_stored_decimal(doc.get("planned")),
            actual=_stored_decimal(doc.get("actual")),
            higher_is_better=bool(doc.get("higher_is_better", True)),
            carried_from=str(doc.get("carried_from", "")),
            id=doc_id,
        )



def _stored_decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


# -- typed inputs --------------------------------------------------------------------------------------------------

_PROGRESS = re.compile(r"([0-9]{1,6})\s*%?")


def parse_progress(text: str) -> int:
    """``""`` → 0, ``50``, ``50%``, `` 75 % `` → 50, 50, 75; ValidationError (``progress``) for anything else."""
    value = clean(text)
    if not value:
        return 0
    m = _PROGRESS.fullmatch(value)
    if not m or int(m.group(1)) > 100:
        raise ValidationError(
            "“{value}” is not a progress; type a whole number from 0 to 100, for example 50 or 50%.",
            field="progress",
            value=value,
        )
    return int(m.group(1))


_GROUPED = {sep: re.compile(r"[1-9][0-9]{0,2}(?:" + re.escape(sep) + r"[0-9]{3})+") for sep in ".,"}
_DIGITS = re.compile(r"[0-9]+")


def _amount(body: str) -> tuple[str, str] | None:
    """The integer and fraction digits of an unsigned amount, or None when it is not one.

    Vietnamese first: the dot groups thousands and the comma is the decimal sign (``1.200,5``). Also read: a single
    comma as the decimal sign (``1,5``), a single dot followed by other than three digits as the decimal point
    (``1200.5``, ``0.75``), and the English ``1,200.5`` / ``1,200,000`` when both signs or several commas show it.
    """
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        decimal_sign = "." if body.rfind(".") > body.rfind(",") else ","
        group_sign = "," if decimal_sign == "." else "."
        whole, _sep, fraction = body.rpartition(decimal_sign)
        if decimal_sign in whole or not _GROUPED[group_sign].fullmatch(whole) or not _DIGITS.fullmatch(fraction):
            return None
        return whole.replace(group_sign, ""), fraction
    if dots + commas == 0:
        return (body, "") if _DIGITS.fullmatch(body) else None
    sign = "." if dots else ","
    if dots + commas > 1:
        return (body.replace(sign, ""), "") if _GROUPED[sign].fullmatch(body) else None
    whole, _sep, fraction = body.partition(sign)
    if not (_DIGITS.fullmatch(whole) and _DIGITS.fullmatch(fraction)):
        return None
    if sign == "." and _GROUPED["."].fullmatch(body):
        return whole + fraction, ""  # 1.200: one thousand two hundred
    return whole, fraction


def parse_amount(text: str, field: str) -> Decimal | None:
    """A planned or actual value: ``1.200`` → 1200, ``1.200,5`` and ``1200.5`` → 1200.5, ``""`` → None.

    ValidationError naming ``field`` for anything else, and beyond 15 digits before or 6 after the decimal sign.
    :func:`format_amount` writes the form this reads back.
    """
    value = clean(text).replace("\u2212", "-")
    if not value:
        return None
    negative = value.startswith("-")
    body = value[1:].lstrip() if negative or value.startswith("+") else value
    parts = _amount(body)
    if parts is None:
        raise ValidationError(
            "“{value}” is not a number; type it as 1.200 or 1.200,5 (dots between thousands, a decimal comma).",
            field=field,
            value=value,
        )
    whole, fraction = parts
    whole = whole.lstrip("0") or "0"
    fraction = fraction.rstrip("0")
    if len(whole) > INT_DIGITS or len(fraction) > FRACTION_DIGITS:
        raise ValidationError(
            "“{value}” has too many digits (at most {before} before the decimal comma and {after} after it).",
            field=field,
            value=value,
            before=INT_DIGITS,
            after=FRACTION_DIGITS,
        )
    if whole == "0" and not fraction:
        return Decimal(0)
    return Decimal(("-" if negative else "") + whole + ("." + fraction if fraction else ""))


def format_amount(value: Decimal | None) -> str:
    """``Decimal("1200.5")`` → ``1.200,5``: dots between thousands, a decimal comma, no trailing zeros."""
    if value is None:
        return ""
    text = format(abs(value), "f")
    whole, _sep, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", ".")
    sign = "-" if value < 0 and (int(whole) or fraction) else ""
    return sign + grouped + ("," + fraction if fraction else "")


def parse_deadline(text: str) -> dt.date | None:
    """A deadline typed dd/mm/yyyy (``""`` → None); ValidationError (``deadline``) for an impossible date."""
    return parse_date_field(text, "deadline")


# -- rules ---------------------------------------------------------------------------------------------------------


def _decimal_input(value: Any, field_name: str) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        number = value
    elif isinstance(value, str):
        return parse_amount(value, field_name)
    elif isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    else:
        raise TypeError(f"{field_name} is a Decimal, not {type(value).__name__}")
    if number is not None and not number.is_finite():
        raise ValidationError(
            "“{value}” is not a number; type it as 1.200 or 1.200,5 (dots between thousands, a decimal comma).",
            field=field_name,
            value=str(number),
        )
    if number is not None:
        return parse_amount(format_amount(number), field_name)  # the same limits as a typed value
    return None


def _default_year(conference: Conference, today: dt.date | None) -> int:
    info = conference.info()
    if info.is_set_up:
        return info.year
    return (today or dt.date.today()).year


def _check_owners(conference: Conference, owner_ids: Any) -> tuple[int, ...]:
    """The units in charge, without repeats, in the units' order; ValidationError (``owners``) unless all are
    member units of the conference."""
    units = conference.units()
    by_id = {u.id: u for u in units}
    wanted: list[int] = []
    for unit_id in owner_ids or ():
        unit = by_id.get(unit_id) if type(unit_id) is int else None
        if unit is None:
            raise ValidationError("A unit in charge is no longer in the list of units.", field="owners")
        if not unit.is_member:
            raise ValidationError(
                "“{unit}” is not a member unit of the bloc; only member units can be in charge.",
                field="owners",
                unit=unit.name,
            )
        if unit_id not in wanted:
            wanted.append(unit_id)
    position = {u.id: index for index, u in enumerate(units)}
    return tuple(sorted(wanted, key=lambda i: position[i]))


def validated(conference: Conference, task: Task, today: dt.date | None = None) -> Task:
    """A cleaned copy of ``task`` ready to store, or a ValidationError naming the input to fix.

    Strings are accepted where the forms type them (deadline, progress, planned, actual) and parsed here.
    """
    kind, period, status = TaskKind(task.kind), Period(task.period), Status(task.status)
    title = clean(task.title)
    if not title:
        raise ValidationError("The title is required.", field="title")
    if len(title) > TITLE_MAX:
        raise ValidationError("The title is too long (at most {max} characters).", field="title", max=TITLE_MAX)
    year = task.year or _default_year(conference, today)
    if type(year) is not int or not 2000 <= year <= 2100:
        raise ValidationError("The year must be between 2000 and 2100.", field="year")
    owners = _check_owners(conference, task.owner_unit_ids)
    deadline: Any = task.deadline
    if isinstance(deadline, str):
        deadline = parse_deadline(deadline)
    elif isinstance(deadline, dt.datetime):
        deadline = deadline.date()
    start, _end = period.span(year)
    if deadline is not None and deadline < start:
        raise ValidationError(
            "The deadline {deadline} is before the start of the period {period} ({start}).",
            field="deadline",
            deadline=format_date(deadline),
            period=period.text(year),
            start=format_date(start),
        )
    if status is Status.OVERDUE:
        raise ValidationError(
            "Overdue follows from the deadline and cannot be chosen; choose Not started, In progress or Done.",
            field="status",
        )
    progress: Any = task.progress
    if isinstance(progress, str):
        progress = parse_progress(progress)
    if type(progress) is not int or not 0 <= progress <= 100:
        raise ValidationError("The progress must be a whole number from 0 to 100.", field="progress")
    if status is Status.DONE:
        progress = 100
    planned = _decimal_input(task.planned, "planned")
    actual = _decimal_input(task.actual, "actual")
    measure_unit = clean(task.measure_unit)
    higher_is_better = bool(task.higher_is_better)
    if kind is TaskKind.TASK:
        if planned is not None:
            raise ValidationError("Only targets have planned and actual values.", field="planned")
        if actual is not None:
            raise ValidationError("Only targets have planned and actual values.", field="actual")
        measure_unit, higher_is_better = "", True
    elif planned is None:
        raise ValidationError("A target needs its planned value.", field="planned")
    if len(measure_unit) > 50:
        raise ValidationError("The unit of measure is too long (at most {max} characters).", field="measure_unit",
                              max=50)
    return replace(
        task,
        title=title,
        kind=kind,
        description=clean(task.description, multiline=True),
        owner_unit_ids=owners,
        year=year,
        period=period,
        deadline=deadline,
        status=status,
        progress=progress,
        notes=clean(task.notes, multiline=True),
        measure_unit=measure_unit,
        planned=planned,
        actual=actual,
        higher_is_better=higher_is_better,
        carried_from=clean(task.carried_from),
    )


def as_of(conference: Conference) -> dt.date:
    """The day tasks are judged on (done, overdue): the conference's date, or today for a conference without one."""
    return conference.info().date or dt.date.today()


def as_of_text(conference: Conference, today: dt.date | None = None) -> str:
    """"Tình trạng tính đến ngày 03/12/2018 (ngày hội nghị)": the day tasks are judged on, said where they are."""
    today = today or as_of(conference)
    if today == conference.info().date:
        return _("Status as of {date} (the conference's date)", date=format_date(today))
    return _("Status as of {date} (today)", date=format_date(today))


def effective_status(task: Task, today: dt.date) -> Status:
    """The stored status, or OVERDUE when the deadline has passed (is before ``today``) and the task is not done."""
    if task.status is Status.DONE:
        return Status.DONE
    if task.deadline is not None and task.deadline < today:
        return Status.OVERDUE
    return Status.IN_PROGRESS if task.status is Status.OVERDUE else task.status


def target_result(task: Task) -> TargetResult:
    """Actual against planned (exactly, in Decimal): above is exceeded, equal is met, below is not met — reversed
    for maxima (``higher_is_better=False``). PENDING until both values are known (and for tasks)."""
    if task.kind is not TaskKind.TARGET or task.planned is None or task.actual is None:
        return TargetResult.PENDING
    difference = task.actual - task.planned
    if not task.higher_is_better:
        difference = -difference
    if difference > 0:
        return TargetResult.EXCEEDED
    if difference == 0:
        return TargetResult.MET
    return TargetResult.NOT_MET


# -- reading and writing -------------------------------------------------------------------------------------------


def _order(task: Task) -> tuple[int, int, int, int]:
    return task.year, 0 if task.kind is TaskKind.TASK else 1, _PERIOD_ORDER[task.period], task.id or 0


def tasks(conference: Conference) -> list[Task]:
    """Every task and target: by year, tasks before targets, whole year before the halves, then as added."""
    return sorted((Task.from_doc(int(k), d) for k, d in conference.store.docs(TASKS).items()), key=_order)


def get_task(conference: Conference, task_id: int) -> Task | None:
    """One task, or None when there is no such task."""
    doc = conference.store.get(TASKS, task_id)
    return Task.from_doc(task_id, doc) if doc is not None else None


def save_task(conference: Conference, task: Task, today: dt.date | None = None) -> Task:
    """Add (``id`` None) or replace a task after checking every rule; returns it as stored.

    ``today`` only gives the year when the conference details are not set up yet (else the conference's year).
    """
    checked = validated(conference, task, today)
    with conference.store.transaction() as txn:
        # Other desks may have changed the units meanwhile: checked again on the view the commit is based on.
        checked = replace(checked, owner_unit_ids=_check_owners(conference, checked.owner_unit_ids))
        if checked.id is None:
            return replace(checked, id=txn.insert(TASKS, checked.to_doc()))
        if conference.store.get(TASKS, checked.id) is None:
            raise ValidationError("This task was removed meanwhile.", field="title")
        txn.put(TASKS, checked.id, checked.to_doc())
    return checked


def remove_task(conference: Conference, task_id: int) -> None:
    """Remove a task (nothing happens when it is already gone)."""
    with conference.store.transaction() as txn:
        if conference.store.get(TASKS, task_id) is not None:
            txn.remove(TASKS, task_id)


def filter_tasks(
    conference: Conference,
    *,
    unit_id: int | None = None,
    status: Status | None = None,
    kind: TaskKind | None = None,
    period: Period | None = None,
    today: dt.date | None = None,
) -> list[Task]:
    """Tasks matching every filter given. ``unit_id``: those in that unit's charge (bloc-wide tasks are left out;
    they are in the list only when ``unit_id`` is None). ``status`` compares :func:`effective_status` as of
    ``today`` (default: :func:`as_of`), so OVERDUE can be asked for."""
    today = today or as_of(conference)
    chosen = []
    for item in tasks(conference):
        if unit_id is not None and unit_id not in item.owner_unit_ids:
            continue
        if kind is not None and item.kind is not kind:
            continue
        if period is not None and item.period is not period:
            continue
        if status is not None and effective_status(item, today) is not status:
            continue
        chosen.append(item)
    return chosen


@dataclass(frozen=True)
class Summary:
    """The figures the minutes quote, and those figures as sentences in the interface language."""

    tasks_total: int
    tasks_done: int
    tasks_overdue: int
    targets_total: int
    targets_exceeded: int
    targets_met: int
    targets_not_met: int
    lines: list[str] = field(default_factory=list)

    @property
    def targets_pending(self) -> int:
        return self.targets_total - self.targets_exceeded - self.targets_met - self.targets_not_met


def summary(
    conference: Conference,
    *,
    unit_id: int | None = None,
    period: Period | None = None,
    year: int | None = None,
    today: dt.date | None = None,
) -> Summary:
    """Counts of tasks (done, overdue as of ``today``, default :func:`as_of`) and targets (by result) of ``year``
    (default: the conference's year), for one unit or period when given, with the sentences of the minutes:
    "10 nhiệm vụ trọng tâm năm 2018", "6 nhiệm vụ trọng tâm 6 tháng cuối năm", "11/16 nhiệm vụ trọng tâm đã hoàn
    thành", "2 nhiệm vụ quá hạn", "3/8 chỉ tiêu hoàn thành vượt", "3/8 chỉ tiêu hoàn thành", "2/8 chỉ tiêu không
    hoàn thành" (exceeded, met and not met do not overlap)."""
    today = today or as_of(conference)
    year = conference.info().year if year is None else year
    chosen = [t for t in filter_tasks(conference, unit_id=unit_id, period=period) if t.year == year]
    plain = [t for t in chosen if t.kind is TaskKind.TASK]
    targets = [t for t in chosen if t.kind is TaskKind.TARGET]
    results = [target_result(t) for t in targets]
    figures = Summary(
        tasks_total=len(plain),
        tasks_done=sum(1 for t in plain if t.status is Status.DONE),
        tasks_overdue=sum(1 for t in plain if effective_status(t, today) is Status.OVERDUE),
        targets_total=len(targets),
        targets_exceeded=results.count(TargetResult.EXCEEDED),
        targets_met=results.count(TargetResult.MET),
        targets_not_met=results.count(TargetResult.NOT_MET),
    )
    lines: list[str] = []
    by_period = {p: sum(1 for t in plain if t.period is p) for p in Period}
    if by_period[Period.YEAR]:
        lines.append(_("Priority tasks of {year}: {count}", year=year, count=by_period[Period.YEAR]))
    if by_period[Period.FIRST_HALF]:
        lines.append(_("Priority tasks for the first half of the year: {count}", count=by_period[Period.FIRST_HALF]))
    if by_period[Period.SECOND_HALF]:
        lines.append(
            _("Priority tasks for the second half of the year: {count}", count=by_period[Period.SECOND_HALF])
        )
    if plain:
        lines.append(_("Priority tasks done: {done}/{total}", done=figures.tasks_done, total=figures.tasks_total))
    if figures.tasks_overdue:
        lines.append(_("Tasks overdue: {count}", count=figures.tasks_overdue))
    if targets:
        total = figures.targets_total
        lines.append(_("Targets exceeded: {count}/{total}", count=figures.targets_exceeded, total=total))
        lines.append(_("Targets met: {count}/{total}", count=figures.targets_met, total=total))
        lines.append(_("Targets not met: {count}/{total}", count=figures.targets_not_met, total=total))
        if figures.targets_pending:
            lines.append(_("Targets without a result yet: {count}/{total}", count=figures.targets_pending,
                           total=total))
    if not chosen:
        lines.append(_("No priority tasks or targets for {year} yet.", year=year))
    return replace(figures, lines=lines)


# -- carrying over, loading ----------------------------------------------------------------------------------------


def _identity(item: Task) -> tuple[str, tuple[int, ...]]:
    return fold(item.title), tuple(sorted(item.owner_unit_ids))


def _member_lookup(conference: Conference) -> dict[str, Unit]:
    """Member units by folded name, then by folded short name where that does not clash with a name."""
    lookup: dict[str, Unit] = {}
    members = conference.member_units()
    for unit in members:
        lookup.setdefault(fold(unit.name), unit)
    for unit in members:
        if unit.short_name:
            lookup.setdefault(fold(unit.short_name), unit)
    return lookup


def _carried_labels(kind: ConferenceKind, year: int) -> set[str]:
    """``carried_from`` of one conference in every language, folded: a second run in English finds a Vietnamese
    first run."""
    return {fold(f"{text} {year}") for text in (kind.label, catalog("vi").get(kind.label, kind.label), _(kind.label))}


def carry_over(old_folder: Path, new: Conference, *, period: Period | None = None,
               today: dt.date | None = None) -> int:
    """Copy the tasks and targets of the conference in ``old_folder`` that are not done into ``new``.

    The old folder is only read. Each copy gets the new conference's year and ``period`` (default: the whole year,
    the second half for a mid-year review), keeps its status, progress and values, and notes where it came from in
    ``carried_from`` ("Sơ kết 6 tháng 2018"). Units in charge are matched by name; those the new conference does not
    have are dropped and named in the notes (with none left the task is the whole bloc's). A deadline before the
    new period is dropped and an actual value of another year cleared, both kept in the notes. Copies already made
    by an earlier run (same title, units in charge and origin) are not made again. One transaction; returns how
    many were copied.
    """
    old_folder = Path(old_folder)
    if old_folder.expanduser().resolve() == new.folder.expanduser().resolve():
        raise ValidationError("Choose the folder of an earlier conference, not this one.", field="folder")
    old = Conference.open(old_folder, create=False)
    try:
        old_info, old_tasks, old_units = old.info(), tasks(old), {u.id: u for u in old.units()}
    finally:
        old.close()
    info = new.info()
    year = info.year
    period = period or (Period.SECOND_HALF if info.kind is ConferenceKind.MIDYEAR else Period.YEAR)
    start, _end = period.span(year)
    origin = f"{_(old_info.kind.label)} {old_info.year}"
    members = _member_lookup(new)
    prepared: list[Task] = []
    for item in old_tasks:
        if item.status is Status.DONE:
            continue
        owners: list[int] = []
        lost: list[str] = []
        for unit_id in item.owner_unit_ids:
            old_unit = old_units.get(unit_id)
            unit = members.get(fold(old_unit.name)) if old_unit else None
            if unit is None and old_unit is not None and old_unit.short_name:
                unit = members.get(fold(old_unit.short_name))
            if unit is not None and unit.id is not None:
                owners.append(unit.id)
            else:
                lost.append(old_unit.name if old_unit else f"#{unit_id}")
        notes = [item.notes] if item.notes else []
        if lost:
            notes.append(_("Units in charge not in this conference: {units}", units=", ".join(lost)))
        deadline = item.deadline
        if deadline is not None and deadline < start:
            notes.append(_("Earlier deadline: {date}", date=format_date(deadline)))
            deadline = None
        actual = item.actual
        if actual is not None and item.year != year:
            notes.append(_("Result in {year}: {value}", year=item.year,
                           value=f"{format_amount(actual)} {item.measure_unit}".strip()))
            actual = None
        copy = replace(item, id=None, owner_unit_ids=tuple(owners), year=year, period=period, deadline=deadline,
                       actual=actual, notes="\n".join(notes), carried_from=origin)
        prepared.append(validated(new, copy, today))
    labels = _carried_labels(old_info.kind, old_info.year)
    copied = 0
    with new.store.transaction() as txn:
        done = {_identity(t) for t in tasks(new) if fold(t.carried_from) in labels}
        for item in prepared:
            item = replace(item, owner_unit_ids=_check_owners(new, item.owner_unit_ids))
            if _identity(item) in done:
                continue
            done.add(_identity(item))
            txn.insert(TASKS, item.to_doc())
            copied += 1
    return copied


def _raw_text(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    return "" if value is None else str(value)


def load_tasks(conference: Conference, raw: list[dict[str, Any]]) -> None:
    """Add the tasks of ``raw`` (as in ``data/demo_tasks.json``: units in charge by name, dates dd/mm/yyyy, values
    as typed) in one transaction, after checking them all. An error names the item (counted from 1)."""
    lookup = _member_lookup(conference)
    prepared: list[Task] = []
    for number, item in enumerate(raw, start=1):
        try:
            owners = []
            for name in item.get("owners") or []:
                unit = lookup.get(fold(str(name)))
                if unit is None or unit.id is None:
                    raise ValidationError("There is no member unit named “{name}”.", field="owners", name=name)
                owners.append(unit.id)
            planned, actual = item.get("planned"), item.get("actual")
            entry = Task(
                title=_raw_text(item, "title"),
                kind=TaskKind(item.get("kind", "task")),
                description=_raw_text(item, "description"),
                owner_unit_ids=tuple(owners),
                year=int(item.get("year") or 0),
                period=Period(item.get("period", "year")),
                deadline=parse_deadline(_raw_text(item, "deadline")),
                status=Status(item.get("status", "not_started")),
                progress=parse_progress(_raw_text(item, "progress")),
                notes=_raw_text(item, "notes"),
                measure_unit=_raw_text(item, "measure_unit"),
                planned=planned if isinstance(planned, (int, float)) else parse_amount(str(planned or ""), "planned"),
                actual=actual if isinstance(actual, (int, float)) else parse_amount(str(actual or ""), "actual"),
                higher_is_better=bool(item.get("higher_is_better", True)),
                carried_from=_raw_text(item, "carried_from"),
            )
            prepared.append(validated(conference, entry))
        except ValidationError as exc:
            raise ValidationError("Item {number} of the list: {reason}", field=exc.field, number=number,
                                  reason=str(exc)) from exc
    with conference.store.transaction() as txn:
        for entry in prepared:
            entry = replace(entry, owner_unit_ids=_check_owners(conference, entry.owner_unit_ids))
            txn.insert(TASKS, entry.to_doc())


def demo_tasks_source() -> Path:
    return shipped_data() / "demo_tasks.json"


def load_demo_tasks(conference: Conference) -> None:
    """Add the demo bloc's tasks and targets of 2018 (``data/demo_tasks.json``) to a demo conference."""
    load_tasks(conference, json.loads(demo_tasks_source().read_text(encoding="utf-8")))


# -- printing ------------------------------------------------------------------------------------------------------


def owners_text(conference: Conference, item: Task, *, short: bool = False) -> str:
    """The units in charge, comma-separated (short names when ``short``), or "Toàn khối"."""
    if item.bloc_wide:
        return _("Whole bloc")
    names = []
    for unit_id in item.owner_unit_ids:
        unit = conference.unit(unit_id)
        names.append((unit.display if short else unit.name) if unit else f"#{unit_id}")
    return ", ".join(names)


def value_text(value: Decimal | None, measure_unit: str) -> str:
    """``1.200 lượt``, ``98 %``; "" when there is no value."""
    return f"{format_amount(value)} {measure_unit}".strip() if value is not None else ""


TABLE_COLUMNS = (
    N_("No."), N_("Kind"), N_("Content"), N_("Units in charge"), N_("Period"), N_("Deadline"), N_("Status"),
    N_("Progress / result"),
)


def _progress_or_result(item: Task) -> str:
    if item.kind is TaskKind.TASK:
        return f"{item.progress}%"
    actual = format_amount(item.actual) if item.actual is not None else "—"
    values = f"{actual}/{format_amount(item.planned)} {item.measure_unit}".strip()
    return f"{values}: {_(target_result(item).label)}"


def tasks_table(conference: Conference, today: dt.date | None = None) -> tuple[list[str], list[list[str]]]:
    """The headers and rows ``tdkt tasks PATH`` prints with tabulate: every task, then every target (numbered
    within their kind), then an empty row and the summary lines (in the Content column). Status as of ``today``
    (default: :func:`as_of`)."""
    today = today or as_of(conference)
    headers = [_(c) for c in TABLE_COLUMNS]
    rows: list[list[str]] = []
    everything = tasks(conference)
    for kind in TaskKind:
        for number, item in enumerate((t for t in everything if t.kind is kind), start=1):
            rows.append([
                str(number), _(kind.label), item.title, owners_text(conference, item, short=True),
                item.period.text(item.year), format_date(item.deadline), _(effective_status(item, today).label),
                _progress_or_result(item),
            ])
    rows.append([""] * len(headers))
    for line in [as_of_text(conference, today), *summary(conference, today=today).lines]:
        rows.append(["", "", line, *[""] * (len(headers) - 3)])
    return headers, rows


def cell_title(item: Task) -> str:
    return f"{item.title}\n{item.description}" if item.description else item.title


validation.register(TASKS, Task, Task.from_doc)
