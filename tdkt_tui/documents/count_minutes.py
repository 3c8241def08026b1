"""The vote-counting minutes (biên bản kiểm phiếu) of one poll, as text and as a Word file in the layout of
NĐ 30/2020 or, for a Party bloc, HD 36 (docs/domain.md#documents and #document-layout).

Everything printed comes from the conference and the poll: the counting committee and the times the count began
and ended as the counting desk recorded them, the figures from the tally, the threshold in words. What is not
recorded is a visible gap to fill in by hand, never invented. A poll not closed yet still exports, marked
"provisional" at the top, with no result column and no digest. The committee signs: each member, then its head.
Seats left unfilled are said as such. A show of hands (biểu quyết) is not a count of ballots: it gets its own short
record — the voting delegates present, the three counts, the verdict — signed by the secretary and the chair; a post
filled by rotation has no count, and the conference minutes record it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tdkt_tui.documents import content, issuer, word
from tdkt_tui.documents.content import Block, Paper, Section
from tdkt_tui.documents.word import BLANK, Table
from tdkt_tui.documents.wording import clock, threshold_words
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.errors import ValidationError
from tdkt_tui.domain.i18n import N_, _, decimal
from tdkt_tui.domain.model import ConferenceKind
from tdkt_tui.domain.text import format_date
from tdkt_tui.domain.voting import (
    Base,
    DecisionKind,
    Poll,
    PollKind,
    Status,
    Tally,
    base_label,
    get_poll,
    percent,
    rounds_of,
    tally,
)

STEM = "bien-ban-kiem-phieu"
MOTION_STEM = "bien-ban-bieu-quyet"

BASE_PHRASE = {
    Base.VALID_BALLOTS: N_("the valid ballots"),
    Base.BALLOTS_ISSUED: N_("the ballots issued"),
    Base.ELIGIBLE_VOTERS: N_("the eligible voters"),
}

COLUMNS = (N_("No."), N_("Unit"), N_("Votes"), N_("% of base"), N_("Result"))
MOTION_COLUMNS = (N_("No."), N_("Count"), N_("Votes"), N_("% of base"), N_("Result"))

CONFERENCE_NAME = {
    ConferenceKind.YEAREND: N_("Year-end conference on emulation and commendation work, {year}"),
    ConferenceKind.MIDYEAR: N_("Mid-year review conference on emulation and commendation work, {year}"),
    ConferenceKind.COVENANT: N_("Conference signing the emulation covenant, {year}"),
}


@dataclass(frozen=True)
class Row:
    number: int
    unit: str
    votes: int
    percent: str  # with a decimal comma
    result: str


@dataclass(frozen=True)
class CountMinutes:
    """Everything the minutes of one poll say, in the interface language, in reading order."""

    head: word.Letterhead
    provisional: str  # "" once the poll is closed
    kind: str  # "BIÊN BẢN"
    subject: str  # "Kiểm phiếu bầu suy tôn đề nghị tặng Cờ thi đua của UBND tỉnh"
    body: tuple[str, ...]  # paragraphs before the table
    table_header: tuple[str, ...]
    rows: tuple[Row, ...]
    after: tuple[str, ...]  # paragraphs after the table
    signatures: tuple[word.Signature, ...]  # left to right: the members, then the head
    recipients: tuple[str, ...]
    tally: Tally


def _names(conference: Conference, unit_ids: tuple[int, ...]) -> str:
    names = conference.unit_names()
    return "; ".join(names.get(u, str(u)) for u in unit_ids)


def is_award(poll: Poll) -> bool:
    return poll.kind is PollKind.AWARD


def subject(conference: Conference, poll: Poll) -> str:
    """What the vote was about, as the subject line under "BIÊN BẢN" (never repeating it)."""
    year = conference.info().year
    name = poll.award or poll.title
    if is_award(poll):
        text = _("Count of the ballots nominating units for {award}", award=name)
    elif poll.kind is PollKind.LEADER:
        text = _("Count of the ballots electing the bloc leader for {year}", year=year + 1)
    elif poll.kind is PollKind.DEPUTY:
        text = _("Count of the ballots electing the deputy bloc leader for {year}", year=year + 1)
    else:
        text = _("Result of the show of hands: {title}", title=poll.title)
    return _("{subject}, round {round}", subject=text, round=poll.round) if poll.round > 1 else text


def _result(poll: Poll, result: Tally, unit: int, closed: bool) -> str:
    if not closed:
        return "—"
    if unit in result.winners:
        return _("Nominated") if is_award(poll) else _("Elected (election)")
    if unit in result.decided_by_leaders:
        return _("Chosen by the leaders")
    if unit in result.tied:
        return _("Tied")
    return _("Not reached")


def won_words(poll: Poll, units: str) -> str:
    """"được suy tôn: …" for an award, "trúng cử: …" for an election."""
    return _("nominated: {units}", units=units) if is_award(poll) else _("elected: {units}", units=units)


def committee_lines(poll: Poll) -> tuple[list[str], tuple[word.Signature, ...], str, str]:
    """The committee as the counting desk recorded it: the lines naming it, its signature blocks (members, then the
    head), and the times the count began and ended ("" when not recorded)."""
    committee = getattr(poll, "committee", None)
    head = getattr(committee, "head", None)
    members = tuple(getattr(committee, "members", ()) or ())
    began, ended = getattr(committee, "began", "") or "", getattr(committee, "ended", "") or ""
    lines = [_("The counting committee:")]
    if head is None and not members:
        lines.append(_("- not recorded: {blank}", blank="……………………………………"))
    else:
        lines.append(_("- Head: {name};", name=head.name if head else _(word.MISSING)))
        lines += [_("- Member: {name};", name=m.name) for m in members]
        lines[-1] = lines[-1].rstrip(";") + "."
    signs = tuple(word.Signature(_("MEMBER OF THE COUNTING COMMITTEE"), m.name) for m in members) or (
        word.Signature(_("MEMBER OF THE COUNTING COMMITTEE"), ""),)
    signs += (word.Signature(_("HEAD OF THE COUNTING COMMITTEE"), head.name if head else ""),)
    return lines, signs, began, ended


def count_minutes(conference: Conference, poll_id: int) -> CountMinutes:
    """The content of the vote-counting minutes of poll ``poll_id`` (ValidationError for an unknown poll, or a post
    filled by rotation: nothing was counted). A show of hands gets its own short record (:func:`show_of_hands`)."""
    poll = get_poll(conference, poll_id)
    if poll.by_rotation:
        raise ValidationError("{name}: chosen by rotation, without a ballot, so there is no count to put in minutes; "
                              "the conference minutes record it.", name=poll.name, field="poll")
    if poll.is_motion:
        return show_of_hands(conference, poll)
    result = tally(conference, poll_id)
    info = conference.info()
    names = conference.unit_names()
    closed = poll.status is Status.CLOSED
    attendance = conference.attendance()
    who, signs, began, ended = committee_lines(poll)

    body: list[str] = [
        _("The count began at {time}, on {date}.", time=clock(began), date=format_date(info.date) or BLANK),
        _("Place: {venue}.", venue=info.venue or BLANK),
        _("At the {conference} of the {bloc}.", conference=_(CONFERENCE_NAME[info.kind], year=info.year),
          bloc=info.bloc_name or BLANK),
        *who,
        _("Member units of the bloc: {total}; present: {present}.", total=attendance.member_units,
          present=attendance.member_units_present),
        _("Round: {round} of at most {rounds}.", round=poll.round, rounds=poll.max_rounds),
    ]
    if is_award(poll):
        body.append(_("Units to nominate: {quota}", quota=poll.quota) + ".")
    else:
        body.append(_("Units to elect: {quota}", quota=poll.quota) + ".")
    body += [
        _("Ballots issued: {n}.", n=result.issued),
        _("Ballots collected: {n}.", n=result.collected),
        _("Ballots entered: {n}.", n=result.counted),
        _("Valid ballots: {n}.", n=result.valid),
        _("Invalid ballots: {n}.", n=result.invalid),
    ]
    reasons = list(result.invalid_by_reason.items())
    for index, (reason, n) in enumerate(reasons, start=1):
        line = _("- of which {reason}: {n};", reason=_(reason.label).lower(), n=n)
        body.append(line[:-1] + "." if index == len(reasons) else line)
    body.append(_("Threshold: {rule}, of {base} ({count}); at least {needed} votes needed.",
                  rule=threshold_words(poll.threshold), base=_(BASE_PHRASE[poll.base]), count=result.base_count,
                  needed=result.votes_needed))
    body.append(_("The results of the count:"))

    rows = [Row(number, names.get(unit, str(unit)), result.votes.get(unit, 0),
                decimal(result.percent.get(unit, "0.00")), _result(poll, result, unit, closed))
            for number, unit in enumerate(poll.candidates, start=1)]

    after: list[str] = []
    if not closed:
        after.append(_("Counting is not finished: no result is declared yet."))
    else:
        if result.winners:
            after.append(_("Reached the threshold and nominated: {units}.", units=_names(conference, result.winners))
                         if is_award(poll) else
                         _("Reached the threshold and elected: {units}.", units=_names(conference, result.winners)))
        else:
            after.append(_("No unit is nominated.") if is_award(poll) else _("No unit is elected."))
        if result.tied:
            after.append(_("Tied at the cut-off, {seats} seats left open: {units}.", seats=result.open_seats,
                           units=_names(conference, result.tied)))
        elif result.open_seats:
            after.append(_("Seats left open: {seats}.", seats=result.open_seats))
    rounds = rounds_of(conference, poll.id or 0)
    if len(rounds) > 1:
        after.append(_("Rounds of this vote:"))
        for node in rounds:
            node_result = tally(conference, node.id or 0)
            won = _names(conference, node_result.winners) if node.status is Status.CLOSED else ""
            after.append(_("- round {round}: {status}; {won}", round=node.round, status=_(node.status.label).lower(),
                           won=won_words(node, won or "—")))
    if result.decided_by_leaders:
        after.append(_("Decision of the bloc leader and deputy: {units}. Note: {note}",
                       units=_names(conference, result.decided_by_leaders), note=result.decision_note or "—"))
    if poll.decision is not None and poll.decision.kind is DecisionKind.UNFILLED:
        after.append(_("The conference held no further vote: the {seats} seats left open stay unfilled. Note: "
                       "{note}", seats=result.open_seats, note=poll.decision.note or "—"))
    after.append(_digest_line(poll))
    after.append(_("The count ended at {time} the same day.", time=clock(ended)))

    recipients = (_("The chair of the conference"),)
    if is_award(poll):
        recipients += (_("The file of the proposal for awards"),)
    return CountMinutes(
        head=issuer.letterhead(conference, issuer.COUNT_MINUTES),
        provisional="" if closed else _("COUNTING NOT FINISHED — provisional figures"),
        kind=_("MINUTES"),
        subject=subject(conference, poll),
        body=tuple(body),
        table_header=tuple(_(c) for c in COLUMNS),
        rows=tuple(rows),
        after=tuple(after),
        signatures=signs,
        recipients=(*recipients, issuer.filed(info)),
        tally=result,
    )


def _digest_line(poll: Poll) -> str:
    return (_("Audit digest: {digest}", digest=poll.digest) if poll.digest else
            _("Audit digest: none yet (the poll is not closed)."))


def show_of_hands(conference: Conference, poll: Poll) -> CountMinutes:
    """The short record of a show of hands (biểu quyết): the voting delegates present, agree, disagree, not voting
    and the verdict, signed by the secretary and the chair — no ballots issued, no counting committee."""
    result = tally(conference, poll.id or 0)
    info = conference.info()
    closed = poll.status is Status.CLOSED
    body = (
        _("The show of hands was held on {date}.", date=format_date(info.date) or BLANK),
        _("Place: {venue}.", venue=info.venue or BLANK),
        _("At the {conference} of the {bloc}.", conference=_(CONFERENCE_NAME[info.kind], year=info.year),
          bloc=info.bloc_name or BLANK),
        _("Voting delegates present: {n}.", n=result.issued),
        _("The motion passes with {rule} of {base} ({count}): at least {needed} agreeing.",
          rule=threshold_words(poll.threshold), base=_(base_label(poll)).lower(), count=result.base_count,
          needed=result.votes_needed),
        _("The result of the show of hands:"),
    )
    motion = result.motion
    counts = ((_("Agree"), motion.agree if motion else 0), (_("Disagree"), motion.disagree if motion else 0),
              (_("Not voting"), motion.abstain if motion else 0))
    rows = tuple(Row(number, label, votes, decimal(percent(votes, result.base_count)), "")
                 for number, (label, votes) in enumerate(counts, start=1))
    if not closed:
        verdict = _("The show of hands is not finished: no result is declared yet.")
    else:
        verdict = _("The motion is passed.") if result.passed else _("The motion is not passed.")
    return CountMinutes(
        head=issuer.letterhead(conference, issuer.COUNT_MINUTES),
        provisional="" if closed else _("SHOW OF HANDS NOT FINISHED — provisional figures"),
        kind=_("MINUTES"),
        subject=subject(conference, poll),
        body=body,
        table_header=tuple(_(c) for c in MOTION_COLUMNS),
        rows=rows,
        after=(verdict, _digest_line(poll)),
        signatures=(issuer.secretary(info), issuer.chair(info)),
        recipients=(_("The chair of the conference"), issuer.filed(info)),
        tally=result,
    )


# -- files ---------------------------------------------------------------------------------------------------------


def paper(m: CountMinutes) -> Paper:
    """The minutes as a document: the body, the table of the count, what followed."""
    table = Table(m.table_header, tuple((str(r.number), r.unit, str(r.votes), r.percent, r.result) for r in m.rows),
                  ("center", "left", "center", "center", "center"), (14, 73, 22, 22, 32))
    blocks = (*(Block(t) for t in m.body), Block(table=table), *(Block(t) for t in m.after))
    return Paper(m.head, m.kind, m.subject, (Section("", blocks),), m.signatures, m.recipients, banner=m.provisional)


def count_minutes_text(conference: Conference, poll_id: int) -> str:
    """The minutes as Markdown (the table drawn by tabulate, wide characters measured by wcwidth)."""
    return content.text(paper(count_minutes(conference, poll_id)), "md")


def write_count_minutes(conference: Conference, poll_id: int) -> Path:
    """Write the vote-counting minutes of poll ``poll_id`` to ``exports/bien-ban-kiem-phieu-<poll>-<time>.docx``
    (a show of hands: ``exports/bien-ban-bieu-quyet-<poll>-<time>.docx``)."""
    stem = MOTION_STEM if get_poll(conference, poll_id).is_motion else STEM
    return content.write(conference, paper(count_minutes(conference, poll_id)), f"{stem}-{poll_id}")


__all__ = ["CountMinutes", "Row", "chain", "count_minutes", "count_minutes_text", "paper", "show_of_hands", "subject",
           "won_words", "write_count_minutes"]
