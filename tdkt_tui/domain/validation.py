"""Stored documents checked against the record types they are read into.

A snapshot can be valid JSON and still hold a number where a name belongs (edited by hand, written by another
program); read into a record, it would stop the attendance list, the badges or the minutes on an "unexpected error".
So every table whose record type is known (:func:`register`, beside the table's name) is checked before it is used,
and a document of the wrong type is damage, named with its table, id and field.

The types come from the records themselves (their annotations), so the check follows the records as they change:

* a *flat* record (the document's keys are the record's fields: attendees, units, the scan log) is checked column by
  column, a few milliseconds for 100,000 people;
* any other record is read with its own ``from_doc`` and every field of the result must fit its annotation (a
  number in a list of unit ids, a dict where a list belongs, a ``from_doc`` that raises).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import enum
import types
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from operator import itemgetter, methodcaller
from typing import Any

from tdkt_tui.domain.i18n import N_, _

Doc = dict[str, Any]
Decoder = Callable[[int, Doc], Any]


@dataclass(frozen=True)
class Problem:
    """A document that does not fit its record type; ``detail`` is in the interface language."""

    table: str
    doc_id: str
    detail: str


@dataclass(frozen=True)
class _Kind:
    record: type
    decode: Decoder | None  # None: a flat record, checked column by column
    log: bool


_KINDS: dict[str, _Kind] = {}
_COLUMNS: dict[type, dict[str, frozenset[type]]] = {}


def register(table: str, record: type, decode: Decoder | None = None, *, log: bool = False) -> None:
    """Declare that the documents of ``table`` are read into ``record`` (a dataclass): with ``decode(doc_id, doc)``,
    or, when ``decode`` is None, field by field under the same names (a flat record). A ``log`` (the scan log) is
    read a few lines at a time and checked as it is read, never decoded whole just to be checked."""
    _KINDS[table] = _Kind(record, decode, log)


def known(table: str) -> bool:
    return table in _KINDS


def is_log(table: str) -> bool:
    kind = _KINDS.get(table)
    return kind is not None and kind.log


class _Missing:
    """A field the document does not have: the record's default applies."""


_MISSING = _Missing()

#: What a JSON value of each Python type is called in a message (msgids).
_JSON_WORDS = {
    str: N_("text"),
    int: N_("a whole number"),
    float: N_("a number"),
    bool: N_("true or false"),
    list: N_("a list"),
    dict: N_("an object"),
    type(None): N_("empty"),
}


def _word(kind: type) -> str:
    return _(_JSON_WORDS.get(kind, N_("something else")))


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(record: type) -> dict[str, Any]:
    """The resolved annotations of a record type's fields (computed once per type)."""
    hints = _HINTS.get(record)
    if hints is None:
        names = {f.name for f in dataclasses.fields(record)} if dataclasses.is_dataclass(record) else set()
        hints = {k: v for k, v in typing.get_type_hints(record).items() if k in names}
        _HINTS[record] = hints
    return hints


