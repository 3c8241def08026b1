"""The conference minutes (biên bản hội nghị): the secretary's notes per agenda item, the opening and closing times
and the conclusions, put together with what the conference already knows (attendance, ranking, tasks, votes) into
one document in the layout of NĐ 30/2020 (mẫu 1.9) or, for a Party bloc, HD 36 (docs/domain.md#documents and
#document-layout), as Markdown, plain text, Word or PDF.

What the software does not know is left as a visible gap to fill in by hand, never invented: "(chưa có)" for a
missing chair or secretary, "(chưa điểm danh)" before check-in, "(chưa ghi)" for an item without notes and
"…… giờ …… phút" for a time not recorded. Nothing depends on the clock: the same conference gives the same text.
"""

from __future__ import annotations

from pathlib import Path

from tdkt_tui.documents import content, issuer, report, results
from tdkt_tui.documents.content import FORMATS, Block, Paper, Section
from tdkt_tui.documents.count_minutes import CONFERENCE_NAME
from tdkt_tui.documents.word import BLANK, MISSING, Table
from tdkt_tui.documents.wording import clock
from tdkt_tui.domain import scoring, tasks, voting
from tdkt_tui.domain.attendance import replaced
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.exports import in_list_order, name_key
from tdkt_tui.domain.i18n import N_, _, decimal
from tdkt_tui.domain.model import Attendee, Role
from tdkt_tui.domain.proceedings import fields, notes
from tdkt_tui.domain.text import fold, format_date

STEM = "bien-ban-hoi-nghi"

NOT_WRITTEN = N_("(not written)")
NO_ATTENDANCE = N_("(no attendance taken)")
#: The roles that are a member unit's delegates (summoned); guests and the organisers' staff are counted apart.
DELEGATES = (Role.VOTING, Role.DELEGATE)


# -- content -------------------------------------------------------------------------------------------------------


#: The content of the minutes (kept under this name for readers of the minutes alone).
Minutes = Paper


def _lines(text: str) -> list[Block]:
    paragraphs = [line for line in text.split("\n") if line.strip()]
    return [Block(p) for p in paragraphs] or [Block(_(NOT_WRITTEN))]


def person_line(person: Attendee, body: str) -> str:
    """"Nguyễn Trọng Bình, Phó Chủ tịch Hội đồng Thi đua - Khen thưởng tỉnh": the name, the title, and the body
    unless the title already names it."""
    parts = [person.full_name, person.title]
    if body and fold(body) not in fold(person.title):
        parts.append(body)
    return ", ".join(p for p in parts if p)


def _attendance_table(conference: Conference, people: list[Attendee]) -> Table:
    """Unit by unit (member units in their order): who attended, their title, a substitute marked; an absent unit
    says so."""
    by_unit: dict[int | None, list[Attendee]] = {}
    for person in people:
        if person.present and person.role in DELEGATES:
            by_unit.setdefault(person.unit_id, []).append(person)
    rows: list[tuple[str, ...]] = []
    for number, unit in enumerate(conference.member_units(), start=1):
        here = sorted(by_unit.get(unit.id, []), key=lambda p: (p.role is not Role.VOTING, name_key(p.full_name)))
        label = f"{number}. {unit.name}"
        if not here:
            rows.append((label, _("(absent)"), ""))
        for person in here:
            name = person.full_name
            if person.substitute_for is not None:
                name += " " + _("(substituting for {name})", name=conference.name_of(person.substitute_for))
            rows.append((label, name, person.title))
    return Table((_("Member unit"), _("Attended"), _("Title")), tuple(rows), ("left", "left", "left"),
                 (62, 50, 51), merge_first=0)


