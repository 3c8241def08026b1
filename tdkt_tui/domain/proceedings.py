"""What the secretary records during the meeting: a note per agenda item, the opening and closing times, the
conclusions. Each keystroke on the minutes screen is one durable change here; the minutes document reads them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tdkt_tui.domain.conference import AGENDA, Conference
from tdkt_tui.domain.errors import ValidationError
from tdkt_tui.domain.text import clean

NOTES = "notes"  # doc id = agenda item id, {"text": str}
MINUTES = "minutes"  # doc id 1, {"opened_at": "HH:MM", "closed_at": "HH:MM", "conclusions": str}
TIME = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


@dataclass(frozen=True)
class MinutesFields:
    opened_at: str = ""
    closed_at: str = ""
    conclusions: str = ""


def notes(conference: Conference) -> dict[int, str]:
    """Agenda item id → the secretary's note on it."""
    return {int(k): str(d.get("text", "")) for k, d in conference.store.docs(NOTES).items() if d.get("text")}


def save_note(conference: Conference, item_id: int, text: str) -> None:
    """Keep the note on agenda item ``item_id`` (one durable change); an empty note removes it."""
    value = clean(text, multiline=True)
    store = conference.store
    with store.transaction() as txn:
        if not isinstance(item_id, int) or item_id < 1 or store.get(AGENDA, item_id) is None:
            raise ValidationError("This agenda item is not in the agenda.", field="item_id")
        if value:
            txn.put(NOTES, item_id, {"text": value})
        elif store.get(NOTES, item_id) is not None:
            txn.remove(NOTES, item_id)


def fields(conference: Conference) -> MinutesFields:
    doc = conference.store.get(MINUTES, 1) or {}
    return MinutesFields(str(doc.get("opened_at", "")), str(doc.get("closed_at", "")),
                         str(doc.get("conclusions", "")))


def _time_field(value: str, name: str) -> str:
    value = clean(value)
    if not value:
        return ""
    match = TIME.fullmatch(value)
    if match is None:
        raise ValidationError("Times are written HH:MM, for example 08:00.", field=name)
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def save_fields(conference: Conference, f: MinutesFields) -> MinutesFields:
    """Validate and keep the opening and closing times (HH:MM or empty) and the conclusions."""
    saved = MinutesFields(_time_field(f.opened_at, "opened_at"), _time_field(f.closed_at, "closed_at"),
                          clean(f.conclusions, multiline=True))
    with conference.store.transaction() as txn:
        txn.put(MINUTES, 1, {"opened_at": saved.opened_at, "closed_at": saved.closed_at,
                             "conclusions": saved.conclusions})
    return saved
