"""The vote-counting minutes (biên bản kiểm phiếu) of one poll, as text and as a Word file in the state's document
format (Nghị định 30/2020/NĐ-CP; docs/domain.md#documents).

Everything printed comes from the conference and the poll's tally; what the software does not record (the counting
committee, the hour counting began and ended) is left as a visible blank to fill in by hand, never invented. A poll
not closed yet still exports, marked "provisional" at the top, with no result column and no digest.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tdkt_tui.documents import word
from tdkt_tui.documents.word import BLANK, MISSING
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.i18n import N_, _, decimal
from tdkt_tui.domain.model import HeaderVariant
from tdkt_tui.domain.voting import (
    Base,
    Poll,
    PollKind,
    Status,
    Tally,
    get_poll,
    percent,
    polls,
    tally,
)

_BASE_PHRASE = {
    Base.VALID_BALLOTS: N_("the valid ballots"),
    Base.BALLOTS_ISSUED: N_("the ballots issued"),
    Base.ELIGIBLE_VOTERS: N_("the eligible voters"),
}

COLUMNS = (N_("No."), N_("Unit"), N_("Votes"), N_("% of base"), N_("Result"))


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
    title: str
    poll_title: str
    body: tuple[str, ...]  # paragraphs before the table
    table_header: tuple[str, ...]
    rows: tuple[Row, ...]
    after: tuple[str, ...]  # paragraphs after the table
    signatures: tuple[tuple[str, str], ...]  # (role, name) left to right
    tally: Tally


def _names(conference: Conference, unit_ids: tuple[int, ...]) -> str:
    names = conference.unit_names()
    return "; ".join(names.get(u, str(u)) for u in unit_ids)


def _chain(conference: Conference, poll: Poll) -> list[Poll]:
    """The poll's rounds, first to last."""
    root = poll
    while root.parent_id is not None:
        root = get_poll(conference, root.parent_id)
    everything = polls(conference)
    chain: list[Poll] = []
    node: Poll | None = root
    while node is not None:
        chain.append(node)
        node = next((p for p in everything if p.parent_id == node.id), None)
    return chain


def _result(poll: Poll, result: Tally, unit: int, closed: bool) -> str:
    if not closed:
        return "—"
    if unit in result.winners:
        return _("Nominated") if poll.kind is PollKind.AWARD else _("Elected")
    if unit in result.decided_by_leaders:
        return _("Chosen by the leaders")
    if unit in result.tied:
        return _("Tied")
    return _("Not reached")


def count_minutes(conference: Conference, poll_id: int) -> CountMinutes:
    """The content of the vote-counting minutes of poll ``poll_id`` (ValidationError for an unknown poll)."""
    poll = get_poll(conference, poll_id)
    result = tally(conference, poll_id)
    info = conference.info()
    names = conference.unit_names()
    closed = poll.status is Status.CLOSED
    when = info.date.strftime("%d/%m/%Y") if info.date else "……/……/………"

    body: list[str] = [
        _("Time: {hour} h {minute}, date {date}.", hour="……", minute="……", date=when),
        _("Place: {venue}.", venue=info.venue or BLANK),
        _("Conference: {bloc}, {year}.", bloc=info.bloc_name or BLANK, year=info.year),
        _("Chair: {name}.", name=info.chair or _(MISSING)),
        _("Secretary: {name}.", name=info.secretary or _(MISSING)),
        # The committee is not recorded in the software: a line to fill in, never invented names.
        _("The counting committee: {blank}", blank="……………………………………"),
        _("Round: {round} of at most {rounds}.", round=poll.round, rounds=poll.max_rounds),
    ]
    if poll.kind is PollKind.AWARD:
        body.append(_("Units to nominate: {quota}", quota=poll.quota))
    elif not poll.is_motion:
        body.append(_("Units to elect: {quota}", quota=poll.quota))
    body += [
        _("Ballots issued: {n}.", n=result.issued),
        _("Ballots collected: {n}.", n=result.collected),
    ]
    if not poll.is_motion:
        body += [
            _("Ballots entered: {n}.", n=result.counted),
            _("Valid ballots: {n}.", n=result.valid),
            _("Invalid ballots: {n}.", n=result.invalid),
        ]
        for reason, n in result.invalid_by_reason.items():
            body.append(_("  of which {reason}: {n}.", reason=_(reason.label), n=n))
    threshold = _("Threshold: {rule} of {base} → {needed} votes needed (on a base of {count}).",
                  rule=poll.threshold.text(), base=_(_BASE_PHRASE[poll.base]), needed=result.votes_needed,
                  count=result.base_count)
    body.append(threshold)
    body.append(_("Results of the count:"))

    rows: list[Row] = []
    if poll.is_motion:
        motion = result.motion
        for number, (label, votes) in enumerate(
                ((_("Agree"), motion.agree if motion else 0), (_("Disagree"), motion.disagree if motion else 0),
                 (_("Not voting"), motion.abstain if motion else 0)), start=1):
            rows.append(Row(number, label, votes, decimal(percent(votes, result.base_count)), ""))
    else:
        for number, unit in enumerate(poll.candidates, start=1):
            rows.append(Row(number, names.get(unit, str(unit)), result.votes.get(unit, 0),
                            decimal(result.percent.get(unit, "0.00")), _result(poll, result, unit, closed)))

    after: list[str] = []
    if not closed:
        after.append(_("Counting is not finished: no result is declared yet."))
    elif poll.is_motion:
        after.append(_("The motion is passed.") if result.passed else _("The motion is not passed."))
    else:
        if result.winners:
            after.append(_("Reached the threshold and won a seat: {units}.",
                           units=_names(conference, result.winners)))
        else:
            after.append(_("No unit reached the threshold and won a seat."))
        if result.tied:
            after.append(_("Tied at the cut-off for {seats} seat(s): {units}.", seats=result.open_seats,
                           units=_names(conference, result.tied)))
        elif result.open_seats:
            after.append(_("Seats left open: {seats}.", seats=result.open_seats))
    chain = _chain(conference, poll)
    if len(chain) > 1:
        after.append(_("Rounds of this vote:"))
        for node in chain:
            node_result = tally(conference, node.id or 0)
            won = _names(conference, node_result.winners) if node.status is Status.CLOSED else ""
            after.append(_("  Round {round}: {status}; won: {units}.", round=node.round, status=_(node.status.label),
                           units=won or "—"))
    if result.decided_by_leaders:
        after.append(_("Decision of the bloc leader and deputy: {units}. Note: {note}",
                       units=_names(conference, result.decided_by_leaders), note=result.decision_note or "—"))
    after.append(_("Audit digest: {digest}", digest=poll.digest) if poll.digest else
                 _("Audit digest: none yet (the poll is not closed)."))
    after.append(_("The counting ended at {hour} h {minute} the same day.", hour="……", minute="……"))

    return CountMinutes(
        head=word.Letterhead((info.bloc_name or info.issuing_body or BLANK).upper(),
                             info.header is HeaderVariant.PARTY, word.date_line(info.place, info.date)),
        provisional="" if closed else _("COUNTING NOT FINISHED — provisional figures"),
        title=_("VOTE-COUNTING MINUTES"),
        poll_title=poll.title or poll.award,
        body=tuple(body),
        table_header=tuple(_(c) for c in COLUMNS),
        rows=tuple(rows),
        after=tuple(after),
        signatures=(
            (_("SECRETARY"), info.secretary or _(MISSING)),
            (_("HEAD OF THE COUNTING COMMITTEE"), ""),
            (_("CHAIR"), info.chair or _(MISSING)),
        ),
        tally=result,
    )


