"""F8: vote counting. The polls on the left; the counting desk of the chosen poll on the right.

The reader calls out a ballot, the secretary types the numbers of the names kept (``1 3 4``) and Enter: the ballot
as understood shows at once, invalid ones included (too many names kept is recognised by itself). Ctrl+B records a
ballot the committee found invalid, Ctrl+Z takes back the last one. The tally below grows with every ballot, and the
running audit digest with it. Every form here goes through :mod:`tdkt_tui.domain.voting.forms`, the same path from
typed input to records as the ``tdkt poll`` and ``tdkt ballot`` commands.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from screens.base import TdktScreen
from screens.widgets.confirm import ConfirmScreen
from screens.widgets.record_form import Field, RecordForm
from screens.widgets.rowtable import Column, RowTable
from screens.widgets.text_input import TextInput
from tdkt_tui.domain import voting
from tdkt_tui.domain.errors import TdktError, ValidationError
from tdkt_tui.domain.i18n import _, decimal
from tdkt_tui.domain.voting import (
    Base,
    EntryMode,
    InvalidReason,
    Poll,
    PollKind,
    QuotaOf,
    Rule,
    Status,
    Voters,
)

AWARDS = list(voting.AWARD_LEVELS)
RULES = [Rule.MORE_THAN_HALF, Rule.AT_LEAST_TWO_THIRDS, Rule.AT_LEAST_70, Rule.AT_LEAST_80]


def short_name(poll: Poll) -> str:
    """A poll's name in the narrow list: the usual award words shortened, so the two flags can be told apart."""
    name = poll.name or _(poll.kind.label)
    for long, short in (("Cờ thi đua của ", "Cờ TĐ "), ("Bằng khen của Chủ tịch ", "Bằng khen ")):
        name = name.replace(long, short)
    return name


