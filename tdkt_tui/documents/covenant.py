"""The emulation covenant (giao ước thi đua) the member units sign for the next period: the bloc's priority tasks and
each unit's targets (content, unit of measure, planned value, units in charge), with a signature cell for the head
of every member unit (docs/domain.md#the-year-and-its-conferences and #documents).

The next period follows from the conference: a year-end review prepares next year, a mid-year review the second
half, a covenant signing its own year. Nothing registered yet is a visible gap, never an invented target.
"""

from __future__ import annotations

from pathlib import Path

from tdkt_tui.documents import content, issuer, word
from tdkt_tui.documents.content import Block, Paper, Section
from tdkt_tui.documents.word import BLANK, Table
from tdkt_tui.domain import tasks
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.i18n import _
from tdkt_tui.domain.model import ConferenceInfo, ConferenceKind, Role
from tdkt_tui.domain.tasks import Period, Task, TaskKind
from tdkt_tui.domain.text import format_date

STEM = "giao-uoc-thi-dua"


def next_period(info: ConferenceInfo) -> tuple[int, tuple[Period, ...]]:
    """The year and periods the covenant binds: next year after a year-end review, the second half after a
    mid-year review, the conference's own year at a covenant signing."""
    if info.kind is ConferenceKind.YEAREND:
        return info.year + 1, tuple(Period)
    if info.kind is ConferenceKind.MIDYEAR:
        return info.year, (Period.SECOND_HALF,)
    return info.year, tuple(Period)


def period_tasks(conference: Conference) -> list[Task]:
    year, periods = next_period(conference.info())
    return [t for t in tasks.tasks(conference) if t.year == year and t.period in periods]


def _tables(conference: Conference, chosen: list[Task]) -> list[Block]:
    plain = [t for t in chosen if t.kind is TaskKind.TASK]
    targets = [t for t in chosen if t.kind is TaskKind.TARGET]
    blocks: list[Block] = [Block(_("I. Priority tasks"), sub=True)]
    if plain:
        rows = tuple((str(n), t.title, tasks.owners_text(conference, t), format_date(t.deadline))
                     for n, t in enumerate(plain, start=1))
        blocks.append(Block(table=Table((_("No."), _("Content"), _("Units in charge"), _("Deadline")), rows,
                                        ("center", "left", "left", "center"), (14, 80, 44, 25))))
    else:
        blocks.append(Block(_("No priority task is registered for this period yet: {blank}", blank=BLANK)))
    blocks.append(Block(_("II. Emulation targets"), sub=True))
    if targets:
        rows = tuple((str(n), t.title, t.measure_unit, tasks.format_amount(t.planned),
                      tasks.owners_text(conference, t)) for n, t in enumerate(targets, start=1))
        blocks.append(Block(table=Table((_("No."), _("Content"), _("Unit of measure"), _("Planned"),
                                         _("Units in charge")), rows,
                                        ("center", "left", "center", "center", "left"), (14, 66, 24, 20, 39))))
    else:
        blocks.append(Block(_("No target is registered for this period yet: {blank}", blank=BLANK)))
    return blocks


def heads(conference: Conference) -> tuple[word.Signature, ...]:
    """One signature block per member unit: the unit in capitals, its head's title, the head's name (the unit's
    voting delegate; a blank to sign by hand where the list has none)."""
    people = conference.attendees()
    signs = []
    for unit in conference.member_units():
        head = next((p for p in people if p.unit_id == unit.id and p.role is Role.VOTING and p.substitute_for is None),
                    None)
        signs.append(word.Signature(unit.name, head.full_name if head else "", head.title if head else ""))
    return tuple(signs)


def covenant(conference: Conference) -> Paper:
    """The content of the covenant for the next period."""
    info = conference.info()
    year, periods = next_period(info)
    bloc = info.bloc_name or BLANK
    span = _("the second half of {year}", year=year) if periods == (Period.SECOND_HALF,) else \
        _("the year {year}", year=year)
    intro = Block(_("To carry out the political tasks of {span}, the member units of the {bloc} agree and sign this "
                    "emulation covenant with the following content:", span=span, bloc=bloc))
    closing = [
        Block(_("III. Carrying it out"), sub=True),
        Block(_("Each member unit carries out the tasks and targets above, and reports its results at the mid-year "
                "review and the year-end review of the bloc.")),
        Block(_("The bloc leader follows the covenant, gathers the results and reports them to the {council}.",
                council=issuer.council(info))),
        Block(_("The covenant takes effect on the day it is signed; each member unit keeps one copy.")),
    ]
    return Paper(
        head=issuer.letterhead(conference, issuer.COVENANT,
                               signed_in=None if info.kind is ConferenceKind.COVENANT else year),
        kind=_("EMULATION COVENANT"),
        subject=_("{span} of the {bloc}", span=span[:1].upper() + span[1:], bloc=bloc),
        sections=(Section("", (intro, *_tables(conference, period_tasks(conference)), *closing)),),
        signatures=heads(conference),
        recipients=(_("{council} (to report)", council=issuer.council(info)), _("The member units of the bloc"),
                    issuer.filed(info)),
    )


def write_covenant(conference: Conference, fmt: str = "docx") -> Path:
    """Write the covenant into ``exports/giao-uoc-thi-dua-<time>.<fmt>`` (a new file, never replacing one)."""
    return content.write(conference, covenant(conference), STEM, fmt)


__all__ = ["covenant", "heads", "next_period", "period_tasks", "write_covenant"]