# -- text ----------------------------------------------------------------------------------------------------------


def count_minutes_text(conference: Conference, poll_id: int) -> str:
    """The minutes as Markdown-ish plain text (the table drawn by tabulate, wide characters measured by wcwidth)."""
    from tabulate import tabulate

    m = count_minutes(conference, poll_id)
    lines = [m.head.issuing_body, " / ".join(m.head.right), "", f"_{m.head.place_date}_", ""]
    if m.provisional:
        lines += [f"**{m.provisional}**", ""]
    lines += [f"# {m.title}", f"## {m.poll_title}", ""]
    lines += list(m.body) + [""]
    lines.append(tabulate([(r.number, r.unit, r.votes, r.percent, r.result) for r in m.rows],
                          headers=list(m.table_header), tablefmt="pipe", disable_numparse=True,
                          colalign=("right", "left", "right", "right", "left")))
    lines += [""] + list(m.after) + [""]
    lines.append("    ".join(f"{role}: {name or BLANK}" for role, name in m.signatures))
    return "\n".join(lines) + "\n"


# -- Word ----------------------------------------------------------------------------------------------------------


def _candidates_table(document: Any, m: CountMinutes) -> None:
    word.table(document, word.Table(
        m.table_header,
        tuple((str(r.number), r.unit, str(r.votes), r.percent, r.result) for r in m.rows),
        ("center", "left", "center", "center", "center"), (14, 81, 22, 24, 24)), space_after=False)


def write_count_minutes(conference: Conference, poll_id: int) -> Path:
    """Write the vote-counting minutes of poll ``poll_id`` to ``exports/bien-ban-kiem-phieu-<poll>-<time>.docx``."""
    from docx.shared import Pt

    m = count_minutes(conference, poll_id)
    document = word.new_document(word.ADMINISTRATIVE, word.BODY_PT, f"{m.title} — {m.poll_title}")
    word.letterhead(document, m.head)
    if m.provisional:
        word.body(document, m.provisional, bold=True, center=True).paragraph_format.space_before = Pt(12)
    title = word.body(document, m.title, bold=True, center=True, size=word.TITLE_PT)
    title.paragraph_format.space_before = Pt(12)
    word.body(document, m.poll_title, bold=True, center=True)
    for text in m.body:
        word.body(document, text)
    _candidates_table(document, m)
    for text in m.after:
        word.body(document, text).paragraph_format.space_before = Pt(word.AFTER_PT)
    word.signatures(document, m.signatures)
    return word.save(conference, document, f"bien-ban-kiem-phieu-{poll_id}")


__all__ = ["CountMinutes", "Row", "count_minutes", "count_minutes_text", "write_count_minutes"]
