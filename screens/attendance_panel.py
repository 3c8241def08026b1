"""The live attendance panels the dashboard and the check-in desk share: counts by role, and the quorum."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from tdkt_tui.attendance import Attendance
from tdkt_tui.i18n import _
from tdkt_tui.model import Role


def attendance_table(att: Attendance) -> Table:
    table = Table(expand=True, show_edge=False, box=None, header_style="bold")
    table.add_column(_("Role"))
    table.add_column(_("Present"), justify="right")
    table.add_column(_("Expected"), justify="right")
    for role in Role:
        table.add_row(_(role.label), str(att.present[role]), str(att.expected[role]))
    table.add_row(Text(_("Total"), style="bold"), Text(str(att.total_present), style="bold"),
                  Text(str(att.total_expected), style="bold"))
    return table


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
