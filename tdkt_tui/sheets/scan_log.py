"""The whole scan log as CSV, every attempt at every desk, oldest first."""

from __future__ import annotations

from pathlib import Path

from tdkt_tui.domain.checkin import log_entries
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.i18n import _
from tdkt_tui.sheets.writer import write_csv

STEM = "nhat-ky-diem-danh"


def export_log(conference: Conference) -> Path:
    """Write the scan log into the folder's exports as CSV (UTF-8 with BOM, for Excel); return its path."""
    names = {p.id: p.full_name for p in conference.attendees()}
    rows = [[entry.at, _(entry.outcome.label), entry.shown_input, names.get(entry.attendee_id, ""), entry.desk]
            for entry in reversed(log_entries(conference))]
    return write_csv(conference, STEM, [_("Time"), _("Outcome"), _("Input"), _("Full name"), _("Desk")], rows)