def _participants(conference: Conference) -> list[Block]:
    attendance = conference.attendance()
    people = conference.attendees()
    nobody_in = attendance.total_present == 0
    units = {u.id: u for u in conference.units()}
    guests = [p for p in in_list_order(conference, [p for p in people if p.role is Role.GUEST])
              if nobody_in or p.present]
    blocks: list[Block] = [Block(_("1. Guests"), sub=True)]
    if not guests:
        blocks.append(Block(_("No guests.")))
    else:
        if nobody_in:
            blocks.append(Block(_("Expected (nobody is checked in yet):")))
        lines = [person_line(p, units[p.unit_id].name if p.unit_id in units else "") for p in guests]
        blocks += [Block(f"- {line}{'.' if n == len(lines) - 1 else ';'}") for n, line in enumerate(lines)]
    member_ids = {u.id for u in conference.member_units()}
    stood_for = replaced(people)  # an absent delegate with a substitute present: the substitute is counted instead
    summoned = [p for p in people if p.role in DELEGATES and p.unit_id in member_ids and p.id not in stood_for]
    blocks.append(Block(_("2. Member units"), sub=True))
    if nobody_in:
        marker = _(NO_ATTENDANCE)
        blocks += [Block(_("Member units present: {units}", units=marker)),
                   Block(_("Delegates present: {present} of {summoned} summoned.", present=marker,
                           summoned=len(summoned)))]
    else:
        present = sum(1 for p in summoned if p.present)
        blocks += [
            Block(_("Member units present: {present}/{total}; absent: {units}.",
                    present=attendance.member_units_present, total=attendance.member_units,
                    units="; ".join(attendance.missing_units) or _("none"))),
            Block(_("Delegates present: {present} of {summoned} summoned.", present=present,
                    summoned=len(summoned))),
            Block(table=_attendance_table(conference, people)),
        ]
    info = conference.info()
    chair, secretary = issuer.chair(info), issuer.secretary(info)
    blocks += [Block(_("3. Chair and secretary"), sub=True),
               Block(_("Chair: {name}.", name=", ".join(x for x in (chair.name, chair.title) if x) or _(MISSING))),
               Block(_("Secretary: {name}.", name=", ".join(x for x in (secretary.name, secretary.title) if x)
                       or _(MISSING)))]
    return blocks


#: How an agenda item presenting the bloc's annual report is recognised (its title, folded).
REPORT_ITEM = "bao cao tong ket"


def _presents_report(title: str) -> bool:
    return REPORT_ITEM in fold(title)


def _proceedings(conference: Conference) -> list[Block]:
    """The agenda items with their notes; the item presenting the bloc's annual report names it by its number and
    date once Settings hold them (:func:`report.reference`)."""
    written = notes(conference)
    cited = report.reference(conference)
    blocks: list[Block] = []
    for number, item in enumerate(conference.agenda(), start=1):
        blocks.append(Block(f"{number}. {item.title}", sub=True))
        if item.presenter:
            blocks.append(Block(_("Presented by: {name}.", name=item.presenter)))
        if cited and _presents_report(item.title):
            blocks.append(Block(_("Document presented: {reference}.", reference=cited)))
            cited = ""
        blocks += _lines(written.get(item.id or 0, ""))
    return blocks or [Block(_(NOT_WRITTEN))]


def _scoring(conference: Conference) -> list[Block]:
    received, total = scoring.reports_received(conference)
    rows = tuple((str(s.rank) if s.rank else "—", s.unit.name,
                  scoring.format_points(s.verified_total) if s.rank else "—")
                 for s in scoring.ranking(conference))
    table = Table((_("Rank"), _("Unit"), _("Verified total")), rows, ("center", "left", "center"), (25, 103, 35))
    blocks = [Block(_("Reports received: {received}/{total}", received=received, total=total)), Block(table=table)]
    cited = report.reference(conference)
    if cited and not any(_presents_report(item.title) for item in conference.agenda()):
        blocks.insert(0, Block(_("The bloc's annual report: {reference}.", reference=cited)))
    return blocks


def _tasks(conference: Conference) -> list[Block]:
    day = tasks.as_of(conference)
    summary = tasks.summary(conference, today=day)
    return [Block(_("As of {date}:", date=format_date(day))), *(Block(f"- {line}.") for line in summary.lines)]


def _awards(conference: Conference, awards: list[results.VoteResult]) -> list[Block]:
    """One table of every award's units, then per award its seats, threshold, ballots and audit digest."""
    blocks = [Block(table=results.awards_table(awards))]
    for result in awards:
        blocks.append(Block(_("{award}: {seats} seats; threshold {rule}, at least {needed} votes; {issued} ballots "
                              "issued, {valid} valid; audit digest {digest}.", award=result.title,
                              seats=result.seats, rule=result.threshold, needed=result.needed,
                              issued=result.issued, valid=result.valid, digest=", ".join(result.digests) or "—")))
    return blocks


def _motions(conference: Conference, motions: list[voting.Poll]) -> list[Block]:
    blocks = []
    for poll in motions:
        if poll.status is voting.Status.CLOSED and poll.motion is not None:
            result = voting.tally(conference, poll.id or 0)
            blocks.append(Block(_("{title}: agree {agree}, disagree {disagree}, not voting {abstain}; {verdict}.",
                                  title=poll.title, agree=poll.motion.agree, disagree=poll.motion.disagree,
                                  abstain=poll.motion.abstain,
                                  verdict=_("passed") if result.passed else _("not passed"))))
        else:
            blocks.append(Block(_("{title}: counting not finished.", title=poll.title)))
    return blocks


