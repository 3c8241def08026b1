"""The snapshot file and its backups.

``conference.json`` is TinyDB's JSON layout (``{table: {doc_id: doc}}``) plus a ``_meta`` table with the schema
version, the last journal sequence number it holds, its generation and the highest id each table ever gave.
``backups/`` keeps a copy of the newest snapshots, named by sequence number and generation
(``conference-0000001234-g000007.json``), never by the clock: a clock that jumps cannot reorder them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tdkt_tui.domain.i18n import N_, _

SNAPSHOT = "conference.json"
META = "_meta"
BACKUPS = "backups"
KEEP_BACKUPS = 10

Doc = dict[str, Any]
Tables = dict[str, dict[str, Doc]]

_BACKUP = re.compile(r"conference-(\d{10})-g(\d{6})(?:-[a-z0-9]+)?\.json")
#: Backups named by an older version: ``conference-<date>-<time>-<seq>[-<suffix>].json``.
_OLD_BACKUP = re.compile(r"conference-\d{8}-\d{6}-(\d{8})(?:-[a-z0-9]+)?\.json")


class SnapshotProblem(Exception):
    """A snapshot that cannot be read; the message is the detail, in the interface language."""


def table_problem(tables: Any) -> str | None:
    """Why ``tables`` is not a snapshot in TinyDB's layout with a valid ``_meta`` (a msgid), or None."""
    if not isinstance(tables, dict):
        return N_("not a table of documents")
    for docs in tables.values():
        if not isinstance(docs, dict):
            return N_("not a table of documents")
        for key, doc in docs.items():
            if not (key.isascii() and key.isdigit()) or not isinstance(doc, dict):
                return N_("not a table of documents")
    meta = tables.get(META, {}).get("1")
    if not isinstance(meta, dict) or not all(type(meta.get(k)) is int for k in ("schema", "seq", "generation")):
        return N_("no schema version")
    max_ids = meta.get("max_ids", {})
    if not isinstance(max_ids, dict) or not all(type(v) is int for v in max_ids.values()):
        return N_("no schema version")
    return None


def decode_snapshot(raw: bytes) -> Tables:
    """The tables of snapshot bytes; :class:`SnapshotProblem` says what is wrong with them."""
    try:
        tables = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise SnapshotProblem(_("not UTF-8 text")) from exc
    except json.JSONDecodeError as exc:
        raise SnapshotProblem(
            _("not valid JSON (line {line}, column {column})", line=exc.lineno, column=exc.colno)
        ) from exc
    except RecursionError as exc:
        raise SnapshotProblem(_("nested too deeply")) from exc
    problem = table_problem(tables)
    if problem:
        raise SnapshotProblem(_(problem))
    return tables  # type: ignore[no-any-return]


def meta_of(tables: Tables) -> Doc:
    """The ``_meta`` document of decoded tables."""
    return tables[META]["1"]


def encode_snapshot(tables: Tables, meta: Doc) -> bytes:
    return json.dumps({**tables, META: {"1": meta}}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# -- backups -----------------------------------------------------------------------------------------------------


def backup_name(seq: int, generation: int, suffix: str = "") -> str:
    return f"conference-{seq:010d}-g{generation:06d}{'-' + suffix if suffix else ''}.json"


@dataclass(frozen=True, order=True)
class Backup:
    """A snapshot copy in ``backups/``, ordered by the sequence number and generation in its name."""

    seq: int
    generation: int
    path: Path


def backups(folder: Path) -> list[Backup]:
    """The backups of ``folder``, oldest first (by sequence number, then generation)."""
    found = []
    try:
        paths = list((folder / BACKUPS).glob("conference-*.json"))
    except OSError:
        return []
    for path in paths:
        if m := _BACKUP.fullmatch(path.name):
            found.append(Backup(int(m.group(1)), int(m.group(2)), path))
        elif m := _OLD_BACKUP.fullmatch(path.name):
            found.append(Backup(int(m.group(1)), 0, path))
    return sorted(found)


def latest_backup(folder: Path) -> Path | None:
    """The newest snapshot copy in the folder's backups, if any."""
    found = backups(folder)
    return found[-1].path if found else None
