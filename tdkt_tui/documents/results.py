"""What the votes of a conference decided, gathered for the documents that report them: per award the units
proposed with their votes and share (by ballot or by the leaders' decision), next year's leader and deputy, the
bloc's leading unit, the motions, and the motion approving the minutes (docs/domain.md#awards, #motions).

Only closed polls decide anything; a vote whose count is not finished is listed as such, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

from tdkt_tui.documents.count_minutes import BASE_PHRASE
from tdkt_tui.documents.word import Table
from tdkt_tui.documents.wording import threshold_words
from tdkt_tui.domain import voting
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.i18n import _, decimal
from tdkt_tui.domain.model import Unit
from tdkt_tui.domain.text import fold


@dataclass(frozen=True)
class Chosen:
    """A unit a vote chose: its votes and share in the round that chose it, and how it was chosen."""

    unit_id: int
    unit: str
    votes: int
    percent: str  # "81.82"
    base_count: int
    round: int
    by_leaders: bool
    how: str  # "Bỏ phiếu kín", "Bỏ phiếu kín, vòng 2", "Trưởng khối và Phó khối quyết định"

    @property
    def share(self) -> str:
        """"81,82" in the interface language."""
        return decimal(self.percent)


@dataclass(frozen=True)
class VoteResult:
    """One vote with its rounds: an award nomination or the election of the leader or deputy."""

    poll: voting.Poll  # the first round
    title: str  # the award, or "Bầu Trưởng khối"
    seats: int
    closed: bool  # every round closed
    chosen: tuple[Chosen, ...]
    open_seats: int
    threshold: str  # "quá một nửa số phiếu hợp lệ"
    needed: int  # in the first round
    issued: int
    valid: int
    digests: tuple[str, ...]

    @property
    def units(self) -> str:
        return "; ".join(c.unit for c in self.chosen)


def _how(poll: voting.Poll, by_leaders: bool) -> str:
    if by_leaders:
        kind = getattr(getattr(poll, "decision", None), "kind", None)
        if kind is not None and getattr(kind, "value", "") == "rotation":
            return _("By rotation")
        return _("Decision of the bloc leader and deputy")
    return _("Secret ballot") if poll.round == 1 else _("Secret ballot, round {round}", round=poll.round)


def vote_result(conference: Conference, root: voting.Poll) -> VoteResult:
    """The result of the vote starting with ``root`` over all its rounds."""
    names = conference.unit_names()
    rounds = voting.rounds_of(conference, root.id or 0)
    chosen: list[Chosen] = []
    digests: list[str] = []
    open_seats = root.quota
    for poll in rounds:
        if poll.status is not voting.Status.CLOSED:
            continue
        result = voting.tally(conference, poll.id or 0)
        digests.append(poll.digest)
        for unit, by_leaders in [(u, False) for u in result.winners] + [(u, True) for u in result.decided_by_leaders]:
            chosen.append(Chosen(unit, names.get(unit, str(unit)), result.votes.get(unit, 0),
                                 result.percent.get(unit, "0.00"), result.base_count, poll.round, by_leaders,
                                 _how(poll, by_leaders)))
        open_seats = result.open_seats - len(result.decided_by_leaders)
    first = voting.tally(conference, root.id or 0)
    title = root.award or root.title or _(root.kind.label)
    return VoteResult(
        poll=root, title=title, seats=root.quota, closed=all(p.status is voting.Status.CLOSED for p in rounds),
        chosen=tuple(chosen), open_seats=max(0, open_seats),
        threshold=_("{rule} of {base}", rule=threshold_words(root.threshold), base=_(BASE_PHRASE[root.base])),
        needed=first.votes_needed, issued=first.issued, valid=first.valid, digests=tuple(d for d in digests if d))


def _roots(conference: Conference, *kinds: voting.PollKind) -> list[voting.Poll]:
    return [p for p in voting.polls(conference) if p.parent_id is None and p.kind in kinds]


def award_results(conference: Conference) -> list[VoteResult]:
    """Every award vote, highest award first (by level, then in the order the polls were made)."""
    roots = _roots(conference, voting.PollKind.AWARD)
    roots.sort(key=lambda p: (p.award_level or 99, p.id or 0))
    return [vote_result(conference, p) for p in roots]


def election(conference: Conference, kind: voting.PollKind) -> VoteResult | None:
    """The last election of the leader (or the deputy) for next year, if one was held."""
    roots = _roots(conference, kind)
    return vote_result(conference, roots[-1]) if roots else None


def awards_table(awards: list[VoteResult]) -> Table:
    """Every award's units nominated, with votes of the base, share and how chosen; a vote not finished or seats
    left open said in the unit's column (the minutes and the annual report print the same table)."""
    rows: list[tuple[str, ...]] = []
    for result in awards:
        for c in result.chosen:
            rows.append((result.title, c.unit, f"{c.votes}/{c.base_count}", c.share, c.how))
        if not result.closed:
            rows.append((result.title, _("(counting not finished)"), "", "", ""))
        elif result.open_seats:
            rows.append((result.title, _("{seats} seats not filled", seats=result.open_seats), "", "", ""))
    return Table((_("Award"), _("Unit nominated"), _("Votes"), _("% of base"), _("Chosen by")), tuple(rows),
                 ("left", "left", "center", "center", "left"), (38, 55, 20, 18, 32), merge_first=0)


def elected_line(conference: Conference, kind: voting.PollKind) -> str | None:
    """Next year's leader (or deputy) as the documents say it: "Trưởng khối năm 2019: Ban Tuyên giáo Tỉnh uỷ
    (10/11 phiếu, 90,91%)", or that the count is not finished; None when no such election was held."""
    result = election(conference, kind)
    year = conference.info().year + 1
    label = (_("Bloc leader for {year}", year=year) if kind is voting.PollKind.LEADER else
             _("Deputy bloc leader for {year}", year=year))
    if result is None:
        return None
    if not result.closed and not result.chosen:
        return _("{title}: counting not finished.", title=label)
    if not result.chosen:
        return _("{title}: no unit is elected.", title=label)
    c = result.chosen[0]
    how = c.how if c.by_leaders else _("{votes}/{base} votes, {share}%", votes=c.votes, base=c.base_count,
                                       share=c.share)
    return _("{title}: {unit} ({how}).", title=label, unit=c.unit, how=how)


def motions(conference: Conference) -> list[voting.Poll]:
    return _roots(conference, voting.PollKind.MOTION)


def approval(conference: Conference) -> voting.Poll | None:
    """The show of hands approving the minutes: the last motion whose title speaks of the minutes ("biên bản")."""
    found = [p for p in motions(conference) if "bien ban" in fold(p.title)]
    return found[-1] if found else None


def leading_unit(conference: Conference) -> Unit | None:
    """The bloc's leading unit of the year: as set in Settings, else the unit proposed for the highest-ranked award
    with a single seat (the Government flag); None when neither says."""
    info = conference.info()
    if info.leading_unit_id is not None:
        unit = conference.unit(info.leading_unit_id)
        if unit is not None:
            return unit
    for result in award_results(conference):
        if result.poll.award_level == 1 and result.closed and len(result.chosen) == 1:
            return conference.unit(result.chosen[0].unit_id)
    return None


__all__ = ["Chosen", "VoteResult", "approval", "award_results", "awards_table", "elected_line", "election",
           "leading_unit", "motions", "vote_result"]