def _votes(conference: Conference) -> list[Block]:
    """The awards, the bloc's leading unit, next year's leader and deputy, the shows of hands: numbered parts,
    those without content left out (the leading unit is always said, or left as a gap)."""
    year = conference.info().year
    leading = results.leading_unit(conference)
    held = bool(voting.polls(conference))
    awards = results.award_results(conference)
    elected = [Block(line) for line in (results.elected_line(conference, k)
                                        for k in (voting.PollKind.LEADER, voting.PollKind.DEPUTY)) if line]
    motions = results.motions(conference)
    parts = [
        (_("Units nominated for awards"), _awards(conference, awards) if awards else []),
        (_("The leading unit of the bloc"), [Block(_("Leading unit of the bloc in {year}: {unit}.", year=year,
                                                     unit=leading.name if leading else BLANK))]),
        (_("Bloc leader and deputy for next year"), elected or ([Block(_("No election was held."))] if held else [])),
        (_("Shows of hands"), _motions(conference, motions)),
    ]
    blocks = [] if held else [Block(_("No vote was held."))]
    for number, (title, part) in enumerate(((t, p) for t, p in parts if p), start=1):
        blocks += [Block(f"{number}. {title}", sub=True), *part]
    return blocks


def _approval(conference: Conference) -> Block:
    """The minutes' own approval: the show of hands on them, or a gap to fill by hand."""
    poll = results.approval(conference)
    if poll is not None and poll.status is voting.Status.CLOSED and poll.motion is not None:
        result = voting.tally(conference, poll.id or 0)
        share = decimal(voting.percent(poll.motion.agree, result.base_count))
        if result.passed:
            return Block(_("The minutes were read to the conference and approved by {share}% of the voting "
                           "delegates ({agree}/{base}).", share=share, agree=poll.motion.agree,
                           base=result.base_count))
        return Block(_("The minutes were read to the conference and not approved ({agree}/{base} agreed).",
                       agree=poll.motion.agree, base=result.base_count))
    return Block(_("The minutes were read to the conference and approved by {share}% of the voting delegates.",
                   share="……"))


def minutes(conference: Conference) -> Minutes:
    """The content of the conference minutes."""
    info = conference.info()
    f = fields(conference)
    when = format_date(info.date) or "……/……/………"
    sections = (
        Section(_("I. Time and place"), (
            Block(_("Opened at {time}, on {date}.", time=clock(f.opened_at), date=when)),
            Block(_("Place: {venue}.", venue=info.venue or BLANK)),
        )),
        Section(_("II. Participants"), tuple(_participants(conference))),
        Section(_("III. Proceedings"), tuple(_proceedings(conference))),
        Section(_("IV. Reports and scoring"), tuple(_scoring(conference))),
        Section(_("V. Priority tasks and targets"), tuple(_tasks(conference))),
        Section(_("VI. Votes and shows of hands"), tuple(_votes(conference))),
        Section(_("VII. Conclusions"), (
            *(_lines(f.conclusions)),
            Block(_("The conference closed at {time} the same day.", time=clock(f.closed_at))),
            _approval(conference),
        )),
    )
    return Paper(
        head=issuer.letterhead(conference, issuer.MINUTES),
        kind=_("MINUTES"),
        subject=_(CONFERENCE_NAME[info.kind], year=info.year),
        sections=sections,
        signatures=(issuer.secretary(info), issuer.chair(info)),
        recipients=(_("{council} (to report)", council=issuer.council(info)), _("The member units of the bloc"),
                    issuer.filed(info)),
    )


# -- files ---------------------------------------------------------------------------------------------------------


def minutes_text(conference: Conference, fmt: str = "md") -> str:
    """The minutes as Markdown (``md``, pipe tables) or plain text (``txt``, simple tables)."""
    return content.text(minutes(conference), fmt)


def write_minutes(conference: Conference, fmt: str = "docx") -> Path:
    """Write the minutes into ``exports/bien-ban-hoi-nghi-<time>.<fmt>`` (a new file, never replacing one)."""
    if fmt not in FORMATS:
        raise ValueError(f"not a minutes format: {fmt!r}")
    return content.write(conference, minutes(conference), STEM, fmt)


__all__ = ["Block", "Minutes", "Section", "Table", "minutes", "minutes_text", "write_minutes"]