def _json_types(hint: Any) -> frozenset[type] | None:
    """The JSON types a flat document may hold for a field annotated ``hint`` (None: not checked)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        found: set[type] = set()
        for arg in typing.get_args(hint):
            sub = _json_types(arg)
            if sub is None:
                return None
            found |= sub
        return frozenset(found)
    if origin in (tuple, list):
        return frozenset({list})
    if origin is dict:
        return frozenset({dict})
    if hint is type(None):
        return frozenset({type(None)})
    if hint is bool:
        return frozenset({bool})
    if hint is int:
        return frozenset({int})
    if hint is float:
        return frozenset({int, float})
    if hint is str:
        return frozenset({str})
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return frozenset(type(member.value) for member in hint)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return frozenset({dict, list})
    return None


def _columns(record: type) -> dict[str, frozenset[type]]:
    columns = _COLUMNS.get(record)
    if columns is None:
        columns = {}
        for name, hint in _hints(record).items():
            allowed = _json_types(hint)
            if name != "id" and allowed is not None:
                columns[name] = allowed | {_Missing}
        _COLUMNS[record] = columns
    return columns


Fits = Callable[[Any], bool]
_CHECKERS: dict[Any, Fits] = {}
_RECORD_CHECKS: dict[type, list[tuple[str, Fits]]] = {}


def _anything(value: Any) -> bool:
    return True


def _checker(hint: Any) -> Fits:
    """A function telling whether a decoded value is of the annotated type ``hint`` (made once per hint)."""
    try:
        found = _CHECKERS.get(hint)
    except TypeError:  # an unhashable annotation
        return _anything
    if found is None:
        found = _CHECKERS[hint] = _make_checker(hint)
    return found


def _make_checker(hint: Any) -> Fits:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is Any:
        return _anything
    if origin in (typing.Union, types.UnionType):
        options = [_checker(arg) for arg in args]
        return lambda value: any(fits(value) for fits in options)
    if origin is typing.Literal:
        return lambda value: value in args
    if origin in (tuple, list):
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            each = _checker(args[0])
            return lambda value: isinstance(value, tuple) and all(each(item) for item in value)
        if origin is tuple and args:
            parts = [_checker(arg) for arg in args]
            return lambda value: (isinstance(value, tuple) and len(value) == len(parts)
                                  and all(fits(item) for fits, item in zip(parts, value, strict=True)))
        each = _checker(args[0]) if args else _anything
        return lambda value: isinstance(value, origin) and all(each(item) for item in value)
    if origin is not None:
        return lambda value: isinstance(value, origin)
    if hint is type(None):
        return lambda value: value is None
    if hint in (bool, int):
        return lambda value: type(value) is hint
    if hint is float:
        return lambda value: type(value) in (int, float)
    if not isinstance(hint, type):
        return _anything
    if dataclasses.is_dataclass(hint):
        return lambda value: isinstance(value, hint) and _record_problem(value) is None
    return lambda value: isinstance(value, hint)


def _record_problem(record: Any) -> str | None:
    """The first field of a decoded ``record`` that does not fit its annotation, or None."""
    checks = _RECORD_CHECKS.get(type(record))
    if checks is None:
        checks = _RECORD_CHECKS[type(record)] = [(name, _checker(hint)) for name, hint in _hints(type(record)).items()]
    for name, fits in checks:
        if not fits(getattr(record, name, None)):
            return name
    return None


def check(table: str, docs: dict[str, Doc], keys: Iterable[str] | None = None) -> Problem | None:
    """The first document of ``table`` (among ``keys``, default all) that does not fit its record type, or None."""
    kind = _KINDS.get(table)
    if kind is None:
        return None
    if kind.decode is None:
        return _check_flat(table, kind.record, docs, keys)
    for key in docs if keys is None else keys:
        doc = docs.get(key)
        if doc is None:
            continue
        try:
            record = kind.decode(int(key), doc)
        except Exception as exc:  # noqa: BLE001 - whatever from_doc trips on, the document is what is wrong
            return Problem(table, key, _("record {id} of {table} cannot be read ({reason})", id=key, table=table,
                                         reason=f"{type(exc).__name__}: {exc}"[:120]))
        field = _record_problem(record)
        if field is not None:
            return Problem(table, key, _("record {id} of {table}: {field} is not of its type", id=key, table=table,
                                         field=field))
    return None


def _column_types(columns: dict[str, frozenset[type]], rows: list[Doc]) -> dict[str, set[type]]:
    """The types found in each column of ``rows``, in C loops. The usual rows hold every column: then one pass
    takes each row's values and turns them into columns (100,000 people in 60 ms instead of 165); a row missing a
    column (an older version wrote it) makes it a pass per column."""
    names = list(columns)
    if len(rows) == 1:  # one document read (a check-in reads its person): no loops to set up
        get = rows[0].get
        return {name: {type(get(name, _MISSING))} for name in names}
    if len(names) > 1 and rows:
        with contextlib.suppress(KeyError):
            return dict(zip(names, map(set, map(partial(map, type), zip(*map(itemgetter(*names), rows))))))
    return {name: set(map(type, map(methodcaller("get", name, _MISSING), rows))) for name in names}


def _check_flat(table: str, record: type, docs: dict[str, Doc], keys: Iterable[str] | None) -> Problem | None:
    rows = list(docs.values()) if keys is None else [docs[k] for k in keys if k in docs]
    columns = _columns(record)
    for name, found in _column_types(columns, rows).items():
        allowed = columns[name]
        if found <= allowed:
            continue
        for key, doc in (docs.items() if keys is None else ((k, docs[k]) for k in keys if k in docs)):
            value = doc.get(name, _MISSING)
            if type(value) not in allowed:
                expected = " / ".join(sorted(_word(t) for t in allowed if t is not _Missing))
                return Problem(table, key, _("record {id} of {table}: {field} is {found}, not {expected}", id=key,
                                             table=table, field=name, found=_word(type(value)), expected=expected))
    return None
