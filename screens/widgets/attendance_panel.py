"""The live attendance panels the dashboard and the check-in desk share: counts by role, and the quorum."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text

from tdkt_tui.domain.attendance import Attendance
from tdkt_tui.domain.i18n import _
from tdkt_tui.domain.model import Role


def attendance_table(att: Attendance) -> Text:
    """Present and expected by role, as aligned text (a Rich Table costs ~10 ms a repaint; this runs every scan)."""
    rows = [(_(role.label), str(att.present[role]), str(att.expected[role])) for role in Role]
    header = (_("Role"), _("Present"), _("Expected"))
    total = (_("Total"), str(att.total_present), str(att.total_expected))
    width = max(cell_len(r[0]) for r in (header, total, *rows)) + 2
    numbers = [max(cell_len(r[i]) for r in (header, total, *rows)) + 2 for i in (1, 2)]

    def line(cells: tuple[str, str, str]) -> str:
        return set_cell_size(cells[0], width) + cells[1].rjust(numbers[0]) + cells[2].rjust(numbers[1])

    text = Text()
    text.append(line(header) + "\n", style="bold")
    for row in rows:
        text.append(line(row) + "\n")
    text.append(line(total), style="bold")
    return text


def quorum_text(att: Attendance) -> Text:
    text = Text()
    text.append(_("Member units present: {present}/{total}", present=att.member_units_present,
                  total=att.member_units), style="bold")
    text.append("\n")
    rule = _("Quorum: at least {rule} of member units = {needed}", rule=att.quorum.text(), needed=att.quorum_needed)
    text.append(rule + "\n")
    if att.quorum_met:
        text.append(" " + _("QUORUM REACHED") + " ", style="bold black on green")
    else:
        short = att.quorum_needed - att.member_units_present
        text.append(" " + _("NO QUORUM YET: {count} more units needed", count=max(short, 0)) + " ",
                    style="bold white on red")
    if att.missing_units and att.member_units_present:
        text.append("\n" + _("Missing: {units}", units=", ".join(att.missing_units)), style="italic")
    return text
