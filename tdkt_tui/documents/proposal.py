"""The proposal for awards the bloc sends upward after its votes (tờ trình đề nghị khen thưởng), addressed to the
provincial emulation and commendation council (a setting), with the list of units per award as XLSX beside it
(docs/domain.md#documents and #awards).

For each award: the units proposed with their votes, share and how they were chosen, and the threshold that was
applied; the bloc's leading unit; the documents attached (the minutes, one vote-counting minutes per vote, each
proposed unit's annual report). A vote not closed, or a report not received, is a visible gap, never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from tdkt_tui.documents import content, issuer, results
from tdkt_tui.documents.content import Block, Paper, Section
from tdkt_tui.documents.count_minutes import CONFERENCE_NAME, subject
from tdkt_tui.documents.word import BLANK, Table
from tdkt_tui.domain import scoring, voting
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.i18n import N_, _
from tdkt_tui.domain.text import format_date
from tdkt_tui.sheets.proposal import write_proposal_list

STEM = "to-trinh-de-nghi-khen-thuong"

LIST_COLUMNS = (N_("No."), N_("Award"), N_("Unit"), N_("Votes"), N_("Of"), N_("% of base"), N_("Chosen by"),
                N_("Threshold"))


@dataclass(frozen=True)
class ProposalFiles:
    """What :func:`write_proposal` wrote."""

    docx: Path
    xlsx: Path


def _award_blocks(conference: Conference, number: int, result: results.VoteResult) -> list[Block]:
    blocks = [Block(_("{number}. Proposed for {award} ({count} units):", number=number, award=result.title,
                      count=len(result.chosen)), sub=True)]
    if result.chosen:
        rows = tuple((str(n), c.unit, f"{c.votes}/{c.base_count}", c.share, c.how)
                     for n, c in enumerate(result.chosen, start=1))
        blocks.append(Block(table=Table((_("No."), _("Unit"), _("Votes"), _("% of base"), _("Chosen by")), rows,
                                        ("center", "left", "center", "center", "left"), (14, 72, 22, 22, 33))))
    if not result.closed:
        blocks.append(Block(_("Counting of this vote is not finished; no unit is proposed yet.")))
    elif not result.chosen:
        blocks.append(Block(_("No unit is nominated.")))
    blocks.append(Block(_("Threshold applied: {rule}, at least {needed} votes; {issued} ballots issued, {valid} "
                          "valid.", rule=result.threshold, needed=result.needed, issued=result.issued,
                          valid=result.valid)))
    if result.open_seats and result.closed:
        blocks.append(Block(_("Seats left open: {seats}.", seats=result.open_seats)))
    return blocks


def _attached(conference: Conference, awards: list[results.VoteResult]) -> list[Block]:
    info = conference.info()
    lines = [_("Minutes of the {conference};", conference=_(CONFERENCE_NAME[info.kind], year=info.year))]
    for result in awards:
        for poll in voting.rounds_of(conference, result.poll.id or 0):
            what = subject(conference, poll)
            lines.append(_("Minutes: {subject};", subject=what[:1].lower() + what[1:]))
    received = scoring.reports(conference)
    seen: set[int] = set()
    for result in awards:
        for c in result.chosen:
            if c.unit_id in seen:
                continue
            seen.add(c.unit_id)
            report = received.get(c.unit_id)
            lines.append(_("Annual report of {unit} (received {date});", unit=c.unit, date=format_date(report.received))
                         if report is not None and report.is_received else
                         _("Annual report of {unit} (not received yet);", unit=c.unit))
    lines[-1] = lines[-1].rstrip(";") + "."
    return [Block(_("Attached:"), sub=True), *(Block(f"- {line}") for line in lines)]


def proposal(conference: Conference) -> Paper:
    """The content of the proposal for awards."""
    info = conference.info()
    council = issuer.council(info)
    bloc = info.bloc_name or BLANK
    awards = results.award_results(conference)
    leading = results.leading_unit(conference)
    intro = [
        Block(_("Pursuant to the results of the {conference} of the {bloc}, held on {date} at {venue};",
                conference=_(CONFERENCE_NAME[info.kind], year=info.year), bloc=bloc,
                date=format_date(info.date) or BLANK, venue=info.venue or BLANK)),
        Block(_("Pursuant to the verified scores and the secret ballots of the member units at the conference,")),
        Block(_("The {bloc} respectfully proposes that the {council} consider and propose the following awards:",
                bloc=bloc, council=council)),
    ]
    body = [Block(_("1. The leading unit of the bloc in {year}: {unit}.", year=info.year,
                    unit=leading.name if leading else BLANK), sub=True)]
    for number, result in enumerate(awards, start=2):
        body += _award_blocks(conference, number, result)
    if not awards:
        body.append(Block(_("No award vote has been held yet.")))
    closing = [*_attached(conference, awards),
               Block(_("The {bloc} respectfully submits this to the {council} for its consideration and decision.",
                       bloc=bloc, council=council))]
    return Paper(
        head=issuer.letterhead(conference, issuer.PROPOSAL),
        kind=_("PROPOSAL"),
        subject=_("On the proposal of awards for the emulation year {year}", year=info.year),
        addressee=_("To: {council}.", council=council),
        sections=(Section("", (*intro, *body, *closing)),),
        signatures=(issuer.for_the_bloc(info),),
        recipients=(_("As above"), _("The member units of the bloc"), issuer.filed(info)),
    )


def proposal_rows(conference: Conference) -> list[list[str | int | Decimal]]:
    """The list of the units proposed, one row per unit and award (the columns of :data:`LIST_COLUMNS`)."""
    rows: list[list[str | int | Decimal]] = []
    for result in results.award_results(conference):
        for c in result.chosen:
            rows.append([len(rows) + 1, result.title, c.unit, c.votes, c.base_count, Decimal(c.percent), c.how,
                         result.threshold])
    return rows


def write_proposal(conference: Conference, fmt: str = "docx") -> ProposalFiles:
    """Write the proposal (``exports/to-trinh-de-nghi-khen-thuong-<time>.docx``, or md/txt/pdf) and the list of the
    units proposed (``danh-sach-de-nghi-khen-thuong-<time>.xlsx``); new files, never replacing one."""
    paper = proposal(conference)
    written = content.write(conference, paper, STEM, fmt)
    info = conference.info()
    leading = results.leading_unit(conference)
    heading = [info.bloc_name, _("Units proposed for awards, {year}", year=info.year),
               _("Leading unit of the bloc: {unit}", unit=leading.name if leading else BLANK)]
    xlsx = write_proposal_list(conference, heading, [_(c) for c in LIST_COLUMNS], proposal_rows(conference))
    return ProposalFiles(written, xlsx)


__all__ = ["LIST_COLUMNS", "ProposalFiles", "proposal", "proposal_rows", "write_proposal"]
