"""Commands of the count: everything the counting screen does, with its rules and messages — polls, ballots, the
tally, and the check of a count against its printed digest.

Typed values go through :mod:`tdkt_tui.domain.voting.forms`, the screen's own path from input to records.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tdkt_tui.cli.table import PATH, POLL, arg, command
from tdkt_tui.domain.i18n import N_, _

ACTIONS = ("list", "new", "edit", "remove", "open", "issued", "collected", "committee", "round", "decide", "unfilled",
           "rotation", "close", "papers")


def _conference(args: argparse.Namespace) -> Any:
    from tdkt_tui.domain.conference import Conference

    return Conference.open(args.path, create=False)


def _form(args: argparse.Namespace, base: Any = None) -> Any:
    """The poll form from the options given (over ``base``, a poll's current form, for ``edit``)."""
    from dataclasses import replace

    from tdkt_tui.domain import voting

    form = base or voting.PollForm()
    given = {name: getattr(args, option) for name, option in (
        ("kind", "kind"), ("award", "award"), ("title", "title"), ("quota", "quota"), ("quota_of", "quota_of"),
        ("threshold", "threshold"), ("base", "base"), ("voters", "voters"), ("mode", "mode"), ("rounds", "rounds"),
        ("candidates", "candidates")) if getattr(args, option) is not None}
    if "threshold" in given:
        given["rule"] = ""
    if args.all_crossed is not None:
        given["all_crossed_invalid"] = args.all_crossed == "invalid"
    if args.no_cascade:
        given["cascade"] = False
    return replace(form, **given)


def _describe(conference: Any, poll: Any) -> str:
    from tdkt_tui.domain import voting

    names = conference.unit_names()
    listing = "; ".join(f"{i}. {names.get(u, '?')}" for i, u in enumerate(poll.candidates, start=1))
    if poll.is_motion:
        return _("Poll {poll}: {name} — {threshold}.", poll=poll.id, name=poll.name, threshold=poll.threshold.text())
    return _("Poll {poll}: {name} — seats: {seats}, threshold {threshold}; candidates: {candidates}.", poll=poll.id,
             name=poll.name, seats=voting.seats_text(conference, poll), threshold=poll.threshold.text(),
             candidates=listing)


def _count(value: str, field: str) -> int:
    from tdkt_tui.domain import voting

    return voting.parse_count(value, field)


def _need(args: argparse.Namespace, count: int, usage: str) -> None:
    from tdkt_tui.domain.errors import ValidationError

    if args.poll is None or len(args.values) < count:
        raise ValidationError("Usage: {usage}", usage=usage)


@command("poll", N_("Create, change, open, count, close or list the polls (secret ballots and motions)."),
         PATH, arg("action", metavar="ACTION", choices=ACTIONS,
                   help=N_("what to do: list, new, edit, remove, open, issued, collected, committee, round, decide, "
                           "unfilled, rotation, close, papers")),
         arg("poll", metavar="POLL", type=int, nargs="?", help=POLL.options["help"]),
         arg("values", metavar="VALUE", nargs="*",
             help=N_("open POLL [COLLECTED]; issued POLL COUNT --reason …; collected POLL COUNT; decide POLL UNIT… "
                     "(candidate numbers or names); papers POLL [COPIES]")),
         arg("--kind", choices=("award", "leader", "deputy", "motion"), help=N_("kind of poll (default award)")),
         arg("--title", help=N_("the poll's title (default: the award, or the election's usual title)")),
         arg("--award", help=N_("award name, e.g. “Cờ thi đua của Chính phủ”")),
         arg("--quota", help=N_("seats: a number, or a share of the member units such as 20%, or “50% remaining” "
                                "(of the units not chosen for a higher award); rounded down")),
         arg("--quota-of", dest="quota_of", choices=("members", "remaining"),
             help=N_("what a share of seats is a share of")),
         arg("--threshold", help=N_("“more than 1/2” (default), “at least 2/3”, 70%, 80%, or any fraction: "
                                    "“more than 3/5”, “at least 3/4”")),
         arg("--base", choices=("valid", "issued", "eligible"), help=N_("what the threshold is a share of")),
         arg("--voters", choices=("units", "delegates"),
             help=N_("one ballot per member unit present (default), or one per voting delegate present")),
         arg("--mode", choices=("kept", "crossed"),
             help=N_("the numbers typed are the names kept (default) or the names crossed out")),
         arg("--all-crossed", dest="all_crossed", choices=("invalid", "valid"),
             help=N_("a ballot with every name crossed out is invalid (default) or valid")),
         arg("--candidates", help=N_("the candidate units, by name, separated by “;” (default: the units proposed "
                                     "for the award in their reports, else every member unit)")),
         arg("--rounds", help=N_("at most this many rounds (default 2)")),
         arg("--no-cascade", dest="no_cascade", action="store_true",
             help=N_("keep units chosen for a higher award in this list")),
         arg("--issued", help=N_("with open: the ballots issued, when not the voters checked in (needs --reason)")),
         arg("--reason", default="", help=N_("why the ballots issued differ from check-in")),
         arg("--note", default="", help=N_("with decide, unfilled or rotation: who decided and how")),
         arg("--unit", help=N_("with rotation: the unit")),
         arg("--head", help=N_("with committee: the head of the counting committee (a person checked in)")),
         arg("--members", help=N_("with committee: its members, separated by “;”")),
         arg("--began", help=N_("with committee: when the count began (HH:MM)")),
         arg("--ended", help=N_("with committee: when the count ended (HH:MM)")))
def poll(args: argparse.Namespace) -> int:
    from tdkt_tui.domain import voting
    from tdkt_tui.domain.errors import ValidationError

    conference = _conference(args)
    try:
        if args.action == "list":
            return _list(conference)
        if args.action == "new":
            created = voting.create_poll(conference, voting.build_poll(conference, _form(args)))
            print(created.id)
            print(_describe(conference, created), file=sys.stderr)
            return 0
        if args.action == "rotation":
            unit = voting.find_units(conference, args.unit or "", "unit")
            if len(unit) != 1:
                raise ValidationError("Name one unit: tdkt poll PATH rotation --kind leader --unit UNIT --note …")
            kind = voting.forms.parse_kind(args.kind or "leader")
            recorded = voting.record_rotation(conference, kind, unit[0], args.note)
            print(_("Poll {poll}: {name} — {unit}, by rotation, without a ballot; audit digest {digest}.",
                    poll=recorded.id, name=recorded.name, unit=conference.unit_names().get(unit[0], "?"),
                    digest=recorded.digest))
            return 0
        if args.poll is None:
            print(_("Name the poll: tdkt poll PATH {action} POLL", action=args.action), file=sys.stderr)
            return 2
        return _ACTIONS[args.action](conference, args)
    finally:
        conference.close()


def _list(conference: Any) -> int:
    from tabulate import tabulate

    from tdkt_tui.domain import voting

    rows = []
    for p in voting.polls(conference):
        result = voting.tally(conference, p.id or 0)
        rows.append((p.id, _(p.kind.label), p.name, p.round, _(p.status.label), p.issued, p.collected,
                     f"{result.counted}", p.digest or voting.running_digest(conference, p.id or 0) or "—"))
    if not rows:
        print(_("No polls yet: tdkt poll PATH new creates one."))
        return 0
    print(tabulate(rows, headers=["#", _("Kind"), _("Poll"), _("Round"), _("Status"), _("Issued"), _("Collected"),
                                  _("Counted"), _("Digest")], disable_numparse=True))
    return 0


def _edit(conference: Any, args: argparse.Namespace) -> int:
    from tdkt_tui.domain import voting

    current = voting.get_poll(conference, args.poll)
    changed = voting.update_poll(conference, voting.build_poll(conference, _form(args, voting.forms.form_of(current)),
                                                               existing=current))
    print(_describe(conference, changed))
    return 0


def _remove(conference: Any, args: argparse.Namespace) -> int:
    from tdkt_tui.domain import voting

    voting.remove_poll(conference, args.poll)
    print(_("Poll {poll} removed.", poll=args.poll))
    return 0


def _open(conference: Any, args: argparse.Namespace) -> int:
    from tdkt_tui.domain import voting

    collected = _count(args.values[0], "collected") if args.values else None
    issued = _count(args.issued, "issued") if args.issued is not None else None
    opened = voting.open_poll(conference, args.poll, issued=issued, reason=args.reason, collected=collected)
    print(_("Poll {poll} open: {issued} ballots issued.", poll=opened.id, issued=opened.issued))
    if collected is not None:
        print(_("Ballots collected: {n}.", n=collected))
    print(_describe(conference, opened))
    return 0


def _issued(conference: Any, args: argparse.Namespace) -> int:
    from tdkt_tui.domain import voting

    _need(args, 1, "tdkt poll PATH issued POLL COUNT --reason …")
    changed = voting.set_issued(conference, args.poll, _count(args.values[0], "issued"), args.reason)
    print(_("Poll {poll}: {issued} ballots issued (the reason is kept).", poll=changed.id, issued=changed.issued))
    return 0


def _collected(conference: Any, args: argparse.Namespace) -> int:
    from tdkt_tui.domain import voting

    _need(args, 1, "tdkt poll PATH collected POLL COUNT")
    changed = voting.set_collected(conference, args.poll, _count(args.values[0], "collected"))
    print(_("Ballots collected: {n}.", n=changed.collected))
    return 0


def _committee(conference: Any, args: argparse.Namespace) -> int:
    from tdkt_tui.domain import voting

    current = voting.get_poll(conference, args.poll)
    keep = current.committee
    head = args.head if args.head is not None else (keep.head.attendee_id if keep.head else None)
    members: Any = args.members if args.members is not None else [m.attendee_id for m in keep.members]
    committee = voting.committee_from(conference, head, members, args.began or "", args.ended or "", keep)
    changed = voting.set_committee(conference, args.poll, committee)
    print(_committee_text(changed.committee))
    if changed.digest:
        print(_("Audit digest {digest}", digest=changed.digest))
    return 0


def _committee_text(committee: Any) -> str:
    return _("Counting committee: head {head}; members {members}; count began {began}, ended {ended}.",
             head=committee.head.name if committee.head else "—",
             members=", ".join(m.name for m in committee.members) or "—", began=committee.began or "—",
             ended=committee.ended or "—")


def _round(conference: Any, args: argparse.Namespace) -> int:
    from tdkt_tui.domain import voting

    child = voting.further_round(conference, args.poll)
    print(child.id)
    print(_("Round {round} created: {description}", round=child.round, description=_describe(conference, child)),
          file=sys.stderr)
    return 0


def _decide(conference: Any, args: argparse.Namespace) -> int:
    from tdkt_tui.domain import voting

    tied, _seats = voting.leaders_choices(conference, args.poll)
    poll = voting.get_poll(conference, args.poll)
    chosen = voting.find_units(conference, args.values, "units", among=poll.candidates)
    decided = voting.record_leaders_decision(conference, args.poll, chosen, args.note)
    names = conference.unit_names()
    print(_("Decision of the bloc leader and deputy recorded: {units}.",
            units=", ".join(names.get(u, "?") for u in chosen)))
    if decided.decision and decided.decision.preferred:
        print(_("The law prefers a women-led unit among those tied: {units} (recorded with the decision).",
                units=", ".join(names.get(u, "?") for u in decided.decision.preferred)))
    print(_("Audit digest {digest}", digest=decided.digest))
    return 0


def _unfilled(conference: Any, args: argparse.Namespace) -> int:
    from tdkt_tui.domain import voting

    settled = voting.leave_unfilled(conference, args.poll, args.note)
    print(_("Poll {poll}: the seats left open stay unfilled (the minutes say so). Audit digest {digest}",
            poll=settled.id, digest=settled.digest))
    return 0


def _close(conference: Any, args: argparse.Namespace) -> int:
    from tdkt_tui.domain import voting

    digest = voting.close_poll(conference, args.poll)
    print(_("Poll {poll} closed; audit digest {digest}", poll=args.poll, digest=digest))
    poll = voting.get_poll(conference, args.poll)
    result = voting.tally(conference, args.poll)
    print(_result_text(conference, poll, result))
    return 0


def _result_text(conference: Any, poll: Any, result: Any) -> str:
    """The result in the words the screen and the projector use, and what the chair can do next."""
    from tdkt_tui.domain import voting

    lines = voting.outcome(conference, poll, result)
    following = voting.next_round_kind(poll, result)
    if result.integrity or any(p.parent_id == poll.id for p in voting.polls(conference)):
        return "\n".join(lines)
    last = poll.round >= poll.max_rounds
    if following == "tie" and last:
        lines.append(_("Next (this was the last round): tdkt poll PATH decide {poll} UNIT --note … — the bloc leader "
                       "and deputy choose among the tied units.", poll=poll.id))
    elif following == "tie":
        lines.append(_("Next: tdkt poll PATH round {poll} — round {round} among the tied units.", poll=poll.id,
                       round=poll.round + 1))
    elif following == "further" and last:
        lines.append(_("Next (this was the last round): tdkt poll PATH unfilled {poll} --note … — the seats stay "
                       "unfilled.", poll=poll.id))
    elif following == "further":
        lines.append(_("Next: tdkt poll PATH round {poll} — a further vote among the units not yet chosen — or tdkt "
                       "poll PATH unfilled {poll} to leave the seats unfilled.", poll=poll.id))
    return "\n".join(lines)


def _papers(conference: Any, args: argparse.Namespace) -> int:
    from tdkt_tui.documents.ballot_paper import write_ballot_papers

    copies = _count(args.values[0], "copies") if args.values else None
    print(_("Ballot papers written: {path}", path=str(write_ballot_papers(conference, args.poll, copies=copies))))
    return 0


_ACTIONS = {"edit": _edit, "remove": _remove, "open": _open, "issued": _issued, "collected": _collected,
            "committee": _committee, "round": _round, "decide": _decide, "unfilled": _unfilled, "close": _close,
            "papers": _papers}


# -- ballots -------------------------------------------------------------------------------------------------------


@command("ballot", N_("Enter one ballot (the numbers of the names kept), an invalid ballot, a file of ballots, or the "
                      "counts of a show of hands."),
         PATH, POLL, arg("numbers", metavar="N", nargs="*",
                         help=N_("the numbers of the names kept, separated by spaces or commas (for a motion: "
                                 "agree, disagree, not voting)")),
         arg("--csv", type=Path, help=N_("a CSV or text file, one ballot per line; all or nothing")),
         arg("--invalid", nargs="?", const="other", choices=("written", "not-official", "all-crossed", "other"),
             help=N_("record a ballot the committee found invalid, with its reason (default other)")),
         arg("--clerk", type=int, choices=(1, 2), default=1, help=N_("the clerk entering (1, or 2 for double entry)")))
def ballot(args: argparse.Namespace) -> int:
    from tdkt_tui.domain import voting

    conference = _conference(args)
    try:
        poll = voting.get_poll(conference, args.poll)
        text = " ".join(args.numbers)
        if poll.is_motion:
            motion = voting.parse_motion(text)
            result = voting.record_motion(conference, args.poll, motion.agree, motion.disagree, motion.abstain)
            print(_("Agree {agree}, disagree {disagree}, not voting {abstain}: {verdict}.", agree=motion.agree,
                    disagree=motion.disagree, abstain=motion.abstain,
                    verdict=_("passed") if result.passed else _("not passed")))
            return 0
        if args.invalid is not None:
            entered = [voting.enter_invalid(conference, args.poll, voting.forms.parse_invalid_reason(args.invalid),
                                            clerk=args.clerk)]
        elif args.csv is not None:
            from tdkt_tui.sheets.ballots import read_ballot_lines

            entered = voting.enter_ballots(conference, args.poll, read_ballot_lines(args.csv), clerk=args.clerk)
        else:
            entered = [voting.enter_ballot(conference, args.poll, text, clerk=args.clerk)]
        names = conference.unit_names()
        if len(entered) == 1:
            print(_ballot_text(poll, entered[0], names))
        else:
            invalid = [b.seq for b in entered if not b.valid]
            print(_("{count} ballots entered, {invalid} of them invalid.", count=len(entered), invalid=len(invalid)))
        result = voting.tally(conference, args.poll)
        if args.clerk == 2:
            print(_("Double entry: typing as clerk {clerk}; clerk 2 has entered {count}.", clerk=2,
                    count=voting.entered(conference, args.poll, clerk=2)))
        else:
            print(_("{counted} of {collected} ballots collected are entered.", counted=result.counted,
                    collected=result.collected))
        print(_("Audit digest so far: {digest}", digest=voting.running_digest(conference, args.poll)))
        return 0
    finally:
        conference.close()


def _ballot_text(poll: Any, ballot: Any, names: dict[int, str]) -> str:
    """The ballot as understood, in the counting screen's words."""
    if ballot.valid:
        kept = ", ".join(f"{n}. {names.get(poll.candidates[n - 1], '?')}" for n in ballot.kept) or "—"
        return _("Ballot {seq}: valid — {kept}", seq=ballot.seq, kept=kept)
    return _("Ballot {seq}: INVALID — {reason}", seq=ballot.seq, reason=_(ballot.invalid.label))


# -- the tally and the check ---------------------------------------------------------------------------------------


@command("tally", N_("Print the count of a poll."),
         PATH, POLL, arg("--json", action="store_true", help=N_("machine-readable output")))
def tally(args: argparse.Namespace) -> int:
    import json

    from tdkt_tui.domain import voting
    from tdkt_tui.domain.i18n import decimal

    conference = _conference(args)
    if args.json:
        print(json.dumps(voting.tally_json(conference, args.poll), ensure_ascii=False, indent=2))
        return 0
    from tabulate import tabulate

    poll = voting.get_poll(conference, args.poll)
    result = voting.tally(conference, args.poll)
    names = conference.unit_names()
    print(f"{poll.name} — {_(poll.status.label)}")
    print(_("Issued {issued}, collected {collected}, valid {valid}, invalid {invalid}; needed {needed} votes "
            "({threshold}).", issued=result.issued, collected=result.collected, valid=result.valid,
            invalid=result.invalid, needed=result.votes_needed, threshold=poll.threshold.text()))
    rows = [(i, names.get(unit, "?"), result.votes.get(unit, 0), decimal(result.percent.get(unit, "")),
             "✓" if unit in result.elected else "")
            for i, unit in enumerate(poll.candidates, start=1)]
    chosen = _("Nominated") if poll.kind is voting.PollKind.AWARD else _("Elected")  # được suy tôn / trúng cử
    print(tabulate(rows, headers=["#", _("Unit"), _("Votes"), "%", chosen], disable_numparse=True))
    if poll.status is voting.Status.CLOSED:
        print(_result_text(conference, poll, result), file=sys.stderr if result.integrity else sys.stdout)
    digest = poll.digest or voting.running_digest(conference, args.poll)
    if digest:
        print(_("Audit digest: {digest}", digest=digest))
    return 1 if result.integrity else 0


@command("verify", N_("Check every poll's audit chain against the stored records; with --poll and --digest, prove a "
                      "poll is exactly the one behind the digest printed when its count closed."),
         PATH, arg("--poll", type=int, help=N_("the poll to check")),
         arg("--digest", help=N_("the digest printed at close (on the screen, the projector or the vote-counting "
                                 "minutes)")),
         arg("--copy", action="append", type=Path, default=[],
             help=N_("another copy of the folder, or a snapshot file, to look in for the count behind the digest "
                     "(the folder's backups are looked in anyway)")))
def verify(args: argparse.Namespace) -> int:
    from tdkt_tui.domain import voting

    conference = _conference(args)
    try:
        if args.digest is not None or args.poll is not None:
            poll_id = args.poll
            if poll_id is None:
                poll_id = voting.integrity.poll_of_digest(conference, args.digest)
            check = voting.verify_poll(conference, poll_id, args.digest or "", args.copy)
            _print_check(check, detailed=True)
            return 0 if check.ok else 1
        checks = voting.verify(conference)
        if not checks.checks:
            print(_("There are no polls in this conference: nothing to check."))
            return 0
        for check in checks.checks:
            _print_check(check, detailed=False)
        if checks.ok:
            print(_("Every chain matches the stored records ({polls} polls, {events} events).",
                    polls=len(checks.checks), events=checks.events))
        else:
            print(_("{count} polls differ from their chains: see above.", count=len(checks.failed)), file=sys.stderr)
        if checks.unanchored:
            print(_("Not closed yet, so no digest vouches for them: polls {polls}.",
                    polls=", ".join(str(p) for p in checks.unanchored)))
        return 0 if checks.ok else 1
    finally:
        conference.close()


def _print_check(check: Any, *, detailed: bool) -> None:
    from tdkt_tui.domain.voting import Status

    status = _(check.status.label).lower() if check.status is not None else _("not stored")
    head = _("Poll {poll} · {name} — {status}, {events} events", poll=check.poll_id, name=check.name or "—",
             status=status, events=check.events)
    if check.digest:
        head += ", " + _("digest {digest}", digest=check.digest)
    out = sys.stdout if check.ok else sys.stderr
    if check.given:
        if check.ok:
            print(head + ".", file=out)
            print(_("Poll {poll} is exactly the poll behind {digest}: its definition, its ballots and its result, up "
                    "to event {event} ({kind}).", poll=check.poll_id, digest=check.given, event=check.anchor,
                    kind=check.anchor_kind), file=out)
            if check.after:
                print(_("Recorded after that digest (not covered by it, covered by {digest}): {events}.",
                        digest=check.digest, events="; ".join(check.after)), file=out)
            return
        print(head + ".", file=out)
        print(_("Poll {poll} is NOT exactly the poll behind {digest}. First difference: {finding}",
                poll=check.poll_id, digest=check.given, finding=str(check.findings[0])), file=out)
    elif check.ok:
        if check.status is Status.DRAFT and not check.events:
            print(head + ": " + _("not opened, nothing recorded yet."), file=out)
        elif check.anchored:
            print(head + ": " + _("matches its chain.") + " " +
                  _("Compare the digest with the one printed at close: tdkt verify PATH --poll {poll} --digest …",
                    poll=check.poll_id), file=out)
        else:
            print(head + ": " + _("matches its chain so far; not closed, so no digest vouches for it yet."), file=out)
        return
    else:
        print(head + ": " + _("differs from its chain. First difference: {finding}", finding=str(check.findings[0])),
              file=out)
    for finding in check.findings[1:10] if detailed or not check.ok else ():
        print("  " + str(finding), file=out)
    if len(check.findings) > 10:
        print("  " + _("… and {count} more differences.", count=len(check.findings) - 10), file=out)
