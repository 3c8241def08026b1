"""The live attendance panels the dashboard and the check-in desk share: counts by role, and the quorum."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual import events
from textual.widgets import Static

from tdkt_tui.domain.attendance import Attendance
from tdkt_tui.domain.i18n import _
from tdkt_tui.domain.model import Role


def _crop(text: str, width: int) -> str:
    """``text`` in exactly ``width`` cells: padded, or cut with an ellipsis."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, max(width - 1, 0)) + "…"


def attendance_table(att: Attendance, fit: int = 0) -> Text:
    """Present and expected by role, as aligned text (a Rich Table costs ~10 ms a repaint; this runs every scan).
    ``fit``: the cells a line may take (0: as wide as it needs); in a narrow panel the role names are shortened and
    the columns closer, so a number never wraps under its row."""
    rows = [(_(role.label), str(att.present[role]), str(att.expected[role])) for role in Role]
    header = (_("Role"), _("Present"), _("Expected"))
    total = (_("Total"), str(att.total_present), str(att.total_expected))
    every = (header, total, *rows)
    width = max(cell_len(r[0]) for r in every)
    gap = 2
    numbers = [max(cell_len(r[i]) for r in every) + gap for i in (1, 2)]
    if fit and width + gap + sum(numbers) > fit:
        gap = 1
        numbers = [n - 1 for n in numbers]
        width = max(fit - sum(numbers), 4)
    else:
        width += gap

    def line(cells: tuple[str, str, str]) -> str:
        return _crop(cells[0], width) + cells[1].rjust(numbers[0]) + cells[2].rjust(numbers[1])

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


class AttendanceCounts(Static):
    """The counts by role, drawn to the panel's width (at 80 columns the panel is narrower than the table)."""

    attendance: Attendance | None = None

    def show(self, att: Attendance) -> None:
        """New counts: only this panel repaints (the door calls it on every scan)."""
        first, self.attendance = self.attendance is None, att
        self.update(attendance_table(att, self.content_size.width), layout=first)

    def on_resize(self, _event: events.Resize) -> None:
        if self.attendance is not None:
            self.update(attendance_table(self.attendance, self.content_size.width), layout=False)