class VotingScreen(TdktScreen):
    """Ctrl+N new poll, Enter count it, Ctrl+O open it, Ctrl+K close it, Ctrl+R another round, F9 projector."""

    TITLE_MSGID = "Vote counting"
    CSS_PATH = Path(__file__).with_suffix(".tcss")
    BINDINGS = [
        Binding("ctrl+n", "new_poll", "New poll", priority=True),
        Binding("ctrl+u", "edit_poll", "Change poll", priority=True),
        Binding("ctrl+o", "open_poll", "Open", priority=True),
        Binding("ctrl+t", "collected", "Issued / collected", priority=True),
        Binding("ctrl+y", "committee", "Counting committee", priority=True),
        Binding("ctrl+e", "clerk", "Clerk 1/2", priority=True),
        Binding("ctrl+b", "invalid", "Invalid ballot", priority=True),
        Binding("ctrl+z", "undo", "Undo ballot", priority=True),
        Binding("ctrl+k", "close_poll", "Close the count", priority=True),
        Binding("ctrl+r", "second_round", "Next round", priority=True),
        Binding("ctrl+l", "leaders", "Leaders' decision", priority=True),
        Binding("ctrl+d", "unfilled", "Leave seats unfilled", priority=True),
        Binding("ctrl+w", "papers", "Ballot papers", priority=True),
        Binding("ctrl+g", "count_minutes", "Counting minutes", priority=True),
        Binding("ctrl+f", "proposal", "Proposal for awards", priority=True),
        Binding("f9", "projector", "Projector", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.poll_id: int | None = None
        self.clerk = 1

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        with Horizontal(id="voting"):
            yield RowTable([Column("#", 0, 3), Column(_("Poll"), 4, 14), Column(_("Round"), 0, 4),
                            Column(_("Status"), 2, 10), Column(_("Counted"), 0, 8)],
                           empty_text=_("No polls yet: Ctrl+N creates one."), id="polls")
            with Vertical(id="desk"):
                yield Static("", id="poll-info")
                yield TextInput(placeholder=_("Numbers of the names kept, e.g. 1 3 4, then Enter"), id="ballot")
                yield Static("", id="last-ballot")
                yield RowTable([Column("#", 0, 3), Column(_("Unit"), 5, 14), Column(_("Votes"), 0, 8),
                                Column("%", 0, 7), Column(_("Result"), 1, 10)], cursor=False, id="tally")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#tally", RowTable).can_focus = False
        every = voting.polls(self.conference)  # the poll being counted, else the newest: where the work is
        current = next((p for p in reversed(every) if p.status is Status.OPEN), every[-1] if every else None)
        self.poll_id = current.id if current else None
        self.reload()
        self.query_one("#polls", RowTable).focus()

    # -- drawing -------------------------------------------------------------------------------------------------

    def reload(self) -> None:
        rows = []
        for poll in voting.polls(self.conference):
            result = voting.tally(self.conference, poll.id or 0)
            rows.append((poll.id or 0, (str(poll.id), short_name(poll), str(poll.round),
                                        _(poll.status.label), f"{result.counted}/{result.collected}")))
        table = self.query_one("#polls", RowTable)
        table.set_rows(rows, keep_key=self.poll_id)
        if table.current_key != self.poll_id:  # the poll the ballots go to is always the one highlighted
            self._switch(table.current_key)
        self._show_poll()

    def _switch(self, poll_id: int | None) -> None:
        """Make ``poll_id`` the poll being worked on; what was typed or said for another poll goes."""
        if poll_id != self.poll_id:
            self.poll_id = poll_id
            self.query_one("#ballot", Input).value = ""
            self.query_one("#last-ballot", Static).update("")

    def _poll(self) -> Poll | None:
        if self.poll_id is None:
            return None
        try:
            return voting.get_poll(self.conference, self.poll_id)
        except ValidationError:
            return None

    def _draft_poll(self, refusal: str) -> Poll | None:
        """The chosen poll if it is not opened yet; otherwise ``refusal`` is said and None returned."""
        current = self._poll()
        if current is not None and current.status is not Status.DRAFT:
            self._say(refusal, error=True)
            return None
        return current

    def _show_poll(self) -> None:
        poll = self._poll()
        info = self.query_one("#poll-info", Static)
        table = self.query_one("#tally", RowTable)
        ballot = self.query_one("#ballot", Input)
        if poll is None:
            info.update(_("Choose a poll on the left and press Enter to count it."))
            table.set_rows([])
            return
        ballot.placeholder = (_("Agree, disagree, not voting, e.g. 10 1 0, then Enter") if poll.is_motion else
                              _("Numbers of the names kept, e.g. 1 3 4, then Enter")
                              if poll.entry_mode is EntryMode.KEPT else
                              _("Numbers of the names crossed out, e.g. 2 5, then Enter"))
        result = voting.tally(self.conference, poll.id or 0)
        text = Text()
        text.append(f"{poll.name or _(poll.kind.label)} — {_(poll.status.label)}\n", style="bold")
        if poll.by_rotation:
            text.append(_("By rotation, without a ballot.") + "\n")
        elif poll.is_motion:
            text.append(_("Voters present {issued}", issued=result.issued) + "\n")
        else:
            text.append(_("Issued {issued} · collected {collected} · counted {counted} · valid {valid} · invalid "
                          "{invalid}", issued=result.issued, collected=result.collected, counted=result.counted,
                          valid=result.valid, invalid=result.invalid) + "\n")
        if poll.is_motion:
            text.append(_("Passes with {needed} agreeing ({threshold} of {base} = {count})", needed=result.votes_needed,
                          threshold=poll.threshold.text(), base=_(voting.base_label(poll)).lower(),
                          count=result.base_count))
        elif not poll.by_rotation:
            text.append(_("Needed: {needed} votes ({threshold} of {base} = {count}); seats: {quota}",
                          needed=result.votes_needed, threshold=poll.threshold.text(), base=_(poll.base.label),
                          count=result.base_count, quota=voting.seats_text(self.conference, poll)))
        if poll.is_motion and result.motion is not None:
            text.append("\n" + _("Show of hands: agree {agree}, disagree {disagree}, not voting {abstain} — {verdict}",
                                 agree=result.motion.agree, disagree=result.motion.disagree,
                                 abstain=result.motion.abstain,
                                 verdict=_("passed") if result.passed else _("not passed")), style="bold")
        committee = poll.committee
        if not poll.is_motion and not poll.by_rotation:
            text.append("\n" + _("Counting committee: {head}; {members} · began {began}, ended {ended} (Ctrl+Y)",
                                 head=committee.head.name if committee.head else "—",
                                 members=", ".join(m.name for m in committee.members) or "—",
                                 began=committee.began or "—", ended=committee.ended or "—"))
        second = voting.entered(self.conference, poll.id or 0, clerk=2)
        if self.clerk == 2 or second:
            text.append("\n" + _("Double entry: typing as clerk {clerk}; clerk 2 has entered {count}.",
                                 clerk=self.clerk, count=second), style="bold magenta")
            differ = voting.mismatches(self.conference, poll.id or 0)
            if differ:
                text.append("\n" + _("Ballots that differ between the clerks: {numbers}",
                                     numbers=", ".join(str(n) for n in differ)), style="bold red")
        if result.digest:
            text.append("\n" + _("Audit digest: {digest}", digest=result.digest), style="bold cyan")
        elif poll.status is Status.OPEN:
            text.append("\n" + _("Audit digest so far: {digest}",
                                 digest=voting.running_digest(self.conference, poll.id or 0)), style="cyan")
        if poll.status is Status.CLOSED:
            for line in voting.outcome(self.conference, poll, result):
                text.append("\n" + line, style="bold red reverse" if result.integrity else "bold")
        if not result.integrity:
            text.append(self._next_step(poll, result))
        info.update(text)
        names = self.conference.unit_names()
        marks = {}
        for unit in result.reached:
            marks[unit] = _("reached")
        for unit in result.tied:
            marks[unit] = _("tie")
        chosen = _("nominated") if poll.kind is PollKind.AWARD else _("elected")
        for unit in (*result.winners, *result.decided_by_leaders):
            marks[unit] = chosen
        table.set_rows(
            [(unit, (str(i), names.get(unit, "?"), str(result.votes.get(unit, 0)), decimal(result.percent.get(unit, "")),
                     marks.get(unit, "")))
             for i, unit in enumerate(poll.candidates, start=1)],
            marked=set(result.winners) | set(result.decided_by_leaders),
            alert=set(result.tied),
        )

    def _next_step(self, poll: Poll, result: voting.Tally) -> Text:
        """What the chair can do about seats left open, in one line (nothing when every seat is filled)."""
        if poll.decision is not None and poll.decision.kind is voting.DecisionKind.UNFILLED:
            return Text("\n" + _("{seats} seats left unfilled (the minutes say so).", seats=result.open_seats),
                        style="bold yellow")
        following = voting.next_round_kind(poll, result)
        child = next((p for p in voting.rounds_of(self.conference, poll.id or 0) if p.parent_id == poll.id), None)
        if following and child is not None:
            return Text("\n" + _("Round {round} of this vote is poll {poll}.", round=child.round, poll=child.id),
                        style="bold yellow")
        last = poll.round >= poll.max_rounds
        if following == "tie":
            message = (_("Tie at the cut-off: {seats} seats open. This was the last round: Ctrl+L records the "
                         "decision of the bloc leader and deputy among the tied units.", seats=result.open_seats)
                       if last else
                       _("Tie at the cut-off: {seats} seats open. Ctrl+R starts round {round} among the tied units.",
                         seats=result.open_seats, round=poll.round + 1))
        elif following == "further":
            message = (_("{seats} seats open: too few units reached the threshold. This was the last round: "
                         "Ctrl+D leaves them unfilled.", seats=result.open_seats) if last else
                       _("{seats} seats open: too few units reached the threshold. Ctrl+R holds another vote among "
                         "the units not yet chosen; Ctrl+D leaves them unfilled.", seats=result.open_seats))
        else:
            return Text()
        return Text("\n" + message, style="bold yellow")

    def _refused(self, exc: TdktError) -> None:
        """A ballot or count that was not stored: said under the field, the text kept selected for retyping."""
        self.query_one("#last-ballot", Static).update(Text(str(exc), style="bold red"))
        self.query_one("#ballot", Input).action_select_all()

    def _say(self, message: str, *, error: bool = False) -> None:
        self.query_one("#last-ballot", Static).update(Text(message, style="bold red" if error else "bold"))
        if error:
            self.app.bell()
            # the refused text stays for correcting, selected: the next ballot typed replaces it, never joins it
            self.query_one("#ballot", Input).action_select_all()

    # -- choosing and counting -----------------------------------------------------------------------------------

    @on(RowTable.Chosen, "#polls")
    def poll_chosen(self, event: RowTable.Chosen) -> None:
        self._switch(event.key)
        self._show_poll()
        self.query_one("#ballot", Input).focus()

    @on(RowTable.Moved, "#polls")
    def poll_moved(self, event: RowTable.Moved) -> None:
        if event.key is not None:
            self._switch(event.key)
            self._show_poll()

    @on(Input.Submitted, "#ballot")
    def ballot_submitted(self, event: Input.Submitted) -> None:
        self._enter(event.value)

    def _enter(self, text: str) -> bool:
        """Store what is typed in the ballot field (a ballot, or a motion's counts); False when it was refused."""
        if self.poll_id is None:
            return True
        poll_id = self.poll_id
        poll = self._poll()
        if poll is not None and poll.is_motion:
            return self._motion(poll, text)
        if not text.strip():  # a second Enter, or one before typing: never a ballot by itself
            self._say(_("Nothing typed, nothing stored. A ballot with every name crossed out goes in with Ctrl+B."))
            return True
        ballot = self.attempt(lambda: voting.enter_ballot(self.conference, poll_id, text, clerk=self.clerk),
                              self._refused)
        if ballot is None:
            return False
        self.query_one("#ballot", Input).value = ""
        poll = voting.get_poll(self.conference, poll_id)
        names = self.conference.unit_names()
        if ballot.valid:
            kept = ", ".join(f"{n}. {names.get(poll.candidates[n - 1], '?')}" for n in ballot.kept) or "—"
            self._say(_("Ballot {seq}: valid — {kept}", seq=ballot.seq, kept=kept))
        else:
            self._say(_("Ballot {seq}: INVALID — {reason}", seq=ballot.seq,
                        reason=_(ballot.invalid.label if ballot.invalid else "")), error=True)
        return True

    def unsaved(self) -> str:
        """A ballot (or a motion's counts) typed in the field of an open poll and not yet entered: Ctrl+Q enters it
        or asks, so a ballot read aloud is never lost on the way out."""
        text = self.query_one("#ballot", Input).value.strip()
        poll = self._poll()
        if not text or poll is None or poll.status is not Status.OPEN:
            return ""
        if poll.is_motion:
            return _("the counts of the show of hands typed for “{name}”: {text}", name=short_name(poll), text=text)
        return _("a ballot typed for “{name}”, not yet entered: {text}", name=short_name(poll), text=text)

    def save_unsaved(self) -> bool:
        return self._enter(self.query_one("#ballot", Input).value)

    def _motion(self, poll: Poll, text: str) -> bool:
        """A show of hands: three numbers — agree, disagree, not voting (the command line reads them the same way)."""

        def record() -> tuple[voting.Motion, voting.Tally]:
            counts = voting.parse_motion(text)
            return counts, voting.record_motion(self.conference, poll.id or 0, counts.agree, counts.disagree,
                                                counts.abstain)

        recorded = self.attempt(record, self._refused)
        if recorded is None:
            return False
        counts, result = recorded
        self.query_one("#ballot", Input).value = ""
        verdict = _("passed") if result.passed else _("not passed")
        self._say(_("Agree {agree}, disagree {disagree}, not voting {abstain}: {verdict}.", agree=counts.agree,
                    disagree=counts.disagree, abstain=counts.abstain, verdict=verdict))
        return True

    # -- actions -------------------------------------------------------------------------------------------------

    def _form_done(self, result: object | None) -> None:
        if result is not None:
            self.tdkt.changed()
            if isinstance(result, Poll):
                self._switch(result.id)
                self.reload()
                if result.status is Status.CLOSED and result.digest:  # the digest moved on: say the one to use
                    self._say(_("Recorded. The audit digest is now {digest}.", digest=result.digest))
                self._ballots_next(result)

    def _ballots_next(self, poll: Poll) -> None:
        """Once a poll is open the next thing typed is a ballot: the keyboard goes to the ballot field."""
        if poll.status is Status.OPEN:
            self.query_one("#ballot", Input).focus()

    def _poll_fields(self, form: voting.PollForm, *, new: bool) -> list[Field]:
        names = self.conference.unit_names()
        ranked = voting.default_candidates(self.conference)
        fields = [
            Field("kind", _("Kind"), form.kind or PollKind.AWARD.value, "select",
                  [(_(k.label), k.value) for k in PollKind]),
            Field("award", _("Award (award polls)"), form.award if form.award in AWARDS else AWARDS[2], "select",
                  [(a, a) for a in AWARDS], _("(none)")),
            Field("title", _("Title on the ballot (optional)"), form.title if not new else ""),
            Field("quota", _("Seats (empty: 1), or a share such as 20%"), "" if new else form.quota),
            Field("quota_of", _("A share of"), form.quota_of or QuotaOf.MEMBER_UNITS.value, "select",
                  [(_(q.label), q.value) for q in QuotaOf if q is not QuotaOf.SEATS]),
            Field("rule", _("Threshold"), form.rule or Rule.MORE_THAN_HALF.value, "select",
                  [(_(r.label), r.value) for r in RULES]),
            Field("threshold", _("…or another: more than 3/5, at least 3/4, 75%"), form.threshold),
            Field("base", _("Of"), form.base or Base.VALID_BALLOTS.value, "select",
                  [(_(b.label), b.value) for b in Base]),
            Field("voters", _("Who votes"), form.voters or Voters.ONE_PER_UNIT_PRESENT.value, "select",
                  [(_(v.label), v.value) for v in Voters]),
            Field("mode", _("The numbers typed are"), form.mode or EntryMode.KEPT.value, "select",
                  [(_(m.label), m.value) for m in EntryMode]),
            Field("all_crossed", _("A ballot with every name crossed out is invalid"), form.all_crossed_invalid,
                  "check"),
            Field("cascade", _("Units chosen for a higher award leave this list"), form.cascade, "check"),
            Field("rounds", _("Rounds at most"), form.rounds or str(voting.DEFAULT_MAX_ROUNDS)),
            Field("candidates", _("Candidates (none ticked: the units proposed for the award in their reports, "
                                  "else every member unit)"),
                  tuple(form.candidates) if not isinstance(form.candidates, str) else (), "multi",
                  [(names.get(u, "?"), u) for u in ranked]),
        ]
        if new:
            fields.append(Field("rotation", _("Leader or deputy by rotation, without a ballot: the unit"), None,
                                "select", [(names.get(u, "?"), u) for u in ranked], _("(a ballot is held)")))
        return fields

    @staticmethod
    def _form_values(values: dict[str, Any]) -> voting.PollForm:
        return voting.PollForm(
            kind=values["kind"] or "", award=values["award"] or "", title=values["title"], quota=values["quota"],
            quota_of=values["quota_of"] or "", threshold=values["threshold"], rule=values["rule"] or "",
            base=values["base"] or "", voters=values["voters"] or "", mode=values["mode"] or "",
            all_crossed_invalid=bool(values["all_crossed"]), cascade=bool(values["cascade"]), rounds=values["rounds"],
            candidates=tuple(values["candidates"]))

    def action_new_poll(self) -> None:
        def save(values: dict[str, Any]) -> Poll:
            form = self._form_values(values)
            if values.get("rotation") is not None:
                return voting.record_rotation(self.conference, voting.forms.parse_kind(form.kind), values["rotation"],
                                              title=form.title)
            return voting.create_poll(self.conference, voting.build_poll(self.conference, form))

        self.app.push_screen(RecordForm(_("New poll"), self._poll_fields(voting.PollForm(), new=True), save),
                             self._form_done)

    def action_edit_poll(self) -> None:
        """Change a poll not yet opened: its settings and its candidates."""
        current = self._draft_poll(_("Only a poll not yet opened can be changed."))
        if current is None:
            return

        def save(values: dict[str, Any]) -> Poll:
            return voting.update_poll(self.conference, voting.build_poll(self.conference, self._form_values(values),
                                                                         existing=current))

        self.app.push_screen(RecordForm(_("Change poll"), self._poll_fields(voting.forms.form_of(current), new=False),
                                        save), self._form_done)

    def _change(self, change: Any, done: str = "") -> Any:
        result = self.attempt(change)
        if result is not None and done:
            self._say(done)
        self._show_poll()
        return result

    def action_open_poll(self) -> None:
        """Open the poll, all or nothing: the ballots issued from check-in (or another number with its reason) and,
        if known already, the ballots collected."""
        current = self._draft_poll(_("This poll is already open or closed."))
        if current is None:
            return
        present, _eligible = voting.voters_present(self.conference, current.voters)
        poll_id = current.id or 0

        def save(values: dict[str, Any]) -> Poll:
            issued_text = str(values["issued"]).strip()
            issued = voting.parse_count(issued_text, "issued") if issued_text else None
            collected_text = str(values.get("collected", "")).strip()
            collected = voting.parse_count(collected_text, "collected") if collected_text else None
            return voting.open_poll(self.conference, poll_id, issued=None if issued == present else issued,
                                    reason=values["reason"], collected=collected)

        label = (_("Present for this vote") if current.is_motion else _("Ballots issued (voters present: {present})",
                                                                          present=present))
        fields = [Field("issued", label, str(present) if present else ""),
                  Field("reason", _("Reason, if not the voters checked in"), "")]
        if not current.is_motion:
            fields.append(Field("collected", _("Ballots collected (if known)"), ""))

        def done(poll: object | None) -> None:
            self._form_done(poll)
            if isinstance(poll, Poll):
                self._say(_("Open: {issued} ballots issued (voters present). Ctrl+T sets the ballots collected.",
                            issued=poll.issued) if not poll.is_motion else
                          _("Open: {issued} voters present. Type agree, disagree, not voting.", issued=poll.issued))
                self.query_one("#ballot", Input).focus()

        self.app.push_screen(RecordForm(_("Open the poll"), fields, save), done)

    def action_collected(self) -> None:
        """Ballots issued (from check-in; a change needs its reason, which is kept) and ballots collected."""
        current = self._poll()
        if current is None:
            return
        poll_id = current.id or 0

        def save(values: dict[str, Any]) -> Poll:
            issued = voting.parse_count(values["issued"], "issued")
            collected = voting.parse_count(values["collected"], "collected")
            if issued != current.issued:
                if not values["reason"].strip():
                    raise ValidationError("Say why the ballots issued differ from check-in.", field="reason")
                voting.set_issued(self.conference, poll_id, issued, values["reason"])
            return voting.set_collected(self.conference, poll_id, collected)

        fields = [
            Field("issued", _("Ballots issued (from check-in)"), str(current.issued)),
            Field("reason", _("Reason, if you change the ballots issued"), ""),
            Field("collected", _("Ballots collected"), str(current.collected or "")),
        ]
        self.app.push_screen(RecordForm(_("Ballots issued and collected"), fields, save, focus="collected"),
                             self._form_done)

    def action_committee(self) -> None:
        """The counting committee (head and members, from the people checked in) and when the count began and
        ended; the vote-counting minutes print them above the signatures."""
        current = self._poll()
        if current is None or self._a_motion("A show of hands has no counting committee."):
            return
        names = self.conference.unit_names()
        present = [(f"{p.full_name} — {names.get(p.unit_id or 0, '')}".rstrip(" —"), p.id)
                   for p in self.conference.attendees() if p.present]
        committee = current.committee
        fields = [
            Field("head", _("Head of the counting committee"), committee.head.attendee_id if committee.head else None,
                  "select", present, _("(not chosen)")),
            Field("members", _("Members"), tuple(m.attendee_id for m in committee.members), "multi", present),
            Field("began", _("Count began (HH:MM)"), committee.began),
            Field("ended", _("Count ended (HH:MM)"), committee.ended),
        ]

        def save(values: dict[str, Any]) -> Poll:
            chosen = voting.committee_from(self.conference, values["head"], values["members"], values["began"],
                                           values["ended"])
            return voting.set_committee(self.conference, current.id or 0, chosen)

        self.app.push_screen(RecordForm(_("Counting committee"), fields, save), self._form_done)

    def _a_motion(self, message: str) -> bool:
        """True (and ``message`` said) when the chosen poll is a show of hands, which has no ballots to key."""
        poll = self._poll()
        if poll is not None and poll.is_motion:
            self._say(_(message), error=True)
            return True
        return False

    def action_clerk(self) -> None:
        """Double entry: a second clerk types the same stack; the differences are listed before closing."""
        if self._a_motion("A motion is decided by show of hands; type its counts instead."):
            return
        self.clerk = 2 if self.clerk == 1 else 1
        self._say(_("Now typing as clerk {clerk}.", clerk=self.clerk))
        self._show_poll()

    def action_invalid(self) -> None:
        if self.poll_id is None or self._a_motion("A motion is decided by show of hands; type its counts instead."):
            return
        poll_id = self.poll_id
        reasons = [r for r in InvalidReason if r is not InvalidReason.TOO_MANY_KEPT]
        fields = [Field("reason", _("Why is it invalid?"), InvalidReason.WRITTEN_ON.value, "select",
                        [(_(r.label), r.value) for r in reasons])]

        def save(values: dict[str, Any]) -> voting.Ballot:
            return voting.enter_invalid(self.conference, poll_id, InvalidReason(values["reason"] or "other"),
                                        clerk=self.clerk)

        self.app.push_screen(RecordForm(_("Invalid ballot"), fields, save), self._form_done)

    def action_undo(self) -> None:
        if self.poll_id is not None and not self._a_motion("A motion is decided by show of hands; type its counts "
                                                           "instead."):
            ballot = self._change(lambda: voting.undo_last(self.conference, self.poll_id or 0, clerk=self.clerk))
            if ballot is not None:
                self._say(_("Ballot {seq} taken back.", seq=ballot.seq))

    def action_close_poll(self) -> None:
        poll = self._poll()
        if poll is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                digest = self._change(lambda: voting.close_poll(self.conference, poll.id or 0))
                if digest:
                    self.query_one("#ballot", Input).value = ""  # nothing typed is left for a frozen count
                    self._say(_("Counting closed. Audit digest {digest} (it goes into the vote-counting minutes).",
                                digest=digest))

        self.app.push_screen(ConfirmScreen(_("Close the counting of “{name}”? The result is then frozen.",
                                             name=poll.name or _(poll.kind.label))), answered)

    def action_second_round(self) -> None:
        if self.poll_id is not None:
            poll = self._change(lambda: voting.further_round(self.conference, self.poll_id or 0))
            if poll is not None:
                self._switch(poll.id)
                self.reload()
                self._say(_("Round {round} created: Ctrl+O opens it.", round=poll.round))

    def action_leaders(self) -> None:
        poll = self._poll()
        if poll is None:
            return
        choices = self.attempt(lambda: voting.leaders_choices(self.conference, poll.id or 0), self._refused)
        if choices is None:
            return
        tied, seats = choices
        names = self.conference.unit_names()
        preferred = voting.women_led_among(self.conference, tied)
        title = _("Leaders' decision: choose {seats} of the tied units", seats=seats)
        if preferred:
            title += "\n" + _("The law prefers a women-led unit where the tied units are otherwise equal: {units}.",
                               units=", ".join(names.get(u, "?") for u in preferred))
        fields = [
            Field("units", _("Chosen by the leader and deputy units"), (), "multi",
                  [(names.get(u, "?") + (" ♀" if u in preferred else ""), u) for u in tied]),
            Field("note", _("Note (who decided, how)"), ""),
        ]

        def save(values: dict[str, Any]) -> Poll:
            return voting.record_leaders_decision(self.conference, poll.id or 0, values["units"], values["note"])

        self.app.push_screen(RecordForm(title, fields, save), self._form_done)

    def action_unfilled(self) -> None:
        """Leave the seats a vote left open unfilled (the minutes say so), instead of another round."""
        poll = self._poll()
        if poll is None:
            return
        fields = [Field("note", _("Note (who decided, why)"), "")]

        def save(values: dict[str, Any]) -> Poll:
            return voting.leave_unfilled(self.conference, poll.id or 0, values["note"])

        self.app.push_screen(RecordForm(_("Leave the open seats unfilled"), fields, save), self._form_done)

    def action_papers(self) -> None:
        """Write the ballot papers of the chosen poll (as many as voters present), with a progress bar."""
        if self.poll_id is None:
            return
        from screens.widgets.progress import JobScreen
        from tdkt_tui.documents.ballot_paper import write_ballot_papers

        poll_id = self.poll_id

        def done(path: Path | None) -> None:
            if path is not None:
                self.notify(_("Ballot papers written: {path}", path=str(path)), timeout=15)

        self.app.push_screen(JobScreen(_("Writing the ballot papers…"),
                                       lambda progress: write_ballot_papers(self.conference, poll_id,
                                                                            progress=progress)), done)

    def action_count_minutes(self) -> None:
        """Write the vote-counting minutes (DOCX) of the chosen poll, or a show of hands' own short record; an
        unclosed poll is marked provisional."""
        if self.poll_id is None:
            return
        from tdkt_tui.documents.count_minutes import write_count_minutes

        poll = self._poll()
        path = self.attempt(lambda: write_count_minutes(self.conference, self.poll_id or 0))
        if path is not None:
            self.notify(_("Record of the show of hands written: {path}", path=str(path)) if poll and poll.is_motion
                        else _("Vote-counting minutes written: {path}", path=str(path)), timeout=15)

    def action_proposal(self) -> None:
        """Write the proposal for awards sent upward (DOCX) and the list of the units proposed (XLSX), from every
        closed award vote; a vote not finished is a gap in it."""
        from tdkt_tui.documents.proposal import write_proposal

        files = self.attempt(lambda: write_proposal(self.conference))
        if files is not None:
            self.notify(_("Proposal for awards written: {path}", path=str(files.docx)) + "\n" +
                        _("List of the units proposed written: {path}", path=str(files.xlsx)), timeout=15)

    def action_projector(self) -> None:
        from screens.projector import ProjectorScreen

        self.app.push_screen(ProjectorScreen(self.poll_id))
